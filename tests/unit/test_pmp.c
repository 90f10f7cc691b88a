/* Physical memory protection: address matching (TOR, NA4, NAPOT), priority,
 * partial matches, M-mode and lock bits, and the WARL rules of the CSRs. */
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

#define R 0x01u
#define W 0x02u
#define X 0x04u
#define A_TOR (1u << 3)
#define A_NA4 (2u << 3)
#define A_NAPOT (3u << 3)
#define L 0x80u

static struct hart *H(void **state) { return &((struct machine *)*state)->harts[0]; }

/* Set entry i's config byte, leaving the others as they are. */
static void set_cfg(struct hart *h, unsigned i, uint8_t cfg)
{
    unsigned reg = i < 8 ? 0 : 2;
    uint64_t v = pmp_read_cfg(h, reg);
    unsigned sh = 8 * (i % 8);
    v = (v & ~(0xffull << sh)) | (uint64_t)cfg << sh;
    pmp_write_cfg(h, reg, v);
}

static uint8_t get_cfg(struct hart *h, unsigned i)
{
    return (uint8_t)(pmp_read_cfg(h, i < 8 ? 0 : 2) >> (8 * (i % 8)));
}

static uint64_t napot(uint64_t base, uint64_t size)
{
    return (base >> 2) | ((size >> 3) - 1);
}

/* ------------------------------------------------------------ matching */

static void test_no_entries_allows_everything(void **state)
{
    struct hart *h = H(state);
    assert_false(h->pmp_active);
    static const enum priv privs[] = {PRIV_U, PRIV_S, PRIV_M};
    static const enum access accs[] = {ACC_R, ACC_W, ACC_X};
    for (unsigned p = 0; p < 3; p++)
        for (unsigned a = 0; a < 3; a++) {
            assert_int_equal(pmp_range(h, 0x80000000, 8, accs[a], privs[p]), PMP_ALLOW);
            assert_int_equal(pmp_range(h, 0x0, 1, accs[a], privs[p]), PMP_ALLOW);
        }
    /* An address set with A = OFF does not make the PMP active */
    pmp_write_addr(h, 0, 0x80001000 >> 2);
    set_cfg(h, 0, R);
    assert_false(h->pmp_active);
    assert_int_equal(pmp_range(h, 0x80000000, 8, ACC_W, PRIV_U), PMP_ALLOW);
}

static void test_tor(void **state)
{
    struct hart *h = H(state);
    /* entry 0: TOR [0, 0x80001000) R; entry 1: TOR [0x80001000, 0x80003000) RW */
    pmp_write_addr(h, 0, 0x80001000 >> 2);
    pmp_write_addr(h, 1, 0x80003000 >> 2);
    set_cfg(h, 0, A_TOR | R);
    set_cfg(h, 1, A_TOR | R | W);
    assert_true(h->pmp_active);
    assert_int_equal(pmp_range(h, 0x0, 8, ACC_R, PRIV_S), PMP_ALLOW);
    assert_int_equal(pmp_range(h, 0x80000ff8, 8, ACC_R, PRIV_S), PMP_ALLOW);
    assert_int_equal(pmp_range(h, 0x80000ff8, 8, ACC_W, PRIV_S), PMP_DENY);
    assert_int_equal(pmp_range(h, 0x80000ff8, 8, ACC_X, PRIV_U), PMP_DENY);
    assert_int_equal(pmp_range(h, 0x80001000, 8, ACC_W, PRIV_S), PMP_ALLOW);
    assert_int_equal(pmp_range(h, 0x80002ffc, 4, ACC_W, PRIV_U), PMP_ALLOW);
    assert_int_equal(pmp_range(h, 0x80002ffc, 4, ACC_X, PRIV_U), PMP_DENY);
    /* the top is exclusive */
    assert_int_equal(pmp_range(h, 0x80003000, 4, ACC_R, PRIV_S), PMP_DENY);
    /* TOR with top <= bottom matches nothing */
    pmp_write_addr(h, 2, 0x80002000 >> 2);
    set_cfg(h, 2, A_TOR | R | W | X);
    pmp_write_addr(h, 3, 0x90000000 >> 2);
    set_cfg(h, 3, A_NAPOT | X); /* unrelated, keeps nothing else matching */
    assert_int_equal(pmp_range(h, 0x80003800, 4, ACC_X, PRIV_S), PMP_DENY);
    assert_int_equal(pmp_range(h, 0x80002800, 4, ACC_X, PRIV_S), PMP_DENY); /* entry 1 decides */
}

