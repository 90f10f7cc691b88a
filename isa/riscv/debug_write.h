/* A debugger's changes to the machine (gdb's set var, set $reg, M/X/P/G
 * packets), as records: the stub encodes one, the input log keeps it at its
 * position like any other input, and applying it — live, or when a replay
 * reaches that position — changes the machine the same way every time. */
#ifndef REWIND_ISA_RISCV_DEBUG_WRITE_H
#define REWIND_ISA_RISCV_DEBUG_WRITE_H
#include <stddef.h>
#include <stdint.h>
#include "core/serial.h"

struct machine;

enum debug_target {
    DEBUG_MEM = 1,  /* bytes at a physical RAM address */
    DEBUG_GPR = 2,  /* x1..x31 (index) */
    DEBUG_PC = 3,
    DEBUG_FPR = 4,  /* f0..f31 (index) */
    DEBUG_CSR = 5,  /* index: the CSR number, written as M-mode would */
    DEBUG_PRIV = 6, /* the privilege mode: 0 U, 1 S, 3 M */
};

/* Records: u8 target, u8 hart, u16 index, u64 address or value, then the
 * bytes (memory only). */
void debug_write_encode_mem(struct sbuf *out, uint64_t pa, const uint8_t *data, size_t len);
void debug_write_encode_reg(struct sbuf *out, enum debug_target t, unsigned hart, unsigned index,
                            uint64_t value);
/* Apply a record.  0, or -1 when it is malformed or cannot apply (no such
 * hart or register, memory outside RAM, a CSR that refuses the value). */
int debug_write_apply(struct machine *m, const uint8_t *rec, size_t len);
#endif
