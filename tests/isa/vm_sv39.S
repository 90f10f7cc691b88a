/*
 * Sv39 translation from S-mode: 4 KiB pages, a 2 MiB megapage, permission
 * faults (R / W / X / V, the reserved W-without-R encoding), misaligned
 * superpage, non-leaf PTE at level 0, non-canonical addresses, fetch faults
 * (also for an instruction that straddles into an unmapped page: sepc = its
 * start, stval = the first address on the missing page), sfence.vma after a
 * remap, satp WARL, MPRV from M-mode, non-delegated page faults going to M.
 * Page tables: vm.h.
 */
#include "test.h"
#include "vm.h"

#define PAT_A 0x1111222233334444
#define PAT_B 0xbbbbbbbb00000001
#define PAT_M 0x4d4d4d4d12345678

TEST_BEGIN
        li a0, (1 << CAUSE_ECALL_U) | (1 << CAUSE_FETCH_PAGE_FAULT) | (1 << CAUSE_LOAD_PAGE_FAULT) | (1 << CAUSE_STORE_PAGE_FAULT)
        csrw medeleg, a0
        VM_SETUP
        la a0, page_a
        li a1, PAT_A
        sd a1, 8(a0)
        la a0, page_b
        li a1, PAT_B
        sd a1, 8(a0)
        li a0, PA_MEGA + 0x238
        li a1, PAT_M
        sd a1, 0(a0)
        MRET_TO PRV_S, 1f
1:
TEST 1
        li a1, VA_RW
        ld a0, 8(a1)
        CHECK a0, PAT_A
TEST 2
        li a1, VA_RW
        li a2, 0x600d
        sd a2, 16(a1)
        la a3, page_a                   /* identity alias of the same page */
        ld a0, 16(a3)
        CHECK a0, 0x600d
TEST 3
        li a1, VA_RO
        ld a0, 8(a1)
        CHECK a0, PAT_A
        lbu a0, 10(a1)
        CHECK a0, 0x33
TEST 4
        li a1, VA_RO
        li a2, 0xbad
        TRAP_S sd a2, 8(a1)
        CHECK_STRAP CAUSE_STORE_PAGE_FAULT, VA_RO + 8
        la a3, page_a
        ld a0, 8(a3)
        CHECK a0, PAT_A
TEST 5
        li a1, VA_INV
        TRAP_S ld a0, 0(a1)
        CHECK_STRAP CAUSE_LOAD_PAGE_FAULT, VA_INV
TEST 6
        li a1, VA_INV
        TRAP_S sw a0, 0x10(a1)
        CHECK_STRAP CAUSE_STORE_PAGE_FAULT, VA_INV + 0x10
TEST 7
        /* W without R is reserved: any access faults */
        li a1, VA_WO
        TRAP_S ld a0, 8(a1)
        CHECK_STRAP CAUSE_LOAD_PAGE_FAULT, VA_WO + 8
        TRAP_S sd a0, 8(a1)
        CHECK_STRAP CAUSE_STORE_PAGE_FAULT, VA_WO + 8
TEST 8
        /* execute-only page: loads fault (MXR = 0) */
        li a1, VA_XO
        TRAP_S lw a0, 12(a1)
        CHECK_STRAP CAUSE_LOAD_PAGE_FAULT, VA_XO + 12
TEST 9
        /* AMOs need W: store page fault on a read-only page */
        li a1, VA_RO
        TRAP_S amoadd.d a0, a2, (a1)
        CHECK_STRAP CAUSE_STORE_PAGE_FAULT, VA_RO
TEST 10
        /* fetch from an executable page */
        li a1, VA_XP + XO_RET42
        li a0, 0
        jalr a1
        CHECK a0, 42
TEST 11
        /* fetch from a non-executable page: sepc = stval = target */
        li a1, VA_NX + XO_RET42
        EXPECT_S 1f
        jalr a1
        j fail
1:      CHECK_SCAUSE CAUSE_FETCH_PAGE_FAULT
        CHECK_STVAL VA_NX + XO_RET42
        LOAD_TI a0, strapinfo, TI_EPC
        CHECK a0, VA_NX + XO_RET42
TEST 12
        li a1, VA_INV + 0x100
        EXPECT_S 1f
        jalr a1
        j fail
1:      CHECK_SCAUSE CAUSE_FETCH_PAGE_FAULT
        CHECK_STVAL VA_INV + 0x100
TEST 13
        /* S never executes U pages, not even with SUM */
        li a1, VA_XPU + XO_RET42
        EXPECT_S 1f
        jalr a1
        j fail
1:      CHECK_SCAUSE CAUSE_FETCH_PAGE_FAULT
        CHECK_STVAL VA_XPU + XO_RET42
        li a0, MSTATUS_SUM
        csrs sstatus, a0
        EXPECT_S 1f
        jalr a1
        j fail
1:      CHECK_SCAUSE CAUSE_FETCH_PAGE_FAULT
        li a0, MSTATUS_SUM
        csrc sstatus, a0
TEST 14
        /* megapage */
        li a1, VA_MEGA + 0x238
        ld a0, 0(a1)
        CHECK a0, PAT_M
        li a2, 0x3e3e
        sd a2, 8(a1)
        li a3, PA_MEGA + 0x240
        ld a0, 0(a3)
        CHECK a0, 0x3e3e
TEST 15
        /* a megapage whose PPN is not 2 MiB aligned faults */
        li a1, VA_BADMEGA + 0x238
        TRAP_S ld a0, 0(a1)
        CHECK_STRAP CAUSE_LOAD_PAGE_FAULT, VA_BADMEGA + 0x238
