/*
 * Interrupts into M-mode through a vectored mtvec (cause i -> base + 4i):
 *  - supervisor software interrupt from a write to mip.SSIP: taken right
 *    after the CSR write (mepc = the next instruction)
 *  - machine software interrupt from the CLINT msip register (0x2000000)
 *  - machine timer interrupt from CLINT mtimecmp / mtime
 *  - mip.MSIP / mip.MTIP follow the CLINT and are read-only in mip
 *  - several pending: each taken once, in priority order MSI > MTI > SSI >
 *    STI (or QEMU 7.2's lowest-number-first order, see case 15)
 *  - mie masks; mstatus.MIE gates M-mode only; in S, M interrupts are
 *    always enabled
 *  - WFI returns when an enabled interrupt is pending, even with MIE = 0
 * The vector handlers log (vector, mcause, mepc, mstatus), clear the source
 * and mret to the interrupted instruction.  Waits are bounded loops.
 */
#include "test.h"

#define LOG_VEC    0
#define LOG_CAUSE  256
#define LOG_EPC    512
#define LOG_STATUS 768
#define WAIT_LOOPS 4000000

/* s9 = number of interrupts logged so far (reload) */
.macro LOGCOUNT reg
        la \reg, ilog
        ld \reg, 0(\reg)
.endm
/* reg = field of log entry k (1-based) */
.macro LOGGET reg, k, field
        la \reg, ilog + (\k) * 8 + \field
        ld \reg, 0(\reg)
.endm
/* wait until (mip & bit) != 0, bounded */
.macro WAIT_MIP bit
        li a5, WAIT_LOOPS
        li a6, \bit
9001:   csrr a7, mip
        and a7, a7, a6
        bnez a7, 9002f
        addi a5, a5, -1
        bnez a5, 9001b
        j fail
9002:
.endm
.macro WAIT_MIP_CLEAR bit
        li a5, WAIT_LOOPS
        li a6, \bit
9001:   csrr a7, mip
        and a7, a7, a6
        beqz a7, 9002f
        addi a5, a5, -1
        bnez a5, 9001b
        j fail
9002:
.endm
/* wait until the log holds \n entries, bounded */
.macro WAIT_LOG n
        li a5, WAIT_LOOPS
9001:   LOGCOUNT a7
        li a6, \n
        bgeu a7, a6, 9002f
        addi a5, a5, -1
        bnez a5, 9001b
        j fail
9002:
.endm
.macro RESET_LOG
        la a0, ilog
        sd zero, 0(a0)
.endm
/* mtimecmp = mtime + \delta */
.macro TIMER_IN delta
        li a0, CLINT_MTIME
        ld a1, 0(a0)
        li a2, \delta
        add a1, a1, a2
        li a0, CLINT_MTIMECMP
        sd a1, 0(a0)
.endm
.macro TIMER_OFF
        li a0, CLINT_MTIMECMP
        li a1, -1
        sd a1, 0(a0)
.endm

TEST_BEGIN
        TIMER_OFF
        li a0, CLINT_MSIP
        sw zero, 0(a0)
        li a0, 1 << 63                  /* menvcfg.STCE = 0: STIP is writable */
        csrc menvcfg, a0
        RESET_LOG

TEST 1
        la a0, ivec
        ori a0, a0, 1
        csrw mtvec, a0
        csrr a1, mtvec
        CHECKR a1, a0

        /* ---- SSIP written by M */
TEST 2
        li a0, MIP_SSIP
        csrw mie, a0
        csrsi mstatus, MSTATUS_MIE
        csrsi mip, MIP_SSIP
1:      csrci mstatus, MSTATUS_MIE
        LOGCOUNT a0
        CHECK a0, 1
        LOGGET a0, 1, LOG_VEC
        CHECK a0, 1
        LOGGET a0, 1, LOG_CAUSE
        CHECK a0, CAUSE_INTR | IRQ_S_SOFT
        LOGGET a0, 1, LOG_EPC
        la a1, 1b
        CHECKR a0, a1
        LOGGET a0, 1, LOG_STATUS        /* from M: MPP = M, MPIE = 1 */
        srli a1, a0, 11
        andi a1, a1, 3
        CHECK a1, PRV_M
        andi a1, a0, MSTATUS_MPIE | MSTATUS_MIE
        CHECK a1, MSTATUS_MPIE
TEST 3
        /* the write with MIE = 0 does not trap; enabling MIE does */
        csrsi mip, MIP_SSIP
        nop
        LOGCOUNT a0
        CHECK a0, 1
        csrsi mstatus, MSTATUS_MIE
1:      csrci mstatus, MSTATUS_MIE
        LOGCOUNT a0
        CHECK a0, 2
        LOGGET a0, 2, LOG_EPC
        la a1, 1b
        CHECKR a0, a1
