#include "gdbstub/stub.h"

#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/machine.h"
#include "gdbstub/packet.h"
#include "gdbstub/server.h"
#include "gdbstub/target_xml.h"
#include "isa/riscv/cause.h"
#include "isa/riscv/cpu.h"
#include "isa/riscv/csr.h"
#include "isa/riscv/debug_write.h"
#include "isa/riscv/insn.h"

#include "gdbstub/stub_internal.h"

static void notice(struct gdb_stub *st, const char *text)
{
    if (st->hooks && st->hooks->notice)
        st->hooks->notice(st->hooks->opaque, text);
}

void stub_send(struct gdb_stub *st, const char *text)
{
    gdb_server_send(st->srv, text, strlen(text), 0);
}

/* ---- what the debugger sees ---- */

static struct hart *cur_hart(struct gdb_stub *st)
{
    return &st->m->harts[st->cur < st->m->nharts ? st->cur : 0];
}

/* A register's value; false when it cannot be read now (a CSR whose
 * extension is off, say). */
static bool reg_value(struct hart *h, const struct gdb_reg *r, uint64_t *v)
{
    switch (r->cls) {
    case GDB_REG_GPR:
        *v = r->index ? h->x[r->index] : 0;
        return true;
    case GDB_REG_PC:
        *v = h->pc;
        return true;
    case GDB_REG_FPR:
        *v = h->f[r->index];
        return true;
    case GDB_REG_PRIV:
        *v = (uint64_t)h->priv;
        return true;
    case GDB_REG_CSR: {
        /* Read as M-mode would: the debugger sees every CSR.  Reads have
         * no side effects on this machine. */
        enum priv saved = h->priv;
        h->priv = PRIV_M;
        int e = csr_read(h, r->index, v);
        h->priv = saved;
        return e == 0;
    }
    }
    return false;
}

static void put_reg(char *out, struct hart *h, const struct gdb_reg *r)
{
    uint64_t v;
    if (reg_value(h, r, &v))
        gdb_reg_encode(out, v, r->size);
    else
        memset(out, 'x', 2 * r->size), out[2 * r->size] = 0;
}

static size_t debug_read(struct gdb_stub *st, uint64_t va, uint8_t *buf, size_t len)
{
    return mmu_debug_read(cur_hart(st), va, buf, len);
}

/* ---- changing the machine ---- */

/* Hand one change to the session (logged as an input); false with a notice
 * when it cannot be made here. */
static bool change(struct gdb_stub *st, const struct sbuf *rec)
{
    char err[512];
    if (rec->oom || session_debug_write(st->s, rec->data, rec->len, err, sizeof err)) {
        notice(st, rec->oom ? "out of memory" : err); /* gdb expects no O packet here */
        return false;
    }
    return true;
}

static bool write_reg(struct gdb_stub *st, const struct gdb_reg *r, uint64_t v)
{
    static const enum debug_target targets[] = {
        [GDB_REG_GPR] = DEBUG_GPR, [GDB_REG_PC] = DEBUG_PC, [GDB_REG_FPR] = DEBUG_FPR,
        [GDB_REG_CSR] = DEBUG_CSR, [GDB_REG_PRIV] = DEBUG_PRIV,
    };
    if (r->cls == GDB_REG_GPR && r->index == 0)
        return true; /* x0 stays 0 */
    struct sbuf rec;
    sbuf_init(&rec);
    debug_write_encode_reg(&rec, targets[r->cls], st->cur, r->index, v);
    bool ok = change(st, &rec);
    sbuf_free(&rec);
    return ok;
}

/* Guest memory through the current hart's translation, RAM only; one
 * record per page. */
static bool write_mem(struct gdb_stub *st, uint64_t va, const uint8_t *data, size_t len)
{
    for (size_t done = 0; done < len;) {
        uint64_t a = va + done, pa;
        size_t chunk = 4096 - (a & 0xfff);
        if (chunk > len - done)
            chunk = len - done;
        if (mmu_probe(cur_hart(st), a, &pa) || !bus_is_ram(&st->m->bus, pa, chunk))
            return false;
        struct sbuf rec;
        sbuf_init(&rec);
        debug_write_encode_mem(&rec, pa, data + done, chunk);
        bool ok = change(st, &rec);
        sbuf_free(&rec);
        if (!ok)
            return false;
        done += chunk;
    }
    return true;
}

