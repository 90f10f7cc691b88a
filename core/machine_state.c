/* The machine's state apart from RAM, as one portable image: position,
 * scheduler, every hart, every device.  Snapshots (replay/snapshot.c) keep
 * it next to the RAM pages they copy; restoring both gives back exactly the
 * machine that was saved, caches aside. */
#include "core/machine_state.h"

#include "isa/riscv/cpu.h"
#include "isa/riscv/hart_state.h"

#define MACHINE_STATE_TAG 0x54534d52u /* "RMST" */

void machine_sched_save(const struct machine *m, struct sbuf *w)
{
    put_u64(w, m->steps);
    put_u64(w, m->idle_ns);
    put_u64(w, m->next_hart);
    put_u64(w, m->quantum_left);
    put_u64(w, m->chaos_state);
}

void machine_state_save(const struct machine *m, struct sbuf *w)
{
    put_u32(w, MACHINE_STATE_TAG);
    machine_sched_save(m, w);
    put_u32(w, m->nharts);
    for (unsigned i = 0; i < m->nharts; i++)
        hart_state_save(&m->harts[i], w); /* steps, WFI and reservation too */
    put_u32(w, m->ndevices);
    for (unsigned i = 0; i < m->ndevices; i++) {
        const struct device *d = &m->devices[i];
        struct sbuf one;
        sbuf_init(&one);
        if (d->save)
            d->save(d->state, &one);
        put_u32(w, (uint32_t)one.len);
        put_bytes(w, one.data, one.len);
        w->oom |= one.oom;
        sbuf_free(&one);
    }
}

int machine_state_load(struct machine *m, const uint8_t *data, size_t len)
{
    struct sreader r;
    sreader_init(&r, data, len);
    if (get_u32(&r) != MACHINE_STATE_TAG)
        return -1;
    uint64_t steps = get_u64(&r), idle = get_u64(&r);
    uint64_t next = get_u64(&r);
    uint64_t quantum = get_u64(&r), chaos = get_u64(&r);
    if (get_u32(&r) != m->nharts || next >= m->nharts || r.bad)
        return -1;
    for (unsigned i = 0; i < m->nharts; i++)
        if (hart_state_load(&m->harts[i], &r))
            return -1;
    if (get_u32(&r) != m->ndevices)
        return -1;
    for (unsigned i = 0; i < m->ndevices; i++) {
        const struct device *d = &m->devices[i];
        uint32_t n = get_u32(&r);
        if (r.bad || n > r.len - r.pos)
            return -1;
        struct sreader one;
        sreader_init(&one, r.data + r.pos, n);
        r.pos += n;
        if (d->load ? d->load(d->state, &one) || one.pos != n : n != 0)
            return -1;
    }
    if (r.pos != len)
        return -1;
    m->steps = steps;
    m->idle_ns = idle;
    m->next_hart = (unsigned)next;
    m->quantum_left = quantum;
    m->chaos_state = chaos;
    m->stop_pending = false;
    m->kicked = true;
    return 0;
}

int machine_state_parts(const uint8_t *data, size_t len, struct machine_state_parts *p)
{
    struct sreader r;
    sreader_init(&r, data, len);
    memset(p, 0, sizeof *p);
    if (get_u32(&r) != MACHINE_STATE_TAG)
        return -1;
    for (int i = 0; i < 5; i++) /* machine_sched_save */
        get_u64(&r);
    p->nharts = get_u32(&r);
    p->hart_len = hart_state_nfields() * 8;
    if (r.bad || p->nharts > MACHINE_MAX_HARTS)
        return -1;
    for (unsigned i = 0; i < p->nharts; i++) {
        if (p->hart_len > r.len - r.pos)
            return -1;
        p->hart_off[i] = r.pos;
        r.pos += p->hart_len;
    }
    p->ndevices = get_u32(&r);
    if (r.bad || p->ndevices > MACHINE_MAX_DEVICES)
        return -1;
    for (unsigned i = 0; i < p->ndevices; i++) {
        uint32_t n = get_u32(&r);
        if (r.bad || n > r.len - r.pos)
            return -1;
        p->dev_off[i] = r.pos;
        p->dev_len[i] = n;
        r.pos += n;
    }
    return r.pos == len ? 0 : -1;
}