TEST 4
        /* mie masks it */
        csrw mie, zero
        csrsi mip, MIP_SSIP
        csrsi mstatus, MSTATUS_MIE
        nop
        csrci mstatus, MSTATUS_MIE
        LOGCOUNT a0
        CHECK a0, 2
        csrci mip, MIP_SSIP

        /* ---- CLINT software interrupt */
TEST 5
        RESET_LOG
        li a0, MIP_MSIP
        csrw mie, a0
        li a0, CLINT_MSIP
        li a1, 1
        sw a1, 0(a0)
        WAIT_MIP MIP_MSIP
        LOGCOUNT a0
        CHECK a0, 0
TEST 6
        /* MSIP cannot be cleared through mip */
        li a0, MIP_MSIP
        csrc mip, a0
        csrr a1, mip
        and a1, a1, a0
        CHECK a1, MIP_MSIP
TEST 7
        csrsi mstatus, MSTATUS_MIE
1:      csrci mstatus, MSTATUS_MIE
        LOGCOUNT a0
        CHECK a0, 1
        LOGGET a0, 1, LOG_VEC
        CHECK a0, 3
        LOGGET a0, 1, LOG_CAUSE
        CHECK a0, CAUSE_INTR | IRQ_M_SOFT
        LOGGET a0, 1, LOG_EPC
        la a1, 1b
        CHECKR a0, a1
        csrr a1, mip                    /* the handler cleared msip */
        andi a1, a1, MIP_MSIP
        CHECK a1, 0
TEST 8
        /* with MIE = 1 already: taken some time after the MMIO write */
        csrsi mstatus, MSTATUS_MIE
        li a0, CLINT_MSIP
        li a1, 1
        sw a1, 0(a0)
        WAIT_LOG 2
        csrci mstatus, MSTATUS_MIE
        LOGGET a0, 2, LOG_CAUSE
        CHECK a0, CAUSE_INTR | IRQ_M_SOFT

        /* ---- CLINT timer */
TEST 9
        RESET_LOG
        csrw mie, zero
        li a0, CLINT_MTIMECMP
        sd zero, 0(a0)                  /* mtime >= 0: pending */
        WAIT_MIP MIP_MTIP
        li a0, MIP_MTIP
        csrc mip, a0                    /* read-only in mip */
        csrr a1, mip
        and a1, a1, a0
        CHECK a1, MIP_MTIP
        TIMER_OFF
        WAIT_MIP_CLEAR MIP_MTIP
TEST 10
        /* mtime advances */
        li a0, CLINT_MTIME
        ld a1, 0(a0)
        li a5, WAIT_LOOPS
1:      ld a2, 0(a0)
        bne a2, a1, 2f
        addi a5, a5, -1
        bnez a5, 1b
        j fail
2:      bltu a1, a2, 1f
        j fail
1:
TEST 11
        li a0, MIP_MTIP
        csrw mie, a0
        csrsi mstatus, MSTATUS_MIE
        TIMER_IN 100
        WAIT_LOG 1
        csrci mstatus, MSTATUS_MIE
        LOGGET a0, 1, LOG_VEC
        CHECK a0, 7
        LOGGET a0, 1, LOG_CAUSE
        CHECK a0, CAUSE_INTR | IRQ_M_TIMER

        /* ---- WFI */
TEST 12
        /* an interrupt already pending and enabled in mie, MIE = 0: wfi
         * returns, no trap */
        RESET_LOG
        li a0, MIP_MSIP
        csrw mie, a0
        li a0, CLINT_MSIP
        li a1, 1
        sw a1, 0(a0)
        WAIT_MIP MIP_MSIP
        wfi
        wfi
        LOGCOUNT a0
        CHECK a0, 0
        li a0, CLINT_MSIP
        sw zero, 0(a0)
        WAIT_MIP_CLEAR MIP_MSIP
TEST 13
        /* wait for a future timer with MIE = 0 */
        li a0, MIP_MTIP
        csrw mie, a0
        TIMER_IN 200
        li a5, 1000
1:      wfi
        csrr a1, mip
        andi a1, a1, MIP_MTIP
        bnez a1, 2f
        addi a5, a5, -1
        bnez a5, 1b
        j fail
2:      LOGCOUNT a0
        CHECK a0, 0
        TIMER_OFF
        WAIT_MIP_CLEAR MIP_MTIP
TEST 14
        /* with MIE = 1 the timer interrupt is taken after (or instead of
         * waiting in) wfi */
        RESET_LOG
        csrsi mstatus, MSTATUS_MIE
        TIMER_IN 200
        li a5, 1000
1:      wfi
2:      LOGCOUNT a0
        bnez a0, 3f
        addi a5, a5, -1
        bnez a5, 1b
        j fail
3:      csrci mstatus, MSTATUS_MIE
        LOGGET a0, 1, LOG_CAUSE
        CHECK a0, CAUSE_INTR | IRQ_M_TIMER
        LOGGET a0, 1, LOG_EPC           /* inside the wait loop */
        la a1, 1b
        bgeu a0, a1, 4f
        j fail
