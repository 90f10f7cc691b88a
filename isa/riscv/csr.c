/* CSR reads and writes with the side effects and WARL rules of the
 * privileged spec (and QEMU's choices where the spec leaves room). */
#include "isa/riscv/cpu.h"

#define MISA_RV64GC ((2ull << 62) | (1u << 0) | (1u << 2) | (1u << 3) | (1u << 5) | \
                     (1u << 8) | (1u << 12) | (1u << 18) | (1u << 20))

#define MSTATUS_M_WRITABLE (MSTATUS_SIE | MSTATUS_MIE | MSTATUS_SPIE | MSTATUS_MPIE | \
                            MSTATUS_SPP | MSTATUS_MPP | MSTATUS_FS | MSTATUS_MPRV |   \
                            MSTATUS_SUM | MSTATUS_MXR | MSTATUS_TVM | MSTATUS_TW |    \
                            MSTATUS_TSR)
#define SSTATUS_MASK (MSTATUS_SIE | MSTATUS_SPIE | MSTATUS_SPP | MSTATUS_FS | \
                      MSTATUS_XS | MSTATUS_SUM | MSTATUS_MXR | MSTATUS_UXL | MSTATUS_SD)
#define MIE_MASK 0xaaaull
#define MIDELEG_MASK 0x222ull
#define MEDELEG_MASK 0xb3ffull
#define MIP_M_WRITABLE (MIP_SSIP | MIP_STIP | MIP_SEIP)

const char *csr_name(unsigned csr)
{
    switch (csr) {
#define CSR_CASE(name, num) case num: return #name;
        CSR_LIST(CSR_CASE)
#undef CSR_CASE
    default: return NULL;
    }
}

void csr_reset(struct hart *h)
{
    h->misa = MISA_RV64GC;
    /* UXL = SXL = 64-bit */
    h->mstatus = (2ull << 32) | (2ull << 34);
    h->mtvec = 0;
    h->stimecmp = ~0ull;
}

static bool stce(const struct hart *h) { return (h->menvcfg & MENVCFG_STCE) != 0; }

uint64_t csr_mip(struct hart *h)
{
    uint64_t mip = h->mip | h->mip_lines;
    if (stce(h)) {
        mip &= ~MIP_STIP;
        if (machine_mtime(h->m) >= h->stimecmp)
            mip |= MIP_STIP;
    }
    return mip;
}

static uint64_t status_read(const struct hart *h)
{
    uint64_t s = h->mstatus;
    if ((s & MSTATUS_FS) == MSTATUS_FS)
        s |= MSTATUS_SD;
    return s;
}

/* May `h` use counter `idx` (0 cycle, 1 time, 2 instret, 3.. hpm)? */
static bool counter_ok(const struct hart *h, unsigned idx)
{
    if (h->priv == PRIV_M)
        return true;
    if (!((h->mcounteren >> idx) & 1))
        return false;
    if (h->priv == PRIV_U && !((h->scounteren >> idx) & 1))
        return false;
    return true;
}

int csr_check(const struct hart *h, unsigned csr, bool write)
{
    if (((csr >> 8) & 3) > (unsigned)h->priv)
        return EXC_ILLEGAL;
    if (write && (csr >> 10) == 3)
        return EXC_ILLEGAL;
    if (csr <= CSR_fcsr && !(h->mstatus & MSTATUS_FS))
        return EXC_ILLEGAL;
    if (csr == CSR_satp && h->priv == PRIV_S && (h->mstatus & MSTATUS_TVM))
        return EXC_ILLEGAL;
    if (csr == CSR_stimecmp && h->priv < PRIV_M && (!stce(h) || !(h->mcounteren & 2)))
        return EXC_ILLEGAL;
    if (csr >= 0xc00 && csr <= 0xc1f && !counter_ok(h, csr - 0xc00))
        return EXC_ILLEGAL;
    return 0;
}