/* ---- going forward and back ---- */

static unsigned running_hart(struct gdb_stub *st)
{
    return st->m->next_hart < st->m->nharts ? st->m->next_hart : 0;
}

/* The stop reply for hart hi, which becomes the current one. */
static void stop_reply_for(struct gdb_stub *st, unsigned hi, int sig, const char *why)
{
    st->nadded = 0;
    st->cur = hi;
    snprintf(st->reply, sizeof st->reply, "T%02xthread:%x;%s", sig, st->cur + 1, why ? why : "");
    stub_send(st, st->reply);
}

/* The stop reply after a run: the hart that runs next (the one stopped at a
 * breakpoint or watchpoint) becomes the current one. */
static void stop_reply(struct gdb_stub *st, int sig, const char *why)
{
    stop_reply_for(st, running_hart(st), sig, why);
}

/* Breakpoints are not reported at bp_skip (GDB continues from a breakpoint
 * it stopped at), watchpoints not at watch_skip. */
static void arm(struct gdb_stub *st, uint64_t bp_skip, uint64_t watch_skip)
{
    session_set_breakpoints(st->s, st->bps, st->nbps, bp_skip);
    session_set_watchpoints(st->s, st->wps, st->nwps, watch_skip);
}

static void disarm(struct gdb_stub *st)
{
    session_set_breakpoints(st->s, NULL, 0, 0);
    session_set_watchpoints(st->s, NULL, 0, 0);
}

/* The stop reply of a watchpoint hit: watch/rwatch/awatch:ADDR. */
static void watch_reply(struct gdb_stub *st)
{
    uint64_t a = session_watch_hit(st->s);
    const char *kind = "watch";
    for (unsigned i = 0; i < st->nwps; i++)
        if (a >= st->wps[i].addr && a < st->wps[i].addr + st->wps[i].len)
            kind = st->wkind[i] == '3' ? "rwatch" : st->wkind[i] == '4' ? "awatch" : "watch";
    char why[64];
    snprintf(why, sizeof why, "%s:%llx;", kind, (unsigned long long)a);
    stop_reply(st, 5, why);
}

static bool seek(struct gdb_stub *st, uint64_t step)
{
    char err[512];
    if (session_seek(st->s, step, err, sizeof err)) {
        notice(st, err);
        return false;
    }
    return true;
}


/* What a trap report needs of a hart, captured so that it can be told
 * after the machine has moved. */
struct trap_view {
    uint64_t ntraps, pc, cause, epc, tval;
    bool m_mode;
};

static void trap_views(const struct machine *m, struct trap_view *v)
{
    for (unsigned i = 0; i < m->nharts; i++) {
        const struct hart *h = &m->harts[i];
        bool m_mode = h->priv == PRIV_M;
        v[i] = (struct trap_view){h->ntraps, h->pc, m_mode ? h->mcause : h->scause,
                                  m_mode ? h->mepc : h->sepc, m_mode ? h->mtval : h->stval, m_mode};
    }
}

/* The hart whose trap count differs from the views (`first` if it does),
 * or -1. */
static int trap_hart(const struct machine *m, const struct trap_view *v, unsigned first)
{
    if (first < m->nharts && m->harts[first].ntraps != v[first].ntraps)
        return (int)first;
    for (unsigned i = 0; i < m->nharts; i++)
        if (m->harts[i].ntraps != v[i].ntraps)
            return (int)i;
    return -1;
}

/* The trap a hart has just entered (its view right after the entry), in
 * words, for the student who just stepped into or back out of a handler:
 * a step follows the machine. */
