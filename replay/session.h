/* A session: one machine run live, recorded into a trace, or replayed from
 * one — the single API that front ends drive (the CLI in tools/, and the
 * GDB stub).  It owns the machine, the input log, checkpoints and the
 * trace; it never touches the terminal and never prints: console output,
 * traps and notices go to hooks, errors come back as messages.
 *
 * A front end opens a session, then calls session_run with a position to
 * reach; the session runs the machine in slices, delivering recorded inputs
 * and taking or checking checkpoints at their exact positions, committing
 * a recording at least once a second, until that position or an event. */
#ifndef REWIND_REPLAY_SESSION_H
#define REWIND_REPLAY_SESSION_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "core/machine.h"

enum session_mode { SESSION_RUN, SESSION_RECORD, SESSION_REPLAY };

struct session_config {
    enum session_mode mode;
    struct machine_config mc;   /* run, record: the machine (replay: from the trace) */
    const char *trace_path;     /* record: to write; replay: to read */
    uint64_t checkpoint_every;  /* record: steps between checkpoints (0: default) */
    bool embed, no_embed;       /* record: embed every image / none */
    bool force;                 /* record: overwrite the output */
    const char *command_line;   /* record: stored in the trace's meta */
    uint64_t perturb_at;        /* replay, tests only: flip a bit of hart 0's a0 here */
    /* a snapshot every this many steps (0: none, no seeking), and the
     * memory they may use (0: no cap; older ones are thinned); a live or
     * recording session with snapshots also keeps its inputs in memory */
    uint64_t snapshot_every;
    size_t snapshot_mem;
};

typedef void (*session_trap_fn)(void *opaque, unsigned hart, uint64_t step, uint64_t cause,
                                uint64_t epc, uint64_t tval, unsigned priv);
typedef int (*session_console_fn)(void *opaque, uint64_t step, const uint8_t *data, size_t len);

struct session_hooks {
    void *opaque;
    /* Bytes the guest printed. */
    void (*console_out)(void *opaque, const uint8_t *buf, size_t n);
    /* Every trap entry (may be NULL). */
    void (*trap)(void *opaque, unsigned hart, uint64_t step, uint64_t cause, uint64_t epc,
                 uint64_t tval, unsigned priv);
};

/* Why session_run returned. */
enum session_event {
    SESSION_REACHED,    /* at the requested position */
    SESSION_POWEROFF,   /* the guest powered off */
    SESSION_FAIL,       /* the guest reported failure: session_exit_code */
    SESSION_REBOOT,     /* the guest asked for a reset */
    SESSION_IDLE,       /* run/record: every hart waits and only input can wake one */
    SESSION_END,        /* replay: where the recording ended */
    SESSION_STOPPED,    /* session_request_stop */
    SESSION_BREAKPOINT, /* a hart is about to execute a breakpoint (not yet executed) */
    SESSION_WATCHPOINT, /* an instruction accessed a watchpoint (it has retired) */
    SESSION_DIVERGED,   /* replay: the message says what differs */
    SESSION_ERROR,      /* writing the trace failed; the message says why */
};

struct session;

/* NULL with a one-line message in err when the configuration, an image or
 * the trace is unusable; *differs is then true when a replay cannot be
 * the recorded machine (this rewind builds another device tree).  *notice
 * (may be NULL) receives a line worth telling the user (the firmware choice
 * made, a recording that was not finished), or an empty string. */
struct session *session_open(const struct session_config *c, const struct session_hooks *h,
                             char *notice, size_t noticelen, bool *differs, char *err,
                             size_t errlen);
/* Run until position `until` or an event. */
enum session_event session_run(struct session *s, uint64_t until, char *err, size_t errlen);
/* With snapshots: put the machine at exactly `step`, backward or forward,
 * by restoring the nearest snapshot before it and replaying the rest.
 * Output already shown is not shown again.  A live or recording session
 * replays its own inputs up to the newest position reached, and takes new
 * ones from the host only beyond it.  0, or -1 with a message. */
int session_seek(struct session *s, uint64_t step, char *err, size_t errlen);
/* One instruction of one hart, forward: run (other harts as the machine
 * schedules them) until `hart` has taken one step, and stop right after
 * it.  SESSION_REACHED, or what stopped the machine first (a breakpoint
 * or watchpoint set, the end, every hart idle). */
enum session_event session_step_hart(struct session *s, unsigned hart, char *err, size_t errlen);
/* Back to just before `hart`'s previous step (other harts' steps after it
 * undone too).  0; 1 when history holds no earlier step of the hart (the
 * machine stays); -1 with a message. */
int session_unstep_hart(struct session *s, unsigned hart, char *err, size_t errlen);
/* Replay: store the snapshots taken so far in the trace (table
 * snapshots), replacing any saved before; the next replay with snapshots
 * starts with them and seeks at once.  0, or -1 with a message. */
