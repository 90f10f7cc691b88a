/* rewind run / record / replay: flags, then the shared session loop. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tools/commands.h"
#include "tools/session.h"

static const char record_help[] =
    "usage: rewind record -o FILE.rwd [options] KERNEL\n\n"
    "Boot KERNEL like `rewind run`, and record everything needed to replay it\n"
    "bit-exactly into FILE.rwd (an SQLite file).\n\n"
    "Recording options:\n"
    "  -o, --output FILE      the trace to write (required)\n"
    "  --force                overwrite FILE if it exists\n"
    "  --embed                embed every image (by default images up to 16 MiB are\n"
    "                         embedded, larger ones are stored by path and hash)\n"
    "  --no-embed             store every image by path and hash only\n"
    "  --checkpoint-every N   steps between state-hash checkpoints (default 20000000)\n"
    "  --gdb PORT             serve gdb on 127.0.0.1:PORT while running, with reverse\n"
    "                         execution over what has run so far (--snapshot-mem SIZE);\n"
    "                         --gdb-wait: start halted until gdb attaches\n"
    "  --chaos SEED           vary the hart quantum pseudo-randomly from SEED, to\n"
    "                         shake out races; the replay repeats the same schedule\n\n";

static const char replay_help[] =
    "usage: rewind replay [options] FILE.rwd\n\n"
    "Replay a recording bit-exactly: the machine and its images come from the\n"
    "trace, inputs are delivered at their recorded steps, and every checkpoint's\n"
    "state hash is compared.  At the first difference rewind stops and names it\n"
    "(a hart register, a CSR, a RAM region or a device); exit status 3.\n\n"
    "Options:\n"
    "  --until-step N   stop at step N\n"
    "  --expect TEXT    exit 0 as soon as the console shows TEXT\n"
    "  --fail TEXT      exit 1 as soon as the console shows TEXT\n"
    "  --quiet          do not print the guest's console\n"
    "  --stats          print steps, seconds and MIPS at exit\n"
    "  --engine NAME    jit (default on x86-64) or interp: either replays any trace\n"
    "  --gdb PORT       do not run: serve GDB on 127.0.0.1:PORT (0: any free port),\n"
    "                   halted at step 0, with reverse execution (docs/reverse-debugging.md)\n"
    "  --snapshot-mem SIZE   memory for --gdb's snapshots (default 1G; older ones thin out)\n"
    "  --save-snapshots      replay to the end keeping snapshots (one every 5M steps,\n"
    "                   within --snapshot-mem), then store them in FILE.rwd: the next\n"
    "                   replay --gdb or query seeks anywhere at once\n";

static int parse_u64_flag(const char *flag, const char *v, uint64_t *out)
{
    if (!v || options_parse_u64(v, out)) {
        fprintf(stderr, "rewind: %s %s: must be a number\n", flag, v ? v : "(missing)");
        return -1;
    }
    return 0;
}

static int common(enum session_mode mode, int argc, char **argv)
{
    struct session_opts so;
    memset(&so, 0, sizeof so);
    machine_config_defaults(&so.ro.mc);
    so.argc = argc;
    so.argv = argv;
    const char *name = mode == SESSION_RUN ? "run" : mode == SESSION_RECORD ? "record" : "replay";
    char **rest = calloc((size_t)argc + 1, sizeof *rest);
    int nrest = 0;
    if (!rest)
        return 2;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (mode == SESSION_RECORD && (!strcmp(a, "-o") || !strcmp(a, "--output"))) {
            if (!v) { fprintf(stderr, "rewind record: %s needs a file name\n", a); free(rest); return 2; }
            so.trace_path = v;
            i++;
        } else if (mode == SESSION_RECORD && !strcmp(a, "--force")) {
            so.force = true;
        } else if (mode == SESSION_RECORD && !strcmp(a, "--embed")) {
            so.embed = true;
        } else if (mode == SESSION_RECORD && !strcmp(a, "--no-embed")) {
            so.no_embed = true;
        } else if (mode == SESSION_RECORD && !strcmp(a, "--checkpoint-every")) {
            if (parse_u64_flag(a, v, &so.checkpoint_every)) {
                free(rest);
                return 2;
            }
            if (!so.checkpoint_every) {
                fprintf(stderr, "rewind record: --checkpoint-every must be positive\n");
                free(rest);
                return 2;
            }
            i++;
        } else if (mode != SESSION_REPLAY && !strcmp(a, "--chaos")) {
            if (parse_u64_flag(a, v, &so.ro.mc.chaos_seed)) {
                free(rest);
                return 2;
            }
            if (!so.ro.mc.chaos_seed) {
                fprintf(stderr, "rewind: --chaos needs a non-zero seed\n");
                free(rest);
                return 2;
            }
            i++;
        } else if (mode == SESSION_REPLAY && !strcmp(a, "--save-snapshots")) {
            so.save_snapshots = true;
        } else if (mode == SESSION_REPLAY && !strcmp(a, "--quiet")) {
            so.quiet = true;
        } else if (!strcmp(a, "--gdb")) {
            uint64_t port;
            if (parse_u64_flag(a, v, &port)) { free(rest); return 2; }
            if (port > 65535) {
                fprintf(stderr, "rewind %s: --gdb %s: a TCP port is 0-65535 (0: any free one)\n", name, v);
                free(rest);
                return 2;
            }
            so.gdb = true;
            so.gdb_port = (uint16_t)port;
            i++;
        } else if (mode != SESSION_REPLAY && !strcmp(a, "--gdb-wait")) {
            so.gdb_wait = true;
        } else if (!strcmp(a, "--snapshot-mem")) {
            uint64_t size;
            if (!v || options_parse_size(v, &size) || size < (16u << 20)) {
                fprintf(stderr, "rewind %s: --snapshot-mem %s: a size of at least 16M (e.g. 512M, 2G)\n",
                        name, v ? v : "(missing)");
                free(rest);
                return 2;
            }
            so.snapshot_mem = (size_t)size;
            i++;
        } else if (mode == SESSION_REPLAY && !strcmp(a, "--perturb-at")) {
            if (parse_u64_flag(a, v, &so.perturb_at)) { free(rest); return 2; }
            i++;
        } else if (mode == SESSION_REPLAY && a[0] == '-' &&
                   strcmp(a, "--until-step") && strcmp(a, "--expect") && strcmp(a, "--fail") &&
                   strcmp(a, "--stats") && strcmp(a, "--engine") && strcmp(a, "--help") && strcmp(a, "-h")) {
            fprintf(stderr, "rewind replay: %s: not a replay option (the machine comes from the trace; "
                            "see --help)\n", a);
            free(rest);
            return 2;
        } else {
            rest[nrest++] = argv[i];
        }
    }
    bool help;
    char err[512];
    if (options_parse(nrest, rest, &so.ro, &help, err, sizeof err)) {
        fprintf(stderr, "rewind %s: %s\n", name, err);
        free(rest);
        return 2;
    }
    free(rest);
    if (help) {
        if (mode == SESSION_RUN)
            printf("usage: rewind run [options] KERNEL\n\nBoot KERNEL live on QEMU's virt board. "
                   "Ctrl-A x quits, Ctrl-A h helps.\n\n  --chaos SEED         vary the hart quantum "
                   "pseudo-randomly\n  --gdb PORT           serve gdb on 127.0.0.1:PORT while running,"
                   " with reverse\n                       execution over what has run so far "
                   "(--snapshot-mem SIZE);\n                       --gdb-wait: start halted until gdb "
                   "attaches\n%s", options_machine_help);
        else if (mode == SESSION_RECORD)
            printf("%s%s", record_help, options_machine_help);
        else
            printf("%s", replay_help);
        return 0;
    }
    if (mode == SESSION_REPLAY) {
        so.trace_path = so.ro.mc.kernel_path;
        if (!so.trace_path) {
            fprintf(stderr, "rewind replay: no trace given (usage: rewind replay FILE.rwd)\n");
            return 2;
        }
    } else if (!so.ro.mc.kernel_path && so.ro.mc.bios_kind != BIOS_FILE) {
        fprintf(stderr, "rewind %s: no kernel given (usage: rewind %s [options] KERNEL)\n", name, name);
        return 2;
    }
    if (mode == SESSION_RECORD && !so.trace_path) {
        fprintf(stderr, "rewind record: no output file: pass -o FILE.rwd\n");
        return 2;
    }
    return session_main(mode, &so);
}

int cmd_run(int argc, char **argv) { return common(SESSION_RUN, argc, argv); }
int cmd_record(int argc, char **argv) { return common(SESSION_RECORD, argc, argv); }
int cmd_replay(int argc, char **argv) { return common(SESSION_REPLAY, argc, argv); }
