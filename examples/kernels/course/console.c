// The console: line input with echo and erase on top of the UART, output
// for write(), and kprintf for the kernel itself.
//
// Typed bytes arrive one per UART interrupt (consoleintr).  They collect in
// an edit buffer; Enter makes the line readable and wakes a process
// waiting in read().  Echo and kprintf go out with uartputc_sync (polled,
// interrupts off); write() goes through the interrupt-driven ring, like
// xv6.

#include <stdarg.h>
#include "defs.h"

#define BACKSPACE	0x100	// consputc: erase one character on the screen
#define C(x)		((x) - '@')	// Control-x

#define INPUT_BUF_SIZE	128

static struct {
	struct spinlock lock;
	char buf[INPUT_BUF_SIZE];
	unsigned r;	// next byte read() takes
	unsigned w;	// end of the lines Enter has finished
	unsigned e;	// end of the line being edited
} cons;

void consoleinit(void)
{
	initlock(&cons.lock, "cons");
	uartinit();
}

// One byte to the screen, now.  A terminal in raw mode needs CR LF.
void consputc(int c)
{
	if (c == BACKSPACE) {
		uartputc_sync('\b');
		uartputc_sync(' ');
		uartputc_sync('\b');
	} else {
		if (c == '\n')
			uartputc_sync('\r');
		uartputc_sync(c);
	}
}

// write() on the console: through the UART's ring buffer.  src was checked
// by the system call (uaddr_ok).
int consolewrite(const char *src, int n)
{
	for (int i = 0; i < n; i++) {
		if (src[i] == '\n')
			uartputc('\r');
		uartputc(src[i]);
	}
	return n;
}

// read() on the console: waits for a whole line, then copies up to n bytes
// of it (the rest stays for the next read).  Control-D at the start of a
// line is end of input: returns 0.
int consoleread(char *dst, int n)
{
	int got = 0;

	acquire(&cons.lock);
	while (got < n) {
		while (cons.r == cons.w)
			sleep_on(&cons.r, &cons.lock);	// consoleintr() wakes us
		int c = cons.buf[cons.r++ % INPUT_BUF_SIZE];
		if (c == C('D')) {
			if (got > 0)
				cons.r--;	// keep it: the next read returns 0
			break;
		}
		dst[got++] = c;
		if (c == '\n')
			break;
	}
	release(&cons.lock);
	return got;
}

// A byte from the UART's interrupt handler.
void consoleintr(int c)
{
	acquire(&cons.lock);
	switch (c) {
	case C('U'):	// erase the line
		while (cons.e != cons.w && cons.buf[(cons.e - 1) % INPUT_BUF_SIZE] != '\n') {
			cons.e--;
			consputc(BACKSPACE);
		}
		break;
	case '\b':
	case 0x7f:	// Delete, what most terminals send for Backspace
		if (cons.e != cons.w) {
			cons.e--;
			consputc(BACKSPACE);
		}
		break;
	default:
		if (c == 0 || cons.e - cons.r >= INPUT_BUF_SIZE)
			break;
		if (c == '\r')	// Enter, from a terminal in raw mode
			c = '\n';
		consputc(c);
		cons.buf[cons.e++ % INPUT_BUF_SIZE] = c;
		if (c == '\n' || c == C('D') || cons.e - cons.r == INPUT_BUF_SIZE) {
			cons.w = cons.e;	// a finished line: readable now
			wakeup(&cons.r);
		}
		break;
	}
	release(&cons.lock);
}

// ---------------------------------------------------------------- kprintf

static void printint(uint64_t x, int base, int sign)
{
	char buf[24];
	int i = 0, neg = sign && (int64_t)x < 0;

	if (neg)
		x = -x;
	do {
		buf[i++] = "0123456789abcdef"[x % base];
		x /= base;
	} while (x);
	if (neg)
		buf[i++] = '-';
	while (i > 0)
		consputc(buf[--i]);
}

// %d %u %x (with l for 64 bits), %p, %s, %c, %%.  Polled output: usable
// with interrupts off and from interrupt handlers.
void kprintf(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	push_off();	// keep one message together
	for (; *fmt; fmt++) {
		if (*fmt != '%') {
			consputc(*fmt);
			continue;
		}
		int lng = 0;
		if (fmt[1] == 'l') {
			lng = 1;
			fmt++;
		}
		switch (*++fmt) {
		case 'd':
			printint(lng ? va_arg(ap, int64_t) : va_arg(ap, int), 10, 1);
			break;
		case 'u':
			printint(lng ? va_arg(ap, uint64_t) : va_arg(ap, unsigned), 10, 0);
			break;
		case 'x':
			printint(lng ? va_arg(ap, uint64_t) : va_arg(ap, unsigned), 16, 0);
			break;
		case 'p':
			consputc('0');
			consputc('x');
			printint((uint64_t)va_arg(ap, void *), 16, 0);
			break;
		case 's': {
			const char *s = va_arg(ap, const char *);
			for (s = s ? s : "(null)"; *s; s++)
				consputc(*s);
			break;
		}
		case 'c':
			consputc(va_arg(ap, int));
			break;
		case '%':
			consputc('%');
			break;
		case '\0':
			fmt--;
			break;
		default:
			consputc('%');
			consputc(*fmt);
			break;
		}
	}
	pop_off();
	va_end(ap);
}

void panic(const char *why)
{
	intr_off();
	kprintf("\npanic: %s\n", why);
	poweroff_fail(3);
}
