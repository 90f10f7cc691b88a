/* Disk images: read-only hashed base plus an in-memory overlay. */
#include "devices/disk_image.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xxhash.h>

#include "core/serial.h"

#define DISK_LEAF_BLOCKS 512u /* block pointers per second-level table */
#define DISK_SAVE_TAG 0x4c564f44u /* "DOVL" */
#define DISK_SAVE_VERSION 1

/* dir[i] is NULL or a table of DISK_LEAF_BLOCKS pointers, each NULL (the
 * block still reads from the base) or DISK_BLOCK_SIZE bytes of data. */
struct disk_overlay {
    uint8_t ***dir;
    uint64_t ndir;
    uint64_t nblocks; /* blocks present */
};

struct disk_image {
    int fd;
    bool readonly;
    char *path;
    uint64_t size, hash;
    uint64_t nblocks; /* blocks covering size, the last one maybe partial */
    struct disk_overlay ov;
};

static int disk_fail(char *err, size_t errlen, const char *path, const char *what, int e)
{
    if (err && errlen)
        snprintf(err, errlen, "%s: %s%s%s", path, what, e ? ": " : "", e ? strerror(e) : "");
    return -1;
}

/* ---- the overlay table ---- */

static int disk_overlay_init(struct disk_overlay *ov, uint64_t nblocks)
{
    ov->ndir = (nblocks + DISK_LEAF_BLOCKS - 1) / DISK_LEAF_BLOCKS;
    ov->nblocks = 0;
    ov->dir = ov->ndir ? calloc(ov->ndir, sizeof *ov->dir) : NULL;
    return ov->ndir && !ov->dir ? -1 : 0;
}

static void disk_overlay_free(struct disk_overlay *ov)
{
    for (uint64_t i = 0; i < ov->ndir; i++) {
        if (!ov->dir[i])
            continue;
        for (unsigned j = 0; j < DISK_LEAF_BLOCKS; j++)
            free(ov->dir[i][j]);
        free(ov->dir[i]);
    }
    free(ov->dir);
    memset(ov, 0, sizeof *ov);
}

static uint8_t *disk_overlay_get(const struct disk_overlay *ov, uint64_t blk)
{
    uint8_t **leaf = ov->dir[blk / DISK_LEAF_BLOCKS];
    return leaf ? leaf[blk % DISK_LEAF_BLOCKS] : NULL;
}

/* Install `data` (malloc'd, owned from now on) as block blk. */
static int disk_overlay_put(struct disk_overlay *ov, uint64_t blk, uint8_t *data)
{
    uint8_t ***leaf = &ov->dir[blk / DISK_LEAF_BLOCKS];
    if (!*leaf && !(*leaf = calloc(DISK_LEAF_BLOCKS, sizeof **leaf)))
        return -1;
    uint8_t **slot = &(*leaf)[blk % DISK_LEAF_BLOCKS];
    if (!*slot)
        ov->nblocks++;
    free(*slot);
    *slot = data;
    return 0;
}

/* ---- the base file ---- */

/* Bytes past the end of the file (the tail of the last block) read as 0. */
static int disk_base_read(struct disk_image *img, uint64_t off, uint8_t *buf, size_t len)
{
    while (len) {
        if (off >= img->size) {
            memset(buf, 0, len);
            return 0;
        }
        size_t want = img->size - off < len ? (size_t)(img->size - off) : len;
        ssize_t n = pread(img->fd, buf, want, (off_t)off);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return -1;
        if (n == 0) { /* the file shrank under us: nothing sane to return */
            memset(buf, 0, len);
            return -1;
        }
        buf += n;
        off += (uint64_t)n;
        len -= (size_t)n;
    }
    return 0;
}

