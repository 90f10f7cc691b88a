/* virtio-mmio transport registers and virtio-blk requests over a disk
 * image with an overlay, driven the way xv6's virtio_disk.c drives them,
 * plus the malformed chains a buggy guest could hand the device. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <cmocka.h>

#include <libfdt.h>

#include "core/serial.h"
#include "devices/disk_image.h"
#include "devices/virtio_blk.h"
#include "tests/unit/fake_host.h"
#include "tests/unit/fake_virtio_driver.h"

#define BASE 0x10001000ull
#define IRQ 1
#define RAM_SIZE (512u * 1024)
#define DISK_SECTORS 256u
#define SECTOR 512u

#define HDR VD_BUF
#define STATUS_BYTE (VD_BUF + 0x80)
#define DATA (VD_BUF + 0x1000)

/* xv6 clears these; the rest it keeps. */
#define XV6_CLEAR ((1u << 5) | (1u << 7) | (1u << 11) | (1u << 12) | (1u << 27) | \
                   (1u << 28) | (1u << 29))

struct fixture {
    struct fake_host f;
    struct device d;
    struct disk_image *img;
    struct vdrv v;
    char path[64];
    uint8_t *ram;
};

static uint8_t pattern(uint64_t off)
{
    return (uint8_t)(off * 31 + (off >> 9) * 7 + 1);
}

static void make_image(struct fixture *x, uint64_t size)
{
    snprintf(x->path, sizeof x->path, "/tmp/rewind-test-blk-XXXXXX");
    int fd = mkstemp(x->path);
    assert_true(fd >= 0);
    for (uint64_t off = 0; off < size; off++) {
        uint8_t b = pattern(off);
        assert_int_equal(write(fd, &b, 1), 1);
    }
    close(fd);
}

static int setup_ro(void **state, bool readonly)
{
    struct fixture *x = calloc(1, sizeof *x);
    x->ram = calloc(1, RAM_SIZE);
    struct dev_host h = fake_host_init(&x->f);
    fake_host_set_ram(&x->f, VD_RAM_BASE, x->ram, RAM_SIZE);
    make_image(x, DISK_SECTORS * SECTOR);
    char err[256];
    x->img = disk_image_open(x->path, readonly, err, sizeof err);
    assert_non_null(x->img);
    struct virtio_mmio *vm = virtio_blk_create(&h, fake_irq_line(&x->f, IRQ), x->img);
    assert_non_null(vm);
    virtio_mmio_device(vm, BASE, &x->d);
    x->d.reset(x->d.state);
    x->v.d = &x->d;
    x->v.ram = x->ram;
    *state = x;
    return 0;
}

static int setup(void **state) { return setup_ro(state, false); }
static int setup_readonly(void **state) { return setup_ro(state, true); }

static int teardown(void **state)
{
    struct fixture *x = *state;
    x->d.destroy(x->d.state);
    disk_image_close(x->img);
    unlink(x->path);
    free(x->ram);
    free(x);
    return 0;
}

static void bring_up(struct fixture *x)
{
    uint32_t st = vd_init(&x->v, &x->d, x->ram, 8, XV6_CLEAR);
    assert_true(st & VIRTIO_STATUS_FEATURES_OK);
}

/* Build header → data → status at descriptors 0, 1, 2 (data left out when
 * len is 0), offer and notify; returns the status byte. */
static uint8_t blk_req(struct fixture *x, uint32_t type, uint64_t sector, uint32_t len,
                       bool data_writable)
{
    struct vdrv *v = &x->v;
    vd_put(v, HDR, type, 4);
    vd_put(v, HDR + 4, 0, 4);
    vd_put(v, HDR + 8, sector, 8);
    vd_put(v, STATUS_BYTE, 0xff, 1);
    if (len) {
        vd_desc(v, 0, HDR, 16, VD_F_NEXT, 1);
        vd_desc(v, 1, DATA, len, VD_F_NEXT | (data_writable ? VD_F_WRITE : 0), 2);
    } else {
        vd_desc(v, 0, HDR, 16, VD_F_NEXT, 2);
    }
    vd_desc(v, 2, STATUS_BYTE, 1, VD_F_WRITE, 0);
    vd_offer(v, 0);
    vd_notify(v, 0);
    return (uint8_t)vd_get(v, STATUS_BYTE, 1);
}

static bool needs_reset(struct fixture *x)
{
    return vd_rd(&x->v, VD_STATUS) & VIRTIO_STATUS_NEEDS_RESET;
}

