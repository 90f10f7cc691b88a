/* The JIT engine: run loop, translation cache, invalidation, helpers.
 *
 * The run loop is the interpreter's `top` (interp.c) with blocks in place
 * of single instructions: interrupts are evaluated there when h->irq_check
 * says so, a block of N instructions is entered only when N steps of
 * budget are left, and what no block holds — the boot ROM, a page-crossing
 * instruction, the last few steps of a budget, code near a breakpoint's
 * page offset, everything while an execute trigger is armed — is a call of
 * the interpreter.  Inside blocks, helpers run what is not inline (CSRs,
 * wfi, slow loads and stores, and as interpreter steps floating point,
 * atomics, traps and xRETs); when one of them leaves something for `top`
 * (an interrupt to take, a stop request, code it rewrote), translated code
 * leaves for this loop, so interrupts land on the same steps.
 *
 * Blocks belong to a physical page (found through the fetch cache, which
 * maps the virtual pc to its page's decoded slots) and never cross it; a
 * block is looked up by its virtual pc, its page and the TLB set its loads
 * use.  Direct jumps within the same virtual page are chained block to
 * block, so a chain never leaves the mapping its head was looked up in.
 * The decode cache tells us of every store into code (including DMA,
 * debugger writes and snapshot restores) and of every breakpoint offset
 * (dcache_listen): the blocks overlapping it are killed, which points
 * their entry at their exit stub so that chained jumps into them leave
 * too.  When the code buffer or the block pool is full, everything is
 * dropped and translation starts over. */
#include <stdlib.h>
#include <sys/mman.h>

#include "isa/riscv/jit_internal.h"

#define JIT_CODE_SIZE (64u << 20)
#define JIT_MAX_BLOCKS (1u << 18)
#define JIT_HASH_SIZE (1u << 16)
#define JIT_BLOCK_CODE_MAX (JIT_MAX_INSNS * 320 + 512) /* room one block may need */

struct jit {
    struct machine *m;
    uint8_t *mem;
    size_t size;                    /* of the code buffer */
    struct jit_buf buf;
    uint32_t epi_sync, epi_nosync;
    struct jit_block *blocks;
    uint32_t nblocks;
    uint64_t gen;                   /* incremented by every flush */
    struct jit_block *hash[JIT_HASH_SIZE];
    struct jit_block **page_head;   /* per RAM page */
    uint64_t *page_lines;           /* per RAM page: its 64-byte lines holding blocks */
    size_t npages;
    struct jit_block *jc[MACHINE_MAX_HARTS][JIT_JC_SIZE];
    bool code_changed;              /* a store hit decoded code (helpers look) */
    struct jit_stats stats;
    void (*observer)(void *opaque, const struct jit_block_view *v);
    void *observer_opaque;
    struct dinsn insns[JIT_MAX_INSNS]; /* the block being translated */
};

#if defined(__x86_64__)

static void jit_code_written(void *opaque, uint64_t paddr, unsigned len);
static void jit_undispatch(void *opaque, unsigned page_offset);

static void start_buffer(struct jit *j)
{
    jit_buf_init(&j->buf, j->mem, j->size);
    jit_x86_emit_trampoline(&j->buf, &j->epi_sync, &j->epi_nosync);
}

