/* GDB remote serial protocol framing, as a byte-stream state machine that
 * knows nothing about sockets or the machine.
 *
 * Bytes from the client go in through gdb_pkt_feed() in whatever pieces
 * they arrive; out come events (a verified packet, a Ctrl-C, a dropped
 * packet).  Everything the protocol itself must send back (acks, naks,
 * retransmissions) and every reply queued with gdb_pkt_send() lands in an
 * output queue that the transport drains with gdb_pkt_output() and
 * gdb_pkt_output_done().  See docs/gdb-protocol.md. */
#ifndef REWIND_GDBSTUB_PACKET_H
#define REWIND_GDBSTUB_PACKET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Largest payload (bytes between '$' and '#') accepted by default; this is
 * the PacketSize advertised in qSupported (gdb_pkt_max() as hex). */
#define GDB_PKT_DEFAULT_MAX 4096
/* Bounds for the limit a caller may choose. */
#define GDB_PKT_MIN_MAX 64
#define GDB_PKT_MAX_MAX (1u << 20)
/* Output that is not drained beyond this is refused with -ENOBUFS. */
#define GDB_PKT_OUT_CAP (4u << 20)

#define GDB_PKT_MSG_LEN 128

enum gdb_pkt_event_kind {
    GDB_PKT_EV_NONE = 0,   /* all input consumed, nothing to report */
    GDB_PKT_EV_PACKET,     /* a packet with a good checksum: data/len */
    GDB_PKT_EV_INTERRUPT,  /* 0x03 (Ctrl-C) outside a packet */
    GDB_PKT_EV_ERROR,      /* a packet was dropped or a reply abandoned: msg */
};

struct gdb_pkt_event {
    enum gdb_pkt_event_kind kind;
    /* PACKET: the payload with run-length encoding expanded and binary
     * escapes removed; NUL-terminated for convenience, but may hold NULs
     * (binary packets such as X), so len is authoritative.  Valid until
     * the next call on the same gdb_pkt. */
    const char *data;
    size_t len;
    /* ERROR: one line saying what was dropped and why, and whether the
     * client now waits for a reply to it (an oversized or malformed packet
     * that arrived intact, or a bad checksum in no-ack mode: answer with an
     * error packet such as "E01"), or will retransmit (bad checksum with
     * acks: a '-' was sent) or needs nothing (an abandoned reply). */
    char msg[GDB_PKT_MSG_LEN];
    bool reply;
};

struct gdb_pkt {
    size_t max;            /* payload limit, raw and expanded */
    bool noack;            /* QStartNoAckMode in force */

    /* receiver */
    int rx_state;
    uint8_t *raw;          /* payload as received, before decoding */
    size_t raw_len;
    size_t raw_total;      /* bytes seen in an oversized packet */
    uint8_t rx_sum;        /* running checksum of the payload */
    uint8_t rx_cs_hi;      /* first checksum character */
    char *dec;             /* decoded payload, max + 1 bytes */
    size_t dec_len;

    /* transmitter */
    uint8_t *out;          /* bytes waiting to go to the client */
    size_t out_len, out_cap, out_head;
    uint8_t *last;         /* last framed packet, for retransmission */
    size_t last_len, last_cap;
    bool awaiting_ack;
    unsigned naks;         /* consecutive '-' for the same packet */
};

/* Flags for gdb_pkt_send(). */
#define GDB_SEND_BINARY 1u /* escape '$', '#', '}' and '*' (qXfer, binary m) */
#define GDB_SEND_RLE    2u /* run-length encode runs of 4 or more bytes */

/* Give up retransmitting a reply after this many '-' in a row. */
#define GDB_PKT_MAX_NAKS 8

/* max: payload limit, GDB_PKT_MIN_MAX..GDB_PKT_MAX_MAX (0 = default).
 * Returns 0, -EINVAL or -ENOMEM. */
