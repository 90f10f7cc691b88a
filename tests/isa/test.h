/*
 * Shared definitions for the rewind ISA tests (bare-metal, M-mode entry).
 *
 * Conventions every test follows:
 *   gp (x3)      current case number (set by TEST n); reported on failure
 *   t5, t6       scratch for the macros and the trap handlers: a test must not
 *                keep values in them across a macro or an instruction that traps
 *   sp           a small stack (common.S)
 *
 * A test is:
 *       #include "test.h"
 *       TEST_BEGIN
 *       TEST 1
 *         li a0, 1
 *         CHECK a0, 1
 *       ...
 *       TEST_END
 *
 * Reporting is through HTIF (common.S): tohost = 1 passes, (n<<1)|1 fails
 * with case n.  Case numbers are 1..254 (they become a process exit status);
 * 255 means "failed before the first case".  Every TEST n also defines the
 * label test_case_n, so a case number is unique per file (the assembler
 * rejects duplicates) and `objdump -d` / gdb `break test_case_n` find it.
 *
 * Traps: the M-mode handler (trap_m in common.S) records mcause, mepc, mtval
 * and mstatus in `trapinfo`.  A trap is only accepted if the test announced
 * it (TRAP_M / EXPECT_M); the handler then resumes at the announced label in
 * the announced privilege mode.  Any other trap fails the current case.  The
 * S-mode handler (trap_s, installed in stvec) does the same with `strapinfo`
 * for traps delegated through medeleg/mideleg.
 */
#ifndef REWIND_ISA_TEST_H
#define REWIND_ISA_TEST_H

/* ---- privilege modes */
#define PRV_U 0
#define PRV_S 1
#define PRV_M 3

/* ---- mstatus / sstatus */
#define MSTATUS_SIE   (1 << 1)
#define MSTATUS_MIE   (1 << 3)
#define MSTATUS_SPIE  (1 << 5)
#define MSTATUS_MPIE  (1 << 7)
#define MSTATUS_SPP   (1 << 8)
#define MSTATUS_MPP   (3 << 11)
#define MSTATUS_MPP_S (1 << 11)
#define MSTATUS_FS    (3 << 13)
#define MSTATUS_FS_INITIAL (1 << 13)
#define MSTATUS_FS_CLEAN   (2 << 13)
#define MSTATUS_FS_DIRTY   (3 << 13)
#define MSTATUS_MPRV  (1 << 17)
#define MSTATUS_SUM   (1 << 18)
#define MSTATUS_MXR   (1 << 19)
#define MSTATUS_TVM   (1 << 20)
#define MSTATUS_TW    (1 << 21)
#define MSTATUS_TSR   (1 << 22)
#define MSTATUS_SD    (1 << 63)

/* ---- interrupts (bit numbers in mip/mie, and interrupt cause codes) */
#define IRQ_S_SOFT   1
#define IRQ_M_SOFT   3
#define IRQ_S_TIMER  5
#define IRQ_M_TIMER  7
#define IRQ_S_EXT    9
#define IRQ_M_EXT    11
#define MIP_SSIP (1 << IRQ_S_SOFT)
#define MIP_MSIP (1 << IRQ_M_SOFT)
#define MIP_STIP (1 << IRQ_S_TIMER)
#define MIP_MTIP (1 << IRQ_M_TIMER)
#define CAUSE_INTR   (1 << 63)

/* ---- exception cause codes */
#define CAUSE_MISALIGNED_FETCH 0
#define CAUSE_FETCH_ACCESS     1
#define CAUSE_ILLEGAL          2
#define CAUSE_BREAKPOINT       3
#define CAUSE_MISALIGNED_LOAD  4
#define CAUSE_LOAD_ACCESS      5
#define CAUSE_MISALIGNED_STORE 6
#define CAUSE_STORE_ACCESS     7
#define CAUSE_ECALL_U          8
#define CAUSE_ECALL_S          9
#define CAUSE_ECALL_M          11
#define CAUSE_FETCH_PAGE_FAULT 12
#define CAUSE_LOAD_PAGE_FAULT  13
#define CAUSE_STORE_PAGE_FAULT 15

