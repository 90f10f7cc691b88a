/* virtio-net: frames the guest transmits come back on its receive queue
 * (loopback) or vanish (none), waiting in a bounded FIFO while no receive
 * buffer is posted; malformed chains break the device, not the emulator. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>

#include "core/serial.h"
#include "devices/virtio_net.h"
#include "tests/unit/fake_host.h"
#include "tests/unit/fake_virtio_driver.h"

#define BASE 0x10003000ull
#define IRQ 3
#define RAM_SIZE (128u * 1024)
#define QNUM 32
#define RXQ 0
#define TXQ 1
#define HDR 12u
#define RX_LEN (HDR + VIRTIO_NET_FRAME_MAX) /* 1526, what the spec asks of drivers */
#define RXB(slot) (VD_BUF + 0x800ull * (slot))
#define TXB (VD_BUF + 0x9000)
#define JUNK 0xaa

static const uint8_t MAC[6] = {0x52, 0x54, 0x00, 0x12, 0x34, 0x56};

struct fixture {
    struct fake_host f;
    struct device d;
    struct virtio_mmio *vm;
    struct vdrv_mq m;
    uint8_t *ram;
};

static struct fixture *fixture_new(bool loopback)
{
    struct fixture *x = calloc(1, sizeof *x);
    x->ram = calloc(1, RAM_SIZE);
    struct dev_host h = fake_host_init(&x->f);
    fake_host_set_ram(&x->f, VD_RAM_BASE, x->ram, RAM_SIZE);
    x->vm = virtio_net_create(&h, fake_irq_line(&x->f, IRQ), MAC, loopback);
    assert_non_null(x->vm);
    virtio_mmio_device(x->vm, BASE, &x->d);
    x->d.reset(x->d.state);
    x->m.v.d = &x->d;
    x->m.v.ram = x->ram;
    return x;
}

static void fixture_free(struct fixture *x)
{
    x->d.destroy(x->d.state);
    free(x->ram);
    free(x);
}

static int setup(void **state)
{
    *state = fixture_new(true);
    return 0;
}

static int setup_none(void **state)
{
    *state = fixture_new(false);
    return 0;
}

static int teardown(void **state)
{
    fixture_free(*state);
    return 0;
}

static void bring_up(struct fixture *x)
{
    uint32_t st = vdm_init(&x->m, &x->d, x->ram, QNUM, 2, 0, false);
    assert_true(st & VIRTIO_STATUS_FEATURES_OK);
}

static struct virtio_net_stats stats(struct fixture *x)
{
    struct virtio_net_stats s;
    assert_int_equal(virtio_net_stats(x->vm, &s), 0);
    return s;
}

static bool needs_reset(struct fixture *x)
{
    return vd_rd(&x->m.v, VD_STATUS) & VIRTIO_STATUS_NEEDS_RESET;
}

static uint8_t frame_byte(unsigned seed, unsigned i)
{
    return (uint8_t)(i * 7 + seed * 31 + 1);
}

static uint8_t *guest(struct fixture *x, uint64_t addr)
{
    return x->ram + (addr - VD_RAM_BASE);
}

/* Transmit frame `seed` of `len` bytes: a header of `hlen` bytes (filled
 * with junk the device must not pass on) and the frame, in two
 * descriptors; notify.  Returns the transmit queue's used index. */
static uint16_t tx_hdr(struct fixture *x, unsigned seed, uint32_t len, unsigned hlen)
{
    memset(guest(x, TXB), 0x5a, hlen);
    for (uint32_t i = 0; i < len; i++)
        *guest(x, TXB + 0x10 + i) = frame_byte(seed, i);
    vdm_desc(&x->m, TXQ, 0, TXB, hlen, VD_F_NEXT, 1);
    vdm_desc(&x->m, TXQ, 1, TXB + 0x10, len, 0, 0);
    vdm_offer(&x->m, TXQ, 0);
    vd_notify(&x->m.v, TXQ);
    return vdm_used_idx(&x->m, TXQ);
}

static uint16_t tx(struct fixture *x, unsigned seed, uint32_t len)
{
    return tx_hdr(x, seed, len, HDR);
}

