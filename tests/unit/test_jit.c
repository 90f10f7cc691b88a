/* The JIT against the interpreter: two machines, one per engine, booted
 * from the same kernel and run by the same sequence of budgets, must be in
 * the same state (every hart, every device, all of RAM) after each run.
 * Budgets are drawn small (1-80 steps: they end inside blocks of every
 * kind, the last steps go to the interpreter) and large (whole quanta,
 * chained blocks, interrupts).  The guests cover what changes code under
 * a translation: tests/unit/guests/jit_code.S rewrites the instruction
 * after its own store, and the test rewrites another by DMA between runs;
 * breakpoints.S remaps its code page, aliases it and crosses pages. */
#include <libgen.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include <xxhash.h>

#include "core/loader.h"
#include "core/machine.h"
#include "core/machine_state.h"
#include "isa/riscv/cpu.h"
#include "isa/riscv/jit.h"

static char dir[2048];

static struct machine *boot(const char *kernel, unsigned nharts, const char *engine, const char *disk)
{
    struct machine_config cfg;
    machine_config_defaults(&cfg);
    cfg.ram_size = 64ull << 20;
    cfg.nharts = nharts;
    cfg.bios_kind = BIOS_NONE;
    cfg.kernel_path = kernel;
    cfg.engine = engine;
    if (disk) {
        cfg.drives[0].path = disk;
        cfg.ndrives = 1;
    }
    char err[MACHINE_ERR_LEN] = "";
    struct machine *m = machine_create(&cfg, NULL, err);
    if (!m)
        fail_msg("machine_create(%s, %s): %s", kernel, engine, err);
    return m;
}

/* The two machines must agree on everything; `what` names the moment. */
static void assert_same(struct machine *a, struct machine *b, const char *what)
{
    if (a->steps != b->steps)
        fail_msg("%s: interp at step %llu, jit at %llu", what, (unsigned long long)a->steps,
                 (unsigned long long)b->steps);
    for (unsigned i = 0; i < a->nharts; i++) {
        struct hart *x = &a->harts[i], *y = &b->harts[i];
        if (x->pc != y->pc || x->steps != y->steps || memcmp(x->x, y->x, 32 * 8) != 0)
            fail_msg("%s: hart %u differs: pc %#llx/%#llx steps %llu/%llu", what, i,
                     (unsigned long long)x->pc, (unsigned long long)y->pc,
                     (unsigned long long)x->steps, (unsigned long long)y->steps);
    }
    struct sbuf sa, sb;
    sbuf_init(&sa);
    sbuf_init(&sb);
    machine_state_save(a, &sa);
    machine_state_save(b, &sb);
    assert_false(sa.oom || sb.oom);
    if (sa.len != sb.len || memcmp(sa.data, sb.data, sa.len) != 0)
        fail_msg("%s: machine state images differ", what);
    sbuf_free(&sa);
    sbuf_free(&sb);
    if (XXH3_64bits(a->bus.ram, a->bus.ram_size) != XXH3_64bits(b->bus.ram, b->bus.ram_size))
        fail_msg("%s: RAM differs", what);
}

static uint64_t next_rand(uint64_t *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 7;
    *s ^= *s << 17;
    return *s;
}

/* Run both machines through `runs` budgets; returns the JIT's counters. */
static struct jit_stats run_pair(struct machine *a, struct machine *b, unsigned runs, uint64_t seed,
                                 void (*between)(struct machine *m, unsigned run))
{
    char what[128];
    for (unsigned r = 0; r < runs; r++) {
        uint64_t x = next_rand(&seed);
        uint64_t budget = (x & 1) ? 1 + (x >> 8) % 80 : 1 + (x >> 8) % 30000;
        if (between) {
            between(a, r);
            between(b, r);
        }
        enum machine_stop sa = machine_run(a, budget), sb = machine_run(b, budget);
        snprintf(what, sizeof what, "run %u (budget %llu)", r, (unsigned long long)budget);
        if (sa != sb)
            fail_msg("%s: interp stopped with %d, jit with %d", what, sa, sb);
        if (r % 8 == 7 || r == runs - 1 || sa != MSTOP_BUDGET)
            assert_same(a, b, what);
        if (sa != MSTOP_BUDGET && sa != MSTOP_IDLE)
            break;
    }
    return jit_stats(b);
}

static void pair_of(const char *kernel, unsigned nharts, unsigned runs, uint64_t seed,
                    struct jit_stats *st)
{
    char path[2300];
    snprintf(path, sizeof path, "%s/%s", dir, kernel);
    struct machine *a = boot(path, nharts, "interp", NULL);
    struct machine *b = boot(path, nharts, "jit", NULL);
    *st = run_pair(a, b, runs, seed, NULL);
    machine_destroy(a);
    machine_destroy(b);
}

/* Most steps of a CPU-bound kernel run in translated code. */
static void test_course_three_harts(void **state)
{
    (void)state;
    struct jit_stats st;
    pair_of("../examples/course-bench.elf", 3, 600, 0x1234567, &st);
    assert_true(st.blocks > 50);
    assert_true(st.chained > 0);
}

