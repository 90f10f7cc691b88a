/* The GDB server's transport over real loopback sockets: attach, exchange
 * packets, Ctrl-C while the guest "runs", a second client refused with the
 * notice while the first goes on undisturbed, a client vanishing in the
 * middle of a packet, and the next client starting fresh. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "gdbstub/packet.h"
#include "gdbstub/server.h"

#define TIMEOUT_MS 5000

static int64_t ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (int64_t)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

static int client_connect(uint16_t port)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    assert_true(fd >= 0);
    struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(port) };
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    assert_int_equal(connect(fd, (struct sockaddr *)&a, sizeof a), 0);
    return fd;
}

static void client_send(int fd, const char *s)
{
    size_t n = strlen(s);
    assert_int_equal(send(fd, s, n, MSG_NOSIGNAL), (ssize_t)n);
}

/* Poll the server until an event other than NONE, failing after a while. */
static struct gdb_server_event next_event(struct gdb_server *s)
{
    struct gdb_server_event ev;
    int64_t end = ms() + TIMEOUT_MS;
    do {
        assert_int_equal(gdb_server_poll(s, 50, &ev), 0);
        if (ev.kind != GDB_SRV_EV_NONE)
            return ev;
    } while (ms() < end);
    fail_msg("no server event within %d ms", TIMEOUT_MS);
    return ev;
}

static void expect_packet(struct gdb_server *s, const char *payload)
{
    struct gdb_server_event ev = next_event(s);
    if (ev.kind != GDB_SRV_EV_PACKET)
        fail_msg("expected packet '%s', got event %d (%s)", payload, ev.kind, ev.msg);
    assert_int_equal(ev.len, strlen(payload));
    assert_memory_equal(ev.data, payload, ev.len);
}

/* Read from a client until `want` has been seen (or, with want NULL, until
 * EOF), keeping the server polled meanwhile (it answers refused clients
 * from its poll loop).  Server events other than NONE are not expected. */
static size_t client_read(int fd, struct gdb_server *s, const char *want, char *buf, size_t cap)
{
    size_t n = 0;
    int64_t end = ms() + TIMEOUT_MS;
    buf[0] = 0;
    while (ms() < end) {
        struct gdb_server_event ev;
        assert_int_equal(gdb_server_poll(s, 0, &ev), 0);
        if (ev.kind != GDB_SRV_EV_NONE)
            fail_msg("unexpected server event %d (%s)", ev.kind, ev.msg);
        struct pollfd p = { .fd = fd, .events = POLLIN };
        if (poll(&p, 1, 20) <= 0)
            continue;
        ssize_t r = recv(fd, buf + n, cap - 1 - n, MSG_DONTWAIT);
        if (r == 0 || (r < 0 && errno == ECONNRESET)) {
            if (!want)
                return n;
            fail_msg("EOF before '%s'; got '%s'", want, buf);
        }
        if (r < 0)
            continue;
        n += (size_t)r;
        buf[n] = 0;
        if (want && strstr(buf, want))
            return n;
        assert_true(n < cap - 1);
    }
    fail_msg("timed out waiting for '%s'; got '%s'", want ? want : "EOF", buf);
    return n;
}

static int setup(void **state)
{
    struct gdb_server *s;
    char err[GDB_SERVER_MSG_LEN];
    if (gdb_server_open(&s, 0, 0, err, sizeof err))
        return -1;
    *state = s;
    return 0;
}

static int teardown(void **state)
{
    gdb_server_close(*state);
    return 0;
}

static int attach(struct gdb_server *s)
{
    int fd = client_connect(gdb_server_port(s));
    struct gdb_server_event ev = next_event(s);
    assert_int_equal(ev.kind, GDB_SRV_EV_CONNECTED);
    assert_true(gdb_server_attached(s));
    return fd;
}

/* ------------------------------------------------------------ tests */

static void test_open_and_port(void **state)
{
    struct gdb_server *s = *state;
    assert_true(gdb_server_port(s) != 0);
    assert_false(gdb_server_attached(s));
    assert_int_equal(gdb_server_send(s, "OK", 2, 0), -ENOTCONN);
    struct gdb_server_event ev;
    assert_int_equal(gdb_server_poll(s, 0, &ev), 0);
    assert_int_equal(ev.kind, GDB_SRV_EV_NONE);

    /* the same port twice: a clear error naming the address */
    struct gdb_server *t;
    char err[GDB_SERVER_MSG_LEN] = "";
    assert_int_equal(gdb_server_open(&t, gdb_server_port(s), 0, err, sizeof err), -EADDRINUSE);
    assert_null(t);
    assert_non_null(strstr(err, "127.0.0.1"));
    /* a bad packet size */
    assert_int_equal(gdb_server_open(&t, 0, 1, err, sizeof err), -EINVAL);
    assert_non_null(strstr(err, "packet size"));
}