/* ---- page-table entries and satp */
#define PTE_V (1 << 0)
#define PTE_R (1 << 1)
#define PTE_W (1 << 2)
#define PTE_X (1 << 3)
#define PTE_U (1 << 4)
#define PTE_G (1 << 5)
#define PTE_A (1 << 6)
#define PTE_D (1 << 7)
#define SATP_SV39 (8 << 60)
#define SATP_SV48 (9 << 60)

/* ---- CLINT (same address on QEMU spike and virt, and on rewind) */
#define CLINT_BASE     0x2000000
#define CLINT_MSIP     (CLINT_BASE + 0x0)
#define CLINT_MTIMECMP (CLINT_BASE + 0x4000)
#define CLINT_MTIME    (CLINT_BASE + 0xbff8)

/* ---- fflags */
#define FFLAG_NX 1
#define FFLAG_UF 2
#define FFLAG_OF 4
#define FFLAG_DZ 8
#define FFLAG_NV 16

/* ---- layout of trapinfo / strapinfo (common.S) */
#define TI_CAUSE  0
#define TI_EPC    8
#define TI_TVAL   16
#define TI_STATUS 24
#define TI_COUNT  32
#define TI_RESUME 40
#define TI_XEPC   48
#define TI_MODE   56
#define TI_CLRIP  64    /* bits the handler clears in mip / sip before resuming */
#define TI_SIZE   72

#ifdef __ASSEMBLER__

/* Entry: common init (trap vectors, PMP, FS=Initial), then the test body. */
.macro TEST_BEGIN
        .section .text.init, "ax", @progbits
        .globl _start
_start:
        call test_init
        j test_main
        .text
test_main:
.endm

.macro TEST_END
        j pass
.endm

.macro TEST n
        .if (\n < 1) || (\n > 254)
        .error "case numbers are 1..254"
        .endif
test_case_\n:
        li gp, \n
.endm

/* Fail unless register \reg == the constant \val (any 64-bit value).
 * \reg must not be t6. */
.macro CHECK reg, val
        li t6, \val
        beq \reg, t6, 9999f
        j fail
9999:
.endm

/* One ALU case: a0 = op(a1 = \a, a2 = \b) (RR), op(a1, \imm) (RI) or op(a1)
 * (R1), checked against \res.  Case \n. */
.macro RR n, op, a, b, res
TEST \n
        li a1, \a
        li a2, \b
        \op a0, a1, a2
        CHECK a0, \res
.endm
.macro RI n, op, a, imm, res
TEST \n
        li a1, \a
        \op a0, a1, \imm
        CHECK a0, \res
.endm
.macro R1 n, op, a, res
TEST \n
        li a1, \a
        \op a0, a1
        CHECK a0, \res
.endm

/* Fail unless \ra == \rb. */
.macro CHECKR ra, rb
        beq \ra, \rb, 9999f
        j fail
9999:
.endm

/* Fail if register \reg == the constant \val. */
.macro CHECK_NE reg, val
        li t6, \val
        bne \reg, t6, 9999f
        j fail
9999:
.endm

/* f register bit patterns.  CHECKD: the 64 bits; CHECKS: a NaN-boxed single. */
.macro CHECKD freg, val
        fmv.x.d t5, \freg
        CHECK t5, \val
.endm
.macro CHECKS freg, val
        fmv.x.d t5, \freg
        CHECK t5, (0xffffffff00000000 | (\val))
.endm
.macro CHECK_FFLAGS val
        csrr t5, fflags
        CHECK t5, \val
.endm
/* Load f register from 64 bits / a 32-bit single (NaN-boxed by fmv.w.x). */
.macro LID freg, val
        li t5, \val
        fmv.d.x \freg, t5
.endm
.macro LIS freg, val
        li t5, \val
        fmv.w.x \freg, t5
