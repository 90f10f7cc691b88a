/* What a debugger adds to a session (session.h): one hart's steps, the
 * machine changed from gdb, forgetting or forking the future, snapshots
 * kept in the trace, and the session's console and input log for
 * queries. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "replay/session_internal.h"

/* ---- snapshots kept in the trace ---- */

struct snap_load {
    struct snapshots *snaps;
    size_t added;
    bool bad;
};

static int load_one_snapshot(void *opaque, uint64_t step, const uint8_t *raw, size_t len)
{
    (void)step;
    struct snap_load *l = opaque;
    int rc = snap_decode_append(l->snaps, raw, len);
    if (rc < 0) {
        l->bad = true;
        return 1;
    }
    l->added += rc == 0;
    return 0;
}

/* A replay starts with the snapshots rewind replay --save-snapshots left
 * in the trace, so that it seeks at once.  Ones that do not fit this
 * machine (another rewind build, a damaged row) are ignored with a notice:
 * a replay never depends on them. */
void session_load_saved_snapshots(struct session *s, char *notice, size_t noticelen)
{
    struct snap_load l = {s->snaps, 0, false};
    char err[256] = "";
    int rc = trace_snapshots_each(s->trace, load_one_snapshot, &l, err, sizeof err);
    size_t used = strlen(notice);
    char *out = notice + used;
    size_t room = noticelen - used;
    if (used && room > 2)
        *out++ = ';', *out++ = ' ', room -= 2;
    if (rc || l.bad)
        snprintf(out, room, "%s the trace's saved snapshots%s%s", l.added ? "using only part of" : "ignoring",
                 err[0] ? ": " : " (made by another rewind build, or damaged)", err);
    else if (l.added)
        snprintf(out, room, "%zu saved snapshots loaded from the trace (up to step %llu)", l.added,
                 (unsigned long long)snap_step(s->snaps, snap_count(s->snaps) - 1));
    else if (used)
        out[-2] = 0;
}

int session_save_snapshots(struct session *s, char *err, size_t errlen)
{
    if (s->mode != SESSION_REPLAY || !s->snaps) {
        snprintf(err, errlen, "only a replay with snapshots can save them");
        return -1;
    }
    struct trace *t = trace_open(s->cfg.trace_path, err, errlen);
    if (!t)
        return -1;
    int rc = 0;
    if (trace_write_begin(t) || trace_snapshots_reset(t)) {
        snprintf(err, errlen, "%s: cannot write the snapshots table (read-only file?)", s->cfg.trace_path);
        rc = -1;
    }
    struct sbuf b;
    sbuf_init(&b);
    for (size_t i = 0; rc == 0 && i < snap_count(s->snaps); i++) {
        sbuf_reset(&b);
        if (snap_encode(s->snaps, i, &b) || trace_snapshot_add(t, snap_step(s->snaps, i), b.data, b.len)) {
            snprintf(err, errlen, "writing snapshot %zu into %s failed (out of memory or disk full?)", i,
                     s->cfg.trace_path);
            rc = -1;
        }
    }
    sbuf_free(&b);
    if (rc == 0 && trace_commit(t)) {
        snprintf(err, errlen, "writing the snapshots into %s failed (disk full?)", s->cfg.trace_path);
        rc = -1;
    }
    trace_close(t);
    return rc;
}

/* ---- one hart's steps ---- */

struct hart_runs {
    unsigned hart;
    bool any;
    uint64_t first_from;            /* the first run of the hart seen */
    uint64_t last_from, last_n;     /* the last one */
};

static void note_run(void *opaque, unsigned hart, uint64_t from, uint64_t n)
{
    struct hart_runs *r = opaque;
    if (hart != r->hart)
        return;
    if (!r->any)
        r->first_from = from;
    r->any = true;
    r->last_from = from;
    r->last_n = n;
}

