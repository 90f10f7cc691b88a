/* CSRs: reset values, WARL rules, masked S-mode views, access rights by
 * privilege, FS gating, Sstc, and the counters. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <cmocka.h>

#include "core/machine.h"
#include "isa/riscv/cpu.h"
#include "tests/unit/test_machine.h"

static struct hart *H(void **state)
{
    return &((struct machine *)*state)->harts[0];
}

static uint64_t rd(struct hart *h, unsigned csr)
{
    uint64_t v = 0xdeadbeefdeadbeefull;
    int e = csr_read(h, csr, &v);
    if (e)
        fail_msg("csr_read(0x%x) at priv %d: %d", csr, h->priv, e);
    return v;
}

static void wr(struct hart *h, unsigned csr, uint64_t v)
{
    int e = csr_write(h, csr, v);
    if (e)
        fail_msg("csr_write(0x%x) at priv %d: %d", csr, h->priv, e);
}

#define ASSERT_ILLEGAL_READ(h, csr) do { uint64_t v_ = 0x1234; \
        assert_int_equal(csr_read((h), (csr), &v_), EXC_ILLEGAL); \
        assert_int_equal(v_, 0x1234); } while (0)
#define ASSERT_ILLEGAL_WRITE(h, csr, val) \
        assert_int_equal(csr_write((h), (csr), (val)), EXC_ILLEGAL)

/* ------------------------------------------------------------ identity */

static void test_misa(void **state)
{
    struct hart *h = H(state);
    uint64_t misa = rd(h, CSR_misa);
    assert_int_equal(misa >> 62, 2); /* MXL = 64 */
    const char *want = "IMAFDCSU";
    uint64_t letters = 0;
    for (const char *p = want; *p; p++)
        letters |= 1ull << (*p - 'A');
    assert_int_equal(misa & ((1ull << 26) - 1), letters);
    /* misa is fixed: a write does not fault and changes nothing */
    wr(h, CSR_misa, 0);
    assert_int_equal(rd(h, CSR_misa), misa);
}

static void test_ids(void **state)
{
    struct hart *h = H(state);
    assert_int_equal(rd(h, CSR_mhartid), 0);
    assert_int_equal(rd(h, CSR_mvendorid), 0);
    assert_int_equal(rd(h, CSR_marchid), 0);
    assert_int_equal(rd(h, CSR_mimpid), 0);
    assert_int_equal(rd(h, CSR_mconfigptr), 0);

    struct machine *m2 = test_machine_create(3);
    assert_int_equal(rd(&m2->harts[1], CSR_mhartid), 1);
    assert_int_equal(rd(&m2->harts[2], CSR_mhartid), 2);
    machine_destroy(m2);
}

/* ------------------------------------------------------------ mstatus */