/* ---- transport registers ---- */

static void test_identification_and_features(void **state)
{
    struct fixture *x = *state;
    struct vdrv *v = &x->v;
    assert_string_equal(x->d.name, "virtio_blk");
    assert_int_equal(x->d.size, 0x1000);
    assert_int_equal(vd_rd(v, VD_MAGIC), 0x74726976);
    assert_int_equal(vd_rd(v, VD_VERSION), 2);
    assert_int_equal(vd_rd(v, VD_DEVICE_ID), 2);
    assert_int_equal(vd_rd(v, VD_VENDOR_ID), 0x554d4551);
    uint32_t lo = vd_rd(v, VD_DEV_FEATURES);
    assert_int_equal(lo, (1u << 2) | (1u << 6) | (1u << 9)); /* SEG_MAX, BLK_SIZE, FLUSH */
    vd_wr(v, VD_DEV_FEATURES_SEL, 1);
    assert_int_equal(vd_rd(v, VD_DEV_FEATURES), 1); /* VERSION_1 */
    vd_wr(v, VD_DEV_FEATURES_SEL, 2);
    assert_int_equal(vd_rd(v, VD_DEV_FEATURES), 0);
    assert_int_equal(vd_rd(v, VD_CONFIG_GEN), 0);
}

static void test_config_space(void **state)
{
    struct fixture *x = *state;
    assert_int_equal(dev_rd(&x->d, 0x100, 8), DISK_SECTORS);
    assert_int_equal(dev_rd(&x->d, 0x100, 4), DISK_SECTORS);
    assert_int_equal(dev_rd(&x->d, 0x104, 4), 0);
    assert_int_equal(dev_rd(&x->d, 0x101, 1), DISK_SECTORS >> 8);
    assert_int_equal(dev_rd(&x->d, 0x10c, 4), 254); /* seg_max */
    assert_int_equal(dev_rd(&x->d, 0x114, 4), 512); /* blk_size */
    assert_int_equal(dev_rd(&x->d, 0x114, 2), 512);
    assert_int_equal(dev_rd(&x->d, 0x1f0, 4), 0);
    dev_wr(&x->d, 0x100, 4, 0x1234); /* read-only: ignored */
    assert_int_equal(dev_rd(&x->d, 0x100, 8), DISK_SECTORS);
}

static void test_queue_registers(void **state)
{
    struct fixture *x = *state;
    struct vdrv *v = &x->v;
    vd_wr(v, VD_QUEUE_SEL, 0);
    assert_int_equal(vd_rd(v, VD_QUEUE_NUM_MAX), 256);
    assert_int_equal(vd_rd(v, VD_QUEUE_READY), 0);
    vd_wr(v, VD_QUEUE_NUM, 16);
    assert_int_equal(vd_rd(v, VD_QUEUE_NUM), 16);
    vd_wr(v, VD_DESC_LO, 0x80001000);
    vd_wr(v, VD_DESC_HI, 0x1);
    assert_int_equal(vd_rd(v, VD_DESC_LO), 0x80001000);
    assert_int_equal(vd_rd(v, VD_DESC_HI), 1);
    dev_wr(&x->d, VD_DRIVER_LO, 8, 0x0000000280002000ull); /* a 64-bit store: both halves */
    assert_int_equal(vd_rd(v, VD_DRIVER_LO), 0x80002000);
    assert_int_equal(vd_rd(v, VD_DRIVER_HI), 2);
    vd_wr(v, VD_DEVICE_LO, 0x80003000);
    assert_int_equal(vd_rd(v, VD_DEVICE_LO), 0x80003000);
    dev_wr(&x->d, VD_QUEUE_NUM, 2, 4); /* narrow stores to registers are dropped */
    assert_int_equal(vd_rd(v, VD_QUEUE_NUM), 16);
    vd_wr(v, VD_QUEUE_READY, 1);
    assert_int_equal(vd_rd(v, VD_QUEUE_READY), 1);
    /* Queue 1 does not exist. */
    vd_wr(v, VD_QUEUE_SEL, 1);
    assert_int_equal(vd_rd(v, VD_QUEUE_NUM_MAX), 0);
    vd_wr(v, VD_QUEUE_READY, 1);
    assert_int_equal(vd_rd(v, VD_QUEUE_READY), 0);
    vd_wr(v, VD_QUEUE_SEL, 0);
    assert_int_equal(vd_rd(v, VD_QUEUE_NUM), 16);
}

