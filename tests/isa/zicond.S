/*
 * Zicond: czero.eqz rd = (rs2 == 0) ? 0 : rs1; czero.nez rd = (rs2 != 0) ?
 * 0 : rs1 (all 64 bits of rs2 are tested).  binutils 2.40 does not know
 * Zicond, so the instructions are written with .insn (OP, funct7 0000111,
 * funct3 101 / 111).  QEMU 7.2 lacks Zicond: `make check-isa-qemu` skips
 * this test.  Expected values computed from the Zicond 1.0 definitions.
 */
#include "test.h"

.macro czero_eqz rd, rs1, rs2
        .insn r 0x33, 5, 7, \rd, \rs1, \rs2
.endm
.macro czero_nez rd, rs1, rs2
        .insn r 0x33, 7, 7, \rd, \rs1, \rs2
.endm


TEST_BEGIN

        RR 1, czero_eqz, 0x0, 0x0, 0x0
        RR 2, czero_eqz, 0x5, 0x0, 0x0
        RR 3, czero_eqz, 0x5, 0x1, 0x5
        RR 4, czero_eqz, 0xffffffffffffffff, 0x0, 0x0
        RR 5, czero_eqz, 0xffffffffffffffff, 0xffffffffffffffff, 0xffffffffffffffff
        RR 6, czero_eqz, 0x123456789abcdef0, 0x8000000000000000, 0x123456789abcdef0
        RR 7, czero_eqz, 0x123456789abcdef0, 0x100000000, 0x123456789abcdef0
        RR 8, czero_eqz, 0x8000000000000000, 0xffffffff00000000, 0x8000000000000000
        RR 9, czero_nez, 0x0, 0x0, 0x0
        RR 10, czero_nez, 0x5, 0x0, 0x5
        RR 11, czero_nez, 0x5, 0x1, 0x0
        RR 12, czero_nez, 0xffffffffffffffff, 0x0, 0xffffffffffffffff
        RR 13, czero_nez, 0xffffffffffffffff, 0xffffffffffffffff, 0x0
        RR 14, czero_nez, 0x123456789abcdef0, 0x8000000000000000, 0x0
        RR 15, czero_nez, 0x123456789abcdef0, 0x100000000, 0x0
        RR 16, czero_nez, 0x8000000000000000, 0xffffffff00000000, 0x0

TEST 17
        /* rd = x0; rd = rs1; rd = rs2; rs1 = rs2 */
        li a1, 7
        li a2, 1
        czero_nez zero, a1, zero
        mv a0, zero
        CHECK a0, 0
        li a0, 9
        czero_eqz a0, a0, a2
        CHECK a0, 9
        li a0, 9
        czero_nez a0, a1, a0
        CHECK a0, 0
        li a0, 4
        czero_eqz a3, a0, a0
        CHECK a3, 4
        czero_nez a3, a0, a0
        CHECK a3, 0
TEST 18
        /* the usual select idiom: rd = cond ? x : y */
        li a1, 111                      /* x */
        li a2, 222                      /* y */
        li a4, 0x100000000              /* cond: true (only an upper bit set) */
        czero_eqz a5, a1, a4
        czero_nez a6, a2, a4
        or a0, a5, a6
        CHECK a0, 111
        li a4, 0
        czero_eqz a5, a1, a4
        czero_nez a6, a2, a4
        or a0, a5, a6
        CHECK a0, 222
TEST_END
