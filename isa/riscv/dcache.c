/* Decoded instructions cached per physical RAM page.  Each page has one slot
 * per 2-byte parcel; a slot holds the instruction starting there (or
 * OP_UNDECODED).  Stores into a page that holds code clear just the slots
 * they may have changed, so data sharing a page with code stays cheap. */
#include <stdlib.h>

#include "isa/riscv/cpu.h"

struct dcache {
    struct bus *bus;
    size_t npages;
    struct dinsn **pages;
    /* Which pages[] are allocated: freeing walks these, not all of RAM
     * (reading the whole table would make it resident for -m 8G). */
    uint32_t *used;
    size_t nused, cap;
    struct dcache_listener listener; /* the JIT, told of everything dropped */
};

struct dcache *dcache_create(struct bus *b)
{
    struct dcache *c = calloc(1, sizeof *c);
    if (!c)
        return NULL;
    c->bus = b;
    c->npages = b->ram_size >> 12;
    c->pages = calloc(c->npages, sizeof *c->pages);
    if (!c->pages) {
        free(c);
        return NULL;
    }
    b->code_written = dcache_invalidate;
    b->code_opaque = c;
    return c;
}

void dcache_destroy(struct dcache *c)
{
    if (!c)
        return;
    for (size_t i = 0; i < c->nused; i++)
        free(c->pages[c->used[i]]);
    free(c->used);
    free(c->pages);
    free(c);
}

struct dinsn *dcache_page(struct dcache *c, uint64_t ppage)
{
    size_t i = (ppage - c->bus->ram_base) >> 12;
    if (!c->pages[i]) {
        if (c->nused == c->cap) {
            size_t cap = c->cap ? 2 * c->cap : 64;
            uint32_t *u = realloc(c->used, cap * sizeof *u);
            if (!u)
                return NULL;
            c->used = u;
            c->cap = cap;
        }
        c->pages[i] = calloc(DCACHE_SLOTS, sizeof(struct dinsn));
        if (!c->pages[i])
            return NULL;
        c->used[c->nused++] = (uint32_t)i;
        c->bus->page_flags[i] |= BUS_PAGE_CODE;
    }
    return c->pages[i];
}

void dcache_listen(struct dcache *c, const struct dcache_listener *l)
{
    if (l)
        c->listener = *l;
    else
        memset(&c->listener, 0, sizeof c->listener);
}

void dcache_undispatch(struct dcache *c, uint64_t va)
{
    size_t slot = (va & 0xfff) >> 1;
    for (size_t i = 0; i < c->nused; i++)
        c->pages[c->used[i]][slot].disp = 0;
    if (c->listener.undispatch)
        c->listener.undispatch(c->listener.opaque, (unsigned)(va & 0xfff));
}

void dcache_invalidate(void *opaque, uint64_t paddr, unsigned len)
{
    struct dcache *c = opaque;
    uint64_t off = paddr - c->bus->ram_base;
    uint64_t first = off >= 2 ? off - 2 : 0; /* a 4-byte insn may start 2 bytes before */
    uint64_t last = off + len - 1;
    for (uint64_t a = first & ~1ull; a <= last; a += 2) {
        struct dinsn *p = c->pages[a >> 12];
        if (p) {
            p[(a & 0xfff) >> 1].op = OP_UNDECODED;
            p[(a & 0xfff) >> 1].disp = 0; /* dispatch to the engine's decode path */
        }
    }
    if (c->listener.code_written)
        c->listener.code_written(c->listener.opaque, paddr, len);
}
