/* The SQLite side of the trace file. */
#include <errno.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "trace/trace.h"

#define TRACE_MAGIC "rewind-trace"
#define TRACE_MAX_BLOB (1u << 30)

struct trace {
    sqlite3 *db;
    bool writable;
    char path[1024];
    /* Writing: the previous checkpoint's detail, which the next one is
     * stored against (see trace_checkpoint_add). */
    uint8_t *prev_detail;
    size_t prev_len;
    uint64_t prev_step;
    bool have_prev;
    sqlite3_stmt *trap_insert; /* rewind traps --sql inserts millions of rows */
};

static int fail(char *err, size_t errlen, const char *fmt, ...)
{
    if (err && errlen) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err, errlen, fmt, ap);
        va_end(ap);
    }
    return -1;
}

static const char schema[] =
    "CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);"
    "CREATE TABLE images(role TEXT NOT NULL, name TEXT NOT NULL, hash TEXT NOT NULL,"
    "  size INTEGER NOT NULL, data BLOB);"
    "CREATE TABLE inputs(first_step INTEGER NOT NULL, last_step INTEGER NOT NULL,"
    "  count INTEGER NOT NULL, data BLOB NOT NULL);"
    "CREATE TABLE checkpoints(step INTEGER PRIMARY KEY, hash TEXT NOT NULL, data BLOB NOT NULL);"
    "CREATE TABLE console(step INTEGER NOT NULL, data BLOB NOT NULL, lines BLOB);"
    "CREATE TABLE trap_counts(first_step INTEGER NOT NULL, last_step INTEGER NOT NULL,"
    "  hart INTEGER NOT NULL, interrupt INTEGER NOT NULL, cause INTEGER NOT NULL,"
    "  count INTEGER NOT NULL);";
/* No indexes: every table is written in step order, so rowid order is step
 * order and the tables are small; an index on console(step) was a third of
 * the console's cost. */

/* The full trap list, produced by replay on request (rewind traps --sql). */
static const char traps_schema[] =
    "DROP TABLE IF EXISTS traps;"
    "CREATE TABLE traps(step INTEGER NOT NULL, hart INTEGER NOT NULL, interrupt INTEGER NOT NULL,"
    "  cause INTEGER NOT NULL, pc INTEGER NOT NULL, tval INTEGER NOT NULL, priv INTEGER NOT NULL);";

static uint64_t scalar(struct trace *t, const char *sql);

static int exec(struct trace *t, const char *sql)
{
    return sqlite3_exec(t->db, sql, NULL, NULL, NULL) == SQLITE_OK ? 0 : -1;
}

