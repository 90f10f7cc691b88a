/*
 * Conversions and moves:
 *  - fcvt.{w,wu,l,lu}.{s,d}: rounding in every mode, saturation of out of
 *    range values and infinities (NV), NaN -> largest positive integer (NV),
 *    32-bit results sign-extended (also for wu), inexact -> NX only
 *  - fcvt.{s,d}.{w,wu,l,lu}: upper source bits of the 32-bit forms ignored,
 *    rounding of wide integers
 *  - fcvt.s.d / fcvt.d.s: rounding, overflow, underflow, NaNs become the
 *    canonical NaN (payload not propagated), sNaN -> NV
 *  - fmv.x.w sign-extends, fmv.w.x NaN-boxes, fmv.x.d / fmv.d.x and the
 *    sign-injection instructions move bits without NaN canonicalisation or
 *    flags, except that improperly boxed singles read as the canonical NaN
 */
#include "test.h"

/* integer result of a float -> int conversion with a static rm */
.macro F2I n, op, rm, load, a, res, fl
TEST \n
        \load fa0, \a
        csrwi fflags, 0
        \op a0, fa0, \rm
        CHECK a0, \res
        CHECK_FFLAGS \fl
.endm
/* float result of an int -> float conversion with a static rm */
.macro I2F n, op, rm, check, x, res, fl
TEST \n
        li a0, \x
        csrwi fflags, 0
        \op fa0, a0, \rm
        \check fa0, \res
        CHECK_FFLAGS \fl
.endm
/* exact int -> double conversions take no rm */
.macro I2FE n, op, check, x, res, fl
TEST \n
        li a0, \x
        csrwi fflags, 0
        \op fa0, a0
        \check fa0, \res
        CHECK_FFLAGS \fl
.endm
/* float -> float */
.macro F2F n, op, rm, load, check, a, res, fl
TEST \n
        \load fa0, \a
        csrwi fflags, 0
        .ifc \rm,none
        \op fa1, fa0
        .else
        \op fa1, fa0, \rm
        .endif
        \check fa1, \res
        CHECK_FFLAGS \fl
.endm
/* sign injection on singles / doubles: fa2 = op(fa0, fa1) */
.macro SGNJ n, op, load, check, a, b, res
TEST \n
        \load fa0, \a
        \load fa1, \b
        csrwi fflags, 0
        \op fa2, fa0, fa1
        \check fa2, \res
        CHECK_FFLAGS 0
.endm

