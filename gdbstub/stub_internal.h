/* The GDB stub's own state, shared by its files: stub.c (packets, going
 * forward and back) and monitor.c (monitor commands). */
#ifndef REWIND_GDBSTUB_STUB_INTERNAL_H
#define REWIND_GDBSTUB_STUB_INTERNAL_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/machine.h"
#include "gdbstub/stub.h"

#define STUB_PACKET_MAX 4096
#define STUB_SLICE 20000000ull   /* steps between looks for Ctrl-C while running */
#define STUB_REPLY_MAX (2 * STUB_PACKET_MAX + 64)

struct gdb_stub {
    struct session *s;
    struct machine *m;
    struct gdb_server *srv;
    const struct gdb_stub_hooks *hooks;
    char *xml;
    size_t xml_len;
    uint64_t bps[MACHINE_MAX_BREAKPOINTS];
    unsigned nbps;
    struct machine_watch wps[MACHINE_MAX_WATCHPOINTS];
    char wkind[MACHINE_MAX_WATCHPOINTS]; /* '2' write, '3' read, '4' access */
    unsigned nwps;
    unsigned cur;       /* the hart g, p and m look at */
    /* Breakpoints inserted since the last stop: GDB's software single-step
     * puts its own after the instruction just before resuming. */
    uint64_t added[8];
    unsigned nadded;
    bool done;
    bool attached, killed;
    char reply[STUB_REPLY_MAX];
};

/* A reply packet. */
void stub_send(struct gdb_stub *st, const char *text);
/* Text for the user's gdb console (an O packet; at most 500 bytes). */
void stub_monitor_out(struct gdb_stub *st, const char *text);
/* A qRcmd packet: the hex-encoded monitor command. */
void stub_monitor(struct gdb_stub *st, const char *hexcmd, size_t n);
#endif
