/* Between the JIT's run loop and cache (jit.c) and its x86-64 back end
 * (jit_x86_64.c). */
#ifndef REWIND_ISA_RISCV_JIT_INTERNAL_H
#define REWIND_ISA_RISCV_JIT_INTERNAL_H

#include "isa/riscv/cpu.h"
#include "isa/riscv/jit.h"
#include "isa/riscv/jit_emit.h"

#define JIT_MAX_INSNS 64          /* guest instructions per block */

/* What translated code returns to the run loop (in eax).  Helpers return 0
 * to go on with the block, or an exit code after setting h->pc and
 * h->steps to where the run loop resumes. */
enum {
    JIT_EXIT_CONTINUE = 0,  /* helpers only: carry on in the block */
    JIT_EXIT_LOOKUP = 1,    /* h->pc, h->steps are exact: find the next block */
    JIT_EXIT_STOP = 2,      /* a debugger stop before the instruction at h->pc */
    JIT_EXIT_CHAIN = 3,     /* low bits: as LOOKUP, and (code >> 2) is the offset
                             * of a jump that may now be pointed at the block
                             * for h->pc */
};

struct jit_block {
    uint64_t vpc;                 /* virtual pc of the first instruction */
    uint64_t ppc;                 /* its physical address */
    const struct dinsn *slots;    /* the decode-cache page: the physical page's identity */
    uint32_t entry;               /* code offset; the first 5 bytes may become a jump */
    uint32_t exit_stub;           /* code offset of "leave for vpc" (budget, kill) */
    uint32_t code_len;
    uint16_t bytes;               /* guest bytes covered, from ppc */
    uint8_t ninsns;               /* 0: the first instruction runs in the interpreter */
    uint8_t set;                  /* TLB set (effective load/store privilege) */
    bool dead;
    struct jit_block *hnext;      /* hash chain */
    struct jit_block *pnext;      /* blocks of the same physical page */
};

#define JIT_JC_SIZE (1u << 12)   /* per-hart direct-mapped cache of lookups, by (pc >> 1) */

/* What the back end needs to translate one block. */
struct jit_source {
    uint64_t vpc;
    unsigned set;
    unsigned n;
    const struct dinsn *insns;
    struct jit_block *const (*jc)[JIT_JC_SIZE]; /* the lookup caches, [hartid][slot] */
    const uint8_t *code_base;     /* where block entry offsets start */
};

/* The back end: can it translate this instruction (inline or through a
 * helper that may go on in the block)?  Others still end a block, as one
 * interpreter step. */
bool jit_x86_supports(const struct dinsn *d);
/* Does this instruction end a block (a jump or branch)? */
bool jit_x86_ends_block(const struct dinsn *d);
/* The enter/leave trampoline at the start of the buffer; returns the
 * offsets of the two epilogue entry points. */
void jit_x86_emit_trampoline(struct jit_buf *b, uint32_t *epi_sync, uint32_t *epi_nosync);
/* Translate src into b at its current end; fills b's entry, exit_stub,
 * code_len.  The caller checks jit_buf_ok. */
void jit_x86_emit_block(struct jit_buf *b, uint32_t epi_sync, uint32_t epi_nosync,
                        const struct jit_source *src, struct jit_block *blk);

/* Helpers called from translated code.  `info` packs size (bits 0-3),
 * sign (bit 4), rd (bits 8-15) and the instruction length (bits 16-19).
 * h->pc and h->steps are those of the instruction when they are called. */
int jit_helper_load(struct hart *h, uint64_t addr, uint32_t info);
int jit_helper_store(struct hart *h, uint64_t addr, uint64_t val, uint32_t info);
/* A Zicsr instruction: info packs op (bits 0-15), the CSR (16-27), the rs1
 * field (28-32), rd (36-41) and the length (44-46). */
int jit_helper_csr(struct hart *h, uint64_t info, uint64_t rs1_val, uint32_t raw);
#define JIT_CSR_INFO(op, csr, rs1, rd, len) \
    ((uint64_t)(op) | (uint64_t)(csr) << 16 | (uint64_t)(rs1) << 28 | (uint64_t)(rd) << 36 | \
     (uint64_t)(len) << 44)
/* wfi: 0 when it does not sleep (a pending interrupt), so the block goes on. */
int jit_helper_wfi(struct hart *h, unsigned len, uint32_t raw);
/* Any other instruction, as the last of a block: one interpreter step. */
int jit_helper_step(struct hart *h);
/* ecall, ebreak, mret, sret, as the last of a block: one interpreter step;
 * then an exit code for the run loop, or JIT_TRAP_GO_ON + the TLB set of
 * the privilege now, when the block may jump on to the one at h->pc. */
int jit_helper_trap_step(struct hart *h);
#define JIT_TRAP_GO_ON 0x100
/* An instruction in the middle of a block, as one interpreter step: 0 when
 * it went on to next_pc with nothing for the run loop to look at. */
int jit_helper_interp(struct hart *h, uint64_t next_pc);
#define JIT_INFO(size, sign, rd, len) \
    ((uint32_t)(size) | (uint32_t)(sign) << 4 | (uint32_t)(rd) << 8 | (uint32_t)(len) << 16)

/* Pure integer operations the back end calls rather than inlines (division,
 * bit manipulation): rd = fn(rs1, rs2, imm).  NULL when op is not one. */
typedef uint64_t (*jit_pure_fn)(uint64_t a, uint64_t b, int64_t imm);
jit_pure_fn jit_pure_op(unsigned op);

#endif
