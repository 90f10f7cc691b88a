/* Debugger breakpoints (machine_set_breakpoints) stop the machine exactly
 * where a check before every instruction would: the engine's fast paths
 * reach instructions without checking, so this compares every stop with a
 * reference that knows nothing of how breakpoints are implemented.
 *
 * The guest (tests/unit/guests/breakpoints.S) reaches its instructions in
 * every way the interpreter has: calls in and across pages, taken branches,
 * compressed code, code it rewrites, an instruction across a page boundary,
 * the boot ROM, timer interrupts, and S-mode code in a page that each ecall
 * maps to another physical page, while the page is also mapped at a second
 * virtual address.  Breakpoints are virtual pcs: one at the second mapping
 * must not fire for the first, nor one at the physical address. */
#include <libgen.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "core/loader.h"
#include "core/machine.h"
#include "isa/riscv/cpu.h"

#define S_VA 0x10000ull    /* the guest's remapped S-mode page */
#define S_ALIAS 0x20000ull /* the same code, always the first page */
#define S_LOOP 0x008       /* offsets in it (see the guest) */
#define S_AFTER_ECALL 0x01c
#define S_BACK 0x100
#define QUARTER 100000ull  /* steps in each quarter of a run */
#define MAX_STOPS 200000

static char guest[4096];

struct syms {
    const char *want[16];
    uint64_t addr[16];
};

static int sym_cb(void *opaque, const Elf64_Sym *sym, const char *name)
{
    struct syms *s = opaque;
    for (unsigned i = 0; s->want[i]; i++)
        if (strcmp(name, s->want[i]) == 0)
            s->addr[i] = sym->st_value;
    return 0;
}

/* The breakpoint sets of the four quarters of a run: a set, another that
 * keeps some of it and adds more, none, the first again. */
struct bp_sets {
    uint64_t pcs[3][16];
    unsigned n[3];
    unsigned never[3]; /* the last never[k] of set k are never executed */
};

static const uint64_t *quarter_set(const struct bp_sets *b, uint64_t pos, unsigned *n)
{
    static const int which[4] = {0, 1, 2, 0};
    int k = which[pos / QUARTER < 4 ? pos / QUARTER : 3];
    *n = b->n[k];
    return b->pcs[k];
}

static void make_sets(struct bp_sets *b)
{
    struct syms s = {.want = {"bp_near", "bp_far", "bp_inner", "bp_c", "bp_smc", "bp_cross",
                              "bp_after_cross", "bp_mtrap", "bp_irq", "bp_s_done", "spage_x",
                              "outer", NULL}};
    uint8_t *data;
    size_t size;
    char err[256];
    assert_int_equal(loader_read_file(guest, 1 << 20, &data, &size, err, sizeof err), 0);
    loader_elf_symbols(data, size, sym_cb, &s);
    free(data);
    for (unsigned i = 0; s.want[i]; i++)
        if (!s.addr[i])
            fail_msg("%s: no symbol %s", guest, s.want[i]);
    uint64_t *a = s.addr;
    const uint64_t first[] = {
        a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[8], a[9],
        VIRT_BOOTROM_BASE + 8,                 /* csrr a0, mhartid: uncached */
        S_VA + S_LOOP, S_VA + S_AFTER_ECALL,   /* in both pages mapped there */
        S_VA + S_BACK,                         /* never: that code runs at S_ALIAS */
        a[10] + S_LOOP,                        /* never: the physical address */
    };
    const uint64_t second[] = {
        a[3], S_VA + S_LOOP,                   /* kept */
        a[11], a[4] + 4, a[8] + 4,             /* new */
        S_ALIAS + S_LOOP, S_ALIAS + S_BACK,    /* only through the alias */
        a[10] + S_BACK,                        /* never */
    };
    memset(b, 0, sizeof *b);
    b->n[0] = sizeof first / sizeof first[0];
    memcpy(b->pcs[0], first, sizeof first);
    b->n[1] = sizeof second / sizeof second[0];
    memcpy(b->pcs[1], second, sizeof second);
    b->never[0] = 2;
    b->never[1] = 1;
}

static bool in_set(const uint64_t *pcs, unsigned n, uint64_t pc)
{
    for (unsigned i = 0; i < n; i++)
        if (pcs[i] == pc)
            return true;
    return false;
}

static struct machine *boot(unsigned nharts, uint64_t chaos)
{
    struct machine_config cfg;
    machine_config_defaults(&cfg);
    cfg.ram_size = 32ull << 20;
    cfg.nharts = nharts;
    cfg.bios_kind = BIOS_NONE;
    cfg.kernel_path = guest;
    if (chaos) {
        cfg.quantum = 40; /* quanta of 1 to 80 steps: harts switch anywhere */
        cfg.chaos_seed = chaos;
    }
    char err[MACHINE_ERR_LEN] = "";
    struct machine *m = machine_create(&cfg, NULL, err);
    if (!m)
        fail_msg("machine_create(%s): %s", guest, err);
    return m;
}

struct stop {
    uint64_t pos, pc;
    unsigned hart;
};

/* The reference: one step at a time with no breakpoint set.  A stop is due
 * at position P when the hart that takes step P is at a breakpoint and the
 * step does not take an interrupt (interrupts come before the check). */
