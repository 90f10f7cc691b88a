/* Control and status registers. */
#ifndef REWIND_ISA_RISCV_CSR_H
#define REWIND_ISA_RISCV_CSR_H

#include <stdbool.h>
#include <stdint.h>
#include "isa/riscv/hart.h"

#define CSR_LIST(X)                                                        \
    X(fflags, 0x001) X(frm, 0x002) X(fcsr, 0x003)                          \
    X(cycle, 0xc00) X(time, 0xc01) X(instret, 0xc02)                       \
    X(sstatus, 0x100) X(sie, 0x104) X(stvec, 0x105) X(scounteren, 0x106)   \
    X(senvcfg, 0x10a) X(sscratch, 0x140) X(sepc, 0x141) X(scause, 0x142)   \
    X(stval, 0x143) X(sip, 0x144) X(stimecmp, 0x14d) X(satp, 0x180)        \
    X(mvendorid, 0xf11) X(marchid, 0xf12) X(mimpid, 0xf13)                 \
    X(mhartid, 0xf14) X(mconfigptr, 0xf15)                                 \
    X(mstatus, 0x300) X(misa, 0x301) X(medeleg, 0x302) X(mideleg, 0x303)   \
    X(mie, 0x304) X(mtvec, 0x305) X(mcounteren, 0x306) X(menvcfg, 0x30a)   \
    X(mcountinhibit, 0x320) X(mscratch, 0x340) X(mepc, 0x341)              \
    X(mcause, 0x342) X(mtval, 0x343) X(mip, 0x344)                         \
    X(pmpcfg0, 0x3a0) X(pmpcfg2, 0x3a2) X(pmpaddr0, 0x3b0)                 \
    X(mcycle, 0xb00) X(minstret, 0xb02)                                    \
    X(tselect, 0x7a0) X(tdata1, 0x7a1) X(tdata2, 0x7a2) X(tdata3, 0x7a3)  \
    X(tinfo, 0x7a4)

enum {
#define CSR_ENUM(name, num) CSR_##name = num,
    CSR_LIST(CSR_ENUM)
#undef CSR_ENUM
};

/* mstatus fields */
#define MSTATUS_SIE  (1ull << 1)
#define MSTATUS_MIE  (1ull << 3)
#define MSTATUS_SPIE (1ull << 5)
#define MSTATUS_UBE  (1ull << 6)
#define MSTATUS_MPIE (1ull << 7)
#define MSTATUS_SPP  (1ull << 8)
#define MSTATUS_MPP_SHIFT 11
#define MSTATUS_MPP  (3ull << 11)
#define MSTATUS_FS_SHIFT 13
#define MSTATUS_FS   (3ull << 13)
#define MSTATUS_XS   (3ull << 15)
#define MSTATUS_MPRV (1ull << 17)
#define MSTATUS_SUM  (1ull << 18)
#define MSTATUS_MXR  (1ull << 19)
#define MSTATUS_TVM  (1ull << 20)
#define MSTATUS_TW   (1ull << 21)
#define MSTATUS_TSR  (1ull << 22)
#define MSTATUS_UXL  (3ull << 32)
#define MSTATUS_SXL  (3ull << 34)
#define MSTATUS_SD   (1ull << 63)

#define MENVCFG_STCE (1ull << 63)
#define MENVCFG_FIOM 1ull
#define MENVCFG_PBMTE (1ull << 62) /* Svpbmt */

/* Zicbom / Zicboz enables (same bits in senvcfg) */
#define MENVCFG_CBIE_SHIFT 4
#define MENVCFG_CBIE  (3ull << 4)   /* 00 illegal, 01 inval = flush, 11 inval; 10 reserved */
#define MENVCFG_CBCFE (1ull << 6)
#define MENVCFG_CBZE  (1ull << 7)
#define MENVCFG_CBO   (MENVCFG_CBIE | MENVCFG_CBCFE | MENVCFG_CBZE)

/* Exception causes */
enum {
    EXC_INSN_MISALIGNED = 0, EXC_INSN_ACCESS = 1, EXC_ILLEGAL = 2,
    EXC_BREAKPOINT = 3, EXC_LOAD_MISALIGNED = 4, EXC_LOAD_ACCESS = 5,
    EXC_STORE_MISALIGNED = 6, EXC_STORE_ACCESS = 7, EXC_ECALL_U = 8,
    EXC_ECALL_S = 9, EXC_ECALL_M = 11, EXC_INSN_PAGE = 12,
    EXC_LOAD_PAGE = 13, EXC_STORE_PAGE = 15,
};
#define CAUSE_INTERRUPT (1ull << 63)

/* Outcome of a CSR access: 0, or EXC_ILLEGAL. */
int csr_read(struct hart *h, unsigned csr, uint64_t *val);
int csr_write(struct hart *h, unsigned csr, uint64_t val);
/* A Zicsr instruction (`op` is OP_csrrw ... OP_csrrci) on `csr`, with rs1
 * the register (or uimm5) field and rs1_val its value, rd_is_x0 when the
 * result is discarded: 0 with *old = the value for rd, or EXC_ILLEGAL.  A
 * write sets h->irq_check.  The interpreter and the JIT's helper share it. */
int csr_execute(struct hart *h, unsigned op, unsigned csr, unsigned rs1, uint64_t rs1_val,
                bool rd_is_x0, uint64_t *old);
/* Check access rights without side effects (write = the instruction
 * writes); 0 or EXC_ILLEGAL. */
int csr_check(const struct hart *h, unsigned csr, bool write);

/* The effective mip: software bits plus device lines and Sstc. */
uint64_t csr_mip(struct hart *h);

const char *csr_name(unsigned csr);

/* Reset values as the virt board has them. */
void csr_reset(struct hart *h);

#endif