struct trace *trace_create(const char *path, bool overwrite, char *err, size_t errlen)
{
    struct stat st;
    if (stat(path, &st) == 0) {
        if (!overwrite) {
            fail(err, errlen, "%s already exists (pass --force to overwrite it)", path);
            return NULL;
        }
        if (!S_ISREG(st.st_mode)) {
            fail(err, errlen, "%s exists and is not a regular file", path);
            return NULL;
        }
        char side[1100];
        unlink(path);
        snprintf(side, sizeof side, "%s-wal", path);
        unlink(side);
        snprintf(side, sizeof side, "%s-shm", path);
        unlink(side);
    }
    struct trace *t = calloc(1, sizeof *t);
    if (!t) {
        fail(err, errlen, "out of memory");
        return NULL;
    }
    snprintf(t->path, sizeof t->path, "%s", path);
    t->writable = true;
    if (sqlite3_open_v2(path, &t->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK) {
        fail(err, errlen, "%s: cannot create: %s", path, t->db ? sqlite3_errmsg(t->db) : "out of memory");
        trace_close(t);
        return NULL;
    }
    /* 1 KiB pages: most tables hold a few rows, and each costs at least a
     * page.  WAL + NORMAL: a killed recorder leaves every committed
     * transaction. */
    if (exec(t, "PRAGMA page_size=1024;") || exec(t, "PRAGMA journal_mode=WAL;") || exec(t, "PRAGMA synchronous=NORMAL;") ||
        exec(t, schema) || exec(t, "BEGIN;")) {
        fail(err, errlen, "%s: cannot initialise: %s", path, sqlite3_errmsg(t->db));
        trace_close(t);
        return NULL;
    }
    char v[16];
    snprintf(v, sizeof v, "%d", TRACE_FORMAT_VERSION);
    if (trace_meta_set(t, "magic", TRACE_MAGIC) || trace_meta_set(t, "format_version", v) ||
        trace_commit(t)) {
        fail(err, errlen, "%s: cannot write: %s", path, sqlite3_errmsg(t->db));
        trace_close(t);
        return NULL;
    }
    return t;
}

struct trace *trace_open(const char *path, char *err, size_t errlen)
{
    struct stat st;
    if (stat(path, &st) != 0) {
        fail(err, errlen, "%s: cannot open: %s", path, strerror(errno));
        return NULL;
    }
    if (!S_ISREG(st.st_mode)) {
        fail(err, errlen, "%s: not a regular file", path);
        return NULL;
    }
    if (st.st_size == 0) {
        fail(err, errlen, "%s: file is empty, not a rewind trace", path);
        return NULL;
    }
    FILE *f = fopen(path, "rb");
    char hdr[16] = {0};
    if (!f) {
        fail(err, errlen, "%s: cannot open: %s", path, strerror(errno));
        return NULL;
    }
    size_t got = fread(hdr, 1, sizeof hdr, f);
    fclose(f);
    if (got < 16 || memcmp(hdr, "SQLite format 3", 16) != 0) {
        fail(err, errlen, "%s: not a rewind trace (not an SQLite database)", path);
        return NULL;
    }
    struct trace *t = calloc(1, sizeof *t);
    if (!t) {
        fail(err, errlen, "out of memory");
        return NULL;
    }
    snprintf(t->path, sizeof t->path, "%s", path);
    /* Read-write open lets SQLite replay a WAL left by a killed recorder;
     * fall back to read-only for files we may not write. */
    if (sqlite3_open_v2(path, &t->db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK) {
        sqlite3_close(t->db);
        t->db = NULL;
        if (sqlite3_open_v2(path, &t->db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
            fail(err, errlen, "%s: cannot open: %s", path, t->db ? sqlite3_errmsg(t->db) : "out of memory");
            trace_close(t);
            return NULL;
        }
    }
    char magic[64], ver[32];
    if (trace_meta_get(t, "magic", magic, sizeof magic) || strcmp(magic, TRACE_MAGIC) != 0) {
        fail(err, errlen, "%s: not a rewind trace (an SQLite database without rewind's tables%s)",
             path, sqlite3_errcode(t->db) == SQLITE_CORRUPT || sqlite3_errcode(t->db) == SQLITE_NOTADB
                       ? ", or corrupt" : "");
        trace_close(t);
        return NULL;
    }
    if (trace_meta_get(t, "format_version", ver, sizeof ver)) {
        fail(err, errlen, "%s: trace has no format version", path);
        trace_close(t);
        return NULL;
    }
    long v = strtol(ver, NULL, 10);
    if (v > TRACE_FORMAT_VERSION) {
        fail(err, errlen, "%s: trace format version %ld is newer than this rewind reads (%d); "
                          "upgrade rewind", path, v, TRACE_FORMAT_VERSION);
        trace_close(t);
        return NULL;
    }
    if (v < 1) {
        fail(err, errlen, "%s: trace format version '%s' is not valid", path, ver);
        trace_close(t);
        return NULL;
    }
    if (v < TRACE_FORMAT_VERSION) {
        /* Version 1 kept one row per trap and spec-style PLIC gateways: its
         * machine would not replay the same, so there is nothing to migrate. */
        fail(err, errlen, "%s: trace format version %ld was written by an older rewind whose "
                          "machine differs (interrupt delivery); record it again", path, v);
        trace_close(t);
        return NULL;
    }
    /* Probe every table, so a damaged schema fails here with a clear word. */
    static const char *const tables[] = {"images", "inputs", "checkpoints", "console", "trap_counts"};
    for (size_t i = 0; i < sizeof tables / sizeof tables[0]; i++) {
        char sql[96];
        snprintf(sql, sizeof sql, "SELECT count(*) FROM %s;", tables[i]);
        if (exec(t, sql)) {
            fail(err, errlen, "%s: trace is damaged: table %s: %s", path, tables[i], sqlite3_errmsg(t->db));
            trace_close(t);
            return NULL;
        }
    }
    return t;
}

void trace_close(struct trace *t)
{
    if (!t)
        return;
    sqlite3_finalize(t->trap_insert);
    if (t->db) {
        if (t->writable)
            exec(t, "COMMIT;");
        sqlite3_close(t->db);
    }
    free(t->prev_detail);
    free(t);
}

int trace_write_begin(struct trace *t)
{
    if (exec(t, "BEGIN;"))
        return -1;
    t->writable = true;
    return 0;
}

int trace_commit(struct trace *t)
{
    return exec(t, "COMMIT;") || exec(t, "BEGIN;") ? -1 : 0;
}

int trace_meta_set(struct trace *t, const char *key, const char *value)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(t->db, "INSERT OR REPLACE INTO meta(key, value) VALUES(?, ?);", -1, &st, NULL))
        return -1;
    sqlite3_bind_text(st, 1, key, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 2, value, -1, SQLITE_TRANSIENT);
    int rc = sqlite3_step(st);
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? 0 : -1;
}

int trace_meta_get(struct trace *t, const char *key, char *buf, size_t len)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(t->db, "SELECT value FROM meta WHERE key = ?;", -1, &st, NULL))
        return -1;
    sqlite3_bind_text(st, 1, key, -1, SQLITE_TRANSIENT);
    int r = -1;
    if (sqlite3_step(st) == SQLITE_ROW) {
        const unsigned char *v = sqlite3_column_text(st, 0);
        if (v) {
            snprintf(buf, len, "%s", (const char *)v);
            r = 0;
        }
    }
    sqlite3_finalize(st);
    return r;
}