static void test_status_negotiation_and_reset(void **state)
{
    struct fixture *x = *state;
    struct vdrv *v = &x->v;
    vd_wr(v, VD_STATUS, VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER);
    assert_int_equal(vd_rd(v, VD_STATUS), 3);
    /* A feature never offered (INDIRECT_DESC, bit 28): FEATURES_OK refused. */
    vd_wr(v, VD_DRV_FEATURES, 1u << 28);
    vd_wr(v, VD_STATUS, 3 | VIRTIO_STATUS_FEATURES_OK);
    assert_int_equal(vd_rd(v, VD_STATUS), 3);
    /* The low word alone, as xv6 writes it: taken although VERSION_1 is
     * not acknowledged. */
    vd_wr(v, VD_DRV_FEATURES, 1u << 9);
    vd_wr(v, VD_STATUS, 3 | VIRTIO_STATUS_FEATURES_OK);
    assert_int_equal(vd_rd(v, VD_STATUS), 3 | VIRTIO_STATUS_FEATURES_OK);
    /* The set is fixed after FEATURES_OK. */
    vd_wr(v, VD_DRV_FEATURES, 0);
    vd_wr(v, VD_DRV_FEATURES_SEL, 1);
    vd_wr(v, VD_DRV_FEATURES, 1);
    vd_wr(v, VD_QUEUE_NUM, 8);
    vd_wr(v, VD_QUEUE_READY, 1);
    vd_wr(v, VD_STATUS, 0);
    assert_int_equal(vd_rd(v, VD_STATUS), 0);
    assert_int_equal(vd_rd(v, VD_QUEUE_READY), 0);
    assert_int_equal(vd_rd(v, VD_QUEUE_NUM), 0);
    assert_int_equal(vd_rd(v, VD_INT_STATUS), 0);
    assert_false(x->f.irq[IRQ]);
}

static void test_xv6_bring_up(void **state)
{
    struct fixture *x = *state;
    bring_up(x);
    assert_int_equal(vd_rd(&x->v, VD_STATUS), 0xf);
    assert_int_equal(vd_rd(&x->v, VD_QUEUE_READY), 1);
    assert_false(x->f.irq[IRQ]);
}

/* ---- requests ---- */

static void test_read_sector(void **state)
{
    struct fixture *x = *state;
    struct vdrv *v = &x->v;
    bring_up(x);
    assert_int_equal(blk_req(x, 0, 5, 1024, true), 0);
    for (unsigned i = 0; i < 1024; i++)
        assert_int_equal(x->ram[DATA - VD_RAM_BASE + i], pattern(5 * SECTOR + i));
    assert_int_equal(vd_used_idx(v), 1);
    assert_int_equal(vd_used_id(v, 0), 0);
    assert_int_equal(vd_used_len(v, 0), 1025);
    assert_int_equal(vd_rd(v, VD_INT_STATUS), 1);
    assert_true(x->f.irq[IRQ]);
    vd_wr(v, VD_INT_ACK, 1);
    assert_int_equal(vd_rd(v, VD_INT_STATUS), 0);
    assert_false(x->f.irq[IRQ]);
}

static void test_write_then_read_back_overlay(void **state)
{
    struct fixture *x = *state;
    bring_up(x);
    for (unsigned i = 0; i < SECTOR; i++)
        x->ram[DATA - VD_RAM_BASE + i] = (uint8_t)(0xa5 ^ i);
    assert_int_equal(blk_req(x, 1, 9, SECTOR, false), 0);
    assert_int_equal(vd_used_len(&x->v, 0), 1);
    assert_int_equal(disk_image_overlay_blocks(x->img), 1);
    memset(x->ram + (DATA - VD_RAM_BASE), 0, 2 * SECTOR);
    /* Sectors 8..9: the first from the base (same overlay block), the
     * second the written one. */
    assert_int_equal(blk_req(x, 0, 8, 2 * SECTOR, true), 0);
    for (unsigned i = 0; i < SECTOR; i++) {
        assert_int_equal(x->ram[DATA - VD_RAM_BASE + i], pattern(8 * SECTOR + i));
        assert_int_equal(x->ram[DATA - VD_RAM_BASE + SECTOR + i], (uint8_t)(0xa5 ^ i));
    }
    /* The base file is untouched. */
    FILE *fp = fopen(x->path, "rb");
    assert_non_null(fp);
    uint8_t buf[SECTOR];
    assert_int_equal(fseek(fp, 9 * SECTOR, SEEK_SET), 0);
    assert_int_equal(fread(buf, 1, SECTOR, fp), SECTOR);
    fclose(fp);
    for (unsigned i = 0; i < SECTOR; i++)
        assert_int_equal(buf[i], pattern(9 * SECTOR + i));
}

