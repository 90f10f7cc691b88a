/* The session API: a recording made through it replays, and a replay with
 * snapshots seeks to any position, backward or forward, reaching exactly
 * the state a straight replay had there — across typed console input —
 * without showing console output twice.
 *
 * The guest is the course kernel (examples/kernels/course): a shell that
 * takes typed commands, U-mode processes, timer and UART interrupts. */
#include <libgen.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "tests/unit/test_replay.h"

#include "tests/unit/test_files.h"

#include "replay/session.h"

#define NPROBES 12

static char kernel[4096];
static char trace_path[64];
static uint64_t typed_at[2]; /* where the two commands were typed */

struct output {
    char text[65536];
    size_t len;
};

static void capture(void *opaque, const uint8_t *buf, size_t n)
{
    struct output *o = opaque;
    if (o->len + n < sizeof o->text) {
        memcpy(o->text + o->len, buf, n);
        o->len += n;
    }
}

static enum session_event run_to(struct session *s, uint64_t step)
{
    char err[512];
    enum session_event ev = session_run(s, step, err, sizeof err);
    if (ev != SESSION_REACHED && ev != SESSION_IDLE && ev != SESSION_END)
        fail_msg("session_run to %llu: event %d: %s", (unsigned long long)step, ev, err);
    return ev;
}

/* Run until every hart waits for input (the shell's prompt). */
static void run_to_prompt(struct session *s)
{
    while (run_to(s, UINT64_MAX) != SESSION_IDLE)
        ;
}

/* Record: reach the prompt, type two commands at fixed positions. */
static void record(struct output *out)
{
    struct session_config c = {.mode = SESSION_RECORD, .trace_path = trace_path, .force = true,
                               .checkpoint_every = 5000000};
    machine_config_defaults(&c.mc);
    c.mc.kernel_path = kernel;
    c.mc.ram_size = 64ull << 20;
    struct session_hooks h = {.opaque = out, .console_out = capture};
    char notice[256], err[512];
    bool differs;
    struct session *s = session_open(&c, &h, notice, sizeof notice, &differs, err, sizeof err);
    if (!s)
        fail_msg("record: %s", err);
    /* The shell idles at its prompt with its timer off: typed lines are
     * the inputs, each at the position the guest waited. */
    run_to_prompt(s);
    assert_non_null(strstr(out->text, "$ "));
    typed_at[0] = session_position(s);
    assert_int_equal(session_input(s, (const uint8_t *)"work 1\r", 7), 7);
    run_to_prompt(s);
    typed_at[1] = session_position(s);
    assert_int_equal(session_input(s, (const uint8_t *)"stats\r", 6), 6);
    run_to_prompt(s);
    assert_non_null(strstr(out->text, "syscalls"));
    assert_int_equal(session_finish(s, "idle", 0, 0.0), 0);
    session_close(s);
}

static struct session *open_replay(struct output *out, uint64_t snap_every)
{
    struct session_hooks h = {.opaque = out, .console_out = capture};
    return test_open_replay(trace_path, snap_every, &h);
}

static void test_seek_anywhere(void **state)
{
    (void)state;
    struct output *rec = calloc(1, sizeof *rec), *straight = calloc(1, sizeof *straight),
                  *seeking = calloc(1, sizeof *seeking);
    record(rec);
    uint64_t end;

    /* A straight replay: the state hash at each probe position. */
    uint64_t probe[NPROBES], want[NPROBES];
    struct session *s = open_replay(straight, 0);
    end = session_end_step(s);
    assert_true(end >= 1000000);
    /* Around each typed line, and spread over the rest, in order. */
    uint64_t a = typed_at[0], b = typed_at[1];
    if (!(a > 1000 && b > a + 100000 && end > b + 20000))
        fail_msg("typed at %llu and %llu, end %llu", (unsigned long long)a, (unsigned long long)b,
                 (unsigned long long)end);
    const uint64_t p[NPROBES] = {0, a - 1, a, a + 1, a + 1000, a + (b - a) / 3, a + (b - a) * 2 / 3,
                                 b - 1, b, b + 5000, b + (end - b) / 2, end - 1};
    for (int i = 0; i < NPROBES; i++) {
        probe[i] = p[i];
        run_to(s, probe[i]);
        assert_int_equal(session_position(s), probe[i]);
        want[i] = session_state_hash(s);
    }
    run_to(s, end);
    char err[512];
    assert_int_equal(session_seek(s, 10, err, sizeof err), -1); /* no snapshots: refused */
    assert_non_null(strstr(err, "snapshot"));
    session_close(s);
    assert_int_equal(straight->len, rec->len);
    assert_memory_equal(straight->text, rec->text, rec->len);

    /* With snapshots: every probe in a scrambled order, each twice. */
    uint64_t every = end / 20;
    s = open_replay(seeking, every);
    /* Back across a typed line (0 then 4, 11 then 9), to the same place,
     * forward within and across snapshot intervals. */
    static const int order[] = {10, 0, 4, 11, 9, 9, 3, 2, 6, 1, 8, 7, 5, 0, 11, 4, 3};
    for (size_t k = 0; k < sizeof order / sizeof order[0]; k++) {
        int i = order[k];
        if (session_seek(s, probe[i], err, sizeof err))
            fail_msg("seek to %llu: %s", (unsigned long long)probe[i], err);
        assert_int_equal(session_position(s), probe[i]);
        assert_int_equal(session_state_hash(s), want[i]);
        if (k == 1) /* back at the start: nothing was shown twice */
            assert_true(seeking->len < straight->len && seeking->len > 0);
    }
    assert_true(session_snapshot_count(s) >= 19); /* every `every` steps up to the end */
    assert_true(session_snapshot_memory(s) > 0);
    /* One position back from the end, and the end itself. */
    assert_int_equal(session_seek(s, end - 1, err, sizeof err), 0);
    assert_int_equal(session_position(s), end - 1);
    assert_int_equal(session_seek(s, end, err, sizeof err), 0);
    assert_int_equal(session_seek(s, end + 1, err, sizeof err), -1);
    assert_non_null(strstr(err, "past the end"));
    /* Output was given once, in order, whatever the seeks. */
    assert_int_equal(seeking->len, straight->len);
    assert_memory_equal(seeking->text, straight->text, straight->len);
    session_close(s);
    test_unlink_trace(trace_path);
    free(rec);
    free(straight);
    free(seeking);
}

int main(int argc, char **argv)
{
    (void)argc;
    /* BUILD/tests/test_session -> BUILD/examples/course.elf */
    char self[2048];
    snprintf(self, sizeof self, "%s", argv[0]);
    snprintf(kernel, sizeof kernel, "%s/../examples/course.elf", dirname(self));
    snprintf(trace_path, sizeof trace_path, "/tmp/rewind-test-session-%d.rwd", (int)getpid());
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_seek_anywhere),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
