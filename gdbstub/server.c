/* TCP transport for the GDB stub.  One poll() watches the listener, the
 * attached client and any clients being refused; input is handed to the
 * packet state machine a buffer at a time, and a buffer that yields an
 * event is kept so the next poll continues where this one stopped. */
#include "gdbstub/server.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "gdbstub/packet.h"

#define REFUSAL "rewind: a debugger is already attached to this session; only one client at a time"

struct refused {
    int fd;
    int64_t deadline_ms;
    unsigned seen;          /* 0: before '#'; 1, 2: in the checksum;
                             * 3: first packet complete; 4: answered */
};

struct gdb_server {
    int listen_fd;
    uint16_t port;
    int client_fd;
    char broken[GDB_SERVER_MSG_LEN]; /* set when a write failed */
    struct gdb_pkt pkt;
    uint8_t rx[4096];
    size_t rx_len, rx_off;
    struct refused refused[GDB_SERVER_MAX_REFUSED];
};

static int64_t now_ms(void)
{
    /* Host time only paces socket timeouts; it never reaches the machine. */
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (int64_t)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

static void set_msg(char *dst, size_t n, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void set_msg(char *dst, size_t n, const char *fmt, ...)
{
    if (!dst || !n)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(dst, n, fmt, ap);
    va_end(ap);
}

int gdb_server_open(struct gdb_server **out, uint16_t port, size_t max_packet,
                    char *err, size_t errlen)
{
    *out = NULL;
    struct gdb_server *s = calloc(1, sizeof *s);
    if (!s) {
        set_msg(err, errlen, "gdb server: out of memory");
        return -ENOMEM;
    }
    s->client_fd = -1;
    for (int i = 0; i < GDB_SERVER_MAX_REFUSED; i++)
        s->refused[i].fd = -1;
    int r = gdb_pkt_init(&s->pkt, max_packet);
    if (r) {
        set_msg(err, errlen, "gdb server: packet size %zu is outside %u..%u",
                max_packet, GDB_PKT_MIN_MAX, GDB_PKT_MAX_MAX);
        free(s);
        return r;
    }
    s->listen_fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (s->listen_fd < 0) {
        r = -errno;
        set_msg(err, errlen, "gdb server: socket: %s", strerror(-r));
        goto fail;
    }
    int one = 1;
    setsockopt(s->listen_fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(port) };
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (bind(s->listen_fd, (struct sockaddr *)&a, sizeof a) < 0) {
        r = -errno;
        set_msg(err, errlen, "gdb server: cannot listen on 127.0.0.1:%u: %s%s", port,
                strerror(-r), r == -EADDRINUSE ? " (choose another port, or 0 for any free one)" : "");
        goto fail;
    }
    if (listen(s->listen_fd, 4) < 0) {
        r = -errno;
        set_msg(err, errlen, "gdb server: listen on 127.0.0.1:%u: %s", port, strerror(-r));
        goto fail;
    }
    socklen_t alen = sizeof a;
    if (getsockname(s->listen_fd, (struct sockaddr *)&a, &alen) < 0) {
        r = -errno;
        set_msg(err, errlen, "gdb server: getsockname: %s", strerror(-r));
        goto fail;
    }
    s->port = ntohs(a.sin_port);
    *out = s;
    return 0;
fail:
    if (s->listen_fd >= 0)
        close(s->listen_fd);
    gdb_pkt_free(&s->pkt);
    free(s);
    return r;
}

static void drop_client(struct gdb_server *s)
{
    if (s->client_fd >= 0)
        close(s->client_fd);
    s->client_fd = -1;
    s->rx_len = s->rx_off = 0;
    s->broken[0] = 0;
    gdb_pkt_reset(&s->pkt);
}

static void drop_refused(struct refused *r)
{
    if (r->fd >= 0)
        close(r->fd);
    r->fd = -1;
}

void gdb_server_close(struct gdb_server *s)
{
    if (!s)
        return;
    drop_client(s);
    for (int i = 0; i < GDB_SERVER_MAX_REFUSED; i++)
        drop_refused(&s->refused[i]);
    close(s->listen_fd);
    gdb_pkt_free(&s->pkt);
    free(s);
}

uint16_t gdb_server_port(const struct gdb_server *s) { return s->port; }
bool gdb_server_attached(const struct gdb_server *s) { return s->client_fd >= 0; }
struct gdb_pkt *gdb_server_pkt(struct gdb_server *s) { return &s->pkt; }
void gdb_server_detach(struct gdb_server *s) { drop_client(s); }

/* Write what the socket takes without blocking. */
static void flush_some(struct gdb_server *s)
{
    if (s->client_fd < 0 || s->broken[0])
        return;
    for (;;) {
        const uint8_t *b;
        size_t n;
        gdb_pkt_output(&s->pkt, &b, &n);
        if (!n)
            return;
        ssize_t w = send(s->client_fd, b, n, MSG_NOSIGNAL | MSG_DONTWAIT);
        if (w > 0) {
            gdb_pkt_output_done(&s->pkt, (size_t)w);
            continue;
        }
        if (w < 0 && errno == EINTR)
            continue;
        if (w < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
            return;
        set_msg(s->broken, sizeof s->broken, "client connection lost while sending: %s",
                w < 0 ? strerror(errno) : "nothing written");
        return;
    }
}

static bool output_pending(const struct gdb_server *s)
{
    const uint8_t *b;
    size_t n;
    gdb_pkt_output(&s->pkt, &b, &n);
    return n != 0;
}

int gdb_server_send(struct gdb_server *s, const void *payload, size_t len, unsigned flags)
{
    if (s->client_fd < 0)
        return -ENOTCONN;
    int r = gdb_pkt_send(&s->pkt, payload, len, flags);
    if (r)
        return r;
    flush_some(s);
    return 0;
}

int gdb_server_flush(struct gdb_server *s, int timeout_ms)
{
    int64_t deadline = timeout_ms < 0 ? -1 : now_ms() + timeout_ms;
    for (;;) {
        if (s->client_fd < 0 || s->broken[0])
            return -ENOTCONN;
        flush_some(s);
        if (s->broken[0])
            return -ENOTCONN;
        if (!output_pending(s))
            return 0;
        int wait = -1;
        if (deadline >= 0) {
            int64_t left = deadline - now_ms();
            if (left <= 0)
                return -ETIMEDOUT;
            wait = (int)left;
        }
        struct pollfd p = { .fd = s->client_fd, .events = POLLOUT };
        if (poll(&p, 1, wait) < 0 && errno != EINTR)
            return -errno;
    }
}

static void disconnected(struct gdb_server *s, struct gdb_server_event *ev, const char *how)
{
    ev->kind = GDB_SRV_EV_DISCONNECTED;
    set_msg(ev->msg, sizeof ev->msg, "%s%s", how,
            gdb_pkt_in_packet(&s->pkt) ? " in the middle of a packet" : "");
    drop_client(s);
}

/* Feed buffered input to the packet layer; true when it produced an event. */
static bool feed(struct gdb_server *s, struct gdb_server_event *ev)
{
    while (s->rx_off < s->rx_len) {
        struct gdb_pkt_event pe;
        s->rx_off += gdb_pkt_feed(&s->pkt, s->rx + s->rx_off, s->rx_len - s->rx_off, &pe);
        flush_some(s); /* acks go out at once */
        switch (pe.kind) {
        case GDB_PKT_EV_NONE:
            continue;
        case GDB_PKT_EV_PACKET:
            ev->kind = GDB_SRV_EV_PACKET;
            ev->data = pe.data;
            ev->len = pe.len;
            return true;
        case GDB_PKT_EV_INTERRUPT:
            ev->kind = GDB_SRV_EV_INTERRUPT;
            return true;
        case GDB_PKT_EV_ERROR:
            ev->kind = GDB_SRV_EV_PROTOCOL_ERROR;
            ev->reply = pe.reply;
            set_msg(ev->msg, sizeof ev->msg, "%s", pe.msg);
            return true;
        }
    }
    return false;
}

static void refuse(struct gdb_server *s, int fd, struct gdb_server_event *ev)
{
    static const char line[] = REFUSAL "\n";
    /* Best effort: a fresh socket's buffer takes this much. */
    (void)!send(fd, line, sizeof line - 1, MSG_NOSIGNAL | MSG_DONTWAIT);
    ev->kind = GDB_SRV_EV_REFUSED;
    for (int i = 0; i < GDB_SERVER_MAX_REFUSED; i++) {
        if (s->refused[i].fd < 0) {
            s->refused[i] = (struct refused){ .fd = fd, .deadline_ms = now_ms() + GDB_SERVER_REFUSE_MS };
            set_msg(ev->msg, sizeof ev->msg, "refused a second client (one is attached)");
            return;
        }
    }
    close(fd);
    set_msg(ev->msg, sizeof ev->msg, "refused a second client (one is attached; too many refusals pending)");
}

/* Answer a refused client's first packet with an error reply carrying the
 * notice (gdb shows it as a failure reply), then close. */
static void service_refused(struct refused *r)
{
    uint8_t buf[512];
    ssize_t n = recv(r->fd, buf, sizeof buf, MSG_DONTWAIT);
    if (n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)) {
        drop_refused(r);
        return;
    }
    for (ssize_t i = 0; i < n && r->seen < 3; i++)
        if (r->seen || buf[i] == '#')
            r->seen++;
    if (r->seen == 3) {
        struct gdb_pkt p;
        if (gdb_pkt_init(&p, 0) == 0) {
            static const char reply[] = "E." REFUSAL;
            gdb_pkt_send_raw(&p, "+", 1);
            gdb_pkt_send(&p, reply, sizeof reply - 1, 0);
            const uint8_t *b;
            size_t len;
            gdb_pkt_output(&p, &b, &len);
            (void)!send(r->fd, b, len, MSG_NOSIGNAL | MSG_DONTWAIT);
            gdb_pkt_free(&p);
        }
        shutdown(r->fd, SHUT_WR);
        r->seen = 4; /* wait for the client to close, or the deadline */
    }
}

int gdb_server_poll(struct gdb_server *s, int timeout_ms, struct gdb_server_event *ev)
{
    memset(ev, 0, sizeof *ev);
    if (s->client_fd >= 0 && s->broken[0]) {
        char how[GDB_SERVER_MSG_LEN];
        memcpy(how, s->broken, sizeof how);
        disconnected(s, ev, how);
        return 0;
    }
    if (s->client_fd >= 0 && feed(s, ev))
        return 0;
    int64_t start = now_ms();
    for (;;) {
        flush_some(s);
        if (s->client_fd >= 0 && s->broken[0]) {
            char how[GDB_SERVER_MSG_LEN];
            memcpy(how, s->broken, sizeof how);
            disconnected(s, ev, how);
            return 0;
        }
        struct pollfd pf[2 + GDB_SERVER_MAX_REFUSED];
        int np = 0;
        pf[np++] = (struct pollfd){ .fd = s->listen_fd, .events = POLLIN };
        int ci = -1;
        if (s->client_fd >= 0) {
            ci = np;
            pf[np++] = (struct pollfd){ .fd = s->client_fd,
                                        .events = POLLIN | (output_pending(s) ? POLLOUT : 0) };
        }
        int ri[GDB_SERVER_MAX_REFUSED];
        int64_t now = now_ms(), next_deadline = -1;
        for (int i = 0; i < GDB_SERVER_MAX_REFUSED; i++) {
            ri[i] = -1;
            struct refused *r = &s->refused[i];
            if (r->fd < 0)
                continue;
            if (now >= r->deadline_ms) {
                drop_refused(r);
                continue;
            }
            if (next_deadline < 0 || r->deadline_ms < next_deadline)
                next_deadline = r->deadline_ms;
            ri[i] = np;
            pf[np++] = (struct pollfd){ .fd = r->fd, .events = POLLIN };
        }
        int wait;
        if (timeout_ms < 0) {
            wait = -1;
        } else {
            int64_t left = start + timeout_ms - now;
            wait = left > 0 ? (int)left : 0;
        }
        if (next_deadline >= 0) {
            int64_t d = next_deadline - now;
            if (d < 0)
                d = 0;
            if (wait < 0 || d < wait)
                wait = (int)d;
        }
        int n = poll(pf, (nfds_t)np, wait);
        if (n < 0) {
            if (errno == EINTR)
                return 0;
            return -errno;
        }
        for (int i = 0; i < GDB_SERVER_MAX_REFUSED; i++)
            if (ri[i] >= 0 && pf[ri[i]].revents)
                service_refused(&s->refused[i]);
        if (ci >= 0 && (pf[ci].revents & (POLLIN | POLLHUP | POLLERR))) {
            ssize_t r = recv(s->client_fd, s->rx, sizeof s->rx, MSG_DONTWAIT);
            if (r == 0) {
                disconnected(s, ev, "client disconnected");
                return 0;
            }
            if (r < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
                char how[GDB_SERVER_MSG_LEN];
                set_msg(how, sizeof how, "client connection lost: %s", strerror(errno));
                disconnected(s, ev, how);
                return 0;
            }
            if (r > 0) {
                s->rx_len = (size_t)r;
                s->rx_off = 0;
                if (feed(s, ev))
                    return 0;
            }
        }
        if (pf[0].revents & POLLIN) {
            int fd = accept4(s->listen_fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
            if (fd >= 0) {
                if (s->client_fd >= 0) {
                    refuse(s, fd, ev);
                    return 0;
                }
                int one = 1;
                setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
                drop_client(s);
                s->client_fd = fd;
                ev->kind = GDB_SRV_EV_CONNECTED;
                set_msg(ev->msg, sizeof ev->msg, "client attached");
                return 0;
            }
            /* Out of descriptors or memory: report it rather than spin on
             * a listener that stays readable.  A connection that vanished
             * before accept is nothing to report. */
            if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM)
                return -errno;
        }
        if (timeout_ms >= 0 && now_ms() - start >= timeout_ms)
            return 0;
    }
}