TEST 16
        /* a non-leaf PTE at the last level faults */
        li a1, VA_NONLEAF
        TRAP_S ld a0, 0(a1)
        CHECK_STRAP CAUSE_LOAD_PAGE_FAULT, VA_NONLEAF
TEST 17
        /* non-canonical addresses: bits 63..39 must equal bit 38 */
        li a1, 0x0000008000000000
        TRAP_S ld a0, 0(a1)
        CHECK_STRAP CAUSE_LOAD_PAGE_FAULT, 0x0000008000000000
        li a1, 0xffffff7f80000000
        TRAP_S sd a0, 0(a1)
        CHECK_STRAP CAUSE_STORE_PAGE_FAULT, 0xffffff7f80000000
TEST 18
        /* canonical upper half: unmapped here, so a fault with that stval */
        li a1, 0xffffffc000000010
        TRAP_S ld a0, 0(a1)
        CHECK_STRAP CAUSE_LOAD_PAGE_FAULT, 0xffffffc000000010
TEST 19
        /* remap with sfence.vma (all) */
        li a1, VA_B
        ld a0, 8(a1)
        CHECK a0, PAT_B
        SET_PTE pt_l0, PTE_IDX(VA_B), page_a, PTE_V | PTE_R | PTE_W | PTE_A | PTE_D
        sfence.vma
        ld a0, 8(a1)
        CHECK a0, PAT_A
TEST 20
        /* remap with sfence.vma of one address */
        SET_PTE pt_l0, PTE_IDX(VA_B), page_b, PTE_V | PTE_R | PTE_W | PTE_A | PTE_D
        li a1, VA_B
        sfence.vma a1, zero
        ld a0, 8(a1)
        CHECK a0, PAT_B
TEST 21
        /* unmap with sfence.vma: faults afterwards */
        la a2, pt_l0 + PTE_IDX(VA_B) * 8
        sd zero, 0(a2)
        sfence.vma a1
        TRAP_S ld a0, 8(a1)
        CHECK_STRAP CAUSE_LOAD_PAGE_FAULT, VA_B + 8
        SET_PTE pt_l0, PTE_IDX(VA_B), page_b, PTE_V | PTE_R | PTE_W | PTE_A | PTE_D
        sfence.vma
TEST 22
        /* an instruction straddling into an invalid page */
        li a1, VA_SPAN + XO_SPAN
        EXPECT_S 1f
        jalr a1
        j fail
1:      CHECK_SCAUSE CAUSE_FETCH_PAGE_FAULT
        LOAD_TI a0, strapinfo, TI_EPC
        CHECK a0, VA_SPAN + 4094
        CHECK_STVAL VA_SPAN + 4096
TEST 23
        /* the code running now is reached through the identity gigapage */
        auipc a0, 0
        li a1, 0x80000000
        bgeu a0, a1, 1f
        j fail
1:      csrr a0, satp
        srli a0, a0, 60
        CHECK a0, 8
        BACK_TO_M

        /* ---- from M-mode */
TEST 24
        /* satp: a write with an unsupported mode has no effect */
        csrr s0, satp
        li a0, (2 << 60) | 0x12345
        csrw satp, a0
        csrr a1, satp
        CHECKR a1, s0
TEST 25
        /* M ignores satp: physical addresses */
        la a1, page_a
        ld a0, 8(a1)
        CHECK a0, PAT_A
TEST 26
        /* MPRV = 1, MPP = S: M loads and stores are translated */
        li a0, MSTATUS_MPP
        csrc mstatus, a0
        li a0, MSTATUS_MPRV | MSTATUS_MPP_S
        csrs mstatus, a0
        li a1, VA_RW
        ld a2, 8(a1)
        li a3, 0x7777
        sd a3, 24(a1)
        li a0, MSTATUS_MPRV
        csrc mstatus, a0
        CHECK a2, PAT_A
        la a1, page_a
        ld a0, 24(a1)
        CHECK a0, 0x7777
TEST 27
        /* ... and fault like S, but into M (no delegation from M) */
        li a0, MSTATUS_MPRV | MSTATUS_MPP_S
        csrs mstatus, a0
        li a1, VA_RO
        TRAP_M sd a2, 0(a1)
        li a0, MSTATUS_MPRV
        csrc mstatus, a0
        CHECK_MTRAP CAUSE_STORE_PAGE_FAULT, VA_RO
TEST 28
        /* MPRV does not affect instruction fetch (MPP = U: a translated
         * fetch would fault on the non-U gigapage) */
        li a0, MSTATUS_MPP
        csrc mstatus, a0
        li a0, MSTATUS_MPRV
        csrs mstatus, a0
        nop
        la a1, 1f
        jr a1
1:      li a0, MSTATUS_MPRV
        csrc mstatus, a0
TEST 29
        /* page faults not delegated: S faults go to M with mtval */
        csrw medeleg, zero
        MRET_TO PRV_S, 1f
1:      li a1, VA_INV + 8
        TRAP_M_IN PRV_S, ld a0, 0(a1)
        CHECK_MTRAP CAUSE_LOAD_PAGE_FAULT, VA_INV + 8
        li a1, VA_NX
        EXPECT_M 2f, PRV_S
        jalr a1
        j fail
2:      CHECK_MCAUSE CAUSE_FETCH_PAGE_FAULT
        CHECK_MTVAL VA_NX
        BACK_TO_M
        csrw satp, zero
TEST_END

        VM_DATA
