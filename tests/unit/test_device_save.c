/* Device state images: for every device, an image saved from a device in
 * some non-trivial state loads into a fresh one, which then saves the
 * same bytes, drives the same interrupt lines and behaves the same from
 * there on.  Malformed images (every truncation, a wrong tag or version, a
 * different configuration) are refused and leave the device untouched. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <cmocka.h>

#include "core/serial.h"
#include "devices/aclint.h"
#include "devices/bootrom.h"
#include "devices/disk_image.h"
#include "devices/goldfish_rtc.h"
#include "devices/htif.h"
#include "devices/plic.h"
#include "devices/syscon.h"
#include "devices/uart16550.h"
#include "devices/virtio_blk.h"
#include "devices/virtio_mmio.h"
#include "devices/virtio_rng.h"
#include "tests/unit/fake_host.h"
#include "tests/unit/fake_virtio_driver.h"

#define RAM_SIZE (128u * 1024)

/* One device with its own stand-in machine. */
struct inst {
    struct fake_host f;
    struct device d;
    void *obj;
    uint8_t *ram;
    struct vdrv v;
    struct disk_image *img;
};

static struct inst *inst_new(void)
{
    struct inst *i = calloc(1, sizeof *i);
    assert_non_null(i);
    i->ram = calloc(1, RAM_SIZE);
    assert_non_null(i->ram);
    return i;
}

static struct dev_host inst_host(struct inst *i)
{
    struct dev_host h = fake_host_init(&i->f);
    fake_host_set_ram(&i->f, VD_RAM_BASE, i->ram, RAM_SIZE);
    return h;
}

static void inst_free(struct inst *i)
{
    if (i->d.destroy)
        i->d.destroy(i->d.state);
    disk_image_close(i->img);
    free(i->ram);
    free(i);
}

static void save_into(const struct inst *i, struct sbuf *b)
{
    sbuf_reset(b);
    i->d.save(i->d.state, b);
    assert_false(b->oom);
}

static void assert_same_bytes(const struct sbuf *a, const struct sbuf *b)
{
    assert_int_equal(a->len, b->len);
    assert_memory_equal(a->data, b->data, a->len);
}

static void assert_refused(struct inst *b, const uint8_t *data, size_t len, const struct sbuf *before)
{
    struct sreader r;
    struct sbuf now;
    sbuf_init(&now);
    unsigned irq_calls = b->f.irq_calls, mip_calls = b->f.set_mip_calls;
    sreader_init(&r, data, len);
    assert_int_equal(b->d.load(b->d.state, &r), -1);
    save_into(b, &now);
    assert_same_bytes(before, &now);
    assert_int_equal(b->f.irq_calls, irq_calls); /* nothing driven either */
    assert_int_equal(b->f.set_mip_calls, mip_calls);
    sbuf_free(&now);
}

/* a's image into b, checking the refusals on the way; leaves a's image in
 * `img` for the caller. */
static void roundtrip(struct inst *a, struct inst *b, struct sbuf *img)
{
    assert_non_null(a->d.save);
    assert_non_null(a->d.load);
    struct sbuf before, after;
    sbuf_init(&before);
    sbuf_init(&after);
    save_into(a, img);
    save_into(b, &before);
    assert_true(img->len >= 5);

    size_t step = img->len < 4096 ? 1 : 61;
    for (size_t len = 0; len < img->len; len += step)
        assert_refused(b, img->data, len, &before);
    assert_refused(b, img->data, img->len - 1, &before);
    uint8_t *bad = malloc(img->len);
    memcpy(bad, img->data, img->len);
    bad[0] ^= 0x5a; /* tag */
    assert_refused(b, bad, img->len, &before);
    bad[0] ^= 0x5a;
    bad[4] ^= 0x01; /* version */
    assert_refused(b, bad, img->len, &before);
    free(bad);

    struct sreader r;
    sreader_init(&r, img->data, img->len);
    unsigned irq_calls = b->f.irq_calls;
    assert_int_equal(b->d.load(b->d.state, &r), 0);
    assert_int_equal(r.pos, img->len); /* takes exactly its own bytes */
    /* Loading never drives a line: the PLIC's image holds its effect, and
     * a drive would pend the source a second time (core/device.h). */
    assert_int_equal(b->f.irq_calls, irq_calls);
    save_into(b, &after);
    assert_same_bytes(img, &after);
    sbuf_free(&before);
    sbuf_free(&after);
}

