/* virtio-rng: buffers are filled only with pulled entropy, and a request
 * that cannot be served stays pending until a later notify. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>

#include "devices/virtio_rng.h"
#include "tests/unit/fake_host.h"
#include "tests/unit/fake_virtio_driver.h"

#define BASE 0x10002000ull
#define IRQ 2
#define RAM_SIZE (128u * 1024)
#define BUF0 VD_BUF
#define BUF1 (VD_BUF + 0x1000)
#define BUF2 (VD_BUF + 0x2000)

struct fixture {
    struct fake_host f;
    struct device d;
    struct vdrv v;
    uint8_t *ram;
    uint8_t script[8192];
};

static int setup(void **state)
{
    struct fixture *x = calloc(1, sizeof *x);
    x->ram = calloc(1, RAM_SIZE);
    struct dev_host h = fake_host_init(&x->f);
    fake_host_set_ram(&x->f, VD_RAM_BASE, x->ram, RAM_SIZE);
    for (unsigned i = 0; i < sizeof x->script; i++)
        x->script[i] = (uint8_t)(i * 151 + 7);
    struct virtio_mmio *vm = virtio_rng_create(&h, fake_irq_line(&x->f, IRQ));
    assert_non_null(vm);
    virtio_mmio_device(vm, BASE, &x->d);
    x->d.reset(x->d.state);
    x->v.d = &x->d;
    *state = x;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *x = *state;
    x->d.destroy(x->d.state);
    free(x->ram);
    free(x);
    return 0;
}

static void bring_up(struct fixture *x)
{
    uint32_t st = vd_init(&x->v, &x->d, x->ram, 4, 0);
    assert_true(st & VIRTIO_STATUS_FEATURES_OK);
}

static void test_identification(void **state)
{
    struct fixture *x = *state;
    assert_string_equal(x->d.name, "virtio_rng");
    assert_int_equal(vd_rd(&x->v, VD_DEVICE_ID), 4);
    assert_int_equal(vd_rd(&x->v, VD_DEV_FEATURES), 0);
    vd_wr(&x->v, VD_DEV_FEATURES_SEL, 1);
    assert_int_equal(vd_rd(&x->v, VD_DEV_FEATURES), 1); /* VERSION_1 only */
    assert_int_equal(vd_rd(&x->v, VD_QUEUE_NUM_MAX), 256);
    assert_int_equal(dev_rd(&x->d, 0x100, 4), 0); /* no config space */
}

static void test_fills_from_input(void **state)
{
    struct fixture *x = *state;
    struct vdrv *v = &x->v;
    bring_up(x);
    assert_int_equal(x->f.pulls[DEV_INPUT_ENTROPY], 0); /* nothing until asked */
    fake_host_set_input(&x->f, x->script, sizeof x->script);
    /* 64 bytes in two buffers of one chain. */
    vd_desc(v, 0, BUF0, 16, VD_F_WRITE | VD_F_NEXT, 1);
    vd_desc(v, 1, BUF1, 48, VD_F_WRITE, 0);
    vd_offer(v, 0);
    vd_notify(v, 0);
    assert_int_equal(vd_used_idx(v), 1);
    assert_int_equal(vd_used_id(v, 0), 0);
    assert_int_equal(vd_used_len(v, 0), 64);
    assert_memory_equal(x->ram + (BUF0 - VD_RAM_BASE), x->script, 16);
    assert_memory_equal(x->ram + (BUF1 - VD_RAM_BASE), x->script + 16, 48);
    assert_int_equal(x->f.pulls[DEV_INPUT_ENTROPY], 1);
    assert_int_equal(x->f.input_pos, 64);
    assert_true(x->f.irq[IRQ]);
    assert_int_equal(vd_rd(v, VD_INT_STATUS), 1);
}