4:      la a1, 3b
        bltu a0, a1, 5f
        j fail
5:

        /* ---- priorities */
TEST 15
        RESET_LOG
        csrw mie, zero
        li a0, MIP_SSIP | MIP_STIP
        csrs mip, a0
        li a0, CLINT_MSIP
        li a1, 1
        sw a1, 0(a0)
        li a0, CLINT_MTIMECMP
        sd zero, 0(a0)
        WAIT_MIP MIP_MSIP
        WAIT_MIP MIP_MTIP
        li a0, MIP_SSIP | MIP_MSIP | MIP_MTIP | MIP_STIP
        csrw mie, a0
        csrsi mstatus, MSTATUS_MIE
        WAIT_LOG 4
        csrci mstatus, MSTATUS_MIE
        LOGCOUNT a0
        CHECK a0, 4
        /* The privileged spec orders MSI > MTI > SSI > STI; QEMU 7.2
         * (without AIA) takes the lowest-numbered pending interrupt first:
         * SSI, MSI, STI, MTI.  Accept exactly one of the two orders. */
        LOGGET a0, 1, LOG_VEC
        li a1, 1
        beq a0, a1, 1f
        CHECK a0, 3
        LOGGET a0, 2, LOG_VEC
        CHECK a0, 7
        LOGGET a0, 3, LOG_VEC
        CHECK a0, 1
        LOGGET a0, 4, LOG_VEC
        CHECK a0, 5
        j 2f
1:      LOGGET a0, 2, LOG_VEC
        CHECK a0, 3
        LOGGET a0, 3, LOG_VEC
        CHECK a0, 5
        LOGGET a0, 4, LOG_VEC
        CHECK a0, 7
2:

        /* ---- M interrupts while in S / U ignore mstatus.MIE */
TEST 16
        RESET_LOG
        li a0, MIP_MSIP
        csrw mie, a0
        csrci mstatus, MSTATUS_MIE
        MRET_TO PRV_S, 1f
1:      li a0, CLINT_MSIP
        li a1, 1
        sw a1, 0(a0)
        WAIT_LOG 1
        BACK_TO_M
        LOGGET a0, 1, LOG_CAUSE
        CHECK a0, CAUSE_INTR | IRQ_M_SOFT
        LOGGET a0, 1, LOG_STATUS
        srli a0, a0, 11
        andi a0, a0, 3
        CHECK a0, PRV_S
TEST 17
        /* same from U with a CSR-triggered SSI (not delegated) */
        RESET_LOG
        li a0, MIP_SSIP
        csrw mie, a0
        csrsi mip, MIP_SSIP
        MRET_TO PRV_U, 1f
1:      nop
        LOGCOUNT a0
        CHECK a0, 1
        BACK_TO_M
        LOGGET a0, 1, LOG_EPC
        la a1, 1b                       /* taken before the first U insn */
        CHECKR a0, a1
        LOGGET a0, 1, LOG_STATUS
        srli a0, a0, 11
        andi a0, a0, 3
        CHECK a0, PRV_U
        csrw mie, zero
        la a0, trap_m
        csrw mtvec, a0
TEST_END

/* ---- vector table and handlers */
        .text
        .balign 256
        .option push
        .option norvc
ivec:   j trap_m                        /* 0: exceptions */
        j iv_ssi                        /* 1 */
        j fail
        j iv_msi                        /* 3 */
        j fail
        j iv_sti                        /* 5 */
        j fail
        j iv_mti                        /* 7 */
        j fail
        j fail
        j fail
        j fail
        .option pop

/* log entry: vector \v, mcause, mepc, mstatus (clobbers t5, t6) */
.macro ILOG v
        la t6, ilog
        ld t5, 0(t6)
        addi t5, t5, 1
        sd t5, 0(t6)
        slli t5, t5, 3
        add t6, t6, t5
        li t5, \v
        sd t5, LOG_VEC(t6)
        csrr t5, mcause
        sd t5, LOG_CAUSE(t6)
        csrr t5, mepc
        sd t5, LOG_EPC(t6)
        csrr t5, mstatus
        sd t5, LOG_STATUS(t6)
.endm
iv_ssi: ILOG 1
        csrci mip, MIP_SSIP
        mret
iv_sti: ILOG 5
        li t6, MIP_STIP
        csrc mip, t6
        mret
iv_msi: ILOG 3
        li t6, CLINT_MSIP
        sw zero, 0(t6)
1:      csrr t6, mip                    /* the next mret re-checks */
        andi t6, t6, MIP_MSIP
        bnez t6, 1b
        mret
iv_mti: ILOG 7
        li t6, CLINT_MTIMECMP
        li t5, -1
        sd t5, 0(t6)
1:      csrr t6, mip
        andi t6, t6, MIP_MTIP
        bnez t6, 1b
        mret

        .bss
        .balign 8
ilog:   .zero 1024
