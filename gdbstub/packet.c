/* RSP framing.  The receiver keeps the raw payload until the checksum has
 * been verified (the checksum covers the bytes as sent, escapes and
 * run-length markers included) and only then decodes it, so a corrupted
 * packet can never half-apply. */
#include "gdbstub/packet.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum {
    RX_IDLE,        /* between packets: acks, Ctrl-C, garbage */
    RX_DATA,        /* after '$' */
    RX_CS1,         /* after '#' */
    RX_CS2,
    RX_SKIP,        /* an oversized packet, until its '#' */
    RX_SKIP_CS1,
    RX_SKIP_CS2,
};

/* A run-length count n is sent as the character n + 29. */
#define RLE_BIAS 29
#define RLE_MIN 3
#define RLE_MAX ('~' - RLE_BIAS)

int gdb_pkt_init(struct gdb_pkt *p, size_t max)
{
    memset(p, 0, sizeof *p);
    if (max == 0)
        max = GDB_PKT_DEFAULT_MAX;
    if (max < GDB_PKT_MIN_MAX || max > GDB_PKT_MAX_MAX)
        return -EINVAL;
    p->max = max;
    p->raw = malloc(max);
    p->dec = malloc(max + 1);
    if (!p->raw || !p->dec) {
        gdb_pkt_free(p);
        return -ENOMEM;
    }
    p->dec[0] = 0;
    return 0;
}

void gdb_pkt_free(struct gdb_pkt *p)
{
    free(p->raw);
    free(p->dec);
    free(p->out);
    free(p->last);
    memset(p, 0, sizeof *p);
}

void gdb_pkt_reset(struct gdb_pkt *p)
{
    p->noack = false;
    p->rx_state = RX_IDLE;
    p->raw_len = p->raw_total = p->dec_len = 0;
    p->rx_sum = 0;
    p->out_len = p->out_head = 0;
    p->last_len = 0;
    p->awaiting_ack = false;
    p->naks = 0;
}

size_t gdb_pkt_max(const struct gdb_pkt *p) { return p->max; }
void gdb_pkt_set_noack(struct gdb_pkt *p, bool on)
{
    p->noack = on;
    if (on)
        p->awaiting_ack = false;
}
bool gdb_pkt_noack(const struct gdb_pkt *p) { return p->noack; }
bool gdb_pkt_in_packet(const struct gdb_pkt *p) { return p->rx_state != RX_IDLE; }

uint8_t gdb_checksum(const void *buf, size_t n)
{
    const uint8_t *b = buf;
    unsigned s = 0;
    for (size_t i = 0; i < n; i++)
        s += b[i];
    return (uint8_t)s;
}

