/* The generated device tree, parsed back with libfdt: properties guests
 * rely on, and phandles that actually link the right nodes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <cmocka.h>

#include <libfdt.h>

#include "devices/aclint.h"
#include "devices/fdt.h"
#include "devices/plic.h"
#include "devices/syscon.h"
#include "devices/uart16550.h"
#include "devices/virtio_mmio.h"
#include "tests/unit/fake_host.h"

#define NHARTS 2
#define NDEV 6
#define ISA "rv64imafdc_zicsr_zba_sstc"
static const char *const isa_exts[] = {"i", "m", "a", "f", "d", "c", "zicsr", "zba", "sstc", NULL};

struct fixture {
    struct fake_host f;
    struct device devs[NDEV];
    struct fdt_board board;
    void *blob;
    size_t size;
};

static int setup(void **state)
{
    struct fixture *x = calloc(1, sizeof *x);
    struct dev_host h = fake_host_init(&x->f);
    struct plic *p = plic_create(&h, NHARTS);
    /* Same order as the machine maps them: ascending addresses. */
    syscon_device(syscon_create(&h), 0x100000, &x->devs[0]);
    aclint_device(aclint_create(&h, NHARTS), 0x2000000, &x->devs[1]);
    plic_device(p, 0xc000000, &x->devs[2]);
    uart16550_device(uart16550_create(&h, (struct irq_line){plic_set_irq, p, 10}), 0x10000000,
                     &x->devs[3]);
    virtio_mmio_device(virtio_mmio_create(&h, (struct irq_line){plic_set_irq, p, 1}),
                       0x10001000, &x->devs[4]);
    virtio_mmio_device(virtio_mmio_create(&h, (struct irq_line){plic_set_irq, p, 2}),
                       0x10002000, &x->devs[5]);
    x->board = (struct fdt_board){
        .nharts = NHARTS,
        .isa_extensions = isa_exts,
        .cbo_block_size = 64,
        .mmu_type = "riscv,sv48",
        .ram_base = 0x80000000,
        .ram_size = 256ull << 20,
        .timebase = 10000000,
        .bootargs = "console=ttyS0 earlycon",
        .initrd_start = 0x88000000,
        .initrd_end = 0x88100000,
        .stdout_path = "/soc/serial@10000000",
        .devices = x->devs,
        .ndevices = NDEV,
    };
    *state = x;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *x = *state;
    for (unsigned i = 0; i < NDEV; i++)
        x->devs[i].destroy(x->devs[i].state);
    free(x->blob);
    free(x);
    return 0;
}

static void build(struct fixture *x)
{
    char err[256] = "";
    int r = fdt_build(&x->board, &x->blob, &x->size, err, sizeof err);
    if (r != 0)
        fail_msg("fdt_build: %s", err);
    assert_non_null(x->blob);
    assert_int_equal(fdt_check_full(x->blob, x->size), 0);
    assert_int_equal(fdt_totalsize(x->blob), x->size);
}

static int node(const void *fdt, const char *path)
{
    int n = fdt_path_offset(fdt, path);
    if (n < 0)
        fail_msg("no node %s: %s", path, fdt_strerror(n));
    return n;
}

static uint32_t u32_prop(const void *fdt, int n, const char *name)
{
    int len;
    const fdt32_t *p = fdt_getprop(fdt, n, name, &len);
    if (!p || len != 4)
        fail_msg("property %s: missing or not one cell (%d)", name, len);
    return fdt32_ld(p);
}

/* The node a phandle leads to, as a path. */
static const char *phandle_path(const void *fdt, uint32_t ph, char *buf, int len)
{
    int n = fdt_node_offset_by_phandle(fdt, ph);
    if (n < 0 || fdt_get_path(fdt, n, buf, len) < 0)
        return "(none)";
    return buf;
}

static void test_root_and_memory(void **state)
{
    struct fixture *x = *state;
    build(x);
    const void *fdt = x->blob;
    assert_int_equal(u32_prop(fdt, 0, "#address-cells"), 2);
    assert_int_equal(u32_prop(fdt, 0, "#size-cells"), 2);
    assert_int_equal(fdt_node_check_compatible(fdt, 0, "riscv-virtio"), 0);
    assert_string_equal(fdt_getprop(fdt, 0, "model", NULL), "riscv-virtio,qemu");

    int mem = node(fdt, "/memory@80000000");
    assert_string_equal(fdt_getprop(fdt, mem, "device_type", NULL), "memory");
    int len;
    const fdt64_t *reg = fdt_getprop(fdt, mem, "reg", &len);
    assert_int_equal(len, 16);
    assert_int_equal(fdt64_ld(&reg[0]), 0x80000000);
    assert_int_equal(fdt64_ld(&reg[1]), 256ull << 20);
}

