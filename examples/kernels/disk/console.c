// Line input and column output on the UART.

#include <stdint.h>
#include "console.h"
#include "print.h"
#include "uart.h"

// Reads one line into buf, echoing as a terminal would.  Ends at CR or LF,
// because a terminal in raw mode sends CR for Enter while a pipe sends LF.
// Kept out of line so a debugger can break on it.
__attribute__((noinline)) void read_line(char *buf, int size)
{
	int len = 0;

	for (;;) {
		int c = uart_getc();

		if (c == '\r' || c == '\n') {
			uart_putc('\n');
			break;
		}
		if (c == 0x7f || c == '\b') {	// DEL (most terminals) or BS
			if (len > 0) {
				len--;
				uart_puts("\b \b");	// erase it on the screen too
			}
			continue;
		}
		if (c < ' ' || c > '~')		// ignore other control bytes
			continue;
		if (len < size - 1) {
			buf[len++] = c;
			uart_putc(c);
		}
	}
	buf[len] = '\0';
}

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
