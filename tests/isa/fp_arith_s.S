/*
 * Single-precision arithmetic (F): fadd / fsub / fmul / fdiv / fsqrt and the fused
 * multiply-add family in round-to-nearest-even, with the exact fflags of
 * each operation (NX / UF / OF / DZ / NV), signed zeros, infinities,
 * subnormals, overflow and underflow (tininess after rounding), canonical
 * NaN results (0x7fc00000) for any NaN input or invalid operation, and
 * single fusing (one rounding) of fmadd.s.
 * Single results must be NaN-boxed (upper 32 bits all ones): every check
 * compares all 64 bits.  Expected values were computed with exact rational
 * arithmetic and cross-checked against the host FPU.
 */
#include "test.h"

/* binary op with the dynamic rounding mode (frm = RNE) */
.macro FR n, op, a, b, res, fl
TEST \n
        LIS fa0, \a
        LIS fa1, \b
        csrwi fflags, 0
        \op fa2, fa0, fa1
        CHECKS fa2, \res
        CHECK_FFLAGS \fl
.endm
/* unary */
.macro FU n, op, a, res, fl
TEST \n
        LIS fa0, \a
        csrwi fflags, 0
        \op fa2, fa0
        CHECKS fa2, \res
        CHECK_FFLAGS \fl
.endm
/* fused: fa3 = op(fa0, fa1, fa2) */
.macro FR3 n, op, a, b, c, res, fl
TEST \n
        LIS fa0, \a
        LIS fa1, \b
        LIS fa2, \c
        csrwi fflags, 0
        \op fa3, fa0, fa1, fa2
        CHECKS fa3, \res
        CHECK_FFLAGS \fl
.endm

