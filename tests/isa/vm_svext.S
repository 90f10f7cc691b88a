/*
 * Svpbmt, Svnapot, Svinval under Sv39 from S-mode (page tables: vm.h).
 *
 * Svpbmt: menvcfg.PBMTE is writable; PBMT NC/IO translate normally with
 * PBMTE = 1, fault with PBMTE = 0; PBMT = 3 faults; reserved PTE bits 60:54
 * fault; PBMT or N on a non-leaf PTE faults.  Svnapot: a 64 KiB page
 * (level-0 leaves with N = 1 and ppn[3:0] = 1000) maps every 4 KiB part to
 * the matching part of the 64 KiB frame; other N encodings fault.
 * Svinval: sinval.vma between sfence.w.inval and sfence.inval.ir makes a
 * remap visible; privilege rules (U illegal, TVM traps sinval.vma only).
 *
 * QEMU 7.2 needs `-cpu rv64,svpbmt=on,svnapot=on,svinval=on`:
 * ISA-ARGS(qemu-system-riscv64): -cpu rv64,svpbmt=on,svnapot=on,svinval=on
 *  It does not fault on PBMT = 3, on reserved bits 60:54 (it
 * masks them when Svpbmt or Svnapot is on), nor, as observed, on PBMT
 * NC/IO with menvcfg.PBMTE = 0; it lets U-mode execute
 * sfence.w.inval / sfence.inval.ir, and gives mtval 0 for an illegal
 * sinval.vma: those checks are skipped there (detected by marchid != 0,
 * QEMU's version; rewind reports 0).
 */
#include "test.h"
#include "vm.h"

        .option arch, +svinval

#define CSR_MENVCFG 0x30a
#define PBMTE       (1 << 62)
#define PBMT_NC     (1 << 61)
#define PBMT_IO     (2 << 61)
#define PBMT_RSV    (3 << 61)
#define PTE_N       (1 << 63)
#define PTE_RWAD    (PTE_V | PTE_R | PTE_W | PTE_A | PTE_D)

#define VA_T        VA(20)          /* remapped by the cases */
#define VA_NAPOT    0x40020000      /* 64 KiB: pt_l0[32..47] */
#define NAPOT_IDX   32
#define PAT_A       0x1111222233334444
#define PAT_B       0xbbbbbbbb00000001

.macro ON_QEMU label
        la t5, on_qemu
        ld t5, 0(t5)
        bnez t5, \label
.endm

/* CHECK_MILLEGAL, but QEMU 7.2 may leave mtval 0 for Svinval */
.macro CHECK_ILL
        CHECK_MCAUSE CAUSE_ILLEGAL
        CHECK_MEPC_X
        ON_QEMU 9990f
        CHECK_MTVAL_INSN
9990:
.endm

/* pt_l0[idx] = PTE(\target, \flags | \hi), then sfence.vma. */
.macro MAP idx, target, flags, hi
        la t5, \target
        srli t5, t5, 12
        slli t5, t5, 10
        ori t5, t5, \flags
        li t6, \hi
        or t5, t5, t6
        la t6, pt_l0 + (\idx * 8)
        sd t5, 0(t6)
        sfence.vma
.endm
.macro MAP_T target, flags, hi
        MAP PTE_IDX(VA_T), \target, \flags, \hi
.endm

/* The 16 PTEs of the 64 KiB page at VA_NAPOT -> napot_mem, with ppn[3:0]
 * replaced by \low and \hi or'ed in. */
.macro MAP_NAPOT low, hi
        la a4, napot_mem
        srli a4, a4, 12
        ori a4, a4, \low
        slli a4, a4, 10
        ori a4, a4, PTE_RWAD
        li t5, \hi
        or a4, a4, t5
        la a5, pt_l0 + NAPOT_IDX * 8
        li a6, 16
9901:   sd a4, 0(a5)
        addi a5, a5, 8
        addi a6, a6, -1
        bnez a6, 9901b
        sfence.vma
.endm

TEST_BEGIN
        csrr a0, marchid
        snez a0, a0
        la a1, on_qemu
        sd a0, 0(a1)

        /* ---- Svinval privilege rules, bare translation (U may run here) */
TEST 1
        MRET_TO PRV_U, 1f
1:      TRAP_M_IN PRV_U, sinval.vma zero, zero
        CHECK_ILL
        ON_QEMU 1f
        TRAP_M_IN PRV_U, sfence.w.inval
        CHECK_MILLEGAL
        TRAP_M_IN PRV_U, sfence.inval.ir
        CHECK_MILLEGAL
1:      BACK_TO_M
TEST 2
        /* TVM traps sinval.vma in S, not the other two; M is never trapped */
        li a0, MSTATUS_TVM
        csrs mstatus, a0
        sinval.vma zero, zero
        MRET_TO PRV_S, 1f