static void describe_trap(struct gdb_stub *st, unsigned hi, const struct trap_view *v, const char *how)
{
    char line[256];
    snprintf(line, sizeof line, "rewind: %s: hart %u %s (cause %llu%s), trap pc 0x%llx, tval 0x%llx, "
                                "handler in %c-mode at 0x%llx\n",
             how, hi, riscv_cause_name(v->cause), (unsigned long long)(v->cause & ~(1ull << 63)),
             v->cause >> 63 ? ", interrupt" : "", (unsigned long long)v->epc,
             (unsigned long long)v->tval, v->m_mode ? 'M' : 'S', (unsigned long long)v->pc);
    stub_monitor_out(st, line);
}

/* After a step forward from `before`: report a trap it entered. */
static void report_step_trap(struct gdb_stub *st, const struct trap_view *before, unsigned hi)
{
    int t = trap_hart(st->m, before, hi);
    if (t >= 0) {
        struct trap_view now[MACHINE_MAX_HARTS];
        trap_views(st->m, now);
        describe_trap(st, (unsigned)t, &now[t], "the step entered a trap");
    }
}

/* One instruction of hart hi forward (the others run as scheduled). */
static void step_forward(struct gdb_stub *st, unsigned hi)
{
    if (session_position(st->s) >= session_end_step(st->s)) {
        stop_reply_for(st, hi, 5, "replaylog:end;");
        return;
    }
    struct trap_view before[MACHINE_MAX_HARTS];
    trap_views(st->m, before);
    char err[512];
    enum session_event ev = session_step_hart(st->s, hi, err, sizeof err);
    if (ev == SESSION_REACHED) {
        report_step_trap(st, before, hi);
        stop_reply_for(st, hi, 5, NULL);
    } else if (ev == SESSION_END) {
        stop_reply_for(st, hi, 5, "replaylog:end;");
    } else {
        if (err[0])
            notice(st, err);
        else if (ev == SESSION_IDLE)
            stub_monitor_out(st, "rewind: every hart waits for input; the step did not happen\n");
        stop_reply_for(st, hi, 5, NULL);
    }
}

/* Back to just before hart hi's previous instruction. */
static void step_back(struct gdb_stub *st, unsigned hi)
{
    uint64_t first = session_history_start(st->s);
    if (session_position(st->s) <= first) {
        stop_reply_for(st, hi, 5, "replaylog:begin;");
        return;
    }
    struct trap_view after[MACHINE_MAX_HARTS]; /* the state before going back */
    trap_views(st->m, after);
    char err[512];
    int rc = session_unstep_hart(st->s, hi, err, sizeof err);
    if (rc < 0) {
        notice(st, err);
        stop_reply_for(st, hi, 5, NULL);
        return;
    }
    if (rc == 1) {
        stop_reply_for(st, hi, 5, "replaylog:begin;");
        return;
    }
    int t = trap_hart(st->m, after, hi);
    if (t >= 0)
        describe_trap(st, (unsigned)t, &after[t], "back out of a trap entry");
    stop_reply_for(st, hi, 5, session_position(st->s) == first ? "replaylog:begin;" : NULL);
}

/* Run forward until a breakpoint, the end of the recording, or Ctrl-C. */
/* Was a breakpoint just inserted where the current hart's instruction
 * leads — right after it, or a jump's or branch's target?  That is GDB's
 * software single-step. */
static bool is_soft_step(struct gdb_stub *st)
{
    struct hart *h = cur_hart(st);
    struct dinsn d;
    if (st->nadded == 0 || !mmu_debug_fetch(h, h->pc, &d))
        return false;
    unsigned len = d.len;
    /* Every place the instruction can lead must have one (a branch: both;
     * a jump: its target): a user's breakpoint at a branch target, put
     * back as GDB resumes, is not a step. */
    uint64_t next[2] = {h->pc + len, h->pc + len};
    enum insn_fmt f = d.op < OP_COUNT ? insn_table[d.op].fmt : FMT_NONE;
    if (f == FMT_J)
        next[0] = next[1] = h->pc + (int64_t)d.imm;
    else if (f == FMT_B)
        next[1] = h->pc + (int64_t)d.imm;
    else if (f == FMT_JALR)
        next[0] = next[1] = ((d.rs1 ? h->x[d.rs1] : 0) + (int64_t)d.imm) & ~1ull;
    bool have[2] = {false, false};
    for (unsigned i = 0; i < st->nadded; i++)
        for (unsigned k = 0; k < 2; k++)
            have[k] |= st->added[i] == next[k];
    return have[0] && have[1];
}

