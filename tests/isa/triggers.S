/*
 * Sdtrig triggers as M-mode software uses them: tselect / tdata1-3 / tinfo
 * WARL rules, mcontrol6 (type 6) and mcontrol (type 2) address triggers on
 * execute, load and store, in M / S / U, match equal / napot / >= / <, and
 * what a trigger must leave alone (the instruction does not execute, the
 * load does not write its register, the store does not write memory).
 *
 * QEMU 7.2 (-M spike) implements type 2 and 6 triggers with match = equal
 * only, and watches tdata2 .. tdata2+7 for a size-any load/store trigger;
 * it does not implement the mstatus.MIE rule for M-mode triggers, keeps an
 * unsupported type written to tdata1 unchanged, and reports tval 0 for
 * every trigger (rewind: the matching address, see trigger.c).  The cases that depend on those skip their strict part
 * on QEMU, detected by a nonzero marchid (QEMU reports its version there,
 * rewind 0).  See tests/isa/README.md.
 */
#include "test.h"

#define CSR_TSELECT 0x7a0
#define CSR_TDATA1  0x7a1
#define CSR_TDATA2  0x7a2
#define CSR_TDATA3  0x7a3
#define CSR_TINFO   0x7a4

#define T_LOAD  (1 << 0)
#define T_STORE (1 << 1)
#define T_EXEC  (1 << 2)
#define T_U     (1 << 3)
#define T_S     (1 << 4)
#define T_M     (1 << 6)
#define T_MATCH(n) ((n) << 7)
#define T_TYPE6 (6 << 60)
#define T_TYPE2 (2 << 60)
#define T_TYPE15 (15 << 60)
#define T_DMODE (1 << 59)

#define PAT 0x0123456789abcdef

/* Skip to \label on QEMU (marchid != 0, saved in on_qemu: any mode). */
.macro ON_QEMU label
        la t5, on_qemu
        ld t5, 0(t5)
        bnez t5, \label
.endm

/* Arm the selected trigger: tdata2 first, then tdata1. */
.macro ARM addr_reg, ctl
        csrw CSR_TDATA2, \addr_reg
        li t5, \ctl
        csrw CSR_TDATA1, t5
.endm
/* Disarm it portably (type 6, no mode bits: QEMU ignores type 0 / 15). */
.macro DISARM
        li t5, T_TYPE6
        csrw CSR_TDATA1, t5
.endm

/* The last TRAP_M was a breakpoint at it, with tval = \label + \off
 * (QEMU 7.2: tval 0). */
.macro CHECK_BP label, off=0
        CHECK_MCAUSE CAUSE_BREAKPOINT
        CHECK_MEPC_X
        la t5, on_qemu
        ld t5, 0(t5)
        bnez t5, 9999f
        la t5, trapinfo
        ld t5, TI_TVAL(t5)
        la t6, \label + \off
        beq t5, t6, 9999f
        j fail
9999:
.endm

/* TRAP_M with mstatus.MIE = 1 around just the instruction, so that the
 * macro's own stores to trapinfo cannot match a wide trigger. */
.macro TRAP_MIE insn:vararg
        la t6, trapinfo
        la t5, 9998f
        sd t5, TI_RESUME(t6)
        li t5, PRV_M
        sd t5, TI_MODE(t6)
        la t5, 9997f
        sd t5, TI_XEPC(t6)
        csrsi mstatus, MSTATUS_MIE
9997:   \insn
        j fail
9998:   csrci mstatus, MSTATUS_MIE
.endm

TEST_BEGIN
        csrr a0, marchid
        snez a0, a0
        la a1, on_qemu
        sd a0, 0(a1)
        csrw CSR_TSELECT, zero
TEST 1
        /* tinfo lists types 2 and 6 (rewind also 15 and version 1) */
        csrr a0, CSR_TINFO
        andi a1, a0, 0x44
        CHECK a1, 0x44
        ON_QEMU 1f
        CHECK a0, (1 << 24) | 0x8044
