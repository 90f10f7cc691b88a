/* Sdtrig triggers: CSR WARL rules, execute / load / store triggers run by
 * the interpreter with exact step counting, the TLB staying out of their
 * way, the M-mode MIE rule, and trigger state in the saved hart image. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "core/machine.h"
#include "core/serial.h"
#include "isa/riscv/cpu.h"
#include "isa/riscv/hart_state.h"
#include "tests/unit/test_machine.h"

#define BASE 0x80000000ull
#define HANDLER (BASE + 0x800)
#define DATA (BASE + 0x10000)

#define T_LOAD  (1ull << 0)
#define T_STORE (1ull << 1)
#define T_EXEC  (1ull << 2)
#define T_U     (1ull << 3)
#define T_S     (1ull << 4)
#define T_M     (1ull << 6)
#define T_MATCH(n) ((uint64_t)(n) << 7)
#define T_TYPE(n) ((uint64_t)(n) << 60)
#define T_DMODE (1ull << 59)

enum { ZERO = 0, A0 = 10, A1 = 11, A2 = 12 };

static uint32_t enc_i(uint32_t opc, uint32_t f3, uint32_t rd, uint32_t rs1, int32_t imm)
{
    return ((uint32_t)imm & 0xfff) << 20 | rs1 << 15 | f3 << 12 | rd << 7 | opc;
}
static uint32_t enc_s(uint32_t f3, uint32_t rs2, uint32_t rs1, int32_t imm)
{
    uint32_t u = (uint32_t)imm;
    return (u >> 5 & 0x7f) << 25 | rs2 << 20 | rs1 << 15 | f3 << 12 | (u & 0x1f) << 7 | 0x23;
}
static uint32_t ADDI(uint32_t rd, uint32_t rs1, int32_t imm) { return enc_i(0x13, 0, rd, rs1, imm); }
static uint32_t LD(uint32_t rd, uint32_t rs1, int32_t imm) { return enc_i(0x03, 3, rd, rs1, imm); }
static uint32_t SD(uint32_t rs2, uint32_t rs1, int32_t imm) { return enc_s(3, rs2, rs1, imm); }
#define LOOP 0x0000006fu /* j . */
#define AMOADD_D(rd, rs2, rs1) (0x0000302fu | (rd) << 7 | (rs1) << 15 | (rs2) << 20)

static int setup(void **state)
{
    struct machine *m = test_machine_create(1);
    struct hart *h = &m->harts[0];
    h->pc = BASE;
    assert_int_equal(csr_write(h, CSR_mtvec, HANDLER), 0);
    assert_int_equal(bus_write(&m->bus, HANDLER, 4, LOOP), 0);
    m->kicked = false;
    m->stop_pending = false;
    *state = m;
    return 0;
}
static int teardown(void **state)
{
    machine_destroy(*state);
    return 0;
}

static struct machine *M(void **state) { return *state; }
static struct hart *H(void **state) { return &M(state)->harts[0]; }

static void load_prog(struct machine *m, const uint32_t *w, size_t n)
{
    for (size_t i = 0; i < n; i++)
        assert_int_equal(bus_write(&m->bus, BASE + 4 * i, 4, w[i]), 0);
}
static uint64_t rd(struct hart *h, unsigned csr)
{
    uint64_t v = 0;
    assert_int_equal(csr_read(h, csr, &v), 0);
    return v;
}
static void wr(struct hart *h, unsigned csr, uint64_t v) { assert_int_equal(csr_write(h, csr, v), 0); }
static void arm(struct hart *h, unsigned idx, uint64_t addr, uint64_t ctl)
{
    wr(h, CSR_tselect, idx);
    wr(h, CSR_tdata2, addr);
    wr(h, CSR_tdata1, ctl);
}
static uint64_t peek64(struct machine *m, uint64_t pa)
{
    uint64_t v;
    assert_int_equal(bus_read(&m->bus, pa, 8, &v), 0);
    return v;
}

/* ------------------------------------------------------------ CSRs */