static void test_mstatus_warl(void **state)
{
    struct hart *h = H(state);
    /* UXL and SXL are 64-bit and read-only */
    assert_int_equal((rd(h, CSR_mstatus) >> 32) & 3, 2);
    assert_int_equal((rd(h, CSR_mstatus) >> 34) & 3, 2);
    wr(h, CSR_mstatus, 0);
    assert_int_equal((rd(h, CSR_mstatus) >> 32) & 0xf, 0xa);

    /* MPP: 2 is reserved, and a write of it keeps the old value */
    wr(h, CSR_mstatus, 1ull << MSTATUS_MPP_SHIFT);
    assert_int_equal((rd(h, CSR_mstatus) & MSTATUS_MPP) >> MSTATUS_MPP_SHIFT, 1);
    wr(h, CSR_mstatus, 2ull << MSTATUS_MPP_SHIFT | MSTATUS_MIE);
    assert_int_equal((rd(h, CSR_mstatus) & MSTATUS_MPP) >> MSTATUS_MPP_SHIFT, 1);
    assert_true(rd(h, CSR_mstatus) & MSTATUS_MIE); /* the rest of the write happened */
    wr(h, CSR_mstatus, 3ull << MSTATUS_MPP_SHIFT);
    assert_int_equal((rd(h, CSR_mstatus) & MSTATUS_MPP) >> MSTATUS_MPP_SHIFT, 3);
    wr(h, CSR_mstatus, 0);
    assert_int_equal(rd(h, CSR_mstatus) & MSTATUS_MPP, 0);

    /* SD summarises FS == dirty, and cannot be written */
    wr(h, CSR_mstatus, MSTATUS_SD);
    assert_false(rd(h, CSR_mstatus) & MSTATUS_SD);
    wr(h, CSR_mstatus, 1ull << MSTATUS_FS_SHIFT); /* initial */
    assert_false(rd(h, CSR_mstatus) & MSTATUS_SD);
    wr(h, CSR_mstatus, 2ull << MSTATUS_FS_SHIFT); /* clean */
    assert_false(rd(h, CSR_mstatus) & MSTATUS_SD);
    wr(h, CSR_mstatus, 3ull << MSTATUS_FS_SHIFT); /* dirty */
    assert_true(rd(h, CSR_mstatus) & MSTATUS_SD);

    /* XS is read-only zero (no custom extensions); UBE, MBE, SBE too */
    wr(h, CSR_mstatus, MSTATUS_XS | MSTATUS_UBE | (3ull << 36));
    assert_int_equal(rd(h, CSR_mstatus) & (MSTATUS_XS | MSTATUS_UBE | (3ull << 36)), 0);

    /* Every writable bit can be set */
    uint64_t all = MSTATUS_SIE | MSTATUS_MIE | MSTATUS_SPIE | MSTATUS_MPIE | MSTATUS_SPP |
                   MSTATUS_MPP | MSTATUS_FS | MSTATUS_MPRV | MSTATUS_SUM | MSTATUS_MXR |
                   MSTATUS_TVM | MSTATUS_TW | MSTATUS_TSR;
    wr(h, CSR_mstatus, all);
    assert_int_equal(rd(h, CSR_mstatus) & all, all);
}

static void test_sstatus_is_a_view(void **state)
{
    struct hart *h = H(state);
    wr(h, CSR_mstatus, MSTATUS_MIE | MSTATUS_MPIE | MSTATUS_MPP | MSTATUS_TVM | MSTATUS_SIE |
                           MSTATUS_SUM | MSTATUS_MPRV | MSTATUS_TSR);
    uint64_t s = rd(h, CSR_sstatus);
    assert_true(s & MSTATUS_SIE);
    assert_true(s & MSTATUS_SUM);
    assert_int_equal(s & (MSTATUS_MIE | MSTATUS_MPIE | MSTATUS_MPP | MSTATUS_TVM |
                          MSTATUS_MPRV | MSTATUS_TSR | MSTATUS_SXL),
                     0);
    assert_int_equal((s >> 32) & 3, 2); /* UXL is visible */

    /* Writing sstatus cannot touch M-only fields */
    wr(h, CSR_sstatus, ~0ull);
    uint64_t m = rd(h, CSR_mstatus);
    assert_true(m & MSTATUS_SPIE);
    assert_true(m & MSTATUS_SPP);
    assert_true(m & MSTATUS_MXR);
    assert_int_equal(m & MSTATUS_FS, MSTATUS_FS);
    assert_true(m & MSTATUS_SD);
    assert_int_equal(m & (MSTATUS_TW), 0); /* was 0, sstatus cannot set it */
    assert_true(m & MSTATUS_TVM);           /* was 1, still 1 */
    wr(h, CSR_sstatus, 0);
    m = rd(h, CSR_mstatus);
    assert_int_equal(m & (MSTATUS_SIE | MSTATUS_SPIE | MSTATUS_SPP | MSTATUS_FS | MSTATUS_SUM |
                          MSTATUS_MXR),
                     0);
    assert_true(m & MSTATUS_MIE);
    assert_true(m & MSTATUS_MPRV);
    assert_int_equal(m & MSTATUS_MPP, MSTATUS_MPP);
    assert_int_equal((m >> 32) & 0xf, 0xa);
}