static void test_na4(void **state)
{
    struct hart *h = H(state);
    pmp_write_addr(h, 0, 0x80000100 >> 2);
    set_cfg(h, 0, A_NA4 | R | W);
    assert_int_equal(pmp_range(h, 0x80000100, 4, ACC_W, PRIV_S), PMP_ALLOW);
    assert_int_equal(pmp_range(h, 0x80000103, 1, ACC_R, PRIV_U), PMP_ALLOW);
    assert_int_equal(pmp_range(h, 0x80000104, 1, ACC_R, PRIV_S), PMP_DENY);
    assert_int_equal(pmp_range(h, 0x800000fc, 4, ACC_R, PRIV_S), PMP_DENY);
    assert_int_equal(pmp_range(h, 0x80000100, 4, ACC_X, PRIV_S), PMP_DENY);
    /* 8 bytes starting in the entry: only half of them match */
    assert_int_equal(pmp_range(h, 0x80000100, 8, ACC_R, PRIV_S), PMP_PARTIAL);
}

static void test_napot(void **state)
{
    struct hart *h = H(state);
    /* 4 KiB at 0x80002000 */
    pmp_write_addr(h, 0, napot(0x80002000, 0x1000));
    set_cfg(h, 0, A_NAPOT | R | X);
    assert_int_equal(pmp_range(h, 0x80002000, 8, ACC_X, PRIV_S), PMP_ALLOW);
    assert_int_equal(pmp_range(h, 0x80002ff8, 8, ACC_R, PRIV_U), PMP_ALLOW);
    assert_int_equal(pmp_range(h, 0x80003000, 8, ACC_R, PRIV_S), PMP_DENY);
    assert_int_equal(pmp_range(h, 0x80001ff8, 8, ACC_R, PRIV_S), PMP_DENY);
    assert_int_equal(pmp_range(h, 0x80002000, 8, ACC_W, PRIV_S), PMP_DENY);
    /* 8 bytes: the smallest NAPOT */
    pmp_write_addr(h, 1, napot(0x80004008, 8));
    set_cfg(h, 1, A_NAPOT | W | R);
    assert_int_equal(pmp_range(h, 0x80004008, 8, ACC_W, PRIV_S), PMP_ALLOW);
    assert_int_equal(pmp_range(h, 0x80004010, 1, ACC_W, PRIV_S), PMP_DENY);
    assert_int_equal(pmp_range(h, 0x80004000, 8, ACC_W, PRIV_S), PMP_DENY);
    /* 2 GiB at 0 */
    pmp_write_addr(h, 2, napot(0, 0x80000000));
    set_cfg(h, 2, A_NAPOT | R);
    assert_int_equal(pmp_range(h, 0x7ffffff8, 8, ACC_R, PRIV_S), PMP_ALLOW);
    assert_int_equal(pmp_range(h, 0x10000000, 1, ACC_R, PRIV_U), PMP_ALLOW);
    /* All ones: the whole address space */
    pmp_write_addr(h, 3, ~0ull);
    set_cfg(h, 3, A_NAPOT | R | W | X);
    assert_int_equal(pmp_range(h, 0xfffffffffffffff0ull, 8, ACC_W, PRIV_U), PMP_ALLOW);
    assert_int_equal(pmp_range(h, 0x80010000, 8, ACC_X, PRIV_U), PMP_ALLOW);
}