static void test_csr_warl(void **state)
{
    struct hart *h = H(state);
    assert_int_equal(rd(h, CSR_tinfo), (1ull << 24) | (1u << 2) | (1u << 6) | (1u << 15));
    wr(h, CSR_tinfo, 0); /* read-only: ignored */
    assert_int_equal(rd(h, CSR_tinfo) & 0xffff, 0x8044);

    /* tselect: out of range keeps the old index */
    wr(h, CSR_tselect, 1);
    wr(h, CSR_tselect, TRIG_COUNT);
    assert_int_equal(rd(h, CSR_tselect), 1);
    wr(h, CSR_tselect, ~0ull);
    assert_int_equal(rd(h, CSR_tselect), 1);

    /* reset value: mcontrol, nothing enabled (maskmax = 63: any NAPOT) */
    for (unsigned i = 0; i < TRIG_COUNT; i++) {
        wr(h, CSR_tselect, i);
        assert_int_equal(rd(h, CSR_tdata1), T_TYPE(2) | (63ull << 53));
        assert_int_equal(rd(h, CSR_tdata2), 0);
    }

    /* mcontrol6: unsupported fields read 0, dmode 0 */
    wr(h, CSR_tselect, 0);
    wr(h, CSR_tdata1, ~0ull & ~T_TYPE(0xf) & ~T_MATCH(0xf));
    assert_int_equal(rd(h, CSR_tdata1), T_TYPE(15)); /* type 0 written: disabled */
    wr(h, CSR_tdata1, T_TYPE(6) | (~0ull >> 4));
    /* match 0xf is not supported: 0 (equal) */
    assert_int_equal(rd(h, CSR_tdata1), T_TYPE(6) | T_M | T_S | T_U | T_EXEC | T_STORE | T_LOAD);
    wr(h, CSR_tdata1, T_TYPE(6) | T_DMODE | T_MATCH(3) | (1ull << 12) | T_M);
    assert_int_equal(rd(h, CSR_tdata1), T_TYPE(6) | T_MATCH(3) | T_M);
    wr(h, CSR_tdata1, T_TYPE(6) | T_MATCH(4));
    assert_int_equal(rd(h, CSR_tdata1), T_TYPE(6));
    /* mcontrol keeps match and the kind bits; maskmax is read-only */
    wr(h, CSR_tdata1, T_TYPE(2) | T_MATCH(1) | T_LOAD);
    assert_int_equal(rd(h, CSR_tdata1), T_TYPE(2) | (63ull << 53) | T_MATCH(1) | T_LOAD);
    /* other types (icount 3, itrigger 4, etrigger 5, tmexttrigger 7, ...) */
    for (unsigned t = 0; t < 16; t++) {
        if (t == 2 || t == 6)
            continue;
        wr(h, CSR_tdata1, T_TYPE(t) | T_M | T_EXEC);
        assert_int_equal(rd(h, CSR_tdata1), T_TYPE(15));
    }
    /* tdata2 any value, tdata3 reads 0 */
    wr(h, CSR_tdata2, 0x123456789abcdef0ull);
    assert_int_equal(rd(h, CSR_tdata2), 0x123456789abcdef0ull);
    wr(h, CSR_tdata3, ~0ull);
    assert_int_equal(rd(h, CSR_tdata3), 0);

    /* M-mode only */
    h->priv = PRIV_S;
    uint64_t v;
    assert_int_equal(csr_read(h, CSR_tselect, &v), EXC_ILLEGAL);
    assert_int_equal(csr_write(h, CSR_tdata1, 0), EXC_ILLEGAL);
    h->priv = PRIV_M;
    /* tcontrol (0x7a5) and the Debug Mode CSRs are not there */
    assert_int_equal(csr_read(h, 0x7a5, &v), EXC_ILLEGAL);
    assert_int_equal(csr_read(h, 0x7b0, &v), EXC_ILLEGAL);
    assert_string_equal(csr_name(0x7a4), "tinfo");
    assert_string_equal(csr_name(0x7a2), "tdata2");
}

static void test_armed_flags(void **state)
{
    struct hart *h = H(state);
    assert_int_equal(h->trig_armed, 0);
    arm(h, 0, DATA, T_TYPE(6) | T_EXEC); /* no mode bit: not armed */
    assert_int_equal(h->trig_armed, 0);
    arm(h, 0, DATA, T_TYPE(6) | T_U | T_EXEC | T_LOAD);
    assert_int_equal(h->trig_armed, TRIG_ARM_X | TRIG_ARM_R);
    arm(h, 1, DATA, T_TYPE(2) | T_S | T_STORE);
    assert_int_equal(h->trig_armed, TRIG_ARM_X | TRIG_ARM_R | TRIG_ARM_W);
    arm(h, 0, DATA, T_TYPE(15));
    assert_int_equal(h->trig_armed, TRIG_ARM_W);
}

