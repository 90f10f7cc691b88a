/*
 * Sv48: four-level walk, 4 KiB pages under a non-zero VPN[3], a 2 MiB
 * megapage, an identity gigapage, a 512 GiB "terapage" at level 3, the
 * upper (sign-extended) half, canonical-address checks at bit 47, a
 * misaligned gigapage, and A / D updates at the 4th level.
 *
 *   VA 0x80000000            identity gigapage (root[0] -> l2_id[2])
 *   VA 0x00007f8000000000    root[255] -> l2b -> l1b -> l0b: page_a RW;
 *                            +0x1000 invalid; +0x2000 page_a RW, A=D=0
 *   VA 0x00007f8000200000    megapage -> PA 0x80200000
 *   VA 0x00007f8040000000    misaligned gigapage: faults
 *   VA 0x0000008000000000    terapage (root[1]) -> PA 0
 *   VA 0xffff800000000000    root[256] -> l2_id: gigapage at +0x80000000
 */
#include "test.h"

#define VA_HI    0x00007f8000000000
#define VA_HIMEG 0x00007f8000200000
#define VA_BADG  0x00007f8040000000
#define VA_TERA  0x0000008000000000
#define VA_NEG   0xffff800000000000
#define PA_MEGA  0x80200000
#define PAT_A    0x48484848aaaa5555
#define PAT_M    0x4d4d0000ffff1234

TEST_BEGIN
TEST 1
        /* Sv48 is supported: the mode sticks */
        la a0, pt_root
        srli a0, a0, 12
        li a1, SATP_SV48
        or s0, a0, a1
        csrw satp, s0
        csrr a1, satp
        CHECKR a1, s0
        csrw satp, zero

        /* build */
        la a0, pt_root
        li a1, 6 * 4096 / 8
1:      sd zero, 0(a0)
        addi a0, a0, 8
        addi a1, a1, -1
        bnez a1, 1b
        SET_PTE pt_root, 0, l2_id, PTE_V
        SET_PTE_PA l2_id, 2, 0x80000000, PTE_V | PTE_R | PTE_W | PTE_X | PTE_A | PTE_D
        SET_PTE pt_root, 255, l2b, PTE_V
        SET_PTE l2b, 0, l1b, PTE_V
        SET_PTE_PA l2b, 1, 0x80200000, PTE_V | PTE_R | PTE_W | PTE_A | PTE_D
        SET_PTE l1b, 0, l0b, PTE_V
        SET_PTE_PA l1b, 1, PA_MEGA, PTE_V | PTE_R | PTE_W | PTE_A | PTE_D
        SET_PTE l0b, 0, page_a, PTE_V | PTE_R | PTE_W | PTE_A | PTE_D
        SET_PTE l0b, 2, page_a, PTE_V | PTE_R | PTE_W
        SET_PTE_PA pt_root, 1, 0, PTE_V | PTE_R | PTE_W | PTE_A | PTE_D
        SET_PTE pt_root, 256, l2_id, PTE_V
        la a0, page_a
        li a1, PAT_A
        sd a1, 8(a0)
        li a0, PA_MEGA + 0x5f0
        li a1, PAT_M
        sd a1, 0(a0)
        li a0, (1 << CAUSE_LOAD_PAGE_FAULT) | (1 << CAUSE_STORE_PAGE_FAULT) | (1 << CAUSE_FETCH_PAGE_FAULT)
        csrw medeleg, a0
        csrw satp, s0
        sfence.vma
        MRET_TO PRV_S, 1f
1:
TEST 2
        li a1, VA_HI
        ld a0, 8(a1)
        CHECK a0, PAT_A
TEST 3
        li a1, VA_HI
        li a2, 0x4848
        sd a2, 32(a1)
        la a3, page_a
        ld a0, 32(a3)
        CHECK a0, 0x4848
TEST 4
        li a1, VA_HI + 0x1000
        TRAP_S ld a0, 0(a1)
        CHECK_STRAP CAUSE_LOAD_PAGE_FAULT, VA_HI + 0x1000
TEST 5
        li a1, VA_HIMEG + 0x5f0
        ld a0, 0(a1)
        CHECK a0, PAT_M
TEST 6
        /* a gigapage whose PPN is not 1 GiB aligned faults */
        li a1, VA_BADG + 8
        TRAP_S ld a0, 0(a1)
        CHECK_STRAP CAUSE_LOAD_PAGE_FAULT, VA_BADG + 8
TEST 7
        /* terapage: VA_TERA + pa -> pa */
        la a1, page_a
        li a2, VA_TERA
        add a1, a1, a2
        ld a0, 8(a1)
        CHECK a0, PAT_A
TEST 8
        /* upper half */
        la a1, page_a
        li a2, VA_NEG
        add a1, a1, a2
        ld a0, 8(a1)
        CHECK a0, PAT_A
TEST 9
        /* bit 47 set without sign extension: non-canonical */
        li a1, 0x0000800000000000
        TRAP_S ld a0, 0(a1)
        CHECK_STRAP CAUSE_LOAD_PAGE_FAULT, 0x0000800000000000
TEST 10
        li a1, 0x0001000080000000
        TRAP_S sd a0, 0(a1)
        CHECK_STRAP CAUSE_STORE_PAGE_FAULT, 0x0001000080000000
TEST 11
        /* fetch through the upper-half alias of this code */
        la a1, 1f
        li a2, VA_NEG
        add a1, a1, a2
        jr a1
        j fail
1:      auipc a0, 0
        li a1, VA_NEG
        bgeu a0, a1, 2f
        j fail
2:      la a1, 3f                       /* pc-relative: the high alias */
        li a2, VA_NEG
        sub a1, a1, a2                  /* back to the low alias */
        jr a1
3:      auipc a0, 0
        li a1, VA_NEG
        bltu a0, a1, 4f
        j fail
4:
TEST 12
        /* A and D at the leaf of a 4-level walk */
        la a2, l0b + 2 * 8
        ld a0, 0(a2)
        andi a0, a0, PTE_A | PTE_D
        CHECK a0, 0
        li a1, VA_HI + 0x2000
        ld a0, 0(a1)
        ld a0, 0(a2)
        andi a0, a0, PTE_A | PTE_D
        CHECK a0, PTE_A
        sd a0, 0(a1)
        ld a0, 0(a2)
        andi a0, a0, PTE_A | PTE_D
        CHECK a0, PTE_A | PTE_D
TEST 13
        /* an Sv39 satp over the same memory: VA_HI is non-canonical now */
        BACK_TO_M
        la a0, sv39_root
        li a1, 512
        mv a2, a0
1:      sd zero, 0(a2)
        addi a2, a2, 8
        addi a1, a1, -1
        bnez a1, 1b
        SET_PTE_PA sv39_root, 2, 0x80000000, PTE_V | PTE_R | PTE_W | PTE_X | PTE_A | PTE_D
        srli a0, a0, 12
        li a1, SATP_SV39
        or a0, a0, a1
        csrw satp, a0
        sfence.vma
        MRET_TO PRV_S, 1f
1:      li a1, VA_HI
        TRAP_S ld a0, 0(a1)
        CHECK_STRAP CAUSE_LOAD_PAGE_FAULT, VA_HI
        BACK_TO_M
        csrw satp, zero
TEST_END

        .bss
        .balign 4096
pt_root: .zero 4096
l2_id:   .zero 4096
l2b:     .zero 4096
l1b:     .zero 4096
l0b:     .zero 4096
sv39_root: .zero 4096
page_a:  .zero 4096
