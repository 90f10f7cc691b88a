/* The register table is constant data: the general and FP registers are
 * written out, the CSRs come from CSR_LIST, so adding a CSR to the ISA adds
 * it to GDB's view without touching this file. */
#include "gdbstub/target_xml.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gdbstub/packet.h"
#include "isa/riscv/csr.h"

#define F_CPU  "org.gnu.gdb.riscv.cpu"
#define F_FPU  "org.gnu.gdb.riscv.fpu"
#define F_CSR  "org.gnu.gdb.riscv.csr"
#define F_VIRT "org.gnu.gdb.riscv.virtual"

#define GPR(i, n) { i, GDB_REG_GPR, i, 8, n, F_CPU }
#define FPR(i, n) { GDB_RISCV_REGNUM_F0 + i, GDB_REG_FPR, i, 8, n, F_FPU }

/* Sorted by regnum. */
static const struct gdb_reg core_regs[] = {
    GPR(0, "zero"), GPR(1, "ra"), GPR(2, "sp"), GPR(3, "gp"),
    GPR(4, "tp"), GPR(5, "t0"), GPR(6, "t1"), GPR(7, "t2"),
    GPR(8, "fp"), GPR(9, "s1"), GPR(10, "a0"), GPR(11, "a1"),
    GPR(12, "a2"), GPR(13, "a3"), GPR(14, "a4"), GPR(15, "a5"),
    GPR(16, "a6"), GPR(17, "a7"), GPR(18, "s2"), GPR(19, "s3"),
    GPR(20, "s4"), GPR(21, "s5"), GPR(22, "s6"), GPR(23, "s7"),
    GPR(24, "s8"), GPR(25, "s9"), GPR(26, "s10"), GPR(27, "s11"),
    GPR(28, "t3"), GPR(29, "t4"), GPR(30, "t5"), GPR(31, "t6"),
    { GDB_RISCV_REGNUM_PC, GDB_REG_PC, 0, 8, "pc", F_CPU },
    FPR(0, "ft0"), FPR(1, "ft1"), FPR(2, "ft2"), FPR(3, "ft3"),
    FPR(4, "ft4"), FPR(5, "ft5"), FPR(6, "ft6"), FPR(7, "ft7"),
    FPR(8, "fs0"), FPR(9, "fs1"), FPR(10, "fa0"), FPR(11, "fa1"),
    FPR(12, "fa2"), FPR(13, "fa3"), FPR(14, "fa4"), FPR(15, "fa5"),
    FPR(16, "fa6"), FPR(17, "fa7"), FPR(18, "fs2"), FPR(19, "fs3"),
    FPR(20, "fs4"), FPR(21, "fs5"), FPR(22, "fs6"), FPR(23, "fs7"),
    FPR(24, "fs8"), FPR(25, "fs9"), FPR(26, "fs10"), FPR(27, "fs11"),
    FPR(28, "ft8"), FPR(29, "ft9"), FPR(30, "ft10"), FPR(31, "ft11"),
};

/* The FP CSRs belong to the fpu feature (GDB looks for them there when the
 * target has an FPU) and are 32 bits wide in it. */
