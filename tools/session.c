/* The CLI's side of a session (replay/session.h): the terminal console,
 * the --expect/--fail watches, stopping rules, messages, the progress line
 * and exit statuses.  Between slices it reads what the user typed and
 * hands it to the session. */
#include <stdarg.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "gdbstub/stub.h"
#include "replay/session.h"
#include "tools/console.h"
#include "isa/riscv/jit.h"
#include "tools/jit_dump.h"
#include "core/engine.h"
#include "tools/session.h"

/* --gdb: a snapshot every ~10 ms of replay, 1 GiB of them by default. */
#define GDB_SNAPSHOT_EVERY 5000000ull
#define GDB_SNAPSHOT_MEM (1ull << 30)

struct cli {
    enum session_mode mode;
    struct session_opts *o;
    struct session *s;
    struct console con;
    double t0, last_progress;
    struct gdb_stub *stub;      /* --gdb: listening, maybe attached */
    struct gdb_stub_hooks stub_hooks;
    bool gdb_halted;            /* the machine waits at the start for gdb */
    bool fork_input;            /* a replay forked by gdb takes typed input now */
};

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static const char *cmd_name(enum session_mode mode)
{
    return mode == SESSION_RUN ? "run" : mode == SESSION_RECORD ? "record" : "replay";
}

static void on_console(void *opaque, const uint8_t *buf, size_t n)
{
    struct cli *c = opaque;
    bool hit;
    if (c->mode == SESSION_REPLAY && c->o->quiet)
        hit = text_watch_feed(&c->con.expect, buf, n) | text_watch_feed(&c->con.fail, buf, n);
    else
        hit = console_output(&c->con, buf, n);
    if (hit)
        session_request_stop(c->s);
}

static void on_trap(void *opaque, unsigned hart, uint64_t step, uint64_t cause, uint64_t epc,
                    uint64_t tval, unsigned priv)
{
    struct cli *c = opaque;
    c->o->trap_fn(c->o->trap_opaque, hart, step, cause, epc, tval, priv);
}

static int guest_code(int code)
{
    if (code <= 0) return 1;
    if (code > 124) return 124;
    return code;
}

static void vline(struct cli *c, const char *fmt, va_list ap)
{
    fprintf(stderr, "%srewind: ", c->con.mid_line ? "\n" : "");
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
}

