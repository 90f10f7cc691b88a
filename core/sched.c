/* The scheduler: round-robin harts with a fixed quantum in steps, virtual
 * time from position, and the idle jump when every hart waits. */
#include <stdio.h>

#include "core/engine.h"
#include "core/lockstep.h"
#include "core/machine.h"
#include "devices/aclint.h"
#include "devices/goldfish_rtc.h"
#include "isa/riscv/cpu.h"
#include "isa/riscv/jit.h"

static const struct engine engines[] = {
    {"interp", interp_run},
    {"jit", jit_run},
    {"lockstep", lockstep_run},
};

const char *engine_default(void)
{
#if defined(__x86_64__)
    return "jit";
#else
    return "interp";
#endif
}

const struct engine *engine_find(const char *name)
{
    for (unsigned i = 0; i < sizeof engines / sizeof engines[0]; i++)
        if (strcmp(engines[i].name, name) == 0)
            return &engines[i];
    return NULL;
}

const char *engine_names(char *buf, size_t len)
{
    size_t at = 0;
    if (len)
        buf[0] = 0;
    for (unsigned i = 0; i < sizeof engines / sizeof engines[0] && at < len; i++) {
        int n = snprintf(buf + at, len - at, "%s%s", i ? ", " : "", engines[i].name);
        if (n < 0)
            break;
        at += (size_t)n;
    }
    return buf;
}

static uint64_t now_ns(const struct machine *m) { return m->steps + m->idle_ns; }

/* The earliest future time (ns) at which a timer interrupt line rises, or
 * UINT64_MAX. */
static uint64_t next_deadline_ns(struct machine *m)
{
    uint64_t best = UINT64_MAX;
    uint64_t t = aclint_next_deadline(m->aclint);
    if (t != UINT64_MAX && t <= UINT64_MAX / STEPS_PER_MTIME_TICK)
        best = t * STEPS_PER_MTIME_TICK;
    uint64_t r = m->rtc ? goldfish_rtc_next_deadline(m->rtc) : UINT64_MAX;
    if (r != UINT64_MAX && r <= UINT64_MAX / STEPS_PER_MTIME_TICK && r * STEPS_PER_MTIME_TICK < best)
        best = r * STEPS_PER_MTIME_TICK;
    uint64_t raw = now_ns(m) / STEPS_PER_MTIME_TICK;
    uint64_t guest = aclint_mtime(m->aclint);
    for (unsigned i = 0; i < m->nharts; i++) {
        struct hart *h = &m->harts[i];
        if (!(h->menvcfg & MENVCFG_STCE) || h->stimecmp == UINT64_MAX || guest >= h->stimecmp)
            continue;
        uint64_t tick = raw + (h->stimecmp - guest); /* in raw ticks */
        if (tick <= UINT64_MAX / STEPS_PER_MTIME_TICK && tick * STEPS_PER_MTIME_TICK < best)
            best = tick * STEPS_PER_MTIME_TICK;
    }
    /* Deadlines fall on tick boundaries; never report one that is due. */
    if (best != UINT64_MAX && best <= now_ns(m))
        best = now_ns(m) + 1;
    return best;
}

/* --chaos: each turn's quantum is drawn from [1, 2*quantum] by xorshift64*
 * on state kept in the machine, so a recording replays the same schedule. */
static uint64_t next_quantum(struct machine *m)
{
    if (!m->chaos_state)
        return m->cfg.quantum;
    uint64_t x = m->chaos_state;
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    m->chaos_state = x;
    return 1 + (x * 0x2545f4914f6cdd1dull) % (2 * m->cfg.quantum);
}

static void rotate(struct machine *m, unsigned to)
{
    if (to != m->next_hart)
        for (unsigned i = 0; i < m->nharts; i++)
            m->harts[i].resv_addr = ~0ull; /* another hart runs: reservations lapse */
    m->next_hart = to;
    m->quantum_left = next_quantum(m);
}

enum machine_stop machine_run(struct machine *m, uint64_t max_steps)
{
    /* The lockstep engine checks whole stretches of the schedule at once:
     * its cost per check (forks) is more than one slice's work. */
    if (m->engine->run == lockstep_run)
        return lockstep_machine_run(m, max_steps);
    return machine_run_engine(m, m->engine, max_steps);
}

uint64_t machine_slice_steps(const struct machine *m)
{
    return m->engine->run == lockstep_run ? LOCKSTEP_ROUND : 1ull << 21;
}

enum machine_stop machine_run_engine(struct machine *m, const struct engine *eng, uint64_t max_steps)
{
    uint64_t target = m->steps + max_steps < m->steps ? UINT64_MAX : m->steps + max_steps;
    for (;;) {
        if (m->stop_pending) {
            m->stop_pending = false;
            return m->stop_reason;
        }
        if (m->steps >= target)
            return MSTOP_BUDGET;
        m->kicked = false;
        aclint_update(m->aclint);
        if (m->rtc)
            goldfish_rtc_update(m->rtc);

        struct hart *h = NULL;
        for (unsigned i = 0; i < m->nharts; i++) {
            unsigned idx = (m->next_hart + i) % m->nharts;
            struct hart *c = &m->harts[idx];
            if (c->wfi && hart_wfi_wakes(c))
                c->wfi = false;
            if (!c->wfi) {
                if (i)
                    rotate(m, idx);
                h = c;
                break;
            }
        }
        uint64_t dl = next_deadline_ns(m);
        if (!h) {
            if (dl == UINT64_MAX)
                return MSTOP_IDLE;
            m->idle_ns += dl - now_ns(m); /* every hart waits: jump to the deadline */
            continue;
        }
        uint64_t budget = m->quantum_left;
        if (target - m->steps < budget)
            budget = target - m->steps;
        if (dl != UINT64_MAX && dl - now_ns(m) < budget)
            budget = dl - now_ns(m);
        m->running = h;
        m->run_hart_base = h->steps;
        h->irq_check = true;
        uint64_t n = eng->run(h, budget);
        m->running = NULL;
        if (m->run_observer && n)
            m->run_observer(m->run_observer_opaque, (unsigned)(h - m->harts), m->steps, n);
        m->steps += n;
        m->quantum_left -= n < m->quantum_left ? n : m->quantum_left;
        if (m->quantum_left == 0 || h->wfi)
            rotate(m, (m->next_hart + 1) % m->nharts);
    }
}