#define IS_FP_CSR(num) ((num) >= CSR_fflags && (num) <= CSR_fcsr)
#define CSR_REG(name, num)                                                  \
    { GDB_RISCV_REGNUM_CSR0 + (num), GDB_REG_CSR, (num), IS_FP_CSR(num) ? 4 : 8, \
      #name, IS_FP_CSR(num) ? F_FPU : F_CSR },
static const struct gdb_reg csr_regs[] = { CSR_LIST(CSR_REG) };
#undef CSR_REG

static const struct gdb_reg priv_reg = {
    GDB_RISCV_REGNUM_PRIV, GDB_REG_PRIV, 0, 1, "priv", F_VIRT
};

#define NCORE (sizeof core_regs / sizeof core_regs[0])
#define NCSR (sizeof csr_regs / sizeof csr_regs[0])

const struct gdb_reg *gdb_riscv_reg(unsigned regnum)
{
    if (regnum < NCORE)
        return &core_regs[regnum];
    if (regnum == GDB_RISCV_REGNUM_PRIV)
        return &priv_reg;
    for (size_t i = 0; i < NCSR; i++)
        if (csr_regs[i].regnum == regnum)
            return &csr_regs[i];
    return NULL;
}

const struct gdb_reg *gdb_riscv_reg_after(int regnum)
{
    if (regnum < 0)
        return &core_regs[0];
    if ((size_t)regnum + 1 < NCORE)
        return &core_regs[regnum + 1];
    /* CSR_LIST is not sorted: take the smallest number above regnum. */
    const struct gdb_reg *best = NULL;
    for (size_t i = 0; i < NCSR; i++)
        if (csr_regs[i].regnum > (unsigned)regnum && (!best || csr_regs[i].regnum < best->regnum))
            best = &csr_regs[i];
    if (best)
        return best;
    return (unsigned)regnum < GDB_RISCV_REGNUM_PRIV ? &priv_reg : NULL;
}

size_t gdb_riscv_reg_count(void)
{
    return NCORE + NCSR + 1;
}

/* ------------------------------------------------------------ target.xml */

static void emit_feature(FILE *f, const char *feature)
{
    fprintf(f, "  <feature name=\"%s\">\n", feature);
    if (strcmp(feature, F_FPU) == 0)
        fputs("    <union id=\"riscv_double\">\n"
              "      <field name=\"float\" type=\"ieee_single\"/>\n"
              "      <field name=\"double\" type=\"ieee_double\"/>\n"
              "    </union>\n", f);
    for (const struct gdb_reg *r = gdb_riscv_reg_after(-1); r; r = gdb_riscv_reg_after((int)r->regnum)) {
        if (strcmp(r->feature, feature) != 0)
            continue;
        const char *type = "int";
        if (r->cls == GDB_REG_PC || (r->cls == GDB_REG_GPR && r->index == 1))
            type = "code_ptr";
        else if (r->cls == GDB_REG_GPR && (r->index == 2 || r->index == 8))
            type = "data_ptr";
        else if (r->cls == GDB_REG_FPR)
            type = "riscv_double";
        fprintf(f, "    <reg name=\"%s\" bitsize=\"%u\" regnum=\"%u\" type=\"%s\"/>\n",
                r->name, r->size * 8, r->regnum, type);
    }
    fputs("  </feature>\n", f);
}

char *gdb_riscv_target_xml(size_t *len)
{
    char *buf = NULL;
    size_t n = 0;
    FILE *f = open_memstream(&buf, &n);
    if (!f)
        return NULL;
    fputs("<?xml version=\"1.0\"?>\n"
          "<!DOCTYPE target SYSTEM \"gdb-target.dtd\">\n"
          "<target version=\"1.0\">\n"
          "  <architecture>riscv:rv64</architecture>\n", f);
    emit_feature(f, F_CPU);
    emit_feature(f, F_FPU);
    emit_feature(f, F_CSR);
    emit_feature(f, F_VIRT);
    fputs("</target>\n", f);
    bool bad = ferror(f) != 0;
    if (fclose(f) != 0 || bad) {
        free(buf);
        return NULL;
    }
    if (len)
        *len = n;
    return buf;
}

/* ------------------------------------------------------------ qXfer */

int gdb_qxfer_chunk(const char *doc, size_t doc_len, const char *args, size_t args_len,
                    size_t max_chunk, char *out, size_t cap, size_t *out_len)
{
    const char *comma = memchr(args, ',', args_len);
    if (!comma)
        return -EINVAL;
    uint64_t off, want;
    size_t olen = (size_t)(comma - args);
    int r = gdb_parse_hex_u64(args, olen, &off);
    if (r == 0)
        r = gdb_parse_hex_u64(comma + 1, args_len - olen - 1, &want);
    if (r)
        return r;
    if (want == 0 || max_chunk == 0)
        return -EINVAL;
    if (off > doc_len)
        return -ERANGE;
    if (cap < 2)
        return -ENOSPC;
    size_t n = doc_len - (size_t)off;
    if (n > want)
        n = (size_t)want;
    if (n > max_chunk)
        n = max_chunk;
    if (n > cap - 1)
        n = cap - 1;
    out[0] = (size_t)off + n == doc_len ? 'l' : 'm';
    memcpy(out + 1, doc + off, n);
    *out_len = n + 1;
    return 0;
}

int gdb_tdesc_qxfer(const char *xml, size_t xml_len, const char *pkt, size_t pkt_len,
                    size_t max_chunk, char *out, size_t cap, size_t *out_len)
{
    static const char prefix[] = "qXfer:features:read:";
    const size_t plen = sizeof prefix - 1;
    if (pkt_len < plen || memcmp(pkt, prefix, plen) != 0)
        return -EINVAL;
    const char *annex = pkt + plen;
    size_t rest = pkt_len - plen;
    const char *colon = memchr(annex, ':', rest);
    if (!colon)
        return -EINVAL;
    size_t alen = (size_t)(colon - annex);
    if (alen != strlen("target.xml") || memcmp(annex, "target.xml", alen) != 0)
        return -ENOENT;
    return gdb_qxfer_chunk(xml, xml_len, colon + 1, rest - alen - 1, max_chunk,
                           out, cap, out_len);
}