1:      TRAP_M_IN PRV_S, sinval.vma zero, zero
        CHECK_ILL
        sfence.w.inval
        sfence.inval.ir
        BACK_TO_M
        li a0, MSTATUS_TVM
        csrc mstatus, a0
TEST 3
        /* menvcfg.PBMTE is writable */
        li a0, PBMTE
        csrs CSR_MENVCFG, a0
        csrr a1, CSR_MENVCFG
        and a1, a1, a0
        CHECK a1, PBMTE
        csrc CSR_MENVCFG, a0
        csrr a1, CSR_MENVCFG
        and a1, a1, a0
        CHECK a1, 0

        li a0, (1 << CAUSE_FETCH_PAGE_FAULT) | (1 << CAUSE_LOAD_PAGE_FAULT) | (1 << CAUSE_STORE_PAGE_FAULT)
        csrw medeleg, a0
        VM_SETUP
        la a0, page_a
        li a1, PAT_A
        sd a1, 8(a0)
        la a0, page_b
        li a1, PAT_B
        sd a1, 8(a0)
        /* napot_mem: part k holds 0x100 + k at offset 8 */
        la a0, napot_mem
        li a1, 0x100
        li a2, 16
1:      sd a1, 8(a0)
        li t5, 4096
        add a0, a0, t5
        addi a1, a1, 1
        addi a2, a2, -1
        bnez a2, 1b

        /* ---- Svpbmt */
TEST 4
        /* PBMTE = 1: NC and IO pages translate and work */
        li a0, PBMTE
        csrs CSR_MENVCFG, a0
        MAP_T page_b, PTE_RWAD, PBMT_NC
        MRET_TO PRV_S, 1f
1:      li a1, VA_T
        ld a0, 8(a1)
        CHECK a0, PAT_B
        BACK_TO_M
        MAP_T page_b, PTE_RWAD, PBMT_IO
        MRET_TO PRV_S, 1f
1:      li a1, VA_T
        li a2, 0x10
        sd a2, 16(a1)
        ld a0, 16(a1)
        CHECK a0, 0x10
        ld a0, 8(a1)
        CHECK a0, PAT_B
        BACK_TO_M
TEST 5
        /* PBMTE = 0: any nonzero PBMT faults (QEMU 7.2 (observed): no) */
        ON_QEMU 2f
        li a0, PBMTE
        csrc CSR_MENVCFG, a0
        MAP_T page_b, PTE_RWAD, PBMT_NC
        MRET_TO PRV_S, 1f
1:      li a1, VA_T
        li a0, 0x5a
        TRAP_S ld a0, 8(a1)
        CHECK_STRAP CAUSE_LOAD_PAGE_FAULT, VA_T + 8
        CHECK a0, 0x5a
        TRAP_S sd a0, 16(a1)
        CHECK_STRAP CAUSE_STORE_PAGE_FAULT, VA_T + 16
        BACK_TO_M
        MAP_T page_b, PTE_RWAD, PBMT_IO
        MRET_TO PRV_S, 1f
1:      li a1, VA_T
        TRAP_S ld a0, 8(a1)
        CHECK_STRAP CAUSE_LOAD_PAGE_FAULT, VA_T + 8
        BACK_TO_M
2:
TEST 6
        /* PBMT = 3 is reserved: faults with PBMTE = 1 (QEMU 7.2: no) */
        ON_QEMU 2f
        li a0, PBMTE
        csrs CSR_MENVCFG, a0
        MAP_T page_b, PTE_RWAD, PBMT_RSV
        MRET_TO PRV_S, 1f
1:      li a1, VA_T
        TRAP_S ld a0, 8(a1)
        CHECK_STRAP CAUSE_LOAD_PAGE_FAULT, VA_T + 8
        BACK_TO_M
2:
TEST 7
        /* reserved bits 60:54 fault (QEMU 7.2: ignored) */
        ON_QEMU 2f
        li a0, PBMTE
        csrs CSR_MENVCFG, a0
        MAP_T page_b, PTE_RWAD, (1 << 54)
        MRET_TO PRV_S, 1f
1:      li a1, VA_T
        TRAP_S ld a0, 8(a1)
        CHECK_STRAP CAUSE_LOAD_PAGE_FAULT, VA_T + 8
        BACK_TO_M
        MAP_T page_b, PTE_RWAD, (1 << 60)
        MRET_TO PRV_S, 1f
1:      li a1, VA_T
        TRAP_S ld a0, 8(a1)
        CHECK_STRAP CAUSE_LOAD_PAGE_FAULT, VA_T + 8
        BACK_TO_M
2:
TEST 8
        /* PBMT or N on a non-leaf PTE faults (pt_l1[0] -> pt_l0) */
        li a0, PBMTE
        csrs CSR_MENVCFG, a0
        SET_PTE pt_l1, 0, pt_l0, PTE_V
        li t5, PBMT_NC
        ld t6, 0(t6)
        or t5, t5, t6
        la t6, pt_l1
        sd t5, 0(t6)
        sfence.vma
        MRET_TO PRV_S, 1f