static void continue_forward(struct gdb_stub *st)
{
    char err[512];
    const uint64_t start = session_position(st->s);
    /* GDB single-steps RISC-V in software: a breakpoint after the
     * instruction (and at a branch's target), then continue.  An instruction
     * that traps, or an sret/mret GDB cannot follow, would then run on to
     * who knows where; so when a breakpoint was just inserted right after
     * the current instruction, this is a step: take exactly one. */
    if (is_soft_step(st) && session_position(st->s) < session_end_step(st->s)) {
        struct trap_view before[MACHINE_MAX_HARTS];
        trap_views(st->m, before);
        unsigned hi = st->cur;
        arm(st, start, UINT64_MAX);
        enum session_event ev = session_step_hart(st->s, hi, err, sizeof err);
        disarm(st);
        if (ev == SESSION_REACHED) {
            report_step_trap(st, before, hi);
            stop_reply_for(st, hi, 5, NULL);
            return;
        }
        if (ev == SESSION_BREAKPOINT || ev == SESSION_WATCHPOINT) {
            if (ev == SESSION_WATCHPOINT)
                watch_reply(st);
            else
                stop_reply(st, 5, "swbreak:;");
            return;
        }
    }
    /* A breakpoint where we start does not fire (GDB continues from it); a
     * watchpoint on the instruction here does (GDB steps over the ones it
     * reported itself). */
    arm(st, start, UINT64_MAX);
    for (;;) {
        uint64_t at = session_position(st->s);
        enum session_event ev = session_run(st->s, at + STUB_SLICE, err, sizeof err);
        if (ev == SESSION_BREAKPOINT) {
            disarm(st);
            stop_reply(st, 5, "swbreak:;");
            return;
        }
        if (ev == SESSION_WATCHPOINT) {
            disarm(st);
            watch_reply(st);
            return;
        }
        bool live = session_end_step(st->s) == UINT64_MAX;
        if (live && (ev == SESSION_POWEROFF || ev == SESSION_FAIL || ev == SESSION_REBOOT)) {
            disarm(st); /* the program has ended */
            snprintf(st->reply, sizeof st->reply, "W%02x",
                     ev == SESSION_FAIL ? session_exit_code(st->s) & 0xff : 0);
            stub_send(st, st->reply);
            gdb_server_flush(st->srv, 1000);
            st->done = true;
            return;
        }
        if (live && ev == SESSION_IDLE) {
            /* Every hart waits for input: let the front end take some. */
            if (st->hooks && st->hooks->poll)
                st->hooks->poll(st->hooks->opaque, 100);
        } else if (ev == SESSION_END || ev == SESSION_POWEROFF || ev == SESSION_FAIL ||
                   ev == SESSION_REBOOT || ev == SESSION_IDLE) {
            disarm(st);
            stop_reply(st, 5, "replaylog:end;");
            return;
        } else if (live && st->hooks && st->hooks->poll) {
            st->hooks->poll(st->hooks->opaque, 0);
        }
        if (ev == SESSION_DIVERGED || ev == SESSION_ERROR) {
            disarm(st);
            notice(st, err);
            stop_reply(st, 5, NULL);
            return;
        }
        struct gdb_server_event e;
        if (gdb_server_poll(st->srv, 0, &e) == 0 && e.kind == GDB_SRV_EV_INTERRUPT) {
            disarm(st);
            stop_reply(st, 2, NULL);
            return;
        }
        if (e.kind == GDB_SRV_EV_DISCONNECTED) {
            disarm(st);
            st->done = true;
            return;
        }
    }
}

