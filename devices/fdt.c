/* The device tree, built from the board description and the devices that
 * are actually mapped, so the guest's view can never disagree with the
 * machine.
 *
 * libfdt's fdt_add_subnode puts a new node before its existing siblings,
 * so everything here is added in reverse of the order it should appear in
 * (the order QEMU's tree has, which some guests' enumeration follows). */
#include "devices/fdt.h"

#include <libfdt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "devices/plic.h"

#define FDT_MAX_HARTS 8
#define FDT_INITIAL_SIZE (64u * 1024)
#define FDT_MAX_SIZE (64u * 1024 * 1024)

/* Where a build step failed, for the error message. */
struct fdt_where {
    const char *what;
};

static int fdt_fail(struct fdt_where *w, const char *what, int r)
{
    w->what = what;
    return r;
}

static int fdt_set_reg(void *fdt, int node, uint64_t base, uint64_t size)
{
    uint64_t reg[2] = {cpu_to_fdt64(base), cpu_to_fdt64(size)};
    return fdt_setprop(fdt, node, "reg", reg, sizeof reg);
}

static int fdt_add_root(void *fdt, struct fdt_where *w)
{
    static const char compat[] = "riscv-virtio";
    int r;
    if ((r = fdt_setprop_u32(fdt, 0, "#address-cells", 2)) < 0 ||
        (r = fdt_setprop_u32(fdt, 0, "#size-cells", 2)) < 0 ||
        (r = fdt_setprop_string(fdt, 0, "compatible", compat)) < 0 ||
        (r = fdt_setprop_string(fdt, 0, "model", "riscv-virtio,qemu")) < 0)
        return fdt_fail(w, "root node", r);
    return 0;
}

static int fdt_add_soc(void *fdt, const struct fdt_board *b, struct fdt_where *w)
{
    int soc = fdt_add_subnode(fdt, 0, "soc");
    if (soc < 0)
        return fdt_fail(w, "/soc", soc);
    int r;
    if ((r = fdt_setprop_u32(fdt, soc, "#address-cells", 2)) < 0 ||
        (r = fdt_setprop_u32(fdt, soc, "#size-cells", 2)) < 0 ||
        (r = fdt_setprop_string(fdt, soc, "compatible", "simple-bus")) < 0 ||
        (r = fdt_setprop_empty(fdt, soc, "ranges")) < 0)
        return fdt_fail(w, "/soc", r);

    struct fdt_ctx ctx = {.nharts = b->nharts};
    for (unsigned h = 0; h < b->nharts; h++)
        ctx.cpu_intc_phandle[h] = 1 + h;
    for (unsigned i = 0; i < b->ndevices; i++)
        if (b->devices[i].name && !strcmp(b->devices[i].name, PLIC_DEVICE_NAME))
            ctx.plic_phandle = FDT_PLIC_PHANDLE;

    for (unsigned i = b->ndevices; i-- > 0;) {
        const struct device *d = &b->devices[i];
        if (!d->fdt_node)
            continue;
        /* A device may add root-level nodes, which moves /soc. */
        soc = fdt_path_offset(fdt, "/soc");
        if (soc < 0)
            return fdt_fail(w, "/soc", soc);
        r = d->fdt_node(d->state, fdt, soc, &ctx);
        if (r < 0)
            return fdt_fail(w, d->name ? d->name : "a device", r);
    }
    return 0;
}

/* riscv,isa (the one string older software parses), riscv,isa-base and
 * riscv,isa-extensions (the list newer Linux prefers), and the cache-block
 * sizes that Zicbom/Zicboz software reads. */
static int fdt_add_isa(void *fdt, int cpu, const struct fdt_board *b)
{
    char isa[512] = "rv64", list[512];
    size_t ilen = strlen(isa), llen = 0;
    for (const char *const *e = b->isa_extensions; *e; e++) {
        size_t n = strlen(*e);
        bool letter = n == 1;
        if (ilen + n + 2 > sizeof isa || llen + n + 1 > sizeof list)
            return -FDT_ERR_NOSPACE;
        if (!letter)
            isa[ilen++] = '_';
        memcpy(isa + ilen, *e, n + 1);
        ilen += n;
        memcpy(list + llen, *e, n + 1); /* a string list: NUL after each */
        llen += n + 1;
    }
    int r;
    if ((r = fdt_setprop_string(fdt, cpu, "riscv,isa", isa)) < 0 ||
        (r = fdt_setprop_string(fdt, cpu, "riscv,isa-base", "rv64i")) < 0 ||
        (r = fdt_setprop(fdt, cpu, "riscv,isa-extensions", list, (int)llen)) < 0)
        return r;
    if (b->cbo_block_size &&
        ((r = fdt_setprop_u32(fdt, cpu, "riscv,cbom-block-size", b->cbo_block_size)) < 0 ||
         (r = fdt_setprop_u32(fdt, cpu, "riscv,cboz-block-size", b->cbo_block_size)) < 0))
        return r;
    return 0;
}