static void test_pending_when_input_fails(void **state)
{
    struct fixture *x = *state;
    struct vdrv *v = &x->v;
    bring_up(x);
    vd_desc(v, 2, BUF2, 32, VD_F_WRITE, 0);
    vd_offer(v, 2);
    vd_notify(v, 0); /* no input at all */
    assert_int_equal(x->f.failed_pulls, 1);
    assert_int_equal(vd_used_idx(v), 0);
    for (unsigned i = 0; i < 32; i++)
        assert_int_equal(x->ram[BUF2 - VD_RAM_BASE + i], 0); /* no invented bytes */
    assert_false(x->f.irq[IRQ]);
    assert_false(vd_rd(v, VD_STATUS) & VIRTIO_STATUS_NEEDS_RESET);

    fake_host_set_input(&x->f, x->script, 16); /* too few: still pending */
    vd_notify(v, 0);
    assert_int_equal(vd_used_idx(v), 0);
    assert_int_equal(x->f.input_pos, 0);

    fake_host_set_input(&x->f, x->script, sizeof x->script);
    vd_notify(v, 0); /* the guest asks again: served now */
    assert_int_equal(vd_used_idx(v), 1);
    assert_int_equal(vd_used_id(v, 0), 2);
    assert_int_equal(vd_used_len(v, 0), 32);
    assert_memory_equal(x->ram + (BUF2 - VD_RAM_BASE), x->script, 32);
    assert_true(x->f.irq[IRQ]);
}

static void test_several_requests_and_cap(void **state)
{
    struct fixture *x = *state;
    struct vdrv *v = &x->v;
    bring_up(x);
    fake_host_set_input(&x->f, x->script, sizeof x->script);
    vd_desc(v, 0, BUF0, 8, VD_F_WRITE, 0);
    vd_desc(v, 1, BUF1, 0x5000, VD_F_WRITE, 0); /* more than one fill */
    vd_desc(v, 3, BUF2, 0, VD_F_WRITE, 0);      /* nothing asked, nothing pulled */
    vd_offer(v, 0);
    vd_offer(v, 1);
    vd_offer(v, 3);
    vd_notify(v, 0);
    assert_int_equal(vd_used_idx(v), 3);
    assert_int_equal(vd_used_len(v, 0), 8);
    assert_int_equal(vd_used_len(v, 1), VIRTIO_RNG_MAX_FILL);
    assert_int_equal(vd_used_len(v, 2), 0);
    assert_memory_equal(x->ram + (BUF1 - VD_RAM_BASE), x->script + 8, VIRTIO_RNG_MAX_FILL);
    assert_int_equal(x->f.pulls[DEV_INPUT_ENTROPY], 2);
}

static void test_partial_progress_then_pending(void **state)
{
    struct fixture *x = *state;
    struct vdrv *v = &x->v;
    bring_up(x);
    fake_host_set_input(&x->f, x->script, 24);
    vd_desc(v, 0, BUF0, 16, VD_F_WRITE, 0);
    vd_desc(v, 1, BUF1, 16, VD_F_WRITE, 0);
    vd_offer(v, 0);
    vd_offer(v, 1);
    vd_notify(v, 0);
    assert_int_equal(vd_used_idx(v), 1); /* the first served, the second waits */
    fake_host_set_input(&x->f, x->script + 100, 16);
    vd_notify(v, 0);
    assert_int_equal(vd_used_idx(v), 2);
    assert_memory_equal(x->ram + (BUF1 - VD_RAM_BASE), x->script + 100, 16);
}

static void test_bad_buffer_breaks_device(void **state)
{
    struct fixture *x = *state;
    struct vdrv *v = &x->v;
    bring_up(x);
    fake_host_set_input(&x->f, x->script, sizeof x->script);
    vd_desc(v, 0, 0x2000, 16, VD_F_WRITE, 0); /* not RAM */
    vd_offer(v, 0);
    vd_notify(v, 0);
    assert_int_equal(vd_used_idx(v), 0);
    assert_true(vd_rd(v, VD_STATUS) & VIRTIO_STATUS_NEEDS_RESET);
    assert_int_equal(vd_rd(v, VD_INT_STATUS), 2);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_identification),
        T(test_fills_from_input),
        T(test_pending_when_input_fails),
        T(test_several_requests_and_cap),
        T(test_partial_progress_then_pending),
        T(test_bad_buffer_breaks_device),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