1:
TEST 2
        /* tselect: 0 and 1 exist, 2 is out of range and keeps the old index */
        csrwi CSR_TSELECT, 1
        csrr a0, CSR_TSELECT
        CHECK a0, 1
        csrwi CSR_TSELECT, 2
        csrr a0, CSR_TSELECT
        CHECK a0, 1
        csrwi CSR_TSELECT, 0
        csrr a0, CSR_TSELECT
        CHECK a0, 0
TEST 3
        /* reset: an mcontrol with nothing enabled */
        csrr a0, CSR_TDATA1
        srli a1, a0, 60
        CHECK a1, 2
        andi a1, a0, 0x7f
        CHECK a1, 0
TEST 4
        /* tdata2 holds any value; each trigger has its own */
        li a0, PAT
        csrw CSR_TDATA2, a0
        csrwi CSR_TSELECT, 1
        csrw CSR_TDATA2, zero
        csrwi CSR_TSELECT, 0
        csrr a1, CSR_TDATA2
        CHECK a1, PAT
        csrw CSR_TDATA2, zero
TEST 5
        /* mcontrol6 WARL: dmode, action 1, chain, select, size are not
         * supported and read 0; type, mode and kind bits stay */
        li a0, T_TYPE6 | T_DMODE | (1 << 21) | (5 << 16) | (1 << 12) | (1 << 11) | T_M | T_S | T_U
        csrw CSR_TDATA1, a0
        csrr a0, CSR_TDATA1
        li a1, (0xf << 60) | T_DMODE | (1 << 21) | (1 << 12) | (1 << 11) | T_M | T_S | T_U | 7
        and a0, a0, a1
        CHECK a0, T_TYPE6 | T_M | T_S | T_U
        ON_QEMU 1f
        csrr a0, CSR_TDATA1
        CHECK a0, T_TYPE6 | T_M | T_S | T_U
1:      DISARM
TEST 6
        /* match 4 (mask low) is not supported: reads as 0 (equal) */
        li a0, T_TYPE6 | T_MATCH(4) | T_S
        csrw CSR_TDATA1, a0
        csrr a0, CSR_TDATA1
        srli a0, a0, 7
        andi a0, a0, 0xf
        CHECK a0, 0
        ON_QEMU 1f
        /* equal, napot, >=, < are supported (QEMU: equal only) */
        li a0, T_TYPE6 | T_MATCH(1)
        csrw CSR_TDATA1, a0
        csrr a0, CSR_TDATA1
        CHECK a0, T_TYPE6 | T_MATCH(1)
        li a0, T_TYPE6 | T_MATCH(2)
        csrw CSR_TDATA1, a0
        csrr a0, CSR_TDATA1
        CHECK a0, T_TYPE6 | T_MATCH(2)
        li a0, T_TYPE6 | T_MATCH(3)
        csrw CSR_TDATA1, a0
        csrr a0, CSR_TDATA1
        CHECK a0, T_TYPE6 | T_MATCH(3)
1:      DISARM
TEST 7
        /* an unsupported type (5, etrigger) is never what reads back;
         * rewind makes the trigger disabled (15), as the spec says */
        li a0, (5 << 60) | T_M | 7
        csrw CSR_TDATA1, a0
        csrr a0, CSR_TDATA1
        srli a1, a0, 60
        CHECK_NE a1, 5
        ON_QEMU 1f
        CHECK a0, T_TYPE15
        /* 15 itself, and 0 ("no trigger") written: disabled */
        li a0, T_TYPE15 | T_M | 7
        csrw CSR_TDATA1, a0
        csrr a0, CSR_TDATA1
        CHECK a0, T_TYPE15
        csrw CSR_TDATA1, zero
        csrr a0, CSR_TDATA1
        CHECK a0, T_TYPE15
        /* tdata3: no context matching, reads 0 */
        li a0, -1
        csrw CSR_TDATA3, a0
        csrr a0, CSR_TDATA3
        CHECK a0, 0
        /* tinfo is read-only */
        csrw CSR_TINFO, zero
        csrr a0, CSR_TINFO
        CHECK a0, (1 << 24) | 0x8044
