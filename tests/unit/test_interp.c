/* The interpreter on small hand-assembled programs: exact step counting,
 * trap entry, illegal instructions, ecall, self-modifying code, division
 * corner cases, LR/SC, and instructions that cross a page. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "core/machine.h"
#include "isa/riscv/cpu.h"
#include "tests/unit/test_machine.h"

#define BASE 0x80000000ull
#define HANDLER (BASE + 0x800)
#define SHANDLER (BASE + 0xa00)
#define DATA (BASE + 0x10000)

enum { ZERO = 0, RA = 1, SP = 2, T0 = 5, T1 = 6, T2 = 7, S0 = 8, S1 = 9, A0 = 10, A1 = 11,
       A2 = 12, A3 = 13, A4 = 14, A5 = 15, S2 = 18 };

/* ------------------------------------------------------------ encoders
 * Checked against riscv64-unknown-elf-as: ADDI(A0, A0, 1) = 0x00150513,
 * JAL(ZERO, -8) = 0xff9ff06f, BNE(A0, A1, -4) = 0xfeb51ee3,
 * SW(T0, T1, 0) = 0x00532023, CSRRW(ZERO, mhartid, A0) = 0xf1451073. */
static uint32_t enc_i(uint32_t opc, uint32_t f3, uint32_t rd, uint32_t rs1, int32_t imm)
{
    return ((uint32_t)imm & 0xfff) << 20 | rs1 << 15 | f3 << 12 | rd << 7 | opc;
}
static uint32_t enc_r(uint32_t opc, uint32_t f3, uint32_t f7, uint32_t rd, uint32_t rs1, uint32_t rs2)
{
    return f7 << 25 | rs2 << 20 | rs1 << 15 | f3 << 12 | rd << 7 | opc;
}
static uint32_t enc_s(uint32_t f3, uint32_t rs2, uint32_t rs1, int32_t imm)
{
    uint32_t u = (uint32_t)imm;
    return (u >> 5 & 0x7f) << 25 | rs2 << 20 | rs1 << 15 | f3 << 12 | (u & 0x1f) << 7 | 0x23;
}
static uint32_t enc_b(uint32_t f3, uint32_t rs1, uint32_t rs2, int32_t imm)
{
    uint32_t u = (uint32_t)imm;
    return (u >> 12 & 1) << 31 | (u >> 5 & 0x3f) << 25 | rs2 << 20 | rs1 << 15 | f3 << 12 |
           (u >> 1 & 0xf) << 8 | (u >> 11 & 1) << 7 | 0x63;
}
static uint32_t JAL(uint32_t rd, int32_t imm)
{
    uint32_t u = (uint32_t)imm;
    return (u >> 20 & 1) << 31 | (u >> 1 & 0x3ff) << 21 | (u >> 11 & 1) << 20 |
           (u >> 12 & 0xff) << 12 | rd << 7 | 0x6f;
}
static uint32_t ADDI(uint32_t rd, uint32_t rs1, int32_t imm) { return enc_i(0x13, 0, rd, rs1, imm); }
static uint32_t BNE(uint32_t rs1, uint32_t rs2, int32_t imm) { return enc_b(1, rs1, rs2, imm); }
static uint32_t SW(uint32_t rs2, uint32_t rs1, int32_t imm) { return enc_s(2, rs2, rs1, imm); }
static uint32_t SH(uint32_t rs2, uint32_t rs1, int32_t imm) { return enc_s(1, rs2, rs1, imm); }
static uint32_t CSRRW(uint32_t rd, unsigned csr, uint32_t rs1) { return enc_i(0x73, 1, rd, rs1, (int32_t)csr); }
static uint32_t CSRRS(uint32_t rd, unsigned csr, uint32_t rs1) { return enc_i(0x73, 2, rd, rs1, (int32_t)csr); }
static uint32_t CSRRSI(uint32_t rd, unsigned csr, uint32_t uimm) { return enc_i(0x73, 6, rd, uimm, (int32_t)csr); }
static uint32_t LR_W(uint32_t rd, uint32_t rs1) { return 0x1000202fu | rd << 7 | rs1 << 15; }
static uint32_t LR_D(uint32_t rd, uint32_t rs1) { return 0x1000302fu | rd << 7 | rs1 << 15; }
static uint32_t SC_W(uint32_t rd, uint32_t rs2, uint32_t rs1)
{
    return 0x1800202fu | rd << 7 | rs1 << 15 | rs2 << 20;
}
static uint32_t SC_D(uint32_t rd, uint32_t rs2, uint32_t rs1)
{
    return 0x1800302fu | rd << 7 | rs1 << 15 | rs2 << 20;
}
#define ECALL 0x00000073u
#define MRET 0x30200073u
#define LOOP JAL(ZERO, 0) /* j . */

/* ------------------------------------------------------------ fixture */

/* The one-hart test machine, about to run at BASE with its trap vectors
 * at HANDLER (M) and SHANDLER (S). */
