#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>

#include "replay/rr.h"

#include "isa/riscv/debug_write.h"
#include "trace/trace.h"

#define RR_CHUNK_BYTES (64u << 10)
#define RR_MAX_RECORD (16u << 20)

const char *rr_kind_name(unsigned kind)
{
    switch (kind) {
    case RR_CONSOLE: return "console";
    case RR_ENTROPY: return "entropy";
    case RR_RTC: return "rtc";
    case RR_NET: return "net";
    case RR_DEBUG: return "debugger";
    default: return "unknown";
    }
}

static bool is_pull(unsigned kind) { return kind == RR_ENTROPY || kind == RR_RTC; }

void rr_init(struct rr_log *l, enum rr_mode mode, struct trace *t)
{
    memset(l, 0, sizeof *l);
    l->mode = mode;
    l->trace = t;
    sbuf_init(&l->chunk);
}

void rr_attach(struct rr_log *l, struct machine *m) { l->m = m; }

void rr_keep_history(struct rr_log *l) { l->history = true; }

void rr_set_behind(struct rr_log *l, bool behind)
{
    l->behind = behind && l->history;
    if (!l->behind) /* at the newest position every input is in the past */
        l->push_next = l->pull_next = l->nentries;
}

/* Replay semantics: a replay, or a live session behind its newest position. */
static bool replaying(const struct rr_log *l)
{
    return l->mode == RR_REPLAY || l->behind;
}

/* Append a record to the in-memory log (a loaded replay, or a live
 * session's history).  0, or -1 when out of memory. */
static int entry_add(struct rr_log *l, uint64_t step, unsigned kind, const void *data, uint32_t len)
{
    if (l->nentries == l->entries_cap) {
        size_t cap = l->entries_cap ? 2 * l->entries_cap : 64;
        struct rr_entry *ne = realloc(l->entries, cap * sizeof *ne);
        if (!ne)
            return -1;
        l->entries = ne;
        l->entries_cap = cap;
    }
    if (l->payload_len + len + 1 > l->payload_cap) {
        size_t cap = 2 * (l->payload_len + len + 1) + 4096;
        uint8_t *np = realloc(l->payload, cap);
        if (!np)
            return -1;
        l->payload = np;
        l->payload_cap = cap;
    }
    memcpy(l->payload + l->payload_len, data, len);
    l->entries[l->nentries++] = (struct rr_entry){step, (uint8_t)kind, len, l->payload_len};
    l->payload_len += len;
    return 0;
}

static int history_add(struct rr_log *l, uint64_t step, unsigned kind, const void *data, uint32_t len)
{
    if (entry_add(l, step, kind, data, len))
        return -1;
    l->push_next = l->pull_next = l->nentries; /* it is in the past already */
    return 0;
}

void rr_free(struct rr_log *l)
{
    sbuf_free(&l->chunk);
    free(l->entries);
    free(l->payload);
    l->entries = NULL;
    l->payload = NULL;
}

