/* virtio-mmio transport, version 2 ("modern") register layout, split
 * virtqueues (see virtio_mmio.h for the contract with backends).
 *
 * A slot without a backend must still answer the identification registers:
 * Linux and U-Boot probe every slot listed in the tree and skip those with
 * device id 0, so answering zeros for everything would look like a broken
 * device rather than an empty one. */
#include "devices/virtio_mmio.h"

#include <libfdt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/serial.h"

#define VIRTIO_MMIO_MAGIC 0x74726976u  /* "virt" */
#define VIRTIO_MMIO_VENDOR 0x554d4551u /* "QEMU", so drivers' quirks match */
#define VIRTIO_MMIO_CONFIG 0x100

#define VIRTIO_SAVE_TAG 0x4f495456u /* "VTIO" */
#define VIRTIO_SAVE_VERSION 1

enum {
    VIRTIO_MMIO_REG_MAGIC = 0x000,
    VIRTIO_MMIO_REG_VERSION = 0x004,
    VIRTIO_MMIO_REG_DEVICE_ID = 0x008,
    VIRTIO_MMIO_REG_VENDOR_ID = 0x00c,
    VIRTIO_MMIO_REG_DEVICE_FEATURES = 0x010,
    VIRTIO_MMIO_REG_DEVICE_FEATURES_SEL = 0x014,
    VIRTIO_MMIO_REG_DRIVER_FEATURES = 0x020,
    VIRTIO_MMIO_REG_DRIVER_FEATURES_SEL = 0x024,
    VIRTIO_MMIO_REG_QUEUE_SEL = 0x030,
    VIRTIO_MMIO_REG_QUEUE_NUM_MAX = 0x034,
    VIRTIO_MMIO_REG_QUEUE_NUM = 0x038,
    VIRTIO_MMIO_REG_QUEUE_READY = 0x044,
    VIRTIO_MMIO_REG_QUEUE_NOTIFY = 0x050,
    VIRTIO_MMIO_REG_INTERRUPT_STATUS = 0x060,
    VIRTIO_MMIO_REG_INTERRUPT_ACK = 0x064,
    VIRTIO_MMIO_REG_STATUS = 0x070,
    VIRTIO_MMIO_REG_QUEUE_DESC_LOW = 0x080,
    VIRTIO_MMIO_REG_QUEUE_DESC_HIGH = 0x084,
    VIRTIO_MMIO_REG_QUEUE_DRIVER_LOW = 0x090,
    VIRTIO_MMIO_REG_QUEUE_DRIVER_HIGH = 0x094,
    VIRTIO_MMIO_REG_QUEUE_DEVICE_LOW = 0x0a0,
    VIRTIO_MMIO_REG_QUEUE_DEVICE_HIGH = 0x0a4,
    VIRTIO_MMIO_REG_SHM_LEN_LOW = 0x0b0,
    VIRTIO_MMIO_REG_SHM_LEN_HIGH = 0x0b4,
    VIRTIO_MMIO_REG_CONFIG_GENERATION = 0x0fc,
};

/* Split virtqueue layout (virtio 1.x §2.7). */
#define VIRTQ_DESC_SIZE 16
#define VIRTQ_DESC_F_NEXT 1u
#define VIRTQ_DESC_F_WRITE 2u
#define VIRTQ_DESC_F_INDIRECT 4u
#define VIRTQ_AVAIL_F_NO_INTERRUPT 1u

struct virtio_queue {
    uint32_t num;        /* as the driver wrote it; checked when used */
    bool ready;
    uint64_t desc, avail, used;
    uint16_t last_avail; /* the next available-ring entry to take */
    uint16_t used_idx;   /* our own copy: the guest may scribble on used->idx */
};

struct virtio_mmio {
    struct dev_host host;
    struct irq_line irq;
    uint64_t base;
    const struct virtio_backend_ops *ops; /* NULL: empty slot */
    void *be;

