/* --engine lockstep (core/lockstep.c): the interpreter against itself
 * agrees and ends where a plain run ends; against a deliberately faulty
 * candidate — a test engine that runs the interpreter but, after its hart's
 * step N, flips a bit of a0, writes a byte of RAM, dies, or reports a trap
 * it did not take — it stops at exactly the state before step N and names
 * what differs.
 *
 * The guests are example kernels: tasks (one hart, three tasks switched by
 * timer interrupts, 4.7 M steps, ends with a failure code) and entropy (an
 * RTC seed and virtio-rng bytes pulled from the host). */
#include <libgen.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "core/engine.h"
#include "core/lockstep.h"
#include "core/machine.h"
#include "core/machine_state.h"
#include "isa/riscv/cpu.h"
#include "replay/session.h"

#define RAM (32ull << 20)
#define TASKS_STEPS 4730566ull /* where tasks reports its failure */
#define POKE_ADDR 0x81000000ull /* 16 MiB into RAM: the guest never writes it */

static char examples[4096];

/* ---- the faulty candidate ---- */

enum fault { FLIP_A0, POKE_RAM, MARK_PAGE, DIE, EXTRA_TRAP };
static enum fault fault_kind;
static uint64_t fault_at; /* after the hart's step with this number */
static pid_t fault_only_outside; /* nonzero: no fault in this process (only in children) */

static void fault(struct hart *h)
{
    struct bus *b = &h->m->bus;
    if (fault_only_outside && getpid() == fault_only_outside)
        return;
    switch (fault_kind) {
    case FLIP_A0:
        h->x[10] ^= 1;
        break;
    case POKE_RAM:
        b->ram[POKE_ADDR - b->ram_base] ^= 0x40;
        bus_mark_dirty(b, POKE_ADDR);
        break;
    case MARK_PAGE: /* marked written, but unchanged: no difference */
        bus_mark_dirty(b, POKE_ADDR);
        break;
    case DIE:
        raise(SIGKILL);
        break;
    case EXTRA_TRAP: /* tells the timeline of a trap it did not take */
        if (h->m->io.trap)
            h->m->io.trap(h->m->io.opaque, 0, h->steps, 8, h->pc, 0, PRIV_U);
        break;
    }
}

static uint64_t faulty_run(struct hart *h, uint64_t budget)
{
    if (h->steps >= fault_at || h->steps + budget < fault_at)
        return interp_run(h, budget);
    uint64_t n = interp_run(h, fault_at - h->steps);
    if (h->steps != fault_at)
        return n;
    fault(h);
    return n == budget ? n : n + interp_run(h, budget - n);
}

static const struct engine faulty = {"faulty", faulty_run};

/* ---- machines ---- */

struct io_log {
    char out[8192];
    size_t len;
    unsigned traps, pulls;
};

static void log_console(void *opaque, const uint8_t *buf, size_t n)
{
    struct io_log *l = opaque;
    if (l->len + n < sizeof l->out) {
        memcpy(l->out + l->len, buf, n);
        l->len += n;
    }
}

static void log_trap(void *opaque, unsigned hart, uint64_t step, uint64_t cause, uint64_t epc,
                     uint64_t tval, unsigned priv)
{
    (void)hart, (void)step, (void)cause, (void)epc, (void)tval, (void)priv;
    ((struct io_log *)opaque)->traps++;
}

/* The same bytes for every run (the number of pulls so far). */
static int log_pull(void *opaque, enum dev_input_kind kind, void *buf, size_t len)
{
    struct io_log *l = opaque;
    memset(buf, 0x11 * (int)kind + (int)l->pulls++, len);
    return 0;
}

static struct machine *boot(const char *kernel, const char *engine, struct io_log *log, bool rng)
{
    struct machine_config cfg;
    machine_config_defaults(&cfg);
    char path[4200];
    snprintf(path, sizeof path, "%s/%s", examples, kernel);
    cfg.ram_size = RAM;
    cfg.bios_kind = BIOS_NONE;
    cfg.kernel_path = path;
    cfg.engine = engine;
    cfg.rng = rng;
    struct machine_io io = {log, log_console, log_pull, log_trap};
    char err[MACHINE_ERR_LEN] = "";
    struct machine *m = machine_create(&cfg, &io, err);
    if (!m)
        fail_msg("machine_create(%s): %s", path, err);
    return m;
}

