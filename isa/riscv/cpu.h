/* Internal interface between the parts of the RISC-V model: traps, MMU,
 * PMP, decode cache.  Engines (interp, later the JIT) use these. */
#ifndef REWIND_ISA_RISCV_CPU_H
#define REWIND_ISA_RISCV_CPU_H

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "core/machine.h"
#include "isa/riscv/csr.h"
#include "isa/riscv/hart.h"
#include "isa/riscv/insn.h"

#define likely(x) __builtin_expect(!!(x), 1)
#define unlikely(x) __builtin_expect(!!(x), 0)

enum access { ACC_R = 0, ACC_W = 1, ACC_X = 2 };

/* --- trap.c --- */
void hart_reset(struct hart *h, struct machine *m, unsigned id, uint64_t pc);
/* Enter the trap handler for `cause` (CAUSE_INTERRUPT set for interrupts). */
void hart_trap(struct hart *h, uint64_t cause, uint64_t tval);
/* The interrupt that would be taken now, as a cause, or 0. */
uint64_t hart_pending_interrupt(struct hart *h);
/* What an engine does at a step boundary when h->irq_check is set (both
 * engines share it, so interrupts land on the same steps): -1 when the run
 * must end here (a stop request or deadline change for the scheduler, or
 * an interrupt due with no budget left to take it; irq_check stays set),
 * 1 when an interrupt was taken (the trap entry is one step), 0 when there
 * is nothing to do (irq_check cleared).  h->pc and h->steps must be exact. */
int hart_irq_boundary(struct hart *h, bool budget_left);
/* True when a WFI would wake: some interrupt is pending and enabled in mie. */
bool hart_wfi_wakes(struct hart *h);
void hart_set_priv(struct hart *h, enum priv p);

/* --- pmp.c --- */
enum pmp_result { PMP_ALLOW, PMP_DENY, PMP_PARTIAL };
enum pmp_result pmp_range(const struct hart *h, uint64_t pa, uint64_t len,
                          enum access acc, enum priv p);
void pmp_write_cfg(struct hart *h, unsigned reg, uint64_t val);  /* reg 0 or 2 */
void pmp_write_addr(struct hart *h, unsigned idx, uint64_t val);
uint64_t pmp_read_cfg(const struct hart *h, unsigned reg);

/* --- mmu.c --- */
/* The privilege loads and stores use (MPRV applies). */
static inline enum priv hart_ldst_priv(const struct hart *h)
{
    if (h->priv == PRIV_M && (h->mstatus & MSTATUS_MPRV))
        return (enum priv)((h->mstatus >> MSTATUS_MPP_SHIFT) & 3);
    return h->priv;
}
static inline unsigned tlb_set(enum priv p) { return p == PRIV_M ? 2 : (unsigned)p; }

void mmu_flush(struct hart *h);
/* Drop the write-TLB entries only (so the next store to each page marks it
 * dirty again). */
void mmu_flush_writes(struct hart *h);
/* Translate and check; 0 or an exception cause.  *host is the host pointer
 * for pa when it is plain RAM, else NULL. */
int mmu_translate(struct hart *h, uint64_t va, enum access acc, enum priv p,
                  uint64_t *pa);
/* Where va leads under the hart's current translation, for a debugger:
 * no permission or PMP checks, no A/D updates.  0, or a page fault cause. */
int mmu_probe(struct hart *h, uint64_t va, uint64_t *pa);
/* A debugger's read of virtual memory through mmu_probe: RAM only (device
 * registers change when read).  Returns the bytes read before the first
 * that is not. */
size_t mmu_debug_read(struct hart *h, uint64_t va, void *buf, size_t len);
/* The instruction at va, read the same way and decoded; false when it
 * cannot all be read. */
bool mmu_debug_fetch(struct hart *h, uint64_t va, struct dinsn *d);
/* Translate one access within a page and check PMP; fills the TLB when the
 * page is cacheable, and then sets *host to the byte's host address. */
int mmu_access(struct hart *h, uint64_t va, unsigned size, enum access acc,
               uint64_t *pa, uint8_t **host);
int mmu_load_slow(struct hart *h, uint64_t va, unsigned size, uint64_t *val);
/* The fetch cache (mmu.c): set the fetch page (fetch_vpage, _slots,
 * _ppage) for pc from a translation made before, when a walk now would
 * give the same; false when one must be made.  mmu_fetch_remember keeps
 * the fetch page just set up after a walk. */
