// Driver for a virtio block device over modern (version 2) virtio-mmio.
//
// One virtqueue of VIRTQ_SIZE descriptors.  Each request takes three of
// them (header, data, status), is offered on the available ring, and the
// device is told by a write to QueueNotify.  When the device has finished
// it puts the chain on the used ring and raises its interrupt; the handler
// marks the request done, and the waiting hart wakes from wfi.
//
// The device reads and writes our memory directly (DMA), so the order in
// which the CPU makes its writes visible matters: see the fences below.

#include <stdint.h>
#include "plic.h"
#include "riscv.h"
#include "virtio.h"
#include "virtio_blk.h"

#define MIE_MEIE	(1UL << 11)	// machine external interrupt (the PLIC)

#define VIRTIO_BLK_F_RO		5	// feature: the disk is read-only

// A block request is a chain of three buffers: this header (read by the
// device), the data, and one status byte (written by the device).
#define VIRTIO_BLK_T_IN		0	// read from the disk
#define VIRTIO_BLK_T_OUT	1	// write to the disk

#define VIRTIO_BLK_S_OK		0

struct virtio_blk_req {
	uint32_t type;
	uint32_t reserved;
	uint64_t sector;		// in 512-byte units, whatever the disk
};

#define VIRTQ_SIZE	8

struct virtq_avail VIRTQ_AVAIL(VIRTQ_SIZE);
struct virtq_used VIRTQ_USED(VIRTQ_SIZE);

// What the driver remembers about a request in flight, indexed by the
// head descriptor of its chain (which is what the used ring reports).
struct request {
	struct virtio_blk_req hdr;
	volatile uint8_t status;	// written by the device
	volatile int done;		// written by the interrupt handler
};

static struct {
	uint64_t base;			// registers of our virtio-mmio slot
	int slot;
	int read_only;
	uint64_t capacity;		// in sectors

	// The rings have alignment rules (16, 2 and 4 bytes); a page each
	// is more than enough and keeps them apart.
	struct virtq_desc desc[VIRTQ_SIZE] __attribute__((aligned(4096)));
	struct virtq_avail avail __attribute__((aligned(4096)));
	struct virtq_used used __attribute__((aligned(4096)));

	uint8_t desc_free[VIRTQ_SIZE];
	uint16_t used_seen;		// how far we have read the used ring
	struct request req[VIRTQ_SIZE];
} blk;

static uint32_t reg_read(int off)
{
	return virtio_read(blk.base, off);
}

static void reg_write(int off, uint32_t val)
{
	virtio_write(blk.base, off, val);
}

static uint64_t read_capacity(void)
{
	uint32_t gen, lo, hi;

	// The config space is read 32 bits at a time; the generation counter
	// tells us if the device changed it between the two halves.
	do {
		gen = reg_read(VIRTIO_MMIO_CONFIG_GENERATION);
		lo = reg_read(VIRTIO_MMIO_CONFIG + 0);
		hi = reg_read(VIRTIO_MMIO_CONFIG + 4);
	} while (gen != reg_read(VIRTIO_MMIO_CONFIG_GENERATION));
	return (uint64_t)hi << 32 | lo;
}

// Finds the first block device, negotiates features, sets up queue 0 and
// enables its interrupt.  Returns NULL or what went wrong.
const char *virtio_blk_init(void)
{
	uint64_t offered;
	int r = virtio_probe(VIRTIO_ID_BLOCK, &blk.base, &blk.slot);

	if (r == -1)
		return "no virtio-blk device (QEMU needs -drive and -device virtio-blk-device)";
	if (r == -2)
		return "legacy virtio-mmio (QEMU needs -global virtio-mmio.force-legacy=false)";

	// We want none of the optional features (no flush, no event index, no
	// indirect descriptors): only VERSION_1, which says we speak the
	// modern interface.  RO we only look at.
	offered = virtio_start(blk.base);
	blk.read_only = (offered >> VIRTIO_BLK_F_RO) & 1;
	if (!(offered & VIRTIO_FEATURE(VIRTIO_F_VERSION_1)))
		return "device does not offer VIRTIO_F_VERSION_1";
	if (virtio_accept(blk.base, VIRTIO_FEATURE(VIRTIO_F_VERSION_1)))
		return "device refused our features";

	// Queue 0 is the request queue.
	r = virtio_queue_init(blk.base, 0, VIRTQ_SIZE, blk.desc, &blk.avail, &blk.used);
	if (r == -1)
		return "queue 0 already in use";
	if (r == -2)
		return "queue 0 too small";
	for (int i = 0; i < VIRTQ_SIZE; i++)
		blk.desc_free[i] = 1;

	virtio_driver_ok(blk.base);

	blk.capacity = read_capacity();

	// Route the device's interrupt to this hart in M-mode.  mstatus.MIE
	// stays clear: the hart enables it only while it waits (see wait()).
	plic_enable(virtio_blk_irq());
	csr_set(mie, MIE_MEIE);
	return 0;
}

