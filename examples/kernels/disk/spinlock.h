// A spinlock built on the A extension's atomic swap.
#ifndef SPINLOCK_H
#define SPINLOCK_H

#include <stdint.h>

struct spinlock {
	volatile uint32_t locked;	// 0 = free, 1 = held
};

void spin_lock(struct spinlock *l);
void spin_unlock(struct spinlock *l);

#endif
