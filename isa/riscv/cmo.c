/* Cache-block operations (CMO 1.0.1: Zicbom, Zicboz).
 *
 * rewind has no caches and memory is always coherent, so cbo.clean,
 * cbo.flush and cbo.inval change nothing: what they keep from the spec is
 * when they trap.  cbo.zero writes 64 zero bytes through the store path.
 *
 * Enables: below M-mode an operation needs its menvcfg bit, and in U-mode
 * also its senvcfg bit (there is no hypervisor, so never a virtual-
 * instruction fault).  CBIE = 01 makes cbo.inval a flush, which without
 * caches is the same thing, so only whether CBIE is zero matters here.
 *
 * Faults: a management operation may touch its block when a load or a
 * store to it would be allowed; otherwise it raises a store page fault
 * (translation does not permit it) or a store access fault (PMP, nothing
 * at that physical address).  tval is the address in rs1, not the start of
 * the block, as in the spec's Sail model. */
#include "isa/riscv/cpu.h"

static bool cmo_enabled(const struct hart *h, uint64_t bits)
{
    if (h->priv == PRIV_M)
        return true;
    if (!(h->menvcfg & bits))
        return false;
    return h->priv != PRIV_U || (h->senvcfg & bits);
}

/* cbo.clean / flush / inval: check that the block may be accessed. */
static int cmo_manage(struct hart *h, uint64_t block)
{
    enum priv p = hart_ldst_priv(h);
    uint64_t pa;
    int e = mmu_translate(h, block, ACC_R, p, &pa);
    if (e)
        return e == EXC_LOAD_PAGE ? EXC_STORE_PAGE : EXC_STORE_ACCESS;
    if (pmp_range(h, pa, CMO_BLOCK_SIZE, ACC_R, p) != PMP_ALLOW &&
        pmp_range(h, pa, CMO_BLOCK_SIZE, ACC_W, p) != PMP_ALLOW)
        return EXC_STORE_ACCESS;
    struct bus *b = &h->m->bus;
    if (!bus_is_ram(b, pa, CMO_BLOCK_SIZE) && !bus_find(b, pa))
        return EXC_STORE_ACCESS;
    return 0;
}

/* cbo.zero: translation and PMP for the whole block first, so a page or
 * PMP fault writes nothing; then RAM directly (mmu_access marked the page
 * dirty; decoded code there is dropped), or the bus byte by byte, as QEMU
 * does for I/O pages (a device may then see some bytes before a fault). */
static int cmo_zero(struct hart *h, uint64_t block)
{
    uint64_t pa;
    uint8_t *host;
    int e = mmu_access(h, block, CMO_BLOCK_SIZE, ACC_W, &pa, &host);
    if (e)
        return e;
    struct bus *b = &h->m->bus;
    if (host) {
        memset(host, 0, CMO_BLOCK_SIZE);
        bus_note_store(b, pa, CMO_BLOCK_SIZE);
        return 0;
    }
    h->irq_check = true; /* device registers: interrupts or deadlines may change */
    for (unsigned i = 0; i < CMO_BLOCK_SIZE; i++)
        if (bus_write(b, pa + i, 1, 0))
            return EXC_STORE_ACCESS;
    return 0;
}

int cmo_exec(struct hart *h, unsigned op, uint64_t va)
{
    uint64_t block = va & ~(uint64_t)(CMO_BLOCK_SIZE - 1);
    switch (op) {
    case OP_cbo_zero:
        return cmo_enabled(h, MENVCFG_CBZE) ? cmo_zero(h, block) : EXC_ILLEGAL;
    case OP_cbo_inval:
        return cmo_enabled(h, MENVCFG_CBIE) ? cmo_manage(h, block) : EXC_ILLEGAL;
    default: /* clean, flush */
        return cmo_enabled(h, MENVCFG_CBCFE) ? cmo_manage(h, block) : EXC_ILLEGAL;
    }
}
