/* virtio-mmio transport, version 2 ("modern") register layout.
 *
 * A slot without a backend must still answer the identification registers:
 * Linux and U-Boot probe every slot listed in the tree and skip those with
 * device id 0, so answering zeros for everything would look like a broken
 * device rather than an empty one. */
#include "devices/virtio_mmio.h"

#include <libfdt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define VIRTIO_MMIO_MAGIC 0x74726976u  /* "virt" */
#define VIRTIO_MMIO_VENDOR 0x554d4551u /* "QEMU", so drivers' quirks match */
#define VIRTIO_MMIO_SIZE 0x1000

enum {
    VIRTIO_MMIO_REG_MAGIC = 0x000,
    VIRTIO_MMIO_REG_VERSION = 0x004,
    VIRTIO_MMIO_REG_DEVICE_ID = 0x008,
    VIRTIO_MMIO_REG_VENDOR_ID = 0x00c,
};

struct virtio_mmio {
    struct dev_host host;
    struct irq_line irq;
    uint64_t base;
    uint32_t device_id; /* 0: empty slot */
    const struct virtio_backend_ops *backend;
    void *backend_state;
};

static uint32_t virtio_mmio_reg(const struct virtio_mmio *v, uint64_t reg)
{
    switch (reg) {
    case VIRTIO_MMIO_REG_MAGIC:
        return VIRTIO_MMIO_MAGIC;
    case VIRTIO_MMIO_REG_VERSION:
        return 2;
    case VIRTIO_MMIO_REG_DEVICE_ID:
        return v->device_id;
    case VIRTIO_MMIO_REG_VENDOR_ID:
        return VIRTIO_MMIO_VENDOR;
    default:
        return 0;
    }
}

static int virtio_mmio_read(void *dev, uint64_t off, unsigned size, uint64_t *val)
{
    struct virtio_mmio *v = dev;
    /* Any access sees the bytes of the 32-bit registers it covers. */
    uint64_t r = 0;
    for (unsigned i = 0; i < size; i++) {
        uint64_t a = off + i;
        uint64_t byte = (virtio_mmio_reg(v, a & ~3ull) >> (8 * (a & 3))) & 0xff;
        r |= byte << (8 * i);
    }
    *val = r;
    return 0;
}

static int virtio_mmio_write(void *dev, uint64_t off, unsigned size, uint64_t val)
{
    (void)dev;
    (void)off;
    (void)size;
    (void)val; /* an empty slot has nothing to configure */
    return 0;
}

static const struct mmio_ops virtio_mmio_ops = {
    .read = virtio_mmio_read,
    .write = virtio_mmio_write,
};

static void virtio_mmio_reset(void *state)
{
    struct virtio_mmio *v = state;
    irq_line_set(&v->irq, false);
}

static int virtio_mmio_fdt_node(void *state, void *fdt, int soc, const struct fdt_ctx *ctx)
{
    struct virtio_mmio *v = state;
    char name[40];
    snprintf(name, sizeof name, "virtio_mmio@%llx", (unsigned long long)v->base);
    int node = fdt_add_subnode(fdt, soc, name);
    if (node < 0)
        return node;
    uint64_t reg[2] = {cpu_to_fdt64(v->base), cpu_to_fdt64(VIRTIO_MMIO_SIZE)};
    int r;
    if ((r = fdt_setprop_string(fdt, node, "compatible", "virtio,mmio")) < 0 ||
        (r = fdt_setprop(fdt, node, "reg", reg, sizeof reg)) < 0 ||
        (r = fdt_setprop_u32(fdt, node, "interrupts", v->irq.irq)) < 0)
        return r;
    if (ctx->plic_phandle &&
        (r = fdt_setprop_u32(fdt, node, "interrupt-parent", ctx->plic_phandle)) < 0)
        return r;
    return 0;
}

struct virtio_mmio *virtio_mmio_create(const struct dev_host *host, struct irq_line irq)
{
    struct virtio_mmio *v = calloc(1, sizeof *v);
    if (!v)
        return NULL;
    v->host = *host;
    v->irq = irq;
    return v;
}

void virtio_mmio_device(struct virtio_mmio *v, uint64_t base, struct device *d)
{
    v->base = base;
    memset(d, 0, sizeof *d);
    d->name = "virtio_mmio";
    d->base = base;
    d->size = VIRTIO_MMIO_SIZE;
    d->ops = &virtio_mmio_ops;
    d->state = v;
    d->fdt_node = virtio_mmio_fdt_node;
    d->reset = virtio_mmio_reset;
    d->destroy = free;
}
