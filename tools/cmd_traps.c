/* rewind traps: the full list of trap entries of a recording, produced by
 * replaying it.  The trace itself keeps only per-interval counts (table
 * trap_counts): a list kept at record time grew to most of the file on
 * syscall-heavy work, while replay recomputes it exactly.  --sql stores the
 * list as the table `traps` in the trace, for SQL queries. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "isa/riscv/cause.h"
#include "tools/commands.h"
#include "tools/options.h"
#include "tools/session.h"
#include "trace/trace.h"

static const char traps_help[] =
    "usage: rewind traps [options] FILE.rwd\n\n"
    "List every trap entry (exceptions and interrupts) of a recording, by\n"
    "replaying it: step, hart, cause, pc (the trapping instruction, or where an\n"
    "interrupt was taken), tval, and the privilege level trapped from.\n\n"
    "Options:\n"
    "  --from N       only traps at step N or later\n"
    "  --to N         only traps before step N (the replay stops there)\n"
    "  --cause C      only this cause: an exception number, irq:N for interrupt N,\n"
    "                 or a name: ecall-u, ecall-s, ecall (any), syscall, illegal,\n"
    "                 breakpoint, load-page-fault, store-page-fault, page-fault (any),\n"
    "                 s-timer, m-timer, timer (any), s-external, external, software\n"
    "  --hart H       only this hart\n"
    "  --count        print only how many traps matched\n"
    "  --sql          store the list in FILE.rwd as the table traps(step, hart, cause,\n"
    "                 pc, tval, priv) instead of printing it, for sqlite3 queries\n";

#define IRQ_BIT (1ull << 63)

#define MAX_CAUSES 3

/* Names for several causes at once. */
static const struct {
    const char *name;
    uint64_t causes[MAX_CAUSES];
    unsigned n;
} classes[] = {
    {"ecall", {8, 9, 11}, 3},
    {"syscall", {8}, 1},
    {"illegal", {2}, 1},
    {"page-fault", {12, 13, 15}, 3},
    {"timer", {IRQ_BIT | 5, IRQ_BIT | 7}, 2},
    {"external", {IRQ_BIT | 9, IRQ_BIT | 11}, 2},
    {"software", {IRQ_BIT | 1, IRQ_BIT | 3}, 2},
};

/* The causes `s` names into out[]; returns how many, 0 when none. */
static unsigned parse_cause(const char *s, uint64_t out[MAX_CAUSES])
{
    if (riscv_cause_by_name(s, &out[0]) == 0)
        return 1;
    for (size_t i = 0; i < sizeof classes / sizeof classes[0]; i++)
        if (!strcmp(s, classes[i].name)) {
            memcpy(out, classes[i].causes, sizeof classes[i].causes);
            return classes[i].n;
        }
    uint64_t v;
    if (!strncmp(s, "irq:", 4)) {
        if (options_parse_u64(s + 4, &v) || v > 63)
            return 0;
        out[0] = IRQ_BIT | v;
        return 1;
    }
    char *end;
    v = strtoull(s, &end, 0);
    if (!*s || *end || s[0] == '-')
        return 0;
    out[0] = v;
    return 1;
}

struct traps_ctx {
    uint64_t from, to;
    bool have_hart, count_only;
    uint64_t causes[MAX_CAUSES];
    unsigned ncauses; /* 0: any */
    unsigned hart;
    uint64_t matched;
    struct trace *sql; /* --sql: where the rows go */
    bool sql_error;
};

static bool traps_match(const struct traps_ctx *c, unsigned hart, uint64_t step, uint64_t cause)
{
    if (step < c->from || (c->to && step >= c->to))
        return false;
    if (c->have_hart && hart != c->hart)
        return false;
    for (unsigned i = 0; i < c->ncauses; i++)
        if (cause == c->causes[i])
            return true;
    return c->ncauses == 0;
}