1:      DISARM
TEST 8
        /* tcontrol is not implemented (rewind, QEMU 7.2): MIE rule instead;
         * the debug-mode CSRs (dcsr) are not accessible outside Debug Mode */
        TRAP_M csrr a0, 0x7a5
        CHECK_MILLEGAL
        TRAP_M csrr a0, 0x7b0
        CHECK_MILLEGAL

        /* ---- execute triggers */
TEST 9
        /* M-mode, MIE = 1: fires before the instruction; it does not run */
        la a0, 2f
        ARM a0, T_TYPE6 | T_M | T_EXEC
        csrsi mstatus, MSTATUS_MIE
        li a1, 5
        EXPECT_M 3f
        addi a1, a1, 1                  /* the straight-line fast path */
        addi a1, a1, 1
2:      li a1, 99
        j fail
3:      csrci mstatus, MSTATUS_MIE
        DISARM
        CHECK a1, 7
        CHECK_MCAUSE CAUSE_BREAKPOINT
        CHECK_MEPC 2b
        ON_QEMU 1f
        CHECK_MTVAL_LABEL 2b
1:
TEST 10
        /* a compressed instruction as the target; and type 2 (mcontrol) */
        la a0, 2f
        ARM a0, T_TYPE2 | T_M | T_EXEC
        csrsi mstatus, MSTATUS_MIE
        li a1, 5
        EXPECT_M 3f
        .option push
        .option rvc
        c.addi a1, 1
2:      c.addi a1, 1
        .option pop
        j fail
3:      csrci mstatus, MSTATUS_MIE
        DISARM
        CHECK a1, 6
        CHECK_MCAUSE CAUSE_BREAKPOINT
        CHECK_MEPC 2b
TEST 11
        /* other addresses do not fire; a trigger for U or S only does not
         * fire in M */
        la a0, 2f
        ARM a0, T_TYPE6 | T_U | T_S | T_EXEC
        csrsi mstatus, MSTATUS_MIE
        li a1, 5
2:      addi a1, a1, 1
        csrci mstatus, MSTATUS_MIE
        DISARM
        CHECK a1, 6
        la a0, 2f + 4
        ARM a0, T_TYPE6 | T_M | T_EXEC
        csrsi mstatus, MSTATUS_MIE
2:      addi a1, a1, 1                  /* the trigger is on the next one */
        csrci mstatus, MSTATUS_MIE      /* ... which is this */
        DISARM
        CHECK a1, 7
TEST 12
        /* M-mode with mstatus.MIE = 0: no match (re-entrancy rule);
         * QEMU 7.2 fires */
        ON_QEMU 1f
        la a0, 2f
        ARM a0, T_TYPE6 | T_M | T_EXEC
        li a1, 5
2:      addi a1, a1, 1
        DISARM
        CHECK a1, 6
1:
TEST 13
        /* U-mode execute trigger: fires in U, into M, epc in U code */
        la a0, 3f
        ARM a0, T_TYPE6 | T_U | T_EXEC
        li a1, 0
        EXPECT_M 4f
        MRET_TO PRV_U, 2f
2:      li a1, 1
3:      li a1, 2
        j fail
4:      DISARM
        CHECK a1, 1
        CHECK_MCAUSE CAUSE_BREAKPOINT
        CHECK_MEPC 3b
        LOAD_TI a0, trapinfo, TI_STATUS
        srli a0, a0, 11
        andi a0, a0, 3
        CHECK a0, PRV_U
        ON_QEMU 1f
        CHECK_MTVAL_LABEL 3b
1:
TEST 14
        /* S-mode, delegated: the S handler gets it */
        li a0, 1 << CAUSE_BREAKPOINT
        csrw medeleg, a0
        la a0, 3f
        ARM a0, T_TYPE6 | T_S | T_EXEC
        EXPECT_S 4f
        MRET_TO PRV_S, 2f
2:      li a1, 1
3:      li a1, 2
        j fail
4:      BACK_TO_M
        csrw medeleg, zero
        DISARM
        CHECK a1, 1
        CHECK_SCAUSE CAUSE_BREAKPOINT
        CHECK_SEPC 3b
        ON_QEMU 1f
        CHECK_STVAL_LABEL 3b
1:

        /* ---- load and store triggers (M-mode, MIE = 1) */