/* ------------------------------------------------------------ interrupts */

static void test_sie_sip_masked_by_mideleg(void **state)
{
    struct hart *h = H(state);
    assert_int_equal(rd(h, CSR_mideleg), 0);
    wr(h, CSR_mie, MIP_MTIP | MIP_MEIP);
    wr(h, CSR_sie, ~0ull);
    assert_int_equal(rd(h, CSR_mie), MIP_MTIP | MIP_MEIP); /* nothing delegated: sie writes nothing */
    assert_int_equal(rd(h, CSR_sie), 0);

    wr(h, CSR_mideleg, MIP_SSIP | MIP_STIP);
    wr(h, CSR_sie, ~0ull);
    assert_int_equal(rd(h, CSR_mie), MIP_MTIP | MIP_MEIP | MIP_SSIP | MIP_STIP);
    assert_int_equal(rd(h, CSR_sie), MIP_SSIP | MIP_STIP);
    wr(h, CSR_mie, MIP_SEIP | MIP_SSIP); /* SEIE enabled, but not delegated */
    assert_int_equal(rd(h, CSR_sie), MIP_SSIP);
    wr(h, CSR_sie, 0);
    assert_int_equal(rd(h, CSR_mie), MIP_SEIP);

    /* sip: SSIP is the only bit S-mode writes, and only when delegated */
    wr(h, CSR_mip, MIP_SEIP);
    wr(h, CSR_sip, ~0ull);
    assert_int_equal(rd(h, CSR_mip), MIP_SEIP | MIP_SSIP);
    assert_int_equal(rd(h, CSR_sip), MIP_SSIP); /* SEIP pending but not delegated */
    wr(h, CSR_mideleg, MIP_SEIP | MIP_SSIP);
    assert_int_equal(rd(h, CSR_sip), MIP_SEIP | MIP_SSIP);
    wr(h, CSR_sip, 0);
    assert_int_equal(rd(h, CSR_mip), MIP_SEIP);
    wr(h, CSR_mideleg, MIP_SEIP);
    wr(h, CSR_mip, MIP_SSIP | MIP_SEIP);
    wr(h, CSR_sip, 0); /* SSIP not delegated: cannot be cleared from sip */
    assert_int_equal(rd(h, CSR_mip), MIP_SSIP | MIP_SEIP);
}

static void test_deleg_masks(void **state)
{
    struct hart *h = H(state);
    wr(h, CSR_medeleg, ~0ull);
    uint64_t md = rd(h, CSR_medeleg);
    /* ecall from M can never be delegated; reserved causes 10, 14, 16+ read 0 */
    assert_false(md & (1ull << EXC_ECALL_M));
    assert_false(md & (1ull << 10));
    assert_false(md & (1ull << 14));
    assert_int_equal(md >> 16, 0);
    for (unsigned c = 0; c <= 9; c++)
        assert_true(md & (1ull << c));
    assert_true(md & (1ull << EXC_INSN_PAGE));
    assert_true(md & (1ull << EXC_LOAD_PAGE));
    assert_true(md & (1ull << EXC_STORE_PAGE));
    wr(h, CSR_medeleg, 0);
    assert_int_equal(rd(h, CSR_medeleg), 0);

    wr(h, CSR_mideleg, ~0ull);
    assert_int_equal(rd(h, CSR_mideleg), MIP_SSIP | MIP_STIP | MIP_SEIP);

    wr(h, CSR_mie, ~0ull);
    assert_int_equal(rd(h, CSR_mie), MIP_SSIP | MIP_MSIP | MIP_STIP | MIP_MTIP | MIP_SEIP | MIP_MEIP);
}

