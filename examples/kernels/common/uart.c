// Polled driver for the 16550A UART at 0x10000000.
//
// Polling keeps the examples free of interrupt plumbing; the registers are
// the standard 16550 ones, one byte apart.

#include <stdint.h>
#include "uart.h"

#define UART_BASE	0x10000000UL

#define RBR	0	// receive buffer (read)
#define THR	0	// transmit holding (write)
#define IER	1	// interrupt enable
#define LCR	3	// line control
#define LSR	5	// line status

#define LSR_DR		0x01	// a received byte is waiting
#define LSR_THRE	0x20	// transmitter can take a byte

static volatile uint8_t *const uart = (volatile uint8_t *)UART_BASE;

void uart_init(void)
{
	uart[IER] = 0x00;	// we poll; no interrupts
	uart[LCR] = 0x03;	// 8 data bits, no parity, 1 stop bit
	// FCR is left alone: changing the FIFO mode flushes the receiver,
	// which would drop bytes typed (or piped) before we got here.
}

void uart_putc(char c)
{
	// A terminal in raw mode needs CR to return to column 0.
	if (c == '\n')
		uart_putc('\r');
	while ((uart[LSR] & LSR_THRE) == 0)
		;
	uart[THR] = c;
}

void uart_puts(const char *s)
{
	while (*s)
		uart_putc(*s++);
}

// Blocks until a byte arrives.
int uart_getc(void)
{
	while ((uart[LSR] & LSR_DR) == 0)
		;
	return uart[RBR];
}
