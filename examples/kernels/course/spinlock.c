// Locks, and turning interrupts off in a way that nests.
//
// This kernel runs on one hart, so a lock is never contended by another
// hart: what it really protects against is an interrupt handler on this
// hart touching the same data, which is why acquire() turns interrupts off
// until release().  It is still a real amoswap spinlock, as on a
// multi-hart kernel, and taking a lock this hart already holds is a bug
// that panics instead of deadlocking silently.

#include "defs.h"

struct cpu cpu;

void initlock(struct spinlock *lk, const char *name)
{
	lk->locked = 0;
	lk->name = name;
}

int holding(struct spinlock *lk)
{
	return lk->locked;	// one hart: held means held by us
}

void acquire(struct spinlock *lk)
{
	push_off();
	if (holding(lk))
		panic(lk->name);
	while (__atomic_exchange_n(&lk->locked, 1, __ATOMIC_ACQUIRE) != 0)
		;
}

void release(struct spinlock *lk)
{
	if (!holding(lk))
		panic("release");
	__atomic_store_n(&lk->locked, 0, __ATOMIC_RELEASE);
	pop_off();
}

// push_off/pop_off are like intr_off/intr_on, except that they nest: two
// push_off()s need two pop_off()s, and interrupts come back on only if
// they were on at the first push_off().
void push_off(void)
{
	int old = intr_get();

	intr_off();
	if (cpu.noff == 0)
		cpu.intena = old;
	cpu.noff++;
}

void pop_off(void)
{
	if (intr_get())
		panic("pop_off: interruptible");
	if (cpu.noff < 1)
		panic("pop_off");
	cpu.noff--;
	if (cpu.noff == 0 && cpu.intena)
		intr_on();
}
