// The 16550 UART, driven the way xv6-riscv drives it, interrupts and all.
//
// Output: uartputc() puts a byte in a ring buffer and calls uartstart(),
// which feeds THR for as long as the line status register says THR is
// empty.  When it is not, the byte waits for the "THR empty" interrupt,
// whose handler calls uartstart() again.  A process that finds the ring
// full sleeps until uartstart() has made room.
//
// Input: the receive interrupt's handler reads bytes while LSR.DR says one
// is waiting, and hands each to the console's line editor.
//
// What matters for an emulator: the driver enables both the receive and the
// THR-empty interrupt (IER = 0x03) and never reads IIR.  On a 16550, reading
// IIR is what acknowledges a THR-empty interrupt; left unacknowledged, the
// UART's interrupt line stays high while IER.ETBEI is set and THR is empty,
// which here is nearly always.  So the driver is correct only on an
// interrupt controller that does what QEMU's PLIC does: pend a source each
// time the device drives its line (after each THR write, RBR read, ...),
// and not re-pend a line that is still high when the handler completes.  A
// PLIC that re-samples the line at completion delivers the UART's interrupt
// again at once, forever: the interrupt storm that once hung xv6 on rewind.

#include "defs.h"

#define UART0		0x10000000UL
#define Reg(r)		((volatile uint8_t *)(UART0 + (r)))
#define ReadReg(r)	(*Reg(r))
#define WriteReg(r, v)	(*Reg(r) = (v))

#define RHR		0	// receive holding register (read)
#define THR		0	// transmit holding register (write)
#define IER		1	// interrupt enable
#define IER_RX_ENABLE	(1 << 0)
#define IER_TX_ENABLE	(1 << 1)
#define FCR		2	// FIFO control (write); IIR when read, never read here
#define FCR_FIFO_ENABLE	(1 << 0)
#define FCR_FIFO_CLEAR	(3 << 1)	// clear both FIFOs
#define LCR		3	// line control
#define LCR_EIGHT_BITS	(3 << 0)
#define LCR_BAUD_LATCH	(1 << 7)	// registers 0 and 1 become the divisor
#define LSR		5	// line status
#define LSR_RX_READY	(1 << 0)	// a byte is waiting in RHR
#define LSR_TX_IDLE	(1 << 5)	// THR can take a byte

#define UART_TX_BUF_SIZE	32

static struct spinlock uart_tx_lock;
static char uart_tx_buf[UART_TX_BUF_SIZE];
static uint64_t uart_tx_w;	// next byte goes to uart_tx_buf[uart_tx_w % SIZE]
static uint64_t uart_tx_r;	// next byte to send is uart_tx_buf[uart_tx_r % SIZE]

static void uartstart(void);

void uartinit(void)
{
	WriteReg(IER, 0x00);			// quiet while we set it up
	WriteReg(LCR, LCR_BAUD_LATCH);
	WriteReg(0, 0x03);			// divisor 3: 38400 baud
	WriteReg(1, 0x00);
	WriteReg(LCR, LCR_EIGHT_BITS);		// 8N1, divisor latch off
	WriteReg(FCR, FCR_FIFO_ENABLE | FCR_FIFO_CLEAR);	// 0x07
	WriteReg(IER, IER_TX_ENABLE | IER_RX_ENABLE);		// 0x03

	initlock(&uart_tx_lock, "uart");
}

// Queues a byte for output, sleeping while the ring is full.  For process
// context only (write()); interrupt handlers and kprintf use uartputc_sync.
void uartputc(int c)
{
	acquire(&uart_tx_lock);
	while (uart_tx_w == uart_tx_r + UART_TX_BUF_SIZE)
		sleep_on(&uart_tx_r, &uart_tx_lock);	// uartstart() wakes us
	uart_tx_buf[uart_tx_w % UART_TX_BUF_SIZE] = c;
	uart_tx_w++;
	uartstart();
	release(&uart_tx_lock);
}

// Writes a byte by polling, with interrupts off: for kprintf, the echo of
// typed input, and panics, which must not sleep.
void uartputc_sync(int c)
{
	push_off();
	while ((ReadReg(LSR) & LSR_TX_IDLE) == 0)
		;
	WriteReg(THR, c);
	kstats.uart_tx++;
	pop_off();
}

// Moves bytes from the ring to THR while THR is free.  Called with
// uart_tx_lock held, from uartputc() and from the interrupt handler.
static void uartstart(void)
{
	for (;;) {
		if (uart_tx_w == uart_tx_r)
			return;		// nothing to send
		if ((ReadReg(LSR) & LSR_TX_IDLE) == 0)
			return;		// busy: its THR-empty interrupt calls us again
		int c = uart_tx_buf[uart_tx_r % UART_TX_BUF_SIZE];
		uart_tx_r++;
		wakeup(&uart_tx_r);	// uartputc() may be waiting for room
		WriteReg(THR, c);
		kstats.uart_tx++;
	}
}

// A received byte, or -1 if none is waiting.
int uartgetc(void)
{
	if ((ReadReg(LSR) & LSR_RX_READY) == 0)
		return -1;
	kstats.uart_rx++;
	return ReadReg(RHR);
}

// The UART's interrupt, whatever its cause: there is no IIR read to find
// out, so take any input, then send what is queued.
void uartintr(void)
{
	int c;

	while ((c = uartgetc()) >= 0)
		consoleintr(c);

	acquire(&uart_tx_lock);
	uartstart();
	release(&uart_tx_lock);
}

// Waits until the ring has drained (before powering off), sending from
// here in case interrupts are off.
void uartflush(void)
{
	acquire(&uart_tx_lock);
	while (uart_tx_w != uart_tx_r)
		uartstart();
	release(&uart_tx_lock);
}
