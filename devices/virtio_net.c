/* virtio-net backend (virtio 1.x §5.1), without offloads, control queue
 * or multiqueue. */
#include "devices/virtio_net.h"

#include <stdlib.h>
#include <string.h>

#include "core/serial.h"

#define VIRTIO_ID_NET 1

#define VIRTIO_NET_F_MAC (1ull << 5)
#define VIRTIO_NET_F_STATUS (1ull << 16)
#define VIRTIO_NET_S_LINK_UP 1u

#define VIRTIO_NET_RXQ 0
#define VIRTIO_NET_TXQ 1

/* struct virtio_net_hdr: flags, gso_type, hdr_len, gso_size, csum_start,
 * csum_offset, then num_buffers, which only VERSION_1 (or MRG_RXBUF,
 * never offered) puts in the header. */
#define VIRTIO_NET_HDR_LEN 12u
#define VIRTIO_NET_HDR_LEN_LEGACY 10u
#define VIRTIO_NET_HDR_NUM_BUFFERS 10u

#define VIRTIO_NET_SAVE_TAG 0x54454e56u /* "VNET" */
#define VIRTIO_NET_SAVE_VERSION 1

struct virtio_net {
    uint8_t mac[6];
    bool loopback;
    struct virtio_net_stats st; /* rx_pending mirrors fifo_count on read */
    /* Ring of waiting received frames, oldest at fifo_head. */
    unsigned fifo_head, fifo_count;
    uint16_t fifo_len[VIRTIO_NET_FIFO];
    uint8_t fifo[VIRTIO_NET_FIFO][VIRTIO_NET_FRAME_MAX];
    /* Scratch for one transmitted chain (header + frame); not state. */
    uint8_t buf[VIRTIO_NET_HDR_LEN + VIRTIO_NET_FRAME_MAX];
};

static uint64_t virtio_net_features(void *be)
{
    (void)be;
    return VIRTIO_NET_F_MAC | VIRTIO_NET_F_STATUS;
}

static size_t virtio_net_config(void *be, uint8_t *buf)
{
    struct virtio_net *n = be;
    memcpy(buf, n->mac, 6);
    buf[6] = VIRTIO_NET_S_LINK_UP; /* le16 status */
    buf[7] = 0;
    return 8;
}

static unsigned virtio_net_hdr_len(const struct virtio_mmio *v)
{
    return virtio_mmio_driver_features(v) & VIRTIO_F_VERSION_1 ? VIRTIO_NET_HDR_LEN
                                                              : VIRTIO_NET_HDR_LEN_LEGACY;
}

static void virtio_net_fifo_pop(struct virtio_net *n)
{
    n->fifo_head = (n->fifo_head + 1) % VIRTIO_NET_FIFO;
    n->fifo_count--;
}

static void virtio_net_fifo_push(struct virtio_net *n, const uint8_t *frame, size_t len)
{
    if (n->fifo_count == VIRTIO_NET_FIFO) {
        virtio_net_fifo_pop(n);
        n->st.rx_dropped++;
    }
    unsigned slot = (n->fifo_head + n->fifo_count) % VIRTIO_NET_FIFO;
    memcpy(n->fifo[slot], frame, len);
    n->fifo_len[slot] = (uint16_t)len;
    n->fifo_count++;
}

/* Move waiting frames into receive chains while both last. */
static void virtio_net_drain(struct virtio_net *n, struct virtio_mmio *v)
{
    unsigned hlen = virtio_net_hdr_len(v);
    uint8_t hdr[VIRTIO_NET_HDR_LEN] = {0};
    hdr[VIRTIO_NET_HDR_NUM_BUFFERS] = 1; /* absent from a legacy header */
    struct virtio_req req;
    while (n->fifo_count && virtio_queue_next(v, VIRTIO_NET_RXQ, &req) == 1) {
        /* Receive buffers are the device's to write, and must at least
         * hold a header. */
        if (req.nout || req.in_len < hlen) {
            virtio_mmio_set_broken(v);
            return;
        }
        const uint8_t *frame = n->fifo[n->fifo_head];
        size_t len = n->fifo_len[n->fifo_head];
        if (len > req.in_len - hlen) {
            virtio_net_fifo_pop(n);
            n->st.rx_dropped++;
            continue;
        }
        if (virtio_req_write(v, &req, 0, hdr, hlen) ||
            virtio_req_write(v, &req, hlen, frame, len))
            return;
        virtio_net_fifo_pop(n);
        n->st.rx_frames++;
        virtio_queue_complete(v, &req, (uint32_t)(hlen + len));
        if (virtio_mmio_broken(v))
            return;
    }
}

/* Queue behind any frames already waiting, so order is kept; a drain
 * first makes room if the guest posted buffers without notifying. */
static void virtio_net_receive(struct virtio_net *n, struct virtio_mmio *v,
                               const uint8_t *frame, size_t len)
{
    virtio_net_drain(n, v);
    virtio_net_fifo_push(n, frame, len);
    virtio_net_drain(n, v);
}

