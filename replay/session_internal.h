/* The session's state, shared by its files: session.c (opening, running,
 * seeking, recording, replaying) and session_debug.c (what a debugger
 * adds: one hart's steps, changes, forks, saved snapshots, queries). */
#ifndef REWIND_REPLAY_SESSION_INTERNAL_H
#define REWIND_REPLAY_SESSION_INTERNAL_H
#include "core/serial.h"
#include "replay/checkpoint.h"
#include "replay/rr.h"
#include "replay/session.h"
#include "replay/snapshot.h"
#include "trace/trace.h"

/* Traps are counted per hart and cause between checkpoints; the full list
 * is derived data that `rewind traps` produces by replay (one row per trap
 * made the trace of a syscall-heavy session mostly trap rows). */
#define TRAP_KINDS 64 /* causes 0-31, then interrupts 0-31 */
#define MAX_HARTS 8

struct session {
    struct session_config cfg;
    struct session_hooks hooks;
    enum session_mode mode;
    struct machine_config mc;   /* as the machine was made (replay: paths from the trace) */
    struct machine *m;
    struct rr_log rr;
    struct trace *trace;
    struct ckpt *ckpt;
    struct sbuf detail;
    /* record: console bytes waiting for the next commit, traps counted
     * since the last checkpoint */
    struct sbuf conbuf;
    uint64_t conbuf_step;
    struct sbuf conlines;       /* the row's pieces (trace_console_add) */
    uint64_t piece_step, last_piece_step;
    size_t piece_len;
    bool in_piece;
    uint64_t trap_counts[MAX_HARTS][TRAP_KINDS];
    bool trace_error;
    /* replay */
    struct trace_checkpoint *ckpts;
    size_t nckpts, next_ckpt;
    uint64_t end_step;
    char tmpdir[256];
    char append[4096];          /* the recorded kernel command line */
    char kernel_name[512];      /* replay: the kernel's recorded path */
    bool dtb_recorded;
    uint64_t dtb_hash;
    uint64_t ckpt_every, next_ckpt_step;
    uint64_t last_ckpt_step;    /* record: where the latest checkpoint was taken */
    double last_commit;
    uint64_t checkpoints_done;
    /* replay: snapshots for seeking, one every snap_every steps */
    struct snapshots *snaps;
    uint64_t snap_every, next_snap_step;
    uint64_t seen_until; /* output before this position was already shown */
    /* run from the start up to here on this course (so, under lockstep,
     * checked): m->lockstep_checked */
    uint64_t checked_until;
    /* run, record: the console output shown, for session_console_each
     * (the newest CONLOG_MAX bytes; `conlog_steps` holds (step, offset)
     * pairs, one per piece) */
    struct sbuf conlog, conlog_steps;
    /* a query's observer of trap entries (session_observe_traps) */
    session_trap_fn observe_trap;
    void *observe_opaque;
    bool from_trace;    /* opened as a replay (its images are ours to free) */
    bool forked;        /* a replay that monitor truncate made a live run */
};

#define CONLOG_MAX (4u << 20)

/* machine_io.trap: every trap entry (counted when recording). */
void session_on_trap(void *opaque, unsigned hart, uint64_t step, uint64_t cause, uint64_t epc,
                     uint64_t tval, unsigned priv);
/* Keep console output shown at `step` for session_console_each (the
 * newest CONLOG_MAX bytes). */
void session_log_console(struct session *s, uint64_t step, const uint8_t *buf, size_t n);
/* A replay with snapshots starts with those saved in the trace. */
void session_load_saved_snapshots(struct session *s, char *notice, size_t noticelen);
#endif