static void assert_same_state(struct inst *a, struct inst *b)
{
    struct sbuf sa, sb;
    sbuf_init(&sa);
    sbuf_init(&sb);
    save_into(a, &sa);
    save_into(b, &sb);
    assert_same_bytes(&sa, &sb);
    sbuf_free(&sa);
    sbuf_free(&sb);
    assert_memory_equal(a->f.mip, b->f.mip, sizeof a->f.mip);
}

static uint64_t rd(struct inst *i, uint64_t off, unsigned size)
{
    return dev_rd(&i->d, off, size);
}

static void wr(struct inst *i, uint64_t off, unsigned size, uint64_t v)
{
    dev_wr(&i->d, off, size, v);
}

/* ---- UART ---- */

static struct inst *uart_new(void)
{
    struct inst *i = inst_new();
    struct dev_host h = inst_host(i);
    i->obj = uart16550_create(&h, fake_irq_line(&i->f, 10));
    uart16550_device(i->obj, 0x10000000, &i->d);
    i->d.reset(i->d.state);
    return i;
}

static void test_uart(void **state)
{
    (void)state;
    struct inst *a = uart_new(), *b = uart_new();
    wr(a, 3, 1, 0x80);
    wr(a, 0, 1, 3);
    wr(a, 1, 1, 0);
    wr(a, 3, 1, 0x03);
    wr(a, 2, 1, 0xc1);
    wr(a, 1, 1, 0x05); /* RDI | RLSI */
    wr(a, 7, 1, 0x5a);
    wr(a, 4, 1, 0x0b);
    uart16550_rx(a->obj, (const uint8_t *)"hello, world", 12);
    rd(a, 0, 1);
    rd(a, 0, 1); /* head moves: the image must not depend on it */
    uart16550_rx(a->obj, (const uint8_t *)"!?", 2);
    struct sbuf img;
    sbuf_init(&img);
    roundtrip(a, b, &img);
    assert_same_state(a, b);
    assert_int_equal(uart16550_rx_space(b->obj), uart16550_rx_space(a->obj));
    for (int k = 0; k < 14; k++) {
        assert_int_equal(rd(a, 2, 1), rd(b, 2, 1));
        assert_int_equal(rd(a, 5, 1), rd(b, 5, 1));
        assert_int_equal(rd(a, 0, 1), rd(b, 0, 1));
        assert_same_state(a, b);
    }
    /* A FIFO count beyond 16 is refused. */
    img.data[5] = 17;
    struct sbuf before;
    sbuf_init(&before);
    save_into(b, &before);
    assert_refused(b, img.data, img.len, &before);
    sbuf_free(&before);
    sbuf_free(&img);
    inst_free(a);
    inst_free(b);
}

/* ---- ACLINT ---- */

static struct inst *aclint_new(unsigned nharts)
{
    struct inst *i = inst_new();
    struct dev_host h = inst_host(i);
    i->obj = aclint_create(&h, nharts);
    aclint_device(i->obj, 0x2000000, &i->d);
    i->d.reset(i->d.state);
    return i;
}

static void test_aclint(void **state)
{
    (void)state;
    struct inst *a = aclint_new(2), *b = aclint_new(2), *c = aclint_new(1);
    a->f.now = b->f.now = 1000;
    wr(a, 0xbff8, 8, 5000);            /* mtime: offset 4000 */
    wr(a, 0x4000, 8, 9000);            /* hart 0: due at raw time 5000 */
    wr(a, 0x4008, 8, 4000);            /* hart 1: already due */
    wr(a, 0x4, 4, 1);                  /* msip hart 1 */
    struct sbuf img;
    sbuf_init(&img);
    roundtrip(a, b, &img);
    assert_same_state(a, b);
    assert_true(b->f.mip[1] & MIP_MTIP);
    assert_true(b->f.mip[1] & MIP_MSIP);
    assert_int_equal(aclint_next_deadline(b->obj), aclint_next_deadline(a->obj));
    assert_int_equal(aclint_mtime(b->obj), aclint_mtime(a->obj));
    a->f.now = b->f.now = 5000;
    assert_int_equal(aclint_next_deadline(b->obj), aclint_next_deadline(a->obj));
    aclint_update(a->obj);
    aclint_update(b->obj);
    assert_same_state(a, b);
    assert_true(b->f.mip[0] & MIP_MTIP);
    /* An image for two harts does not fit a one-hart CLINT. */
    struct sbuf before;
    sbuf_init(&before);
    save_into(c, &before);
    assert_refused(c, img.data, img.len, &before);
    sbuf_free(&before);
    sbuf_free(&img);
    inst_free(a);
    inst_free(b);
    inst_free(c);
}

