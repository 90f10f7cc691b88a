// hello: the smallest interactive kernel.  It greets, reads a name from the
// UART with a tiny line editor (common/readline.c), answers, and powers off.
//
// Everything it reads is console input, the kind of value rewind records:
// replaying the recording types the same name at the same step.

#include "poweroff.h"
#include "readline.h"
#include "uart.h"

#define NAME_MAX 64

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
