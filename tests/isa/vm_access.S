/*
 * Sv39 access control and accessed / dirty bits:
 *  - S access to U pages: faults unless sstatus.SUM; SUM never allows
 *    execution; SUM does not make a read-only page writable
 *  - MXR makes execute-only pages readable (for S and for U)
 *  - U-mode: U pages usable, non-U pages fault (load, store, fetch), SUM
 *    irrelevant; faults are delegated to S with SPP = U
 *  - A and D are set by the hardware (like QEMU; no Svade faults): loads and
 *    fetches set A, stores and AMOs set A and D, a faulting access sets
 *    neither
 * Page tables: vm.h.
 */
#include "test.h"
#include "vm.h"

#define PAT_A 0x1111222233334444

/* reg = PTE of va & (A | D) */
.macro PTE_AD reg, va
        la \reg, pt_l0 + PTE_IDX(\va) * 8
        ld \reg, 0(\reg)
        andi \reg, \reg, PTE_A | PTE_D
.endm
/* rewrite the PTE of va and flush */
.macro REMAP va, target, flags
        SET_PTE pt_l0, PTE_IDX(\va), \target, \flags
        sfence.vma
.endm
.macro SPP_WAS mode
        LOAD_TI a0, strapinfo, TI_STATUS
        srli a0, a0, 8
        andi a0, a0, 1
        CHECK a0, \mode
.endm

TEST_BEGIN
        li a0, (1 << CAUSE_ECALL_U) | (1 << CAUSE_FETCH_PAGE_FAULT) | (1 << CAUSE_LOAD_PAGE_FAULT) | (1 << CAUSE_STORE_PAGE_FAULT)
        csrw medeleg, a0
        VM_SETUP
        la a0, page_a
        li a1, PAT_A
        sd a1, 8(a0)
        MRET_TO PRV_S, 1f
1:
        /* ---- SUM */
TEST 1
        li a1, VA_URW
        TRAP_S ld a0, 8(a1)
        CHECK_STRAP CAUSE_LOAD_PAGE_FAULT, VA_URW + 8
TEST 2
        TRAP_S sd a0, 16(a1)
        CHECK_STRAP CAUSE_STORE_PAGE_FAULT, VA_URW + 16
TEST 3
        li a0, MSTATUS_SUM
        csrs sstatus, a0
        li a1, VA_URW
        ld a0, 8(a1)
        CHECK a0, PAT_A
        li a2, 0x5005
        sd a2, 16(a1)
        la a3, page_a
        ld a0, 16(a3)
        CHECK a0, 0x5005
TEST 4
        /* SUM does not grant write on a read-only U page */
        li a1, VA_URO
        ld a0, 8(a1)
        CHECK a0, PAT_A
        TRAP_S sd a0, 8(a1)
        CHECK_STRAP CAUSE_STORE_PAGE_FAULT, VA_URO + 8
TEST 5
        /* SUM does not grant execute */
        li a1, VA_UXO
        EXPECT_S 1f
        jalr a1
        j fail
1:      CHECK_SCAUSE CAUSE_FETCH_PAGE_FAULT
        CHECK_STVAL VA_UXO
TEST 6
        /* SUM cleared again: faults again (after sfence.vma, since a
         * cached translation may keep the old permission otherwise) */
        li a0, MSTATUS_SUM
        csrc sstatus, a0
        sfence.vma
        li a1, VA_URW
        TRAP_S ld a0, 8(a1)
        CHECK_STRAP CAUSE_LOAD_PAGE_FAULT, VA_URW + 8

        /* ---- MXR */
TEST 7
        li a1, VA_XO
        TRAP_S ld a0, 8(a1)
        CHECK_STRAP CAUSE_LOAD_PAGE_FAULT, VA_XO + 8
        li a0, MSTATUS_MXR
        csrs sstatus, a0
        ld a0, 8(a1)
        CHECK a0, PAT_A
TEST 8
        /* MXR does not allow stores */
        TRAP_S sd a0, 8(a1)
        CHECK_STRAP CAUSE_STORE_PAGE_FAULT, VA_XO + 8
TEST 9
        /* MXR + SUM: an execute-only U page is readable from S */
        li a1, VA_UXO
        TRAP_S ld a0, 8(a1)
        CHECK_STRAP CAUSE_LOAD_PAGE_FAULT, VA_UXO + 8
        li a0, MSTATUS_SUM
        csrs sstatus, a0
        ld a0, 8(a1)
        CHECK a0, PAT_A
        li a0, MSTATUS_SUM | MSTATUS_MXR
        csrc sstatus, a0
        sfence.vma

        /* ---- U-mode */
TEST 10
        li a0, VA_URW + 8
        li a1, 0
        RUN_U XO_ULOAD
        CHECK_SCAUSE CAUSE_ECALL_U
        CHECK a1, PAT_A
TEST 11
        li a0, VA_RW + 8
        RUN_U XO_ULOAD
        CHECK_SCAUSE CAUSE_LOAD_PAGE_FAULT
        CHECK_STVAL VA_RW + 8
        LOAD_TI a0, strapinfo, TI_EPC
        CHECK a0, VA_XPU + XO_ULOAD
        SPP_WAS 0