TEST 15
        /* load: fires before the access, the register keeps its value */
        la a0, data
        ARM a0, T_TYPE6 | T_M | T_LOAD
        csrsi mstatus, MSTATUS_MIE
        li a1, 0x55
        TRAP_M ld a1, 0(a0)
        csrci mstatus, MSTATUS_MIE
        CHECK a1, 0x55
        la a0, data
        CHECK_BP data
        /* a store to the address does not fire a load trigger, nor does a
         * load elsewhere, also on the same page */
        csrsi mstatus, MSTATUS_MIE
        la a0, data
        li a2, PAT
        sd a2, 0(a0)
        ld a3, 16(a0)
        ld a3, 512(a0)
        csrci mstatus, MSTATUS_MIE
        DISARM
        ld a3, 0(a0)
        CHECK a3, PAT
TEST 16
        /* store: fires before the access, memory unchanged */
        la a0, data
        li a2, PAT
        sd a2, 0(a0)
        ARM a0, T_TYPE6 | T_M | T_STORE
        csrsi mstatus, MSTATUS_MIE
        li a1, 0x77
        TRAP_M sd a1, 0(a0)
        TRAP_M sb a1, 0(a0)
        .option push
        .option rvc
        TRAP_M c.sd a1, 0(a0)
        .option pop
        csrci mstatus, MSTATUS_MIE
        CHECK_BP data
        /* a load of it does not fire a store trigger */
        csrsi mstatus, MSTATUS_MIE
        ld a3, 0(a0)
        csrci mstatus, MSTATUS_MIE
        DISARM
        CHECK a3, PAT
        ld a3, 0(a0)
        CHECK a3, PAT
TEST 17
        /* an access that covers tdata2 fires; tval = tdata2 */
        la a0, data
        addi a1, a0, 4
        ARM a1, T_TYPE6 | T_M | T_LOAD
        csrsi mstatus, MSTATUS_MIE
        TRAP_M ld a2, 0(a0)
        lw a2, 12(a0)                   /* 12..15: misses (QEMU watches 4..11) */
        csrci mstatus, MSTATUS_MIE
        DISARM
        CHECK_BP data, 4
TEST 18
        /* the trigger applies in M only while MIE = 1 (QEMU: always) */
        ON_QEMU 1f
        la a0, data
        ARM a0, T_TYPE6 | T_M | T_LOAD | T_STORE
        ld a2, 0(a0)
        sd a2, 0(a0)
        DISARM
1:
TEST 19
        /* AMOs are loads and stores; LR a load, SC a store */
        la a0, data
        li a2, PAT
        sd a2, 0(a0)
        ARM a0, T_TYPE6 | T_M | T_STORE
        csrsi mstatus, MSTATUS_MIE
        li a1, 1
        li a3, 0x33
        TRAP_M amoadd.d a3, a1, (a0)
        CHECK_BP data
        CHECK a3, 0x33
        lr.d a4, (a0)                   /* a store trigger: no match; QEMU
                                         * only checks an SC that can succeed */
        TRAP_M sc.d a3, a1, (a0)
        CHECK_BP data
        csrci mstatus, MSTATUS_MIE
        li t5, T_TYPE6 | T_M | T_LOAD
        csrw CSR_TDATA1, t5
        csrsi mstatus, MSTATUS_MIE
        TRAP_M amoswap.d a3, a1, (a0)
        CHECK_BP data
        TRAP_M lr.d a3, (a0)
        CHECK_BP data
        csrci mstatus, MSTATUS_MIE
        DISARM
        CHECK a3, 0x33
        ld a3, 0(a0)
        CHECK a3, PAT
TEST 20
        /* FP loads and stores */
        la a0, data
        ARM a0, T_TYPE6 | T_M | T_LOAD | T_STORE
        csrsi mstatus, MSTATUS_MIE
        TRAP_M fld fa0, 0(a0)
        CHECK_BP data
        TRAP_M fsw fa0, 0(a0)
        CHECK_BP data
        csrci mstatus, MSTATUS_MIE
        DISARM
