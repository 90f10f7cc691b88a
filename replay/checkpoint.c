#include <stdio.h>
#include <stdlib.h>
#include <xxhash.h>

#include "isa/riscv/cpu.h"
#include "isa/riscv/hart_state.h"
#include "core/machine_state.h"
#include "replay/checkpoint.h"

struct ckpt {
    size_t npages, nregions;
    /* Per page: its hash, or 0 while the page has never been written (it
     * is then all zeros and never read, so untouched RAM costs nothing). */
    uint64_t *page_hash;
    uint64_t *region_hash;
    uint8_t *region_dirty; /* scratch: regions with a page rehashed now */
    uint64_t zero_page_hash;
    struct bus *bus;
    struct page_set written; /* pages written since the previous checkpoint */
    bool registered;
    bool primed;
    struct sbuf scratch;
};

struct ckpt *ckpt_create(const struct machine *m)
{
    struct ckpt *c = calloc(1, sizeof *c);
    if (!c)
        return NULL;
    c->npages = m->bus.ram_size >> 12;
    c->nregions = (m->bus.ram_size + CKPT_REGION_SIZE - 1) / CKPT_REGION_SIZE;
    /* calloc of a large array maps fresh zero pages: entries for RAM the
     * guest never touches are never written, so they cost no memory. */
    c->page_hash = calloc(c->npages, sizeof *c->page_hash);
    c->region_hash = calloc(c->nregions, sizeof *c->region_hash);
    c->region_dirty = calloc(c->nregions, 1);
    c->bus = (struct bus *)&m->bus;
    if (!c->page_hash || !c->region_hash || !c->region_dirty ||
        page_set_init(&c->written, c->npages) || bus_add_dirty_set(c->bus, &c->written)) {
        ckpt_destroy(c);
        return NULL;
    }
    c->registered = true;
    static const uint8_t zero[4096];
    c->zero_page_hash = XXH3_64bits(zero, sizeof zero);
    return c;
}

void ckpt_destroy(struct ckpt *c)
{
    if (!c)
        return;
    free(c->page_hash);
    free(c->region_hash);
    free(c->region_dirty);
    if (c->registered)
        bus_remove_dirty_set(c->bus, &c->written);
    page_set_free(&c->written);
    sbuf_free(&c->scratch);
    free(c);
}

/* A region's hash: XXH3 over its pages' hashes, untouched pages counting
 * as the hash of a zero page. */
static uint64_t region_hash(const struct ckpt *c, size_t r)
{
    const size_t per_region = CKPT_REGION_SIZE >> 12;
    uint64_t h[CKPT_REGION_SIZE >> 12];
    size_t first = r * per_region, n = per_region;
    if (first + n > c->npages)
        n = c->npages - first;
    for (size_t i = 0; i < n; i++)
        h[i] = c->page_hash[first + i] ? c->page_hash[first + i] : c->zero_page_hash;
    return XXH3_64bits(h, n * sizeof *h);
}

static void rehash_page(struct ckpt *c, struct machine *m, size_t p)
{
    uint64_t h = XXH3_64bits(m->bus.ram + (p << 12), 4096);
    c->page_hash[p] = h ? h : 1; /* 0 is reserved for "never written" */
    c->region_dirty[p / (CKPT_REGION_SIZE >> 12)] = 1;
}

/* Bring the RAM hashes up to date: only pages written since the previous
 * checkpoint (the bus's dirty list) are read. */
static void update_ram(struct ckpt *c, struct machine *m)
{
    if (!c->primed) {
        /* Nothing is hashed yet, so every region is all zero pages: every
         * full region has region 0's hash (a short last one its own). */
        uint64_t zero_region = region_hash(c, 0);
        for (size_t r = 0; r < c->nregions; r++)
            c->region_hash[r] = (r + 1) * (CKPT_REGION_SIZE >> 12) <= c->npages ? zero_region
                                                                              : region_hash(c, r);
        c->primed = true;
    }
    machine_drain_dirty(m);
    size_t cur = 0, p;
    while (page_set_next(&c->written, &cur, &p))
        rehash_page(c, m, p);
    page_set_clear(&c->written);
    for (size_t r = 0; r < c->nregions; r++)
        if (c->region_dirty[r]) {
            c->region_dirty[r] = 0;
            c->region_hash[r] = region_hash(c, r);
        }
}