/* One writable buffer of `len` bytes at slot `slot` (descriptor `slot`),
 * filled with junk; offered without a notify. */
static void post_rx_len(struct fixture *x, unsigned slot, uint32_t len)
{
    memset(guest(x, RXB(slot)), JUNK, 0x800);
    vdm_desc(&x->m, RXQ, slot, RXB(slot), len, VD_F_WRITE, 0);
    vdm_offer(&x->m, RXQ, (uint16_t)slot);
}

static void post_rx(struct fixture *x, unsigned slot)
{
    post_rx_len(x, slot, RX_LEN);
}

/* Receive buffer `slot` holds a zeroed header and frame `seed`. */
static void assert_rx(struct fixture *x, unsigned slot, unsigned seed, uint32_t len, unsigned hlen)
{
    const uint8_t *p = guest(x, RXB(slot));
    for (unsigned i = 0; i < hlen; i++)
        assert_int_equal(p[i], hlen == HDR && i == 10 ? 1 : 0); /* num_buffers = 1 */
    for (uint32_t i = 0; i < len; i++)
        assert_int_equal(p[hlen + i], frame_byte(seed, i));
    assert_int_equal(p[hlen + len], JUNK);
}

/* ---- identification, features, config ---- */

static void test_features_and_config(void **state)
{
    struct fixture *x = *state;
    struct vdrv *v = &x->m.v;
    assert_string_equal(x->d.name, "virtio_net");
    assert_int_equal(vd_rd(v, VD_DEVICE_ID), 1);
    assert_int_equal(vd_rd(v, VD_DEV_FEATURES), (1u << 5) | (1u << 16)); /* MAC, STATUS */
    vd_wr(v, VD_DEV_FEATURES_SEL, 1);
    assert_int_equal(vd_rd(v, VD_DEV_FEATURES), 1); /* VERSION_1 */
    for (unsigned q = 0; q < 3; q++) {
        vd_wr(v, VD_QUEUE_SEL, q);
        assert_int_equal(vd_rd(v, VD_QUEUE_NUM_MAX), q < 2 ? 256 : 0); /* rx, tx only */
    }
    for (unsigned i = 0; i < 6; i++)
        assert_int_equal(dev_rd(&x->d, VD_CONFIG + i, 1), MAC[i]);
    assert_int_equal(dev_rd(&x->d, VD_CONFIG, 4), 0x12005452);
    assert_int_equal(dev_rd(&x->d, VD_CONFIG + 6, 2), 1); /* VIRTIO_NET_S_LINK_UP */
    assert_int_equal(dev_rd(&x->d, VD_CONFIG + 8, 4), 0);
    dev_wr(&x->d, VD_CONFIG, 4, 0xffffffff); /* read-only */
    assert_int_equal(dev_rd(&x->d, VD_CONFIG, 1), MAC[0]);

    bring_up(x);
    assert_int_equal(vd_rd(v, VD_STATUS), 0xf);
    /* Offloads never offered are refused at FEATURES_OK. */
    vd_wr(v, VD_STATUS, 0);
    vd_wr(v, VD_STATUS, 3);
    vd_wr(v, VD_DRV_FEATURES_SEL, 0);
    vd_wr(v, VD_DRV_FEATURES, (1u << 5) | (1u << 0)); /* CSUM */
    vd_wr(v, VD_STATUS, 3 | VIRTIO_STATUS_FEATURES_OK);
    assert_false(vd_rd(v, VD_STATUS) & VIRTIO_STATUS_FEATURES_OK);

    struct virtio_net_stats s = stats(x);
    assert_int_equal(s.tx_frames + s.tx_dropped + s.rx_frames + s.rx_dropped + s.rx_pending, 0);
}

/* ---- loopback ---- */