static void test_chosen(void **state)
{
    struct fixture *x = *state;
    build(x);
    const void *fdt = x->blob;
    int ch = node(fdt, "/chosen");
    assert_string_equal(fdt_getprop(fdt, ch, "bootargs", NULL), "console=ttyS0 earlycon");
    const char *out = fdt_getprop(fdt, ch, "stdout-path", NULL);
    assert_non_null(out);
    /* stdout-path leads to the UART node, and the alias agrees. */
    int uart = node(fdt, out);
    assert_int_equal(fdt_node_check_compatible(fdt, uart, "ns16550a"), 0);
    assert_string_equal(fdt_get_alias(fdt, "serial0"), out);
    int len;
    const fdt64_t *s = fdt_getprop(fdt, ch, "linux,initrd-start", &len);
    assert_int_equal(len, 8);
    assert_int_equal(fdt64_ld(s), 0x88000000);
    const fdt64_t *e = fdt_getprop(fdt, ch, "linux,initrd-end", &len);
    assert_int_equal(len, 8);
    assert_int_equal(fdt64_ld(e), 0x88100000);
}

static void test_chosen_without_optional(void **state)
{
    struct fixture *x = *state;
    x->board.bootargs = NULL;
    x->board.initrd_start = x->board.initrd_end = 0;
    build(x);
    int ch = node(x->blob, "/chosen");
    assert_null(fdt_getprop(x->blob, ch, "bootargs", NULL));
    assert_null(fdt_getprop(x->blob, ch, "linux,initrd-start", NULL));
    assert_non_null(fdt_getprop(x->blob, ch, "stdout-path", NULL));
}

static void test_cpus(void **state)
{
    struct fixture *x = *state;
    build(x);
    const void *fdt = x->blob;
    int cpus = node(fdt, "/cpus");
    assert_int_equal(u32_prop(fdt, cpus, "timebase-frequency"), 10000000);
    assert_int_equal(u32_prop(fdt, cpus, "#address-cells"), 1);
    assert_int_equal(u32_prop(fdt, cpus, "#size-cells"), 0);

    char path[64], buf[128];
    for (unsigned h = 0; h < NHARTS; h++) {
        snprintf(path, sizeof path, "/cpus/cpu@%u", h);
        int cpu = node(fdt, path);
        assert_string_equal(fdt_getprop(fdt, cpu, "device_type", NULL), "cpu");
        assert_int_equal(u32_prop(fdt, cpu, "reg"), h);
        assert_string_equal(fdt_getprop(fdt, cpu, "status", NULL), "okay");
        assert_string_equal(fdt_getprop(fdt, cpu, "riscv,isa", NULL), ISA);
        assert_string_equal(fdt_getprop(fdt, cpu, "riscv,isa-base", NULL), "rv64i");
        int len;
        const char *list = fdt_getprop(fdt, cpu, "riscv,isa-extensions", &len);
        assert_non_null(list);
        for (unsigned i = 0; isa_exts[i]; i++) {
            assert_true(len > 0);
            assert_string_equal(list, isa_exts[i]);
            len -= (int)strlen(list) + 1;
            list += strlen(list) + 1;
        }
        assert_int_equal(len, 0);
        assert_int_equal(u32_prop(fdt, cpu, "riscv,cbom-block-size"), 64);
        assert_int_equal(u32_prop(fdt, cpu, "riscv,cboz-block-size"), 64);
        assert_string_equal(fdt_getprop(fdt, cpu, "mmu-type", NULL), "riscv,sv48");
        assert_int_equal(fdt_node_check_compatible(fdt, cpu, "riscv"), 0);

        snprintf(path, sizeof path, "/cpus/cpu@%u/interrupt-controller", h);
        int intc = node(fdt, path);
        assert_int_equal(fdt_get_phandle(fdt, intc), 1 + h);
        assert_int_equal(u32_prop(fdt, intc, "#interrupt-cells"), 1);
        assert_non_null(fdt_getprop(fdt, intc, "interrupt-controller", NULL));
        assert_int_equal(fdt_node_check_compatible(fdt, intc, "riscv,cpu-intc"), 0);

        /* cpu-map points back at this very cpu node. */
        snprintf(path, sizeof path, "/cpus/cpu-map/cluster0/core%u", h);
        uint32_t ph = u32_prop(fdt, node(fdt, path), "cpu");
        snprintf(path, sizeof path, "/cpus/cpu@%u", h);
        assert_string_equal(phandle_path(fdt, ph, buf, sizeof buf), path);
    }
    /* cpu@0 comes first: Linux numbers harts in tree order. */
    int first = fdt_first_subnode(fdt, cpus);
    assert_string_equal(fdt_get_name(fdt, first, NULL), "cpu@0");
}

