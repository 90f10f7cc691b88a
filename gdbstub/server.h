/* The GDB server's transport: a TCP listener on 127.0.0.1, one attached
 * client at a time, non-blocking I/O driven by gdb_server_poll() so the
 * emulator can run between packets (poll with timeout 0 every so many steps
 * to notice Ctrl-C) or wait for the next command (poll with a timeout).
 *
 * A second client that connects while one is attached is refused: it gets a
 * one-line notice, and an RSP error reply ("E.<notice>") to its first
 * packet, then the connection is closed.  The attached session never
 * notices.  A client that goes away, even in the middle of a packet, only
 * ends its session: the server keeps listening for the next one.
 *
 * Nothing here prints; errors come back as negative errno plus a message. */
#ifndef REWIND_GDBSTUB_SERVER_H
#define REWIND_GDBSTUB_SERVER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define GDB_SERVER_MSG_LEN 160
/* Refused clients are kept open this long to read their first packet and
 * answer it, so they see the notice instead of a reset connection. */
#define GDB_SERVER_REFUSE_MS 2000
#define GDB_SERVER_MAX_REFUSED 4

struct gdb_server;
struct gdb_pkt;

enum gdb_server_event_kind {
    GDB_SRV_EV_NONE = 0,        /* the timeout passed with nothing to report */
    GDB_SRV_EV_CONNECTED,       /* a client attached (ack mode, fresh state) */
    GDB_SRV_EV_DISCONNECTED,    /* it went away (msg says how); listening again */
    GDB_SRV_EV_PACKET,          /* a packet: data, len (see gdb_pkt_event) */
    GDB_SRV_EV_INTERRUPT,       /* Ctrl-C (0x03) between packets */
    GDB_SRV_EV_PROTOCOL_ERROR,  /* a packet was dropped: msg, reply */
    GDB_SRV_EV_REFUSED,         /* a second client was turned away: msg */
};

struct gdb_server_event {
    enum gdb_server_event_kind kind;
    const char *data;           /* PACKET: valid until the next call */
    size_t len;
    bool reply;                 /* PROTOCOL_ERROR: the client waits for a reply */
    char msg[GDB_SERVER_MSG_LEN];
};

/* Listen on 127.0.0.1:port (0 = any free port; see gdb_server_port).
 * max_packet: the payload limit (0 = GDB_PKT_DEFAULT_MAX).  Returns 0, or a
 * negative errno with a message in err. */
int gdb_server_open(struct gdb_server **out, uint16_t port, size_t max_packet,
                    char *err, size_t errlen);
void gdb_server_close(struct gdb_server *s);

uint16_t gdb_server_port(const struct gdb_server *s);
bool gdb_server_attached(const struct gdb_server *s);
/* The attached session's framing state (no-ack mode, PacketSize). */
struct gdb_pkt *gdb_server_pkt(struct gdb_server *s);

/* Wait up to timeout_ms (0 = just look, -1 = forever) for one event.
 * Pending replies are written as the socket accepts them.  Returns 0 (ev
 * says what happened, possibly NONE) or a negative errno if the listener
 * itself failed; EINTR returns 0 with NONE. */
int gdb_server_poll(struct gdb_server *s, int timeout_ms, struct gdb_server_event *ev);

/* Queue a reply (gdb_pkt_send flags) and write what the socket takes now.
 * Returns 0, -ENOTCONN (no client) or gdb_pkt_send's errors.  A write
 * failure shows up as DISCONNECTED at the next poll. */
int gdb_server_send(struct gdb_server *s, const void *payload, size_t len, unsigned flags);
/* Block until everything queued is written: 0, -ETIMEDOUT, -ENOTCONN. */
int gdb_server_flush(struct gdb_server *s, int timeout_ms);
/* Close the attached client (e.g. after 'k' or 'D'); listening goes on. */
void gdb_server_detach(struct gdb_server *s);

#endif