static void test_loopback_to_posted_buffer(void **state)
{
    struct fixture *x = *state;
    struct vdrv_mq *m = &x->m;
    bring_up(x);
    post_rx(x, 3);
    vd_notify(&m->v, RXQ);
    assert_int_equal(vdm_used_idx(m, RXQ), 0); /* nothing to receive yet */
    assert_false(x->f.irq[IRQ]);

    assert_int_equal(tx(x, 1, 60), 1);
    assert_int_equal(vdm_used_id(m, TXQ, 0), 0);
    assert_int_equal(vdm_used_len(m, TXQ, 0), 0); /* the device wrote nothing */
    assert_int_equal(vdm_used_idx(m, RXQ), 1);
    assert_int_equal(vdm_used_id(m, RXQ, 0), 3);
    assert_int_equal(vdm_used_len(m, RXQ, 0), HDR + 60);
    assert_rx(x, 3, 1, 60, HDR);
    assert_true(x->f.irq[IRQ]);
    assert_int_equal(vd_rd(&m->v, VD_INT_STATUS), 1);

    /* Header and frame in one descriptor; a receive chain of two
     * descriptors the frame spans. */
    memset(guest(x, TXB), 0, HDR);
    for (unsigned i = 0; i < 1000; i++)
        *guest(x, TXB + HDR + i) = frame_byte(2, i);
    vdm_desc(m, TXQ, 5, TXB, HDR + 1000, 0, 0);
    memset(guest(x, RXB(0)), JUNK, 0x1000);
    vdm_desc(m, RXQ, 0, RXB(0), 100, VD_F_WRITE | VD_F_NEXT, 1);
    vdm_desc(m, RXQ, 1, RXB(1), 1426, VD_F_WRITE, 0);
    vdm_offer(m, RXQ, 0);
    vdm_offer(m, TXQ, 5);
    vd_notify(&m->v, TXQ);
    assert_int_equal(vdm_used_idx(m, TXQ), 2);
    assert_int_equal(vdm_used_id(m, TXQ, 1), 5);
    assert_int_equal(vdm_used_idx(m, RXQ), 2);
    assert_int_equal(vdm_used_id(m, RXQ, 1), 0);
    assert_int_equal(vdm_used_len(m, RXQ, 1), HDR + 1000);
    assert_int_equal(*guest(x, RXB(0) + 10), 1);
    for (unsigned i = 0; i < 1000; i++) {
        uint64_t at = HDR + i < 100 ? RXB(0) + HDR + i : RXB(1) + HDR + i - 100;
        assert_int_equal(*guest(x, at), frame_byte(2, i));
    }
    assert_int_equal(*guest(x, RXB(0) + 100), JUNK);
    assert_int_equal(*guest(x, RXB(1) + 912), JUNK);

    struct virtio_net_stats s = stats(x);
    assert_int_equal(s.tx_frames, 2);
    assert_int_equal(s.rx_frames, 2);
    assert_int_equal(s.tx_dropped + s.rx_dropped + s.rx_pending, 0);
}

static void test_loopback_waits_for_buffers(void **state)
{
    struct fixture *x = *state;
    struct vdrv_mq *m = &x->m;
    bring_up(x);
    for (unsigned i = 0; i < 3; i++)
        assert_int_equal(tx(x, 10 + i, 100 + i), i + 1); /* completed at once */
    assert_int_equal(vdm_used_idx(m, RXQ), 0);
    assert_int_equal(stats(x).rx_pending, 3);

    post_rx(x, 0);
    post_rx(x, 1);
    assert_int_equal(vdm_used_idx(m, RXQ), 0); /* not without a notify */
    vd_notify(&m->v, RXQ);
    assert_int_equal(vdm_used_idx(m, RXQ), 2);
    assert_rx(x, 0, 10, 100, HDR);
    assert_rx(x, 1, 11, 101, HDR);
    assert_int_equal(vdm_used_len(m, RXQ, 1), HDR + 101);
    assert_int_equal(stats(x).rx_pending, 1);

    /* A buffer posted without a notify still serves the waiting frame
     * first when the next transmit comes through, in order. */
    post_rx(x, 2);
    post_rx(x, 4);
    tx(x, 13, 50);
    assert_int_equal(vdm_used_idx(m, RXQ), 4);
    assert_rx(x, 2, 12, 102, HDR);
    assert_rx(x, 4, 13, 50, HDR);
    struct virtio_net_stats s = stats(x);
    assert_int_equal(s.rx_frames, 4);
    assert_int_equal(s.rx_pending, 0);
}