/* Back to the last breakpoint or watchpoint hit before this position:
 * replay the snapshot intervals before here, newest first, and keep the
 * last hit of the first interval that has one.  Both kinds are found
 * before their instruction executes.  GDB treats RISC-V watchpoints as
 * firing before the access and steps over the instruction itself — in
 * reverse, a reverse-step — so a watchpoint found going back is reported
 * one step later, after the access: GDB's reverse-step then lands on the
 * guilty store, the variable still holding its old value. */
static void continue_back(struct gdb_stub *st)
{
    char err[512];
    uint64_t from = session_position(st->s), b = from, first = session_history_start(st->s);
    while (b > first) {
        uint64_t a = session_snapshot_before(st->s, b);
        if (!seek(st, a))
            break;
        uint64_t last = UINT64_MAX;
        enum session_event last_ev = SESSION_BREAKPOINT;
        arm(st, UINT64_MAX, UINT64_MAX);
        for (;;) {
            enum session_event ev = session_run(st->s, b, err, sizeof err);
            uint64_t at = session_position(st->s);
            if ((ev != SESSION_BREAKPOINT && ev != SESSION_WATCHPOINT) || at >= b)
                break;
            last = at;
            last_ev = ev;
            arm(st, at, at); /* and on past it */
        }
        disarm(st);
        if (last != UINT64_MAX) {
            if (last_ev == SESSION_WATCHPOINT) {
                seek(st, last + 1); /* the watch hit address is the last one seen */
                watch_reply(st);
            } else {
                seek(st, last);
                stop_reply(st, 5, "swbreak:;");
            }
            return;
        }
        b = a;
        /* A long search back (a breakpoint that is never hit) stops at
         * Ctrl-C, where it has got to. */
        struct gdb_server_event e;
        if (gdb_server_poll(st->srv, 0, &e) == 0 && e.kind == GDB_SRV_EV_INTERRUPT) {
            seek(st, a);
            stop_reply(st, 2, NULL);
            return;
        }
        if (e.kind == GDB_SRV_EV_DISCONNECTED) {
            st->done = true;
            return;
        }
    }
    seek(st, first);
    stop_reply(st, 5, "replaylog:begin;");
}

/* ---- packets ---- */

static bool has_prefix(const char *p, size_t n, const char *pre)
{
    size_t k = strlen(pre);
    return n >= k && memcmp(p, pre, k) == 0;
}

static void handle_watchpoint(struct gdb_stub *st, bool insert, char kind, uint64_t addr, uint64_t len)
{
    for (unsigned i = 0; i < st->nwps; i++)
        if (st->wps[i].addr == addr && st->wps[i].len == len && st->wkind[i] == kind) {
            if (!insert) {
                st->wps[i] = st->wps[--st->nwps];
                st->wkind[i] = st->wkind[st->nwps];
            }
            stub_send(st, "OK");
            return;
        }
    if (!insert) {
        stub_send(st, "OK");
        return;
    }
    if (st->nwps == MACHINE_MAX_WATCHPOINTS || len == 0 || len > 4096) {
        stub_send(st, "E02");
        return;
    }
    st->wps[st->nwps] = (struct machine_watch){addr, len, kind != '2', kind != '3'};
    st->wkind[st->nwps++] = kind;
    stub_send(st, "OK");
}

