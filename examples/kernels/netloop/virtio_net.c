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
#include "virtio_net.h"

void *memcpy(void *dst, const void *src, size_t n);	// common/string.c

// The virt board's virtio-mmio slots: eight, 0x1000 apart.
#define MMIO_BASE	0x10001000UL
#define MMIO_STRIDE	0x1000UL
#define MMIO_SLOTS	8

// Registers (all 32-bit).
#define R_MAGIC			0x000
#define R_VERSION		0x004
#define R_DEVICE_ID		0x008
#define R_DEVICE_FEATURES	0x010
#define R_DEVICE_FEATURES_SEL	0x014
#define R_DRIVER_FEATURES	0x020
#define R_DRIVER_FEATURES_SEL	0x024
#define R_QUEUE_SEL		0x030
#define R_QUEUE_NUM_MAX		0x034
#define R_QUEUE_NUM		0x038
#define R_QUEUE_READY		0x044
#define R_QUEUE_NOTIFY		0x050
#define R_INTERRUPT_STATUS	0x060
#define R_INTERRUPT_ACK		0x064
#define R_STATUS		0x070
#define R_QUEUE_DESC		0x080	// low, then high at +4
#define R_QUEUE_DRIVER		0x090	// the available ring
#define R_QUEUE_DEVICE		0x0a0	// the used ring
#define R_CONFIG_GENERATION	0x0fc
#define R_CONFIG		0x100	// the device's own configuration space

#define MAGIC_VIRT		0x74726976	// "virt" read as a little-endian word
#define ID_NET			1

#define S_ACKNOWLEDGE		1
#define S_DRIVER		2
#define S_DRIVER_OK		4
#define S_FEATURES_OK		8

// Feature bits: the two of virtio-net we use, and VERSION_1.
#define F_MAC			5	// config space holds the MAC address
#define F_STATUS		16	// config space holds the link status
#define F_VERSION_1		32	// must be accepted by a modern driver

// virtio-net's configuration space: mac[6], then status (le16).
#define CFG_MAC			0
#define CFG_STATUS		6

#define RXQ			0
#define TXQ			1
#define QSIZE			8
#define TX_SLOTS		(QSIZE / 2)	// two descriptors per frame

#define DESC_F_NEXT		1	// the chain goes on at .next
#define DESC_F_WRITE		2	// the device writes into this buffer

#define HDR_LEN			sizeof(struct virtio_net_hdr)	// 12
#define RX_BUF_LEN		(HDR_LEN + ETH_FRAME_MAX)

// CLINT: mtime (10 MHz on the virt board; virtual time under rewind) and
// hart 0's mtimecmp.
#define MTIME			(*(volatile uint64_t *)0x0200bff8UL)
#define MTIMECMP0		(*(volatile uint64_t *)0x02004000UL)
#define IDLE_TICKS		(NET_TICKS_PER_SEC / 1000)	// a millisecond
#define TX_TIMEOUT_TICKS	NET_TICKS_PER_SEC

// Our writes to the rings must be visible to the device before we tell it
// to look, and its writes visible to us after it says it is done.
#define fence()	__asm__ volatile("fence iorw, iorw" : : : "memory")

struct desc {
	uint64_t addr;
	uint32_t len;
	uint16_t flags;
	uint16_t next;
};

struct avail {
	uint16_t flags;
	uint16_t idx;
	uint16_t ring[QSIZE];
	uint16_t used_event;
};

struct used_elem {
	uint32_t id;	// the head of the chain the device is done with
	uint32_t len;	// how many bytes it wrote into the chain
};

struct used {
	uint16_t flags;
	uint16_t idx;
	struct used_elem ring[QSIZE];
	uint16_t avail_event;
};