static void test_mip_writable_bits(void **state)
{
    struct hart *h = H(state);
    assert_int_equal(rd(h, CSR_mip), 0);
    wr(h, CSR_mip, ~0ull);
    assert_int_equal(rd(h, CSR_mip), MIP_SSIP | MIP_STIP | MIP_SEIP);
    wr(h, CSR_mip, 0);
    assert_int_equal(rd(h, CSR_mip), 0);
    /* With Sstc on, STIP follows stimecmp and is not writable */
    wr(h, CSR_menvcfg, MENVCFG_STCE);
    wr(h, CSR_stimecmp, ~0ull);
    wr(h, CSR_mip, MIP_STIP);
    assert_int_equal(rd(h, CSR_mip) & MIP_STIP, 0);
    wr(h, CSR_stimecmp, 0); /* mtime >= 0: pending */
    assert_int_equal(rd(h, CSR_mip) & MIP_STIP, MIP_STIP);
    wr(h, CSR_mip, 0);
    assert_int_equal(rd(h, CSR_mip) & MIP_STIP, MIP_STIP);
}

/* ------------------------------------------------------------ trap setup */

static void test_tvec_modes(void **state)
{
    struct hart *h = H(state);
    wr(h, CSR_mtvec, 0x80000100);
    assert_int_equal(rd(h, CSR_mtvec), 0x80000100);
    wr(h, CSR_mtvec, 0x80000201); /* vectored */
    assert_int_equal(rd(h, CSR_mtvec), 0x80000201);
    wr(h, CSR_mtvec, 0x80000302); /* mode 2: reserved, write ignored */
    assert_int_equal(rd(h, CSR_mtvec), 0x80000201);
    wr(h, CSR_mtvec, 0x80000403);
    assert_int_equal(rd(h, CSR_mtvec), 0x80000201);

    wr(h, CSR_stvec, 0x80000500);
    wr(h, CSR_stvec, 0x80000602);
    assert_int_equal(rd(h, CSR_stvec), 0x80000500);
    wr(h, CSR_stvec, 0x80000601);
    assert_int_equal(rd(h, CSR_stvec), 0x80000601);
}

static void test_epc_low_bit(void **state)
{
    struct hart *h = H(state);
    wr(h, CSR_mepc, 0x80000003);
    assert_int_equal(rd(h, CSR_mepc), 0x80000002);
    wr(h, CSR_sepc, 0xffffffffffffffffull);
    assert_int_equal(rd(h, CSR_sepc), 0xfffffffffffffffeull);
    wr(h, CSR_mscratch, 0x123456789abcdef1ull); /* a plain register keeps all bits */
    assert_int_equal(rd(h, CSR_mscratch), 0x123456789abcdef1ull);
}

/* ------------------------------------------------------------ satp */

static void test_satp_modes(void **state)
{
    struct hart *h = H(state);
    uint64_t sv39 = 8ull << 60 | 0x1234ull << 44 | 0x80123;
    wr(h, CSR_satp, sv39);
    assert_int_equal(rd(h, CSR_satp), sv39);
    wr(h, CSR_satp, 10ull << 60 | 0x80456); /* Sv57: unsupported, no effect */
    assert_int_equal(rd(h, CSR_satp), sv39);
    wr(h, CSR_satp, 1ull << 60 | 0x80456); /* reserved mode */
    assert_int_equal(rd(h, CSR_satp), sv39);
    uint64_t sv48 = 9ull << 60 | 0x80789;
    wr(h, CSR_satp, sv48);
    assert_int_equal(rd(h, CSR_satp), sv48);
    wr(h, CSR_satp, 0x80789); /* Bare: the whole register reads zero */
    assert_int_equal(rd(h, CSR_satp), 0);
}

static void test_satp_tvm(void **state)
{
    struct hart *h = H(state);
    wr(h, CSR_mstatus, MSTATUS_TVM);
    wr(h, CSR_satp, 8ull << 60 | 0x80001); /* M is not trapped */
    hart_set_priv(h, PRIV_S);
    ASSERT_ILLEGAL_READ(h, CSR_satp);
    ASSERT_ILLEGAL_WRITE(h, CSR_satp, 0);
    assert_int_equal(csr_check(h, CSR_satp, false), EXC_ILLEGAL);
    hart_set_priv(h, PRIV_M);
    assert_int_equal(rd(h, CSR_satp), 8ull << 60 | 0x80001);
    wr(h, CSR_mstatus, 0);
    hart_set_priv(h, PRIV_S);
    assert_int_equal(rd(h, CSR_satp), 8ull << 60 | 0x80001);
    wr(h, CSR_satp, 0);
    assert_int_equal(rd(h, CSR_satp), 0);
}

