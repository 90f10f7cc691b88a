/*
 * Zicntr counters and their access control: cycle / instret / time read
 * from M; minstret / mcycle counting and writable; mcounteren controls S
 * (and U) access, scounteren additionally controls U; a denied access is an
 * illegal instruction with tval = the instruction.
 *
 * time: QEMU's spike machine implements no time CSR (rdtime traps even in
 * M-mode), so the time cases run only if rdtime works in M-mode.  rewind
 * (like QEMU virt) must implement it: time = CLINT mtime.
 */
#include "test.h"

#define CY (1 << 0)
#define TM (1 << 1)
#define IR (1 << 2)

TEST_BEGIN
TEST 1
        /* instret counts: it strictly increases across instructions */
        rdinstret a0
        nop
        nop
        rdinstret a1
        bltu a0, a1, 1f
        j fail
1:
TEST 2
        /* cycle never decreases */
        rdcycle a0
        li a2, 100
1:      addi a2, a2, -1
        bnez a2, 1b
        rdcycle a1
        bgeu a1, a0, 1f
        j fail
1:
TEST 3
        /* minstret is writable, and counts on from the written value */
        li a0, 1000000
        csrw minstret, a0
        csrr a1, minstret
        bgeu a1, a0, 1f
        j fail
1:      li a2, 1000000 + 1000000000
        bltu a1, a2, 1f
        j fail
1:
TEST 4
        li a0, 0x100000000000
        csrw mcycle, a0
        csrr a1, mcycle
        bgeu a1, a0, 1f
        j fail
1:      rdcycle a2              /* cycle is the same counter as mcycle */
        bgeu a2, a1, 1f
        j fail
1:
TEST 5
        /* hpm counters exist as CSRs (possibly hardwired to zero); only
         * counter 3 is checked: QEMU 7.2 makes the ones above its
         * pmu-num (16) illegal */
        csrr a0, mhpmcounter3
        csrr a0, mhpmevent3

        /* does this machine implement the time CSR in M-mode? */
TEST 6
        li s0, 1                        /* s0 = time implemented */
        EXPECT_M 1f
        rdtime a0
        la t6, trapinfo
        sd zero, TI_RESUME(t6)
        j 2f
1:      CHECK_MCAUSE CAUSE_ILLEGAL
        li s0, 0
2:
TEST 7
        /* time follows mtime */
        beqz s0, 1f
        li a3, CLINT_MTIME
        rdtime a0
        ld a1, 0(a3)
        rdtime a2
        bgeu a1, a0, 2f
        j fail
2:      bgeu a2, a1, 1f
        j fail
1:

        /* mcounteren = 0: S-mode reads trap */
TEST 8
        csrw mcounteren, zero
        csrw scounteren, zero
        MRET_TO PRV_S, 1f
1:      TRAP_M_IN PRV_S, rdcycle a0
        CHECK_MILLEGAL
TEST 9
        TRAP_M_IN PRV_S, rdinstret a0
        CHECK_MILLEGAL
TEST 10
        beqz s0, 1f
        TRAP_M_IN PRV_S, rdtime a0
        CHECK_MILLEGAL
1:
TEST 11
        /* U-mode too */
        BACK_TO_M
        MRET_TO PRV_U, 1f
1:      TRAP_M_IN PRV_U, rdcycle a0
        CHECK_MILLEGAL
TEST 12
        TRAP_M_IN PRV_U, rdinstret a0
        CHECK_MILLEGAL
        BACK_TO_M

        /* mcounteren = CY|IR|TM: S may read; U still needs scounteren */
TEST 13
        li a0, CY | TM | IR
        csrw mcounteren, a0
        csrr a1, mcounteren
        andi a1, a1, 7
        CHECK a1, 7
        MRET_TO PRV_S, 1f
1:      rdcycle a0
        rdinstret a0
        beqz s0, 2f
        rdtime a0
2:
TEST 14
        /* hpmcounter3 is gated by bit 3 */
        TRAP_M_IN PRV_S, csrr a0, hpmcounter3
        CHECK_MILLEGAL
        BACK_TO_M
TEST 15
        MRET_TO PRV_U, 1f
1:      TRAP_M_IN PRV_U, rdcycle a0
        CHECK_MILLEGAL
TEST 16
        beqz s0, 1f
        TRAP_M_IN PRV_U, rdtime a0
        CHECK_MILLEGAL
1:      BACK_TO_M

        /* scounteren = CY only: U may read cycle, not instret */
TEST 17
        li a0, CY
        csrw scounteren, a0
        MRET_TO PRV_U, 1f
1:      rdcycle a0
        TRAP_M_IN PRV_U, rdinstret a0
        CHECK_MILLEGAL
        BACK_TO_M
TEST 18
        /* scounteren does not restrict S */
        MRET_TO PRV_S, 1f
1:      rdinstret a0
        BACK_TO_M
TEST 19
        /* scounteren = all, but mcounteren without IR: U and S denied */
        li a0, CY | TM | IR
        csrw scounteren, a0
        li a0, CY | TM
        csrw mcounteren, a0
        MRET_TO PRV_U, 1f
1:      rdcycle a0
        TRAP_M_IN PRV_U, rdinstret a0
        CHECK_MILLEGAL
        BACK_TO_M
TEST 20
        MRET_TO PRV_S, 1f
1:      TRAP_M_IN PRV_S, rdinstret a0
        CHECK_MILLEGAL
        BACK_TO_M
TEST 21
        /* both enabled: U reads everything */
        li a0, CY | TM | IR
        csrw mcounteren, a0
        MRET_TO PRV_U, 1f
1:      rdcycle a0
        rdinstret a0
        beqz s0, 2f
        rdtime a0
2:      BACK_TO_M
TEST 22
        /* S can write scounteren */
        MRET_TO PRV_S, 1f
1:      csrwi scounteren, 0
        csrr a0, scounteren
        CHECK a0, 0
        BACK_TO_M
TEST 23
        /* U cannot write counters (read-only CSRs) even when allowed */
        MRET_TO PRV_U, 1f
1:      TRAP_M_IN PRV_U, csrw cycle, zero
        CHECK_MILLEGAL
        BACK_TO_M
        csrw mcounteren, zero
TEST_END
