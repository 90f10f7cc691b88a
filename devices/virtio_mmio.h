/* virtio-mmio transport, version 2 ("modern"), with split virtqueues.
 *
 * A slot is created empty (virtio_mmio_create): it answers probes with
 * magic, version 2 and device id 0, as QEMU's empty slots do, and ignores
 * everything else.  A backend (virtio-blk, virtio-rng, ...) plugs into a
 * slot with virtio_mmio_attach; the backends' own *_create functions do
 * both steps.
 *
 * The transport owns the registers and the queues; a backend sees a queue
 * only through virtio_queue_next / virtio_req_read / virtio_req_write /
 * virtio_queue_complete, all of which go through dev_host.dma_*.  Requests
 * are handled synchronously inside the guest's QueueNotify store, so a
 * completion's position is the notify's position.
 *
 * Anything malformed the driver hands us (a ring or buffer outside RAM, a
 * descriptor index beyond the queue, a chain longer than the queue, i.e. a
 * loop, an indirect descriptor we never offered, a readable descriptor
 * after a writable one, more entries made available than the queue holds)
 * marks the device broken: Status gains DEVICE_NEEDS_RESET, a configuration
 * change interrupt is raised, and the queues stop until the driver resets
 * the device by writing 0 to Status. */
#ifndef REWIND_DEVICES_VIRTIO_MMIO_H
#define REWIND_DEVICES_VIRTIO_MMIO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/device.h"

#define VIRTIO_MMIO_SIZE 0x1000
#define VIRTIO_QUEUE_MAX 256    /* QueueNumMax: longest queue, longest chain */
#define VIRTIO_MAX_QUEUES 4
#define VIRTIO_CONFIG_MAX 0x100 /* bytes of device config space a backend may fill */

/* Device status bits (virtio 1.x §2.1). */
#define VIRTIO_STATUS_ACKNOWLEDGE 1u
#define VIRTIO_STATUS_DRIVER 2u
#define VIRTIO_STATUS_DRIVER_OK 4u
#define VIRTIO_STATUS_FEATURES_OK 8u
#define VIRTIO_STATUS_NEEDS_RESET 64u
#define VIRTIO_STATUS_FAILED 128u

/* InterruptStatus bits. */
#define VIRTIO_INT_USED 1u
#define VIRTIO_INT_CONFIG 2u

#define VIRTIO_F_VERSION_1 (1ull << 32) /* always offered by the transport */

struct sbuf;
struct sreader;
struct virtio_mmio;

/* One guest buffer of a descriptor chain. */
struct virtio_seg {
    uint64_t addr;
    uint32_t len;
};

/* A descriptor chain taken from an available ring: the device-readable
 * segments come first (nout of them, out_len bytes in all), then the
 * device-writable ones (nin, in_len bytes).  Offsets given to
 * virtio_req_read/write count from the start of each part. */
struct virtio_req {
    unsigned queue;
    uint16_t head;
    unsigned nout, nin;
    uint64_t out_len, in_len;
    struct virtio_seg seg[VIRTIO_QUEUE_MAX];
};

/* What a device backend supplies.  `be` is the backend's own state. */
struct virtio_backend_ops {
    const char *name;          /* struct device.name, e.g. "virtio_blk" */
    uint32_t device_id;        /* 2 block, 4 entropy, ... */
    unsigned num_queues;       /* at most VIRTIO_MAX_QUEUES */
    /* Device-specific feature bits; the transport adds VIRTIO_F_VERSION_1. */
    uint64_t (*features)(void *be);
    /* Fill the config space image (little-endian, as the guest sees it) into
     * buf (VIRTIO_CONFIG_MAX bytes, zeroed); returns its length. */
    size_t (*config_read)(void *be, uint8_t *buf);
    /* A guest store into config space; NULL when it is read-only. */
    void (*config_write)(void *be, uint64_t off, unsigned size, uint64_t val);
    /* The driver notified `queue`: take and complete what can be done now. */
    void (*notify)(void *be, struct virtio_mmio *v, unsigned queue);
    /* Device reset (Status = 0, or machine reset). */
    void (*reset)(void *be);
    /* Backend part of the device's state image; may be NULL when it has no
     * state.  load must leave the backend unchanged when it returns -1. */
    void (*save)(void *be, struct sbuf *w);
    int (*load)(void *be, struct sreader *r);
    void (*destroy)(void *be);
};

/* An empty slot raising `irq` (its line number is also its FDT
 * "interrupts" value). */
struct virtio_mmio *virtio_mmio_create(const struct dev_host *host, struct irq_line irq);
/* Give the slot a backend; the slot owns it from now on (destroy).  Call
 * before virtio_mmio_device.  -1 if the slot already has one or the ops
 * ask for too many queues. */
int virtio_mmio_attach(struct virtio_mmio *v, const struct virtio_backend_ops *ops, void *be);
/* Fill `d` (size 0x1000) with save/load/reset/FDT node; d->destroy frees
 * the slot and its backend. */
void virtio_mmio_device(struct virtio_mmio *v, uint64_t base, struct device *d);

/* ---- for backends ---- */

const struct dev_host *virtio_mmio_host(const struct virtio_mmio *v);
/* The features both sides agreed on (valid once FEATURES_OK is set). */
uint64_t virtio_mmio_driver_features(const struct virtio_mmio *v);
bool virtio_mmio_broken(const struct virtio_mmio *v);
/* The backend state attached with `ops`; NULL when the slot holds another
 * backend or none, so a backend's own entry points can check their
 * argument. */
void *virtio_mmio_backend(const struct virtio_mmio *v, const struct virtio_backend_ops *ops);
/* The driver broke the protocol: DEVICE_NEEDS_RESET + config interrupt. */
void virtio_mmio_set_broken(struct virtio_mmio *v);

/* Read the chain at the head of `queue`'s available ring without taking
 * it.  1: *req is filled; 0: nothing to do (empty ring, queue not ready,
 * driver not ready, device broken); -1: the chain is malformed and the
 * device is now broken.  The same chain comes back until it is completed,
 * so a backend that cannot serve it yet simply returns. */
int virtio_queue_next(struct virtio_mmio *v, unsigned queue, struct virtio_req *req);
/* Copy `len` bytes at offset `off` of the chain's readable (read) or
 * writable (write) part.  0, or -1 when the range is not inside that part
 * (device not broken) or guest memory refused the access (device broken:
 * check virtio_mmio_broken and stop). */
int virtio_req_read(struct virtio_mmio *v, const struct virtio_req *req, uint64_t off,
                    void *buf, size_t len);
int virtio_req_write(struct virtio_mmio *v, const struct virtio_req *req, uint64_t off,
                     const void *buf, size_t len);
/* Put the chain returned by the last virtio_queue_next on the used ring
 * with `written` bytes written, take it off the available ring and raise
 * the used-buffer interrupt unless the driver suppressed it. */
void virtio_queue_complete(struct virtio_mmio *v, const struct virtio_req *req, uint32_t written);

#endif
