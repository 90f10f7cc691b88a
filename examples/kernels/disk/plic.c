// The PLIC at 0x0c000000, as far as this kernel uses it: device interrupts
// routed to hart 0 in machine mode.
//
// The PLIC numbers its "contexts" (a hart in one privilege mode) in order:
// on virt, context 0 is hart 0's M-mode, context 1 its S-mode, context 2
// hart 1's M-mode, and so on.  Only hart 0 talks to the disk, so only
// context 0 is set up.

#include <stdint.h>
#include "plic.h"

#define PLIC_BASE		0x0c000000UL
#define PLIC_PRIORITY(irq)	(PLIC_BASE + 4 * (irq))
#define PLIC_ENABLE(ctx)	(PLIC_BASE + 0x2000 + 0x80 * (ctx))
#define PLIC_THRESHOLD(ctx)	(PLIC_BASE + 0x200000 + 0x1000 * (ctx))
#define PLIC_CLAIM(ctx)		(PLIC_BASE + 0x200004 + 0x1000 * (ctx))

#define CONTEXT		0	// hart 0, M-mode

static volatile uint32_t *reg(uint64_t addr)
{
	return (volatile uint32_t *)addr;
}

void plic_enable(int irq)
{
	// Priority 0 means "never"; any higher value beats threshold 0.
	*reg(PLIC_PRIORITY(irq)) = 1;
	*reg(PLIC_ENABLE(CONTEXT) + 4 * (irq / 32)) |= 1U << (irq % 32);
	*reg(PLIC_THRESHOLD(CONTEXT)) = 0;
}

// The highest-priority pending interrupt, or 0 if none.  Claiming also
// clears its pending bit, so another hart could not take it too.
int plic_claim(void)
{
	return *reg(PLIC_CLAIM(CONTEXT));
}

// Until completed, the PLIC will not raise this source again.
void plic_complete(int irq)
{
	*reg(PLIC_CLAIM(CONTEXT)) = irq;
}
