/* libFuzzer target for the trace reader: whatever bytes a .rwd file holds,
 * opening it and reading every table either works or fails with a message;
 * it never crashes, hangs or leaks.  The bytes go to a private file because
 * SQLite reads files, not buffers. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "replay/rr.h"
#include "trace/trace.h"

/* rr.c's ties to a running machine, unused when only loading a log. */
size_t machine_console_input(struct machine *m, const uint8_t *buf, size_t n)
{
    (void)m; (void)buf;
    return n;
}
uint64_t machine_position(const struct machine *m) { (void)m; return 0; }
void machine_request_stop(struct machine *m) { (void)m; }
int debug_write_apply(struct machine *m, const uint8_t *rec, size_t len)
{
    (void)m; (void)rec;
    return len ? 0 : -1;
}

static int count_snapshot(void *opaque, uint64_t step, const uint8_t *raw, size_t len)
{
    (void)step;
    *(size_t *)opaque += len && raw[0];
    return 0;
}

static int count_row(void *opaque, uint64_t step, const uint8_t *data, size_t len)
{
    size_t *n = opaque;
    (void)step;
    for (size_t i = 0; i < len; i++)
        *n += data[i] == '\n';
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char path[64];
    snprintf(path, sizeof path, "/tmp/rewind-fuzz-trace-%d.rwd", (int)getpid());
    FILE *f = fopen(path, "wb");
    if (!f)
        return 0;
    fwrite(data, 1, size, f);
    fclose(f);
    char err[TRACE_ERR_LEN];
    struct trace *t = trace_open(path, err, sizeof err);
    if (t) {
        char v[256];
        trace_meta_get(t, "final_step", v, sizeof v);
        struct trace_image *imgs;
        size_t n;
        if (trace_images(t, &imgs, &n, err, sizeof err) == 0)
            trace_images_free(imgs, n);
        struct rr_log l;
        rr_init(&l, RR_REPLAY, t);
        rr_load(&l, err, sizeof err);
        rr_free(&l);
        struct trace_checkpoint *c;
        if (trace_checkpoints(t, &c, &n, err, sizeof err) == 0)
            trace_checkpoints_free(c, n);
        size_t lines = 0;
        trace_console_each(t, count_row, &lines, err, sizeof err);
        trace_snapshots_each(t, count_snapshot, &lines, err, sizeof err);
        struct trace_stats st;
        trace_stats(t, &st);
        trace_close(t);
    }
    unlink(path);
    char side[80];
    snprintf(side, sizeof side, "%s-wal", path);
    unlink(side);
    snprintf(side, sizeof side, "%s-shm", path);
    unlink(side);
    return 0;
}
