// Machine mode, briefly: common/start.S calls main() on hart 0 (the other
// harts park in wfi there), and main() hands the machine to the S-mode
// kernel.  Nothing runs in M-mode after the mret below; a trap that reaches
// M-mode anyway is a bug, which start.S's default vector reports.
//
// The timer: this kernel uses Sstc, the S-mode timer compare register
// `stimecmp`, as xv6-riscv does since 2023.  The older way (xv6 before
// that) is to take the CLINT's M-mode timer interrupt in a small M-mode
// handler and forward it to S-mode as a software interrupt; that costs an
// extra trap and an M-mode vector per tick.  With Sstc the timer interrupt
// goes straight to the S-mode kernel, and M-mode only has to allow it
// (menvcfg.STCE) and let S-mode read `time` (mcounteren.TM).  rewind and
// QEMU 7.2's default CPU both implement Sstc.

#include "defs.h"

#define MSTATUS_MPP_MASK	(3UL << 11)
#define MSTATUS_MPP_S		(1UL << 11)
#define MENVCFG_STCE		(1UL << 63)
#define MCOUNTEREN_CY_TM_IR	7UL	// cycle, time, instret readable below M

int main(void)
{
	uint64_t x;

	// mret will drop to S-mode, at kmain.
	x = csr_read(mstatus);
	x &= ~MSTATUS_MPP_MASK;
	x |= MSTATUS_MPP_S;
	csr_write(mstatus, x);
	csr_write(mepc, (uint64_t)kmain);
	csr_write(satp, 0);	// no paging: S and U see physical memory

	// Every exception and every S-level interrupt goes to the S-mode kernel.
	csr_write(medeleg, 0xffff);
	csr_write(mideleg, SIE_SSIE | SIE_STIE | SIE_SEIE);
	csr_set(sie, SIE_SEIE | SIE_STIE);

	// With PMP implemented, S and U may touch only what an entry allows.
	// One entry (top of range, all of the address space, RWX) opens it all.
	csr_write(pmpaddr0, 0x3fffffffffffffUL);
	csr_write(pmpcfg0, 0x0f);

	// The S-mode timer (see the top of this file).
	csr_set(0x30a, MENVCFG_STCE);		// menvcfg
	csr_set(mcounteren, MCOUNTEREN_CY_TM_IR);

	__asm__ volatile("mret");
	return 1;	// not reached
}
