/*
 * RV64A atomic memory operations, .w and .d: rd gets the old value (.w:
 * sign-extended), memory gets op(old, rs2) in exactly the accessed bytes,
 * .w uses only rs2[31:0], amomin/amomax compare signed, amominu/amomaxu
 * unsigned; aq/rl variants; rd = x0; rd == rs2.
 */
#include "test.h"

#define SENT 0x5a5a5a5a5a5a5a5a

/* 64-bit AMO on abuf+8; sentinels at abuf+0 and abuf+16 */
.macro AMOD n, op, old, src, rd, new
TEST \n
        la a1, abuf
        li a3, SENT
        sd a3, 0(a1)
        sd a3, 16(a1)
        li a3, \old
        sd a3, 8(a1)
        addi a1, a1, 8
        li a2, \src
        \op a0, a2, (a1)
        CHECK a0, \rd
        ld a4, 0(a1)
        CHECK a4, \new
        ld a4, -8(a1)
        CHECK a4, SENT
        ld a4, 8(a1)
        CHECK a4, SENT
.endm
/* 32-bit AMO on abuf+4; sentinel words at abuf+0 and abuf+8 */
.macro AMOW n, op, old, src, rd, new
TEST \n
        la a1, abuf
        li a3, SENT
        sd a3, 0(a1)
        sd a3, 8(a1)
        li a3, \old
        sw a3, 4(a1)
        addi a1, a1, 4
        li a2, \src
        \op a0, a2, (a1)
        CHECK a0, \rd
        lwu a4, 0(a1)
        CHECK a4, \new
        lwu a4, -4(a1)
        CHECK a4, 0x5a5a5a5a
        lwu a4, 4(a1)
        CHECK a4, 0x5a5a5a5a
.endm