static void test_readonly_write_ioerr(void **state)
{
    struct fixture *x = *state;
    struct vdrv *v = &x->v;
    assert_int_equal(vd_rd(v, VD_DEV_FEATURES) & (1u << 5), 1u << 5); /* RO offered */
    bring_up(x); /* and declined, as xv6 does */
    assert_int_equal(blk_req(x, 1, 0, SECTOR, false), 1);
    assert_int_equal(disk_image_overlay_blocks(x->img), 0);
    assert_int_equal(blk_req(x, 0, 0, SECTOR, true), 0);
    assert_int_equal(x->ram[DATA - VD_RAM_BASE], pattern(0));
    assert_int_equal(vd_used_idx(v), 2);
    assert_false(needs_reset(x));
}

static void test_out_of_range_ioerr(void **state)
{
    struct fixture *x = *state;
    bring_up(x);
    assert_int_equal(blk_req(x, 0, DISK_SECTORS, SECTOR, true), 1);
    assert_int_equal(blk_req(x, 0, DISK_SECTORS - 1, 2 * SECTOR, true), 1);
    assert_int_equal(blk_req(x, 1, DISK_SECTORS - 1, 2 * SECTOR, false), 1);
    assert_int_equal(blk_req(x, 0, UINT64_MAX, SECTOR, true), 1);
    assert_int_equal(blk_req(x, 0, 0, 100, true), 1); /* not whole sectors */
    assert_int_equal(vd_used_len(&x->v, 0), 1);
    assert_int_equal(blk_req(x, 0, DISK_SECTORS - 1, SECTOR, true), 0);
    assert_int_equal(disk_image_overlay_blocks(x->img), 0);
    assert_false(needs_reset(x));
}

static void test_flush_get_id_unsupported(void **state)
{
    struct fixture *x = *state;
    bring_up(x);
    assert_int_equal(blk_req(x, 4, 0, 0, false), 0);
    assert_int_equal(vd_used_len(&x->v, 0), 1);
    assert_int_equal(blk_req(x, 8, 0, 20, true), 0);
    char want[21];
    snprintf(want, sizeof want, "%016llx", (unsigned long long)disk_image_hash(x->img));
    assert_memory_equal(x->ram + (DATA - VD_RAM_BASE), want, 16);
    assert_int_equal(x->ram[DATA - VD_RAM_BASE + 16], 0);
    assert_int_equal(vd_used_len(&x->v, 1), 21);
    assert_int_equal(blk_req(x, 11, 0, 0, false), 2); /* DISCARD: not offered */
    assert_int_equal(vd_used_idx(&x->v), 3);
}

static void test_scattered_and_large_transfers(void **state)
{
    struct fixture *x = *state;
    struct vdrv *v = &x->v;
    bring_up(x);
    /* 1024 bytes over three uneven buffers. */
    vd_put(v, HDR, 0, 4);
    vd_put(v, HDR + 8, 3, 8);
    vd_desc(v, 4, HDR, 16, VD_F_NEXT, 5);
    vd_desc(v, 5, DATA, 100, VD_F_NEXT | VD_F_WRITE, 6);
    vd_desc(v, 6, DATA + 0x1000, 412, VD_F_NEXT | VD_F_WRITE, 7);
    vd_desc(v, 7, DATA + 0x2000, 513, VD_F_WRITE, 0); /* 512 data + status */
    vd_offer(v, 4);
    vd_notify(v, 0);
    assert_int_equal(vd_used_id(v, 0), 4);
    assert_int_equal(vd_used_len(v, 0), 1025);
    for (unsigned i = 0; i < 1024; i++) {
        uint64_t at = i < 100 ? DATA + i : i < 512 ? DATA + 0x1000 + i - 100 : DATA + 0x2000 + i - 512;
        assert_int_equal(vd_get(v, at, 1), pattern(3 * SECTOR + i));
    }
    assert_int_equal(vd_get(v, DATA + 0x2000 + 512, 1), 0);
    /* 100 KiB at once: more than the device's bounce buffer. */
    uint32_t big = 200 * SECTOR;
    for (uint32_t i = 0; i < big; i++)
        x->ram[DATA - VD_RAM_BASE + i] = (uint8_t)(i * 13);
    assert_int_equal(blk_req(x, 1, 40, big, false), 0);
    memset(x->ram + (DATA - VD_RAM_BASE), 0, big);
    assert_int_equal(blk_req(x, 0, 40, big, true), 0);
    for (uint32_t i = 0; i < big; i++)
        assert_int_equal(x->ram[DATA - VD_RAM_BASE + i], (uint8_t)(i * 13));
    assert_int_equal(vd_used_len(v, 2), big + 1);
}