/* A seek that no breakpoint or watchpoint interrupts (they stay set). */
static int seek_unarmed(struct session *s, uint64_t step, char *err, size_t errlen)
{
    struct machine *m = s->m;
    uint64_t bps[MACHINE_MAX_BREAKPOINTS];
    struct machine_watch wps[MACHINE_MAX_WATCHPOINTS];
    unsigned nb = m->nbreakpoints, nw = m->nwatchpoints;
    uint64_t bskip = m->breakpoint_skip_at, wskip = m->watch_skip_at;
    memcpy(bps, m->breakpoints, nb * sizeof *bps);
    memcpy(wps, m->watchpoints, nw * sizeof *wps);
    if (nb)
        machine_set_breakpoints(m, NULL, 0, 0);
    if (nw)
        machine_set_watchpoints(m, NULL, 0, 0);
    int rc = session_seek(s, step, err, errlen);
    if (nb)
        machine_set_breakpoints(m, bps, nb, bskip);
    if (nw)
        machine_set_watchpoints(m, wps, nw, wskip);
    return rc;
}

enum session_event session_step_hart(struct session *s, unsigned hart, char *err, size_t errlen)
{
    struct machine *m = s->m;
    err[0] = 0;
    if (hart >= m->nharts) {
        snprintf(err, errlen, "no hart %u", hart);
        return SESSION_ERROR;
    }
    struct hart_runs r = {.hart = hart};
    machine_observe_runs(m, note_run, &r);
    enum session_event ev = SESSION_REACHED;
    /* One step first: usually the hart is the one that runs next.  Else
     * a quantum or two of the others, and back to just after its step. */
    uint64_t chunk = 1;
    while (!r.any) {
        uint64_t at = m->steps;
        ev = session_run(s, at + chunk, err, errlen);
        if (ev != SESSION_REACHED && !r.any)
            break;
        if (ev == SESSION_REACHED && m->steps == at && !r.any)
            break; /* no progress */
        chunk = 2 * m->cfg.quantum;
    }
    machine_observe_runs(m, NULL, NULL);
    if (!r.any)
        return ev;
    if (m->steps != r.first_from + 1 && seek_unarmed(s, r.first_from + 1, err, errlen))
        return SESSION_ERROR;
    return SESSION_REACHED;
}

int session_unstep_hart(struct session *s, unsigned hart, char *err, size_t errlen)
{
    struct machine *m = s->m;
    uint64_t at = m->steps, first = session_history_start(s);
    if (hart >= m->nharts || at <= first)
        return 1;
    uint64_t count = m->harts[hart].steps;
    /* Usually the step just before was the hart's own. */
    if (seek_unarmed(s, at - 1, err, errlen))
        return -1;
    if (m->harts[hart].steps + 1 == count)
        return 0;
    /* Else find its last run before `at`, interval by interval. */
    for (uint64_t b = at; b > first;) {
        uint64_t a = session_snapshot_before(s, b);
        if (a < first)
            a = first;
        if (seek_unarmed(s, a, err, errlen))
            return -1;
        struct hart_runs r = {.hart = hart};
        machine_observe_runs(m, note_run, &r);
        while (m->steps < b && session_run(s, b, err, errlen) == SESSION_REACHED)
            ;
        machine_observe_runs(m, NULL, NULL);
        if (r.any) {
            uint64_t end = r.last_from + r.last_n < b ? r.last_from + r.last_n : b;
            return seek_unarmed(s, end - 1, err, errlen) ? -1 : 0;
        }
        b = a;
    }
    return seek_unarmed(s, at, err, errlen) ? -1 : 1;
}

static int seed_console_log(void *opaque, uint64_t step, const uint8_t *data, size_t len)
{
    struct session *s = opaque;
    if (step >= s->m->steps)
        return 1;
    session_log_console(s, step, data, len);
    return 0;
}

/* A replay forks: from here it is a live run — host input, no more
 * checkpoints to check, the recorded inputs after here forgotten — and the
 * trace stays as it is. */
static int fork_replay(struct session *s, char *err, size_t errlen)
{
    if (!s->snaps) {
        snprintf(err, errlen, "this replay keeps no history");
        return -1;
    }
    /* monitor console: what the recording printed before here */
    if (trace_console_each(s->trace, seed_console_log, s, err, errlen) < 0)
        return -1;
    s->mode = SESSION_RUN;
    s->forked = true;
    s->rr.mode = RR_LIVE;
    rr_keep_history(&s->rr);
    s->next_ckpt = s->nckpts;
    return 0;
}

