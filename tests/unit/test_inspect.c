/* The debugger's questions answered by replay (replay/inspect.c): the last
 * writes to a variable and the trap list must be exactly what a straight
 * forward replay sees, whatever snapshot intervals the backward search
 * crosses, and a query leaves the machine where it was.
 *
 * The guest is the course kernel: a shell, U-mode processes making system
 * calls, timer ticks writing the kernel's `ticks`. */
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

#include "core/loader.h"
#include "replay/inspect.h"
#include "replay/session.h"

static char kernel[4096];
static char trace_path[64];
static uint64_t ticks_addr;

static enum session_event run_to(struct session *s, uint64_t step)
{
    char err[512];
    enum session_event ev = session_run(s, step, err, sizeof err);
    if (ev != SESSION_REACHED && ev != SESSION_IDLE && ev != SESSION_END && ev != SESSION_WATCHPOINT)
        fail_msg("session_run to %llu: event %d: %s", (unsigned long long)step, ev, err);
    return ev;
}

static int find_ticks(void *opaque, const Elf64_Sym *sym, const char *name)
{
    if (strcmp(name, "ticks"))
        return 0;
    *(uint64_t *)opaque = sym->st_value;
    return 1;
}

/* Record: the prompt, then `work 1` (timer ticks while it runs). */
static void record(void)
{
    struct session_config c = {.mode = SESSION_RECORD, .trace_path = trace_path, .force = true};
    machine_config_defaults(&c.mc);
    c.mc.kernel_path = kernel;
    c.mc.ram_size = 64ull << 20;
    char err[512];
    bool differs;
    struct session *s = session_open(&c, NULL, NULL, 0, &differs, err, sizeof err);
    if (!s)
        fail_msg("record: %s", err);
    while (run_to(s, UINT64_MAX) != SESSION_IDLE)
        ;
    assert_int_equal(session_input(s, (const uint8_t *)"work 1\r", 7), 7);
    while (run_to(s, UINT64_MAX) != SESSION_IDLE)
        ;
    assert_int_equal(session_finish(s, "idle", 0, 0.0), 0);
    session_close(s);
}

static struct session *open_replay(uint64_t snap_every)
{
    return test_open_replay(trace_path, snap_every, NULL);
}

struct lines {
    char text[1 << 22];
    size_t len;
    unsigned n;
};

static void take_line(void *opaque, const char *line)
{
    struct lines *l = opaque;
    size_t n = strlen(line);
    if (l->len + n + 2 < sizeof l->text) {
        memcpy(l->text + l->len, line, n);
        l->len += n;
        l->text[l->len++] = '\n';
        l->text[l->len] = 0;
    }
    l->n++;
}

struct trap_count {
    uint64_t from, to, n;
};

static void count_trap(void *opaque, unsigned hart, uint64_t step, uint64_t cause, uint64_t epc,
                       uint64_t tval, unsigned priv)
{
    (void)hart, (void)cause, (void)epc, (void)tval, (void)priv;
    struct trap_count *c = opaque;
    c->n += step >= c->from && step < c->to;
}

/* The step numbers that begin the answer's lines, in order. */
static unsigned leading_steps(const struct lines *l, uint64_t *out, unsigned max)
{
    unsigned n = 0;
    for (const char *p = l->text; *p && n < max;) {
        char *end;
        unsigned long long v = strtoull(p, &end, 10);
        if (end != p && *end == ' ' && p[0] == ' ')
            out[n++] = v;
        const char *nl = strchr(p, '\n');
        if (!nl)
            break;
        p = nl + 1;
    }
    return n;
}

