/* RSP framing: checksums, acks and retransmission, no-ack mode, escapes,
 * run-length encoding both ways, split feeds, oversized packets, garbage,
 * Ctrl-C, and the hex and number parsers. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <cmocka.h>

#include "gdbstub/packet.h"

/* ------------------------------------------------------------ harness */

#define MAX_EVENTS 64

struct rec {
    enum gdb_pkt_event_kind kind;
    char data[8192];
    size_t len;
    char msg[GDB_PKT_MSG_LEN];
    bool reply;
};

struct log {
    struct rec ev[MAX_EVENTS];
    size_t n;
};

/* Feed buf in pieces of `step` bytes (0 = all at once), recording events. */
static void feed_split(struct gdb_pkt *p, const void *buf, size_t n, size_t step, struct log *l)
{
    const uint8_t *b = buf;
    size_t off = 0;
    while (off < n) {
        size_t piece = step && n - off > step ? step : n - off;
        size_t done = 0;
        while (done < piece) {
            struct gdb_pkt_event ev;
            size_t used = gdb_pkt_feed(p, b + off + done, piece - done, &ev);
            assert_true(used > 0);
            assert_true(used <= piece - done);
            done += used;
            if (ev.kind == GDB_PKT_EV_NONE) {
                assert_int_equal(done, piece); /* NONE only when input ran out */
                continue;
            }
            assert_true(l->n < MAX_EVENTS);
            struct rec *r = &l->ev[l->n++];
            r->kind = ev.kind;
            r->reply = ev.reply;
            snprintf(r->msg, sizeof r->msg, "%s", ev.msg);
            r->len = ev.len;
            if (ev.kind == GDB_PKT_EV_PACKET) {
                assert_true(ev.len < sizeof r->data);
                memcpy(r->data, ev.data, ev.len);
                assert_int_equal(ev.data[ev.len], 0); /* NUL-terminated */
            } else {
                assert_true(ev.msg[0] || ev.kind == GDB_PKT_EV_INTERRUPT);
            }
        }
        off += piece;
    }
}

static void feed(struct gdb_pkt *p, const char *s, struct log *l)
{
    feed_split(p, s, strlen(s), 0, l);
}

/* Drain the output queue into a string. */
static char *take_output(struct gdb_pkt *p)
{
    static char buf[1 << 16];
    const uint8_t *b;
    size_t n;
    gdb_pkt_output(p, &b, &n);
    assert_true(n < sizeof buf);
    if (n)
        memcpy(buf, b, n);
    buf[n] = 0;
    gdb_pkt_output_done(p, n);
    return buf;
}

static int setup(void **state)
{
    struct gdb_pkt *p = calloc(1, sizeof *p);
    if (!p || gdb_pkt_init(p, 0))
        return -1;
    *state = p;
    return 0;
}

static int teardown(void **state)
{
    gdb_pkt_free(*state);
    free(*state);
    return 0;
}

static void frame_n(char *out, size_t cap, const char *payload)
{
    int n = snprintf(out, cap, "$%s#%02x", payload, gdb_checksum(payload, strlen(payload)));
    assert_true(n > 0 && (size_t)n < cap);
}
#define frame(out, payload) frame_n((out), sizeof(out), (payload))

/* ------------------------------------------------------------ checksums */

static void test_checksum_values(void **state)
{
    (void)state;
    assert_int_equal(gdb_checksum("OK", 2), 0x9a);
    assert_int_equal(gdb_checksum("QStartNoAckMode", 15), 0xb0);
    assert_int_equal(gdb_checksum("", 0), 0);
    uint8_t ff[2] = { 0xff, 0x02 }; /* wraps modulo 256 */
    assert_int_equal(gdb_checksum(ff, 2), 0x01);
}

