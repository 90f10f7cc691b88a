/* The physical bus. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "core/bus.h"

int bus_init(struct bus *b, uint64_t ram_base, uint64_t ram_size)
{
    memset(b, 0, sizeof *b);
    /* mmap: untouched guest RAM costs no host memory. */
    void *ram = mmap(NULL, ram_size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (ram == MAP_FAILED)
        return -ENOMEM;
    b->fetch_gen = 1; /* empty fetch-cache entries hold 0 */
    b->page_flags = calloc(ram_size >> 12, 1);
    if (!b->page_flags || page_set_init(&b->touched, ram_size >> 12)) {
        free(b->page_flags);
        munmap(ram, ram_size);
        return -ENOMEM;
    }
    b->ram = ram;
    b->ram_base = ram_base;
    b->ram_size = ram_size;
    return 0;
}

void bus_free(struct bus *b)
{
    if (b->ram)
        munmap(b->ram, b->ram_size);
    free(b->page_flags);
    free(b->dirty);
    page_set_free(&b->touched);
    b->ram = NULL;
    b->page_flags = NULL;
    b->dirty = NULL;
    b->ndirty = b->dirty_cap = 0;
}

void bus_dirty_push(struct bus *b, uint64_t page)
{
    if (b->dirty_overflow)
        return;
    if (b->ndirty == b->dirty_cap) {
        size_t cap = b->dirty_cap ? 2 * b->dirty_cap : 1024;
        uint32_t *d = realloc(b->dirty, cap * sizeof *d);
        if (!d) {
            b->dirty_overflow = true; /* the flags still say it all */
            return;
        }
        b->dirty = d;
        b->dirty_cap = cap;
    }
    b->dirty[b->ndirty++] = (uint32_t)page;
}

int page_set_init(struct page_set *s, size_t npages)
{
    memset(s, 0, sizeof *s);
    s->npages = npages;
    /* calloc: for a large RAM the untouched part of the bitmap is never
     * made resident. */
    s->bits = calloc((npages + 63) / 64, sizeof *s->bits);
    return s->bits ? 0 : -1;
}

void page_set_free(struct page_set *s)
{
    free(s->bits);
    free(s->list);
    memset(s, 0, sizeof *s);
}

void page_set_add(struct page_set *s, size_t page)
{
    if (page >= s->npages || (s->bits[page / 64] >> (page % 64)) & 1)
        return;
    s->bits[page / 64] |= 1ull << (page % 64);
    if (s->all)
        return;
    if (s->n == s->cap) {
        size_t cap = s->cap ? 2 * s->cap : 256;
        uint32_t *l = realloc(s->list, cap * sizeof *l);
        if (!l) {
            s->all = true; /* the bitmap alone still answers has() */
            return;
        }
        s->list = l;
        s->cap = cap;
    }
    s->list[s->n++] = (uint32_t)page;
}

bool page_set_has(const struct page_set *s, size_t page)
{
    return page < s->npages && ((s->bits[page / 64] >> (page % 64)) & 1);
}

bool page_set_next(const struct page_set *s, size_t *cursor, size_t *page)
{
    if (!s->all) {
        if (*cursor >= s->n)
            return false;
        *page = s->list[(*cursor)++];
        return true;
    }
    while (*cursor < s->npages && !page_set_has(s, *cursor))
        (*cursor)++;
    if (*cursor >= s->npages)
        return false;
    *page = (*cursor)++;
    return true;
}

void page_set_clear(struct page_set *s)
{
    if (s->all) {
        memset(s->bits, 0, (s->npages + 63) / 64 * sizeof *s->bits);
        s->all = false;
    } else {
        for (size_t i = 0; i < s->n; i++)
            s->bits[s->list[i] / 64] = 0;
    }
    s->n = 0;
}

int bus_add_dirty_set(struct bus *b, struct page_set *s)
{
    if (b->ndirty_sets == BUS_MAX_DIRTY_SETS)
        return -1;
    bus_drain_dirty(b);
    size_t cur = 0, p;
    while (page_set_next(&b->touched, &cur, &p))
        page_set_add(s, p);
    b->dirty_sets[b->ndirty_sets++] = s;
    return 0;
}

void bus_remove_dirty_set(struct bus *b, struct page_set *s)
{
    for (unsigned i = 0; i < b->ndirty_sets; i++)
        if (b->dirty_sets[i] == s) {
            b->dirty_sets[i] = b->dirty_sets[--b->ndirty_sets];
            return;
        }
}

