/* rewind inputs / pagetable / when-written: the GDB stub's monitor
 * questions asked of a trace from the command line (replay/inspect.c
 * answers both).  Each replays the recording to a position (--at, default
 * the end) and answers there. */
#include <elf.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/loader.h"
#include "replay/inspect.h"
#include "replay/session.h"
#include "tools/commands.h"
#include "tools/options.h"

#define INSPECT_SNAP_EVERY 5000000ull
#define INSPECT_SNAP_MEM (1ull << 30)

struct inspect_args {
    const char *cmd;
    const char *path;
    const char *pos[2];       /* positional words after the trace */
    unsigned npos;
    uint64_t at, from, to;
    bool have_at;
    unsigned hart;
    unsigned max;
    uint64_t back;
};

static void print_line(void *opaque, const char *line)
{
    (void)opaque;
    printf("%s\n", line);
}

static int usage_error(const struct inspect_args *a, const char *fmt, const char *v)
{
    fprintf(stderr, "rewind %s: ", a->cmd);
    fprintf(stderr, fmt, v ? v : "(missing)");
    fprintf(stderr, " (see rewind %s --help)\n", a->cmd);
    return 2;
}

/* Options common to the three; returns 0, 1 after --help, 2 on error. */
static int parse(int argc, char **argv, struct inspect_args *a, const char *help)
{
    for (int i = 0; i < argc; i++) {
        const char *o = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        uint64_t *num = !strcmp(o, "--at") ? &a->at : !strcmp(o, "--from") ? &a->from
                      : !strcmp(o, "--to") ? &a->to : !strcmp(o, "--back") ? &a->back : NULL;
        if (!strcmp(o, "--help") || !strcmp(o, "-h")) {
            printf("%s", help);
            return 1;
        } else if (num) {
            if (!v || options_parse_u64(v, num))
                return usage_error(a, "a step number after the option, not %s", v);
            a->have_at |= num == &a->at;
            i++;
        } else if (!strcmp(o, "--hart") || !strcmp(o, "--max")) {
            uint64_t n;
            if (!v || options_parse_u64(v, &n) || n > 1000000)
                return usage_error(a, "a small number after the option, not %s", v);
            if (o[2] == 'h')
                a->hart = (unsigned)n;
            else
                a->max = (unsigned)n;
            i++;
        } else if (o[0] == '-' && o[1]) {
            return usage_error(a, "unknown option %s", o);
        } else if (!a->path) {
            a->path = o;
        } else if (a->npos < 2) {
            a->pos[a->npos++] = o;
        } else {
            return usage_error(a, "too many arguments at %s", o);
        }
    }
    if (!a->path)
        return usage_error(a, "give a trace file%s", "");
    return 0;
}

/* A replay of the trace, with snapshots, at --at (default: its end). */
static struct session *open_at(const struct inspect_args *a)
{
    struct session_config c = {.mode = SESSION_REPLAY, .trace_path = a->path,
                               .snapshot_every = INSPECT_SNAP_EVERY, .snapshot_mem = INSPECT_SNAP_MEM};
    char err[512];
    bool differs;
    struct session *s = session_open(&c, NULL, NULL, 0, &differs, err, sizeof err);
    if (!s) {
        fprintf(stderr, "rewind %s: %s\n", a->cmd, err);
        return NULL;
    }
    uint64_t at = a->have_at ? a->at : session_end_step(s);
    if (at > session_end_step(s)) {
        fprintf(stderr, "rewind %s: --at %" PRIu64 " is past the end of the recording (%" PRIu64 ")\n", a->cmd,
                at, session_end_step(s));
        session_close(s);
        return NULL;
    }
    if (at > 200000000)
        fprintf(stderr, "rewind: replaying to step %" PRIu64 "...\n", at);
    if (session_seek(s, at, err, sizeof err)) {
        fprintf(stderr, "rewind %s: %s\n", a->cmd, err);
        session_close(s);
        return NULL;
    }
    return s;
}

struct sym_lookup {
    const char *name;
    uint64_t addr, size;
    bool found;
};

static int sym_match(void *opaque, const Elf64_Sym *sym, const char *name)
{
    struct sym_lookup *l = opaque;
    if (strcmp(name, l->name) || ELF64_ST_TYPE(sym->st_info) == STT_SECTION)
        return 0;
    l->addr = sym->st_value;
    l->size = sym->st_size;
    l->found = true;
    return 1;
}

/* ADDR as a number, or a symbol of the recorded kernel (its size then the
 * default length). */
static int resolve_addr(struct session *s, const char *cmd, const char *word, uint64_t *addr, uint64_t *size)
{
    if (!options_parse_u64(word, addr))
        return 0;
    const char *kp = session_kernel_path(s);
    struct sym_lookup l = {word, 0, 0, false};
    uint8_t *data;
    size_t n;
    char err[256];
    if (kp[0] && loader_read_file(kp, 1ull << 30, &data, &n, err, sizeof err) == 0) {
        loader_elf_symbols(data, n, sym_match, &l);
        free(data);
    }
    if (!l.found) {
        fprintf(stderr, "rewind %s: '%s' is neither an address nor a symbol of the recorded kernel %s\n", cmd,
                word, session_kernel_name(s)[0] ? session_kernel_name(s) : "(none recorded)");
        return -1;
    }
    *addr = l.addr;
    if (size && l.size)
        *size = l.size;
    return 0;
}