int csr_read(struct hart *h, unsigned csr, uint64_t *val)
{
    int e = csr_check(h, csr, false);
    if (e)
        return e;
    uint64_t v;
    switch (csr) {
    case CSR_fflags: v = h->fcsr & 0x1f; break;
    case CSR_frm: v = (h->fcsr >> 5) & 7; break;
    case CSR_fcsr: v = h->fcsr & 0xff; break;
    case CSR_cycle: case CSR_mcycle: v = h->steps + h->mcycle_off; break;
    case CSR_instret: case CSR_minstret: v = h->steps - h->ntraps + h->minstret_off; break;
    case CSR_time: v = machine_mtime(h->m); break;
    case CSR_sstatus: v = status_read(h) & SSTATUS_MASK; break;
    case CSR_sie: v = h->mie & h->mideleg; break;
    case CSR_stvec: v = h->stvec; break;
    case CSR_scounteren: v = h->scounteren; break;
    case CSR_senvcfg: v = h->senvcfg; break;
    case CSR_sscratch: v = h->sscratch; break;
    case CSR_sepc: v = h->sepc; break;
    case CSR_scause: v = h->scause; break;
    case CSR_stval: v = h->stval; break;
    case CSR_sip: v = csr_mip(h) & h->mideleg; break;
    case CSR_stimecmp: v = h->stimecmp; break;
    case CSR_satp: v = h->satp; break;
    case CSR_mvendorid: case CSR_marchid: case CSR_mimpid: case CSR_mconfigptr: v = 0; break;
    case CSR_mhartid: v = h->hartid; break;
    case CSR_mstatus: v = status_read(h); break;
    case CSR_misa: v = h->misa; break;
    case CSR_medeleg: v = h->medeleg; break;
    case CSR_mideleg: v = h->mideleg; break;
    case CSR_mie: v = h->mie; break;
    case CSR_mtvec: v = h->mtvec; break;
    case CSR_mcounteren: v = h->mcounteren; break;
    case CSR_menvcfg: v = h->menvcfg; break;
    case CSR_mcountinhibit: v = h->mcountinhibit; break;
    case CSR_mscratch: v = h->mscratch; break;
    case CSR_mepc: v = h->mepc; break;
    case CSR_mcause: v = h->mcause; break;
    case CSR_mtval: v = h->mtval; break;
    case CSR_mip: v = csr_mip(h); break;
    case CSR_pmpcfg0: case CSR_pmpcfg2: v = pmp_read_cfg(h, csr - CSR_pmpcfg0); break;
    case CSR_tselect: case CSR_tdata1: case CSR_tdata2: case CSR_tdata3: case CSR_tinfo:
        return trig_csr_read(h, csr, val);
    default:
        if (csr >= CSR_pmpaddr0 && csr < CSR_pmpaddr0 + PMP_COUNT) {
            v = h->pmpaddr[csr - CSR_pmpaddr0];
        } else if ((csr >= 0xb03 && csr <= 0xb1f) || (csr >= 0xc03 && csr <= 0xc1f) ||
                   (csr >= 0x323 && csr <= 0x33f)) {
            v = 0; /* hpm counters and events: present, always zero */
        } else {
            return EXC_ILLEGAL;
        }
    }
    *val = v;
    return 0;
}

static void write_status(struct hart *h, uint64_t v, uint64_t mask)
{
    uint64_t old = h->mstatus;
    uint64_t n = (old & ~mask) | (v & mask);
    if (((n >> MSTATUS_MPP_SHIFT) & 3) == 2) /* reserved: keep the old MPP */
        n = (n & ~MSTATUS_MPP) | (old & MSTATUS_MPP);
    h->mstatus = n;
    if ((old ^ n) & (MSTATUS_SUM | MSTATUS_MXR))
        mmu_flush(h);
    h->irq_check = true;
}

static void write_satp(struct hart *h, uint64_t v)
{
    uint64_t mode = v >> 60;
    if (mode != 0 && mode != 8 && mode != 9)
        return; /* unsupported mode: the write has no effect */
    if (mode == 0)
        v = 0;
    h->satp = v & ((0xfull << 60) | (0xffffull << 44) | ((1ull << 44) - 1));
    mmu_flush(h);
}

/* The CMO enable fields of menvcfg / senvcfg: CBIE is WARL with 10
 * reserved, and a write of 10 leaves the field as it was. */
static uint64_t envcfg_cbo(uint64_t old, uint64_t v)
{
    v &= MENVCFG_CBO;
    if ((v & MENVCFG_CBIE) == (2ull << MENVCFG_CBIE_SHIFT))
        v = (v & ~MENVCFG_CBIE) | (old & MENVCFG_CBIE);
    return v;
}

