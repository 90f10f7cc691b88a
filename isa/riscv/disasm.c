/* Disassembly from the instruction table: mnemonic from the entry's name,
 * operands from its format. */
#include <stdio.h>
#include <string.h>

#include "isa/riscv/csr.h"
#include "isa/riscv/insn.h"

const char *const insn_xreg_name[32] = {
    "zero", "ra", "sp", "gp", "tp", "t0", "t1", "t2", "s0", "s1", "a0",
    "a1", "a2", "a3", "a4", "a5", "a6", "a7", "s2", "s3", "s4", "s5",
    "s6", "s7", "s8", "s9", "s10", "s11", "t3", "t4", "t5", "t6"};
const char *const insn_freg_name[32] = {
    "ft0", "ft1", "ft2", "ft3", "ft4", "ft5", "ft6", "ft7", "fs0", "fs1", "fa0",
    "fa1", "fa2", "fa3", "fa4", "fa5", "fa6", "fa7", "fs2", "fs3", "fs4", "fs5",
    "fs6", "fs7", "fs8", "fs9", "fs10", "fs11", "ft8", "ft9", "ft10", "ft11"};


static const char *const rm_name[8] = {"rne", "rtz", "rdn", "rup", "rmm", "rm5", "rm6", "dyn"};

static void fence_set(unsigned v, char *out)
{
    int n = 0;
    if (v & 8) out[n++] = 'i';
    if (v & 4) out[n++] = 'o';
    if (v & 2) out[n++] = 'r';
    if (v & 1) out[n++] = 'w';
    if (!n) out[n++] = '0';
    out[n] = 0;
}