static void test_when_written_matches_forward_replay(void **state)
{
    (void)state;
    /* Forward: every write to `ticks`, by a watchpoint over a straight replay. */
    struct session *s = open_replay(0);
    uint64_t end = session_end_step(s), at_query = end - end / 10;
    struct machine_watch w = {ticks_addr, 8, false, true};
    uint64_t writes[4096];
    unsigned nw = 0;
    session_set_watchpoints(s, &w, 1, UINT64_MAX);
    while (run_to(s, at_query) == SESSION_WATCHPOINT) {
        uint64_t at = session_position(s);
        assert_true(nw < 4096);
        writes[nw++] = at;
        session_set_watchpoints(s, &w, 1, at);
        run_to(s, at + 1);
        session_set_watchpoints(s, &w, 1, UINT64_MAX);
    }
    session_close(s);
    if (nw < 12)
        fail_msg("only %u writes to ticks before step %llu", nw, (unsigned long long)at_query);

    /* Backward, with snapshot intervals short enough that the last ten
     * writes span several of them. */
    uint64_t every = (writes[nw - 1] - writes[nw - 10]) / 4 + 1;
    s = open_replay(every);
    run_to(s, at_query);
    uint64_t hash = session_state_hash(s);
    struct lines *l = calloc(1, sizeof *l);
    const struct inspect_out o = {take_line, l};
    char err[512];
    if (inspect_when_written(s, ticks_addr, 8, 10, 0, &o, err, sizeof err))
        fail_msg("when-written: %s", err);
    uint64_t got[16];
    unsigned ng = leading_steps(l, got, 16);
    if (ng != 10)
        fail_msg("%u lines of writes:\n%s", ng, l->text);
    for (unsigned i = 0; i < 10; i++)
        assert_int_equal(got[i], writes[nw - 10 + i]);
    assert_non_null(strstr(l->text, "the last 10 writes"));
    /* The machine is back where it was. */
    assert_int_equal(session_position(s), at_query);
    assert_int_equal(session_state_hash(s), hash);

    /* The traps of an interval, against the trap count of the recording's
     * own forward replay (session_observe_traps on a fresh session). */
    memset(l, 0, sizeof *l);
    uint64_t from = writes[nw - 3], to = writes[nw - 1] + 1;
    if (inspect_traps(s, from, to, 100000, &o, err, sizeof err))
        fail_msg("traps: %s", err);
    assert_int_equal(session_position(s), at_query);
    static uint64_t tsteps[1 << 16];
    unsigned nt = leading_steps(l, tsteps, 1 << 16);
    assert_true(nt >= 2); /* at least the two timer interrupts that wrote ticks */
    for (unsigned i = 0; i < nt; i++)
        assert_true(tsteps[i] >= from && tsteps[i] < to);
    session_close(s);
    struct trap_count tc = {from, to, 0};
    s = open_replay(0);
    session_observe_traps(s, count_trap, &tc);
    run_to(s, to);
    assert_int_equal(nt, tc.n);
    char want[64];
    snprintf(want, sizeof want, "%u traps in steps [%llu, %llu)", nt, (unsigned long long)from,
             (unsigned long long)to);
    if (!strstr(l->text, want))
        fail_msg("wanted '%s' in:\n%s", want, l->text);
    session_close(s);
    free(l);
}

int main(int argc, char **argv)
{
    (void)argc;
    char self[2048];
    snprintf(self, sizeof self, "%s", argv[0]);
    snprintf(kernel, sizeof kernel, "%s/../examples/course.elf", dirname(self));
    snprintf(trace_path, sizeof trace_path, "/tmp/rewind-test-inspect-%d.rwd", (int)getpid());
    uint8_t *elf;
    size_t n;
    char err[512];
    if (loader_read_file(kernel, 64u << 20, &elf, &n, err, sizeof err)) {
        fprintf(stderr, "%s\n", err);
        return 1;
    }
    loader_elf_symbols(elf, n, find_ticks, &ticks_addr);
    free(elf);
    if (!ticks_addr) {
        fprintf(stderr, "%s: no symbol ticks\n", kernel);
        return 1;
    }
    record();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_when_written_matches_forward_replay),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    test_unlink_trace(trace_path);
    return rc;
}
