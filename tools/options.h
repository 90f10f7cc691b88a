/* Parsing the machine options shared by run and record. */
#ifndef REWIND_TOOLS_OPTIONS_H
#define REWIND_TOOLS_OPTIONS_H
#include <stdbool.h>
#include <stdint.h>
#include "core/machine.h"

struct run_options {
    struct machine_config mc;
    uint64_t until_step;      /* 0: none */
    uint64_t timeout_steps;   /* 0: none */
    const char *expect, *fail;
    bool stats;
    bool snapshot;            /* --snapshot: do not write disks back */
    bool dump_jit;            /* --dump-jit: print each translated block */
    bool perf_map;            /* --perf-map: /tmp/perf-PID.map for perf */
};

/* Parse argv (after the subcommand).  Returns 0, or -1 with a message in
 * err; sets *help when --help was given. */
int options_parse(int argc, char **argv, struct run_options *o, bool *help,
                  char *err, size_t errlen);
/* "256M", "1G", "1048576" → bytes. */
int options_parse_size(const char *s, uint64_t *out);
int options_parse_u64(const char *s, uint64_t *out);
extern const char options_machine_help[];
#endif
