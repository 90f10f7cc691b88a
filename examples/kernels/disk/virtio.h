// virtio over MMIO, version 2 ("modern"), and the split virtqueue: the
// register layout and ring formats of the virtio 1.x specification.
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
#define VIRTIO_MMIO_QUEUE_DESC_LOW	0x080
#define VIRTIO_MMIO_QUEUE_DESC_HIGH	0x084
#define VIRTIO_MMIO_QUEUE_DRIVER_LOW	0x090	// the available ring
#define VIRTIO_MMIO_QUEUE_DRIVER_HIGH	0x094
#define VIRTIO_MMIO_QUEUE_DEVICE_LOW	0x0a0	// the used ring
#define VIRTIO_MMIO_QUEUE_DEVICE_HIGH	0x0a4
#define VIRTIO_MMIO_CONFIG_GENERATION	0x0fc
#define VIRTIO_MMIO_CONFIG		0x100	// device-specific from here

#define VIRTIO_MAGIC		0x74726976
#define VIRTIO_ID_BLOCK		2

// Device status bits, set by the driver one step at a time.
#define VIRTIO_STATUS_ACKNOWLEDGE	1	// "I see a virtio device"
#define VIRTIO_STATUS_DRIVER		2	// "and I can drive it"
#define VIRTIO_STATUS_DRIVER_OK		4	// "and it is set up: go"
#define VIRTIO_STATUS_FEATURES_OK	8	// "I accept these features"

// Feature bits.  VERSION_1 (bit 32) is the one every modern driver must
// accept; the device refuses FEATURES_OK without it.
#define VIRTIO_F_VERSION_1		32
#define VIRTIO_BLK_F_RO			5

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

#define VIRTQ_SIZE	8

struct virtq_avail {
	uint16_t flags;
	uint16_t idx;			// where the driver puts the next entry
	uint16_t ring[VIRTQ_SIZE];	// heads of descriptor chains
	uint16_t used_event;
};

struct virtq_used_elem {
	uint32_t id;			// head of the completed chain
	uint32_t len;			// bytes the device wrote
};

struct virtq_used {
	uint16_t flags;
	uint16_t idx;			// where the device puts the next entry
	struct virtq_used_elem ring[VIRTQ_SIZE];
	uint16_t avail_event;
};

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

#endif
