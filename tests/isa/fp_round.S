/*
 * Rounding modes: every arithmetic operation class in all five modes (RNE,
 * RTZ, RDN, RUP, RMM), once through the instruction's rm field and once
 * through frm with rm = DYN; ties (RNE to even vs RMM away from zero),
 * overflow (to infinity or to the largest finite value depending on mode
 * and sign), underflow near the smallest normal, the sign of an exact zero
 * sum in RDN; reserved rm encodings (5, 6) and reserved frm values (5..7)
 * with DYN are illegal instructions.
 */
#include "test.h"

.macro RS2S n, op, rm, a, b, res, fl
TEST \n
        LIS fa0, \a
        LIS fa1, \b
        csrwi fflags, 0
        \op fa2, fa0, fa1, \rm
        CHECKS fa2, \res
        CHECK_FFLAGS \fl
.endm
.macro RS1S n, op, rm, a, res, fl
TEST \n
        LIS fa0, \a
        csrwi fflags, 0
        \op fa2, fa0, \rm
        CHECKS fa2, \res
        CHECK_FFLAGS \fl
.endm
.macro RS3S n, op, rm, a, b, c, res, fl
TEST \n
        LIS fa0, \a
        LIS fa1, \b
        LIS fa2, \c
        csrwi fflags, 0
        \op fa3, fa0, fa1, fa2, \rm
        CHECKS fa3, \res
        CHECK_FFLAGS \fl
.endm
.macro RS2D n, op, rm, a, b, res, fl
TEST \n
        LID fa0, \a
        LID fa1, \b
        csrwi fflags, 0
        \op fa2, fa0, fa1, \rm
        CHECKD fa2, \res
        CHECK_FFLAGS \fl
.endm
.macro RS1D n, op, rm, a, res, fl
TEST \n
        LID fa0, \a
        csrwi fflags, 0
        \op fa2, fa0, \rm
        CHECKD fa2, \res
        CHECK_FFLAGS \fl
.endm
.macro RS3D n, op, rm, a, b, c, res, fl
TEST \n
        LID fa0, \a
        LID fa1, \b
        LID fa2, \c
        csrwi fflags, 0
        \op fa3, fa0, fa1, fa2, \rm
        CHECKD fa3, \res
        CHECK_FFLAGS \fl
.endm
/* dynamic: frm = \rm, instruction rm = DYN */
.macro RD2S n, op, rm, a, b, res, fl
TEST \n
        LIS fa0, \a
        LIS fa1, \b
        csrwi frm, \rm
        csrwi fflags, 0
        \op fa2, fa0, fa1
        csrwi frm, 0
        CHECKS fa2, \res
        CHECK_FFLAGS \fl
.endm
.macro RD1S n, op, rm, a, res, fl
TEST \n
        LIS fa0, \a
        csrwi frm, \rm
        csrwi fflags, 0
        \op fa2, fa0
        csrwi frm, 0
        CHECKS fa2, \res
        CHECK_FFLAGS \fl
.endm
.macro RD3S n, op, rm, a, b, c, res, fl
TEST \n
        LIS fa0, \a
        LIS fa1, \b
        LIS fa2, \c
        csrwi frm, \rm
        csrwi fflags, 0
        \op fa3, fa0, fa1, fa2
        csrwi frm, 0
        CHECKS fa3, \res
        CHECK_FFLAGS \fl
.endm
.macro RD2D n, op, rm, a, b, res, fl
TEST \n
        LID fa0, \a
        LID fa1, \b
        csrwi frm, \rm
        csrwi fflags, 0
        \op fa2, fa0, fa1
        csrwi frm, 0
        CHECKD fa2, \res
        CHECK_FFLAGS \fl
.endm
.macro RD1D n, op, rm, a, res, fl
TEST \n
        LID fa0, \a
        csrwi frm, \rm
        csrwi fflags, 0
        \op fa2, fa0
        csrwi frm, 0
        CHECKD fa2, \res
        CHECK_FFLAGS \fl
.endm
.macro RD3D n, op, rm, a, b, c, res, fl
TEST \n
        LID fa0, \a
        LID fa1, \b
        LID fa2, \c
        csrwi frm, \rm
        csrwi fflags, 0
        \op fa3, fa0, fa1, fa2
        csrwi frm, 0
        CHECKD fa3, \res
        CHECK_FFLAGS \fl
.endm