int csr_write(struct hart *h, unsigned csr, uint64_t v)
{
    int e = csr_check(h, csr, true);
    if (e)
        return e;
    switch (csr) {
    case CSR_fflags: h->fcsr = (h->fcsr & ~0x1fu) | (v & 0x1f); h->mstatus |= MSTATUS_FS; break;
    case CSR_frm: h->fcsr = (h->fcsr & 0x1f) | (uint32_t)(v & 7) << 5; h->mstatus |= MSTATUS_FS; break;
    case CSR_fcsr: h->fcsr = v & 0xff; h->mstatus |= MSTATUS_FS; break;
    case CSR_mcycle: h->mcycle_off = v - h->steps; break;
    case CSR_minstret:
        /* The writing instruction itself retires after the write. */
        h->minstret_off = v - (h->steps - h->ntraps) - 1;
        break;
    case CSR_sstatus: write_status(h, v, SSTATUS_MASK & MSTATUS_M_WRITABLE); break;
    case CSR_sie: h->mie = (h->mie & ~h->mideleg) | (v & h->mideleg & MIE_MASK); h->irq_check = true; break;
    case CSR_stvec: if ((v & 3) < 2) h->stvec = v; break;
    case CSR_scounteren: h->scounteren = (uint32_t)v; break;
    case CSR_senvcfg: h->senvcfg = (v & MENVCFG_FIOM) | envcfg_cbo(h->senvcfg, v); break;
    case CSR_sscratch: h->sscratch = v; break;
    case CSR_sepc: h->sepc = v & ~1ull; break;
    case CSR_scause: h->scause = v; break;
    case CSR_stval: h->stval = v; break;
    case CSR_sip: {
        uint64_t m = MIP_SSIP & h->mideleg;
        h->mip = (h->mip & ~m) | (v & m);
        h->irq_check = true;
        break;
    }
    case CSR_stimecmp: h->stimecmp = v; h->m->kicked = true; h->irq_check = true; break;
    case CSR_satp: write_satp(h, v); break;
    case CSR_mstatus: write_status(h, v, MSTATUS_M_WRITABLE); break;
    case CSR_misa: break; /* fixed */
    case CSR_medeleg: h->medeleg = v & MEDELEG_MASK; break;
    case CSR_mideleg: h->mideleg = v & MIDELEG_MASK; h->irq_check = true; break;
    case CSR_mie: h->mie = v & MIE_MASK; h->irq_check = true; break;
    case CSR_mtvec: if ((v & 3) < 2) h->mtvec = v; break;
    case CSR_mcounteren: h->mcounteren = (uint32_t)v; break;
    case CSR_menvcfg:
        /* PBMTE changes what a cached translation means: flush. */
        if ((h->menvcfg ^ v) & MENVCFG_PBMTE)
            mmu_flush(h);
        h->menvcfg = (v & (MENVCFG_STCE | MENVCFG_FIOM | MENVCFG_PBMTE)) | envcfg_cbo(h->menvcfg, v);
        h->m->kicked = true;
        h->irq_check = true;
        break;
    case CSR_mcountinhibit: h->mcountinhibit = (uint32_t)v & ~7u; break; /* CY, IR: cannot inhibit */
    case CSR_mscratch: h->mscratch = v; break;
    case CSR_mepc: h->mepc = v & ~1ull; break;
    case CSR_mcause: h->mcause = v; break;
    case CSR_mtval: h->mtval = v; break;
    case CSR_mip: {
        uint64_t m = MIP_M_WRITABLE & ~(stce(h) ? MIP_STIP : 0);
        h->mip = (h->mip & ~m) | (v & m);
        h->irq_check = true;
        break;
    }
    case CSR_pmpcfg0: case CSR_pmpcfg2: pmp_write_cfg(h, csr - CSR_pmpcfg0, v); break;
    case CSR_tselect: case CSR_tdata1: case CSR_tdata2: case CSR_tdata3: case CSR_tinfo:
        return trig_csr_write(h, csr, v);
    default:
        if (csr >= CSR_pmpaddr0 && csr < CSR_pmpaddr0 + PMP_COUNT)
            pmp_write_addr(h, csr - CSR_pmpaddr0, v);
        else if ((csr >= 0xb03 && csr <= 0xb1f) || (csr >= 0x323 && csr <= 0x33f))
            ; /* hpm counters and events are hard-wired to zero */
        else
            return EXC_ILLEGAL;
    }
    return 0;
}

int csr_execute(struct hart *h, unsigned op, unsigned csr, unsigned rs1, uint64_t rs1_val,
                bool rd_is_x0, uint64_t *old)
{
    bool imm = op >= OP_csrrwi;
    bool is_rw = op == OP_csrrw || op == OP_csrrwi;
    uint64_t src = imm ? rs1 : rs1_val;
    bool write = is_rw || rs1 != 0;
    *old = 0;
    /* csr_read and csr_write check access rights themselves; reads have no
     * side effects, so a write refused after a read is exact. */
    if (!(is_rw && rd_is_x0) && csr_read(h, csr, old))
        return EXC_ILLEGAL;
    if (write) {
        /* A read-modify-write of mip sees SEIP's software bit only, never
         * the PLIC's line (privileged spec, mip.SEIP). */
        uint64_t base = csr == CSR_mip ? (*old & ~MIP_SEIP) | (h->mip & MIP_SEIP) : *old;
        uint64_t nv = is_rw ? src : (op == OP_csrrs || op == OP_csrrsi) ? base | src : base & ~src;
        if (csr_write(h, csr, nv))
            return EXC_ILLEGAL;
        h->irq_check = true;
    }
    return 0;
}
