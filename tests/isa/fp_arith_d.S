/*
 * Double-precision arithmetic (F/D): fadd / fsub / fmul / fdiv / fsqrt and the fused
 * multiply-add family in round-to-nearest-even, with the exact fflags of
 * each operation (NX / UF / OF / DZ / NV), signed zeros, infinities,
 * subnormals, overflow and underflow (tininess after rounding), canonical
 * NaN results (0x7ff8000000000000) for any NaN input or invalid operation, and
 * single fusing (one rounding) of fmadd.d.
 * Expected values were computed with exact rational arithmetic and
 * cross-checked against the host FPU.
 */
#include "test.h"

/* binary op with the dynamic rounding mode (frm = RNE) */
.macro FR n, op, a, b, res, fl
TEST \n
        LID fa0, \a
        LID fa1, \b
        csrwi fflags, 0
        \op fa2, fa0, fa1
        CHECKD fa2, \res
        CHECK_FFLAGS \fl
.endm
/* unary */
.macro FU n, op, a, res, fl
TEST \n
        LID fa0, \a
        csrwi fflags, 0
        \op fa2, fa0
        CHECKD fa2, \res
        CHECK_FFLAGS \fl
.endm
/* fused: fa3 = op(fa0, fa1, fa2) */
.macro FR3 n, op, a, b, c, res, fl
TEST \n
        LID fa0, \a
        LID fa1, \b
        LID fa2, \c
        csrwi fflags, 0
        \op fa3, fa0, fa1, fa2
        CHECKD fa3, \res
        CHECK_FFLAGS \fl
.endm

