/* SiFive CLINT layout of the ACLINT: msip, mtimecmp, mtime.
 *
 * mtime is never stored: it is the machine's virtual time plus an offset,
 * so it stays a pure function of position (and guest writes to mtime only
 * move the offset). */
#include "devices/aclint.h"

#include <libfdt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/serial.h"

#define ACLINT_SAVE_TAG 0x544e4c43u /* "CLNT" */
#define ACLINT_SAVE_VERSION 1
#define ACLINT_MAX_HARTS 8
#define ACLINT_MSIP 0x0
#define ACLINT_MTIMECMP 0x4000
#define ACLINT_MTIME 0xbff8
#define ACLINT_SIZE 0x10000

struct aclint {
    struct dev_host host;
    uint64_t base;
    unsigned nharts;
    uint64_t offset; /* mtime = host.mtime() + offset (mod 2^64) */
    uint64_t mtimecmp[ACLINT_MAX_HARTS];
    bool msip[ACLINT_MAX_HARTS];
    bool mtip[ACLINT_MAX_HARTS]; /* the level we last drove */
};

static uint64_t aclint_host_time(const struct aclint *a)
{
    return a->host.mtime ? a->host.mtime(a->host.opaque) : 0;
}

uint64_t aclint_mtime(const struct aclint *a)
{
    return aclint_host_time(a) + a->offset;
}

static void aclint_drive(struct aclint *a, unsigned h, uint64_t mask, bool level)
{
    if (a->host.set_mip)
        a->host.set_mip(a->host.opaque, h, mask, level);
}

void aclint_update(struct aclint *a)
{
    uint64_t now = aclint_mtime(a);
    for (unsigned h = 0; h < a->nharts; h++) {
        bool level = now >= a->mtimecmp[h];
        if (level != a->mtip[h]) {
            a->mtip[h] = level;
            aclint_drive(a, h, MIP_MTIP, level);
        }
    }
}

uint64_t aclint_next_deadline(const struct aclint *a)
{
    uint64_t host_now = aclint_host_time(a);
    uint64_t now = host_now + a->offset;
    uint64_t best = UINT64_MAX;
    for (unsigned h = 0; h < a->nharts; h++) {
        if (a->mtip[h])
            continue; /* already raised: no future rise to wait for */
        uint64_t cmp = a->mtimecmp[h], when;
        if (now >= cmp) {
            /* Due but not yet applied: report the moment it became due, so
             * the caller sees an overdue deadline and calls aclint_update. */
            when = host_now - (now - cmp);
        } else {
            uint64_t delta = cmp - now;
            if (delta > UINT64_MAX - host_now)
                continue; /* beyond the end of time */
            when = host_now + delta;
        }
        if (when < best)
            best = when;
    }
    return best;
}

/* Registers are 32-bit (msip) or 64-bit (mtimecmp, mtime) and accept any
 * naturally contained narrower access, as 32-bit guests split the 64-bit
 * ones into halves.  Finds the register under `off`, its hart, and the
 * bit position of the access inside it. */
enum aclint_reg { ACLINT_REG_NONE, ACLINT_REG_MSIP, ACLINT_REG_MTIMECMP, ACLINT_REG_MTIME };

static enum aclint_reg aclint_decode(const struct aclint *a, uint64_t off, unsigned size,
                                     unsigned *hart, unsigned *shift)
{
    if (off < ACLINT_MSIP + 4ull * a->nharts) {
        if ((off & 3) + size > 4)
            return ACLINT_REG_NONE;
        *hart = (unsigned)(off / 4);
        *shift = (unsigned)(off & 3) * 8;
        return ACLINT_REG_MSIP;
    }
    if (off >= ACLINT_MTIMECMP && off < ACLINT_MTIMECMP + 8ull * a->nharts) {
        if ((off & 7) + size > 8)
            return ACLINT_REG_NONE;
        *hart = (unsigned)((off - ACLINT_MTIMECMP) / 8);
        *shift = (unsigned)(off & 7) * 8;
        return ACLINT_REG_MTIMECMP;
    }
    if (off >= ACLINT_MTIME && off < ACLINT_MTIME + 8) {
        if ((off & 7) + size > 8)
            return ACLINT_REG_NONE;
        *hart = 0;
        *shift = (unsigned)(off & 7) * 8;
        return ACLINT_REG_MTIME;
    }
    return ACLINT_REG_NONE;
}

static uint64_t aclint_size_mask(unsigned size)
{
    return size >= 8 ? UINT64_MAX : (1ull << (8 * size)) - 1;
}

static uint64_t aclint_merge(uint64_t old, uint64_t val, unsigned size, unsigned shift)
{
    uint64_t mask = aclint_size_mask(size) << shift;
    return (old & ~mask) | ((val << shift) & mask);
}

static int aclint_read(void *dev, uint64_t off, unsigned size, uint64_t *val)
{
    struct aclint *a = dev;
    unsigned h, shift;
    uint64_t reg;
    switch (aclint_decode(a, off, size, &h, &shift)) {
    case ACLINT_REG_MSIP:
        reg = a->msip[h];
        break;
    case ACLINT_REG_MTIMECMP:
        reg = a->mtimecmp[h];
        break;
    case ACLINT_REG_MTIME:
        reg = aclint_mtime(a);
        break;
    default:
        reg = 0; /* reserved space reads as zero, as on QEMU */
        shift = 0;
        break;
    }
    *val = (reg >> shift) & aclint_size_mask(size);
    return 0;
}

