// Number formatting on the UART.

#include "print.h"
#include "uart.h"

void print_dec(uint64_t n)
{
	char buf[21];	// 2^64 has 20 digits
	int i = 0;

	do {
		buf[i++] = '0' + n % 10;
		n /= 10;
	} while (n);
	while (i > 0)
		uart_putc(buf[--i]);
}

// Always 16 digits, so values line up and are easy to compare.
void print_hex(uint64_t n)
{
	uart_puts("0x");
	for (int shift = 60; shift >= 0; shift -= 4)
		uart_putc("0123456789abcdef"[(n >> shift) & 0xf]);
}
