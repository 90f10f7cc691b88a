/*
 * Synchronous exceptions into M-mode and the xRET instructions:
 *  - ecall from U / S / M: mcause 8 / 9 / 11, mepc = the ecall, mtval = 0
 *  - ebreak (and c.ebreak): mcause 3, mepc = the ebreak, mtval = 0 or pc
 *  - illegal instructions: mtval = the instruction bits (rewind and QEMU
 *    both report them), from every mode
 *  - trap entry: MPP = previous mode, MPIE = old MIE, MIE = 0
 *  - mret: MIE <- MPIE, MPIE <- 1, MPP <- U
 *  - sret: SIE <- SPIE, SPIE <- 1, SPP <- U
 *  - mret from S, sret from U, sret from S with TSR = 1, satp / sfence.vma
 *    from S with TVM = 1: illegal
 *  - access faults on unmapped physical addresses: mtval = the address
 *  - mtvec in vectored mode: exceptions still go to the base
 */
#include "test.h"

#define UNMAPPED 0x1000000000           /* 64 GiB: nothing there on spike/virt */

/* mstatus recorded at the last M trap: extract field (shift, mask) */
.macro TI_MSTATUS_FIELD reg, shift, mask
        LOAD_TI \reg, trapinfo, TI_STATUS
        srli \reg, \reg, \shift
        andi \reg, \reg, \mask
.endm

TEST_BEGIN
        /* ---- ecall */
TEST 1
        TRAP_M ecall
        CHECK_MTRAP CAUSE_ECALL_M, 0
TEST 2
        MRET_TO PRV_S, 1f
1:      TRAP_M_IN PRV_M, ecall
        CHECK_MTRAP CAUSE_ECALL_S, 0
        TI_MSTATUS_FIELD a0, 11, 3
        CHECK a0, PRV_S
TEST 3
        MRET_TO PRV_U, 1f
1:      TRAP_M_IN PRV_M, ecall
        CHECK_MTRAP CAUSE_ECALL_U, 0
        TI_MSTATUS_FIELD a0, 11, 3
        CHECK a0, PRV_U
TEST 4
        /* MPIE records MIE at the trap, MIE is cleared */
        csrsi mstatus, MSTATUS_MIE      /* mie = 0: nothing can interrupt */
        TRAP_M ecall
        TI_MSTATUS_FIELD a0, 3, 1       /* MIE */
        CHECK a0, 0
        TI_MSTATUS_FIELD a0, 7, 1       /* MPIE */
        CHECK a0, 1
        TI_MSTATUS_FIELD a0, 11, 3
        CHECK a0, PRV_M
        csrci mstatus, MSTATUS_MIE
TEST 5
        csrci mstatus, MSTATUS_MIE
        TRAP_M ecall
        TI_MSTATUS_FIELD a0, 7, 1
        CHECK a0, 0

        /* ---- ebreak */
TEST 6
        TRAP_M ebreak
        CHECK_MCAUSE CAUSE_BREAKPOINT
        CHECK_MEPC_X
        /* mtval is 0 or the address of the ebreak */
        LOAD_TI a0, trapinfo, TI_TVAL
        beqz a0, 1f
        LOAD_TI a1, trapinfo, TI_XEPC
        CHECKR a0, a1
1:
TEST 7
        MRET_TO PRV_U, 1f
1:      TRAP_M_IN PRV_M, ebreak
        CHECK_MCAUSE CAUSE_BREAKPOINT
        CHECK_MEPC_X
TEST 8
        MRET_TO PRV_S, 1f
1:      TRAP_M_IN PRV_M, c.ebreak
        CHECK_MCAUSE CAUSE_BREAKPOINT
        CHECK_MEPC_X

        /* ---- illegal instructions: tval = the bits */
TEST 9
        TRAP_M .word 0x00000000
        CHECK_MTRAP CAUSE_ILLEGAL, 0
TEST 10
        TRAP_M .word 0xfe000033         /* OP with funct7 = 0x7f */
        CHECK_MTRAP CAUSE_ILLEGAL, 0xfe000033
TEST 11
        TRAP_M .word 0x00007003         /* LOAD with funct3 = 7 */
        CHECK_MTRAP CAUSE_ILLEGAL, 0x00007003