static void test_tasks_and_timer(void **state)
{
    (void)state;
    struct jit_stats st;
    pair_of("../examples/tasks.elf", 1, 500, 0xfeed, &st);
    assert_true(st.blocks > 10);
    pair_of("../examples/timer.elf", 1, 300, 0xbeef, &st);
    assert_true(st.blocks > 10);
}

static void test_bench_mostly_translated(void **state)
{
    (void)state;
    char path[2300];
    snprintf(path, sizeof path, "%s/../examples/bench.elf", dir);
    struct machine *a = boot(path, 1, "interp", NULL);
    struct machine *b = boot(path, 1, "jit", NULL);
    struct jit_stats st = run_pair(a, b, 400, 0xabcdef, NULL);
    /* The bench kernel is plain integer code: the interpreter takes only
     * what the budgets leave it (the ends of small budgets) and the boot. */
    assert_true(st.interp_steps * 4 < b->steps);
    machine_destroy(a);
    machine_destroy(b);
}

static void test_remapped_code(void **state)
{
    (void)state;
    struct jit_stats st;
    pair_of("guests/breakpoints.elf", 2, 800, 0x77, &st);
    assert_true(st.blocks > 10);
    assert_true(st.invalidated > 0); /* the loop rewrites an instruction */
}

/* A code buffer that fills up every few thousand blocks: the cache is
 * emptied and translation starts over, in the middle of chains. */
static void test_small_code_buffer(void **state)
{
    (void)state;
    char path[2300];
    snprintf(path, sizeof path, "%s/../examples/course-bench.elf", dir);
    struct machine *a = boot(path, 3, "interp", NULL);
    struct machine *b = boot(path, 3, "jit", NULL);
    assert_int_equal(jit_set_code_size(b, 64 << 10), 0);
    assert_int_equal(jit_set_code_size(b, 64 << 10), -1); /* only before first use */
    struct jit_stats st = run_pair(a, b, 300, 0x99, NULL);
    assert_true(st.flushes >= 3);
    machine_destroy(a);
    machine_destroy(b);
}

static uint64_t sym(const char *elf, const char *name);

/* jit_code.S: its own store rewrites the next instruction; between runs
 * the test rewrites `dma_target` as a device would. */
static uint64_t dma_target;
static void dma_rewrite(struct machine *m, unsigned run)
{
    if (run % 5 != 4)
        return;
    /* addi a0, a0, imm with imm = 1 + run % 7 */
    uint32_t imm = 1 + run % 7;
    uint32_t insn = 0x00050513u | imm << 20;
    assert_int_equal(bus_dma_write(&m->bus, dma_target, &insn, 4), 0);
}

static void test_code_written(void **state)
{
    (void)state;
    char path[2300];
    snprintf(path, sizeof path, "%s/guests/jit_code.elf", dir);
    dma_target = sym(path, "dma_target");
    uint64_t results = sym(path, "results");
    struct machine *a = boot(path, 1, "interp", NULL);
    struct machine *b = boot(path, 1, "jit", NULL);
    struct jit_stats st = run_pair(a, b, 400, 0x5151, dma_rewrite);
    assert_true(st.invalidated > 100);
    /* The rewritten instructions took effect: a2 grew by 1 and 100 in
     * turn (not 1 each time, as the first translation would have it). */
    uint64_t r[3];
    assert_int_equal(bus_dma_read(&b->bus, results, r, sizeof r), 0);
    uint64_t passes = r[1];
    print_message("passes %llu a0 %llu a2 %llu\n", (unsigned long long)r[1], (unsigned long long)r[0], (unsigned long long)r[2]);
    assert_true(passes > 1000);
    assert_true(r[2] >= passes / 2 * 101 - 200 && r[2] <= passes / 2 * 101 + 200);
    assert_true(r[0] > passes); /* the DMA made some passes add more than 1 */
    machine_destroy(a);
    machine_destroy(b);
}

static int sym_cb(void *opaque, const Elf64_Sym *s, const char *name)
{
    struct { const char *want; uint64_t addr; } *q = opaque;
    if (strcmp(name, q->want) == 0)
        q->addr = s->st_value;
    return 0;
}

static uint64_t sym(const char *elf, const char *name)
{
    struct { const char *want; uint64_t addr; } q = {name, 0};
    uint8_t *data;
    size_t size;
    char err[256];
    assert_int_equal(loader_read_file(elf, 1 << 20, &data, &size, err, sizeof err), 0);
    loader_elf_symbols(data, size, sym_cb, &q);
    free(data);
    if (!q.addr)
        fail_msg("%s: no symbol %s", elf, name);
    return q.addr;
}

int main(int argc, char **argv)
{
    (void)argc;
    char self[2048];
    snprintf(self, sizeof self, "%s", argv[0]);
    snprintf(dir, sizeof dir, "%s", dirname(self));
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_course_three_harts),
        cmocka_unit_test(test_tasks_and_timer),
        cmocka_unit_test(test_bench_mostly_translated),
        cmocka_unit_test(test_remapped_code),
        cmocka_unit_test(test_code_written),
        cmocka_unit_test(test_small_code_buffer),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