static struct machine *make_machine(void)
{
    struct machine *m = test_machine_create(1);
    struct hart *h = &m->harts[0];
    h->pc = BASE;
    assert_int_equal(csr_write(h, CSR_mtvec, HANDLER), 0);
    assert_int_equal(csr_write(h, CSR_stvec, SHANDLER), 0);
    m->kicked = false;
    m->stop_pending = false;
    return m;
}

static int setup(void **state)
{
    *state = make_machine();
    return 0;
}

static struct machine *M(void **state) { return *state; }
static struct hart *H(void **state) { return &M(state)->harts[0]; }

/* Stores go through the bus, as a device or a guest store would, so the
 * decode cache hears about them. */
static void poke32(struct machine *m, uint64_t pa, uint32_t w)
{
    assert_int_equal(bus_write(&m->bus, pa, 4, w), 0);
}
static void poke16(struct machine *m, uint64_t pa, uint16_t w)
{
    assert_int_equal(bus_write(&m->bus, pa, 2, w), 0);
}
static uint64_t peek64(struct machine *m, uint64_t pa)
{
    uint64_t v;
    assert_int_equal(bus_read(&m->bus, pa, 8, &v), 0);
    return v;
}
static void load_prog(struct machine *m, uint64_t pa, const uint32_t *w, size_t n)
{
    for (size_t i = 0; i < n; i++)
        poke32(m, pa + 4 * i, w[i]);
}

static uint64_t csr(struct hart *h, unsigned num)
{
    enum priv p = h->priv;
    h->priv = PRIV_M;
    uint64_t v = 0;
    assert_int_equal(csr_read(h, num, &v), 0);
    h->priv = p;
    return v;
}

static uint64_t minstret(struct hart *h) { return csr(h, CSR_minstret); }

/* ------------------------------------------------------------ step counting */

static void test_exact_budget_straight_line(void **state)
{
    struct machine *m = M(state);
    struct hart *h = H(state);
    uint32_t prog[11];
    for (int i = 0; i < 10; i++)
        prog[i] = ADDI(A0, A0, 1);
    prog[10] = LOOP;
    load_prog(m, BASE, prog, 11);
    assert_int_equal(interp_run(h, 4), 4);
    assert_int_equal(h->x[A0], 4);
    assert_int_equal(h->pc, BASE + 16);
    assert_int_equal(h->steps, 4);
    assert_int_equal(interp_run(h, 0), 0);
    assert_int_equal(h->x[A0], 4);
    assert_int_equal(h->pc, BASE + 16);
    assert_int_equal(interp_run(h, 3), 3);
    assert_int_equal(h->x[A0], 7);
    /* Past the end, the `j .` keeps taking steps: the budget is still exact */
    assert_int_equal(interp_run(h, 100), 100);
    assert_int_equal(h->x[A0], 10);
    assert_int_equal(h->pc, BASE + 40);
    assert_int_equal(h->steps, 107);
    assert_int_equal(minstret(h), 107);
    assert_int_equal(csr(h, CSR_mcycle), 107);
}

static void test_exact_budget_loop(void **state)
{
    struct machine *m = M(state);
    struct hart *h = H(state);
    /* 0: addi a0, a0, 1 ; 4: bne a0, a1, -4 ; 8: j . */
    uint32_t prog[] = {ADDI(A0, A0, 1), BNE(A0, A1, -4), LOOP};
    load_prog(m, BASE, prog, 3);
    for (uint64_t n = 1; n <= 41; n++) {
        h->pc = BASE;
        h->x[A0] = 0;
        h->x[A1] = 1000;
        uint64_t before = h->steps;
        assert_int_equal(interp_run(h, n), n);
        assert_int_equal(h->steps - before, n);
        assert_int_equal(h->x[A0], (n + 1) / 2);
        assert_int_equal(h->pc, BASE + (n % 2 ? 4 : 0));
    }
    /* The loop exits after a1 iterations */
    h->pc = BASE;
    h->x[A0] = 0;
    h->x[A1] = 5;
    assert_int_equal(interp_run(h, 10), 10);
    assert_int_equal(h->pc, BASE + 8);
    assert_int_equal(interp_run(h, 5), 5);
    assert_int_equal(h->pc, BASE + 8);
    assert_int_equal(h->x[A0], 5);
}