static int insert_blob_row(struct trace *t, const char *sql, const uint8_t *raw, size_t rawlen,
                           int nints, const int64_t *ints, const char *text)
{
    uint8_t *packed;
    size_t plen;
    if (trace_lz4_pack(raw, rawlen, &packed, &plen))
        return -1;
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(t->db, sql, -1, &st, NULL)) {
        free(packed);
        return -1;
    }
    int col = 1;
    for (int i = 0; i < nints; i++)
        sqlite3_bind_int64(st, col++, ints[i]);
    if (text)
        sqlite3_bind_text(st, col++, text, -1, SQLITE_TRANSIENT);
    sqlite3_bind_blob(st, col, packed, (int)plen, free);
    int rc = sqlite3_step(st);
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? 0 : -1;
}

int trace_image_add(struct trace *t, const char *role, const char *name, uint64_t hash,
                    const uint8_t *data, size_t size, bool embed)
{
    char hx[20];
    snprintf(hx, sizeof hx, "%016llx", (unsigned long long)hash);
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(t->db, "INSERT INTO images(role, name, hash, size, data) VALUES(?,?,?,?,?);",
                           -1, &st, NULL))
        return -1;
    sqlite3_bind_text(st, 1, role, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 2, name, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 3, hx, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 4, (int64_t)size);
    if (embed) {
        uint8_t *packed;
        size_t plen;
        if (trace_lz4_pack(data, size, &packed, &plen)) {
            sqlite3_finalize(st);
            return -1;
        }
        sqlite3_bind_blob(st, 5, packed, (int)plen, free);
    } else {
        sqlite3_bind_null(st, 5);
    }
    int rc = sqlite3_step(st);
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? 0 : -1;
}

int trace_inputs_add(struct trace *t, uint64_t first, uint64_t last, uint32_t count,
                     const uint8_t *raw, size_t rawlen)
{
    int64_t v[3] = {(int64_t)first, (int64_t)last, (int64_t)count};
    return insert_blob_row(t, "INSERT INTO inputs(first_step, last_step, count, data) VALUES(?,?,?,?);",
                           raw, rawlen, 3, v, NULL);
}

/* A detail image is stored XORed with the previous checkpoint's, then
 * LZ4-compressed: from one checkpoint to the next most of it (unwritten RAM
 * regions, devices, many CSRs) is unchanged, so the XOR is mostly zeros and
 * compresses to a few hundred bytes instead of kilobytes. */
static void xor_prev(uint8_t *out, const uint8_t *in, size_t len, const uint8_t *prev, size_t plen)
{
    for (size_t i = 0; i < len; i++)
        out[i] = in[i] ^ (i < plen ? prev[i] : 0);
}