static void test_good_packet_acked(void **state)
{
    struct gdb_pkt *p = *state;
    struct log l = { .n = 0 };
    feed(p, "$OK#9a", &l);
    assert_int_equal(l.n, 1);
    assert_int_equal(l.ev[0].kind, GDB_PKT_EV_PACKET);
    assert_int_equal(l.ev[0].len, 2);
    assert_memory_equal(l.ev[0].data, "OK", 2);
    assert_string_equal(take_output(p), "+");
    /* upper-case checksum digits are fine, and an empty payload */
    feed(p, "$OK#9A$#00", &l);
    assert_int_equal(l.n, 3);
    assert_int_equal(l.ev[1].kind, GDB_PKT_EV_PACKET);
    assert_int_equal(l.ev[2].kind, GDB_PKT_EV_PACKET);
    assert_int_equal(l.ev[2].len, 0);
    assert_string_equal(take_output(p), "++");
    assert_false(gdb_pkt_in_packet(p));
}

static void test_bad_checksum_nak(void **state)
{
    struct gdb_pkt *p = *state;
    struct log l = { .n = 0 };
    feed(p, "$OK#9b", &l);
    assert_int_equal(l.n, 1);
    assert_int_equal(l.ev[0].kind, GDB_PKT_EV_ERROR);
    assert_false(l.ev[0].reply);              /* the client will retransmit */
    assert_non_null(strstr(l.ev[0].msg, "checksum 9b, computed 9a"));
    assert_string_equal(take_output(p), "-");
    feed(p, "$OK#zz", &l);                    /* not hex at all */
    assert_int_equal(l.ev[1].kind, GDB_PKT_EV_ERROR);
    assert_non_null(strstr(l.ev[1].msg, "not two hex digits"));
    assert_string_equal(take_output(p), "-");
    /* the retransmission goes through */
    feed(p, "$OK#9a", &l);
    assert_int_equal(l.n, 3);
    assert_int_equal(l.ev[2].kind, GDB_PKT_EV_PACKET);
    assert_string_equal(take_output(p), "+");
}

/* ------------------------------------------------------------ acks */

static void test_retransmit_on_nak(void **state)
{
    struct gdb_pkt *p = *state;
    struct log l = { .n = 0 };
    assert_int_equal(gdb_pkt_send(p, "OK", 2, 0), 0);
    assert_string_equal(take_output(p), "$OK#9a");
    feed(p, "-", &l);
    assert_string_equal(take_output(p), "$OK#9a");
    feed(p, "-", &l);
    assert_string_equal(take_output(p), "$OK#9a");
    feed(p, "+", &l);
    assert_string_equal(take_output(p), "");
    feed(p, "-", &l);                          /* nothing outstanding */
    assert_string_equal(take_output(p), "");
    assert_int_equal(l.n, 0);
    /* the retransmitted packet is the latest one */
    assert_int_equal(gdb_pkt_send(p, "S05", 3, 0), 0);
    take_output(p);
    feed(p, "-", &l);
    assert_string_equal(take_output(p), "$S05#b8");
}

static void test_nak_limit(void **state)
{
    struct gdb_pkt *p = *state;
    struct log l = { .n = 0 };
    assert_int_equal(gdb_pkt_send(p, "OK", 2, 0), 0);
    take_output(p);
    for (int i = 0; i < GDB_PKT_MAX_NAKS; i++) {
        feed(p, "-", &l);
        assert_string_equal(take_output(p), "$OK#9a");
    }
    assert_int_equal(l.n, 0);
    feed(p, "-", &l);
    assert_int_equal(l.n, 1);
    assert_int_equal(l.ev[0].kind, GDB_PKT_EV_ERROR);
    assert_non_null(strstr(l.ev[0].msg, "giving up"));
    assert_string_equal(take_output(p), "");
    feed(p, "-", &l);
    assert_int_equal(l.n, 1);
}