    uint32_t status;
    uint32_t dev_features_sel, drv_features_sel;
    uint64_t driver_features;
    uint32_t queue_sel;
    uint32_t int_status;
    struct virtio_queue q[VIRTIO_MAX_QUEUES];
};

static unsigned virtio_nqueues(const struct virtio_mmio *v)
{
    return v->ops ? v->ops->num_queues : 0;
}

static uint64_t virtio_device_features(const struct virtio_mmio *v)
{
    uint64_t f = VIRTIO_F_VERSION_1;
    if (v->ops && v->ops->features)
        f |= v->ops->features(v->be);
    return f;
}

static struct virtio_queue *virtio_sel_queue(struct virtio_mmio *v)
{
    return v->queue_sel < virtio_nqueues(v) ? &v->q[v->queue_sel] : NULL;
}

/* Drive the line from InterruptStatus.  As QEMU 7.2's virtio-mmio does, at
 * each used-buffer or configuration notification, InterruptACK write and
 * reset, whether or not the level changes (see core/device.h). */
static void virtio_irq_update(struct virtio_mmio *v)
{
    irq_line_set(&v->irq, v->int_status != 0);
}

/* ---- guest memory ---- */

static uint16_t virtio_le16(const uint8_t *p) { return (uint16_t)(p[0] | p[1] << 8); }

static uint32_t virtio_le32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint64_t virtio_le64(const uint8_t *p)
{
    return (uint64_t)virtio_le32(p) | (uint64_t)virtio_le32(p + 4) << 32;
}

static int virtio_dma_read(struct virtio_mmio *v, uint64_t addr, void *buf, size_t len)
{
    if (!v->host.dma_read || v->host.dma_read(v->host.opaque, addr, buf, len)) {
        virtio_mmio_set_broken(v);
        return -1;
    }
    return 0;
}

static int virtio_dma_write(struct virtio_mmio *v, uint64_t addr, const void *buf, size_t len)
{
    if (!v->host.dma_write || v->host.dma_write(v->host.opaque, addr, buf, len)) {
        virtio_mmio_set_broken(v);
        return -1;
    }
    return 0;
}

static int virtio_read16(struct virtio_mmio *v, uint64_t addr, uint16_t *val)
{
    uint8_t b[2];
    if (virtio_dma_read(v, addr, b, 2))
        return -1;
    *val = virtio_le16(b);
    return 0;
}

/* ---- queues, for backends ---- */

const struct dev_host *virtio_mmio_host(const struct virtio_mmio *v)
{
    return &v->host;
}

uint64_t virtio_mmio_driver_features(const struct virtio_mmio *v)
{
    return v->driver_features;
}

void *virtio_mmio_backend(const struct virtio_mmio *v, const struct virtio_backend_ops *ops)
{
    return v->ops && v->ops == ops ? v->be : NULL;
}

bool virtio_mmio_broken(const struct virtio_mmio *v)
{
    return v->status & VIRTIO_STATUS_NEEDS_RESET;
}

void virtio_mmio_set_broken(struct virtio_mmio *v)
{
    if (virtio_mmio_broken(v))
        return;
    v->status |= VIRTIO_STATUS_NEEDS_RESET;
    /* The spec asks for a configuration change notification once the
     * driver is live; before that it may have no handler to take it. */
    if (v->status & VIRTIO_STATUS_DRIVER_OK) {
        v->int_status |= VIRTIO_INT_CONFIG;
        virtio_irq_update(v);
    }
}

static bool virtio_queue_usable(const struct virtio_mmio *v, unsigned queue)
{
    return queue < virtio_nqueues(v) && v->q[queue].ready && !virtio_mmio_broken(v) &&
           (v->status & VIRTIO_STATUS_DRIVER_OK);
}

/* Split rings index modulo the size with free-running 16-bit counters,
 * which only works for powers of two. */
static bool virtio_num_valid(uint32_t num)
{
    return num != 0 && num <= VIRTIO_QUEUE_MAX && !(num & (num - 1));
}