/* The matching rules, straight on trig_check. */
static void test_match_kinds(void **state)
{
    struct hart *h = H(state);
    uint64_t tval = 0;
    wr(h, CSR_mstatus, MSTATUS_MIE);
    /* equal: any accessed byte */
    arm(h, 0, 0x1004, T_TYPE(6) | T_M | T_LOAD);
    assert_true(trig_check(h, 0x1000, 8, ACC_R, &tval));
    assert_int_equal(tval, 0x1004);
    assert_false(trig_check(h, 0x1000, 4, ACC_R, &tval));
    assert_false(trig_check(h, 0x1005, 1, ACC_R, &tval));
    assert_false(trig_check(h, 0x1004, 1, ACC_W, &tval)); /* a store */
    assert_false(trig_check(h, 0x1004, 1, ACC_X, &tval));
    /* napot: 0x100f = 32 bytes at 0x1000 */
    arm(h, 0, 0x100f, T_TYPE(6) | T_M | T_STORE | T_MATCH(1));
    assert_true(trig_check(h, 0x101f, 1, ACC_W, &tval));
    assert_int_equal(tval, 0x101f);
    assert_true(trig_check(h, 0xffc, 8, ACC_W, &tval));
    assert_int_equal(tval, 0x1000);
    assert_false(trig_check(h, 0x1020, 8, ACC_W, &tval));
    assert_false(trig_check(h, 0xff8, 8, ACC_W, &tval));
    /* napot of everything */
    arm(h, 0, ~0ull, T_TYPE(6) | T_M | T_STORE | T_MATCH(1));
    assert_true(trig_check(h, 0, 1, ACC_W, &tval));
    assert_true(trig_check(h, ~0ull, 1, ACC_W, &tval));
    /* >= and < */
    arm(h, 0, 0x2000, T_TYPE(2) | T_M | T_EXEC | T_MATCH(2));
    assert_true(trig_check(h, 0x2000, 1, ACC_X, &tval));
    assert_true(trig_check(h, ~0ull - 3, 4, ACC_X, &tval));
    assert_false(trig_check(h, 0x1ffe, 1, ACC_X, &tval));
    arm(h, 0, 0x2000, T_TYPE(2) | T_M | T_EXEC | T_MATCH(3));
    assert_true(trig_check(h, 0x1ffe, 1, ACC_X, &tval));
    assert_true(trig_check(h, 0, 1, ACC_X, &tval));
    assert_false(trig_check(h, 0x2000, 1, ACC_X, &tval));
    arm(h, 0, 0, T_TYPE(2) | T_M | T_EXEC | T_MATCH(3)); /* < 0: nothing */
    assert_false(trig_check(h, 0, 1, ACC_X, &tval));
    /* modes, and the MIE rule in M */
    arm(h, 0, 0x3000, T_TYPE(6) | T_S | T_LOAD);
    assert_false(trig_check(h, 0x3000, 8, ACC_R, &tval));
    h->priv = PRIV_S;
    assert_true(trig_check(h, 0x3000, 8, ACC_R, &tval));
    h->priv = PRIV_U;
    assert_false(trig_check(h, 0x3000, 8, ACC_R, &tval));
    h->priv = PRIV_M;
    arm(h, 0, 0x3000, T_TYPE(6) | T_M | T_LOAD);
    assert_true(trig_check(h, 0x3000, 8, ACC_R, &tval));
    wr(h, CSR_mstatus, 0);
    assert_false(trig_check(h, 0x3000, 8, ACC_R, &tval));
}

/* ------------------------------------------------------------ interpreter */

static void test_exec_trigger_steps(void **state)
{
    struct machine *m = M(state);
    struct hart *h = H(state);
    const uint32_t prog[] = {ADDI(A0, A0, 1), ADDI(A0, A0, 1), ADDI(A0, A0, 1), LOOP};
    load_prog(m, prog, 4);
    arm(h, 0, BASE + 8, T_TYPE(6) | T_M | T_EXEC);
    wr(h, CSR_mstatus, MSTATUS_MIE);
    /* Two instructions retire; the third is where the trigger is. */
    assert_int_equal(interp_run(h, 2), 2);
    assert_int_equal(h->pc, BASE + 8);
    assert_int_equal(h->ntraps, 0);
    /* The trap entry is one step, and the instruction does not retire. */
    assert_int_equal(interp_run(h, 1), 1);
    assert_int_equal(h->x[A0], 2);
    assert_int_equal(h->pc, HANDLER);
    assert_int_equal(h->ntraps, 1);
    assert_int_equal(rd(h, CSR_mcause), EXC_BREAKPOINT);
    assert_int_equal(rd(h, CSR_mepc), BASE + 8);
    assert_int_equal(rd(h, CSR_mtval), BASE + 8);
    assert_int_equal(rd(h, CSR_minstret), 2);
    /* In the handler MIE = 0: returning to it with MIE still 0 runs on. */
    h->pc = BASE + 8;
    assert_int_equal(interp_run(h, 1), 1);
    assert_int_equal(h->x[A0], 3);
    assert_int_equal(h->pc, BASE + 12);
}

