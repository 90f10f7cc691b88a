// Column output on the UART.

#include <stdint.h>
#include "console.h"
#include "print.h"
#include "uart.h"

// s, then spaces up to width columns.
void print_padded(const char *s, int width)
{
	while (*s) {
		uart_putc(*s++);
		width--;
	}
	while (width-- > 0)
		uart_putc(' ');
}

// n right-aligned in width columns.
void print_dec_padded(uint64_t n, int width)
{
	int digits = 1;

	for (uint64_t m = n; m >= 10; m /= 10)
		digits++;
	while (width-- > digits)
		uart_putc(' ');
	print_dec(n);
}
