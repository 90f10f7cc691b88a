/* The RV64 target description GDB reads with qXfer:features:read, and the
 * register numbering that g/G/p/P packets use.  Both come from one table,
 * so a register's number in the XML is the number the command layer
 * resolves with gdb_riscv_reg().
 *
 * Numbering (GDB's RISC-V convention): x0..x31 = 0..31, pc = 32,
 * f0..f31 = 33..64, CSR n = 65 + n (fflags 66, frm 67, fcsr 68 live in the
 * fpu feature, every other CSR of isa/riscv/csr.h's CSR_LIST in the csr
 * feature), priv = 65 + 4096 = 4161 (org.gnu.gdb.riscv.virtual). */
#ifndef REWIND_GDBSTUB_TARGET_XML_H
#define REWIND_GDBSTUB_TARGET_XML_H

#include <stddef.h>
#include <stdint.h>

#define GDB_RISCV_REGNUM_PC    32
#define GDB_RISCV_REGNUM_F0    33
#define GDB_RISCV_REGNUM_CSR0  65
#define GDB_RISCV_REGNUM_PRIV  (GDB_RISCV_REGNUM_CSR0 + 4096)

enum gdb_reg_class {
    GDB_REG_GPR,    /* index: 0..31 */
    GDB_REG_PC,
    GDB_REG_FPR,    /* index: 0..31 (64-bit, NaN-boxed singles as stored) */
    GDB_REG_CSR,    /* index: the CSR number (fflags, frm, fcsr included) */
    GDB_REG_PRIV,   /* the privilege mode, 0 = U, 1 = S, 3 = M */
};

struct gdb_reg {
    unsigned regnum;         /* GDB's remote register number */
    enum gdb_reg_class cls;
    unsigned index;
    unsigned size;           /* bytes in g/p packets, little-endian */
    const char *name;        /* as in the XML */
    const char *feature;     /* org.gnu.gdb.riscv.{cpu,fpu,csr,virtual} */
};

/* Registers in increasing regnum order, which is the order of a full g
 * packet (a g reply may stop after any register; QEMU stops after pc):
 * for (r = gdb_riscv_reg_after(-1); r; r = gdb_riscv_reg_after(r->regnum)).
 * NULL after the last. */
const struct gdb_reg *gdb_riscv_reg_after(int regnum);
size_t gdb_riscv_reg_count(void);
/* The register with that number, or NULL (p/P then answer an error). */
const struct gdb_reg *gdb_riscv_reg(unsigned regnum);

/* The complete target.xml.  Returns a malloc'd NUL-terminated document
 * (free it) and its length, or NULL when out of memory. */
char *gdb_riscv_target_xml(size_t *len);

/* One chunk of a qXfer read: args is "OFFSET,LENGTH" (hex).  Writes 'm' or
 * 'l' (last) plus up to min(LENGTH, max_chunk) bytes of doc to out (cap
 * bytes) and sets *out_len.  The caller sends it with GDB_SEND_BINARY.
 * Returns 0, -EINVAL (syntax, LENGTH 0), -ERANGE (OFFSET past the end) or
 * -ENOSPC. */
int gdb_qxfer_chunk(const char *doc, size_t doc_len, const char *args, size_t args_len,
                    size_t max_chunk, char *out, size_t cap, size_t *out_len);

/* Answer a whole "qXfer:features:read:ANNEX:OFFSET,LENGTH" packet (data,
 * len) from the XML: as gdb_qxfer_chunk, plus -ENOENT for an annex other
 * than target.xml and -EINVAL for a malformed packet. */
int gdb_tdesc_qxfer(const char *xml, size_t xml_len, const char *pkt, size_t pkt_len,
                    size_t max_chunk, char *out, size_t cap, size_t *out_len);

#endif
