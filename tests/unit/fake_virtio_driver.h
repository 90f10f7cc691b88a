/* A minimal virtio-mmio driver for unit tests, playing the guest over the
 * fake host's RAM: it brings a device up the way xv6's virtio_disk_init
 * does and builds split-ring chains by hand, so tests can also build the
 * malformed ones a buggy guest would. */
#ifndef REWIND_TESTS_FAKE_VIRTIO_DRIVER_H
#define REWIND_TESTS_FAKE_VIRTIO_DRIVER_H

#include <stdint.h>
#include <string.h>

#include "devices/virtio_mmio.h"
#include "tests/unit/fake_host.h"

#define VD_RAM_BASE 0x80000000ull
#define VD_DESC (VD_RAM_BASE + 0x1000)
#define VD_AVAIL (VD_RAM_BASE + 0x2000)
#define VD_USED (VD_RAM_BASE + 0x3000)
#define VD_BUF (VD_RAM_BASE + 0x10000) /* free for request buffers */

/* Register offsets. */
enum {
    VD_MAGIC = 0x000, VD_VERSION = 0x004, VD_DEVICE_ID = 0x008, VD_VENDOR_ID = 0x00c,
    VD_DEV_FEATURES = 0x010, VD_DEV_FEATURES_SEL = 0x014,
    VD_DRV_FEATURES = 0x020, VD_DRV_FEATURES_SEL = 0x024,
    VD_QUEUE_SEL = 0x030, VD_QUEUE_NUM_MAX = 0x034, VD_QUEUE_NUM = 0x038,
    VD_QUEUE_READY = 0x044, VD_QUEUE_NOTIFY = 0x050,
    VD_INT_STATUS = 0x060, VD_INT_ACK = 0x064, VD_STATUS = 0x070,
    VD_DESC_LO = 0x080, VD_DESC_HI = 0x084, VD_DRIVER_LO = 0x090, VD_DRIVER_HI = 0x094,
    VD_DEVICE_LO = 0x0a0, VD_DEVICE_HI = 0x0a4, VD_CONFIG_GEN = 0x0fc, VD_CONFIG = 0x100,
};

#define VD_F_NEXT 1
#define VD_F_WRITE 2
#define VD_F_INDIRECT 4

struct vdrv {
    const struct device *d;
    uint8_t *ram;
    unsigned num;
    uint16_t avail_idx;
};

static inline void vd_put(struct vdrv *v, uint64_t addr, uint64_t val, unsigned n)
{
    for (unsigned i = 0; i < n; i++)
        v->ram[addr - VD_RAM_BASE + i] = (uint8_t)(val >> (8 * i));
}

static inline uint64_t vd_get(const struct vdrv *v, uint64_t addr, unsigned n)
{
    uint64_t r = 0;
    for (unsigned i = n; i-- > 0;)
        r = r << 8 | v->ram[addr - VD_RAM_BASE + i];
    return r;
}

static inline uint32_t vd_rd(const struct vdrv *v, uint64_t off)
{
    return (uint32_t)dev_rd(v->d, off, 4);
}

static inline void vd_wr(const struct vdrv *v, uint64_t off, uint32_t val)
{
    dev_wr(v->d, off, 4, val);
}

/* xv6's bring-up: reset, ACK, DRIVER, take the low feature word minus
 * `clear`, FEATURES_OK, queue 0 of `num` entries, DRIVER_OK.  Returns the
 * status read back after FEATURES_OK. */