/* Two machines in the same state: harts, devices, scheduler, RAM. */
static void assert_same_state(const struct machine *a, const struct machine *b)
{
    struct sbuf x, y;
    sbuf_init(&x);
    sbuf_init(&y);
    machine_state_save(a, &x);
    machine_state_save(b, &y);
    assert_int_equal(x.len, y.len);
    assert_memory_equal(x.data, y.data, x.len);
    assert_int_equal(memcmp(a->bus.ram, b->bus.ram, RAM), 0);
    sbuf_free(&x);
    sbuf_free(&y);
}

/* lockstep with the faulty candidate over tasks: stops before step N. */
static struct machine *diverge(enum fault kind, uint64_t n, struct io_log *log)
{
    fault_kind = kind;
    fault_at = n;
    struct machine *m = boot("tasks.elf", "lockstep", log, false);
    lockstep_set_engines(m, NULL, &faulty);
    assert_int_equal(machine_run(m, UINT64_MAX), MSTOP_DIVERGED);
    assert_int_equal(m->steps, n - 1);
    assert_int_equal(m->diverge_step, n);
    char want[128];
    snprintf(want, sizeof want, "interp and faulty differ at step %llu (hart 0's step %llu)",
             (unsigned long long)n, (unsigned long long)n);
    if (!strstr(m->diverge_report, want))
        fail_msg("report without \"%s\":\n%s", want, m->diverge_report);
    print_message("%s\n", m->diverge_report);
    return m;
}

static void assert_reports(const struct machine *m, const char *text)
{
    if (!strstr(m->diverge_report, text))
        fail_msg("report without \"%s\":\n%s", text, m->diverge_report);
}

/* ---- tests ---- */

static void test_agrees_with_itself(void **state)
{
    (void)state;
    struct io_log *la = calloc(1, sizeof *la), *lb = calloc(1, sizeof *lb);
    struct machine *a = boot("tasks.elf", "lockstep", la, false);
    struct machine *b = boot("tasks.elf", "interp", lb, false);
    /* (the default candidate is the JIT, when there is one) */
    lockstep_set_engines(a, engine_find("interp"), engine_find("interp"));
    assert_int_equal(machine_run(a, UINT64_MAX), MSTOP_FAIL);
    assert_int_equal(machine_run(b, UINT64_MAX), MSTOP_FAIL);
    assert_int_equal(a->steps, TASKS_STEPS);
    assert_int_equal(b->steps, TASKS_STEPS);
    assert_int_equal(a->exit_code, b->exit_code);
    assert_same_state(a, b);
    /* The children's output went nowhere: this process printed it once. */
    assert_int_equal(la->len, lb->len);
    assert_memory_equal(la->out, lb->out, lb->len);
    assert_true(lb->traps > 100); /* timer interrupts */
    assert_int_equal(la->traps, lb->traps);
    machine_destroy(a);
    machine_destroy(b);
    free(la);
    free(lb);
}

static void test_flipped_register(void **state)
{
    (void)state;
    struct io_log *l = calloc(1, sizeof *l), *lr = calloc(1, sizeof *lr);
    uint64_t n = 3000017;
    struct machine *m = diverge(FLIP_A0, n, l);
    assert_reports(m, "\n  hart 0 x10 (a0): interp 0x");
    assert_reports(m, "\n  the step: hart 0 at pc 0x00000000800");
    /* The machine is where a plain run is one step before. */
    struct machine *r = boot("tasks.elf", "interp", lr, false);
    assert_int_equal(machine_run(r, n - 1), MSTOP_BUDGET);
    assert_same_state(m, r);
    assert_int_equal(l->len, lr->len);
    assert_int_equal(l->traps, lr->traps);
    /* Running on finds the same difference again. */
    assert_int_equal(machine_run(m, UINT64_MAX), MSTOP_DIVERGED);
    assert_int_equal(m->steps, n - 1);
    machine_destroy(m);
    machine_destroy(r);
    free(l);
    free(lr);
}

static void test_written_byte(void **state)
{
    (void)state;
    struct io_log *l = calloc(1, sizeof *l);
    struct machine *m = diverge(POKE_RAM, 1234567, l);
    assert_reports(m, "\n  RAM 0x81000000: interp 0x00, faulty 0x40 (1 byte of page 0x81000000 differs)");
    /* Nothing else differs. */
    assert_null(strstr(m->diverge_report, "hart 0 x"));
    assert_null(strstr(m->diverge_report, "device"));
    machine_destroy(m);
    free(l);
}