static void test_fifo_overflow_drops_oldest(void **state)
{
    struct fixture *x = *state;
    struct vdrv_mq *m = &x->m;
    bring_up(x);
    for (unsigned i = 0; i < VIRTIO_NET_FIFO + 2; i++)
        tx(x, i, 64 + i);
    assert_int_equal(vdm_used_idx(m, TXQ), VIRTIO_NET_FIFO + 2);
    struct virtio_net_stats s = stats(x);
    assert_int_equal(s.tx_frames, VIRTIO_NET_FIFO + 2);
    assert_int_equal(s.rx_pending, VIRTIO_NET_FIFO);
    assert_int_equal(s.rx_dropped, 2);
    for (unsigned i = 0; i < VIRTIO_NET_FIFO; i++)
        post_rx(x, i);
    post_rx(x, VIRTIO_NET_FIFO);
    vd_notify(&m->v, RXQ);
    assert_int_equal(vdm_used_idx(m, RXQ), VIRTIO_NET_FIFO);
    for (unsigned i = 0; i < VIRTIO_NET_FIFO; i++) {
        assert_int_equal(vdm_used_id(m, RXQ, i), i);
        assert_rx(x, i, i + 2, 64 + i + 2, HDR); /* frames 0 and 1 were dropped */
    }
    assert_int_equal(*guest(x, RXB(VIRTIO_NET_FIFO)), JUNK); /* still posted */
    assert_int_equal(stats(x).rx_pending, 0);
    tx(x, 99, 20);
    assert_rx(x, VIRTIO_NET_FIFO, 99, 20, HDR);
}

static void test_none_drops(void **state)
{
    struct fixture *x = *state;
    struct vdrv_mq *m = &x->m;
    bring_up(x);
    post_rx(x, 0);
    vd_notify(&m->v, RXQ);
    assert_int_equal(tx(x, 1, 60), 1);
    assert_int_equal(vdm_used_idx(m, RXQ), 0);
    assert_int_equal(*guest(x, RXB(0)), JUNK);
    struct virtio_net_stats s = stats(x);
    assert_int_equal(s.tx_frames, 1);
    assert_int_equal(s.rx_frames + s.rx_pending + s.rx_dropped, 0);
    /* Frames from outside still arrive. */
    uint8_t f[40];
    for (unsigned i = 0; i < sizeof f; i++)
        f[i] = frame_byte(7, i);
    assert_int_equal(virtio_net_rx_frame(x->vm, f, sizeof f), 0);
    assert_int_equal(vdm_used_idx(m, RXQ), 1);
    assert_rx(x, 0, 7, sizeof f, HDR);
}

static void test_oversized_frames(void **state)
{
    struct fixture *x = *state;
    struct vdrv_mq *m = &x->m;
    bring_up(x);
    post_rx(x, 0);
    vd_notify(&m->v, RXQ);
    assert_int_equal(tx(x, 1, VIRTIO_NET_FRAME_MAX + 1), 1); /* completed */
    assert_int_equal(vdm_used_len(m, TXQ, 0), 0);
    assert_int_equal(vdm_used_idx(m, RXQ), 0);
    struct virtio_net_stats s = stats(x);
    assert_int_equal(s.tx_dropped, 1);
    assert_int_equal(s.tx_frames, 0);
    assert_false(needs_reset(x));
    /* The largest frame fits the 1526-byte buffer exactly. */
    assert_int_equal(tx(x, 2, VIRTIO_NET_FRAME_MAX), 2);
    assert_int_equal(vdm_used_len(m, RXQ, 0), RX_LEN);
    assert_rx(x, 0, 2, VIRTIO_NET_FRAME_MAX, HDR);

    /* A frame longer than the posted chain is dropped; the chain waits
     * for one that fits. */
    post_rx_len(x, 1, HDR + 100);
    vd_notify(&m->v, RXQ);
    tx(x, 3, 101);
    assert_int_equal(vdm_used_idx(m, RXQ), 1);
    assert_int_equal(*guest(x, RXB(1)), JUNK);
    tx(x, 4, 100);
    assert_int_equal(vdm_used_idx(m, RXQ), 2);
    assert_int_equal(vdm_used_id(m, RXQ, 1), 1);
    assert_rx(x, 1, 4, 100, HDR);
    s = stats(x);
    assert_int_equal(s.rx_dropped, 1);
    assert_int_equal(s.rx_frames, 2);

    /* From outside: too long is refused; empty is a frame. */
    uint8_t big[VIRTIO_NET_FRAME_MAX + 1] = {0};
    assert_int_equal(virtio_net_rx_frame(x->vm, big, sizeof big), -1);
    assert_int_equal(virtio_net_rx_frame(x->vm, big, VIRTIO_NET_FRAME_MAX), 0);
    assert_int_equal(stats(x).rx_pending, 1);
}

