/* A recording stand-in for the machine, for device unit tests: it keeps
 * every hart's mip as the devices drive it, the console bytes, the stop
 * requests, kicks, and the levels of interrupt lines, and lets a test set
 * virtual time by hand. */
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
    };
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
