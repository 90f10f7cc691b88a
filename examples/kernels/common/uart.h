// Polled driver for the 16550A UART of the virt board.
#ifndef UART_H
#define UART_H

void uart_init(void);
void uart_putc(char c);
void uart_puts(const char *s);
int uart_getc(void);

#endif