static void test_trap_is_one_step_not_retired(void **state)
{
    struct machine *m = M(state);
    struct hart *h = H(state);
    uint32_t bad = CSRRW(ZERO, CSR_mhartid, A0); /* a write to a read-only CSR */
    uint32_t prog[] = {ADDI(A0, A0, 1), bad, ADDI(A0, A0, 100)};
    uint32_t handler[] = {CSRRS(A2, CSR_minstret, ZERO), CSRRS(A3, CSR_mcycle, ZERO),
                          ADDI(A1, A1, 1), LOOP};
    load_prog(m, BASE, prog, 3);
    load_prog(m, HANDLER, handler, 4);
    assert_int_equal(interp_run(h, 2), 2); /* addi, then the trap entry */
    assert_int_equal(h->pc, HANDLER);
    assert_int_equal(h->x[A0], 1);
    assert_int_equal(csr(h, CSR_mcause), EXC_ILLEGAL);
    assert_int_equal(csr(h, CSR_mepc), BASE + 4);
    assert_int_equal(csr(h, CSR_mtval), bad);
    assert_int_equal(h->ntraps, 1);
    assert_int_equal(h->steps, 2);
    assert_int_equal(minstret(h), 1); /* the faulting instruction did not retire */
    assert_int_equal(interp_run(h, 3), 3);
    assert_int_equal(h->x[A2], 1); /* minstret as the handler's first insn saw it */
    assert_int_equal(h->x[A3], 3); /* mcycle counts steps: addi, trap, csrr */
    assert_int_equal(h->x[A1], 1);
    assert_int_equal(minstret(h), 4);
    assert_int_equal(h->x[A0], 1); /* the instruction after the fault never ran */
}

static void test_interrupt_is_one_step(void **state)
{
    struct machine *m = M(state);
    struct hart *h = H(state);
    uint32_t prog[] = {ADDI(A0, A0, 1), ADDI(A0, A0, 1), LOOP};
    uint32_t handler[] = {ADDI(A1, A1, 1), LOOP};
    load_prog(m, BASE, prog, 3);
    load_prog(m, HANDLER, handler, 2);
    assert_int_equal(interp_run(h, 1), 1);
    /* Raise a machine software... rather, a supervisor software interrupt
     * that M takes (not delegated), with M interrupts enabled. */
    assert_int_equal(csr_write(h, CSR_mie, MIP_SSIP), 0);
    assert_int_equal(csr_write(h, CSR_mstatus, MSTATUS_MIE), 0);
    assert_int_equal(csr_write(h, CSR_mip, MIP_SSIP), 0);
    m->kicked = false;
    assert_int_equal(interp_run(h, 1), 1); /* just the interrupt entry */
    assert_int_equal(h->pc, HANDLER);
    assert_int_equal(csr(h, CSR_mcause), CAUSE_INTERRUPT | 1);
    assert_int_equal(csr(h, CSR_mepc), BASE + 4);
    assert_int_equal(h->x[A0], 1);
    assert_int_equal(minstret(h), 1);
    assert_false(csr(h, CSR_mstatus) & MSTATUS_MIE);
    assert_true(csr(h, CSR_mstatus) & MSTATUS_MPIE);
    assert_int_equal(interp_run(h, 1), 1);
    assert_int_equal(h->x[A1], 1);
    assert_int_equal(h->steps, 3);
}

static void test_minstret_write(void **state)
{
    struct machine *m = M(state);
    struct hart *h = H(state);
    uint32_t prog[] = {ADDI(A0, ZERO, 100), CSRRW(ZERO, CSR_minstret, A0),
                       CSRRS(A1, CSR_minstret, ZERO), CSRRS(A2, CSR_minstret, ZERO), LOOP};
    load_prog(m, BASE, prog, 5);
    assert_int_equal(interp_run(h, 4), 4);
    /* The write replaces the increment of the writing instruction. */
    assert_int_equal(h->x[A1], 100);
    assert_int_equal(h->x[A2], 101);
}

/* mcountinhibit: a CY or IR bit that reads back as set must stop its
 * counter (a bit that cannot inhibit must read zero). */
static void test_mcountinhibit(void **state)
{
    struct machine *m = M(state);
    struct hart *h = H(state);
    uint32_t prog[9];
    for (int i = 0; i < 8; i++)
        prog[i] = ADDI(A0, A0, 1);
    prog[8] = LOOP;
    load_prog(m, BASE, prog, 9);
    assert_int_equal(interp_run(h, 2), 2);
    assert_int_equal(csr_write(h, CSR_mcountinhibit, 1u << 0 | 1u << 2), 0);
    uint64_t inh = csr(h, CSR_mcountinhibit);
    assert_int_equal(inh & 2, 0); /* TM does not exist */
    uint64_t c0 = csr(h, CSR_mcycle), i0 = minstret(h);
    m->kicked = false;
    assert_int_equal(interp_run(h, 5), 5);
    assert_int_equal(csr(h, CSR_mcycle), c0 + ((inh & 1) ? 0 : 5));
    assert_int_equal(minstret(h), i0 + ((inh & 4) ? 0 : 5));
    /* and counting resumes where it stopped */
    assert_int_equal(csr_write(h, CSR_mcountinhibit, 0), 0);
    m->kicked = false;
    assert_int_equal(interp_run(h, 1), 1);
    assert_int_equal(csr(h, CSR_mcycle), c0 + ((inh & 1) ? 1 : 6));
    assert_int_equal(minstret(h), i0 + ((inh & 4) ? 1 : 6));
}

/* ------------------------------------------------------------ traps */

