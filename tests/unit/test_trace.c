/* The trace layer and the input log: LZ4 framing, chunk records, schema and
 * version checks, and every malformed-input path returning an error. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "tests/unit/test_files.h"
#include <sqlite3.h>

#include "replay/rr.h"
#include "trace/trace.h"

static char tmpl[64];

static const char *tmp_path(void)
{
    snprintf(tmpl, sizeof tmpl, "/tmp/rewind-test-trace-%d.rwd", (int)getpid());
    unlink(tmpl);
    return tmpl;
}

static void test_lz4_roundtrip_and_corruption(void **state)
{
    (void)state;
    uint8_t in[5000];
    for (size_t i = 0; i < sizeof in; i++)
        in[i] = (uint8_t)(i % 7 == 0 ? i : 'a');
    uint8_t *packed, *out;
    size_t plen, olen;
    assert_int_equal(trace_lz4_pack(in, sizeof in, &packed, &plen), 0);
    assert_true(plen < sizeof in); /* it compresses */
    assert_int_equal(trace_lz4_unpack(packed, plen, 1 << 20, &out, &olen), 0);
    assert_int_equal(olen, sizeof in);
    assert_memory_equal(out, in, sizeof in);
    free(out);
    /* size cap */
    assert_int_equal(trace_lz4_unpack(packed, plen, 100, &out, &olen), -1);
    /* truncated block */
    assert_int_equal(trace_lz4_unpack(packed, plen / 2, 1 << 20, &out, &olen), -1);
    /* header says more than the block holds */
    packed[0] ^= 0x10;
    assert_int_equal(trace_lz4_unpack(packed, plen, 1 << 20, &out, &olen), -1);
    /* too short for a header */
    assert_int_equal(trace_lz4_unpack(packed, 3, 1 << 20, &out, &olen), -1);
    free(packed);
    /* empty payload round trip */
    assert_int_equal(trace_lz4_pack(in, 0, &packed, &plen), 0);
    assert_int_equal(trace_lz4_unpack(packed, plen, 10, &out, &olen), 0);
    assert_int_equal(olen, 0);
    free(out);
    free(packed);
}

static void test_record_decoding(void **state)
{
    (void)state;
    uint8_t rec[13 + 3] = {0};
    rec[0] = 0x34; rec[1] = 0x12;   /* step 0x1234 */
    rec[8] = RR_CONSOLE;
    rec[9] = 3;                     /* len 3 */
    memcpy(rec + 13, "abc", 3);
    uint64_t step;
    uint8_t kind;
    uint32_t len;
    const uint8_t *data;
    assert_int_equal(rr_decode_record(rec, sizeof rec, &step, &kind, &len, &data), 16);
    assert_int_equal(step, 0x1234);
    assert_int_equal(kind, RR_CONSOLE);
    assert_memory_equal(data, "abc", 3);
    /* length beyond the buffer */
    assert_int_equal(rr_decode_record(rec, sizeof rec - 1, &step, &kind, &len, &data), 0);
    /* unknown kind */
    rec[8] = 77;
    assert_int_equal(rr_decode_record(rec, sizeof rec, &step, &kind, &len, &data), 0);
    rec[8] = 0;
    assert_int_equal(rr_decode_record(rec, sizeof rec, &step, &kind, &len, &data), 0);
    /* short header */
    assert_int_equal(rr_decode_record(rec, 12, &step, &kind, &len, &data), 0);
}

struct pieces {
    unsigned n;
    uint64_t step[8];
    char text[8][16];
};

static int collect_piece(void *opaque, uint64_t step, const uint8_t *data, size_t len)
{
    struct pieces *p = opaque;
    if (p->n < 8 && len < 16) {
        p->step[p->n] = step;
        memcpy(p->text[p->n], data, len);
        p->text[p->n][len] = 0;
        p->n++;
    }
    return 0;
}

