// A tiny file system: one table of contents in sector 0, each file a run
// of whole sectors.  mkdisk.py writes the same layout.
#ifndef FS_H
#define FS_H

#include <stdint.h>

#define FS_MAGIC	"REWINDFS"	// 8 bytes, no terminating NUL on disk
#define FS_VERSION	1
#define FS_NAME_MAX	16		// NUL-padded; may fill all 16 bytes
#define FS_MAX_FILES	15		// what fits in sector 0

// All fields little-endian, like the CPU.
struct fs_file {
	char name[FS_NAME_MAX];
	uint32_t start;		// first sector
	uint32_t sectors;	// sectors reserved: the file may grow to this
	uint32_t length;	// bytes in use
	uint32_t reserved;
};

struct fs_header {
	char magic[8];
	uint32_t version;
	uint32_t nfiles;
	struct fs_file files[FS_MAX_FILES];
};

const char *fs_mount(void);
int fs_nfiles(void);
struct fs_file *fs_file(int i);
struct fs_file *fs_find(const char *name);
int fs_read(const struct fs_file *f, uint32_t off, void *buf, uint32_t n);
int fs_write(struct fs_file *f, const void *data, uint32_t n);

#endif