/* ---- PLIC ---- */

static struct inst *plic_new(void)
{
    struct inst *i = inst_new();
    struct dev_host h = inst_host(i);
    i->obj = plic_create(&h, 2);
    plic_device(i->obj, 0xc000000, &i->d);
    i->d.reset(i->d.state);
    return i;
}

#define PLIC_EN(ctx) (0x2000u + 0x80u * (ctx))
#define PLIC_CTX(ctx) (0x200000u + 0x1000u * (ctx))

static void test_plic(void **state)
{
    (void)state;
    struct inst *a = plic_new(), *b = plic_new();
    for (unsigned id = 1; id < 48; id++)
        wr(a, 4 * id, 4, id % 7 + 1);
    wr(a, PLIC_EN(0), 4, 0x7fe);
    wr(a, PLIC_EN(0) + 4, 4, 0x100);
    wr(a, PLIC_EN(1), 4, 0x400);
    wr(a, PLIC_EN(3), 4, 0xffffffff);
    wr(a, PLIC_CTX(0), 4, 1);
    plic_set_irq(a->obj, 3, true);
    plic_set_irq(a->obj, 10, true);
    plic_set_irq(a->obj, 40, true);
    uint32_t claimed = (uint32_t)rd(a, PLIC_CTX(0) + 4, 4);
    assert_int_not_equal(claimed, 0);
    struct sbuf img;
    sbuf_init(&img);
    roundtrip(a, b, &img);
    assert_same_state(a, b);
    assert_true(b->f.mip[0] & MIP_MEIP);
    for (int k = 0; k < 4; k++) {
        assert_int_equal(rd(a, PLIC_CTX(0) + 4, 4), rd(b, PLIC_CTX(0) + 4, 4));
        assert_int_equal(rd(a, PLIC_CTX(3) + 4, 4), rd(b, PLIC_CTX(3) + 4, 4));
        assert_same_state(a, b);
    }
    wr(a, PLIC_CTX(0) + 4, 4, claimed);
    wr(b, PLIC_CTX(0) + 4, 4, claimed);
    plic_set_irq(a->obj, 5, true);
    plic_set_irq(b->obj, 5, true);
    assert_same_state(a, b);
    assert_int_equal(rd(a, 0x1000, 4), rd(b, 0x1000, 4));
    /* A priority above 7 is refused. */
    img.data[6 + 4] = 8;
    struct sbuf before;
    sbuf_init(&before);
    save_into(b, &before);
    assert_refused(b, img.data, img.len, &before);
    sbuf_free(&before);
    sbuf_free(&img);
    inst_free(a);
    inst_free(b);
}

/* ---- syscon ---- */

static struct inst *syscon_new(void)
{
    struct inst *i = inst_new();
    struct dev_host h = inst_host(i);
    i->obj = syscon_create(&h);
    syscon_device(i->obj, 0x100000, &i->d);
    i->d.reset(i->d.state);
    return i;
}

static void test_syscon(void **state)
{
    (void)state;
    struct inst *a = syscon_new(), *b = syscon_new();
    struct sbuf img;
    sbuf_init(&img);
    roundtrip(a, b, &img);
    wr(b, 0, 4, 0x5555);
    assert_int_equal(b->f.stops, 1);
    sbuf_free(&img);
    inst_free(a);
    inst_free(b);
}

/* ---- HTIF ---- */

static struct inst *htif_new(uint64_t tohost)
{
    struct inst *i = inst_new();
    struct dev_host h = inst_host(i);
    i->obj = htif_create(&h);
    htif_device(i->obj, tohost, &i->d);
    i->d.reset(i->d.state);
    return i;
}

