/* The JIT engine: RISC-V blocks translated to x86-64, with the interpreter's
 * exact positions (docs/jit.md).  jit_run follows core/engine.h; the
 * translation cache is the machine's (m->jit), made on first use. */
#ifndef REWIND_ISA_RISCV_JIT_H
#define REWIND_ISA_RISCV_JIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct hart;
struct machine;
struct dinsn;
struct jit;

/* Run hart h for at most `budget` steps (core/engine.h).  Where the host is
 * not x86-64, or the code buffer cannot be made, this is the interpreter. */
uint64_t jit_run(struct hart *h, uint64_t budget);

/* Free the machine's translation cache (NULL is fine). */
void jit_destroy(struct jit *j);

/* A translated block, as shown by `rewind run --dump-jit`. */
struct jit_block_view {
    uint64_t vpc, ppc;          /* where the guest code is */
    unsigned ninsns;
    const struct dinsn *insns;  /* the guest instructions, in order */
    const uint8_t *code;        /* the host code (main path, then cold stubs) */
    size_t code_len;
};
/* Call fn for every block the machine's JIT translates from now on (NULL
 * stops).  The view is valid only during the call. */
void jit_observe_blocks(struct machine *m, void (*fn)(void *opaque, const struct jit_block_view *v),
                        void *opaque);

/* Give the machine's JIT a code buffer of `bytes` (default 64 MiB) before
 * its first use: tests make it small to see it fill up.  0, or -1 (too
 * small, already made, or no JIT on this host). */
int jit_set_code_size(struct machine *m, size_t bytes);

/* Counters, for benchmarks and tests. */
struct jit_stats {
    uint64_t blocks;            /* translations made */
    uint64_t flushes;           /* the code buffer filled up and was emptied */
    uint64_t invalidated;       /* blocks dropped because their code was written */
    uint64_t chained;           /* direct jumps patched block to block */
    uint64_t interp_steps;      /* steps the interpreter took inside jit_run */
};
/* Zeros when the machine has no JIT (yet). */
struct jit_stats jit_stats(const struct machine *m);

#endif