static void test_exec_trigger_in_a_run(void **state)
{
    /* A long budget: the fast chaining must not skip the check. */
    struct machine *m = M(state);
    struct hart *h = H(state);
    uint32_t prog[64];
    for (int i = 0; i < 63; i++)
        prog[i] = ADDI(A0, A0, 1);
    prog[63] = LOOP;
    load_prog(m, prog, 64);
    /* Run it once: every slot decoded and given its dispatch index, so
     * the handlers chain straight to each other from now on. */
    assert_int_equal(interp_run(h, 63), 63);
    assert_int_equal(h->x[A0], 63);
    h->pc = BASE;
    h->x[A0] = 0;
    arm(h, 1, BASE + 4 * 40, T_TYPE(6) | T_M | T_EXEC);
    wr(h, CSR_mstatus, MSTATUS_MIE);
    assert_int_equal(interp_run(h, 1000), 1000);
    assert_int_equal(h->x[A0], 40);
    assert_int_equal(rd(h, CSR_mepc), BASE + 4 * 40);
    assert_int_equal(h->pc, HANDLER);
    /* Disarmed: straight through. */
    arm(h, 1, 0, T_TYPE(6));
    h->pc = BASE;
    h->x[A0] = 0;
    interp_run(h, 63);
    assert_int_equal(h->x[A0], 63);
}

static void test_load_store_triggers(void **state)
{
    struct machine *m = M(state);
    struct hart *h = H(state);
    const uint32_t prog[] = {LD(A1, A2, 0), SD(A0, A2, 0), AMOADD_D(A1, A0, A2), LOOP};
    load_prog(m, prog, 4);
    assert_int_equal(bus_write(&m->bus, DATA, 8, 0x1111), 0);
    h->x[A2] = DATA;
    h->x[A0] = 0x2222;
    /* First unarmed: the page is in the TLBs now. */
    assert_int_equal(interp_run(h, 2), 2);
    assert_int_equal(h->x[A1], 0x1111);
    assert_int_equal(peek64(m, DATA), 0x2222);

    wr(h, CSR_mstatus, MSTATUS_MIE);
    arm(h, 0, DATA, T_TYPE(6) | T_M | T_LOAD);
    h->pc = BASE;
    h->x[A1] = 0x55;
    assert_int_equal(interp_run(h, 1), 1);
    assert_int_equal(h->pc, HANDLER);
    assert_int_equal(h->x[A1], 0x55);
    assert_int_equal(rd(h, CSR_mtval), DATA);
    assert_int_equal(rd(h, CSR_mepc), BASE);
    assert_int_equal(rd(h, CSR_minstret), 2);

    /* A store trigger: the store does not happen, the load before it does */
    arm(h, 0, DATA, T_TYPE(6) | T_M | T_STORE);
    wr(h, CSR_mstatus, MSTATUS_MIE);
    h->pc = BASE;
    h->x[A0] = 0x3333;
    assert_int_equal(interp_run(h, 2), 2);
    assert_int_equal(h->x[A1], 0x2222);
    assert_int_equal(h->pc, HANDLER);
    assert_int_equal(rd(h, CSR_mepc), BASE + 4);
    assert_int_equal(peek64(m, DATA), 0x2222);

    /* AMO: a load trigger at DATA + 4 (inside the doubleword) fires */
    arm(h, 0, DATA + 4, T_TYPE(6) | T_M | T_LOAD);
    wr(h, CSR_mstatus, MSTATUS_MIE);
    h->pc = BASE + 8;
    h->x[A1] = 0x77;
    assert_int_equal(interp_run(h, 1), 1);
    assert_int_equal(h->pc, HANDLER);
    assert_int_equal(h->x[A1], 0x77);
    assert_int_equal(rd(h, CSR_mtval), DATA + 4);
    assert_int_equal(peek64(m, DATA), 0x2222);
}

