/* A disk image as the determinism contract wants it (DESIGN §3.4): the
 * base file is opened read-only and hashed (XXH3-64) once, and every guest
 * write lands in an in-memory overlay of 4 KiB blocks, so the base never
 * changes during a run and a replay can check it by hash.  At the end of
 * a live run the tool may copy the overlay back into the file
 * (disk_image_writeback); snapshots carry the overlay
 * (disk_image_overlay_save/load).
 *
 * The overlay is a two-level table indexed by block number, so lookups are
 * O(1), untouched regions cost nothing, and walking it visits blocks in
 * ascending order: the saved image does not depend on the order of writes. */
#ifndef REWIND_DEVICES_DISK_IMAGE_H
#define REWIND_DEVICES_DISK_IMAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define DISK_BLOCK_SIZE 4096u

struct sbuf;
struct sreader;
struct disk_image;

/* Open and hash `path`.  `readonly` makes every write fail (virtio-blk
 * then offers VIRTIO_BLK_F_RO); the file itself is opened read-only either
 * way.  NULL on failure, with a message naming the file in err. */
struct disk_image *disk_image_open(const char *path, bool readonly, char *err, size_t errlen);
void disk_image_close(struct disk_image *img);

uint64_t disk_image_size(const struct disk_image *img);   /* bytes, at open */
uint64_t disk_image_hash(const struct disk_image *img);   /* XXH3-64 of the base file */
bool disk_image_readonly(const struct disk_image *img);
const char *disk_image_path(const struct disk_image *img);
uint64_t disk_image_overlay_blocks(const struct disk_image *img); /* blocks written so far */

/* The current contents (overlay over base).  0, or -1 when the range is
 * not inside the image, the base file cannot be read, or (write) the
 * image is read-only or memory runs out. */
int disk_image_read(struct disk_image *img, uint64_t off, void *buf, size_t len);
int disk_image_write(struct disk_image *img, uint64_t off, const void *buf, size_t len);

/* Copy the overlay into the file (never growing it) and fsync.  For the
 * end of a live run: afterwards the hash no longer describes the file.
 * Does nothing for a read-only image.  0 or a negative errno. */
int disk_image_writeback(struct disk_image *img);

/* The overlay as a portable image: the base's size and hash (a snapshot
 * only loads over the same base), then the written blocks in ascending
 * order.  load replaces the overlay, or returns -1 and keeps it. */
void disk_image_overlay_save(const struct disk_image *img, struct sbuf *w);
int disk_image_overlay_load(struct disk_image *img, struct sreader *r);

#endif
