// Driver for virtio-net (virtio 1.x, section 5.1) over virtio-mmio v2.
//
// Queue 0 receives and queue 1 transmits.  Every buffer on either queue
// starts with a struct virtio_net_hdr; with VERSION_1 it is 12 bytes.  We
// negotiate no offloads, so the transmit header is all zeroes and the
// receive header tells us nothing but num_buffers (always 1 here).
//
// Receive: NET_RX_BUFS buffers of header + 1514 bytes, one descriptor
// each, which the device may write.  It fills one per frame and returns it
// on the used ring; the driver hands it back with net_rx_repost once it is
// done with the frame.  A frame must fit one buffer (no MRG_RXBUF).
//
// Transmit: TX_SLOTS chains of two descriptors, the header and then the
// frame, both device-readable.  The frame is copied into the slot's own
// buffer, which must stay untouched until the device returns the chain.
//
// Like the entropy kernel's virtio-rng driver this one polls; it takes no
// interrupts.  Between polls it sleeps on the machine timer (net_idle).

#include <stddef.h>
#include <stdint.h>
#include "riscv.h"
#include "virtio.h"
#include "virtio_net.h"

void *memcpy(void *dst, const void *src, size_t n);	// common/string.c

// Feature bits of virtio-net we use (with VIRTIO_F_VERSION_1).
#define F_MAC			5	// config space holds the MAC address
#define F_STATUS		16	// config space holds the link status

// virtio-net's configuration space: mac[6], then status (le16).
#define CFG_MAC			0
#define CFG_STATUS		6

#define RXQ			0
#define TXQ			1
#define QSIZE			8
#define TX_SLOTS		(QSIZE / 2)	// two descriptors per frame

#define HDR_LEN			sizeof(struct virtio_net_hdr)	// 12
#define RX_BUF_LEN		(HDR_LEN + ETH_FRAME_MAX)

// CLINT: mtime (10 MHz on the virt board; virtual time under rewind) and
// hart 0's mtimecmp.
#define MTIME			(*(volatile uint64_t *)0x0200bff8UL)
#define MTIMECMP0		(*(volatile uint64_t *)0x02004000UL)
#define IDLE_TICKS		(NET_TICKS_PER_SEC / 1000)	// a millisecond
#define TX_TIMEOUT_TICKS	NET_TICKS_PER_SEC

struct avail VIRTQ_AVAIL(QSIZE);
struct used VIRTQ_USED(QSIZE);

// One virtqueue in our memory, aligned as the spec requires.
struct vq {
	struct virtq_desc desc[QSIZE] __attribute__((aligned(16)));
	struct avail avail __attribute__((aligned(2)));
	struct used used __attribute__((aligned(4)));
	uint16_t used_seen;	// used ring entries already taken
};

static struct vq rxq, txq;

static uint8_t rx_buf[NET_RX_BUFS][RX_BUF_LEN] __attribute__((aligned(8)));

static struct virtio_net_hdr tx_hdr[TX_SLOTS];	// zero: no offloads asked for
static uint8_t tx_buf[TX_SLOTS][ETH_FRAME_MAX] __attribute__((aligned(8)));
static uint8_t tx_free[TX_SLOTS];	// a stack of free slots
static int tx_nfree;

static uint64_t base;

static uint8_t cfg8(int off)
{
	return *(volatile uint8_t *)(base + VIRTIO_MMIO_CONFIG + off);
}

static uint16_t cfg16(int off)
{
	return *(volatile uint16_t *)(base + VIRTIO_MMIO_CONFIG + off);
}

uint64_t net_now(void)
{
	return MTIME;
}

// With the timer interrupt enabled in mie but not globally (mstatus.MIE
// stays 0), a pending timer ends wfi without taking a trap.  Setting
// mtimecmp ahead clears the pending bit of the previous tick.
void net_idle(void)
{
	MTIMECMP0 = MTIME + IDLE_TICKS;
	wfi();
}

static const char *queue_init(int q, struct vq *vq)
{
	int r = virtio_queue_init(base, q, QSIZE, vq->desc, &vq->avail, &vq->used);

	if (r == -1)
		return "virtio-net queue already in use";
	if (r == -2)
		return "virtio-net queue is too small";
	return 0;
}

// Puts the chain starting at descriptor head on the available ring.  The
// device is told separately (notify), so several can go in one go.
static void offer(struct vq *vq, uint16_t head)
{
	vq->avail.ring[vq->avail.idx % QSIZE] = head;
	fence();		// the descriptors and ring entry before the index
	vq->avail.idx++;
	fence();		// the index before the notification
}

static void notify(int q)
{
	virtio_write(base, VIRTIO_MMIO_QUEUE_NOTIFY, q);
}

