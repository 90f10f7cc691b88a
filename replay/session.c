/* The session: one machine, run live, recorded or replayed (session.h).
 * The machine runs in slices; between slices the session delivers inputs
 * through the input log, takes or checks checkpoints at exact positions,
 * and commits a recording at least once a second, so a killed recording
 * stays a replayable prefix. */
#include "replay/session.h"
#include "core/engine.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <xxhash.h>

#include "core/loader.h"
#include "devices/disk_image.h"
#include "replay/session_internal.h"

#define DEFAULT_CHECKPOINT_EVERY 20000000ull
#define EMBED_LIMIT (16u << 20)
#define REWIND_VERSION "0.2.0"

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* ---- callbacks from the machine ---- */

static void put_varint(struct sbuf *b, uint64_t v)
{
    while (v >= 0x80) {
        put_u8(b, (uint8_t)(v | 0x80));
        v >>= 7;
    }
    put_u8(b, (uint8_t)v);
}

static void end_piece(struct session *s)
{
    if (!s->in_piece)
        return;
    put_varint(&s->conlines, s->piece_step - s->last_piece_step);
    put_varint(&s->conlines, s->piece_len);
    s->last_piece_step = s->piece_step;
    s->in_piece = false;
    s->piece_len = 0;
}

/* Console rows gather many lines (a row per line cost more than the text
 * on chatty guests); each line keeps its own step in the row's `lines`. */
static void flush_console_row(struct session *s)
{
    end_piece(s);
    if (s->conbuf.len && s->trace) {
        if (s->conlines.oom || trace_console_add(s->trace, s->conbuf_step, s->conbuf.data, s->conbuf.len,
                                                 s->conlines.data, s->conlines.len))
            s->trace_error = true;
    }
    sbuf_reset(&s->conbuf);
    sbuf_reset(&s->conlines);
}

static void record_console(struct session *s, const uint8_t *buf, size_t n)
{
    uint64_t at = machine_position(s->m);
    for (size_t i = 0; i < n; i++) {
        if (!s->in_piece) {
            if (!s->conbuf.len)
                s->conbuf_step = s->last_piece_step = at;
            s->piece_step = at;
            s->in_piece = true;
        }
        put_u8(&s->conbuf, buf[i]);
        s->piece_len++;
        if (buf[i] == '\n')
            end_piece(s);
    }
    if (s->conbuf.len >= 4096)
        flush_console_row(s);
}

/* Keep what a live session printed, for monitor console; when the log
 * outgrows CONLOG_MAX its older half goes. */
void session_log_console(struct session *s, uint64_t step, const uint8_t *buf, size_t n)
{
    uint64_t piece[2] = {step, s->conlog.len};
    put_bytes(&s->conlog_steps, piece, sizeof piece);
    put_bytes(&s->conlog, buf, n);
    if (s->conlog.len <= CONLOG_MAX || s->conlog.oom || s->conlog_steps.oom)
        return;
    size_t drop = s->conlog.len / 2, np = s->conlog_steps.len / sizeof piece, k = 0;
    uint64_t *ps = (uint64_t *)s->conlog_steps.data;
    while (k < np && ps[2 * k + 1] < drop)
        k++;
    if (k > 0 && ps[2 * (k - 1) + 1] < drop) /* the piece that straddles: keep its tail */
        k--, ps[2 * k + 1] = drop;
    for (size_t i = k; i < np; i++)
        ps[2 * (i - k)] = ps[2 * i], ps[2 * (i - k) + 1] = ps[2 * i + 1] - drop;
    s->conlog_steps.len = (np - k) * sizeof piece;
    memmove(s->conlog.data, s->conlog.data + drop, s->conlog.len - drop);
    s->conlog.len -= drop;
}

static void on_console(void *opaque, const uint8_t *buf, size_t n)
{
    struct session *s = opaque;
    /* Going forward again after a seek back replays output the front end
     * has already been given (and a recording has already stored). */
    if (machine_position(s->m) < s->seen_until)
        return;
    if (s->mode == SESSION_RECORD)
        record_console(s, buf, n);
    if (s->mode != SESSION_REPLAY)
        session_log_console(s, machine_position(s->m), buf, n);
    if (s->hooks.console_out)
        s->hooks.console_out(s->hooks.opaque, buf, n);
}