TEST 21
        /* napot: tdata2 = base | 7 is the 16 bytes at base (QEMU, matching
         * equal only, happens to watch base+7 .. base+14: same results) */
        la a0, data
        ori a1, a0, 7
        ARM a1, T_TYPE6 | T_M | T_LOAD | T_MATCH(1)
        csrsi mstatus, MSTATUS_MIE
        TRAP_M ld a2, 8(a0)
        CHECK_BP data, 8
        ld a2, 16(a0)
        ld a2, -8(a0)
        csrci mstatus, MSTATUS_MIE
        DISARM
TEST 22
        /* >= and < (rewind only: QEMU 7.2 matches equal only) */
        ON_QEMU 1f
        la a0, data
        addi a1, a0, 16
        ARM a1, T_TYPE6 | T_M | T_STORE | T_MATCH(2)
        csrsi mstatus, MSTATUS_MIE
        sd zero, 8(a0)
        csrci mstatus, MSTATUS_MIE
        TRAP_MIE sd zero, 24(a0)
        CHECK_BP data, 24
        TRAP_MIE sd zero, 12(a0)        /* 12..19 covers 16: tval 16 */
        CHECK_BP data, 16
        la a0, data
        addi a1, a0, 16
        ARM a1, T_TYPE6 | T_M | T_LOAD | T_MATCH(3)
        csrsi mstatus, MSTATUS_MIE
        ld a2, 16(a0)
        csrci mstatus, MSTATUS_MIE
        TRAP_MIE ld a2, 8(a0)
        CHECK_BP data, 8
        DISARM
1:
TEST 23
        /* S and U load/store triggers, not delegated: into M, resume */
        la a0, data
        ARM a0, T_TYPE6 | T_S | T_LOAD
        MRET_TO PRV_S, 2f
2:      la a0, data
        li a1, 0x66
        TRAP_M_IN PRV_S, ld a1, 0(a0)
        CHECK a1, 0x66
        CHECK_BP data
        BACK_TO_M
        la a0, data
        ARM a0, T_TYPE6 | T_U | T_STORE
        csrsi mstatus, MSTATUS_MIE
        sd zero, 0(a0)                  /* M: no */
        csrci mstatus, MSTATUS_MIE
        li a2, PAT
        sd a2, 0(a0)
        MRET_TO PRV_S, 2f
2:      la a0, data
        sd a2, 0(a0)                    /* S: no */
        BACK_TO_M
        MRET_TO PRV_U, 2f
2:      la a0, data
        li a1, 0x99
        TRAP_M_IN PRV_U, sd a1, 0(a0)
        CHECK_BP data
        BACK_TO_M
        DISARM
        la a0, data
        ld a3, 0(a0)
        CHECK a3, PAT
TEST 24
        /* two triggers at once: the second one fires too */
        la a0, data
        ARM a0, T_TYPE6 | T_M | T_LOAD
        csrwi CSR_TSELECT, 1
        la a1, 2f
        ARM a1, T_TYPE6 | T_M | T_EXEC
        csrsi mstatus, MSTATUS_MIE
        EXPECT_M 3f
2:      nop
        j fail
3:      TRAP_M ld a2, 0(a0)
        csrci mstatus, MSTATUS_MIE
        DISARM
        csrwi CSR_TSELECT, 0
        DISARM
        CHECK_BP data
TEST 25
        /* code that already ran (decoded, chained): armed on the way round,
         * the trigger still fires on the second pass */
        DISARM
        li a1, 0
        li a2, 2
        la a0, 3f
        csrw CSR_TDATA2, a0
        csrsi mstatus, MSTATUS_MIE
        EXPECT_M 5f
1:      addi a1, a1, 1
        addi a1, a1, 1
3:      addi a1, a1, 1
        addi a2, a2, -1
        li t5, T_TYPE6 | T_M | T_EXEC
        csrw CSR_TDATA1, t5
        bnez a2, 1b
        j fail
5:      csrci mstatus, MSTATUS_MIE
        DISARM
        CHECK a1, 5
        CHECK_MCAUSE CAUSE_BREAKPOINT
        CHECK_MEPC 3b
TEST_END

        .data
on_qemu: .dword 0
        .balign 64
        .zero 64
data:   .dword 0, 0, 0, 0
        .zero 1024
