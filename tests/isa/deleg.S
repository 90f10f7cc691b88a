/*
 * Trap delegation with medeleg / mideleg:
 *  - delegated exceptions from U and S go to stvec with scause / sepc /
 *    stval set and SPP / SPIE / SIE updated; M's trap state is untouched
 *  - exceptions in M are never delegated; non-delegated ones still go to M
 *  - stvec vectored mode: exceptions use the base, interrupt i uses base+4i
 *  - a delegated interrupt is never taken in M, is taken in S only with
 *    sstatus.SIE, and always from U (given sie); sepc = next instruction
 *  - a non-delegated interrupt pending while in S traps to M even with
 *    mstatus.MIE = 0
 */
#include "test.h"

#define UNMAPPED 0x1000000000

.macro SSTATUS_FIELD reg, shift, mask
        LOAD_TI \reg, strapinfo, TI_STATUS
        srli \reg, \reg, \shift
        andi \reg, \reg, \mask
.endm
/* from U: ecall (delegated) to S, then ecall (not delegated) to M */
.macro U_BACK_TO_M
        TRAP_S_IN PRV_S, ecall
        BACK_TO_M
.endm

TEST_BEGIN
        li a0, (1 << CAUSE_ECALL_U) | (1 << CAUSE_ILLEGAL) | (1 << CAUSE_BREAKPOINT)
        csrw medeleg, a0

        /* ---- exceptions */
TEST 1
        LOAD_TI s0, trapinfo, TI_COUNT
        MRET_TO PRV_U, 1f
1:      TRAP_S_IN PRV_S, ecall
        CHECK_STRAP CAUSE_ECALL_U, 0
        SSTATUS_FIELD a0, 8, 1          /* SPP = U */
        CHECK a0, 0
        /* M-mode saw nothing */
        LOAD_TI a0, trapinfo, TI_COUNT
        CHECKR a0, s0
TEST 2
        /* ecall from S is not delegated here */
        BACK_TO_M
        CHECK_MCAUSE CAUSE_ECALL_S
TEST 3
        /* SPIE records SIE, SIE is cleared, SPP = S; sret restores SIE */
        MRET_TO PRV_S, 1f
1:      csrsi sstatus, MSTATUS_SIE
        TRAP_S .word 0xfe000033
        CHECK_STRAP CAUSE_ILLEGAL, 0xfe000033
        SSTATUS_FIELD a0, 8, 1
        CHECK a0, 1
        SSTATUS_FIELD a0, 5, 1
        CHECK a0, 1
        SSTATUS_FIELD a0, 1, 1
        CHECK a0, 0
        csrr a0, sstatus
        andi a0, a0, MSTATUS_SIE
        CHECK a0, MSTATUS_SIE
        csrci sstatus, MSTATUS_SIE
TEST 4
        TRAP_S .word 0xfe000033
        SSTATUS_FIELD a0, 5, 1
        CHECK a0, 0
TEST 5
        TRAP_S csrr a0, mstatus
        CHECK_SILLEGAL
TEST 6
        TRAP_S ebreak
        CHECK_SCAUSE CAUSE_BREAKPOINT
        CHECK_SEPC_X
TEST 7
        TRAP_S c.ebreak
        CHECK_SCAUSE CAUSE_BREAKPOINT
        CHECK_SEPC_X
TEST 8
        /* the M trap CSRs were not written by delegated traps */
        li a0, 0x1234
        BACK_TO_M
        csrr a0, mcause
        CHECK a0, CAUSE_ECALL_S
TEST 9
        /* illegal and ebreak from U, resuming in U */
        MRET_TO PRV_U, 1f
1:      TRAP_S_IN PRV_U, .word 0x0000200b
        CHECK_STRAP CAUSE_ILLEGAL, 0x0000200b
        TRAP_S_IN PRV_U, csrr a0, sscratch
        CHECK_SILLEGAL
        SSTATUS_FIELD a0, 8, 1
        CHECK a0, 0
        TRAP_S_IN PRV_U, ebreak
        CHECK_SCAUSE CAUSE_BREAKPOINT
TEST 10
        /* a non-delegated exception from U goes to M */
        li a1, UNMAPPED
        TRAP_M_IN PRV_U, ld a0, 0(a1)
        CHECK_MTRAP CAUSE_LOAD_ACCESS, UNMAPPED
        U_BACK_TO_M
TEST 11
        /* M-mode exceptions are never delegated */
        LOAD_TI s0, strapinfo, TI_COUNT
        TRAP_M .word 0xfe000033
        CHECK_MTRAP CAUSE_ILLEGAL, 0xfe000033
        TRAP_M ebreak
        CHECK_MCAUSE CAUSE_BREAKPOINT
        LOAD_TI a0, strapinfo, TI_COUNT
        CHECKR a0, s0
TEST 12
        /* delegating ecall from S to S */
        li a0, 1 << CAUSE_ECALL_S
        csrs medeleg, a0
        MRET_TO PRV_S, 1f
1:      TRAP_S ecall
        CHECK_STRAP CAUSE_ECALL_S, 0
        li a1, UNMAPPED                 /* back to M through a fault */
        EXPECT_M 2f
        ld a0, 0(a1)
        j fail
2:      li a0, 1 << CAUSE_ECALL_S
        csrc medeleg, a0
TEST 13
        /* stvec vectored: exceptions still use the base */
        la a0, trap_s
        ori a0, a0, 1
        csrw stvec, a0
        MRET_TO PRV_S, 1f
