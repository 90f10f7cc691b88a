/* An empty virtio-mmio slot must identify itself the way drivers probe it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>

#include <libfdt.h>

#include "devices/virtio_mmio.h"
#include "tests/unit/fake_host.h"

#define BASE 0x10003000ull
#define IRQ 3

struct fixture {
    struct fake_host f;
    struct device d;
};

static int setup(void **state)
{
    struct fixture *x = calloc(1, sizeof *x);
    struct dev_host h = fake_host_init(&x->f);
    struct virtio_mmio *v = virtio_mmio_create(&h, fake_irq_line(&x->f, IRQ));
    assert_non_null(v);
    virtio_mmio_device(v, BASE, &x->d);
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

static void test_identification(void **state)
{
    struct fixture *x = *state;
    assert_int_equal(x->d.base, BASE);
    assert_int_equal(x->d.size, 0x1000);
    assert_int_equal(dev_rd(&x->d, 0x000, 4), 0x74726976);
    assert_int_equal(dev_rd(&x->d, 0x004, 4), 2);
    assert_int_equal(dev_rd(&x->d, 0x008, 4), 0); /* empty slot */
    assert_int_equal(dev_rd(&x->d, 0x00c, 4), 0x554d4551);
}

static void test_narrow_and_wide_reads(void **state)
{
    struct fixture *x = *state;
    assert_int_equal(dev_rd(&x->d, 0x000, 1), 'v');
    assert_int_equal(dev_rd(&x->d, 0x003, 1), 't');
    assert_int_equal(dev_rd(&x->d, 0x002, 2), 0x7472);
    assert_int_equal(dev_rd(&x->d, 0x000, 8), 0x0000000274726976ull);
}

static void test_other_registers_zero_and_writes_ignored(void **state)
{
    struct fixture *x = *state;
    static const uint32_t regs[] = {0x010, 0x034, 0x044, 0x060, 0x070, 0x0fc, 0x100};
    for (unsigned i = 0; i < sizeof regs / sizeof regs[0]; i++)
        assert_int_equal(dev_rd(&x->d, regs[i], 4), 0);
    dev_wr(&x->d, 0x070, 4, 0xf); /* Status: ACK|DRIVER|DRIVER_OK|FEATURES_OK */
    dev_wr(&x->d, 0x000, 4, 0);
    dev_wr(&x->d, 0x008, 4, 2);
    assert_int_equal(dev_rd(&x->d, 0x070, 4), 0);
    assert_int_equal(dev_rd(&x->d, 0x000, 4), 0x74726976);
    assert_int_equal(dev_rd(&x->d, 0x008, 4), 0);
    assert_false(x->f.irq[IRQ]);
}

static void test_fdt_node(void **state)
{
    struct fixture *x = *state;
    static char buf[4096];
    assert_int_equal(fdt_create_empty_tree(buf, sizeof buf), 0);
    int soc = fdt_add_subnode(buf, 0, "soc");
    assert_true(soc >= 0);
    struct fdt_ctx ctx = {.plic_phandle = 0x40, .nharts = 1, .cpu_intc_phandle = {1}};
    assert_int_equal(x->d.fdt_node(x->d.state, buf, soc, &ctx), 0);

    int node = fdt_path_offset(buf, "/soc/virtio_mmio@10003000");
    assert_true(node >= 0);
    assert_string_equal(fdt_getprop(buf, node, "compatible", NULL), "virtio,mmio");
    int len;
    const fdt64_t *reg = fdt_getprop(buf, node, "reg", &len);
    assert_int_equal(len, 16);
    assert_int_equal(fdt64_ld(&reg[0]), BASE);
    assert_int_equal(fdt64_ld(&reg[1]), 0x1000);
    const fdt32_t *irq = fdt_getprop(buf, node, "interrupts", &len);
    assert_int_equal(len, 4);
    assert_int_equal(fdt32_ld(irq), IRQ);
    const fdt32_t *parent = fdt_getprop(buf, node, "interrupt-parent", &len);
    assert_int_equal(len, 4);
    assert_int_equal(fdt32_ld(parent), 0x40);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_identification, setup, teardown),
        cmocka_unit_test_setup_teardown(test_narrow_and_wide_reads, setup, teardown),
        cmocka_unit_test_setup_teardown(test_other_registers_zero_and_writes_ignored, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_fdt_node, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
