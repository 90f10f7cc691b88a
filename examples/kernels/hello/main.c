// hello: the smallest interactive kernel.  It greets, reads a name from the
// UART with a tiny line editor, answers, and powers off.
//
// Everything it reads is console input, the kind of value rewind records:
// replaying the recording types the same name at the same step.

#include "poweroff.h"
#include "uart.h"

#define NAME_MAX 64

// Reads one line into buf, echoing as a terminal would.  Ends at CR or LF,
// because a terminal in raw mode sends CR for Enter while a pipe sends LF.
// Kept out of line so the README's debugger session can break on it.
static __attribute__((noinline)) void read_line(char *buf, int size)
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

int main(void)
{
	char name[NAME_MAX];

	uart_init();
	uart_puts("Hello from rewind's example kernel!\n");
	uart_puts("What is your name? ");
	read_line(name, sizeof(name));

	uart_puts("Hello, ");
	uart_puts(name[0] ? name : "stranger");
	uart_puts("!\n");

	poweroff();
}
