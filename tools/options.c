/* Machine options: every error names the flag, the value, and what would
 * be accepted. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/engine.h"
#include "tools/options.h"

const char options_machine_help[] =
    "Machine options:\n"
    "  -m SIZE              guest RAM, e.g. 256M or 1G (default 256M)\n"
    "  --smp N              number of harts, 1-8 (default 1)\n"
    "  --bios none|opensbi|FILE\n"
    "                       firmware; by default chosen from the kernel: an ELF at\n"
    "                       0x80000000 runs bare in M-mode, anything else gets OpenSBI\n"
    "  --drive FILE[,readonly]\n"
    "                       a virtio-blk disk (repeatable; the first is in slot 0 at\n"
    "                       0x10001000, irq 1).  Guest writes go to an overlay; `run`\n"
    "                       writes them back at exit unless --snapshot\n"
    "  --snapshot           never write guest disk writes back to the files\n"
    "  --rng                add a virtio-rng (entropy is recorded like any input)\n"
    "  --net none|loopback  add a virtio-net (MAC 52:54:00:12:34:56): frames go\n"
    "                       nowhere, or come straight back to the guest\n"
    "  --initrd FILE        initial ramdisk\n"
    "  --append ARGS        kernel command line (/chosen/bootargs)\n"
    "  --engine NAME        execution engine: jit (default on x86-64), interp, or\n"
    "                       lockstep: interp and the JIT side by side, stopping\n"
    "                       with a report at the first step whose states differ\n"
    "  --quantum N          round-robin quantum in steps (default 10000)\n"
    "Stopping (exit codes for git bisect run):\n"
    "  --until-step N       stop at position N and print the state hash (exit 0)\n"
    "  --expect TEXT        exit 0 as soon as the console shows TEXT\n"
    "  --fail TEXT          exit 1 as soon as the console shows TEXT\n"
    "  --timeout-steps N    exit 125 if nothing decided after N steps\n"
    "  --stats              print steps, seconds and MIPS at exit (and the JIT's counts)\n"
    "  --dump-jit           print every block the JIT translates (guest and x86-64 code)\n"
    "                       to stderr\n"
    "  --perf-map           list translated blocks in /tmp/perf-PID.map for perf report\n";

int options_parse_u64(const char *s, uint64_t *out)
{
    if (!s || !*s || *s == '-')
        return -1;
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 0);
    if (errno || *end)
        return -1;
    *out = v;
    return 0;
}

int options_parse_size(const char *s, uint64_t *out)
{
    if (!s || !*s || *s == '-')
        return -1;
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno || end == s)
        return -1;
    uint64_t mul = 1;
    if (*end) {
        switch (*end) {
        case 'k': case 'K': mul = 1ull << 10; break;
        case 'm': case 'M': mul = 1ull << 20; break;
        case 'g': case 'G': mul = 1ull << 30; break;
        default: return -1;
        }
        end++;
        if (*end == 'i' || *end == 'B' || *end == 'b')
            end += (*end == 'i' && end[1] == 'B') ? 2 : 1;
        if (*end)
            return -1;
    } else {
        mul = 1ull << 20; /* a bare number means MiB, as in QEMU */
    }
    if (v > UINT64_MAX / mul)
        return -1;
    *out = v * mul;
    return 0;
}

