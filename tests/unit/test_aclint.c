/* CLINT: msip, mtimecmp/MTIP against virtual time, the mtime offset, and
 * the deadline the scheduler sleeps until. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>

#include "devices/aclint.h"
#include "tests/unit/fake_host.h"

#define MSIP(h) (4u * (h))
#define MTIMECMP(h) (0x4000u + 8u * (h))
#define MTIME 0xbff8u

struct fixture {
    struct fake_host f;
    struct aclint *a;
    struct device d;
};

static void fixture_attach(struct fixture *x, const struct dev_host *h, unsigned nharts)
{
    x->a = aclint_create(h, nharts);
    assert_non_null(x->a);
    aclint_device(x->a, 0x2000000, &x->d);
}

#include "tests/unit/device_fixture.h"

static bool mtip(struct fixture *x, unsigned h)
{
    return x->f.mip[h] & MIP_MTIP;
}

static void test_create_limits(void **state)
{
    (void)state;
    struct fake_host f;
    struct dev_host h = fake_host_init(&f);
    assert_null(aclint_create(&h, 0));
    assert_null(aclint_create(&h, 9));
}

static void test_reset_values(void **state)
{
    struct fixture *x = *state;
    assert_int_equal(x->d.size, 0x10000);
    assert_int_equal(dev_rd(&x->d, MTIMECMP(0), 8), UINT64_MAX);
    assert_int_equal(dev_rd(&x->d, MSIP(0), 4), 0);
    assert_false(mtip(x, 0));
    assert_int_equal(aclint_next_deadline(x->a), UINT64_MAX);
}

static void test_mtime_follows_host_and_offset(void **state)
{
    struct fixture *x = *state;
    x->f.now = 200;
    assert_int_equal(dev_rd(&x->d, MTIME, 8), 200);
    dev_wr(&x->d, MTIME, 8, 1000);
    assert_int_equal(dev_rd(&x->d, MTIME, 8), 1000);
    x->f.now = 250;
    assert_int_equal(dev_rd(&x->d, MTIME, 8), 1050);
    assert_int_equal(aclint_mtime(x->a), 1050); /* what the machine reports */

    /* The high half alone, as a 32-bit guest writes it. */
    dev_wr(&x->d, MTIME + 4, 4, 1);
    assert_int_equal(dev_rd(&x->d, MTIME, 8), (1ull << 32) + 1050);
    assert_int_equal(dev_rd(&x->d, MTIME + 4, 4), 1);
    assert_int_equal(dev_rd(&x->d, MTIME, 4), 1050);
    x->f.now = 260;
    assert_int_equal(dev_rd(&x->d, MTIME, 8), (1ull << 32) + 1060);
}

static void test_mtip_rises_at_deadline(void **state)
{
    struct fixture *x = *state;
    unsigned kicks = x->f.kicks;
    dev_wr(&x->d, MTIMECMP(0), 8, 100);
    assert_int_equal(x->f.kicks, kicks + 1);
    assert_false(mtip(x, 0));
    assert_int_equal(aclint_next_deadline(x->a), 100);

    x->f.now = 99;
    aclint_update(x->a);
    assert_false(mtip(x, 0));
    x->f.now = 100;
    aclint_update(x->a);
    assert_true(mtip(x, 0));
    /* Already raised: nothing left to wait for. */
    assert_int_equal(aclint_next_deadline(x->a), UINT64_MAX);

    /* A new compare value in the future drops MTIP at once. */
    dev_wr(&x->d, MTIMECMP(0), 8, 150);
    assert_false(mtip(x, 0));
    assert_int_equal(aclint_next_deadline(x->a), 150);
}

static void test_mtimecmp_in_past_raises_now(void **state)
{
    struct fixture *x = *state;
    x->f.now = 500;
    dev_wr(&x->d, MTIMECMP(0), 8, 10);
    assert_true(mtip(x, 0));
    dev_wr(&x->d, MTIMECMP(0), 8, UINT64_MAX);
    assert_false(mtip(x, 0));
}

static void test_deadline_in_host_units_with_offset(void **state)
{
    struct fixture *x = *state;
    x->f.now = 0;
    dev_wr(&x->d, MTIME, 8, 1000); /* guest time runs 1000 ahead */
    dev_wr(&x->d, MTIMECMP(0), 8, 1500);
    assert_int_equal(aclint_next_deadline(x->a), 500);
    x->f.now = 499;
    aclint_update(x->a);
    assert_false(mtip(x, 0));
    x->f.now = 500;
    aclint_update(x->a);
    assert_true(mtip(x, 0));
}

static void test_overdue_deadline_is_not_in_future(void **state)
{
    struct fixture *x = *state;
    dev_wr(&x->d, MTIMECMP(0), 8, 300);
    x->f.now = 1000; /* time moved on without an update */
    uint64_t d = aclint_next_deadline(x->a);
    assert_true(d <= x->f.now);
    assert_int_equal(d, 300);
    aclint_update(x->a);
    assert_int_equal(aclint_next_deadline(x->a), UINT64_MAX);
}

