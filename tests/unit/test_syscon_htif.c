/* The two ways a guest ends a run: the sifive,test finisher and HTIF. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>

#include "devices/htif.h"
#include "devices/syscon.h"
#include "tests/unit/fake_host.h"

#define TOHOST 0x80001000ull

/* ---------------------------------------------------------------- syscon */

struct sfix {
    struct fake_host f;
    struct device d;
};

static int syscon_setup(void **state)
{
    struct sfix *x = calloc(1, sizeof *x);
    struct dev_host h = fake_host_init(&x->f);
    struct syscon *s = syscon_create(&h);
    assert_non_null(s);
    syscon_device(s, 0x100000, &x->d);
    x->d.reset(x->d.state);
    *state = x;
    return 0;
}

static int syscon_teardown(void **state)
{
    struct sfix *x = *state;
    x->d.destroy(x->d.state);
    free(x);
    return 0;
}

static void test_syscon_poweroff(void **state)
{
    struct sfix *x = *state;
    assert_int_equal(x->d.size, 0x1000);
    dev_wr(&x->d, 0, 4, 0x5555);
    assert_int_equal(x->f.stops, 1);
    assert_int_equal(x->f.stop_kind, DEV_STOP_POWEROFF);
    assert_int_equal(x->f.stop_code, 0);
}

static void test_syscon_reboot(void **state)
{
    struct sfix *x = *state;
    dev_wr(&x->d, 0, 4, 0x7777);
    assert_int_equal(x->f.stops, 1);
    assert_int_equal(x->f.stop_kind, DEV_STOP_REBOOT);
}

static void test_syscon_fail_code(void **state)
{
    struct sfix *x = *state;
    dev_wr(&x->d, 0, 4, (42u << 16) | 0x3333);
    assert_int_equal(x->f.stops, 1);
    assert_int_equal(x->f.stop_kind, DEV_STOP_FAIL);
    assert_int_equal(x->f.stop_code, 42);
    dev_wr(&x->d, 0, 4, (0xffffu << 16) | 0x3333);
    assert_int_equal(x->f.stop_code, 0xffff);
}

static void test_syscon_ignores_others(void **state)
{
    struct sfix *x = *state;
    dev_wr(&x->d, 0, 4, 0x1234);
    dev_wr(&x->d, 0, 4, 0x5554);
    dev_wr(&x->d, 4, 4, 0x5555); /* wrong offset */
    dev_wr(&x->d, 0, 1, 0x55);
    assert_int_equal(x->f.stops, 0);
    assert_int_equal(dev_rd(&x->d, 0, 4), 0);
    dev_wr(&x->d, 0, 2, 0x5555); /* 16-bit store of the command */
    assert_int_equal(x->f.stops, 1);
}

/* ---------------------------------------------------------------- HTIF */

struct hfix {
    struct fake_host f;
    struct htif *h;
    struct device d;
};

static int htif_setup(void **state)
{
    struct hfix *x = calloc(1, sizeof *x);
    struct dev_host h = fake_host_init(&x->f);
    x->h = htif_create(&h);
    assert_non_null(x->h);
    htif_device(x->h, TOHOST, &x->d);
    x->d.reset(x->d.state);
    *state = x;
    return 0;
}

static int htif_teardown(void **state)
{
    struct hfix *x = *state;
    x->d.destroy(x->d.state);
    free(x);
    return 0;
}

static void test_htif_layout(void **state)
{
    struct hfix *x = *state;
    assert_int_equal(x->d.base, TOHOST);
    assert_int_equal(x->d.size, 16);
    assert_null(x->d.fdt_node);
    struct device other;
    assert_false(htif_fromhost_device(x->h, &other));
}

static void test_htif_pass(void **state)
{
    struct hfix *x = *state;
    dev_wr(&x->d, 0, 8, 1);
    assert_int_equal(x->f.stops, 1);
    assert_int_equal(x->f.stop_kind, DEV_STOP_POWEROFF);
}

static void test_htif_fail(void **state)
{
    struct hfix *x = *state;
    dev_wr(&x->d, 0, 8, (21u << 1) | 1);
    assert_int_equal(x->f.stops, 1);
    assert_int_equal(x->f.stop_kind, DEV_STOP_FAIL);
    assert_int_equal(x->f.stop_code, 21);
}

