/* The fetch cache (mmu_fetch_cached): a fetch from a new page reuses an
 * earlier walk only while the walk would give the same page, so a PTE
 * edited without sfence.vma — by the guest's own store, by DMA, by a
 * debugger — is still seen at the next page crossing, as it was before
 * the cache, under both engines.
 *
 * S-mode code at VA 0 jumps to VA 0x1000 and back, forever; VA 0x1000 maps
 * one of two physical pages, whose code adds 1 or 100 to a0.  Page A's code
 * can also rewrite the PTE itself (a store), when a1 says so. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "isa/riscv/cpu.h"
#include "isa/riscv/pte.h"
#include <stdlib.h>
#include <unistd.h>

#include "core/machine.h"

#define ROOT 0x80100000ull
#define L1 0x80101000ull
#define L0 0x80102000ull
#define CODE_A 0x80200000ull
#define CODE_B1 0x80201000ull /* addi a0, a0, 1 */
#define CODE_B2 0x80202000ull /* addi a0, a0, 100 */
#define LEAF(pa) ((((pa) >> 12) << 10) | PTE_V | PTE_R | PTE_X | PTE_A | PTE_W | PTE_D)

static uint32_t jal0(int32_t off)
{
    uint32_t u = (uint32_t)off;
    return ((u >> 20) & 1) << 31 | ((u >> 1) & 0x3ff) << 21 | ((u >> 11) & 1) << 20 |
           ((u >> 12) & 0xff) << 12 | 0x6f;
}
static uint32_t addi(unsigned rd, unsigned rs, int32_t imm)
{
    return (uint32_t)imm << 20 | rs << 15 | rd << 7 | 0x13;
}

static void put32(struct machine *m, uint64_t pa, uint32_t v) { assert_int_equal(bus_dma_write(&m->bus, pa, &v, 4), 0); }
static void put64(struct machine *m, uint64_t pa, uint64_t v) { assert_int_equal(bus_dma_write(&m->bus, pa, &v, 8), 0); }

static struct machine *setup_machine(const char *engine)
{
    struct machine_config cfg;
    machine_config_defaults(&cfg);
    cfg.ram_size = 32ull << 20;
    cfg.nharts = 1;
    cfg.bios_kind = BIOS_NONE;
    cfg.engine = engine;
    /* A one-instruction image to boot; the code is written below. */
    char err[MACHINE_ERR_LEN];
    char path[] = "/tmp/rewind-test-fetch-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    static const uint32_t prog[] = {0x0000006f};
    assert_int_equal(write(fd, prog, sizeof prog), (ssize_t)sizeof prog);
    close(fd);
    cfg.kernel_path = path;
    struct machine *m = machine_create(&cfg, NULL, err);
    unlink(path);
    if (!m)
        fail_msg("%s", err);
    put64(m, ROOT, ((L1 >> 12) << 10) | PTE_V);
    put64(m, L1, ((L0 >> 12) << 10) | PTE_V);
    put64(m, L0 + 0, LEAF(CODE_A));
    put64(m, L0 + 8, LEAF(CODE_B1));
    put64(m, L0 + 16, LEAF(L0)); /* VA 0x2000: the table itself, for the guest's store */
    /* Page A: if a1 != 0: sd a1, 8(t0) (t0 = 0x2000: L0[1]); then to B. */
    put32(m, CODE_A + 0, 0x00058663);          /* beq a1, zero, +12 */
    put32(m, CODE_A + 4, 0x00b2b423);          /* sd a1, 8(t0) */
    put32(m, CODE_A + 8, addi(11, 0, 0));      /* li a1, 0 */
    put32(m, CODE_A + 12, jal0(0x1000 - 12));  /* j 0x1000 */
    put32(m, CODE_B1 + 0, addi(10, 10, 1));
    put32(m, CODE_B1 + 4, jal0(-0x1004));
    put32(m, CODE_B2 + 0, addi(10, 10, 100));
    put32(m, CODE_B2 + 4, jal0(-0x1004));
    struct hart *h = &m->harts[0];
    /* S-mode may fetch anywhere: one PMP entry covering all of memory. */
    assert_int_equal(csr_write(h, CSR_pmpaddr0, ~0ull >> 10), 0);
    assert_int_equal(csr_write(h, CSR_pmpcfg0, 0x1f), 0); /* NAPOT, RWX */
    assert_int_equal(csr_write(h, CSR_satp, (8ull << 60) | (ROOT >> 12)), 0);
    hart_set_priv(h, PRIV_S);
    h->pc = 0;
    h->x[5] = 0x2000;
    h->x[10] = h->x[11] = 0;
    return m;
}

/* a0 after `steps` more steps (a round is beq, j, addi, j: 4 steps). */
static uint64_t run_for(struct machine *m, uint64_t steps)
{
    assert_int_equal(machine_run(m, steps), MSTOP_BUDGET);
    assert_int_equal(m->harts[0].ntraps, 0);
    return m->harts[0].x[10];
}

static void check_engine(const char *engine)
{
    struct machine *m = setup_machine(engine);
    uint64_t a = run_for(m, 4000);
    assert_true(a >= 900 && a <= 1100); /* +1 per round */
    /* DMA rewrites the PTE, no sfence: the next crossing into B sees B2. */
    put64(m, L0 + 8, LEAF(CODE_B2));
    uint64_t b = run_for(m, 4000);
    assert_true(b - a >= 900 * 100); /* every round added 100 */
    /* The guest's own store puts B1 back (a1 = the PTE), no sfence. */
    m->harts[0].x[11] = LEAF(CODE_B1);
    uint64_t c = run_for(m, 4000);
    assert_true(c - b < 1000 + 200); /* at most one more +100 round */
    assert_int_equal(m->harts[0].x[11], 0);
    machine_destroy(m);
}

static void test_interp(void **state) { (void)state; check_engine("interp"); }
static void test_jit(void **state) { (void)state; check_engine("jit"); }

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_interp),
        cmocka_unit_test(test_jit),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