/* ------------------------------------------------------------ privilege */

static void test_read_only_and_privilege(void **state)
{
    struct hart *h = H(state);
    /* 0xc00-0xfff are read-only: even M cannot write them */
    ASSERT_ILLEGAL_WRITE(h, CSR_mhartid, 5);
    ASSERT_ILLEGAL_WRITE(h, CSR_mvendorid, 5);
    ASSERT_ILLEGAL_WRITE(h, CSR_cycle, 5);
    ASSERT_ILLEGAL_WRITE(h, CSR_time, 5);
    assert_int_equal(csr_check(h, CSR_mhartid, true), EXC_ILLEGAL);
    assert_int_equal(csr_check(h, CSR_mhartid, false), 0);
    assert_int_equal(rd(h, CSR_mhartid), 0);

    /* Unknown CSRs are illegal */
    ASSERT_ILLEGAL_READ(h, 0x7c0);
    ASSERT_ILLEGAL_WRITE(h, 0x7c0, 1);
    ASSERT_ILLEGAL_READ(h, 0x5a8);

    hart_set_priv(h, PRIV_S);
    ASSERT_ILLEGAL_READ(h, CSR_mstatus);
    ASSERT_ILLEGAL_WRITE(h, CSR_mstatus, 0);
    ASSERT_ILLEGAL_READ(h, CSR_mhartid);
    ASSERT_ILLEGAL_READ(h, CSR_mepc);
    ASSERT_ILLEGAL_READ(h, CSR_pmpcfg0);
    ASSERT_ILLEGAL_WRITE(h, CSR_pmpaddr0, 0);
    ASSERT_ILLEGAL_READ(h, CSR_mcycle);
    assert_int_equal(csr_check(h, CSR_mie, false), EXC_ILLEGAL);
    /* S CSRs are fine from S */
    wr(h, CSR_sscratch, 77);
    assert_int_equal(rd(h, CSR_sscratch), 77);

    hart_set_priv(h, PRIV_U);
    ASSERT_ILLEGAL_READ(h, CSR_sstatus);
    ASSERT_ILLEGAL_READ(h, CSR_sscratch);
    ASSERT_ILLEGAL_WRITE(h, CSR_stvec, 0);
    ASSERT_ILLEGAL_READ(h, CSR_mstatus);
}

static void test_counter_gating(void **state)
{
    struct hart *h = H(state);
    unsigned counters[] = {CSR_cycle, CSR_time, CSR_instret, 0xc03, 0xc1f};
    /* M always may */
    for (unsigned i = 0; i < 5; i++)
        assert_int_equal(csr_check(h, counters[i], false), 0);

    hart_set_priv(h, PRIV_S);
    for (unsigned i = 0; i < 5; i++)
        ASSERT_ILLEGAL_READ(h, counters[i]);
    h->mcounteren = 1u << 0 | 1u << 2; /* CY, IR */
    (void)rd(h, CSR_cycle);
    (void)rd(h, CSR_instret);
    ASSERT_ILLEGAL_READ(h, CSR_time);
    ASSERT_ILLEGAL_READ(h, 0xc03);

    /* U needs both mcounteren and scounteren */
    hart_set_priv(h, PRIV_M);
    wr(h, CSR_mcounteren, 1u << 1 | 1u << 3);
    wr(h, CSR_scounteren, 1u << 1 | 1u << 2);
    hart_set_priv(h, PRIV_U);
    (void)rd(h, CSR_time);           /* both allow TM */
    ASSERT_ILLEGAL_READ(h, CSR_instret); /* scounteren yes, mcounteren no */
    ASSERT_ILLEGAL_READ(h, 0xc03);   /* mcounteren yes, scounteren no */
    ASSERT_ILLEGAL_READ(h, CSR_cycle);
    hart_set_priv(h, PRIV_S);
    (void)rd(h, 0xc03); /* S only needs mcounteren */
    ASSERT_ILLEGAL_READ(h, CSR_instret);
}

