/* Goldfish RTC: the seed is pulled once, at the first access; time follows
 * virtual time; guest writes move it; the alarm and its deadline. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>

#include <libfdt.h>

#include "devices/goldfish_rtc.h"
#include "tests/unit/fake_host.h"

#define BASE 0x101000ull
#define IRQ 11
#define SEED 0x1700000123456789ull /* ns since the epoch, late 2019 */

enum {
    TIME_LOW = 0x00, TIME_HIGH = 0x04, ALARM_LOW = 0x08, ALARM_HIGH = 0x0c,
    IRQ_ENABLED = 0x10, CLEAR_ALARM = 0x14, ALARM_STATUS = 0x18, CLEAR_INTERRUPT = 0x1c,
};

struct fixture {
    struct fake_host f;
    struct goldfish_rtc *r;
    struct device d;
    uint8_t seed[8];
};

static int setup(void **state)
{
    struct fixture *x = calloc(1, sizeof *x);
    struct dev_host h = fake_host_init(&x->f);
    for (int i = 0; i < 8; i++)
        x->seed[i] = (uint8_t)(SEED >> (8 * i));
    fake_host_set_input(&x->f, x->seed, 8);
    x->r = goldfish_rtc_create(&h, fake_irq_line(&x->f, IRQ));
    assert_non_null(x->r);
    goldfish_rtc_device(x->r, BASE, &x->d);
    x->d.reset(x->d.state);
    *state = x;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *x = *state;
    x->d.destroy(x->d.state);
    free(x);
    return 0;
}

static uint32_t rd(struct fixture *x, unsigned off)
{
    return (uint32_t)dev_rd(&x->d, off, 4);
}

static void wr(struct fixture *x, unsigned off, uint32_t v)
{
    dev_wr(&x->d, off, 4, v);
}

static uint64_t rtc_time(struct fixture *x)
{
    uint64_t lo = rd(x, TIME_LOW);
    return (uint64_t)rd(x, TIME_HIGH) << 32 | lo;
}

static void test_seed_pulled_once_lazily(void **state)
{
    struct fixture *x = *state;
    x->f.now = 12345;
    goldfish_rtc_update(x->r);
    assert_int_equal(goldfish_rtc_next_deadline(x->r), UINT64_MAX);
    assert_int_equal(x->f.pulls[DEV_INPUT_RTC], 0); /* no guest access yet */
    assert_int_equal(rtc_time(x), SEED); /* reads the seed at its own position */
    assert_int_equal(x->f.pulls[DEV_INPUT_RTC], 1);
    for (int i = 0; i < 10; i++) {
        x->f.now += 7;
        rtc_time(x);
        wr(x, IRQ_ENABLED, 0);
    }
    assert_int_equal(x->f.pulls[DEV_INPUT_RTC], 1);
    assert_int_equal(x->f.failed_pulls, 0);
}

static void test_time_follows_mtime(void **state)
{
    struct fixture *x = *state;
    assert_int_equal(rtc_time(x), SEED);
    x->f.now += 10; /* ten 100 ns ticks */
    assert_int_equal(rtc_time(x), SEED + 1000);
    x->f.now += 10000000; /* one second */
    assert_int_equal(rtc_time(x), SEED + 1000 + 1000000000ull);
}

static void test_time_high_latched_by_low(void **state)
{
    struct fixture *x = *state;
    x->f.now = 0;
    uint32_t lo = rd(x, TIME_LOW);
    uint32_t hi = rd(x, TIME_HIGH);
    assert_int_equal((uint64_t)hi << 32 | lo, SEED);
    /* Time passes past a carry into the high word: the latch holds. */
    x->f.now += (0x100000000ull - (SEED & 0xffffffffull)) / 100 + 1;
    assert_int_equal(rd(x, TIME_HIGH), hi);
    rd(x, TIME_LOW);
    assert_int_equal(rd(x, TIME_HIGH), hi + 1);
}

static void test_guest_sets_time(void **state)
{
    struct fixture *x = *state;
    x->f.now = 500;
    wr(x, TIME_HIGH, 0x12);
    wr(x, TIME_LOW, 0x34);
    assert_int_equal(rtc_time(x), 0x1200000034ull);
    x->f.now += 3;
    assert_int_equal(rtc_time(x), 0x1200000034ull + 300);
    assert_int_equal(x->f.pulls[DEV_INPUT_RTC], 1);
}