static void expect_illegal(void **state, uint32_t insn, uint64_t tval, enum priv p)
{
    struct machine *m = make_machine();
    struct hart *h = &m->harts[0];
    (void)state;
    poke32(m, BASE, insn);
    poke32(m, HANDLER, LOOP);
    assert_int_equal(csr_write(h, CSR_mstatus, 1ull << MSTATUS_FS_SHIFT), 0); /* FP on */
    m->kicked = false;
    hart_set_priv(h, p);
    assert_int_equal(interp_run(h, 1), 1);
    if (h->pc != HANDLER || csr(h, CSR_mcause) != EXC_ILLEGAL)
        fail_msg("0x%08x: pc 0x%llx mcause %llu, expected an illegal-instruction trap", insn,
                 (unsigned long long)h->pc, (unsigned long long)csr(h, CSR_mcause));
    assert_int_equal(csr(h, CSR_mepc), BASE);
    if (csr(h, CSR_mtval) != tval)
        fail_msg("0x%08x: mtval 0x%llx, expected 0x%llx", insn, (unsigned long long)csr(h, CSR_mtval),
                 (unsigned long long)tval);
    assert_int_equal(minstret(h), 0);
    machine_destroy(m);
}

static void test_illegal_sets_mtval(void **state)
{
    /* compressed: only the 16 bits of the instruction, not what follows */
    expect_illegal(state, 0xffff8002, 0x8002, PRIV_M);          /* c.jr zero */
    expect_illegal(state, 0x12340000, 0x0000, PRIV_M);          /* all-zero parcel */
    expect_illegal(state, 0xf1451073, 0xf1451073, PRIV_M);      /* csrw mhartid, a0 */
    expect_illegal(state, 0x0000203b, 0x0000203b, PRIV_M);      /* not in the table */
    expect_illegal(state, 0x00c5d553, 0x00c5d553, PRIV_M);      /* fadd.s rm=5: reserved */
    expect_illegal(state, MRET, MRET, PRIV_S);                  /* mret from S */
    expect_illegal(state, 0x10200073, 0x10200073, PRIV_U);      /* sret from U */
    expect_illegal(state, 0x10500073, 0x10500073, PRIV_U);      /* wfi from U */
    expect_illegal(state, 0x30002573, 0x30002573, PRIV_S);      /* csrr a0, mstatus from S */
}

static void test_fp_off_is_illegal(void **state)
{
    struct machine *m = M(state);
    struct hart *h = H(state);
    uint32_t fadd = 0x00c5f553; /* fadd.s fa0, fa1, fa2 (dyn) */
    poke32(m, BASE, fadd);
    poke32(m, HANDLER, LOOP);
    assert_int_equal(csr_write(h, CSR_mstatus, 0), 0); /* FS = Off */
    assert_int_equal(interp_run(h, 1), 1);
    assert_int_equal(csr(h, CSR_mcause), EXC_ILLEGAL);
    assert_int_equal(csr(h, CSR_mtval), fadd);
    /* with FS on, the same word runs and dirties FS */
    h->pc = BASE;
    assert_int_equal(csr_write(h, CSR_mstatus, 1ull << MSTATUS_FS_SHIFT), 0);
    m->kicked = false;
    assert_int_equal(interp_run(h, 1), 1);
    assert_int_equal(h->pc, BASE + 4);
    assert_int_equal(csr(h, CSR_mstatus) & MSTATUS_FS, MSTATUS_FS);
}

static void test_ecall_per_mode(void **state)
{
    static const struct {
        enum priv p;
        uint64_t medeleg;
        uint64_t cause;
        bool to_s;
    } cases[] = {
        {PRIV_M, 0, EXC_ECALL_M, false},
        {PRIV_S, 0, EXC_ECALL_S, false},
        {PRIV_U, 0, EXC_ECALL_U, false},
        {PRIV_S, 1u << EXC_ECALL_S, EXC_ECALL_S, true},
        {PRIV_U, 1u << EXC_ECALL_U, EXC_ECALL_U, true},
        {PRIV_M, 0xb3ff, EXC_ECALL_M, false}, /* M-mode traps are never delegated */
    };
    (void)state;
    for (unsigned i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct machine *m = make_machine();
        struct hart *h = &m->harts[0];
        poke32(m, BASE, ECALL);
        poke32(m, HANDLER, LOOP);
        poke32(m, SHANDLER, LOOP);
        assert_int_equal(csr_write(h, CSR_medeleg, cases[i].medeleg), 0);
        hart_set_priv(h, cases[i].p);
        assert_int_equal(interp_run(h, 1), 1);
        if (cases[i].to_s) {
            assert_int_equal(h->priv, PRIV_S);
            assert_int_equal(h->pc, SHANDLER);
            assert_int_equal(csr(h, CSR_scause), cases[i].cause);
            assert_int_equal(csr(h, CSR_sepc), BASE);
            assert_int_equal(csr(h, CSR_stval), 0);
            assert_int_equal(!!(csr(h, CSR_mstatus) & MSTATUS_SPP), cases[i].p == PRIV_S);
            assert_int_equal(csr(h, CSR_mcause), 0);
        } else {
            assert_int_equal(h->priv, PRIV_M);
            assert_int_equal(h->pc, HANDLER);
            assert_int_equal(csr(h, CSR_mcause), cases[i].cause);
            assert_int_equal(csr(h, CSR_mepc), BASE);
            assert_int_equal(csr(h, CSR_mtval), 0);
            assert_int_equal((csr(h, CSR_mstatus) & MSTATUS_MPP) >> MSTATUS_MPP_SHIFT, cases[i].p);
        }
        assert_int_equal(minstret(h), 0);
        machine_destroy(m);
    }
}