int trace_checkpoint_add(struct trace *t, uint64_t step, uint64_t hash, const uint8_t *detail, size_t len)
{
    if (t->have_prev && step <= t->prev_step)
        return -1; /* checkpoints are written in step order, once each */
    char hx[20];
    snprintf(hx, sizeof hx, "%016llx", (unsigned long long)hash);
    int64_t v[1] = {(int64_t)step};
    uint8_t *delta = malloc(len ? len : 1);
    if (!delta)
        return -1;
    xor_prev(delta, detail, len, t->prev_detail, t->have_prev ? t->prev_len : 0);
    int r = insert_blob_row(t, "INSERT INTO checkpoints(step, hash, data) VALUES(?,?,?);",
                            delta, len, 1, v, hx);
    if (r == 0) {
        memcpy(delta, detail, len);
        free(t->prev_detail);
        t->prev_detail = delta;
        t->prev_len = len;
        t->prev_step = step;
        t->have_prev = true;
    } else {
        free(delta);
    }
    return r;
}

int trace_console_add(struct trace *t, uint64_t step, const uint8_t *data, size_t len,
                      const uint8_t *lines, size_t lines_len)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(t->db, "INSERT INTO console(step, data, lines) VALUES(?, ?, ?);", -1, &st, NULL))
        return -1;
    sqlite3_bind_int64(st, 1, (int64_t)step);
    sqlite3_bind_blob(st, 2, data, (int)len, SQLITE_TRANSIENT);
    if (lines && lines_len)
        sqlite3_bind_blob(st, 3, lines, (int)lines_len, SQLITE_TRANSIENT);
    else
        sqlite3_bind_null(st, 3);
    int rc = sqlite3_step(st);
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? 0 : -1;
}

int trace_trap_counts_add(struct trace *t, uint64_t first, uint64_t last, unsigned hart,
                          uint64_t cause, uint64_t count)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(t->db, "INSERT INTO trap_counts(first_step, last_step, hart, interrupt, "
                                  "cause, count) VALUES(?,?,?,?,?,?);", -1, &st, NULL))
        return -1;
    sqlite3_bind_int64(st, 1, (int64_t)first);
    sqlite3_bind_int64(st, 2, (int64_t)last);
    sqlite3_bind_int64(st, 3, hart);
    sqlite3_bind_int64(st, 4, (int64_t)(cause >> 63));
    sqlite3_bind_int64(st, 5, (int64_t)(cause & ~(1ull << 63)));
    sqlite3_bind_int64(st, 6, (int64_t)count);
    int rc = sqlite3_step(st);
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? 0 : -1;
}

int trace_snapshots_reset(struct trace *t)
{
    return exec(t, "DROP TABLE IF EXISTS snapshots;"
                   "CREATE TABLE snapshots(step INTEGER PRIMARY KEY, data BLOB NOT NULL);");
}

int trace_snapshot_add(struct trace *t, uint64_t step, const uint8_t *raw, size_t len)
{
    uint8_t *packed;
    size_t plen;
    if (trace_lz4_pack(raw, len, &packed, &plen))
        return -1;
    sqlite3_stmt *st;
    int rc = -1;
    if (sqlite3_prepare_v2(t->db, "INSERT INTO snapshots(step, data) VALUES(?, ?);", -1, &st, NULL) == SQLITE_OK) {
        sqlite3_bind_int64(st, 1, (int64_t)step);
        sqlite3_bind_blob(st, 2, packed, (int)plen, SQLITE_STATIC);
        rc = sqlite3_step(st) == SQLITE_DONE ? 0 : -1;
        sqlite3_finalize(st);
    }
    free(packed);
    return rc;
}