int virtio_blk_slot(void)
{
	return blk.slot;
}

int virtio_blk_irq(void)
{
	return VIRTIO_MMIO_IRQ(blk.slot);
}

uint64_t virtio_blk_capacity(void)
{
	return blk.capacity;
}

static int alloc_desc(void)
{
	for (int i = 0; i < VIRTQ_SIZE; i++) {
		if (blk.desc_free[i]) {
			blk.desc_free[i] = 0;
			return i;
		}
	}
	return -1;
}

static void free_chain(int i)
{
	for (;;) {
		int flags = blk.desc[i].flags;
		int next = blk.desc[i].next;

		blk.desc_free[i] = 1;
		if (!(flags & VIRTQ_DESC_F_NEXT))
			break;
		i = next;
	}
}

static void set_desc(int i, void *addr, uint32_t len, uint16_t flags, int next)
{
	blk.desc[i].addr = (uint64_t)addr;
	blk.desc[i].len = len;
	blk.desc[i].flags = flags;
	blk.desc[i].next = next;
}

// Sleeps until the interrupt handler has marked r done.  The test runs
// with interrupts masked: were the interrupt to arrive between the test
// and the wfi, we would sleep forever.  wfi still wakes on a pending
// interrupt while mstatus.MIE is clear, and the handler runs as soon as
// MIE is set again.
static void wait(struct request *r)
{
	for (;;) {
		csr_clear(mstatus, MSTATUS_MIE);
		if (r->done)
			break;
		wfi();
		csr_set(mstatus, MSTATUS_MIE);
	}
}

static int rw(uint64_t sector, void *buf, int write)
{
	int d[3];
	struct request *r;

	if (sector >= blk.capacity || (write && blk.read_only))
		return -1;
	for (int i = 0; i < 3; i++) {
		// Requests are synchronous, so at most one is in flight and
		// three descriptors are always free.
		d[i] = alloc_desc();
		if (d[i] < 0)
			return -1;
	}

	r = &blk.req[d[0]];
	r->hdr.type = write ? VIRTIO_BLK_T_OUT : VIRTIO_BLK_T_IN;
	r->hdr.reserved = 0;
	r->hdr.sector = sector;
	r->status = 0xff;	// the device overwrites it
	r->done = 0;

	set_desc(d[0], &r->hdr, sizeof(r->hdr), VIRTQ_DESC_F_NEXT, d[1]);
	set_desc(d[1], buf, SECTOR_SIZE,
		 VIRTQ_DESC_F_NEXT | (write ? 0 : VIRTQ_DESC_F_WRITE), d[2]);
	set_desc(d[2], (void *)&r->status, 1, VIRTQ_DESC_F_WRITE, 0);

	// The device may look at the ring entry as soon as it sees the new
	// idx, and at the descriptors as soon as it sees the entry: publish
	// them in that order.
	blk.avail.ring[blk.avail.idx % VIRTQ_SIZE] = d[0];
	fence();
	blk.avail.idx++;
	fence();
	reg_write(VIRTIO_MMIO_QUEUE_NOTIFY, 0);

	wait(r);

	int ok = r->status == VIRTIO_BLK_S_OK;
	free_chain(d[0]);
	return ok ? 0 : -1;
}

int virtio_blk_read(uint64_t sector, void *buf)
{
	return rw(sector, buf, 0);
}

int virtio_blk_write(uint64_t sector, const void *buf)
{
	// The device only reads the buffer of a write request.
	return rw(sector, (void *)buf, 1);
}

// Called by the trap handler when the PLIC reports our interrupt.
void virtio_blk_intr(void)
{
	// Acknowledge first: a completion that lands after we looked at the
	// used ring then raises the interrupt again instead of being lost.
	reg_write(VIRTIO_MMIO_INTERRUPT_ACK,
		  reg_read(VIRTIO_MMIO_INTERRUPT_STATUS) & 3);
	fence();

	while (blk.used_seen != *(volatile uint16_t *)&blk.used.idx) {
		fence();	// read the entry only after its idx
		uint32_t id = blk.used.ring[blk.used_seen % VIRTQ_SIZE].id;

		if (id < VIRTQ_SIZE)
			blk.req[id].done = 1;
		blk.used_seen++;
	}
}