static int virtio_bad(struct virtio_mmio *v)
{
    virtio_mmio_set_broken(v);
    return -1;
}

int virtio_queue_next(struct virtio_mmio *v, unsigned queue, struct virtio_req *req)
{
    if (!virtio_queue_usable(v, queue))
        return 0;
    const struct virtio_queue *q = &v->q[queue];
    if (!virtio_num_valid(q->num))
        return virtio_bad(v);
    uint16_t avail_idx, head;
    if (virtio_read16(v, q->avail + 2, &avail_idx))
        return -1;
    uint16_t waiting = (uint16_t)(avail_idx - q->last_avail);
    if (waiting == 0)
        return 0;
    if (waiting > q->num)
        return virtio_bad(v); /* the driver claims more than the ring holds */
    if (virtio_read16(v, q->avail + 4 + 2ull * (q->last_avail % q->num), &head))
        return -1;
    if (head >= q->num)
        return virtio_bad(v);

    req->queue = queue;
    req->head = head;
    req->nout = req->nin = 0;
    req->out_len = req->in_len = 0;
    uint16_t i = head;
    for (unsigned n = 0;; n++) {
        if (n == q->num)
            return virtio_bad(v); /* more links than descriptors: a loop */
        uint8_t d[VIRTQ_DESC_SIZE];
        if (virtio_dma_read(v, q->desc + (uint64_t)VIRTQ_DESC_SIZE * i, d, sizeof d))
            return -1;
        uint64_t addr = virtio_le64(d);
        uint32_t len = virtio_le32(d + 8);
        uint16_t flags = virtio_le16(d + 12), next = virtio_le16(d + 14);
        if ((flags & VIRTQ_DESC_F_INDIRECT) || addr + len < addr)
            return virtio_bad(v); /* indirect was never offered */
        if (flags & VIRTQ_DESC_F_WRITE) {
            req->nin++;
            req->in_len += len;
        } else {
            if (req->nin)
                return virtio_bad(v); /* readable after writable */
            req->nout++;
            req->out_len += len;
        }
        req->seg[n] = (struct virtio_seg){addr, len};
        if (!(flags & VIRTQ_DESC_F_NEXT))
            break;
        if (next >= q->num)
            return virtio_bad(v);
        i = next;
    }
    return 1;
}

/* Walk the readable part (into `in`) or the writable part (from `out`) of
 * a chain; exactly one of in/out is non-NULL. */
static int virtio_req_copy(struct virtio_mmio *v, const struct virtio_req *req, uint64_t off,
                           uint8_t *in, const uint8_t *out, size_t len)
{
    bool to_guest = out != NULL;
    unsigned first = to_guest ? req->nout : 0;
    unsigned end = first + (to_guest ? req->nin : req->nout);
    uint64_t total = to_guest ? req->in_len : req->out_len;
    if (off > total || len > total - off)
        return -1;
    for (unsigned i = first; i < end && len; i++) {
        const struct virtio_seg *s = &req->seg[i];
        if (off >= s->len) {
            off -= s->len;
            continue;
        }
        size_t chunk = s->len - off < len ? (size_t)(s->len - off) : len;
        if (to_guest) {
            if (virtio_dma_write(v, s->addr + off, out, chunk))
                return -1;
            out += chunk;
        } else {
            if (virtio_dma_read(v, s->addr + off, in, chunk))
                return -1;
            in += chunk;
        }
        len -= chunk;
        off = 0;
    }
    return 0;
}

int virtio_req_read(struct virtio_mmio *v, const struct virtio_req *req, uint64_t off,
                    void *buf, size_t len)
{
    return virtio_req_copy(v, req, off, buf, NULL, len);
}

int virtio_req_write(struct virtio_mmio *v, const struct virtio_req *req, uint64_t off,
                     const void *buf, size_t len)
{
    return virtio_req_copy(v, req, off, NULL, buf, len);
}