int trace_snapshots_each(struct trace *t, int (*fn)(void *, uint64_t, const uint8_t *, size_t), void *opaque,
                         char *err, size_t errlen)
{
    if (scalar(t, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'snapshots';") == 0)
        return 0;
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(t->db, "SELECT step, data FROM snapshots ORDER BY step;", -1, &st, NULL))
        return fail(err, errlen, "snapshots unreadable: %s", sqlite3_errmsg(t->db));
    int rc, stop = 0;
    while (!stop && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        int64_t step = sqlite3_column_int64(st, 0);
        uint8_t *raw;
        size_t len;
        if (step < 0 || sqlite3_column_type(st, 1) != SQLITE_BLOB ||
            trace_lz4_unpack(sqlite3_column_blob(st, 1), (size_t)sqlite3_column_bytes(st, 1), 1u << 30, &raw,
                             &len)) {
            sqlite3_finalize(st);
            return fail(err, errlen, "saved snapshot at step %lld is corrupt", (long long)step);
        }
        stop = fn(opaque, (uint64_t)step, raw, len);
        free(raw);
    }
    sqlite3_finalize(st);
    if (!stop && rc != SQLITE_DONE)
        return fail(err, errlen, "snapshots unreadable: %s", sqlite3_errmsg(t->db));
    return 0;
}

int trace_traps_reset(struct trace *t)
{
    return exec(t, traps_schema);
}

int trace_trap_add(struct trace *t, uint64_t step, unsigned hart, uint64_t cause, uint64_t pc,
                   uint64_t tval, unsigned priv)
{
    if (!t->trap_insert &&
        sqlite3_prepare_v2(t->db, "INSERT INTO traps(step, hart, interrupt, cause, pc, tval, priv) "
                                  "VALUES(?,?,?,?,?,?,?);", -1, &t->trap_insert, NULL))
        return -1;
    sqlite3_stmt *st = t->trap_insert;
    sqlite3_reset(st);
    sqlite3_bind_int64(st, 1, (int64_t)step);
    sqlite3_bind_int64(st, 2, hart);
    sqlite3_bind_int64(st, 3, (int64_t)(cause >> 63));
    sqlite3_bind_int64(st, 4, (int64_t)(cause & ~(1ull << 63)));
    sqlite3_bind_int64(st, 5, (int64_t)pc);
    sqlite3_bind_int64(st, 6, (int64_t)tval);
    sqlite3_bind_int64(st, 7, priv);
    return sqlite3_step(st) == SQLITE_DONE ? 0 : -1;
}

/* ---- reading ---- */

static int parse_hash(const unsigned char *s, uint64_t *out)
{
    if (!s || strlen((const char *)s) != 16)
        return -1;
    char *end;
    unsigned long long v = strtoull((const char *)s, &end, 16);
    if (*end)
        return -1;
    *out = v;
    return 0;
}

void trace_images_free(struct trace_image *imgs, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(imgs[i].data);
    free(imgs);
}

int trace_images(struct trace *t, struct trace_image **out, size_t *n, char *err, size_t errlen)
{
    *out = NULL;
    *n = 0;
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(t->db, "SELECT role, name, hash, size, data FROM images ORDER BY rowid;", -1, &st, NULL))
        return fail(err, errlen, "images table unreadable: %s", sqlite3_errmsg(t->db));
    struct trace_image *v = NULL;
    size_t cnt = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        struct trace_image *nv = realloc(v, (cnt + 1) * sizeof *v);
        if (!nv)
            goto bad;
        v = nv;
        struct trace_image *im = &v[cnt++];
        memset(im, 0, sizeof *im);
        const unsigned char *role = sqlite3_column_text(st, 0), *name = sqlite3_column_text(st, 1);
        snprintf(im->role, sizeof im->role, "%s", role ? (const char *)role : "");
        snprintf(im->name, sizeof im->name, "%s", name ? (const char *)name : "");
        int64_t size = sqlite3_column_int64(st, 3);
        if (parse_hash(sqlite3_column_text(st, 2), &im->hash) || size < 0) {
            fail(err, errlen, "image %s: malformed hash or size in the trace", im->role);
            goto bad_msg;
        }
        im->size = (uint64_t)size;
        if (sqlite3_column_type(st, 4) == SQLITE_BLOB) {
            size_t got;
            if (trace_lz4_unpack(sqlite3_column_blob(st, 4), (size_t)sqlite3_column_bytes(st, 4),
                                 TRACE_MAX_BLOB, &im->data, &got) || got != im->size) {
                fail(err, errlen, "image %s (%s): embedded data is corrupt", im->role, im->name);
                goto bad_msg;
            }
        }
    }
    if (rc != SQLITE_DONE)
        goto bad;
    sqlite3_finalize(st);
    *out = v;
    *n = cnt;
    return 0;
bad:
    fail(err, errlen, "images table unreadable: %s", sqlite3_errmsg(t->db));
bad_msg:
    sqlite3_finalize(st);
    trace_images_free(v, cnt);
    return -1;
}

struct trace_cursor {
    sqlite3_stmt *st;
};