/* ------------------------------------------------------------ self-modifying code */

static void test_self_modifying_word(void **state)
{
    struct machine *m = M(state);
    struct hart *h = H(state);
    /* X: addi a0, a0, 1 ; sw t0, 0(t1) ; j X */
    uint32_t prog[] = {ADDI(A0, A0, 1), SW(T0, T1, 0), JAL(ZERO, -8)};
    load_prog(m, BASE, prog, 3);
    h->x[T0] = ADDI(A0, A0, 16);
    h->x[T1] = BASE;
    assert_int_equal(interp_run(h, 4), 4); /* old X, sw, j, new X */
    assert_int_equal(h->x[A0], 17);
    assert_int_equal(interp_run(h, 3), 3); /* sw (same word again), j, X */
    assert_int_equal(h->x[A0], 33);
}

static void test_self_modifying_upper_half(void **state)
{
    struct machine *m = M(state);
    struct hart *h = H(state);
    /* A halfword store into the upper half of an executed 32-bit
     * instruction: the decode of the instruction that starts 2 bytes
     * earlier must be forgotten. */
    uint32_t prog[] = {ADDI(A0, A0, 1), SH(T0, T1, 2), JAL(ZERO, -8)};
    load_prog(m, BASE, prog, 3);
    h->x[T0] = ADDI(A0, A0, 0x100) >> 16;
    h->x[T1] = BASE;
    assert_int_equal(interp_run(h, 4), 4);
    assert_int_equal(h->x[A0], 0x101);
}

static void test_self_modifying_compressed(void **state)
{
    struct machine *m = M(state);
    struct hart *h = H(state);
    /* X: c.addi a0, 1 ; c.nop ; sh t0, 0(t1) ; j X  -- then X becomes c.addi a0, 8 */
    poke16(m, BASE, 0x0505);     /* c.addi a0, 1 */
    poke16(m, BASE + 2, 0x0001); /* c.nop */
    poke32(m, BASE + 4, SH(T0, T1, 0));
    poke32(m, BASE + 8, JAL(ZERO, -8));
    h->x[T0] = 0x0521; /* c.addi a0, 8 */
    h->x[T1] = BASE;
    assert_int_equal(interp_run(h, 5), 5); /* c.addi, c.nop, sh, j, new c.addi */
    assert_int_equal(h->x[A0], 9);
    /* Now overwrite the two compressed parcels with one 32-bit instruction */
    h->x[T0] = ADDI(A0, A0, 64);
    poke32(m, BASE + 4, SW(T0, T1, 0));
    h->pc = BASE + 4;
    assert_int_equal(interp_run(h, 3), 3); /* sw, j, addi */
    assert_int_equal(h->x[A0], 73);
    assert_int_equal(h->pc, BASE + 4);
}

/* ------------------------------------------------------------ M extension */

struct arith_case {
    uint32_t insn;
    uint64_t a, b, want;
    const char *what;
};

