/* The session loop.  The machine runs in slices; between slices the tool
 * looks at the host (typed input, Ctrl-A), delivers inputs through the input
 * log, takes or checks checkpoints at exact positions, and commits the trace
 * at least once a second so a killed recording stays a replayable prefix. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <xxhash.h>

#include "core/loader.h"
#include "core/machine.h"
#include "devices/disk_image.h"
#include "replay/checkpoint.h"
#include "replay/rr.h"
#include "tools/console.h"
#include "tools/session.h"
#include "trace/trace.h"

#define SLICE_STEPS (1ull << 21)
#define DEFAULT_CHECKPOINT_EVERY 20000000ull
#define EMBED_LIMIT (16u << 20)
#define REWIND_VERSION "0.2.0"

/* Traps are counted per hart and cause between checkpoints; the full list
 * is derived data that `rewind traps` produces by replay (one row per trap
 * made the trace of a syscall-heavy session mostly trap rows). */
#define TRAP_KINDS 64 /* causes 0-31, then interrupts 0-31 */
#define MAX_HARTS 8

struct session {
    enum session_mode mode;
    struct session_opts *o;
    struct machine *m;
    struct console con;
    struct rr_log rr;
    struct trace *trace;
    struct ckpt *ckpt;
    struct sbuf detail;
    /* record: console bytes waiting for the next commit, traps counted
     * since the last checkpoint */
    struct sbuf conbuf;
    uint64_t conbuf_step;
    uint64_t trap_counts[MAX_HARTS][TRAP_KINDS];
    bool trace_error;
    /* replay */
    struct trace_checkpoint *ckpts;
    size_t nckpts, next_ckpt;
    uint64_t end_step;
    bool end_known;             /* the recording says where it ended */
    char tmpdir[256];
    char append[4096];          /* the recorded kernel command line */
    bool dtb_recorded;
    uint64_t dtb_hash;
    uint64_t ckpt_every, next_ckpt_step;
    uint64_t last_ckpt_step;    /* record: where the latest checkpoint was taken */
    double t0, last_commit, last_progress;
    uint64_t checkpoints_done;
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

/* ---- callbacks from the machine ---- */

static void flush_console_row(struct session *s)
{
    if (s->conbuf.len && s->trace) {
        if (trace_console_add(s->trace, s->conbuf_step, s->conbuf.data, s->conbuf.len))
            s->trace_error = true;
    }
    sbuf_reset(&s->conbuf);
}

static void on_console(void *opaque, const uint8_t *buf, size_t n)
{
    struct session *s = opaque;
    bool hit;
    if (s->mode == SESSION_REPLAY && s->o->quiet)
        hit = text_watch_feed(&s->con.expect, buf, n) | text_watch_feed(&s->con.fail, buf, n);
    else
        hit = console_output(&s->con, buf, n);
    if (hit)
        machine_request_stop(s->m);
    if (s->mode == SESSION_RECORD) {
        if (!s->conbuf.len)
            s->conbuf_step = machine_position(s->m);
        put_bytes(&s->conbuf, buf, n);
        if (s->conbuf.len >= 4096 || memchr(buf, '\n', n))
            flush_console_row(s);
    }
}

static int on_pull(void *opaque, enum dev_input_kind kind, void *buf, size_t len)
{
    struct session *s = opaque;
    return rr_pull(&s->rr, kind, buf, len);
}

static void on_trap(void *opaque, unsigned hart, uint64_t step, uint64_t cause, uint64_t epc,
                    uint64_t tval, unsigned priv)
{
    struct session *s = opaque;
    if (s->o->trap_fn)
        s->o->trap_fn(s->o->trap_opaque, hart, step, cause, epc, tval, priv);
    if (s->mode == SESSION_RECORD && hart < MAX_HARTS)
        s->trap_counts[hart][(cause & 31) | ((cause >> 63) << 5)]++;
}

/* Write the traps counted since the previous checkpoint, one row per hart
 * and cause seen, for the interval (from, to]. */
static void flush_trap_counts(struct session *s, uint64_t from, uint64_t to)
{
    for (unsigned h = 0; h < MAX_HARTS; h++)
        for (unsigned k = 0; k < TRAP_KINDS; k++) {
            uint64_t n = s->trap_counts[h][k];
            if (!n)
                continue;
            uint64_t cause = (k & 31) | ((uint64_t)(k >> 5) << 63);
            if (trace_trap_counts_add(s->trace, from, to, h, cause, n))
                s->trace_error = true;
            s->trap_counts[h][k] = 0;
        }
}

/* ---- recording ---- */

static int meta_u64(struct trace *t, const char *k, uint64_t v)
{
    char b[32];
    snprintf(b, sizeof b, "%llu", (unsigned long long)v);
    return trace_meta_set(t, k, b);
}

static int add_image(struct session *s, const char *role, const char *path, char *err, size_t errlen)
{
    uint8_t *data;
    size_t size;
    if (loader_read_file(path, 64ull << 30, &data, &size, err, errlen))
        return -1;
    uint64_t h = XXH3_64bits(data, size);
    bool embed = !s->o->no_embed && (s->o->embed || size <= EMBED_LIMIT);
    /* Stored by path, an image must be found again from any directory. */
    char *abs = realpath(path, NULL);
    int r = trace_image_add(s->trace, role, abs ? abs : path, h, data, size, embed);
    free(abs);
    free(data);
    if (r)
        snprintf(err, errlen, "%s: cannot store image %s in the trace", s->o->trace_path, path);
    return r;
}

static int add_drives(struct session *s, const struct machine_config *mc, char *err, size_t errlen)
{
    if (meta_u64(s->trace, "config.ndrives", mc->ndrives) || trace_meta_set(s->trace, "config.rng", mc->rng ? "1" : "0") ||
        meta_u64(s->trace, "config.net", (uint64_t)mc->net))
        return -1;
    for (unsigned i = 0; i < mc->ndrives; i++) {
        char role[32], key[48];
        snprintf(role, sizeof role, "drive%u", i);
        snprintf(key, sizeof key, "config.drive%u.readonly", i);
        if (trace_meta_set(s->trace, key, mc->drives[i].readonly ? "1" : "0") ||
            add_image(s, role, mc->drives[i].path, err, errlen))
            return -1;
    }
    return 0;
}

static int commit(struct session *s)
{
    if (!s->trace || s->mode != SESSION_RECORD)
        return 0;
    flush_console_row(s);
    if (rr_flush(&s->rr) || meta_u64(s->trace, "committed_step", s->m->steps) ||
        trace_commit(s->trace))
        s->trace_error = true;
    s->last_commit = now_s();
    return s->trace_error ? -1 : 0;
}

static int take_checkpoint(struct session *s)
{
    uint64_t h = ckpt_take(s->ckpt, s->m, &s->detail);
    flush_trap_counts(s, s->checkpoints_done ? s->last_ckpt_step : 0, s->m->steps);
    s->checkpoints_done++;
    s->last_ckpt_step = s->m->steps;
    if (s->detail.oom || trace_checkpoint_add(s->trace, s->m->steps, h, s->detail.data, s->detail.len)) {
        s->trace_error = true;
        return -1;
    }
    return 0;
}

/* ---- replaying ---- */

static int set_config_from_meta(struct session *s, struct machine_config *mc, char *err, size_t errlen)
{
    char v[1024];
    struct trace *t = s->trace;
#define NEED(key) do { if (trace_meta_get(t, key, v, sizeof v)) { \
        snprintf(err, errlen, "%.200s: the trace has no '%s' setting (damaged or not a recording)", \
                 s->o->trace_path, key); return -1; } } while (0)
    NEED("config.ram_size");
    mc->ram_size = strtoull(v, NULL, 10);
    NEED("config.nharts");
    mc->nharts = (unsigned)strtoul(v, NULL, 10);
    NEED("config.quantum");
    mc->quantum = strtoull(v, NULL, 10);
    NEED("config.bios");
    mc->bios_kind = !strcmp(v, "none") ? BIOS_NONE : BIOS_FILE;
    if (trace_meta_get(t, "config.chaos_seed", v, sizeof v) == 0)
        mc->chaos_seed = strtoull(v, NULL, 10);
    if (trace_meta_get(t, "config.rng", v, sizeof v) == 0)
        mc->rng = v[0] == '1';
    if (trace_meta_get(t, "config.net", v, sizeof v) == 0) {
        unsigned long n = strtoul(v, NULL, 10);
        if (n > NET_LOOPBACK) {
            snprintf(err, errlen, "%.200s: unknown network setting %lu in the trace", s->o->trace_path, n);
            return -1;
        }
        mc->net = (int)n;
    }
    if (trace_meta_get(t, "config.ndrives", v, sizeof v) == 0) {
        mc->ndrives = (unsigned)strtoul(v, NULL, 10);
        if (mc->ndrives > MACHINE_MAX_DRIVES) {
            snprintf(err, errlen, "%.200s: the trace names %u drives (at most %d)", s->o->trace_path,
                     mc->ndrives, MACHINE_MAX_DRIVES);
            return -1;
        }
        for (unsigned i = 0; i < mc->ndrives; i++) {
            char key[48];
            snprintf(key, sizeof key, "config.drive%u.readonly", i);
            mc->drives[i].readonly = trace_meta_get(t, key, v, sizeof v) == 0 && v[0] == '1';
            mc->drives[i].path = NULL;
        }
    }