uint64_t ckpt_take(struct ckpt *c, struct machine *m, struct sbuf *out)
{
    sbuf_reset(out);
    update_ram(c, m);
    machine_sched_save(m, out);
    put_u32(out, m->nharts);
    for (unsigned i = 0; i < m->nharts; i++)
        hart_state_save(&m->harts[i], out);
    put_u32(out, (uint32_t)c->nregions);
    for (size_t r = 0; r < c->nregions; r++)
        put_u64(out, c->region_hash[r]);
    put_u32(out, m->ndevices);
    for (unsigned i = 0; i < m->ndevices; i++) {
        const struct device *d = &m->devices[i];
        size_t n = strlen(d->name);
        put_u8(out, (uint8_t)(n > 255 ? 255 : n));
        put_bytes(out, d->name, n > 255 ? 255 : n);
        put_u64(out, d->base);
        uint64_t h = 0;
        if (d->save) {
            sbuf_reset(&c->scratch);
            d->save(d->state, &c->scratch);
            h = XXH3_64bits(c->scratch.data, c->scratch.len);
        }
        put_u64(out, h);
    }
    return XXH3_64bits(out->data, out->len);
}

uint64_t ckpt_hash(struct ckpt *c, struct machine *m)
{
    struct sbuf out;
    sbuf_init(&out);
    uint64_t h = ckpt_take(c, m, &out);
    sbuf_free(&out);
    return h;
}

static const char *const sched_names[] = {"position", "idle time", "next hart", "quantum left",
                                          "chaos state"};

void ckpt_diff(const uint8_t *rec, size_t rlen, const uint8_t *rep, size_t plen, char *out, size_t len)
{
    struct sreader a, b;
    sreader_init(&a, rec, rlen);
    sreader_init(&b, rep, plen);
    for (int i = 0; i < 5; i++) {
        uint64_t x = get_u64(&a), y = get_u64(&b);
        if (x != y) {
            snprintf(out, len, "%s: recorded %llu, replayed %llu", sched_names[i],
                     (unsigned long long)x, (unsigned long long)y);
            return;
        }
    }
    uint32_t nh = get_u32(&a);
    if (nh != get_u32(&b) || a.bad || b.bad) {
        snprintf(out, len, "the number of harts differs (or a checkpoint image is malformed)");
        return;
    }
    size_t nf = hart_state_nfields();
    for (uint32_t h = 0; h < nh; h++)
        for (size_t f = 0; f < nf; f++) {
            uint64_t x = get_u64(&a), y = get_u64(&b);
            if (x != y) {
                char name[48];
                snprintf(out, len, "hart %u %s: recorded 0x%llx, replayed 0x%llx", h,
                         hart_state_field_name(f, name, sizeof name), (unsigned long long)x,
                         (unsigned long long)y);
                return;
            }
        }
    uint32_t nr = get_u32(&a);
    if (nr != get_u32(&b)) {
        snprintf(out, len, "RAM sizes differ");
        return;
    }
    for (uint32_t r = 0; r < nr; r++)
        if (get_u64(&a) != get_u64(&b)) {
            uint64_t base = VIRT_DRAM_BASE + (uint64_t)r * CKPT_REGION_SIZE;
            snprintf(out, len, "RAM 0x%llx-0x%llx (a MiB region) differs",
                     (unsigned long long)base, (unsigned long long)(base + CKPT_REGION_SIZE - 1));
            return;
        }
    uint32_t nd = get_u32(&a);
    if (nd != get_u32(&b)) {
        snprintf(out, len, "the set of devices differs");
        return;
    }
    for (uint32_t d = 0; d < nd; d++) {
        char name[256] = {0};
        uint8_t n = get_u8(&a);
        get_u8(&b);
        get_bytes(&a, name, n);
        get_bytes(&b, (char[256]){0}, n);
        uint64_t base = get_u64(&a);
        get_u64(&b);
        if (get_u64(&a) != get_u64(&b)) {
            snprintf(out, len, "device %s at 0x%llx: its state differs", name, (unsigned long long)base);
            return;
        }
    }
    snprintf(out, len, "%s", a.bad || b.bad ? "a checkpoint image is malformed" : "no difference found");
}