static int fdt_add_cpu(void *fdt, int cpus, const struct fdt_board *b, unsigned h)
{
    char name[16];
    snprintf(name, sizeof name, "cpu@%u", h);
    int cpu = fdt_add_subnode(fdt, cpus, name);
    if (cpu < 0)
        return cpu;
    int r;
    if ((r = fdt_setprop_u32(fdt, cpu, "phandle", FDT_CPU_PHANDLE_BASE + h)) < 0 ||
        (r = fdt_setprop_string(fdt, cpu, "device_type", "cpu")) < 0 ||
        (r = fdt_setprop_u32(fdt, cpu, "reg", h)) < 0 ||
        (r = fdt_setprop_string(fdt, cpu, "status", "okay")) < 0 ||
        (r = fdt_setprop_string(fdt, cpu, "compatible", "riscv")) < 0 ||
        (r = fdt_add_isa(fdt, cpu, b)) < 0)
        return r;
    if (b->mmu_type && (r = fdt_setprop_string(fdt, cpu, "mmu-type", b->mmu_type)) < 0)
        return r;

    int intc = fdt_add_subnode(fdt, cpu, "interrupt-controller");
    if (intc < 0)
        return intc;
    /* #address-cells 0 keeps interrupt-map parsing (and dtc) content. */
    if ((r = fdt_setprop_u32(fdt, intc, "#address-cells", 0)) < 0 ||
        (r = fdt_setprop_u32(fdt, intc, "#interrupt-cells", 1)) < 0 ||
        (r = fdt_setprop_empty(fdt, intc, "interrupt-controller")) < 0 ||
        (r = fdt_setprop_string(fdt, intc, "compatible", "riscv,cpu-intc")) < 0 ||
        (r = fdt_setprop_u32(fdt, intc, "phandle", 1 + h)) < 0)
        return r;
    return 0;
}

static int fdt_add_cpu_map(void *fdt, int cpus, unsigned nharts)
{
    int map = fdt_add_subnode(fdt, cpus, "cpu-map");
    if (map < 0)
        return map;
    int cluster = fdt_add_subnode(fdt, map, "cluster0");
    if (cluster < 0)
        return cluster;
    for (unsigned h = nharts; h-- > 0;) {
        char name[16];
        snprintf(name, sizeof name, "core%u", h);
        int core = fdt_add_subnode(fdt, cluster, name);
        if (core < 0)
            return core;
        int r = fdt_setprop_u32(fdt, core, "cpu", FDT_CPU_PHANDLE_BASE + h);
        if (r < 0)
            return r;
    }
    return 0;
}

static int fdt_add_cpus(void *fdt, const struct fdt_board *b, struct fdt_where *w)
{
    int cpus = fdt_add_subnode(fdt, 0, "cpus");
    if (cpus < 0)
        return fdt_fail(w, "/cpus", cpus);
    int r;
    if ((r = fdt_setprop_u32(fdt, cpus, "#address-cells", 1)) < 0 ||
        (r = fdt_setprop_u32(fdt, cpus, "#size-cells", 0)) < 0 ||
        (r = fdt_setprop_u32(fdt, cpus, "timebase-frequency", b->timebase)) < 0)
        return fdt_fail(w, "/cpus", r);
    if ((r = fdt_add_cpu_map(fdt, cpus, b->nharts)) < 0)
        return fdt_fail(w, "/cpus/cpu-map", r);
    /* Children go inside /cpus, after its start, so its offset holds. */
    for (unsigned h = b->nharts; h-- > 0;) {
        if ((r = fdt_add_cpu(fdt, cpus, b, h)) < 0)
            return fdt_fail(w, "a /cpus/cpu node", r);
    }
    return 0;
}

