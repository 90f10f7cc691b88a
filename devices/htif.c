/* HTIF tohost/fromhost, the host-target interface of Spike's front end.
 *
 * The front end polls tohost, clears it once it has taken the command and
 * answers through fromhost.  Here the "front end" acts inside the store
 * that completes a command, so a guest spinning on `tohost != 0` or on
 * `fromhost == 0` sees the answer on its next load. */
#include "devices/htif.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "core/serial.h"

#define HTIF_SAVE_TAG 0x46495448u /* "HTIF" */
#define HTIF_SAVE_VERSION 1
#define HTIF_DEV_SYSCALL 0 /* payload odd: exit code; even: syscall block */
#define HTIF_DEV_CONSOLE 1
#define HTIF_CONSOLE_PUTC 1

struct htif {
    struct dev_host host;
    uint64_t tohost_addr, fromhost_addr; /* fromhost_addr 0: tohost + 8 */
    uint64_t tohost, fromhost;
};

static bool htif_fromhost_adjacent(const struct htif *h)
{
    return h->fromhost_addr == 0 || h->fromhost_addr == h->tohost_addr + 8;
}

static void htif_stop(struct htif *h, enum dev_stop_kind kind, int code)
{
    if (h->host.request_stop)
        h->host.request_stop(h->host.opaque, kind, code);
}

static void htif_command(struct htif *h, uint64_t cmd)
{
    unsigned dev = (unsigned)(cmd >> 56);
    unsigned op = (unsigned)(cmd >> 48) & 0xff;
    uint64_t payload = cmd & ((1ull << 48) - 1);

    h->tohost = 0; /* taken */
    if (dev == HTIF_DEV_SYSCALL && op == 0 && (payload & 1)) {
        uint64_t code = payload >> 1;
        if (code == 0)
            htif_stop(h, DEV_STOP_POWEROFF, 0);
        else
            htif_stop(h, DEV_STOP_FAIL, code > INT_MAX ? INT_MAX : (int)code);
    } else if (dev == HTIF_DEV_CONSOLE && op == HTIF_CONSOLE_PUTC) {
        uint8_t c = (uint8_t)payload;
        if (h->host.console_out)
            h->host.console_out(h->host.opaque, &c, 1);
        h->fromhost = (uint64_t)HTIF_DEV_CONSOLE << 56 | (uint64_t)HTIF_CONSOLE_PUTC << 48;
    }
    /* Syscall blocks (a pointer in the payload) and console reads need
     * memory access and host input this device does not have: they are
     * taken and left unanswered, like a front end with nothing to say. */
}

static uint64_t htif_size_mask(unsigned size)
{
    return size >= 8 ? UINT64_MAX : (1ull << (8 * size)) - 1;
}

static int htif_reg_read(uint64_t reg, uint64_t off, unsigned size, uint64_t *val)
{
    *val = (reg >> (8 * (off & 7))) & htif_size_mask(size);
    return 0;
}

static uint64_t htif_merge(uint64_t old, uint64_t off, unsigned size, uint64_t val)
{
    unsigned shift = 8 * (unsigned)(off & 7);
    uint64_t mask = htif_size_mask(size) << shift;
    return (old & ~mask) | ((val << shift) & mask);
}

static int htif_read(void *dev, uint64_t off, unsigned size, uint64_t *val)
{
    struct htif *h = dev;
    if ((off & 7) + size > 8)
        return -1;
    return htif_reg_read(off < 8 ? h->tohost : h->fromhost, off, size, val);
}

static int htif_write(void *dev, uint64_t off, unsigned size, uint64_t val)
{
    struct htif *h = dev;
    if ((off & 7) + size > 8)
        return -1;
    if (off >= 8) {
        h->fromhost = htif_merge(h->fromhost, off, size, val);
        return 0;
    }
    h->tohost = htif_merge(h->tohost, off, size, val);
    /* A 32-bit guest stores the low half first: act once the top byte is
     * written, so the command is whole. */
    if (off + size == 8 && h->tohost != 0)
        htif_command(h, h->tohost);
    return 0;
}

static int htif_fromhost_read(void *dev, uint64_t off, unsigned size, uint64_t *val)
{
    return htif_read(dev, off + 8, size, val);
}

static int htif_fromhost_write(void *dev, uint64_t off, unsigned size, uint64_t val)
{
    return htif_write(dev, off + 8, size, val);
}

static const struct mmio_ops htif_ops = {
    .read = htif_read,
    .write = htif_write,
};

static const struct mmio_ops htif_fromhost_ops = {
    .read = htif_fromhost_read,
    .write = htif_fromhost_write,
};

static void htif_reset(void *state)
{
    struct htif *h = state;
    h->tohost = 0;
    h->fromhost = 0;
}

/* The addresses come from the ELF, not the guest; they are saved so that
 * an image from another kernel is refused. */
static void htif_save(void *state, struct sbuf *w)
{
    struct htif *h = state;
    put_u32(w, HTIF_SAVE_TAG);
    put_u8(w, HTIF_SAVE_VERSION);
    put_u64(w, h->tohost_addr);
    put_u64(w, h->fromhost_addr);
    put_u64(w, h->tohost);
    put_u64(w, h->fromhost);
}

static int htif_load(void *state, struct sreader *r)
{
    struct htif *h = state;
    bool ok = get_u32(r) == HTIF_SAVE_TAG;
    ok &= get_u8(r) == HTIF_SAVE_VERSION;
    ok &= get_u64(r) == h->tohost_addr;
    ok &= get_u64(r) == h->fromhost_addr;
    uint64_t tohost = get_u64(r), fromhost = get_u64(r);
    if (!ok || r->bad)
        return -1;
    h->tohost = tohost;
    h->fromhost = fromhost;
    return 0;
}

static void htif_nothing(void *state)
{
    (void)state; /* the tohost device owns and resets the shared state */
}

struct htif *htif_create(const struct dev_host *host)
{
    struct htif *h = calloc(1, sizeof *h);
    if (!h)
        return NULL;
    h->host = *host;
    return h;
}

void htif_set_fromhost(struct htif *h, uint64_t fromhost)
{
    h->fromhost_addr = fromhost;
}

void htif_device(struct htif *h, uint64_t tohost, struct device *d)
{
    h->tohost_addr = tohost;
    memset(d, 0, sizeof *d);
    d->name = "htif";
    d->base = tohost;
    d->size = htif_fromhost_adjacent(h) ? 16 : 8;
    d->ops = &htif_ops;
    d->state = h;
    d->fdt_node = NULL; /* found through the ELF's symbols, not the tree */
    d->reset = htif_reset;
    d->destroy = free;
    d->save = htif_save;
    d->load = htif_load;
}

bool htif_fromhost_device(struct htif *h, struct device *d)
{
    memset(d, 0, sizeof *d);
    if (htif_fromhost_adjacent(h))
        return false;
    d->name = "htif-fromhost";
    d->base = h->fromhost_addr;
    d->size = 8;
    d->ops = &htif_fromhost_ops;
    d->state = h;
    d->reset = htif_nothing;
    d->destroy = htif_nothing;
    /* save/load stay NULL: the tohost device's image covers the state the
     * two regions share, and saving it twice would load it twice. */
    return true;
}