// Takes the next used ring entry, if the device has returned one.
static int take_used(struct vq *vq, struct virtq_used_elem *e)
{
	volatile struct used *u = &vq->used;

	if (u->idx == vq->used_seen)
		return 0;
	fence();		// the entry and the data after the index
	e->id = u->ring[vq->used_seen % QSIZE].id;
	e->len = u->ring[vq->used_seen % QSIZE].len;
	vq->used_seen++;
	// We take no interrupts, but acknowledge them so the line drops.
	virtio_write(base, VIRTIO_MMIO_INTERRUPT_ACK,
		     virtio_read(base, VIRTIO_MMIO_INTERRUPT_STATUS));
	return 1;
}

const char *net_init(struct net_info *info)
{
	uint64_t offered, want = VIRTIO_FEATURE(F_MAC) | VIRTIO_FEATURE(F_STATUS);
	uint32_t gen;
	const char *err;
	int r = virtio_probe(VIRTIO_ID_NET, &base, &info->slot);

	if (r == -1)
		return "no virtio-net";
	if (r == -2)
		return "no virtio-net (only a legacy one: QEMU needs -global virtio-mmio.force-legacy=false)";

	// Accept VERSION_1, MAC and STATUS and nothing else: no checksum or
	// segmentation offloads, no merged receive buffers, no control queue.
	offered = virtio_start(base);
	if (!(offered & VIRTIO_FEATURE(VIRTIO_F_VERSION_1)))
		return "virtio-net does not offer VIRTIO_F_VERSION_1";
	if ((offered & want) != want)
		return "virtio-net does not offer VIRTIO_NET_F_MAC and VIRTIO_NET_F_STATUS";
	if (virtio_accept(base, want | VIRTIO_FEATURE(VIRTIO_F_VERSION_1)))
		return "virtio-net refused our features";

	// The config space may change under us (the link status can); the
	// generation counter tells us if it did while we were reading.
	do {
		gen = virtio_read(base, VIRTIO_MMIO_CONFIG_GENERATION);
		for (int i = 0; i < ETH_ALEN; i++)
			info->mac[i] = cfg8(CFG_MAC + i);
		info->status = cfg16(CFG_STATUS);
	} while (virtio_read(base, VIRTIO_MMIO_CONFIG_GENERATION) != gen);

	err = queue_init(RXQ, &rxq);
	if (!err)
		err = queue_init(TXQ, &txq);
	if (err)
		return err;

	// Receive buffers may be offered before DRIVER_OK; the device must
	// not use them until then.
	for (int i = 0; i < NET_RX_BUFS; i++) {
		rxq.desc[i].addr = (uint64_t)rx_buf[i];
		rxq.desc[i].len = RX_BUF_LEN;
		rxq.desc[i].flags = VIRTQ_DESC_F_WRITE;
		rxq.desc[i].next = 0;
		offer(&rxq, i);
	}

	for (int i = 0; i < TX_SLOTS; i++) {
		struct virtq_desc *d = &txq.desc[2 * i];

		d[0].addr = (uint64_t)&tx_hdr[i];
		d[0].len = HDR_LEN;
		d[0].flags = VIRTQ_DESC_F_NEXT;
		d[0].next = 2 * i + 1;
		d[1].addr = (uint64_t)tx_buf[i];
		d[1].flags = 0;
		d[1].next = 0;
		tx_free[tx_nfree++] = i;
	}

	virtio_driver_ok(base);
	notify(RXQ);

	csr_set(mie, MIE_MTIE);	// lets net_idle's wfi end at the next tick
	return 0;
}

// Gives back the transmit slots whose chains the device has returned.
static void tx_reclaim(void)
{
	struct virtq_used_elem e;

	while (take_used(&txq, &e)) {
		if (e.id < QSIZE && e.id % 2 == 0)
			tx_free[tx_nfree++] = e.id / 2;
	}
}

int net_send(const uint8_t *frame, uint32_t len)
{
	uint64_t start = MTIME;
	int slot;

	tx_reclaim();
	while (tx_nfree == 0) {
		if (MTIME - start > TX_TIMEOUT_TICKS)
			return -1;
		net_idle();
		tx_reclaim();
	}
	slot = tx_free[--tx_nfree];
	memcpy(tx_buf[slot], frame, len);
	txq.desc[2 * slot + 1].len = len;
	offer(&txq, 2 * slot);
	notify(TXQ);
	return 0;
}

int net_rx_poll(struct net_rx *rx)
{
	struct virtq_used_elem e;

	if (!take_used(&rxq, &e))
		return 0;
	rx->id = e.id < NET_RX_BUFS ? (int)e.id : -1;
	rx->hdr = rx->id < 0 ? 0 : (const struct virtio_net_hdr *)rx_buf[rx->id];
	rx->frame = rx->id < 0 ? 0 : rx_buf[rx->id] + HDR_LEN;
	rx->len = e.len > HDR_LEN ? e.len - HDR_LEN : 0;
	return 1;
}

void net_rx_repost(int id)
{
	offer(&rxq, id);
	notify(RXQ);
}