static int fdt_add_memory(void *fdt, const struct fdt_board *b, struct fdt_where *w)
{
    char name[32];
    snprintf(name, sizeof name, "memory@%llx", (unsigned long long)b->ram_base);
    int mem = fdt_add_subnode(fdt, 0, name);
    if (mem < 0)
        return fdt_fail(w, "/memory", mem);
    int r;
    if ((r = fdt_setprop_string(fdt, mem, "device_type", "memory")) < 0 ||
        (r = fdt_set_reg(fdt, mem, b->ram_base, b->ram_size)) < 0)
        return fdt_fail(w, "/memory", r);
    return 0;
}

static int fdt_add_chosen(void *fdt, const struct fdt_board *b, struct fdt_where *w)
{
    int chosen = fdt_add_subnode(fdt, 0, "chosen");
    if (chosen < 0)
        return fdt_fail(w, "/chosen", chosen);
    int r = 0;
    if (b->bootargs && (r = fdt_setprop_string(fdt, chosen, "bootargs", b->bootargs)) < 0)
        return fdt_fail(w, "/chosen", r);
    if (b->stdout_path &&
        (r = fdt_setprop_string(fdt, chosen, "stdout-path", b->stdout_path)) < 0)
        return fdt_fail(w, "/chosen", r);
    if (b->initrd_end > b->initrd_start) {
        if ((r = fdt_setprop_u64(fdt, chosen, "linux,initrd-start", b->initrd_start)) < 0 ||
            (r = fdt_setprop_u64(fdt, chosen, "linux,initrd-end", b->initrd_end)) < 0)
            return fdt_fail(w, "/chosen", r);
    }
    return 0;
}

static int fdt_fill(void *fdt, size_t cap, const struct fdt_board *b, struct fdt_where *w)
{
    int r = fdt_create_empty_tree(fdt, (int)cap);
    if (r < 0)
        return fdt_fail(w, "empty tree", r);
    if ((r = fdt_add_root(fdt, w)) < 0 ||
        (r = fdt_add_soc(fdt, b, w)) < 0 ||
        (r = fdt_add_cpus(fdt, b, w)) < 0 ||
        (r = fdt_add_memory(fdt, b, w)) < 0 ||
        (r = fdt_add_chosen(fdt, b, w)) < 0)
        return r;
    return 0;
}

static int fdt_check_board(const struct fdt_board *b, char *err, size_t errlen)
{
    if (b->nharts == 0 || b->nharts > FDT_MAX_HARTS)
        snprintf(err, errlen, "%u harts requested, 1 to %d supported",
                 b->nharts, FDT_MAX_HARTS);
    else if (!b->isa_extensions || !b->isa_extensions[0] || strcmp(b->isa_extensions[0], "i"))
        snprintf(err, errlen, "no ISA extensions (the list must start with \"i\")");
    else if (b->ram_size == 0)
        snprintf(err, errlen, "RAM size is 0");
    else if (b->timebase == 0)
        snprintf(err, errlen, "timebase-frequency is 0 (mtime runs at 10000000)");
    else if (b->ndevices && !b->devices)
        snprintf(err, errlen, "%u devices announced but none given",
                 b->ndevices);
    else
        return 0;
    return -1;
}

int fdt_build(const struct fdt_board *b, void **blob, size_t *size, char *err, size_t errlen)
{
    *blob = NULL;
    *size = 0;
    if (fdt_check_board(b, err, errlen) < 0)
        return -1;

    for (size_t cap = FDT_INITIAL_SIZE; cap <= FDT_MAX_SIZE; cap *= 2) {
        void *fdt = malloc(cap);
        if (!fdt) {
            snprintf(err, errlen, "out of memory (%zu bytes)", cap);
            return -1;
        }
        struct fdt_where w = {.what = "?"};
        int r = fdt_fill(fdt, cap, b, &w);
        if (r == 0)
            r = fdt_pack(fdt);
        if (r == 0) {
            size_t used = fdt_totalsize(fdt);
            void *shrunk = realloc(fdt, used);
            *blob = shrunk ? shrunk : fdt;
            *size = used;
            return 0;
        }
        free(fdt);
        if (r != -FDT_ERR_NOSPACE) {
            snprintf(err, errlen, "%s: %s", w.what, fdt_strerror(r));
            return -1;
        }
    }
    snprintf(err, errlen, "larger than %u bytes", FDT_MAX_SIZE);
    return -1;
}