TEST_BEGIN
        csrwi frm, 0

        /* single, static rounding mode (rm field) */
        RS2S 1, fadd.s, rne, 0x3f800000, 0x33800000, 0x3f800000, FFLAG_NX
        RS2S 2, fadd.s, rtz, 0x3f800000, 0x33800000, 0x3f800000, FFLAG_NX
        RS2S 3, fadd.s, rdn, 0x3f800000, 0x33800000, 0x3f800000, FFLAG_NX
        RS2S 4, fadd.s, rup, 0x3f800000, 0x33800000, 0x3f800001, FFLAG_NX
        RS2S 5, fadd.s, rmm, 0x3f800000, 0x33800000, 0x3f800001, FFLAG_NX
        RS2S 6, fadd.s, rne, 0xbf800001, 0xb3800000, 0xbf800002, FFLAG_NX
        RS2S 7, fadd.s, rtz, 0xbf800001, 0xb3800000, 0xbf800001, FFLAG_NX
        RS2S 8, fadd.s, rdn, 0xbf800001, 0xb3800000, 0xbf800002, FFLAG_NX
        RS2S 9, fadd.s, rup, 0xbf800001, 0xb3800000, 0xbf800001, FFLAG_NX
        RS2S 10, fadd.s, rmm, 0xbf800001, 0xb3800000, 0xbf800002, FFLAG_NX
        RS2S 11, fdiv.s, rne, 0x3f800000, 0x40400000, 0x3eaaaaab, FFLAG_NX
        RS2S 12, fdiv.s, rtz, 0x3f800000, 0x40400000, 0x3eaaaaaa, FFLAG_NX
        RS2S 13, fdiv.s, rdn, 0x3f800000, 0x40400000, 0x3eaaaaaa, FFLAG_NX
        RS2S 14, fdiv.s, rup, 0x3f800000, 0x40400000, 0x3eaaaaab, FFLAG_NX
        RS2S 15, fdiv.s, rmm, 0x3f800000, 0x40400000, 0x3eaaaaab, FFLAG_NX
        RS2S 16, fmul.s, rne, 0x3dcccccd, 0x40400000, 0x3e99999a, FFLAG_NX
        RS2S 17, fmul.s, rtz, 0x3dcccccd, 0x40400000, 0x3e999999, FFLAG_NX
        RS2S 18, fmul.s, rdn, 0x3dcccccd, 0x40400000, 0x3e999999, FFLAG_NX
        RS2S 19, fmul.s, rup, 0x3dcccccd, 0x40400000, 0x3e99999a, FFLAG_NX
        RS2S 20, fmul.s, rmm, 0x3dcccccd, 0x40400000, 0x3e99999a, FFLAG_NX
        RS1S 21, fsqrt.s, rne, 0x40000000, 0x3fb504f3, FFLAG_NX
        RS1S 22, fsqrt.s, rtz, 0x40000000, 0x3fb504f3, FFLAG_NX
        RS1S 23, fsqrt.s, rdn, 0x40000000, 0x3fb504f3, FFLAG_NX
        RS1S 24, fsqrt.s, rup, 0x40000000, 0x3fb504f4, FFLAG_NX
        RS1S 25, fsqrt.s, rmm, 0x40000000, 0x3fb504f3, FFLAG_NX
        RS3S 26, fmadd.s, rne, 0x3f800800, 0x3f800800, 0x30800000, 0x3f801001, FFLAG_NX
        RS3S 27, fmadd.s, rtz, 0x3f800800, 0x3f800800, 0x30800000, 0x3f801000, FFLAG_NX
        RS3S 28, fmadd.s, rdn, 0x3f800800, 0x3f800800, 0x30800000, 0x3f801000, FFLAG_NX
        RS3S 29, fmadd.s, rup, 0x3f800800, 0x3f800800, 0x30800000, 0x3f801001, FFLAG_NX
        RS3S 30, fmadd.s, rmm, 0x3f800800, 0x3f800800, 0x30800000, 0x3f801001, FFLAG_NX
        RS2S 31, fmul.s, rne, 0x7f7fffff, 0x40000000, 0x7f800000, FFLAG_OF|FFLAG_NX
        RS2S 32, fmul.s, rtz, 0x7f7fffff, 0x40000000, 0x7f7fffff, FFLAG_OF|FFLAG_NX
        RS2S 33, fmul.s, rdn, 0x7f7fffff, 0x40000000, 0x7f7fffff, FFLAG_OF|FFLAG_NX
        RS2S 34, fmul.s, rup, 0x7f7fffff, 0x40000000, 0x7f800000, FFLAG_OF|FFLAG_NX
        RS2S 35, fmul.s, rmm, 0x7f7fffff, 0x40000000, 0x7f800000, FFLAG_OF|FFLAG_NX
        RS2S 36, fmul.s, rne, 0xff7fffff, 0x40000000, 0xff800000, FFLAG_OF|FFLAG_NX
        RS2S 37, fmul.s, rtz, 0xff7fffff, 0x40000000, 0xff7fffff, FFLAG_OF|FFLAG_NX
        RS2S 38, fmul.s, rdn, 0xff7fffff, 0x40000000, 0xff800000, FFLAG_OF|FFLAG_NX
        RS2S 39, fmul.s, rup, 0xff7fffff, 0x40000000, 0xff7fffff, FFLAG_OF|FFLAG_NX
        RS2S 40, fmul.s, rmm, 0xff7fffff, 0x40000000, 0xff800000, FFLAG_OF|FFLAG_NX
        RS2S 41, fmul.s, rne, 0x800000, 0x3f7fffff, 0x800000, FFLAG_UF|FFLAG_NX
        RS2S 42, fmul.s, rtz, 0x800000, 0x3f7fffff, 0x7fffff, FFLAG_UF|FFLAG_NX
        RS2S 43, fmul.s, rdn, 0x800000, 0x3f7fffff, 0x7fffff, FFLAG_UF|FFLAG_NX
        RS2S 44, fmul.s, rup, 0x800000, 0x3f7fffff, 0x800000, FFLAG_UF|FFLAG_NX
        RS2S 45, fmul.s, rmm, 0x800000, 0x3f7fffff, 0x800000, FFLAG_UF|FFLAG_NX
        RS2S 46, fmul.s, rne, 0x80800000, 0x3f400000, 0x80600000, 0
        RS2S 47, fmul.s, rtz, 0x80800000, 0x3f400000, 0x80600000, 0
        RS2S 48, fmul.s, rdn, 0x80800000, 0x3f400000, 0x80600000, 0
        RS2S 49, fmul.s, rup, 0x80800000, 0x3f400000, 0x80600000, 0
        RS2S 50, fmul.s, rmm, 0x80800000, 0x3f400000, 0x80600000, 0

        /* single, dynamic rounding mode (frm) */
        RD2S 51, fadd.s, 0, 0x3f800000, 0x33800000, 0x3f800000, FFLAG_NX
        RD2S 52, fadd.s, 1, 0x3f800000, 0x33800000, 0x3f800000, FFLAG_NX
        RD2S 53, fadd.s, 2, 0x3f800000, 0x33800000, 0x3f800000, FFLAG_NX
        RD2S 54, fadd.s, 3, 0x3f800000, 0x33800000, 0x3f800001, FFLAG_NX
        RD2S 55, fadd.s, 4, 0x3f800000, 0x33800000, 0x3f800001, FFLAG_NX
        RD2S 56, fsub.s, 0, 0xbf800001, 0x33800000, 0xbf800002, FFLAG_NX
        RD2S 57, fsub.s, 1, 0xbf800001, 0x33800000, 0xbf800001, FFLAG_NX
        RD2S 58, fsub.s, 2, 0xbf800001, 0x33800000, 0xbf800002, FFLAG_NX
        RD2S 59, fsub.s, 3, 0xbf800001, 0x33800000, 0xbf800001, FFLAG_NX
        RD2S 60, fsub.s, 4, 0xbf800001, 0x33800000, 0xbf800002, FFLAG_NX
        RD2S 61, fdiv.s, 0, 0x3f800000, 0x40400000, 0x3eaaaaab, FFLAG_NX
        RD2S 62, fdiv.s, 1, 0x3f800000, 0x40400000, 0x3eaaaaaa, FFLAG_NX
        RD2S 63, fdiv.s, 2, 0x3f800000, 0x40400000, 0x3eaaaaaa, FFLAG_NX
        RD2S 64, fdiv.s, 3, 0x3f800000, 0x40400000, 0x3eaaaaab, FFLAG_NX
        RD2S 65, fdiv.s, 4, 0x3f800000, 0x40400000, 0x3eaaaaab, FFLAG_NX
        RD1S 66, fsqrt.s, 0, 0x40000000, 0x3fb504f3, FFLAG_NX
        RD1S 67, fsqrt.s, 1, 0x40000000, 0x3fb504f3, FFLAG_NX
        RD1S 68, fsqrt.s, 2, 0x40000000, 0x3fb504f3, FFLAG_NX
        RD1S 69, fsqrt.s, 3, 0x40000000, 0x3fb504f4, FFLAG_NX
        RD1S 70, fsqrt.s, 4, 0x40000000, 0x3fb504f3, FFLAG_NX
        RD3S 71, fmadd.s, 0, 0x3f800800, 0x3f800800, 0x30800000, 0x3f801001, FFLAG_NX
        RD3S 72, fmadd.s, 1, 0x3f800800, 0x3f800800, 0x30800000, 0x3f801000, FFLAG_NX
        RD3S 73, fmadd.s, 2, 0x3f800800, 0x3f800800, 0x30800000, 0x3f801000, FFLAG_NX
        RD3S 74, fmadd.s, 3, 0x3f800800, 0x3f800800, 0x30800000, 0x3f801001, FFLAG_NX
        RD3S 75, fmadd.s, 4, 0x3f800800, 0x3f800800, 0x30800000, 0x3f801001, FFLAG_NX
        RD2S 76, fmul.s, 0, 0x7f7fffff, 0x40000000, 0x7f800000, FFLAG_OF|FFLAG_NX
        RD2S 77, fmul.s, 1, 0x7f7fffff, 0x40000000, 0x7f7fffff, FFLAG_OF|FFLAG_NX
        RD2S 78, fmul.s, 2, 0x7f7fffff, 0x40000000, 0x7f7fffff, FFLAG_OF|FFLAG_NX
        RD2S 79, fmul.s, 3, 0x7f7fffff, 0x40000000, 0x7f800000, FFLAG_OF|FFLAG_NX
        RD2S 80, fmul.s, 4, 0x7f7fffff, 0x40000000, 0x7f800000, FFLAG_OF|FFLAG_NX

        /* double, static rounding mode (rm field) */
        RS2D 81, fadd.d, rne, 0x3ff0000000000000, 0x3ca0000000000000, 0x3ff0000000000000, FFLAG_NX
        RS2D 82, fadd.d, rtz, 0x3ff0000000000000, 0x3ca0000000000000, 0x3ff0000000000000, FFLAG_NX
        RS2D 83, fadd.d, rdn, 0x3ff0000000000000, 0x3ca0000000000000, 0x3ff0000000000000, FFLAG_NX
        RS2D 84, fadd.d, rup, 0x3ff0000000000000, 0x3ca0000000000000, 0x3ff0000000000001, FFLAG_NX
        RS2D 85, fadd.d, rmm, 0x3ff0000000000000, 0x3ca0000000000000, 0x3ff0000000000001, FFLAG_NX
        RS2D 86, fadd.d, rne, 0xbff0000000000001, 0xbca0000000000000, 0xbff0000000000002, FFLAG_NX
        RS2D 87, fadd.d, rtz, 0xbff0000000000001, 0xbca0000000000000, 0xbff0000000000001, FFLAG_NX
        RS2D 88, fadd.d, rdn, 0xbff0000000000001, 0xbca0000000000000, 0xbff0000000000002, FFLAG_NX
        RS2D 89, fadd.d, rup, 0xbff0000000000001, 0xbca0000000000000, 0xbff0000000000001, FFLAG_NX
        RS2D 90, fadd.d, rmm, 0xbff0000000000001, 0xbca0000000000000, 0xbff0000000000002, FFLAG_NX
        RS2D 91, fdiv.d, rne, 0x3ff0000000000000, 0x4008000000000000, 0x3fd5555555555555, FFLAG_NX
        RS2D 92, fdiv.d, rtz, 0x3ff0000000000000, 0x4008000000000000, 0x3fd5555555555555, FFLAG_NX
        RS2D 93, fdiv.d, rdn, 0x3ff0000000000000, 0x4008000000000000, 0x3fd5555555555555, FFLAG_NX
        RS2D 94, fdiv.d, rup, 0x3ff0000000000000, 0x4008000000000000, 0x3fd5555555555556, FFLAG_NX
        RS2D 95, fdiv.d, rmm, 0x3ff0000000000000, 0x4008000000000000, 0x3fd5555555555555, FFLAG_NX
        RS2D 96, fmul.d, rne, 0x3fb999999999999a, 0x4008000000000000, 0x3fd3333333333334, FFLAG_NX
        RS2D 97, fmul.d, rtz, 0x3fb999999999999a, 0x4008000000000000, 0x3fd3333333333333, FFLAG_NX
        RS2D 98, fmul.d, rdn, 0x3fb999999999999a, 0x4008000000000000, 0x3fd3333333333333, FFLAG_NX
        RS2D 99, fmul.d, rup, 0x3fb999999999999a, 0x4008000000000000, 0x3fd3333333333334, FFLAG_NX
        RS2D 100, fmul.d, rmm, 0x3fb999999999999a, 0x4008000000000000, 0x3fd3333333333334, FFLAG_NX
        RS1D 101, fsqrt.d, rne, 0x4000000000000000, 0x3ff6a09e667f3bcd, FFLAG_NX
        RS1D 102, fsqrt.d, rtz, 0x4000000000000000, 0x3ff6a09e667f3bcc, FFLAG_NX
        RS1D 103, fsqrt.d, rdn, 0x4000000000000000, 0x3ff6a09e667f3bcc, FFLAG_NX
        RS1D 104, fsqrt.d, rup, 0x4000000000000000, 0x3ff6a09e667f3bcd, FFLAG_NX
        RS1D 105, fsqrt.d, rmm, 0x4000000000000000, 0x3ff6a09e667f3bcd, FFLAG_NX
        RS3D 106, fmadd.d, rne, 0x3ff0000002000000, 0x3ff0000002000000, 0x3c30000000000000, 0x3ff0000004000000, FFLAG_NX
        RS3D 107, fmadd.d, rtz, 0x3ff0000002000000, 0x3ff0000002000000, 0x3c30000000000000, 0x3ff0000004000000, FFLAG_NX
        RS3D 108, fmadd.d, rdn, 0x3ff0000002000000, 0x3ff0000002000000, 0x3c30000000000000, 0x3ff0000004000000, FFLAG_NX
        RS3D 109, fmadd.d, rup, 0x3ff0000002000000, 0x3ff0000002000000, 0x3c30000000000000, 0x3ff0000004000001, FFLAG_NX
        RS3D 110, fmadd.d, rmm, 0x3ff0000002000000, 0x3ff0000002000000, 0x3c30000000000000, 0x3ff0000004000000, FFLAG_NX
        RS2D 111, fmul.d, rne, 0x7fefffffffffffff, 0x4000000000000000, 0x7ff0000000000000, FFLAG_OF|FFLAG_NX
        RS2D 112, fmul.d, rtz, 0x7fefffffffffffff, 0x4000000000000000, 0x7fefffffffffffff, FFLAG_OF|FFLAG_NX
        RS2D 113, fmul.d, rdn, 0x7fefffffffffffff, 0x4000000000000000, 0x7fefffffffffffff, FFLAG_OF|FFLAG_NX
        RS2D 114, fmul.d, rup, 0x7fefffffffffffff, 0x4000000000000000, 0x7ff0000000000000, FFLAG_OF|FFLAG_NX
        RS2D 115, fmul.d, rmm, 0x7fefffffffffffff, 0x4000000000000000, 0x7ff0000000000000, FFLAG_OF|FFLAG_NX
        RS2D 116, fmul.d, rne, 0xffefffffffffffff, 0x4000000000000000, 0xfff0000000000000, FFLAG_OF|FFLAG_NX
        RS2D 117, fmul.d, rtz, 0xffefffffffffffff, 0x4000000000000000, 0xffefffffffffffff, FFLAG_OF|FFLAG_NX
        RS2D 118, fmul.d, rdn, 0xffefffffffffffff, 0x4000000000000000, 0xfff0000000000000, FFLAG_OF|FFLAG_NX
        RS2D 119, fmul.d, rup, 0xffefffffffffffff, 0x4000000000000000, 0xffefffffffffffff, FFLAG_OF|FFLAG_NX
        RS2D 120, fmul.d, rmm, 0xffefffffffffffff, 0x4000000000000000, 0xfff0000000000000, FFLAG_OF|FFLAG_NX
        RS2D 121, fmul.d, rne, 0x10000000000000, 0x3fefffffffffffff, 0x10000000000000, FFLAG_UF|FFLAG_NX
        RS2D 122, fmul.d, rtz, 0x10000000000000, 0x3fefffffffffffff, 0xfffffffffffff, FFLAG_UF|FFLAG_NX
        RS2D 123, fmul.d, rdn, 0x10000000000000, 0x3fefffffffffffff, 0xfffffffffffff, FFLAG_UF|FFLAG_NX
        RS2D 124, fmul.d, rup, 0x10000000000000, 0x3fefffffffffffff, 0x10000000000000, FFLAG_UF|FFLAG_NX
        RS2D 125, fmul.d, rmm, 0x10000000000000, 0x3fefffffffffffff, 0x10000000000000, FFLAG_UF|FFLAG_NX
        RS2D 126, fmul.d, rne, 0x8010000000000000, 0x3fe8000000000000, 0x800c000000000000, 0
        RS2D 127, fmul.d, rtz, 0x8010000000000000, 0x3fe8000000000000, 0x800c000000000000, 0
        RS2D 128, fmul.d, rdn, 0x8010000000000000, 0x3fe8000000000000, 0x800c000000000000, 0
        RS2D 129, fmul.d, rup, 0x8010000000000000, 0x3fe8000000000000, 0x800c000000000000, 0
        RS2D 130, fmul.d, rmm, 0x8010000000000000, 0x3fe8000000000000, 0x800c000000000000, 0

        /* double, dynamic rounding mode (frm) */
        RD2D 131, fadd.d, 0, 0x3ff0000000000000, 0x3ca0000000000000, 0x3ff0000000000000, FFLAG_NX
        RD2D 132, fadd.d, 1, 0x3ff0000000000000, 0x3ca0000000000000, 0x3ff0000000000000, FFLAG_NX
        RD2D 133, fadd.d, 2, 0x3ff0000000000000, 0x3ca0000000000000, 0x3ff0000000000000, FFLAG_NX
        RD2D 134, fadd.d, 3, 0x3ff0000000000000, 0x3ca0000000000000, 0x3ff0000000000001, FFLAG_NX
        RD2D 135, fadd.d, 4, 0x3ff0000000000000, 0x3ca0000000000000, 0x3ff0000000000001, FFLAG_NX
        RD2D 136, fsub.d, 0, 0xbff0000000000001, 0x3ca0000000000000, 0xbff0000000000002, FFLAG_NX
        RD2D 137, fsub.d, 1, 0xbff0000000000001, 0x3ca0000000000000, 0xbff0000000000001, FFLAG_NX
        RD2D 138, fsub.d, 2, 0xbff0000000000001, 0x3ca0000000000000, 0xbff0000000000002, FFLAG_NX
        RD2D 139, fsub.d, 3, 0xbff0000000000001, 0x3ca0000000000000, 0xbff0000000000001, FFLAG_NX
        RD2D 140, fsub.d, 4, 0xbff0000000000001, 0x3ca0000000000000, 0xbff0000000000002, FFLAG_NX
        RD2D 141, fdiv.d, 0, 0x3ff0000000000000, 0x4008000000000000, 0x3fd5555555555555, FFLAG_NX
        RD2D 142, fdiv.d, 1, 0x3ff0000000000000, 0x4008000000000000, 0x3fd5555555555555, FFLAG_NX
        RD2D 143, fdiv.d, 2, 0x3ff0000000000000, 0x4008000000000000, 0x3fd5555555555555, FFLAG_NX
        RD2D 144, fdiv.d, 3, 0x3ff0000000000000, 0x4008000000000000, 0x3fd5555555555556, FFLAG_NX
        RD2D 145, fdiv.d, 4, 0x3ff0000000000000, 0x4008000000000000, 0x3fd5555555555555, FFLAG_NX
        RD1D 146, fsqrt.d, 0, 0x4000000000000000, 0x3ff6a09e667f3bcd, FFLAG_NX
        RD1D 147, fsqrt.d, 1, 0x4000000000000000, 0x3ff6a09e667f3bcc, FFLAG_NX
        RD1D 148, fsqrt.d, 2, 0x4000000000000000, 0x3ff6a09e667f3bcc, FFLAG_NX
        RD1D 149, fsqrt.d, 3, 0x4000000000000000, 0x3ff6a09e667f3bcd, FFLAG_NX
        RD1D 150, fsqrt.d, 4, 0x4000000000000000, 0x3ff6a09e667f3bcd, FFLAG_NX
        RD3D 151, fmadd.d, 0, 0x3ff0000002000000, 0x3ff0000002000000, 0x3c30000000000000, 0x3ff0000004000000, FFLAG_NX
        RD3D 152, fmadd.d, 1, 0x3ff0000002000000, 0x3ff0000002000000, 0x3c30000000000000, 0x3ff0000004000000, FFLAG_NX
        RD3D 153, fmadd.d, 2, 0x3ff0000002000000, 0x3ff0000002000000, 0x3c30000000000000, 0x3ff0000004000000, FFLAG_NX
        RD3D 154, fmadd.d, 3, 0x3ff0000002000000, 0x3ff0000002000000, 0x3c30000000000000, 0x3ff0000004000001, FFLAG_NX
        RD3D 155, fmadd.d, 4, 0x3ff0000002000000, 0x3ff0000002000000, 0x3c30000000000000, 0x3ff0000004000000, FFLAG_NX
        RD2D 156, fmul.d, 0, 0x7fefffffffffffff, 0x4000000000000000, 0x7ff0000000000000, FFLAG_OF|FFLAG_NX
        RD2D 157, fmul.d, 1, 0x7fefffffffffffff, 0x4000000000000000, 0x7fefffffffffffff, FFLAG_OF|FFLAG_NX
        RD2D 158, fmul.d, 2, 0x7fefffffffffffff, 0x4000000000000000, 0x7fefffffffffffff, FFLAG_OF|FFLAG_NX
        RD2D 159, fmul.d, 3, 0x7fefffffffffffff, 0x4000000000000000, 0x7ff0000000000000, FFLAG_OF|FFLAG_NX
        RD2D 160, fmul.d, 4, 0x7fefffffffffffff, 0x4000000000000000, 0x7ff0000000000000, FFLAG_OF|FFLAG_NX

        /* an exact zero sum of opposite signs is -0 in RDN only */
        RS2S 161, fsub.s, rne, 0x3f800000, 0x3f800000, 0x00000000, 0
        RS2S 162, fsub.s, rdn, 0x3f800000, 0x3f800000, 0x80000000, 0
        RS2S 163, fadd.s, rup, 0xbf800000, 0x3f800000, 0x00000000, 0
        RD2D 164, fadd.d, 2, 0xbff0000000000000, 0x3ff0000000000000, 0x8000000000000000, 0
        RS3D 165, fmadd.d, rdn, 0x3ff0000000000000, 0x3ff0000000000000, 0xbff0000000000000, 0x8000000000000000, 0

        /* frm / fcsr fields */
