/* Decoded instructions, driven by insns.def. */
#ifndef REWIND_ISA_RISCV_INSN_H
#define REWIND_ISA_RISCV_INSN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum insn_fmt {
    FMT_NONE,   /* no operands */
    FMT_R,      /* rd, rs1, rs2 */
    FMT_I,      /* rd, rs1, imm12 */
    FMT_SH6,    /* rd, rs1, shamt[5:0] */
    FMT_SH5,    /* rd, rs1, shamt[4:0] */
    FMT_LOAD,   /* rd, imm(rs1) */
    FMT_STORE,  /* rs2, imm(rs1) */
    FMT_B,      /* rs1, rs2, pc-relative target */
    FMT_U,      /* rd, imm20 (imm holds the shifted value) */
    FMT_J,      /* rd, pc-relative target */
    FMT_JALR,   /* rd, imm(rs1) */
    FMT_FENCE,  /* pred, succ (imm holds bits 31:20) */
    FMT_FENCEI, /* no operands shown; reserved rd, rs1, imm kept for re-encoding */
    FMT_CSR,    /* rd, csr, rs1   (imm holds the CSR number) */
    FMT_CSRI,   /* rd, csr, uimm5 (in rs1) */
    FMT_RS1RS2, /* rs1, rs2 */
    FMT_LR,     /* rd, (rs1) */
    FMT_AMO,    /* rd, rs2, (rs1) */
    FMT_FLOAD,  /* frd, imm(rs1) */
    FMT_FSTORE, /* frs2, imm(rs1) */
    FMT_R4,     /* frd, frs1, frs2, frs3, rm */
    FMT_FRRM,   /* frd, frs1, frs2, rm */
    FMT_FR,     /* frd, frs1, frs2 */
    FMT_F1RM,   /* frd, frs1, rm */
    FMT_F2XRM,  /* rd, frs1, rm */
    FMT_F2X,    /* rd, frs1 */
    FMT_FCMP,   /* rd, frs1, frs2 */
    FMT_X2FRM,  /* frd, rs1, rm */
    FMT_X2F,    /* frd, rs1 */
    FMT_R1,     /* rd, rs1 (bitmanip unary operations) */
    FMT_CBO,    /* (rs1): cache-block operations */
    FMT_PREFETCH, /* imm(rs1), imm a multiple of 32 (Zicbop) */
};

enum insn_op {
    OP_UNDECODED = 0, /* decode-cache slot not filled yet */
    OP_ILLEGAL,       /* no table entry matches */
#define INSN(name, match, mask, fmt) OP_##name,
#include "isa/riscv/insns.def"
#undef INSN
    OP_COUNT
};

struct insn_desc {
    const char *name;   /* C identifier, e.g. "fcvt_w_s"; the mnemonic reads _ as . */
    uint32_t match, mask;
    enum insn_fmt fmt;
};

/* Indexed by enum insn_op. */
extern const struct insn_desc insn_table[OP_COUNT];

/* A decoded instruction (20 bytes: decode-cache friendly). */
struct dinsn {
    uint16_t op;
    uint16_t disp;      /* engine's dispatch index; 0 = not yet assigned */
    uint8_t rd, rs1, rs2, rs3;
    uint8_t len;        /* 2 or 4 */
    uint8_t rm;         /* rounding-mode field, aq/rl bits for AMOs */
    int32_t imm;
    uint32_t raw;       /* the instruction bits as fetched (16 or 32) */
};

/* Does the instruction `op` write its rd to an integer register? */
static inline bool insn_writes_xreg(unsigned op)
{
    switch (insn_table[op].fmt) {
    case FMT_R: case FMT_I: case FMT_SH6: case FMT_SH5: case FMT_LOAD: case FMT_U:
    case FMT_J: case FMT_JALR: case FMT_CSR: case FMT_CSRI: case FMT_LR: case FMT_AMO:
    case FMT_F2XRM: case FMT_F2X: case FMT_FCMP: case FMT_R1:
        return true;
    default:
        return false;
    }
}

/* Decode a 32-bit instruction word. */
void insn_decode32(uint32_t w, struct dinsn *d);
/* Decode a 16-bit compressed instruction (expanded to its 32-bit form). */
void insn_decode16(uint16_t h, struct dinsn *d);
/* Decode whatever `w` holds: compressed when the low two bits are not 11. */
void insn_decode(uint32_t w, struct dinsn *d);
/* The length of the instruction whose first parcel is `lo16`. */
static inline unsigned insn_length(uint16_t lo16) { return (lo16 & 3) == 3 ? 4 : 2; }

/* Expand a compressed instruction to the equivalent 32-bit one; 0 if it is
 * not a valid RV64C encoding. */
uint32_t rvc_expand(uint16_t h);

/* Re-encode a decoded instruction into its 32-bit form. */
uint32_t insn_encode(const struct dinsn *d);

/* Disassemble into buf (like objdump: "addi a0, a0, 1").  `pc` resolves
 * branch targets.  Returns the length of the text. */
int insn_disasm(const struct dinsn *d, uint64_t pc, char *buf, size_t len);

/* ABI names of registers. */
extern const char *const insn_xreg_name[32];
extern const char *const insn_freg_name[32];

#endif
