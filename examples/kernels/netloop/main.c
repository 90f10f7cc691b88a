// netloop: five Ethernet frames out through a virtio-net and back in.
//
// It finds the network device, prints its MAC address and link status,
// sends five broadcast frames of a private ethertype, and waits for them
// to come back: with rewind's `--net loopback` every transmitted frame is
// received again.  Each received frame must equal the one sent, byte for
// byte; its payload also carries its own CRC-32 as a second check.

#include <stdint.h>
#include "poweroff.h"
#include "print.h"
#include "uart.h"
#include "virtio_net.h"

#define FRAMES		5
#define ETHERTYPE	0x88b5	// IEEE 802 "local experimental ethertype 1"

#define FAIL_NO_NET	2	// no device, or it would not set up
#define FAIL_TX		3	// the device kept all transmit buffers
#define FAIL_NO_RX	4	// not every frame came back in time
#define FAIL_BAD_RX	5	// a frame came back, but not as sent

// From the minimum Ethernet frame (60 bytes without the FCS) to the
// maximum (1514): the last one fills a receive buffer exactly.
static const uint32_t frame_len[FRAMES] = { 60, 128, 512, 1024, 1514 };

static uint8_t sent[FRAMES][ETH_FRAME_MAX];

// CRC-32 as in Ethernet and zlib (reflected polynomial 0xedb88320), bit by
// bit: slow, but tableless, and the frames are short.
static uint32_t crc32(const uint8_t *p, uint32_t n)
{
	uint32_t c = 0xffffffff;

	while (n--) {
		c ^= *p++;
		for (int k = 0; k < 8; k++)
			c = c >> 1 ^ (0xedb88320 & -(c & 1));
	}
	return ~c;
}

static void print_hex8(uint8_t b)
{
	uart_putc("0123456789abcdef"[b >> 4]);
	uart_putc("0123456789abcdef"[b & 0xf]);
}

static void print_hex32(uint32_t v)
{
	for (int shift = 24; shift >= 0; shift -= 8)
		print_hex8((uint8_t)(v >> shift));
}

static void print_mac(const uint8_t *mac)
{
	for (int i = 0; i < ETH_ALEN; i++) {
		if (i)
			uart_putc(':');
		print_hex8(mac[i]);
	}
}

// Frame n (1-based): broadcast destination, our MAC as source, ETHERTYPE;
// then the payload "frame n: ", n as a big-endian 32-bit counter, filler
// bytes from a xorshift generator seeded with n, and last the CRC-32 of
// all the payload before it (little-endian).
static uint32_t build_frame(uint8_t *f, int n, uint32_t len, const uint8_t *mac)
{
	uint8_t *payload = f + ETH_HLEN;
	uint32_t plen = len - ETH_HLEN;
	uint32_t i = 0, x = 0x9e3779b9u * (uint32_t)n, crc;
	const char *tag = "frame ";

	for (int k = 0; k < ETH_ALEN; k++) {
		f[k] = 0xff;
		f[ETH_ALEN + k] = mac[k];
	}
	f[12] = ETHERTYPE >> 8;
	f[13] = ETHERTYPE & 0xff;

	while (*tag)
		payload[i++] = (uint8_t)*tag++;
	payload[i++] = (uint8_t)('0' + n);
	payload[i++] = ':';
	payload[i++] = ' ';
	for (int shift = 24; shift >= 0; shift -= 8)
		payload[i++] = (uint8_t)((uint32_t)n >> shift);
	while (i < plen - 4) {
		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		payload[i++] = (uint8_t)x;
	}
	crc = crc32(payload, plen - 4);
	for (int k = 0; k < 4; k++)
		payload[i++] = (uint8_t)(crc >> 8 * k);
	return crc;
}

// The first byte where a and b differ, or -1.
static int diff_at(const uint8_t *a, const uint8_t *b, uint32_t n)
{
	for (uint32_t i = 0; i < n; i++)
		if (a[i] != b[i])
			return (int)i;
	return -1;
}

