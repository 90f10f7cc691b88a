/*
 * RV64I control transfer: conditional branches taken / not taken, forward and
 * backward, signed vs unsigned; jal / jalr link values, jalr clearing bit 0,
 * jalr with rd == rs1.
 */
#include "test.h"

/* branch must be taken (forward) */
.macro BT n, op, a, b
TEST \n
        li a1, \a
        li a2, \b
        \op a1, a2, 2f
        j fail
2:
.endm
/* branch must not be taken */
.macro BN n, op, a, b
TEST \n
        li a1, \a
        li a2, \b
        \op a1, a2, 3f
        j 4f
3:      j fail
4:
.endm
/* backward taken branch */
.macro BTB n, op, a, b
TEST \n
        li a1, \a
        li a2, \b
        j 2f
1:      j 4f
2:      \op a1, a2, 1b
        j fail
4:
.endm

TEST_BEGIN

        /* beq */
        BT 1, beq, 0x0, 0x0
        BN 2, beq, 0x1, 0x0
        BN 3, beq, 0x0, 0x1
        BN 4, beq, 0xffffffffffffffff, 0x1
        BN 5, beq, 0x1, 0xffffffffffffffff
        BT 6, beq, 0xffffffffffffffff, 0xffffffffffffffff
        BN 7, beq, 0x8000000000000000, 0x7fffffffffffffff
        BN 8, beq, 0x7fffffffffffffff, 0x8000000000000000
        BN 9, beq, 0x100000000, 0x0
        BN 10, beq, 0x0, 0x100000000

        /* bne */
        BN 11, bne, 0x0, 0x0
        BT 12, bne, 0x1, 0x0
        BT 13, bne, 0x0, 0x1
        BT 14, bne, 0xffffffffffffffff, 0x1
        BT 15, bne, 0x1, 0xffffffffffffffff
        BN 16, bne, 0xffffffffffffffff, 0xffffffffffffffff
        BT 17, bne, 0x8000000000000000, 0x7fffffffffffffff
        BT 18, bne, 0x7fffffffffffffff, 0x8000000000000000
        BT 19, bne, 0x100000000, 0x0
        BT 20, bne, 0x0, 0x100000000

        /* blt */
        BN 21, blt, 0x0, 0x0
        BN 22, blt, 0x1, 0x0
        BT 23, blt, 0x0, 0x1
        BT 24, blt, 0xffffffffffffffff, 0x1
        BN 25, blt, 0x1, 0xffffffffffffffff
        BN 26, blt, 0xffffffffffffffff, 0xffffffffffffffff
        BT 27, blt, 0x8000000000000000, 0x7fffffffffffffff
        BN 28, blt, 0x7fffffffffffffff, 0x8000000000000000
        BN 29, blt, 0x100000000, 0x0
        BT 30, blt, 0x0, 0x100000000

        /* bge */
        BT 31, bge, 0x0, 0x0
        BT 32, bge, 0x1, 0x0
        BN 33, bge, 0x0, 0x1
        BN 34, bge, 0xffffffffffffffff, 0x1
        BT 35, bge, 0x1, 0xffffffffffffffff
        BT 36, bge, 0xffffffffffffffff, 0xffffffffffffffff
        BN 37, bge, 0x8000000000000000, 0x7fffffffffffffff
        BT 38, bge, 0x7fffffffffffffff, 0x8000000000000000
        BT 39, bge, 0x100000000, 0x0
        BN 40, bge, 0x0, 0x100000000

        /* bltu */
        BN 41, bltu, 0x0, 0x0
        BN 42, bltu, 0x1, 0x0
        BT 43, bltu, 0x0, 0x1
        BN 44, bltu, 0xffffffffffffffff, 0x1
        BT 45, bltu, 0x1, 0xffffffffffffffff
        BN 46, bltu, 0xffffffffffffffff, 0xffffffffffffffff
        BN 47, bltu, 0x8000000000000000, 0x7fffffffffffffff
        BT 48, bltu, 0x7fffffffffffffff, 0x8000000000000000
        BN 49, bltu, 0x100000000, 0x0
        BT 50, bltu, 0x0, 0x100000000

        /* bgeu */
        BT 51, bgeu, 0x0, 0x0
        BT 52, bgeu, 0x1, 0x0
        BN 53, bgeu, 0x0, 0x1
        BT 54, bgeu, 0xffffffffffffffff, 0x1
        BN 55, bgeu, 0x1, 0xffffffffffffffff
        BT 56, bgeu, 0xffffffffffffffff, 0xffffffffffffffff
        BT 57, bgeu, 0x8000000000000000, 0x7fffffffffffffff
        BN 58, bgeu, 0x7fffffffffffffff, 0x8000000000000000
        BT 59, bgeu, 0x100000000, 0x0
        BN 60, bgeu, 0x0, 0x100000000

        /* backward taken branches */
        BTB 61, beq, 5, 5
        BTB 62, bne, 5, 6
        BTB 63, blt, -6, 5
        BTB 64, bge, 5, -6
        BTB 65, bltu, 5, -6
        BTB 66, bgeu, -6, 5

        /* same register on both sides; x0 operands */
