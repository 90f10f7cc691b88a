/* The stub's monitor commands (`monitor help` in gdb): positions, and the
 * questions replay/inspect.c answers. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gdbstub/packet.h"
#include "gdbstub/stub_internal.h"
#include "replay/inspect.h"

void stub_monitor_out(struct gdb_stub *st, const char *text)
{
    char hex[1024];
    size_t n = strlen(text);
    if (n > 500)
        n = 500;
    hex[0] = 'O';
    gdb_hex_encode(hex + 1, text, n);
    stub_send(st, hex);
}

/* ---- monitor commands ---- */

static void monitor_line(void *opaque, const char *line)
{
    struct gdb_stub *st = opaque;
    char text[300];
    snprintf(text, sizeof text, "%s\n", line);
    stub_monitor_out(st, text);
}

static void monitor_printf(struct gdb_stub *st, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void monitor_printf(struct gdb_stub *st, const char *fmt, ...)
{
    char line[300];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    stub_monitor_out(st, line);
}

/* Up to `max` numbers from the words of args (decimal or 0x hex); returns
 * how many, or -1 (with a message sent) for a word that is not one. */
static int monitor_numbers(struct gdb_stub *st, const char *args, uint64_t *v, int max)
{
    int n = 0;
    while (*args) {
        while (*args == ' ')
            args++;
        if (!*args)
            break;
        char *end;
        if (n == max || *args == '-') {
            monitor_printf(st, "too many or bad arguments: '%.60s' (see monitor help)\n", args);
            return -1;
        }
        errno = 0;
        v[n] = strtoull(args, &end, 0);
        if (end == args || (*end && *end != ' ') || errno == ERANGE) {
            monitor_printf(st, "'%.60s' is not a number\n", args);
            return -1;
        }
        n++;
        args = end;
    }
    return n;
}

static void mon_step(struct gdb_stub *st, const char *args)
{
    (void)args;
    uint64_t at = session_position(st->s), end = session_end_step(st->s);
    if (end == UINT64_MAX)
        monitor_printf(st, "step %llu\nhistory from step %llu; the newest step reached is %llu\n", (unsigned long long)at,
                       (unsigned long long)session_history_start(st->s),
                       (unsigned long long)session_newest(st->s));
    else
        monitor_printf(st, "step %llu of %llu\n", (unsigned long long)at, (unsigned long long)end);
}

static void mon_goto(struct gdb_stub *st, const char *args)
{
    uint64_t to;
    if (monitor_numbers(st, args, &to, 1) != 1) {
        monitor_printf(st, "usage: monitor goto N\n");
        return;
    }
    char err[512];
    uint64_t newest = session_newest(st->s);
    if (session_end_step(st->s) == UINT64_MAX && to > newest)
        /* Past the newest step is running, which continue does (and Ctrl-C stops). */
        monitor_printf(st, "cannot go to step %llu: a live session has run to step %llu so far; "
                           "continue runs further\n", (unsigned long long)to, (unsigned long long)newest);
    else if (session_seek(st->s, to, err, sizeof err))
        monitor_printf(st, "cannot go to step %llu: %s\n", (unsigned long long)to, err);
    else
        monitor_printf(st, "at step %llu (tell gdb: maintenance flush register-cache)\n",
                       (unsigned long long)to);
}

static void mon_report(struct gdb_stub *st, int rc, const char *err)
{
    if (rc)
        monitor_printf(st, "%s\n", err);
}

static void mon_traps(struct gdb_stub *st, const char *args)
{
    uint64_t v[2];
    int n = monitor_numbers(st, args, v, 2);
    char err[512];
    const struct inspect_out o = {monitor_line, st};
    if (n == 0)
        mon_report(st, inspect_recent_traps(st->s, 20, INSPECT_BACK_DEFAULT, &o, err, sizeof err), err);
    else if (n > 0)
        mon_report(st, inspect_traps(st->s, v[0], n == 2 ? v[1] : session_position(st->s), 200, &o, err,
                                     sizeof err), err);
}

static void mon_inputs(struct gdb_stub *st, const char *args)
{
    uint64_t v[2] = {0, UINT64_MAX};
    int n = monitor_numbers(st, args, v, 2);
    char err[512];
    const struct inspect_out o = {monitor_line, st};
    if (n >= 0)
        mon_report(st, inspect_inputs(st->s, v[0], n == 2 ? v[1] : UINT64_MAX, 200, &o, err, sizeof err), err);
}

static void mon_console(struct gdb_stub *st, const char *args)
{
    uint64_t v = 4096;
    char err[512];
    const struct inspect_out o = {monitor_line, st};
    if (monitor_numbers(st, args, &v, 1) < 0)
        return;
    if (v == 0 || v > (1u << 20))
        monitor_printf(st, "console: 1 to 1048576 bytes, please\n");
    else
        mon_report(st, inspect_console(st->s, v, &o, err, sizeof err), err);
}

static void mon_pagetable(struct gdb_stub *st, const char *args)
{
    uint64_t va;
    int n = monitor_numbers(st, args, &va, 1);
    char err[512];
    const struct inspect_out o = {monitor_line, st};
    if (n >= 0)
        mon_report(st, inspect_pagetable(st->s, st->cur, n == 0, n ? va : 0, &o, err, sizeof err), err);
}

static void mon_when_written(struct gdb_stub *st, const char *args)
{
    uint64_t v[3] = {0, 8, INSPECT_BACK_DEFAULT};
    int n = monitor_numbers(st, args, v, 3);
    if (n < 1) {
        if (n == 0)
            monitor_printf(st, "usage: monitor when-written ADDR [LEN [STEPS-BACK]]\n");
        return;
    }
    char err[512];
    const struct inspect_out o = {monitor_line, st};
    mon_report(st, inspect_when_written(st->s, v[0], v[1], 10, v[2], &o, err, sizeof err), err);
}

static void mon_truncate(struct gdb_stub *st, const char *args)
{
    (void)args;
    char err[512];
    uint64_t was = session_newest(st->s);
    bool replay = session_end_step(st->s) != UINT64_MAX;
    if (session_truncate(st->s, err, sizeof err))
        monitor_printf(st, "%s\n", err);
    else if (replay)
        monitor_printf(st, "forked: from step %llu this is a live run (the trace is unchanged); it takes new "
                           "input and changes from here\n", (unsigned long long)session_position(st->s));
    else
        monitor_printf(st, "forgot steps %llu to %llu: the machine takes new input from step %llu on\n",
                       (unsigned long long)session_position(st->s), (unsigned long long)was,
                       (unsigned long long)session_position(st->s));
}

static void mon_snapshots(struct gdb_stub *st, const char *args)
{
    (void)args;
    monitor_printf(st, "snapshots %zu, %.1f MiB; history from step %llu\n", session_snapshot_count(st->s),
                   session_snapshot_memory(st->s) / 1048576.0,
                   (unsigned long long)session_history_start(st->s));
}

static void mon_help(struct gdb_stub *st, const char *args);

static const struct monitor_cmd {
    const char *name, *args, *help;
    void (*fn)(struct gdb_stub *st, const char *args);
} monitor_cmds[] = {
    {"step", "", "the current position (steps since reset)", mon_step},
    {"goto", "N", "go to step N, backward or forward", mon_goto},
    {"traps", "[FROM [TO]]", "trap entries in steps [FROM, TO) (TO: now); none: the last 20", mon_traps},
    {"inputs", "[FROM [TO]]", "the recorded inputs (console, entropy, clock, network)", mon_inputs},
    {"console", "[BYTES]", "the console output up to now (its last 4096 bytes)", mon_console},
    {"pagetable", "[VA]", "the current hart's page table: every mapping, or VA level by level",
     mon_pagetable},
    {"when-written", "ADDR [LEN [BACK]]", "the last writes to ADDR..ADDR+LEN-1 before now (LEN 8; BACK 2e9 steps, 0: all)",
     mon_when_written},
    {"truncate", "", "forget the future after now (a replay forks into a live run)", mon_truncate},
    {"snapshots", "", "snapshots kept and the memory they use", mon_snapshots},
    {"help", "", "this list", mon_help},
};

static void mon_help(struct gdb_stub *st, const char *args)
{
    (void)args;
    for (size_t i = 0; i < sizeof monitor_cmds / sizeof monitor_cmds[0]; i++) {
        const struct monitor_cmd *c = &monitor_cmds[i];
        char head[40];
        snprintf(head, sizeof head, "%s %s", c->name, c->args);
        monitor_printf(st, "  monitor %-30s %s\n", head, c->help);
    }
}

void stub_monitor(struct gdb_stub *st, const char *hexcmd, size_t n)
{
    char cmd[256];
    size_t len;
    if (gdb_hex_decode(cmd, sizeof cmd - 1, hexcmd, n, &len)) {
        stub_send(st, "E01");
        return;
    }
    cmd[len] = 0;
    size_t w = strcspn(cmd, " ");
    const char *args = cmd + w;
    const struct monitor_cmd *found = NULL;
    for (size_t i = 0; i < sizeof monitor_cmds / sizeof monitor_cmds[0]; i++)
        if (strlen(monitor_cmds[i].name) == w && !memcmp(cmd, monitor_cmds[i].name, w))
            found = &monitor_cmds[i];
    if (found) {
        found->fn(st, args);
    } else {
        monitor_printf(st, "unknown monitor command '%.*s'; the commands:\n", (int)(w < 60 ? w : 60), cmd);
        mon_help(st, "");
    }
    stub_send(st, "OK");
}

