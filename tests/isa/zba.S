/*
 * Zba: add.uw, sh[123]add, sh[123]add.uw, slli.uw.  Expected values were
 * computed from the bitmanip 1.0.0 definitions (Python, independent of
 * rewind's C) and validated on QEMU 7.2.
 */
#include "test.h"

TEST_BEGIN

        /* add.uw: rs1 zero-extended from 32 bits */
        RR 1, add.uw, 0x0, 0x0, 0x0
        RR 2, add.uw, 0x1, 0x2, 0x3
        RR 3, add.uw, 0xffffffffffffffff, 0x1, 0x100000000
        RR 4, add.uw, 0xffffffff80000000, 0x0, 0x80000000
        RR 5, add.uw, 0x123456789abcdef0, 0x1000000000000000, 0x100000009abcdef0
        RR 6, add.uw, 0xffffffffffffffff, 0xffffffffffffffff, 0xfffffffe
        RR 7, add.uw, 0x80000000, 0x80000000, 0x100000000
        RR 8, add.uw, 0x1ffffffff, 0x0, 0xffffffff
        /* sh1add */
        RR 9, sh1add, 0x0, 0x0, 0x0
        RR 10, sh1add, 0x1, 0x0, 0x2
        RR 11, sh1add, 0x1, 0x1, 0x3
        RR 12, sh1add, 0xffffffffffffffff, 0x0, 0xfffffffffffffffe
        RR 13, sh1add, 0x8000000000000000, 0x1, 0x1
        RR 14, sh1add, 0x4000000000000000, 0xffffffffffffffff, 0x7fffffffffffffff
        RR 15, sh1add, 0x123456789abcdef0, 0xfedcba9876543210, 0x23456789abcdeff0
        RR 16, sh1add, 0xffffffff, 0x1, 0x1ffffffff
        /* sh2add */
        RR 17, sh2add, 0x0, 0x0, 0x0
        RR 18, sh2add, 0x1, 0x0, 0x4
        RR 19, sh2add, 0x1, 0x1, 0x5
        RR 20, sh2add, 0xffffffffffffffff, 0x0, 0xfffffffffffffffc
        RR 21, sh2add, 0x8000000000000000, 0x1, 0x1
        RR 22, sh2add, 0x4000000000000000, 0xffffffffffffffff, 0xffffffffffffffff
        RR 23, sh2add, 0x123456789abcdef0, 0xfedcba9876543210, 0x47ae147ae147add0
        RR 24, sh2add, 0xffffffff, 0x1, 0x3fffffffd
        /* sh3add */
        RR 25, sh3add, 0x0, 0x0, 0x0
        RR 26, sh3add, 0x1, 0x0, 0x8
        RR 27, sh3add, 0x1, 0x1, 0x9
        RR 28, sh3add, 0xffffffffffffffff, 0x0, 0xfffffffffffffff8
        RR 29, sh3add, 0x8000000000000000, 0x1, 0x1
        RR 30, sh3add, 0x4000000000000000, 0xffffffffffffffff, 0xffffffffffffffff
        RR 31, sh3add, 0x123456789abcdef0, 0xfedcba9876543210, 0x907f6e5d4c3b2990
        RR 32, sh3add, 0xffffffff, 0x1, 0x7fffffff9
        /* sh1add.uw: rs1 zero-extended, then shifted */
        RR 33, sh1add.uw, 0x0, 0x0, 0x0
        RR 34, sh1add.uw, 0xffffffffffffffff, 0x0, 0x1fffffffe
        RR 35, sh1add.uw, 0xffffffff80000000, 0x1, 0x100000001
        RR 36, sh1add.uw, 0x123456789abcdef0, 0xfedcba9876543210, 0xfedcba99abcdeff0
        RR 37, sh1add.uw, 0x80000000, 0xffffffffffffffff, 0xffffffff
        RR 38, sh1add.uw, 0xffffffff00000001, 0x10, 0x12
        /* sh2add.uw: rs1 zero-extended, then shifted */
        RR 39, sh2add.uw, 0x0, 0x0, 0x0
        RR 40, sh2add.uw, 0xffffffffffffffff, 0x0, 0x3fffffffc
        RR 41, sh2add.uw, 0xffffffff80000000, 0x1, 0x200000001
        RR 42, sh2add.uw, 0x123456789abcdef0, 0xfedcba9876543210, 0xfedcba9ae147add0
        RR 43, sh2add.uw, 0x80000000, 0xffffffffffffffff, 0x1ffffffff
        RR 44, sh2add.uw, 0xffffffff00000001, 0x10, 0x14
        /* sh3add.uw: rs1 zero-extended, then shifted */
        RR 45, sh3add.uw, 0x0, 0x0, 0x0
        RR 46, sh3add.uw, 0xffffffffffffffff, 0x0, 0x7fffffff8
        RR 47, sh3add.uw, 0xffffffff80000000, 0x1, 0x400000001
        RR 48, sh3add.uw, 0x123456789abcdef0, 0xfedcba9876543210, 0xfedcba9d4c3b2990
        RR 49, sh3add.uw, 0x80000000, 0xffffffffffffffff, 0x3ffffffff
        RR 50, sh3add.uw, 0xffffffff00000001, 0x10, 0x18
        /* slli.uw: zero-extend then shift by 0..63 */
        RI 51, slli.uw, 0xffffffffffffffff, 0, 0xffffffff
        RI 52, slli.uw, 0xffffffffffffffff, 1, 0x1fffffffe
        RI 53, slli.uw, 0xffffffffffffffff, 31, 0x7fffffff80000000
        RI 54, slli.uw, 0xffffffffffffffff, 32, 0xffffffff00000000
        RI 55, slli.uw, 0xffffffffffffffff, 63, 0x8000000000000000
        RI 56, slli.uw, 0x80000001, 63, 0x8000000000000000
        RI 57, slli.uw, 0x80000001, 33, 0x200000000
        RI 58, slli.uw, 0x123456789abcdef0, 4, 0x9abcdef00
        RI 59, slli.uw, 0x123456789abcdef0, 40, 0xbcdef00000000000
        RI 60, slli.uw, 0x0, 17, 0x0

TEST 61
        /* rd = x0: no effect */
        li a1, -1
        li a2, 5
        sh3add zero, a1, a2
        add.uw zero, a1, a2
        slli.uw zero, a1, 3
        CHECK zero, 0
        mv a0, zero
        CHECK a0, 0
TEST 62
        /* rd = rs1 = rs2 */
        li a0, 0x100000003
        sh2add.uw a0, a0, a0
        CHECK a0, 0x10000000f
TEST 63
        /* array indexing: base + (uint32 index) << 3 */
        la a1, 1f
        li a2, 0xffffffff00000002       /* upper bits of the index ignored */
        sh3add.uw a3, a2, a1
        ld a0, 0(a3)
        CHECK a0, 0x3333
        j 2f
        .p2align 3
1:      .dword 0x1111, 0x2222, 0x3333
2:
TEST_END