TEST 67
        li a1, 9
        beq a1, a1, 1f
        j fail
1:      blt a1, a1, fail
        bge a1, a1, 1f
        j fail
1:      bltu a1, a1, fail
        bgeu a1, a1, 1f
        j fail
1:      bne a1, a1, fail
TEST 68
        beq x0, x0, 1f
        j fail
1:      li a1, -1
        bltu x0, a1, 1f
        j fail
1:      blt x0, a1, fail
        bgtz a1, fail
        bltz a1, 1f
        j fail
1:      bnez a1, 1f
        j fail
1:      beqz zero, 1f
        j fail
1:

        /* a counted loop with a backward branch */
TEST 69
        li a0, 0
        li a1, 100
1:      addi a0, a0, 3
        addi a1, a1, -1
        bnez a1, 1b
        CHECK a0, 300

        /* jal: rd = address of the next instruction */
TEST 70
        jal a0, 1f
2:      j fail
1:      la a1, 2b
        CHECKR a0, a1
TEST 71
        /* backward jal */
        j 2f
1:      j 3f
2:      jal a0, 1b
4:      j fail
3:      la a1, 4b
        CHECKR a0, a1
TEST 72
        /* jal with rd = x0 (j) does not write */
        jal x0, 1f
        j fail
1:      CHECK x0, 0
TEST 73
        /* call / ret use ra */
        li a0, 0
        call sub_add5
        call sub_add5
        CHECK a0, 10

        /* jalr */
TEST 74
        la a1, 1f
        jalr a0, 0(a1)
2:      j fail
1:      la a2, 2b
        CHECKR a0, a2
TEST 75
        /* positive and negative offsets */
        la a1, 1f - 16
        jalr a0, 16(a1)
        j fail
1:      la a1, 1f + 20
        jalr a0, -20(a1)
        j fail
1:
TEST 76
        /* bit 0 of the target is cleared */
        la a1, 1f
        addi a1, a1, 1
        jalr a0, 0(a1)
        j fail
        .balign 4
1:      la a1, 1f
        jalr a0, 1(a1)
        j fail
        .balign 4
1:
TEST 77
        /* rd == rs1: the target uses the old value */
        la a0, 1f
        jalr a0, 0(a0)
2:      j fail
1:      la a1, 2b
        CHECKR a0, a1
TEST 78
        /* jalr x0 (jr) */
        la a1, 1f
        jr a1
        j fail
1:      CHECK x0, 0
TEST 79
        /* a computed jump table */
        li a0, 0
        li a3, 0
1:      la a1, jtab
        slli a2, a3, 3
        add a1, a1, a2
        ld a1, 0(a1)
        jalr ra, 0(a1)
        addi a3, a3, 1
        li a2, 3
        blt a3, a2, 1b
        CHECK a0, 111
TEST_END

sub_add5:
        addi a0, a0, 5
        ret
jt0:    addi a0, a0, 1
        ret
jt1:    addi a0, a0, 10
        ret
jt2:    addi a0, a0, 100
        ret

        .data
        .align 3
jtab:   .dword jt0, jt1, jt2