static size_t reference_stops(struct machine *m, const struct bp_sets *b, struct stop *out)
{
    size_t n = 0;
    while (m->steps < 4 * QUARTER) {
        uint64_t pos = m->steps, pc[MACHINE_MAX_HARTS], st[MACHINE_MAX_HARTS],
                 nt[MACHINE_MAX_HARTS];
        for (unsigned i = 0; i < m->nharts; i++) {
            pc[i] = m->harts[i].pc;
            st[i] = m->harts[i].steps;
            nt[i] = m->harts[i].ntraps;
        }
        assert_int_equal(machine_run(m, 1), MSTOP_BUDGET);
        unsigned who = MACHINE_MAX_HARTS;
        for (unsigned i = 0; i < m->nharts; i++)
            if (m->harts[i].steps != st[i]) {
                assert_int_equal(who, MACHINE_MAX_HARTS); /* one hart took the step */
                who = i;
            }
        assert_true(who < m->nharts);
        const struct hart *h = &m->harts[who];
        bool irq = h->ntraps != nt[who] && (h->mcause >> 63);
        unsigned nset;
        const uint64_t *set = quarter_set(b, pos, &nset);
        if (!irq && in_set(set, nset, pc[who])) {
            assert_true(n < MAX_STOPS);
            out[n++] = (struct stop){pos, pc[who], who};
        }
    }
    return n;
}

/* The run under test: long runs with the quarter's breakpoints set; after
 * each stop, on past it (skip_at), as a debugger's continue does. */
static size_t breakpoint_stops(struct machine *m, const struct bp_sets *b, struct stop *out)
{
    size_t n = 0;
    for (uint64_t q = 0; q < 4; q++) {
        unsigned nset;
        const uint64_t *set = quarter_set(b, q * QUARTER, &nset);
        assert_int_equal(m->steps, q * QUARTER);
        assert_int_equal(machine_set_breakpoints(m, set, nset, UINT64_MAX), 0);
        while (m->steps < (q + 1) * QUARTER) {
            enum machine_stop r = machine_run(m, (q + 1) * QUARTER - m->steps);
            if (r == MSTOP_BUDGET)
                continue;
            assert_int_equal(r, MSTOP_BREAKPOINT);
            unsigned who = m->next_hart; /* the hart that stopped */
            assert_true(in_set(set, nset, m->harts[who].pc));
            assert_true(n < MAX_STOPS);
            out[n++] = (struct stop){m->steps, m->harts[who].pc, who};
            assert_int_equal(machine_set_breakpoints(m, set, nset, m->steps), 0);
        }
    }
    assert_int_equal(machine_set_breakpoints(m, NULL, 0, 0), 0);
    return n;
}

static void same_state(const struct machine *a, const struct machine *b)
{
    assert_int_equal(a->steps, b->steps);
    for (unsigned i = 0; i < a->nharts; i++) {
        assert_int_equal(a->harts[i].pc, b->harts[i].pc);
        assert_memory_equal(a->harts[i].x, b->harts[i].x, 32 * sizeof(uint64_t));
    }
}

static void check_stops(unsigned nharts, uint64_t chaos)
{
    struct bp_sets b;
    make_sets(&b);
    struct stop *want = calloc(MAX_STOPS, sizeof *want), *got = calloc(MAX_STOPS, sizeof *got);
    assert_non_null(want);
    assert_non_null(got);
    struct machine *ref = boot(nharts, chaos), *m = boot(nharts, chaos);
    size_t nwant = reference_stops(ref, &b, want);
    size_t ngot = breakpoint_stops(m, &b, got);
    for (size_t i = 0; i < nwant && i < ngot; i++)
        if (want[i].pos != got[i].pos || want[i].hart != got[i].hart)
            fail_msg("stop %zu: at %llu on hart %u, the reference at %llu on hart %u", i,
                     (unsigned long long)got[i].pos, got[i].hart,
                     (unsigned long long)want[i].pos, want[i].hart);
    assert_int_equal(ngot, nwant);
    same_state(ref, m);

    /* The premise: every breakpoint fired, on every hart, but those that
     * must not. */
    for (unsigned k = 0; k < 2; k++)
        for (unsigned j = 0; j < b.n[k]; j++)
            for (unsigned hart = 0; hart < nharts; hart++) {
                size_t hits = 0;
                for (size_t i = 0; i < nwant; i++)
                    hits += want[i].pc == b.pcs[k][j] && want[i].hart == hart;
                if ((hits == 0) != (j >= b.n[k] - b.never[k]))
                    fail_msg("set %u: %zu hits at 0x%llx on hart %u", k, hits,
                             (unsigned long long)b.pcs[k][j], hart);
            }
    free(want);
    free(got);
    machine_destroy(ref);
    machine_destroy(m);
}

static void test_one_hart(void **state)
{
    (void)state;
    check_stops(1, 0);
}

static void test_two_harts(void **state)
{
    (void)state;
    check_stops(2, 0x5eed);
}

int main(int argc, char **argv)
{
    (void)argc;
    /* BUILD/tests/test_breakpoints -> BUILD/tests/guests/breakpoints.elf */
    char self[2048];
    snprintf(self, sizeof self, "%s", argv[0]);
    snprintf(guest, sizeof guest, "%s/guests/breakpoints.elf", dirname(self));
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_one_hart),
        cmocka_unit_test(test_two_harts),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