static int disk_hash_file(struct disk_image *img)
{
    XXH3_state_t *st = XXH3_createState();
    uint8_t *buf = malloc(1u << 20);
    int r = -1;
    if (!st || !buf)
        goto out;
    XXH3_64bits_reset(st);
    for (uint64_t off = 0; off < img->size;) {
        size_t n = img->size - off < (1u << 20) ? (size_t)(img->size - off) : (1u << 20);
        if (disk_base_read(img, off, buf, n))
            goto out;
        XXH3_64bits_update(st, buf, n);
        off += n;
    }
    img->hash = XXH3_64bits_digest(st);
    r = 0;
out:
    free(buf);
    XXH3_freeState(st);
    return r;
}

struct disk_image *disk_image_open(const char *path, bool readonly, char *err, size_t errlen)
{
    struct disk_image *img = calloc(1, sizeof *img);
    if (!img) {
        disk_fail(err, errlen, path, "out of memory", 0);
        return NULL;
    }
    img->readonly = readonly;
    img->fd = open(path, O_RDONLY | O_CLOEXEC);
    if (img->fd < 0) {
        disk_fail(err, errlen, path, "cannot open the disk image", errno);
        free(img);
        return NULL;
    }
    struct stat st;
    off_t end;
    if (fstat(img->fd, &st) || (!S_ISREG(st.st_mode) && !S_ISBLK(st.st_mode))) {
        disk_fail(err, errlen, path, "not a regular file or block device", 0);
        goto bad;
    }
    /* lseek gives block devices' sizes too, where st_size is 0. */
    if ((end = lseek(img->fd, 0, SEEK_END)) < 0) {
        disk_fail(err, errlen, path, "cannot find the size", errno);
        goto bad;
    }
    img->size = (uint64_t)end;
    img->nblocks = (img->size + DISK_BLOCK_SIZE - 1) / DISK_BLOCK_SIZE;
    if (!(img->path = strdup(path)) || disk_overlay_init(&img->ov, img->nblocks)) {
        disk_fail(err, errlen, path, "out of memory", 0);
        goto bad;
    }
    if (disk_hash_file(img)) {
        disk_fail(err, errlen, path, "cannot read the disk image", errno);
        goto bad;
    }
    return img;
bad:
    disk_image_close(img);
    return NULL;
}

void disk_image_close(struct disk_image *img)
{
    if (!img)
        return;
    if (img->fd >= 0)
        close(img->fd);
    disk_overlay_free(&img->ov);
    free(img->path);
    free(img);
}

uint64_t disk_image_size(const struct disk_image *img) { return img->size; }
uint64_t disk_image_hash(const struct disk_image *img) { return img->hash; }
bool disk_image_readonly(const struct disk_image *img) { return img->readonly; }
const char *disk_image_path(const struct disk_image *img) { return img->path; }
uint64_t disk_image_overlay_blocks(const struct disk_image *img) { return img->ov.nblocks; }

static bool disk_range_ok(const struct disk_image *img, uint64_t off, size_t len)
{
    return off <= img->size && len <= img->size - off;
}

int disk_image_read(struct disk_image *img, uint64_t off, void *buf, size_t len)
{
    if (!disk_range_ok(img, off, len))
        return -1;
    uint8_t *p = buf;
    while (len) {
        uint64_t blk = off / DISK_BLOCK_SIZE;
        size_t in = (size_t)(off % DISK_BLOCK_SIZE);
        size_t n = DISK_BLOCK_SIZE - in < len ? DISK_BLOCK_SIZE - in : len;
        const uint8_t *data = disk_overlay_get(&img->ov, blk);
        if (data)
            memcpy(p, data + in, n);
        else if (disk_base_read(img, off, p, n))
            return -1;
        p += n;
        off += n;
        len -= n;
    }
    return 0;
}

