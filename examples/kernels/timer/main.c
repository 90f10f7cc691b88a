// timer: machine-mode timer interrupts from the CLINT.
//
// main programs mtimecmp for a tick every 10 ms and waits in WFI; the trap
// handler prints each tick and re-arms the timer.  After NTICKS ticks main
// prints "done" and powers off.

#include <stdint.h>
#include "poweroff.h"
#include "print.h"
#include "riscv.h"
#include "uart.h"

#define CLINT_MTIMECMP(hart)	(0x2004000UL + 8 * (hart))
#define CLINT_MTIME		0x200bff8UL

#define TIMEBASE_HZ	10000000		// mtime ticks per second on virt
#define TICK_INTERVAL	(TIMEBASE_HZ / 100)	// 10 ms
#define NTICKS		10

void trap_vector(void);	// common/trapvec.S

// Written by the handler, read by main: volatile so main re-reads it.
static volatile int ticks;

static volatile uint64_t *mtimecmp(void)
{
	return (volatile uint64_t *)CLINT_MTIMECMP(csr_read(mhartid));
}

// Called from trap_vector with interrupts disabled (the hardware clears
// mstatus.MIE on trap entry).
void trap_handler(void)
{
	uint64_t cause = csr_read(mcause);

	if (cause != (MCAUSE_INTR | IRQ_M_TIMER))
		trap_unexpected(cause, csr_read(mepc), csr_read(mtval));

	ticks++;
	uart_puts("tick ");
	print_dec(ticks);
	uart_puts("\n");

	if (ticks < NTICKS) {
		// Step from the previous deadline, not from now, so ticks do
		// not drift by the time this handler takes.
		*mtimecmp() += TICK_INTERVAL;
	} else {
		// The deadline has passed and stays passed, so the interrupt
		// would fire again at once: stop listening to it.
		csr_clear(mie, MIE_MTIE);
	}
}

int main(void)
{
	uart_init();
	uart_puts("timer: 10 ticks, one every 10 ms\n");

	csr_write(mtvec, (uint64_t)trap_vector);
	*mtimecmp() = *(volatile uint64_t *)CLINT_MTIME + TICK_INTERVAL;
	csr_set(mie, MIE_MTIE);

	// Check-then-sleep must not race with the interrupt: if the last tick
	// arrived between the check and the wfi, we would sleep forever.  So
	// test with interrupts masked; wfi still wakes on a pending enabled
	// interrupt even while mstatus.MIE is clear, and the handler then runs
	// as soon as MIE is set again.
	for (;;) {
		csr_clear(mstatus, MSTATUS_MIE);
		if (ticks >= NTICKS)
			break;
		wfi();
		csr_set(mstatus, MSTATUS_MIE);
	}

	uart_puts("done\n");
	poweroff();
}