void virtio_queue_complete(struct virtio_mmio *v, const struct virtio_req *req, uint32_t written)
{
    if (!virtio_queue_usable(v, req->queue) || !virtio_num_valid(v->q[req->queue].num))
        return;
    struct virtio_queue *q = &v->q[req->queue];
    uint8_t elem[8] = {
        (uint8_t)req->head, (uint8_t)(req->head >> 8), 0, 0,
        (uint8_t)written, (uint8_t)(written >> 8), (uint8_t)(written >> 16),
        (uint8_t)(written >> 24),
    };
    if (virtio_dma_write(v, q->used + 4 + 8ull * (q->used_idx % q->num), elem, sizeof elem))
        return;
    q->used_idx++;
    q->last_avail++;
    uint8_t idx[2] = {(uint8_t)q->used_idx, (uint8_t)(q->used_idx >> 8)};
    uint16_t flags;
    if (virtio_dma_write(v, q->used + 2, idx, sizeof idx) ||
        virtio_read16(v, q->avail, &flags))
        return;
    if (!(flags & VIRTQ_AVAIL_F_NO_INTERRUPT)) {
        v->int_status |= VIRTIO_INT_USED;
        virtio_irq_update(v);
    }
}

/* ---- registers ---- */

static void virtio_do_reset(struct virtio_mmio *v)
{
    v->status = 0;
    v->dev_features_sel = v->drv_features_sel = 0;
    v->driver_features = 0;
    v->queue_sel = 0;
    v->int_status = 0;
    memset(v->q, 0, sizeof v->q);
    if (v->ops && v->ops->reset)
        v->ops->reset(v->be);
    virtio_irq_update(v);
}

static uint32_t virtio_reg_read(struct virtio_mmio *v, uint64_t reg)
{
    switch (reg) {
    case VIRTIO_MMIO_REG_MAGIC:
        return VIRTIO_MMIO_MAGIC;
    case VIRTIO_MMIO_REG_VERSION:
        return 2;
    case VIRTIO_MMIO_REG_DEVICE_ID:
        return v->ops ? v->ops->device_id : 0;
    case VIRTIO_MMIO_REG_VENDOR_ID:
        return VIRTIO_MMIO_VENDOR;
    default:
        break;
    }
    if (!v->ops)
        return 0;
    const struct virtio_queue *q = virtio_sel_queue(v);
    switch (reg) {
    case VIRTIO_MMIO_REG_DEVICE_FEATURES:
        return v->dev_features_sel < 2
                   ? (uint32_t)(virtio_device_features(v) >> (32 * v->dev_features_sel))
                   : 0;
    case VIRTIO_MMIO_REG_QUEUE_NUM_MAX:
        return q ? VIRTIO_QUEUE_MAX : 0; /* 0: no such queue */
    case VIRTIO_MMIO_REG_QUEUE_NUM:
        return q ? q->num : 0;
    case VIRTIO_MMIO_REG_QUEUE_READY:
        return q ? q->ready : 0;
    case VIRTIO_MMIO_REG_INTERRUPT_STATUS:
        return v->int_status;
    case VIRTIO_MMIO_REG_STATUS:
        return v->status;
    case VIRTIO_MMIO_REG_QUEUE_DESC_LOW:
        return q ? (uint32_t)q->desc : 0;
    case VIRTIO_MMIO_REG_QUEUE_DESC_HIGH:
        return q ? (uint32_t)(q->desc >> 32) : 0;
    case VIRTIO_MMIO_REG_QUEUE_DRIVER_LOW:
        return q ? (uint32_t)q->avail : 0;
    case VIRTIO_MMIO_REG_QUEUE_DRIVER_HIGH:
        return q ? (uint32_t)(q->avail >> 32) : 0;
    case VIRTIO_MMIO_REG_QUEUE_DEVICE_LOW:
        return q ? (uint32_t)q->used : 0;
    case VIRTIO_MMIO_REG_QUEUE_DEVICE_HIGH:
        return q ? (uint32_t)(q->used >> 32) : 0;
    case VIRTIO_MMIO_REG_SHM_LEN_LOW:
    case VIRTIO_MMIO_REG_SHM_LEN_HIGH:
        return 0xffffffffu; /* length ~0: no shared memory regions */
    case VIRTIO_MMIO_REG_CONFIG_GENERATION:
        return 0; /* no config field ever changes under the driver */
    default:
        return 0; /* write-only and reserved registers */
    }
}

