// virtio over MMIO, version 2 ("modern"), and the split virtqueue: the
// register layout and ring formats of the virtio 1.x specification, and
// the setup steps every driver goes through (virtio.c).  The drivers poll
// or take interrupts as they like; that part is theirs.
#ifndef VIRTIO_H
#define VIRTIO_H

#include <stdint.h>

// The virt board has eight virtio-mmio slots, 0x1000 apart; slot i raises
// PLIC interrupt i + 1.  An empty slot reads device id 0.
#define VIRTIO_MMIO_BASE	0x10001000UL
#define VIRTIO_MMIO_STRIDE	0x1000UL
#define VIRTIO_MMIO_SLOTS	8
#define VIRTIO_MMIO_IRQ(slot)	(1 + (slot))

// Register offsets, all 32 bits wide.
#define VIRTIO_MMIO_MAGIC		0x000	// "virt", little-endian
#define VIRTIO_MMIO_VERSION		0x004	// 2; 1 is the legacy interface
#define VIRTIO_MMIO_DEVICE_ID		0x008
#define VIRTIO_MMIO_DEVICE_FEATURES	0x010
#define VIRTIO_MMIO_DEVICE_FEATURES_SEL	0x014	// which 32 bits of the 64
#define VIRTIO_MMIO_DRIVER_FEATURES	0x020
#define VIRTIO_MMIO_DRIVER_FEATURES_SEL	0x024
#define VIRTIO_MMIO_QUEUE_SEL		0x030
#define VIRTIO_MMIO_QUEUE_NUM_MAX	0x034
#define VIRTIO_MMIO_QUEUE_NUM		0x038
#define VIRTIO_MMIO_QUEUE_READY		0x044
#define VIRTIO_MMIO_QUEUE_NOTIFY	0x050
#define VIRTIO_MMIO_INTERRUPT_STATUS	0x060
#define VIRTIO_MMIO_INTERRUPT_ACK	0x064
#define VIRTIO_MMIO_STATUS		0x070
#define VIRTIO_MMIO_QUEUE_DESC		0x080	// low, then high at +4
#define VIRTIO_MMIO_QUEUE_DRIVER	0x090	// the available ring
#define VIRTIO_MMIO_QUEUE_DEVICE	0x0a0	// the used ring
#define VIRTIO_MMIO_CONFIG_GENERATION	0x0fc
#define VIRTIO_MMIO_CONFIG		0x100	// device-specific from here

#define VIRTIO_MAGIC		0x74726976

// Device ids.
#define VIRTIO_ID_NET		1
#define VIRTIO_ID_BLOCK		2
#define VIRTIO_ID_ENTROPY	4

// Device status bits, set by the driver one step at a time.
#define VIRTIO_STATUS_ACKNOWLEDGE	1	// "I see a virtio device"
#define VIRTIO_STATUS_DRIVER		2	// "and I can drive it"
#define VIRTIO_STATUS_DRIVER_OK		4	// "and it is set up: go"
#define VIRTIO_STATUS_FEATURES_OK	8	// "I accept these features"

// Feature bits are numbered 0-63.  VERSION_1 (bit 32) is the one every
// modern driver must accept; the device refuses FEATURES_OK without it.
#define VIRTIO_F_VERSION_1		32
#define VIRTIO_FEATURE(bit)		(1ULL << (bit))

// The split virtqueue: a table of buffer descriptors, a ring where the
// driver offers chains of them ("available"), and a ring where the device
// hands them back ("used").
#define VIRTQ_DESC_F_NEXT	1	// the chain continues at .next
#define VIRTQ_DESC_F_WRITE	2	// the device writes this buffer

struct virtq_desc {
	uint64_t addr;
	uint32_t len;
	uint16_t flags;
	uint16_t next;
};

struct virtq_used_elem {
	uint32_t id;			// head of the completed chain
	uint32_t len;			// bytes the device wrote
};

// The two rings have one entry per descriptor, so their layout depends on
// the queue size, which each driver picks.  A driver declares its own:
//
//     struct avail VIRTQ_AVAIL(8);
//     struct used VIRTQ_USED(8);
//
// Alignment required by the spec: 16 (descriptors), 2 (available ring),
// 4 (used ring).
#define VIRTQ_AVAIL(size) {						\
	uint16_t flags;							\
	uint16_t idx;		/* where the driver puts the next entry */ \
	uint16_t ring[size];	/* heads of descriptor chains */	\
	uint16_t used_event;						\
}

#define VIRTQ_USED(size) {						\
	uint16_t flags;							\
	uint16_t idx;		/* where the device puts the next entry */ \
	struct virtq_used_elem ring[size];				\
	uint16_t avail_event;						\
}

// The device reads and writes our memory directly (DMA): everything it is
// to see must be visible before we tell it to look, and what it wrote
// visible to us only after it says it is done.  Orders all earlier memory
// and device accesses before all later ones.
#define fence()	__asm__ volatile("fence iorw, iorw" : : : "memory")

static inline uint32_t virtio_read(uint64_t base, int off)
{
	return *(volatile uint32_t *)(base + off);
}

static inline void virtio_write(uint64_t base, int off, uint32_t val)
{
	*(volatile uint32_t *)(base + off) = val;
}

// Finds a device with this id in the slots.  A slot is taken if it has the
// magic, speaks version 2 and holds such a device; version 1 is the legacy
// interface, which QEMU 7.x picks unless told otherwise.  Returns 0 with
// *base and *slot set; -1 if there is no such device; -2 if there are only
// legacy ones.  On failure *slot is the slot probed last.
int virtio_probe(uint32_t device_id, uint64_t *base, int *slot);

// Resets the device and announces a driver (ACKNOWLEDGE, then DRIVER).
// Returns the 64 feature bits the device offers.
uint64_t virtio_start(uint64_t base);

// Accepts these features (VERSION_1 among them) and sets FEATURES_OK.
// Returns 0, or -1 if the device refuses them.
int virtio_accept(uint64_t base, uint64_t features);

// Sets up queue q with size descriptors at desc and the two rings, and
// marks it ready.  Returns 0; -1 if the queue is already in use; -2 if the
// device's queue is smaller than size.
int virtio_queue_init(uint64_t base, int q, uint32_t size, const void *desc,
		      const void *avail, const void *used);

// Sets DRIVER_OK: the device may now use the queues.
void virtio_driver_ok(uint64_t base);

#endif