static void test_htif(void **state)
{
    (void)state;
    struct inst *a = htif_new(0x80001000), *b = htif_new(0x80001000), *c = htif_new(0x80002000);
    wr(a, 0, 8, (1ull << 56) | (1ull << 48) | 'x'); /* putchar: fromhost answers */
    wr(a, 0, 4, 3);                                  /* half of an exit(1) */
    struct sbuf img;
    sbuf_init(&img);
    roundtrip(a, b, &img);
    assert_same_state(a, b);
    assert_int_equal(rd(b, 8, 8), rd(a, 8, 8));
    assert_int_equal(rd(b, 0, 8), 3);
    wr(a, 4, 4, 0);
    wr(b, 4, 4, 0);
    assert_int_equal(b->f.stops, 1);
    assert_int_equal(b->f.stop_kind, a->f.stop_kind);
    assert_int_equal(b->f.stop_code, 1);
    assert_same_state(a, b);
    /* Another kernel's tohost: refused. */
    struct sbuf before;
    sbuf_init(&before);
    save_into(c, &before);
    assert_refused(c, img.data, img.len, &before);
    sbuf_free(&before);
    sbuf_free(&img);
    inst_free(a);
    inst_free(b);
    inst_free(c);
}

/* ---- boot ROM ---- */

static struct inst *rom_new(uint64_t fdt)
{
    struct inst *i = inst_new();
    i->obj = bootrom_create(0x80000000, fdt, 0x80200000, FW_DYNAMIC_NEXT_MODE_S);
    bootrom_device(i->obj, 0x1000, &i->d);
    return i;
}

static void test_bootrom(void **state)
{
    (void)state;
    struct inst *a = rom_new(0x87e00000), *b = rom_new(0x87e00000), *c = rom_new(0x8fe00000);
    struct sbuf img, before;
    sbuf_init(&img);
    sbuf_init(&before);
    roundtrip(a, b, &img);
    assert_int_equal(rd(b, 32, 8), 0x87e00000);
    save_into(c, &before);
    assert_refused(c, img.data, img.len, &before); /* booted with another tree */
    sbuf_free(&before);
    sbuf_free(&img);
    inst_free(a);
    inst_free(b);
    inst_free(c);
}

/* ---- virtio ---- */

struct blk_files {
    char path[64];
};

static void blk_file(struct blk_files *bf)
{
    snprintf(bf->path, sizeof bf->path, "/tmp/rewind-test-save-XXXXXX");
    int fd = mkstemp(bf->path);
    assert_true(fd >= 0);
    uint8_t buf[512];
    for (unsigned s = 0; s < 64; s++) {
        memset(buf, (int)s, sizeof buf);
        assert_int_equal(write(fd, buf, sizeof buf), (ssize_t)sizeof buf);
    }
    close(fd);
}

static struct inst *blk_new(const char *path, bool readonly)
{
    struct inst *i = inst_new();
    struct dev_host h = inst_host(i);
    char err[256];
    i->img = disk_image_open(path, readonly, err, sizeof err);
    assert_non_null(i->img);
    i->obj = virtio_blk_create(&h, fake_irq_line(&i->f, 1), i->img);
    virtio_mmio_device(i->obj, 0x10001000, &i->d);
    i->d.reset(i->d.state);
    return i;
}

static void blk_chain(struct inst *i, uint32_t type, uint64_t sector)
{
    struct vdrv *v = &i->v;
    vd_put(v, VD_BUF, type, 4);
    vd_put(v, VD_BUF + 8, sector, 8);
    vd_desc(v, 0, VD_BUF, 16, VD_F_NEXT, 1);
    vd_desc(v, 1, VD_BUF + 0x1000, 512, VD_F_NEXT | (type == 0 ? VD_F_WRITE : 0), 2);
    vd_desc(v, 2, VD_BUF + 0x80, 1, VD_F_WRITE, 0);
    vd_offer(v, 0);
}

/* What a snapshot restores besides the devices: guest RAM (and here the
 * test driver's own bookkeeping, which lives in RAM for a real guest). */
static void copy_guest(struct inst *to, const struct inst *from)
{
    memcpy(to->ram, from->ram, RAM_SIZE);
    to->v = from->v;
    to->v.d = &to->d;
    to->v.ram = to->ram;
}

