/* Loading guest images: ELF64 RISC-V executables and raw binaries. */
#ifndef REWIND_CORE_LOADER_H
#define REWIND_CORE_LOADER_H

#include <elf.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/bus.h"

struct image_info {
    bool is_elf;
    uint64_t lo, hi;        /* physical range written [lo, hi) */
    uint64_t entry;
    uint64_t tohost, fromhost; /* 0 when the ELF has no such symbol */
};

/* Does [off, off+len) lie inside a buffer of `size` bytes?  (No overflow.) */
static inline bool loader_in_file(uint64_t off, uint64_t len, size_t size)
{
    return off <= size && len <= size - off;
}

/* Read a whole file (at most max bytes).  0, or -1 with a message. */
int loader_read_file(const char *path, size_t max, uint8_t **data, size_t *size,
                     char *err, size_t errlen);

/* Is this buffer an ELF file (by its magic)? */
bool loader_is_elf(const uint8_t *data, size_t size);

/* Load an ELF image from memory into RAM.  Every header, segment and symbol
 * is bounds-checked; a malformed file gives -1 and a message naming what is
 * wrong (without the file name: the caller adds it). */
int loader_load_elf(struct bus *b, const uint8_t *data, size_t size,
                    struct image_info *info, char *err, size_t errlen);

/* The lowest physical address an ELF's loadable segments occupy, without
 * loading it.  0, or -1 with a message. */
int loader_elf_lowest(const uint8_t *data, size_t size, uint64_t *lo, char *err, size_t errlen);

/* Call fn for every symbol of the ELF's symbol tables whose name is a
 * terminated string inside its string table (fn returns nonzero to stop).
 * Trusts nothing in the file: malformed tables are skipped. */
void loader_elf_symbols(const uint8_t *data, size_t size,
                        int (*fn)(void *opaque, const Elf64_Sym *sym, const char *name), void *opaque);

/* Load a raw binary at `base`. */
int loader_load_raw(struct bus *b, const uint8_t *data, size_t size, uint64_t base,
                    struct image_info *info, char *err, size_t errlen);

/* Load a file: ELF when it has the magic, else raw at raw_base.  Messages
 * start with the path. */
int loader_load_file(struct bus *b, const char *path, uint64_t raw_base,
                     struct image_info *info, char *err, size_t errlen);

#endif