static void test_noack_mode(void **state)
{
    struct gdb_pkt *p = *state;
    struct log l = { .n = 0 };
    /* The handshake: the request is acked, the OK is queued, then no acks. */
    feed(p, "$QStartNoAckMode#b0", &l);
    assert_int_equal(l.ev[0].kind, GDB_PKT_EV_PACKET);
    assert_int_equal(gdb_pkt_send(p, "OK", 2, 0), 0);
    gdb_pkt_set_noack(p, true);
    assert_true(gdb_pkt_noack(p));
    assert_string_equal(take_output(p), "+$OK#9a");
    feed(p, "+", &l);                          /* gdb's last ack: ignored */
    feed(p, "$g#67", &l);
    assert_int_equal(l.n, 2);
    assert_int_equal(l.ev[1].kind, GDB_PKT_EV_PACKET);
    assert_string_equal(take_output(p), "");   /* no '+' */
    /* a bad checksum is dropped without '-', and nothing retransmits:
     * the client waits for a reply */
    feed(p, "$g#00", &l);
    assert_int_equal(l.ev[2].kind, GDB_PKT_EV_ERROR);
    assert_true(l.ev[2].reply);
    assert_string_equal(take_output(p), "");
    assert_int_equal(gdb_pkt_send(p, "OK", 2, 0), 0);
    take_output(p);
    feed(p, "-", &l);
    assert_string_equal(take_output(p), "");
    assert_int_equal(l.n, 3);
    /* reset (a new client) goes back to ack mode */
    gdb_pkt_reset(p);
    assert_false(gdb_pkt_noack(p));
    feed(p, "$g#67", &l);
    assert_string_equal(take_output(p), "+");
}

/* ------------------------------------------------------------ decoding */

static void test_binary_escapes(void **state)
{
    struct gdb_pkt *p = *state;
    struct log l = { .n = 0 };
    /* X packet carrying }, #, $, *, NUL and 0x03 */
    const char raw[] = "X0,6:}]}\x03}\x04}\x0a\x00\x03";
    size_t rawlen = sizeof raw - 1;
    char buf[64];
    buf[0] = '$';
    memcpy(buf + 1, raw, rawlen);
    sprintf(buf + 1 + rawlen, "#%02x", gdb_checksum(raw, rawlen));
    feed_split(p, buf, rawlen + 4, 0, &l);
    assert_int_equal(l.n, 1);
    assert_int_equal(l.ev[0].kind, GDB_PKT_EV_PACKET);
    const char want[] = "X0,6:}#$*\x00\x03";
    assert_int_equal(l.ev[0].len, sizeof want - 1);
    assert_memory_equal(l.ev[0].data, want, sizeof want - 1);
}

static void test_rle_expansion(void **state)
{
    struct gdb_pkt *p = *state;
    struct log l = { .n = 0 };
    char f[256];
    /* "0* " is 0 followed by 3 more: 4 zeros; '"' (34) means 5 more */
    frame(f, "0* ");
    feed(p, f, &l);
    frame(f, "x0*\"y");
    feed(p, f, &l);
    frame(f, "a*~");   /* 1 + 97 */
    feed(p, f, &l);
    frame(f, "ab* * c"); /* chained: b + 3 + 3 */
    feed(p, f, &l);
    assert_int_equal(l.n, 4);
    for (size_t i = 0; i < l.n; i++)
        assert_int_equal(l.ev[i].kind, GDB_PKT_EV_PACKET);
    assert_int_equal(l.ev[0].len, 4);
    assert_memory_equal(l.ev[0].data, "0000", 4);
    assert_int_equal(l.ev[1].len, 8);
    assert_memory_equal(l.ev[1].data, "x000000y", 8);
    assert_int_equal(l.ev[2].len, 98);
    for (int i = 0; i < 98; i++)
        assert_int_equal(l.ev[2].data[i], 'a');
    assert_int_equal(l.ev[3].len, 9);
    assert_memory_equal(l.ev[3].data, "abbbbbbbc", 9);
    /* a run of an escaped byte repeats the byte, not the escape */
    frame(f, "}]* ");
    feed(p, f, &l);
    assert_int_equal(l.ev[4].len, 4);
    assert_memory_equal(l.ev[4].data, "}}}}", 4);
}

static void test_malformed_encodings(void **state)
{
    struct gdb_pkt *p = *state;
    const char *bad[] = {
        "* ",        /* nothing to repeat */
        "a*",        /* count missing */
        "a*\x01",    /* count below ' ' */
        "a*\x7f",    /* count above '~' */
        "abc}",      /* escape at the end */
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        struct log l = { .n = 0 };
        char f[64];
        frame(f, bad[i]);
        feed(p, f, &l);
        assert_int_equal(l.n, 1);
        assert_int_equal(l.ev[0].kind, GDB_PKT_EV_ERROR);
        assert_true(l.ev[0].reply);           /* arrived intact: answer it */
        assert_string_equal(take_output(p), "+");
        assert_false(gdb_pkt_in_packet(p));
    }
}