static void test_write_then_read(void **state)
{
    (void)state;
    const char *p = tmp_path();
    char err[TRACE_ERR_LEN];
    struct trace *t = trace_create(p, false, err, sizeof err);
    assert_non_null(t);
    assert_int_equal(trace_meta_set(t, "config.nharts", "3"), 0);
    uint8_t img[100];
    memset(img, 7, sizeof img);
    assert_int_equal(trace_image_add(t, "kernel", "k.elf", 0x1122334455667788ull, img, sizeof img, true), 0);
    assert_int_equal(trace_image_add(t, "drive0", "d.img", 0xabcull, img, sizeof img, false), 0);
    /* an input chunk written through the recorder's encoding */
    struct rr_log l;
    rr_init(&l, RR_RECORD, t);
    struct sbuf *c = &l.chunk;
    put_u64(c, 10); put_u8(c, RR_CONSOLE); put_u32(c, 2); put_bytes(c, "hi", 2);
    put_u64(c, 20); put_u8(c, RR_ENTROPY); put_u32(c, 4); put_bytes(c, "\1\2\3\4", 4);
    l.chunk_count = 2;
    l.chunk_first = 10;
    l.chunk_last = 20;
    assert_int_equal(rr_flush(&l), 0);
    rr_free(&l);
    assert_int_equal(trace_checkpoint_add(t, 0, 0xdeadbeefull, img, 10), 0);
    /* Each detail is stored against the previous one: lengths may change. */
    uint8_t d2[14], d3[6];
    for (unsigned i = 0; i < sizeof d2; i++)
        d2[i] = (uint8_t)(i < 10 ? img[i] ^ (i == 3) : 0xa0 + i);
    memcpy(d3, "\x00\xff\x01\xfe\x02\xfd", 6);
    assert_int_equal(trace_checkpoint_add(t, 100, 2, d2, sizeof d2), 0);
    assert_int_equal(trace_checkpoint_add(t, 200, 3, d3, sizeof d3), 0);
    assert_int_equal(trace_checkpoint_add(t, 200, 4, d3, sizeof d3), -1); /* not after the last */
    assert_int_equal(trace_trap_counts_add(t, 0, 100, 1, (1ull << 63) | 9, 42), 0);
    assert_int_equal(trace_console_add(t, 5, (const uint8_t *)"hello\n", 6, NULL, 0), 0);
    /* Three pieces in one row: "ab\n" at 40, "cd\n" at 40 + 300, "e" at 40 + 300 + 2. */
    static const uint8_t lines[] = {0, 3, 0xac, 0x02, 3, 2, 1};
    assert_int_equal(trace_console_add(t, 40, (const uint8_t *)"ab\ncd\ne", 7, lines, sizeof lines), 0);
    static const uint8_t bad[] = {0, 3, 0xac, 0x02, 3, 2, 9}; /* lengths past the data */
    assert_int_equal(trace_console_add(t, 50, (const uint8_t *)"ab\ncd\ne", 7, bad, sizeof bad), 0);
    assert_int_equal(trace_commit(t), 0);
    trace_close(t);

    t = trace_open(p, err, sizeof err);
    assert_non_null(t);
    char v[32];
    assert_int_equal(trace_meta_get(t, "config.nharts", v, sizeof v), 0);
    assert_string_equal(v, "3");
    assert_int_equal(trace_meta_get(t, "no.such.key", v, sizeof v), -1);
    struct trace_image *imgs;
    size_t n;
    assert_int_equal(trace_images(t, &imgs, &n, err, sizeof err), 0);
    assert_int_equal(n, 2);
    assert_string_equal(imgs[0].role, "kernel");
    assert_int_equal(imgs[0].hash, 0x1122334455667788ull);
    assert_non_null(imgs[0].data);
    assert_memory_equal(imgs[0].data, img, sizeof img);
    assert_null(imgs[1].data); /* stored by path */
    trace_images_free(imgs, n);
    rr_init(&l, RR_REPLAY, t);
    assert_int_equal(rr_load(&l, err, sizeof err), 0);
    assert_int_equal(l.nentries, 2);
    assert_int_equal(l.entries[1].step, 20);
    assert_int_equal(l.entries[1].kind, RR_ENTROPY);
    assert_int_equal(rr_next_push(&l), 10); /* the console byte is the next pushed input */
    rr_free(&l);
    struct trace_checkpoint *ck;
    assert_int_equal(trace_checkpoints(t, &ck, &n, err, sizeof err), 0);
    assert_int_equal(n, 3);
    assert_int_equal(ck[0].hash, 0xdeadbeefull);
    assert_int_equal(ck[0].len, 10);
    assert_memory_equal(ck[0].detail, img, 10);
    assert_int_equal(ck[1].step, 100);
    assert_int_equal(ck[1].len, sizeof d2);
    assert_memory_equal(ck[1].detail, d2, sizeof d2);
    assert_int_equal(ck[2].len, sizeof d3);
    assert_memory_equal(ck[2].detail, d3, sizeof d3);
    trace_checkpoints_free(ck, n);
    struct pieces got = {0};
    assert_int_equal(trace_console_each(t, collect_piece, &got, err, sizeof err), -1);
    assert_non_null(strstr(err, "step 50 is corrupt")); /* the row whose lengths lie */
    assert_int_equal(got.n, 4);
    static const uint64_t want_step[] = {5, 40, 340, 342};
    static const char *const want_text[] = {"hello\n", "ab\n", "cd\n", "e"};
    for (int i = 0; i < 4; i++) {
        assert_int_equal(got.step[i], want_step[i]);
        assert_string_equal(got.text[i], want_text[i]);
    }
    struct trace_stats st;
    assert_int_equal(trace_stats(t, &st), 0);
    assert_int_equal(st.traps, 42);
    assert_int_equal(st.trap_count_rows, 1);
    assert_int_equal(st.traps_listed, 0);
    /* The trap list, materialised on request, splits interrupt and cause. */
    assert_int_equal(trace_write_begin(t), 0);
    assert_int_equal(trace_traps_reset(t), 0);
    assert_int_equal(trace_trap_add(t, 7, 0, (1ull << 63) | 5, 0x80000000ull, 0, 1), 0);
    assert_int_equal(trace_trap_add(t, 9, 0, 13, 0xffffffff80001000ull, 0x1234, 0), 0);
    assert_int_equal(trace_commit(t), 0);
    assert_int_equal(trace_stats(t, &st), 0);
    assert_int_equal(st.traps_listed, 2);
    trace_close(t);
    unlink(p);
}