static void test_interrupt_wiring(void **state)
{
    struct fixture *x = *state;
    build(x);
    const void *fdt = x->blob;
    char buf[128];

    int plic = node(fdt, "/soc/plic@c000000");
    assert_int_equal(fdt_get_phandle(fdt, plic), FDT_PLIC_PHANDLE);
    assert_int_equal(fdt_node_check_compatible(fdt, plic, "riscv,plic0"), 0);
    assert_int_equal(fdt_node_check_compatible(fdt, plic, "sifive,plic-1.0.0"), 0);
    assert_int_equal(u32_prop(fdt, plic, "riscv,ndev"), 95);
    assert_int_equal(u32_prop(fdt, plic, "#interrupt-cells"), 1);
    assert_int_equal(u32_prop(fdt, plic, "#address-cells"), 0);
    assert_non_null(fdt_getprop(fdt, plic, "interrupt-controller", NULL));
    int len;
    const fdt64_t *reg = fdt_getprop(fdt, plic, "reg", &len);
    assert_int_equal(len, 16);
    assert_int_equal(fdt64_ld(&reg[1]), 0x600000);

    /* PLIC contexts: per hart, M external (11) then S external (9). */
    const fdt32_t *ext = fdt_getprop(fdt, plic, "interrupts-extended", &len);
    assert_int_equal(len, 16 * NHARTS);
    for (unsigned h = 0; h < NHARTS; h++) {
        char want[64];
        snprintf(want, sizeof want, "/cpus/cpu@%u/interrupt-controller", h);
        assert_string_equal(phandle_path(fdt, fdt32_ld(&ext[4 * h]), buf, sizeof buf), want);
        assert_int_equal(fdt32_ld(&ext[4 * h + 1]), 11);
        assert_int_equal(fdt32_ld(&ext[4 * h + 2]), fdt32_ld(&ext[4 * h]));
        assert_int_equal(fdt32_ld(&ext[4 * h + 3]), 9);
    }

    int clint = node(fdt, "/soc/clint@2000000");
    assert_int_equal(fdt_node_check_compatible(fdt, clint, "riscv,clint0"), 0);
    ext = fdt_getprop(fdt, clint, "interrupts-extended", &len);
    assert_int_equal(len, 16 * NHARTS);
    assert_int_equal(fdt32_ld(&ext[4]), 2); /* hart 1's intc */
    assert_int_equal(fdt32_ld(&ext[5]), 3);
    assert_int_equal(fdt32_ld(&ext[7]), 7);

    int uart = node(fdt, "/soc/serial@10000000");
    assert_int_equal(u32_prop(fdt, uart, "interrupts"), 10);
    assert_int_equal(u32_prop(fdt, uart, "clock-frequency"), 3686400);
    assert_string_equal(phandle_path(fdt, u32_prop(fdt, uart, "interrupt-parent"), buf,
                                     sizeof buf),
                        "/soc/plic@c000000");

    int v2 = node(fdt, "/soc/virtio_mmio@10002000");
    assert_int_equal(u32_prop(fdt, v2, "interrupts"), 2);
    assert_int_equal(u32_prop(fdt, v2, "interrupt-parent"), FDT_PLIC_PHANDLE);
}

static void test_soc_order_and_bus(void **state)
{
    struct fixture *x = *state;
    build(x);
    const void *fdt = x->blob;
    int soc = node(fdt, "/soc");
    assert_int_equal(fdt_node_check_compatible(fdt, soc, "simple-bus"), 0);
    int len;
    assert_non_null(fdt_getprop(fdt, soc, "ranges", &len));
    assert_int_equal(len, 0);
    assert_int_equal(u32_prop(fdt, soc, "#address-cells"), 2);

    /* Nodes appear in device order, so virtio slots enumerate by address. */
    static const char *want[NDEV] = {"test@100000", "clint@2000000", "plic@c000000",
                                     "serial@10000000", "virtio_mmio@10001000",
                                     "virtio_mmio@10002000"};
    unsigned i = 0;
    int n;
    fdt_for_each_subnode(n, fdt, soc) {
        assert_true(i < NDEV);
        assert_string_equal(fdt_get_name(fdt, n, NULL), want[i]);
        i++;
    }
    assert_int_equal(i, NDEV);
}

