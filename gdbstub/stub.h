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
#include <stdbool.h>
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

struct gdb_stub;

/* Listen on 127.0.0.1:port (0: any free port; hooks->listening is told
 * which).  NULL with a message when the port cannot be opened. */
struct gdb_stub *gdb_stub_open(struct session *s, uint16_t port, const struct gdb_stub_hooks *h,
                               char *err, size_t errlen);
void gdb_stub_close(struct gdb_stub *g);
/* Has a debugger attached?  Waits up to timeout_ms (0: just look), so a
 * running session can check between slices. */
bool gdb_stub_attached(struct gdb_stub *g, int timeout_ms);
/* Serve the attached debugger, the machine halted between its commands,
 * until it detaches (0) or kills the session (1). */
int gdb_stub_serve_client(struct gdb_stub *g);
/* All of it: open, wait for a debugger, serve it, close.  0, or -1 with a
 * message. */
int gdb_stub_serve(struct session *s, uint16_t port, const struct gdb_stub_hooks *h,
                   char *err, size_t errlen);
#endif