static void test_rle_expansion_limit(void **state)
{
    (void)state;
    struct gdb_pkt p;
    assert_int_equal(gdb_pkt_init(&p, 64), 0);
    struct log l = { .n = 0 };
    char f[128];
    frame(f, "a*~");                           /* 98 bytes > 64 */
    feed(&p, f, &l);
    assert_int_equal(l.ev[0].kind, GDB_PKT_EV_ERROR);
    assert_non_null(strstr(l.ev[0].msg, "limit"));
    frame(f, "0123456789012345678901234567890123456789012345678901234567890*!");
    feed(&p, f, &l);                           /* 61 + 4 = 65 > 64 */
    assert_int_equal(l.ev[1].kind, GDB_PKT_EV_ERROR);
    frame(f, "012345678901234567890123456789012345678901234567890123456789*!");
    feed(&p, f, &l);                           /* 60 + 4 = 64: fits exactly */
    assert_int_equal(l.ev[2].kind, GDB_PKT_EV_PACKET);
    assert_int_equal(l.ev[2].len, 64);
    gdb_pkt_free(&p);
}

/* ------------------------------------------------------------ stream */

static void test_split_feeds_agree(void **state)
{
    (void)state;
    char stream[2048] = "";
    char f[256];
    strcat(stream, "+garbage\r\n");
    frame(f, "qSupported:multiprocess+;swbreak+");
    strcat(stream, f);
    strcat(stream, "\x03");
    frame(f, "m80000000,4");
    strcat(stream, f);
    strcat(stream, "$bad#00");
    frame(f, "0* x}]");
    strcat(stream, f);
    strcat(stream, "$trunc$OK#9a-");
    size_t n = strlen(stream);

    struct log whole = { .n = 0 };
    struct gdb_pkt p;
    assert_int_equal(gdb_pkt_init(&p, 0), 0);
    feed_split(&p, stream, n, 0, &whole);
    char out_whole[256];
    snprintf(out_whole, sizeof out_whole, "%s", take_output(&p));
    assert_int_equal(whole.n, 7);
    assert_string_equal(out_whole, "++-++");

    /* one byte at a time, and pseudo-random splits: identical results */
    for (unsigned seed = 0; seed < 40; seed++) {
        struct log *part = calloc(1, sizeof *part);
        gdb_pkt_reset(&p);
        if (seed == 0) {
            feed_split(&p, stream, n, 1, part);
        } else {
            size_t off = 0;
            unsigned x = seed * 2654435761u;
            while (off < n) {
                x = x * 1103515245u + 12345u;
                size_t step = 1 + (x >> 16) % 9;
                if (step > n - off)
                    step = n - off;
                feed_split(&p, stream + off, step, 0, part);
                off += step;
            }
        }
        assert_int_equal(part->n, whole.n);
        for (size_t i = 0; i < whole.n; i++) {
            assert_int_equal(part->ev[i].kind, whole.ev[i].kind);
            assert_int_equal(part->ev[i].len, whole.ev[i].len);
            assert_memory_equal(part->ev[i].data, whole.ev[i].data, whole.ev[i].len);
            assert_string_equal(part->ev[i].msg, whole.ev[i].msg);
        }
        assert_string_equal(take_output(&p), out_whole);
        free(part);
    }
    assert_int_equal(whole.ev[0].kind, GDB_PKT_EV_PACKET);
    assert_int_equal(whole.ev[1].kind, GDB_PKT_EV_INTERRUPT);
    assert_int_equal(whole.ev[2].kind, GDB_PKT_EV_PACKET);
    assert_memory_equal(whole.ev[2].data, "m80000000,4", 11);
    assert_int_equal(whole.ev[3].kind, GDB_PKT_EV_ERROR);   /* bad checksum */
    assert_int_equal(whole.ev[4].kind, GDB_PKT_EV_PACKET);
    assert_memory_equal(whole.ev[4].data, "0000x}", 6);
    assert_int_equal(whole.ev[5].kind, GDB_PKT_EV_ERROR);   /* $trunc */
    assert_non_null(strstr(whole.ev[5].msg, "incomplete"));
    assert_int_equal(whole.ev[6].kind, GDB_PKT_EV_PACKET);
    gdb_pkt_free(&p);
}

