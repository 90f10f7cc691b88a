/* virtio-mmio transport (version 2).  With no backend a slot answers probes
 * as an empty slot (magic, version 2, device id 0), as QEMU's does. */
#ifndef REWIND_DEVICES_VIRTIO_MMIO_H
#define REWIND_DEVICES_VIRTIO_MMIO_H
#include "core/device.h"
/* What a device backend (blk, rng, net, console) will plug in: defined
 * when the first one lands.  Until then every slot is empty. */
struct virtio_backend_ops;
struct virtio_mmio;
struct virtio_mmio *virtio_mmio_create(const struct dev_host *host, struct irq_line irq);
void virtio_mmio_device(struct virtio_mmio *v, uint64_t base, struct device *d); /* size 0x1000 */
#endif