1:      li a1, VA_RW
        TRAP_S ld a0, 8(a1)
        CHECK_STRAP CAUSE_LOAD_PAGE_FAULT, VA_RW + 8
        BACK_TO_M
        SET_PTE pt_l1, 0, pt_l0, PTE_V
        li t5, PTE_N
        ld t6, 0(t6)
        or t5, t5, t6
        la t6, pt_l1
        sd t5, 0(t6)
        sfence.vma
        MRET_TO PRV_S, 1f
1:      li a1, VA_RW
        TRAP_S ld a0, 8(a1)
        CHECK_STRAP CAUSE_LOAD_PAGE_FAULT, VA_RW + 8
        BACK_TO_M
2:      SET_PTE pt_l1, 0, pt_l0, PTE_V
        sfence.vma
TEST 9
        /* the leaf still works after that */
        MAP_T page_b, PTE_RWAD, 0
        MRET_TO PRV_S, 1f
1:      li a1, VA_T
        ld a0, 8(a1)
        CHECK a0, PAT_B
        BACK_TO_M

        /* ---- Svnapot */
TEST 10
        /* each 4 KiB part of the 64 KiB page maps to its part of the frame */
        MAP_NAPOT 8, PTE_N
        MRET_TO PRV_S, 1f
1:      li a1, VA_NAPOT
        ld a0, 8(a1)
        CHECK a0, 0x100
        li t5, 0x5000
        add a1, a1, t5
        ld a0, 8(a1)
        CHECK a0, 0x105
        li a1, VA_NAPOT + 0xf000
        ld a0, 8(a1)
        CHECK a0, 0x10f
        li a2, PAT_A
        sd a2, 0x10(a1)
        la a3, napot_mem + 0xf010        /* the identity map sees it */
        ld a0, 0(a3)
        CHECK a0, PAT_A
        BACK_TO_M
TEST 11
        /* N with ppn[3:0] != 1000 faults (0000: no size, 0100: 32 KiB) */
        MAP_NAPOT 0, PTE_N
        MRET_TO PRV_S, 1f
1:      li a1, VA_NAPOT + 0x3000
        TRAP_S ld a0, 8(a1)
        CHECK_STRAP CAUSE_LOAD_PAGE_FAULT, VA_NAPOT + 0x3008
        BACK_TO_M
        MAP_NAPOT 4, PTE_N
        MRET_TO PRV_S, 1f
1:      li a1, VA_NAPOT + 0x3000
        TRAP_S sd a0, 8(a1)
        CHECK_STRAP CAUSE_STORE_PAGE_FAULT, VA_NAPOT + 0x3008
        BACK_TO_M
TEST 12
        /* without N, the same PTEs (ppn[3:0] = 1000) are plain 4 KiB pages
         * all on part 8 */
        MAP_NAPOT 8, 0
        MRET_TO PRV_S, 1f
1:      li a1, VA_NAPOT + 0x3000
        ld a0, 8(a1)
        CHECK a0, 0x108
        BACK_TO_M
TEST 13
        /* N on a megapage leaf faults */
        SET_PTE_PA pt_l1, 1, PA_MEGA, PTE_RWAD
        li t5, PTE_N
        ld t6, 0(t6)
        or t5, t5, t6
        la t6, pt_l1 + 8
        sd t5, 0(t6)
        sfence.vma
        MRET_TO PRV_S, 1f
1:      li a1, VA_MEGA
        TRAP_S ld a0, 0x238(a1)
        CHECK_STRAP CAUSE_LOAD_PAGE_FAULT, VA_MEGA + 0x238
        BACK_TO_M
        SET_PTE_PA pt_l1, 1, PA_MEGA, PTE_RWAD
        sfence.vma

        /* ---- Svinval */
TEST 14
        /* a remap, then the Svinval sequence: the new page is seen */
        MAP_T page_a, PTE_RWAD, 0
        MRET_TO PRV_S, 1f
1:      li a1, VA_T
        ld a0, 8(a1)                    /* the old translation is cached */
        CHECK a0, PAT_A
        sfence.w.inval
        la t6, pt_l0 + PTE_IDX(VA_T) * 8
        la t5, page_b
        srli t5, t5, 12
        slli t5, t5, 10
        ori t5, t5, PTE_RWAD
        sd t5, 0(t6)
        sfence.w.inval
        li a1, VA_T
        sinval.vma a1, zero
        sfence.inval.ir
        ld a0, 8(a1)
        CHECK a0, PAT_B
        BACK_TO_M
        csrw satp, zero
        li a0, PBMTE
        csrc CSR_MENVCFG, a0
TEST_END

        VM_DATA

        .data
on_qemu: .dword 0
        .bss
        .balign 65536
napot_mem: .zero 65536