static void test_batch_and_interrupt_suppression(void **state)
{
    struct fixture *x = *state;
    struct vdrv *v = &x->v;
    bring_up(x);
    vd_put(v, HDR, 4, 4); /* two FLUSH chains sharing header and status */
    vd_desc(v, 0, HDR, 16, VD_F_NEXT, 1);
    vd_desc(v, 1, STATUS_BYTE, 1, VD_F_WRITE, 0);
    vd_desc(v, 2, HDR, 16, VD_F_NEXT, 3);
    vd_desc(v, 3, STATUS_BYTE, 1, VD_F_WRITE, 0);
    vd_put(v, VD_AVAIL, 1, 2); /* VIRTQ_AVAIL_F_NO_INTERRUPT */
    vd_offer(v, 0);
    vd_offer(v, 2);
    vd_notify(v, 0);
    assert_int_equal(vd_used_idx(v), 2);
    assert_int_equal(vd_used_id(v, 0), 0);
    assert_int_equal(vd_used_id(v, 1), 2);
    assert_int_equal(vd_rd(v, VD_INT_STATUS), 0);
    assert_false(x->f.irq[IRQ]);
    vd_put(v, VD_AVAIL, 0, 2);
    vd_offer(v, 0);
    vd_notify(v, 0);
    assert_int_equal(vd_used_idx(v), 3);
    assert_true(x->f.irq[IRQ]);
}

static void test_notify_before_driver_ok_ignored(void **state)
{
    struct fixture *x = *state;
    struct vdrv *v = &x->v;
    bring_up(x);
    vd_wr(v, VD_STATUS, 0xf & ~VIRTIO_STATUS_DRIVER_OK);
    vd_wr(v, VD_STATUS, 0);
    /* Set the queue up again but leave DRIVER_OK unset. */
    vd_wr(v, VD_STATUS, 3);
    vd_wr(v, VD_QUEUE_NUM, 8);
    vd_wr(v, VD_DESC_LO, (uint32_t)VD_DESC);
    vd_wr(v, VD_DRIVER_LO, (uint32_t)VD_AVAIL);
    vd_wr(v, VD_DEVICE_LO, (uint32_t)VD_USED);
    vd_wr(v, VD_QUEUE_READY, 1);
    memset(x->ram + (VD_AVAIL - VD_RAM_BASE), 0, 0x2000);
    v->avail_idx = 0;
    assert_int_equal(blk_req(x, 0, 0, SECTOR, true), 0xff);
    assert_int_equal(vd_used_idx(v), 0);
    /* Once live, the next notify serves what is waiting. */
    vd_wr(v, VD_STATUS, 3 | VIRTIO_STATUS_FEATURES_OK | VIRTIO_STATUS_DRIVER_OK);
    vd_notify(v, 0);
    assert_int_equal(vd_used_idx(v), 1);
    assert_int_equal(vd_get(v, STATUS_BYTE, 1), 0);
}

/* ---- malformed chains: the device breaks, the emulator does not ---- */

static void expect_broken(struct fixture *x)
{
    assert_true(needs_reset(x));
    assert_int_equal(vd_rd(&x->v, VD_INT_STATUS) & 2, 2); /* configuration change */
    assert_true(x->f.irq[IRQ]);
    assert_int_equal(vd_used_idx(&x->v), 0);
    /* Further notifies do nothing until a reset. */
    vd_notify(&x->v, 0);
    assert_int_equal(vd_used_idx(&x->v), 0);
    /* Reset, and the device works again. */
    bring_up(x);
    assert_false(needs_reset(x));
    assert_false(x->f.irq[IRQ]);
    assert_int_equal(blk_req(x, 0, 1, SECTOR, true), 0);
    assert_int_equal(vd_used_idx(&x->v), 1);
    bring_up(x); /* fresh rings for the caller's next case */
}

static void test_descriptor_loop(void **state)
{
    struct fixture *x = *state;
    struct vdrv *v = &x->v;
    bring_up(x);
    vd_desc(v, 0, HDR, 16, VD_F_NEXT, 1);
    vd_desc(v, 1, DATA, SECTOR, VD_F_NEXT | VD_F_WRITE, 2);
    vd_desc(v, 2, STATUS_BYTE, 1, VD_F_NEXT | VD_F_WRITE, 1); /* back to 1 */
    vd_offer(v, 0);
    vd_notify(v, 0);
    expect_broken(x);
}

