// Driver for virtio-rng (virtio 1.x, section 5.4) over virtio-mmio v2.
//
// The device has one virtqueue and no configuration space.  A request is a
// single buffer that the device may write; it fills some or all of it with
// random bytes and reports how many on the used ring.  We offer one buffer
// at a time and poll the used ring instead of taking the interrupt: the
// point of this kernel is the data, not the interrupt plumbing (see the
// disk kernel for that).

#include <stdint.h>
#include "virtio.h"
#include "virtio_rng.h"

#define QSIZE			4

// CLINT mtime: 10 MHz on the virt board (virtual time under rewind).
#define MTIME			(*(volatile uint64_t *)0x0200bff8UL)
// QEMU can rate-limit its device (max-bytes per period), so allow for a
// few periods of its default length (one second) before giving up.
#define TIMEOUT_TICKS		50000000ULL	// five seconds

struct avail VIRTQ_AVAIL(QSIZE);
struct used VIRTQ_USED(QSIZE);

static struct virtq_desc desc[QSIZE] __attribute__((aligned(16)));
static struct avail avail __attribute__((aligned(2)));
static volatile struct used used __attribute__((aligned(4)));

static uint64_t base;
static uint16_t used_seen;	// used ring entries already consumed
static uint16_t next_desc;	// round-robin: one request in flight at a time

const char *rng_init(int *slot)
{
	int r = virtio_probe(VIRTIO_ID_ENTROPY, &base, slot);

	if (r == -1)
		return "no virtio-rng";
	if (r == -2)
		return "no virtio-rng (only a legacy one: QEMU needs -global virtio-mmio.force-legacy=false)";

	// Accept VERSION_1 and nothing else (no event index, no indirect
	// descriptors).
	if (!(virtio_start(base) & VIRTIO_FEATURE(VIRTIO_F_VERSION_1)))
		return "virtio-rng does not offer VIRTIO_F_VERSION_1";
	if (virtio_accept(base, VIRTIO_FEATURE(VIRTIO_F_VERSION_1)))
		return "virtio-rng refused our features";

	r = virtio_queue_init(base, 0, QSIZE, desc, &avail, (const void *)&used);
	if (r == -1)
		return "virtio-rng queue 0 already in use";
	if (r == -2)
		return "virtio-rng queue 0 is too small";

	virtio_driver_ok(base);
	return 0;
}

// Offers buf to the device and waits for it to come back.  Returns how
// many bytes the device wrote, or -1 on timeout.
static int request(uint8_t *buf, uint32_t len)
{
	uint16_t d = next_desc;
	uint64_t start;
	uint32_t got;

	next_desc = (next_desc + 1) % QSIZE;
	desc[d].addr = (uint64_t)buf;
	desc[d].len = len;
	desc[d].flags = VIRTQ_DESC_F_WRITE;
	desc[d].next = 0;
	avail.ring[avail.idx % QSIZE] = d;
	fence();		// the descriptor and ring entry before the index
	avail.idx++;
	fence();		// the index before the notification
	virtio_write(base, VIRTIO_MMIO_QUEUE_NOTIFY, 0);

	start = MTIME;
	while (used.idx == used_seen) {
		if (MTIME - start > TIMEOUT_TICKS)
			return -1;
	}
	fence();		// the used entry and the data after the index
	got = used.ring[used_seen % QSIZE].len;
	used_seen++;

	// We do not take the interrupt, but acknowledge it so the line drops.
	virtio_write(base, VIRTIO_MMIO_INTERRUPT_ACK,
		     virtio_read(base, VIRTIO_MMIO_INTERRUPT_STATUS));
	return got > len ? (int)len : (int)got;
}

int rng_read(uint8_t *buf, uint32_t len)
{
	uint32_t have = 0;

	// The device may hand back fewer bytes than asked for (QEMU's does when
	// its rate limit or its backend runs short): ask again for the rest.
	while (have < len) {
		int n = request(buf + have, len - have);

		if (n < 0)
			return -1;
		have += (uint32_t)n;
	}
	return 0;
}
