/* virtio-rng backend (virtio 1.x §5.4).  It has no state of its own: a
 * pending request lives in the guest's ring, so the transport's state
 * image covers it. */
#include "devices/virtio_rng.h"

#include <stdlib.h>

#define VIRTIO_ID_ENTROPY 4

struct virtio_rng {
    uint8_t buf[VIRTIO_RNG_MAX_FILL];
};

static void virtio_rng_notify(void *be, struct virtio_mmio *v, unsigned queue)
{
    struct virtio_rng *g = be;
    const struct dev_host *h = virtio_mmio_host(v);
    struct virtio_req req;
    while (virtio_queue_next(v, queue, &req) == 1) {
        size_t n = req.in_len < VIRTIO_RNG_MAX_FILL ? (size_t)req.in_len : VIRTIO_RNG_MAX_FILL;
        if (n) {
            /* Pulled only once the guest asks, so the input's position is
             * the notify's, which replay reproduces. */
            if (!h->input_pull || h->input_pull(h->opaque, DEV_INPUT_ENTROPY, g->buf, n))
                return; /* leave it pending */
            if (virtio_req_write(v, &req, 0, g->buf, n))
                return;
        }
        virtio_queue_complete(v, &req, (uint32_t)n);
        if (virtio_mmio_broken(v))
            return;
    }
}

static const struct virtio_backend_ops virtio_rng_ops = {
    .name = "virtio_rng",
    .device_id = VIRTIO_ID_ENTROPY,
    .num_queues = 1,
    .notify = virtio_rng_notify,
    .destroy = free,
};

struct virtio_mmio *virtio_rng_create(const struct dev_host *host, struct irq_line irq)
{
    struct virtio_rng *g = calloc(1, sizeof *g);
    struct virtio_mmio *v = virtio_mmio_create(host, irq);
    if (!g || !v || virtio_mmio_attach(v, &virtio_rng_ops, g)) {
        free(g);
        free(v);
        return NULL;
    }
    return v;
}