1:      TRAP_S .word 0xfe000033
        CHECK_SCAUSE CAUSE_ILLEGAL
        BACK_TO_M
        la a0, trap_s
        csrw stvec, a0

        /* ---- interrupts */
TEST 14
        /* delegated SSI pending and enabled in sie: never taken in M */
        li a0, MIP_SSIP
        csrw mideleg, a0
        csrw mie, a0
        csrs mip, a0
        csrsi mstatus, MSTATUS_MIE
        nop
        nop
        csrci mstatus, MSTATUS_MIE
        csrr a1, mip
        andi a1, a1, MIP_SSIP
        CHECK a1, MIP_SSIP
TEST 15
        /* in S with SIE = 0: not taken; setting SIE takes it at once */
        SET_CLRIP strapinfo, MIP_SSIP
        li a0, MSTATUS_SPIE
        csrc mstatus, a0
        csrci mstatus, MSTATUS_SIE
        MRET_TO PRV_S, 1f
1:      nop
        nop
        csrr a1, sip
        CHECK a1, MIP_SSIP
        EXPECT_S 2f
        csrsi sstatus, MSTATUS_SIE
3:      j fail
2:      CHECK_SCAUSE CAUSE_INTR | IRQ_S_SOFT
        CHECK_SEPC 3b
        CHECK_STVAL 0
        SSTATUS_FIELD a0, 8, 1
        CHECK a0, 1
        SSTATUS_FIELD a0, 5, 1          /* SPIE = the SIE we just set */
        CHECK a0, 1
        csrr a1, sip
        CHECK a1, 0
TEST 16
        /* a write to sip.SSIP from S with SIE = 1 traps at once */
        EXPECT_S 2f
        csrsi sip, MIP_SSIP
3:      j fail
2:      CHECK_SCAUSE CAUSE_INTR | IRQ_S_SOFT
        CHECK_SEPC 3b
        csrci sstatus, MSTATUS_SIE
TEST 17
        /* from U the delegated interrupt is taken even with SIE = 0 */
        csrsi sip, MIP_SSIP
        EXPECT_S 2f
        SRET_TO PRV_U, 3f
3:      j fail
2:      CHECK_SCAUSE CAUSE_INTR | IRQ_S_SOFT
        CHECK_SEPC 3b
        SSTATUS_FIELD a0, 8, 1          /* SPP = U */
        CHECK a0, 0
TEST 18
        /* ... but not when sie.SSIE = 0 */
        SET_CLRIP strapinfo, 0
        csrw sie, zero
        csrsi sip, MIP_SSIP
        SRET_TO PRV_U, 1f
1:      nop
        nop
        U_BACK_TO_M
        csrr a0, mip
        andi a0, a0, MIP_SSIP
        CHECK a0, MIP_SSIP
        csrci mip, MIP_SSIP
TEST 19
        /* stvec vectored: interrupt 1 -> base + 4 */
        SET_CLRIP strapinfo, MIP_SSIP
        li a0, MIP_SSIP
        csrw mie, a0
        la a0, svec
        ori a0, a0, 1
        csrw stvec, a0
        la a0, vecnum
        sd zero, 0(a0)
        csrci mstatus, MSTATUS_SIE
        MRET_TO PRV_S, 1f
1:      EXPECT_S 2f
        csrsi sip, MIP_SSIP
        csrsi sstatus, MSTATUS_SIE
3:      j fail
2:      csrci sstatus, MSTATUS_SIE
        CHECK_SCAUSE CAUSE_INTR | IRQ_S_SOFT
        CHECK_SEPC 3b
        la a0, vecnum
        ld a0, 0(a0)
        CHECK a0, 1
        BACK_TO_M
        la a0, trap_s
        csrw stvec, a0
TEST 20
        /* not delegated: SSI pending in S traps to M although MIE = 0 */
        csrw mideleg, zero
        SET_CLRIP trapinfo, MIP_SSIP
        csrci mstatus, MSTATUS_MIE
        li a0, MIP_SSIP
        csrw mie, a0
        csrs mip, a0
        EXPECT_M 2f, PRV_M
        MRET_TO PRV_S, 3f
3:      j fail
2:      CHECK_MCAUSE CAUSE_INTR | IRQ_S_SOFT
        CHECK_MEPC 3b
        CHECK_MTVAL 0
        LOAD_TI a0, trapinfo, TI_STATUS
        srli a0, a0, 11
        andi a0, a0, 3
        CHECK a0, PRV_S
        csrr a0, mip
        andi a0, a0, MIP_SSIP
        CHECK a0, 0
TEST 21
        /* the S handler was not involved in test 20 */
        csrr a0, scause
        CHECK a0, CAUSE_INTR | IRQ_S_SOFT   /* still the one of test 19 */
        csrw mie, zero
        SET_CLRIP trapinfo, 0
        SET_CLRIP strapinfo, 0
TEST_END

        /* stvec vector table: entry 1 notes the vector, then trap_s */
        .text
        .balign 256
        .option push
        .option norvc                   /* 4-byte entries */
svec:   j trap_s
        j svec1
        j fail
        j fail
        j fail
        j fail
        j fail
        j fail
        j fail
        j fail
        .option pop
svec1:  la t6, vecnum
        li t5, 1
        sd t5, 0(t6)
        j trap_s

        .data
        .balign 8
vecnum: .dword 0