/* A driver that declines VERSION_1 gets the 10-byte legacy header. */
static void test_legacy_header(void **state)
{
    struct fixture *x = *state;
    struct vdrv_mq *m = &x->m;
    assert_true(vdm_init(m, &x->d, x->ram, QNUM, 2, 0, true) & VIRTIO_STATUS_FEATURES_OK);
    post_rx(x, 0);
    tx_hdr(x, 5, 80, 10);
    assert_int_equal(vdm_used_idx(m, RXQ), 1);
    assert_int_equal(vdm_used_len(m, RXQ, 0), 10 + 80);
    assert_rx(x, 0, 5, 80, 10);
    /* Shorter than even the legacy header. */
    tx_hdr(x, 6, 0, 9);
    assert_true(needs_reset(x));
}

static void test_host_frames_queue_in_order(void **state)
{
    struct fixture *x = *state;
    struct vdrv_mq *m = &x->m;
    uint8_t f[200];
    for (unsigned i = 0; i < sizeof f; i++)
        f[i] = frame_byte(40, i);
    /* Before the driver is up the frame waits. */
    assert_int_equal(virtio_net_rx_frame(x->vm, f, sizeof f), 0);
    assert_int_equal(stats(x).rx_pending, 1);
    bring_up(x); /* the reset empties the FIFO */
    assert_int_equal(stats(x).rx_pending, 0);
    tx(x, 41, 30);
    assert_int_equal(virtio_net_rx_frame(x->vm, f, sizeof f), 0);
    tx(x, 42, 31);
    post_rx(x, 0);
    post_rx(x, 1);
    post_rx(x, 2);
    vd_notify(&m->v, RXQ);
    assert_int_equal(vdm_used_idx(m, RXQ), 3);
    assert_rx(x, 0, 41, 30, HDR);
    assert_rx(x, 1, 40, sizeof f, HDR);
    assert_rx(x, 2, 42, 31, HDR);

    /* Not a network device. */
    struct fake_host f2;
    struct dev_host h = fake_host_init(&f2);
    struct virtio_mmio *empty = virtio_mmio_create(&h, fake_irq_line(&f2, 4));
    struct virtio_net_stats s;
    assert_int_equal(virtio_net_rx_frame(empty, f, sizeof f), -1);
    assert_int_equal(virtio_net_stats(empty, &s), -1);
    struct device d;
    virtio_mmio_device(empty, 0x10004000, &d);
    d.destroy(d.state);
}

static void test_reset_clears_fifo(void **state)
{
    struct fixture *x = *state;
    struct vdrv_mq *m = &x->m;
    bring_up(x);
    tx(x, 1, 60);
    tx(x, 2, 60);
    assert_int_equal(stats(x).rx_pending, 2);
    vd_wr(&m->v, VD_STATUS, 0);
    assert_int_equal(stats(x).rx_pending, 0);
    bring_up(x);
    post_rx(x, 0);
    vd_notify(&m->v, RXQ);
    assert_int_equal(vdm_used_idx(m, RXQ), 0);
    assert_int_equal(stats(x).tx_frames, 2); /* counters outlive a reset */
    tx(x, 3, 60);
    x->d.reset(x->d.state); /* machine reset */
    assert_int_equal(stats(x).rx_pending, 0);
}

/* ---- malformed chains ---- */

