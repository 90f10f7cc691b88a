/* Address translation (bare, Sv39, Sv48), the software TLB, and the slow
 * paths of loads and stores (MMIO, page-crossing, uncached pages).
 *
 * A and D bits are set by the walk, as QEMU does, rather than faulting.
 *
 * Svpbmt: PBMT (bits 62:61) is checked (3 is reserved; any nonzero value
 * with menvcfg.PBMTE = 0 faults) and otherwise has no effect: the machine
 * has no caches, and memory types change nothing it can observe.
 * Svnapot: N (bit 63) on a level-0 leaf with ppn[3:0] = 1000 maps a 64 KiB
 * page; the TLB holds its 4 KiB parts like any other page.  Every other
 * use of N, N or PBMT on a non-leaf PTE, and bits 60:54 fault, as the
 * specification says (QEMU 7.2 ignores some of these, see tests/isa). */
#include "isa/riscv/cpu.h"
#include "isa/riscv/pte.h"


void mmu_flush(struct hart *h)
{
    memset(h->tlb, 0xff, sizeof h->tlb); /* every tag TLB_INVALID */
    h->fetch_vpage = 0;
    h->m->bus.fetch_gen++; /* PMP, SUM/MXR, PBMTE, satp: the fetch caches too */
}

static int fault_for(enum access acc)
{
    return acc == ACC_X ? EXC_INSN_PAGE : acc == ACC_R ? EXC_LOAD_PAGE : EXC_STORE_PAGE;
}
static int access_fault_for(enum access acc)
{
    return acc == ACC_X ? EXC_INSN_ACCESS : acc == ACC_R ? EXC_LOAD_ACCESS : EXC_STORE_ACCESS;
}

/* The page walk.  A probe (a debugger's look) ignores permissions and PMP
 * and never sets A/D bits: it only says where va leads. */
static int walk(struct hart *h, uint64_t va, enum access acc, enum priv p, bool probe, uint64_t *pa)
{
    unsigned mode = (unsigned)(h->satp >> 60);
    unsigned levels = mode == 8 ? 3 : 4;
    unsigned vabits = 12 + 9 * levels;
    /* The upper bits must all equal the top bit of the virtual address. */
    int64_t sx = (int64_t)(va << (64 - vabits)) >> (64 - vabits);
    if ((uint64_t)sx != va)
        return fault_for(acc);

    struct bus *b = &h->m->bus;
    uint64_t table = (h->satp & ((1ull << 44) - 1)) << 12;
    for (int lvl = (int)levels - 1; lvl >= 0; lvl--) {
        uint64_t idx = (va >> (12 + 9 * lvl)) & 0x1ff;
        uint64_t pte_addr = table + idx * 8;
        if ((!probe && pmp_range(h, pte_addr, 8, ACC_R, PRIV_S) != PMP_ALLOW) || !bus_is_ram(b, pte_addr, 8))
            return access_fault_for(acc);
        if (!probe)
            b->page_flags[(pte_addr - b->ram_base) >> 12] |= BUS_PAGE_PT; /* see mmu_fetch_cached */
        uint8_t *pp = b->ram + (pte_addr - b->ram_base);
        uint64_t pte;
        memcpy(&pte, pp, 8);
        if (!(pte & PTE_V) || (!(pte & PTE_R) && (pte & PTE_W)) || (pte & PTE_RESERVED))
            return fault_for(acc);
        unsigned pbmt = (unsigned)((pte & PTE_PBMT) >> PTE_PBMT_SHIFT);
        if (pbmt == 3 || (pbmt && !(h->menvcfg & MENVCFG_PBMTE)))
            return fault_for(acc);
        if (!(pte & (PTE_R | PTE_X))) {
            if (lvl == 0 || (pte & (PTE_N | PTE_PBMT)))
                return fault_for(acc);
            table = ((pte & PTE_PPN_MASK) >> 10) << 12;
            continue;
        }
        /* Leaf: permissions. */
        if (!probe) {
            if (pte & PTE_U) {
                if (p == PRIV_S && (acc == ACC_X || !(h->mstatus & MSTATUS_SUM)))
                    return fault_for(acc);
            } else if (p == PRIV_U) {
                return fault_for(acc);
            }
            bool ok = acc == ACC_X ? (pte & PTE_X)
                    : acc == ACC_W ? (pte & PTE_W)
                    : ((pte & PTE_R) || ((h->mstatus & MSTATUS_MXR) && (pte & PTE_X)));
            if (!ok)
                return fault_for(acc);
        }
        uint64_t ppn = (pte & PTE_PPN_MASK) >> 10;
        uint64_t low_mask = (1ull << (9 * lvl)) - 1;
        if (ppn & low_mask)
            return fault_for(acc); /* misaligned superpage */
        if (pte & PTE_N) {
            /* Svnapot: only 64 KiB pages (level 0, ppn[3:0] = 1000). */
            if (lvl != 0 || (ppn & 0xf) != 8)
                return fault_for(acc);
            ppn &= ~0xfull;
            low_mask = 0xf;
        }
        uint64_t want = PTE_A | (acc == ACC_W ? PTE_D : 0);
        if (!probe && (pte & want) != want) {
            pte |= want;
            memcpy(pp, &pte, 8);
            bus_mark_dirty(b, pte_addr);
            bus_note_store(b, pte_addr, 8);
        }
        uint64_t vpn_low = (va >> 12) & low_mask;
        *pa = ((ppn | vpn_low) << 12) | (va & 0xfff);
        return 0;
    }
    return fault_for(acc);
}