static void test_division_corner_cases(void **state)
{
    struct machine *m = M(state);
    struct hart *h = H(state);
    const uint64_t MIN64 = 1ull << 63, NEG1 = ~0ull;
    const uint64_t MIN32 = 0xffffffff80000000ull;
#define OPM(f3) enc_r(0x33, f3, 1, A0, A1, A2)
#define OPMW(f3) enc_r(0x3b, f3, 1, A0, A1, A2)
    const struct arith_case cases[] = {
        {OPM(4), MIN64, NEG1, MIN64, "div overflow"},
        {OPM(6), MIN64, NEG1, 0, "rem overflow"},
        {OPM(4), 7, 0, NEG1, "div by zero"},
        {OPM(6), 7, 0, 7, "rem by zero"},
        {OPM(5), 7, 0, NEG1, "divu by zero"},
        {OPM(7), 7, 0, 7, "remu by zero"},
        {OPM(4), (uint64_t)-7, 2, (uint64_t)-3, "div truncates toward zero"},
        {OPM(6), (uint64_t)-7, 2, (uint64_t)-1, "rem takes the dividend's sign"},
        {OPM(5), NEG1, 2, NEG1 >> 1, "divu is unsigned"},
        {OPMW(4), MIN32, NEG1, MIN32, "divw overflow"},
        {OPMW(6), MIN32, NEG1, 0, "remw overflow"},
        {OPMW(4), 0x1234567800000007ull, 0, NEG1, "divw by zero"},
        {OPMW(6), 0x12345678fffffff9ull, 0, (uint64_t)-7, "remw by zero: sign-extended dividend"},
        {OPMW(5), 7, 0xffffffff00000000ull, NEG1, "divuw by zero (upper bits ignored)"},
        {OPMW(7), 0x80000000ull, 0, MIN32, "remuw by zero: sign-extended 32-bit dividend"},
        {OPMW(5), 0xffffffffull, 1, NEG1, "divuw result is sign-extended"},
        {OPMW(4), 0xaaaaaaaa00000064ull, 0x5555555500000007ull, 14, "divw uses the low words"},
        {OPM(1), MIN64, NEG1, 0, "mulh"},
        {OPM(3), NEG1, NEG1, NEG1 - 1, "mulhu"},
        {OPM(2), NEG1, NEG1, NEG1, "mulhsu: -1 * (2^64-1)"},
        {OPM(2), 2, NEG1, 1, "mulhsu: 2 * (2^64-1)"},
        {OPMW(0), 0x7fffffff, 2, (uint64_t)-2, "mulw sign-extends"},
    };
    size_t n = sizeof cases / sizeof cases[0];
    for (size_t i = 0; i < n; i++)
        poke32(m, BASE + 4 * i, cases[i].insn);
    for (size_t i = 0; i < n; i++) {
        h->pc = BASE + 4 * i;
        h->x[A1] = cases[i].a;
        h->x[A2] = cases[i].b;
        h->x[A0] = 0x5a5a5a5a;
        assert_int_equal(interp_run(h, 1), 1);
        if (h->x[A0] != cases[i].want)
            fail_msg("%s: 0x%llx op 0x%llx = 0x%llx, expected 0x%llx", cases[i].what,
                     (unsigned long long)cases[i].a, (unsigned long long)cases[i].b,
                     (unsigned long long)h->x[A0], (unsigned long long)cases[i].want);
        assert_int_equal(h->pc, BASE + 4 * i + 4); /* never traps */
    }
#undef OPM
#undef OPMW
}

static void test_x0_stays_zero(void **state)
{
    struct machine *m = M(state);
    struct hart *h = H(state);
    uint32_t prog[] = {ADDI(ZERO, ZERO, 5), ADDI(A0, ZERO, 0), LOOP};
    load_prog(m, BASE, prog, 3);
    h->x[A0] = 99;
    assert_int_equal(interp_run(h, 2), 2);
    assert_int_equal(h->x[A0], 0);
    assert_int_equal(h->x[ZERO], 0);
}

/* ------------------------------------------------------------ LR/SC */

static void test_lr_sc(void **state)
{
    struct machine *m = M(state);
    struct hart *h = H(state);
    uint32_t prog[] = {
        LR_W(A0, T1),       /* a0 = sext(*t1) */
        ADDI(A0, A0, 1),
        SC_W(A2, A0, T1),   /* succeeds: a2 = 0 */
        SC_W(A3, A0, T1),   /* no reservation left: a3 = 1 */
        LR_W(A4, T1),
        SC_W(A5, A0, T2),   /* another address: fails */
        LR_D(S0, T2),
        SC_D(S1, T0, T2),   /* 64-bit pair: succeeds */
        LOOP,
    };
    load_prog(m, BASE, prog, 9);
    poke32(m, DATA, 0x80000000u);
    poke32(m, DATA + 4, 0x11111111u);
    assert_int_equal(bus_write(&m->bus, DATA + 8, 8, 0x0123456789abcdefull), 0);
    h->x[T1] = DATA;
    h->x[T2] = DATA + 8;
    h->x[T0] = 0xfedcba9876543210ull;
    h->x[A3] = 77;
    assert_int_equal(interp_run(h, 8), 8);
    assert_int_equal(h->x[A0], 0xffffffff80000001ull);
    assert_int_equal(h->x[A2], 0);
    assert_int_equal(h->x[A3], 1);
    assert_int_equal(peek64(m, DATA), 0x1111111180000001ull); /* sc.w wrote 4 bytes only */
    assert_int_equal(h->x[A4], 0xffffffff80000001ull);
    assert_int_equal(h->x[A5], 1);
    assert_int_equal(h->x[S0], 0x0123456789abcdefull);
    assert_int_equal(h->x[S1], 0);
    assert_int_equal(peek64(m, DATA + 8), 0xfedcba9876543210ull);
    assert_int_equal(h->pc, BASE + 32);
}