static void virtio_set_addr_half(uint64_t *addr, bool high, uint32_t val)
{
    if (high)
        *addr = (*addr & 0xffffffffull) | (uint64_t)val << 32;
    else
        *addr = (*addr & ~0xffffffffull) | val;
}

static void virtio_write_status(struct virtio_mmio *v, uint32_t val)
{
    if (val == 0) {
        virtio_do_reset(v);
        return;
    }
    uint32_t old = v->status;
    /* NEEDS_RESET is the device's to set; only a reset clears it. */
    uint32_t nv = (val & 0xffu & ~VIRTIO_STATUS_NEEDS_RESET) | (old & VIRTIO_STATUS_NEEDS_RESET);
    /* Refuse FEATURES_OK for features never offered.  A driver that does
     * not accept VERSION_1 (xv6 writes only the low word) is still taken,
     * as QEMU takes it. */
    if ((nv & VIRTIO_STATUS_FEATURES_OK) && !(old & VIRTIO_STATUS_FEATURES_OK) &&
        (v->driver_features & ~virtio_device_features(v)))
        nv &= ~VIRTIO_STATUS_FEATURES_OK;
    v->status = nv;
}

static void virtio_notify(struct virtio_mmio *v, uint32_t queue)
{
    if (!virtio_queue_usable(v, queue) || !v->ops->notify)
        return;
    v->ops->notify(v->be, v, queue);
}

static void virtio_reg_write(struct virtio_mmio *v, uint64_t reg, uint32_t val)
{
    struct virtio_queue *q = virtio_sel_queue(v);
    switch (reg) {
    case VIRTIO_MMIO_REG_DEVICE_FEATURES_SEL:
        v->dev_features_sel = val;
        break;
    case VIRTIO_MMIO_REG_DRIVER_FEATURES:
        /* After FEATURES_OK the set is fixed. */
        if (v->drv_features_sel < 2 && !(v->status & VIRTIO_STATUS_FEATURES_OK)) {
            unsigned sh = 32 * v->drv_features_sel;
            v->driver_features = (v->driver_features & ~(0xffffffffull << sh)) |
                                 (uint64_t)val << sh;
        }
        break;
    case VIRTIO_MMIO_REG_DRIVER_FEATURES_SEL:
        v->drv_features_sel = val;
        break;
    case VIRTIO_MMIO_REG_QUEUE_SEL:
        v->queue_sel = val;
        break;
    case VIRTIO_MMIO_REG_QUEUE_NUM:
        if (q)
            q->num = val;
        break;
    case VIRTIO_MMIO_REG_QUEUE_READY:
        if (q)
            q->ready = val & 1;
        break;
    case VIRTIO_MMIO_REG_QUEUE_NOTIFY:
        virtio_notify(v, val);
        break;
    case VIRTIO_MMIO_REG_INTERRUPT_ACK:
        v->int_status &= ~val;
        virtio_irq_update(v);
        break;
    case VIRTIO_MMIO_REG_STATUS:
        virtio_write_status(v, val);
        break;
    case VIRTIO_MMIO_REG_QUEUE_DESC_LOW:
    case VIRTIO_MMIO_REG_QUEUE_DESC_HIGH:
        if (q)
            virtio_set_addr_half(&q->desc, reg & 4, val);
        break;
    case VIRTIO_MMIO_REG_QUEUE_DRIVER_LOW:
    case VIRTIO_MMIO_REG_QUEUE_DRIVER_HIGH:
        if (q)
            virtio_set_addr_half(&q->avail, reg & 4, val);
        break;
    case VIRTIO_MMIO_REG_QUEUE_DEVICE_LOW:
    case VIRTIO_MMIO_REG_QUEUE_DEVICE_HIGH:
        if (q)
            virtio_set_addr_half(&q->used, reg & 4, val);
        break;
    default:
        break; /* read-only and reserved registers */
    }
}