static inline uint32_t vd_init(struct vdrv *v, const struct device *d, uint8_t *ram,
                               unsigned num, uint32_t clear)
{
    v->d = d;
    v->ram = ram;
    v->num = num;
    v->avail_idx = 0;
    memset(ram + (VD_DESC - VD_RAM_BASE), 0, 0x3000 + 8 * 256);
    uint32_t status = 0;
    vd_wr(v, VD_STATUS, status);
    vd_wr(v, VD_STATUS, status |= VIRTIO_STATUS_ACKNOWLEDGE);
    vd_wr(v, VD_STATUS, status |= VIRTIO_STATUS_DRIVER);
    vd_wr(v, VD_DRV_FEATURES, vd_rd(v, VD_DEV_FEATURES) & ~clear);
    vd_wr(v, VD_STATUS, status |= VIRTIO_STATUS_FEATURES_OK);
    uint32_t back = vd_rd(v, VD_STATUS);
    vd_wr(v, VD_QUEUE_SEL, 0);
    vd_wr(v, VD_QUEUE_NUM, num);
    vd_wr(v, VD_DESC_LO, (uint32_t)VD_DESC);
    vd_wr(v, VD_DESC_HI, (uint32_t)(VD_DESC >> 32));
    vd_wr(v, VD_DRIVER_LO, (uint32_t)VD_AVAIL);
    vd_wr(v, VD_DRIVER_HI, (uint32_t)(VD_AVAIL >> 32));
    vd_wr(v, VD_DEVICE_LO, (uint32_t)VD_USED);
    vd_wr(v, VD_DEVICE_HI, (uint32_t)(VD_USED >> 32));
    vd_wr(v, VD_QUEUE_READY, 1);
    vd_wr(v, VD_STATUS, status |= VIRTIO_STATUS_DRIVER_OK);
    return back;
}

static inline void vd_desc(struct vdrv *v, unsigned i, uint64_t addr, uint32_t len,
                           uint16_t flags, uint16_t next)
{
    uint64_t at = VD_DESC + 16ull * i;
    vd_put(v, at, addr, 8);
    vd_put(v, at + 8, len, 4);
    vd_put(v, at + 12, flags, 2);
    vd_put(v, at + 14, next, 2);
}

/* Make chain `head` available (no notify). */
static inline void vd_offer(struct vdrv *v, uint16_t head)
{
    vd_put(v, VD_AVAIL + 4 + 2ull * (v->avail_idx % v->num), head, 2);
    v->avail_idx++;
    vd_put(v, VD_AVAIL + 2, v->avail_idx, 2);
}

static inline void vd_notify(struct vdrv *v, unsigned queue)
{
    vd_wr(v, VD_QUEUE_NOTIFY, queue);
}

static inline uint16_t vd_used_idx(const struct vdrv *v)
{
    return (uint16_t)vd_get(v, VD_USED + 2, 2);
}

static inline uint32_t vd_used_id(const struct vdrv *v, unsigned i)
{
    return (uint32_t)vd_get(v, VD_USED + 4 + 8ull * (i % v->num), 4);
}

static inline uint32_t vd_used_len(const struct vdrv *v, unsigned i)
{
    return (uint32_t)vd_get(v, VD_USED + 8 + 8ull * (i % v->num), 4);
}

/* ---- devices with several queues (virtio-net: rx, tx) ---- */

/* Rings of queue q: queue 0's where vd_init puts them, the others above,
 * all below VD_BUF for up to VIRTIO_MAX_QUEUES queues of 256. */
static inline uint64_t vd_q_desc(unsigned q)
{
    return q == 0 ? VD_DESC : VD_RAM_BASE + 0x4000 + 0x3000ull * (q - 1);
}
static inline uint64_t vd_q_avail(unsigned q) { return vd_q_desc(q) + 0x1000; }
static inline uint64_t vd_q_used(unsigned q) { return vd_q_desc(q) + 0x2000; }

struct vdrv_mq {
    struct vdrv v; /* for vd_rd / vd_wr / vd_put / vd_get / vd_notify */
    unsigned nq;
    uint16_t avail_idx[VIRTIO_MAX_QUEUES];
};

/* vd_init for `nq` queues of `num` entries each, all set up before
 * DRIVER_OK as the spec orders.  Takes the whole feature set (both words)
 * minus `clear` (low word) unless `legacy`, which takes the low word only,
 * as xv6 does.  Returns the status read back after FEATURES_OK. */
