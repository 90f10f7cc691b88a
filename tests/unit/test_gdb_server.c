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
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "gdbstub/packet.h"
#include "gdbstub/server.h"
#include "gdbstub/target_xml.h"

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


/* ------------------------------------------------------------ real gdb */

static bool have_gdb(void)
{
    return system("command -v gdb-multiarch >/dev/null 2>&1") == 0;
}

/* Start gdb-multiarch in batch mode against our port, output to a file. */
static pid_t start_gdb(uint16_t port, const char *out_path, const char *const *cmds)
{
    char target[64];
    snprintf(target, sizeof target, "target remote 127.0.0.1:%u", port);
    const char *argv[40];
    int n = 0;
    argv[n++] = "gdb-multiarch";
    argv[n++] = "-nx";
    argv[n++] = "-batch";
    argv[n++] = "-ex";
    argv[n++] = "set architecture riscv:rv64";
    argv[n++] = "-ex";
    argv[n++] = target;
    for (int i = 0; cmds[i] && n < 36; i++) {
        argv[n++] = "-ex";
        argv[n++] = cmds[i];
    }
    argv[n] = NULL;
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        FILE *o = freopen(out_path, "w", stdout);
        if (!o || dup2(fileno(stdout), 2) < 0)
            _exit(127);
        execvp(argv[0], (char *const *)argv);
        _exit(127);
    }
    return pid;
}

static char *finish_gdb(pid_t pid, const char *out_path)
{
    int st = 0;
    int64_t end = ms() + 10000;
    while (waitpid(pid, &st, WNOHANG) == 0) {
        if (ms() > end) {
            kill(pid, SIGKILL);
            waitpid(pid, &st, 0);
            break;
        }
        usleep(10000);
    }
    static char out[1 << 16];
    FILE *f = fopen(out_path, "r");
    assert_non_null(f);
    size_t n = fread(out, 1, sizeof out - 1, f);
    out[n] = 0;
    fclose(f);
    unlink(out_path);
    return out;
}

/* Just enough of a command layer for gdb to attach, read registers and
 * memory through the target description, and detach. */
static bool answer(struct gdb_server *s, const char *d, size_t n, char *xml, size_t xml_len)
{
    char reply[4200];
    size_t rlen = 0;
    unsigned flags = 0;
    const size_t max = gdb_pkt_max(gdb_server_pkt(s));
    if (n >= 10 && memcmp(d, "qSupported", 10) == 0) {
        rlen = (size_t)snprintf(reply, sizeof reply,
                                "PacketSize=%zx;qXfer:features:read+;QStartNoAckMode+", max);
    } else if (n == 15 && memcmp(d, "QStartNoAckMode", 15) == 0) {
        assert_int_equal(gdb_server_send(s, "OK", 2, 0), 0);
        gdb_pkt_set_noack(gdb_server_pkt(s), true);
        return true;
    } else if (n > 6 && memcmp(d, "qXfer:", 6) == 0) {
        int r = gdb_tdesc_qxfer(xml, xml_len, d, n, max / 2 - 8, reply, sizeof reply, &rlen);
        if (r)
            rlen = (size_t)snprintf(reply, sizeof reply, "E01");
        flags = GDB_SEND_BINARY;
    } else if (n == 1 && d[0] == '?') {
        rlen = (size_t)snprintf(reply, sizeof reply, "S05");
    } else if (n == 1 && d[0] == 'g') {
        for (const struct gdb_reg *r = gdb_riscv_reg_after(-1); r && r->regnum <= 32;
             r = gdb_riscv_reg_after((int)r->regnum)) {
            uint64_t v = r->cls == GDB_REG_PC ? 0x80000000u : r->index == 10 ? 0x1122334455667788ull : 0;
            gdb_reg_encode(reply + rlen, v, r->size);
            rlen += 2 * r->size;
        }
        flags = GDB_SEND_RLE;
    } else if (n > 1 && d[0] == 'p') {
        uint64_t num;
        const struct gdb_reg *r = NULL;
        if (gdb_parse_hex_u64(d + 1, n - 1, &num) == 0 && num < 65536)
            r = gdb_riscv_reg((unsigned)num);
        if (!r) {
            rlen = (size_t)snprintf(reply, sizeof reply, "E01");
        } else {
            uint64_t v = r->cls == GDB_REG_PRIV ? 3 : r->cls == GDB_REG_CSR && r->index == 0x300 ? 0xa00000080ull : 0;
            gdb_reg_encode(reply, v, r->size);
            rlen = 2 * r->size;
        }
    } else if (n > 1 && d[0] == 'm') {
        uint64_t a;
        size_t len;
        if (gdb_parse_addr_len(d + 1, n - 1, (sizeof reply - 1) / 2, &a, &len) == 0) {
            memset(reply, '0', 2 * len);
            rlen = 2 * len;
            flags = GDB_SEND_RLE;
        } else {
            rlen = (size_t)snprintf(reply, sizeof reply, "E01");
        }
    } else if (n == 9 && memcmp(d, "qAttached", 9) == 0) {
        rlen = 1, reply[0] = '1';
    } else if (n >= 1 && d[0] == 'H') {
        rlen = (size_t)snprintf(reply, sizeof reply, "OK");
    } else if (n == 12 && memcmp(d, "qfThreadInfo", 12) == 0) {
        rlen = (size_t)snprintf(reply, sizeof reply, "m1");
    } else if (n == 12 && memcmp(d, "qsThreadInfo", 12) == 0) {
        rlen = 1, reply[0] = 'l';
    } else if (n == 2 && memcmp(d, "qC", 2) == 0) {
        rlen = (size_t)snprintf(reply, sizeof reply, "QC1");
    } else if ((n >= 1 && d[0] == 'D') || (n == 1 && d[0] == 'k')) {
        if (d[0] == 'D')
            gdb_server_send(s, "OK", 2, 0);
        gdb_server_flush(s, 1000);
        gdb_server_detach(s);
        return false;
    }
    assert_int_equal(gdb_server_send(s, reply, rlen, flags), 0);
    return true;
}