static void test_lr_misaligned(void **state)
{
    struct machine *m = M(state);
    struct hart *h = H(state);
    poke32(m, BASE, LR_W(A0, T1));
    poke32(m, HANDLER, LOOP);
    h->x[T1] = DATA + 2;
    assert_int_equal(interp_run(h, 1), 1);
    assert_int_equal(h->pc, HANDLER);
    uint64_t c = csr(h, CSR_mcause);
    assert_true(c == EXC_LOAD_MISALIGNED || c == EXC_LOAD_ACCESS);
    assert_int_equal(csr(h, CSR_mtval), DATA + 2);
}

/* ------------------------------------------------------------ page crossing */

static void test_fetch_across_pages_bare(void **state)
{
    struct machine *m = M(state);
    struct hart *h = H(state);
    uint64_t at = BASE + 0xffe;
    uint32_t w = ADDI(A0, A0, 0x123);
    poke16(m, at, (uint16_t)w);
    poke16(m, at + 2, (uint16_t)(w >> 16));
    poke32(m, at + 4, ADDI(A1, A1, 1));
    poke32(m, at + 8, LOOP);
    h->pc = at;
    assert_int_equal(interp_run(h, 2), 2);
    assert_int_equal(h->x[A0], 0x123);
    assert_int_equal(h->x[A1], 1);
    assert_int_equal(h->pc, at + 8);
    /* Change only the half in the second page: the next run sees it */
    poke16(m, at + 2, (uint16_t)(ADDI(A0, A0, 0x7ff) >> 16));
    h->pc = at;
    assert_int_equal(interp_run(h, 1), 1);
    assert_int_equal(h->x[A0], 0x123 + 0x7ff);
    /* ... and the half in the first page: rd becomes a2 (rs1 stays a0) */
    poke16(m, at, (uint16_t)ADDI(A2, A0, 0));
    h->pc = at;
    assert_int_equal(interp_run(h, 1), 1);
    assert_int_equal(h->x[A2], 0x123 + 0x7ff + 0x7ff);
}

#define PTE_V 1ull
#define PTE_R 2ull
#define PTE_W 4ull
#define PTE_X 8ull
#define PTE_A 0x40ull
#define PTE_D 0x80ull
#define ROOT (BASE + 0x100000)
#define L1 (BASE + 0x101000)
#define L0 (BASE + 0x102000)
#define PAGE_A (BASE + 0x200000)
#define PAGE_B (BASE + 0x201000)

static void set_pte(struct machine *m, uint64_t table, unsigned idx, uint64_t pte)
{
    assert_int_equal(bus_write(&m->bus, table + 8ull * idx, 8, pte), 0);
}

static void test_fetch_across_pages_fault(void **state)
{
    struct machine *m = M(state);
    struct hart *h = H(state);
    /* va 0x10000 -> PAGE_A (RX); va 0x11000 unmapped */
    set_pte(m, ROOT, 0, (L1 >> 12) << 10 | PTE_V);
    set_pte(m, L1, 0, (L0 >> 12) << 10 | PTE_V);
    set_pte(m, L0, 0x10, (PAGE_A >> 12) << 10 | PTE_R | PTE_X | PTE_A | PTE_V);
    uint32_t w = ADDI(A0, A0, 0x55);
    poke16(m, PAGE_A + 0xffe, (uint16_t)w);
    poke16(m, PAGE_B, (uint16_t)(w >> 16));
    poke32(m, PAGE_B + 2, LOOP);
    assert_int_equal(csr_write(h, CSR_satp, 8ull << 60 | ROOT >> 12), 0);
    hart_set_priv(h, PRIV_S);
    h->pc = 0x10ffe;
    assert_int_equal(interp_run(h, 1), 1);
    assert_int_equal(h->priv, PRIV_M);
    assert_int_equal(csr(h, CSR_mcause), EXC_INSN_PAGE);
    assert_int_equal(csr(h, CSR_mepc), 0x10ffe);    /* the instruction's start */
    assert_int_equal(csr(h, CSR_mtval), 0x11000);   /* the part that faulted */
    assert_int_equal(h->x[A0], 0);
    /* Map the second page (readable but not executable): still a fetch fault */
    set_pte(m, L0, 0x11, (PAGE_B >> 12) << 10 | PTE_R | PTE_A | PTE_V);
    assert_int_equal(csr_write(h, CSR_satp, 8ull << 60 | ROOT >> 12), 0);
    hart_set_priv(h, PRIV_S);
    h->pc = 0x10ffe;
    assert_int_equal(interp_run(h, 1), 1);
    assert_int_equal(csr(h, CSR_mcause), EXC_INSN_PAGE);
    assert_int_equal(csr(h, CSR_mtval), 0x11000);
    /* Executable: the instruction runs */
    set_pte(m, L0, 0x11, (PAGE_B >> 12) << 10 | PTE_R | PTE_X | PTE_A | PTE_V);
    assert_int_equal(csr_write(h, CSR_satp, 8ull << 60 | ROOT >> 12), 0);
    hart_set_priv(h, PRIV_S);
    h->pc = 0x10ffe;
    assert_int_equal(interp_run(h, 1), 1);
    assert_int_equal(h->priv, PRIV_S);
    assert_int_equal(h->x[A0], 0x55);
    assert_int_equal(h->pc, 0x11002);
}