TEST_BEGIN
        csrwi frm, 0

        /* float -> integer: rounding, saturation, NaN, sign extension of 32-bit results */
        F2I 1, fcvt.w.s, rne, LIS, 0x40200000, 0x2, FFLAG_NX
        F2I 2, fcvt.w.s, rtz, LIS, 0x40200000, 0x2, FFLAG_NX
        F2I 3, fcvt.w.s, rdn, LIS, 0x40200000, 0x2, FFLAG_NX
        F2I 4, fcvt.w.s, rup, LIS, 0x40200000, 0x3, FFLAG_NX
        F2I 5, fcvt.w.s, rmm, LIS, 0x40200000, 0x3, FFLAG_NX
        F2I 6, fcvt.w.s, rne, LIS, 0xc0200000, 0xfffffffffffffffe, FFLAG_NX
        F2I 7, fcvt.w.s, rtz, LIS, 0xc0200000, 0xfffffffffffffffe, FFLAG_NX
        F2I 8, fcvt.w.s, rdn, LIS, 0xc0200000, 0xfffffffffffffffd, FFLAG_NX
        F2I 9, fcvt.w.s, rup, LIS, 0xc0200000, 0xfffffffffffffffe, FFLAG_NX
        F2I 10, fcvt.w.s, rmm, LIS, 0xc0200000, 0xfffffffffffffffd, FFLAG_NX
        F2I 11, fcvt.w.s, rne, LIS, 0xbf000000, 0x0, FFLAG_NX
        F2I 12, fcvt.w.s, rtz, LIS, 0xbf000000, 0x0, FFLAG_NX
        F2I 13, fcvt.w.s, rdn, LIS, 0xbf000000, 0xffffffffffffffff, FFLAG_NX
        F2I 14, fcvt.w.s, rup, LIS, 0xbf000000, 0x0, FFLAG_NX
        F2I 15, fcvt.w.s, rmm, LIS, 0xbf000000, 0xffffffffffffffff, FFLAG_NX
        F2I 16, fcvt.w.s, rne, LIS, 0x3f800000, 0x1, 0
        F2I 17, fcvt.w.s, rne, LIS, 0xbf800000, 0xffffffffffffffff, 0
        F2I 18, fcvt.w.s, rne, LIS, 0x80000000, 0x0, 0
        F2I 19, fcvt.w.s, rne, LIS, 0x4effffff, 0x7fffff80, 0
        F2I 20, fcvt.w.s, rne, LIS, 0x4f000000, 0x7fffffff, FFLAG_NV
        F2I 21, fcvt.w.s, rne, LIS, 0xcf000000, 0xffffffff80000000, 0
        F2I 22, fcvt.w.s, rne, LIS, 0xcf32d05e, 0xffffffff80000000, FFLAG_NV
        F2I 23, fcvt.w.s, rne, LIS, 0x7f800000, 0x7fffffff, FFLAG_NV
        F2I 24, fcvt.w.s, rne, LIS, 0xff800000, 0xffffffff80000000, FFLAG_NV
        F2I 25, fcvt.w.s, rne, LIS, 0x7fc00000, 0x7fffffff, FFLAG_NV
        F2I 26, fcvt.w.s, rne, LIS, 0x7f800001, 0x7fffffff, FFLAG_NV
        F2I 27, fcvt.w.s, rtz, LIS, 0xffc00000, 0x7fffffff, FFLAG_NV
        F2I 28, fcvt.w.s, rup, LIS, 0xda24260, 0x1, FFLAG_NX
        F2I 29, fcvt.w.s, rdn, LIS, 0x8da24260, 0xffffffffffffffff, FFLAG_NX
        F2I 30, fcvt.wu.s, rne, LIS, 0x4f32d05e, 0xffffffffb2d05e00, 0
        F2I 31, fcvt.wu.s, rne, LIS, 0x4f7fffff, 0xffffffffffffff00, 0
        F2I 32, fcvt.wu.s, rne, LIS, 0x4f800000, 0xffffffffffffffff, FFLAG_NV
        F2I 33, fcvt.wu.s, rne, LIS, 0xbf800000, 0x0, FFLAG_NV
        F2I 34, fcvt.wu.s, rtz, LIS, 0xbf000000, 0x0, FFLAG_NX
        F2I 35, fcvt.wu.s, rne, LIS, 0xbf000000, 0x0, FFLAG_NX
        F2I 36, fcvt.wu.s, rne, LIS, 0xbf400000, 0x0, FFLAG_NV
        F2I 37, fcvt.wu.s, rne, LIS, 0x7fc00000, 0xffffffffffffffff, FFLAG_NV
        F2I 38, fcvt.wu.s, rne, LIS, 0xff800000, 0x0, FFLAG_NV
        F2I 39, fcvt.wu.s, rup, LIS, 0x3fc00000, 0x2, FFLAG_NX
        F2I 40, fcvt.l.s, rne, LIS, 0xcf32d05e, 0xffffffff4d2fa200, 0
        F2I 41, fcvt.l.s, rne, LIS, 0x5eff59ef, 0x7facf78000000000, 0
        F2I 42, fcvt.l.s, rne, LIS, 0x5f01103d, 0x7fffffffffffffff, FFLAG_NV
        F2I 43, fcvt.l.s, rne, LIS, 0xdf01103d, 0x8000000000000000, FFLAG_NV
        F2I 44, fcvt.l.s, rne, LIS, 0x7fc00000, 0x7fffffffffffffff, FFLAG_NV
        F2I 45, fcvt.l.s, rmm, LIS, 0xc0200000, 0xfffffffffffffffd, FFLAG_NX
        F2I 46, fcvt.lu.s, rne, LIS, 0x5f79ccd9, 0xf9ccd90000000000, 0
        F2I 47, fcvt.lu.s, rne, LIS, 0x5f83d6c8, 0xffffffffffffffff, FFLAG_NV
        F2I 48, fcvt.lu.s, rne, LIS, 0xbf800000, 0x0, FFLAG_NV
        F2I 49, fcvt.lu.s, rup, LIS, 0xbe800000, 0x0, FFLAG_NX
        F2I 50, fcvt.lu.s, rne, LIS, 0x7f800000, 0xffffffffffffffff, FFLAG_NV
        F2I 51, fcvt.w.d, rne, LID, 0x41dfffffffe00000, 0x7fffffff, FFLAG_NV
        F2I 52, fcvt.w.d, rtz, LID, 0x41dfffffffe00000, 0x7fffffff, FFLAG_NX
        F2I 53, fcvt.w.d, rdn, LID, 0xc1e0000000100000, 0xffffffff80000000, FFLAG_NV
        F2I 54, fcvt.w.d, rtz, LID, 0xc1e0000000100000, 0xffffffff80000000, FFLAG_NX
        F2I 55, fcvt.w.d, rne, LID, 0x4202a05f20000000, 0x7fffffff, FFLAG_NV
        F2I 56, fcvt.w.d, rne, LID, 0x7ff8000000000000, 0x7fffffff, FFLAG_NV
        F2I 57, fcvt.w.d, rne, LID, 0xfff0000000000000, 0xffffffff80000000, FFLAG_NV
        F2I 58, fcvt.w.d, rne, LID, 0x8000000000000000, 0x0, 0
        F2I 59, fcvt.wu.d, rne, LID, 0x41efffffffe00000, 0xffffffffffffffff, 0
        F2I 60, fcvt.wu.d, rne, LID, 0x41effffffff00000, 0xffffffffffffffff, FFLAG_NV
        F2I 61, fcvt.wu.d, rne, LID, 0x41f0000000000000, 0xffffffffffffffff, FFLAG_NV
        F2I 62, fcvt.wu.d, rne, LID, 0xbff0000000000000, 0x0, FFLAG_NV
        F2I 63, fcvt.wu.d, rtz, LID, 0xbfeccccccccccccd, 0x0, FFLAG_NX
        F2I 64, fcvt.l.d, rne, LID, 0x43d0000000000000, 0x4000000000000000, 0
        F2I 65, fcvt.l.d, rne, LID, 0x43e0000000000000, 0x7fffffffffffffff, FFLAG_NV
        F2I 66, fcvt.l.d, rne, LID, 0xc3e0000000000000, 0x8000000000000000, 0
        F2I 67, fcvt.l.d, rne, LID, 0xbff8000000000000, 0xfffffffffffffffe, FFLAG_NX
        F2I 68, fcvt.l.d, rmm, LID, 0xbff8000000000000, 0xfffffffffffffffe, FFLAG_NX
        F2I 69, fcvt.l.d, rne, LID, 0x7e37e43c8800759c, 0x7fffffffffffffff, FFLAG_NV
        F2I 70, fcvt.l.d, rne, LID, 0x7ff0000000000001, 0x7fffffffffffffff, FFLAG_NV
        F2I 71, fcvt.lu.d, rne, LID, 0x43e0000000000000, 0x8000000000000000, 0
        F2I 72, fcvt.lu.d, rne, LID, 0x43f0000000000000, 0xffffffffffffffff, FFLAG_NV
        F2I 73, fcvt.lu.d, rne, LID, 0x43ef399b1438a100, 0xf9ccd8a1c5080000, 0
        F2I 74, fcvt.lu.d, rne, LID, 0xc008000000000000, 0x0, FFLAG_NV
        F2I 75, fcvt.lu.d, rup, LID, 0x3fe0000000000000, 0x1, FFLAG_NX
        F2I 76, fcvt.lu.d, rne, LID, 0x7ff8000000000000, 0xffffffffffffffff, FFLAG_NV

        /* integer -> float: upper bits of .w sources ignored, rounding of wide integers */
        I2F 77, fcvt.s.w, rne, CHECKS, 0x0, 0x0, 0
        I2F 78, fcvt.s.w, rne, CHECKS, 0x1, 0x3f800000, 0
        I2F 79, fcvt.s.w, rne, CHECKS, 0xffffffffffffffff, 0xbf800000, 0
        I2F 80, fcvt.s.w, rne, CHECKS, 0x7fffffff, 0x4f000000, FFLAG_NX
        I2F 81, fcvt.s.w, rtz, CHECKS, 0x7fffffff, 0x4effffff, FFLAG_NX
        I2F 82, fcvt.s.w, rne, CHECKS, 0x80000000, 0xcf000000, 0
        I2F 83, fcvt.s.w, rne, CHECKS, 0x100000005, 0x40a00000, 0
        I2F 84, fcvt.s.w, rmm, CHECKS, 0x7ffffffb, 0x4f000000, FFLAG_NX
        I2F 85, fcvt.s.w, rne, CHECKS, 0x7ffffffb, 0x4f000000, FFLAG_NX
        I2F 86, fcvt.s.wu, rne, CHECKS, 0xffffffff, 0x4f800000, FFLAG_NX
        I2F 87, fcvt.s.wu, rtz, CHECKS, 0xffffffff, 0x4f7fffff, FFLAG_NX
        I2F 88, fcvt.s.wu, rne, CHECKS, 0xdeadbeef00000007, 0x40e00000, 0
        I2F 89, fcvt.s.wu, rdn, CHECKS, 0x80000001, 0x4f000000, FFLAG_NX
        I2F 90, fcvt.s.l, rne, CHECKS, 0x7fffffffffffffff, 0x5f000000, FFLAG_NX
        I2F 91, fcvt.s.l, rne, CHECKS, 0x8000000000000000, 0xdf000000, 0
        I2F 92, fcvt.s.l, rne, CHECKS, 0xfffffffffffffffd, 0xc0400000, 0
        I2F 93, fcvt.s.l, rne, CHECKS, 0x1000001, 0x4b800000, FFLAG_NX
        I2F 94, fcvt.s.l, rup, CHECKS, 0x1000001, 0x4b800001, FFLAG_NX
        I2F 95, fcvt.s.l, rtz, CHECKS, 0x1000003, 0x4b800001, FFLAG_NX
        I2F 96, fcvt.s.lu, rne, CHECKS, 0xffffffffffffffff, 0x5f800000, FFLAG_NX
        I2F 97, fcvt.s.lu, rtz, CHECKS, 0xffffffffffffffff, 0x5f7fffff, FFLAG_NX
        I2F 98, fcvt.s.lu, rne, CHECKS, 0x8000000000000000, 0x5f000000, 0
        I2F 99, fcvt.s.lu, rne, CHECKS, 0x3039, 0x4640e400, 0
        I2FE 100, fcvt.d.w, CHECKD, 0xfffffffffffffff9, 0xc01c000000000000, 0
        I2FE 101, fcvt.d.w, CHECKD, 0x80000000, 0xc1e0000000000000, 0
        I2FE 102, fcvt.d.w, CHECKD, 0xffffffff80000000, 0xc1e0000000000000, 0
        I2FE 103, fcvt.d.w, CHECKD, 0x12345678ffffffff, 0xbff0000000000000, 0
        I2FE 104, fcvt.d.wu, CHECKD, 0xffffffff, 0x41efffffffe00000, 0
        I2FE 105, fcvt.d.wu, CHECKD, 0xffffffffffffffff, 0x41efffffffe00000, 0
        I2F 106, fcvt.d.l, rne, CHECKD, 0x20000000000001, 0x4340000000000000, FFLAG_NX
        I2F 107, fcvt.d.l, rup, CHECKD, 0x20000000000001, 0x4340000000000001, FFLAG_NX
        I2F 108, fcvt.d.l, rne, CHECKD, 0x20000000000003, 0x4340000000000002, FFLAG_NX
        I2F 109, fcvt.d.l, rtz, CHECKD, 0x7fffffffffffffff, 0x43dfffffffffffff, FFLAG_NX
        I2F 110, fcvt.d.l, rne, CHECKD, 0x8000000000000000, 0xc3e0000000000000, 0
        I2F 111, fcvt.d.l, rdn, CHECKD, 0xffdfffffffffffff, 0xc340000000000001, FFLAG_NX
        I2F 112, fcvt.d.lu, rne, CHECKD, 0xffffffffffffffff, 0x43f0000000000000, FFLAG_NX
        I2F 113, fcvt.d.lu, rtz, CHECKD, 0xffffffffffffffff, 0x43efffffffffffff, FFLAG_NX
        I2F 114, fcvt.d.lu, rmm, CHECKD, 0x20000000000001, 0x4340000000000001, FFLAG_NX
        I2F 115, fcvt.d.lu, rne, CHECKD, 0x0, 0x0, 0

        /* double -> single */
        F2F 116, fcvt.s.d, rne, LID, CHECKS, 0x3fd5555555555555, 0x3eaaaaab, FFLAG_NX
        F2F 117, fcvt.s.d, rtz, LID, CHECKS, 0x3fd5555555555555, 0x3eaaaaaa, FFLAG_NX
        F2F 118, fcvt.s.d, rne, LID, CHECKS, 0x7e37e43c8800759c, 0x7f800000, FFLAG_OF | FFLAG_NX
        F2F 119, fcvt.s.d, rtz, LID, CHECKS, 0x7e37e43c8800759c, 0x7f7fffff, FFLAG_OF | FFLAG_NX
        F2F 120, fcvt.s.d, rne, LID, CHECKS, 0x01a56e1fc2f8f359, 0x00000000, FFLAG_UF | FFLAG_NX
        F2F 121, fcvt.s.d, rup, LID, CHECKS, 0x01a56e1fc2f8f359, 0x00000001, FFLAG_UF | FFLAG_NX
        F2F 122, fcvt.s.d, rne, LID, CHECKS, 0x7ff8000000012345, 0x7fc00000, 0
        F2F 123, fcvt.s.d, rne, LID, CHECKS, 0x7ff0000000000001, 0x7fc00000, FFLAG_NV
        F2F 124, fcvt.s.d, rne, LID, CHECKS, 0xfff0000000000000, 0xff800000, 0
        F2F 125, fcvt.s.d, rne, LID, CHECKS, 0x8000000000000000, 0x80000000, 0
        F2F 126, fcvt.s.d, rne, LID, CHECKS, 0x3ff0000010000000, 0x3f800000, FFLAG_NX
        F2F 127, fcvt.s.d, rmm, LID, CHECKS, 0x3ff0000010000000, 0x3f800001, FFLAG_NX
        F2F 128, fcvt.s.d, rne, LID, CHECKS, 0x36a0000000000000, 0x00000001, 0
        /* single -> double: always exact */
        F2F 129, fcvt.d.s, none, LIS, CHECKD, 0x3eaaaaab, 0x3fd5555560000000, 0
        F2F 130, fcvt.d.s, none, LIS, CHECKD, 0x00000001, 0x36a0000000000000, 0
        F2F 131, fcvt.d.s, none, LIS, CHECKD, 0x7f800001, 0x7ff8000000000000, FFLAG_NV
        F2F 132, fcvt.d.s, none, LIS, CHECKD, 0xffc12345, 0x7ff8000000000000, 0
        F2F 133, fcvt.d.s, none, LIS, CHECKD, 0xff800000, 0xfff0000000000000, 0
        F2F 134, fcvt.d.s, none, LIS, CHECKD, 0x80000000, 0x8000000000000000, 0
        F2F 135, fcvt.d.s, none, LID, CHECKD, 0x000000003f800000, 0x7ff8000000000000, 0

        /* moves */