static void test_real_gdb_session(void **state)
{
    struct gdb_server *s = *state;
    if (!have_gdb())
        skip();
    size_t xml_len;
    char *xml = gdb_riscv_target_xml(&xml_len);
    char path[] = "/tmp/rewind-gdb-out-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    const char *cmds[] = { "info registers pc", "p/x $a0", "p/x $mstatus", "p/x $priv",
                           "p $fflags", "x/2wx 0x80001000", NULL };
    pid_t pid = start_gdb(gdb_server_port(s), path, cmds);
    bool attached = false, detached = false, noack = false;
    size_t packets = 0;
    int64_t end = ms() + 10000;
    while (!detached && ms() < end) {
        struct gdb_server_event ev;
        assert_int_equal(gdb_server_poll(s, 100, &ev), 0);
        switch (ev.kind) {
        case GDB_SRV_EV_CONNECTED:
            attached = true;
            break;
        case GDB_SRV_EV_PACKET:
            packets++;
            if (!answer(s, ev.data, ev.len, xml, xml_len))
                detached = true;
            noack |= gdb_pkt_noack(gdb_server_pkt(s));
            break;
        case GDB_SRV_EV_DISCONNECTED:
            detached = true;
            break;
        case GDB_SRV_EV_NONE:
            break;
        default:
            fail_msg("unexpected event %d: %s", ev.kind, ev.msg);
        }
    }
    char *out = finish_gdb(pid, path);
    free(xml);
    if (!attached || !detached || !noack)
        fail_msg("session incomplete (attached %d detached %d noack %d, %zu packets); gdb said:\n%s",
                 attached, detached, noack, packets, out);
    const char *want[] = { "0x80000000", "= 0x1122334455667788", "= 0xa00000080",
                           "= 0x3", "= 0", "0x00000000\t0x00000000" };
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
        if (!strstr(out, want[i]))
            fail_msg("gdb output lacks '%s':\n%s", want[i], out);
    /* (gdb warns that there is no executable: expected here) */
    const char *bad[] = { "Remote failure", "Could not", "Bad", "Truncated", "Ignoring",
                          "rror", "unknown", "mismatch" };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        if (strstr(out, bad[i]))
            fail_msg("gdb complained ('%s'):\n%s", bad[i], out);
}

/* A second debugger is told, in its own words, why it cannot attach. */
static void test_real_gdb_refused(void **state)
{
    struct gdb_server *s = *state;
    if (!have_gdb())
        skip();
    int c1 = attach(s);
    char path[] = "/tmp/rewind-gdb-out-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    const char *cmds[] = { NULL };
    pid_t pid = start_gdb(gdb_server_port(s), path, cmds);
    bool refused = false;
    int64_t end = ms() + 8000;
    int st;
    while (ms() < end && waitpid(pid, &st, WNOHANG) == 0) {
        struct gdb_server_event ev;
        assert_int_equal(gdb_server_poll(s, 50, &ev), 0);
        if (ev.kind == GDB_SRV_EV_REFUSED)
            refused = true;
        else if (ev.kind != GDB_SRV_EV_NONE)
            fail_msg("unexpected event %d: %s", ev.kind, ev.msg);
    }
    char *out = finish_gdb(pid, path);
    if (!refused || !strstr(out, "Remote failure reply: E.rewind: a debugger is already attached"))
        fail_msg("refused %d; gdb said:\n%s", refused, out);
    assert_true(gdb_server_attached(s));
    client_send(c1, "$g#67");
    expect_packet(s, "g");
    close(c1);
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
        T(test_real_gdb_session),
        T(test_real_gdb_refused),
#undef T
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
