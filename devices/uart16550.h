/* NS16550A UART: THR/RBR, IER, IIR/FCR, LCR, MCR, LSR, MSR, SCR, DLL/DLM,
 * a 16-byte RX FIFO, RX-data and THR-empty interrupts. */
#ifndef REWIND_DEVICES_UART16550_H
#define REWIND_DEVICES_UART16550_H
#include "core/device.h"

struct uart16550;
struct uart16550 *uart16550_create(const struct dev_host *host, struct irq_line irq);
/* Fill `d` to describe this UART at `base` (size 0x100). */
void uart16550_device(struct uart16550 *u, uint64_t base, struct device *d);
/* Host input: push bytes into the RX FIFO; returns how many fit. */
size_t uart16550_rx(struct uart16550 *u, const uint8_t *buf, size_t n);
/* Free RX FIFO slots. */
size_t uart16550_rx_space(const struct uart16550 *u);
#endif