static void handle_breakpoint(struct gdb_stub *st, const char *p, size_t n)
{
    bool insert = p[0] == 'Z';
    if (n < 4 || p[1] < '0' || p[1] > '4' || p[2] != ',') {
        stub_send(st, "");
        return;
    }
    const char *comma = memchr(p + 3, ',', n - 3);
    uint64_t addr;
    if (!comma || gdb_parse_hex_u64(p + 3, (size_t)(comma - (p + 3)), &addr)) {
        stub_send(st, "E01");
        return;
    }
    if (p[1] >= '2') {
        uint64_t len;
        const char *end = memchr(comma + 1, ';', (size_t)(p + n - (comma + 1)));
        if (!end)
            end = p + n;
        if (gdb_parse_hex_u64(comma + 1, (size_t)(end - (comma + 1)), &len)) {
            stub_send(st, "E01");
            return;
        }
        handle_watchpoint(st, insert, p[1], addr, len);
        return;
    }
    for (unsigned i = 0; i < st->nbps; i++)
        if (st->bps[i] == addr) {
            if (!insert)
                st->bps[i] = st->bps[--st->nbps];
            stub_send(st, "OK");
            return;
        }
    if (!insert) {
        stub_send(st, "OK");
        return;
    }
    if (st->nbps == MACHINE_MAX_BREAKPOINTS) {
        stub_send(st, "E02");
        return;
    }
    st->bps[st->nbps++] = addr;
    if (st->nadded < sizeof st->added / sizeof st->added[0])
        st->added[st->nadded++] = addr;
    stub_send(st, "OK");
}