// One virtqueue in our memory.  Alignment required by the spec: 16
// (descriptors), 2 (available ring), 4 (used ring).
struct vq {
	struct desc desc[QSIZE] __attribute__((aligned(16)));
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

static uint32_t rd(int off)
{
	return *(volatile uint32_t *)(base + off);
}

static void wr(int off, uint32_t v)
{
	*(volatile uint32_t *)(base + off) = v;
}

static void wr64(int off, uint64_t v)
{
	wr(off, (uint32_t)v);
	wr(off + 4, (uint32_t)(v >> 32));
}

static uint8_t cfg8(int off)
{
	return *(volatile uint8_t *)(base + R_CONFIG + off);
}

static uint16_t cfg16(int off)
{
	return *(volatile uint16_t *)(base + R_CONFIG + off);
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

// A slot is ours if it has the magic, speaks version 2, and holds a
// network device.  An empty slot reads device id 0.  Version 1 is the
// legacy interface, which QEMU 7.x picks unless told otherwise.
static int probe(int *slot)
{
	int legacy = 0;

	for (int i = 0; i < MMIO_SLOTS; i++) {
		base = MMIO_BASE + i * MMIO_STRIDE;
		*slot = i;
		if (rd(R_MAGIC) != MAGIC_VIRT || rd(R_DEVICE_ID) != ID_NET)
			continue;
		if (rd(R_VERSION) == 2)
			return 0;
		legacy = 1;
	}
	return legacy ? -2 : -1;
}

static const char *queue_init(int q, struct vq *vq)
{
	wr(R_QUEUE_SEL, q);
	if (rd(R_QUEUE_READY))
		return "virtio-net queue already in use";
	if (rd(R_QUEUE_NUM_MAX) < QSIZE)
		return "virtio-net queue is too small";
	wr(R_QUEUE_NUM, QSIZE);
	wr64(R_QUEUE_DESC, (uint64_t)vq->desc);
	wr64(R_QUEUE_DRIVER, (uint64_t)&vq->avail);
	wr64(R_QUEUE_DEVICE, (uint64_t)&vq->used);
	fence();
	wr(R_QUEUE_READY, 1);
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
	wr(R_QUEUE_NOTIFY, q);
}

// Takes the next used ring entry, if the device has returned one.
static int take_used(struct vq *vq, struct used_elem *e)
{
	volatile struct used *u = &vq->used;

	if (u->idx == vq->used_seen)
		return 0;
	fence();		// the entry and the data after the index
	e->id = u->ring[vq->used_seen % QSIZE].id;
	e->len = u->ring[vq->used_seen % QSIZE].len;
	vq->used_seen++;
	// We take no interrupts, but acknowledge them so the line drops.
	wr(R_INTERRUPT_ACK, rd(R_INTERRUPT_STATUS));
	return 1;
}

const char *net_init(struct net_info *info)
{
	uint32_t status, gen;
	const char *err;
	int r = probe(&info->slot);

	if (r == -1)
		return "no virtio-net";
	if (r == -2)
		return "no virtio-net (only a legacy one: QEMU needs -global virtio-mmio.force-legacy=false)";

	wr(R_STATUS, 0);	// reset
	status = S_ACKNOWLEDGE;
	wr(R_STATUS, status);
	status |= S_DRIVER;
	wr(R_STATUS, status);

	// Accept VERSION_1, MAC and STATUS and nothing else: no checksum or
	// segmentation offloads, no merged receive buffers, no control queue.
	wr(R_DEVICE_FEATURES_SEL, 1);
	if (!(rd(R_DEVICE_FEATURES) & (1U << (F_VERSION_1 - 32))))
		return "virtio-net does not offer VIRTIO_F_VERSION_1";
	wr(R_DEVICE_FEATURES_SEL, 0);
	if ((rd(R_DEVICE_FEATURES) & (1U << F_MAC | 1U << F_STATUS)) !=
	    (1U << F_MAC | 1U << F_STATUS))
		return "virtio-net does not offer VIRTIO_NET_F_MAC and VIRTIO_NET_F_STATUS";
	wr(R_DRIVER_FEATURES_SEL, 0);
	wr(R_DRIVER_FEATURES, 1U << F_MAC | 1U << F_STATUS);
	wr(R_DRIVER_FEATURES_SEL, 1);
	wr(R_DRIVER_FEATURES, 1U << (F_VERSION_1 - 32));
	status |= S_FEATURES_OK;
	wr(R_STATUS, status);
	if (!(rd(R_STATUS) & S_FEATURES_OK))
		return "virtio-net refused our features";

	// The config space may change under us (the link status can); the
	// generation counter tells us if it did while we were reading.
	do {
		gen = rd(R_CONFIG_GENERATION);
		for (int i = 0; i < ETH_ALEN; i++)
			info->mac[i] = cfg8(CFG_MAC + i);
		info->status = cfg16(CFG_STATUS);
	} while (rd(R_CONFIG_GENERATION) != gen);

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
		rxq.desc[i].flags = DESC_F_WRITE;
		rxq.desc[i].next = 0;
		offer(&rxq, i);
	}

	for (int i = 0; i < TX_SLOTS; i++) {
		struct desc *d = &txq.desc[2 * i];

		d[0].addr = (uint64_t)&tx_hdr[i];
		d[0].len = HDR_LEN;
		d[0].flags = DESC_F_NEXT;
		d[0].next = 2 * i + 1;
		d[1].addr = (uint64_t)tx_buf[i];
		d[1].flags = 0;
		d[1].next = 0;
		tx_free[tx_nfree++] = i;
	}

	status |= S_DRIVER_OK;
	wr(R_STATUS, status);
	notify(RXQ);

	csr_set(mie, MIE_MTIE);	// lets net_idle's wfi end at the next tick
	return 0;
}

// Gives back the transmit slots whose chains the device has returned.
static void tx_reclaim(void)
{
	struct used_elem e;

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
	struct used_elem e;

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
