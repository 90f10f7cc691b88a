// Driver for virtio-rng (virtio 1.x, section 5.4) over virtio-mmio v2.
//
// The device has one virtqueue and no configuration space.  A request is a
// single buffer that the device may write; it fills some or all of it with
// random bytes and reports how many on the used ring.  We offer one buffer
// at a time and poll the used ring instead of taking the interrupt: the
// point of this kernel is the data, not the interrupt plumbing (see the
// disk kernel for that).

#include <stdint.h>
#include "virtio_rng.h"

// The virt board's virtio-mmio slots: eight, 0x1000 apart.
#define MMIO_BASE	0x10001000UL
#define MMIO_STRIDE	0x1000UL
#define MMIO_SLOTS	8

// Registers (all 32-bit).
#define R_MAGIC			0x000
#define R_VERSION		0x004
#define R_DEVICE_ID		0x008
#define R_DEVICE_FEATURES	0x010
#define R_DEVICE_FEATURES_SEL	0x014
#define R_DRIVER_FEATURES	0x020
#define R_DRIVER_FEATURES_SEL	0x024
#define R_QUEUE_SEL		0x030
#define R_QUEUE_NUM_MAX		0x034
#define R_QUEUE_NUM		0x038
#define R_QUEUE_READY		0x044
#define R_QUEUE_NOTIFY		0x050
#define R_INTERRUPT_STATUS	0x060
#define R_INTERRUPT_ACK		0x064
#define R_STATUS		0x070
#define R_QUEUE_DESC		0x080	// low, then high at +4
#define R_QUEUE_DRIVER		0x090	// the available ring
#define R_QUEUE_DEVICE		0x0a0	// the used ring

#define MAGIC_VIRT		0x74726976	// "virt" read as a little-endian word
#define ID_ENTROPY		4

#define S_ACKNOWLEDGE		1
#define S_DRIVER		2
#define S_DRIVER_OK		4
#define S_FEATURES_OK		8

#define F_VERSION_1		32	// must be accepted by a modern driver

#define QSIZE			4
#define DESC_F_WRITE		2	// the device writes into this buffer

// CLINT mtime: 10 MHz on the virt board (virtual time under rewind).
#define MTIME			(*(volatile uint64_t *)0x0200bff8UL)
// QEMU can rate-limit its device (max-bytes per period), so allow for a
// few periods of its default length (one second) before giving up.
#define TIMEOUT_TICKS		50000000ULL	// five seconds

// Everything the device reads or writes in our memory must be visible to
// it before we tell it to look, and its writes visible to us after it says
// it is done.
#define fence()	__asm__ volatile("fence iorw, iorw" : : : "memory")

struct desc {
	uint64_t addr;
	uint32_t len;
	uint16_t flags;
	uint16_t next;
};

struct avail {
	uint16_t flags;
	uint16_t idx;
	uint16_t ring[QSIZE];
	uint16_t used_event;
};

struct used {
	uint16_t flags;
	uint16_t idx;
	struct {
		uint32_t id;
		uint32_t len;
	} ring[QSIZE];
	uint16_t avail_event;
};

// Alignment required by the spec: 16 (descriptors), 2 (avail), 4 (used).
static struct desc desc[QSIZE] __attribute__((aligned(16)));
static struct avail avail __attribute__((aligned(2)));
static volatile struct used used __attribute__((aligned(4)));

static uint64_t base;
static uint16_t used_seen;	// used ring entries already consumed
static uint16_t next_desc;	// round-robin: one request in flight at a time

static uint32_t rd(int off)
{
	return *(volatile uint32_t *)(base + off);
}

static void wr(int off, uint32_t v)
{
	*(volatile uint32_t *)(base + off) = v;
}

static void wr64(int off, uint64_t v)
{
	wr(off, (uint32_t)v);
	wr(off + 4, (uint32_t)(v >> 32));
}

// A slot is ours if it has the magic, speaks version 2, and holds an
// entropy device.  An empty slot reads device id 0.  Version 1 is the
// legacy interface, which QEMU 7.x picks unless told otherwise.
static int probe(int *slot)
{
	int legacy = 0;

	for (int i = 0; i < MMIO_SLOTS; i++) {
		base = MMIO_BASE + i * MMIO_STRIDE;
		*slot = i;
		if (rd(R_MAGIC) != MAGIC_VIRT || rd(R_DEVICE_ID) != ID_ENTROPY)
			continue;
		if (rd(R_VERSION) == 2)
			return 0;
		legacy = 1;
	}
	return legacy ? -2 : -1;
}

const char *rng_init(int *slot)
{
	uint32_t status;
	int r = probe(slot);

	if (r == -1)
		return "no virtio-rng";
	if (r == -2)
		return "no virtio-rng (only a legacy one: QEMU needs -global virtio-mmio.force-legacy=false)";

	wr(R_STATUS, 0);	// reset
	status = S_ACKNOWLEDGE;
	wr(R_STATUS, status);
	status |= S_DRIVER;
	wr(R_STATUS, status);

	// Accept VERSION_1 and nothing else (no event index, no indirect
	// descriptors).
	wr(R_DEVICE_FEATURES_SEL, 1);
	if (!(rd(R_DEVICE_FEATURES) & (1U << (F_VERSION_1 - 32))))
		return "virtio-rng does not offer VIRTIO_F_VERSION_1";
	wr(R_DRIVER_FEATURES_SEL, 0);
	wr(R_DRIVER_FEATURES, 0);
	wr(R_DRIVER_FEATURES_SEL, 1);
	wr(R_DRIVER_FEATURES, 1U << (F_VERSION_1 - 32));
	status |= S_FEATURES_OK;
	wr(R_STATUS, status);
	if (!(rd(R_STATUS) & S_FEATURES_OK))
		return "virtio-rng refused our features";

	wr(R_QUEUE_SEL, 0);
	if (rd(R_QUEUE_READY))
		return "virtio-rng queue 0 already in use";
	if (rd(R_QUEUE_NUM_MAX) < QSIZE)
		return "virtio-rng queue 0 is too small";
	wr(R_QUEUE_NUM, QSIZE);
	wr64(R_QUEUE_DESC, (uint64_t)desc);
	wr64(R_QUEUE_DRIVER, (uint64_t)&avail);
	wr64(R_QUEUE_DEVICE, (uint64_t)&used);
	fence();
	wr(R_QUEUE_READY, 1);

	status |= S_DRIVER_OK;
	wr(R_STATUS, status);
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
	desc[d].flags = DESC_F_WRITE;
	desc[d].next = 0;
	avail.ring[avail.idx % QSIZE] = d;
	fence();		// the descriptor and ring entry before the index
	avail.idx++;
	fence();		// the index before the notification
	wr(R_QUEUE_NOTIFY, 0);

	start = MTIME;
	while (used.idx == used_seen) {
		if (MTIME - start > TIMEOUT_TICKS)
			return -1;
	}
	fence();		// the used entry and the data after the index
	got = used.ring[used_seen % QSIZE].len;
	used_seen++;

	// We do not take the interrupt, but acknowledge it so the line drops.
	wr(R_INTERRUPT_ACK, rd(R_INTERRUPT_STATUS));
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
