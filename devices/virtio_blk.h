/* virtio-blk (device id 2) over a disk_image: IN, OUT, FLUSH and GET_ID
 * requests, completed synchronously inside the QueueNotify store.
 *
 * Features: SEG_MAX, BLK_SIZE (512), FLUSH, and RO when the image is
 * read-only (writes then fail with IOERR, even from drivers such as xv6
 * that decline the RO feature).  Config space: capacity in 512-byte
 * sectors (the image size rounded down), seg_max, blk_size.  GET_ID
 * answers with the base image's hash in hex, which names the disk the same
 * way on every host.
 *
 * The device does not own the image: whoever opened it closes it after
 * the machine is destroyed (and calls disk_image_writeback first if the
 * run should keep its writes).  The device's state image (struct
 * device.save) holds the transport and the whole overlay, so restoring a
 * snapshot restores the disk contents as of that position; its cost grows
 * with the amount of data the guest has written. */
#ifndef REWIND_DEVICES_VIRTIO_BLK_H
#define REWIND_DEVICES_VIRTIO_BLK_H
#include "core/device.h"
#include "devices/disk_image.h"
#include "devices/virtio_mmio.h"

/* A virtio-mmio slot with a block device on `img`; map it with
 * virtio_mmio_device.  NULL when out of memory. */
struct virtio_mmio *virtio_blk_create(const struct dev_host *host, struct irq_line irq,
                                      struct disk_image *img);
#endif
