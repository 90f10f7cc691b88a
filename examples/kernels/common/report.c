#include "report.h"
#include "poweroff.h"
#include "print.h"
#include "uart.h"

void report_result(uint64_t sum, uint64_t expected, uint64_t instret)
{
	uart_puts("checksum ");
	print_hex(sum);
	if (sum != expected) {
		uart_puts(" WRONG, expected ");
		print_hex(expected);
		uart_puts("\n");
		poweroff_fail(2);
	}
	uart_puts(" ok\n");
	uart_puts("minstret ");
	print_dec(instret);
	uart_puts("\n");
	poweroff();
}