struct trace_cursor *trace_inputs_cursor(struct trace *t)
{
    struct trace_cursor *c = calloc(1, sizeof *c);
    if (!c)
        return NULL;
    if (sqlite3_prepare_v2(t->db, "SELECT count, data FROM inputs ORDER BY rowid;", -1, &c->st, NULL)) {
        free(c);
        return NULL;
    }
    return c;
}

int trace_inputs_next(struct trace_cursor *c, uint8_t **raw, size_t *len, uint32_t *count,
                      char *err, size_t errlen)
{
    int rc = sqlite3_step(c->st);
    if (rc == SQLITE_DONE)
        return 0;
    if (rc != SQLITE_ROW)
        return fail(err, errlen, "input log unreadable: %s", sqlite3_errmsg(sqlite3_db_handle(c->st)));
    int64_t cnt = sqlite3_column_int64(c->st, 0);
    if (cnt < 0 || cnt > UINT32_MAX || sqlite3_column_type(c->st, 1) != SQLITE_BLOB)
        return fail(err, errlen, "input log chunk is malformed");
    if (trace_lz4_unpack(sqlite3_column_blob(c->st, 1), (size_t)sqlite3_column_bytes(c->st, 1),
                         TRACE_MAX_BLOB, raw, len))
        return fail(err, errlen, "input log chunk is corrupt (LZ4 data does not decode)");
    *count = (uint32_t)cnt;
    return 1;
}

void trace_cursor_free(struct trace_cursor *c)
{
    if (!c)
        return;
    sqlite3_finalize(c->st);
    free(c);
}

void trace_checkpoints_free(struct trace_checkpoint *c, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(c[i].detail);
    free(c);
}

int trace_checkpoints(struct trace *t, struct trace_checkpoint **out, size_t *n, char *err, size_t errlen)
{
    *out = NULL;
    *n = 0;
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(t->db, "SELECT step, hash, data FROM checkpoints ORDER BY step;", -1, &st, NULL))
        return fail(err, errlen, "checkpoints unreadable: %s", sqlite3_errmsg(t->db));
    struct trace_checkpoint *v = NULL;
    size_t cnt = 0;
    int rc;
    /* Each detail is stored against the previous one (trace_checkpoint_add). */
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        struct trace_checkpoint *nv = realloc(v, (cnt + 1) * sizeof *v);
        if (!nv)
            break;
        v = nv;
        struct trace_checkpoint *c = &v[cnt];
        memset(c, 0, sizeof *c);
        int64_t step = sqlite3_column_int64(st, 0);
        if (step < 0 || parse_hash(sqlite3_column_text(st, 1), &c->hash) ||
            sqlite3_column_type(st, 2) != SQLITE_BLOB ||
            trace_lz4_unpack(sqlite3_column_blob(st, 2), (size_t)sqlite3_column_bytes(st, 2),
                             64u << 20, &c->detail, &c->len)) {
            sqlite3_finalize(st);
            trace_checkpoints_free(v, cnt);
            return fail(err, errlen, "checkpoint %lld is corrupt", (long long)step);
        }
        c->step = (uint64_t)step;
        if (cnt > 0)
            xor_prev(c->detail, c->detail, c->len, v[cnt - 1].detail, v[cnt - 1].len);
        cnt++;
    }
    if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
        sqlite3_finalize(st);
        trace_checkpoints_free(v, cnt);
        return fail(err, errlen, "checkpoints unreadable: %s", sqlite3_errmsg(t->db));
    }
    sqlite3_finalize(st);
    *out = v;
    *n = cnt;
    return 0;
}

/* A LEB128 varint from [*p, end); 0 when malformed or truncated. */
static int get_varint(const uint8_t **p, const uint8_t *end, uint64_t *v)
{
    *v = 0;
    for (unsigned shift = 0; shift < 64; shift += 7) {
        if (*p == end)
            return 0;
        uint8_t b = *(*p)++;
        *v |= (uint64_t)(b & 0x7f) << shift;
        if (!(b & 0x80))
            return 1;
    }
    return 0;
}

/* One row's pieces: (step delta, length) varint pairs, the first delta
 * from the row's step; NULL `lines` means a single piece.  The whole row is
 * checked before any piece is handed out. */
