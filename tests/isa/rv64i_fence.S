/*
 * fence / fence.i and self-modifying code: after stores to instruction
 * memory and a fence.i, the hart must execute the new instructions (also
 * when the modified instruction is the very next one, when it was executed
 * many times before, and when it is a compressed instruction).  HINTs execute
 * as no-ops.
 */
#include "test.h"

#define ADDI_A0_ZERO(imm) ((((imm) & 0xfff) << 20) | 0x513)
#define ADDI_A0_A0(imm)   ((((imm) & 0xfff) << 20) | 0x50513)
#define C_LI_A0(imm)      (0x4501 | (((imm) & 31) << 2) | ((((imm) >> 5) & 1) << 12))
#define RET_INSN          0x00008067
#define C_JR_RA           0x8082

TEST_BEGIN
TEST 1
        /* fences are ordinary instructions with no visible effect here */
        li a0, 5
        fence
        fence rw, rw
        fence r, r
        fence w, w
        fence iorw, iorw
        fence.tso
        fence.i
        CHECK a0, 5
TEST 2
        /* patch one instruction of a function and call it, many times */
        li s0, 0
1:      la a1, patch_fn
        addi a2, s0, 100
        slli a2, a2, 20
        ori a2, a2, 0x513               /* addi a0, zero, s0+100 */
        sw a2, 0(a1)
        fence.i
        call patch_fn
        addi a3, s0, 100
        CHECKR a0, a3
        addi s0, s0, 1
        li a4, 50
        blt s0, a4, 1b
TEST 3
        /* the modified instruction is the one right after the fence.i */
        li s0, 0
1:      la a1, 2f
        addi a2, s0, 1
        slli a2, a2, 20
        ori a2, a2, 0x513               /* addi a0, zero, s0+1 */
        sw a2, 0(a1)
        fence.i
2:      .word ADDI_A0_ZERO(0)
        addi a3, s0, 1
        CHECKR a0, a3
        addi s0, s0, 1
        li a4, 20
        blt s0, a4, 1b
TEST 4
        /* compressed instruction patched with a halfword store */
        la a1, cpatch_fn
        li a2, C_LI_A0(-7)
        sh a2, 0(a1)
        fence.i
        call cpatch_fn
        CHECK a0, -7
        li a2, C_LI_A0(17)
        sh a2, 0(a1)
        fence.i
        call cpatch_fn
        CHECK a0, 17
TEST 5
        /* a function written into data memory, then rewritten */
        la a1, dyn_code
        li a2, ADDI_A0_A0(3)
        sw a2, 0(a1)
        li a2, RET_INSN
        sw a2, 4(a1)
        fence.i
        li a0, 10
        jalr ra, 0(a1)
        CHECK a0, 13
        li a2, ADDI_A0_A0(-4)
        sw a2, 0(a1)
        fence.i
        li a0, 10
        jalr ra, 0(a1)
        CHECK a0, 6
TEST 6
        /* patch only the immediate byte of an instruction with sb */
        la a1, dyn_code
        li a2, ADDI_A0_A0(0)
        sw a2, 0(a1)
        fence.i
        li a0, 1
        jalr ra, 0(a1)
        CHECK a0, 1
        li a2, 0x05                     /* bits 31:24 = imm[11:4] -> imm = 0x50 */
        sb a2, 3(a1)
        fence.i
        li a0, 1
        jalr ra, 0(a1)
        CHECK a0, 0x51
TEST 7
        /* a loop body that rewrites its own successor each iteration */
        li s0, 0
        li s1, 0
1:      la a1, 2f
        andi a2, s0, 1
        beqz a2, 3f
        li a2, ADDI_A0_A0(7)
        j 4f
3:      li a2, ADDI_A0_A0(1)
4:      sw a2, 0(a1)
        fence.i
        mv a0, s1
2:      .word ADDI_A0_A0(0)
        mv s1, a0
        addi s0, s0, 1
        li a4, 10
        blt s0, a4, 1b
        CHECK s1, 40                    /* 5 * 1 + 5 * 7 */
TEST 8
        /* HINTs (rd = x0 forms of computational instructions) are no-ops */
        li a0, 3
        .word 0x00500013                /* addi x0, x0, 5 */
        .word 0x00a01013                /* slli x0, x0, 10 */
        .word 0x0000e033                /* or x0, x1, x0 -> rd = x0 */
        .word 0x12345037                /* lui x0, 0x12345 */
        .word 0x0100000f                /* pause (fence w, 0) */
        CHECK a0, 3
        CHECK x0, 0
TEST_END

        .text
        .balign 4
patch_fn:
        .word ADDI_A0_ZERO(0)
        ret
        .balign 4
cpatch_fn:
        .half C_LI_A0(0)
        .half C_JR_RA

        .bss
        .balign 64
dyn_code:
        .zero 64
