#include <stdio.h>
#include <string.h>

#include "isa/riscv/cpu.h"
#include "isa/riscv/hart_state.h"

/* The image's version, stored in the slot of x0 (always zero, so images
 * from before versioning read as version 0).  2: Sdtrig trigger state. */
#define HART_STATE_VERSION 2

/* The scalar fields after x0..x31 and f0..f31, in image order. */
#define HART_SCALARS(X)                                                          \
    X(pc) X(priv) X(mstatus) X(misa) X(medeleg) X(mideleg) X(mie) X(mip)         \
    X(mip_lines) X(mtvec) X(stvec) X(mepc) X(sepc) X(mcause) X(scause) X(mtval)  \
    X(stval) X(mscratch) X(sscratch) X(mcounteren) X(scounteren)                 \
    X(mcountinhibit) X(menvcfg) X(senvcfg) X(satp) X(stimecmp) X(fcsr)          \
    X(ntraps) X(mcycle_off) X(minstret_off) X(resv_addr) X(wfi) X(steps)        \
    X(tselect)

static const char *const scalar_names[] = {
#define NAME(f) #f,
    HART_SCALARS(NAME)
#undef NAME
};
#define NSCALARS (sizeof scalar_names / sizeof scalar_names[0])

size_t hart_state_nfields(void) { return 64 + NSCALARS + 2 * PMP_COUNT + 2 * TRIG_COUNT; }

const char *hart_state_field_name(size_t i, char *buf, size_t len)
{
    if (i == 0)
        snprintf(buf, len, "state version (x0 slot)");
    else if (i < 32)
        snprintf(buf, len, "x%zu (%s)", i, insn_xreg_name[i]);
    else if (i < 64)
        snprintf(buf, len, "f%zu (%s)", i - 32, insn_freg_name[i - 32]);
    else if (i < 64 + NSCALARS)
        snprintf(buf, len, "%s", scalar_names[i - 64]);
    else if (i < 64 + NSCALARS + PMP_COUNT)
        snprintf(buf, len, "pmpcfg entry %zu", i - 64 - NSCALARS);
    else if (i < 64 + NSCALARS + 2 * PMP_COUNT)
        snprintf(buf, len, "pmpaddr%zu", i - 64 - NSCALARS - PMP_COUNT);
    else if (i < 64 + NSCALARS + 2 * PMP_COUNT + TRIG_COUNT)
        snprintf(buf, len, "tdata1 of trigger %zu", i - 64 - NSCALARS - 2 * PMP_COUNT);
    else if (i < hart_state_nfields())
        snprintf(buf, len, "tdata2 of trigger %zu",
                 i - 64 - NSCALARS - 2 * PMP_COUNT - TRIG_COUNT);
    else
        snprintf(buf, len, "field %zu", i);
    return buf;
}

void hart_state_save(const struct hart *h, struct sbuf *w)
{
    for (int i = 0; i < 32; i++)
        put_u64(w, i ? h->x[i] : HART_STATE_VERSION);
    for (int i = 0; i < 32; i++)
        put_u64(w, h->f[i]);
#define PUT(f) put_u64(w, (uint64_t)h->f);
    HART_SCALARS(PUT)
#undef PUT
    for (int i = 0; i < PMP_COUNT; i++)
        put_u64(w, h->pmpcfg[i]);
    for (int i = 0; i < PMP_COUNT; i++)
        put_u64(w, h->pmpaddr[i]);
    for (int i = 0; i < TRIG_COUNT; i++)
        put_u64(w, h->tdata1[i]);
    for (int i = 0; i < TRIG_COUNT; i++)
        put_u64(w, h->tdata2[i]);
}

int hart_state_load(struct hart *h, struct sreader *r)
{
    struct hart t = *h;
    for (int i = 0; i < 32; i++)
        t.x[i] = get_u64(r);
    bool version_ok = t.x[0] == HART_STATE_VERSION;
    t.x[0] = 0;
    for (int i = 0; i < 32; i++)
        t.f[i] = get_u64(r);
#define GET(f) t.f = (__typeof__(t.f))get_u64(r);
    HART_SCALARS(GET)
#undef GET
    for (int i = 0; i < PMP_COUNT; i++)
        t.pmpcfg[i] = (uint8_t)get_u64(r);
    for (int i = 0; i < PMP_COUNT; i++)
        t.pmpaddr[i] = get_u64(r);
    bool trig_ok = t.tselect < TRIG_COUNT;
    for (int i = 0; i < TRIG_COUNT; i++) {
        t.tdata1[i] = get_u64(r);
        trig_ok = trig_ok && trig_legalize_tdata1(t.tdata1[i]) == t.tdata1[i];
    }
    for (int i = 0; i < TRIG_COUNT; i++)
        t.tdata2[i] = get_u64(r);
    if (r->bad || !version_ok || !trig_ok ||
        (t.priv != PRIV_U && t.priv != PRIV_S && t.priv != PRIV_M))
        return -1;
    *h = t;
    h->pmp_active = false;
    for (int i = 0; i < PMP_COUNT; i++)
        if ((h->pmpcfg[i] >> 3) & 3)
            h->pmp_active = true;
    trig_update(h); /* also flushes the TLB */
    h->irq_check = true;
    return 0;
}