.endm

/* Make the M (trap_m) / S (trap_s) handler clear these mip / sip bits
 * before resuming, so that a software-pending interrupt does not fire again. */
.macro SET_CLRIP info, bits
        la t6, \info
        li t5, \bits
        sd t5, TI_CLRIP(t6)
.endm

/* Announce a trap into M-mode: resume at \resume in privilege \mode. */
.macro EXPECT_M resume, mode=PRV_M
        la t6, trapinfo
        la t5, \resume
        sd t5, TI_RESUME(t6)
        li t5, \mode
        sd t5, TI_MODE(t6)
        sd zero, TI_XEPC(t6)
.endm
/* Announce a trap into the S handler (delegated): resume at \resume. */
.macro EXPECT_S resume, mode=PRV_S
        la t6, strapinfo
        la t5, \resume
        sd t5, TI_RESUME(t6)
        li t5, \mode
        sd t5, TI_MODE(t6)
        sd zero, TI_XEPC(t6)
.endm

/* Execute one instruction that must trap into M-mode; continue after it in
 * privilege \mode (the mode the instruction runs in).  TI_XEPC records the
 * instruction's address for CHECK_MEPC_X. */
.macro TRAP_M_IN mode, insn:vararg
        la t6, trapinfo
        la t5, 9998f
        sd t5, TI_RESUME(t6)
        li t5, \mode
        sd t5, TI_MODE(t6)
        la t5, 9997f
        sd t5, TI_XEPC(t6)
9997:   \insn
        j fail
9998:
.endm
.macro TRAP_M insn:vararg
        TRAP_M_IN PRV_M, \insn
.endm
/* Same for a trap delegated to S-mode (resume in S, or \mode). */
.macro TRAP_S_IN mode, insn:vararg
        la t6, strapinfo
        la t5, 9998f
        sd t5, TI_RESUME(t6)
        li t5, \mode
        sd t5, TI_MODE(t6)
        la t5, 9997f
        sd t5, TI_XEPC(t6)
9997:   \insn
        j fail
9998:
.endm
.macro TRAP_S insn:vararg
        TRAP_S_IN PRV_S, \insn
.endm

/* Checks on the last trap recorded by trap_m (M) / trap_s (S). */
.macro CHECK_TI info, field, val
        la t5, \info
        ld t5, \field(t5)
        CHECK t5, \val
.endm
.macro CHECK_MCAUSE val
        CHECK_TI trapinfo, TI_CAUSE, \val
.endm
.macro CHECK_MTVAL val
        CHECK_TI trapinfo, TI_TVAL, \val
.endm
.macro CHECK_SCAUSE val
        CHECK_TI strapinfo, TI_CAUSE, \val
.endm
.macro CHECK_STVAL val
        CHECK_TI strapinfo, TI_TVAL, \val
.endm
/* epc == address of a label */
.macro CHECK_TI_LABEL info, field, label
        la t5, \info
        ld t5, \field(t5)
        la t6, \label
        beq t5, t6, 9999f
        j fail
9999:
.endm
.macro CHECK_MEPC label
        CHECK_TI_LABEL trapinfo, TI_EPC, \label
.endm
.macro CHECK_MTVAL_LABEL label
        CHECK_TI_LABEL trapinfo, TI_TVAL, \label
.endm
.macro CHECK_SEPC label
        CHECK_TI_LABEL strapinfo, TI_EPC, \label
.endm
.macro CHECK_STVAL_LABEL label
        CHECK_TI_LABEL strapinfo, TI_TVAL, \label
.endm
/* epc == the instruction of the last TRAP_M / TRAP_S */
.macro CHECK_EPC_X info
        la t6, \info
        ld t5, TI_EPC(t6)
        ld t6, TI_XEPC(t6)
        beq t5, t6, 9999f
        j fail
9999:
.endm
.macro CHECK_MEPC_X
        CHECK_EPC_X trapinfo