int insn_disasm(const struct dinsn *d, uint64_t pc, char *buf, size_t len)
{
    const struct insn_desc *t = &insn_table[d->op < OP_COUNT ? d->op : OP_ILLEGAL];
    char mn[24];
    size_t i;
    for (i = 0; t->name[i] && i < sizeof mn - 1; i++)
        mn[i] = t->name[i] == '_' ? '.' : t->name[i];
    mn[i] = 0;
    if (d->op == OP_ILLEGAL || d->op == OP_UNDECODED)
        return snprintf(buf, len, "unknown 0x%0*x", d->len == 2 ? 4 : 8, d->raw);
    if ((t->fmt == FMT_LR || t->fmt == FMT_AMO) && d->rm) {
        strcat(mn, (d->rm & 2) ? ((d->rm & 1) ? ".aqrl" : ".aq") : ".rl");
    }
    const char *const *X = insn_xreg_name, *const *F = insn_freg_name;
    char csrbuf[16];
    const char *cn = NULL;
    if (t->fmt == FMT_CSR || t->fmt == FMT_CSRI) {
        cn = csr_name((unsigned)d->imm & 0xfff);
        if (!cn) {
            snprintf(csrbuf, sizeof csrbuf, "0x%x", (unsigned)d->imm & 0xfff);
            cn = csrbuf;
        }
    }
    /* The rounding mode is shown only when it is not the dynamic one. */
    char rm[8] = "";
    if (d->rm != 7 && (t->fmt == FMT_R4 || t->fmt == FMT_FRRM || t->fmt == FMT_F1RM ||
                       t->fmt == FMT_F2XRM || t->fmt == FMT_X2FRM))
        snprintf(rm, sizeof rm, ", %s", rm_name[d->rm]);
    uint64_t target = pc + (int64_t)d->imm;
    switch (t->fmt) {
    case FMT_NONE: case FMT_FENCEI: return snprintf(buf, len, "%s", mn);
    case FMT_R: return snprintf(buf, len, "%s %s, %s, %s", mn, X[d->rd], X[d->rs1], X[d->rs2]);
    case FMT_I: case FMT_SH6: case FMT_SH5:
        return snprintf(buf, len, "%s %s, %s, %d", mn, X[d->rd], X[d->rs1], d->imm);
    case FMT_LOAD: case FMT_JALR:
        return snprintf(buf, len, "%s %s, %d(%s)", mn, X[d->rd], d->imm, X[d->rs1]);
    case FMT_STORE: return snprintf(buf, len, "%s %s, %d(%s)", mn, X[d->rs2], d->imm, X[d->rs1]);
    case FMT_B:
        return snprintf(buf, len, "%s %s, %s, 0x%llx", mn, X[d->rs1], X[d->rs2],
                        (unsigned long long)target);
    case FMT_U:
        return snprintf(buf, len, "%s %s, 0x%x", mn, X[d->rd], ((uint32_t)d->imm >> 12) & 0xfffff);
    case FMT_J: return snprintf(buf, len, "%s %s, 0x%llx", mn, X[d->rd], (unsigned long long)target);
    case FMT_FENCE: {
        char p[8], s[8];
        fence_set(((unsigned)d->imm >> 4) & 15, p);
        fence_set((unsigned)d->imm & 15, s);
        return snprintf(buf, len, "%s %s, %s", mn, p, s);
    }
    case FMT_CSR: return snprintf(buf, len, "%s %s, %s, %s", mn, X[d->rd], cn, X[d->rs1]);
    case FMT_CSRI: return snprintf(buf, len, "%s %s, %s, %u", mn, X[d->rd], cn, d->rs1);
    case FMT_RS1RS2: return snprintf(buf, len, "%s %s, %s", mn, X[d->rs1], X[d->rs2]);
    case FMT_LR: return snprintf(buf, len, "%s %s, (%s)", mn, X[d->rd], X[d->rs1]);
    case FMT_AMO: return snprintf(buf, len, "%s %s, %s, (%s)", mn, X[d->rd], X[d->rs2], X[d->rs1]);
    case FMT_FLOAD: return snprintf(buf, len, "%s %s, %d(%s)", mn, F[d->rd], d->imm, X[d->rs1]);
    case FMT_FSTORE: return snprintf(buf, len, "%s %s, %d(%s)", mn, F[d->rs2], d->imm, X[d->rs1]);
    case FMT_R4:
        return snprintf(buf, len, "%s %s, %s, %s, %s%s", mn, F[d->rd], F[d->rs1], F[d->rs2],
                        F[d->rs3], rm);
    case FMT_FRRM:
        return snprintf(buf, len, "%s %s, %s, %s%s", mn, F[d->rd], F[d->rs1], F[d->rs2], rm);
    case FMT_FR: return snprintf(buf, len, "%s %s, %s, %s", mn, F[d->rd], F[d->rs1], F[d->rs2]);
    case FMT_F1RM: return snprintf(buf, len, "%s %s, %s%s", mn, F[d->rd], F[d->rs1], rm);
    case FMT_F2XRM: return snprintf(buf, len, "%s %s, %s%s", mn, X[d->rd], F[d->rs1], rm);
    case FMT_F2X: return snprintf(buf, len, "%s %s, %s", mn, X[d->rd], F[d->rs1]);
    case FMT_FCMP: return snprintf(buf, len, "%s %s, %s, %s", mn, X[d->rd], F[d->rs1], F[d->rs2]);
    case FMT_X2FRM: return snprintf(buf, len, "%s %s, %s%s", mn, F[d->rd], X[d->rs1], rm);
    case FMT_X2F: return snprintf(buf, len, "%s %s, %s", mn, F[d->rd], X[d->rs1]);
    case FMT_R1: return snprintf(buf, len, "%s %s, %s", mn, X[d->rd], X[d->rs1]);
    case FMT_CBO: return snprintf(buf, len, "%s (%s)", mn, X[d->rs1]);
    case FMT_PREFETCH: return snprintf(buf, len, "%s %d(%s)", mn, d->imm, X[d->rs1]);
    }
    return snprintf(buf, len, "%s", mn);
}