/* ------------------------------------------------------------ uncached code */

/* Code the decode cache cannot hold (here: a page split between two PMP
 * entries; also the boot ROM and MMIO-overlaid pages) is decoded one
 * instruction at a time.  Straight-line code there must still run one
 * instruction per step, in order. */
static void test_uncached_code_runs_in_order(void **state)
{
    struct machine *m = M(state);
    struct hart *h = H(state);
    pmp_write_addr(h, 0, (BASE >> 2) | (0x800 / 8 - 1));     /* NAPOT 2 KiB */
    pmp_write_addr(h, 1, (BASE >> 2) | (0x10000 / 8 - 1));   /* NAPOT 64 KiB */
    pmp_write_cfg(h, 0, (uint64_t)(0x18 | 7) << 8 | (0x18 | 7)); /* both RWX */
    uint64_t pa;
    uint8_t *host;
    assert_int_equal(mmu_access(h, BASE, 2, ACC_X, &pa, &host), 0);
    assert_null(host); /* the premise: this page is not cached */
    for (int i = 0; i < 6; i++)
        poke32(m, BASE + 4 * i, ADDI(A0, A0, 1));
    poke16(m, BASE + 24, 0x0505); /* c.addi a0, 1 */
    poke16(m, BASE + 26, 0x0505);
    poke32(m, BASE + 28, ADDI(A1, A0, 100));
    poke32(m, BASE + 32, LOOP);
    assert_int_equal(interp_run(h, 9), 9);
    assert_int_equal(h->x[A0], 8);
    assert_int_equal(h->x[A1], 108);
    assert_int_equal(h->pc, BASE + 32);
    assert_int_equal(interp_run(h, 10), 10); /* j . */
    assert_int_equal(h->pc, BASE + 32);
    assert_int_equal(h->x[A0], 8);
}

/* A taken branch decoded outside the cache (here: in a PMP-split page)
 * has no neighbouring slots to move to: the loop must still run. */
static void test_uncached_branch_loops(void **state)
{
    struct machine *m = M(state);
    struct hart *h = H(state);
    pmp_write_addr(h, 0, (BASE >> 2) | (0x800 / 8 - 1));     /* NAPOT 2 KiB */
    pmp_write_addr(h, 1, (BASE >> 2) | (0x10000 / 8 - 1));   /* NAPOT 64 KiB */
    pmp_write_cfg(h, 0, (uint64_t)(0x18 | 7) << 8 | (0x18 | 7)); /* both RWX */
    uint32_t prog[] = {ADDI(A0, A0, 1), ADDI(A0, A0, 1), BNE(A0, A1, -8), LOOP};
    load_prog(m, BASE, prog, 4);
    h->x[A1] = 10;
    assert_int_equal(interp_run(h, 15), 15);
    assert_int_equal(h->x[A0], 10);
    assert_int_equal(h->pc, BASE + 12);
}

/* ------------------------------------------------------------ mip.SEIP */

/* csrrs/csrrc on mip read-modify-write the software SEIP bit only; the
 * PLIC's line must not be latched into it (privileged spec, 3.1.9). */
static void test_mip_rmw_does_not_latch_seip_line(void **state)
{
    struct machine *m = M(state);
    struct hart *h = H(state);
    uint32_t prog[] = {CSRRSI(ZERO, CSR_mip, 2) /* set SSIP */, LOOP};
    load_prog(m, BASE, prog, 2);
    machine_set_mip(m, 0, MIP_SEIP, true); /* the PLIC raises S external */
    assert_true(csr(h, CSR_mip) & MIP_SEIP);
    assert_int_equal(interp_run(h, 1), 1);
    assert_true(csr(h, CSR_mip) & MIP_SSIP);
    machine_set_mip(m, 0, MIP_SEIP, false); /* the PLIC lowers it */
    assert_int_equal(csr(h, CSR_mip) & MIP_SEIP, 0);
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, test_machine_teardown)
    const struct CMUnitTest tests[] = {
        T(test_exact_budget_straight_line),
        T(test_exact_budget_loop),
        T(test_trap_is_one_step_not_retired),
        T(test_interrupt_is_one_step),
        T(test_minstret_write),
        T(test_mcountinhibit),
        T(test_illegal_sets_mtval),
        T(test_fp_off_is_illegal),
        T(test_ecall_per_mode),
        T(test_self_modifying_word),
        T(test_self_modifying_upper_half),
        T(test_self_modifying_compressed),
        T(test_division_corner_cases),
        T(test_x0_stays_zero),
        T(test_lr_sc),
        T(test_lr_misaligned),
        T(test_fetch_across_pages_bare),
        T(test_fetch_across_pages_fault),
        T(test_uncached_code_runs_in_order),
        T(test_uncached_branch_loops),
        T(test_mip_rmw_does_not_latch_seip_line),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
