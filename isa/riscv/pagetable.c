/* The debugger's page-table walker (pagetable.h).  The translation that
 * harts use is mmu.c's walk(); this one only reads, and reports every level
 * instead of an answer. */
#include "isa/riscv/pagetable.h"

#include <stdio.h>
#include <string.h>

#include "isa/riscv/cpu.h"
#include "isa/riscv/pte.h"


const char *pt_mode_name(uint64_t satp)
{
    switch (satp >> 60) {
    case 0: return "bare";
    case 8: return "sv39";
    case 9: return "sv48";
    default: return "unknown";
    }
}

unsigned pt_levels(uint64_t satp)
{
    unsigned mode = (unsigned)(satp >> 60);
    return mode == 8 ? 3 : mode == 9 ? 4 : 0;
}

static bool read_pte(const struct hart *h, uint64_t addr, uint64_t *pte)
{
    const struct bus *b = &h->m->bus;
    if (!bus_is_ram(b, addr, 8))
        return false;
    memcpy(pte, b->ram + (addr - b->ram_base), 8);
    return true;
}

static uint64_t root_table(const struct hart *h)
{
    return (h->satp & ((1ull << 44) - 1)) << 12;
}

void pt_walk_va(const struct hart *h, uint64_t va, struct pt_walk *w)
{
    memset(w, 0, sizeof *w);
    w->levels = pt_levels(h->satp);
    if (!w->levels) {
        w->why = (h->satp >> 60) ? "satp holds a mode this machine does not have" : "no translation";
        return;
    }
    unsigned vabits = 12 + 9 * w->levels;
    if ((uint64_t)((int64_t)(va << (64 - vabits)) >> (64 - vabits)) != va) {
        w->why = "not a canonical address (the bits above the top VPN must copy it)";
        return;
    }
    uint64_t table = root_table(h);
    for (int lvl = (int)w->levels - 1; lvl >= 0; lvl--) {
        struct pt_level *s = &w->step[w->n++];
        s->level = (unsigned)lvl;
        s->table = table;
        s->index = (unsigned)((va >> (12 + 9 * lvl)) & 0x1ff);
        s->pte_addr = table + s->index * 8ull;
        if (!read_pte(h, s->pte_addr, &s->pte)) {
            w->why = "the table is not in RAM";
            return;
        }
        if (!(s->pte & PTE_V)) {
            w->why = "invalid PTE (V clear)";
            return;
        }
        if (!(s->pte & PTE_R) && (s->pte & PTE_W)) {
            w->why = "reserved PTE (W without R)";
            return;
        }
        if (s->pte & (PTE_R | PTE_X)) {
            uint64_t size = 1ull << (12 + 9 * lvl);
            w->mapped = true;
            w->page_size = size;
            w->pa = (PTE_PPN(s->pte) << 12 & ~(size - 1)) | (va & (size - 1));
            return;
        }
        if (lvl == 0) {
            w->why = "a pointer PTE at the last level";
            return;
        }
        table = PTE_PPN(s->pte) << 12;
    }
}

struct pt_run {
    bool open;
    uint64_t va, pa, size, flags;
    pt_mapping_fn fn;
    void *opaque;
    uint64_t runs;
    bool stop;
};

static void run_flush(struct pt_run *r)
{
    if (r->open && !r->stop) {
        r->runs++;
        if (r->fn(r->opaque, r->va, r->pa, r->size, r->flags))
            r->stop = true;
    }
    r->open = false;
}

static void run_add(struct pt_run *r, uint64_t va, uint64_t pa, uint64_t size, uint64_t flags)
{
    if (r->open && r->va + r->size == va && r->pa + r->size == pa && r->flags == flags) {
        r->size += size;
        return;
    }
    run_flush(r);
    *r = (struct pt_run){true, va, pa, size, flags, r->fn, r->opaque, r->runs, r->stop};
}

static void walk_table(const struct hart *h, uint64_t table, int lvl, uint64_t va_base, unsigned vabits,
                       struct pt_run *r, unsigned depth)
{
    for (unsigned i = 0; i < 512 && !r->stop; i++) {
        uint64_t pte;
        if (!read_pte(h, table + i * 8ull, &pte) || !(pte & PTE_V) || (!(pte & PTE_R) && (pte & PTE_W)))
            continue;
        uint64_t va = va_base | ((uint64_t)i << (12 + 9 * lvl));
        if (lvl == (int)pt_levels(h->satp) - 1) /* sign-extend from the top VPN bit */
            va = (uint64_t)((int64_t)(va << (64 - vabits)) >> (64 - vabits));
        if (pte & (PTE_R | PTE_X)) {
            uint64_t size = 1ull << (12 + 9 * lvl);
            run_add(r, va, PTE_PPN(pte) << 12 & ~(size - 1), size, pte & PTE_FLAGS_MASK);
        } else if (lvl > 0 && depth < PT_MAX_LEVELS) {
            walk_table(h, PTE_PPN(pte) << 12, lvl - 1, va, vabits, r, depth + 1);
        }
    }
}

uint64_t pt_each_mapping(const struct hart *h, pt_mapping_fn fn, void *opaque)
{
    unsigned levels = pt_levels(h->satp);
    if (!levels)
        return 0;
    struct pt_run r = {.fn = fn, .opaque = opaque};
    walk_table(h, root_table(h), (int)levels - 1, 0, 12 + 9 * levels, &r, 1);
    run_flush(&r);
    return r.runs;
}

void pt_flags_str(uint64_t flags, char out[32])
{
    static const char names[] = "vrwxugad";
    char *o = out;
    for (unsigned b = 1; b < 8; b++)
        *o++ = (flags >> b) & 1 ? names[b] : '-';
    *o = 0;
    if (flags >> 63)
        strcat(out, " N");
    unsigned pbmt = (unsigned)((flags >> 61) & 3);
    if (pbmt)
        snprintf(out + strlen(out), 32 - strlen(out), " pbmt=%u", pbmt);
}
