/* Checkpoints: every way RAM is written changes the state hash, the hash
 * does not depend on -m beyond what was touched, and untouched guest RAM is
 * never read (so it never becomes resident in the host). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include <cmocka.h>

#include "isa/riscv/cpu.h"
#include "replay/checkpoint.h"
#include "tests/unit/test_machine.h"

/* Host pages of guest RAM that are resident. */
static size_t resident_pages(struct machine *m)
{
    long hp = sysconf(_SC_PAGESIZE);
    size_t n = m->bus.ram_size / (size_t)hp;
    unsigned char *vec = malloc(n);
    assert_non_null(vec);
    assert_int_equal(mincore(m->bus.ram, m->bus.ram_size, vec), 0);
    size_t r = 0;
    for (size_t i = 0; i < n; i++)
        r += vec[i] & 1;
    free(vec);
    return r;
}

static void test_untouched_ram_is_never_read(void **state)
{
    (void)state;
    struct machine *m = test_machine_create_ram(1, 4ull << 30);
    struct ckpt *c = ckpt_create(m);
    assert_non_null(c);
    size_t before = resident_pages(m);
    ckpt_hash(c, m);
    ckpt_hash(c, m);
    /* The boot image and device tree are a few pages; 4 GiB were given. */
    size_t after = resident_pages(m);
    assert_true(after <= before + 16);
    assert_true(after < 1024);
    ckpt_destroy(c);
    machine_destroy(m);
}

/* The same guest activity gives the same hash whatever -m is, apart from
 * the RAM size itself (recorded as the number of regions). */
static void test_hash_changes_with_every_writer(void **state)
{
    (void)state;
    struct machine *m = test_machine_create_ram(1, 64ull << 20);
    struct ckpt *c = ckpt_create(m);
    uint64_t base = m->bus.ram_base;
    uint64_t h0 = ckpt_hash(c, m);
    assert_int_equal(ckpt_hash(c, m), h0); /* nothing written: same hash */

    /* A hart's store, through the bus. */
    assert_int_equal(bus_write(&m->bus, base + (40ull << 20), 8, 0x1234), 0);
    uint64_t h1 = ckpt_hash(c, m);
    assert_int_not_equal(h1, h0);

    /* Device DMA into a page never touched before. */
    uint8_t buf[100];
    memset(buf, 0xab, sizeof buf);
    assert_int_equal(bus_dma_write(&m->bus, base + (50ull << 20) + 4090, buf, sizeof buf), 0);
    uint64_t h2 = ckpt_hash(c, m);
    assert_int_not_equal(h2, h1);

    /* Writing zeros back gives the untouched hash again: a page's hash
     * depends on its contents, not on its history. */
    memset(buf, 0, sizeof buf);
    assert_int_equal(bus_dma_write(&m->bus, base + (50ull << 20) + 4090, buf, sizeof buf), 0);
    assert_int_equal(bus_write(&m->bus, base + (40ull << 20), 8, 0), 0);
    assert_int_equal(ckpt_hash(c, m), h0);

    /* A store through the hart's MMU (the TLB fast path marks the page on
     * fill; the checkpoint must see the store that follows the fill). */
    struct hart *h = &m->harts[0];
    uint64_t a = base + (30ull << 20);
    assert_int_equal(mmu_store(h, a, 8, 7), 0);
    uint64_t h3 = ckpt_hash(c, m);
    assert_int_not_equal(h3, h0);
    assert_int_equal(mmu_store(h, a + 8, 8, 9), 0); /* same page, after the checkpoint */
    assert_int_not_equal(ckpt_hash(c, m), h3);
    ckpt_destroy(c);
    machine_destroy(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_untouched_ram_is_never_read),
        cmocka_unit_test(test_hash_changes_with_every_writer),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
