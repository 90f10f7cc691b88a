/* virtio-blk backend (virtio 1.x §5.2). */
#include "devices/virtio_blk.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/serial.h"

#define VIRTIO_ID_BLOCK 2
#define VIRTIO_BLK_SECTOR 512u

#define VIRTIO_BLK_F_SEG_MAX (1ull << 2)
#define VIRTIO_BLK_F_RO (1ull << 5)
#define VIRTIO_BLK_F_BLK_SIZE (1ull << 6)
#define VIRTIO_BLK_F_FLUSH (1ull << 9)

#define VIRTIO_BLK_T_IN 0
#define VIRTIO_BLK_T_OUT 1
#define VIRTIO_BLK_T_FLUSH 4
#define VIRTIO_BLK_T_GET_ID 8

#define VIRTIO_BLK_S_OK 0
#define VIRTIO_BLK_S_IOERR 1
#define VIRTIO_BLK_S_UNSUPP 2

#define VIRTIO_BLK_HDR_SIZE 16 /* le32 type, le32 reserved, le64 sector */
#define VIRTIO_BLK_ID_BYTES 20
/* The header and the status byte take two descriptors of a chain. */
#define VIRTIO_BLK_SEG_MAX (VIRTIO_QUEUE_MAX - 2)
#define VIRTIO_BLK_BOUNCE (64u * 1024)

#define VIRTIO_BLK_SAVE_TAG 0x4b4c4256u /* "VBLK" */
#define VIRTIO_BLK_SAVE_VERSION 1

struct virtio_blk {
    struct disk_image *img;
    uint64_t capacity; /* sectors */
    uint8_t bounce[VIRTIO_BLK_BOUNCE];
};

static uint64_t virtio_blk_features(void *be)
{
    struct virtio_blk *b = be;
    uint64_t f = VIRTIO_BLK_F_SEG_MAX | VIRTIO_BLK_F_BLK_SIZE | VIRTIO_BLK_F_FLUSH;
    if (disk_image_readonly(b->img))
        f |= VIRTIO_BLK_F_RO;
    return f;
}