TEST_BEGIN
        csrwi frm, 0

        /* fadd: exact, inexact, signed zeros, infinities, NaNs, overflow, subnormals */
        FR 1, fadd.s, 0x3f800000, 0x40000000, 0x40400000, 0
        FR 2, fadd.s, 0x3f800000, 0x3dcccccd, 0x3f8ccccd, FFLAG_NX
        FR 3, fadd.s, 0x3dcccccd, 0x3dcccccd, 0x3e4ccccd, 0
        FR 4, fadd.s, 0xbfc00000, 0x3f800000, 0xbf000000, 0
        FR 5, fadd.s, 0x0, 0x80000000, 0x0, 0
        FR 6, fadd.s, 0x80000000, 0x80000000, 0x80000000, 0
        FR 7, fadd.s, 0x3f800000, 0xbfc00000, 0xbf000000, 0
        FR 8, fadd.s, 0x7f800000, 0x3f800000, 0x7f800000, 0
        FR 9, fadd.s, 0x7f800000, 0xff800000, 0x7fc00000, FFLAG_NV
        FR 10, fadd.s, 0x7fc00000, 0x3f800000, 0x7fc00000, 0
        FR 11, fadd.s, 0x7fc12345, 0x3f800000, 0x7fc00000, 0
        FR 12, fadd.s, 0x7f800001, 0x3f800000, 0x7fc00000, FFLAG_NV
        FR 13, fadd.s, 0x3f800000, 0x7f800001, 0x7fc00000, FFLAG_NV
        FR 14, fadd.s, 0x7f7fffff, 0x7f7fffff, 0x7f800000, FFLAG_OF|FFLAG_NX
        FR 15, fadd.s, 0x1, 0x1, 0x2, 0
        FR 16, fadd.s, 0x800000, 0x1, 0x800001, 0
        FR 17, fadd.s, 0x7149f2ca, 0xbfc00000, 0x7149f2ca, FFLAG_NX
        FR 18, fadd.s, 0x40490fdb, 0x3dcccccd, 0x404f7641, FFLAG_NX

        /* fsub */
        FR 19, fsub.s, 0x40400000, 0x3f800000, 0x40000000, 0
        FR 20, fsub.s, 0x3f800000, 0x3dcccccd, 0x3f666666, FFLAG_NX
        FR 21, fsub.s, 0x3f800000, 0x3f800000, 0x0, 0
        FR 22, fsub.s, 0x80000000, 0x0, 0x80000000, 0
        FR 23, fsub.s, 0x0, 0x0, 0x0, 0
        FR 24, fsub.s, 0x7f800000, 0x7f800000, 0x7fc00000, FFLAG_NV
        FR 25, fsub.s, 0xff800000, 0x7f800000, 0xff800000, 0
        FR 26, fsub.s, 0x800000, 0x1, 0x7fffff, 0
        FR 27, fsub.s, 0x7f800001, 0x7fc00000, 0x7fc00000, FFLAG_NV
        FR 28, fsub.s, 0xbfc00000, 0x7f7fffff, 0xff7fffff, FFLAG_NX

        /* fmul */
        FR 29, fmul.s, 0x40000000, 0x40400000, 0x40c00000, 0
        FR 30, fmul.s, 0x3dcccccd, 0x40400000, 0x3e99999a, FFLAG_NX
        FR 31, fmul.s, 0xbfc00000, 0xbfc00000, 0x40100000, 0
        FR 32, fmul.s, 0x0, 0xff800000, 0x7fc00000, FFLAG_NV
        FR 33, fmul.s, 0x80000000, 0x3f800000, 0x80000000, 0
        FR 34, fmul.s, 0x7f800000, 0xbfc00000, 0xff800000, 0
        FR 35, fmul.s, 0x7f7fffff, 0x40000000, 0x7f800000, FFLAG_OF|FFLAG_NX
        FR 36, fmul.s, 0x800000, 0x3f000000, 0x400000, 0
        FR 37, fmul.s, 0x800000, 0x3e99999a, 0x266666, FFLAG_UF|FFLAG_NX
        FR 38, fmul.s, 0x1, 0x3f000000, 0x0, FFLAG_UF|FFLAG_NX
        FR 39, fmul.s, 0x7149f2ca, 0x7149f2ca, 0x7f800000, FFLAG_OF|FFLAG_NX
        FR 40, fmul.s, 0x7fc00000, 0x0, 0x7fc00000, 0
        FR 41, fmul.s, 0x7f800001, 0x40000000, 0x7fc00000, FFLAG_NV
        FR 42, fmul.s, 0x40490fdb, 0x40490fdb, 0x411de9e7, FFLAG_NX

        /* fdiv: including division by zero */
        FR 43, fdiv.s, 0x40400000, 0x40000000, 0x3fc00000, 0
        FR 44, fdiv.s, 0x3f800000, 0x40400000, 0x3eaaaaab, FFLAG_NX
        FR 45, fdiv.s, 0x3f800000, 0x0, 0x7f800000, FFLAG_DZ
        FR 46, fdiv.s, 0xbfc00000, 0x0, 0xff800000, FFLAG_DZ
        FR 47, fdiv.s, 0x3f800000, 0x80000000, 0xff800000, FFLAG_DZ
        FR 48, fdiv.s, 0x0, 0x0, 0x7fc00000, FFLAG_NV
        FR 49, fdiv.s, 0x7f800000, 0x7f800000, 0x7fc00000, FFLAG_NV
        FR 50, fdiv.s, 0x3f800000, 0x7f800000, 0x0, 0
        FR 51, fdiv.s, 0x7f800000, 0x40000000, 0x7f800000, 0
        FR 52, fdiv.s, 0x800000, 0x40800000, 0x200000, 0
        FR 53, fdiv.s, 0x7f7fffff, 0x3f000000, 0x7f800000, FFLAG_OF|FFLAG_NX
        FR 54, fdiv.s, 0x7fc00000, 0x0, 0x7fc00000, 0
        FR 55, fdiv.s, 0x7f800001, 0x3f800000, 0x7fc00000, FFLAG_NV
        FR 56, fdiv.s, 0x40490fdb, 0x3dcccccd, 0x41fb53d2, FFLAG_NX
        FR 57, fdiv.s, 0x80000000, 0x40400000, 0x80000000, 0

        /* fsqrt */
        FU 58, fsqrt.s, 0x40800000, 0x40000000, 0
        FU 59, fsqrt.s, 0x40000000, 0x3fb504f3, FFLAG_NX
        FU 60, fsqrt.s, 0x0, 0x0, 0
        FU 61, fsqrt.s, 0x80000000, 0x80000000, 0
        FU 62, fsqrt.s, 0x3dcccccd, 0x3ea1e89b, FFLAG_NX
        FU 63, fsqrt.s, 0xbfc00000, 0x7fc00000, FFLAG_NV
        FU 64, fsqrt.s, 0x7f800000, 0x7f800000, 0
        FU 65, fsqrt.s, 0xff800000, 0x7fc00000, FFLAG_NV
        FU 66, fsqrt.s, 0x1, 0x1a3504f3, FFLAG_NX
        FU 67, fsqrt.s, 0x7fc00000, 0x7fc00000, 0
        FU 68, fsqrt.s, 0x7f800001, 0x7fc00000, FFLAG_NV
        FU 69, fsqrt.s, 0x7f7fffff, 0x5f7fffff, FFLAG_NX

        /* fused multiply-add family */
        FR3 70, fmadd.s, 0x40000000, 0x40400000, 0x3f800000, 0x40e00000, 0
        FR3 71, fmadd.s, 0xbfc00000, 0x40000000, 0x3dcccccd, 0xc039999a, FFLAG_NX
        FR3 72, fmadd.s, 0x3f800800, 0x3f800800, 0xbf801000, 0x33800000, 0
        FR3 73, fmadd.s, 0x3f800800, 0x3f800800, 0x3f801000, 0x40001000, FFLAG_NX
        FR3 74, fmadd.s, 0x7f800000, 0x3f800000, 0xff800000, 0x7fc00000, FFLAG_NV
        FR3 75, fmadd.s, 0x3f800000, 0x0, 0x80000000, 0x0, 0
        FR3 76, fmadd.s, 0x7f800001, 0x3f800000, 0x3f800000, 0x7fc00000, FFLAG_NV
        FR3 77, fmadd.s, 0x7f7fffff, 0x7f7fffff, 0xff800000, 0xff800000, 0
        FR3 78, fmsub.s, 0x40000000, 0x40400000, 0x3f800000, 0x40a00000, 0
        FR3 79, fmsub.s, 0xbfc00000, 0x40000000, 0x3dcccccd, 0xc0466666, FFLAG_NX
        FR3 80, fmsub.s, 0x3f800800, 0x3f800800, 0xbf801000, 0x40001000, FFLAG_NX
        FR3 81, fmsub.s, 0x3f800800, 0x3f800800, 0x3f801000, 0x33800000, 0
        FR3 82, fmsub.s, 0x7f800000, 0x3f800000, 0xff800000, 0x7f800000, 0
        FR3 83, fmsub.s, 0x3f800000, 0x0, 0x80000000, 0x0, 0
        FR3 84, fmsub.s, 0x7f800001, 0x3f800000, 0x3f800000, 0x7fc00000, FFLAG_NV
        FR3 85, fmsub.s, 0x7f7fffff, 0x7f7fffff, 0xff800000, 0x7f800000, 0
        FR3 86, fnmsub.s, 0x40000000, 0x40400000, 0x3f800000, 0xc0a00000, 0
        FR3 87, fnmsub.s, 0xbfc00000, 0x40000000, 0x3dcccccd, 0x40466666, FFLAG_NX
        FR3 88, fnmsub.s, 0x3f800800, 0x3f800800, 0xbf801000, 0xc0001000, FFLAG_NX
        FR3 89, fnmsub.s, 0x3f800800, 0x3f800800, 0x3f801000, 0xb3800000, 0
        FR3 90, fnmsub.s, 0x7f800000, 0x3f800000, 0xff800000, 0xff800000, 0
        FR3 91, fnmsub.s, 0x3f800000, 0x0, 0x80000000, 0x80000000, 0
        FR3 92, fnmsub.s, 0x7f800001, 0x3f800000, 0x3f800000, 0x7fc00000, FFLAG_NV
        FR3 93, fnmsub.s, 0x7f7fffff, 0x7f7fffff, 0xff800000, 0xff800000, 0
        FR3 94, fnmadd.s, 0x40000000, 0x40400000, 0x3f800000, 0xc0e00000, 0
        FR3 95, fnmadd.s, 0xbfc00000, 0x40000000, 0x3dcccccd, 0x4039999a, FFLAG_NX
        FR3 96, fnmadd.s, 0x3f800800, 0x3f800800, 0xbf801000, 0xb3800000, 0
        FR3 97, fnmadd.s, 0x3f800800, 0x3f800800, 0x3f801000, 0xc0001000, FFLAG_NX
        FR3 98, fnmadd.s, 0x7f800000, 0x3f800000, 0xff800000, 0x7fc00000, FFLAG_NV
        FR3 99, fnmadd.s, 0x3f800000, 0x0, 0x80000000, 0x0, 0
        FR3 100, fnmadd.s, 0x7f800001, 0x3f800000, 0x3f800000, 0x7fc00000, FFLAG_NV
        FR3 101, fnmadd.s, 0x7f7fffff, 0x7f7fffff, 0xff800000, 0x7f800000, 0

        /* fused multiply-add: inf * 0 is invalid even with a quiet-NaN addend */
        FR3 102, fmadd.s, 0x7f800000, 0, 0x7fc00000, 0x7fc00000, FFLAG_NV
        FR3 103, fnmsub.s, 0, 0x7f800000, 0x3f800000, 0x7fc00000, FFLAG_NV
        /* quiet NaN addend alone: canonical NaN, no flags */
        FR3 104, fmadd.s, 0x3f800000, 0x3f800000, 0x7fc00000 | 0x123, 0x7fc00000, 0