static void test_poweroff_reboot(void **state)
{
    struct fixture *x = *state;
    build(x);
    const void *fdt = x->blob;
    char buf[128];
    int test = node(fdt, "/soc/test@100000");
    assert_int_equal(fdt_node_check_compatible(fdt, test, "sifive,test0"), 0);
    assert_int_equal(fdt_node_check_compatible(fdt, test, "syscon"), 0);

    int off = fdt_node_offset_by_compatible(fdt, -1, "syscon-poweroff");
    assert_true(off >= 0);
    assert_string_equal(phandle_path(fdt, u32_prop(fdt, off, "regmap"), buf, sizeof buf),
                        "/soc/test@100000");
    assert_int_equal(u32_prop(fdt, off, "value"), 0x5555);
    assert_int_equal(u32_prop(fdt, off, "offset"), 0);

    off = fdt_node_offset_by_compatible(fdt, -1, "syscon-reboot");
    assert_true(off >= 0);
    assert_int_equal(u32_prop(fdt, off, "regmap"), SYSCON_PHANDLE);
    assert_int_equal(u32_prop(fdt, off, "value"), 0x7777);
}

static void test_phandles_unique(void **state)
{
    struct fixture *x = *state;
    build(x);
    const void *fdt = x->blob;
    uint32_t seen[64];
    unsigned n = 0;
    for (int off = fdt_next_node(fdt, -1, NULL); off >= 0; off = fdt_next_node(fdt, off, NULL)) {
        uint32_t ph = fdt_get_phandle(fdt, off);
        if (!ph)
            continue;
        for (unsigned i = 0; i < n; i++)
            assert_int_not_equal(seen[i], ph);
        assert_true(n < 64);
        seen[n++] = ph;
    }
    /* 2 cpus + 2 intcs + plic + test */
    assert_int_equal(n, 2 * NHARTS + 2);
}

static void test_without_plic_no_dangling_parent(void **state)
{
    struct fixture *x = *state;
    /* Only the UART: there is no PLIC to name as its parent. */
    x->board.devices = &x->devs[3];
    x->board.ndevices = 1;
    build(x);
    int uart = node(x->blob, "/soc/serial@10000000");
    assert_null(fdt_getprop(x->blob, uart, "interrupt-parent", NULL));
}

static void test_grows_buffer(void **state)
{
    struct fixture *x = *state;
    size_t n = 200 * 1024;
    char *args = malloc(n + 1);
    for (size_t i = 0; i < n; i++)
        args[i] = (char)('a' + i % 26);
    args[n] = 0;
    x->board.bootargs = args;
    build(x);
    int len;
    const char *got = fdt_getprop(x->blob, node(x->blob, "/chosen"), "bootargs", &len);
    assert_int_equal(len, (int)n + 1);
    assert_memory_equal(got, args, n + 1);
    /* Packed: far smaller than the 256 KiB buffer it was built in. */
    assert_true(x->size < n + 16 * 1024);
    free(args);
}

static void test_rejects_bad_boards(void **state)
{
    struct fixture *x = *state;
    char err[256];
    void *blob = (void *)1;
    size_t size = 1;

    x->board.nharts = 0;
    err[0] = 0;
    assert_int_equal(fdt_build(&x->board, &blob, &size, err, sizeof err), -1);
    assert_null(blob);
    assert_non_null(strstr(err, "harts"));

    x->board.nharts = 9;
    assert_int_equal(fdt_build(&x->board, &blob, &size, err, sizeof err), -1);
    assert_non_null(strstr(err, "9"));

    x->board.nharts = 1;
    x->board.isa_extensions = (const char *const[]){"m", NULL};
    err[0] = 0;
    assert_int_equal(fdt_build(&x->board, &blob, &size, err, sizeof err), -1);
    assert_non_null(strstr(err, "ISA"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
        T(test_root_and_memory),
        T(test_chosen),
        T(test_chosen_without_optional),
        T(test_cpus),
        T(test_interrupt_wiring),
        T(test_soc_order_and_bus),
        T(test_poweroff_reboot),
        T(test_phandles_unique),
        T(test_without_plic_no_dangling_parent),
        T(test_grows_buffer),
        T(test_rejects_bad_boards),
#undef T
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