int disk_image_write(struct disk_image *img, uint64_t off, const void *buf, size_t len)
{
    if (img->readonly || !disk_range_ok(img, off, len))
        return -1;
    const uint8_t *p = buf;
    while (len) {
        uint64_t blk = off / DISK_BLOCK_SIZE;
        size_t in = (size_t)(off % DISK_BLOCK_SIZE);
        size_t n = DISK_BLOCK_SIZE - in < len ? DISK_BLOCK_SIZE - in : len;
        uint8_t *data = disk_overlay_get(&img->ov, blk);
        if (!data) {
            /* First write to this block: start from the base's bytes. */
            if (!(data = malloc(DISK_BLOCK_SIZE)))
                return -1;
            if ((n < DISK_BLOCK_SIZE &&
                 disk_base_read(img, blk * DISK_BLOCK_SIZE, data, DISK_BLOCK_SIZE)) ||
                disk_overlay_put(&img->ov, blk, data)) {
                free(data);
                return -1;
            }
        }
        memcpy(data + in, p, n);
        p += n;
        off += n;
        len -= n;
    }
    return 0;
}

int disk_image_writeback(struct disk_image *img)
{
    if (img->readonly || img->ov.nblocks == 0)
        return 0;
    int fd = open(img->path, O_WRONLY | O_CLOEXEC);
    if (fd < 0)
        return -errno;
    int r = 0;
    for (uint64_t blk = 0; blk < img->nblocks && !r; blk++) {
        const uint8_t *data = disk_overlay_get(&img->ov, blk);
        if (!data)
            continue;
        uint64_t off = blk * DISK_BLOCK_SIZE;
        size_t len = img->size - off < DISK_BLOCK_SIZE ? (size_t)(img->size - off) : DISK_BLOCK_SIZE;
        while (len) {
            ssize_t n = pwrite(fd, data, len, (off_t)off);
            if (n < 0 && errno == EINTR)
                continue;
            if (n <= 0) {
                r = n < 0 ? -errno : -EIO;
                break;
            }
            data += n;
            off += (uint64_t)n;
            len -= (size_t)n;
        }
    }
    if (!r && fsync(fd))
        r = -errno;
    if (close(fd) && !r)
        r = -errno;
    return r;
}

void disk_image_overlay_save(const struct disk_image *img, struct sbuf *w)
{
    put_u32(w, DISK_SAVE_TAG);
    put_u8(w, DISK_SAVE_VERSION);
    put_u64(w, img->size);
    put_u64(w, img->hash);
    put_u64(w, img->ov.nblocks);
    for (uint64_t blk = 0; blk < img->nblocks; blk++) {
        const uint8_t *data = disk_overlay_get(&img->ov, blk);
        if (!data)
            continue;
        put_u64(w, blk);
        put_bytes(w, data, DISK_BLOCK_SIZE);
    }
}

int disk_image_overlay_load(struct disk_image *img, struct sreader *r)
{
    bool ok = get_u32(r) == DISK_SAVE_TAG;
    ok &= get_u8(r) == DISK_SAVE_VERSION;
    ok &= get_u64(r) == img->size;
    ok &= get_u64(r) == img->hash;
    uint64_t count = get_u64(r);
    if (!ok || r->bad || count > img->nblocks)
        return -1;
    struct disk_overlay ov;
    if (disk_overlay_init(&ov, img->nblocks))
        return -1;
    uint64_t prev = 0;
    for (uint64_t i = 0; i < count; i++) {
        uint64_t blk = get_u64(r);
        /* Strictly ascending: one image per overlay, so saves round-trip. */
        if (r->bad || blk >= img->nblocks || (i && blk <= prev))
            goto bad;
        prev = blk;
        uint8_t *data = malloc(DISK_BLOCK_SIZE);
        if (!data)
            goto bad;
        if (!get_bytes(r, data, DISK_BLOCK_SIZE) || disk_overlay_put(&ov, blk, data)) {
            free(data);
            goto bad;
        }
    }
    disk_overlay_free(&img->ov);
    img->ov = ov;
    return 0;
bad:
    disk_overlay_free(&ov);
    return -1;
}
