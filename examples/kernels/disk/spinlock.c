// A spinlock built on amoswap.
//
// amoswap.w writes the new value and returns the old one in a single
// indivisible step: if several harts swap 1 into a free lock at once,
// exactly one of them gets 0 back, and that hart owns the lock.
//
// Atomicity is not enough, though.  RISC-V lets a hart make its loads and
// stores visible to other harts in a different order from the program
// (a weak memory model), so the fences keep the critical section's
// accesses between taking and releasing the lock.

#include <stdint.h>
#include "spinlock.h"

static inline uint32_t amoswap(volatile uint32_t *p, uint32_t val)
{
	uint32_t old;

	__asm__ volatile("amoswap.w %0, %2, (%1)"
			 : "=r"(old) : "r"(p), "r"(val) : "memory");
	return old;
}

void spin_lock(struct spinlock *l)
{
	while (amoswap(&l->locked, 1) != 0) {
		// Wait with plain loads: a swap is a write, and harts that
		// write the lock's word over and over slow down its owner.
		while (l->locked)
			;
	}
	// No access of the critical section may happen before the lock is ours.
	__asm__ volatile("fence rw, rw" : : : "memory");
}

void spin_unlock(struct spinlock *l)
{
	// Every access of the critical section is visible before the lock is free.
	__asm__ volatile("fence rw, rw" : : : "memory");
	amoswap(&l->locked, 0);
}