TEST 105
        /* destination aliasing a source */
        LIS fa0, 0x3f800000
        fadd.s fa0, fa0, fa0
        fmul.s fa0, fa0, fa0
        CHECKS fa0, 0x40800000
TEST 106
        /* the x0-free register file: f0 is an ordinary register */
        LIS f0, 0x3f800000
        LIS f31, 0x3f800000
        fadd.s f0, f0, f31
        CHECKS f0, 0x40000000
TEST 107
        /* improperly NaN-boxed inputs read as the canonical NaN */
        LID fa0, 0x000000003f800000
        LIS fa1, 0x3f800000
        csrwi fflags, 0
        fadd.s fa2, fa0, fa1
        CHECKS fa2, 0x7fc00000
        CHECK_FFLAGS 0
TEST 108
        LID fa0, 0xfffffffe40000000     /* one upper bit clear */
        LIS fa1, 0x3f800000
        fmul.s fa2, fa1, fa0
        CHECKS fa2, 0x7fc00000
TEST 109
        /* a double's bits are not a boxed single */
        LID fa0, 0x3ff0000000000000
        fsqrt.s fa2, fa0
        CHECKS fa2, 0x7fc00000
TEST 110
        LID fa0, 0x7ff0000000000000
        LIS fa1, 0x3f800000
        LIS fa2, 0x3f800000
        fmadd.s fa3, fa1, fa2, fa0
        CHECKS fa3, 0x7fc00000
TEST 111
        /* flw NaN-boxes; fsw stores the low 32 bits of anything */
        la a1, fdat
        flw fa0, 0(a1)
        CHECKS fa0, 0x40490fdb
        LID fa1, 0x12345678cafef00d
        fsw fa1, 4(a1)
        lwu a0, 4(a1)
        CHECK a0, 0xcafef00d
        ld a0, 0(a1)
        CHECK a0, 0xcafef00d40490fdb
TEST_END

        .data
        .balign 8
fdat:   .word 0x40490fdb
        .word 0
