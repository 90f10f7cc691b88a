/* SiFive PLIC, QEMU virt layout, with QEMU 7.2's gateway behaviour.
 *
 * Course kernels are written against QEMU's `sifive_plic`, which differs
 * from a spec-level gateway in a way software depends on: every time a
 * device drives its line, `pending` takes that level (a raise pends the
 * source even while it is claimed; a lower un-pends it), and completion only
 * takes the source out of service: it never re-samples a line that is still
 * high.  A spec gateway re-pends at completion, so a device whose line stays
 * high (a 16550 with THRE enabled whose driver never reads IIR, as xv6's
 * does) interrupts forever; under QEMU it interrupts once per event.  Devices
 * therefore drive their line at the moments QEMU's models do (each model
 * says where), not only when the level changes.  docs/devices.md lists
 * the cases. */
#include "devices/plic.h"

#include <libfdt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/serial.h"

#define PLIC_SAVE_TAG 0x43494c50u /* "PLIC" */
#define PLIC_SAVE_VERSION 2 /* 2: no line levels, QEMU 7.2 gateways */
#define PLIC_MAX_HARTS 8
#define PLIC_MAX_CTX (2 * PLIC_MAX_HARTS)
#define PLIC_WORDS (PLIC_NSOURCES / 32)
#define PLIC_PRIO_MASK 7u

#define PLIC_PRIORITY 0x0
#define PLIC_PENDING 0x1000
#define PLIC_ENABLE 0x2000
#define PLIC_ENABLE_STRIDE 0x80
#define PLIC_CONTEXT 0x200000
#define PLIC_CONTEXT_STRIDE 0x1000
#define PLIC_SIZE 0x600000

struct plic {
    struct dev_host host;
    uint64_t base;
    unsigned nharts, nctx;
    uint8_t priority[PLIC_NSOURCES];
    uint32_t pending[PLIC_WORDS];    /* the level each line was last driven to */
    uint32_t in_service[PLIC_WORDS]; /* claimed, not yet completed: not offered */
    uint32_t enable[PLIC_MAX_CTX][PLIC_WORDS];
    uint8_t threshold[PLIC_MAX_CTX];
    bool out[PLIC_MAX_CTX];          /* the mip level we last drove */
};

static void plic_put_bit(uint32_t *w, unsigned id, bool v)
{
    if (v)
        w[id / 32] |= 1u << (id % 32);
    else
        w[id / 32] &= ~(1u << (id % 32));
}

/* The source a claim by `ctx` would return: highest priority above the
 * threshold, ties to the lowest id; 0 when none. */
static unsigned plic_best(const struct plic *p, unsigned ctx)
{
    unsigned best = 0, best_prio = p->threshold[ctx];
    for (unsigned w = 0; w < PLIC_WORDS; w++) {
        uint32_t bits = p->pending[w] & ~p->in_service[w] & p->enable[ctx][w];
        while (bits) {
            unsigned id = 32 * w + (unsigned)__builtin_ctz(bits);
            bits &= bits - 1;
            if (p->priority[id] > best_prio) {
                best = id;
                best_prio = p->priority[id];
            }
        }
    }
    return best;
}

static void plic_update(struct plic *p)
{
    for (unsigned ctx = 0; ctx < p->nctx; ctx++) {
        bool level = plic_best(p, ctx) != 0;
        if (level == p->out[ctx])
            continue;
        p->out[ctx] = level;
        if (p->host.set_mip)
            p->host.set_mip(p->host.opaque, ctx / 2, (ctx & 1) ? MIP_SEIP : MIP_MEIP, level);
    }
}

void plic_set_irq(void *ctrl, unsigned irq, bool level)
{
    struct plic *p = ctrl;
    if (irq == 0 || irq >= PLIC_NSOURCES)
        return;
    plic_put_bit(p->pending, irq, level);
    plic_update(p);
}

static uint32_t plic_claim(struct plic *p, unsigned ctx)
{
    unsigned id = plic_best(p, ctx);
    if (id) {
        plic_put_bit(p->pending, id, false);
        plic_put_bit(p->in_service, id, true);
    }
    return id;
}

/* QEMU accepts a completion from any context, enabled or not (the spec
 * would ignore one the context cannot see), and does not re-sample. */
static void plic_complete(struct plic *p, uint32_t id)
{
    if (id == 0 || id >= PLIC_NSOURCES)
        return;
    plic_put_bit(p->in_service, id, false);
}