static void test_lowest_entry_wins(void **state)
{
    struct hart *h = H(state);
    /* entry 0: a 4 KiB read-only window inside entry 1's 64 KiB read-write one */
    pmp_write_addr(h, 0, napot(0x80004000, 0x1000));
    pmp_write_addr(h, 1, napot(0x80000000, 0x10000));
    set_cfg(h, 0, A_NAPOT | R);
    set_cfg(h, 1, A_NAPOT | R | W);
    assert_int_equal(pmp_range(h, 0x80004010, 8, ACC_W, PRIV_S), PMP_DENY);
    assert_int_equal(pmp_range(h, 0x80004010, 8, ACC_R, PRIV_S), PMP_ALLOW);
    assert_int_equal(pmp_range(h, 0x80005010, 8, ACC_W, PRIV_S), PMP_ALLOW);
    /* Reversed: the larger window now decides */
    pmp_write_addr(h, 0, napot(0x80000000, 0x10000));
    pmp_write_addr(h, 1, napot(0x80004000, 0x1000));
    set_cfg(h, 0, A_NAPOT | R | W);
    set_cfg(h, 1, A_NAPOT);
    assert_int_equal(pmp_range(h, 0x80004010, 8, ACC_W, PRIV_S), PMP_ALLOW);
}

static void test_partial_overlap(void **state)
{
    struct hart *h = H(state);
    pmp_write_addr(h, 0, napot(0x80001000, 0x1000));
    pmp_write_addr(h, 1, napot(0x80000000, 0x10000));
    set_cfg(h, 0, A_NAPOT | R | W);
    set_cfg(h, 1, A_NAPOT | R | W);
    /* straddles entry 0's end: entry 0 matches some bytes but not all */
    assert_int_equal(pmp_range(h, 0x80001ffc, 8, ACC_R, PRIV_S), PMP_PARTIAL);
    assert_int_equal(pmp_range(h, 0x80000ffc, 8, ACC_R, PRIV_S), PMP_PARTIAL);
    /* fully inside the larger entry, outside entry 0: fine */
    assert_int_equal(pmp_range(h, 0x80002ff8, 8, ACC_R, PRIV_S), PMP_ALLOW);
    /* partial is a failure in M-mode as well */
    assert_int_equal(pmp_range(h, 0x80001ffc, 8, ACC_R, PRIV_M), PMP_PARTIAL);
    /* a whole page that contains entry 0 (as the TLB fill asks) */
    assert_int_equal(pmp_range(h, 0x80001000, 0x2000, ACC_R, PRIV_S), PMP_PARTIAL);
}

static void test_s_mode_without_match_denied(void **state)
{
    struct hart *h = H(state);
    pmp_write_addr(h, 0, napot(0x80000000, 0x1000));
    set_cfg(h, 0, A_NAPOT | R | W | X);
    assert_int_equal(pmp_range(h, 0x80000000, 4, ACC_R, PRIV_S), PMP_ALLOW);
    assert_int_equal(pmp_range(h, 0x80100000, 4, ACC_R, PRIV_S), PMP_DENY);
    assert_int_equal(pmp_range(h, 0x80100000, 4, ACC_X, PRIV_U), PMP_DENY);
    /* M-mode with no match: allowed */
    assert_int_equal(pmp_range(h, 0x80100000, 4, ACC_W, PRIV_M), PMP_ALLOW);
}

/* ------------------------------------------------------------ M-mode, locks */

static void test_m_mode_and_lock(void **state)
{
    struct hart *h = H(state);
    pmp_write_addr(h, 0, napot(0x80000000, 0x1000));
    set_cfg(h, 0, A_NAPOT); /* no permissions, not locked */
    assert_int_equal(pmp_range(h, 0x80000000, 4, ACC_W, PRIV_M), PMP_ALLOW);
    assert_int_equal(pmp_range(h, 0x80000000, 4, ACC_W, PRIV_S), PMP_DENY);
    set_cfg(h, 0, A_NAPOT | L | R | X); /* locked: binds M too */
    assert_int_equal(pmp_range(h, 0x80000000, 4, ACC_R, PRIV_M), PMP_ALLOW);
    assert_int_equal(pmp_range(h, 0x80000000, 4, ACC_X, PRIV_M), PMP_ALLOW);
    assert_int_equal(pmp_range(h, 0x80000000, 4, ACC_W, PRIV_M), PMP_DENY);
    /* locked: later cfg and addr writes are ignored */
    set_cfg(h, 0, A_NAPOT | R | W | X);
    assert_int_equal(get_cfg(h, 0), A_NAPOT | L | R | X);
    pmp_write_addr(h, 0, napot(0x90000000, 0x1000));
    assert_int_equal(h->pmpaddr[0], napot(0x80000000, 0x1000));
    assert_int_equal(pmp_range(h, 0x80000000, 4, ACC_W, PRIV_M), PMP_DENY);
    /* through the CSRs too */
    assert_int_equal(csr_write(h, CSR_pmpcfg0, 0), 0);
    assert_int_equal(get_cfg(h, 0), A_NAPOT | L | R | X);
    assert_int_equal(csr_write(h, CSR_pmpaddr0, 0), 0);
    uint64_t v;
    assert_int_equal(csr_read(h, CSR_pmpaddr0, &v), 0);
    assert_int_equal(v, napot(0x80000000, 0x1000));
    /* the other entries in the same register stay writable */
    set_cfg(h, 1, A_NA4 | R);
    assert_int_equal(get_cfg(h, 1), A_NA4 | R);
    assert_int_equal(get_cfg(h, 0), A_NAPOT | L | R | X);
}