static void corrupt_sql(const char *p, const char *sql)
{
    sqlite3 *db;
    assert_int_equal(sqlite3_open(p, &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
}

static void make_minimal(const char *p)
{
    char err[TRACE_ERR_LEN];
    struct trace *t = trace_create(p, true, err, sizeof err);
    assert_non_null(t);
    struct rr_log l;
    rr_init(&l, RR_RECORD, t);
    put_u64(&l.chunk, 1); put_u8(&l.chunk, RR_CONSOLE); put_u32(&l.chunk, 1); put_u8(&l.chunk, 'x');
    l.chunk_count = 1;
    assert_int_equal(rr_flush(&l), 0);
    rr_free(&l);
    trace_close(t);
}

static void test_schema_and_corruption_errors(void **state)
{
    (void)state;
    const char *p = tmp_path();
    char err[TRACE_ERR_LEN];
    /* refusing to overwrite */
    make_minimal(p);
    assert_null(trace_create(p, false, err, sizeof err));
    assert_non_null(strstr(err, "already exists"));
    /* newer version */
    corrupt_sql(p, "UPDATE meta SET value='3' WHERE key='format_version'");
    assert_null(trace_open(p, err, sizeof err));
    assert_non_null(strstr(err, "newer"));
    /* older: version 1 kept a row per trap and another PLIC */
    corrupt_sql(p, "UPDATE meta SET value='1' WHERE key='format_version'");
    assert_null(trace_open(p, err, sizeof err));
    assert_non_null(strstr(err, "older rewind"));
    /* missing magic: SQLite without our schema */
    make_minimal(p);
    corrupt_sql(p, "DELETE FROM meta WHERE key='magic'");
    assert_null(trace_open(p, err, sizeof err));
    assert_non_null(strstr(err, "not a rewind trace"));
    /* a dropped table */
    make_minimal(p);
    corrupt_sql(p, "DROP TABLE trap_counts");
    assert_null(trace_open(p, err, sizeof err));
    assert_non_null(strstr(err, "trap_counts"));
    /* chunk whose record count lies */
    make_minimal(p);
    corrupt_sql(p, "UPDATE inputs SET count = 5");
    struct trace *t = trace_open(p, err, sizeof err);
    assert_non_null(t);
    struct rr_log l;
    rr_init(&l, RR_REPLAY, t);
    assert_int_equal(rr_load(&l, err, sizeof err), -1);
    assert_non_null(strstr(err, "corrupt"));
    rr_free(&l);
    trace_close(t);
    /* chunk that is not LZ4 */
    make_minimal(p);
    corrupt_sql(p, "UPDATE inputs SET data = X'05000000ffffffff'");
    t = trace_open(p, err, sizeof err);
    assert_non_null(t);
    rr_init(&l, RR_REPLAY, t);
    assert_int_equal(rr_load(&l, err, sizeof err), -1);
    rr_free(&l);
    trace_close(t);
    /* not SQLite at all */
    FILE *f = fopen(p, "w");
    fputs("just some text, long enough to look like a header", f);
    fclose(f);
    assert_null(trace_open(p, err, sizeof err));
    assert_non_null(strstr(err, "not a rewind trace"));
    /* empty */
    f = fopen(p, "w");
    fclose(f);
    assert_null(trace_open(p, err, sizeof err));
    assert_non_null(strstr(err, "empty"));
    test_unlink_trace(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lz4_roundtrip_and_corruption),
        cmocka_unit_test(test_record_decoding),
        cmocka_unit_test(test_write_then_read),
        cmocka_unit_test(test_schema_and_corruption_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
