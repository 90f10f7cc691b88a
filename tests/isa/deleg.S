/*
 * Trap delegation with medeleg / mideleg: delegated exceptions from U and S
 * go to stvec with scause / sepc / stval and SPP / SPIE / SIE updated, M's
 * trap CSRs untouched; traps in M are never delegated; delegated interrupts
 * are taken in S (or from U regardless of SIE) and never in M; a
 * non-delegated interrupt pending in S traps to M even with MIE = 0.
 */
#include "test.h"

.macro SSTATUS_FIELD reg, shift, mask
        LOAD_TI \reg, strapinfo, TI_STATUS
        srli \reg, \reg, \shift
        andi \reg, \reg, \mask
.endm

TEST_BEGIN
        li a0, (1 << CAUSE_ECALL_U) | (1 << CAUSE_ECALL_S) | (1 << CAUSE_ILLEGAL) | (1 << CAUSE_BREAKPOINT)
        csrw medeleg, a0

TEST 1
        /* U ecall -> S handler */
        LOAD_TI s0, trapinfo, TI_COUNT
        MRET_TO PRV_U, 1f
1:      TRAP_S_IN PRV_S, ecall
        CHECK_STRAP CAUSE_ECALL_U, 0
        SSTATUS_FIELD a0, 8, 1          /* SPP = U */
        CHECK a0, 0
TEST 2
        /* M-mode saw nothing */
        LOAD_TI a0, trapinfo, TI_COUNT
        CHECKR a0, s0
        BACK_TO_M
TEST 3
        /* SPIE records SIE; SIE cleared */
        MRET_TO PRV_S, 1f
1:      csrsi sstatus, MSTATUS_SIE
        TRAP_S ecall
        CHECK_STRAP CAUSE_ECALL_S, 0
        SSTATUS_FIELD a0, 8, 1          /* SPP = S */
        CHECK a0, 1
        SSTATUS_FIELD a0, 5, 1          /* SPIE = 1 */
        CHECK a0, 1
        SSTATUS_FIELD a0, 1, 1          /* SIE = 0 */
        CHECK a0, 0
        csrr a0, sstatus                /* sret restored SIE from SPIE */
        andi a0, a0, MSTATUS_SIE
        CHECK a0, MSTATUS_SIE
        csrci sstatus, MSTATUS_SIE
TEST 4
        csrci sstatus, MSTATUS_SIE
        TRAP_S ecall
        SSTATUS_FIELD a0, 5, 1
        CHECK a0, 0
TEST 5
        /* illegal instruction from S: stval = the bits */
        TRAP_S .word 0xfe000033
        CHECK_STRAP CAUSE_ILLEGAL, 0xfe000033
TEST 6
        TRAP_S csrr a0, mstatus
        CHECK_SILLEGAL
TEST 7
        TRAP_S ebreak
        CHECK_SCAUSE CAUSE_BREAKPOINT
        CHECK_SEPC_X
TEST 8
        /* from U, resuming in U */
        SRET_TO PRV_U, 1f
1:      TRAP_S_IN PRV_U, .word 0x0000200b
        TRAP_S_IN PRV_U, csrr a0, sscratch
        CHECK_SILLEGAL
        SSTATUS_FIELD a0, 8, 1
        CHECK a0, 0
TEST 9
        /* an exception that is not delegated still goes to M */
        li a1, 0x1000000000
        TRAP_M_IN PRV_U, ld a0, 0(a1)
        CHECK_MCAUSE CAUSE_LOAD_ACCESS
        BACK_TO_M                       /* ecall U is delegated: it goes */
        j fail                          /* to S; see below */
TEST 10
        j fail
TEST_END
