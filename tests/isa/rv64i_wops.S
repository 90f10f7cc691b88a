/*
 * RV64I word (W) operations: 32-bit results sign-extended to 64 bits, upper
 * 32 source bits ignored, shift amounts taken from the low 5 bits.
 */
#include "test.h"

TEST_BEGIN

        /* addw / subw: 32-bit result sign-extended, upper source bits ignored */
        RR 1, addw, 0x0, 0x0, 0x0
        RR 2, addw, 0x1, 0x1, 0x2
        RR 3, addw, 0x7fffffff, 0x1, 0xffffffff80000000
        RR 4, addw, 0xffffffff, 0x1, 0x0
        RR 5, addw, 0xffffffff00000001, 0x100000002, 0x3
        RR 6, addw, 0x80000000, 0x80000000, 0x0
        RR 7, addw, 0xffffffffffffffff, 0xffffffffffffffff, 0xfffffffffffffffe
        RR 8, addw, 0x12345678, 0x7edcba98, 0xffffffff91111110
        RR 9, subw, 0x0, 0x1, 0xffffffffffffffff
        RR 10, subw, 0x80000000, 0x1, 0x7fffffff
        RR 11, subw, 0x7fffffff, 0xffffffffffffffff, 0xffffffff80000000
        RR 12, subw, 0x100000000, 0x1, 0xffffffffffffffff
        RR 13, subw, 0xdeadbeef00000005, 0x3, 0x2
        RR 14, subw, 0x0, 0x80000000, 0xffffffff80000000

        /* addiw (sext.w is addiw rd, rs, 0) */
        RI 15, addiw, 0x7fffffff, 1, 0xffffffff80000000
        RI 16, addiw, 0xffffffff, 0, 0xffffffffffffffff
        RI 17, addiw, 0x123456789, 0, 0x23456789
        RI 18, addiw, 0x80000000, -1, 0x7fffffff
        RI 19, addiw, 0x0, -2048, 0xfffffffffffff800
        RI 20, addiw, 0xffffffff80000000, 0, 0xffffffff80000000
        RI 21, addiw, 0x7ffff800, 2047, 0x7fffffff

        /* sllw / srlw / sraw: shift amount is rs2[4:0] */
        RR 22, sllw, 0x1, 0x0, 0x1
        RR 23, sllw, 0x1, 0x1f, 0xffffffff80000000
        RR 24, sllw, 0x80000000, 0x0, 0xffffffff80000000
        RR 25, sllw, 0x80000000, 0x1, 0x0
        RR 26, sllw, 0x80000001, 0x4, 0x10
        RR 27, sllw, 0xffffffff, 0x1f, 0xffffffff80000000
        RR 28, sllw, 0x1234567800000000, 0x4, 0x0
        RR 29, sllw, 0xfedcba9876543210, 0x8, 0x54321000
        RR 30, sllw, 0x1, 0x20, 0x1
        RR 31, sllw, 0x1, 0x21, 0x2
        RR 32, sllw, 0x80000000, 0xffffffffffffffff, 0x0
        RR 33, srlw, 0x1, 0x0, 0x1
        RR 34, srlw, 0x1, 0x1f, 0x0
        RR 35, srlw, 0x80000000, 0x0, 0xffffffff80000000
        RR 36, srlw, 0x80000000, 0x1, 0x40000000
        RR 37, srlw, 0x80000001, 0x4, 0x8000000
        RR 38, srlw, 0xffffffff, 0x1f, 0x1
        RR 39, srlw, 0x1234567800000000, 0x4, 0x0
        RR 40, srlw, 0xfedcba9876543210, 0x8, 0x765432
        RR 41, srlw, 0x1, 0x20, 0x1
        RR 42, srlw, 0x1, 0x21, 0x0
        RR 43, srlw, 0x80000000, 0xffffffffffffffff, 0x1
        RR 44, sraw, 0x1, 0x0, 0x1
        RR 45, sraw, 0x1, 0x1f, 0x0
        RR 46, sraw, 0x80000000, 0x0, 0xffffffff80000000
        RR 47, sraw, 0x80000000, 0x1, 0xffffffffc0000000
        RR 48, sraw, 0x80000001, 0x4, 0xfffffffff8000000
        RR 49, sraw, 0xffffffff, 0x1f, 0xffffffffffffffff
        RR 50, sraw, 0x1234567800000000, 0x4, 0x0
        RR 51, sraw, 0xfedcba9876543210, 0x8, 0x765432
        RR 52, sraw, 0x1, 0x20, 0x1
        RR 53, sraw, 0x1, 0x21, 0x0
        RR 54, sraw, 0x80000000, 0xffffffffffffffff, 0xffffffffffffffff
        RI 55, slliw, 0x1, 0, 0x1
        RI 56, slliw, 0x1, 31, 0xffffffff80000000
        RI 57, slliw, 0x80000000, 0, 0xffffffff80000000
        RI 58, slliw, 0xffffffff80000000, 31, 0x0
        RI 59, slliw, 0x12345678abcdef01, 16, 0xffffffffef010000
        RI 60, slliw, 0x7fffffff, 1, 0xfffffffffffffffe
        RI 61, slliw, 0x40000000, 1, 0xffffffff80000000
        RI 62, srliw, 0x1, 0, 0x1
        RI 63, srliw, 0x1, 31, 0x0
        RI 64, srliw, 0x80000000, 0, 0xffffffff80000000
        RI 65, srliw, 0xffffffff80000000, 31, 0x1
        RI 66, srliw, 0x12345678abcdef01, 16, 0xabcd
        RI 67, srliw, 0x7fffffff, 1, 0x3fffffff
        RI 68, srliw, 0x40000000, 1, 0x20000000
        RI 69, sraiw, 0x1, 0, 0x1
        RI 70, sraiw, 0x1, 31, 0x0
        RI 71, sraiw, 0x80000000, 0, 0xffffffff80000000
        RI 72, sraiw, 0xffffffff80000000, 31, 0xffffffffffffffff
        RI 73, sraiw, 0x12345678abcdef01, 16, 0xffffffffffffabcd
        RI 74, sraiw, 0x7fffffff, 1, 0x3fffffff
        RI 75, sraiw, 0x40000000, 1, 0x20000000

        /* aliasing and x0 */
TEST 76
        li a0, 0x7fffffff
        addw a0, a0, a0
        CHECK a0, 0xfffffffffffffffe
TEST 77
        li a0, 0xffffffff00000000
        addiw a0, a0, -1
        CHECK a0, -1
TEST 78
        li a1, 0x80000000
        addw x0, a1, a1
        CHECK x0, 0
TEST 79
        /* 32-bit wrap-around loop */
        li a0, 0x7ffffffd
        li a1, 0
1:      addiw a0, a0, 1
        addi a1, a1, 1
        bgez a0, 1b
        CHECK a0, 0xffffffff80000000
        CHECK a1, 3
TEST_END