TEST_BEGIN
        csrwi frm, 0

        /* fadd: exact, inexact, signed zeros, infinities, NaNs, overflow, subnormals */
        FR 1, fadd.d, 0x3ff0000000000000, 0x4000000000000000, 0x4008000000000000, 0
        FR 2, fadd.d, 0x3ff0000000000000, 0x3fb999999999999a, 0x3ff199999999999a, FFLAG_NX
        FR 3, fadd.d, 0x3fb999999999999a, 0x3fb999999999999a, 0x3fc999999999999a, 0
        FR 4, fadd.d, 0xbff8000000000000, 0x3ff0000000000000, 0xbfe0000000000000, 0
        FR 5, fadd.d, 0x0, 0x8000000000000000, 0x0, 0
        FR 6, fadd.d, 0x8000000000000000, 0x8000000000000000, 0x8000000000000000, 0
        FR 7, fadd.d, 0x3ff0000000000000, 0xbff8000000000000, 0xbfe0000000000000, 0
        FR 8, fadd.d, 0x7ff0000000000000, 0x3ff0000000000000, 0x7ff0000000000000, 0
        FR 9, fadd.d, 0x7ff0000000000000, 0xfff0000000000000, 0x7ff8000000000000, FFLAG_NV
        FR 10, fadd.d, 0x7ff8000000000000, 0x3ff0000000000000, 0x7ff8000000000000, 0
        FR 11, fadd.d, 0x7ff8000000012345, 0x3ff0000000000000, 0x7ff8000000000000, 0
        FR 12, fadd.d, 0x7ff0000000000001, 0x3ff0000000000000, 0x7ff8000000000000, FFLAG_NV
        FR 13, fadd.d, 0x3ff0000000000000, 0x7ff0000000000001, 0x7ff8000000000000, FFLAG_NV
        FR 14, fadd.d, 0x7fefffffffffffff, 0x7fefffffffffffff, 0x7ff0000000000000, FFLAG_OF|FFLAG_NX
        FR 15, fadd.d, 0x1, 0x1, 0x2, 0
        FR 16, fadd.d, 0x10000000000000, 0x1, 0x10000000000001, 0
        FR 17, fadd.d, 0x7e37e43c8800759c, 0xbff8000000000000, 0x7e37e43c8800759c, FFLAG_NX
        FR 18, fadd.d, 0x400921fb54442d18, 0x3fb999999999999a, 0x4009eec82110f9e5, FFLAG_NX

        /* fsub */
        FR 19, fsub.d, 0x4008000000000000, 0x3ff0000000000000, 0x4000000000000000, 0
        FR 20, fsub.d, 0x3ff0000000000000, 0x3fb999999999999a, 0x3feccccccccccccd, FFLAG_NX
        FR 21, fsub.d, 0x3ff0000000000000, 0x3ff0000000000000, 0x0, 0
        FR 22, fsub.d, 0x8000000000000000, 0x0, 0x8000000000000000, 0
        FR 23, fsub.d, 0x0, 0x0, 0x0, 0
        FR 24, fsub.d, 0x7ff0000000000000, 0x7ff0000000000000, 0x7ff8000000000000, FFLAG_NV
        FR 25, fsub.d, 0xfff0000000000000, 0x7ff0000000000000, 0xfff0000000000000, 0
        FR 26, fsub.d, 0x10000000000000, 0x1, 0xfffffffffffff, 0
        FR 27, fsub.d, 0x7ff0000000000001, 0x7ff8000000000000, 0x7ff8000000000000, FFLAG_NV
        FR 28, fsub.d, 0xbff8000000000000, 0x7fefffffffffffff, 0xffefffffffffffff, FFLAG_NX

        /* fmul */
        FR 29, fmul.d, 0x4000000000000000, 0x4008000000000000, 0x4018000000000000, 0
        FR 30, fmul.d, 0x3fb999999999999a, 0x4008000000000000, 0x3fd3333333333334, FFLAG_NX
        FR 31, fmul.d, 0xbff8000000000000, 0xbff8000000000000, 0x4002000000000000, 0
        FR 32, fmul.d, 0x0, 0xfff0000000000000, 0x7ff8000000000000, FFLAG_NV
        FR 33, fmul.d, 0x8000000000000000, 0x3ff0000000000000, 0x8000000000000000, 0
        FR 34, fmul.d, 0x7ff0000000000000, 0xbff8000000000000, 0xfff0000000000000, 0
        FR 35, fmul.d, 0x7fefffffffffffff, 0x4000000000000000, 0x7ff0000000000000, FFLAG_OF|FFLAG_NX
        FR 36, fmul.d, 0x10000000000000, 0x3fe0000000000000, 0x8000000000000, 0
        FR 37, fmul.d, 0x10000000000000, 0x3fd3333333333333, 0x4cccccccccccd, FFLAG_UF|FFLAG_NX
        FR 38, fmul.d, 0x1, 0x3fe0000000000000, 0x0, FFLAG_UF|FFLAG_NX
        FR 39, fmul.d, 0x7e37e43c8800759c, 0x7e37e43c8800759c, 0x7ff0000000000000, FFLAG_OF|FFLAG_NX
        FR 40, fmul.d, 0x7ff8000000000000, 0x0, 0x7ff8000000000000, 0
        FR 41, fmul.d, 0x7ff0000000000001, 0x4000000000000000, 0x7ff8000000000000, FFLAG_NV
        FR 42, fmul.d, 0x400921fb54442d18, 0x400921fb54442d18, 0x4023bd3cc9be45de, FFLAG_NX

        /* fdiv: including division by zero */
        FR 43, fdiv.d, 0x4008000000000000, 0x4000000000000000, 0x3ff8000000000000, 0
        FR 44, fdiv.d, 0x3ff0000000000000, 0x4008000000000000, 0x3fd5555555555555, FFLAG_NX
        FR 45, fdiv.d, 0x3ff0000000000000, 0x0, 0x7ff0000000000000, FFLAG_DZ
        FR 46, fdiv.d, 0xbff8000000000000, 0x0, 0xfff0000000000000, FFLAG_DZ
        FR 47, fdiv.d, 0x3ff0000000000000, 0x8000000000000000, 0xfff0000000000000, FFLAG_DZ
        FR 48, fdiv.d, 0x0, 0x0, 0x7ff8000000000000, FFLAG_NV
        FR 49, fdiv.d, 0x7ff0000000000000, 0x7ff0000000000000, 0x7ff8000000000000, FFLAG_NV
        FR 50, fdiv.d, 0x3ff0000000000000, 0x7ff0000000000000, 0x0, 0
        FR 51, fdiv.d, 0x7ff0000000000000, 0x4000000000000000, 0x7ff0000000000000, 0
        FR 52, fdiv.d, 0x10000000000000, 0x4010000000000000, 0x4000000000000, 0
        FR 53, fdiv.d, 0x7fefffffffffffff, 0x3fe0000000000000, 0x7ff0000000000000, FFLAG_OF|FFLAG_NX
        FR 54, fdiv.d, 0x7ff8000000000000, 0x0, 0x7ff8000000000000, 0
        FR 55, fdiv.d, 0x7ff0000000000001, 0x3ff0000000000000, 0x7ff8000000000000, FFLAG_NV
        FR 56, fdiv.d, 0x400921fb54442d18, 0x3fb999999999999a, 0x403f6a7a2955385e, FFLAG_NX
        FR 57, fdiv.d, 0x8000000000000000, 0x4008000000000000, 0x8000000000000000, 0

        /* fsqrt */
        FU 58, fsqrt.d, 0x4010000000000000, 0x4000000000000000, 0
        FU 59, fsqrt.d, 0x4000000000000000, 0x3ff6a09e667f3bcd, FFLAG_NX
        FU 60, fsqrt.d, 0x0, 0x0, 0
        FU 61, fsqrt.d, 0x8000000000000000, 0x8000000000000000, 0
        FU 62, fsqrt.d, 0x3fb999999999999a, 0x3fd43d136248490f, FFLAG_NX
        FU 63, fsqrt.d, 0xbff8000000000000, 0x7ff8000000000000, FFLAG_NV
        FU 64, fsqrt.d, 0x7ff0000000000000, 0x7ff0000000000000, 0
        FU 65, fsqrt.d, 0xfff0000000000000, 0x7ff8000000000000, FFLAG_NV
        FU 66, fsqrt.d, 0x1, 0x1e60000000000000, 0
        FU 67, fsqrt.d, 0x7ff8000000000000, 0x7ff8000000000000, 0
        FU 68, fsqrt.d, 0x7ff0000000000001, 0x7ff8000000000000, FFLAG_NV
        FU 69, fsqrt.d, 0x7fefffffffffffff, 0x5fefffffffffffff, FFLAG_NX

        /* fused multiply-add family */
        FR3 70, fmadd.d, 0x4000000000000000, 0x4008000000000000, 0x3ff0000000000000, 0x401c000000000000, 0
        FR3 71, fmadd.d, 0xbff8000000000000, 0x4000000000000000, 0x3fb999999999999a, 0xc007333333333333, FFLAG_NX
        FR3 72, fmadd.d, 0x3ff0000008000000, 0x3ff0000008000000, 0xbff0000010000000, 0x3cd0000000000000, 0
        FR3 73, fmadd.d, 0x3ff0000008000000, 0x3ff0000008000000, 0x3ff0000010000000, 0x4000000010000002, 0
        FR3 74, fmadd.d, 0x7ff0000000000000, 0x3ff0000000000000, 0xfff0000000000000, 0x7ff8000000000000, FFLAG_NV
        FR3 75, fmadd.d, 0x3ff0000000000000, 0x0, 0x8000000000000000, 0x0, 0
        FR3 76, fmadd.d, 0x7ff0000000000001, 0x3ff0000000000000, 0x3ff0000000000000, 0x7ff8000000000000, FFLAG_NV
        FR3 77, fmadd.d, 0x7fefffffffffffff, 0x7fefffffffffffff, 0xfff0000000000000, 0xfff0000000000000, 0
        FR3 78, fmsub.d, 0x4000000000000000, 0x4008000000000000, 0x3ff0000000000000, 0x4014000000000000, 0
        FR3 79, fmsub.d, 0xbff8000000000000, 0x4000000000000000, 0x3fb999999999999a, 0xc008cccccccccccd, FFLAG_NX
        FR3 80, fmsub.d, 0x3ff0000008000000, 0x3ff0000008000000, 0xbff0000010000000, 0x4000000010000002, 0
        FR3 81, fmsub.d, 0x3ff0000008000000, 0x3ff0000008000000, 0x3ff0000010000000, 0x3cd0000000000000, 0
        FR3 82, fmsub.d, 0x7ff0000000000000, 0x3ff0000000000000, 0xfff0000000000000, 0x7ff0000000000000, 0
        FR3 83, fmsub.d, 0x3ff0000000000000, 0x0, 0x8000000000000000, 0x0, 0
        FR3 84, fmsub.d, 0x7ff0000000000001, 0x3ff0000000000000, 0x3ff0000000000000, 0x7ff8000000000000, FFLAG_NV
        FR3 85, fmsub.d, 0x7fefffffffffffff, 0x7fefffffffffffff, 0xfff0000000000000, 0x7ff0000000000000, 0
        FR3 86, fnmsub.d, 0x4000000000000000, 0x4008000000000000, 0x3ff0000000000000, 0xc014000000000000, 0
        FR3 87, fnmsub.d, 0xbff8000000000000, 0x4000000000000000, 0x3fb999999999999a, 0x4008cccccccccccd, FFLAG_NX
        FR3 88, fnmsub.d, 0x3ff0000008000000, 0x3ff0000008000000, 0xbff0000010000000, 0xc000000010000002, 0
        FR3 89, fnmsub.d, 0x3ff0000008000000, 0x3ff0000008000000, 0x3ff0000010000000, 0xbcd0000000000000, 0
        FR3 90, fnmsub.d, 0x7ff0000000000000, 0x3ff0000000000000, 0xfff0000000000000, 0xfff0000000000000, 0
        FR3 91, fnmsub.d, 0x3ff0000000000000, 0x0, 0x8000000000000000, 0x8000000000000000, 0
        FR3 92, fnmsub.d, 0x7ff0000000000001, 0x3ff0000000000000, 0x3ff0000000000000, 0x7ff8000000000000, FFLAG_NV
        FR3 93, fnmsub.d, 0x7fefffffffffffff, 0x7fefffffffffffff, 0xfff0000000000000, 0xfff0000000000000, 0
        FR3 94, fnmadd.d, 0x4000000000000000, 0x4008000000000000, 0x3ff0000000000000, 0xc01c000000000000, 0
        FR3 95, fnmadd.d, 0xbff8000000000000, 0x4000000000000000, 0x3fb999999999999a, 0x4007333333333333, FFLAG_NX
        FR3 96, fnmadd.d, 0x3ff0000008000000, 0x3ff0000008000000, 0xbff0000010000000, 0xbcd0000000000000, 0
        FR3 97, fnmadd.d, 0x3ff0000008000000, 0x3ff0000008000000, 0x3ff0000010000000, 0xc000000010000002, 0
        FR3 98, fnmadd.d, 0x7ff0000000000000, 0x3ff0000000000000, 0xfff0000000000000, 0x7ff8000000000000, FFLAG_NV
        FR3 99, fnmadd.d, 0x3ff0000000000000, 0x0, 0x8000000000000000, 0x0, 0
        FR3 100, fnmadd.d, 0x7ff0000000000001, 0x3ff0000000000000, 0x3ff0000000000000, 0x7ff8000000000000, FFLAG_NV
        FR3 101, fnmadd.d, 0x7fefffffffffffff, 0x7fefffffffffffff, 0xfff0000000000000, 0x7ff0000000000000, 0

        /* fused multiply-add: inf * 0 is invalid even with a quiet-NaN addend */
        FR3 102, fmadd.d, 0x7ff0000000000000, 0, 0x7ff8000000000000, 0x7ff8000000000000, FFLAG_NV
        FR3 103, fnmsub.d, 0, 0x7ff0000000000000, 0x3ff0000000000000, 0x7ff8000000000000, FFLAG_NV
        /* quiet NaN addend alone: canonical NaN, no flags */
        FR3 104, fmadd.d, 0x3ff0000000000000, 0x3ff0000000000000, 0x7ff8000000000000 | 0x123, 0x7ff8000000000000, 0

TEST 105
        /* destination aliasing a source */
        LID fa0, 0x3ff0000000000000
        fadd.d fa0, fa0, fa0
        fmul.d fa0, fa0, fa0
        CHECKD fa0, 0x4010000000000000
TEST 106
        /* the x0-free register file: f0 is an ordinary register */
        LID f0, 0x3ff0000000000000
        LID f31, 0x3ff0000000000000
        fadd.d f0, f0, f31
        CHECKD f0, 0x4000000000000000
TEST 107
        /* fld / fsd move 64 bits unchanged (also NaN payloads) */
        la a1, fdat
        fld fa0, 0(a1)
        CHECKD fa0, 0x7ff4000000000001
        fsd fa0, 8(a1)
        ld a0, 8(a1)
        CHECK a0, 0x7ff4000000000001
TEST 108
        /* arithmetic on that signaling NaN: canonical NaN, NV */
        LID fa1, 0x3ff0000000000000
        csrwi fflags, 0
        fadd.d fa2, fa0, fa1
        CHECKD fa2, 0x7ff8000000000000
        CHECK_FFLAGS FFLAG_NV
TEST_END

        .data
        .balign 8
fdat:   .dword 0x7ff4000000000001
        .dword 0