int mmu_translate(struct hart *h, uint64_t va, enum access acc, enum priv p, uint64_t *pa)
{
    if (p == PRIV_M || (h->satp >> 60) == 0) {
        *pa = va;
        return 0;
    }
    return walk(h, va, acc, p, false, pa);
}

int mmu_probe(struct hart *h, uint64_t va, uint64_t *pa)
{
    if (h->priv == PRIV_M || (h->satp >> 60) == 0) {
        *pa = va;
        return 0;
    }
    return walk(h, va, ACC_R, h->priv, true, pa);
}

size_t mmu_debug_read(struct hart *h, uint64_t va, void *buf, size_t len)
{
    struct bus *b = &h->m->bus;
    size_t done = 0;
    while (done < len) {
        uint64_t a = va + done, pa;
        size_t chunk = 4096 - (a & 0xfff);
        if (chunk > len - done)
            chunk = len - done;
        if (mmu_probe(h, a, &pa))
            break;
        if (bus_is_ram(b, pa, chunk)) {
            memcpy((uint8_t *)buf + done, b->ram + (pa - b->ram_base), chunk);
            done += chunk;
            continue;
        }
        /* A ROM (the reset vector) reads without side effects. */
        const struct bus_region *r = bus_find(b, pa);
        if (!r || !r->ops->pure_read || pa + chunk > r->base + r->size)
            break;
        for (size_t i = 0; i < chunk; i++) {
            uint64_t v;
            if (r->ops->read(r->dev, pa + i - r->base, 1, &v))
                return done + i;
            ((uint8_t *)buf)[done + i] = (uint8_t)v;
        }
        done += chunk;
    }
    return done;
}