TEST 12
        li a0, VA_URW + 24
        li a1, 0x24242424
        RUN_U XO_USTORE
        CHECK_SCAUSE CAUSE_ECALL_U
        la a3, page_a
        ld a0, 24(a3)
        CHECK a0, 0x24242424
TEST 13
        li a0, VA_URO + 24
        RUN_U XO_USTORE
        CHECK_SCAUSE CAUSE_STORE_PAGE_FAULT
        CHECK_STVAL VA_URO + 24
TEST 14
        li a0, VA_RW + 24
        RUN_U XO_USTORE
        CHECK_SCAUSE CAUSE_STORE_PAGE_FAULT
        CHECK_STVAL VA_RW + 24
TEST 15
        /* SUM is irrelevant to U */
        li a0, MSTATUS_SUM
        csrs sstatus, a0
        li a0, VA_RW + 8
        RUN_U XO_ULOAD
        CHECK_SCAUSE CAUSE_LOAD_PAGE_FAULT
        li a0, MSTATUS_SUM
        csrc sstatus, a0
TEST 16
        /* MXR applies to U: execute-only U page */
        li a0, VA_UXO + 8
        RUN_U XO_ULOAD
        CHECK_SCAUSE CAUSE_LOAD_PAGE_FAULT
        CHECK_STVAL VA_UXO + 8
        li a0, MSTATUS_MXR
        csrs sstatus, a0
        li a0, VA_UXO + 8
        li a1, 0
        RUN_U XO_ULOAD
        CHECK_SCAUSE CAUSE_ECALL_U
        CHECK a1, PAT_A
        li a0, MSTATUS_MXR
        csrc sstatus, a0
        sfence.vma
TEST 17
        /* U fetch from a non-U executable page faults */
        li a0, VA_XP + XO_RET42
        RUN_U XO_UJUMP
        CHECK_SCAUSE CAUSE_FETCH_PAGE_FAULT
        CHECK_STVAL VA_XP + XO_RET42
        LOAD_TI a0, strapinfo, TI_EPC
        CHECK a0, VA_XP + XO_RET42
TEST 18
        /* ... and from its own U page works */
        li a0, VA_XPU + XO_URET7
        RUN_U XO_UJUMP
        CHECK_SCAUSE CAUSE_ECALL_U
        CHECK a0, 7
        LOAD_TI a0, strapinfo, TI_EPC
        CHECK a0, VA_XPU + XO_URET7 + 4

        /* ---- accessed / dirty */
TEST 19
        PTE_AD a0, VA_AD
        CHECK a0, 0
        li a1, VA_AD
        ld a0, 8(a1)
        PTE_AD a0, VA_AD
        CHECK a0, PTE_A
TEST 20
        li a1, VA_AD
        sd a1, 8(a1)
        PTE_AD a0, VA_AD
        CHECK a0, PTE_A | PTE_D
TEST 21
        /* a store to a never-accessed page sets both */
        REMAP VA_AD, page_c, PTE_V | PTE_R | PTE_W
        li a1, VA_AD
        sw a1, 0(a1)
        PTE_AD a0, VA_AD
        CHECK a0, PTE_A | PTE_D
TEST 22
        /* an AMO sets both */
        REMAP VA_AD, page_c, PTE_V | PTE_R | PTE_W
        li a1, VA_AD
        amoor.d a0, zero, (a1)
        PTE_AD a0, VA_AD
        CHECK a0, PTE_A | PTE_D
TEST 23
        /* D set on a page with A already set */
        REMAP VA_AD, page_c, PTE_V | PTE_R | PTE_W | PTE_A
        li a1, VA_AD
        ld a0, 0(a1)
        PTE_AD a0, VA_AD
        CHECK a0, PTE_A
        sd a0, 0(a1)
        PTE_AD a0, VA_AD
        CHECK a0, PTE_A | PTE_D
TEST 24
        /* a faulting store on a read-only page with A = 0 sets nothing */
        PTE_AD a0, VA_ARO
        CHECK a0, 0
        li a1, VA_ARO
        TRAP_S sd a0, 0(a1)
        CHECK_STRAP CAUSE_STORE_PAGE_FAULT, VA_ARO
        PTE_AD a0, VA_ARO
        CHECK a0, 0
TEST 25
        /* a load sets A only */
        li a1, VA_ARO
        ld a0, 0(a1)
        PTE_AD a0, VA_ARO
        CHECK a0, PTE_A
TEST 26
        /* instruction fetch sets A */
        PTE_AD a0, VA_XA
        CHECK a0, 0
        li a1, VA_XA + XO_RET42
        li a0, 0
        jalr a1
        CHECK a0, 42
        PTE_AD a0, VA_XA
        CHECK a0, PTE_A
TEST 27
        /* U access sets A (and D on store) of a U page */
        REMAP VA_URW, page_a, PTE_V | PTE_R | PTE_W | PTE_U
        li a0, VA_URW + 8
        RUN_U XO_ULOAD
        CHECK_SCAUSE CAUSE_ECALL_U
        PTE_AD a0, VA_URW
        CHECK a0, PTE_A
        li a0, VA_URW + 8
        li a1, PAT_A
        RUN_U XO_USTORE
        CHECK_SCAUSE CAUSE_ECALL_U
        PTE_AD a0, VA_URW
        CHECK a0, PTE_A | PTE_D
        BACK_TO_M
        csrw satp, zero
TEST_END

        VM_DATA
