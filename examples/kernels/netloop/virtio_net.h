// A polled driver for the virtio network device (virtio-net) over modern
// (version 2) virtio-mmio: one receive queue, one transmit queue, no
// offloads.
#ifndef VIRTIO_NET_H
#define VIRTIO_NET_H

#include <stdint.h>

#define ETH_ALEN	6
#define ETH_HLEN	14	// destination, source, ethertype
#define ETH_FRAME_MAX	1514	// header + 1500-byte MTU, without the FCS

// struct virtio_net_hdr with VERSION_1: the num_buffers field is always
// there, and without MRG_RXBUF the device sets it to 1.
struct virtio_net_hdr {
	uint8_t flags;
	uint8_t gso_type;
	uint16_t hdr_len;
	uint16_t gso_size;
	uint16_t csum_start;
	uint16_t csum_offset;
	uint16_t num_buffers;
};

// Receive buffers the driver keeps posted (fewer than the queue holds).
#define NET_RX_BUFS	4

struct net_info {
	int slot;		// the virtio-mmio slot the device is in
	uint8_t mac[ETH_ALEN];	// from the config space (feature MAC)
	uint16_t status;	// from the config space (feature STATUS)
};

#define NET_S_LINK_UP	1

// Finds the device, negotiates VERSION_1, MAC and STATUS, reads the config
// space, sets up both queues and posts NET_RX_BUFS receive buffers.
// Returns NULL, or what went wrong.
const char *net_init(struct net_info *info);

// Copies frame (len bytes, Ethernet header first) into a transmit buffer
// behind a zeroed header and hands it to the device.  Waits for a free
// transmit buffer if all are in flight.  Returns 0, or -1 if none came
// free within a second of machine time.
int net_send(const uint8_t *frame, uint32_t len);

// A received frame: the buffer id to give back with net_rx_repost, the
// header the device wrote, and the frame behind it.
struct net_rx {
	int id;
	const struct virtio_net_hdr *hdr;
	const uint8_t *frame;
	uint32_t len;		// frame bytes, without the header
};

// Takes the next entry off the receive used ring.  Returns 1 and fills
// *rx, or 0 if nothing has arrived.  The buffer stays ours until it is
// reposted.
int net_rx_poll(struct net_rx *rx);

// Posts receive buffer id again and tells the device.
void net_rx_repost(int id);

// Sleeps until the next millisecond tick of machine time, or until
// something else wakes the hart.  Under rewind an idle machine skips ahead
// to the tick; QEMU sleeps on the host.
void net_idle(void);

// The machine timer's count (10 MHz on the virt board).
uint64_t net_now(void);
#define NET_TICKS_PER_SEC	10000000ULL

#endif