#undef NEED
    return 0;
}

/* Each image either is embedded (written to a private temporary file) or
 * must be found at its recorded path with its recorded hash. */
static int resolve_images(struct session *s, struct machine_config *mc, char *err, size_t errlen)
{
    struct trace_image *imgs;
    size_t n;
    if (trace_images(s->trace, &imgs, &n, err, errlen))
        return -1;
    int rc = 0;
    for (size_t i = 0; i < n && !rc; i++) {
        struct trace_image *im = &imgs[i];
        char *path;
        if (!strcmp(im->role, "dtb")) {
            s->dtb_recorded = true;
            s->dtb_hash = im->hash;
            continue;
        }
        if (im->data) {
            if (!s->tmpdir[0]) {
                snprintf(s->tmpdir, sizeof s->tmpdir, "%s/rewind-replay-XXXXXX",
                         getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
                if (!mkdtemp(s->tmpdir)) {
                    snprintf(err, errlen, "cannot create a temporary directory: %s", strerror(errno));
                    s->tmpdir[0] = 0;
                    rc = -1;
                    break;
                }
            }
            if (XXH3_64bits(im->data, im->size) != im->hash) {
                snprintf(err, errlen, "%.200s: embedded %s image (%.200s) does not match its recorded hash",
                         s->o->trace_path, im->role, im->name);
                rc = -1;
                break;
            }
            if (asprintf(&path, "%s/%s", s->tmpdir, im->role) < 0) {
                rc = -1;
                break;
            }
            FILE *f = fopen(path, "wb");
            if (!f || fwrite(im->data, 1, im->size, f) != im->size) {
                snprintf(err, errlen, "cannot write %s", path);
                if (f)
                    fclose(f);
                free(path);
                rc = -1;
                break;
            }
            fclose(f);
        } else {
            uint8_t *data;
            size_t size;
            char msg[512];
            if (loader_read_file(im->name, 64ull << 30, &data, &size, msg, sizeof msg)) {
                snprintf(err, errlen, "%s image is not embedded in the trace and cannot be read: %.300s "
                                      "(record with --embed to make a trace self-contained)", im->role, msg);
                rc = -1;
                break;
            }
            uint64_t h = XXH3_64bits(data, size);
            free(data);
            if (h != im->hash) {
                snprintf(err, errlen, "%s image %.200s has changed since it was recorded: recorded hash %016llx, "
                                      "found %016llx", im->role, im->name, (unsigned long long)im->hash,
                         (unsigned long long)h);
                rc = -1;
                break;
            }
            path = strdup(im->name);
        }
        if (!strcmp(im->role, "kernel"))
            mc->kernel_path = path;
        else if (!strcmp(im->role, "bios"))
            mc->bios_path = path;
        else if (!strcmp(im->role, "initrd"))
            mc->initrd_path = path;
        else if (!strncmp(im->role, "drive", 5) && strtoul(im->role + 5, NULL, 10) < mc->ndrives)
            mc->drives[strtoul(im->role + 5, NULL, 10)].path = path;
        else
            free(path);
    }
    trace_images_free(imgs, n);
    for (unsigned i = 0; i < mc->ndrives && !rc; i++)
        if (!mc->drives[i].path) {
            snprintf(err, errlen, "%.200s: drive %u is missing from the trace's images", s->o->trace_path, i);
            rc = -1;
        }
    return rc;
}

static void remove_tmpdir(struct session *s, struct machine_config *mc)
{
    if (!s->tmpdir[0])
        return;
    const char *paths[3 + MACHINE_MAX_DRIVES] = {mc->kernel_path, mc->bios_path, mc->initrd_path};
    for (unsigned i = 0; i < mc->ndrives; i++)
        paths[3 + i] = mc->drives[i].path;
    for (size_t i = 0; i < 3 + MACHINE_MAX_DRIVES; i++)
        if (paths[i] && !strncmp(paths[i], s->tmpdir, strlen(s->tmpdir)))
            unlink(paths[i]);
    rmdir(s->tmpdir);
}

static int check_checkpoint(struct session *s, char *err, size_t errlen)
{
    const struct trace_checkpoint *c = &s->ckpts[s->next_ckpt];
    uint64_t h = ckpt_take(s->ckpt, s->m, &s->detail);
    s->next_ckpt++;
    s->checkpoints_done++;
    if (h == c->hash)
        return 0;
    char why[512];
    ckpt_diff(c->detail, c->len, s->detail.data, s->detail.len, why, sizeof why);
    snprintf(err, errlen, "replay diverged at step %llu (checkpoint %zu of %zu): %s",
             (unsigned long long)c->step, s->next_ckpt, s->nckpts, why);
    return -1;
}

/* The device tree is generated, not loaded: a recording keeps it (for
 * reference, and so `sqlite3` can extract it) and a replay checks that this
 * rewind builds the identical tree. */
static int check_or_store_dtb(struct session *s, char *err, size_t errlen)
{
    uint64_t h = XXH3_64bits(s->m->fdt, s->m->fdt_size);
    if (s->mode == SESSION_RECORD) {
        if (trace_image_add(s->trace, "dtb", "generated", h, s->m->fdt, s->m->fdt_size, true) ||
            trace_commit(s->trace)) {
            snprintf(err, errlen, "%.200s: cannot store the device tree", s->o->trace_path);
            return -1;
        }
        return 0;
    }
    if (s->mode == SESSION_REPLAY && s->dtb_recorded && h != s->dtb_hash) {
        snprintf(err, errlen, "the device tree this rewind generates (hash %016llx) differs from the "
                              "recorded one (%016llx): the machine would not be the same (a different "
                              "rewind version?)", (unsigned long long)h, (unsigned long long)s->dtb_hash);
        return -1;
    }
    return 0;
}

/* ---- the loop ---- */

static int guest_code(int code)
{
    if (code <= 0) return 1;
    if (code > 124) return 124;
    return code;
}

static void say(struct session *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void say(struct session *s, const char *fmt, ...)
{
    console_restore(&s->con);
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "%srewind: ", s->con.mid_line ? "\n" : "");
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
}

static void progress(struct session *s)
{
    if (s->mode != SESSION_REPLAY || !isatty(STDERR_FILENO) || !s->end_known)
        return;
    double t = now_s();
    if (t - s->last_progress < 1.0)
        return;
    s->last_progress = t;
    fprintf(stderr, "\rreplay: step %llu of %llu (%.0f%%)  ", (unsigned long long)s->m->steps,
            (unsigned long long)s->end_step,
            s->end_step ? 100.0 * (double)s->m->steps / (double)s->end_step : 100.0);
}

static const char *stop_name(enum machine_stop w)
{
    switch (w) {
    case MSTOP_POWEROFF: return "poweroff";
    case MSTOP_FAIL: return "fail";
    case MSTOP_REBOOT: return "reboot";
    case MSTOP_IDLE: return "idle";
    case MSTOP_REQUEST: return "request";
    default: return "budget";
    }
}

static int run_loop(struct session *s, const char **end_reason)
{
    struct machine *m = s->m;
    struct run_options *o = &s->o->ro;
    char err[1024];
    *end_reason = "stopped";
    for (;;) {
        if (s->mode != SESSION_REPLAY) {
            console_poll(&s->con, 0);
            if (s->con.quit || console_stop_signalled()) {
                say(s, "%s at step %llu", s->con.quit ? "quit" : "stopped by a signal",
                    (unsigned long long)m->steps);
                *end_reason = s->con.quit ? "quit" : "signal";
                /* Interrupted is not "good": 128+N, as a shell reports it. */
                return s->con.quit ? 0 : 128 + console_stop_signalled();
            }
            if (s->con.npending) {
                size_t n = rr_console_push(&s->rr, s->con.pending, s->con.npending);
                memmove(s->con.pending, s->con.pending + n, s->con.npending - n);
                s->con.npending -= n;
            }
        } else {
            if (rr_deliver_due(&s->rr)) {
                say(s, "replay diverged: %s", s->rr.why);
                return 3;
            }
            if (s->o->perturb_at && m->steps == s->o->perturb_at)
                m->harts[0].x[10] ^= 1; /* test hook: make the replay differ */
        }
        if (s->mode == SESSION_REPLAY && s->next_ckpt < s->nckpts && s->ckpts[s->next_ckpt].step == m->steps) {
            if (check_checkpoint(s, err, sizeof err)) {
                say(s, "%s", err);
                return 3;
            }
        }
        if (s->mode == SESSION_RECORD && m->steps >= s->next_ckpt_step) {
            take_checkpoint(s);
            s->next_ckpt_step = m->steps + s->ckpt_every;
        }
        if (s->mode == SESSION_REPLAY && s->end_known && m->steps >= s->end_step) {
            *end_reason = "end";
            return 0;
        }
        if (o->until_step && m->steps >= o->until_step) {
            uint64_t h = ckpt_take(s->ckpt, m, &s->detail);
            say(s, "reached step %llu, state hash %016llx (pc %016llx)", (unsigned long long)m->steps,
                (unsigned long long)h, (unsigned long long)m->harts[0].pc);
            *end_reason = "until-step";
            return 0;
        }
        if (o->timeout_steps && m->steps >= o->timeout_steps) {
            say(s, "no decision after %llu steps (--timeout-steps)", (unsigned long long)m->steps);
            *end_reason = "timeout";
            return 125;
        }

        uint64_t target = m->steps + SLICE_STEPS;
        if (o->until_step && o->until_step < target) target = o->until_step;
        if (o->timeout_steps && o->timeout_steps < target) target = o->timeout_steps;
        if (s->mode == SESSION_RECORD && s->next_ckpt_step < target) target = s->next_ckpt_step;
        if (s->mode == SESSION_REPLAY) {
            uint64_t p = rr_next_push(&s->rr);
            if (p < target) target = p;
            if (s->next_ckpt < s->nckpts && s->ckpts[s->next_ckpt].step < target)
                target = s->ckpts[s->next_ckpt].step;
            if (s->end_known && s->end_step < target) target = s->end_step;
            if (s->o->perturb_at && s->o->perturb_at > m->steps && s->o->perturb_at < target)
                target = s->o->perturb_at;
        }
        enum machine_stop why = MSTOP_BUDGET;
        if (target > m->steps)
            why = machine_run(m, target - m->steps);
        if (s->rr.diverged) {
            say(s, "replay diverged: %s", s->rr.why);
            return 3;
        }
        /* A guest that stops exactly at a checkpoint is checked there too. */
        if (why != MSTOP_BUDGET && s->mode == SESSION_REPLAY && s->next_ckpt < s->nckpts &&
            s->ckpts[s->next_ckpt].step == m->steps && check_checkpoint(s, err, sizeof err)) {
            say(s, "%s", err);
            return 3;
        }
        if (s->mode == SESSION_RECORD && now_s() - s->last_commit >= 1.0)
            commit(s);
        progress(s);
        if (s->trace_error) {
            say(s, "writing the trace %s failed (disk full?); stopping", s->o->trace_path);
            return 2;
        }
        if (s->con.fail.hit) {
            say(s, "console showed the --fail text at step %llu", (unsigned long long)m->steps);
            *end_reason = "fail-text";
            return 1;
        }
        if (s->con.expect.hit) {
            say(s, "console showed the --expect text at step %llu", (unsigned long long)m->steps);
            *end_reason = "expect-text";
            return 0;
        }
        switch (why) {
        case MSTOP_POWEROFF:
            *end_reason = stop_name(why);
            if (o->expect) {
                say(s, "guest powered off at step %llu without showing the --expect text",
                    (unsigned long long)m->steps);
                return 1;
            }
            return 0;
        case MSTOP_FAIL:
            *end_reason = stop_name(why);
            say(s, "guest reported failure code %d at step %llu", m->exit_code, (unsigned long long)m->steps);
            return guest_code(m->exit_code);
        case MSTOP_REBOOT:
            *end_reason = stop_name(why);
            say(s, "guest asked for a reboot at step %llu; stopping", (unsigned long long)m->steps);
            return 0;
        case MSTOP_IDLE:
            if (s->mode == SESSION_REPLAY) {
                if (rr_next_push(&s->rr) == UINT64_MAX && !(s->end_known && m->steps < s->end_step)) {
                    *end_reason = "idle";
                    return 0;
                }
                if (rr_next_push(&s->rr) != m->steps && !(s->end_known && m->steps < s->end_step)) {
                    say(s, "replay diverged: every hart waits at step %llu, but the next input is at step %llu",
                        (unsigned long long)m->steps, (unsigned long long)rr_next_push(&s->rr));
                    return 3;
                }
                if (rr_next_push(&s->rr) != m->steps) {
                    say(s, "replay diverged: every hart waits at step %llu before the recording ends",
                        (unsigned long long)m->steps);
                    return 3;
                }
                break;
            }
            if (s->con.eof && !s->con.npending) {
                say(s, "every hart waits for an interrupt and no timer or input can come (step %llu)",
                    (unsigned long long)m->steps);
                *end_reason = "idle";
                return 125;
            }
            if (!s->con.npending) {
                if (s->mode == SESSION_RECORD)
                    commit(s);
                console_poll(&s->con, 200);
            }
            break;
        case MSTOP_REQUEST:
        case MSTOP_BUDGET:
            break;
        }
    }
}

int session_main(enum session_mode mode, struct session_opts *so)
{
    struct session *s = calloc(1, sizeof *s);
    if (!s) {
        fprintf(stderr, "rewind %s: out of memory\n", cmd_name(mode));
        return 2;
    }
    s->mode = mode;
    s->o = so;
    sbuf_init(&s->detail);
    sbuf_init(&s->conbuf);
    char err[MACHINE_ERR_LEN];
    char desc[256] = "";
    int rc = 2;
    struct machine_config mc = so->ro.mc;
    rr_init(&s->rr, mode == SESSION_RECORD ? RR_RECORD : mode == SESSION_REPLAY ? RR_REPLAY : RR_LIVE, NULL);

    if (mode == SESSION_REPLAY) {
        /* Every image path of a replay is allocated from the trace; none
         * comes from the command line. */
        machine_config_defaults(&mc);
        s->trace = trace_open(so->trace_path, err, sizeof err);
        if (!s->trace) {
            fprintf(stderr, "rewind replay: %s\n", err);
            goto out;
        }
        if (set_config_from_meta(s, &mc, err, sizeof err) || resolve_images(s, &mc, err, sizeof err)) {
            fprintf(stderr, "rewind replay: %s\n", err);
            goto out;
        }
        char v[64];
        if (trace_meta_get(s->trace, "final_step", v, sizeof v) == 0) {
            s->end_step = strtoull(v, NULL, 10);
            s->end_known = true;
        } else {
            /* A killed recorder: replay what it committed (nothing past its
             * first commit means step 0). */
            s->end_step = trace_meta_get(s->trace, "committed_step", v, sizeof v) == 0
                              ? strtoull(v, NULL, 10) : 0;
            s->end_known = true;
            fprintf(stderr, "rewind: this recording was not finished (rewind record was killed?); "
                            "replaying its committed prefix, up to step %llu\n",
                    (unsigned long long)s->end_step);
        }
        s->rr.trace = s->trace;
        if (rr_load(&s->rr, err, sizeof err) ||
            trace_checkpoints(s->trace, &s->ckpts, &s->nckpts, err, sizeof err)) {
            fprintf(stderr, "rewind replay: %s: %s\n", so->trace_path, err);
            goto out;
        }
    } else {
        enum bios_kind bk;
        const char *bp;
        if (machine_config_check(&mc, err) ||
            machine_resolve_bios(&mc, &bk, &bp, desc, sizeof desc, err)) {
            fprintf(stderr, "rewind %s: %s\n", cmd_name(mode), err);
            goto out;
        }
        mc.bios_kind = bk;
        mc.bios_path = bp;
    }
    if (mode == SESSION_RECORD) {
        s->trace = trace_create(so->trace_path, so->force, err, sizeof err);
        if (!s->trace) {
            fprintf(stderr, "rewind record: %s\n", err);
            goto out;
        }
        s->rr.trace = s->trace;
        char cmdline[4096] = "rewind record";
        for (int i = 0; i < so->argc; i++) {
            strncat(cmdline, " ", sizeof cmdline - strlen(cmdline) - 1);
            strncat(cmdline, so->argv[i], sizeof cmdline - strlen(cmdline) - 1);
        }
        char when[64];
        time_t now = time(NULL);
        strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", gmtime(&now));
        int w = trace_meta_set(s->trace, "rewind_version", REWIND_VERSION) |
                trace_meta_set(s->trace, "command_line", cmdline) |
                trace_meta_set(s->trace, "created", when) |
                meta_u64(s->trace, "config.ram_size", mc.ram_size) |
                meta_u64(s->trace, "config.nharts", mc.nharts) |
                meta_u64(s->trace, "config.quantum", mc.quantum) |
                meta_u64(s->trace, "config.chaos_seed", mc.chaos_seed) |
                trace_meta_set(s->trace, "config.bios", mc.bios_kind == BIOS_NONE ? "none" : "file") |
                trace_meta_set(s->trace, "config.engine", mc.engine ? mc.engine : "interp") |
                meta_u64(s->trace, "config.checkpoint_every",
                         so->checkpoint_every ? so->checkpoint_every : DEFAULT_CHECKPOINT_EVERY);
        if (mc.append)
            w |= trace_meta_set(s->trace, "config.append", mc.append);
        if (w) {
            fprintf(stderr, "rewind record: %s: cannot write the trace\n", so->trace_path);
            goto out;
        }
        if ((mc.kernel_path && add_image(s, "kernel", mc.kernel_path, err, sizeof err)) ||
            (mc.bios_kind == BIOS_FILE && add_image(s, "bios", mc.bios_path, err, sizeof err)) ||
            (mc.initrd_path && add_image(s, "initrd", mc.initrd_path, err, sizeof err)) ||
            add_drives(s, &mc, err, sizeof err) || trace_commit(s->trace)) {
            fprintf(stderr, "rewind record: %s\n", err);
            goto out;
        }
    }
    if (mode == SESSION_REPLAY) {
        if (trace_meta_get(s->trace, "config.append", s->append, sizeof s->append) == 0)
            mc.append = s->append;
    }

    bool want_traps = mode == SESSION_RECORD || so->trap_fn;
    struct machine_io io = {s, on_console, on_pull, want_traps ? on_trap : NULL};
    s->m = machine_create(&mc, &io, err);
    if (!s->m) {
        fprintf(stderr, "rewind %s: %s\n", cmd_name(mode), err);
        goto out;
    }
    if (desc[0]) /* only now: an error above stays the one line printed */
        fprintf(stderr, "rewind: %s\n", desc);
    rr_attach(&s->rr, s->m);
    if (check_or_store_dtb(s, err, sizeof err)) {
        fprintf(stderr, "rewind %s: %s\n", cmd_name(mode), err);
        rc = mode == SESSION_REPLAY ? 3 : 2;
        goto out;
    }
    s->ckpt = ckpt_create(s->m);
    if (!s->ckpt) {
        fprintf(stderr, "rewind %s: out of memory\n", cmd_name(mode));
        goto out;
    }
    s->ckpt_every = so->checkpoint_every ? so->checkpoint_every : DEFAULT_CHECKPOINT_EVERY;
    s->next_ckpt_step = 0;
    console_init(&s->con, so->ro.expect, so->ro.fail);
    if (mode == SESSION_REPLAY)
        s->con.eof = true; /* a replay takes no input from the host */
    s->t0 = s->last_commit = now_s();

    const char *end_reason;
    rc = run_loop(s, &end_reason);
    double secs = now_s() - s->t0;
    console_restore(&s->con);
    if (mode == SESSION_RECORD) {
        if (s->checkpoints_done == 0 || s->last_ckpt_step != s->m->steps)
            take_checkpoint(s); /* the final state, so a replay checks where it ends */
        meta_u64(s->trace, "final_step", s->m->steps);
        trace_meta_set(s->trace, "end_reason", end_reason);
        meta_u64(s->trace, "exit_code", (uint64_t)rc);
        char ws[32];
        snprintf(ws, sizeof ws, "%.3f", secs);
        trace_meta_set(s->trace, "wall_seconds", ws);
        if (commit(s))
            fprintf(stderr, "rewind record: %s: could not finish writing the trace\n", so->trace_path);
        else
            fprintf(stderr, "rewind: recorded %llu steps, %llu checkpoints, %llu inputs into %s\n",
                    (unsigned long long)s->m->steps, (unsigned long long)s->checkpoints_done,
                    (unsigned long long)(s->rr.counts[1] + s->rr.counts[2] + s->rr.counts[3] + s->rr.counts[4]),
                    so->trace_path);
    }
    if (mode == SESSION_RUN && !so->ro.snapshot) {
        for (unsigned i = 0; i < mc.ndrives; i++)
            if (s->m->drives[i] && !mc.drives[i].readonly && disk_image_writeback(s->m->drives[i]))
                fprintf(stderr, "rewind: could not write guest changes back to %s\n", mc.drives[i].path);
    }
    if (mode == SESSION_REPLAY && rc == 0) {
        if (s->end_known && s->m->steps != s->end_step && !so->ro.until_step && !so->ro.expect) {
            fprintf(stderr, "%srewind: replay diverged: the guest stopped at step %llu, the recording at %llu\n",
                    s->con.mid_line ? "\n" : "", (unsigned long long)s->m->steps, (unsigned long long)s->end_step);
            rc = 3;
        } else {
            uint64_t h = ckpt_take(s->ckpt, s->m, &s->detail);
            fprintf(stderr, "%srewind: replay matched: %llu steps, %llu of %zu checkpoints checked, "
                            "final state hash %016llx\n",
                    s->con.mid_line ? "\n" : "", (unsigned long long)s->m->steps, (unsigned long long)s->checkpoints_done, s->nckpts,
                    (unsigned long long)h);
        }
    } else if (mode == SESSION_REPLAY && rc != 3) {
        /* The guest's own exit status, as recorded. */
        char v[32];
        if (trace_meta_get(s->trace, "exit_code", v, sizeof v) == 0 && strtol(v, NULL, 10) == rc)
            fprintf(stderr, "rewind: replay matched: %llu steps, %llu checkpoints checked; exit status %d as recorded\n",
                    (unsigned long long)s->m->steps, (unsigned long long)s->checkpoints_done, rc);
    }
    if (so->ro.stats)
        fprintf(stderr, "rewind: steps=%llu seconds=%.3f mips=%.1f\n", (unsigned long long)s->m->steps, secs,
                secs > 0 ? (double)s->m->steps / secs / 1e6 : 0.0);
out:
    console_restore(&s->con);
    /* A recording whose machine never started holds nothing to replay, and
     * would make the next attempt fail with "already exists". */
    bool discard = mode == SESSION_RECORD && s->trace && !s->m;
    ckpt_destroy(s->ckpt); /* before the machine: it is registered with its bus */
    s->ckpt = NULL;
    if (s->m)
        machine_destroy(s->m);
    if (mode == SESSION_REPLAY) {
        remove_tmpdir(s, &mc);
        /* In a replay every image path was allocated by resolve_images. */
        free((char *)mc.kernel_path);
        free((char *)mc.bios_path);
        free((char *)mc.initrd_path);
        for (unsigned i = 0; i < mc.ndrives; i++)
            free((char *)mc.drives[i].path);
    }
    trace_checkpoints_free(s->ckpts, s->nckpts);
    trace_close(s->trace);
    if (discard)
        unlink(so->trace_path);
    rr_free(&s->rr);
    sbuf_free(&s->detail);
    sbuf_free(&s->conbuf);
    free(s);
    return rc;
}