.endm
.macro CHECK_SEPC_X
        CHECK_EPC_X strapinfo
.endm
/* Full check of the last M trap taken by TRAP_M: cause, epc, tval. */
.macro CHECK_MTRAP cause, tval
        CHECK_MCAUSE \cause
        CHECK_MEPC_X
        CHECK_MTVAL \tval
.endm
.macro CHECK_STRAP cause, tval
        CHECK_SCAUSE \cause
        CHECK_SEPC_X
        CHECK_STVAL \tval
.endm
/* The recorded tval must be the bits of the trapping instruction (16 or 32
 * bits, read back from memory at the recorded epc). Preserves a0/a1. */
.macro CHECK_TVAL_INSN info
        addi sp, sp, -16
        sd a0, 0(sp)
        sd a1, 8(sp)
        la t6, \info
        ld t5, TI_EPC(t6)
        lhu a0, 0(t5)
        andi a1, a0, 3
        li t6, 3
        bne a1, t6, 9996f
        lhu a1, 2(t5)
        slli a1, a1, 16
        or a0, a0, a1
9996:   la t6, \info
        ld t5, TI_TVAL(t6)
        beq t5, a0, 9999f
        j fail
9999:   ld a0, 0(sp)
        ld a1, 8(sp)
        addi sp, sp, 16
.endm
.macro CHECK_MTVAL_INSN
        CHECK_TVAL_INSN trapinfo
.endm
.macro CHECK_STVAL_INSN
        CHECK_TVAL_INSN strapinfo
.endm
/* Illegal-instruction trap of the last TRAP_M / TRAP_S, tval = the bits. */
.macro CHECK_MILLEGAL
        CHECK_MCAUSE CAUSE_ILLEGAL
        CHECK_MEPC_X
        CHECK_MTVAL_INSN
.endm
.macro CHECK_SILLEGAL
        CHECK_SCAUSE CAUSE_ILLEGAL
        CHECK_SEPC_X
        CHECK_STVAL_INSN
.endm

/* Load a recorded field into a register (not t6). */
.macro LOAD_TI reg, info, field
        la \reg, \info
        ld \reg, \field(\reg)
.endm

/* Leave M-mode: mret into \mode at \label (clobbers t6).  MPIE is cleared
 * first, so mstatus.MIE is 0 afterwards (and M is entered again with MIE = 0
 * when a trap handler resumes in M). */
.macro MRET_TO mode, label
        li t6, MSTATUS_MPP | MSTATUS_MPIE
        csrc mstatus, t6
        li t6, (\mode << 11)
        csrs mstatus, t6
        la t6, \label
        csrw mepc, t6
        mret
.endm
/* Leave S-mode: sret into \mode (U or S) at \label. */
.macro SRET_TO mode, label
        li t6, MSTATUS_SPP
        .if \mode == PRV_S
        csrs sstatus, t6
        .else
        csrc sstatus, t6
        .endif
        la t6, \label
        csrw sepc, t6
        sret
.endm
/* Go back to M-mode from any mode: ecall, resume at the next instruction. */
.macro BACK_TO_M
        la t6, trapinfo
        la t5, 9998f
        sd t5, TI_RESUME(t6)
        li t5, PRV_M
        sd t5, TI_MODE(t6)
        ecall
        j fail
9998:
.endm

/* Store a page-table entry: table[idx] = PTE(address of \target, \flags). */
.macro SET_PTE table, idx, target, flags
        la t5, \target
        srli t5, t5, 12
        slli t5, t5, 10
        ori t5, t5, \flags
        la t6, \table + (\idx * 8)
        sd t5, 0(t6)
.endm
/* table[idx] = PTE(physical address \pa, \flags) for a constant address. */
.macro SET_PTE_PA table, idx, pa, flags
        li t5, (((\pa) >> 12) << 10) | (\flags)
        la t6, \table + (\idx * 8)
        sd t5, 0(t6)
.endm

#endif /* __ASSEMBLER__ */
#endif
