/* rewind run --dump-jit (tools/jit_dump.c). */
#ifndef REWIND_TOOLS_JIT_DUMP_H
#define REWIND_TOOLS_JIT_DUMP_H
#include <capstone/capstone.h>
#include <stdio.h>

#include "core/machine.h"
#include "isa/riscv/jit.h"

struct jit_dump {
    FILE *out;          /* --dump-jit, or NULL */
    FILE *perf_map;     /* --perf-map, or NULL */
    csh cs;
    uint64_t nblocks;
};

/* Print every block m's JIT translates from now on to out, and list it in
 * perf_map (either may be NULL).  0, or -1 when capstone cannot be opened. */
int jit_dump_start(struct jit_dump *d, struct machine *m, FILE *out, FILE *perf_map);
void jit_dump_stop(struct jit_dump *d, struct machine *m);
#endif