static void test_garbage_and_interrupt(void **state)
{
    struct gdb_pkt *p = *state;
    struct log l = { .n = 0 };
    feed(p, "hello\r\n#12 }*\x01\x7f\xff", &l);
    assert_int_equal(l.n, 0);
    assert_string_equal(take_output(p), "");
    feed(p, "\x03", &l);
    assert_int_equal(l.n, 1);
    assert_int_equal(l.ev[0].kind, GDB_PKT_EV_INTERRUPT);
    /* 0x03 inside a packet is data */
    char f[32];
    frame(f, "a\x03z");
    feed(p, f, &l);
    assert_int_equal(l.n, 2);
    assert_int_equal(l.ev[1].kind, GDB_PKT_EV_PACKET);
    assert_memory_equal(l.ev[1].data, "a\x03z", 3);
    /* a '$' in the checksum restarts as well */
    feed(p, "$abc#1$OK#9a", &l);
    assert_int_equal(l.n, 4);
    assert_int_equal(l.ev[2].kind, GDB_PKT_EV_ERROR);
    assert_false(l.ev[2].reply);
    assert_int_equal(l.ev[3].kind, GDB_PKT_EV_PACKET);
    assert_memory_equal(l.ev[3].data, "OK", 2);
}

static void test_oversized(void **state)
{
    (void)state;
    struct gdb_pkt p;
    assert_int_equal(gdb_pkt_init(&p, 64), 0);
    assert_int_equal(gdb_pkt_max(&p), 64);
    struct log l = { .n = 0 };
    char big[512];
    memset(big, 'a', 100);
    big[100] = 0;
    char f[600];
    frame(f, big);
    feed(&p, f, &l);
    assert_int_equal(l.n, 1);
    assert_int_equal(l.ev[0].kind, GDB_PKT_EV_ERROR);
    assert_true(l.ev[0].reply);
    assert_non_null(strstr(l.ev[0].msg, "100 bytes exceed the limit of 64"));
    assert_string_equal(take_output(&p), "+"); /* so the client reads our error */
    assert_false(gdb_pkt_in_packet(&p));
    /* the stream carries on */
    feed(&p, "$OK#9a", &l);
    assert_int_equal(l.ev[1].kind, GDB_PKT_EV_PACKET);
    /* exactly at the limit is accepted */
    big[64] = 0;
    frame(f, big);
    feed(&p, f, &l);
    assert_int_equal(l.ev[2].kind, GDB_PKT_EV_PACKET);
    assert_int_equal(l.ev[2].len, 64);
    /* an oversized packet cut short by a new '$' resynchronises there */
    memset(big, 'b', 300);
    big[300] = 0;
    strcpy(f, "$");
    strcat(f, big);
    strcat(f, "$OK#9a");
    take_output(&p);
    feed(&p, f, &l);
    assert_int_equal(l.n, 5);
    assert_int_equal(l.ev[3].kind, GDB_PKT_EV_ERROR);
    assert_false(l.ev[3].reply);
    assert_non_null(strstr(l.ev[3].msg, "unterminated"));
    assert_int_equal(l.ev[4].kind, GDB_PKT_EV_PACKET);
    assert_memory_equal(l.ev[4].data, "OK", 2);
    assert_string_equal(take_output(&p), "+");
    gdb_pkt_free(&p);

    assert_int_equal(gdb_pkt_init(&p, 10), -EINVAL);
    assert_int_equal(gdb_pkt_init(&p, GDB_PKT_MAX_MAX + 1), -EINVAL);
}

/* ------------------------------------------------------------ encoding */

static void test_send_text_and_binary(void **state)
{
    struct gdb_pkt *p = *state;
    assert_int_equal(gdb_pkt_send(p, "a#b", 3, 0), -EINVAL);
    assert_int_equal(gdb_pkt_send(p, "a*b", 3, 0), -EINVAL);
    assert_int_equal(gdb_pkt_send(p, "a}b", 3, 0), -EINVAL);
    assert_int_equal(gdb_pkt_send(p, "a$b", 3, 0), -EINVAL);
    assert_string_equal(take_output(p), "");
    assert_int_equal(gdb_pkt_send(p, "l<a>$#}*", 8, GDB_SEND_BINARY), 0);
    char want[64];
    const char esc[] = "l<a>}\x04}\x03}]}\x0a";
    sprintf(want, "$%s#%02x", esc, gdb_checksum(esc, strlen(esc)));
    assert_string_equal(take_output(p), want);
}

