// Trap handling: the only trap this kernel expects is the PLIC's external
// interrupt on hart 0, raised when the disk completes a request.

#include <stdint.h>
#include "plic.h"
#include "poweroff.h"
#include "print.h"
#include "riscv.h"
#include "uart.h"
#include "virtio_blk.h"

#define IRQ_M_EXT	11

// Called from trap_vector with interrupts disabled (the hardware clears
// mstatus.MIE on trap entry).
void trap_handler(void)
{
	uint64_t cause = csr_read(mcause);
	int irq;

	if (cause != (MCAUSE_INTR | IRQ_M_EXT))
		trap_unexpected(cause, csr_read(mepc), csr_read(mtval));

	// Several sources may be pending at once: take them all.
	while ((irq = plic_claim()) != 0) {
		if (irq == virtio_blk_irq()) {
			virtio_blk_intr();
		} else {
			uart_puts("unexpected irq ");
			print_dec(irq);
			uart_puts("\n");
		}
		plic_complete(irq);
	}
}
