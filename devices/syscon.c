/* "sifive,test" finisher, the board's power switch.
 *
 * The low 16 bits of a write to offset 0 select the action, the high 16
 * bits carry the failure code.  Anything else is ignored, as on QEMU. */
#include "devices/syscon.h"

#include <libfdt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/serial.h"

#define SYSCON_SAVE_TAG 0x54534554u /* "TEST" */
#define SYSCON_SAVE_VERSION 1
#define SYSCON_FAIL 0x3333
#define SYSCON_PASS 0x5555
#define SYSCON_RESET 0x7777
#define SYSCON_SIZE 0x1000

struct syscon {
    struct dev_host host;
    uint64_t base;
};

static void syscon_stop(struct syscon *s, enum dev_stop_kind kind, int code)
{
    if (s->host.request_stop)
        s->host.request_stop(s->host.opaque, kind, code);
}

static int syscon_read(void *dev, uint64_t off, unsigned size, uint64_t *val)
{
    (void)dev;
    (void)off;
    (void)size;
    *val = 0;
    return 0;
}

static int syscon_write(void *dev, uint64_t off, unsigned size, uint64_t val)
{
    struct syscon *s = dev;
    /* A 16-bit store of the command alone is as good as a 32-bit one. */
    if (off != 0 || size < 2)
        return 0;
    int code = (int)((val >> 16) & 0xffff);
    switch (val & 0xffff) {
    case SYSCON_FAIL:
        syscon_stop(s, DEV_STOP_FAIL, code);
        break;
    case SYSCON_PASS:
        syscon_stop(s, DEV_STOP_POWEROFF, 0);
        break;
    case SYSCON_RESET:
        syscon_stop(s, DEV_STOP_REBOOT, 0);
        break;
    default:
        break;
    }
    return 0;
}

static void syscon_reset(void *state)
{
    (void)state; /* nothing to forget: the finisher has no state */
}

/* No state, but an image all the same: a tag keeps a stream of device
 * images checkable, and a load that finds something else refuses it. */
static void syscon_save(void *state, struct sbuf *w)
{
    (void)state;
    put_u32(w, SYSCON_SAVE_TAG);
    put_u8(w, SYSCON_SAVE_VERSION);
}

static int syscon_load(void *state, struct sreader *r)
{
    (void)state;
    bool ok = get_u32(r) == SYSCON_SAVE_TAG;
    ok &= get_u8(r) == SYSCON_SAVE_VERSION;
    return ok && !r->bad ? 0 : -1;
}

static const struct mmio_ops syscon_ops = {
    .read = syscon_read,
    .write = syscon_write,
};

static int syscon_action_node(void *fdt, const char *name, const char *compat, uint32_t value)
{
    int node = fdt_add_subnode(fdt, 0, name);
    if (node < 0)
        return node;
    int r;
    if ((r = fdt_setprop_string(fdt, node, "compatible", compat)) < 0 ||
        (r = fdt_setprop_u32(fdt, node, "regmap", SYSCON_PHANDLE)) < 0 ||
        (r = fdt_setprop_u32(fdt, node, "offset", 0)) < 0 ||
        (r = fdt_setprop_u32(fdt, node, "value", value)) < 0)
        return r;
    return 0;
}

static int syscon_fdt_node(void *state, void *fdt, int soc, const struct fdt_ctx *ctx)
{
    struct syscon *s = state;
    (void)ctx;
    char name[32];
    snprintf(name, sizeof name, "test@%llx", (unsigned long long)s->base);
    int node = fdt_add_subnode(fdt, soc, name);
    if (node < 0)
        return node;
    static const char compat[] = "sifive,test1\0sifive,test0\0syscon";
    uint64_t reg[2] = {cpu_to_fdt64(s->base), cpu_to_fdt64(SYSCON_SIZE)};
    int r;
    if ((r = fdt_setprop(fdt, node, "compatible", compat, sizeof compat)) < 0 ||
        (r = fdt_setprop(fdt, node, "reg", reg, sizeof reg)) < 0 ||
        (r = fdt_setprop_u32(fdt, node, "phandle", SYSCON_PHANDLE)) < 0)
        return r;
    /* Root-level like QEMU's; the test node is finished, so moving it by
     * inserting before /soc is harmless. */
    if ((r = syscon_action_node(fdt, "reboot", "syscon-reboot", SYSCON_RESET)) < 0 ||
        (r = syscon_action_node(fdt, "poweroff", "syscon-poweroff", SYSCON_PASS)) < 0)
        return r;
    return 0;
}

struct syscon *syscon_create(const struct dev_host *host)
{
    struct syscon *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    s->host = *host;
    return s;
}

void syscon_device(struct syscon *s, uint64_t base, struct device *d)
{
    s->base = base;
    memset(d, 0, sizeof *d);
    d->name = "test";
    d->base = base;
    d->size = SYSCON_SIZE;
    d->ops = &syscon_ops;
    d->state = s;
    d->fdt_node = syscon_fdt_node;
    d->reset = syscon_reset;
    d->destroy = free;
    d->save = syscon_save;
    d->load = syscon_load;
}