static void test_no_seed_yet(void **state)
{
    struct fixture *x = *state;
    fake_host_set_input(&x->f, NULL, 0);
    x->f.now = 40;
    assert_int_equal(rtc_time(x), 4000); /* from the epoch meanwhile */
    assert_true(x->f.failed_pulls >= 1);
    fake_host_set_input(&x->f, x->seed, 8);
    assert_int_equal(rtc_time(x), SEED); /* retried and taken */
    x->f.now += 1;
    assert_int_equal(rtc_time(x), SEED + 100);
    assert_int_equal(x->f.pulls[DEV_INPUT_RTC], 1);
}

static void test_time_write_settles_missing_seed(void **state)
{
    struct fixture *x = *state;
    fake_host_set_input(&x->f, NULL, 0);
    wr(x, TIME_HIGH, 0);
    wr(x, TIME_LOW, 1000);
    unsigned failed = x->f.failed_pulls;
    fake_host_set_input(&x->f, x->seed, 8);
    x->f.now += 2;
    assert_int_equal(rtc_time(x), 1200);
    assert_int_equal(x->f.pulls[DEV_INPUT_RTC], 0); /* no longer needed */
    assert_int_equal(x->f.failed_pulls, failed);
}

static void test_alarm(void **state)
{
    struct fixture *x = *state;
    x->f.now = 1000;
    uint64_t t0 = rtc_time(x);
    uint64_t at = t0 + 450; /* 4.5 ticks away: fires at the 5th */
    wr(x, IRQ_ENABLED, 1);
    wr(x, ALARM_HIGH, (uint32_t)(at >> 32));
    wr(x, ALARM_LOW, (uint32_t)at);
    assert_int_equal(rd(x, ALARM_STATUS), 1);
    assert_int_equal(rd(x, ALARM_LOW), (uint32_t)at);
    assert_int_equal(rd(x, ALARM_HIGH), (uint32_t)(at >> 32));
    assert_int_equal(goldfish_rtc_next_deadline(x->r), 1005);
    assert_true(x->f.kicks > 0);
    x->f.now = 1004;
    goldfish_rtc_update(x->r);
    assert_false(x->f.irq[IRQ]);
    x->f.now = 1005;
    assert_int_equal(goldfish_rtc_next_deadline(x->r), 1005); /* due: not in the future */
    goldfish_rtc_update(x->r);
    assert_true(x->f.irq[IRQ]);
    assert_int_equal(rd(x, ALARM_STATUS), 0);
    assert_int_equal(goldfish_rtc_next_deadline(x->r), UINT64_MAX);
    wr(x, CLEAR_INTERRUPT, 1);
    assert_false(x->f.irq[IRQ]);
}

static void test_alarm_fires_on_access_and_masking(void **state)
{
    struct fixture *x = *state;
    uint64_t t0 = rtc_time(x);
    wr(x, ALARM_HIGH, (uint32_t)((t0 + 1000) >> 32));
    wr(x, ALARM_LOW, (uint32_t)(t0 + 1000));
    x->f.now += 10;
    rd(x, ALARM_STATUS); /* any access notices it is due */
    assert_int_equal(rd(x, ALARM_STATUS), 0);
    assert_false(x->f.irq[IRQ]); /* pending, but not enabled */
    wr(x, IRQ_ENABLED, 1);
    assert_true(x->f.irq[IRQ]);
    wr(x, IRQ_ENABLED, 0);
    assert_false(x->f.irq[IRQ]);
    wr(x, CLEAR_INTERRUPT, 0);
    wr(x, IRQ_ENABLED, 1);
    assert_false(x->f.irq[IRQ]);
}