/* A line once the session is over: the terminal back to normal first. */
static void say(struct cli *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void say(struct cli *c, const char *fmt, ...)
{
    console_restore(&c->con);
    va_list ap;
    va_start(ap, fmt);
    vline(c, fmt, ap);
    va_end(ap);
}

/* A line while the session goes on: the terminal stays as the guest has it
 * (raw mode still turns \n into \r\n). */
static void note(struct cli *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void note(struct cli *c, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vline(c, fmt, ap);
    va_end(ap);
    c->con.mid_line = false;
}

static void progress(struct cli *c)
{
    if (c->mode != SESSION_REPLAY || !isatty(STDERR_FILENO))
        return;
    double t = now_s();
    if (t - c->last_progress < 1.0)
        return;
    c->last_progress = t;
    uint64_t at = session_position(c->s), end = session_end_step(c->s);
    fprintf(stderr, "\rreplay: step %llu of %llu (%.0f%%)  ", (unsigned long long)at,
            (unsigned long long)end, end ? 100.0 * (double)at / (double)end : 100.0);
}

/* Hand typed bytes to the guest (run, record). */
static void feed_input(struct cli *c)
{
    if (c->con.npending) {
        size_t n = session_input(c->s, c->con.pending, c->con.npending);
        memmove(c->con.pending, c->con.pending + n, c->con.npending - n);
        c->con.npending -= n;
    }
}

static int serve_attached(struct cli *c);
static int start_gdb_on_demand(struct cli *c);

static int run_loop(struct cli *c, const char **end_reason)
{
    struct run_options *o = &c->o->ro;
    struct session *s = c->s;
    char err[1024];
    *end_reason = "stopped";
    for (;;) {
        if (c->mode != SESSION_REPLAY) {
            console_poll(&c->con, 0);
            if (c->con.quit || console_stop_signalled()) {
                say(c, "%s at step %llu", c->con.quit ? "quit" : "stopped by a signal",
                    (unsigned long long)session_position(s));
                *end_reason = c->con.quit ? "quit" : "signal";
                /* Interrupted is not "good": 128+N, as a shell reports it. */
                return c->con.quit ? 0 : 128 + console_stop_signalled();
            }
            feed_input(c);
            if (c->con.gdb) {
                c->con.gdb = false;
                if (start_gdb_on_demand(c)) {
                    *end_reason = "gdb-kill";
                    return 0;
                }
            }
            if (c->stub && gdb_stub_attached(c->stub, 0) && serve_attached(c)) {
                *end_reason = "gdb-kill";
                return 0;
            }
        }
        uint64_t at = session_position(s), until = at + machine_slice_steps(session_machine(s));
        if (o->until_step && o->until_step < until) until = o->until_step;
        if (o->timeout_steps && o->timeout_steps < until) until = o->timeout_steps;
        enum session_event ev = session_run(s, until, err, sizeof err);
        at = session_position(s);
        progress(c);
        if (ev == SESSION_DIVERGED) {
            say(c, "%s", err);
            return 3;
        }
        if (ev == SESSION_ERROR) {
            say(c, "%s; stopping", err);
            return 2;
        }
        /* The console's verdicts come first: the text may have appeared in
         * the very slice in which the guest also stopped. */
        if (c->con.fail.hit) {
            say(c, "console showed the --fail text at step %llu", (unsigned long long)at);
            *end_reason = "fail-text";
            return 1;
        }
        if (c->con.expect.hit) {
            say(c, "console showed the --expect text at step %llu", (unsigned long long)at);
            *end_reason = "expect-text";
            return 0;
        }
        switch (ev) {
        case SESSION_END:
            *end_reason = "end";
            return 0;
        case SESSION_POWEROFF:
            *end_reason = "poweroff";
            if (o->expect) {
                say(c, "guest powered off at step %llu without showing the --expect text",
                    (unsigned long long)at);
                return 1;
            }
            return 0;
        case SESSION_FAIL:
            *end_reason = "fail";
            say(c, "guest reported failure code %d at step %llu", session_exit_code(s),
                (unsigned long long)at);
            return guest_code(session_exit_code(s));
        case SESSION_REBOOT:
            *end_reason = "reboot";
            say(c, "guest asked for a reboot at step %llu; stopping", (unsigned long long)at);
            return 0;
        case SESSION_IDLE:
            if (c->con.eof && !c->con.npending) {
                say(c, "every hart waits for an interrupt and no timer or input can come (step %llu)",
                    (unsigned long long)at);
                *end_reason = "idle";
                return 125;
            }
            if (!c->con.npending)
                console_poll(&c->con, 200);
            break;
        case SESSION_REACHED:
            if (o->until_step && at >= o->until_step) {
                say(c, "reached step %llu, state hash %016llx (pc %016llx)", (unsigned long long)at,
                    (unsigned long long)session_state_hash(s),
                    (unsigned long long)session_machine(s)->harts[0].pc);
                *end_reason = "until-step";
                return 0;
            }
            if (o->timeout_steps && at >= o->timeout_steps) {
                say(c, "no decision after %llu steps (--timeout-steps)", (unsigned long long)at);
                *end_reason = "timeout";
                return 125;
            }
            break;
        default: /* SESSION_STOPPED by a watch handled above */
            break;
        }
    }
}

/* Do two files hold the same bytes? */
static bool same_file(const char *a, const char *b)
{
    FILE *fa = fopen(a, "rb"), *fb = fopen(b, "rb");
    bool same = fa && fb;
    while (same) {
        char ba[65536], bb[65536];
        size_t na = fread(ba, 1, sizeof ba, fa), nb = fread(bb, 1, sizeof bb, fb);
        same = na == nb && !memcmp(ba, bb, na);
        if (na < sizeof ba)
            break;
    }
    if (fa)
        fclose(fa);
    if (fb)
        fclose(fb);
    return same;
}

static void gdb_listening(void *opaque, uint16_t port)
{
    struct cli *c = opaque;
    const char *k = c->mode == SESSION_REPLAY ? session_kernel_name(c->s) : c->o->ro.mc.kernel_path;
    /* A kernel rebuilt since the recording would give gdb the wrong
     * symbols: point it at the recorded copy (kept while the replay runs). */
    const char *used = c->mode == SESSION_REPLAY ? session_kernel_path(c->s) : "";
    const char *rebuilt = NULL;
    if (k && k[0] && used[0] && strcmp(k, used) && !same_file(k, used)) {
        rebuilt = k;
        k = used;
    }
    if (c->mode == SESSION_REPLAY)
        fprintf(stderr, "rewind: replay halted at step 0 of %llu; attach with\n",
                (unsigned long long)session_end_step(c->s));
    else if (c->gdb_halted)
        fprintf(stderr, "rewind: halted at step 0; attach with\n");
    else
        fprintf(stderr, "rewind: running; gdb can attach at any time (the machine then halts) with\n");
    fprintf(stderr, "    gdb-multiarch -ex 'target remote :%u' %s\n", port, k && k[0] ? k : "KERNEL.elf");
    if (rebuilt)
        fprintf(stderr, "rewind: (%s is not the kernel this trace recorded, rebuilt since?  The command "
                        "above reads the recorded copy, kept while the replay runs.)\n", rebuilt);
}

/* While gdb lets the machine run: what the user types goes to the guest. */
static void gdb_poll(void *opaque, int timeout_ms)
{
    struct cli *c = opaque;
    if (c->mode == SESSION_REPLAY && !c->fork_input && session_forked(c->s)) {
        c->fork_input = true; /* a replay takes no input; its live fork does */
        c->con.eof = false;
    }
    if (c->con.eof) {
        if (timeout_ms > 0)
            poll(NULL, 0, timeout_ms);
        return;
    }
    console_poll(&c->con, c->con.npending ? 0 : timeout_ms);
    feed_input(c);
}

static void gdb_notice(void *opaque, const char *text)
{
    (void)opaque;
    fprintf(stderr, "rewind: gdb: %s\n", text);
}

/* A debugger attached while the machine ran (or was waited for): serve it
 * with the machine halted.  Returns 1 when it killed the session. */
static int serve_attached(struct cli *c)
{
    note(c, "debugger attached: halted at step %llu", (unsigned long long)session_position(c->s));
    int k = gdb_stub_serve_client(c->stub);
    if (!k)
        note(c, "debugger detached at step %llu%s", (unsigned long long)session_position(c->s),
             c->mode == SESSION_REPLAY ? "" : "; running on");
    return k;
}

/* Ctrl-A g in a live session: keep history from here on, listen (port
 * 1234, or any free one), halt until a debugger attaches and serve it.
 * Returns 1 when it killed the session. */
/* replay --save-snapshots, after a replay that matched to the end. */
static int save_snapshots(struct cli *c, const struct session_opts *so)
{
    char err[512];
    if (session_save_snapshots(c->s, err, sizeof err)) {
        fprintf(stderr, "rewind replay: --save-snapshots: %s\n", err);
        return 2;
    }
    fprintf(stderr, "rewind: %zu snapshots (%.1f MiB before compression) saved into %s; "
                    "replays with --gdb now seek anywhere at once\n",
            session_snapshot_count(c->s), session_snapshot_memory(c->s) / 1048576.0, so->trace_path);
    return 0;
}

static int start_gdb_on_demand(struct cli *c)
{
    char err[512];
    if (!c->stub) {
        if (session_keep_history(c->s, GDB_SNAPSHOT_EVERY,
                                 c->o->snapshot_mem ? c->o->snapshot_mem : GDB_SNAPSHOT_MEM, err,
                                 sizeof err)) {
            note(c, "Ctrl-A g: %s", err);
            return 0;
        }
        c->gdb_halted = true;
        c->stub_hooks = (struct gdb_stub_hooks){c, gdb_listening, gdb_notice, gdb_poll};
        c->stub = gdb_stub_open(c->s, 1234, &c->stub_hooks, err, sizeof err);
        if (!c->stub)
            c->stub = gdb_stub_open(c->s, 0, &c->stub_hooks, err, sizeof err);
        if (!c->stub) {
            note(c, "Ctrl-A g: %s", err);
            return 0;
        }
    }
    note(c, "halted at step %llu for gdb; going back is possible from here on (Ctrl-A x quits)",
         (unsigned long long)session_position(c->s));
    while (!gdb_stub_attached(c->stub, 200)) {
        console_poll(&c->con, 0);
        if (c->con.quit || console_stop_signalled())
            return 0; /* the run loop sees it */
    }
    return serve_attached(c);
}

static void command_line(const struct session_opts *so, char *buf, size_t len)
{
    snprintf(buf, len, "rewind record");
    for (int i = 0; i < so->argc; i++) {
        strncat(buf, " ", len - strlen(buf) - 1);
        strncat(buf, so->argv[i], len - strlen(buf) - 1);
    }
}

int session_main(enum session_mode mode, struct session_opts *so)
{
    struct cli c = {.mode = mode, .o = so};
    char cmdline[4096];
    command_line(so, cmdline, sizeof cmdline);
    struct session_config cfg = {
        .mode = mode,
        .mc = so->ro.mc,
        .trace_path = so->trace_path,
        .checkpoint_every = so->checkpoint_every,
        .embed = so->embed,
        .no_embed = so->no_embed,
        .force = so->force,
        .command_line = cmdline,
        .perturb_at = so->perturb_at,
        .snapshot_every = so->gdb || so->save_snapshots ? GDB_SNAPSHOT_EVERY : 0,
        .snapshot_mem = so->gdb || so->save_snapshots ? (so->snapshot_mem ? so->snapshot_mem : GDB_SNAPSHOT_MEM) : 0,
    };
    struct session_hooks hooks = {&c, on_console, so->trap_fn ? on_trap : NULL};
    char notice[512], err[1024];
    /* The console is set up first: output can come as the machine starts. */
    console_init(&c.con, so->ro.expect, so->ro.fail);
    if (mode == SESSION_REPLAY)
        c.con.eof = true; /* a replay takes no input from the host */
    bool differs;
    c.s = session_open(&cfg, &hooks, notice, sizeof notice, &differs, err, sizeof err);
    if (!c.s) {
        console_restore(&c.con);
        fprintf(stderr, "rewind %s: %s\n", cmd_name(mode), err);
        return differs ? 3 : 2; /* a replay of another machine has diverged */
    }
    if (notice[0])
        fprintf(stderr, "rewind: %s\n", notice);
    struct jit_dump dump;
    bool dumping = false;
    FILE *perf_map = NULL;
    if (so->ro.dump_jit || so->ro.perf_map) {
        struct machine *m = session_machine(c.s);
        char path[64];
        snprintf(path, sizeof path, "/tmp/perf-%d.map", (int)getpid());
        if (strcmp(m->engine->name, "jit") != 0)
            fprintf(stderr, "rewind: --%s: the %s engine translates nothing\n",
                    so->ro.dump_jit ? "dump-jit" : "perf-map", m->engine->name);
        else if (so->ro.perf_map && !(perf_map = fopen(path, "w")))
            fprintf(stderr, "rewind: --perf-map: cannot write %s\n", path);
        else if (jit_dump_start(&dump, m, so->ro.dump_jit ? stderr : NULL, perf_map))
            fprintf(stderr, "rewind: --dump-jit: capstone cannot disassemble x86-64 here\n");
        else
            dumping = true;
    }
    c.t0 = now_s();

    const char *end_reason = "gdb-kill";
    int rc = 0;
    bool ran = true;
    if (so->gdb) {
        c.gdb_halted = so->gdb_wait;
        c.stub_hooks = (struct gdb_stub_hooks){&c, gdb_listening, gdb_notice, gdb_poll};
        c.stub = gdb_stub_open(c.s, so->gdb_port, &c.stub_hooks, err, sizeof err);
        if (!c.stub) {
            console_restore(&c.con);
            fprintf(stderr, "rewind %s: --gdb: %s\n", cmd_name(mode), err);
            session_close(c.s);
            return 2;
        }
        /* A replay, or --gdb-wait, waits halted at step 0 for the debugger;
         * otherwise the machine runs and halts when one attaches. */
        if (mode == SESSION_REPLAY || so->gdb_wait) {
            while (!gdb_stub_attached(c.stub, 200)) {
                console_poll(&c.con, 0);
                if (c.con.quit || console_stop_signalled())
                    break;
            }
            if (gdb_stub_attached(c.stub, 0) && (serve_attached(&c) || mode == SESSION_REPLAY))
                ran = false;
            else if (c.con.quit || console_stop_signalled())
                ran = false, end_reason = "interrupted"; /* gave up waiting for gdb */
        }
    }
    if (ran)
        rc = run_loop(&c, &end_reason);
    double secs = now_s() - c.t0;
    console_restore(&c.con);
    uint64_t steps = session_position(c.s);
    if (mode == SESSION_RECORD) {
        if (session_finish(c.s, end_reason, rc, secs))
            fprintf(stderr, "rewind record: %s: could not finish writing the trace\n", so->trace_path);
        else
            fprintf(stderr, "rewind: recorded %llu steps, %llu checkpoints, %llu inputs into %s\n",
                    (unsigned long long)steps, (unsigned long long)session_checkpoints_done(c.s),
                    (unsigned long long)session_inputs_logged(c.s), so->trace_path);
    }
    if (mode == SESSION_RUN && !so->ro.snapshot && session_write_back(c.s, err, sizeof err))
        fprintf(stderr, "rewind: %s\n", err);
    if (mode == SESSION_REPLAY && !ran) {
        /* a gdb session over a replay: nothing to compare */
    } else if (mode == SESSION_REPLAY && rc == 0) {
        uint64_t end = session_end_step(c.s);
        if (steps != end && !so->ro.until_step && !so->ro.expect) {
            fprintf(stderr, "%srewind: replay diverged: the guest stopped at step %llu, the recording at %llu\n",
                    c.con.mid_line ? "\n" : "", (unsigned long long)steps, (unsigned long long)end);
            rc = 3;
        } else {
            fprintf(stderr, "%srewind: replay matched: %llu steps, %llu of %zu checkpoints checked, "
                            "final state hash %016llx\n",
                    c.con.mid_line ? "\n" : "", (unsigned long long)steps,
                    (unsigned long long)session_checkpoints_done(c.s), session_checkpoints_total(c.s),
                    (unsigned long long)session_state_hash(c.s));
            if (so->save_snapshots)
                rc = save_snapshots(&c, so);
        }
    } else if (mode == SESSION_REPLAY && rc != 3) {
        /* The guest's own exit status, as recorded. */
        if (session_recorded_exit(c.s) == rc)
            fprintf(stderr, "rewind: replay matched: %llu steps, %llu checkpoints checked; exit status %d as recorded\n",
                    (unsigned long long)steps, (unsigned long long)session_checkpoints_done(c.s), rc);
    }
    if (so->ro.stats) {
        fprintf(stderr, "rewind: steps=%llu seconds=%.3f mips=%.1f\n", (unsigned long long)steps, secs,
                secs > 0 ? (double)steps / secs / 1e6 : 0.0);
        struct jit_stats js = jit_stats(session_machine(c.s));
        if (js.blocks)
            fprintf(stderr, "rewind: jit: %llu blocks translated, %llu chained jumps, %llu dropped "
                            "(code written), %llu flushes; %.1f%% of steps in the interpreter\n",
                    (unsigned long long)js.blocks, (unsigned long long)js.chained,
                    (unsigned long long)js.invalidated, (unsigned long long)js.flushes,
                    steps ? 100.0 * (double)js.interp_steps / (double)steps : 0.0);
    }
    gdb_stub_close(c.stub); /* before the session: it disarms the machine */
    if (dumping)
        jit_dump_stop(&dump, session_machine(c.s));
    if (perf_map)
        fclose(perf_map);
    session_close(c.s);
    console_restore(&c.con);
    return rc;
}