static void handle_packet(struct gdb_stub *st, const char *p, size_t n)
{
    struct hart *h = cur_hart(st);
    if (n == 0) {
        stub_send(st, "");
    } else if (has_prefix(p, n, "qSupported")) {
        snprintf(st->reply, sizeof st->reply,
                 "PacketSize=%x;qXfer:features:read+;ReverseStep+;ReverseContinue+;swbreak+;"
                 "QStartNoAckMode+;vContSupported+", STUB_PACKET_MAX);
        stub_send(st, st->reply);
    } else if (has_prefix(p, n, "QStartNoAckMode")) {
        stub_send(st, "OK");
        gdb_server_flush(st->srv, 1000);
        gdb_pkt_set_noack(gdb_server_pkt(st->srv), true);
    } else if (has_prefix(p, n, "qXfer:features:read:")) {
        size_t len;
        int e = gdb_tdesc_qxfer(st->xml, st->xml_len, p, n, STUB_PACKET_MAX - 16, st->reply,
                                sizeof st->reply, &len);
        if (e)
            stub_send(st, e == -ENOENT ? "E00" : "E01");
        else
            gdb_server_send(st->srv, st->reply, len, GDB_SEND_BINARY);
    } else if (has_prefix(p, n, "qAttached")) {
        stub_send(st, "1");
    } else if (has_prefix(p, n, "qC")) {
        snprintf(st->reply, sizeof st->reply, "QC%x", st->cur + 1);
        stub_send(st, st->reply);
    } else if (has_prefix(p, n, "qfThreadInfo")) {
        char *o = st->reply;
        *o++ = 'm';
        for (unsigned i = 0; i < st->m->nharts; i++)
            o += sprintf(o, "%s%x", i ? "," : "", i + 1);
        stub_send(st, st->reply);
    } else if (has_prefix(p, n, "qsThreadInfo")) {
        stub_send(st, "l");
    } else if (has_prefix(p, n, "qRcmd,")) {
        stub_monitor(st, p + 6, n - 6);
    } else if (p[0] == 'H' && n >= 2) {
        uint64_t tid;
        if (n > 2 && p[2] != '-' && gdb_parse_hex_u64(p + 2, n - 2, &tid) == 0 && tid > 0 &&
            tid <= st->m->nharts)
            st->cur = (unsigned)tid - 1;
        stub_send(st, "OK");
    } else if (p[0] == 'T') {
        uint64_t tid;
        bool ok = gdb_parse_hex_u64(p + 1, n - 1, &tid) == 0 && tid > 0 && tid <= st->m->nharts;
        stub_send(st, ok ? "OK" : "E01");
    } else if (p[0] == '?') {
        stop_reply(st, 5, session_position(st->s) == 0 ? "replaylog:begin;" : NULL);
    } else if (p[0] == 'g' && n == 1) {
        char *o = st->reply;
        for (const struct gdb_reg *r = gdb_riscv_reg_after(-1); r && r->regnum <= GDB_RISCV_REGNUM_PC;
             r = gdb_riscv_reg_after((int)r->regnum)) {
            put_reg(o, h, r);
            o += 2 * r->size;
        }
        *o = 0;
        stub_send(st, st->reply);
    } else if (p[0] == 'p') {
        uint64_t num;
        const struct gdb_reg *r;
        if (gdb_parse_hex_u64(p + 1, n - 1, &num) || !(r = gdb_riscv_reg((unsigned)num))) {
            stub_send(st, "E01");
        } else {
            put_reg(st->reply, h, r);
            stub_send(st, st->reply);
        }
    } else if (p[0] == 'm') {
        uint64_t addr;
        size_t len;
        uint8_t buf[STUB_PACKET_MAX / 2];
        if (gdb_parse_addr_len(p + 1, n - 1, sizeof buf - 8, &addr, &len)) {
            stub_send(st, "E01");
        } else {
            size_t got = debug_read(st, addr, buf, len);
            if (got == 0 && len) {
                stub_send(st, "E14");
            } else {
                gdb_hex_encode(st->reply, buf, got);
                stub_send(st, st->reply);
            }
        }
    } else if (p[0] == 'P') {
        const char *eq = memchr(p, '=', n);
        uint64_t num, v;
        const struct gdb_reg *r;
        if (!eq || gdb_parse_hex_u64(p + 1, (size_t)(eq - p - 1), &num) || !(r = gdb_riscv_reg((unsigned)num)) ||
            gdb_reg_decode(eq + 1, (size_t)(p + n - eq - 1), r->size, &v))
            stub_send(st, "E01");
        else
            stub_send(st, write_reg(st, r, v) ? "OK" : "E02");
    } else if (p[0] == 'G') {
        const char *q = p + 1, *end = p + n;
        bool ok = true;
        for (const struct gdb_reg *r = gdb_riscv_reg_after(-1); ok && r && r->regnum <= GDB_RISCV_REGNUM_PC &&
                                                             q + 2 * r->size <= end;
             r = gdb_riscv_reg_after((int)r->regnum)) {
            uint64_t v, old;
            if (q[0] != 'x' && gdb_reg_decode(q, 2 * r->size, r->size, &v) == 0 && reg_value(h, r, &old) &&
                v != old)
                ok = write_reg(st, r, v);
            q += 2 * r->size;
        }
        stub_send(st, ok ? "OK" : "E02");
    } else if (p[0] == 'M' || p[0] == 'X') {
        uint64_t addr;
        size_t len, dlen;
        const char *data;
        uint8_t buf[STUB_PACKET_MAX];
        size_t got;
        if (gdb_parse_addr_len_data(p + 1, n - 1, sizeof buf, p[0] == 'X', &addr, &len, &data, &dlen) ||
            (p[0] == 'M' ? gdb_hex_decode(buf, sizeof buf, data, dlen, &got) || got != len
                         : (memcpy(buf, data, len), false)))
            stub_send(st, "E01");
        else
            stub_send(st, len == 0 || write_mem(st, addr, buf, len) ? "OK" : "E02");
    } else if (p[0] == 'Z' || p[0] == 'z') {
        handle_breakpoint(st, p, n);
    } else if (has_prefix(p, n, "vCont?")) {
        stub_send(st, "vCont;c;C;s;S");
    } else if (has_prefix(p, n, "vCont;")) {
        /* The first action decides: step (its thread, or the current one)
         * or continue; the other harts run as the machine schedules them. */
        if (n < 7 || !strchr("cCsS", p[6])) {
            stub_send(st, "E01"); /* only the actions vCont? offers */
        } else if (p[6] == 's' || p[6] == 'S') {
            const char *colon = memchr(p + 6, ':', n - 6);
            const char *semi = memchr(p + 6, ';', n - 6);
            uint64_t tid;
            if (colon && (!semi || colon < semi) &&
                gdb_parse_hex_u64(colon + 1, (size_t)((semi ? semi : p + n) - (colon + 1)), &tid) == 0 &&
                tid > 0 && tid <= st->m->nharts)
                st->cur = (unsigned)tid - 1;
            step_forward(st, st->cur);
        } else {
            continue_forward(st);
        }
    } else if (p[0] == 's' && n == 1) {
        step_forward(st, st->cur);
    } else if (p[0] == 'c' && n == 1) {
        continue_forward(st);
    } else if (has_prefix(p, n, "bs")) {
        step_back(st, st->cur);
    } else if (has_prefix(p, n, "bc")) {
        continue_back(st);
    } else if (p[0] == 'D') {
        stub_send(st, "OK");
        gdb_server_flush(st->srv, 1000);
        st->done = true;
    } else if (p[0] == 'k' || has_prefix(p, n, "vKill")) {
        if (p[0] == 'v')
            stub_send(st, "OK");
        gdb_server_flush(st->srv, 1000);
        st->done = true;
        st->killed = true;
    } else {
        stub_send(st, ""); /* not supported */
    }
}

