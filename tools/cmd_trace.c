/* rewind info / rewind console: read a trace without replaying it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "replay/rr.h"
#include "tools/commands.h"
#include "trace/trace.h"

static struct trace *open_one(const char *cmd, int argc, char **argv, bool *steps)
{
    const char *path = NULL;
    for (int i = 0; i < argc; i++) {
        if (steps && !strcmp(argv[i], "--steps")) {
            *steps = true;
        } else if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            printf("usage: rewind %s %sFILE.rwd\n", cmd, steps ? "[--steps] " : "");
            exit(0);
        } else if (argv[i][0] == '-') {
            fprintf(stderr, "rewind %s: unknown option %s\n", cmd, argv[i]);
            return NULL;
        } else if (path) {
            fprintf(stderr, "rewind %s: give one trace file\n", cmd);
            return NULL;
        } else {
            path = argv[i];
        }
    }
    if (!path) {
        fprintf(stderr, "usage: rewind %s %sFILE.rwd\n", cmd, steps ? "[--steps] " : "");
        return NULL;
    }
    char err[TRACE_ERR_LEN];
    struct trace *t = trace_open(path, err, sizeof err);
    if (!t)
        fprintf(stderr, "rewind %s: %s\n", cmd, err);
    return t;
}

static void human(uint64_t n, char *buf, size_t len)
{
    if (n >= (10ull << 20))
        snprintf(buf, len, "%.1f MiB", (double)n / (1 << 20));
    else if (n >= (10ull << 10))
        snprintf(buf, len, "%.1f KiB", (double)n / (1 << 10));
    else
        snprintf(buf, len, "%llu bytes", (unsigned long long)n);
}

int cmd_info(int argc, char **argv)
{
    struct trace *t = open_one("info", argc, argv, NULL);
    if (!t)
        return 2;
    char v[4096], err[TRACE_ERR_LEN];
    static const struct { const char *key, *label; } rows[] = {
        {"command_line", "command"}, {"created", "recorded"}, {"rewind_version", "rewind"},
        {"config.ram_size", "RAM (bytes)"}, {"config.nharts", "harts"}, {"config.quantum", "quantum"},
        {"config.chaos_seed", "chaos seed"}, {"config.bios", "firmware"}, {"config.append", "bootargs"},
        {"config.checkpoint_every", "checkpoint every"}, {"config.ndrives", "drives"},
        {"config.rng", "virtio-rng"}, {"config.net", "virtio-net (0 off, 1 none, 2 loopback)"},
        {"final_step", "steps"}, {"committed_step", "committed up to step"}, {"end_reason", "ended by"},
        {"exit_code", "exit status"}, {"wall_seconds", "wall time (s)"},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
        if (trace_meta_get(t, rows[i].key, v, sizeof v) == 0)
            printf("%-22s %s\n", rows[i].label, v);
    if (trace_meta_get(t, "final_step", v, sizeof v) != 0)
        printf("%-22s %s\n", "state", "unfinished (the recorder was killed; replays its committed prefix)");
    struct trace_image *imgs;
    size_t n;
    if (trace_images(t, &imgs, &n, err, sizeof err) == 0) {
        for (size_t i = 0; i < n; i++) {
            char sz[32];
            human(imgs[i].size, sz, sizeof sz);
            printf("%-22s %-7s %s (%s, hash %016llx, %s)\n", i ? "" : "images", imgs[i].role,
                   imgs[i].name, sz, (unsigned long long)imgs[i].hash,
                   imgs[i].data ? "embedded" : "by path");
        }
        trace_images_free(imgs, n);
    } else {
        printf("%-22s unreadable: %s\n", "images", err);
    }
    struct rr_log rr;
    rr_init(&rr, RR_REPLAY, t);
    if (rr_load(&rr, err, sizeof err) == 0) {
        printf("%-22s %zu (console %llu, entropy %llu, rtc %llu, net %llu", "inputs", rr.nentries,
               (unsigned long long)rr.counts[RR_CONSOLE], (unsigned long long)rr.counts[RR_ENTROPY],
               (unsigned long long)rr.counts[RR_RTC], (unsigned long long)rr.counts[RR_NET]);
        if (rr.counts[RR_DEBUG])
            printf(", changes made from gdb %llu", (unsigned long long)rr.counts[RR_DEBUG]);
        printf(")\n");
    } else {
        printf("%-22s unreadable: %s\n", "inputs", err);
    }
    struct trace_stats st;
    trace_stats(t, &st);
    uint64_t raw = rr.payload_len + 13 * rr.nentries;
    char a[32], b[32], c[32];
    human(raw, a, sizeof a);
    human(st.input_bytes_stored, b, sizeof b);
    human(st.file_size, c, sizeof c);
    printf("%-22s %s raw, %s stored in %llu chunks (%.1fx)\n", "input log", a, b,
           (unsigned long long)st.input_chunks, st.input_bytes_stored ? (double)raw / (double)st.input_bytes_stored : 0.0);
    char d[32];
    human(st.checkpoint_bytes, d, sizeof d);
    printf("%-22s %llu (%s)\n", "checkpoints", (unsigned long long)st.checkpoints, d);
    printf("%-22s %llu bytes in %llu rows\n", "console", (unsigned long long)st.console_bytes,
           (unsigned long long)st.console_rows);
    printf("%-22s %llu (counted per checkpoint interval in %llu rows; "
           "the list: rewind traps)\n", "traps", (unsigned long long)st.traps,
           (unsigned long long)st.trap_count_rows);
    if (st.traps_listed)
        printf("%-22s %llu rows (rewind traps --sql)\n", "traps table", (unsigned long long)st.traps_listed);
    if (st.snapshots)
        printf("%-22s %llu, %.1f MiB (rewind replay --save-snapshots)\n", "saved snapshots",
               (unsigned long long)st.snapshots, (double)st.snapshot_bytes / 1048576.0);
    printf("%-22s %s\n", "file size", c);
    uint64_t steps = 0;
    if (trace_meta_get(t, "final_step", v, sizeof v) == 0 ||
        trace_meta_get(t, "committed_step", v, sizeof v) == 0)
        steps = strtoull(v, NULL, 10);
    uint64_t extra = st.image_bytes + st.snapshot_bytes; /* not the recording itself */
    if (steps >= 1000000 && st.file_size > extra)
        printf("%-22s %.1f bytes (file size without embedded images%s)\n", "per million steps",
               (double)(st.file_size - extra) / ((double)steps / 1e6), st.snapshots ? " and snapshots" : "");
    rr_free(&rr);
    trace_close(t);
    return 0;
}

struct con_ctx {
    bool steps;
    bool at_line_start;
};

static int print_row(void *opaque, uint64_t step, const uint8_t *data, size_t len)
{
    struct con_ctx *c = opaque;
    for (size_t i = 0; i < len; i++) {
        if (c->steps && c->at_line_start) {
            printf("[%12llu] ", (unsigned long long)step);
            c->at_line_start = false;
        }
        if (data[i] == '\r' && c->steps)
            continue;
        putchar(data[i]);
        if (data[i] == '\n')
            c->at_line_start = true;
    }
    return 0;
}

int cmd_console(int argc, char **argv)
{
    bool steps = false;
    struct trace *t = open_one("console", argc, argv, &steps);
    if (!t)
        return 2;
    struct con_ctx c = {steps, true};
    char err[TRACE_ERR_LEN];
    int r = trace_console_each(t, print_row, &c, err, sizeof err);
    fflush(stdout);
    if (r)
        fprintf(stderr, "rewind console: %s\n", err);
    trace_close(t);
    return r ? 2 : 0;
}