static int aclint_write(void *dev, uint64_t off, unsigned size, uint64_t val)
{
    struct aclint *a = dev;
    unsigned h, shift;
    switch (aclint_decode(a, off, size, &h, &shift)) {
    case ACLINT_REG_MSIP: {
        bool level = aclint_merge(a->msip[h], val, size, shift) & 1;
        a->msip[h] = level;
        aclint_drive(a, h, MIP_MSIP, level);
        return 0;
    }
    case ACLINT_REG_MTIMECMP:
        a->mtimecmp[h] = aclint_merge(a->mtimecmp[h], val, size, shift);
        break;
    case ACLINT_REG_MTIME: {
        uint64_t host_now = aclint_host_time(a);
        uint64_t want = aclint_merge(host_now + a->offset, val, size, shift);
        a->offset = want - host_now;
        break;
    }
    default:
        return 0;
    }
    aclint_update(a);
    if (a->host.kick)
        a->host.kick(a->host.opaque);
    return 0;
}

static const struct mmio_ops aclint_ops = {
    .read = aclint_read,
    .write = aclint_write,
};

static void aclint_reset(void *state)
{
    struct aclint *a = state;
    a->offset = 0;
    for (unsigned h = 0; h < a->nharts; h++) {
        a->mtimecmp[h] = UINT64_MAX;
        a->msip[h] = false;
        a->mtip[h] = false;
        aclint_drive(a, h, MIP_MSIP, false);
        aclint_drive(a, h, MIP_MTIP, false);
    }
    aclint_update(a);
}

static void aclint_save(void *state, struct sbuf *w)
{
    struct aclint *a = state;
    put_u32(w, ACLINT_SAVE_TAG);
    put_u8(w, ACLINT_SAVE_VERSION);
    put_u8(w, (uint8_t)a->nharts);
    put_u64(w, a->offset);
    for (unsigned h = 0; h < a->nharts; h++) {
        put_u64(w, a->mtimecmp[h]);
        put_bool(w, a->msip[h]);
        /* The level last driven, not recomputed: next_deadline depends on
         * it until the next aclint_update. */
        put_bool(w, a->mtip[h]);
    }
}

static int aclint_load(void *state, struct sreader *r)
{
    struct aclint *a = state;
    struct aclint t = *a;
    bool ok = get_u32(r) == ACLINT_SAVE_TAG;
    ok &= get_u8(r) == ACLINT_SAVE_VERSION;
    ok &= get_u8(r) == a->nharts;
    t.offset = get_u64(r);
    for (unsigned h = 0; ok && h < a->nharts; h++) {
        t.mtimecmp[h] = get_u64(r);
        uint8_t msip = get_u8(r), mtip = get_u8(r);
        ok &= msip <= 1 && mtip <= 1;
        t.msip[h] = msip;
        t.mtip[h] = mtip;
    }
    if (!ok || r->bad)
        return -1;
    *a = t;
    for (unsigned h = 0; h < a->nharts; h++) {
        aclint_drive(a, h, MIP_MSIP, a->msip[h]);
        aclint_drive(a, h, MIP_MTIP, a->mtip[h]);
    }
    return 0;
}

static int aclint_fdt_node(void *state, void *fdt, int soc, const struct fdt_ctx *ctx)
{
    struct aclint *a = state;
    char name[32];
    snprintf(name, sizeof name, "clint@%llx", (unsigned long long)a->base);
    int node = fdt_add_subnode(fdt, soc, name);
    if (node < 0)
        return node;
    static const char compat[] = "sifive,clint0\0riscv,clint0";
    uint64_t reg[2] = {cpu_to_fdt64(a->base), cpu_to_fdt64(ACLINT_SIZE)};
    uint32_t ext[4 * ACLINT_MAX_HARTS];
    unsigned n = ctx->nharts < a->nharts ? ctx->nharts : a->nharts;
    for (unsigned h = 0; h < n; h++) {
        /* Local interrupt numbers: 3 = machine software, 7 = machine timer. */
        ext[4 * h + 0] = cpu_to_fdt32(ctx->cpu_intc_phandle[h]);
        ext[4 * h + 1] = cpu_to_fdt32(3);
        ext[4 * h + 2] = cpu_to_fdt32(ctx->cpu_intc_phandle[h]);
        ext[4 * h + 3] = cpu_to_fdt32(7);
    }
    int r;
    if ((r = fdt_setprop(fdt, node, "compatible", compat, sizeof compat)) < 0 ||
        (r = fdt_setprop(fdt, node, "reg", reg, sizeof reg)) < 0 ||
        (r = fdt_setprop(fdt, node, "interrupts-extended", ext, 16 * n)) < 0)
        return r;
    return 0;
}

struct aclint *aclint_create(const struct dev_host *host, unsigned nharts)
{
    if (nharts == 0 || nharts > ACLINT_MAX_HARTS)
        return NULL;
    struct aclint *a = calloc(1, sizeof *a);
    if (!a)
        return NULL;
    a->host = *host;
    a->nharts = nharts;
    for (unsigned h = 0; h < nharts; h++)
        a->mtimecmp[h] = UINT64_MAX;
    return a;
}

void aclint_device(struct aclint *a, uint64_t base, struct device *d)
{
    a->base = base;
    memset(d, 0, sizeof *d);
    d->name = "clint";
    d->base = base;
    d->size = ACLINT_SIZE;
    d->ops = &aclint_ops;
    d->state = a;
    d->fdt_node = aclint_fdt_node;
    d->reset = aclint_reset;
    d->destroy = free;
    d->save = aclint_save;
    d->load = aclint_load;
}
