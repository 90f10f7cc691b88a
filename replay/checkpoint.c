#include <stdio.h>
#include <stdlib.h>
#include <xxhash.h>

#include "isa/riscv/cpu.h"
#include "isa/riscv/hart_state.h"
#include "replay/checkpoint.h"

struct ckpt {
    size_t npages, nregions;
    uint64_t *page_hash;
    uint64_t *region_hash;
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
    c->page_hash = calloc(c->npages, sizeof *c->page_hash);
    c->region_hash = calloc(c->nregions, sizeof *c->region_hash);
    if (!c->page_hash || !c->region_hash) {
        ckpt_destroy(c);
        return NULL;
    }
    return c;
}

void ckpt_destroy(struct ckpt *c)
{
    if (!c)
        return;
    free(c->page_hash);
    free(c->region_hash);
    sbuf_free(&c->scratch);
    free(c);
}

static void update_ram(struct ckpt *c, struct machine *m)
{
    const size_t per_region = CKPT_REGION_SIZE >> 12;
    uint8_t *flags = m->bus.page_flags;
    for (size_t r = 0; r < c->nregions; r++) {
        size_t first = r * per_region, last = first + per_region;
        if (last > c->npages)
            last = c->npages;
        bool changed = !c->primed;
        for (size_t p = first; p < last; p++) {
            if (c->primed && !(flags[p] & BUS_PAGE_DIRTY))
                continue;
            flags[p] &= (uint8_t)~BUS_PAGE_DIRTY;
            c->page_hash[p] = XXH3_64bits(m->bus.ram + (p << 12), 4096);
            changed = true;
        }
        if (changed)
            c->region_hash[r] = XXH3_64bits(c->page_hash + first, (last - first) * sizeof(uint64_t));
    }
    c->primed = true;
    /* Future stores must mark their pages again. */
    for (unsigned i = 0; i < m->nharts; i++)
        mmu_flush_writes(&m->harts[i]);
}

uint64_t ckpt_take(struct ckpt *c, struct machine *m, struct sbuf *out)
{
    sbuf_reset(out);
    update_ram(c, m);
    put_u64(out, m->steps);
    put_u64(out, m->idle_ns);
    put_u64(out, m->next_hart);
    put_u64(out, m->quantum_left);
    put_u64(out, m->chaos_state);
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
