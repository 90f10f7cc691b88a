/* One hart's steps in a multi-hart machine (session_step_hart,
 * session_unstep_hart): what gdb's stepi and reverse-stepi on a thread do.
 * The reference is a replay advanced one machine step at a time, noting
 * which hart's step counter moved: stepping hart h forward must land just
 * after h's next step, backward just before its previous one, with the
 * state a straight replay has there — near the round-robin quantum's
 * boundaries too, where the next machine step belongs to another hart.
 *
 * The guest is the disk kernel with 3 harts: every hart runs (a shared
 * counter under a spinlock) and hart 0 drives a virtio disk. */
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

#define NHARTS 3
#define SPAN 60000 /* steps of the reference window: several quanta */

static char kernel[4096], disk[4096], disk_copy[64], trace_path[64];

static void run_to(struct session *s, uint64_t step)
{
    char err[512];
    enum session_event ev = session_run(s, step, err, sizeof err);
    if (ev != SESSION_REACHED)
        fail_msg("session_run to %llu: event %d: %s", (unsigned long long)step, ev, err);
}

static void record(void)
{
    char cmd[8192];
    snprintf(cmd, sizeof cmd, "cp %s %s", disk, disk_copy);
    assert_int_equal(system(cmd), 0);
    struct session_config c = {.mode = SESSION_RECORD, .trace_path = trace_path, .force = true};
    machine_config_defaults(&c.mc);
    c.mc.kernel_path = kernel;
    c.mc.ram_size = 64ull << 20;
    c.mc.nharts = NHARTS;
    c.mc.drives[0].path = disk_copy;
    c.mc.ndrives = 1;
    char err[512];
    bool differs;
    struct session *s = session_open(&c, NULL, NULL, 0, &differs, err, sizeof err);
    if (!s)
        fail_msg("record: %s", err);
    /* Boot, the disk, and the harts' counting (its prompt comes at about
     * 10 M steps; hart 0 then polls the UART). */
    run_to(s, 8000000);
    assert_int_equal(session_finish(s, "until-step", 0, 0.0), 0);
    session_close(s);
}

static struct session *open_replay(uint64_t snap_every)
{
    return test_open_replay(trace_path, snap_every, NULL);
}

static void test_step_each_hart(void **state)
{
    (void)state;
    /* The reference: from P0, one machine step at a time — who stepped,
     * and the state hash after each step. */
    struct session *ref = open_replay(0);
    uint64_t end = session_end_step(ref);
    if (end < 4 * SPAN)
        fail_msg("the recording is only %llu steps", (unsigned long long)end);
    uint64_t p0 = end / 2;
    run_to(ref, p0);
    static unsigned who[SPAN];
    static uint64_t hash[SPAN + 1];
    struct machine *m = session_machine(ref);
    unsigned switches = 0, ran[NHARTS] = {0};
    hash[0] = session_state_hash(ref);
    for (unsigned i = 0; i < SPAN; i++) {
        uint64_t before[NHARTS];
        for (unsigned h = 0; h < NHARTS; h++)
            before[h] = m->harts[h].steps;
        run_to(ref, p0 + i + 1);
        who[i] = NHARTS;
        for (unsigned h = 0; h < NHARTS; h++)
            if (m->harts[h].steps == before[h] + 1)
                who[i] = h;
        assert_true(who[i] < NHARTS);
        ran[who[i]]++;
        switches += i && who[i] != who[i - 1];
        hash[i + 1] = session_state_hash(ref);
    }
    session_close(ref);
    for (unsigned h = 0; h < NHARTS; h++)
        if (ran[h] < 100)
            fail_msg("hart %u took only %u steps of %u: the window does not show every hart", h, ran[h], SPAN);
    assert_true(switches >= 3);

    /* Probe positions: quantum boundaries (the step after belongs to another
     * hart) and plain ones. */
    struct session *s = open_replay(20000);
    char err[512];
    unsigned probes = 0;
    for (unsigned i = 200; i + 200 < SPAN && probes < 24; i += 61) {
        bool boundary = who[i] != who[i - 1];
        unsigned j = i;
        /* step forward near a switch as often as elsewhere */
        for (unsigned k = i; k < i + 61 && k + 200 < SPAN; k++)
            if (who[k] != who[k - 1]) {
                j = k;
                boundary = true;
                break;
            }
        for (unsigned h = 0; h < NHARTS; h++) {
            /* Forward from p0 + j: just after h's next step. */
            unsigned f = j;
            while (f < SPAN && who[f] != h)
                f++;
            if (f < SPAN) {
                if (session_seek(s, p0 + j, err, sizeof err))
                    fail_msg("seek: %s", err);
                enum session_event ev = session_step_hart(s, h, err, sizeof err);
                assert_int_equal(ev, SESSION_REACHED);
                if (session_position(s) != p0 + f + 1)
                    fail_msg("stepping hart %u from %llu: at %llu, wanted %llu", h,
                             (unsigned long long)(p0 + j), (unsigned long long)session_position(s),
                             (unsigned long long)(p0 + f + 1));
                assert_int_equal(session_state_hash(s), hash[f + 1]);
            }
            /* Back from p0 + j: just before h's previous step. */
            int b = (int)j - 1;
            while (b >= 0 && who[b] != h)
                b--;
            if (b >= 0) {
                if (session_seek(s, p0 + j, err, sizeof err))
                    fail_msg("seek: %s", err);
                assert_int_equal(session_unstep_hart(s, h, err, sizeof err), 0);
                if (session_position(s) != p0 + (uint64_t)b)
                    fail_msg("stepping hart %u back from %llu: at %llu, wanted %llu", h,
                             (unsigned long long)(p0 + j), (unsigned long long)session_position(s),
                             (unsigned long long)(p0 + b));
                assert_int_equal(session_state_hash(s), hash[b]);
            }
        }
        probes += boundary;
        i = j;
    }
    assert_true(probes >= 3);
    /* Back past the start of history: no earlier step, the machine stays. */
    assert_int_equal(session_seek(s, 0, err, sizeof err), 0);
    assert_int_equal(session_unstep_hart(s, 1, err, sizeof err), 1);
    assert_int_equal(session_position(s), 0);
    session_close(s);
}

int main(int argc, char **argv)
{
    (void)argc;
    char self[2048];
    snprintf(self, sizeof self, "%s", argv[0]);
    const char *dir = dirname(self);
    snprintf(kernel, sizeof kernel, "%s/../examples/disk.elf", dir);
    snprintf(disk, sizeof disk, "%s/../examples/disk.img", dir);
    snprintf(trace_path, sizeof trace_path, "/tmp/rewind-test-hartstep-%d.rwd", (int)getpid());
    snprintf(disk_copy, sizeof disk_copy, "/tmp/rewind-test-hartstep-%d.img", (int)getpid());
    record();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_step_each_hart),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    test_unlink_trace(trace_path);
    unlink(disk_copy);
    return rc;
}