static int virtio_mmio_read(void *dev, uint64_t off, unsigned size, uint64_t *val)
{
    struct virtio_mmio *v = dev;
    uint8_t config[VIRTIO_CONFIG_MAX];
    bool have_config = false;
    /* Register reads have no side effects, so any access may simply see
     * the bytes of the 32-bit registers (or config bytes) it covers. */
    uint64_t r = 0;
    for (unsigned i = 0; i < size; i++) {
        uint64_t a = off + i, byte = 0;
        if (a < VIRTIO_MMIO_CONFIG) {
            byte = (virtio_reg_read(v, a & ~3ull) >> (8 * (a & 3))) & 0xff;
        } else if (v->ops && v->ops->config_read && a - VIRTIO_MMIO_CONFIG < VIRTIO_CONFIG_MAX) {
            if (!have_config) {
                memset(config, 0, sizeof config);
                v->ops->config_read(v->be, config);
                have_config = true;
            }
            byte = config[a - VIRTIO_MMIO_CONFIG];
        }
        r |= byte << (8 * i);
    }
    *val = r;
    return 0;
}

static int virtio_mmio_write(void *dev, uint64_t off, unsigned size, uint64_t val)
{
    struct virtio_mmio *v = dev;
    if (!v->ops)
        return 0; /* an empty slot has nothing to configure */
    if (off >= VIRTIO_MMIO_CONFIG) {
        if (v->ops->config_write && off - VIRTIO_MMIO_CONFIG < VIRTIO_CONFIG_MAX)
            v->ops->config_write(v->be, off - VIRTIO_MMIO_CONFIG, size, val);
        return 0;
    }
    /* Registers take 32-bit stores; a 64-bit one is two of them, low
     * first, the order a 32-bit driver would use.  Narrower stores are a
     * driver bug and are dropped, as QEMU drops them. */
    if (size == 4 && !(off & 3)) {
        virtio_reg_write(v, off, (uint32_t)val);
    } else if (size == 8 && !(off & 7)) {
        virtio_reg_write(v, off, (uint32_t)val);
        virtio_reg_write(v, off + 4, (uint32_t)(val >> 32));
    }
    return 0;
}

static const struct mmio_ops virtio_mmio_ops = {
    .read = virtio_mmio_read,
    .write = virtio_mmio_write,
};

/* ---- device contract ---- */

static void virtio_mmio_reset(void *state)
{
    virtio_do_reset(state);
}

static void virtio_mmio_destroy(void *state)
{
    struct virtio_mmio *v = state;
    if (v->ops && v->ops->destroy)
        v->ops->destroy(v->be);
    free(v);
}

static void virtio_mmio_save(void *state, struct sbuf *w)
{
    struct virtio_mmio *v = state;
    put_u32(w, VIRTIO_SAVE_TAG);
    put_u8(w, VIRTIO_SAVE_VERSION);
    put_u32(w, v->ops ? v->ops->device_id : 0);
    put_u32(w, v->status);
    put_u32(w, v->dev_features_sel);
    put_u32(w, v->drv_features_sel);
    put_u64(w, v->driver_features);
    put_u32(w, v->queue_sel);
    put_u32(w, v->int_status);
    unsigned nq = virtio_nqueues(v);
    put_u8(w, (uint8_t)nq);
    for (unsigned i = 0; i < nq; i++) {
        const struct virtio_queue *q = &v->q[i];
        put_u32(w, q->num);
        put_bool(w, q->ready);
        put_u64(w, q->desc);
        put_u64(w, q->avail);
        put_u64(w, q->used);
        put_u16(w, q->last_avail);
        put_u16(w, q->used_idx);
    }
    if (v->ops && v->ops->save)
        v->ops->save(v->be, w);
}