int session_save_snapshots(struct session *s, char *err, size_t errlen);
/* Start keeping history now (snapshots every `every` steps under `mem`
 * bytes, and inputs): seeking works from this position on.  0, or -1. */
int session_keep_history(struct session *s, uint64_t every, size_t mem, char *err, size_t errlen);
/* Breakpoints (virtual pcs, any hart): session_run stops before one is
 * executed, except at position skip_at (where a continue starts). */
int session_set_breakpoints(struct session *s, const uint64_t *pcs, unsigned n, uint64_t skip_at);
/* Watchpoints (virtual ranges, any hart): session_run stops before the
 * instruction that reads or writes one executes (except at position
 * skip_at); session_watch_hit gives the address. */
int session_set_watchpoints(struct session *s, const struct machine_watch *w, unsigned n,
                            uint64_t skip_at);
uint64_t session_watch_hit(const struct session *s);
/* The earliest position a seek can reach: 0, or where history began
 * (session_keep_history in a live session). */
uint64_t session_history_start(const struct session *s);
/* The newest snapshot position before `step` (0 when none). */
uint64_t session_snapshot_before(const struct session *s, uint64_t step);
size_t session_snapshot_count(const struct session *s);
size_t session_snapshot_memory(const struct session *s);
/* Typed console input (run, record): how many bytes the guest took now. */
size_t session_input(struct session *s, const uint8_t *buf, size_t n);
/* From a hook: make session_run return SESSION_STOPPED at the next step
 * boundary. */
void session_request_stop(struct session *s);
/* Record: write what is pending now (the machine waits for a person). */
int session_commit(struct session *s);
/* Record: the final checkpoint and how the session ended; then close. */
int session_finish(struct session *s, const char *end_reason, int exit_code, double seconds);
/* Run: write guest changes to disks back to their files. */
int session_write_back(struct session *s, char *err, size_t errlen);
void session_close(struct session *s);

struct machine *session_machine(struct session *s);
/* Replay: the kernel's path when it was recorded ("" when none). */
const char *session_kernel_name(const struct session *s);
/* The kernel image this session runs (a replay's may be extracted from
 * the trace into a temporary file); "" when none. */
const char *session_kernel_path(const struct session *s);
uint64_t session_position(const struct session *s);
int session_exit_code(const struct session *s);
/* The state hash a checkpoint would record now. */
uint64_t session_state_hash(struct session *s);
/* Replay: where the recording ends (UINT64_MAX for live and recording
 * sessions); checkpoints checked so far and in all. */
uint64_t session_end_step(const struct session *s);
uint64_t session_checkpoints_done(const struct session *s);
size_t session_checkpoints_total(const struct session *s);
/* Replay: the guest exit status the recording stored, or -1. */
int session_recorded_exit(struct session *s);
/* Run (with history): forget everything after the current position — the
 * inputs, snapshots and console output of that future — so that the
 * machine takes new input from here.  A replay (with snapshots) forks: it
 * becomes a live run from here, the trace left as it is.  A recording
 * refuses (with a message): the file keeps what was recorded. */
int session_truncate(struct session *s, char *err, size_t errlen);
/* A replay that session_truncate made a live run. */
bool session_forked(const struct session *s);
/* A debugger's change to the machine (an isa/riscv/debug_write.h record)
 * at the current position: only at the newest position of a live or
 * recording session, where it is logged like an input (a recording's
 * replay applies it too).  0, or -1 with a message. */
int session_debug_write(struct session *s, const uint8_t *rec, size_t len, char *err, size_t errlen);
/* The newest position this session has reached: a live or recording
 * session takes host input only there. */
uint64_t session_newest(const struct session *s);
/* A second observer of trap entries, for a query that replays an interval
 * (NULL to remove). */
void session_observe_traps(struct session *s, session_trap_fn fn, void *opaque);
/* The console output before position `before`, piece by piece in order
 * with the step of each piece's first byte (fn returns nonzero to stop).
 * Replay: from the trace.  Run, record: what this session printed (its
 * newest 4 MiB).  0, or -1 with a message. */
int session_console_each(struct session *s, uint64_t before, session_console_fn fn, void *opaque,
                         char *err, size_t errlen);
/* The input log as far as it is in memory: the whole log of a replay, the
 * inputs since history began in a live or recording session (none without
 * history). */
size_t session_input_count(const struct session *s);
int session_input_entry(const struct session *s, size_t i, uint64_t *step, unsigned *kind,
                        const uint8_t **data, size_t *len);
/* Record: inputs logged. */
uint64_t session_inputs_logged(const struct session *s);
#endif