static void expect_broken(struct fixture *x)
{
    assert_true(needs_reset(x));
    assert_int_equal(vd_rd(&x->m.v, VD_INT_STATUS) & 2, 2);
    assert_true(x->f.irq[IRQ]);
    uint16_t rx = vdm_used_idx(&x->m, RXQ), txi = vdm_used_idx(&x->m, TXQ);
    vd_notify(&x->m.v, TXQ);
    vd_notify(&x->m.v, RXQ);
    assert_int_equal(vdm_used_idx(&x->m, RXQ), rx);
    assert_int_equal(vdm_used_idx(&x->m, TXQ), txi);
    /* A reset brings it back. */
    bring_up(x);
    assert_false(needs_reset(x));
    assert_int_equal(stats(x).rx_pending, 0);
    post_rx(x, 0);
    assert_int_equal(tx(x, 77, 42), 1);
    assert_int_equal(vdm_used_idx(&x->m, RXQ), 1);
    assert_rx(x, 0, 77, 42, HDR);
    bring_up(x);
}

static void test_malformed_chains(void **state)
{
    struct fixture *x = *state;
    struct vdrv_mq *m = &x->m;
    bring_up(x);
    /* Transmit chain with a writable descriptor. */
    vdm_desc(m, TXQ, 0, TXB, HDR, VD_F_NEXT, 1);
    vdm_desc(m, TXQ, 1, TXB + 0x10, 60, VD_F_WRITE, 0);
    vdm_offer(m, TXQ, 0);
    vd_notify(&m->v, TXQ);
    expect_broken(x);
    /* Transmit chain shorter than the header. */
    vdm_desc(m, TXQ, 0, TXB, HDR - 1, 0, 0);
    vdm_offer(m, TXQ, 0);
    vd_notify(&m->v, TXQ);
    expect_broken(x);
    /* Transmit buffer outside RAM. */
    vdm_desc(m, TXQ, 0, TXB, HDR, VD_F_NEXT, 1);
    vdm_desc(m, TXQ, 1, 0x1000, 60, 0, 0);
    vdm_offer(m, TXQ, 0);
    vd_notify(&m->v, TXQ);
    assert_true(x->f.dma_fails > 0);
    expect_broken(x);
    /* Transmit chain looping. */
    vdm_desc(m, TXQ, 0, TXB, HDR, VD_F_NEXT, 1);
    vdm_desc(m, TXQ, 1, TXB, HDR, VD_F_NEXT, 0);
    vdm_offer(m, TXQ, 0);
    vd_notify(&m->v, TXQ);
    expect_broken(x);
    /* Receive chain with a readable descriptor: found when a frame comes. */
    vdm_desc(m, RXQ, 0, RXB(0), RX_LEN, 0, 0);
    vdm_offer(m, RXQ, 0);
    vd_notify(&m->v, RXQ);
    assert_false(needs_reset(x));
    tx(x, 1, 60);
    assert_int_equal(vdm_used_idx(m, TXQ), 1); /* the transmit itself completed */
    expect_broken(x);
    /* Receive chain shorter than the header. */
    post_rx_len(x, 0, HDR - 2);
    tx(x, 1, 60);
    expect_broken(x);
    /* Receive buffer outside RAM. */
    vdm_desc(m, RXQ, 0, VD_RAM_BASE + RAM_SIZE - 8, RX_LEN, VD_F_WRITE, 0);
    vdm_offer(m, RXQ, 0);
    uint8_t f[60] = {0};
    assert_int_equal(virtio_net_rx_frame(x->vm, f, sizeof f), 0);
    expect_broken(x);
    /* Receive head beyond the queue. */
    vdm_offer(m, RXQ, QNUM);
    tx(x, 1, 60);
    expect_broken(x);
}

/* ---- state image ---- */

static void save_into(struct fixture *x, struct sbuf *b)
{
    sbuf_reset(b);
    x->d.save(x->d.state, b);
    assert_false(b->oom);
}

static int load_from(struct fixture *x, const struct sbuf *b, size_t len)
{
    struct sreader r;
    sreader_init(&r, b->data, len);
    return x->d.load(x->d.state, &r);
}

