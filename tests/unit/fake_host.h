/* A recording stand-in for the machine, for device unit tests: it keeps
 * every hart's mip as the devices drive it, the console bytes, the stop
 * requests, kicks, and the levels of interrupt lines, and lets a test set
 * virtual time by hand.  DMA goes to a RAM buffer the test lends it
 * (fake_host_set_ram), and input_pull hands out scripted bytes
 * (fake_host_set_input). */
#ifndef REWIND_TESTS_FAKE_HOST_H
#define REWIND_TESTS_FAKE_HOST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "core/device.h"

#define FAKE_MAX_HARTS 8
#define FAKE_OUT_MAX 4096
#define FAKE_MAX_IRQS 128

struct fake_host {
    uint64_t mip[FAKE_MAX_HARTS];
    unsigned set_mip_calls;
    uint64_t now; /* what dev_host.mtime returns */
    uint8_t out[FAKE_OUT_MAX];
    size_t nout;
    unsigned stops;
    enum dev_stop_kind stop_kind;
    int stop_code;
    unsigned kicks;
    bool irq[FAKE_MAX_IRQS];
    unsigned irq_calls;
    /* Guest RAM for DMA: [ram_base, ram_base + ram_size) maps to ram. */
    uint8_t *ram;
    uint64_t ram_base;
    size_t ram_size;
    unsigned dma_fails;
    /* Scripted outside input: consumed in order, whatever the kind. */
    const uint8_t *input;
    size_t input_len, input_pos;
    unsigned pulls[8];      /* successful pulls, by kind */
    unsigned failed_pulls;
};

static inline void fake_set_mip(void *o, unsigned hart, uint64_t mask, bool level)
{
    struct fake_host *f = o;
    if (hart >= FAKE_MAX_HARTS)
        return;
    f->set_mip_calls++;
    if (level)
        f->mip[hart] |= mask;
    else
        f->mip[hart] &= ~mask;
}

static inline uint64_t fake_mtime(void *o)
{
    return ((struct fake_host *)o)->now;
}

static inline void fake_console_out(void *o, const uint8_t *buf, size_t n)
{
    struct fake_host *f = o;
    for (size_t i = 0; i < n && f->nout < FAKE_OUT_MAX; i++)
        f->out[f->nout++] = buf[i];
}

static inline void fake_request_stop(void *o, enum dev_stop_kind kind, int code)
{
    struct fake_host *f = o;
    f->stops++;
    f->stop_kind = kind;
    f->stop_code = code;
}

static inline void fake_kick(void *o)
{
    ((struct fake_host *)o)->kicks++;
}

static inline void fake_irq_set(void *ctrl, unsigned irq, bool level)
{
    struct fake_host *f = ctrl;
    if (irq < FAKE_MAX_IRQS)
        f->irq[irq] = level;
    f->irq_calls++;
}

static inline bool fake_ram_range(const struct fake_host *f, uint64_t paddr, size_t len)
{
    return f->ram && paddr >= f->ram_base && paddr - f->ram_base <= f->ram_size &&
           len <= f->ram_size - (paddr - f->ram_base);
}

static inline int fake_dma_read(void *o, uint64_t paddr, void *buf, size_t len)
{
    struct fake_host *f = o;
    if (!fake_ram_range(f, paddr, len)) {
        f->dma_fails++;
        return -1;
    }
    memcpy(buf, f->ram + (paddr - f->ram_base), len);
    return 0;
}

static inline int fake_dma_write(void *o, uint64_t paddr, const void *buf, size_t len)
{
    struct fake_host *f = o;
    if (!fake_ram_range(f, paddr, len)) {
        f->dma_fails++;
        return -1;
    }
    memcpy(f->ram + (paddr - f->ram_base), buf, len);
    return 0;
}

/* All or nothing, like the replay layer: a short script gives -1. */
static inline int fake_input_pull(void *o, enum dev_input_kind kind, void *buf, size_t len)
{
    struct fake_host *f = o;
    if (len > f->input_len - f->input_pos) {
        f->failed_pulls++;
        return -1;
    }
    memcpy(buf, f->input + f->input_pos, len);
    f->input_pos += len;
    if ((unsigned)kind < 8)
        f->pulls[kind]++;
    return 0;
}

static inline struct dev_host fake_host_init(struct fake_host *f)
{
    memset(f, 0, sizeof *f);
    return (struct dev_host){
        .opaque = f,
        .set_mip = fake_set_mip,
        .mtime = fake_mtime,
        .console_out = fake_console_out,
        .request_stop = fake_request_stop,
        .kick = fake_kick,
        .input_pull = fake_input_pull,
        .dma_read = fake_dma_read,
        .dma_write = fake_dma_write,
    };
}

static inline void fake_host_set_ram(struct fake_host *f, uint64_t base, uint8_t *ram, size_t size)
{
    f->ram = ram;
    f->ram_base = base;
    f->ram_size = size;
}

/* Replace the input script (the bytes must outlive the pulls). */
static inline void fake_host_set_input(struct fake_host *f, const uint8_t *bytes, size_t len)
{
    f->input = bytes;
    f->input_len = len;
    f->input_pos = 0;
}

static inline struct irq_line fake_irq_line(struct fake_host *f, unsigned irq)
{
    return (struct irq_line){.set = fake_irq_set, .ctrl = f, .irq = irq};
}

/* MMIO through the device's ops, as the bus would do it. */
static inline uint64_t dev_rd(const struct device *d, uint64_t off, unsigned size)
{
    uint64_t v = 0xdeadbeefdeadbeefull; /* must be overwritten */
    int r = d->ops->read(d->state, off, size, &v);
    return r == 0 ? v : 0xbad0bad0bad0bad0ull;
}

static inline void dev_wr(const struct device *d, uint64_t off, unsigned size, uint64_t v)
{
    d->ops->write(d->state, off, size, v);
}

#endif
