/* Goldfish RTC, register behaviour as QEMU's hw/rtc/goldfish_rtc.c. */
#include "devices/goldfish_rtc.h"

#include <libfdt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/serial.h"

#define RTC_NS_PER_TICK 100 /* mtime runs at 10 MHz */

enum {
    RTC_TIME_LOW = 0x00,
    RTC_TIME_HIGH = 0x04,
    RTC_ALARM_LOW = 0x08,
    RTC_ALARM_HIGH = 0x0c,
    RTC_IRQ_ENABLED = 0x10,
    RTC_CLEAR_ALARM = 0x14,
    RTC_ALARM_STATUS = 0x18,
    RTC_CLEAR_INTERRUPT = 0x1c,
};

#define RTC_SAVE_TAG 0x43545247u /* "GRTC" */
#define RTC_SAVE_VERSION 1

struct goldfish_rtc {
    struct dev_host host;
    struct irq_line irq;
    uint64_t base_addr;

    bool seeded;       /* the wall-clock seed was pulled (or the guest set the time) */
    uint64_t base;     /* RTC ns = base + virtual ns (mod 2^64) */
    uint64_t alarm;    /* alarm_next: when to fire, in RTC ns */
    bool alarm_running;
    bool irq_enabled, irq_pending;
    uint32_t time_high; /* latched by reading TIME_LOW */
};

static uint64_t rtc_host_ticks(const struct goldfish_rtc *r)
{
    return r->host.mtime ? r->host.mtime(r->host.opaque) : 0;
}

static uint64_t rtc_now(const struct goldfish_rtc *r)
{
    return r->base + rtc_host_ticks(r) * RTC_NS_PER_TICK;
}

/* The first access is the seed's position, which replay reproduces. */
static void rtc_seed(struct goldfish_rtc *r)
{
    if (r->seeded || !r->host.input_pull)
        return;
    uint8_t b[8];
    if (r->host.input_pull(r->host.opaque, DEV_INPUT_RTC, b, sizeof b))
        return; /* not yet: run from the epoch meanwhile */
    uint64_t seed = 0;
    for (int i = 7; i >= 0; i--)
        seed = seed << 8 | b[i];
    r->base = seed - rtc_host_ticks(r) * RTC_NS_PER_TICK;
    r->seeded = true;
}

/* Drive the line.  As QEMU 7.2's goldfish RTC does: when the alarm fires
 * and on IRQ_ENABLED and CLEAR_INTERRUPT writes (see core/device.h). */
static void rtc_update_irq(struct goldfish_rtc *r)
{
    irq_line_set(&r->irq, r->irq_pending && r->irq_enabled);
}

static void rtc_check_alarm(struct goldfish_rtc *r)
{
    if (r->alarm_running && r->alarm <= rtc_now(r)) {
        r->alarm_running = false;
        r->irq_pending = true;
        rtc_update_irq(r);
    }
}

void goldfish_rtc_update(struct goldfish_rtc *r)
{
    rtc_check_alarm(r);
}

uint64_t goldfish_rtc_next_deadline(const struct goldfish_rtc *r)
{
    if (!r->alarm_running)
        return UINT64_MAX;
    uint64_t ticks = rtc_host_ticks(r), now = rtc_now(r);
    if (r->alarm <= now)
        return ticks; /* due: the caller should call goldfish_rtc_update now */
    uint64_t wait = r->alarm - now;
    uint64_t dt = wait / RTC_NS_PER_TICK + (wait % RTC_NS_PER_TICK != 0);
    return dt > UINT64_MAX - ticks ? UINT64_MAX : ticks + dt;
}

static void rtc_set_time(struct goldfish_rtc *r, uint64_t t)
{
    r->base = t - rtc_host_ticks(r) * RTC_NS_PER_TICK;
    r->seeded = true; /* the guest's clock now, whatever the host's */
}

/* QEMU re-arms on every ALARM_LOW write: an alarm in the past fires at once. */
static void rtc_arm(struct goldfish_rtc *r)
{
    r->alarm_running = true;
    rtc_check_alarm(r);
}

static int rtc_read(void *dev, uint64_t off, unsigned size, uint64_t *val)
{
    struct goldfish_rtc *r = dev;
    if (size != 4 || (off & 3))
        return -1; /* 32-bit registers only, as QEMU enforces */
    rtc_seed(r);
    rtc_check_alarm(r);
    uint64_t now;
    switch (off) {
    case RTC_TIME_LOW:
        now = rtc_now(r);
        r->time_high = (uint32_t)(now >> 32);
        *val = (uint32_t)now;
        break;
    case RTC_TIME_HIGH:
        *val = r->time_high;
        break;
    case RTC_ALARM_LOW:
        *val = (uint32_t)r->alarm;
        break;
    case RTC_ALARM_HIGH:
        *val = (uint32_t)(r->alarm >> 32);
        break;
    case RTC_IRQ_ENABLED:
        *val = r->irq_enabled;
        break;
    case RTC_ALARM_STATUS:
        *val = r->alarm_running;
        break;
    default:
        *val = 0;
        break;
    }
    return 0;
}

