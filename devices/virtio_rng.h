/* virtio-rng (device id 4): one queue of device-writable buffers, filled
 * with bytes pulled from outside the machine (DEV_INPUT_ENTROPY), so a
 * replay hands the guest the same bytes at the same positions.  When no
 * entropy can be had the request stays on the ring, untouched, and is
 * served at a later notify: bytes are never invented. */
#ifndef REWIND_DEVICES_VIRTIO_RNG_H
#define REWIND_DEVICES_VIRTIO_RNG_H
#include "core/device.h"
#include "devices/virtio_mmio.h"

/* Longest fill per request: a larger buffer is filled this far, and the
 * used length tells the driver so (the spec allows partial fills). */
#define VIRTIO_RNG_MAX_FILL 4096u

/* A virtio-mmio slot with an entropy device; map it with
 * virtio_mmio_device.  NULL when out of memory. */
struct virtio_mmio *virtio_rng_create(const struct dev_host *host, struct irq_line irq);
#endif