static void test_save_load_pending_frames(void **state)
{
    struct fixture *a = *state, *b = fixture_new(true);
    bring_up(a);
    post_rx(a, 0);
    tx(a, 1, 70);
    tx(a, 2, 71);
    tx(a, 3, VIRTIO_NET_FRAME_MAX);
    assert_int_equal(stats(a).rx_pending, 2);

    struct sbuf ia, ib, before;
    sbuf_init(&ia);
    sbuf_init(&ib);
    sbuf_init(&before);
    save_into(a, &ia);
    /* A truncated or altered image is refused and changes nothing. */
    save_into(b, &before);
    assert_int_equal(load_from(b, &ia, ia.len - 1), -1);
    ia.data[ia.len - VIRTIO_NET_FRAME_MAX - 2] = 0xff; /* last frame's length */
    assert_int_equal(load_from(b, &ia, ia.len), -1);
    save_into(a, &ia);
    save_into(b, &ib);
    assert_int_equal(ib.len, before.len);
    assert_memory_equal(ib.data, before.data, before.len);

    unsigned irq_calls = b->f.irq_calls;
    assert_int_equal(load_from(b, &ia, ia.len), 0);
    assert_int_equal(b->f.irq_calls, irq_calls); /* loads never drive lines */
    memcpy(b->ram, a->ram, RAM_SIZE);
    b->m = a->m;
    b->m.v.d = &b->d;
    b->m.v.ram = b->ram;
    save_into(b, &ib);
    assert_int_equal(ib.len, ia.len);
    assert_memory_equal(ib.data, ia.data, ia.len);

    /* Both go on the same way. */
    struct fixture *both[2] = {a, b};
    for (unsigned k = 0; k < 2; k++) {
        struct fixture *x = both[k];
        post_rx(x, 1);
        post_rx(x, 2);
        vd_notify(&x->m.v, RXQ);
        tx(x, 4, 33);
        assert_int_equal(vdm_used_idx(&x->m, RXQ), 3);
        assert_rx(x, 1, 2, 71, HDR);
        assert_rx(x, 2, 3, VIRTIO_NET_FRAME_MAX, HDR);
        assert_int_equal(stats(x).rx_pending, 1);
    }
    assert_memory_equal(a->ram, b->ram, RAM_SIZE);
    save_into(a, &ia);
    save_into(b, &ib);
    assert_int_equal(ib.len, ia.len);
    assert_memory_equal(ib.data, ia.data, ia.len);
    struct virtio_net_stats sa = stats(a), sb = stats(b);
    assert_int_equal(sa.tx_frames, sb.tx_frames);
    assert_int_equal(sa.tx_dropped, sb.tx_dropped);
    assert_int_equal(sa.rx_frames, sb.rx_frames);
    assert_int_equal(sa.rx_dropped, sb.rx_dropped);
    assert_int_equal(sa.rx_pending, sb.rx_pending);
    assert_int_equal(sb.tx_frames, 4);
    assert_int_equal(sb.rx_frames, 3);

    /* Another MAC, or another backend mode, does not take the image. */
    struct fake_host fh;
    struct dev_host h = fake_host_init(&fh);
    uint8_t mac2[6] = {0x52, 0x54, 0, 0, 0, 1};
    struct virtio_mmio *vms[2] = {
        virtio_net_create(&h, fake_irq_line(&fh, IRQ), mac2, true),
        virtio_net_create(&h, fake_irq_line(&fh, IRQ), MAC, false),
    };
    for (unsigned k = 0; k < 2; k++) {
        struct device d;
        virtio_mmio_device(vms[k], BASE, &d);
        struct sreader r;
        sreader_init(&r, ia.data, ia.len);
        assert_int_equal(d.load(d.state, &r), -1);
        d.destroy(d.state);
    }
    sbuf_free(&ia);
    sbuf_free(&ib);
    sbuf_free(&before);
    fixture_free(b);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
#define TN(f) cmocka_unit_test_setup_teardown(f, setup_none, teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_features_and_config),
        T(test_loopback_to_posted_buffer),
        T(test_loopback_waits_for_buffers),
        T(test_fifo_overflow_drops_oldest),
        TN(test_none_drops),
        T(test_oversized_frames),
        T(test_legacy_header),
        T(test_host_frames_queue_in_order),
        T(test_reset_clears_fifo),
        T(test_malformed_chains),
        T(test_save_load_pending_frames),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