static int on_pull(void *opaque, enum dev_input_kind kind, void *buf, size_t len)
{
    struct session *s = opaque;
    return rr_pull(&s->rr, kind, buf, len);
}

void session_on_trap(void *opaque, unsigned hart, uint64_t step, uint64_t cause, uint64_t epc,
                    uint64_t tval, unsigned priv)
{
    struct session *s = opaque;
    if (s->hooks.trap)
        s->hooks.trap(s->hooks.opaque, hart, step, cause, epc, tval, priv);
    if (s->observe_trap)
        s->observe_trap(s->observe_opaque, hart, step, cause, epc, tval, priv);
    if (s->mode == SESSION_RECORD && !s->rr.behind && hart < MAX_HARTS)
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
    bool embed = !s->cfg.no_embed && (s->cfg.embed || size <= EMBED_LIMIT);
    /* Stored by path, an image must be found again from any directory. */
    char *abs = realpath(path, NULL);
    int r = trace_image_add(s->trace, role, abs ? abs : path, h, data, size, embed);
    free(abs);
    free(data);
    if (r)
        snprintf(err, errlen, "%s: cannot store image %s in the trace", s->cfg.trace_path, path);
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
    uint64_t newest = s->seen_until > s->m->steps ? s->seen_until : s->m->steps;
    if (rr_flush(&s->rr) || meta_u64(s->trace, "committed_step", newest) ||
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
                 s->cfg.trace_path, key); return -1; } } while (0)
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
            snprintf(err, errlen, "%.200s: unknown network setting %lu in the trace", s->cfg.trace_path, n);
            return -1;
        }
        mc->net = (int)n;
    }
    if (trace_meta_get(t, "config.ndrives", v, sizeof v) == 0) {
        mc->ndrives = (unsigned)strtoul(v, NULL, 10);
        if (mc->ndrives > MACHINE_MAX_DRIVES) {
            snprintf(err, errlen, "%.200s: the trace names %u drives (at most %d)", s->cfg.trace_path,
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
                         s->cfg.trace_path, im->role, im->name);
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
        if (!strcmp(im->role, "kernel")) {
            mc->kernel_path = path;
            snprintf(s->kernel_name, sizeof s->kernel_name, "%s", im->name);
        }
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
            snprintf(err, errlen, "%.200s: drive %u is missing from the trace's images", s->cfg.trace_path, i);
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
            snprintf(err, errlen, "%.200s: cannot store the device tree", s->cfg.trace_path);
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
/* ---- opening ---- */

static int open_replay(struct session *s, char *notice, size_t noticelen, char *err, size_t errlen)
{
    /* Every image path of a replay is allocated from the trace; none
     * comes from the caller; the engine does (either replays any trace). */
    machine_config_defaults(&s->mc);
    s->mc.engine = s->cfg.mc.engine;
    s->trace = trace_open(s->cfg.trace_path, err, errlen);
    if (!s->trace)
        return -1;
    if (set_config_from_meta(s, &s->mc, err, errlen) || resolve_images(s, &s->mc, err, errlen))
        return -1;
    char v[64];
    if (trace_meta_get(s->trace, "final_step", v, sizeof v) == 0) {
        s->end_step = strtoull(v, NULL, 10);
    } else {
        /* A killed recorder: replay what it committed (nothing past its
         * first commit means step 0). */
        s->end_step = trace_meta_get(s->trace, "committed_step", v, sizeof v) == 0
                          ? strtoull(v, NULL, 10) : 0;
        snprintf(notice, noticelen, "this recording was not finished (rewind record was killed?); "
                                    "replaying its committed prefix, up to step %llu",
                 (unsigned long long)s->end_step);
    }
    s->rr.trace = s->trace;
    char why[512];
    if (rr_load(&s->rr, why, sizeof why) || trace_checkpoints(s->trace, &s->ckpts, &s->nckpts, why, sizeof why)) {
        snprintf(err, errlen, "%.200s: %s", s->cfg.trace_path, why);
        return -1;
    }
    if (trace_meta_get(s->trace, "config.append", s->append, sizeof s->append) == 0)
        s->mc.append = s->append;
    return 0;
}

static int open_record(struct session *s, char *err, size_t errlen)
{
    const struct machine_config *mc = &s->mc;
    s->trace = trace_create(s->cfg.trace_path, s->cfg.force, err, errlen);
    if (!s->trace)
        return -1;
    s->rr.trace = s->trace;
    char when[64];
    time_t now = time(NULL);
    strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", gmtime(&now));
    int w = trace_meta_set(s->trace, "rewind_version", REWIND_VERSION) |
            trace_meta_set(s->trace, "command_line",
                           s->cfg.command_line ? s->cfg.command_line : "rewind record") |
            trace_meta_set(s->trace, "created", when) |
            meta_u64(s->trace, "config.ram_size", mc->ram_size) |
            meta_u64(s->trace, "config.nharts", mc->nharts) |
            meta_u64(s->trace, "config.quantum", mc->quantum) |
            meta_u64(s->trace, "config.chaos_seed", mc->chaos_seed) |
            trace_meta_set(s->trace, "config.bios", mc->bios_kind == BIOS_NONE ? "none" : "file") |
            trace_meta_set(s->trace, "config.engine", mc->engine ? mc->engine : engine_default()) |
            meta_u64(s->trace, "config.checkpoint_every", s->ckpt_every);
    if (mc->append)
        w |= trace_meta_set(s->trace, "config.append", mc->append);
    if (w) {
        snprintf(err, errlen, "%s: cannot write the trace", s->cfg.trace_path);
        return -1;
    }
    if ((mc->kernel_path && add_image(s, "kernel", mc->kernel_path, err, errlen)) ||
        (mc->bios_kind == BIOS_FILE && add_image(s, "bios", mc->bios_path, err, errlen)) ||
        (mc->initrd_path && add_image(s, "initrd", mc->initrd_path, err, errlen)) ||
        add_drives(s, mc, err, errlen) || trace_commit(s->trace)) {
        if (!err[0])
            snprintf(err, errlen, "%s: cannot write the trace", s->cfg.trace_path);
        return -1;
    }
    return 0;
}

struct session *session_open(const struct session_config *c, const struct session_hooks *h,
                             char *notice, size_t noticelen, bool *differs, char *err, size_t errlen)
{
    *differs = false;
    char scratch[8];
    if (!notice) {
        notice = scratch;
        noticelen = sizeof scratch;
    }
    notice[0] = 0;
    err[0] = 0;
    struct session *s = calloc(1, sizeof *s);
    if (!s) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    s->cfg = *c;
    if (h)
        s->hooks = *h;
    s->mode = c->mode;
    s->mc = c->mc;
    s->ckpt_every = c->checkpoint_every ? c->checkpoint_every : DEFAULT_CHECKPOINT_EVERY;
    sbuf_init(&s->detail);
    sbuf_init(&s->conbuf);
    sbuf_init(&s->conlines);
    s->from_trace = s->mode == SESSION_REPLAY;
    rr_init(&s->rr, s->mode == SESSION_RECORD ? RR_RECORD : s->mode == SESSION_REPLAY ? RR_REPLAY : RR_LIVE,
            NULL);
    if (s->mode == SESSION_REPLAY) {
        if (open_replay(s, notice, noticelen, err, errlen))
            goto fail;
    } else {
        enum bios_kind bk;
        const char *bp;
        char merr[MACHINE_ERR_LEN];
        if (machine_config_check(&s->mc, merr) ||
            machine_resolve_bios(&s->mc, &bk, &bp, notice, noticelen, merr)) {
            snprintf(err, errlen, "%s", merr);
            goto fail;
        }
        s->mc.bios_kind = bk;
        s->mc.bios_path = bp;
        if (s->mode == SESSION_RECORD && open_record(s, err, errlen))
            goto fail;
    }
    bool want_traps = s->mode == SESSION_RECORD || s->hooks.trap;
    struct machine_io io = {s, on_console, on_pull, want_traps ? session_on_trap : NULL};
    char merr[MACHINE_ERR_LEN];
    s->m = machine_create(&s->mc, &io, merr);
    if (!s->m) {
        snprintf(err, errlen, "%s", merr);
        goto fail;
    }
    rr_attach(&s->rr, s->m);
    if (check_or_store_dtb(s, err, errlen)) {
        *differs = s->mode == SESSION_REPLAY;
        goto fail;
    }
    s->ckpt = ckpt_create(s->m);
    if (!s->ckpt) {
        snprintf(err, errlen, "out of memory");
        goto fail;
    }
    s->next_ckpt_step = 0;
    s->last_commit = now_s();
    if (c->snapshot_every) {
        /* Live and recording sessions keep their inputs too, to replay
         * them after going back. */
        if (s->mode != SESSION_REPLAY)
            rr_keep_history(&s->rr);
        s->snap_every = c->snapshot_every;
        s->snaps = snap_create(s->m, c->snapshot_mem);
        if (!s->snaps || snap_take(s->snaps, s->rr.push_next, s->rr.pull_next)) {
            snprintf(err, errlen, "out of memory for snapshots");
            goto fail;
        }
        s->next_snap_step = s->snap_every;
        if (s->mode == SESSION_REPLAY)
            session_load_saved_snapshots(s, notice, noticelen);
    }
    return s;
fail:
    /* A recording whose machine never started holds nothing to replay, and
     * would make the next attempt fail with "already exists". */
    if (s->mode == SESSION_RECORD && s->trace && !s->m) {
        trace_close(s->trace);
        s->trace = NULL;
        unlink(c->trace_path);
    }
    session_close(s);
    return NULL;
}

/* ---- running ---- */

/* At a snapshot position: take one, or note that an existing one was
 * reached again (restores from here are then cheap). */
static int snapshot_here(struct session *s)
{
    uint64_t at = s->m->steps;
    long k = snap_find(s->snaps, at);
    if (k >= 0 && snap_step(s->snaps, (size_t)k) == at)
        snap_passed(s->snaps, (size_t)k);
    else if (snap_take(s->snaps, s->rr.push_next, s->rr.pull_next))
        return -1;
    s->next_snap_step = (at / s->snap_every + 1) * s->snap_every;
    return 0;
}

static int check_checkpoint_here(struct session *s, char *err, size_t errlen)
{
    if (s->mode == SESSION_REPLAY && s->next_ckpt < s->nckpts && s->ckpts[s->next_ckpt].step == s->m->steps)
        return check_checkpoint(s, err, errlen);
    return 0;
}

enum session_event session_run(struct session *s, uint64_t until, char *err, size_t errlen)
{
    struct machine *m = s->m;
    err[0] = 0;
    for (;;) {
        /* A live or recording session back at its newest position takes
         * inputs from the host again. */
        if (s->rr.behind && m->steps >= s->seen_until) {
            /* Inputs taken at the newest position itself are replayed too. */
            if (rr_deliver_due(&s->rr)) {
                snprintf(err, errlen, "replay diverged: %s", s->rr.why);
                return SESSION_DIVERGED;
            }
            rr_set_behind(&s->rr, false);
        }
        bool replaying = s->mode == SESSION_REPLAY || s->rr.behind;
        if (replaying) {
            if (rr_deliver_due(&s->rr)) {
                snprintf(err, errlen, "replay diverged: %s", s->rr.why);
                return SESSION_DIVERGED;
            }
            if (s->cfg.perturb_at && m->steps == s->cfg.perturb_at)
                m->harts[0].x[10] ^= 1; /* test hook: make the replay differ */
            if (check_checkpoint_here(s, err, errlen))
                return SESSION_DIVERGED;
            if (s->mode == SESSION_REPLAY && m->steps >= s->end_step)
                return SESSION_END;
        }
        if (s->mode == SESSION_RECORD && !s->rr.behind && m->steps >= s->next_ckpt_step) {
            take_checkpoint(s);
            s->next_ckpt_step = m->steps + s->ckpt_every;
        }
        if (s->snaps && m->steps >= s->next_snap_step && snapshot_here(s)) {
            snprintf(err, errlen, "out of memory for snapshots");
            return SESSION_ERROR;
        }
        if (m->steps > s->seen_until)
            s->seen_until = m->steps;
        if (m->steps >= until)
            return SESSION_REACHED;

        uint64_t target = m->steps + machine_slice_steps(m);
        if (until < target) target = until;
        if (s->mode == SESSION_RECORD && s->next_ckpt_step < target) target = s->next_ckpt_step;
        if (s->snaps && s->next_snap_step < target) target = s->next_snap_step;
        if (replaying) {
            uint64_t p = rr_next_push(&s->rr);
            if (p < target) target = p;
            if (s->next_ckpt < s->nckpts && s->ckpts[s->next_ckpt].step < target)
                target = s->ckpts[s->next_ckpt].step;
            uint64_t end = s->mode == SESSION_REPLAY ? s->end_step : s->seen_until;
            if (end < target) target = end;
            if (s->cfg.perturb_at && s->cfg.perturb_at > m->steps && s->cfg.perturb_at < target)
                target = s->cfg.perturb_at;
        }
        enum machine_stop why = MSTOP_BUDGET;
        uint64_t from = m->steps;
        m->lockstep_checked = s->checked_until;
        if (target > m->steps)
            why = machine_run(m, target - m->steps);
        if (m->steps > s->seen_until)
            s->seen_until = m->steps;
        if (from <= s->checked_until && m->steps > s->checked_until)
            s->checked_until = m->steps;
        if (s->rr.diverged) {
            snprintf(err, errlen, "replay diverged: %s", s->rr.why);
            return SESSION_DIVERGED;
        }
        /* A guest that stops exactly at a checkpoint is checked there too. */
        if (why != MSTOP_BUDGET && check_checkpoint_here(s, err, errlen))
            return SESSION_DIVERGED;
        if (s->mode == SESSION_RECORD && now_s() - s->last_commit >= 1.0)
            session_commit(s);
        if (s->trace_error) {
            snprintf(err, errlen, "writing the trace %s failed (disk full?)", s->cfg.trace_path);
            return SESSION_ERROR;
        }
        switch (why) {
        case MSTOP_POWEROFF:
            return SESSION_POWEROFF;
        case MSTOP_FAIL:
            return SESSION_FAIL;
        case MSTOP_REBOOT:
            return SESSION_REBOOT;
        case MSTOP_REQUEST:
            return SESSION_STOPPED;
        case MSTOP_BREAKPOINT:
            return SESSION_BREAKPOINT;
        case MSTOP_WATCHPOINT:
            return SESSION_WATCHPOINT;
        case MSTOP_DIVERGED: /* --engine lockstep: the engines disagree */
            snprintf(err, errlen, "%s", m->diverge_report);
            return SESSION_DIVERGED;
        case MSTOP_IDLE:
            if (replaying) {
                uint64_t next = rr_next_push(&s->rr);
                uint64_t end = s->mode == SESSION_REPLAY ? s->end_step : s->seen_until;
                if (next == UINT64_MAX && m->steps >= end) {
                    if (s->mode == SESSION_REPLAY)
                        return SESSION_END;
                    rr_set_behind(&s->rr, false); /* at the newest position: live again */
                    return SESSION_IDLE;
                }
                if (next != m->steps) {
                    if (m->steps < end)
                        snprintf(err, errlen, "replay diverged: every hart waits at step %llu before "
                                              "the recording ends", (unsigned long long)m->steps);
                    else
                        snprintf(err, errlen, "replay diverged: every hart waits at step %llu, but "
                                              "the next input is at step %llu",
                                 (unsigned long long)m->steps, (unsigned long long)next);
                    return SESSION_DIVERGED;
                }
                break; /* the input due now wakes a hart */
            }
            if (s->mode == SESSION_RECORD)
                session_commit(s);
            return SESSION_IDLE;
        case MSTOP_BUDGET:
            break;
        }
    }
}

int session_seek(struct session *s, uint64_t step, char *err, size_t errlen)
{
    if (!s->snaps) {
        snprintf(err, errlen, "this session keeps no snapshots: it cannot go back");
        return -1;
    }
    if (s->mode == SESSION_REPLAY && step > s->end_step) {
        snprintf(err, errlen, "step %llu is past the end of the recording (%llu)",
                 (unsigned long long)step, (unsigned long long)s->end_step);
        return -1;
    }
    if (step < s->m->steps || step - s->m->steps > s->snap_every) {
        long k = snap_find(s->snaps, step);
        uint64_t push, pull;
        /* Forward from where we are when that is nearer than any snapshot. */
        if (k >= 0 && !(step >= s->m->steps && snap_step(s->snaps, (size_t)k) <= s->m->steps)) {
            if (snap_restore(s->snaps, (size_t)k, &push, &pull)) {
                snprintf(err, errlen, "a snapshot could not be restored");
                return -1;
            }
            rr_set_behind(&s->rr, s->m->steps < s->seen_until);
            s->rr.push_next = (size_t)push;
            s->rr.pull_next = (size_t)pull;
            s->rr.diverged = false;
            /* The next checkpoint to check is the first not before here. */
            size_t lo = 0, hi = s->nckpts;
            while (lo < hi) {
                size_t mid = lo + (hi - lo) / 2;
                if (s->ckpts[mid].step < s->m->steps)
                    lo = mid + 1;
                else
                    hi = mid;
            }
            s->next_ckpt = lo;
            s->next_snap_step = (s->m->steps / s->snap_every + 1) * s->snap_every;
        }
    }
    enum session_event ev = session_run(s, step, err, errlen);
    if (s->m->steps != step) {
        if (!err[0])
            snprintf(err, errlen, "the machine stopped at step %llu before reaching %llu",
                     (unsigned long long)s->m->steps, (unsigned long long)step);
        return -1;
    }
    return ev == SESSION_DIVERGED || ev == SESSION_ERROR ? -1 : 0;
}

int session_keep_history(struct session *s, uint64_t every, size_t mem, char *err, size_t errlen)
{
    if (s->snaps)
        return 0;
    if (s->mode != SESSION_REPLAY)
        rr_keep_history(&s->rr);
    s->snap_every = every;
    s->snaps = snap_create(s->m, mem);
    if (!s->snaps || snap_take(s->snaps, s->rr.push_next, s->rr.pull_next)) {
        snap_destroy(s->snaps);
        s->snaps = NULL;
        snprintf(err, errlen, "out of memory for snapshots");
        return -1;
    }
    s->next_snap_step = (s->m->steps / every + 1) * every;
    return 0;
}

int session_set_breakpoints(struct session *s, const uint64_t *pcs, unsigned n, uint64_t skip_at)
{
    return machine_set_breakpoints(s->m, pcs, n, skip_at);
}

int session_set_watchpoints(struct session *s, const struct machine_watch *w, unsigned n,
                            uint64_t skip_at)
{
    return machine_set_watchpoints(s->m, w, n, skip_at);
}

uint64_t session_watch_hit(const struct session *s)
{
    return s->m->watch_hit_addr;
}

uint64_t session_history_start(const struct session *s)
{
    return s->snaps && snap_count(s->snaps) ? snap_step(s->snaps, 0) : 0;
}

uint64_t session_snapshot_before(const struct session *s, uint64_t step)
{
    if (!s->snaps || step == 0)
        return 0;
    long k = snap_find(s->snaps, step - 1);
    return k >= 0 ? snap_step(s->snaps, (size_t)k) : 0;
}

size_t session_snapshot_count(const struct session *s)
{
    return s->snaps ? snap_count(s->snaps) : 0;
}

size_t session_snapshot_memory(const struct session *s)
{
    return s->snaps ? snap_memory(s->snaps) : 0;
}

size_t session_input(struct session *s, const uint8_t *buf, size_t n)
{
    return s->mode == SESSION_REPLAY || s->rr.behind ? 0 : rr_console_push(&s->rr, buf, n);
}

void session_request_stop(struct session *s)
{
    machine_request_stop(s->m);
}

int session_commit(struct session *s)
{
    return commit(s);
}

int session_finish(struct session *s, const char *end_reason, int exit_code, double seconds)
{
    if (s->mode != SESSION_RECORD || !s->trace)
        return 0;
    if (s->rr.behind) { /* a debugger left us in the past: the recording ends at the newest */
        char err[256];
        session_run(s, s->seen_until, err, sizeof err);
    }
    if (s->checkpoints_done == 0 || s->last_ckpt_step != s->m->steps)
        take_checkpoint(s); /* the final state, so a replay checks where it ends */
    meta_u64(s->trace, "final_step", s->m->steps);
    trace_meta_set(s->trace, "end_reason", end_reason);
    meta_u64(s->trace, "exit_code", (uint64_t)exit_code);
    char ws[32];
    snprintf(ws, sizeof ws, "%.3f", seconds);
    trace_meta_set(s->trace, "wall_seconds", ws);
    return commit(s);
}

int session_write_back(struct session *s, char *err, size_t errlen)
{
    int rc = 0;
    for (unsigned i = 0; i < s->mc.ndrives; i++)
        if (s->m->drives[i] && !s->mc.drives[i].readonly && disk_image_writeback(s->m->drives[i])) {
            snprintf(err, errlen, "could not write guest changes back to %s", s->mc.drives[i].path);
            rc = -1;
        }
    return rc;
}

void session_close(struct session *s)
{
    if (!s)
        return;
    snap_destroy(s->snaps); /* these two before the machine: */
    ckpt_destroy(s->ckpt);  /* they are registered with its bus */
    if (s->m)
        machine_destroy(s->m);
    if (s->from_trace) {
        remove_tmpdir(s, &s->mc);
        /* In a replay every image path was allocated by resolve_images. */
        free((char *)s->mc.kernel_path);
        free((char *)s->mc.bios_path);
        free((char *)s->mc.initrd_path);
        for (unsigned i = 0; i < s->mc.ndrives; i++)
            free((char *)s->mc.drives[i].path);
    }
    trace_checkpoints_free(s->ckpts, s->nckpts);
    trace_close(s->trace);
    rr_free(&s->rr);
    sbuf_free(&s->detail);
    sbuf_free(&s->conbuf);
    sbuf_free(&s->conlines);
    sbuf_free(&s->conlog);
    sbuf_free(&s->conlog_steps);
    free(s);
}

struct machine *session_machine(struct session *s) { return s->m; }
const char *session_kernel_name(const struct session *s) { return s->kernel_name; }
const char *session_kernel_path(const struct session *s) { return s->mc.kernel_path ? s->mc.kernel_path : ""; }
uint64_t session_position(const struct session *s) { return s->m->steps; }
int session_exit_code(const struct session *s) { return s->m->exit_code; }
uint64_t session_end_step(const struct session *s)
{
    return s->mode == SESSION_REPLAY ? s->end_step : UINT64_MAX;
}
uint64_t session_checkpoints_done(const struct session *s) { return s->checkpoints_done; }
size_t session_checkpoints_total(const struct session *s) { return s->nckpts; }

uint64_t session_state_hash(struct session *s)
{
    return ckpt_take(s->ckpt, s->m, &s->detail);
}

int session_recorded_exit(struct session *s)
{
    char v[32];
    if (!s->trace || trace_meta_get(s->trace, "exit_code", v, sizeof v))
        return -1;
    return (int)strtol(v, NULL, 10);
}

uint64_t session_inputs_logged(const struct session *s)
{
    return s->rr.counts[1] + s->rr.counts[2] + s->rr.counts[3] + s->rr.counts[4] + s->rr.counts[5];
}