static int virtio_mmio_load(void *state, struct sreader *r)
{
    struct virtio_mmio *v = state;
    struct virtio_mmio t = *v;
    bool ok = get_u32(r) == VIRTIO_SAVE_TAG;
    ok &= get_u8(r) == VIRTIO_SAVE_VERSION;
    ok &= get_u32(r) == (v->ops ? v->ops->device_id : 0);
    t.status = get_u32(r);
    t.dev_features_sel = get_u32(r);
    t.drv_features_sel = get_u32(r);
    t.driver_features = get_u64(r);
    t.queue_sel = get_u32(r);
    t.int_status = get_u32(r);
    unsigned nq = get_u8(r);
    ok &= nq == virtio_nqueues(v);
    ok &= t.status <= 0xff && t.int_status <= (VIRTIO_INT_USED | VIRTIO_INT_CONFIG);
    for (unsigned i = 0; ok && i < nq; i++) {
        struct virtio_queue *q = &t.q[i];
        q->num = get_u32(r);
        uint8_t ready = get_u8(r);
        ok &= ready <= 1;
        q->ready = ready;
        q->desc = get_u64(r);
        q->avail = get_u64(r);
        q->used = get_u64(r);
        q->last_avail = get_u16(r);
        q->used_idx = get_u16(r);
    }
    if (!ok || r->bad)
        return -1;
    /* The backend loads last and atomically, so a failure anywhere leaves
     * the whole device as it was. */
    if (v->ops && v->ops->load && v->ops->load(v->be, r))
        return -1;
    *v = t; /* the PLIC's own image holds the line's effect */
    return 0;
}

static int virtio_mmio_fdt_node(void *state, void *fdt, int soc, const struct fdt_ctx *ctx)
{
    struct virtio_mmio *v = state;
    char name[40];
    snprintf(name, sizeof name, "virtio_mmio@%llx", (unsigned long long)v->base);
    int node = fdt_add_subnode(fdt, soc, name);
    if (node < 0)
        return node;
    uint64_t reg[2] = {cpu_to_fdt64(v->base), cpu_to_fdt64(VIRTIO_MMIO_SIZE)};
    int r;
    if ((r = fdt_setprop_string(fdt, node, "compatible", "virtio,mmio")) < 0 ||
        (r = fdt_setprop(fdt, node, "reg", reg, sizeof reg)) < 0 ||
        (r = fdt_setprop_u32(fdt, node, "interrupts", v->irq.irq)) < 0)
        return r;
    if (ctx->plic_phandle &&
        (r = fdt_setprop_u32(fdt, node, "interrupt-parent", ctx->plic_phandle)) < 0)
        return r;
    return 0;
}

struct virtio_mmio *virtio_mmio_create(const struct dev_host *host, struct irq_line irq)
{
    struct virtio_mmio *v = calloc(1, sizeof *v);
    if (!v)
        return NULL;
    v->host = *host;
    v->irq = irq;
    return v;
}

int virtio_mmio_attach(struct virtio_mmio *v, const struct virtio_backend_ops *ops, void *be)
{
    if (v->ops || !ops || ops->num_queues > VIRTIO_MAX_QUEUES)
        return -1;
    v->ops = ops;
    v->be = be;
    return 0;
}

void virtio_mmio_device(struct virtio_mmio *v, uint64_t base, struct device *d)
{
    v->base = base;
    memset(d, 0, sizeof *d);
    d->name = v->ops && v->ops->name ? v->ops->name : "virtio_mmio";
    d->base = base;
    d->size = VIRTIO_MMIO_SIZE;
    d->ops = &virtio_mmio_ops;
    d->state = v;
    d->fdt_node = virtio_mmio_fdt_node;
    d->reset = virtio_mmio_reset;
    d->destroy = virtio_mmio_destroy;
    d->save = virtio_mmio_save;
    d->load = virtio_mmio_load;
}