int options_parse(int argc, char **argv, struct run_options *o, bool *help,
                  char *err, size_t errlen)
{
    *help = false;
    /* REWIND_ENGINE picks the engine when --engine does not (the test
     * suite runs everything under each). */
    const char *env_engine = getenv("REWIND_ENGINE");
    if (env_engine && *env_engine) {
        if (!engine_find(env_engine)) {
            char names[128];
            snprintf(err, errlen, "REWIND_ENGINE=%s: unknown engine (available: %s)", env_engine,
                     engine_names(names, sizeof names));
            return -1;
        }
        o->mc.engine = env_engine;
    }
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        const char *val = i + 1 < argc ? argv[i + 1] : NULL;
#define NEED_VALUE() do { if (!val) { snprintf(err, errlen, "%s needs a value", a); return -1; } i++; } while (0)
        if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            *help = true;
            return 0;
        } else if (!strcmp(a, "-m") || !strcmp(a, "--memory")) {
            NEED_VALUE();
            if (options_parse_size(val, &o->mc.ram_size)) {
                snprintf(err, errlen, "-m %s: not a memory size (use e.g. 128M, 256M, 1G)", val);
                return -1;
            }
        } else if (!strcmp(a, "--smp")) {
            NEED_VALUE();
            uint64_t n;
            if (options_parse_u64(val, &n) || n < 1 || n > MACHINE_MAX_HARTS) {
                snprintf(err, errlen, "--smp %s: must be a number of harts from 1 to %d", val,
                         MACHINE_MAX_HARTS);
                return -1;
            }
            o->mc.nharts = (unsigned)n;
        } else if (!strcmp(a, "--bios")) {
            NEED_VALUE();
            if (!strcmp(val, "none")) o->mc.bios_kind = BIOS_NONE;
            else if (!strcmp(val, "opensbi")) o->mc.bios_kind = BIOS_OPENSBI;
            else if (!strcmp(val, "auto")) o->mc.bios_kind = BIOS_AUTO;
            else { o->mc.bios_kind = BIOS_FILE; o->mc.bios_path = val; }
        } else if (!strcmp(a, "--drive")) {
            NEED_VALUE();
            if (o->mc.ndrives == MACHINE_MAX_DRIVES) {
                snprintf(err, errlen, "--drive %s: at most %d drives", val, MACHINE_MAX_DRIVES);
                return -1;
            }
            struct machine_drive *dr = &o->mc.drives[o->mc.ndrives++];
            const char *comma = strrchr(val, ',');
            dr->readonly = false;
            if (comma && !strcmp(comma, ",readonly")) {
                size_t n = (size_t)(comma - val);
                char *p = malloc(n + 1);
                if (!p) { snprintf(err, errlen, "out of memory"); return -1; }
                memcpy(p, val, n);
                p[n] = 0;
                dr->path = p; /* lives until exit */
                dr->readonly = true;
            } else if (comma && access(val, F_OK) != 0) {
                snprintf(err, errlen, "--drive %s: unknown drive option '%s' (accepted: readonly)", val, comma + 1);
                return -1;
            } else {
                dr->path = val;
            }
        } else if (!strcmp(a, "--snapshot")) {
            o->snapshot = true;
        } else if (!strcmp(a, "--rng")) {
            o->mc.rng = true;
        } else if (!strcmp(a, "--net")) {
            NEED_VALUE();
            if (!strcmp(val, "none")) o->mc.net = NET_NONE;
            else if (!strcmp(val, "loopback")) o->mc.net = NET_LOOPBACK;
            else {
                snprintf(err, errlen, "--net %s: unknown network backend (accepted: none, loopback)", val);
                return -1;
            }
        } else if (!strcmp(a, "--initrd")) {
            NEED_VALUE();
            o->mc.initrd_path = val;
        } else if (!strcmp(a, "--append")) {
            NEED_VALUE();
            o->mc.append = val;
        } else if (!strcmp(a, "--engine")) {
            NEED_VALUE();
            if (!engine_find(val)) {
                char names[128];
                snprintf(err, errlen, "--engine %s: unknown engine (available: %s)", val,
                         engine_names(names, sizeof names));
                return -1;
            }
            o->mc.engine = val;
        } else if (!strcmp(a, "--quantum")) {
            NEED_VALUE();
            if (options_parse_u64(val, &o->mc.quantum) || o->mc.quantum == 0) {
                snprintf(err, errlen, "--quantum %s: must be a positive number of steps", val);
                return -1;
            }
        } else if (!strcmp(a, "--until-step")) {
            NEED_VALUE();
            if (options_parse_u64(val, &o->until_step)) {
                snprintf(err, errlen, "--until-step %s: must be a step number", val);
                return -1;
            }
        } else if (!strcmp(a, "--timeout-steps")) {
            NEED_VALUE();
            if (options_parse_u64(val, &o->timeout_steps) || !o->timeout_steps) {
                snprintf(err, errlen, "--timeout-steps %s: must be a positive number of steps", val);
                return -1;
            }
        } else if (!strcmp(a, "--expect")) {
            NEED_VALUE();
            if (!*val) { snprintf(err, errlen, "--expect needs non-empty text"); return -1; }
            o->expect = val;
        } else if (!strcmp(a, "--fail")) {
            NEED_VALUE();
            if (!*val) { snprintf(err, errlen, "--fail needs non-empty text"); return -1; }
            o->fail = val;
        } else if (!strcmp(a, "--stats")) {
            o->stats = true;
        } else if (!strcmp(a, "--dump-jit")) {
            o->dump_jit = true;
        } else if (!strcmp(a, "--perf-map")) {
            o->perf_map = true;
        } else if (a[0] == '-' && a[1]) {
            snprintf(err, errlen, "unknown option %s (see --help)", a);
            return -1;
        } else if (!o->mc.kernel_path) {
            o->mc.kernel_path = a;
        } else {
            snprintf(err, errlen, "unexpected argument %s: only one kernel may be given", a);
            return -1;
        }
#undef NEED_VALUE
    }
    return 0;
}
