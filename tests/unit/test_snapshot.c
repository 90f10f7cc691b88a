/* Snapshots: restoring one and running forward gives, at every position,
 * the state a straight run had there — whatever order restores come in,
 * after thinning under a memory cap, and with only touched RAM copied.
 *
 * The guest is the bench kernel (examples/kernels/bench): it writes memory
 * all the time (sieve, heapsort, matmul), so every interval dirties pages. */
#include <libgen.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "core/machine.h"
#include "replay/checkpoint.h"
#include "replay/snapshot.h"
#include "tests/unit/test_machine.h"

#define INTERVAL 200000ull
#define END 3000000ull
#define PROBE 250000ull /* compare state every PROBE steps */
#define NPROBES (END / PROBE)

static char kernel[4096];

static struct machine *bench_machine(uint64_t ram)
{
    return test_machine_boot(kernel, 1, ram);
}

/* Run to `to` exactly, taking a snapshot at each INTERVAL boundary and a
 * state hash at each PROBE boundary (into got[] when not NULL). */
static void run_to(struct machine *m, struct snapshots *s, struct ckpt *c, uint64_t to,
                   uint64_t *got)
{
    while (m->steps < to) {
        uint64_t next = (m->steps / INTERVAL + 1) * INTERVAL;
        uint64_t probe = (m->steps / PROBE + 1) * PROBE;
        if (probe < next)
            next = probe;
        if (next > to)
            next = to;
        assert_int_equal(machine_run(m, next - m->steps), MSTOP_BUDGET);
        assert_int_equal(m->steps, next);
        if (s && m->steps % INTERVAL == 0)
            assert_int_equal(snap_take(s, m->steps * 3, 7), 0);
        if (got && m->steps % PROBE == 0)
            got[m->steps / PROBE - 1] = ckpt_hash(c, m);
    }
}

struct fixture {
    struct machine *m;
    struct ckpt *c;
    struct snapshots *s;
    uint64_t want[NPROBES]; /* hashes of a straight run without snapshots */
};

static void straight_run(uint64_t *want)
{
    struct machine *m = bench_machine(64ull << 20);
    struct ckpt *c = ckpt_create(m);
    run_to(m, NULL, c, END, want);
    ckpt_destroy(c);
    machine_destroy(m);
}

static void restore_and_check(struct fixture *x, uint64_t at, uint64_t to)
{
    long k = snap_find(x->s, at);
    assert_true(k >= 0);
    uint64_t a0, a1;
    assert_int_equal(snap_restore(x->s, (size_t)k, &a0, &a1), 0);
    assert_int_equal(x->m->steps, snap_step(x->s, (size_t)k));
    assert_int_equal(a0, x->m->steps * 3);
    assert_int_equal(a1, 7);
    uint64_t got[NPROBES] = {0};
    run_to(x->m, x->s, x->c, to, got);
    for (uint64_t p = snap_step(x->s, (size_t)k) / PROBE + 1; p <= to / PROBE; p++)
        if (p * PROBE > snap_step(x->s, (size_t)k))
            assert_int_equal(got[p - 1], x->want[p - 1]);
}

static void test_restore_any_order(void **state)
{
    (void)state;
    struct fixture x;
    straight_run(x.want);
    x.m = bench_machine(64ull << 20);
    x.c = ckpt_create(x.m);
    x.s = snap_create(x.m, 0);
    assert_non_null(x.s);
    assert_int_equal(snap_take(x.s, 0, 7), 0); /* the beginning of history */
    uint64_t got[NPROBES] = {0};
    run_to(x.m, x.s, x.c, END, got);
    assert_memory_equal(got, x.want, sizeof got); /* snapshots change nothing */
    assert_int_equal(snap_count(x.s), END / INTERVAL + 1);
    assert_int_equal(snap_find(x.s, 0), 0);
    assert_int_equal(snap_find(x.s, INTERVAL - 1), 0);
    assert_int_equal(snap_find(x.s, INTERVAL), 1);

    /* Back to the start, forward a little, far back, a jump forward past
     * the base, and the same snapshot twice. */
    restore_and_check(&x, 0, 600000);
    restore_and_check(&x, 2400000, END);
    restore_and_check(&x, 450000, 1000000);
    restore_and_check(&x, 1800000, 2100000);
    restore_and_check(&x, 1800000, 2000000);
    restore_and_check(&x, 100000, END);
    snap_destroy(x.s);
    ckpt_destroy(x.c);
    machine_destroy(x.m);
}

static void test_thinning_under_a_cap(void **state)
{
    (void)state;
    struct fixture x;
    straight_run(x.want);
    x.m = bench_machine(64ull << 20);
    x.c = ckpt_create(x.m);
    x.s = snap_create(x.m, 0);
    assert_int_equal(snap_take(x.s, 0, 7), 0);
    run_to(x.m, x.s, x.c, END, NULL);
    size_t uncapped = snap_memory(x.s);
    snap_destroy(x.s);
    ckpt_destroy(x.c);
    machine_destroy(x.m);

    x.m = bench_machine(64ull << 20);
    x.c = ckpt_create(x.m);
    x.s = snap_create(x.m, uncapped / 3);
    assert_int_equal(snap_take(x.s, 0, 7), 0);
    run_to(x.m, x.s, x.c, END, NULL);
    assert_true(snap_count(x.s) < END / INTERVAL + 1);
    assert_true(snap_count(x.s) >= 2);
    assert_true(snap_memory(x.s) <= uncapped / 3 + 64 * 1024);
    assert_int_equal(snap_step(x.s, 0), 0); /* the start and the newest stay */
    assert_int_equal(snap_step(x.s, snap_count(x.s) - 1), END);
    /* Newer snapshots are denser than older ones. */
    size_t n = snap_count(x.s);
    if (n >= 4)
        assert_true(snap_step(x.s, n - 1) - snap_step(x.s, n - 2) <=
                    snap_step(x.s, 2) - snap_step(x.s, 1));
    /* Every remaining snapshot still restores exactly. */
    restore_and_check(&x, 0, END);
    restore_and_check(&x, 1500000, END);
    restore_and_check(&x, 700000, 1200000);
    snap_destroy(x.s);
    ckpt_destroy(x.c);
    machine_destroy(x.m);
}

