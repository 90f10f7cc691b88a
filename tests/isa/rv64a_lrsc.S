/*
 * RV64A LR/SC: only what the spec guarantees.
 *  - SC without a reservation fails (rd != 0) and does not write memory
 *  - LR/SC in a constrained loop eventually succeeds (rd = 0) and writes
 *  - an SC consumes the reservation: a second SC fails
 *  - SC to an address outside the reservation set (another page) fails
 *  - an SC between LR and SC (to any address) makes the later SC fail
 *  - SC pairs with the most recent LR only
 *  - LR.W sign-extends, SC.W writes exactly 4 bytes
 *  - a store by the same hart between LR and SC: the SC may succeed or fail,
 *    but memory must then hold the SC value or the store value respectively
 * A successful SC is not guaranteed on any single attempt, so success is
 * always checked through a bounded retry loop.
 */
#include "test.h"

/* Constrained LR/SC loop on (\areg): a0 = value loaded, store \vreg. */
.macro LRSC_LOOP width, areg, vreg
        li s1, 100
1:      lr.\width a0, (\areg)
        sc.\width a5, \vreg, (\areg)
        beqz a5, 2f
        addi s1, s1, -1
        bnez s1, 1b
        j fail
2:
.endm

TEST_BEGIN
TEST 1
        /* no LR executed yet: SC must fail and leave memory alone */
        la a1, mem_a
        li a2, 0x1111
        sd a2, 0(a1)
        li a3, 0x2222
        sc.d a5, a3, (a1)
        CHECK_NE a5, 0
        ld a0, 0(a1)
        CHECK a0, 0x1111
TEST 2
        /* LR/SC pair succeeds (eventually) and writes */
        la a1, mem_a
        li a2, 0x123456789abcdef0
        sd a2, 0(a1)
        li a3, 0x0fedcba987654321
        LRSC_LOOP d, a1, a3
        CHECK a0, 0x123456789abcdef0
        ld a4, 0(a1)
        CHECK a4, 0x0fedcba987654321
TEST 3
        /* the successful SC consumed the reservation */
        li a3, 0x5555
        sc.d a5, a3, (a1)
        CHECK_NE a5, 0
        ld a4, 0(a1)
        CHECK a4, 0x0fedcba987654321
TEST 4
        /* LR.W sign-extends; SC.W writes 4 bytes only */
        la a1, mem_a
        li a2, 0x7777777780000001
        sd a2, 0(a1)
        li a3, 0xaaaaaaaa12345678
        LRSC_LOOP w, a1, a3
        CHECK a0, 0xffffffff80000001
        ld a4, 0(a1)
        CHECK a4, 0x7777777712345678
TEST 5
        /* LR.W / SC.W on the upper word */
        la a1, mem_a
        li a2, 0x00000001ffffffff
        sd a2, 0(a1)
        addi a6, a1, 4
        li a3, -2
        LRSC_LOOP w, a6, a3
        CHECK a0, 1
        ld a4, 0(a1)
        CHECK a4, 0xfffffffeffffffff
TEST 6
        /* SC.W without reservation fails */
        li a3, 0
        sc.w a5, a3, (a1)
        CHECK_NE a5, 0
        ld a4, 0(a1)
        CHECK a4, 0xfffffffeffffffff
TEST 7
        /* SC to another page than the LR fails, neither location written */
        la a1, mem_a
        la a2, mem_b
        li a3, 0xa
        sd a3, 0(a1)
        li a3, 0xb
        sd a3, 0(a2)
        lr.d a0, (a1)
        li a3, 0xc
        sc.d a5, a3, (a2)
        CHECK_NE a5, 0
        ld a4, 0(a1)
        CHECK a4, 0xa
        ld a4, 0(a2)
        CHECK a4, 0xb
TEST 8
        /* after LR a; SC b (fails), an SC to a must fail too */
        la a1, mem_a
        la a2, mem_b
        lr.d a0, (a1)
        CHECK a0, 0xa
        li a3, 0xc
        sc.d a5, a3, (a2)
        CHECK_NE a5, 0
        sc.d a5, a3, (a1)
        CHECK_NE a5, 0
        ld a4, 0(a1)
        CHECK a4, 0xa
TEST 9
        /* SC pairs with the most recent LR only: LR a; LR b; SC a fails */
        la a1, mem_a
        la a2, mem_b
        lr.d a0, (a1)
        lr.d a0, (a2)
        li a3, 0xd
        sc.d a5, a3, (a1)
        CHECK_NE a5, 0
        ld a4, 0(a1)
        CHECK a4, 0xa
        /* ... and the reservation on b is gone too (an SC intervened) */
        sc.d a5, a3, (a2)
        CHECK_NE a5, 0
        ld a4, 0(a2)
        CHECK a4, 0xb
TEST 10
        /* store by the same hart between LR and SC: either outcome, but
         * consistent with memory */
        la a1, mem_a
        li a3, 0x100
        sd a3, 0(a1)
        lr.d a0, (a1)
        li a3, 0x200
        sd a3, 0(a1)
        li a3, 0x300
        sc.d a5, a3, (a1)
        ld a4, 0(a1)
        bnez a5, 1f
        CHECK a4, 0x300
        j 2f
1:      CHECK a4, 0x200
2:
TEST 11
        /* SC with rd == rs2: memory gets the old register value */
        la a1, mem_a
        sd zero, 0(a1)
        li s1, 100
1:      li a0, 0x4242
        lr.d a2, (a1)
        sc.d a0, a0, (a1)
        beqz a0, 2f
        addi s1, s1, -1
        bnez s1, 1b
        j fail
2:      ld a4, 0(a1)
        CHECK a4, 0x4242
TEST 12
        /* atomic increment with aq/rl-annotated LR/SC, 200 times */
        la a1, mem_a
        sd zero, 0(a1)
        li s2, 200
1:      li s1, 100
2:      lr.d.aq a0, (a1)
        addi a0, a0, 1
        sc.d.rl a5, a0, (a1)
        beqz a5, 3f
        addi s1, s1, -1
        bnez s1, 2b
        j fail
3:      addi s2, s2, -1
        bnez s2, 1b
        ld a4, 0(a1)
        CHECK a4, 200
TEST 13
        /* compare-and-swap built from LR/SC: succeeds when equal ... */
        la a1, mem_a
        li a2, 200              /* expected */
        li a3, 999              /* new */
        li s1, 100
1:      lr.w.aqrl a0, (a1)
        bne a0, a2, 9f
        sc.w.aqrl a5, a3, (a1)
        beqz a5, 2f
        addi s1, s1, -1
        bnez s1, 1b
9:      j fail
2:      ld a4, 0(a1)
        CHECK a4, 999
TEST 14
        /* ... and leaves memory alone when not equal */
        li a2, 200
        li a3, 1
        lr.w a0, (a1)
        bne a0, a2, 1f
        j fail
1:      ld a4, 0(a1)
        CHECK a4, 999
TEST 15
        /* SC.D to x0 as rd still writes on success */
        la a1, mem_b
        li a3, 0x31
        li s1, 100
1:      lr.d a0, (a1)
        sc.d zero, a3, (a1)
        ld a4, 0(a1)
        beq a4, a3, 2f
        addi s1, s1, -1
        bnez s1, 1b
        j fail
2:      CHECK x0, 0
TEST_END

        .data
        .balign 4096
mem_a:  .zero 64
        .balign 4096
mem_b:  .zero 64