static void test_candidate_dies(void **state)
{
    (void)state;
    struct io_log *l = calloc(1, sizeof *l);
    struct machine *m = diverge(DIE, 777, l);
    assert_reports(m, "\n  faulty died of signal 9");
    machine_destroy(m);
    free(l);
}

/* The state is right, but the trap hook heard of a trap never taken. */
static void test_extra_trap_entry(void **state)
{
    (void)state;
    struct io_log *l = calloc(1, sizeof *l);
    struct machine *m = diverge(EXTRA_TRAP, 4000000, l);
    assert_reports(m, "\n  console output, trap entries or input requests differ");
    assert_null(strstr(m->diverge_report, "hart 0 x"));
    machine_destroy(m);
    free(l);
}

/* A page marked written but left as it was is no difference: RAM is
 * compared by content, whichever engine marked the page. */
static void test_marked_page_is_no_difference(void **state)
{
    (void)state;
    fault_kind = MARK_PAGE;
    fault_at = 1000;
    struct io_log *l = calloc(1, sizeof *l);
    struct machine *m = boot("tasks.elf", "lockstep", l, false);
    lockstep_set_engines(m, NULL, &faulty);
    assert_int_equal(machine_run(m, UINT64_MAX), MSTOP_FAIL);
    assert_int_equal(m->steps, TASKS_STEPS);
    machine_destroy(m);
    free(l);
}

/* The engine entry itself, as the scheduler calls it: one slice. */
static void test_one_slice(void **state)
{
    (void)state;
    fault_kind = FLIP_A0;
    fault_at = 2000050;
    struct io_log *l = calloc(1, sizeof *l);
    struct machine *m = boot("tasks.elf", "interp", l, false);
    assert_int_equal(machine_run(m, 2000000), MSTOP_BUDGET);
    lockstep_set_engines(m, NULL, &faulty);
    struct hart *h = &m->harts[0];
    m->running = h;
    m->run_hart_base = h->steps;
    uint64_t n = engine_find("lockstep")->run(h, 100);
    m->running = NULL;
    assert_int_equal(n, 49);
    assert_true(m->stop_pending);
    assert_int_equal(m->stop_reason, MSTOP_DIVERGED);
    assert_int_equal(m->diverge_step, 2000050);
    assert_reports(m, "differ at step 2000050 (hart 0's step 2000050); the machine stopped before it, at 2000049");
    assert_reports(m, "\n  hart 0 x10 (a0): interp 0x");
    machine_destroy(m);
    free(l);
}

/* Inputs a device pulls reach the guest once, from this process, and the
 * run agrees with a plain one. */
static void test_pulled_inputs(void **state)
{
    (void)state;
    struct io_log *la = calloc(1, sizeof *la), *lb = calloc(1, sizeof *lb);
    struct machine *a = boot("entropy.elf", "lockstep", la, true);
    struct machine *b = boot("entropy.elf", "interp", lb, true);
    lockstep_set_engines(a, engine_find("interp"), engine_find("interp"));
    assert_int_equal(machine_run(a, UINT64_MAX), MSTOP_POWEROFF);
    assert_int_equal(machine_run(b, UINT64_MAX), MSTOP_POWEROFF);
    assert_true(lb->pulls >= 2);
    assert_int_equal(la->pulls, lb->pulls);
    assert_int_equal(la->len, lb->len);
    assert_memory_equal(la->out, lb->out, lb->len);
    assert_non_null(strstr(lb->out, "virtio-rng"));
    assert_same_state(a, b);
    machine_destroy(a);
    machine_destroy(b);
    free(la);
    free(lb);
}

static void ignore_console(void *opaque, const uint8_t *buf, size_t n)
{
    (void)opaque, (void)buf, (void)n;
}

/* What `rewind run --engine lockstep` sees: the session stops with the
 * report as its message. */
static void test_session_diverged(void **state)
{
    (void)state;
    fault_kind = FLIP_A0;
    fault_at = 2500001;
    struct session_config c = {.mode = SESSION_RUN};
    machine_config_defaults(&c.mc);
    char path[4200], notice[256], err[MACHINE_REPORT_LEN + 64];
    snprintf(path, sizeof path, "%s/tasks.elf", examples);
    c.mc.kernel_path = path;
    c.mc.ram_size = RAM;
    c.mc.engine = "lockstep";
    struct session_hooks hooks = {.console_out = ignore_console};
    bool differs;
    struct session *s = session_open(&c, &hooks, notice, sizeof notice, &differs, err, sizeof err);
    if (!s)
        fail_msg("session_open: %s", err);
    lockstep_set_engines(session_machine(s), NULL, &faulty);
    assert_int_equal(session_run(s, UINT64_MAX, err, sizeof err), SESSION_DIVERGED);
    assert_int_equal(session_position(s), 2500000);
    assert_non_null(strstr(err, "lockstep: interp and faulty differ at step 2500001"));
    assert_non_null(strstr(err, "\n  hart 0 x10 (a0): interp 0x"));
    session_close(s);
}

