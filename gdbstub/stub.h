/* The GDB command layer: serves GDB's remote protocol for one session
 * (replay/session.h), forward and backward.  Live and recording sessions
 * with snapshots keep their history in memory: the debugger can go back
 * and forward through it, and the machine takes new input only at its
 * newest position.
 *
 * A replay session with snapshots is the history: continue, step,
 * breakpoints go forward through it; reverse-stepi and reverse-continue
 * (bs, bc) go back by seeking, and the start and end of the recording are
 * reported as `replaylog:begin` / `replaylog:end`.  Registers and memory
 * are read through the current hart (memory through its translation,
 * physical when paging is off; device registers are never read, since
 * reading them has effects).  A replay cannot be changed: register and
 * memory writes are refused. */
#ifndef REWIND_GDBSTUB_STUB_H
#define REWIND_GDBSTUB_STUB_H
#include <stddef.h>
#include <stdint.h>
#include "replay/session.h"

struct gdb_stub_hooks {
    void *opaque;
    /* The server listens on 127.0.0.1:port: tell the user how to attach. */
    void (*listening)(void *opaque, uint16_t port);
    /* A line about what happened (client attached, left, refused). */
    void (*notice)(void *opaque, const char *text);
    /* Live and recording sessions: called while the machine runs (wait up
     * to timeout_ms, e.g. for typed console input to hand to the session).
     * May be NULL. */
    void (*poll)(void *opaque, int timeout_ms);
};

/* Serve until the client detaches or kills the session.  0, or -1 with a
 * message (the port could not be opened, ...). */
int gdb_stub_serve(struct session *s, uint16_t port, const struct gdb_stub_hooks *h,
                   char *err, size_t errlen);
#endif