static void test_loopback_only(void **state)
{
    struct gdb_server *s = *state;
    /* Connecting through a non-loopback address of this host must fail.
     * Find one by asking the kernel which source address would reach an
     * outside address; skip when the host has no such interface. */
    int u = socket(AF_INET, SOCK_DGRAM, 0);
    assert_true(u >= 0);
    struct sockaddr_in out = { .sin_family = AF_INET, .sin_port = htons(9) };
    inet_pton(AF_INET, "192.0.2.1", &out.sin_addr);
    struct sockaddr_in self;
    socklen_t len = sizeof self;
    if (connect(u, (struct sockaddr *)&out, sizeof out) != 0 ||
        getsockname(u, (struct sockaddr *)&self, &len) != 0 ||
        (ntohl(self.sin_addr.s_addr) >> 24) == 127 || self.sin_addr.s_addr == 0) {
        close(u);
        skip();
    }
    close(u);
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    self.sin_port = htons(gdb_server_port(s));
    assert_int_not_equal(connect(fd, (struct sockaddr *)&self, sizeof self), 0);
    close(fd);
}

static void test_exchange(void **state)
{
    struct gdb_server *s = *state;
    int c = attach(s);
    client_send(c, "+$qSupported:swbreak+#8b");
    expect_packet(s, "qSupported:swbreak+");
    char buf[512];
    client_read(c, s, "+", buf, sizeof buf);
    assert_string_equal(buf, "+");
    assert_int_equal(gdb_server_send(s, "PacketSize=1000", 15, 0), 0);
    assert_int_equal(gdb_server_flush(s, TIMEOUT_MS), 0);
    client_read(c, s, "#f1", buf, sizeof buf);
    assert_string_equal(buf, "$PacketSize=1000#f1");
    close(c);
}

static void test_packets_and_interrupt(void **state)
{
    struct gdb_server *s = *state;
    int c = attach(s);
    char buf[512];
    /* a packet split over several writes */
    client_send(c, "$m8000");
    struct gdb_server_event ev;
    assert_int_equal(gdb_server_poll(s, 100, &ev), 0);
    assert_int_equal(ev.kind, GDB_SRV_EV_NONE);
    client_send(c, "0000,4#");
    client_send(c, "55");
    expect_packet(s, "m80000000,4");
    client_read(c, s, "+", buf, sizeof buf);
    assert_int_equal(gdb_server_send(s, "deadbeef", 8, 0), 0);
    client_read(c, s, "$deadbeef#", buf, sizeof buf);
    client_send(c, "+");

    /* the guest runs: the emulator looks with timeout 0 between slices */
    for (int i = 0; i < 5; i++) {
        assert_int_equal(gdb_server_poll(s, 0, &ev), 0);
        assert_int_equal(ev.kind, GDB_SRV_EV_NONE);
    }
    client_send(c, "\x03");
    int64_t end = ms() + TIMEOUT_MS;
    do {
        assert_int_equal(gdb_server_poll(s, 0, &ev), 0);
    } while (ev.kind == GDB_SRV_EV_NONE && ms() < end);
    assert_int_equal(ev.kind, GDB_SRV_EV_INTERRUPT);

    /* several packets in one write come out one per poll */
    client_send(c, "$g#67$?#3f\x03$c#63");
    expect_packet(s, "g");
    expect_packet(s, "?");
    ev = next_event(s);
    assert_int_equal(ev.kind, GDB_SRV_EV_INTERRUPT);
    expect_packet(s, "c");
    client_read(c, s, "+++", buf, sizeof buf);

    /* a bad checksum: '-' to the client, an event to the caller */
    client_send(c, "$g#00");
    ev = next_event(s);
    assert_int_equal(ev.kind, GDB_SRV_EV_PROTOCOL_ERROR);
    assert_false(ev.reply);
    client_read(c, s, "-", buf, sizeof buf);

    /* no-ack mode through the server's framing state */
    gdb_pkt_set_noack(gdb_server_pkt(s), true);
    client_send(c, "$g#67");
    expect_packet(s, "g");
    assert_int_equal(gdb_server_send(s, "OK", 2, 0), 0);
    client_read(c, s, "$OK#9a", buf, sizeof buf);
    assert_string_equal(buf, "$OK#9a"); /* no '+' before it */
    close(c);
}

