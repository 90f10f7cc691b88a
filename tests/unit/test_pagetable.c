/* The debugger's page-table walker (isa/riscv/pagetable.c): one address
 * level by level, every mapping merged into runs, for Sv39 and Sv48 tables
 * built by hand — and that looking changes nothing (no A/D bits set). */
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
#include "isa/riscv/pagetable.h"
#include "isa/riscv/pte.h"
#include "tests/unit/test_machine.h"

#define LEAF(pa, flags) ((((uint64_t)(pa) >> 12) << 10) | (flags) | PTE_V)
#define PTR(pa) ((((uint64_t)(pa) >> 12) << 10) | PTE_V)

#define ROOT 0x80100000ull
#define L1   0x80101000ull
#define L0   0x80102000ull
#define L2   0x80103000ull /* Sv48's second level */

static struct machine *M(void **state) { return *state; }

static void set_pte(struct machine *m, uint64_t table, unsigned idx, uint64_t pte)
{
    assert_true(bus_is_ram(&m->bus, table + 8ull * idx, 8));
    memcpy(m->bus.ram + (table + 8ull * idx - m->bus.ram_base), &pte, 8);
}


/* An Sv39 table: three 4 KiB pages (two contiguous in both spaces with the
 * same flags, one with other flags), a 2 MiB page, a 1 GiB page, and a
 * high (sign-extended) kernel page. */
static void build_sv39(struct machine *m)
{
    set_pte(m, ROOT, 0, PTR(L1));
    set_pte(m, L1, 0, PTR(L0));
    set_pte(m, L0, 1, LEAF(0x80200000, PTE_R | PTE_W | PTE_U));
    set_pte(m, L0, 2, LEAF(0x80201000, PTE_R | PTE_W | PTE_U));
    set_pte(m, L0, 3, LEAF(0x80202000, PTE_R | PTE_X | PTE_U));
    set_pte(m, L1, 1, LEAF(0x80400000, PTE_R | PTE_W | PTE_A | PTE_D)); /* va 0x200000, 2 MiB */
    set_pte(m, ROOT, 2, LEAF(0x80000000, PTE_R | PTE_W | PTE_X));       /* va 0x80000000, 1 GiB */
    set_pte(m, ROOT, 511, PTR(L2));                                     /* va 0xffffffffc0000000 */
    set_pte(m, L2, 511, PTR(0x80104000));
    set_pte(m, 0x80104000, 511, LEAF(0x80203000, PTE_R));
    set_pte(m, L0, 9, PTE_W | PTE_V); /* reserved (W without R): not a mapping */
    m->harts[0].satp = 8ull << 60 | (ROOT >> 12);
    m->harts[0].priv = PRIV_S;
}

struct seen {
    uint64_t va[16], pa[16], size[16], flags[16];
    unsigned n;
};

static int collect(void *opaque, uint64_t va, uint64_t pa, uint64_t size, uint64_t flags)
{
    struct seen *s = opaque;
    assert_true(s->n < 16);
    s->va[s->n] = va, s->pa[s->n] = pa, s->size[s->n] = size, s->flags[s->n] = flags;
    s->n++;
    return 0;
}

static void test_walk_levels(void **state)
{
    struct machine *m = M(state);
    build_sv39(m);
    struct pt_walk w;
    pt_walk_va(&m->harts[0], 0x2abc, &w);
    assert_int_equal(w.levels, 3);
    assert_int_equal(w.n, 3);
    assert_true(w.mapped);
    assert_int_equal(w.pa, 0x80201abc);
    assert_int_equal(w.page_size, 4096);
    assert_int_equal(w.step[0].level, 2);
    assert_int_equal(w.step[0].pte_addr, ROOT);
    assert_int_equal(w.step[1].table, L1);
    assert_int_equal(w.step[2].table, L0);
    assert_int_equal(w.step[2].index, 2);
    assert_int_equal(w.step[2].pte_addr, L0 + 16);

    pt_walk_va(&m->harts[0], 0x80123456, &w); /* inside the 1 GiB page */
    assert_int_equal(w.n, 1);
    assert_true(w.mapped);
    assert_int_equal(w.pa, 0x80123456);
    assert_int_equal(w.page_size, 1ull << 30);

    pt_walk_va(&m->harts[0], 0x2fff00, &w); /* the 2 MiB page */
    assert_int_equal(w.n, 2);
    assert_int_equal(w.pa, 0x804fff00);

    pt_walk_va(&m->harts[0], 0xfffffffffffff008ull, &w);
    assert_true(w.mapped);
    assert_int_equal(w.pa, 0x80203008);

    pt_walk_va(&m->harts[0], 0x5000, &w); /* V clear at level 0 */
    assert_false(w.mapped);
    assert_int_equal(w.n, 3);
    assert_non_null(strstr(w.why, "invalid"));

    pt_walk_va(&m->harts[0], 0x9000, &w);
    assert_false(w.mapped);
    assert_non_null(strstr(w.why, "reserved"));

    pt_walk_va(&m->harts[0], 0x0000004000000000ull, &w); /* bit 38 set, 63:39 clear */
    assert_false(w.mapped);
    assert_int_equal(w.n, 0);
    assert_non_null(strstr(w.why, "canonical"));

    /* Looking sets no A or D bit. */
    uint64_t pte;
    memcpy(&pte, m->bus.ram + (L0 + 16 - m->bus.ram_base), 8);
    assert_int_equal(pte & (PTE_A | PTE_D), 0);
}

