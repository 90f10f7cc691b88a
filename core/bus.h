/* The physical bus: RAM plus a sorted list of MMIO regions. */
#ifndef REWIND_CORE_BUS_H
#define REWIND_CORE_BUS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/device.h"

#define BUS_MAX_REGIONS 32
#define BUS_MAX_DIRTY_SETS 4

/* A set of RAM pages (indices from the base of RAM): a bitmap for
 * membership and a list for walking just the members. */
struct page_set {
    uint64_t *bits;
    uint32_t *list;
    size_t n, cap, npages;
    bool all;            /* could not grow: treat every page as a member */
};
int page_set_init(struct page_set *s, size_t npages);
void page_set_free(struct page_set *s);
void page_set_add(struct page_set *s, size_t page);
bool page_set_has(const struct page_set *s, size_t page);
void page_set_clear(struct page_set *s);
/* Walk the members: start with *cursor = 0; each call gives the next in
 * *page and returns true, then false at the end.  Follows the list, or the
 * bitmap when the list could not grow. */
bool page_set_next(const struct page_set *s, size_t *cursor, size_t *page);

struct bus_region {
    uint64_t base, size;
    const struct mmio_ops *ops;
    void *dev;
    const char *name;
};

struct bus {
    uint8_t *ram;
    uint64_t ram_base, ram_size;
    /* One byte per RAM page: nonzero when the page holds decoded code, or
     * is overlaid by an MMIO region (bit 1), so fast paths must not cache it. */
    uint8_t *page_flags;
    /* Pages whose DIRTY flag was set since the list was last taken, in the
     * order they were first written (bus_take_dirty).  Whoever hashes or
     * copies RAM walks this list instead of all of RAM, so its cost follows
     * what the guest touched, not -m.  If the list could not grow,
     * dirty_overflow says the flags must be scanned instead. */
    uint32_t *dirty;
    size_t ndirty, dirty_cap;
    bool dirty_overflow;
    /* Whoever needs "pages written since I last looked" (checkpoints,
     * snapshots) registers a set; bus_drain_dirty moves the list into all
     * of them, so each consumer sees every write however often the others
     * look. */
    struct page_set *dirty_sets[BUS_MAX_DIRTY_SETS];
    unsigned ndirty_sets;
    struct page_set touched; /* every page written since the bus was made */
    struct bus_region regions[BUS_MAX_REGIONS];
    int nregions;
    /* Called when a store hits a page that holds decoded code. */
    void (*code_written)(void *opaque, uint64_t paddr, unsigned len);
    void *code_opaque;
    /* Advanced by every store into a page holding a page-table entry that
     * a walk read (BUS_PAGE_PT), and by every TLB flush: the harts' fetch
     * caches (isa/riscv/mmu.c) hold translations made at one value of it. */
    uint64_t fetch_gen;
};

#define BUS_PAGE_CODE 1u
#define BUS_PAGE_MMIO 2u
/* Written since the last checkpoint.  Fast-path stores go through write-TLB
 * entries, and filling one marks the page; checkpoints flush the write TLBs
 * so the next store marks it again. */
#define BUS_PAGE_DIRTY 4u
/* Holds a page-table entry read by a page walk: a store to it advances
 * fetch_gen.  Fast-path stores check (BUS_PAGE_CODE | BUS_PAGE_PT) and
 * then call bus_note_store. */
#define BUS_PAGE_PT 8u

void bus_dirty_push(struct bus *b, uint64_t page);

static inline void bus_mark_dirty(struct bus *b, uint64_t paddr)
{
    uint64_t off = paddr - b->ram_base;
    if (off < b->ram_size && !(b->page_flags[off >> 12] & BUS_PAGE_DIRTY)) {
        b->page_flags[off >> 12] |= BUS_PAGE_DIRTY;
        bus_dirty_push(b, off >> 12);
    }
}

/* Mark every page of [paddr, paddr+len) written (loaders, DMA). */
void bus_mark_dirty_range(struct bus *b, uint64_t paddr, uint64_t len);
/* Register / remove a consumer of dirty pages (0, or -1 when full).  A
 * new set starts with every page written so far, so its first look sees
 * the whole of the RAM the guest (or a loader) ever touched. */
int bus_add_dirty_set(struct bus *b, struct page_set *s);
void bus_remove_dirty_set(struct bus *b, struct page_set *s);
/* Move the pages written since the last drain into every registered set
 * and clear their DIRTY flags.  The caller must then make the harts' write
 * TLBs refill (machine_drain_dirty does both), so later stores mark pages
 * again. */
void bus_drain_dirty(struct bus *b);

int bus_init(struct bus *b, uint64_t ram_base, uint64_t ram_size);
void bus_free(struct bus *b);
/* Map an MMIO region; regions may overlay RAM (HTIF's tohost does). */
int bus_map(struct bus *b, uint64_t base, uint64_t size,
            const struct mmio_ops *ops, void *dev, const char *name);
const struct bus_region *bus_find(const struct bus *b, uint64_t paddr);

static inline bool bus_is_ram(const struct bus *b, uint64_t paddr, uint64_t len)
{
    return paddr - b->ram_base < b->ram_size &&
           len <= b->ram_size - (paddr - b->ram_base);
}

/* Accesses by a hart (size 1,2,4,8; little-endian).  0 or -1 (fault). */
int bus_read(struct bus *b, uint64_t paddr, unsigned size, uint64_t *val);
int bus_write(struct bus *b, uint64_t paddr, unsigned size, uint64_t val);

/* Device DMA into/out of RAM.  Out-of-range requests fail with -1 and do not
 * touch memory.  Writes invalidate decoded code. */
int bus_dma_read(struct bus *b, uint64_t paddr, void *buf, size_t len);
int bus_dma_write(struct bus *b, uint64_t paddr, const void *buf, size_t len);

/* Tell the decode cache about a store of `len` bytes at paddr (within one
 * page), if the page holds code, and the fetch caches if it holds a
 * page-table entry. */
static inline void bus_note_store(struct bus *b, uint64_t paddr, unsigned len)
{
    uint64_t pg = (paddr - b->ram_base) >> 12;
    uint8_t f = b->page_flags[pg];
    if (f & BUS_PAGE_PT)
        b->fetch_gen++;
    if (f & BUS_PAGE_CODE)
        b->code_written(b->code_opaque, paddr, len);
}

#endif