static void diverge(struct rr_log *l, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void diverge(struct rr_log *l, const char *fmt, ...)
{
    if (l->diverged)
        return;
    l->diverged = true;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(l->why, sizeof l->why, fmt, ap);
    va_end(ap);
    if (l->m)
        machine_request_stop(l->m);
}

/* ---- recording ---- */

static void append(struct rr_log *l, uint64_t step, unsigned kind, const void *data, uint32_t len)
{
    if (l->chunk_count == 0)
        l->chunk_first = step;
    l->chunk_last = step;
    l->chunk_count++;
    put_u64(&l->chunk, step);
    put_u8(&l->chunk, (uint8_t)kind);
    put_u32(&l->chunk, len);
    put_bytes(&l->chunk, data, len);
    if (kind < 8)
        l->counts[kind]++;
    if (l->chunk.len >= RR_CHUNK_BYTES)
        rr_flush(l);
}

int rr_flush(struct rr_log *l)
{
    if (l->mode != RR_RECORD || l->chunk_count == 0)
        return 0;
    int r = l->chunk.oom ? -1
                         : trace_inputs_add(l->trace, l->chunk_first, l->chunk_last, l->chunk_count,
                                            l->chunk.data, l->chunk.len);
    sbuf_reset(&l->chunk);
    l->chunk_count = 0;
    return r;
}

/* Host sources of pulled inputs: the only places rewind asks the host for
 * something nondeterministic. */
static int host_pull(enum dev_input_kind kind, void *buf, size_t len)
{
    if (kind == DEV_INPUT_RTC) {
        struct timespec ts;
        clock_gettime(CLOCK_REALTIME, &ts);
        uint64_t ns = (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
        uint8_t b[8];
        for (int i = 0; i < 8; i++)
            b[i] = (uint8_t)(ns >> (8 * i));
        memset(buf, 0, len);
        memcpy(buf, b, len < 8 ? len : 8);
        return 0;
    }
    size_t got = 0;
    while (got < len) {
        ssize_t n = getrandom((uint8_t *)buf + got, len - got, 0);
        if (n <= 0)
            return -1;
        got += (size_t)n;
    }
    return 0;
}

int rr_pull(void *opaque, enum dev_input_kind kind, void *buf, size_t len)
{
    struct rr_log *l = opaque;
    uint64_t pos = machine_position(l->m);
    if (len > RR_MAX_RECORD)
        return -1;
    if (!replaying(l)) {
        if (host_pull(kind, buf, len))
            return -1;
        if (l->mode == RR_RECORD)
            append(l, pos, kind, buf, (uint32_t)len);
        if (l->history && history_add(l, pos, kind, buf, (uint32_t)len))
            return -1;
        return 0;
    }
    if (l->diverged)
        return -1;
    while (l->pull_next < l->nentries && !is_pull(l->entries[l->pull_next].kind))
        l->pull_next++;
    if (l->pull_next == l->nentries) {
        diverge(l, "at step %llu the guest asked for %zu bytes of %s input, but the recording has no more",
                (unsigned long long)pos, len, rr_kind_name(kind));
        return -1;
    }
    const struct rr_entry *e = &l->entries[l->pull_next];
    if (e->kind != kind || e->len != len || e->step != pos) {
        diverge(l, "at step %llu the guest asked for %zu bytes of %s input; the recording has %u bytes "
                   "of %s input at step %llu",
                (unsigned long long)pos, len, rr_kind_name(kind), e->len, rr_kind_name(e->kind),
                (unsigned long long)e->step);
        return -1;
    }
    memcpy(buf, l->payload + e->off, len);
    l->pull_next++;
    return 0;
}

size_t rr_console_push(struct rr_log *l, const uint8_t *buf, size_t n)
{
    if (replaying(l) || n == 0)
        return 0;
    size_t took = machine_console_input(l->m, buf, n);
    if (l->mode == RR_RECORD && took)
        append(l, l->m->steps, RR_CONSOLE, buf, (uint32_t)took);
    if (l->history && took && history_add(l, l->m->steps, RR_CONSOLE, buf, (uint32_t)took))
        return 0; /* out of memory: the bytes went in but cannot be replayed */
    return took;
}

int rr_debug_push(struct rr_log *l, const uint8_t *rec, size_t len)
{
    if (replaying(l) || len > RR_MAX_RECORD || debug_write_apply(l->m, rec, len))
        return -1;
    if (l->mode == RR_RECORD)
        append(l, l->m->steps, RR_DEBUG, rec, (uint32_t)len);
    if (l->history && history_add(l, l->m->steps, RR_DEBUG, rec, (uint32_t)len))
        return -1;
    return 0;
}

void rr_truncate(struct rr_log *l, uint64_t step)
{
    size_t cut = 0;
    while (cut < l->nentries && l->entries[cut].step < step)
        cut++;
    while (cut < l->nentries && l->entries[cut].step == step && !is_pull(l->entries[cut].kind))
        cut++;
    if (cut < l->nentries)
        l->payload_len = l->entries[cut].off;
    l->nentries = cut;
    rr_set_behind(l, false);
}

/* ---- replaying ---- */

size_t rr_decode_record(const uint8_t *p, size_t len, uint64_t *step, uint8_t *kind,
                        uint32_t *dlen, const uint8_t **data)
{
    if (len < 13)
        return 0;
    struct sreader r;
    sreader_init(&r, p, len);
    *step = get_u64(&r);
    *kind = get_u8(&r);
    *dlen = get_u32(&r);
    if (*dlen > RR_MAX_RECORD || *dlen > len - 13 || *kind == 0 || *kind > RR_DEBUG)
        return 0;
    *data = p + 13;
    return 13 + (size_t)*dlen;
}

int rr_load(struct rr_log *l, char *err, size_t errlen)
{
    struct trace_cursor *c = trace_inputs_cursor(l->trace);
    if (!c) {
        snprintf(err, errlen, "input log unreadable");
        return -1;
    }
    uint64_t last_step = 0;
    for (;;) {
        uint8_t *raw;
        size_t len;
        uint32_t count;
        int r = trace_inputs_next(c, &raw, &len, &count, err, errlen);
        if (r == 0)
            break;
        if (r < 0) {
            trace_cursor_free(c);
            return -1;
        }
        size_t off = 0;
        uint32_t seen = 0;
        while (off < len) {
            uint64_t step;
            uint8_t kind;
            uint32_t dlen;
            const uint8_t *data;
            size_t used = rr_decode_record(raw + off, len - off, &step, &kind, &dlen, &data);
            if (!used || step < last_step) {
                snprintf(err, errlen, "input log is corrupt: bad record %zu in a chunk", (size_t)seen);
                free(raw);
                trace_cursor_free(c);
                return -1;
            }
            last_step = step;
            if (entry_add(l, step, kind, data, dlen)) {
                free(raw);
                trace_cursor_free(c);
                snprintf(err, errlen, "out of memory loading the input log");
                return -1;
            }
            if (kind < 8)
                l->counts[kind]++;
            off += used;
            seen++;
        }
        free(raw);
        if (seen != count) {
            snprintf(err, errlen, "input log is corrupt: a chunk says %u records but holds %u", count, seen);
            trace_cursor_free(c);
            return -1;
        }
    }
    trace_cursor_free(c);
    return 0;
}

static size_t next_push_index(const struct rr_log *l)
{
    size_t i = l->push_next;
    while (i < l->nentries && is_pull(l->entries[i].kind))
        i++;
    return i;
}

uint64_t rr_next_push(const struct rr_log *l)
{
    size_t i = next_push_index(l);
    return i < l->nentries ? l->entries[i].step : UINT64_MAX;
}

int rr_deliver_due(struct rr_log *l)
{
    for (;;) {
        size_t i = next_push_index(l);
        if (i == l->nentries || l->entries[i].step > l->m->steps)
            break;
        const struct rr_entry *e = &l->entries[i];
        if (e->step < l->m->steps) {
            diverge(l, "input at step %llu was missed (machine at %llu)", (unsigned long long)e->step,
                    (unsigned long long)l->m->steps);
            return -1;
        }
        if (e->kind == RR_DEBUG && debug_write_apply(l->m, l->payload + e->off, e->len)) {
            diverge(l, "at step %llu a debugger's recorded change does not apply", (unsigned long long)e->step);
            return -1;
        }
        if (e->kind == RR_CONSOLE) {
            size_t took = machine_console_input(l->m, l->payload + e->off, e->len);
            if (took != e->len) {
                diverge(l, "at step %llu the UART took %zu of %u recorded console bytes",
                        (unsigned long long)e->step, took, e->len);
                return -1;
            }
        }
        l->push_next = i + 1;
    }
    return 0;
}
