/* Decoding and re-encoding, both driven by insns.def. */
#include "isa/riscv/insn.h"

const struct insn_desc insn_table[OP_COUNT] = {
    [OP_UNDECODED] = {"undecoded", 0, 0, FMT_NONE},
    [OP_ILLEGAL] = {"illegal", 0, 0, FMT_NONE},
#define INSN(name, match, mask, fmt) [OP_##name] = {#name, match, mask, fmt},
#include "isa/riscv/insns.def"
#undef INSN
};

static inline int32_t sext(uint32_t v, unsigned bits)
{
    return (int32_t)(v << (32 - bits)) >> (32 - bits);
}

static int32_t imm_i(uint32_t w) { return (int32_t)w >> 20; }
static int32_t imm_s(uint32_t w)
{
    return sext(((w >> 25) << 5) | ((w >> 7) & 0x1f), 12);
}
static int32_t imm_b(uint32_t w)
{
    uint32_t v = ((w >> 31) & 1) << 12 | ((w >> 7) & 1) << 11 |
                 ((w >> 25) & 0x3f) << 5 | ((w >> 8) & 0xf) << 1;
    return sext(v, 13);
}
static int32_t imm_u(uint32_t w) { return (int32_t)(w & 0xfffff000); }
static int32_t imm_j(uint32_t w)
{
    uint32_t v = ((w >> 31) & 1) << 20 | ((w >> 12) & 0xff) << 12 |
                 ((w >> 20) & 1) << 11 | ((w >> 21) & 0x3ff) << 1;
    return sext(v, 21);
}

/* The matching entry with the most mask bits: a HINT entry (prefetch.i,
 * pause) refines the base instruction it is encoded in (ori, fence).
 * Decodes are cached, so the full scan costs nothing per step. */
static enum insn_op lookup(uint32_t w)
{
    enum insn_op best = OP_ILLEGAL;
    int best_bits = -1;
    for (unsigned op = OP_ILLEGAL + 1; op < OP_COUNT; op++) {
        if ((w & insn_table[op].mask) != insn_table[op].match)
            continue;
        int bits = __builtin_popcount(insn_table[op].mask);
        if (bits > best_bits) {
            best = (enum insn_op)op;
            best_bits = bits;
        }
    }
    return best;
}

void insn_decode32(uint32_t w, struct dinsn *d)
{
    enum insn_op op = (w & 3) == 3 ? lookup(w) : OP_ILLEGAL;
    d->op = (uint16_t)op;
    d->disp = 0;
    d->rd = (w >> 7) & 31;
    d->rs1 = (w >> 15) & 31;
    d->rs2 = (w >> 20) & 31;
    d->rs3 = (w >> 27) & 31;
    d->rm = (w >> 12) & 7;
    d->len = 4;
    d->raw = w;
    d->imm = 0;
    switch (insn_table[op].fmt) {
    case FMT_I: case FMT_LOAD: case FMT_JALR: case FMT_FLOAD:
        d->imm = imm_i(w); break;
    case FMT_PREFETCH: d->imm = imm_i(w) & ~31; break; /* imm[4:0] names the kind */
    case FMT_SH6: d->imm = (w >> 20) & 0x3f; break;
    case FMT_SH5: d->imm = (w >> 20) & 0x1f; break;
    case FMT_STORE: case FMT_FSTORE: d->imm = imm_s(w); break;
    case FMT_B: d->imm = imm_b(w); break;
    case FMT_U: d->imm = imm_u(w); break;
    case FMT_J: d->imm = imm_j(w); break;
    case FMT_FENCE: case FMT_FENCEI: case FMT_CSR: case FMT_CSRI:
        d->imm = (int32_t)(w >> 20); break;
    case FMT_LR: case FMT_AMO:
        d->rm = (w >> 25) & 3; break; /* aq, rl */
    default: break;
    }
}

void insn_decode16(uint16_t h, struct dinsn *d)
{
    uint32_t w = rvc_expand(h);
    if (w)
        insn_decode32(w, d);
    else {
        insn_decode32(0, d);
        d->op = OP_ILLEGAL;
    }
    d->len = 2;
    d->raw = h;
}

void insn_decode(uint32_t w, struct dinsn *d)
{
    if ((w & 3) == 3)
        insn_decode32(w, d);
    else
        insn_decode16((uint16_t)w, d);
}

uint32_t insn_encode(const struct dinsn *d)
{
    const struct insn_desc *t = &insn_table[d->op];
    uint32_t w = t->match;
    uint32_t rd = (uint32_t)d->rd << 7, rs1 = (uint32_t)d->rs1 << 15,
             rs2 = (uint32_t)d->rs2 << 20;
    uint32_t imm = (uint32_t)d->imm;
    switch (t->fmt) {
    case FMT_NONE: break;
    case FMT_R: case FMT_FR: case FMT_FCMP: w |= rd | rs1 | rs2; break;
    case FMT_I: case FMT_LOAD: case FMT_JALR: case FMT_FLOAD:
        w |= rd | rs1 | imm << 20; break;
    case FMT_SH6: case FMT_SH5: w |= rd | rs1 | (imm << 20); break;
    case FMT_STORE: case FMT_FSTORE:
        w |= rs1 | rs2 | (imm >> 5 & 0x7f) << 25 | (imm & 0x1f) << 7; break;
    case FMT_B:
        w |= rs1 | rs2 | (imm >> 12 & 1) << 31 | (imm >> 5 & 0x3f) << 25 |
             (imm >> 1 & 0xf) << 8 | (imm >> 11 & 1) << 7;
        break;
    case FMT_U: w |= rd | (imm & 0xfffff000); break;
    case FMT_J:
        w |= rd | (imm >> 20 & 1) << 31 | (imm >> 1 & 0x3ff) << 21 |
             (imm >> 11 & 1) << 20 | (imm >> 12 & 0xff) << 12;
        break;
    case FMT_FENCE: case FMT_FENCEI: w |= rd | rs1 | (imm << 20); break;
    case FMT_CSR: case FMT_CSRI: w |= rd | rs1 | (imm << 20); break;
    case FMT_RS1RS2: w |= rs1 | rs2; break;
    case FMT_LR: w |= rd | rs1 | (uint32_t)d->rm << 25; break;
    case FMT_AMO: w |= rd | rs1 | rs2 | (uint32_t)d->rm << 25; break;
    case FMT_R4:
        w |= rd | rs1 | rs2 | (uint32_t)d->rs3 << 27 | (uint32_t)d->rm << 12; break;
    case FMT_FRRM: w |= rd | rs1 | rs2 | (uint32_t)d->rm << 12; break;
    case FMT_F1RM: case FMT_F2XRM: case FMT_X2FRM:
        w |= rd | rs1 | (uint32_t)d->rm << 12; break;
    case FMT_F2X: case FMT_X2F: case FMT_R1: w |= rd | rs1; break;
    case FMT_CBO: w |= rs1; break;
    case FMT_PREFETCH: w |= rs1 | (imm & 0xfe0) << 20; break;
    }
    return w;
}