static inline uint32_t vdm_init(struct vdrv_mq *m, const struct device *d, uint8_t *ram,
                                unsigned num, unsigned nq, uint32_t clear, bool legacy)
{
    struct vdrv *v = &m->v;
    v->d = d;
    v->ram = ram;
    v->num = num;
    v->avail_idx = 0;
    m->nq = nq;
    memset(m->avail_idx, 0, sizeof m->avail_idx);
    memset(ram + (VD_DESC - VD_RAM_BASE), 0, vd_q_used(nq - 1) + 0x1000 - VD_DESC);
    uint32_t status = 0;
    vd_wr(v, VD_STATUS, status);
    vd_wr(v, VD_STATUS, status |= VIRTIO_STATUS_ACKNOWLEDGE);
    vd_wr(v, VD_STATUS, status |= VIRTIO_STATUS_DRIVER);
    vd_wr(v, VD_DEV_FEATURES_SEL, 0);
    vd_wr(v, VD_DRV_FEATURES_SEL, 0);
    vd_wr(v, VD_DRV_FEATURES, vd_rd(v, VD_DEV_FEATURES) & ~clear);
    if (!legacy) {
        vd_wr(v, VD_DEV_FEATURES_SEL, 1);
        vd_wr(v, VD_DRV_FEATURES_SEL, 1);
        vd_wr(v, VD_DRV_FEATURES, vd_rd(v, VD_DEV_FEATURES));
    }
    vd_wr(v, VD_STATUS, status |= VIRTIO_STATUS_FEATURES_OK);
    uint32_t back = vd_rd(v, VD_STATUS);
    for (unsigned q = 0; q < nq; q++) {
        vd_wr(v, VD_QUEUE_SEL, q);
        vd_wr(v, VD_QUEUE_NUM, num);
        vd_wr(v, VD_DESC_LO, (uint32_t)vd_q_desc(q));
        vd_wr(v, VD_DESC_HI, (uint32_t)(vd_q_desc(q) >> 32));
        vd_wr(v, VD_DRIVER_LO, (uint32_t)vd_q_avail(q));
        vd_wr(v, VD_DRIVER_HI, (uint32_t)(vd_q_avail(q) >> 32));
        vd_wr(v, VD_DEVICE_LO, (uint32_t)vd_q_used(q));
        vd_wr(v, VD_DEVICE_HI, (uint32_t)(vd_q_used(q) >> 32));
        vd_wr(v, VD_QUEUE_READY, 1);
    }
    vd_wr(v, VD_STATUS, status |= VIRTIO_STATUS_DRIVER_OK);
    return back;
}

static inline void vdm_desc(struct vdrv_mq *m, unsigned q, unsigned i, uint64_t addr,
                            uint32_t len, uint16_t flags, uint16_t next)
{
    uint64_t at = vd_q_desc(q) + 16ull * i;
    vd_put(&m->v, at, addr, 8);
    vd_put(&m->v, at + 8, len, 4);
    vd_put(&m->v, at + 12, flags, 2);
    vd_put(&m->v, at + 14, next, 2);
}

/* Make chain `head` of queue q available (no notify). */
static inline void vdm_offer(struct vdrv_mq *m, unsigned q, uint16_t head)
{
    vd_put(&m->v, vd_q_avail(q) + 4 + 2ull * (m->avail_idx[q] % m->v.num), head, 2);
    m->avail_idx[q]++;
    vd_put(&m->v, vd_q_avail(q) + 2, m->avail_idx[q], 2);
}

static inline uint16_t vdm_used_idx(const struct vdrv_mq *m, unsigned q)
{
    return (uint16_t)vd_get(&m->v, vd_q_used(q) + 2, 2);
}

static inline uint32_t vdm_used_id(const struct vdrv_mq *m, unsigned q, unsigned i)
{
    return (uint32_t)vd_get(&m->v, vd_q_used(q) + 4 + 8ull * (i % m->v.num), 4);
}

static inline uint32_t vdm_used_len(const struct vdrv_mq *m, unsigned q, unsigned i)
{
    return (uint32_t)vd_get(&m->v, vd_q_used(q) + 8 + 8ull * (i % m->v.num), 4);
}

#endif
