// Line input on the UART, with a tiny line editor.

#include "readline.h"
#include "uart.h"

// Reads one line into buf, echoing as a terminal would.  Ends at CR or LF,
// because a terminal in raw mode sends CR for Enter while a pipe sends LF.
// Kept out of line so a debugger can break on it (the hello README does).
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
