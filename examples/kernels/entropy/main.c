// entropy: the two nondeterministic devices of the virt board.
//
// It reads the wall clock from the goldfish RTC and three batches of
// random bytes from a virtio-rng, prints them, and powers off.  Live, every
// run prints something different; a replay of a recording prints exactly
// what the recording printed, because rewind logs both inputs.

#include <stdint.h>
#include "poweroff.h"
#include "print.h"
#include "rtc.h"
#include "uart.h"
#include "virtio_rng.h"

#define BATCHES		3
#define BATCH_BYTES	32

#define FAIL_NO_RNG	2
#define FAIL_RNG	3

// Kept out of line so the README's debugger session can break on it.
static __attribute__((noinline)) void print_bytes(const uint8_t *p, int n)
{
	for (int i = 0; i < n; i++) {
		uart_putc("0123456789abcdef"[p[i] >> 4]);
		uart_putc("0123456789abcdef"[p[i] & 0xf]);
	}
}

int main(void)
{
	static uint8_t buf[BATCH_BYTES];
	struct date d;
	const char *err;
	uint64_t ns;
	int slot;

	uart_init();
	uart_puts("entropy: wall clock and random bytes\n");

	ns = rtc_read_ns();
	date_from_ns(ns, &d);
	uart_puts("rtc: ");
	print_date(&d);
	uart_puts(" (");
	print_dec(ns);
	uart_puts(" ns since the epoch)\n");

	err = rng_init(&slot);
	if (err) {
		uart_puts(err);
		uart_puts("\n");
		poweroff_fail(FAIL_NO_RNG);
	}
	uart_puts("virtio-rng in slot ");
	print_dec(slot);
	uart_puts("\n");

	for (int i = 1; i <= BATCHES; i++) {
		if (rng_read(buf, sizeof(buf))) {
			uart_puts("virtio-rng did not answer\n");
			poweroff_fail(FAIL_RNG);
		}
		uart_puts("random ");
		print_dec(i);
		uart_puts(": ");
		print_bytes(buf, sizeof(buf));
		uart_puts("\n");
	}

	uart_puts("entropy done\n");
	poweroff();
}