bool mmu_fetch_cached(struct hart *h, uint64_t pc);
void mmu_fetch_remember(struct hart *h);
int mmu_store_slow(struct hart *h, uint64_t va, unsigned size, uint64_t val);
/* Physical address of an atomic access (LR/SC/AMO): alignment, translation
 * for a store (AMOs need write permission), RAM only.  0 or cause. */
int mmu_atomic_addr(struct hart *h, uint64_t va, unsigned size, bool is_lr,
                    uint8_t **host, uint64_t *pa);

static inline int mmu_load(struct hart *h, uint64_t va, unsigned size, uint64_t *val)
{
    struct tlb_entry *e = &h->tlb[tlb_set(hart_ldst_priv(h))][ACC_R][(va >> 12) & (TLB_SIZE - 1)];
    if (likely(e->vpage == (va & ~0xfffull) && (va & 0xfff) + size <= 4096)) {
        uint64_t v = 0;
        memcpy(&v, e->host + (va & 0xfff), size);
        *val = v;
        return 0;
    }
    return mmu_load_slow(h, va, size, val);
}

static inline int mmu_store(struct hart *h, uint64_t va, unsigned size, uint64_t val)
{
    struct tlb_entry *e = &h->tlb[tlb_set(hart_ldst_priv(h))][ACC_W][(va >> 12) & (TLB_SIZE - 1)];
    if (likely(e->vpage == (va & ~0xfffull) && (va & 0xfff) + size <= 4096)) {
        memcpy(e->host + (va & 0xfff), &val, size);
        bus_note_store(&h->m->bus, e->ppage + (va & 0xfff), size);
        return 0;
    }
    return mmu_store_slow(h, va, size, val);
}

/* --- trigger.c: Sdtrig --- */
void trig_reset(struct hart *h);
/* Recompute h->trig_armed from tdata1 (after a load of saved state too). */
void trig_update(struct hart *h);
uint64_t trig_legalize_tdata1(uint64_t v);
/* Does an enabled trigger match `size` bytes at va for `acc` in the current
 * mode?  Then *tval = the first matching address. */
bool trig_check(const struct hart *h, uint64_t va, unsigned size, enum access acc,
                uint64_t *tval);
/* May a trigger for `acc` match an address in the page at vpage (in any
 * mode)?  Such pages stay out of the TLB. */
bool trig_page_may_match(const struct hart *h, uint64_t vpage, enum access acc);
int trig_csr_read(const struct hart *h, unsigned csr, uint64_t *val);
int trig_csr_write(struct hart *h, unsigned csr, uint64_t val);

/* --- dcache.c: decoded instructions per physical page --- */
#define DCACHE_SLOTS 2048 /* one per 2-byte parcel of a 4 KiB page */
struct dcache *dcache_create(struct bus *b);
void dcache_destroy(struct dcache *c);
/* The slots of RAM page `ppage`, created on first use. */
struct dinsn *dcache_page(struct dcache *c, uint64_t ppage);
/* A store of len bytes at paddr: forget decodes it may have changed. */
void dcache_invalidate(void *c, uint64_t paddr, unsigned len);
/* Reset the engine's dispatch index (disp) of the slot at va's offset in
 * every page (offsets are the same in virtual and physical pages), so that
 * the next execution of any of them takes the engine's full path. */
void dcache_undispatch(struct dcache *c, uint64_t va);
/* Who else keeps something derived from decoded code (the JIT's blocks):
 * told of every store dcache_invalidate sees and of every undispatch
 * (with the page offset).  NULL removes the listener. */
struct dcache_listener {
    void (*code_written)(void *opaque, uint64_t paddr, unsigned len);
    void (*undispatch)(void *opaque, unsigned page_offset);
    void *opaque;
};
void dcache_listen(struct dcache *c, const struct dcache_listener *l);

/* --- cmo.c: cache-block operations (Zicbom, Zicboz) --- */
#define CMO_BLOCK_SIZE 64 /* riscv,cbom-block-size and riscv,cboz-block-size */
/* cbo.clean / cbo.flush / cbo.inval / cbo.zero (`op` is OP_cbo_*) on the
 * block that holds `va`: 0, or the exception cause (EXC_ILLEGAL when
 * menvcfg / senvcfg do not enable it here; store page / access faults,
 * whose tval is `va` itself). */
int cmo_exec(struct hart *h, unsigned op, uint64_t va);

/* --- interp.c --- */
/* Run for at most `budget` steps; returns the number taken. */
uint64_t interp_run(struct hart *h, uint64_t budget);

#endif