static void test_tlb_keeps_out_trigger_pages(void **state)
{
    struct hart *h = H(state);
    uint64_t pa;
    uint8_t *host;
    arm(h, 0, DATA + 0x10, T_TYPE(6) | T_U | T_LOAD);
    assert_int_equal(mmu_access(h, DATA + 0x800, 8, ACC_R, &pa, &host), 0);
    assert_null(host);                     /* the trigger's page: slow path */
    assert_int_equal(mmu_access(h, DATA + 0x800, 8, ACC_W, &pa, &host), 0);
    assert_non_null(host);                 /* a store: no store trigger */
    assert_int_equal(mmu_access(h, DATA + 0x1000, 8, ACC_R, &pa, &host), 0);
    assert_non_null(host);                 /* the next page */
    /* Arming flushes what was filled before. */
    struct tlb_entry *t = &h->tlb[tlb_set(PRIV_M)][ACC_R][((DATA + 0x1000) >> 12) & (TLB_SIZE - 1)];
    assert_int_equal(t->vpage, DATA + 0x1000);
    arm(h, 1, DATA + 0x1000, T_TYPE(6) | T_U | T_STORE);
    assert_int_equal(t->vpage, TLB_INVALID);
    /* >= covers every page from tdata2 on */
    arm(h, 0, DATA + 0x5000, T_TYPE(6) | T_M | T_LOAD | T_MATCH(2));
    assert_int_equal(mmu_access(h, DATA + 0x4ff8, 8, ACC_R, &pa, &host), 0);
    assert_non_null(host);
    assert_int_equal(mmu_access(h, DATA + 0x9000, 8, ACC_R, &pa, &host), 0);
    assert_null(host);
}

/* ------------------------------------------------------------ saved state */

static void test_state_roundtrip(void **state)
{
    struct hart *h = H(state);
    arm(h, 1, 0xabc0, T_TYPE(6) | T_S | T_STORE | T_MATCH(1));
    struct sbuf b;
    sbuf_init(&b);
    hart_state_save(h, &b);
    assert_false(b.oom);
    assert_int_equal(b.len, 8 * hart_state_nfields());

    struct hart *h2 = &test_machine_create(1)->harts[0];
    struct machine *m2 = h2->m;
    struct sreader r;
    sreader_init(&r, b.data, b.len);
    assert_int_equal(hart_state_load(h2, &r), 0);
    assert_int_equal(h2->tselect, 1);
    assert_int_equal(h2->tdata1[1], T_TYPE(6) | T_S | T_STORE | T_MATCH(1));
    assert_int_equal(h2->tdata2[1], 0xabc0);
    assert_int_equal(h2->trig_armed, TRIG_ARM_W);
    /* field names for divergence reports */
    char name[48];
    assert_string_equal(hart_state_field_name(0, name, sizeof name), "state version (x0 slot)");
    assert_string_equal(hart_state_field_name(hart_state_nfields() - 1, name, sizeof name),
                        "tdata2 of trigger 1");
    assert_string_equal(hart_state_field_name(hart_state_nfields() - 1 - TRIG_COUNT, name, sizeof name),
                        "tdata1 of trigger 1");

    /* Another version, an illegal tdata1 or tselect: refused, h2 unchanged */
    uint64_t v0;
    memcpy(&v0, b.data, 8);
    assert_int_equal(v0, 2);
    uint64_t bad = 0;
    memcpy(b.data, &bad, 8);
    sreader_init(&r, b.data, b.len);
    h2->tselect = 0;
    assert_int_equal(hart_state_load(h2, &r), -1);
    assert_int_equal(h2->tselect, 0);
    memcpy(b.data, &v0, 8);
    uint64_t td1 = T_TYPE(6) | T_DMODE;
    memcpy(b.data + b.len - 8 * (1 + TRIG_COUNT), &td1, 8); /* tdata1 of trigger 1 */
    sreader_init(&r, b.data, b.len);
    assert_int_equal(hart_state_load(h2, &r), -1);
    sbuf_free(&b);
    machine_destroy(m2);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_csr_warl),
        T(test_armed_flags),
        T(test_match_kinds),
        T(test_exec_trigger_steps),
        T(test_exec_trigger_in_a_run),
        T(test_load_store_triggers),
        T(test_tlb_keeps_out_trigger_pages),
        T(test_state_roundtrip),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