static void test_alarm_in_past_and_clear(void **state)
{
    struct fixture *x = *state;
    uint64_t t0 = rtc_time(x);
    wr(x, IRQ_ENABLED, 1);
    wr(x, ALARM_HIGH, (uint32_t)((t0 - 1) >> 32));
    wr(x, ALARM_LOW, (uint32_t)(t0 - 1));
    assert_true(x->f.irq[IRQ]); /* at once, as QEMU does */
    assert_int_equal(rd(x, ALARM_STATUS), 0);
    wr(x, CLEAR_INTERRUPT, 1);
    wr(x, ALARM_HIGH, (uint32_t)((t0 + 100000) >> 32));
    wr(x, ALARM_LOW, (uint32_t)(t0 + 100000));
    assert_int_equal(rd(x, ALARM_STATUS), 1);
    wr(x, CLEAR_ALARM, 1);
    assert_int_equal(rd(x, ALARM_STATUS), 0);
    assert_int_equal(goldfish_rtc_next_deadline(x->r), UINT64_MAX);
    x->f.now += 1000000;
    goldfish_rtc_update(x->r);
    assert_false(x->f.irq[IRQ]);
}

static void test_deadline_far_future(void **state)
{
    struct fixture *x = *state;
    rtc_time(x);
    wr(x, ALARM_HIGH, 0xffffffff);
    wr(x, ALARM_LOW, 0xffffffff);
    uint64_t dl = goldfish_rtc_next_deadline(x->r);
    assert_true(dl > x->f.now && dl != UINT64_MAX);
    x->f.now = UINT64_MAX - 5; /* deadlines past the end of mtime saturate */
    wr(x, TIME_HIGH, 0);
    wr(x, TIME_LOW, 0);
    assert_int_equal(goldfish_rtc_next_deadline(x->r), UINT64_MAX);
}

static void test_access_sizes_and_reset(void **state)
{
    struct fixture *x = *state;
    uint64_t v;
    assert_int_equal(x->d.ops->read(x->d.state, TIME_LOW, 8, &v), -1);
    assert_int_equal(x->d.ops->read(x->d.state, TIME_LOW + 1, 1, &v), -1);
    assert_int_equal(x->d.ops->write(x->d.state, IRQ_ENABLED, 2, 1), -1);
    assert_int_equal(rd(x, 0x20), 0);
    uint64_t t0 = rtc_time(x);
    wr(x, IRQ_ENABLED, 1);
    wr(x, ALARM_LOW, (uint32_t)(t0 - 1)); /* ALARM_HIGH still 0: long past */
    assert_true(x->f.irq[IRQ]);
    x->d.reset(x->d.state);
    assert_false(x->f.irq[IRQ]);
    assert_int_equal(rd(x, IRQ_ENABLED), 0);
    assert_int_equal(rtc_time(x), t0); /* the clock survives a reset */
}

static void test_fdt_node(void **state)
{
    struct fixture *x = *state;
    static char buf[4096];
    assert_int_equal(fdt_create_empty_tree(buf, sizeof buf), 0);
    int soc = fdt_add_subnode(buf, 0, "soc");
    struct fdt_ctx ctx = {.plic_phandle = 0x40, .nharts = 1};
    assert_int_equal(x->d.fdt_node(x->d.state, buf, soc, &ctx), 0);
    int node = fdt_path_offset(buf, "/soc/rtc@101000");
    assert_true(node >= 0);
    assert_string_equal(fdt_getprop(buf, node, "compatible", NULL), "google,goldfish-rtc");
    int len;
    const fdt64_t *reg = fdt_getprop(buf, node, "reg", &len);
    assert_int_equal(len, 16);
    assert_int_equal(fdt64_ld(&reg[0]), BASE);
    assert_int_equal(fdt64_ld(&reg[1]), 0x1000);
    assert_int_equal(fdt32_ld(fdt_getprop(buf, node, "interrupts", NULL)), IRQ);
    assert_int_equal(fdt32_ld(fdt_getprop(buf, node, "interrupt-parent", NULL)), 0x40);
    assert_int_equal(x->f.pulls[DEV_INPUT_RTC], 0); /* describing is not accessing */
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_seed_pulled_once_lazily),
        T(test_time_follows_mtime),
        T(test_time_high_latched_by_low),
        T(test_guest_sets_time),
        T(test_no_seed_yet),
        T(test_time_write_settles_missing_seed),
        T(test_alarm),
        T(test_alarm_fires_on_access_and_masking),
        T(test_alarm_in_past_and_clear),
        T(test_deadline_far_future),
        T(test_access_sizes_and_reset),
        T(test_fdt_node),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