static int plic_read(void *dev, uint64_t off, unsigned size, uint64_t *val)
{
    struct plic *p = dev;
    if (size != 4 || (off & 3))
        return -1; /* 32-bit registers only, as QEMU enforces */
    *val = 0;
    if (off < PLIC_PENDING) {
        if (off / 4 < PLIC_NSOURCES)
            *val = p->priority[off / 4];
    } else if (off < PLIC_PENDING + 4 * PLIC_WORDS) {
        *val = p->pending[(off - PLIC_PENDING) / 4];
    } else if (off >= PLIC_ENABLE && off < PLIC_ENABLE + PLIC_ENABLE_STRIDE * (uint64_t)p->nctx) {
        unsigned ctx = (unsigned)((off - PLIC_ENABLE) / PLIC_ENABLE_STRIDE);
        unsigned w = (unsigned)((off - PLIC_ENABLE) % PLIC_ENABLE_STRIDE) / 4;
        if (w < PLIC_WORDS)
            *val = p->enable[ctx][w];
    } else if (off >= PLIC_CONTEXT &&
               off < PLIC_CONTEXT + PLIC_CONTEXT_STRIDE * (uint64_t)p->nctx) {
        unsigned ctx = (unsigned)((off - PLIC_CONTEXT) / PLIC_CONTEXT_STRIDE);
        unsigned reg = (unsigned)((off - PLIC_CONTEXT) % PLIC_CONTEXT_STRIDE);
        if (reg == 0) {
            *val = p->threshold[ctx];
        } else if (reg == 4) {
            *val = plic_claim(p, ctx);
            plic_update(p);
        }
    }
    return 0;
}

static int plic_write(void *dev, uint64_t off, unsigned size, uint64_t val)
{
    struct plic *p = dev;
    uint32_t v = (uint32_t)val;
    if (size != 4 || (off & 3))
        return -1;
    if (off < PLIC_PENDING) {
        unsigned id = (unsigned)(off / 4);
        if (id == 0 || id >= PLIC_NSOURCES)
            return 0;
        p->priority[id] = v & PLIC_PRIO_MASK;
    } else if (off >= PLIC_ENABLE && off < PLIC_ENABLE + PLIC_ENABLE_STRIDE * (uint64_t)p->nctx) {
        unsigned ctx = (unsigned)((off - PLIC_ENABLE) / PLIC_ENABLE_STRIDE);
        unsigned w = (unsigned)((off - PLIC_ENABLE) % PLIC_ENABLE_STRIDE) / 4;
        if (w >= PLIC_WORDS)
            return 0;
        p->enable[ctx][w] = w == 0 ? v & ~1u : v; /* source 0 does not exist */
    } else if (off >= PLIC_CONTEXT &&
               off < PLIC_CONTEXT + PLIC_CONTEXT_STRIDE * (uint64_t)p->nctx) {
        unsigned ctx = (unsigned)((off - PLIC_CONTEXT) / PLIC_CONTEXT_STRIDE);
        unsigned reg = (unsigned)((off - PLIC_CONTEXT) % PLIC_CONTEXT_STRIDE);
        if (reg == 0)
            p->threshold[ctx] = v & PLIC_PRIO_MASK;
        else if (reg == 4)
            plic_complete(p, v);
        else
            return 0;
    } else {
        return 0; /* pending bits are read-only; the rest is reserved */
    }
    plic_update(p);
    return 0;
}

static const struct mmio_ops plic_ops = {
    .read = plic_read,
    .write = plic_write,
};

static void plic_reset(void *state)
{
    struct plic *p = state;
    memset(p->priority, 0, sizeof p->priority);
    memset(p->pending, 0, sizeof p->pending);
    memset(p->in_service, 0, sizeof p->in_service);
    memset(p->enable, 0, sizeof p->enable);
    memset(p->threshold, 0, sizeof p->threshold);
    for (unsigned ctx = 0; ctx < p->nctx; ctx++) {
        p->out[ctx] = false;
        if (p->host.set_mip)
            p->host.set_mip(p->host.opaque, ctx / 2, (ctx & 1) ? MIP_SEIP : MIP_MEIP, false);
    }
    plic_update(p);
}

static void plic_save_words(struct sbuf *w, const uint32_t *words)
{
    for (unsigned i = 0; i < PLIC_WORDS; i++)
        put_u32(w, words[i]);
}

static void plic_save(void *state, struct sbuf *w)
{
    struct plic *p = state;
    put_u32(w, PLIC_SAVE_TAG);
    put_u8(w, PLIC_SAVE_VERSION);
    put_u8(w, (uint8_t)p->nharts);
    for (unsigned id = 0; id < PLIC_NSOURCES; id++)
        put_u8(w, p->priority[id]);
    plic_save_words(w, p->pending);
    plic_save_words(w, p->in_service);
    for (unsigned ctx = 0; ctx < p->nctx; ctx++) {
        plic_save_words(w, p->enable[ctx]);
        put_u8(w, p->threshold[ctx]);
        put_bool(w, p->out[ctx]);
    }
}

