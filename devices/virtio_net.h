/* virtio-net (device id 1) with no offloads: queue 0 receives, queue 1
 * transmits, and every buffer starts with a struct virtio_net_hdr (12
 * bytes with VERSION_1; 10 for a driver that declines VERSION_1, as QEMU
 * does it).  Features: MAC and STATUS (the link is always up).  Config
 * space: mac[6], status le16.
 *
 * Transmitted frames are taken and completed inside the guest's notify
 * store.  With `loopback` each one then arrives back as a received frame;
 * without it, it goes nowhere.  Received frames (looped back, or handed in
 * by the replay layer through virtio_net_rx_frame) fill the next receive
 * chain at once, or wait in a FIFO of VIRTIO_NET_FIFO frames until the
 * guest posts buffers (a full FIFO drops its oldest frame).  A frame
 * longer than the receive chain it would go into is dropped and the chain
 * is kept for the next one: without MRG_RXBUF a frame may not span chains.
 *
 * The FIFO and the counters are part of the device's state image; a
 * device reset empties the FIFO and keeps the counters. */
#ifndef REWIND_DEVICES_VIRTIO_NET_H
#define REWIND_DEVICES_VIRTIO_NET_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/device.h"
#include "devices/virtio_mmio.h"

#define VIRTIO_NET_FRAME_MAX 1514u /* Ethernet header + 1500-byte MTU, no FCS */
#define VIRTIO_NET_FIFO 16u        /* received frames waiting for buffers */

struct virtio_net_stats {
    uint64_t tx_frames;  /* frames the guest sent, whether or not they went anywhere */
    uint64_t tx_dropped; /* longer than VIRTIO_NET_FRAME_MAX: completed, never sent */
    uint64_t rx_frames;  /* frames delivered into receive buffers */
    uint64_t rx_dropped; /* pushed out of a full FIFO, or too long for the chain */
    unsigned rx_pending; /* frames now waiting in the FIFO */
};

/* A virtio-mmio slot with a network device of address `mac`; map it with
 * virtio_mmio_device.  NULL when out of memory. */
struct virtio_mmio *virtio_net_create(const struct dev_host *host, struct irq_line irq,
                                      const uint8_t mac[6], bool loopback);

/* A frame from outside the machine, delivered exactly as a looped-back
 * one; the caller (the replay layer) fixes its position.  0 when it was
 * delivered or queued, -1 when it is longer than VIRTIO_NET_FRAME_MAX or
 * `v` is not a network device. */
int virtio_net_rx_frame(struct virtio_mmio *v, const uint8_t *frame, size_t len);

/* -1 when `v` is not a network device. */
int virtio_net_stats(const struct virtio_mmio *v, struct virtio_net_stats *s);

#endif
