/* Answers to a debugger's questions about a session (inspect.h).  Every
 * answer is lines of text handed to the caller; the ones found by replay
 * put the machine back where it was. */
#include "replay/inspect.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "isa/riscv/cause.h"
#include "isa/riscv/cpu.h"
#include "isa/riscv/insn.h"
#include "isa/riscv/pagetable.h"
#include "isa/riscv/pte.h"
#include "replay/rr.h"

#define LINE_MAX_LEN 256

static void say(const struct inspect_out *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void say(const struct inspect_out *o, const char *fmt, ...)
{
    char line[LINE_MAX_LEN];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    o->line(o->opaque, line);
}

/* How far forward the session can go without taking new input. */
static uint64_t reachable_end(const struct session *s)
{
    uint64_t end = session_end_step(s);
    return end != UINT64_MAX ? end : session_newest(s);
}

/* The earliest position a backward search goes to: `back` steps before
 * `at` (0: no limit), not before history begins. */
static uint64_t search_floor(const struct session *s, uint64_t at, uint64_t back)
{
    uint64_t first = session_history_start(s);
    return back && at - first > back ? at - back : first;
}

/* ---- traps ---- */

struct trap_row {
    uint64_t step, cause, epc, tval;
    unsigned hart, priv;
};

struct trap_rows {
    struct trap_row *v;
    size_t n, cap;
    size_t keep;      /* keep at most this many (the first ones) */
    uint64_t seen;    /* in the range, kept or not */
    uint64_t from, to;
    bool oom;
};

static void on_trap(void *opaque, unsigned hart, uint64_t step, uint64_t cause, uint64_t epc,
                    uint64_t tval, unsigned priv)
{
    struct trap_rows *r = opaque;
    if (step < r->from || step >= r->to)
        return;
    r->seen++;
    if (r->n >= r->keep)
        return;
    if (r->n == r->cap) {
        size_t cap = r->cap ? 2 * r->cap : 64;
        struct trap_row *v = realloc(r->v, cap * sizeof *v);
        if (!v) {
            r->oom = true;
            return;
        }
        r->v = v, r->cap = cap;
    }
    r->v[r->n++] = (struct trap_row){step, cause, epc, tval, hart, priv};
}

/* Replay [from, to) with the trap observer on. */
static int replay_range(struct session *s, uint64_t from, uint64_t to, struct trap_rows *r, char *err,
                        size_t errlen)
{
    if (session_seek(s, from, err, errlen))
        return -1;
    r->from = from, r->to = to;
    session_observe_traps(s, on_trap, r);
    while (session_position(s) < to && session_run(s, to, err, errlen) == SESSION_REACHED)
        ;
    session_observe_traps(s, NULL, NULL);
    if (r->oom) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    return 0;
}

static void trap_line(const struct inspect_out *o, const struct trap_row *t)
{
    static const char privs[] = "USHM";
    say(o, "%12" PRIu64 "  hart %u  %-18s  pc 0x%016" PRIx64 "  tval 0x%" PRIx64 "  from %c", t->step,
        t->hart, riscv_cause_name(t->cause), t->epc, t->tval, privs[t->priv & 3]);
}

static int go_back(struct session *s, uint64_t at, int rc, char *err, size_t errlen)
{
    char e2[256];
    if (session_seek(s, at, e2, sizeof e2)) {
        if (rc == 0)
            snprintf(err, errlen, "could not return to step %" PRIu64 ": %s", at, e2);
        return -1;
    }
    return rc;
}

int inspect_traps(struct session *s, uint64_t from, uint64_t to, unsigned max,
                  const struct inspect_out *o, char *err, size_t errlen)
{
    uint64_t at = session_position(s), first = session_history_start(s), end = reachable_end(s);
    if (from < first)
        from = first;
    if (to > end)
        to = end;
    if (from >= to) {
        say(o, "no steps in that range (history: %" PRIu64 " to %" PRIu64 ")", first, end);
        return 0;
    }
    struct trap_rows r = {.keep = max};
    int rc = replay_range(s, from, to, &r, err, errlen);
    rc = go_back(s, at, rc, err, errlen);
    if (rc == 0) {
        for (size_t i = 0; i < r.n; i++)
            trap_line(o, &r.v[i]);
        if (r.seen > r.n)
            say(o, "... and %" PRIu64 " more before step %" PRIu64 " (ask for a narrower range)",
                r.seen - r.n, to);
        say(o, "%" PRIu64 " traps in steps [%" PRIu64 ", %" PRIu64 ")", r.seen, from, to);
    }
    free(r.v);
    return rc;
}

int inspect_recent_traps(struct session *s, unsigned count, uint64_t back, const struct inspect_out *o,
                         char *err, size_t errlen)
{
    uint64_t at = session_position(s), b = at, first = session_history_start(s);
    uint64_t floor = search_floor(s, at, back);
    struct trap_row *got = NULL; /* oldest first */
    size_t ngot = 0;
    int rc = 0;
    while (b > floor && ngot < count) {
        uint64_t a = session_snapshot_before(s, b);
        if (a < first)
            a = first;
        struct trap_rows r = {.keep = SIZE_MAX};
        if ((rc = replay_range(s, a, b, &r, err, errlen))) {
            free(r.v);
            break;
        }
        size_t take = r.n < count - ngot ? r.n : count - ngot;
        struct trap_row *v = malloc((ngot + take + 1) * sizeof *v);
        if (!v) {
            free(r.v);
            snprintf(err, errlen, "out of memory");
            rc = -1;
            break;
        }
        memcpy(v, r.v + (r.n - take), take * sizeof *v);
        if (ngot)
            memcpy(v + take, got, ngot * sizeof *v);
        free(got);
        free(r.v);
        got = v, ngot += take;
        b = a;
    }
    rc = go_back(s, at, rc, err, errlen);
    if (rc == 0) {
        for (size_t i = 0; i < ngot; i++)
            trap_line(o, &got[i]);
        if (ngot == 0 && b > first)
            say(o, "no traps between step %" PRIu64 " and %" PRIu64 " (the search stops %" PRIu64
                   " steps back; history begins at %" PRIu64 ")", b, at, back, first);
        else if (ngot == 0)
            say(o, "no traps between step %" PRIu64 " (where history begins) and %" PRIu64, first, at);
        else
            say(o, "the last %zu traps before step %" PRIu64, ngot, at);
    }
    free(got);
    return rc;
}

/* ---- inputs and console ---- */

/* The first bytes of an input, as text for console input, else hex. */
static void preview(char *out, size_t outlen, unsigned kind, const uint8_t *d, size_t n)
{
    size_t o = 0;
    if (kind == RR_CONSOLE) {
        out[o++] = '"';
        for (size_t i = 0; i < n && o + 6 < outlen; i++) {
            uint8_t c = d[i];
            if (c == '\n' || c == '\r')
                o += (size_t)snprintf(out + o, outlen - o, "\\%c", c == '\n' ? 'n' : 'r');
            else if (c == '"' || c == '\\')
                o += (size_t)snprintf(out + o, outlen - o, "\\%c", c);
            else if (c >= 0x20 && c < 0x7f)
                out[o++] = (char)c;
            else
                o += (size_t)snprintf(out + o, outlen - o, "\\x%02x", c);
        }
        out[o++] = '"';
        out[o] = 0;
        return;
    }
    for (size_t i = 0; i < n && i < 16 && o + 3 < outlen; i++)
        o += (size_t)snprintf(out + o, outlen - o, "%02x", d[i]);
    if (n > 16 && o + 4 < outlen)
        strcpy(out + o, "...");
    else
        out[o] = 0;
}

int inspect_inputs(struct session *s, uint64_t from, uint64_t to, unsigned max,
                   const struct inspect_out *o, char *err, size_t errlen)
{
    (void)err, (void)errlen;
    size_t n = session_input_count(s), shown = 0, more = 0;
    if (n == 0 && session_end_step(s) == UINT64_MAX) {
        say(o, "this session keeps no inputs before step %" PRIu64 " (history begins there)",
            session_history_start(s));
        return 0;
    }
    uint64_t now = session_position(s);
    bool marked = false;
    for (size_t i = 0; i < n; i++) {
        uint64_t step;
        unsigned kind;
        const uint8_t *d;
        size_t len;
        if (session_input_entry(s, i, &step, &kind, &d, &len) || step < from || step >= to)
            continue;
        if (shown == max) {
            more++;
            continue;
        }
        if (!marked && step >= now && now > from) {
            say(o, "%12s  ---- now ----", "");
            marked = true;
        }
        char pv[96];
        preview(pv, sizeof pv, kind, d, len);
        say(o, "%12" PRIu64 "  %-8s %5zu bytes  %s", step, rr_kind_name(kind), len, pv);
        shown++;
    }
    if (more)
        say(o, "... and %zu more (ask for a narrower range)", more);
    if (to == UINT64_MAX)
        say(o, "%zu inputs from step %" PRIu64 " on", shown + more, from);
    else
        say(o, "%zu inputs in steps [%" PRIu64 ", %" PRIu64 ")", shown + more, from, to);
    return 0;
}

struct console_tail {
    uint8_t *buf;
    size_t cap, len;
    uint64_t total;
};

static int console_piece(void *opaque, uint64_t step, const uint8_t *d, size_t n)
{
    (void)step;
    struct console_tail *t = opaque;
    t->total += n;
    if (n >= t->cap) {
        memcpy(t->buf, d + n - t->cap, t->cap);
        t->len = t->cap;
    } else {
        if (t->len + n > t->cap) {
            size_t drop = t->len + n - t->cap;
            memmove(t->buf, t->buf + drop, t->len - drop);
            t->len -= drop;
        }
        memcpy(t->buf + t->len, d, n);
        t->len += n;
    }
    return 0;
}

int inspect_console(struct session *s, size_t max_bytes, const struct inspect_out *o, char *err,
                    size_t errlen)
{
    if (max_bytes == 0 || max_bytes > (64u << 20)) {
        snprintf(err, errlen, "a console tail of 1 byte to 64 MiB, please");
        return -1;
    }
    struct console_tail t = {.buf = malloc(max_bytes + 1), .cap = max_bytes};
    if (!t.buf) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    if (session_console_each(s, session_position(s), console_piece, &t, err, errlen)) {
        free(t.buf);
        return -1;
    }
    if (t.total > t.len)
        say(o, "[... the first %" PRIu64 " bytes left out]", t.total - t.len);
    size_t start = 0;
    for (size_t i = 0; i <= t.len; i++) {
        if (i == t.len || t.buf[i] == '\n' || i - start >= LINE_MAX_LEN - 1) {
            if (i == t.len && i == start)
                break;
            char line[LINE_MAX_LEN];
            size_t k = 0;
            for (size_t j = start; j < i; j++)
                if (t.buf[j] != '\r')
                    line[k++] = t.buf[j] >= 0x20 || t.buf[j] == '\t' ? (char)t.buf[j] : '?';
            line[k] = 0;
            o->line(o->opaque, line);
            start = i + (i < t.len && t.buf[i] == '\n');
        }
    }
    if (t.total == 0)
        say(o, "(no console output before step %" PRIu64 ")", session_position(s));
    free(t.buf);
    return 0;
}

/* ---- the page table ---- */

struct map_ctx {
    const struct inspect_out *o;
    unsigned shown, max;
};

static void size_str(uint64_t size, char out[24])
{
    if (size >= (1ull << 30) && !(size & ((1ull << 30) - 1)))
        snprintf(out, 24, "%" PRIu64 " GiB", size >> 30);
    else if (size >= (1ull << 20) && !(size & ((1ull << 20) - 1)))
        snprintf(out, 24, "%" PRIu64 " MiB", size >> 20);
    else
        snprintf(out, 24, "%" PRIu64 " KiB", size >> 10);
}

static int on_mapping(void *opaque, uint64_t va, uint64_t pa, uint64_t size, uint64_t flags)
{
    struct map_ctx *c = opaque;
    if (c->shown++ == c->max)
        return 1;
    char fl[32], sz[24];
    pt_flags_str(flags, fl);
    size_str(size, sz);
    say(c->o, "va 0x%016" PRIx64 "-0x%016" PRIx64 "  pa 0x%" PRIx64 "  %9s  %s", va, va + size, pa, sz, fl);
    return 0;
}

int inspect_pagetable(struct session *s, unsigned hart, bool all, uint64_t va,
                      const struct inspect_out *o, char *err, size_t errlen)
{
    struct machine *m = session_machine(s);
    if (hart >= m->nharts) {
        snprintf(err, errlen, "there is no hart %u (this machine has %u)", hart, m->nharts);
        return -1;
    }
    const struct hart *h = &m->harts[hart];
    unsigned levels = pt_levels(h->satp);
    if (!levels) {
        say(o, "hart %u: satp 0x%" PRIx64 " (%s): %s", hart, h->satp, pt_mode_name(h->satp),
            h->satp >> 60 ? "a mode this machine does not have" : "no translation, addresses are physical");
        return 0;
    }
    uint64_t root = (h->satp & ((1ull << 44) - 1)) << 12;
    say(o, "hart %u: satp 0x%" PRIx64 ": %s, asid %" PRIu64 ", root table at 0x%" PRIx64 "%s", hart, h->satp,
        pt_mode_name(h->satp), (h->satp >> 44) & 0xffff, root,
        h->priv == PRIV_M ? " (the hart is in M-mode: its own accesses are not translated)" : "");
    if (all) {
        struct map_ctx c = {o, 0, 512};
        uint64_t runs = pt_each_mapping(h, on_mapping, &c);
        if (c.shown > c.max)
            say(o, "... more mappings left out (ask for one address)");
        else
            say(o, "%" PRIu64 " mappings (runs of pages contiguous in both spaces, same flags)", runs);
        return 0;
    }
    struct pt_walk w;
    pt_walk_va(h, va, &w);
    say(o, "va 0x%" PRIx64 ":", va);
    for (unsigned i = 0; i < w.n; i++) {
        const struct pt_level *l = &w.step[i];
        char fl[32];
        pt_flags_str(l->pte & PTE_FLAGS_MASK, fl);
        bool leaf = i + 1 == w.n && w.mapped;
        say(o, "  level %u: table 0x%" PRIx64 " [%3u]  pte 0x%016" PRIx64 " at 0x%" PRIx64 "  %s%s", l->level,
            l->table, l->index, l->pte, l->pte_addr, l->pte & 1 ? fl : "invalid",
            leaf ? "  leaf" : "");
    }
    if (w.mapped) {
        char sz[24];
        size_str(w.page_size, sz);
        say(o, "  -> pa 0x%" PRIx64 " (a %s page)", w.pa, sz);
    } else {
        say(o, "  -> not mapped: %s", w.why);
    }
    return 0;
}

/* ---- who wrote this ---- */

struct write_row {
    uint64_t step, pc, value;
    unsigned hart, vlen;
    char insn[48];
};

struct write_rows {
    struct write_row *v;
    size_t n, cap;
};

static int add_write(struct write_rows *r, const struct write_row *w)
{
    if (r->n == r->cap) {
        size_t cap = r->cap ? 2 * r->cap : 16;
        struct write_row *v = realloc(r->v, cap * sizeof *v);
        if (!v)
            return -1;
        r->v = v, r->cap = cap;
    }
    r->v[r->n++] = *w;
    return 0;
}

/* The instruction at pc, disassembled (or "?" when it cannot be read). */
static void insn_at(struct hart *h, uint64_t pc, char *out, size_t outlen)
{
    struct dinsn d;
    if (mmu_debug_fetch(h, pc, &d))
        insn_disasm(&d, pc, out, outlen);
    else
        snprintf(out, outlen, "?");
}

/* Every write to the range in [a, b), in order. */
static int writes_in(struct session *s, const struct machine_watch *w, uint64_t a, uint64_t b,
                     struct write_rows *out, char *err, size_t errlen)
{
    struct machine *m = session_machine(s);
    if (session_seek(s, a, err, errlen))
        return -1;
    session_set_watchpoints(s, w, 1, UINT64_MAX);
    int rc = 0;
    for (;;) {
        enum session_event ev = session_run(s, b, err, errlen);
        uint64_t at = session_position(s);
        if (ev != SESSION_WATCHPOINT || at >= b)
            break;
        struct write_row row = {.step = at};
        row.hart = m->next_hart < m->nharts ? m->next_hart : 0;
        struct hart *h = &m->harts[row.hart];
        row.pc = h->pc;
        insn_at(h, h->pc, row.insn, sizeof row.insn);
        /* Past the store, to see what it wrote. */
        session_set_watchpoints(s, w, 1, at);
        session_run(s, at + 1, err, errlen);
        session_set_watchpoints(s, w, 1, UINT64_MAX);
        row.vlen = w->len < 8 ? (unsigned)w->len : 8;
        uint8_t v[8] = {0};
        if (mmu_debug_read(h, w->addr, v, row.vlen) != row.vlen)
            row.vlen = 0;
        for (unsigned i = 0; i < row.vlen; i++)
            row.value |= (uint64_t)v[i] << (8 * i);
        if (add_write(out, &row)) {
            snprintf(err, errlen, "out of memory");
            rc = -1;
            break;
        }
        if (session_position(s) >= b)
            break;
    }
    session_set_watchpoints(s, NULL, 0, 0);
    return rc;
}

int inspect_when_written(struct session *s, uint64_t addr, uint64_t len, unsigned max, uint64_t back,
                         const struct inspect_out *o, char *err, size_t errlen)
{
    if (len == 0 || len > 4096) {
        snprintf(err, errlen, "a length of 1 to 4096 bytes, please (not %" PRIu64 ")", len);
        return -1;
    }
    const struct machine_watch w = {addr, len, false, true};
    uint64_t at = session_position(s), b = at, first = session_history_start(s);
    uint64_t floor = search_floor(s, at, back);
    struct write_rows got = {0}; /* oldest first */
    int rc = 0;
    while (b > floor && got.n < max) {
        uint64_t a = session_snapshot_before(s, b);
        if (a < first)
            a = first;
        struct write_rows r = {0};
        rc = writes_in(s, &w, a, b, &r, err, errlen);
        if (rc == 0) {
            size_t take = r.n < max - got.n ? r.n : max - got.n;
            struct write_rows merged = {0};
            for (size_t i = r.n - take; i < r.n && rc == 0; i++)
                rc = add_write(&merged, &r.v[i]);
            for (size_t i = 0; i < got.n && rc == 0; i++)
                rc = add_write(&merged, &got.v[i]);
            free(got.v);
            got = merged;
            if (rc)
                snprintf(err, errlen, "out of memory");
        }
        free(r.v);
        if (rc)
            break;
        b = a;
    }
    rc = go_back(s, at, rc, err, errlen);
    if (rc == 0) {
        for (size_t i = 0; i < got.n; i++) {
            const struct write_row *r = &got.v[i];
            char val[40] = "";
            if (r->vlen)
                snprintf(val, sizeof val, "  -> 0x%0*" PRIx64, 2 * (int)r->vlen, r->value);
            say(o, "%12" PRIu64 "  hart %u  pc 0x%016" PRIx64 "  %-28s%s", r->step, r->hart, r->pc, r->insn, val);
        }
        if (got.n == 0)
            say(o, "nothing wrote 0x%" PRIx64 "..0x%" PRIx64 " between step %" PRIu64 "%s and %" PRIu64
                   " (device DMA is not counted)", addr, addr + len - 1, b,
                b > first ? " (where the search stopped: give it more steps back)" : " (where history begins)", at);
        else if (got.n < max && b > first)
            say(o, "%zu writes to 0x%" PRIx64 "..0x%" PRIx64 " between step %" PRIu64 " and %" PRIu64
                   " (the search stopped there; history begins at %" PRIu64 ")",
                got.n, addr, addr + len - 1, b, at, first);
        else
            say(o, "%s %zu writes to 0x%" PRIx64 "..0x%" PRIx64 " before step %" PRIu64 " (history begins at %" PRIu64 ")",
                got.n < max ? "all" : "the last", got.n, addr, addr + len - 1, at, first);
    }
    free(got.v);
    return rc;
}