static void test_each_mapping(void **state)
{
    struct machine *m = M(state);
    build_sv39(m);
    struct seen s = {0};
    uint64_t runs = pt_each_mapping(&m->harts[0], collect, &s);
    assert_int_equal(runs, 5);
    assert_int_equal(s.n, 5);
    /* Pages 1 and 2 merge; page 3 differs in flags. */
    assert_int_equal(s.va[0], 0x1000);
    assert_int_equal(s.pa[0], 0x80200000);
    assert_int_equal(s.size[0], 0x2000);
    assert_int_equal(s.flags[0], PTE_V | PTE_R | PTE_W | PTE_U);
    assert_int_equal(s.va[1], 0x3000);
    assert_int_equal(s.size[1], 0x1000);
    assert_int_equal(s.va[2], 0x200000);
    assert_int_equal(s.size[2], 2ull << 20);
    assert_int_equal(s.va[3], 0x80000000);
    assert_int_equal(s.size[3], 1ull << 30);
    assert_int_equal(s.va[4], 0xfffffffffffff000ull);
    assert_int_equal(s.pa[4], 0x80203000);
    char fl[32];
    pt_flags_str(s.flags[0], fl);
    assert_string_equal(fl, "rw-u---");
    pt_flags_str(s.flags[2] | (1ull << 62), fl);
    assert_string_equal(fl, "rw---ad pbmt=2");
}

static void test_sv48_and_bare(void **state)
{
    struct machine *m = M(state);
    struct hart *h = &m->harts[0];
    assert_int_equal(pt_levels(h->satp), 0);
    struct pt_walk w;
    pt_walk_va(h, 0x1234, &w);
    assert_false(w.mapped);
    assert_int_equal(w.levels, 0);
    struct seen s = {0};
    assert_int_equal(pt_each_mapping(h, collect, &s), 0);
    assert_string_equal(pt_mode_name(h->satp), "bare");

    /* Sv48: va 0x0000_8000_0000_1000 (VPN3 = 1) through four levels. */
    set_pte(m, ROOT, 1, PTR(L2));
    set_pte(m, L2, 0, PTR(L1));
    set_pte(m, L1, 0, PTR(L0));
    set_pte(m, L0, 1, LEAF(0x80205000, PTE_R | PTE_X));
    h->satp = 9ull << 60 | (ROOT >> 12);
    assert_string_equal(pt_mode_name(h->satp), "sv48");
    pt_walk_va(h, 0x0000008000001010ull, &w);
    assert_int_equal(w.levels, 4);
    assert_int_equal(w.n, 4);
    assert_true(w.mapped);
    assert_int_equal(w.pa, 0x80205010);
    assert_int_equal(pt_each_mapping(h, collect, &s), 1);
    assert_int_equal(s.va[0], 0x0000008000001000ull);
}

static int setup(void **state)
{
    *state = test_machine_create_ram(1, 32ull << 20);
    return 0;
}

static int teardown(void **state)
{
    machine_destroy(*state);
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_walk_levels, setup, teardown),
        cmocka_unit_test_setup_teardown(test_each_mapping, setup, teardown),
        cmocka_unit_test_setup_teardown(test_sv48_and_bare, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