TEST 12
        TRAP_M .word 0x0000200b         /* custom-0 */
        CHECK_MTRAP CAUSE_ILLEGAL, 0x0000200b
TEST 13
        TRAP_M .word 0x00002063         /* BRANCH with funct3 = 2 */
        CHECK_MTRAP CAUSE_ILLEGAL, 0x00002063
TEST 14
        TRAP_M .word 0x8000101b         /* slliw with shamt[5] set */
        CHECK_MTRAP CAUSE_ILLEGAL, 0x8000101b
TEST 15
        MRET_TO PRV_U, 1f
1:      TRAP_M_IN PRV_U, .word 0xfe000033
        CHECK_MTRAP CAUSE_ILLEGAL, 0xfe000033
        TI_MSTATUS_FIELD a0, 11, 3
        CHECK a0, PRV_U
        BACK_TO_M

        /* ---- privileged instructions in the wrong mode */
TEST 16
        MRET_TO PRV_U, 1f
1:      TRAP_M_IN PRV_U, mret
        CHECK_MTRAP CAUSE_ILLEGAL, 0x30200073
TEST 17
        TRAP_M_IN PRV_U, sret
        CHECK_MTRAP CAUSE_ILLEGAL, 0x10200073
TEST 18
        TRAP_M_IN PRV_U, sfence.vma
        CHECK_MILLEGAL
        BACK_TO_M
TEST 19
        MRET_TO PRV_S, 1f
1:      TRAP_M_IN PRV_S, mret
        CHECK_MTRAP CAUSE_ILLEGAL, 0x30200073
        BACK_TO_M
TEST 20
        /* TSR: sret in S traps, sret in M does not */
        li a0, MSTATUS_TSR
        csrs mstatus, a0
        MRET_TO PRV_S, 1f
1:      TRAP_M_IN PRV_S, sret
        CHECK_MTRAP CAUSE_ILLEGAL, 0x10200073
        BACK_TO_M
        li a0, MSTATUS_SPP
        csrs mstatus, a0
        la a0, 1f
        csrw sepc, a0
        sret                            /* from M: SPP = S, to S */
1:      BACK_TO_M
        TI_MSTATUS_FIELD a0, 11, 3
        CHECK a0, PRV_S
        li a0, MSTATUS_TSR
        csrc mstatus, a0
TEST 21
        /* TVM: satp and sfence.vma in S trap */
        li a0, MSTATUS_TVM
        csrs mstatus, a0
        MRET_TO PRV_S, 1f
1:      TRAP_M_IN PRV_S, csrr a0, satp
        CHECK_MILLEGAL
TEST 22
        TRAP_M_IN PRV_S, sfence.vma
        CHECK_MILLEGAL
        BACK_TO_M
        li a0, MSTATUS_TVM
        csrc mstatus, a0
TEST 23
        /* without TVM, S may use them */
        MRET_TO PRV_S, 1f
1:      csrr a0, satp
        sfence.vma
        BACK_TO_M

        /* ---- mret */
TEST 24
        /* MPP = M, MPIE = 0: MIE <- 0, MPIE <- 1, MPP <- U */
        li a0, MSTATUS_MPP
        csrs mstatus, a0
        li a0, MSTATUS_MPIE | MSTATUS_MIE
        csrc mstatus, a0
        la a0, 1f
        csrw mepc, a0
        mret
1:      csrr a0, mstatus
        srli a1, a0, 11
        andi a1, a1, 3
        CHECK a1, PRV_U
        andi a1, a0, MSTATUS_MPIE | MSTATUS_MIE
        CHECK a1, MSTATUS_MPIE
TEST 25
        /* MPIE = 1: MIE <- 1 (mie = 0, nothing fires) */
        li a0, MSTATUS_MPP | MSTATUS_MPIE
        csrs mstatus, a0
        csrci mstatus, MSTATUS_MIE
        la a0, 1f
        csrw mepc, a0
        mret
1:      csrr a0, mstatus
        andi a1, a0, MSTATUS_MPIE | MSTATUS_MIE
        CHECK a1, MSTATUS_MPIE | MSTATUS_MIE
        csrci mstatus, MSTATUS_MIE