static void test_self_loop(void **state)
{
    struct fixture *x = *state;
    struct vdrv *v = &x->v;
    bring_up(x);
    vd_desc(v, 3, HDR, 16, VD_F_NEXT, 3);
    vd_offer(v, 3);
    vd_notify(v, 0);
    expect_broken(x);
}

static void test_data_buffer_outside_ram(void **state)
{
    struct fixture *x = *state;
    struct vdrv *v = &x->v;
    bring_up(x);
    vd_put(v, HDR, 0, 4);
    vd_put(v, HDR + 8, 0, 8);
    vd_desc(v, 0, HDR, 16, VD_F_NEXT, 1);
    vd_desc(v, 1, 0x1000, SECTOR, VD_F_NEXT | VD_F_WRITE, 2); /* the boot ROM, not RAM */
    vd_desc(v, 2, STATUS_BYTE, 1, VD_F_WRITE, 0);
    vd_offer(v, 0);
    vd_notify(v, 0);
    assert_true(x->f.dma_fails > 0);
    expect_broken(x);
}

static void test_buffer_straddling_ram_end(void **state)
{
    struct fixture *x = *state;
    struct vdrv *v = &x->v;
    bring_up(x);
    vd_put(v, HDR, 1, 4);
    vd_desc(v, 0, HDR, 16, VD_F_NEXT, 1);
    vd_desc(v, 1, VD_RAM_BASE + RAM_SIZE - 256, SECTOR, VD_F_NEXT, 2);
    vd_desc(v, 2, STATUS_BYTE, 1, VD_F_WRITE, 0);
    vd_offer(v, 0);
    vd_notify(v, 0);
    expect_broken(x);
}

static void test_wrapping_buffer_address(void **state)
{
    struct fixture *x = *state;
    struct vdrv *v = &x->v;
    bring_up(x);
    vd_desc(v, 0, HDR, 16, VD_F_NEXT, 1);
    vd_desc(v, 1, UINT64_MAX - 10, SECTOR, VD_F_NEXT | VD_F_WRITE, 2);
    vd_desc(v, 2, STATUS_BYTE, 1, VD_F_WRITE, 0);
    vd_offer(v, 0);
    vd_notify(v, 0);
    expect_broken(x);
}

static void test_rings_outside_ram(void **state)
{
    struct fixture *x = *state;
    struct vdrv *v = &x->v;
    bring_up(x);
    vd_wr(v, VD_QUEUE_READY, 0);
    vd_wr(v, VD_DRIVER_LO, 0x40000000); /* avail ring nowhere */
    vd_wr(v, VD_QUEUE_READY, 1);
    vd_notify(v, 0);
    expect_broken(x);
    vd_wr(v, VD_QUEUE_READY, 0);
    vd_wr(v, VD_DESC_HI, 0x10); /* descriptor table nowhere */
    vd_wr(v, VD_QUEUE_READY, 1);
    blk_req(x, 0, 0, SECTOR, true);
    assert_true(needs_reset(x));
    bring_up(x);
    vd_wr(v, VD_QUEUE_READY, 0);
    vd_wr(v, VD_DEVICE_LO, 0x1000); /* used ring nowhere */
    vd_wr(v, VD_QUEUE_READY, 1);
    blk_req(x, 0, 0, SECTOR, true);
    assert_true(needs_reset(x));
}

static void test_indices_beyond_queue(void **state)
{
    struct fixture *x = *state;
    struct vdrv *v = &x->v;
    bring_up(x);
    vd_offer(v, 8); /* head index == queue size */
    vd_notify(v, 0);
    expect_broken(x);

    vd_desc(v, 0, HDR, 16, VD_F_NEXT, 200); /* next beyond the queue */
    vd_offer(v, 0);
    vd_notify(v, 0);
    expect_broken(x);

    /* More entries claimed than the ring holds. */
    vd_put(v, VD_AVAIL + 2, 9, 2);
    vd_notify(v, 0);
    expect_broken(x);
}