static void test_virtio_blk(void **state)
{
    (void)state;
    struct blk_files bf;
    blk_file(&bf);
    struct inst *a = blk_new(bf.path, false), *b = blk_new(bf.path, false);
    struct inst *ro = blk_new(bf.path, true);
    vd_init(&a->v, &a->d, a->ram, 8, 0);
    memset(a->ram + 0x11000, 0xee, 512);
    blk_chain(a, 1, 7);
    vd_notify(&a->v, 0);
    assert_int_equal(vd_used_idx(&a->v), 1);
    blk_chain(a, 1, 40);
    vd_notify(&a->v, 0);
    blk_chain(a, 0, 7); /* offered, not yet notified */
    assert_true(a->f.irq[1]);
    copy_guest(b, a);

    struct sbuf img;
    sbuf_init(&img);
    roundtrip(a, b, &img);
    assert_same_state(a, b);
    assert_int_equal(disk_image_overlay_blocks(b->img), 2);
    assert_int_equal(vd_rd(&b->v, VD_STATUS), vd_rd(&a->v, VD_STATUS));

    memset(a->ram + 0x11000, 0, 512);
    memset(b->ram + 0x11000, 0, 512);
    vd_notify(&a->v, 0);
    vd_notify(&b->v, 0);
    assert_memory_equal(a->ram, b->ram, RAM_SIZE);
    assert_int_equal(b->ram[0x11000], 0xee);
    assert_int_equal(vd_used_idx(&b->v), 3);
    vd_wr(&a->v, VD_INT_ACK, 1);
    vd_wr(&b->v, VD_INT_ACK, 1);
    assert_same_state(a, b);

    /* A read-only drive, or an empty slot, does not take a writable
     * drive's image. */
    struct sbuf before;
    sbuf_init(&before);
    save_into(ro, &before);
    assert_refused(ro, img.data, img.len, &before);
    struct inst *empty = inst_new();
    struct dev_host h = inst_host(empty);
    empty->obj = virtio_mmio_create(&h, fake_irq_line(&empty->f, 3));
    virtio_mmio_device(empty->obj, 0x10003000, &empty->d);
    save_into(empty, &before);
    assert_refused(empty, img.data, img.len, &before);
    sbuf_free(&before);
    sbuf_free(&img);
    inst_free(empty);
    inst_free(a);
    inst_free(b);
    inst_free(ro);
    unlink(bf.path);
}

static struct inst *rng_new(void)
{
    struct inst *i = inst_new();
    struct dev_host h = inst_host(i);
    i->obj = virtio_rng_create(&h, fake_irq_line(&i->f, 2));
    virtio_mmio_device(i->obj, 0x10002000, &i->d);
    i->d.reset(i->d.state);
    return i;
}

static void test_virtio_rng(void **state)
{
    (void)state;
    struct inst *a = rng_new(), *b = rng_new();
    vd_init(&a->v, &a->d, a->ram, 4, 0);
    vd_desc(&a->v, 1, VD_BUF, 32, VD_F_WRITE, 0);
    vd_offer(&a->v, 1);
    vd_notify(&a->v, 0); /* no entropy: pending */
    assert_int_equal(vd_used_idx(&a->v), 0);
    copy_guest(b, a);
    struct sbuf img;
    sbuf_init(&img);
    roundtrip(a, b, &img);
    assert_same_state(a, b);
    static const uint8_t bytes[32] = "0123456789abcdefghijklmnopqrstu";
    fake_host_set_input(&a->f, bytes, sizeof bytes);
    fake_host_set_input(&b->f, bytes, sizeof bytes);
    vd_notify(&a->v, 0);
    vd_notify(&b->v, 0);
    assert_int_equal(vd_used_idx(&b->v), 1);
    assert_memory_equal(a->ram, b->ram, RAM_SIZE);
    assert_memory_equal(b->ram + (VD_BUF - VD_RAM_BASE), bytes, 32);
    assert_same_state(a, b);
    sbuf_free(&img);
    inst_free(a);
    inst_free(b);
}

static struct inst *empty_new(void)
{
    struct inst *i = inst_new();
    struct dev_host h = inst_host(i);
    i->obj = virtio_mmio_create(&h, fake_irq_line(&i->f, 5));
    virtio_mmio_device(i->obj, 0x10005000, &i->d);
    i->d.reset(i->d.state);
    return i;
}

