/*
 * RV64M: mul / mulh / mulhsu / mulhu, div / divu / rem / remu including
 * division by zero and signed overflow, and the W forms.
 */
#include "test.h"

TEST_BEGIN

        /* mul */
        RR 1, mul, 0x0, 0x0, 0x0
        RR 2, mul, 0x3, 0x7, 0x15
        RR 3, mul, 0xffffffffffffffff, 0xffffffffffffffff, 0x1
        RR 4, mul, 0xffffffffffffffff, 0x1, 0xffffffffffffffff
        RR 5, mul, 0x7fffffffffffffff, 0x2, 0xfffffffffffffffe
        RR 6, mul, 0x8000000000000000, 0x8000000000000000, 0x0
        RR 7, mul, 0x8000000000000000, 0xffffffffffffffff, 0x8000000000000000
        RR 8, mul, 0x7fffffffffffffff, 0x7fffffffffffffff, 0x1
        RR 9, mul, 0x123456789abcdef0, 0xfedcba9876543210, 0x236d88fe5618cf00
        RR 10, mul, 0xffffffff, 0xffffffff, 0xfffffffe00000001
        RR 11, mul, 0xfffffffffffffff9, 0x5, 0xffffffffffffffdd

        /* mulh */
        RR 12, mulh, 0x0, 0x0, 0x0
        RR 13, mulh, 0x3, 0x7, 0x0
        RR 14, mulh, 0xffffffffffffffff, 0xffffffffffffffff, 0x0
        RR 15, mulh, 0xffffffffffffffff, 0x1, 0xffffffffffffffff
        RR 16, mulh, 0x7fffffffffffffff, 0x2, 0x0
        RR 17, mulh, 0x8000000000000000, 0x8000000000000000, 0x4000000000000000
        RR 18, mulh, 0x8000000000000000, 0xffffffffffffffff, 0x0
        RR 19, mulh, 0x7fffffffffffffff, 0x7fffffffffffffff, 0x3fffffffffffffff
        RR 20, mulh, 0x123456789abcdef0, 0xfedcba9876543210, 0xffeb49923cc09532
        RR 21, mulh, 0xffffffff, 0xffffffff, 0x0
        RR 22, mulh, 0xfffffffffffffff9, 0x5, 0xffffffffffffffff

        /* mulhu */
        RR 23, mulhu, 0x0, 0x0, 0x0
        RR 24, mulhu, 0x3, 0x7, 0x0
        RR 25, mulhu, 0xffffffffffffffff, 0xffffffffffffffff, 0xfffffffffffffffe
        RR 26, mulhu, 0xffffffffffffffff, 0x1, 0x0
        RR 27, mulhu, 0x7fffffffffffffff, 0x2, 0x0
        RR 28, mulhu, 0x8000000000000000, 0x8000000000000000, 0x4000000000000000
        RR 29, mulhu, 0x8000000000000000, 0xffffffffffffffff, 0x7fffffffffffffff
        RR 30, mulhu, 0x7fffffffffffffff, 0x7fffffffffffffff, 0x3fffffffffffffff
        RR 31, mulhu, 0x123456789abcdef0, 0xfedcba9876543210, 0x121fa00ad77d7422
        RR 32, mulhu, 0xffffffff, 0xffffffff, 0x0
        RR 33, mulhu, 0xfffffffffffffff9, 0x5, 0x4

        /* mulhsu */
        RR 34, mulhsu, 0x0, 0x0, 0x0
        RR 35, mulhsu, 0x3, 0x7, 0x0
        RR 36, mulhsu, 0xffffffffffffffff, 0xffffffffffffffff, 0xffffffffffffffff
        RR 37, mulhsu, 0xffffffffffffffff, 0x1, 0xffffffffffffffff
        RR 38, mulhsu, 0x7fffffffffffffff, 0x2, 0x0
        RR 39, mulhsu, 0x8000000000000000, 0x8000000000000000, 0xc000000000000000
        RR 40, mulhsu, 0x8000000000000000, 0xffffffffffffffff, 0x8000000000000000
        RR 41, mulhsu, 0x7fffffffffffffff, 0x7fffffffffffffff, 0x3fffffffffffffff
        RR 42, mulhsu, 0x123456789abcdef0, 0xfedcba9876543210, 0x121fa00ad77d7422
        RR 43, mulhsu, 0xffffffff, 0xffffffff, 0x0
        RR 44, mulhsu, 0xfffffffffffffff9, 0x5, 0xffffffffffffffff

        /* mulw: low 32 bits of the product, sign-extended */
        RR 45, mulw, 0x3, 0x7, 0x15
        RR 46, mulw, 0x7fffffff, 0x2, 0xfffffffffffffffe
        RR 47, mulw, 0x10000, 0x10000, 0x0
        RR 48, mulw, 0xffffffff00000003, 0xffffffff, 0xfffffffffffffffd
        RR 49, mulw, 0xffffffffffffffff, 0xffffffffffffffff, 0x1
        RR 50, mulw, 0x80000000, 0x1, 0xffffffff80000000

        /* div / rem: truncating; x/0 = -1 and x%0 = x; MIN/-1 = MIN and MIN%-1 = 0 */
        RR 51, div, 0x14, 0x6, 0x3
        RR 52, div, 0xffffffffffffffec, 0x6, 0xfffffffffffffffd
        RR 53, div, 0x14, 0xfffffffffffffffa, 0xfffffffffffffffd
        RR 54, div, 0xffffffffffffffec, 0xfffffffffffffffa, 0x3
        RR 55, div, 0x0, 0x5, 0x0
        RR 56, div, 0x7, 0x0, 0xffffffffffffffff
        RR 57, div, 0xfffffffffffffff9, 0x0, 0xffffffffffffffff
        RR 58, div, 0x0, 0x0, 0xffffffffffffffff
        RR 59, div, 0x8000000000000000, 0xffffffffffffffff, 0x8000000000000000
        RR 60, div, 0x8000000000000000, 0x1, 0x8000000000000000
        RR 61, div, 0x7fffffffffffffff, 0xffffffffffffffff, 0x8000000000000001
        RR 62, div, 0x8000000000000000, 0x2, 0xc000000000000000
        RR 63, rem, 0x14, 0x6, 0x2
        RR 64, rem, 0xffffffffffffffec, 0x6, 0xfffffffffffffffe
        RR 65, rem, 0x14, 0xfffffffffffffffa, 0x2
        RR 66, rem, 0xffffffffffffffec, 0xfffffffffffffffa, 0xfffffffffffffffe
        RR 67, rem, 0x0, 0x5, 0x0
        RR 68, rem, 0x7, 0x0, 0x7
        RR 69, rem, 0xfffffffffffffff9, 0x0, 0xfffffffffffffff9
        RR 70, rem, 0x0, 0x0, 0x0
        RR 71, rem, 0x8000000000000000, 0xffffffffffffffff, 0x0
        RR 72, rem, 0x8000000000000000, 0x1, 0x0
        RR 73, rem, 0x7fffffffffffffff, 0xffffffffffffffff, 0x0
        RR 74, rem, 0x8000000000000000, 0x2, 0x0

        /* divu / remu: x/0 = 2^64-1, x%0 = x */
        RR 75, divu, 0x14, 0x6, 0x3
        RR 76, divu, 0xffffffffffffffec, 0x6, 0x2aaaaaaaaaaaaaa7
        RR 77, divu, 0x14, 0xfffffffffffffffa, 0x0
        RR 78, divu, 0xffffffffffffffff, 0xffffffffffffffff, 0x1
        RR 79, divu, 0xffffffffffffffff, 0x1, 0xffffffffffffffff
        RR 80, divu, 0x7, 0x0, 0xffffffffffffffff
        RR 81, divu, 0xffffffffffffffff, 0x0, 0xffffffffffffffff
        RR 82, divu, 0x8000000000000000, 0xffffffffffffffff, 0x0
        RR 83, divu, 0x8000000000000000, 0x2, 0x4000000000000000
        RR 84, remu, 0x14, 0x6, 0x2
        RR 85, remu, 0xffffffffffffffec, 0x6, 0x2
        RR 86, remu, 0x14, 0xfffffffffffffffa, 0x14
        RR 87, remu, 0xffffffffffffffff, 0xffffffffffffffff, 0x0
        RR 88, remu, 0xffffffffffffffff, 0x1, 0x0
        RR 89, remu, 0x7, 0x0, 0x7
        RR 90, remu, 0xffffffffffffffff, 0x0, 0xffffffffffffffff
        RR 91, remu, 0x8000000000000000, 0xffffffffffffffff, 0x8000000000000000
        RR 92, remu, 0x8000000000000000, 0x2, 0x0

        /* divw / remw / divuw / remuw: 32-bit operands, result sign-extended */
        RR 93, divw, 0x14, 0x6, 0x3
        RR 94, divw, 0xffffffffffffffec, 0x6, 0xfffffffffffffffd
        RR 95, divw, 0x100000014, 0x6, 0x3
        RR 96, divw, 0x14, 0xfffffffffffffffa, 0xfffffffffffffffd
        RR 97, divw, 0x7, 0x0, 0xffffffffffffffff
        RR 98, divw, 0x80000000, 0x0, 0xffffffffffffffff
        RR 99, divw, 0x80000000, 0xffffffff, 0xffffffff80000000
        RR 100, divw, 0x80000000, 0x1, 0xffffffff80000000
        RR 101, divw, 0xffffffff, 0x1, 0xffffffffffffffff
        RR 102, divw, 0xfffffffe, 0xffffffff, 0x2
        RR 103, divw, 0x7fffffff, 0x100000000, 0xffffffffffffffff
        RR 104, remw, 0x14, 0x6, 0x2
        RR 105, remw, 0xffffffffffffffec, 0x6, 0xfffffffffffffffe
        RR 106, remw, 0x100000014, 0x6, 0x2
        RR 107, remw, 0x14, 0xfffffffffffffffa, 0x2
        RR 108, remw, 0x7, 0x0, 0x7
        RR 109, remw, 0x80000000, 0x0, 0xffffffff80000000
        RR 110, remw, 0x80000000, 0xffffffff, 0x0
        RR 111, remw, 0x80000000, 0x1, 0x0
        RR 112, remw, 0xffffffff, 0x1, 0x0
        RR 113, remw, 0xfffffffe, 0xffffffff, 0x0
        RR 114, remw, 0x7fffffff, 0x100000000, 0x7fffffff
        RR 115, divuw, 0x14, 0x6, 0x3
        RR 116, divuw, 0xffffffffffffffec, 0x6, 0x2aaaaaa7
        RR 117, divuw, 0x100000014, 0x6, 0x3
        RR 118, divuw, 0x14, 0xfffffffffffffffa, 0x0
        RR 119, divuw, 0x7, 0x0, 0xffffffffffffffff
        RR 120, divuw, 0x80000000, 0x0, 0xffffffffffffffff
        RR 121, divuw, 0x80000000, 0xffffffff, 0x0
        RR 122, divuw, 0x80000000, 0x1, 0xffffffff80000000
        RR 123, divuw, 0xffffffff, 0x1, 0xffffffffffffffff
        RR 124, divuw, 0xfffffffe, 0xffffffff, 0x0
        RR 125, divuw, 0x7fffffff, 0x100000000, 0xffffffffffffffff
        RR 126, remuw, 0x14, 0x6, 0x2
        RR 127, remuw, 0xffffffffffffffec, 0x6, 0x2
        RR 128, remuw, 0x100000014, 0x6, 0x2
        RR 129, remuw, 0x14, 0xfffffffffffffffa, 0x14
        RR 130, remuw, 0x7, 0x0, 0x7
        RR 131, remuw, 0x80000000, 0x0, 0xffffffff80000000
        RR 132, remuw, 0x80000000, 0xffffffff, 0xffffffff80000000
        RR 133, remuw, 0x80000000, 0x1, 0x0
        RR 134, remuw, 0xffffffff, 0x1, 0x0
        RR 135, remuw, 0xfffffffe, 0xffffffff, 0xfffffffffffffffe
        RR 136, remuw, 0x7fffffff, 0x100000000, 0x7fffffff

        /* aliasing: rd == rs1 == rs2 */
TEST 137
        li a0, 0x100000001
        mul a0, a0, a0
        CHECK a0, 0x200000001
TEST 138
        li a0, -5
        div a0, a0, a0
        CHECK a0, 1
TEST 139
        li a0, 0xffffffff
        mulhu a0, a0, a0
        CHECK a0, 0
TEST 140
        /* results to x0 are discarded */
        li a1, 7
        div x0, a1, x0
        mul x0, a1, a1
        CHECK x0, 0
TEST 141
        /* 20! by repeated mul, then back down by div */
        li a0, 1
        li a1, 1
        li a2, 21
1:      mul a0, a0, a1
        addi a1, a1, 1
        blt a1, a2, 1b
        CHECK a0, 2432902008176640000
        li a1, 20
1:      divu a0, a0, a1
        addi a1, a1, -1
        bnez a1, 1b
        CHECK a0, 1
TEST_END
