// The tiny file system on the virtio disk (layout in fs.h).
//
// Sector 0 is read once at mount and kept in memory; a write that changes
// a file's length writes it back.  Data moves through a one-sector bounce
// buffer, so callers may pass any buffer and any byte range.

#include <stdint.h>
#include "fs.h"
#include "virtio_blk.h"

static union {
	struct fs_header h;
	uint8_t raw[SECTOR_SIZE];
} super;

static uint8_t bounce[SECTOR_SIZE];

_Static_assert(sizeof(struct fs_header) <= SECTOR_SIZE, "header fits in sector 0");

static int name_eq(const char *disk, const char *s)
{
	for (int i = 0; i < FS_NAME_MAX; i++) {
		if (disk[i] != s[i])
			return 0;
		if (s[i] == '\0')
			return 1;
	}
	return s[FS_NAME_MAX] == '\0';
}

const char *fs_mount(void)
{
	const char *magic = FS_MAGIC;

	if (virtio_blk_read(0, super.raw) < 0)
		return "cannot read sector 0";
	for (int i = 0; i < 8; i++)
		if (super.h.magic[i] != magic[i])
			return "no file system (bad magic in sector 0; build the image with mkdisk.py)";
	if (super.h.version != FS_VERSION)
		return "unknown file system version";
	if (super.h.nfiles > FS_MAX_FILES)
		return "corrupt file table";
	return 0;
}

int fs_nfiles(void)
{
	return super.h.nfiles;
}

struct fs_file *fs_file(int i)
{
	return &super.h.files[i];
}

struct fs_file *fs_find(const char *name)
{
	for (uint32_t i = 0; i < super.h.nfiles; i++)
		if (name_eq(super.h.files[i].name, name))
			return &super.h.files[i];
	return 0;
}

// Reads up to n bytes from offset off.  Returns the number read (0 at the
// end of the file), or -1 on a disk error.
int fs_read(const struct fs_file *f, uint32_t off, void *buf, uint32_t n)
{
	uint8_t *out = buf;
	uint32_t done = 0;

	if (off >= f->length)
		return 0;
	if (n > f->length - off)
		n = f->length - off;
	while (done < n) {
		uint32_t pos = off + done;
		uint32_t in_sector = pos % SECTOR_SIZE;
		uint32_t chunk = SECTOR_SIZE - in_sector;

		if (chunk > n - done)
			chunk = n - done;
		if (virtio_blk_read(f->start + pos / SECTOR_SIZE, bounce) < 0)
			return -1;
		for (uint32_t i = 0; i < chunk; i++)
			out[done + i] = bounce[in_sector + i];
		done += chunk;
	}
	return done;
}

// Replaces the whole contents of f.  Returns 0, or -1 if the data does not
// fit in the sectors reserved for f or the disk fails.
int fs_write(struct fs_file *f, const void *data, uint32_t n)
{
	const uint8_t *in = data;

	if (n > f->sectors * SECTOR_SIZE)
		return -1;
	for (uint32_t s = 0; s * SECTOR_SIZE < n; s++) {
		for (uint32_t i = 0; i < SECTOR_SIZE; i++) {
			uint32_t pos = s * SECTOR_SIZE + i;
			bounce[i] = pos < n ? in[pos] : 0;
		}
		if (virtio_blk_write(f->start + s, bounce) < 0)
			return -1;
	}
	if (f->length != n) {
		f->length = n;
		if (virtio_blk_write(0, super.raw) < 0)
			return -1;
	}
	return 0;
}