static const char inputs_help[] =
    "usage: rewind inputs [--from N] [--to N] [--max K] FILE.rwd\n\n"
    "List the recorded inputs (console bytes typed, entropy, the clock's seed,\n"
    "network frames): step, kind, size and the first bytes.  Reads the log\n"
    "without replaying.  --max K: at most K lines (default 1000).\n";

static const char pagetable_help[] =
    "usage: rewind pagetable [--at N] [--hart H] FILE.rwd [VA]\n\n"
    "Replay to step N (default: the end) and show hart H's page table (satp):\n"
    "every mapping with its flags, runs of pages merged, or with VA the walk\n"
    "of that address level by level (each PTE, its address and flags).\n";

static const char when_written_help[] =
    "usage: rewind when-written [--at N] [--max K] [--back S] FILE.rwd ADDR [LEN]\n\n"
    "The last K (default 10) writes by any hart to ADDR..ADDR+LEN-1 before step\n"
    "N (default: the end), found by replaying backward from snapshots: each\n"
    "with its step, hart, pc, instruction and the value after it.  ADDR is a\n"
    "virtual address as the harts see it, or a symbol of the recorded kernel\n"
    "(whose size is then the default LEN; else 8).  The search goes at most S\n"
    "steps back (default 2000000000; 0: to the start).  Writes by devices (DMA)\n"
    "are not counted.\n";

int cmd_inputs(int argc, char **argv)
{
    struct inspect_args a = {.cmd = "inputs", .to = UINT64_MAX, .max = 1000};
    int rc = parse(argc, argv, &a, inputs_help);
    if (rc)
        return rc == 1 ? 0 : rc;
    if (a.npos)
        return usage_error(&a, "unexpected argument %s", a.pos[0]);
    struct session_config c = {.mode = SESSION_REPLAY, .trace_path = a.path};
    char err[512];
    bool differs;
    struct session *s = session_open(&c, NULL, NULL, 0, &differs, err, sizeof err);
    if (!s) {
        fprintf(stderr, "rewind inputs: %s\n", err);
        return 2;
    }
    const struct inspect_out o = {print_line, NULL};
    rc = inspect_inputs(s, a.from, a.to, a.max, &o, err, sizeof err);
    if (rc)
        fprintf(stderr, "rewind inputs: %s\n", err);
    session_close(s);
    return rc ? 2 : 0;
}

int cmd_pagetable(int argc, char **argv)
{
    struct inspect_args a = {.cmd = "pagetable"};
    int rc = parse(argc, argv, &a, pagetable_help);
    if (rc)
        return rc == 1 ? 0 : rc;
    if (a.npos > 1)
        return usage_error(&a, "one address at most, not also %s", a.pos[1]);
    struct session *s = open_at(&a);
    if (!s)
        return 2;
    uint64_t va = 0;
    if (a.npos && resolve_addr(s, a.cmd, a.pos[0], &va, NULL)) {
        session_close(s);
        return 2;
    }
    char err[512];
    const struct inspect_out o = {print_line, NULL};
    rc = inspect_pagetable(s, a.hart, a.npos == 0, va, &o, err, sizeof err);
    if (rc)
        fprintf(stderr, "rewind pagetable: %s\n", err);
    session_close(s);
    return rc ? 2 : 0;
}

int cmd_when_written(int argc, char **argv)
{
    struct inspect_args a = {.cmd = "when-written", .max = 10, .back = INSPECT_BACK_DEFAULT};
    int rc = parse(argc, argv, &a, when_written_help);
    if (rc)
        return rc == 1 ? 0 : rc;
    if (a.npos == 0)
        return usage_error(&a, "give the address (or symbol) to watch%s", "");
    /* LEN, when given, wins over a symbol's size: check it before replaying. */
    uint64_t given_len = 0;
    if (a.npos == 2 && options_parse_u64(a.pos[1], &given_len))
        return usage_error(&a, "LEN %s is not a number", a.pos[1]);
    struct session *s = open_at(&a);
    if (!s)
        return 2;
    uint64_t addr, len = 8;
    if (resolve_addr(s, a.cmd, a.pos[0], &addr, &len)) {
        session_close(s);
        return 2;
    }
    if (a.npos == 2)
        len = given_len;
    char err[512];
    const struct inspect_out o = {print_line, NULL};
    rc = inspect_when_written(s, addr, len, a.max ? a.max : 1, a.back, &o, err, sizeof err);
    if (rc)
        fprintf(stderr, "rewind when-written: %s\n", err);
    session_close(s);
    return rc ? 2 : 0;
}