static void virtio_blk_put_le(uint8_t *p, uint64_t v, unsigned n)
{
    for (unsigned i = 0; i < n; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

static size_t virtio_blk_config(void *be, uint8_t *buf)
{
    struct virtio_blk *b = be;
    /* struct virtio_blk_config: capacity @0, size_max @8, seg_max @12,
     * geometry @16, blk_size @20, topology @24..31, writeback @32. */
    virtio_blk_put_le(buf + 0, b->capacity, 8);
    virtio_blk_put_le(buf + 12, VIRTIO_BLK_SEG_MAX, 4);
    virtio_blk_put_le(buf + 20, VIRTIO_BLK_SECTOR, 4);
    return 36;
}

static bool virtio_blk_range_ok(const struct virtio_blk *b, uint64_t sector, uint64_t bytes)
{
    return bytes % VIRTIO_BLK_SECTOR == 0 && sector <= b->capacity &&
           bytes / VIRTIO_BLK_SECTOR <= b->capacity - sector;
}

/* Disk → guest.  -1 only when guest memory failed (device broken). */
static int virtio_blk_do_in(struct virtio_blk *b, struct virtio_mmio *v,
                            const struct virtio_req *req, uint64_t sector, uint64_t len,
                            uint8_t *status)
{
    if (!virtio_blk_range_ok(b, sector, len)) {
        *status = VIRTIO_BLK_S_IOERR;
        return 0;
    }
    for (uint64_t done = 0; done < len;) {
        size_t n = len - done < VIRTIO_BLK_BOUNCE ? (size_t)(len - done) : VIRTIO_BLK_BOUNCE;
        if (disk_image_read(b->img, sector * VIRTIO_BLK_SECTOR + done, b->bounce, n)) {
            *status = VIRTIO_BLK_S_IOERR;
            return 0;
        }
        if (virtio_req_write(v, req, done, b->bounce, n))
            return -1;
        done += n;
    }
    return 0;
}

/* Guest → overlay. */
static int virtio_blk_do_out(struct virtio_blk *b, struct virtio_mmio *v,
                             const struct virtio_req *req, uint64_t sector, uint64_t len,
                             uint8_t *status)
{
    if (disk_image_readonly(b->img) || !virtio_blk_range_ok(b, sector, len)) {
        *status = VIRTIO_BLK_S_IOERR;
        return 0;
    }
    for (uint64_t done = 0; done < len;) {
        size_t n = len - done < VIRTIO_BLK_BOUNCE ? (size_t)(len - done) : VIRTIO_BLK_BOUNCE;
        if (virtio_req_read(v, req, VIRTIO_BLK_HDR_SIZE + done, b->bounce, n))
            return -1;
        if (disk_image_write(b->img, sector * VIRTIO_BLK_SECTOR + done, b->bounce, n)) {
            *status = VIRTIO_BLK_S_IOERR;
            return 0;
        }
        done += n;
    }
    return 0;
}

/* One request; -1 when the device broke and processing must stop. */
static int virtio_blk_request(struct virtio_blk *b, struct virtio_mmio *v,
                              const struct virtio_req *req)
{
    uint8_t hdr[VIRTIO_BLK_HDR_SIZE];
    /* Without a header or a status byte there is no way to answer. */
    if (req->out_len < VIRTIO_BLK_HDR_SIZE || req->in_len < 1) {
        virtio_mmio_set_broken(v);
        return -1;
    }
    if (virtio_req_read(v, req, 0, hdr, sizeof hdr))
        return -1;
    uint32_t type = (uint32_t)hdr[0] | (uint32_t)hdr[1] << 8 | (uint32_t)hdr[2] << 16 |
                    (uint32_t)hdr[3] << 24;
    uint64_t sector = 0;
    for (int i = 7; i >= 0; i--)
        sector = sector << 8 | hdr[8 + i];
    uint64_t in_data = req->in_len - 1; /* the status byte is the last one */
    uint8_t status = VIRTIO_BLK_S_OK;
    uint32_t written = 0;
    switch (type) {
    case VIRTIO_BLK_T_IN:
        if (virtio_blk_do_in(b, v, req, sector, in_data, &status))
            return -1;
        if (status == VIRTIO_BLK_S_OK)
            written = (uint32_t)(in_data > UINT32_MAX - 1 ? UINT32_MAX - 1 : in_data);
        break;
    case VIRTIO_BLK_T_OUT:
        if (virtio_blk_do_out(b, v, req, sector, req->out_len - VIRTIO_BLK_HDR_SIZE, &status))
            return -1;
        break;
    case VIRTIO_BLK_T_FLUSH:
        break; /* the overlay is the disk: nothing is ever in flight */
    case VIRTIO_BLK_T_GET_ID: {
        char id[VIRTIO_BLK_ID_BYTES + 1] = {0};
        snprintf(id, sizeof id, "%016llx", (unsigned long long)disk_image_hash(b->img));
        written = in_data < VIRTIO_BLK_ID_BYTES ? (uint32_t)in_data : VIRTIO_BLK_ID_BYTES;
        if (virtio_req_write(v, req, 0, id, written))
            return -1;
        break;
    }
    default:
        status = VIRTIO_BLK_S_UNSUPP;
        break;
    }
    if (virtio_req_write(v, req, in_data, &status, 1))
        return -1;
    virtio_queue_complete(v, req, written + 1);
    return virtio_mmio_broken(v) ? -1 : 0;
}

static void virtio_blk_notify(void *be, struct virtio_mmio *v, unsigned queue)
{
    struct virtio_blk *b = be;
    struct virtio_req req;
    while (virtio_queue_next(v, queue, &req) == 1)
        if (virtio_blk_request(b, v, &req))
            return;
}

static void virtio_blk_reset(void *be)
{
    (void)be; /* the disk contents survive a device reset, as on hardware */
}

static void virtio_blk_save(void *be, struct sbuf *w)
{
    struct virtio_blk *b = be;
    put_u32(w, VIRTIO_BLK_SAVE_TAG);
    put_u8(w, VIRTIO_BLK_SAVE_VERSION);
    put_u64(w, b->capacity);
    put_bool(w, disk_image_readonly(b->img));
    disk_image_overlay_save(b->img, w);
}

static int virtio_blk_load(void *be, struct sreader *r)
{
    struct virtio_blk *b = be;
    bool ok = get_u32(r) == VIRTIO_BLK_SAVE_TAG;
    ok &= get_u8(r) == VIRTIO_BLK_SAVE_VERSION;
    ok &= get_u64(r) == b->capacity;
    ok &= get_u8(r) == (disk_image_readonly(b->img) ? 1 : 0);
    if (!ok || r->bad)
        return -1;
    return disk_image_overlay_load(b->img, r);
}

static const struct virtio_backend_ops virtio_blk_ops = {
    .name = "virtio_blk",
    .device_id = VIRTIO_ID_BLOCK,
    .num_queues = 1,
    .features = virtio_blk_features,
    .config_read = virtio_blk_config,
    .config_write = NULL, /* CONFIG_WCE is not offered: nothing is writable */
    .notify = virtio_blk_notify,
    .reset = virtio_blk_reset,
    .save = virtio_blk_save,
    .load = virtio_blk_load,
    .destroy = free,
};

struct virtio_mmio *virtio_blk_create(const struct dev_host *host, struct irq_line irq,
                                      struct disk_image *img)
{
    struct virtio_blk *b = calloc(1, sizeof *b);
    struct virtio_mmio *v = virtio_mmio_create(host, irq);
    if (!b || !v || virtio_mmio_attach(v, &virtio_blk_ops, b)) {
        free(b);
        free(v);
        return NULL;
    }
    b->img = img;
    b->capacity = disk_image_size(img) / VIRTIO_BLK_SECTOR;
    return v;
}
