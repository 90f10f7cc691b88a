// The setup steps of virtio-mmio (version 2) that every driver takes, in
// the order the specification gives them (virtio 1.x, section 3.1.1).

#include <stdint.h>
#include "virtio.h"

#define STATUS_BEFORE_FEATURES	(VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER)
#define STATUS_FEATURES_OK	(STATUS_BEFORE_FEATURES | VIRTIO_STATUS_FEATURES_OK)

int virtio_probe(uint32_t device_id, uint64_t *base, int *slot)
{
	int legacy = 0;

	for (int i = 0; i < VIRTIO_MMIO_SLOTS; i++) {
		*base = VIRTIO_MMIO_BASE + i * VIRTIO_MMIO_STRIDE;
		*slot = i;
		if (virtio_read(*base, VIRTIO_MMIO_MAGIC) != VIRTIO_MAGIC ||
		    virtio_read(*base, VIRTIO_MMIO_DEVICE_ID) != device_id)
			continue;
		if (virtio_read(*base, VIRTIO_MMIO_VERSION) == 2)
			return 0;
		legacy = 1;
	}
	return legacy ? -2 : -1;
}

uint64_t virtio_start(uint64_t base)
{
	uint32_t lo, hi;

	virtio_write(base, VIRTIO_MMIO_STATUS, 0);	// reset
	virtio_write(base, VIRTIO_MMIO_STATUS, VIRTIO_STATUS_ACKNOWLEDGE);
	virtio_write(base, VIRTIO_MMIO_STATUS, STATUS_BEFORE_FEATURES);

	// Features come in two 32-bit halves.
	virtio_write(base, VIRTIO_MMIO_DEVICE_FEATURES_SEL, 0);
	lo = virtio_read(base, VIRTIO_MMIO_DEVICE_FEATURES);
	virtio_write(base, VIRTIO_MMIO_DEVICE_FEATURES_SEL, 1);
	hi = virtio_read(base, VIRTIO_MMIO_DEVICE_FEATURES);
	return (uint64_t)hi << 32 | lo;
}

int virtio_accept(uint64_t base, uint64_t features)
{
	virtio_write(base, VIRTIO_MMIO_DRIVER_FEATURES_SEL, 0);
	virtio_write(base, VIRTIO_MMIO_DRIVER_FEATURES, (uint32_t)features);
	virtio_write(base, VIRTIO_MMIO_DRIVER_FEATURES_SEL, 1);
	virtio_write(base, VIRTIO_MMIO_DRIVER_FEATURES, (uint32_t)(features >> 32));
	virtio_write(base, VIRTIO_MMIO_STATUS, STATUS_FEATURES_OK);
	if (!(virtio_read(base, VIRTIO_MMIO_STATUS) & VIRTIO_STATUS_FEATURES_OK))
		return -1;
	return 0;
}

static void write_addr(uint64_t base, int low, const void *addr)
{
	virtio_write(base, low, (uint32_t)(uint64_t)addr);
	virtio_write(base, low + 4, (uint32_t)((uint64_t)addr >> 32));
}

int virtio_queue_init(uint64_t base, int q, uint32_t size, const void *desc,
		      const void *avail, const void *used)
{
	virtio_write(base, VIRTIO_MMIO_QUEUE_SEL, q);
	if (virtio_read(base, VIRTIO_MMIO_QUEUE_READY))
		return -1;
	if (virtio_read(base, VIRTIO_MMIO_QUEUE_NUM_MAX) < size)
		return -2;
	virtio_write(base, VIRTIO_MMIO_QUEUE_NUM, size);
	write_addr(base, VIRTIO_MMIO_QUEUE_DESC, desc);
	write_addr(base, VIRTIO_MMIO_QUEUE_DRIVER, avail);
	write_addr(base, VIRTIO_MMIO_QUEUE_DEVICE, used);
	fence();
	virtio_write(base, VIRTIO_MMIO_QUEUE_READY, 1);
	return 0;
}

void virtio_driver_ok(uint64_t base)
{
	virtio_write(base, VIRTIO_MMIO_STATUS, STATUS_FEATURES_OK | VIRTIO_STATUS_DRIVER_OK);
}