int gdb_pkt_init(struct gdb_pkt *p, size_t max);
void gdb_pkt_free(struct gdb_pkt *p);
/* Back to the state of a fresh connection: ack mode, nothing pending. */
void gdb_pkt_reset(struct gdb_pkt *p);

size_t gdb_pkt_max(const struct gdb_pkt *p);
/* Turn acks off (after queueing the OK to QStartNoAckMode) or on. */
void gdb_pkt_set_noack(struct gdb_pkt *p, bool on);
bool gdb_pkt_noack(const struct gdb_pkt *p);
/* True between a '$' and the end of its checksum. */
bool gdb_pkt_in_packet(const struct gdb_pkt *p);

/* Consume input until one event occurs or the input runs out; returns the
 * number of bytes consumed (call again with the rest).  Never fails: bad
 * input becomes GDB_PKT_EV_ERROR events or is ignored as garbage. */
size_t gdb_pkt_feed(struct gdb_pkt *p, const void *buf, size_t n,
                    struct gdb_pkt_event *ev);

/* Frame payload as $...#cs into the output queue.  Without
 * GDB_SEND_BINARY, a payload containing '$', '#', '}' or '*' is refused
 * (-EINVAL); with it they are escaped.  Returns 0, -EINVAL, -ENOBUFS (the
 * output queue would exceed GDB_PKT_OUT_CAP: the client stopped reading)
 * or -ENOMEM. */
int gdb_pkt_send(struct gdb_pkt *p, const void *payload, size_t len, unsigned flags);
/* Queue raw bytes (no framing), e.g. a refusal notice. */
int gdb_pkt_send_raw(struct gdb_pkt *p, const void *bytes, size_t len);

/* The output queue: *buf and *len describe what is waiting (len 0 = none);
 * after writing n of them, call gdb_pkt_output_done(p, n). */
void gdb_pkt_output(const struct gdb_pkt *p, const uint8_t **buf, size_t *len);
void gdb_pkt_output_done(struct gdb_pkt *p, size_t n);

/* Modulo-256 sum of the bytes. */
uint8_t gdb_checksum(const void *buf, size_t n);

/* ------------------------------------------------------------ hex helpers
 * Every parser takes an explicit length, accepts upper- and lower-case hex,
 * and returns 0 or -EINVAL (bad syntax), -ERANGE (too large), -ENOSPC. */

/* 2n lower-case hex digits of in[0..n), plus a NUL: out holds 2n + 1. */
void gdb_hex_encode(char *out, const void *in, size_t n);
/* Decode exactly len hex digits (len even) into out (cap bytes);
 * *n = len / 2. */
int gdb_hex_decode(void *out, size_t cap, const char *s, size_t len, size_t *n);
/* One hex digit's value, or -1. */
int gdb_hex_digit(int c);
/* A big-endian hex number as in addresses: 1 or more digits, at most 64
 * significant bits (leading zeros are fine). */
int gdb_parse_hex_u64(const char *s, size_t len, uint64_t *v);
/* Register values in target (little-endian) byte order: size 1, 2, 4 or
 * 8 bytes, 2 * size digits. */
void gdb_reg_encode(char *out, uint64_t v, unsigned size);
int gdb_reg_decode(const char *s, size_t len, unsigned size, uint64_t *v);
/* "ADDR,LENGTH" (the whole string): LENGTH <= max_len, and the range must
 * not wrap past 2^64 (ADDR + LENGTH <= 2^64). */
int gdb_parse_addr_len(const char *s, size_t len, size_t max_len,
                       uint64_t *addr, size_t *length);
/* "ADDR,LENGTH:DATA" (M: hex DATA of 2 * LENGTH digits; X: binary DATA of
 * LENGTH bytes, already unescaped by the framer).  *data points into s. */
int gdb_parse_addr_len_data(const char *s, size_t len, size_t max_len, bool binary,
                            uint64_t *addr, size_t *length,
                            const char **data, size_t *data_len);

#endif