static void on_trap(void *opaque, unsigned hart, uint64_t step, uint64_t cause, uint64_t epc,
                    uint64_t tval, unsigned priv)
{
    struct traps_ctx *c = opaque;
    if (!traps_match(c, hart, step, cause))
        return;
    c->matched++;
    if (c->sql) {
        if (trace_trap_add(c->sql, step, hart, cause, epc, tval, priv) ||
            (c->matched % 100000 == 0 && trace_commit(c->sql)))
            c->sql_error = true;
        return;
    }
    if (c->count_only)
        return;
    static const char privs[] = "USHM";
    printf("%12" PRIu64 "  hart %u  %-18s  pc %016" PRIx64 "  tval %016" PRIx64 "  from %c\n", step,
           hart, riscv_cause_name(cause), epc, tval, privs[priv & 3]);
}

static int bad_u64(const char *flag, const char *v, uint64_t *out)
{
    if (!v || options_parse_u64(v, out)) {
        fprintf(stderr, "rewind traps: %s %s: must be a number\n", flag, v ? v : "(missing)");
        return 1;
    }
    return 0;
}

int cmd_traps(int argc, char **argv)
{
    struct traps_ctx c;
    memset(&c, 0, sizeof c);
    const char *path = NULL;
    bool sql = false;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            printf("%s", traps_help);
            return 0;
        } else if (!strcmp(a, "--from")) {
            if (bad_u64(a, v, &c.from))
                return 2;
            i++;
        } else if (!strcmp(a, "--to")) {
            if (bad_u64(a, v, &c.to))
                return 2;
            if (!c.to) {
                fprintf(stderr, "rewind traps: --to must be positive\n");
                return 2;
            }
            i++;
        } else if (!strcmp(a, "--cause")) {
            if (!v || !(c.ncauses = parse_cause(v, c.causes))) {
                fprintf(stderr, "rewind traps: --cause %s: not a cause (a number, irq:N, or one of "
                                "ecall-u, page-fault, load-page-fault, store-page-fault, "
                                "illegal, breakpoint, timer, external, ...)\n", v ? v : "(missing)");
                return 2;
            }
            i++;
        } else if (!strcmp(a, "--hart")) {
            uint64_t h;
            if (bad_u64(a, v, &h))
                return 2;
            if (h > 7) {
                fprintf(stderr, "rewind traps: --hart %s: harts are 0-7\n", v);
                return 2;
            }
            c.hart = (unsigned)h;
            c.have_hart = true;
            i++;
        } else if (!strcmp(a, "--count")) {
            c.count_only = true;
        } else if (!strcmp(a, "--sql")) {
            sql = true;
        } else if (a[0] == '-') {
            fprintf(stderr, "rewind traps: unknown option %s (see --help)\n", a);
            return 2;
        } else if (path) {
            fprintf(stderr, "rewind traps: give one trace file\n");
            return 2;
        } else {
            path = a;
        }
    }
    if (!path) {
        fprintf(stderr, "usage: rewind traps [options] FILE.rwd\n");
        return 2;
    }
    if (c.to && c.to <= c.from) {
        fprintf(stderr, "rewind traps: --to must be greater than --from\n");
        return 2;
    }
    char err[TRACE_ERR_LEN];
    if (sql) {
        c.sql = trace_open(path, err, sizeof err);
        if (!c.sql) {
            fprintf(stderr, "rewind traps: %s\n", err);
            return 2;
        }
        if (trace_write_begin(c.sql) || trace_traps_reset(c.sql)) {
            fprintf(stderr, "rewind traps: %s: cannot write the traps table (read-only file?)\n", path);
            trace_close(c.sql);
            return 2;
        }
    }

    struct session_opts so;
    memset(&so, 0, sizeof so);
    machine_config_defaults(&so.ro.mc);
    so.trace_path = path;
    so.quiet = true;
    so.ro.until_step = c.to;
    so.trap_fn = on_trap;
    so.trap_opaque = &c;
    so.argc = argc;
    so.argv = argv;
    int rc = session_main(SESSION_REPLAY, &so);
    if (c.sql) {
        if (trace_commit(c.sql))
            c.sql_error = true;
        trace_close(c.sql);
        if (c.sql_error) {
            fprintf(stderr, "rewind traps: writing the traps table into %s failed\n", path);
            return 2;
        }
        if (rc == 0)
            fprintf(stderr, "rewind: %llu traps stored in table traps of %s\n",
                    (unsigned long long)c.matched, path);
    } else if (c.count_only) {
        printf("%llu\n", (unsigned long long)c.matched);
    }
    return rc;
}