TEST_BEGIN

        /* amoswap.d */
        AMOD 1, amoswap.d, 0x5, 0x3, 0x5, 0x3
        AMOD 2, amoswap.d, 0xfffffffffffffffb, 0x3, 0xfffffffffffffffb, 0x3
        AMOD 3, amoswap.d, 0x8000000000000000, 0x7fffffffffffffff, 0x8000000000000000, 0x7fffffffffffffff
        AMOD 4, amoswap.d, 0x123456789abcdef0, 0xfedcba9876543210, 0x123456789abcdef0, 0xfedcba9876543210

        /* amoadd.d */
        AMOD 5, amoadd.d, 0x5, 0x3, 0x5, 0x8
        AMOD 6, amoadd.d, 0xfffffffffffffffb, 0x3, 0xfffffffffffffffb, 0xfffffffffffffffe
        AMOD 7, amoadd.d, 0x8000000000000000, 0x7fffffffffffffff, 0x8000000000000000, 0xffffffffffffffff
        AMOD 8, amoadd.d, 0x123456789abcdef0, 0xfedcba9876543210, 0x123456789abcdef0, 0x1111111111111100

        /* amoxor.d */
        AMOD 9, amoxor.d, 0x5, 0x3, 0x5, 0x6
        AMOD 10, amoxor.d, 0xfffffffffffffffb, 0x3, 0xfffffffffffffffb, 0xfffffffffffffff8
        AMOD 11, amoxor.d, 0x8000000000000000, 0x7fffffffffffffff, 0x8000000000000000, 0xffffffffffffffff
        AMOD 12, amoxor.d, 0x123456789abcdef0, 0xfedcba9876543210, 0x123456789abcdef0, 0xece8ece0ece8ece0

        /* amoand.d */
        AMOD 13, amoand.d, 0x5, 0x3, 0x5, 0x1
        AMOD 14, amoand.d, 0xfffffffffffffffb, 0x3, 0xfffffffffffffffb, 0x3
        AMOD 15, amoand.d, 0x8000000000000000, 0x7fffffffffffffff, 0x8000000000000000, 0x0
        AMOD 16, amoand.d, 0x123456789abcdef0, 0xfedcba9876543210, 0x123456789abcdef0, 0x1214121812141210

        /* amoor.d */
        AMOD 17, amoor.d, 0x5, 0x3, 0x5, 0x7
        AMOD 18, amoor.d, 0xfffffffffffffffb, 0x3, 0xfffffffffffffffb, 0xfffffffffffffffb
        AMOD 19, amoor.d, 0x8000000000000000, 0x7fffffffffffffff, 0x8000000000000000, 0xffffffffffffffff
        AMOD 20, amoor.d, 0x123456789abcdef0, 0xfedcba9876543210, 0x123456789abcdef0, 0xfefcfef8fefcfef0

        /* amomin.d */
        AMOD 21, amomin.d, 0x5, 0x3, 0x5, 0x3
        AMOD 22, amomin.d, 0xfffffffffffffffb, 0x3, 0xfffffffffffffffb, 0xfffffffffffffffb
        AMOD 23, amomin.d, 0x8000000000000000, 0x7fffffffffffffff, 0x8000000000000000, 0x8000000000000000
        AMOD 24, amomin.d, 0x123456789abcdef0, 0xfedcba9876543210, 0x123456789abcdef0, 0xfedcba9876543210

        /* amomax.d */
        AMOD 25, amomax.d, 0x5, 0x3, 0x5, 0x5
        AMOD 26, amomax.d, 0xfffffffffffffffb, 0x3, 0xfffffffffffffffb, 0x3
        AMOD 27, amomax.d, 0x8000000000000000, 0x7fffffffffffffff, 0x8000000000000000, 0x7fffffffffffffff
        AMOD 28, amomax.d, 0x123456789abcdef0, 0xfedcba9876543210, 0x123456789abcdef0, 0x123456789abcdef0

        /* amominu.d */
        AMOD 29, amominu.d, 0x5, 0x3, 0x5, 0x3
        AMOD 30, amominu.d, 0xfffffffffffffffb, 0x3, 0xfffffffffffffffb, 0x3
        AMOD 31, amominu.d, 0x8000000000000000, 0x7fffffffffffffff, 0x8000000000000000, 0x7fffffffffffffff
        AMOD 32, amominu.d, 0x123456789abcdef0, 0xfedcba9876543210, 0x123456789abcdef0, 0x123456789abcdef0

        /* amomaxu.d */
        AMOD 33, amomaxu.d, 0x5, 0x3, 0x5, 0x5
        AMOD 34, amomaxu.d, 0xfffffffffffffffb, 0x3, 0xfffffffffffffffb, 0xfffffffffffffffb
        AMOD 35, amomaxu.d, 0x8000000000000000, 0x7fffffffffffffff, 0x8000000000000000, 0x8000000000000000
        AMOD 36, amomaxu.d, 0x123456789abcdef0, 0xfedcba9876543210, 0x123456789abcdef0, 0xfedcba9876543210

        /* amoswap.w */
        AMOW 37, amoswap.w, 0x5, 0xffffffff00000003, 0x5, 0x3
        AMOW 38, amoswap.w, 0xfffffffb, 0x3, 0xfffffffffffffffb, 0x3
        AMOW 39, amoswap.w, 0x80000000, 0x7fffffff, 0xffffffff80000000, 0x7fffffff
        AMOW 40, amoswap.w, 0x7fffffff, 0xffffffff, 0x7fffffff, 0xffffffff
        AMOW 41, amoswap.w, 0x9abcdef0, 0x1234567876543210, 0xffffffff9abcdef0, 0x76543210

        /* amoadd.w */
        AMOW 42, amoadd.w, 0x5, 0xffffffff00000003, 0x5, 0x8
        AMOW 43, amoadd.w, 0xfffffffb, 0x3, 0xfffffffffffffffb, 0xfffffffe
        AMOW 44, amoadd.w, 0x80000000, 0x7fffffff, 0xffffffff80000000, 0xffffffff
        AMOW 45, amoadd.w, 0x7fffffff, 0xffffffff, 0x7fffffff, 0x7ffffffe
        AMOW 46, amoadd.w, 0x9abcdef0, 0x1234567876543210, 0xffffffff9abcdef0, 0x11111100

        /* amoxor.w */
        AMOW 47, amoxor.w, 0x5, 0xffffffff00000003, 0x5, 0x6
        AMOW 48, amoxor.w, 0xfffffffb, 0x3, 0xfffffffffffffffb, 0xfffffff8
        AMOW 49, amoxor.w, 0x80000000, 0x7fffffff, 0xffffffff80000000, 0xffffffff
        AMOW 50, amoxor.w, 0x7fffffff, 0xffffffff, 0x7fffffff, 0x80000000
        AMOW 51, amoxor.w, 0x9abcdef0, 0x1234567876543210, 0xffffffff9abcdef0, 0xece8ece0

        /* amoand.w */
        AMOW 52, amoand.w, 0x5, 0xffffffff00000003, 0x5, 0x1
        AMOW 53, amoand.w, 0xfffffffb, 0x3, 0xfffffffffffffffb, 0x3
        AMOW 54, amoand.w, 0x80000000, 0x7fffffff, 0xffffffff80000000, 0x0
        AMOW 55, amoand.w, 0x7fffffff, 0xffffffff, 0x7fffffff, 0x7fffffff
        AMOW 56, amoand.w, 0x9abcdef0, 0x1234567876543210, 0xffffffff9abcdef0, 0x12141210

        /* amoor.w */
        AMOW 57, amoor.w, 0x5, 0xffffffff00000003, 0x5, 0x7
        AMOW 58, amoor.w, 0xfffffffb, 0x3, 0xfffffffffffffffb, 0xfffffffb
        AMOW 59, amoor.w, 0x80000000, 0x7fffffff, 0xffffffff80000000, 0xffffffff
        AMOW 60, amoor.w, 0x7fffffff, 0xffffffff, 0x7fffffff, 0xffffffff
        AMOW 61, amoor.w, 0x9abcdef0, 0x1234567876543210, 0xffffffff9abcdef0, 0xfefcfef0

        /* amomin.w */
        AMOW 62, amomin.w, 0x5, 0xffffffff00000003, 0x5, 0x3
        AMOW 63, amomin.w, 0xfffffffb, 0x3, 0xfffffffffffffffb, 0xfffffffb
        AMOW 64, amomin.w, 0x80000000, 0x7fffffff, 0xffffffff80000000, 0x80000000
        AMOW 65, amomin.w, 0x7fffffff, 0xffffffff, 0x7fffffff, 0xffffffff
        AMOW 66, amomin.w, 0x9abcdef0, 0x1234567876543210, 0xffffffff9abcdef0, 0x9abcdef0

        /* amomax.w */
        AMOW 67, amomax.w, 0x5, 0xffffffff00000003, 0x5, 0x5
        AMOW 68, amomax.w, 0xfffffffb, 0x3, 0xfffffffffffffffb, 0x3
        AMOW 69, amomax.w, 0x80000000, 0x7fffffff, 0xffffffff80000000, 0x7fffffff
        AMOW 70, amomax.w, 0x7fffffff, 0xffffffff, 0x7fffffff, 0x7fffffff
        AMOW 71, amomax.w, 0x9abcdef0, 0x1234567876543210, 0xffffffff9abcdef0, 0x76543210

        /* amominu.w */
        AMOW 72, amominu.w, 0x5, 0xffffffff00000003, 0x5, 0x3
        AMOW 73, amominu.w, 0xfffffffb, 0x3, 0xfffffffffffffffb, 0x3
        AMOW 74, amominu.w, 0x80000000, 0x7fffffff, 0xffffffff80000000, 0x7fffffff
        AMOW 75, amominu.w, 0x7fffffff, 0xffffffff, 0x7fffffff, 0x7fffffff
        AMOW 76, amominu.w, 0x9abcdef0, 0x1234567876543210, 0xffffffff9abcdef0, 0x76543210

        /* amomaxu.w */
        AMOW 77, amomaxu.w, 0x5, 0xffffffff00000003, 0x5, 0x5
        AMOW 78, amomaxu.w, 0xfffffffb, 0x3, 0xfffffffffffffffb, 0xfffffffb
        AMOW 79, amomaxu.w, 0x80000000, 0x7fffffff, 0xffffffff80000000, 0x80000000
        AMOW 80, amomaxu.w, 0x7fffffff, 0xffffffff, 0x7fffffff, 0xffffffff
        AMOW 81, amomaxu.w, 0x9abcdef0, 0x1234567876543210, 0xffffffff9abcdef0, 0x9abcdef0

        /* ordering bits do not change the result */