int session_truncate(struct session *s, char *err, size_t errlen)
{
    uint64_t at = s->m->steps;
    if (s->mode == SESSION_REPLAY && fork_replay(s, err, errlen))
        return -1;
    if (s->mode == SESSION_RECORD) {
        snprintf(err, errlen, "a recording keeps the future it has recorded (up to step %llu): to try "
                              "another, fork its replay (rewind replay --gdb, then monitor truncate)",
                 (unsigned long long)session_newest(s));
        return -1;
    }
    if (!s->snaps) {
        snprintf(err, errlen, "this session keeps no history");
        return -1;
    }
    rr_truncate(&s->rr, at);
    snap_truncate_after(s->snaps, at);
    /* The console output of the forgotten future goes too. */
    const uint64_t *ps = (const uint64_t *)s->conlog_steps.data;
    size_t np = s->conlog_steps.len / (2 * sizeof *ps), k = 0;
    while (k < np && ps[2 * k] < at)
        k++;
    if (k < np) {
        s->conlog.len = ps[2 * k + 1];
        s->conlog_steps.len = k * 2 * sizeof *ps;
    }
    s->seen_until = at;
    if (s->checked_until > at)
        s->checked_until = at; /* a new course from here */
    s->next_snap_step = (at / s->snap_every + 1) * s->snap_every;
    return 0;
}

int session_debug_write(struct session *s, const uint8_t *rec, size_t len, char *err, size_t errlen)
{
    if (s->mode == SESSION_REPLAY) {
        snprintf(err, errlen, "a replay is what was recorded: it cannot be changed ('monitor truncate' "
                              "forks a live run from here that can)");
        return -1;
    }
    if (s->m->steps < s->seen_until) {
        snprintf(err, errlen, "step %llu is in the past (the newest step is %llu): changing it would "
                              "lose what followed; go to step %llu, or 'monitor truncate' to forget it",
                 (unsigned long long)s->m->steps, (unsigned long long)s->seen_until,
                 (unsigned long long)s->seen_until);
        return -1;
    }
    if (rr_debug_push(&s->rr, rec, len)) {
        snprintf(err, errlen, "that change does not apply (not RAM, or a register that refuses it)");
        return -1;
    }
    return 0;
}

uint64_t session_newest(const struct session *s)
{
    return s->seen_until > s->m->steps ? s->seen_until : s->m->steps;
}

void session_observe_traps(struct session *s, session_trap_fn fn, void *opaque)
{
    s->observe_trap = fn;
    s->observe_opaque = opaque;
    bool want = s->mode == SESSION_RECORD || s->hooks.trap || fn;
    s->m->io.trap = want ? session_on_trap : NULL;
}

struct console_before {
    uint64_t before;
    session_console_fn fn;
    void *opaque;
};

static int console_piece(void *opaque, uint64_t step, const uint8_t *data, size_t len)
{
    struct console_before *c = opaque;
    if (step >= c->before)
        return 1;
    return c->fn(c->opaque, step, data, len);
}

int session_console_each(struct session *s, uint64_t before, session_console_fn fn, void *opaque,
                         char *err, size_t errlen)
{
    if (s->mode == SESSION_REPLAY) {
        struct console_before c = {before, fn, opaque};
        return trace_console_each(s->trace, console_piece, &c, err, errlen) < 0 ? -1 : 0;
    }
    const uint64_t *ps = (const uint64_t *)s->conlog_steps.data;
    size_t np = s->conlog_steps.len / (2 * sizeof *ps);
    for (size_t i = 0; i < np && ps[2 * i] < before; i++) {
        size_t end = i + 1 < np ? ps[2 * i + 3] : s->conlog.len;
        if (fn(opaque, ps[2 * i], s->conlog.data + ps[2 * i + 1], end - ps[2 * i + 1]))
            break;
    }
    return 0;
}

size_t session_input_count(const struct session *s)
{
    return s->mode == SESSION_REPLAY || s->rr.history ? s->rr.nentries : 0;
}

int session_input_entry(const struct session *s, size_t i, uint64_t *step, unsigned *kind,
                        const uint8_t **data, size_t *len)
{
    if (i >= session_input_count(s))
        return -1;
    const struct rr_entry *e = &s->rr.entries[i];
    *step = e->step;
    *kind = e->kind;
    *data = s->rr.payload + e->off;
    *len = e->len;
    return 0;
}

bool session_forked(const struct session *s)
{
    return s->forked;
}
