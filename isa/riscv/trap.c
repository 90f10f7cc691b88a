/* Reset, trap entry with delegation, and interrupt selection. */
#include "isa/riscv/cpu.h"

void hart_reset(struct hart *h, struct machine *m, unsigned id, uint64_t pc)
{
    memset(h, 0, sizeof *h);
    h->m = m;
    h->hartid = id;
    h->pc = pc;
    h->priv = PRIV_M;
    h->resv_addr = ~0ull;
    csr_reset(h);
    trig_reset(h);
    mmu_flush(h);
}

void hart_set_priv(struct hart *h, enum priv p)
{
    h->priv = p;
    h->fetch_vpage = 0;
}

void hart_trap(struct hart *h, uint64_t cause, uint64_t tval)
{
    bool irq = cause & CAUSE_INTERRUPT;
    uint64_t code = cause & ~CAUSE_INTERRUPT;
    uint64_t deleg = irq ? h->mideleg : h->medeleg;
    uint64_t s = h->mstatus;

    h->wfi = false;
    if (h->m->io.trap)
        h->m->io.trap(h->m->io.opaque, h->hartid, machine_position(h->m), cause, h->pc, tval, h->priv);
    if (h->priv <= PRIV_S && code < 64 && ((deleg >> code) & 1)) {
        h->scause = cause;
        h->sepc = h->pc;
        h->stval = tval;
        s = (s & ~MSTATUS_SPP) | (h->priv == PRIV_S ? MSTATUS_SPP : 0);
        s = (s & ~MSTATUS_SPIE) | ((s & MSTATUS_SIE) ? MSTATUS_SPIE : 0);
        s &= ~MSTATUS_SIE;
        h->mstatus = s;
        h->pc = (h->stvec & ~3ull) + (irq && (h->stvec & 3) == 1 ? 4 * code : 0);
        hart_set_priv(h, PRIV_S);
    } else {
        h->mcause = cause;
        h->mepc = h->pc;
        h->mtval = tval;
        s = (s & ~MSTATUS_MPP) | ((uint64_t)h->priv << MSTATUS_MPP_SHIFT);
        s = (s & ~MSTATUS_MPIE) | ((s & MSTATUS_MIE) ? MSTATUS_MPIE : 0);
        s &= ~MSTATUS_MIE;
        h->mstatus = s;
        h->pc = (h->mtvec & ~3ull) + (irq && (h->mtvec & 3) == 1 ? 4 * code : 0);
        hart_set_priv(h, PRIV_M);
    }
    h->irq_check = true;
}

/* Priority among simultaneously pending interrupts (privileged spec 3.1.9). */
static const uint8_t irq_order[] = {11, 3, 7, 9, 1, 5};

uint64_t hart_pending_interrupt(struct hart *h)
{
    uint64_t pending = csr_mip(h) & h->mie;
    if (!pending)
        return 0;
    bool m_on = h->priv < PRIV_M || (h->mstatus & MSTATUS_MIE);
    bool s_on = h->priv < PRIV_S || (h->priv == PRIV_S && (h->mstatus & MSTATUS_SIE));
    uint64_t en = (m_on ? pending & ~h->mideleg : 0);
    if (!en)
        en = s_on ? pending & h->mideleg : 0;
    for (unsigned i = 0; i < sizeof irq_order; i++)
        if (en & (1ull << irq_order[i]))
            return CAUSE_INTERRUPT | irq_order[i];
    return 0;
}

int hart_irq_boundary(struct hart *h, bool budget_left)
{
    struct machine *m = h->m;
    if (m->stop_pending || m->kicked)
        return -1; /* the scheduler re-evaluates; irq_check stays set */
    h->irq_check = false;
    uint64_t c = hart_pending_interrupt(h);
    if (!c)
        return 0;
    if (!budget_left) {
        h->irq_check = true;
        return -1;
    }
    hart_trap(h, c, 0);
    h->ntraps++;
    h->steps++;
    return 1;
}

bool hart_wfi_wakes(struct hart *h)
{
    return (csr_mip(h) & h->mie) != 0;
}