// Checks the k-th received frame (0-based) against the k-th sent one.
// Returns NULL, or what is wrong with it.
static const char *check_frame(int k, const struct net_rx *rx)
{
	uint32_t len = frame_len[k];
	const uint8_t *payload;
	uint32_t plen, crc;
	int at;

	if (rx->id < 0)
		return "the device returned a buffer we never posted";
	// Without MRG_RXBUF a frame never spans buffers, and the spec has the
	// device say so with num_buffers = 1.  Older QEMU (7.2 among them)
	// leaves it 0 when VERSION_1 is negotiated without MRG_RXBUF.
	if (rx->hdr->num_buffers > 1)
		return "num_buffers in the header is more than 1";
	if (rx->len != len)
		return "wrong length";
	at = diff_at(rx->frame, sent[k], len);
	if (at >= 0) {
		uart_puts("(first difference at byte ");
		print_dec((uint64_t)at);
		uart_puts(") ");
		return "differs from what was sent";
	}
	// Equal to what we sent, so this cannot fail unless the sent copy was
	// itself overwritten; it is the check a receiver without one would do.
	payload = rx->frame + ETH_HLEN;
	plen = len - ETH_HLEN;
	crc = crc32(payload, plen - 4);
	if ((payload[plen - 4] | payload[plen - 3] << 8 | payload[plen - 2] << 16 |
	     (uint32_t)payload[plen - 1] << 24) != crc)
		return "bad CRC-32";
	return 0;
}

int main(void)
{
	struct net_info info;
	struct net_rx rx;
	const char *err;
	uint64_t start;
	int got = 0;

	uart_init();
	uart_puts("netloop: Ethernet frames out and back over virtio-net\n");

	err = net_init(&info);
	if (err) {
		uart_puts(err);
		uart_puts("\n");
		poweroff_fail(FAIL_NO_NET);
	}
	uart_puts("virtio-net in slot ");
	print_dec((uint64_t)info.slot);
	uart_puts(": mac ");
	print_mac(info.mac);
	uart_puts(", link ");
	uart_puts(info.status & NET_S_LINK_UP ? "up" : "down");
	uart_puts("\n");

	// All five go out before we look for any: with NET_RX_BUFS = 4
	// receive buffers posted, the fifth can only come back once one of
	// them has been handed back to the device.
	for (int k = 0; k < FRAMES; k++) {
		uint32_t crc = build_frame(sent[k], k + 1, frame_len[k], info.mac);

		if (net_send(sent[k], frame_len[k])) {
			uart_puts("virtio-net did not return a transmit buffer\n");
			poweroff_fail(FAIL_TX);
		}
		uart_puts("tx ");
		print_dec((uint64_t)k + 1);
		uart_puts(": ");
		print_dec(frame_len[k]);
		uart_puts(" bytes, crc32 ");
		print_hex32(crc);
		uart_puts("\n");
	}

	// Wait at most a second of machine time for all of them.
	start = net_now();
	while (got < FRAMES) {
		if (!net_rx_poll(&rx)) {
			if (net_now() - start > NET_TICKS_PER_SEC)
				break;
			net_idle();
			continue;
		}
		err = check_frame(got, &rx);
		uart_puts("rx ");
		print_dec((uint64_t)got + 1);
		if (err) {
			uart_puts(": ");
			uart_puts(err);
			uart_puts("\n");
			poweroff_fail(FAIL_BAD_RX);
		}
		uart_puts(" ok: ");
		print_dec(rx.len);
		uart_puts(" bytes, crc32 ");
		print_hex32(crc32(rx.frame + ETH_HLEN, rx.len - ETH_HLEN - 4));
		uart_puts("\n");
		got++;
		net_rx_repost(rx.id);	// done with it: the device may refill it
	}

	if (got == 0) {
		uart_puts("no frames came back (backend none?)\n");
		poweroff_fail(FAIL_NO_RX);
	}
	if (got < FRAMES) {
		uart_puts("only ");
		print_dec((uint64_t)got);
		uart_puts(" of 5 frames came back\n");
		poweroff_fail(FAIL_NO_RX);
	}
	uart_puts("netloop done\n");
	poweroff();
}