TEST 136
        LIS fa0, 0x80000000
        fmv.x.w a0, fa0
        CHECK a0, 0xffffffff80000000
        LIS fa0, 0x7f800000
        fmv.x.w a0, fa0
        CHECK a0, 0x7f800000
TEST 137
        /* fmv.x.w takes the low 32 bits, boxed or not */
        LID fa0, 0x1234567887654321
        fmv.x.w a0, fa0
        CHECK a0, 0xffffffff87654321
TEST 138
        li a0, 0xdeadbeef3f800000
        fmv.w.x fa0, a0
        CHECKD fa0, 0xffffffff3f800000
TEST 139
        /* signaling NaN bits move unchanged, without flags */
        csrwi fflags, 0
        li a0, 0x7ff4000000000001
        fmv.d.x fa0, a0
        fmv.x.d a1, fa0
        CHECK a1, 0x7ff4000000000001
        li a0, 0x7fa00001
        fmv.w.x fa1, a0
        fmv.x.w a1, fa1
        CHECK a1, 0x7fa00001
        CHECK_FFLAGS 0
TEST 140
        /* the integer register x0 as a source */
        fmv.d.x fa0, zero
        CHECKD fa0, 0
        fmv.w.x fa0, zero
        CHECKD fa0, 0xffffffff00000000
        fcvt.d.l fa0, zero
        CHECKD fa0, 0

        /* sign injection */
        SGNJ 141, fsgnj.s, LIS, CHECKS, 0x3f800000, 0xc0000000, 0xbf800000
        SGNJ 142, fsgnj.s, LIS, CHECKS, 0xbf800000, 0x40000000, 0x3f800000
        SGNJ 143, fsgnjn.s, LIS, CHECKS, 0x3f800000, 0xc0000000, 0x3f800000
        SGNJ 144, fsgnjn.s, LIS, CHECKS, 0x3f800000, 0x40000000, 0xbf800000
        SGNJ 145, fsgnjx.s, LIS, CHECKS, 0xbf800000, 0xc0000000, 0x3f800000
        SGNJ 146, fsgnjx.s, LIS, CHECKS, 0xbf800000, 0x40000000, 0xbf800000
        SGNJ 147, fsgnj.s, LIS, CHECKS, 0x7f800001, 0x80000000, 0xff800001
        SGNJ 148, fsgnjn.s, LIS, CHECKS, 0xffc00123, 0xffc00000, 0x7fc00123
        SGNJ 149, fsgnj.d, LID, CHECKD, 0x3ff0000000000000, 0x8000000000000000, 0xbff0000000000000
        SGNJ 150, fsgnjn.d, LID, CHECKD, 0xfff0000000000001, 0xbff0000000000000, 0x7ff0000000000001
        SGNJ 151, fsgnjx.d, LID, CHECKD, 0xc000000000000000, 0xc000000000000000, 0x4000000000000000
        SGNJ 152, fsgnjx.d, LID, CHECKD, 0x0000000000000000, 0x8000000000000000, 0x8000000000000000
        /* improperly boxed singles read as the canonical NaN */
        SGNJ 153, fsgnj.s, LID, CHECKS, 0x000000003f800000, 0xffffffffbf800000, 0xffc00000
        SGNJ 154, fsgnjn.s, LID, CHECKS, 0x000000003f800000, 0xffffffffbf800000, 0x7fc00000
        SGNJ 155, fsgnj.s, LID, CHECKS, 0xffffffffbf800000, 0x00000000bf800000, 0x3f800000
TEST 156
        /* fmv.s / fneg / fabs are sign-injection aliases */
        LIS fa0, 0xc0490fdb
        fmv.s fa1, fa0
        CHECKS fa1, 0xc0490fdb
        fneg.s fa1, fa0
        CHECKS fa1, 0x40490fdb
        fabs.s fa1, fa0
        CHECKS fa1, 0x40490fdb
        LID fa0, 0x400921fb54442d18
        fneg.d fa1, fa0
        CHECKD fa1, 0xc00921fb54442d18
        fabs.d fa2, fa1
        CHECKD fa2, 0x400921fb54442d18
TEST 157
        LID fa0, 0x1234567840490fdb     /* not boxed */
        fmv.s fa1, fa0
        CHECKS fa1, 0x7fc00000
TEST_END