static void drain_page(struct bus *b, size_t p)
{
    b->page_flags[p] &= (uint8_t)~BUS_PAGE_DIRTY;
    page_set_add(&b->touched, p);
    for (unsigned i = 0; i < b->ndirty_sets; i++)
        page_set_add(b->dirty_sets[i], p);
}

void bus_drain_dirty(struct bus *b)
{
    if (b->dirty_overflow) { /* the list could not grow: the flags say it all */
        for (size_t p = 0; p < (b->ram_size >> 12); p++)
            if (b->page_flags[p] & BUS_PAGE_DIRTY)
                drain_page(b, p);
        b->dirty_overflow = false;
    } else {
        for (size_t k = 0; k < b->ndirty; k++)
            drain_page(b, b->dirty[k]);
    }
    b->ndirty = 0;
}

void bus_mark_dirty_range(struct bus *b, uint64_t paddr, uint64_t len)
{
    if (len == 0)
        return;
    for (uint64_t a = paddr & ~0xfffull; a < paddr + len; a += 4096)
        bus_mark_dirty(b, a);
}

int bus_map(struct bus *b, uint64_t base, uint64_t size, const struct mmio_ops *ops,
            void *dev, const char *name)
{
    if (b->nregions == BUS_MAX_REGIONS || size == 0)
        return -ENOSPC;
    for (int i = 0; i < b->nregions; i++) {
        const struct bus_region *r = &b->regions[i];
        if (base < r->base + r->size && r->base < base + size)
            return -EEXIST;
    }
    struct bus_region *r = &b->regions[b->nregions++];
    r->base = base;
    r->size = size;
    r->ops = ops;
    r->dev = dev;
    r->name = name;
    /* A region overlaying RAM: its pages must take the slow path. */
    for (uint64_t a = base & ~0xfffull; a < base + size; a += 4096)
        if (bus_is_ram(b, a, 1))
            b->page_flags[(a - b->ram_base) >> 12] |= BUS_PAGE_MMIO;
    return 0;
}

const struct bus_region *bus_find(const struct bus *b, uint64_t paddr)
{
    for (int i = 0; i < b->nregions; i++) {
        const struct bus_region *r = &b->regions[i];
        if (paddr - r->base < r->size)
            return r;
    }
    return NULL;
}

int bus_read(struct bus *b, uint64_t paddr, unsigned size, uint64_t *val)
{
    const struct bus_region *r = bus_find(b, paddr);
    if (r) {
        if (paddr + size - r->base > r->size || !r->ops->read)
            return -1;
        return r->ops->read(r->dev, paddr - r->base, size, val);
    }
    if (bus_is_ram(b, paddr, size)) {
        uint64_t v = 0;
        memcpy(&v, b->ram + (paddr - b->ram_base), size);
        *val = v;
        return 0;
    }
    return -1;
}

int bus_write(struct bus *b, uint64_t paddr, unsigned size, uint64_t val)
{
    const struct bus_region *r = bus_find(b, paddr);
    if (r) {
        if (paddr + size - r->base > r->size || !r->ops->write)
            return -1;
        return r->ops->write(r->dev, paddr - r->base, size, val);
    }
    if (bus_is_ram(b, paddr, size)) {
        memcpy(b->ram + (paddr - b->ram_base), &val, size);
        bus_mark_dirty(b, paddr);
        bus_mark_dirty(b, paddr + size - 1);
        bus_note_store(b, paddr, size);
        return 0;
    }
    return -1;
}

int bus_dma_read(struct bus *b, uint64_t paddr, void *buf, size_t len)
{
    if (!bus_is_ram(b, paddr, len))
        return -1;
    memcpy(buf, b->ram + (paddr - b->ram_base), len);
    return 0;
}

int bus_dma_write(struct bus *b, uint64_t paddr, const void *buf, size_t len)
{
    if (!bus_is_ram(b, paddr, len))
        return -1;
    memcpy(b->ram + (paddr - b->ram_base), buf, len);
    bus_mark_dirty_range(b, paddr, len);
    for (size_t done = 0; done < len;) {
        uint64_t a = paddr + done;
        size_t chunk = 4096 - (a & 0xfff);
        if (chunk > len - done)
            chunk = len - done;
        bus_note_store(b, a, (unsigned)chunk);
        done += chunk;
    }
    return 0;
}