static void test_memory_follows_touched_ram(void **state)
{
    (void)state;
    size_t mem[2];
    uint64_t rams[2] = {64ull << 20, 4ull << 30};
    for (int i = 0; i < 2; i++) {
        struct machine *m = bench_machine(rams[i]);
        struct snapshots *s = snap_create(m, 0);
        assert_int_equal(snap_take(s, 0, 0), 0);
        run_to(m, s, NULL, 1000000, NULL);
        mem[i] = snap_memory(s);
        snap_destroy(s);
        machine_destroy(m);
    }
    /* The device tree differs in its memory node; the state images differ
     * by a few bytes.  4 GiB of RAM must not cost more to snapshot. */
    assert_true(mem[1] <= mem[0] + 4096);
    assert_true(mem[0] < (8u << 20));
}

/* Snapshots kept in a trace: encoded by one run, taken back by another
 * machine at step 0, they restore to the states a straight run has; bytes
 * that are damaged, cut short, out of order or from another machine are
 * refused without changing anything. */
static void test_encode_and_take_back(void **state)
{
    (void)state;
    struct fixture x;
    straight_run(x.want);
    /* The first run keeps snapshots and encodes them. */
    struct machine *m = bench_machine(64ull << 20);
    struct snapshots *s = snap_create(m, 0);
    assert_int_equal(snap_take(s, 0, 7), 0);
    run_to(m, s, NULL, END, NULL);
    size_t n = snap_count(s);
    struct sbuf *enc = calloc(n, sizeof *enc);
    for (size_t i = 0; i < n; i++)
        assert_int_equal(snap_encode(s, i, &enc[i]), 0);
    snap_destroy(s);
    machine_destroy(m);

    /* A second machine at step 0 takes them back. */
    x.m = bench_machine(64ull << 20);
    x.c = ckpt_create(x.m);
    x.s = snap_create(x.m, 0);
    assert_int_equal(snap_take(x.s, 0, 7), 0);
    assert_int_equal(snap_decode_append(x.s, enc[0].data, enc[0].len), 1); /* step 0: the same */
    /* Damaged copies of snapshot 1 are refused and change nothing. */
    struct sbuf bad;
    sbuf_init(&bad);
    put_bytes(&bad, enc[1].data, enc[1].len);
    for (size_t cut = 0; cut < bad.len; cut += bad.len / 7 + 1)
        assert_int_equal(snap_decode_append(x.s, bad.data, cut), -1);
    bad.data[0] ^= 1; /* magic */
    assert_int_equal(snap_decode_append(x.s, bad.data, bad.len), -1);
    bad.data[0] ^= 1;
    bad.data[35] ^= 0x80; /* the state image's length: past the end */
    assert_int_equal(snap_decode_append(x.s, bad.data, bad.len), -1);
    sbuf_free(&bad);
    assert_int_equal(snap_count(x.s), 1);
    for (size_t i = 1; i < n; i++)
        assert_int_equal(snap_decode_append(x.s, enc[i].data, enc[i].len), 0);
    assert_int_equal(snap_count(x.s), n);
    /* One already there is recognised; the same position with another
     * state is refused. */
    assert_int_equal(snap_decode_append(x.s, enc[1].data, enc[1].len), 1);
    enc[1].data[40] ^= 1; /* inside the state image */
    assert_int_equal(snap_decode_append(x.s, enc[1].data, enc[1].len), -1);
    assert_int_equal(snap_count(x.s), n);
    /* Restores straight from the loaded ones, never run up to. */
    restore_and_check(&x, 2400000, END);
    restore_and_check(&x, 450000, 1000000);
    restore_and_check(&x, 1800000, 2100000);
    snap_destroy(x.s);
    ckpt_destroy(x.c);
    machine_destroy(x.m);

    /* Another machine (other RAM contents at step 0) refuses them. */
    struct machine *other = test_machine_create_ram(1, 64ull << 20);
    struct snapshots *o = snap_create(other, 0);
    assert_int_equal(snap_take(o, 0, 7), 0);
    assert_int_equal(snap_decode_append(o, enc[0].data, enc[0].len), -1);
    snap_destroy(o);
    machine_destroy(other);
    for (size_t i = 0; i < n; i++)
        sbuf_free(&enc[i]);
    free(enc);
}

int main(int argc, char **argv)
{
    (void)argc;
    /* BUILD/tests/test_snapshot -> BUILD/examples/bench.elf */
    char self[2048];
    snprintf(self, sizeof self, "%s", argv[0]);
    snprintf(kernel, sizeof kernel, "%s/../examples/bench.elf", dirname(self));
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_restore_any_order),
        cmocka_unit_test(test_thinning_under_a_cap),
        cmocka_unit_test(test_memory_follows_touched_ram),
        cmocka_unit_test(test_encode_and_take_back),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