static int rtc_write(void *dev, uint64_t off, unsigned size, uint64_t val)
{
    struct goldfish_rtc *r = dev;
    if (size != 4 || (off & 3))
        return -1;
    rtc_seed(r);
    uint32_t v = (uint32_t)val;
    switch (off) {
    case RTC_TIME_LOW:
        rtc_set_time(r, (rtc_now(r) & ~0xffffffffull) | v);
        break;
    case RTC_TIME_HIGH:
        rtc_set_time(r, (rtc_now(r) & 0xffffffffull) | (uint64_t)v << 32);
        break;
    case RTC_ALARM_LOW:
        r->alarm = (r->alarm & ~0xffffffffull) | v;
        rtc_arm(r);
        break;
    case RTC_ALARM_HIGH:
        r->alarm = (r->alarm & 0xffffffffull) | (uint64_t)v << 32;
        break;
    case RTC_IRQ_ENABLED:
        r->irq_enabled = v & 1;
        rtc_update_irq(r);
        break;
    case RTC_CLEAR_ALARM:
        r->alarm_running = false;
        break;
    case RTC_CLEAR_INTERRUPT:
        r->irq_pending = false;
        rtc_update_irq(r);
        break;
    default:
        break;
    }
    rtc_check_alarm(r);
    /* A new alarm (or a moved clock) changes the deadline to sleep until. */
    if (r->host.kick)
        r->host.kick(r->host.opaque);
    return 0;
}

static const struct mmio_ops rtc_ops = {
    .read = rtc_read,
    .write = rtc_write,
};

static void rtc_reset(void *state)
{
    struct goldfish_rtc *r = state;
    /* The clock keeps running across a reset, as a battery-backed one does:
     * keep seeded/base. */
    r->alarm = 0;
    r->alarm_running = false;
    r->irq_enabled = false;
    r->irq_pending = false;
    r->time_high = 0;
    rtc_update_irq(r);
}

static void rtc_save(void *state, struct sbuf *w)
{
    struct goldfish_rtc *r = state;
    put_u32(w, RTC_SAVE_TAG);
    put_u8(w, RTC_SAVE_VERSION);
    put_bool(w, r->seeded);
    put_u64(w, r->base);
    put_u64(w, r->alarm);
    put_bool(w, r->alarm_running);
    put_bool(w, r->irq_enabled);
    put_bool(w, r->irq_pending);
    put_u32(w, r->time_high);
}

static int rtc_load(void *state, struct sreader *rd)
{
    struct goldfish_rtc *r = state;
    struct goldfish_rtc t = *r;
    bool ok = get_u32(rd) == RTC_SAVE_TAG;
    ok &= get_u8(rd) == RTC_SAVE_VERSION;
    uint8_t seeded = get_u8(rd);
    t.base = get_u64(rd);
    t.alarm = get_u64(rd);
    uint8_t running = get_u8(rd), enabled = get_u8(rd), pending = get_u8(rd);
    t.time_high = get_u32(rd);
    if (!ok || rd->bad || seeded > 1 || running > 1 || enabled > 1 || pending > 1)
        return -1;
    t.seeded = seeded;
    t.alarm_running = running;
    t.irq_enabled = enabled;
    t.irq_pending = pending;
    *r = t; /* the PLIC's own image holds the line's effect */
    return 0;
}

static int rtc_fdt_node(void *state, void *fdt, int soc, const struct fdt_ctx *ctx)
{
    struct goldfish_rtc *r = state;
    char name[32];
    snprintf(name, sizeof name, "rtc@%llx", (unsigned long long)r->base_addr);
    int node = fdt_add_subnode(fdt, soc, name);
    if (node < 0)
        return node;
    uint64_t reg[2] = {cpu_to_fdt64(r->base_addr), cpu_to_fdt64(GOLDFISH_RTC_SIZE)};
    int e;
    if ((e = fdt_setprop_string(fdt, node, "compatible", "google,goldfish-rtc")) < 0 ||
        (e = fdt_setprop(fdt, node, "reg", reg, sizeof reg)) < 0 ||
        (e = fdt_setprop_u32(fdt, node, "interrupts", r->irq.irq)) < 0)
        return e;
    if (ctx->plic_phandle &&
        (e = fdt_setprop_u32(fdt, node, "interrupt-parent", ctx->plic_phandle)) < 0)
        return e;
    return 0;
}

struct goldfish_rtc *goldfish_rtc_create(const struct dev_host *host, struct irq_line irq)
{
    struct goldfish_rtc *r = calloc(1, sizeof *r);
    if (!r)
        return NULL;
    r->host = *host;
    r->irq = irq;
    return r;
}

void goldfish_rtc_device(struct goldfish_rtc *r, uint64_t base, struct device *d)
{
    r->base_addr = base;
    memset(d, 0, sizeof *d);
    d->name = "rtc";
    d->base = base;
    d->size = GOLDFISH_RTC_SIZE;
    d->ops = &rtc_ops;
    d->state = r;
    d->fdt_node = rtc_fdt_node;
    d->reset = rtc_reset;
    d->destroy = free;
    d->save = rtc_save;
    d->load = rtc_load;
}