static void test_protocol_violations(void **state)
{
    struct fixture *x = *state;
    struct vdrv *v = &x->v;
    bring_up(x);
    /* Indirect descriptors were never offered. */
    vd_desc(v, 0, HDR, 16, VD_F_INDIRECT, 0);
    vd_offer(v, 0);
    vd_notify(v, 0);
    expect_broken(x);
    /* Readable after writable. */
    vd_desc(v, 0, STATUS_BYTE, 1, VD_F_WRITE | VD_F_NEXT, 1);
    vd_desc(v, 1, HDR, 16, 0, 0);
    vd_offer(v, 0);
    vd_notify(v, 0);
    expect_broken(x);
    /* No status byte. */
    vd_desc(v, 0, HDR, 16, 0, 0);
    vd_offer(v, 0);
    vd_notify(v, 0);
    expect_broken(x);
    /* Short header. */
    vd_desc(v, 0, HDR, 8, VD_F_NEXT, 1);
    vd_desc(v, 1, STATUS_BYTE, 1, VD_F_WRITE, 0);
    vd_offer(v, 0);
    vd_notify(v, 0);
    expect_broken(x);
}

static void test_queue_size_not_power_of_two(void **state)
{
    struct fixture *x = *state;
    struct vdrv *v = &x->v;
    bring_up(x);
    vd_wr(v, VD_QUEUE_READY, 0);
    vd_wr(v, VD_QUEUE_NUM, 6);
    vd_wr(v, VD_QUEUE_READY, 1);
    vd_offer(v, 0);
    vd_notify(v, 0);
    assert_true(needs_reset(x));
    bring_up(x);
    vd_wr(v, VD_QUEUE_READY, 0);
    vd_wr(v, VD_QUEUE_NUM, 512); /* above QueueNumMax */
    vd_wr(v, VD_QUEUE_READY, 1);
    vd_offer(v, 0);
    vd_notify(v, 0);
    assert_true(needs_reset(x));
}

static void test_driver_cannot_clear_needs_reset(void **state)
{
    struct fixture *x = *state;
    struct vdrv *v = &x->v;
    bring_up(x);
    vd_offer(v, 100);
    vd_notify(v, 0);
    assert_true(needs_reset(x));
    vd_wr(v, VD_STATUS, 0xf);
    assert_true(needs_reset(x));
    vd_wr(v, VD_INT_ACK, 2);
    assert_false(x->f.irq[IRQ]);
    vd_notify(v, 0); /* still broken: still quiet */
    assert_false(x->f.irq[IRQ]);
}

/* ---- the disk image on its own ---- */

static void test_disk_image_basics(void **state)
{
    struct fixture *x = *state;
    char err[256];
    assert_null(disk_image_open("/nonexistent/disk.img", false, err, sizeof err));
    assert_non_null(strstr(err, "/nonexistent/disk.img"));
    assert_int_equal(disk_image_size(x->img), DISK_SECTORS * SECTOR);
    assert_string_equal(disk_image_path(x->img), x->path);
    assert_false(disk_image_readonly(x->img));
    /* The same bytes hash the same, whoever opens them. */
    struct disk_image *again = disk_image_open(x->path, true, err, sizeof err);
    assert_non_null(again);
    assert_int_equal(disk_image_hash(again), disk_image_hash(x->img));
    uint8_t b = 0;
    assert_int_equal(disk_image_write(again, 0, &b, 1), -1); /* read-only */
    assert_int_equal(disk_image_writeback(again), 0);
    disk_image_close(again);
    uint8_t buf[8];
    assert_int_equal(disk_image_read(x->img, DISK_SECTORS * SECTOR - 4, buf, 8), -1);
    assert_int_equal(disk_image_read(x->img, DISK_SECTORS * SECTOR - 4, buf, 4), 0);
    assert_int_equal(disk_image_write(x->img, DISK_SECTORS * SECTOR, buf, 1), -1);
}

static void test_disk_image_writeback(void **state)
{
    struct fixture *x = *state;
    uint8_t data[600];
    for (unsigned i = 0; i < sizeof data; i++)
        data[i] = (uint8_t)~pattern(8000 + i);
    assert_int_equal(disk_image_write(x->img, 8000, data, sizeof data), 0); /* across blocks */
    assert_int_equal(disk_image_overlay_blocks(x->img), 2);
    assert_int_equal(disk_image_writeback(x->img), 0);
    char err[256];
    struct disk_image *again = disk_image_open(x->path, true, err, sizeof err);
    assert_non_null(again);
    assert_int_equal(disk_image_size(again), DISK_SECTORS * SECTOR);
    assert_int_not_equal(disk_image_hash(again), disk_image_hash(x->img));
    uint8_t buf[12288];
    assert_int_equal(disk_image_read(again, 0, buf, sizeof buf), 0);
    for (unsigned i = 0; i < sizeof buf; i++)
        assert_int_equal(buf[i], i >= 8000 && i < 8600 ? (uint8_t)~pattern(i) : pattern(i));
    disk_image_close(again);
}

