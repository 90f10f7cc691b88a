// Ending the machine through the sifive,test device at 0x100000.
//
// Both QEMU and rewind stop when the kernel writes here, and turn the fail
// code into their own exit status, so a test can tell pass from fail.

#include "poweroff.h"
#include "print.h"
#include "uart.h"

#define TEST_BASE	0x100000UL
#define TEST_PASS	0x5555
#define TEST_FAIL	0x3333

static void __attribute__((noreturn)) test_write(uint32_t v)
{
	*(volatile uint32_t *)TEST_BASE = v;
	// Only reached on a machine without the device: stop here anyway.
	for (;;)
		__asm__ volatile("wfi");
}

void poweroff(void)
{
	test_write(TEST_PASS);
}

void poweroff_fail(uint16_t code)
{
	test_write((uint32_t)code << 16 | TEST_FAIL);
}

// Called by start.S when main returns.
void kernel_exit(int code)
{
	if (code == 0)
		poweroff();
	// A fail code of 0 would read as success.
	poweroff_fail((code & 0xffff) ? code : 1);
}

// Called by start.S's default trap vector: every trap the kernel did not
// ask for is a bug, so say where it happened and fail.
void trap_unexpected(uint64_t mcause, uint64_t mepc, uint64_t mtval)
{
	uart_puts("\nunexpected trap: mcause=");
	print_hex(mcause);
	uart_puts(" mepc=");
	print_hex(mepc);
	uart_puts(" mtval=");
	print_hex(mtval);
	uart_puts("\n");
	poweroff_fail(1);
}