static void test_hpm_counters_read_zero(void **state)
{
    struct hart *h = H(state);
    static const unsigned zero[] = {0xb03, 0xb10, 0xb1f, 0xc03, 0xc1f, 0x323, 0x33f};
    for (unsigned i = 0; i < sizeof zero / sizeof zero[0]; i++)
        assert_int_equal(rd(h, zero[i]), 0);
    wr(h, 0xb03, 1234);
    wr(h, 0x323, 0x55);
    assert_int_equal(rd(h, 0xb03), 0);
    assert_int_equal(rd(h, 0x323), 0);
    /* 0xb20.. and 0xc20.. are not counters */
    ASSERT_ILLEGAL_READ(h, 0xb20);
    ASSERT_ILLEGAL_READ(h, 0xc20);
}

/* ------------------------------------------------------------ FP CSRs */

static void test_fp_csrs_and_fs(void **state)
{
    struct hart *h = H(state);
    wr(h, CSR_mstatus, 0); /* FS = Off */
    ASSERT_ILLEGAL_READ(h, CSR_fflags);
    ASSERT_ILLEGAL_READ(h, CSR_frm);
    ASSERT_ILLEGAL_READ(h, CSR_fcsr);
    ASSERT_ILLEGAL_WRITE(h, CSR_fcsr, 0);
    assert_int_equal(rd(h, CSR_mstatus) & MSTATUS_FS, 0); /* a failed write dirties nothing */

    wr(h, CSR_mstatus, 1ull << MSTATUS_FS_SHIFT); /* Initial */
    assert_int_equal(rd(h, CSR_fcsr), 0);
    assert_int_equal(rd(h, CSR_mstatus) & MSTATUS_FS, 1ull << MSTATUS_FS_SHIFT); /* reads do not dirty */
    wr(h, CSR_fflags, 0xff);
    assert_int_equal(rd(h, CSR_mstatus) & MSTATUS_FS, MSTATUS_FS);
    assert_true(rd(h, CSR_mstatus) & MSTATUS_SD);
    assert_int_equal(rd(h, CSR_fflags), 0x1f);

    wr(h, CSR_mstatus, 2ull << MSTATUS_FS_SHIFT); /* Clean */
    wr(h, CSR_frm, 0xfd);
    assert_int_equal(rd(h, CSR_mstatus) & MSTATUS_FS, MSTATUS_FS);
    assert_int_equal(rd(h, CSR_frm), 5);
    assert_int_equal(rd(h, CSR_fcsr), 5 << 5 | 0x1f);

    wr(h, CSR_mstatus, 1ull << MSTATUS_FS_SHIFT);
    wr(h, CSR_fcsr, 0x3a5);
    assert_int_equal(rd(h, CSR_mstatus) & MSTATUS_FS, MSTATUS_FS);
    assert_int_equal(rd(h, CSR_fcsr), 0xa5);
    assert_int_equal(rd(h, CSR_frm), 5);
    assert_int_equal(rd(h, CSR_fflags), 5);

    /* U-mode may use them too, FS permitting */
    hart_set_priv(h, PRIV_U);
    assert_int_equal(rd(h, CSR_fflags), 5);
}

/* ------------------------------------------------------------ Sstc */