TEST 82
        la a1, abuf
        li a2, 10
        sd a2, 0(a1)
        li a2, 5
        amoadd.d.aq a0, a2, (a1)
        CHECK a0, 10
        amoadd.d.rl a0, a2, (a1)
        CHECK a0, 15
        amoadd.d.aqrl a0, a2, (a1)
        CHECK a0, 20
        amoswap.w.aqrl a0, zero, (a1)
        CHECK a0, 25
        ld a0, 0(a1)
        CHECK a0, 0
TEST 83
        /* rd = x0: memory still updated */
        la a1, abuf
        li a2, 7
        sd a2, 0(a1)
        amoadd.d x0, a2, (a1)
        ld a0, 0(a1)
        CHECK a0, 14
        CHECK x0, 0
TEST 84
        /* rd == rs2: the source is read before rd is written */
        la a1, abuf
        li a2, 100
        sd a2, 0(a1)
        li a0, 1
        amoadd.d a0, a0, (a1)
        CHECK a0, 100
        ld a2, 0(a1)
        CHECK a2, 101
        li a0, 0x77
        amoswap.w a0, a0, (a1)
        CHECK a0, 101
        ld a2, 0(a1)
        CHECK a2, 0x77
TEST 85
        /* rs2 == x0 */
        la a1, abuf
        li a2, -1
        sd a2, 0(a1)
        amoand.d a0, zero, (a1)
        CHECK a0, -1
        ld a2, 0(a1)
        CHECK a2, 0
TEST 86
        /* a counter incremented 1000 times through amoadd.w */
        la a1, abuf
        sd zero, 0(a1)
        li a3, 1000
        li a2, 1
1:      amoadd.w zero, a2, (a1)
        addi a3, a3, -1
        bnez a3, 1b
        ld a0, 0(a1)
        CHECK a0, 1000
TEST 87
        /* amo.w on the upper word of a dword leaves the lower word alone */
        la a1, abuf
        li a2, 0x1111111122222222
        sd a2, 0(a1)
        li a2, 0x80000000
        addi a3, a1, 4
        amoor.w a0, a2, (a3)
        CHECK a0, 0x11111111
        ld a0, 0(a1)
        CHECK a0, 0x9111111122222222
TEST_END

        .data
        .balign 64
abuf:   .zero 64