bool mmu_debug_fetch(struct hart *h, uint64_t va, struct dinsn *d)
{
    uint8_t b[4] = {0};
    if (mmu_debug_read(h, va, b, 2) != 2)
        return false;
    if (insn_length((uint16_t)(b[0] | b[1] << 8)) == 4 && mmu_debug_read(h, va + 2, b + 2, 2) != 2)
        return false;
    insn_decode((uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24, d);
    return true;
}

/* Translate one access that does not cross a page, check PMP, and fill the
 * TLB when the whole page is plain RAM with uniform permission. */
int mmu_access(struct hart *h, uint64_t va, unsigned size, enum access acc,
               uint64_t *pa, uint8_t **host)
{
    *host = NULL;
    enum priv p = acc == ACC_X ? h->priv : hart_ldst_priv(h);
    int e = mmu_translate(h, va, acc, p, pa);
    if (e)
        return e;
    if (pmp_range(h, *pa, size, acc, p) != PMP_ALLOW)
        return access_fault_for(acc);
    struct bus *b = &h->m->bus;
    uint64_t ppage = *pa & ~0xfffull;
    if (acc == ACC_W)
        bus_mark_dirty(b, *pa);
    if (bus_is_ram(b, ppage, 4096) &&
        !(b->page_flags[(ppage - b->ram_base) >> 12] & BUS_PAGE_MMIO) &&
        pmp_range(h, ppage, 4096, acc, p) == PMP_ALLOW &&
        /* a page a load/store trigger may match stays on the slow path */
        !(acc != ACC_X && (h->trig_armed & (acc == ACC_R ? TRIG_ARM_R : TRIG_ARM_W)) &&
          trig_page_may_match(h, va & ~0xfffull, acc)) &&
        /* and so does one a debugger watchpoint may match */
        !(acc != ACC_X && (h->trig_armed & TRIG_ARM_DBGW) &&
          machine_watch_page(h->m, va & ~0xfffull, acc == ACC_W))) {
        struct tlb_entry *t = &h->tlb[tlb_set(p)][acc][(va >> 12) & (TLB_SIZE - 1)];
        t->vpage = va & ~0xfffull;
        t->host = b->ram + (ppage - b->ram_base);
        t->ppage = ppage;
        t->flags = &b->page_flags[(ppage - b->ram_base) >> 12];
        *host = t->host + (*pa & 0xfff);
    }
    return 0;
}

static int load_one(struct hart *h, uint64_t va, unsigned size, uint64_t *val)
{
    uint64_t pa;
    uint8_t *host;
    int e = mmu_access(h, va, size, ACC_R, &pa, &host);
    if (e)
        return e;
    if (host) {
        uint64_t v = 0;
        memcpy(&v, host, size);
        *val = v;
        return 0;
    }
    h->irq_check = true; /* a device register may have changed an interrupt line */
    if (bus_read(&h->m->bus, pa, size, val))
        return EXC_LOAD_ACCESS;
    return 0;
}

int mmu_load_slow(struct hart *h, uint64_t va, unsigned size, uint64_t *val)
{
    if ((va & 0xfff) + size <= 4096)
        return load_one(h, va, size, val);
    /* Crossing a page: byte by byte (misaligned plain loads succeed, as in QEMU). */
    uint64_t v = 0;
    for (unsigned i = 0; i < size; i++) {
        uint64_t byte;
        int e = load_one(h, va + i, 1, &byte);
        if (e)
            return e;
        v |= byte << (8 * i);
    }
    *val = v;
    return 0;
}

static int store_one(struct hart *h, uint64_t va, unsigned size, uint64_t val)
{
    uint64_t pa;
    uint8_t *host;
    int e = mmu_access(h, va, size, ACC_W, &pa, &host);
    if (e)
        return e;
    if (host) {
        memcpy(host, &val, size);
        bus_note_store(&h->m->bus, pa, size);
        return 0;
    }
    h->irq_check = true; /* device registers: interrupts or deadlines may change */
    if (bus_write(&h->m->bus, pa, size, val))
        return EXC_STORE_ACCESS;
    return 0;
}

int mmu_store_slow(struct hart *h, uint64_t va, unsigned size, uint64_t val)
{
    if ((va & 0xfff) + size <= 4096)
        return store_one(h, va, size, val);
    /* Check every byte before writing any, so a fault leaves memory as it was. */
    for (unsigned i = 0; i < size; i++) {
        uint64_t pa;
        uint8_t *host;
        int e = mmu_access(h, va + i, 1, ACC_W, &pa, &host);
        if (e)
            return e;
    }
    for (unsigned i = 0; i < size; i++) {
        int e = store_one(h, va + i, 1, (val >> (8 * i)) & 0xff);
        if (e)
            return e;
    }
    return 0;
}

int mmu_atomic_addr(struct hart *h, uint64_t va, unsigned size, bool is_lr,
                    uint8_t **host, uint64_t *pa)
{
    if (va & (size - 1))
        return is_lr ? EXC_LOAD_MISALIGNED : EXC_STORE_MISALIGNED;
    enum access acc = is_lr ? ACC_R : ACC_W;
    enum priv p = hart_ldst_priv(h);
    int e = mmu_translate(h, va, acc, p, pa);
    if (e)
        return e;
    struct bus *b = &h->m->bus;
    if (pmp_range(h, *pa, size, acc, p) != PMP_ALLOW || !bus_is_ram(b, *pa, size))
        return is_lr ? EXC_LOAD_ACCESS : EXC_STORE_ACCESS;
    *host = b->ram + (*pa - b->ram_base);
    if (!is_lr)
        bus_mark_dirty(b, *pa);
    return 0;
}

void mmu_flush_writes(struct hart *h)
{
    for (int s = 0; s < 3; s++)
        memset(h->tlb[s][ACC_W], 0xff, sizeof h->tlb[s][ACC_W]);
}

/* The fetch cache.  A fetch from a new page walks the page tables (both
 * engines do, at every change of fetch page: a PTE edited without
 * sfence.vma is seen at the next page crossing).  A walk made again with
 * the same satp and privilege, no PMP/SUM/MXR/PBMTE change (each flushes
 * the TLB, which advances fetch_gen) and no store to any page a walk has
 * read a PTE from (BUS_PAGE_PT, which advances fetch_gen) gives the same
 * page and writes nothing (its A bit is set already), so its result can be
 * reused: the same positions, the same memory, a fraction of the time. */
bool mmu_fetch_cached(struct hart *h, uint64_t pc)
{
    const struct fetch_cache_entry *e = &h->fetch_cache[(pc >> 12) & (FETCH_CACHE_SIZE - 1)];
    if (e->vpage != (pc & ~0xfffull) || e->gen != h->m->bus.fetch_gen || e->satp != h->satp ||
        e->priv != (unsigned)h->priv)
        return false;
    h->fetch_vpage = (pc & ~0xfffull) | 1;
    h->fetch_slots = e->slots;
    h->fetch_ppage = e->ppage;
    return true;
}

void mmu_fetch_remember(struct hart *h)
{
    uint64_t vpage = h->fetch_vpage & ~0xfffull;
    struct fetch_cache_entry *e = &h->fetch_cache[(vpage >> 12) & (FETCH_CACHE_SIZE - 1)];
    *e = (struct fetch_cache_entry){vpage, h->satp, h->m->bus.fetch_gen, h->fetch_ppage, h->fetch_slots,
                                    (unsigned)h->priv};
}