static void test_disk_image_overlay_save_load(void **state)
{
    struct fixture *x = *state;
    uint8_t a[SECTOR], b[SECTOR];
    memset(a, 0x11, sizeof a);
    assert_int_equal(disk_image_write(x->img, 100 * SECTOR, a, sizeof a), 0);
    assert_int_equal(disk_image_write(x->img, 3 * SECTOR, a, sizeof a), 0);
    struct sbuf s1, s2;
    sbuf_init(&s1);
    sbuf_init(&s2);
    disk_image_overlay_save(x->img, &s1);
    /* Later writes, then back to the saved overlay. */
    memset(b, 0x22, sizeof b);
    assert_int_equal(disk_image_write(x->img, 3 * SECTOR, b, sizeof b), 0);
    assert_int_equal(disk_image_write(x->img, 200 * SECTOR, b, sizeof b), 0);
    struct sreader r;
    sreader_init(&r, s1.data, s1.len - 1);
    assert_int_equal(disk_image_overlay_load(x->img, &r), -1);
    assert_int_equal(disk_image_overlay_blocks(x->img), 3); /* unchanged */
    sreader_init(&r, s1.data, s1.len);
    assert_int_equal(disk_image_overlay_load(x->img, &r), 0);
    assert_int_equal(disk_image_overlay_blocks(x->img), 2);
    uint8_t got[SECTOR];
    assert_int_equal(disk_image_read(x->img, 3 * SECTOR, got, sizeof got), 0);
    assert_memory_equal(got, a, sizeof a);
    assert_int_equal(disk_image_read(x->img, 200 * SECTOR, got, sizeof got), 0);
    assert_int_equal(got[0], pattern(200 * SECTOR));
    disk_image_overlay_save(x->img, &s2);
    assert_int_equal(s1.len, s2.len);
    assert_memory_equal(s1.data, s2.data, s1.len);
    /* Another base (hash inside the image differs) is refused. */
    s2.data[5 + 8] ^= 1;
    sreader_init(&r, s2.data, s2.len);
    assert_int_equal(disk_image_overlay_load(x->img, &r), -1);
    sbuf_free(&s1);
    sbuf_free(&s2);
}

static void test_fdt_node(void **state)
{
    struct fixture *x = *state;
    static char buf[4096];
    assert_int_equal(fdt_create_empty_tree(buf, sizeof buf), 0);
    int soc = fdt_add_subnode(buf, 0, "soc");
    struct fdt_ctx ctx = {.plic_phandle = 0x40, .nharts = 1};
    assert_int_equal(x->d.fdt_node(x->d.state, buf, soc, &ctx), 0);
    int node = fdt_path_offset(buf, "/soc/virtio_mmio@10001000");
    assert_true(node >= 0);
    assert_string_equal(fdt_getprop(buf, node, "compatible", NULL), "virtio,mmio");
    int len;
    const fdt32_t *irq = fdt_getprop(buf, node, "interrupts", &len);
    assert_int_equal(fdt32_ld(irq), IRQ);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
#define TRO(f) cmocka_unit_test_setup_teardown(f, setup_readonly, teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_identification_and_features),
        T(test_config_space),
        T(test_queue_registers),
        T(test_status_negotiation_and_reset),
        T(test_xv6_bring_up),
        T(test_read_sector),
        T(test_write_then_read_back_overlay),
        TRO(test_readonly_write_ioerr),
        T(test_out_of_range_ioerr),
        T(test_flush_get_id_unsupported),
        T(test_scattered_and_large_transfers),
        T(test_batch_and_interrupt_suppression),
        T(test_notify_before_driver_ok_ignored),
        T(test_descriptor_loop),
        T(test_self_loop),
        T(test_data_buffer_outside_ram),
        T(test_buffer_straddling_ram_end),
        T(test_wrapping_buffer_address),
        T(test_rings_outside_ram),
        T(test_indices_beyond_queue),
        T(test_protocol_violations),
        T(test_queue_size_not_power_of_two),
        T(test_driver_cannot_clear_needs_reset),
        T(test_disk_image_basics),
        T(test_disk_image_writeback),
        T(test_disk_image_overlay_save_load),
        T(test_fdt_node),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