static void test_locked_tor_protects_previous_addr(void **state)
{
    struct hart *h = H(state);
    pmp_write_addr(h, 2, 0x80001000 >> 2);
    pmp_write_addr(h, 3, 0x80002000 >> 2);
    set_cfg(h, 3, A_TOR | L | R);
    /* pmpaddr2 is the bottom of locked entry 3: frozen, though entry 2 is not locked */
    pmp_write_addr(h, 2, 0x80000000 >> 2);
    assert_int_equal(h->pmpaddr[2], 0x80001000 >> 2);
    assert_int_equal(pmp_range(h, 0x80000800, 4, ACC_R, PRIV_M), PMP_ALLOW); /* not matched */
    assert_int_equal(pmp_range(h, 0x80001800, 4, ACC_W, PRIV_M), PMP_DENY);
    /* entry 2's cfg itself may still change */
    set_cfg(h, 2, A_NA4 | R);
    assert_int_equal(get_cfg(h, 2), A_NA4 | R);
    /* a locked NAPOT entry does not freeze the address below it */
    pmp_write_addr(h, 5, 0x1234);
    pmp_write_addr(h, 6, napot(0x80008000, 0x1000));
    set_cfg(h, 6, A_NAPOT | L | R);
    pmp_write_addr(h, 5, 0x5678);
    assert_int_equal(h->pmpaddr[5], 0x5678);
}

/* ------------------------------------------------------------ WARL */

static void test_cfg_warl(void **state)
{
    struct hart *h = H(state);
    /* W without R is reserved: legalised to no W */
    set_cfg(h, 0, A_NAPOT | W);
    assert_int_equal(get_cfg(h, 0) & (R | W), 0);
    assert_int_equal(get_cfg(h, 0) & (3u << 3), A_NAPOT);
    set_cfg(h, 1, A_TOR | W | X);
    assert_int_equal(get_cfg(h, 1), A_TOR | X);
    set_cfg(h, 2, A_TOR | W | R);
    assert_int_equal(get_cfg(h, 2), A_TOR | W | R);
    /* bits 5 and 6 are reserved and read zero */
    set_cfg(h, 3, 0x60 | R);
    assert_int_equal(get_cfg(h, 3), R);
    /* pmpcfg2 reaches entries 8-15, and odd pmpcfg registers do not exist on RV64 */
    assert_int_equal(csr_write(h, CSR_pmpcfg2, 0x1fu << 8), 0);
    assert_int_equal(h->pmpcfg[9], 0x1f);
    assert_int_equal(h->pmpcfg[1], A_TOR | X); /* unchanged */
    uint64_t v;
    assert_int_equal(csr_read(h, 0x3a1, &v), EXC_ILLEGAL);
    /* pmpaddr holds bits 55:2 of the address: 54 bits */
    pmp_write_addr(h, 4, ~0ull);
    assert_int_equal(h->pmpaddr[4], (1ull << 54) - 1);
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, test_machine_setup, test_machine_teardown)
    const struct CMUnitTest tests[] = {
        T(test_no_entries_allows_everything),
        T(test_tor),
        T(test_na4),
        T(test_napot),
        T(test_lowest_entry_wins),
        T(test_partial_overlap),
        T(test_s_mode_without_match_denied),
        T(test_m_mode_and_lock),
        T(test_locked_tor_protects_previous_addr),
        T(test_cfg_warl),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