static void virtio_net_transmit(struct virtio_net *n, struct virtio_mmio *v)
{
    unsigned hlen = virtio_net_hdr_len(v);
    struct virtio_req req;
    while (virtio_queue_next(v, VIRTIO_NET_TXQ, &req) == 1) {
        /* Transmit buffers are the driver's to fill, header first. */
        if (req.nin || req.out_len < hlen) {
            virtio_mmio_set_broken(v);
            return;
        }
        bool send = req.out_len - hlen <= VIRTIO_NET_FRAME_MAX;
        size_t len = send ? (size_t)(req.out_len - hlen) : 0;
        /* The header asks for no offload: none was negotiated. */
        if (send && virtio_req_read(v, &req, hlen, n->buf, len))
            return;
        virtio_queue_complete(v, &req, 0);
        if (virtio_mmio_broken(v))
            return;
        if (!send) {
            n->st.tx_dropped++;
            continue;
        }
        n->st.tx_frames++;
        if (n->loopback) {
            virtio_net_receive(n, v, n->buf, len);
            if (virtio_mmio_broken(v))
                return;
        }
    }
}

static void virtio_net_notify(void *be, struct virtio_mmio *v, unsigned queue)
{
    struct virtio_net *n = be;
    if (queue == VIRTIO_NET_RXQ)
        virtio_net_drain(n, v);
    else if (queue == VIRTIO_NET_TXQ)
        virtio_net_transmit(n, v);
}

static void virtio_net_reset(void *be)
{
    struct virtio_net *n = be;
    n->fifo_head = n->fifo_count = 0;
    memset(n->fifo_len, 0, sizeof n->fifo_len);
}

static void virtio_net_save(void *be, struct sbuf *w)
{
    struct virtio_net *n = be;
    put_u32(w, VIRTIO_NET_SAVE_TAG);
    put_u8(w, VIRTIO_NET_SAVE_VERSION);
    put_bytes(w, n->mac, 6);
    put_bool(w, n->loopback);
    put_u64(w, n->st.tx_frames);
    put_u64(w, n->st.tx_dropped);
    put_u64(w, n->st.rx_frames);
    put_u64(w, n->st.rx_dropped);
    /* Oldest first: the ring's rotation is not state. */
    put_u8(w, (uint8_t)n->fifo_count);
    for (unsigned i = 0; i < n->fifo_count; i++) {
        unsigned slot = (n->fifo_head + i) % VIRTIO_NET_FIFO;
        put_u16(w, n->fifo_len[slot]);
        put_bytes(w, n->fifo[slot], n->fifo_len[slot]);
    }
}

/* One pass over the image: checks only when `into` is NULL, else fills it. */
static bool virtio_net_load_pass(struct virtio_net *n, struct sreader *r, struct virtio_net *into)
{
    uint8_t mac[6];
    bool ok = get_u32(r) == VIRTIO_NET_SAVE_TAG;
    ok &= get_u8(r) == VIRTIO_NET_SAVE_VERSION;
    get_bytes(r, mac, sizeof mac);
    ok &= memcmp(mac, n->mac, sizeof mac) == 0;
    ok &= get_u8(r) == (n->loopback ? 1 : 0);
    struct virtio_net_stats st = {0};
    st.tx_frames = get_u64(r);
    st.tx_dropped = get_u64(r);
    st.rx_frames = get_u64(r);
    st.rx_dropped = get_u64(r);
    unsigned count = get_u8(r);
    ok &= count <= VIRTIO_NET_FIFO;
    for (unsigned i = 0; ok && i < count; i++) {
        uint16_t len = get_u16(r);
        ok &= len <= VIRTIO_NET_FRAME_MAX;
        if (ok)
            get_bytes(r, into ? into->fifo[i] : n->buf, len);
        if (into)
            into->fifo_len[i] = len;
    }
    if (!ok || r->bad)
        return false;
    if (into) {
        into->st = st;
        into->fifo_head = 0;
        into->fifo_count = count;
    }
    return true;
}

static int virtio_net_load(void *be, struct sreader *r)
{
    struct virtio_net *n = be;
    struct sreader check = *r;
    if (!virtio_net_load_pass(n, &check, NULL))
        return -1;
    virtio_net_reset(n);
    return virtio_net_load_pass(n, r, n) ? 0 : -1; /* cannot fail: checked */
}

static const struct virtio_backend_ops virtio_net_ops = {
    .name = "virtio_net",
    .device_id = VIRTIO_ID_NET,
    .num_queues = 2,
    .features = virtio_net_features,
    .config_read = virtio_net_config,
    .config_write = NULL, /* the MAC is read-only without CTRL_MAC_ADDR */
    .notify = virtio_net_notify,
    .reset = virtio_net_reset,
    .save = virtio_net_save,
    .load = virtio_net_load,
    .destroy = free,
};

struct virtio_mmio *virtio_net_create(const struct dev_host *host, struct irq_line irq,
                                      const uint8_t mac[6], bool loopback)
{
    struct virtio_net *n = calloc(1, sizeof *n);
    struct virtio_mmio *v = virtio_mmio_create(host, irq);
    if (!n || !v || virtio_mmio_attach(v, &virtio_net_ops, n)) {
        free(n);
        free(v);
        return NULL;
    }
    memcpy(n->mac, mac, 6);
    n->loopback = loopback;
    return v;
}

int virtio_net_rx_frame(struct virtio_mmio *v, const uint8_t *frame, size_t len)
{
    struct virtio_net *n = virtio_mmio_backend(v, &virtio_net_ops);
    if (!n || len > VIRTIO_NET_FRAME_MAX)
        return -1;
    virtio_net_receive(n, v, frame, len);
    return 0;
}

int virtio_net_stats(const struct virtio_mmio *v, struct virtio_net_stats *s)
{
    const struct virtio_net *n = virtio_mmio_backend(v, &virtio_net_ops);
    if (!n)
        return -1;
    *s = n->st;
    s->rx_pending = n->fifo_count;
    return 0;
}