static void plic_load_words(struct sreader *r, uint32_t *words)
{
    for (unsigned i = 0; i < PLIC_WORDS; i++)
        words[i] = get_u32(r);
}

static int plic_load(void *state, struct sreader *r)
{
    struct plic *p = state;
    struct plic t = *p;
    bool ok = get_u32(r) == PLIC_SAVE_TAG;
    ok &= get_u8(r) == PLIC_SAVE_VERSION;
    ok &= get_u8(r) == p->nharts;
    for (unsigned id = 0; id < PLIC_NSOURCES; id++) {
        t.priority[id] = get_u8(r);
        ok &= t.priority[id] <= PLIC_PRIO_MASK;
    }
    ok &= t.priority[0] == 0;
    plic_load_words(r, t.pending);
    plic_load_words(r, t.in_service);
    /* Source 0 does not exist: no bit of any set may name it. */
    ok &= !((t.pending[0] | t.in_service[0]) & 1);
    for (unsigned ctx = 0; ok && ctx < p->nctx; ctx++) {
        plic_load_words(r, t.enable[ctx]);
        t.threshold[ctx] = get_u8(r);
        uint8_t out = get_u8(r);
        ok &= !(t.enable[ctx][0] & 1) && t.threshold[ctx] <= PLIC_PRIO_MASK && out <= 1;
        t.out[ctx] = out;
    }
    if (!ok || r->bad)
        return -1;
    *p = t;
    for (unsigned ctx = 0; ctx < p->nctx; ctx++)
        if (p->host.set_mip)
            p->host.set_mip(p->host.opaque, ctx / 2, (ctx & 1) ? MIP_SEIP : MIP_MEIP, p->out[ctx]);
    return 0;
}

static int plic_fdt_node(void *state, void *fdt, int soc, const struct fdt_ctx *ctx)
{
    struct plic *p = state;
    char name[32];
    snprintf(name, sizeof name, "plic@%llx", (unsigned long long)p->base);
    int node = fdt_add_subnode(fdt, soc, name);
    if (node < 0)
        return node;
    static const char compat[] = "sifive,plic-1.0.0\0riscv,plic0";
    uint64_t reg[2] = {cpu_to_fdt64(p->base), cpu_to_fdt64(PLIC_SIZE)};
    uint32_t ext[4 * PLIC_MAX_HARTS];
    unsigned n = ctx->nharts < p->nharts ? ctx->nharts : p->nharts;
    for (unsigned h = 0; h < n; h++) {
        /* Context order: 2h is M mode (local irq 11), 2h+1 S mode (irq 9). */
        ext[4 * h + 0] = cpu_to_fdt32(ctx->cpu_intc_phandle[h]);
        ext[4 * h + 1] = cpu_to_fdt32(11);
        ext[4 * h + 2] = cpu_to_fdt32(ctx->cpu_intc_phandle[h]);
        ext[4 * h + 3] = cpu_to_fdt32(9);
    }
    int r;
    if ((r = fdt_setprop_u32(fdt, node, "phandle", ctx->plic_phandle)) < 0 ||
        (r = fdt_setprop_u32(fdt, node, "riscv,ndev", PLIC_NSOURCES - 1)) < 0 ||
        (r = fdt_setprop(fdt, node, "reg", reg, sizeof reg)) < 0 ||
        (r = fdt_setprop(fdt, node, "interrupts-extended", ext, 16 * n)) < 0 ||
        (r = fdt_setprop_empty(fdt, node, "interrupt-controller")) < 0 ||
        (r = fdt_setprop(fdt, node, "compatible", compat, sizeof compat)) < 0 ||
        (r = fdt_setprop_u32(fdt, node, "#address-cells", 0)) < 0 ||
        (r = fdt_setprop_u32(fdt, node, "#interrupt-cells", 1)) < 0)
        return r;
    return 0;
}

struct plic *plic_create(const struct dev_host *host, unsigned nharts)
{
    if (nharts == 0 || nharts > PLIC_MAX_HARTS)
        return NULL;
    struct plic *p = calloc(1, sizeof *p);
    if (!p)
        return NULL;
    p->host = *host;
    p->nharts = nharts;
    p->nctx = 2 * nharts;
    return p;
}

void plic_device(struct plic *p, uint64_t base, struct device *d)
{
    p->base = base;
    memset(d, 0, sizeof *d);
    d->name = PLIC_DEVICE_NAME;
    d->base = base;
    d->size = PLIC_SIZE;
    d->ops = &plic_ops;
    d->state = p;
    d->fdt_node = plic_fdt_node;
    d->reset = plic_reset;
    d->destroy = free;
    d->save = plic_save;
    d->load = plic_load;
}
