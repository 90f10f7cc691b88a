/* libFuzzer target for the GDB packet layer: any byte stream a client may
 * send, cut into any pieces, is framed without crashing, overreading or
 * leaking; every packet it yields is within the size limit, survives a
 * round trip through the encoder, and the parsers the command layer will
 * run on it stay inside their buffers.  Build and run: tests/fuzz/README.md.
 *
 * Input: byte 0 configures the run (bits 0-1 payload limit 64/256/4096/
 * default, bit 2 start in no-ack mode, bits 3-5 piece size, 0 = all at
 * once); the rest is the client's stream. */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "gdbstub/packet.h"
#include "gdbstub/target_xml.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(bool ok)
{
    if (!ok)
        abort();
}

/* What a command layer would do with a packet: parse it every way. */
static void parse_all(const char *d, size_t n, size_t max)
{
    uint64_t a, v;
    size_t len, dlen, got;
    const char *p;
    if (n >= 1) {
        if (gdb_parse_addr_len(d + 1, n - 1, max, &a, &len) == 0)
            check(len <= max && (len == 0 || a <= UINT64_MAX - (len - 1)));
        for (int bin = 0; bin < 2; bin++)
            if (gdb_parse_addr_len_data(d + 1, n - 1, max, bin, &a, &len, &p, &dlen) == 0) {
                check(p > d && p + dlen == d + n);
                check(dlen == (bin ? len : 2 * len));
                if (!bin) {
                    uint8_t *buf = malloc(len + 1);
                    check(buf && gdb_hex_decode(buf, len, p, dlen, &got) == 0 && got == len);
                    free(buf);
                }
            }
        gdb_parse_hex_u64(d + 1, n - 1, &v);
        gdb_reg_decode(d + 1, n - 1, 8, &v);
        gdb_reg_decode(d + 1, n - 1, 4, &v);
    }
    static const char doc[] = "<target>0123456789abcdef</target>";
    char out[40];
    size_t olen = 0;
    if (gdb_tdesc_qxfer(doc, sizeof doc - 1, d, n, 7, out, sizeof out, &olen) == 0) {
        check(olen >= 1 && olen <= 8);
        check(out[0] == 'm' || out[0] == 'l');
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    static const size_t maxes[] = { 64, 256, 4096, 0 };
    uint8_t cfg = data[0];
    data++;
    size--;
    struct gdb_pkt rx, tx, back;
    check(gdb_pkt_init(&rx, maxes[cfg & 3]) == 0);
    check(gdb_pkt_init(&tx, 0) == 0);
    /* escaping at most doubles a payload of at most 4096 bytes */
    check(gdb_pkt_init(&back, 2 * 4096 + 64) == 0);
    gdb_pkt_set_noack(&rx, cfg & 4);
    size_t step = (cfg >> 3) & 7;
    size_t max = gdb_pkt_max(&rx);

    /* Feed an exact-size heap copy so ASan sees any overread. */
    uint8_t *copy = malloc(size ? size : 1);
    check(copy != NULL);
    memcpy(copy, data, size);
    size_t off = 0;
    unsigned events = 0;
    while (off < size) {
        size_t piece = step && size - off > step ? step : size - off;
        struct gdb_pkt_event ev;
        size_t used = gdb_pkt_feed(&rx, copy + off, piece, &ev);
        check(used >= 1 && used <= piece);
        off += used;
        if (ev.kind == GDB_PKT_EV_NONE) {
            check(used == piece);
            continue;
        }
        events++;
        if (ev.kind == GDB_PKT_EV_ERROR) {
            size_t ml = strlen(ev.msg);
            check(ml > 0 && ml < GDB_PKT_MSG_LEN && !memchr(ev.msg, '\n', ml));
            continue;
        }
        if (ev.kind != GDB_PKT_EV_PACKET)
            continue;
        check(ev.len <= max && ev.data[ev.len] == 0);
        parse_all(ev.data, ev.len, max);
        /* Send it back, escaped and compressed, and decode that again. */
        check(gdb_pkt_send(&tx, ev.data, ev.len, GDB_SEND_BINARY | (events & 1 ? GDB_SEND_RLE : 0)) == 0);
        const uint8_t *o;
        size_t olen;
        gdb_pkt_output(&tx, &o, &olen);
        struct gdb_pkt_event bev;
        size_t u = gdb_pkt_feed(&back, o, olen, &bev);
        check(u == olen && bev.kind == GDB_PKT_EV_PACKET && bev.len == ev.len);
        check(memcmp(bev.data, ev.data, ev.len) == 0);
        gdb_pkt_output_done(&tx, olen);
        const uint8_t *bo;
        size_t bl;
        gdb_pkt_output(&back, &bo, &bl);
        gdb_pkt_output_done(&back, bl);
        /* The command layer answers; '-' from the client may resend it. */
        gdb_pkt_send(&rx, "OK", 2, 0);
        if (ev.len == 15 && memcmp(ev.data, "QStartNoAckMode", 15) == 0)
            gdb_pkt_set_noack(&rx, true);
    }
    /* Only acks, naks and framed replies ever go out. */
    const uint8_t *o;
    size_t olen;
    gdb_pkt_output(&rx, &o, &olen);
    for (size_t i = 0; i < olen; i++) {
        if (o[i] == '$') {
            check(i + 6 <= olen && memcmp(o + i, "$OK#9a", 6) == 0);
            i += 5;
        } else {
            check(o[i] == '+' || o[i] == '-');
        }
    }
    free(copy);
    gdb_pkt_free(&rx);
    gdb_pkt_free(&tx);
    gdb_pkt_free(&back);
    return 0;
}