static void test_second_client_refused(void **state)
{
    struct gdb_server *s = *state;
    int c1 = attach(s);
    char buf[1024];
    client_send(c1, "+$qSupported#37");
    expect_packet(s, "qSupported");

    int c2 = client_connect(gdb_server_port(s));
    struct gdb_server_event ev = next_event(s);
    assert_int_equal(ev.kind, GDB_SRV_EV_REFUSED);
    assert_non_null(strstr(ev.msg, "second client"));
    assert_true(gdb_server_attached(s));
    /* the plain notice at once ... */
    client_read(c2, s, "already attached", buf, sizeof buf);
    /* ... and an error reply to its first packet, then the connection ends */
    client_send(c2, "+$qSupported:multiprocess+#c6");
    size_t n = client_read(c2, s, NULL, buf, sizeof buf);
    assert_true(n > 0);
    assert_non_null(strstr(buf, "+$E.rewind: a debugger is already attached"));
    /* the reply is a well-formed packet */
    char *dollar = strstr(buf, "$E.");
    char *hash = strchr(dollar, '#');
    assert_non_null(hash);
    char cs[3];
    snprintf(cs, sizeof cs, "%02x", gdb_checksum(dollar + 1, (size_t)(hash - dollar - 1)));
    assert_memory_equal(hash + 1, cs, 2);
    close(c2);

    /* the first session never noticed */
    client_read(c1, s, "+", buf, sizeof buf);
    assert_string_equal(buf, "+");
    assert_int_equal(gdb_server_send(s, "PacketSize=1000", 15, 0), 0);
    client_read(c1, s, "$PacketSize=1000#", buf, sizeof buf);
    client_send(c1, "+$g#67");
    expect_packet(s, "g");
    assert_true(gdb_server_attached(s));

    /* a refused client that never sends anything is closed after a while */
    int c3 = client_connect(gdb_server_port(s));
    ev = next_event(s);
    assert_int_equal(ev.kind, GDB_SRV_EV_REFUSED);
    int64_t t0 = ms();
    client_read(c3, s, NULL, buf, sizeof buf);
    assert_non_null(strstr(buf, "already attached"));
    assert_true(ms() - t0 >= GDB_SERVER_REFUSE_MS - 100);
    close(c3);
    close(c1);
}

static void test_disconnect_mid_packet(void **state)
{
    struct gdb_server *s = *state;
    int c = attach(s);
    gdb_pkt_set_noack(gdb_server_pkt(s), true);
    client_send(c, "$qSupported:multipro");
    struct gdb_server_event ev;
    assert_int_equal(gdb_server_poll(s, 100, &ev), 0);
    assert_int_equal(ev.kind, GDB_SRV_EV_NONE);
    close(c);
    ev = next_event(s);
    assert_int_equal(ev.kind, GDB_SRV_EV_DISCONNECTED);
    assert_non_null(strstr(ev.msg, "middle of a packet"));
    assert_false(gdb_server_attached(s));
    assert_int_equal(gdb_server_send(s, "OK", 2, 0), -ENOTCONN);

    /* the next client starts fresh: ack mode, no leftover bytes */
    c = attach(s);
    assert_false(gdb_pkt_noack(gdb_server_pkt(s)));
    client_send(c, "$g#67");
    expect_packet(s, "g");
    char buf[64];
    client_read(c, s, "+", buf, sizeof buf);

    /* a clean disconnect between packets says so */
    close(c);
    ev = next_event(s);
    assert_int_equal(ev.kind, GDB_SRV_EV_DISCONNECTED);
    assert_null(strstr(ev.msg, "middle"));

    /* the server detaching a client (after 'k') also goes back to listening */
    c = attach(s);
    gdb_server_detach(s);
    assert_false(gdb_server_attached(s));
    size_t n = client_read(c, s, NULL, buf, sizeof buf);
    assert_int_equal(n, 0);
    close(c);
    c = attach(s);
    close(c);
}

static void test_client_gone_while_sending(void **state)
{
    struct gdb_server *s = *state;
    int c = attach(s);
    /* shrink the client's receive window, then vanish with data unread */
    close(c);
    static char big[3000];
    memset(big, 'a', sizeof big);
    int r = 0;
    for (int i = 0; i < 2000 && r == 0; i++)
        r = gdb_server_send(s, big, sizeof big, 0);
    /* whether the send itself fails or not, the next poll reports it */
    struct gdb_server_event ev = next_event(s);
    assert_int_equal(ev.kind, GDB_SRV_EV_DISCONNECTED);
    assert_false(gdb_server_attached(s));
    c = attach(s);
    close(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
        T(test_open_and_port),
        T(test_loopback_only),
        T(test_exchange),
        T(test_packets_and_interrupt),
        T(test_second_client_refused),
        T(test_disconnect_mid_packet),
        T(test_client_gone_while_sending),
#undef T
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