static void test_virtio_empty_slot(void **state)
{
    (void)state;
    struct inst *a = empty_new(), *b = empty_new();
    struct sbuf img;
    sbuf_init(&img);
    roundtrip(a, b, &img);
    assert_same_state(a, b);
    assert_int_equal(rd(b, 8, 4), 0);
    sbuf_free(&img);
    inst_free(a);
    inst_free(b);
}

/* ---- goldfish RTC ---- */

static struct inst *rtc_new(void)
{
    struct inst *i = inst_new();
    struct dev_host h = inst_host(i);
    i->obj = goldfish_rtc_create(&h, fake_irq_line(&i->f, 11));
    goldfish_rtc_device(i->obj, 0x101000, &i->d);
    i->d.reset(i->d.state);
    return i;
}

static void test_goldfish_rtc(void **state)
{
    (void)state;
    static const uint8_t seed[8] = {0x00, 0x10, 0x20, 0x30, 0x40, 0x50, 0x60, 0x17};
    struct inst *a = rtc_new(), *b = rtc_new();
    fake_host_set_input(&a->f, seed, sizeof seed);
    a->f.now = b->f.now = 777;
    uint64_t t = rd(a, 0, 4);
    t |= rd(a, 4, 4) << 32;
    wr(a, 0x10, 4, 1);
    wr(a, 0x0c, 4, (uint32_t)((t - 5) >> 32));
    wr(a, 0x08, 4, (uint32_t)(t - 5)); /* fires at once: pending */
    wr(a, 0x0c, 4, (uint32_t)((t + 12345) >> 32));
    wr(a, 0x08, 4, (uint32_t)(t + 12345)); /* armed */
    assert_true(a->f.irq[11]);
    struct sbuf img;
    sbuf_init(&img);
    roundtrip(a, b, &img);
    assert_same_state(a, b);
    assert_int_equal(goldfish_rtc_next_deadline(b->obj), goldfish_rtc_next_deadline(a->obj));
    assert_int_equal(rd(b, 0, 4), rd(a, 0, 4));
    assert_int_equal(rd(b, 4, 4), rd(a, 4, 4));
    assert_int_equal(b->f.pulls[DEV_INPUT_RTC] + b->f.failed_pulls, 0); /* the seed came along */
    wr(a, 0x1c, 4, 1);
    wr(b, 0x1c, 4, 1);
    a->f.now = b->f.now = goldfish_rtc_next_deadline(a->obj);
    goldfish_rtc_update(a->obj);
    goldfish_rtc_update(b->obj);
    assert_true(b->f.irq[11]);
    assert_true(a->f.irq[11]);
    assert_same_state(a, b);
    sbuf_free(&img);
    inst_free(a);
    inst_free(b);
}

/* Images written one after another into one buffer load back in order:
 * each load takes exactly its own bytes. */
static void test_concatenated_images(void **state)
{
    (void)state;
    struct inst *src[4] = {uart_new(), plic_new(), rtc_new(), syscon_new()};
    struct inst *dst[4] = {uart_new(), plic_new(), rtc_new(), syscon_new()};
    uart16550_rx(src[0]->obj, (const uint8_t *)"abc", 3);
    plic_set_irq(src[1]->obj, 7, true);
    src[2]->f.now = 99;
    wr(src[2], 0x10, 4, 1);
    struct sbuf all;
    sbuf_init(&all);
    for (int k = 0; k < 4; k++)
        src[k]->d.save(src[k]->d.state, &all);
    struct sreader r;
    sreader_init(&r, all.data, all.len);
    for (int k = 0; k < 4; k++)
        assert_int_equal(dst[k]->d.load(dst[k]->d.state, &r), 0);
    assert_int_equal(r.pos, all.len);
    for (int k = 0; k < 4; k++) {
        assert_same_state(src[k], dst[k]);
        inst_free(src[k]);
        inst_free(dst[k]);
    }
    sbuf_free(&all);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_uart),
        cmocka_unit_test(test_aclint),
        cmocka_unit_test(test_plic),
        cmocka_unit_test(test_syscon),
        cmocka_unit_test(test_htif),
        cmocka_unit_test(test_bootrom),
        cmocka_unit_test(test_virtio_blk),
        cmocka_unit_test(test_virtio_rng),
        cmocka_unit_test(test_virtio_empty_slot),
        cmocka_unit_test(test_goldfish_rtc),
        cmocka_unit_test(test_concatenated_images),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