static void test_htif_putchar(void **state)
{
    struct hfix *x = *state;
    uint64_t cmd = 1ull << 56 | 1ull << 48;
    dev_wr(&x->d, 0, 8, cmd | 'h');
    dev_wr(&x->d, 0, 8, cmd | 'i');
    assert_int_equal(x->f.nout, 2);
    assert_memory_equal(x->f.out, "hi", 2);
    assert_int_equal(x->f.stops, 0);
    /* The front end took the command and acknowledged it. */
    assert_int_equal(dev_rd(&x->d, 0, 8), 0);
    uint64_t fh = dev_rd(&x->d, 8, 8);
    assert_int_equal(fh >> 56, 1);
    assert_int_equal((fh >> 48) & 0xff, 1);
    dev_wr(&x->d, 8, 8, 0); /* the guest clears it */
    assert_int_equal(dev_rd(&x->d, 8, 8), 0);
}

static void test_htif_split_store(void **state)
{
    struct hfix *x = *state;
    /* A 32-bit guest: the command acts only once its high half is written. */
    dev_wr(&x->d, 0, 4, 'z');
    assert_int_equal(x->f.nout, 0);
    assert_int_equal(dev_rd(&x->d, 0, 8), 'z');
    dev_wr(&x->d, 4, 4, 0x01010000);
    assert_int_equal(x->f.nout, 1);
    assert_int_equal(x->f.out[0], 'z');
}

static void test_htif_other_commands_do_not_stop(void **state)
{
    struct hfix *x = *state;
    dev_wr(&x->d, 0, 8, 0x80002000); /* a syscall block pointer (even) */
    dev_wr(&x->d, 0, 8, 1ull << 56); /* console read request */
    assert_int_equal(x->f.stops, 0);
    assert_int_equal(x->f.nout, 0);
    assert_int_equal(dev_rd(&x->d, 0, 8), 0); /* taken all the same */
}

static void test_htif_fromhost_elsewhere(void **state)
{
    (void)state;
    struct fake_host f;
    struct dev_host host = fake_host_init(&f);
    struct htif *h = htif_create(&host);
    struct device dt, df;
    htif_set_fromhost(h, TOHOST + 64); /* the riscv-tests layout */
    htif_device(h, TOHOST, &dt);
    assert_int_equal(dt.size, 8);
    assert_true(htif_fromhost_device(h, &df));
    assert_int_equal(df.base, TOHOST + 64);
    assert_int_equal(df.size, 8);
    dt.reset(dt.state);

    dev_wr(&dt, 0, 8, 1ull << 56 | 1ull << 48 | '!');
    assert_int_equal(f.nout, 1);
    assert_int_equal(dev_rd(&df, 0, 8) >> 56, 1);
    dev_wr(&df, 0, 8, 0);
    assert_int_equal(dev_rd(&df, 0, 8), 0);

    df.destroy(df.state); /* shares the state: must not free it */
    dt.destroy(dt.state);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_syscon_poweroff, syscon_setup, syscon_teardown),
        cmocka_unit_test_setup_teardown(test_syscon_reboot, syscon_setup, syscon_teardown),
        cmocka_unit_test_setup_teardown(test_syscon_fail_code, syscon_setup, syscon_teardown),
        cmocka_unit_test_setup_teardown(test_syscon_ignores_others, syscon_setup, syscon_teardown),
        cmocka_unit_test_setup_teardown(test_htif_layout, htif_setup, htif_teardown),
        cmocka_unit_test_setup_teardown(test_htif_pass, htif_setup, htif_teardown),
        cmocka_unit_test_setup_teardown(test_htif_fail, htif_setup, htif_teardown),
        cmocka_unit_test_setup_teardown(test_htif_putchar, htif_setup, htif_teardown),
        cmocka_unit_test_setup_teardown(test_htif_split_store, htif_setup, htif_teardown),
        cmocka_unit_test_setup_teardown(test_htif_other_commands_do_not_stop, htif_setup,
                                        htif_teardown),
        cmocka_unit_test(test_htif_fromhost_elsewhere),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
