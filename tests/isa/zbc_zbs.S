/*
 * Zbc (carry-less multiply) and Zbs (single-bit instructions).  Expected
 * values were computed from the bitmanip 1.0.0 definitions (Python,
 * independent of rewind's C) and validated on QEMU 7.2.
 */
#include "test.h"

TEST_BEGIN

        /* clmul / clmulh / clmulr: carry-less product, low, high, bits 126:63 */
        RR 1, clmul, 0x0, 0xffffffffffffffff, 0x0
        RR 2, clmul, 0xffffffffffffffff, 0x0, 0x0
        RR 3, clmul, 0x1, 0x1, 0x1
        RR 4, clmul, 0xffffffffffffffff, 0xffffffffffffffff, 0x5555555555555555
        RR 5, clmul, 0x8000000000000000, 0x8000000000000000, 0x0
        RR 6, clmul, 0x8000000000000000, 0x2, 0x0
        RR 7, clmul, 0x3, 0x3, 0x5
        RR 8, clmul, 0x123456789abcdef0, 0xfedcba9876543210, 0xa0789828c810f00
        RR 9, clmul, 0x87, 0xffffffff00000001, 0x7d00000087
        RR 10, clmul, 0x1, 0x8000000000000000, 0x8000000000000000
        RR 11, clmulh, 0x0, 0xffffffffffffffff, 0x0
        RR 12, clmulh, 0xffffffffffffffff, 0x0, 0x0
        RR 13, clmulh, 0x1, 0x1, 0x0
        RR 14, clmulh, 0xffffffffffffffff, 0xffffffffffffffff, 0x5555555555555555
        RR 15, clmulh, 0x8000000000000000, 0x8000000000000000, 0x4000000000000000
        RR 16, clmulh, 0x8000000000000000, 0x2, 0x1
        RR 17, clmulh, 0x3, 0x3, 0x0
        RR 18, clmulh, 0x123456789abcdef0, 0xfedcba9876543210, 0xe038d8688850b04
        RR 19, clmulh, 0x87, 0xffffffff00000001, 0x7d
        RR 20, clmulh, 0x1, 0x8000000000000000, 0x0
        RR 21, clmulr, 0x0, 0xffffffffffffffff, 0x0
        RR 22, clmulr, 0xffffffffffffffff, 0x0, 0x0
        RR 23, clmulr, 0x1, 0x1, 0x0
        RR 24, clmulr, 0xffffffffffffffff, 0xffffffffffffffff, 0xaaaaaaaaaaaaaaaa
        RR 25, clmulr, 0x8000000000000000, 0x8000000000000000, 0x8000000000000000
        RR 26, clmulr, 0x8000000000000000, 0x2, 0x2
        RR 27, clmulr, 0x3, 0x3, 0x0
        RR 28, clmulr, 0x123456789abcdef0, 0xfedcba9876543210, 0x1c071b0d110a1608
        RR 29, clmulr, 0x87, 0xffffffff00000001, 0xfa
        RR 30, clmulr, 0x1, 0x8000000000000000, 0x1
        /* bclr / bext / binv / bset: index is rs2[5:0] */
        RR 31, bclr, 0x0, 0x0, 0x0
        RR 32, bclr, 0xffffffffffffffff, 0x0, 0xfffffffffffffffe
        RR 33, bclr, 0xffffffffffffffff, 0x3f, 0x7fffffffffffffff
        RR 34, bclr, 0x0, 0x3f, 0x0
        RR 35, bclr, 0x123456789abcdef0, 0x4, 0x123456789abcdee0
        RR 36, bclr, 0x123456789abcdef0, 0x44, 0x123456789abcdee0
        RR 37, bclr, 0x123456789abcdef0, 0x20, 0x123456789abcdef0
        RR 38, bclr, 0x8000000000000000, 0xffffffffffffffff, 0x0
        RR 39, bext, 0x0, 0x0, 0x0
        RR 40, bext, 0xffffffffffffffff, 0x0, 0x1
        RR 41, bext, 0xffffffffffffffff, 0x3f, 0x1
        RR 42, bext, 0x0, 0x3f, 0x0
        RR 43, bext, 0x123456789abcdef0, 0x4, 0x1
        RR 44, bext, 0x123456789abcdef0, 0x44, 0x1
        RR 45, bext, 0x123456789abcdef0, 0x20, 0x0
        RR 46, bext, 0x8000000000000000, 0xffffffffffffffff, 0x1
        RR 47, binv, 0x0, 0x0, 0x1
        RR 48, binv, 0xffffffffffffffff, 0x0, 0xfffffffffffffffe
        RR 49, binv, 0xffffffffffffffff, 0x3f, 0x7fffffffffffffff
        RR 50, binv, 0x0, 0x3f, 0x8000000000000000
        RR 51, binv, 0x123456789abcdef0, 0x4, 0x123456789abcdee0
        RR 52, binv, 0x123456789abcdef0, 0x44, 0x123456789abcdee0
        RR 53, binv, 0x123456789abcdef0, 0x20, 0x123456799abcdef0
        RR 54, binv, 0x8000000000000000, 0xffffffffffffffff, 0x0
        RR 55, bset, 0x0, 0x0, 0x1
        RR 56, bset, 0xffffffffffffffff, 0x0, 0xffffffffffffffff
        RR 57, bset, 0xffffffffffffffff, 0x3f, 0xffffffffffffffff
        RR 58, bset, 0x0, 0x3f, 0x8000000000000000
        RR 59, bset, 0x123456789abcdef0, 0x4, 0x123456789abcdef0
        RR 60, bset, 0x123456789abcdef0, 0x44, 0x123456789abcdef0
        RR 61, bset, 0x123456789abcdef0, 0x20, 0x123456799abcdef0
        RR 62, bset, 0x8000000000000000, 0xffffffffffffffff, 0x8000000000000000
        /* the immediate forms: 0..63 */
        RI 63, bclri, 0x0, 0, 0x0
        RI 64, bclri, 0xffffffffffffffff, 0, 0xfffffffffffffffe
        RI 65, bclri, 0xffffffffffffffff, 63, 0x7fffffffffffffff
        RI 66, bclri, 0x0, 63, 0x0
        RI 67, bclri, 0x123456789abcdef0, 4, 0x123456789abcdee0
        RI 68, bclri, 0x123456789abcdef0, 31, 0x123456781abcdef0
        RI 69, bclri, 0x123456789abcdef0, 32, 0x123456789abcdef0
        RI 70, bexti, 0x0, 0, 0x0
        RI 71, bexti, 0xffffffffffffffff, 0, 0x1
        RI 72, bexti, 0xffffffffffffffff, 63, 0x1
        RI 73, bexti, 0x0, 63, 0x0
        RI 74, bexti, 0x123456789abcdef0, 4, 0x1
        RI 75, bexti, 0x123456789abcdef0, 31, 0x1
        RI 76, bexti, 0x123456789abcdef0, 32, 0x0
        RI 77, binvi, 0x0, 0, 0x1
        RI 78, binvi, 0xffffffffffffffff, 0, 0xfffffffffffffffe
        RI 79, binvi, 0xffffffffffffffff, 63, 0x7fffffffffffffff
        RI 80, binvi, 0x0, 63, 0x8000000000000000
        RI 81, binvi, 0x123456789abcdef0, 4, 0x123456789abcdee0
        RI 82, binvi, 0x123456789abcdef0, 31, 0x123456781abcdef0
        RI 83, binvi, 0x123456789abcdef0, 32, 0x123456799abcdef0
        RI 84, bseti, 0x0, 0, 0x1
        RI 85, bseti, 0xffffffffffffffff, 0, 0xffffffffffffffff
        RI 86, bseti, 0xffffffffffffffff, 63, 0xffffffffffffffff
        RI 87, bseti, 0x0, 63, 0x8000000000000000
        RI 88, bseti, 0x123456789abcdef0, 4, 0x123456789abcdef0
        RI 89, bseti, 0x123456789abcdef0, 31, 0x123456789abcdef0
        RI 90, bseti, 0x123456789abcdef0, 32, 0x123456799abcdef0

TEST 91
        /* rd = x0; rd = rs1 = rs2 */
        li a1, -1
        clmulh zero, a1, a1
        bseti zero, zero, 5
        bset zero, a1, a1
        mv a0, zero
        CHECK a0, 0
        li a0, 0x3
        clmul a0, a0, a0                /* 3 x 3 carry-less = 5 */
        CHECK a0, 5
        li a0, 0x41
        bext a0, a0, a0                 /* bit 1 of 0x41 */
        CHECK a0, 0
TEST_END