TEST 166
        csrwi fcsr, 0
        csrwi frm, 4
        csrr a0, fcsr
        CHECK a0, 0x80
        csrr a0, frm
        CHECK a0, 4
        csrwi fflags, 0x1f
        csrr a0, fcsr
        CHECK a0, 0x9f
        li a1, 0xffffff45               /* upper bits are ignored */
        csrw fcsr, a1
        csrr a0, fcsr
        CHECK a0, 0x45
        csrr a0, frm
        CHECK a0, 2
        csrr a0, fflags
        CHECK a0, 5
        csrwi fcsr, 0

        /* reserved rounding modes */
TEST 167
        LIS fa0, 0x3f800000
        LIS fa1, 0x3f800000
        TRAP_M .word 0x00b55653         /* fadd.s fa2, fa0, fa1, rm = 5 */
        CHECK_MTRAP CAUSE_ILLEGAL, 0x00b55653
TEST 168
        TRAP_M .word 0x00b56653         /* rm = 6 */
        CHECK_MTRAP CAUSE_ILLEGAL, 0x00b56653
TEST 169
        csrwi frm, 5
        TRAP_M fadd.s fa2, fa0, fa1
        CHECK_MILLEGAL
TEST 170
        csrwi frm, 6
        TRAP_M fmul.d fa2, fa0, fa1
        CHECK_MILLEGAL
TEST 171
        csrwi frm, 7
        TRAP_M fsqrt.s fa2, fa0
        CHECK_MILLEGAL
TEST 172
        /* ... but an explicit rm does not look at frm */
        fadd.s fa2, fa0, fa1, rne
        CHECKS fa2, 0x40000000
        /* and instructions without rounding do not care either */
        fsgnj.s fa2, fa0, fa1
        fmv.x.w a0, fa0
        feq.s a0, fa0, fa1
        CHECK a0, 1
        csrwi frm, 0
TEST_END
