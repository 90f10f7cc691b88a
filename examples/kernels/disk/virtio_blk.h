// Interrupt-driven driver for a virtio block device.  Only hart 0 uses it.
#ifndef VIRTIO_BLK_H
#define VIRTIO_BLK_H

#include <stdint.h>

#define SECTOR_SIZE	512

const char *virtio_blk_init(void);
int virtio_blk_slot(void);
int virtio_blk_irq(void);
uint64_t virtio_blk_capacity(void);
int virtio_blk_read(uint64_t sector, void *buf);
int virtio_blk_write(uint64_t sector, const void *buf);
void virtio_blk_intr(void);

#endif
