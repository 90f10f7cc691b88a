/* rewind: the command-line front end. */
#include <stdio.h>
#include <string.h>

#include "tools/commands.h"

#define REWIND_VERSION "0.2.0"

static void usage(FILE *f)
{
    fprintf(f,
            "rewind %s — deterministic record/replay for RISC-V OS development\n\n"
            "usage: rewind COMMAND [options]\n\n"
            "commands:\n"
            "  run KERNEL       boot KERNEL live on QEMU's virt board (Ctrl-A x quits)\n"
            "  record -o F.rwd KERNEL   the same, recording everything needed to replay it\n"
            "  replay F.rwd     replay a recording bit-exactly, checking state hashes\n"
            "  info F.rwd       what was recorded, how long, how big\n"
            "  console F.rwd    what the guest printed, without replaying (--steps: with positions)\n"
            "  traps F.rwd      every trap entry of a recording, by replaying it (--sql: as a table)\n"
            "  inputs F.rwd     the recorded inputs: typed console bytes, entropy, clock, network\n"
            "  pagetable F.rwd [VA]     a hart's page table at a position (--at N), by replay\n"
            "  when-written F.rwd ADDR  the last writes to memory before a position, by replay\n"
            "  disas FILE.elf   disassemble the code of an ELF file\n"
            "  help             this text; `rewind COMMAND --help` for a command's options\n"
            "  version          print the version\n",
            REWIND_VERSION);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return 2;
    }
    const char *cmd = argv[1];
    if (!strcmp(cmd, "run"))
        return cmd_run(argc - 2, argv + 2);
    if (!strcmp(cmd, "record"))
        return cmd_record(argc - 2, argv + 2);
    if (!strcmp(cmd, "replay"))
        return cmd_replay(argc - 2, argv + 2);
    if (!strcmp(cmd, "info"))
        return cmd_info(argc - 2, argv + 2);
    if (!strcmp(cmd, "console"))
        return cmd_console(argc - 2, argv + 2);
    if (!strcmp(cmd, "traps"))
        return cmd_traps(argc - 2, argv + 2);
    if (!strcmp(cmd, "inputs"))
        return cmd_inputs(argc - 2, argv + 2);
    if (!strcmp(cmd, "pagetable"))
        return cmd_pagetable(argc - 2, argv + 2);
    if (!strcmp(cmd, "when-written"))
        return cmd_when_written(argc - 2, argv + 2);
    if (!strcmp(cmd, "disas"))
        return cmd_disas(argc - 2, argv + 2);
    if (!strcmp(cmd, "help") || !strcmp(cmd, "--help") || !strcmp(cmd, "-h")) {
        usage(stdout);
        return 0;
    }
    if (!strcmp(cmd, "version") || !strcmp(cmd, "--version")) {
        printf("rewind %s\n", REWIND_VERSION);
        return 0;
    }
    fprintf(stderr, "rewind: unknown command '%s' (see rewind help)\n", cmd);
    return 2;
}