static struct jit *jit_create(struct machine *m, size_t code_size)
{
    struct jit *j = calloc(1, sizeof *j);
    if (!j)
        return NULL;
    j->m = m;
    j->size = code_size;
    j->npages = m->bus.ram_size >> 12;
    j->blocks = calloc(JIT_MAX_BLOCKS, sizeof *j->blocks);
    j->page_head = calloc(j->npages, sizeof *j->page_head);
    j->page_lines = calloc(j->npages, sizeof *j->page_lines);
    void *mem = mmap(NULL, code_size, PROT_READ | PROT_WRITE | PROT_EXEC,
                     MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (!j->blocks || !j->page_head || !j->page_lines || mem == MAP_FAILED) {
        if (mem != MAP_FAILED)
            munmap(mem, code_size);
        free(j->blocks);
        free(j->page_head);
        free(j->page_lines);
        free(j);
        return NULL;
    }
    j->mem = mem;
    start_buffer(j);
    struct dcache_listener l = {jit_code_written, jit_undispatch, j};
    dcache_listen(m->dcache, &l);
    return j;
}

void jit_destroy(struct jit *j)
{
    if (!j)
        return;
    dcache_listen(j->m->dcache, NULL);
    munmap(j->mem, j->size);
    free(j->blocks);
    free(j->page_head);
    free(j->page_lines);
    free(j);
}

/* Drop every translation. */
static void flush_all(struct jit *j)
{
    for (uint32_t i = 0; i < j->nblocks; i++) {
        struct jit_block *b = &j->blocks[i];
        if (b->ppc) {
            j->page_head[(b->ppc - j->m->bus.ram_base) >> 12] = NULL;
            j->page_lines[(b->ppc - j->m->bus.ram_base) >> 12] = 0;
        }
    }
    j->nblocks = 0;
    memset(j->hash, 0, sizeof j->hash);
    memset(j->jc, 0, sizeof j->jc);
    j->gen++;
    j->stats.flushes++;
    start_buffer(j);
}

/* The guest bytes a block answers for: its instructions, or the parcel of
 * the one it leaves to the interpreter. */
static unsigned block_span(const struct jit_block *b) { return b->bytes ? b->bytes : 2; }

static unsigned hash_of(uint64_t vpc) { return (unsigned)((vpc >> 1) ^ (vpc >> 17)) & (JIT_HASH_SIZE - 1); }

/* Point the block's entry at its exit stub and forget it. */
static void kill(struct jit *j, struct jit_block *b)
{
    if (b->dead)
        return;
    b->dead = true;
    j->stats.invalidated++;
    if (b->ninsns) {
        uint8_t *p = j->mem + b->entry;
        int32_t rel = (int32_t)b->exit_stub - (int32_t)(b->entry + 5);
        p[0] = 0xe9;
        memcpy(p + 1, &rel, 4);
    }
    for (struct jit_block **pp = &j->hash[hash_of(b->vpc)]; *pp; pp = &(*pp)->hnext)
        if (*pp == b) {
            *pp = b->hnext;
            break;
        }
}

/* The 64-byte lines of its page that [lo, hi) touches (within one page). */
static uint64_t lines_of(uint64_t lo, uint64_t hi)
{
    unsigned first = (unsigned)(lo & 0xfff) >> 6, last = (unsigned)((hi - 1) & 0xfff) >> 6;
    uint64_t upto = last == 63 ? ~0ull : (2ull << last) - 1;
    return upto & ~((1ull << first) - 1);
}

static void jit_code_written(void *opaque, uint64_t paddr, unsigned len)
{
    struct jit *j = opaque;
    uint64_t base = j->m->bus.ram_base;
    uint64_t lo = paddr >= base + 2 ? paddr - 2 : base, hi = paddr + len; /* an instruction may start 2 bytes before */
    for (uint64_t pg = (lo - base) >> 12; pg <= (hi - 1 - base) >> 12 && pg < j->npages; pg++) {
        uint64_t plo = base + (pg << 12), phi = plo + 4096;
        if (!(j->page_lines[pg] & lines_of(lo > plo ? lo : plo, hi < phi ? hi : phi)))
            continue; /* data beside code: no block there */
        struct jit_block **pp = &j->page_head[pg];
        while (*pp) {
            struct jit_block *b = *pp;
            if (b->ppc < hi && lo < b->ppc + block_span(b)) {
                j->code_changed = true;
                kill(j, b);
                *pp = b->pnext;
            } else {
                pp = &b->pnext;
            }
        }
    }
}

static void jit_undispatch(void *opaque, unsigned off)
{
    struct jit *j = opaque;
    for (uint32_t i = 0; i < j->nblocks; i++) {
        struct jit_block *b = &j->blocks[i];
        unsigned start = (unsigned)(b->ppc & 0xfff);
        if (!b->dead && off >= start && off < start + block_span(b)) {
            kill(j, b);
            struct jit_block **pp = &j->page_head[(b->ppc - j->m->bus.ram_base) >> 12];
            while (*pp && *pp != b)
                pp = &(*pp)->pnext;
            if (*pp)
                *pp = b->pnext;
        }
    }
}

/* The fetch cache for pc, as the interpreter fills it; false when pc is
 * not in cacheable RAM or the fetch faults (the interpreter then takes
 * the step and raises what there is to raise). */
static bool fetch_page(struct hart *h, uint64_t pc)
{
    if (((pc & ~0xfffull) | 1) == h->fetch_vpage || mmu_fetch_cached(h, pc))
        return true;
    uint64_t pa;
    uint8_t *host;
    if (mmu_access(h, pc, 2, ACC_X, &pa, &host) || !host)
        return false;
    struct dinsn *slots = dcache_page(h->m->dcache, pa & ~0xfffull);
    if (!slots)
        return false;
    h->fetch_vpage = (pc & ~0xfffull) | 1;
    h->fetch_slots = slots;
    h->fetch_ppage = pa & ~0xfffull;
    mmu_fetch_remember(h);
    return true;
}

/* The decoded instruction at page offset off, decoding it into its slot
 * when needed; false when it crosses the page. */
static bool decode_at(struct hart *h, unsigned off, struct dinsn *out)
{
    struct dinsn *d = &h->fetch_slots[off >> 1];
    if (d->op == OP_UNDECODED) {
        struct bus *bus = &h->m->bus;
        const uint8_t *p = bus->ram + (h->fetch_ppage - bus->ram_base) + off;
        uint16_t lo;
        memcpy(&lo, p, 2);
        if (insn_length(lo) == 2) {
            insn_decode16(lo, d);
        } else {
            if (off > 4092)
                return false;
            uint32_t w;
            memcpy(&w, p, 4);
            insn_decode32(w, d);
        }
    }
    if (off + d->len > 4096)
        return false;
    *out = *d;
    return true;
}

static struct jit_block *translate(struct jit *j, struct hart *h, uint64_t pc, unsigned set)
{
    struct machine *m = j->m;
    if (j->nblocks == JIT_MAX_BLOCKS || j->size - j->buf.len < JIT_BLOCK_CODE_MAX)
        flush_all(j);
    bool bps = (h->trig_armed & TRIG_ARM_DBG) != 0;
    unsigned n = 0, off = (unsigned)(pc & 0xfff);
    while (n < JIT_MAX_INSNS && off < 4096) {
        if (n && bps && machine_breakpoint_slot(m, (pc & ~0xfffull) | off))
            break;
        struct dinsn *d = &j->insns[n];
        if (!decode_at(h, off, d))
            break;
        n++;
        off += d->len;
        if (jit_x86_ends_block(d) || !jit_x86_supports(d))
            break; /* the latter: one interpreter step from the block */
    }
    struct jit_block *b = &j->blocks[j->nblocks++];
    *b = (struct jit_block){.vpc = pc, .ppc = h->fetch_ppage | (pc & 0xfff), .slots = h->fetch_slots,
                            .bytes = (uint16_t)(off - (pc & 0xfff)), .ninsns = (uint8_t)n,
                            .set = (uint8_t)set};
    if (n) {
        struct jit_source src = {pc, set, n, j->insns, (struct jit_block *const (*)[JIT_JC_SIZE])j->jc, j->mem};
        jit_x86_emit_block(&j->buf, j->epi_sync, j->epi_nosync, &src, b);
        if (!jit_buf_ok(&j->buf))
            abort(); /* room was checked above: a back-end bug */
        j->stats.blocks++;
        if (j->observer) {
            struct jit_block_view v = {pc, b->ppc, n, j->insns, j->mem + b->entry, b->code_len};
            j->observer(j->observer_opaque, &v);
        }
    }
    unsigned hi = hash_of(pc);
    b->hnext = j->hash[hi];
    j->hash[hi] = b;
    size_t pg = (b->ppc - m->bus.ram_base) >> 12;
    b->pnext = j->page_head[pg];
    j->page_head[pg] = b;
    j->page_lines[pg] |= lines_of(b->ppc, b->ppc + block_span(b));
    return b;
}

/* The block for h->pc (translated now if need be), or NULL when the
 * interpreter must take this step. */
static struct jit_block *lookup(struct jit *j, struct hart *h)
{
    uint64_t pc = h->pc;
    if (!fetch_page(h, pc))
        return NULL;
    unsigned set = tlb_set(hart_ldst_priv(h));
    struct jit_block **slot = &j->jc[h->hartid][(pc >> 1) & (JIT_JC_SIZE - 1)];
    struct jit_block *b = *slot;
    if (b && b->vpc == pc && b->slots == h->fetch_slots && b->set == set && !b->dead)
        return b;
    for (b = j->hash[hash_of(pc)]; b; b = b->hnext)
        if (b->vpc == pc && b->slots == h->fetch_slots && b->set == set)
            break;
    if (!b)
        b = translate(j, h, pc, set);
    *slot = b;
    return b;
}

typedef int (*jit_enter_fn)(struct hart *h, const void *code, uint64_t end);

/* The interpreter for up to n steps; false when it stopped short (WFI, a
 * stop request, a debugger stop): the run is over. */
static bool interp_steps(struct jit *j, struct hart *h, uint64_t n)
{
    uint64_t done = interp_run(h, n);
    j->stats.interp_steps += done;
    return done == n && !h->wfi;
}

uint64_t jit_run(struct hart *h, uint64_t budget)
{
    struct machine *m = h->m;
    if (!m->jit) {
        m->jit = jit_create(m, JIT_CODE_SIZE);
        if (!m->jit)
            return interp_run(h, budget);
    }
    struct jit *j = m->jit;
    jit_enter_fn enter;
    {
        void *p = j->mem;
        memcpy(&enter, &p, sizeof enter);
    }
    const uint64_t start = h->steps, end = start + budget;
    uint32_t chain_at = 0;
    uint64_t chain_gen = 0;
    for (;;) {
        if (unlikely(h->irq_check)) {
            int r = hart_irq_boundary(h, h->steps < end);
            if (r < 0)
                break;
            if (r) {
                chain_at = 0;
                continue;
            }
        }
        if (h->steps >= end)
            break;
        if (unlikely(h->trig_armed & TRIG_ARM_X)) {
            interp_steps(j, h, end - h->steps); /* every step checks the trigger */
            break;
        }
        struct jit_block *b = NULL;
        if (!(h->trig_armed & TRIG_ARM_DBG) || !machine_breakpoint_near(m, h->pc))
            b = lookup(j, h);
        if (!b || !b->ninsns || b->ninsns > end - h->steps) {
            chain_at = 0;
            uint64_t n = b && b->ninsns ? end - h->steps : 1;
            if (!interp_steps(j, h, n))
                break;
            continue;
        }
        if (chain_at && chain_gen == j->gen) {
            jit_patch_rel32(&j->buf, chain_at, b->entry);
            j->stats.chained++;
        }
        chain_at = 0;
        int r = enter(h, j->mem + b->entry, end);
        if (r == JIT_EXIT_STOP || h->wfi)
            break;
        if ((r & 3) == JIT_EXIT_CHAIN) {
            chain_at = (uint32_t)r >> 2;
            chain_gen = j->gen;
        }
    }
    return h->steps - start;
}

/* ---- helpers called from translated code */

static int take_trap(struct hart *h, uint64_t cause, uint64_t tval)
{
    hart_trap(h, cause, tval);
    h->ntraps++;
    h->steps++;
    return JIT_EXIT_LOOKUP;
}

/* Retire the instruction and leave for the run loop. */
static int retire_and_leave(struct hart *h, uint32_t info)
{
    h->pc += (info >> 16) & 15;
    h->steps++;
    return JIT_EXIT_LOOKUP;
}

/* The instruction (len bytes at h->pc, step h->steps) set h->irq_check:
 * do here what the run loop would do after it retires — and when that is
 * nothing (no stop request, no deadline change, no interrupt to take), the
 * block may go on.  True then, with the hart as it was; false with the
 * instruction retired and irq_check still set, for the run loop.  So an
 * MMIO poll or a CSR write does not leave the block for nothing. */
static bool irq_settles(struct hart *h, unsigned len)
{
    h->pc += len;
    h->steps++;
    if (hart_irq_boundary(h, false)) /* (with no budget: it takes nothing) */
        return false;
    h->pc -= len;
    h->steps--;
    return true;
}

/* Sdtrig load/store triggers and debugger watchpoints, before the access,
 * as interp.c's TRIG_ACCESS: JIT_EXIT_CONTINUE when neither fires. */
static int check_triggers(struct hart *h, uint64_t a, unsigned size, enum access acc)
{
    unsigned bit = acc == ACC_R ? TRIG_ARM_R : TRIG_ARM_W;
    if (likely(!(h->trig_armed & (bit | TRIG_ARM_DBGW))))
        return JIT_EXIT_CONTINUE;
    uint64_t tval;
    if ((h->trig_armed & bit) && trig_check(h, a, size, acc, &tval))
        return take_trap(h, EXC_BREAKPOINT, tval);
    struct machine *m = h->m;
    if ((h->trig_armed & TRIG_ARM_DBGW) &&
        machine_watch_hit(m, a, size, acc == ACC_W, m->steps + (h->steps - m->run_hart_base)))
        return JIT_EXIT_STOP;
    return JIT_EXIT_CONTINUE;
}

int jit_helper_load(struct hart *h, uint64_t a, uint32_t info)
{
    unsigned size = info & 15, rd = (info >> 8) & 0xff;
    int r = check_triggers(h, a, size, ACC_R);
    if (r)
        return r;
    uint64_t v = 0;
    int e = mmu_load_slow(h, a, size, &v);
    if (e)
        return take_trap(h, (uint64_t)e, a);
    if (info & 16) {
        unsigned sh = 64 - 8 * size;
        v = (uint64_t)((int64_t)(v << sh) >> sh);
    }
    if (rd != 0 && rd != 32)
        h->x[rd] = v;
    if (h->irq_check && !irq_settles(h, (info >> 16) & 15))
        return JIT_EXIT_LOOKUP;
    return JIT_EXIT_CONTINUE;
}

int jit_helper_csr(struct hart *h, uint64_t info, uint64_t rs1_val, uint32_t raw)
{
    unsigned rd = (unsigned)(info >> 36) & 63;
    unsigned set = tlb_set(hart_ldst_priv(h));
    uint64_t fetch = h->fetch_vpage, old;
    if (csr_execute(h, (unsigned)info & 0xffff, (unsigned)(info >> 16) & 0xfff, (unsigned)(info >> 28) & 31,
                    rs1_val, rd == 0 || rd == 32, &old))
        return take_trap(h, EXC_ILLEGAL, raw);
    if (rd != 0 && rd != 32)
        h->x[rd] = old;
    if (!h->irq_check)
        return JIT_EXIT_CONTINUE;
    /* A write.  The block goes on only if what it assumes still holds:
     * the fetch page (a TLB flush forgets it: satp, SUM/MXR, PMP,
     * triggers) and the TLB set of its loads and stores (MPRV). */
    unsigned len = (unsigned)(info >> 44) & 7;
    bool same = h->fetch_vpage == fetch && tlb_set(hart_ldst_priv(h)) == set;
    if (same && irq_settles(h, len))
        return JIT_EXIT_CONTINUE;
    if (!same) { /* retire; the run loop evaluates irq_check */
        h->pc += len;
        h->steps++;
    }
    return JIT_EXIT_LOOKUP;
}

int jit_helper_wfi(struct hart *h, unsigned len, uint32_t raw)
{
    /* As interp.c's l_wfi: illegal where TW or U-mode forbid it; otherwise
     * the hart sleeps unless an interrupt is pending and enabled in mie,
     * and a wfi that does not sleep is a nop (the block goes on). */
    if (h->priv == PRIV_U || (h->priv == PRIV_S && (h->mstatus & MSTATUS_TW)))
        return take_trap(h, EXC_ILLEGAL, raw);
    if (hart_wfi_wakes(h))
        return JIT_EXIT_CONTINUE;
    h->pc += len;
    h->steps++;
    h->wfi = true;
    return JIT_EXIT_LOOKUP;
}

int jit_helper_trap_step(struct hart *h)
{
    struct machine *m = h->m;
    uint64_t n = interp_run(h, 1);
    m->jit->stats.interp_steps += n;
    /* What the run loop would look at before the next block: the
     * interpreter has evaluated irq_check already (a trap or xRET sets it),
     * leaving it set only for something to do. */
    if (n != 1 || h->irq_check || h->wfi || (h->trig_armed & TRIG_ARM_X))
        return JIT_EXIT_LOOKUP;
    return JIT_TRAP_GO_ON + (int)tlb_set(hart_ldst_priv(h));
}

int jit_helper_step(struct hart *h)
{
    h->m->jit->stats.interp_steps += interp_run(h, 1);
    return JIT_EXIT_LOOKUP;
}

int jit_helper_interp(struct hart *h, uint64_t next_pc)
{
    struct jit *j = h->m->jit;
    uint64_t fetch = h->fetch_vpage;
    j->code_changed = false;
    uint64_t n = interp_run(h, 1);
    j->stats.interp_steps += n;
    if (n != 1 || h->pc != next_pc || h->irq_check || h->wfi || j->code_changed ||
        h->fetch_vpage != fetch)
        return JIT_EXIT_LOOKUP; /* (the interpreter evaluated irq_check itself) */
    return JIT_EXIT_CONTINUE;
}

int jit_helper_store(struct hart *h, uint64_t a, uint64_t v, uint32_t info)
{
    unsigned size = info & 15;
    struct jit *j = h->m->jit;
    /* A TLB hit on a page holding code: the interpreter's fast path. */
    const struct tlb_entry *t = &h->tlb[tlb_set(hart_ldst_priv(h))][ACC_W][(a >> 12) & (TLB_SIZE - 1)];
    if (t->vpage == (a & (~0xfffull | (size - 1)))) {
        memcpy(t->host + (a & 0xfff), &v, size);
        if (*t->flags & (BUS_PAGE_CODE | BUS_PAGE_PT)) {
            j->code_changed = false;
            bus_note_store(&h->m->bus, t->ppage + (a & 0xfff), size);
            if (j->code_changed)
                return retire_and_leave(h, info); /* this block may be what changed */
        }
        return JIT_EXIT_CONTINUE;
    }
    int r = check_triggers(h, a, size, ACC_W);
    if (r)
        return r;
    j->code_changed = false;
    int e = mmu_store_slow(h, a, size, v);
    if (e)
        return take_trap(h, (uint64_t)e, a);
    if (j->code_changed)
        return retire_and_leave(h, info); /* this block may be what changed */
    if (h->irq_check && !irq_settles(h, (info >> 16) & 15))
        return JIT_EXIT_LOOKUP;
    return JIT_EXIT_CONTINUE;
}

#else /* not x86-64: the interpreter */

uint64_t jit_run(struct hart *h, uint64_t budget) { return interp_run(h, budget); }
void jit_destroy(struct jit *j) { (void)j; }

#endif

void jit_observe_blocks(struct machine *m, void (*fn)(void *opaque, const struct jit_block_view *v),
                        void *opaque)
{
#if defined(__x86_64__)
    if (!m->jit)
        m->jit = jit_create(m, JIT_CODE_SIZE);
    if (m->jit) {
        m->jit->observer = fn;
        m->jit->observer_opaque = opaque;
    }
#else
    (void)m; (void)fn; (void)opaque;
#endif
}

int jit_set_code_size(struct machine *m, size_t bytes)
{
#if defined(__x86_64__)
    if (m->jit || bytes < 2 * JIT_BLOCK_CODE_MAX)
        return -1;
    m->jit = jit_create(m, bytes);
    return m->jit ? 0 : -1;
#else
    (void)m; (void)bytes;
    return -1;
#endif
}

struct jit_stats jit_stats(const struct machine *m)
{
    struct jit_stats s = {0};
    if (m->jit)
        s = m->jit->stats;
    return s;
}