static void test_deadline_beyond_end_of_time(void **state)
{
    struct fixture *x = *state;
    x->f.now = 10;
    dev_wr(&x->d, MTIME, 8, 0); /* guest time is 10 behind host time */
    dev_wr(&x->d, MTIMECMP(0), 8, UINT64_MAX - 5);
    /* Host time would have to pass 2^64: never. */
    assert_int_equal(aclint_next_deadline(x->a), UINT64_MAX);
}

static void test_two_harts_earliest_deadline(void **state)
{
    struct fixture *x = *state;
    dev_wr(&x->d, MTIMECMP(0), 8, 300);
    dev_wr(&x->d, MTIMECMP(1), 8, 200);
    assert_int_equal(aclint_next_deadline(x->a), 200);
    x->f.now = 200;
    aclint_update(x->a);
    assert_false(mtip(x, 0));
    assert_true(mtip(x, 1));
    assert_int_equal(aclint_next_deadline(x->a), 300);
    x->f.now = 300;
    aclint_update(x->a);
    assert_true(mtip(x, 0));
    assert_int_equal(aclint_next_deadline(x->a), UINT64_MAX);
}

static void test_mtimecmp_halves(void **state)
{
    struct fixture *x = *state;
    x->f.now = 5;
    /* A 32-bit guest's sequence: high half all-ones first, then low, then
     * the real high half, so no spurious interrupt in between. */
    dev_wr(&x->d, MTIMECMP(1) + 4, 4, 0xffffffff);
    dev_wr(&x->d, MTIMECMP(1), 4, 0x10);
    assert_false(mtip(x, 1));
    dev_wr(&x->d, MTIMECMP(1) + 4, 4, 0);
    assert_int_equal(dev_rd(&x->d, MTIMECMP(1), 8), 0x10);
    assert_int_equal(aclint_next_deadline(x->a), 0x10);
    assert_int_equal(dev_rd(&x->d, MTIMECMP(0), 8), UINT64_MAX); /* hart 0 untouched */
}

static void test_msip(void **state)
{
    struct fixture *x = *state;
    dev_wr(&x->d, MSIP(1), 4, 1);
    assert_true(x->f.mip[1] & MIP_MSIP);
    assert_false(x->f.mip[0] & MIP_MSIP);
    assert_int_equal(dev_rd(&x->d, MSIP(1), 4), 1);
    dev_wr(&x->d, MSIP(1), 4, 0xfffffffe); /* only bit 0 counts */
    assert_false(x->f.mip[1] & MIP_MSIP);
    assert_int_equal(dev_rd(&x->d, MSIP(1), 4), 0);
    /* No hart 2: ignored, reads zero. */
    dev_wr(&x->d, MSIP(2), 4, 1);
    assert_int_equal(dev_rd(&x->d, MSIP(2), 4), 0);
}

static void test_reset_restores(void **state)
{
    struct fixture *x = *state;
    dev_wr(&x->d, MSIP(0), 4, 1);
    dev_wr(&x->d, MTIMECMP(0), 8, 0);
    dev_wr(&x->d, MTIME, 8, 12345);
    assert_true(mtip(x, 0));
    x->d.reset(x->d.state);
    assert_false(mtip(x, 0));
    assert_false(x->f.mip[0] & MIP_MSIP);
    assert_int_equal(dev_rd(&x->d, MTIMECMP(0), 8), UINT64_MAX);
    assert_int_equal(dev_rd(&x->d, MTIME, 8), x->f.now);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_create_limits),
        cmocka_unit_test_setup_teardown(test_reset_values, setup1, teardown),
        cmocka_unit_test_setup_teardown(test_mtime_follows_host_and_offset, setup1, teardown),
        cmocka_unit_test_setup_teardown(test_mtip_rises_at_deadline, setup1, teardown),
        cmocka_unit_test_setup_teardown(test_mtimecmp_in_past_raises_now, setup1, teardown),
        cmocka_unit_test_setup_teardown(test_deadline_in_host_units_with_offset, setup1, teardown),
        cmocka_unit_test_setup_teardown(test_overdue_deadline_is_not_in_future, setup1, teardown),
        cmocka_unit_test_setup_teardown(test_deadline_beyond_end_of_time, setup1, teardown),
        cmocka_unit_test_setup_teardown(test_two_harts_earliest_deadline, setup2, teardown),
        cmocka_unit_test_setup_teardown(test_mtimecmp_halves, setup2, teardown),
        cmocka_unit_test_setup_teardown(test_msip, setup2, teardown),
        cmocka_unit_test_setup_teardown(test_reset_restores, setup1, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