static int console_row(uint64_t step, const uint8_t *data, size_t len, const uint8_t *lines,
                       size_t nlines, int (*fn)(void *, uint64_t, const uint8_t *, size_t),
                       void *opaque, int *stop)
{
    if (!lines) {
        *stop = fn(opaque, step, data, len);
        return 0;
    }
    for (int pass = 0; pass < 2; pass++) {
        const uint8_t *p = lines, *end = lines + nlines;
        uint64_t at = step;
        size_t off = 0;
        while (p < end) {
            uint64_t delta, n;
            if (!get_varint(&p, end, &delta) || !get_varint(&p, end, &n) || n > len - off ||
                delta > UINT64_MAX - at)
                return -1;
            at += delta;
            if (pass == 1 && (*stop = fn(opaque, at, data + off, (size_t)n)))
                return 0;
            off += (size_t)n;
        }
        if (off != len)
            return -1;
    }
    return 0;
}

int trace_console_each(struct trace *t, int (*fn)(void *, uint64_t, const uint8_t *, size_t),
                       void *opaque, char *err, size_t errlen)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(t->db, "SELECT step, data, lines FROM console ORDER BY rowid;", -1, &st, NULL))
        return fail(err, errlen, "console table unreadable: %s", sqlite3_errmsg(t->db));
    int rc, stop = 0;
    while (!stop && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        const uint8_t *b = sqlite3_column_blob(st, 1);
        size_t n = b ? (size_t)sqlite3_column_bytes(st, 1) : 0;
        const uint8_t *l = sqlite3_column_blob(st, 2);
        size_t nl = l ? (size_t)sqlite3_column_bytes(st, 2) : 0;
        int64_t step = sqlite3_column_int64(st, 0);
        if (step < 0 || console_row((uint64_t)step, b, n, l, nl, fn, opaque, &stop)) {
            sqlite3_finalize(st);
            return fail(err, errlen, "console row at step %lld is corrupt", (long long)step);
        }
    }
    sqlite3_finalize(st);
    if (!stop && rc != SQLITE_DONE)
        return fail(err, errlen, "console table unreadable: %s", sqlite3_errmsg(t->db));
    return 0;
}

static uint64_t scalar(struct trace *t, const char *sql)
{
    sqlite3_stmt *st;
    uint64_t v = 0;
    if (sqlite3_prepare_v2(t->db, sql, -1, &st, NULL) == SQLITE_OK) {
        if (sqlite3_step(st) == SQLITE_ROW)
            v = (uint64_t)sqlite3_column_int64(st, 0);
        sqlite3_finalize(st);
    }
    return v;
}

int trace_stats(struct trace *t, struct trace_stats *s)
{
    memset(s, 0, sizeof *s);
    s->input_chunks = scalar(t, "SELECT count(*) FROM inputs;");
    s->input_records = scalar(t, "SELECT coalesce(sum(count),0) FROM inputs;");
    s->input_bytes_stored = scalar(t, "SELECT coalesce(sum(length(data)),0) FROM inputs;");
    s->checkpoints = scalar(t, "SELECT count(*) FROM checkpoints;");
    s->console_rows = scalar(t, "SELECT count(*) FROM console;");
    s->console_bytes = scalar(t, "SELECT coalesce(sum(length(data)),0) FROM console;");
    s->traps = scalar(t, "SELECT coalesce(sum(count),0) FROM trap_counts;");
    s->trap_count_rows = scalar(t, "SELECT count(*) FROM trap_counts;");
    s->checkpoint_bytes = scalar(t, "SELECT coalesce(sum(length(data)),0) FROM checkpoints;");
    s->image_bytes = scalar(t, "SELECT coalesce(sum(length(data)),0) FROM images;");
    if (scalar(t, "SELECT count(*) FROM sqlite_master WHERE name = 'traps';"))
        s->traps_listed = scalar(t, "SELECT count(*) FROM traps;");
    if (scalar(t, "SELECT count(*) FROM sqlite_master WHERE name = 'snapshots';")) {
        s->snapshots = scalar(t, "SELECT count(*) FROM snapshots;");
        s->snapshot_bytes = scalar(t, "SELECT coalesce(sum(length(data)),0) FROM snapshots;");
    }
    struct stat st;
    if (stat(t->path, &st) == 0)
        s->file_size = (uint64_t)st.st_size;
    char side[1100];
    snprintf(side, sizeof side, "%s-wal", t->path);
    if (stat(side, &st) == 0)
        s->file_size += (uint64_t)st.st_size;
    return 0;
}