TEST 26
        /* mret to S with MPRV = 1: execution continues in S normally.
         * (Priv 1.12 also clears MPRV here; QEMU 7.2 does not, so the
         * MPRV value is not checked.) */
        li a0, MSTATUS_MPRV
        csrs mstatus, a0
        MRET_TO PRV_S, 1f
1:      la a1, tohost
        ld a0, 0(a1)
        BACK_TO_M
        TI_MSTATUS_FIELD a0, 11, 3
        CHECK a0, PRV_S
        li a0, MSTATUS_MPRV
        csrc mstatus, a0
TEST 27
        /* mret to M keeps MPRV */
        li a0, MSTATUS_MPRV
        csrs mstatus, a0
        MRET_TO PRV_M, 1f
1:      csrr a0, mstatus
        srli a0, a0, 17
        andi a0, a0, 1
        CHECK a0, 1
        li a0, MSTATUS_MPRV
        csrc mstatus, a0
TEST 28
        /* mret goes to mepc */
        la a0, 1f
        csrw mepc, a0
        li a0, MSTATUS_MPP
        csrs mstatus, a0
        mret
        j fail
1:

        /* ---- sret */
TEST 29
        /* in S: SPP = S, SPIE = 0, SIE = 1  ->  SIE = 0, SPIE = 1, SPP = U */
        MRET_TO PRV_S, 1f
1:      li a0, MSTATUS_SPP | MSTATUS_SIE
        csrs sstatus, a0
        li a0, MSTATUS_SPIE
        csrc sstatus, a0
        la a0, 2f
        csrw sepc, a0
        sret
2:      csrr a0, sstatus
        andi a1, a0, MSTATUS_SPP | MSTATUS_SPIE | MSTATUS_SIE
        CHECK a1, MSTATUS_SPIE
        /* SPIE = 1 -> SIE = 1 (sie = 0 and nothing delegated) */
        li a0, MSTATUS_SPP
        csrs sstatus, a0
        la a0, 3f
        csrw sepc, a0
        sret
3:      csrr a0, sstatus
        andi a1, a0, MSTATUS_SPP | MSTATUS_SPIE | MSTATUS_SIE
        CHECK a1, MSTATUS_SPIE | MSTATUS_SIE
        csrci sstatus, MSTATUS_SIE
TEST 30
        /* sret with SPP = U goes to U */
        SRET_TO PRV_U, 1f
1:      BACK_TO_M
        CHECK_MCAUSE CAUSE_ECALL_U
TEST 31
        /* sret from M, SPP = U: lands in U */
        li a0, MSTATUS_SPP
        csrc mstatus, a0
        la a0, 1f
        csrw sepc, a0
        sret
1:      BACK_TO_M
        CHECK_MCAUSE CAUSE_ECALL_U

        /* ---- access faults: tval = the address */
TEST 32
        li a1, UNMAPPED
        TRAP_M ld a0, 0(a1)
        CHECK_MTRAP CAUSE_LOAD_ACCESS, UNMAPPED
TEST 33
        li a1, UNMAPPED
        TRAP_M sw a0, 8(a1)
        CHECK_MTRAP CAUSE_STORE_ACCESS, UNMAPPED + 8
TEST 34
        /* fetch: mepc = mtval = the target */
        li a1, UNMAPPED
        EXPECT_M 1f
        jalr a1
        j fail
1:      CHECK_MCAUSE CAUSE_FETCH_ACCESS
        CHECK_MTVAL UNMAPPED
        LOAD_TI a0, trapinfo, TI_EPC
        CHECK a0, UNMAPPED

        /* ---- vectored mtvec: synchronous exceptions use the base */
TEST 35
        la a0, trap_m
        ori a0, a0, 1
        csrw mtvec, a0
        TRAP_M ecall
        CHECK_MCAUSE CAUSE_ECALL_M
        la a0, trap_m
        csrw mtvec, a0

        /* ---- nested: a trap inside the handler path is not needed; check
         * the trap count instead */
TEST 36
        LOAD_TI s0, trapinfo, TI_COUNT
        TRAP_M ecall
        TRAP_M ebreak
        LOAD_TI a0, trapinfo, TI_COUNT
        sub a0, a0, s0
        CHECK a0, 2
TEST_END
