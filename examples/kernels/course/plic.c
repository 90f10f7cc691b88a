// The PLIC, for the one source this kernel uses: the UART (irq 10), routed
// to hart 0 in S-mode.
//
// The PLIC numbers its contexts (a hart in one privilege mode) in order;
// on virt context 0 is hart 0's M-mode and context 1 its S-mode.

#include "defs.h"

#define PLIC			0x0c000000UL
#define PLIC_PRIORITY(irq)	(PLIC + 4 * (irq))
#define PLIC_SENABLE(hart)	(PLIC + 0x2000 + 0x80 * (2 * (hart) + 1))
#define PLIC_STHRESHOLD(hart)	(PLIC + 0x200000 + 0x1000 * (2 * (hart) + 1))
#define PLIC_SCLAIM(hart)	(PLIC + 0x200004 + 0x1000 * (2 * (hart) + 1))

#define R(addr)	(*(volatile uint32_t *)(addr))

void plicinit(void)
{
	R(PLIC_PRIORITY(UART0_IRQ)) = 1;	// 0 would mean "never"
	R(PLIC_SENABLE(0)) = 1U << UART0_IRQ;
	R(PLIC_STHRESHOLD(0)) = 0;		// any priority above 0 gets through
}

// The highest-priority pending source, now in service; 0 if none.
int plic_claim(void)
{
	return R(PLIC_SCLAIM(0));
}

// The source may interrupt again.
void plic_complete(int irq)
{
	R(PLIC_SCLAIM(0)) = irq;
}