static void test_stimecmp_access(void **state)
{
    struct hart *h = H(state);
    wr(h, CSR_stimecmp, 1000); /* M: always */
    assert_int_equal(rd(h, CSR_stimecmp), 1000);
    hart_set_priv(h, PRIV_S);
    ASSERT_ILLEGAL_READ(h, CSR_stimecmp); /* STCE off */
    ASSERT_ILLEGAL_WRITE(h, CSR_stimecmp, 1);
    hart_set_priv(h, PRIV_M);
    wr(h, CSR_menvcfg, MENVCFG_STCE);
    hart_set_priv(h, PRIV_S);
    ASSERT_ILLEGAL_READ(h, CSR_stimecmp); /* STCE on, mcounteren.TM off */
    hart_set_priv(h, PRIV_M);
    wr(h, CSR_mcounteren, 2);
    hart_set_priv(h, PRIV_S);
    wr(h, CSR_stimecmp, 2000);
    assert_int_equal(rd(h, CSR_stimecmp), 2000);
    hart_set_priv(h, PRIV_U);
    ASSERT_ILLEGAL_READ(h, CSR_stimecmp);
}

/* menvcfg keeps only what is implemented */
static void test_envcfg(void **state)
{
    struct hart *h = H(state);
    wr(h, CSR_menvcfg, ~0ull);
    assert_int_equal(rd(h, CSR_menvcfg), MENVCFG_STCE | MENVCFG_PBMTE | MENVCFG_FIOM | MENVCFG_CBO);
    wr(h, CSR_senvcfg, ~0ull);
    assert_int_equal(rd(h, CSR_senvcfg), MENVCFG_FIOM | MENVCFG_CBO);
    /* CBIE = 10 is reserved: such a write keeps the field, takes the rest */
    wr(h, CSR_menvcfg, 0x20 | MENVCFG_CBZE);
    assert_int_equal(rd(h, CSR_menvcfg), 0x30 | MENVCFG_CBZE);
    wr(h, CSR_menvcfg, 0x10);
    assert_int_equal(rd(h, CSR_menvcfg), 0x10);
    wr(h, CSR_menvcfg, 0x20);
    assert_int_equal(rd(h, CSR_menvcfg), 0x10);
    wr(h, CSR_senvcfg, 0);
    wr(h, CSR_senvcfg, 0x20 | MENVCFG_CBCFE);
    assert_int_equal(rd(h, CSR_senvcfg), MENVCFG_CBCFE);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_misa, test_machine_setup, test_machine_teardown),
        cmocka_unit_test_setup_teardown(test_ids, test_machine_setup, test_machine_teardown),
        cmocka_unit_test_setup_teardown(test_mstatus_warl, test_machine_setup, test_machine_teardown),
        cmocka_unit_test_setup_teardown(test_sstatus_is_a_view, test_machine_setup, test_machine_teardown),
        cmocka_unit_test_setup_teardown(test_sie_sip_masked_by_mideleg, test_machine_setup, test_machine_teardown),
        cmocka_unit_test_setup_teardown(test_deleg_masks, test_machine_setup, test_machine_teardown),
        cmocka_unit_test_setup_teardown(test_mip_writable_bits, test_machine_setup, test_machine_teardown),
        cmocka_unit_test_setup_teardown(test_tvec_modes, test_machine_setup, test_machine_teardown),
        cmocka_unit_test_setup_teardown(test_epc_low_bit, test_machine_setup, test_machine_teardown),
        cmocka_unit_test_setup_teardown(test_satp_modes, test_machine_setup, test_machine_teardown),
        cmocka_unit_test_setup_teardown(test_satp_tvm, test_machine_setup, test_machine_teardown),
        cmocka_unit_test_setup_teardown(test_read_only_and_privilege, test_machine_setup, test_machine_teardown),
        cmocka_unit_test_setup_teardown(test_counter_gating, test_machine_setup, test_machine_teardown),
        cmocka_unit_test_setup_teardown(test_hpm_counters_read_zero, test_machine_setup, test_machine_teardown),
        cmocka_unit_test_setup_teardown(test_fp_csrs_and_fs, test_machine_setup, test_machine_teardown),
        cmocka_unit_test_setup_teardown(test_stimecmp_access, test_machine_setup, test_machine_teardown),
        cmocka_unit_test_setup_teardown(test_envcfg, test_machine_setup, test_machine_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
