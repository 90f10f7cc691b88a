/* The command line's front end to a session (replay/session.h): console,
 * stopping rules, messages, progress. */
#ifndef REWIND_TOOLS_SESSION_H
#define REWIND_TOOLS_SESSION_H
#include <stdbool.h>
#include <stdint.h>
#include "replay/session.h"
#include "tools/options.h"

struct session_opts {
    struct run_options ro;
    const char *trace_path;     /* record: -o; replay: the trace */
    uint64_t checkpoint_every;  /* record: steps between checkpoints */
    bool embed;                 /* record: embed every image */
    bool no_embed;              /* record: embed none */
    bool force;                 /* record: overwrite the output */
    bool quiet;                 /* replay: do not print the console */
    uint64_t perturb_at;        /* replay, tests only: flip a bit of hart 0's a0 here */
    /* replay: called at every trap entry (rewind traps) */
    void (*trap_fn)(void *opaque, unsigned hart, uint64_t step, uint64_t cause, uint64_t epc,
                    uint64_t tval, unsigned priv);
    void *trap_opaque;
    bool gdb;                   /* serve GDB (replay: halted at step 0) */
    bool gdb_wait;              /* run, record: start halted until gdb attaches */
    uint16_t gdb_port;
    size_t snapshot_mem;        /* replay --gdb: snapshot memory cap (0: default) */
    bool save_snapshots;        /* replay: store the snapshots in the trace at the end */
    int argc;                   /* the command line, for the trace's meta */
    char **argv;
};

int session_main(enum session_mode mode, struct session_opts *so);
#endif