static struct session *open_run(bool history)
{
    struct session_config c = {.mode = SESSION_RUN, .snapshot_every = history ? 1000000 : 0};
    machine_config_defaults(&c.mc);
    static char path[4200];
    char notice[256], err[512];
    snprintf(path, sizeof path, "%s/tasks.elf", examples);
    c.mc.kernel_path = path;
    c.mc.ram_size = RAM;
    c.mc.engine = "lockstep";
    struct session_hooks hooks = {.console_out = ignore_console};
    bool differs;
    struct session *s = session_open(&c, &hooks, notice, sizeof notice, &differs, err, sizeof err);
    if (!s)
        fail_msg("session_open: %s", err);
    return s;
}

/* A session re-runs what it has run (a seek back, reverse execution)
 * without checking it again, and checks every new position: past the
 * newest, or after monitor truncate chose a new course.  The candidate
 * here spoils a0 only in the children, so a check of its step fails and a
 * run of it here does not. */
static void test_session_checks_new_positions(void **state)
{
    (void)state;
    char err[MACHINE_REPORT_LEN + 64];
    struct session *s = open_run(true);
    lockstep_set_engines(session_machine(s), NULL, &faulty);
    fault_kind = FLIP_A0;
    fault_only_outside = getpid();
    fault_at = 9000000; /* beyond all this */
    assert_int_equal(session_run(s, 3000000, err, sizeof err), SESSION_REACHED);
    /* Back, and through a step that would now fail its check. */
    fault_at = 1500000;
    assert_int_equal(session_seek(s, 1000000, err, sizeof err), 0);
    assert_int_equal(session_run(s, 3000000, err, sizeof err), SESSION_REACHED);
    /* New positions are checked. */
    fault_at = 3500000;
    assert_int_equal(session_run(s, 4000000, err, sizeof err), SESSION_DIVERGED);
    assert_int_equal(session_position(s), 3499999);
    /* A new course from 2 M on: checked again from there. */
    fault_at = 2500000;
    assert_int_equal(session_seek(s, 2000000, err, sizeof err), 0);
    assert_int_equal(session_truncate(s, err, sizeof err), 0);
    assert_int_equal(session_run(s, 3000000, err, sizeof err), SESSION_DIVERGED);
    assert_int_equal(session_position(s), 2499999);
    assert_non_null(strstr(err, "differ at step 2500000"));
    fault_only_outside = 0;
    session_close(s);
}

static void test_engine_names(void **state)
{
    (void)state;
    char names[128];
    engine_names(names, sizeof names);
    assert_non_null(strstr(names, "interp, "));
    assert_non_null(strstr(names, "lockstep"));
    assert_non_null(engine_find("lockstep"));
    /* lockstep is never one of its own pair */
    struct io_log *l = calloc(1, sizeof *l);
    struct machine *m = boot("tasks.elf", "lockstep", l, false);
    lockstep_set_engines(m, engine_find("lockstep"), engine_find("lockstep"));
    assert_null(m->lockstep_ref);
    assert_null(m->lockstep_cand);
    machine_destroy(m);
    free(l);
}

int main(int argc, char **argv)
{
    (void)argc;
    /* BUILD/tests/test_lockstep -> BUILD/examples */
    char self[2048];
    snprintf(self, sizeof self, "%s", argv[0]);
    snprintf(examples, sizeof examples, "%s/../examples", dirname(self));
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_agrees_with_itself),
        cmocka_unit_test(test_flipped_register),
        cmocka_unit_test(test_written_byte),
        cmocka_unit_test(test_candidate_dies),
        cmocka_unit_test(test_extra_trap_entry),
        cmocka_unit_test(test_marked_page_is_no_difference),
        cmocka_unit_test(test_one_slice),
        cmocka_unit_test(test_pulled_inputs),
        cmocka_unit_test(test_session_diverged),
        cmocka_unit_test(test_session_checks_new_positions),
        cmocka_unit_test(test_engine_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