static void test_send_rle(void **state)
{
    struct gdb_pkt *p = *state;
    /* runs below 4 stay literal; count characters '#' and '$' (runs of 7
     * and 8) are avoided */
    const struct { const char *in, *out; } cases[] = {
        { "000", "000" },
        { "0000", "0* " },
        { "00000000", "0*\"00" },      /* 1 + 5 + 2 */
        { "0000000", "0*\"0" },        /* 1 + 5 + 1 */
        { "xx00000y", "xx0*!y" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        assert_int_equal(gdb_pkt_send(p, cases[i].in, strlen(cases[i].in), GDB_SEND_RLE), 0);
        char want[64];
        sprintf(want, "$%s#%02x", cases[i].out, gdb_checksum(cases[i].out, strlen(cases[i].out)));
        assert_string_equal(take_output(p), want);
    }
}

/* Whatever is sent, with any flags, a receiver gets back byte for byte. */
static void test_encode_decode_roundtrip(void **state)
{
    (void)state;
    struct gdb_pkt tx, rx;
    assert_int_equal(gdb_pkt_init(&tx, 0), 0);
    assert_int_equal(gdb_pkt_init(&rx, 0), 0);
    unsigned x = 12345;
    for (int iter = 0; iter < 300; iter++) {
        uint8_t buf[1500];
        size_t n = (size_t)(iter * 7) % 1200;
        for (size_t i = 0; i < n; i++) {
            x = x * 1103515245u + 12345u;
            unsigned r = (x >> 16) % 16;
            /* long runs and the special characters often */
            if (r < 6 && i)
                buf[i] = buf[i - 1];
            else if (r >= 6 && r < 10)
                buf[i] = (uint8_t)"$#}*+-\x03\x00"[(x >> 24) % 8];
            else
                buf[i] = (uint8_t)(x >> 8);
        }
        unsigned flags = GDB_SEND_BINARY | (iter & 1 ? GDB_SEND_RLE : 0);
        assert_int_equal(gdb_pkt_send(&tx, buf, n, flags), 0);
        const uint8_t *o;
        size_t olen;
        gdb_pkt_output(&tx, &o, &olen);
        /* the framed bytes contain no '$' or '#' except the frame's own */
        for (size_t i = 1; i + 3 < olen; i++)
            assert_true(o[i] != '$' && o[i] != '#');
        struct log *l = calloc(1, sizeof *l);
        feed_split(&rx, o, olen, (size_t)iter % 5, l);
        gdb_pkt_output_done(&tx, olen);
        assert_int_equal(l->n, 1);
        assert_int_equal(l->ev[0].kind, GDB_PKT_EV_PACKET);
        assert_int_equal(l->ev[0].len, n);
        assert_memory_equal(l->ev[0].data, buf, n);
        free(l);
        take_output(&rx);
    }
    gdb_pkt_free(&tx);
    gdb_pkt_free(&rx);
}

static void test_output_queue(void **state)
{
    struct gdb_pkt *p = *state;
    assert_int_equal(gdb_pkt_send_raw(p, "abc", 3), 0);
    assert_int_equal(gdb_pkt_send(p, "OK", 2, 0), 0);
    const uint8_t *b;
    size_t n;
    gdb_pkt_output(p, &b, &n);
    assert_int_equal(n, 9);
    gdb_pkt_output_done(p, 2);                 /* a short write */
    gdb_pkt_output(p, &b, &n);
    assert_int_equal(n, 7);
    assert_memory_equal(b, "c$OK#9a", 7);
    gdb_pkt_output_done(p, 100);               /* more than queued: clamps */
    gdb_pkt_output(p, &b, &n);
    assert_int_equal(n, 0);
    /* a client that never reads: the queue refuses to grow without bound */
    static char chunk[1 << 20];
    memset(chunk, 'z', sizeof chunk);
    int r = 0;
    for (int i = 0; i < 8 && r == 0; i++)
        r = gdb_pkt_send(p, chunk, sizeof chunk, 0);
    assert_int_equal(r, -ENOBUFS);
}

/* ------------------------------------------------------------ hex helpers */

static void test_hex_bytes(void **state)
{
    (void)state;
    char s[16];
    const uint8_t b[] = { 0x00, 0xab, 0xff, 0x10 };
    gdb_hex_encode(s, b, 4);
    assert_string_equal(s, "00abff10");
    uint8_t out[4];
    size_t n = 0;
    assert_int_equal(gdb_hex_decode(out, 4, "00ABff10", 8, &n), 0);
    assert_int_equal(n, 4);
    assert_memory_equal(out, b, 4);
    assert_int_equal(gdb_hex_decode(out, 4, "abc", 3, &n), -EINVAL);
    assert_int_equal(gdb_hex_decode(out, 4, "0g", 2, &n), -EINVAL);
    assert_int_equal(gdb_hex_decode(out, 4, " 1", 2, &n), -EINVAL);
    assert_int_equal(gdb_hex_decode(out, 2, "001122", 6, &n), -ENOSPC);
    assert_int_equal(gdb_hex_decode(out, 0, "", 0, &n), 0);
    assert_int_equal(n, 0);
    assert_int_equal(gdb_hex_digit('F'), 15);
    assert_int_equal(gdb_hex_digit('G'), -1);
}

static void test_hex_numbers(void **state)
{
    (void)state;
    uint64_t v = 7;
    assert_int_equal(gdb_parse_hex_u64("0", 1, &v), 0);
    assert_int_equal(v, 0);
    assert_int_equal(gdb_parse_hex_u64("FFFFffffFFFFffff", 16, &v), 0);
    assert_true(v == UINT64_MAX);
    assert_int_equal(gdb_parse_hex_u64("000000000000000080000000", 24, &v), 0);
    assert_true(v == 0x80000000u);
    v = 7;
    assert_int_equal(gdb_parse_hex_u64("10000000000000000", 17, &v), -ERANGE);
    assert_int_equal(gdb_parse_hex_u64("", 0, &v), -EINVAL);
    assert_int_equal(gdb_parse_hex_u64("12x", 3, &v), -EINVAL);
    assert_int_equal(gdb_parse_hex_u64("-1", 2, &v), -EINVAL);
    assert_int_equal(gdb_parse_hex_u64("0x10", 4, &v), -EINVAL);
    assert_int_equal(v, 7);                    /* untouched on error */
    /* the length is honoured: no reading past it */
    assert_int_equal(gdb_parse_hex_u64("12zz", 2, &v), 0);
    assert_int_equal(v, 0x12);
}

static void test_register_values(void **state)
{
    (void)state;
    char s[17];
    gdb_reg_encode(s, 0x1122334455667788ull, 8);
    assert_string_equal(s, "8877665544332211");
    gdb_reg_encode(s, 0x1122334455667788ull, 4);
    assert_string_equal(s, "88776655");
    gdb_reg_encode(s, 3, 1);
    assert_string_equal(s, "03");
    uint64_t v = 0;
    assert_int_equal(gdb_reg_decode("8877665544332211", 16, 8, &v), 0);
    assert_true(v == 0x1122334455667788ull);
    assert_int_equal(gdb_reg_decode("78563412", 8, 4, &v), 0);
    assert_true(v == 0x12345678u);
    assert_int_equal(gdb_reg_decode("785634", 6, 4, &v), -EINVAL);
    assert_int_equal(gdb_reg_decode("7856341200", 10, 4, &v), -EINVAL);
    assert_int_equal(gdb_reg_decode("785634xx", 8, 4, &v), -EINVAL);
    assert_int_equal(gdb_reg_decode("785634", 6, 3, &v), -EINVAL);
    assert_int_equal(gdb_reg_decode("", 0, 16, &v), -EINVAL);
}

static void test_addr_len(void **state)
{
    (void)state;
    uint64_t a = 1;
    size_t n = 1;
    assert_int_equal(gdb_parse_addr_len("80000000,40", 11, 4096, &a, &n), 0);
    assert_true(a == 0x80000000u);
    assert_int_equal(n, 0x40);
    assert_int_equal(gdb_parse_addr_len("0,0", 3, 4096, &a, &n), 0);
    assert_int_equal(n, 0);
    /* the last byte of the address space is reachable, past it is not */
    assert_int_equal(gdb_parse_addr_len("ffffffffffffffff,1", 18, 4096, &a, &n), 0);
    assert_int_equal(gdb_parse_addr_len("fffffffffffffff0,10", 19, 4096, &a, &n), 0);
    assert_int_equal(gdb_parse_addr_len("fffffffffffffff0,11", 19, 4096, &a, &n), -ERANGE);
    assert_int_equal(gdb_parse_addr_len("ffffffffffffffff,2", 18, 4096, &a, &n), -ERANGE);
    assert_int_equal(gdb_parse_addr_len("0,1001", 6, 4096, &a, &n), -ERANGE);
    assert_int_equal(gdb_parse_addr_len("0,1000", 6, 4096, &a, &n), 0);
    assert_int_equal(gdb_parse_addr_len("0,10000000000000000", 19, 4096, &a, &n), -ERANGE);
    assert_int_equal(gdb_parse_addr_len("10000000000000000,1", 19, 4096, &a, &n), -ERANGE);
    const char *bad[] = { "", ",", "10", "10,", ",10", "10,4,5", "10;4", "1 0,4",
                          "10,4 ", "g,4", "10,-4", "10:4" };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        assert_int_equal(gdb_parse_addr_len(bad[i], strlen(bad[i]), 4096, &a, &n), -EINVAL);
}

static void test_addr_len_data(void **state)
{
    (void)state;
    uint64_t a;
    size_t n, dlen;
    const char *d;
    const char m[] = "1000,2:abCD";
    assert_int_equal(gdb_parse_addr_len_data(m, strlen(m), 4096, false, &a, &n, &d, &dlen), 0);
    assert_true(a == 0x1000);
    assert_int_equal(n, 2);
    assert_int_equal(dlen, 4);
    assert_memory_equal(d, "abCD", 4);
    const char *bad_hex[] = { "1000,2:abc", "1000,2:abcdef", "1000,2:abzz", "1000,2",
                              "1000:abcd", ",2:abcd", "1000,2,3:abcd" };
    for (size_t i = 0; i < sizeof bad_hex / sizeof bad_hex[0]; i++)
        assert_int_equal(gdb_parse_addr_len_data(bad_hex[i], strlen(bad_hex[i]), 4096, false,
                                                 &a, &n, &d, &dlen), -EINVAL);
    /* binary data may hold NUL, ':' and ','; its length must match */
    const char x[] = "20,4:\0:,\xff";
    assert_int_equal(gdb_parse_addr_len_data(x, sizeof x - 1, 4096, true, &a, &n, &d, &dlen), 0);
    assert_int_equal(n, 4);
    assert_int_equal(dlen, 4);
    assert_memory_equal(d, "\0:,\xff", 4);
    assert_int_equal(gdb_parse_addr_len_data(x, sizeof x - 2, 4096, true, &a, &n, &d, &dlen), -EINVAL);
    const char z[] = "20,0:";
    assert_int_equal(gdb_parse_addr_len_data(z, 5, 4096, true, &a, &n, &d, &dlen), 0);
    assert_int_equal(dlen, 0);
    const char big[] = "20,2000:";
    assert_int_equal(gdb_parse_addr_len_data(big, 8, 4096, true, &a, &n, &d, &dlen), -ERANGE);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
        T(test_checksum_values),
        T(test_good_packet_acked),
        T(test_bad_checksum_nak),
        T(test_retransmit_on_nak),
        T(test_nak_limit),
        T(test_noack_mode),
        T(test_binary_escapes),
        T(test_rle_expansion),
        T(test_malformed_encodings),
        T(test_rle_expansion_limit),
        T(test_split_feeds_agree),
        T(test_garbage_and_interrupt),
        T(test_oversized),
        T(test_send_text_and_binary),
        T(test_send_rle),
        T(test_encode_decode_roundtrip),
        T(test_output_queue),
        T(test_hex_bytes),
        T(test_hex_numbers),
        T(test_register_values),
        T(test_addr_len),
        T(test_addr_len_data),
#undef T
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