struct gdb_stub *gdb_stub_open(struct session *s, uint16_t port, const struct gdb_stub_hooks *h,
                               char *err, size_t errlen)
{
    struct gdb_stub *st = calloc(1, sizeof *st);
    if (!st) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    st->s = s;
    st->m = session_machine(s);
    st->hooks = h;
    st->xml = gdb_riscv_target_xml(&st->xml_len);
    if (!st->xml) {
        snprintf(err, errlen, "out of memory");
        gdb_stub_close(st);
        return NULL;
    }
    if (gdb_server_open(&st->srv, port, STUB_PACKET_MAX, err, errlen)) {
        gdb_stub_close(st);
        return NULL;
    }
    if (h && h->listening)
        h->listening(h->opaque, gdb_server_port(st->srv));
    return st;
}

void gdb_stub_close(struct gdb_stub *g)
{
    struct gdb_stub *st = g;
    if (!st)
        return;
    disarm(st);
    gdb_server_close(st->srv);
    free(st->xml);
    free(st);
}

/* One event from the server: packets are answered, the rest noted. */
static void stub_event(struct gdb_stub *st, const struct gdb_server_event *e)
{
    switch (e->kind) {
    case GDB_SRV_EV_PACKET:
        handle_packet(st, e->data, e->len);
        break;
    case GDB_SRV_EV_INTERRUPT: /* already stopped */
        stop_reply(st, 2, NULL);
        break;
    case GDB_SRV_EV_PROTOCOL_ERROR:
        notice(st, e->msg);
        if (e->reply)
            stub_send(st, "E01");
        break;
    case GDB_SRV_EV_CONNECTED:
        notice(st, "debugger attached");
        st->attached = true;
        break;
    case GDB_SRV_EV_DISCONNECTED:
        notice(st, e->msg[0] ? e->msg : "debugger detached");
        st->attached = false;
        st->done = true;
        break;
    case GDB_SRV_EV_REFUSED:
        notice(st, e->msg);
        break;
    case GDB_SRV_EV_NONE:
        break;
    }
    gdb_server_flush(st->srv, 1000);
}

bool gdb_stub_attached(struct gdb_stub *g, int timeout_ms)
{
    struct gdb_stub *st = g;
    struct gdb_server_event e;
    if (!st->attached && gdb_server_poll(st->srv, timeout_ms, &e) == 0)
        stub_event(st, &e);
    return st->attached;
}

int gdb_stub_serve_client(struct gdb_stub *g)
{
    struct gdb_stub *st = g;
    st->done = st->killed = false;
    while (!st->done) {
        struct gdb_server_event e;
        if (gdb_server_poll(st->srv, 500, &e) == 0)
            stub_event(st, &e);
    }
    if (st->attached) { /* detached or killed: let the client go */
        gdb_server_detach(st->srv);
        st->attached = false;
    }
    return st->killed ? 1 : 0;
}

int gdb_stub_serve(struct session *s, uint16_t port, const struct gdb_stub_hooks *h, char *err,
                   size_t errlen)
{
    struct gdb_stub *g = gdb_stub_open(s, port, h, err, errlen);
    if (!g)
        return -1;
    while (!gdb_stub_attached(g, 500))
        ;
    gdb_stub_serve_client(g);
    gdb_stub_close(g);
    return 0;
}
