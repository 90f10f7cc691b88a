/* Reset ROM contents (see bootrom.h). */
#include <stdlib.h>
#include <string.h>

#include "devices/bootrom.h"

#include "core/serial.h"

#define BOOTROM_SAVE_TAG 0x4d4f5242u /* "BROM" */
#define BOOTROM_SAVE_VERSION 1
#define BOOTROM_USED 88 /* code, then the words bootrom_create fills in */

struct bootrom {
    uint8_t data[BOOTROM_SIZE];
};

static void put32(uint8_t *p, uint32_t v) { memcpy(p, &v, 4); }
static void put64(uint8_t *p, uint64_t v) { memcpy(p, &v, 8); }

struct bootrom *bootrom_create(uint64_t start, uint64_t fdt_addr, uint64_t next_addr,
                               uint64_t next_mode)
{
    struct bootrom *r = calloc(1, sizeof *r);
    if (!r)
        return NULL;
    static const uint32_t code[] = {
        0x00000297, /* auipc t0, 0          t0 = rom base */
        0x02828613, /* addi  a2, t0, 40     a2 = &fw_dynamic_info */
        0xf1402573, /* csrr  a0, mhartid */
        0x0202b583, /* ld    a1, 32(t0)     a1 = fdt address */
        0x0182b283, /* ld    t0, 24(t0)     t0 = start address */
        0x00028067, /* jr    t0 */
    };
    for (unsigned i = 0; i < sizeof code / sizeof code[0]; i++)
        put32(r->data + 4 * i, code[i]);
    put64(r->data + 24, start);
    put64(r->data + 32, fdt_addr);
    /* struct fw_dynamic_info { magic, version, next_addr, next_mode, options, boot_hart } */
    put64(r->data + 40, FW_DYNAMIC_MAGIC);
    put64(r->data + 48, FW_DYNAMIC_VERSION);
    put64(r->data + 56, next_addr);
    put64(r->data + 64, next_mode);
    put64(r->data + 72, 0);
    put64(r->data + 80, 0);
    return r;
}

static int rom_read(void *dev, uint64_t off, unsigned size, uint64_t *val)
{
    struct bootrom *r = dev;
    if (off + size > BOOTROM_SIZE)
        return -1;
    uint64_t v = 0;
    memcpy(&v, r->data + off, size);
    *val = v;
    return 0;
}

static int rom_write(void *dev, uint64_t off, unsigned size, uint64_t val)
{
    (void)dev; (void)off; (void)size; (void)val;
    return -1; /* ROM: stores fault */
}

static const struct mmio_ops bootrom_ops = {rom_read, rom_write, true};

/* The contents never change after creation; the image carries them so a
 * snapshot of a machine booted with other images (entry, device tree
 * address) is refused rather than silently mixed. */
static void rom_save(void *state, struct sbuf *w)
{
    struct bootrom *r = state;
    put_u32(w, BOOTROM_SAVE_TAG);
    put_u8(w, BOOTROM_SAVE_VERSION);
    put_bytes(w, r->data, BOOTROM_USED);
}

static int rom_load(void *state, struct sreader *rd)
{
    struct bootrom *r = state;
    uint8_t data[BOOTROM_USED];
    bool ok = get_u32(rd) == BOOTROM_SAVE_TAG;
    ok &= get_u8(rd) == BOOTROM_SAVE_VERSION;
    ok &= get_bytes(rd, data, sizeof data);
    return ok && !rd->bad && !memcmp(data, r->data, sizeof data) ? 0 : -1;
}

void bootrom_device(struct bootrom *r, uint64_t base, struct device *d)
{
    memset(d, 0, sizeof *d);
    d->name = "bootrom";
    d->base = base;
    d->size = BOOTROM_SIZE;
    d->ops = &bootrom_ops;
    d->state = r;
    d->destroy = free;
    d->save = rom_save;
    d->load = rom_load;
}