int gdb_hex_digit(int c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* ------------------------------------------------------------ output queue */

static int out_reserve(struct gdb_pkt *p, size_t more)
{
    if (p->out_head && p->out_head == p->out_len)
        p->out_head = p->out_len = 0;
    if (p->out_len - p->out_head + more > GDB_PKT_OUT_CAP)
        return -ENOBUFS;
    if (p->out_len + more <= p->out_cap)
        return 0;
    /* Slide the unsent bytes to the front before growing. */
    if (p->out_head) {
        memmove(p->out, p->out + p->out_head, p->out_len - p->out_head);
        p->out_len -= p->out_head;
        p->out_head = 0;
        if (p->out_len + more <= p->out_cap)
            return 0;
    }
    size_t cap = p->out_cap ? p->out_cap : 256;
    while (cap < p->out_len + more)
        cap *= 2;
    uint8_t *n = realloc(p->out, cap);
    if (!n)
        return -ENOMEM;
    p->out = n;
    p->out_cap = cap;
    return 0;
}

static int out_put(struct gdb_pkt *p, const void *b, size_t n)
{
    int r = out_reserve(p, n);
    if (r)
        return r;
    memcpy(p->out + p->out_len, b, n);
    p->out_len += n;
    return 0;
}

void gdb_pkt_output(const struct gdb_pkt *p, const uint8_t **buf, size_t *len)
{
    *buf = p->out ? p->out + p->out_head : NULL;
    *len = p->out_len - p->out_head;
}

void gdb_pkt_output_done(struct gdb_pkt *p, size_t n)
{
    size_t avail = p->out_len - p->out_head;
    p->out_head += n < avail ? n : avail;
    if (p->out_head == p->out_len)
        p->out_head = p->out_len = 0;
}

int gdb_pkt_send_raw(struct gdb_pkt *p, const void *bytes, size_t len)
{
    return out_put(p, bytes, len);
}

static void send_ack(struct gdb_pkt *p, char c)
{
    /* An ack that cannot be queued (the client stopped reading for 4 MiB)
     * is lost; the client's own timeout and retransmission recover. */
    (void)out_put(p, &c, 1);
}

/* ------------------------------------------------------------ transmitter */

static bool special(uint8_t b)
{
    return b == '$' || b == '#' || b == '}' || b == '*';
}

/* Count characters that gdb's reader takes as protocol characters, or that
 * older stubs and clients are known to mishandle, are never used. */
static bool rle_count_ok(unsigned n)
{
    unsigned c = n + RLE_BIAS;
    return c != '$' && c != '#' && c != '+' && c != '-' && c != '*' && c != '}';
}

/* Writes the encoded payload to dst (when non-NULL) and returns its size. */
static size_t encode(const uint8_t *src, size_t len, unsigned flags, uint8_t *dst)
{
    size_t o = 0;
    for (size_t i = 0; i < len;) {
        uint8_t b = src[i];
        if (special(b)) {
            if (dst) {
                dst[o] = '}';
                dst[o + 1] = b ^ 0x20;
            }
            o += 2;
            i++;
            continue;
        }
        size_t run = 1;
        if (flags & GDB_SEND_RLE)
            while (i + run < len && src[i + run] == b)
                run++;
        i += run;
        while (run) {
            if (dst)
                dst[o] = b;
            o++;
            run--;
            if (run >= RLE_MIN) {
                unsigned n = run < RLE_MAX ? (unsigned)run : RLE_MAX;
                while (!rle_count_ok(n))
                    n--;
                if (dst) {
                    dst[o] = '*';
                    dst[o + 1] = (uint8_t)(n + RLE_BIAS);
                }
                o += 2;
                run -= n;
            }
        }
    }
    return o;
}

int gdb_pkt_send(struct gdb_pkt *p, const void *payload, size_t len, unsigned flags)
{
    const uint8_t *src = payload;
    if (!(flags & GDB_SEND_BINARY))
        for (size_t i = 0; i < len; i++)
            if (special(src[i]))
                return -EINVAL;
    if (len > GDB_PKT_OUT_CAP)
        return -ENOBUFS;
    size_t enc = encode(src, len, flags, NULL);
    size_t framed = enc + 4;
    int r = out_reserve(p, framed);
    if (r)
        return r;
    uint8_t *f = p->out + p->out_len;
    f[0] = '$';
    encode(src, len, flags, f + 1);
    uint8_t cs = gdb_checksum(f + 1, enc);
    static const char hex[] = "0123456789abcdef";
    f[enc + 1] = '#';
    f[enc + 2] = (uint8_t)hex[cs >> 4];
    f[enc + 3] = (uint8_t)hex[cs & 15];
    p->out_len += framed;
    if (p->noack)
        return 0;
    /* Keep a copy for retransmission on '-'. */
    if (framed > p->last_cap) {
        uint8_t *n = realloc(p->last, framed);
        if (!n) {
            p->last_len = 0;
            p->awaiting_ack = false;
            return 0; /* sent; only a retransmission would be impossible */
        }
        p->last = n;
        p->last_cap = framed;
    }
    memcpy(p->last, f, framed);
    p->last_len = framed;
    p->awaiting_ack = true;
    p->naks = 0;
    return 0;
}

/* ------------------------------------------------------------ receiver */

static void ev_error(struct gdb_pkt_event *ev, bool reply, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void ev_error(struct gdb_pkt_event *ev, bool reply, const char *fmt, ...)
{
    ev->kind = GDB_PKT_EV_ERROR;
    ev->reply = reply;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(ev->msg, sizeof ev->msg, fmt, ap);
    va_end(ap);
}

/* Expand escapes and run-length markers of the verified raw payload.
 * Returns NULL or what is wrong with it. */
static const char *decode(struct gdb_pkt *p)
{
    size_t o = 0;
    for (size_t i = 0; i < p->raw_len; i++) {
        uint8_t c = p->raw[i];
        if (c == '}') {
            if (++i == p->raw_len)
                return "ends inside an escape ('}')";
            c = p->raw[i] ^ 0x20;
        } else if (c == '*') {
            if (o == 0)
                return "starts with a run-length marker ('*')";
            if (++i == p->raw_len)
                return "ends inside a run-length marker ('*')";
            unsigned cnt = p->raw[i];
            if (cnt < ' ' || cnt > '~')
                return "has a run-length count outside ' '..'~'";
            size_t n = cnt - RLE_BIAS;
            if (n > p->max - o)
                return "expands beyond the packet size limit";
            memset(p->dec + o, p->dec[o - 1], n);
            o += n;
            continue;
        }
        if (o == p->max)
            return "expands beyond the packet size limit";
        p->dec[o++] = (char)c;
    }
    p->dec[o] = 0;
    p->dec_len = o;
    return NULL;
}

static void start_packet(struct gdb_pkt *p)
{
    p->rx_state = RX_DATA;
    p->raw_len = 0;
    p->raw_total = 0;
    p->rx_sum = 0;
}

/* '+' or '-' outside a packet. */
static void on_ack(struct gdb_pkt *p, uint8_t c, struct gdb_pkt_event *ev)
{
    if (p->noack || !p->awaiting_ack)
        return; /* e.g. the '+' gdb sends on connecting, or after no-ack */
    if (c == '+') {
        p->awaiting_ack = false;
        p->naks = 0;
        return;
    }
    if (++p->naks > GDB_PKT_MAX_NAKS) {
        p->awaiting_ack = false;
        ev_error(ev, false, "the client rejected a reply %u times; giving up on it",
                 GDB_PKT_MAX_NAKS + 1);
        return;
    }
    (void)out_put(p, p->last, p->last_len);
}

static void finish_packet(struct gdb_pkt *p, uint8_t lo, struct gdb_pkt_event *ev)
{
    p->rx_state = RX_IDLE;
    int h = gdb_hex_digit(p->rx_cs_hi), l = gdb_hex_digit(lo);
    if (h < 0 || l < 0 || (uint8_t)(h << 4 | l) != p->rx_sum) {
        if (!p->noack)
            send_ack(p, '-');
        if (h < 0 || l < 0)
            ev_error(ev, p->noack, "packet dropped: checksum '%c%c' is not two hex digits",
                     p->rx_cs_hi >= ' ' && p->rx_cs_hi < 127 ? p->rx_cs_hi : '?',
                     lo >= ' ' && lo < 127 ? lo : '?');
        else
            ev_error(ev, p->noack, "packet dropped: checksum %02x, computed %02x",
                     h << 4 | l, p->rx_sum);
        return;
    }
    if (!p->noack)
        send_ack(p, '+');
    const char *bad = decode(p);
    if (bad) {
        ev_error(ev, true, "packet dropped: it %s", bad);
        return;
    }
    ev->kind = GDB_PKT_EV_PACKET;
    ev->data = p->dec;
    ev->len = p->dec_len;
}

static void oversized(struct gdb_pkt *p, struct gdb_pkt_event *ev, bool complete)
{
    ev_error(ev, complete, "packet dropped: %s%zu bytes exceed the limit of %zu (PacketSize)",
             complete ? "its " : "unterminated, at least ", p->raw_total, p->max);
}

size_t gdb_pkt_feed(struct gdb_pkt *p, const void *buf, size_t n,
                    struct gdb_pkt_event *ev)
{
    const uint8_t *b = buf;
    ev->kind = GDB_PKT_EV_NONE;
    ev->data = NULL;
    ev->len = 0;
    ev->msg[0] = 0;
    ev->reply = false;
    size_t i = 0;
    while (i < n && ev->kind == GDB_PKT_EV_NONE) {
        uint8_t c = b[i++];
        switch (p->rx_state) {
        case RX_IDLE:
            if (c == '$')
                start_packet(p);
            else if (c == 0x03)
                ev->kind = GDB_PKT_EV_INTERRUPT;
            else if (c == '+' || c == '-')
                on_ack(p, c, ev);
            /* anything else between packets is line noise */
            break;
        case RX_DATA:
            if (c == '#') {
                p->rx_state = RX_CS1;
            } else if (c == '$') {
                /* A '$' never appears unescaped inside a payload: the
                 * client gave up on the previous packet and started over. */
                ev_error(ev, false, "incomplete packet of %zu bytes dropped (new '$' before '#')",
                         p->raw_len);
                start_packet(p);
            } else if (p->raw_len < p->max) {
                p->raw[p->raw_len++] = c;
                p->rx_sum += c;
            } else {
                p->raw_total = p->raw_len + 1;
                p->rx_state = RX_SKIP;
            }
            break;
        case RX_CS1:
        case RX_SKIP_CS1:
            if (c == '$') {
                if (p->rx_state == RX_SKIP_CS1)
                    oversized(p, ev, false);
                else
                    ev_error(ev, false, "incomplete packet of %zu bytes dropped (new '$' in its checksum)",
                             p->raw_len);
                start_packet(p);
                break;
            }
            p->rx_cs_hi = c;
            p->rx_state = p->rx_state == RX_CS1 ? RX_CS2 : RX_SKIP_CS2;
            break;
        case RX_CS2:
            if (c == '$') {
                ev_error(ev, false, "incomplete packet of %zu bytes dropped (new '$' in its checksum)",
                         p->raw_len);
                start_packet(p);
                break;
            }
            finish_packet(p, c, ev);
            break;
        case RX_SKIP:
            if (c == '#') {
                p->rx_state = RX_SKIP_CS1;
            } else if (c == '$') {
                oversized(p, ev, false);
                start_packet(p);
            } else {
                p->raw_total++;
            }
            break;
        case RX_SKIP_CS2:
            if (c == '$') {
                oversized(p, ev, false);
                start_packet(p);
                break;
            }
            /* Acknowledge it so that the client reads the error reply
             * instead of retransmitting the same oversized packet. */
            p->rx_state = RX_IDLE;
            if (!p->noack)
                send_ack(p, '+');
            oversized(p, ev, true);
            break;
        }
    }
    return i;
}

/* ------------------------------------------------------------ hex helpers */

void gdb_hex_encode(char *out, const void *in, size_t n)
{
    static const char hex[] = "0123456789abcdef";
    const uint8_t *b = in;
    for (size_t i = 0; i < n; i++) {
        out[2 * i] = hex[b[i] >> 4];
        out[2 * i + 1] = hex[b[i] & 15];
    }
    out[2 * n] = 0;
}

int gdb_hex_decode(void *out, size_t cap, const char *s, size_t len, size_t *n)
{
    if (len % 2)
        return -EINVAL;
    if (len / 2 > cap)
        return -ENOSPC;
    uint8_t *o = out;
    for (size_t i = 0; i < len; i += 2) {
        int h = gdb_hex_digit((unsigned char)s[i]);
        int l = gdb_hex_digit((unsigned char)s[i + 1]);
        if (h < 0 || l < 0)
            return -EINVAL;
        o[i / 2] = (uint8_t)(h << 4 | l);
    }
    if (n)
        *n = len / 2;
    return 0;
}

int gdb_parse_hex_u64(const char *s, size_t len, uint64_t *v)
{
    if (len == 0)
        return -EINVAL;
    uint64_t x = 0;
    for (size_t i = 0; i < len; i++) {
        int d = gdb_hex_digit((unsigned char)s[i]);
        if (d < 0)
            return -EINVAL;
        if (x >> 60)
            return -ERANGE;
        x = x << 4 | (uint64_t)d;
    }
    *v = x;
    return 0;
}

void gdb_reg_encode(char *out, uint64_t v, unsigned size)
{
    uint8_t b[8];
    if (size > 8)
        size = 8;
    for (unsigned i = 0; i < size; i++)
        b[i] = (uint8_t)(v >> (8 * i));
    gdb_hex_encode(out, b, size);
}

int gdb_reg_decode(const char *s, size_t len, unsigned size, uint64_t *v)
{
    if (size != 1 && size != 2 && size != 4 && size != 8)
        return -EINVAL;
    if (len != 2 * (size_t)size)
        return -EINVAL;
    uint8_t b[8];
    int r = gdb_hex_decode(b, sizeof b, s, len, NULL);
    if (r)
        return r;
    uint64_t x = 0;
    for (unsigned i = 0; i < size; i++)
        x |= (uint64_t)b[i] << (8 * i);
    *v = x;
    return 0;
}

/* Split "ADDR,LENGTH" at the comma and check the range; s[0..len). */
static int addr_len(const char *s, size_t len, size_t max_len,
                    uint64_t *addr, size_t *length)
{
    const char *comma = memchr(s, ',', len);
    if (!comma)
        return -EINVAL;
    uint64_t a, l;
    size_t alen = (size_t)(comma - s);
    int r = gdb_parse_hex_u64(s, alen, &a);
    if (r)
        return r;
    r = gdb_parse_hex_u64(comma + 1, len - alen - 1, &l);
    if (r)
        return r;
    if (l > max_len)
        return -ERANGE;
    /* ADDR + LENGTH may reach 2^64 exactly (the last byte of memory) but
     * not go past it. */
    if (l && a > UINT64_MAX - (l - 1))
        return -ERANGE;
    *addr = a;
    *length = (size_t)l;
    return 0;
}

int gdb_parse_addr_len(const char *s, size_t len, size_t max_len,
                       uint64_t *addr, size_t *length)
{
    return addr_len(s, len, max_len, addr, length);
}

int gdb_parse_addr_len_data(const char *s, size_t len, size_t max_len, bool binary,
                            uint64_t *addr, size_t *length,
                            const char **data, size_t *data_len)
{
    const char *colon = memchr(s, ':', len);
    if (!colon)
        return -EINVAL;
    size_t head = (size_t)(colon - s);
    uint64_t a;
    size_t l;
    int r = addr_len(s, head, max_len, &a, &l);
    if (r)
        return r;
    size_t dlen = len - head - 1;
    if (binary ? dlen != l : dlen != 2 * l)
        return -EINVAL;
    if (!binary)
        for (size_t i = 0; i < dlen; i++)
            if (gdb_hex_digit((unsigned char)colon[1 + i]) < 0)
                return -EINVAL;
    *addr = a;
    *length = l;
    *data = colon + 1;
    *data_len = dlen;
    return 0;
}
