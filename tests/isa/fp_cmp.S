/*
 * fmin / fmax (IEEE 754-2019 minimumNumber / maximumNumber as in F 2.2:
 * -0 < +0, a single NaN operand is ignored, two NaNs give the canonical NaN,
 * a signaling NaN sets NV), comparisons (feq quiet, flt / fle signaling),
 * fclass for every class, for single and double.
 */
#include "test.h"

.macro FMM n, op, load, check, a, b, res, fl
TEST \n
        \load fa0, \a
        \load fa1, \b
        csrwi fflags, 0
        \op fa2, fa0, fa1
        \check fa2, \res
        CHECK_FFLAGS \fl
.endm
.macro FCMP n, op, load, a, b, res, fl
TEST \n
        \load fa0, \a
        \load fa1, \b
        li a0, 0x55
        csrwi fflags, 0
        \op a0, fa0, fa1
        CHECK a0, \res
        CHECK_FFLAGS \fl
.endm
.macro FCLS n, op, load, a, res
TEST \n
        \load fa0, \a
        csrwi fflags, 0
        \op a0, fa0
        CHECK a0, \res
        CHECK_FFLAGS 0
.endm

TEST_BEGIN

        /* fmin / fmax .s: -0 < +0, a NaN operand loses, two NaNs give the canonical NaN, sNaN sets NV */
        FMM 1, fmin.s, LIS, CHECKS, 0x3f800000, 0x40000000, 0x3f800000, 0
        FMM 2, fmin.s, LIS, CHECKS, 0x40000000, 0x3f800000, 0x3f800000, 0
        FMM 3, fmin.s, LIS, CHECKS, 0xbf800000, 0x3f800000, 0xbf800000, 0
        FMM 4, fmin.s, LIS, CHECKS, 0x80000000, 0x0, 0x80000000, 0
        FMM 5, fmin.s, LIS, CHECKS, 0x0, 0x80000000, 0x80000000, 0
        FMM 6, fmin.s, LIS, CHECKS, 0x7fc00000, 0x3f800000, 0x3f800000, 0
        FMM 7, fmin.s, LIS, CHECKS, 0x3f800000, 0x7fc00000, 0x3f800000, 0
        FMM 8, fmin.s, LIS, CHECKS, 0x7fc00000, 0xff800000, 0xff800000, 0
        FMM 9, fmin.s, LIS, CHECKS, 0x7f800001, 0x3f800000, 0x3f800000, FFLAG_NV
        FMM 10, fmin.s, LIS, CHECKS, 0x3f800000, 0x7f800001, 0x3f800000, FFLAG_NV
        FMM 11, fmin.s, LIS, CHECKS, 0x7fc00000, 0x7fc00000, 0x7fc00000, 0
        FMM 12, fmin.s, LIS, CHECKS, 0x7f800001, 0x7fc00000, 0x7fc00000, FFLAG_NV
        FMM 13, fmin.s, LIS, CHECKS, 0xffc00001, 0x7f800001, 0x7fc00000, FFLAG_NV
        FMM 14, fmin.s, LIS, CHECKS, 0x1, 0x807fffff, 0x807fffff, 0
        FMM 15, fmin.s, LIS, CHECKS, 0x7f7fffff, 0x7f800000, 0x7f7fffff, 0
        FMM 16, fmin.s, LIS, CHECKS, 0xff800000, 0x80800000, 0xff800000, 0
        FMM 17, fmax.s, LIS, CHECKS, 0x3f800000, 0x40000000, 0x40000000, 0
        FMM 18, fmax.s, LIS, CHECKS, 0x40000000, 0x3f800000, 0x40000000, 0
        FMM 19, fmax.s, LIS, CHECKS, 0xbf800000, 0x3f800000, 0x3f800000, 0
        FMM 20, fmax.s, LIS, CHECKS, 0x80000000, 0x0, 0x0, 0
        FMM 21, fmax.s, LIS, CHECKS, 0x0, 0x80000000, 0x0, 0
        FMM 22, fmax.s, LIS, CHECKS, 0x7fc00000, 0x3f800000, 0x3f800000, 0
        FMM 23, fmax.s, LIS, CHECKS, 0x3f800000, 0x7fc00000, 0x3f800000, 0
        FMM 24, fmax.s, LIS, CHECKS, 0x7fc00000, 0xff800000, 0xff800000, 0
        FMM 25, fmax.s, LIS, CHECKS, 0x7f800001, 0x3f800000, 0x3f800000, FFLAG_NV
        FMM 26, fmax.s, LIS, CHECKS, 0x3f800000, 0x7f800001, 0x3f800000, FFLAG_NV
        FMM 27, fmax.s, LIS, CHECKS, 0x7fc00000, 0x7fc00000, 0x7fc00000, 0
        FMM 28, fmax.s, LIS, CHECKS, 0x7f800001, 0x7fc00000, 0x7fc00000, FFLAG_NV
        FMM 29, fmax.s, LIS, CHECKS, 0xffc00001, 0x7f800001, 0x7fc00000, FFLAG_NV
        FMM 30, fmax.s, LIS, CHECKS, 0x1, 0x807fffff, 0x1, 0
        FMM 31, fmax.s, LIS, CHECKS, 0x7f7fffff, 0x7f800000, 0x7f800000, 0
        FMM 32, fmax.s, LIS, CHECKS, 0xff800000, 0x80800000, 0x80800000, 0

        /* feq / flt / fle .s: feq is quiet (NV only for sNaN), flt / fle signal on any NaN */
        FCMP 33, feq.s, LIS, 0x3f800000, 0x40000000, 0, 0
        FCMP 34, feq.s, LIS, 0x40000000, 0x3f800000, 0, 0
        FCMP 35, feq.s, LIS, 0x3f800000, 0x3f800000, 1, 0
        FCMP 36, feq.s, LIS, 0x80000000, 0x0, 1, 0
        FCMP 37, feq.s, LIS, 0xff800000, 0xbf800000, 0, 0
        FCMP 38, feq.s, LIS, 0x7f800000, 0x7f800000, 1, 0
        FCMP 39, feq.s, LIS, 0x7fc00000, 0x3f800000, 0, 0
        FCMP 40, feq.s, LIS, 0x3f800000, 0x7fc00000, 0, 0
        FCMP 41, feq.s, LIS, 0x7f800001, 0x3f800000, 0, FFLAG_NV
        FCMP 42, feq.s, LIS, 0x7fc00000, 0x7fc00000, 0, 0
        FCMP 43, feq.s, LIS, 0x807fffff, 0x1, 0, 0
        FCMP 44, feq.s, LIS, 0x7f7fffff, 0x7f800000, 0, 0
        FCMP 45, flt.s, LIS, 0x3f800000, 0x40000000, 1, 0
        FCMP 46, flt.s, LIS, 0x40000000, 0x3f800000, 0, 0
        FCMP 47, flt.s, LIS, 0x3f800000, 0x3f800000, 0, 0
        FCMP 48, flt.s, LIS, 0x80000000, 0x0, 0, 0
        FCMP 49, flt.s, LIS, 0xff800000, 0xbf800000, 1, 0
        FCMP 50, flt.s, LIS, 0x7f800000, 0x7f800000, 0, 0
        FCMP 51, flt.s, LIS, 0x7fc00000, 0x3f800000, 0, FFLAG_NV
        FCMP 52, flt.s, LIS, 0x3f800000, 0x7fc00000, 0, FFLAG_NV
        FCMP 53, flt.s, LIS, 0x7f800001, 0x3f800000, 0, FFLAG_NV
        FCMP 54, flt.s, LIS, 0x7fc00000, 0x7fc00000, 0, FFLAG_NV
        FCMP 55, flt.s, LIS, 0x807fffff, 0x1, 1, 0
        FCMP 56, flt.s, LIS, 0x7f7fffff, 0x7f800000, 1, 0
        FCMP 57, fle.s, LIS, 0x3f800000, 0x40000000, 1, 0
        FCMP 58, fle.s, LIS, 0x40000000, 0x3f800000, 0, 0
        FCMP 59, fle.s, LIS, 0x3f800000, 0x3f800000, 1, 0
        FCMP 60, fle.s, LIS, 0x80000000, 0x0, 1, 0
        FCMP 61, fle.s, LIS, 0xff800000, 0xbf800000, 1, 0
        FCMP 62, fle.s, LIS, 0x7f800000, 0x7f800000, 1, 0
        FCMP 63, fle.s, LIS, 0x7fc00000, 0x3f800000, 0, FFLAG_NV
        FCMP 64, fle.s, LIS, 0x3f800000, 0x7fc00000, 0, FFLAG_NV
        FCMP 65, fle.s, LIS, 0x7f800001, 0x3f800000, 0, FFLAG_NV
        FCMP 66, fle.s, LIS, 0x7fc00000, 0x7fc00000, 0, FFLAG_NV
        FCMP 67, fle.s, LIS, 0x807fffff, 0x1, 1, 0
        FCMP 68, fle.s, LIS, 0x7f7fffff, 0x7f800000, 1, 0

        /* fclass.s: one bit per class, no flags */
        FCLS 69, fclass.s, LIS, 0xff800000, 0x1
        FCLS 70, fclass.s, LIS, 0xbf800000, 0x2
        FCLS 71, fclass.s, LIS, 0x807fffff, 0x4
        FCLS 72, fclass.s, LIS, 0x80000000, 0x8
        FCLS 73, fclass.s, LIS, 0x0, 0x10
        FCLS 74, fclass.s, LIS, 0x1, 0x20
        FCLS 75, fclass.s, LIS, 0x3f800000, 0x40
        FCLS 76, fclass.s, LIS, 0x7f800000, 0x80
        FCLS 77, fclass.s, LIS, 0x7f800001, 0x100
        FCLS 78, fclass.s, LIS, 0x7fc00000, 0x200
        FCLS 79, fclass.s, LIS, 0xffc00001, 0x200
        FCLS 80, fclass.s, LIS, 0x80800000, 0x2

        /* fmin / fmax .d: -0 < +0, a NaN operand loses, two NaNs give the canonical NaN, sNaN sets NV */
        FMM 81, fmin.d, LID, CHECKD, 0x3ff0000000000000, 0x4000000000000000, 0x3ff0000000000000, 0
        FMM 82, fmin.d, LID, CHECKD, 0x4000000000000000, 0x3ff0000000000000, 0x3ff0000000000000, 0
        FMM 83, fmin.d, LID, CHECKD, 0xbff0000000000000, 0x3ff0000000000000, 0xbff0000000000000, 0
        FMM 84, fmin.d, LID, CHECKD, 0x8000000000000000, 0x0, 0x8000000000000000, 0
        FMM 85, fmin.d, LID, CHECKD, 0x0, 0x8000000000000000, 0x8000000000000000, 0
        FMM 86, fmin.d, LID, CHECKD, 0x7ff8000000000000, 0x3ff0000000000000, 0x3ff0000000000000, 0
        FMM 87, fmin.d, LID, CHECKD, 0x3ff0000000000000, 0x7ff8000000000000, 0x3ff0000000000000, 0
        FMM 88, fmin.d, LID, CHECKD, 0x7ff8000000000000, 0xfff0000000000000, 0xfff0000000000000, 0
        FMM 89, fmin.d, LID, CHECKD, 0x7ff0000000000001, 0x3ff0000000000000, 0x3ff0000000000000, FFLAG_NV
        FMM 90, fmin.d, LID, CHECKD, 0x3ff0000000000000, 0x7ff0000000000001, 0x3ff0000000000000, FFLAG_NV
        FMM 91, fmin.d, LID, CHECKD, 0x7ff8000000000000, 0x7ff8000000000000, 0x7ff8000000000000, 0
        FMM 92, fmin.d, LID, CHECKD, 0x7ff0000000000001, 0x7ff8000000000000, 0x7ff8000000000000, FFLAG_NV
        FMM 93, fmin.d, LID, CHECKD, 0xfff8000000000001, 0x7ff0000000000001, 0x7ff8000000000000, FFLAG_NV
        FMM 94, fmin.d, LID, CHECKD, 0x1, 0x800fffffffffffff, 0x800fffffffffffff, 0
        FMM 95, fmin.d, LID, CHECKD, 0x7fefffffffffffff, 0x7ff0000000000000, 0x7fefffffffffffff, 0
        FMM 96, fmin.d, LID, CHECKD, 0xfff0000000000000, 0x8010000000000000, 0xfff0000000000000, 0
        FMM 97, fmax.d, LID, CHECKD, 0x3ff0000000000000, 0x4000000000000000, 0x4000000000000000, 0
        FMM 98, fmax.d, LID, CHECKD, 0x4000000000000000, 0x3ff0000000000000, 0x4000000000000000, 0
        FMM 99, fmax.d, LID, CHECKD, 0xbff0000000000000, 0x3ff0000000000000, 0x3ff0000000000000, 0
        FMM 100, fmax.d, LID, CHECKD, 0x8000000000000000, 0x0, 0x0, 0
        FMM 101, fmax.d, LID, CHECKD, 0x0, 0x8000000000000000, 0x0, 0
        FMM 102, fmax.d, LID, CHECKD, 0x7ff8000000000000, 0x3ff0000000000000, 0x3ff0000000000000, 0
        FMM 103, fmax.d, LID, CHECKD, 0x3ff0000000000000, 0x7ff8000000000000, 0x3ff0000000000000, 0
        FMM 104, fmax.d, LID, CHECKD, 0x7ff8000000000000, 0xfff0000000000000, 0xfff0000000000000, 0
        FMM 105, fmax.d, LID, CHECKD, 0x7ff0000000000001, 0x3ff0000000000000, 0x3ff0000000000000, FFLAG_NV
        FMM 106, fmax.d, LID, CHECKD, 0x3ff0000000000000, 0x7ff0000000000001, 0x3ff0000000000000, FFLAG_NV
        FMM 107, fmax.d, LID, CHECKD, 0x7ff8000000000000, 0x7ff8000000000000, 0x7ff8000000000000, 0
        FMM 108, fmax.d, LID, CHECKD, 0x7ff0000000000001, 0x7ff8000000000000, 0x7ff8000000000000, FFLAG_NV
        FMM 109, fmax.d, LID, CHECKD, 0xfff8000000000001, 0x7ff0000000000001, 0x7ff8000000000000, FFLAG_NV
        FMM 110, fmax.d, LID, CHECKD, 0x1, 0x800fffffffffffff, 0x1, 0
        FMM 111, fmax.d, LID, CHECKD, 0x7fefffffffffffff, 0x7ff0000000000000, 0x7ff0000000000000, 0
        FMM 112, fmax.d, LID, CHECKD, 0xfff0000000000000, 0x8010000000000000, 0x8010000000000000, 0

        /* feq / flt / fle .d: feq is quiet (NV only for sNaN), flt / fle signal on any NaN */
        FCMP 113, feq.d, LID, 0x3ff0000000000000, 0x4000000000000000, 0, 0
        FCMP 114, feq.d, LID, 0x4000000000000000, 0x3ff0000000000000, 0, 0
        FCMP 115, feq.d, LID, 0x3ff0000000000000, 0x3ff0000000000000, 1, 0
        FCMP 116, feq.d, LID, 0x8000000000000000, 0x0, 1, 0
        FCMP 117, feq.d, LID, 0xfff0000000000000, 0xbff0000000000000, 0, 0
        FCMP 118, feq.d, LID, 0x7ff0000000000000, 0x7ff0000000000000, 1, 0
        FCMP 119, feq.d, LID, 0x7ff8000000000000, 0x3ff0000000000000, 0, 0
        FCMP 120, feq.d, LID, 0x3ff0000000000000, 0x7ff8000000000000, 0, 0
        FCMP 121, feq.d, LID, 0x7ff0000000000001, 0x3ff0000000000000, 0, FFLAG_NV
        FCMP 122, feq.d, LID, 0x7ff8000000000000, 0x7ff8000000000000, 0, 0
        FCMP 123, feq.d, LID, 0x800fffffffffffff, 0x1, 0, 0
        FCMP 124, feq.d, LID, 0x7fefffffffffffff, 0x7ff0000000000000, 0, 0
        FCMP 125, flt.d, LID, 0x3ff0000000000000, 0x4000000000000000, 1, 0
        FCMP 126, flt.d, LID, 0x4000000000000000, 0x3ff0000000000000, 0, 0
        FCMP 127, flt.d, LID, 0x3ff0000000000000, 0x3ff0000000000000, 0, 0
        FCMP 128, flt.d, LID, 0x8000000000000000, 0x0, 0, 0
        FCMP 129, flt.d, LID, 0xfff0000000000000, 0xbff0000000000000, 1, 0
        FCMP 130, flt.d, LID, 0x7ff0000000000000, 0x7ff0000000000000, 0, 0
        FCMP 131, flt.d, LID, 0x7ff8000000000000, 0x3ff0000000000000, 0, FFLAG_NV
        FCMP 132, flt.d, LID, 0x3ff0000000000000, 0x7ff8000000000000, 0, FFLAG_NV
        FCMP 133, flt.d, LID, 0x7ff0000000000001, 0x3ff0000000000000, 0, FFLAG_NV
        FCMP 134, flt.d, LID, 0x7ff8000000000000, 0x7ff8000000000000, 0, FFLAG_NV
        FCMP 135, flt.d, LID, 0x800fffffffffffff, 0x1, 1, 0
        FCMP 136, flt.d, LID, 0x7fefffffffffffff, 0x7ff0000000000000, 1, 0
        FCMP 137, fle.d, LID, 0x3ff0000000000000, 0x4000000000000000, 1, 0
        FCMP 138, fle.d, LID, 0x4000000000000000, 0x3ff0000000000000, 0, 0
        FCMP 139, fle.d, LID, 0x3ff0000000000000, 0x3ff0000000000000, 1, 0
        FCMP 140, fle.d, LID, 0x8000000000000000, 0x0, 1, 0
        FCMP 141, fle.d, LID, 0xfff0000000000000, 0xbff0000000000000, 1, 0
        FCMP 142, fle.d, LID, 0x7ff0000000000000, 0x7ff0000000000000, 1, 0
        FCMP 143, fle.d, LID, 0x7ff8000000000000, 0x3ff0000000000000, 0, FFLAG_NV
        FCMP 144, fle.d, LID, 0x3ff0000000000000, 0x7ff8000000000000, 0, FFLAG_NV
        FCMP 145, fle.d, LID, 0x7ff0000000000001, 0x3ff0000000000000, 0, FFLAG_NV
        FCMP 146, fle.d, LID, 0x7ff8000000000000, 0x7ff8000000000000, 0, FFLAG_NV
        FCMP 147, fle.d, LID, 0x800fffffffffffff, 0x1, 1, 0
        FCMP 148, fle.d, LID, 0x7fefffffffffffff, 0x7ff0000000000000, 1, 0

        /* fclass.d: one bit per class, no flags */
        FCLS 149, fclass.d, LID, 0xfff0000000000000, 0x1
        FCLS 150, fclass.d, LID, 0xbff0000000000000, 0x2
        FCLS 151, fclass.d, LID, 0x800fffffffffffff, 0x4
        FCLS 152, fclass.d, LID, 0x8000000000000000, 0x8
        FCLS 153, fclass.d, LID, 0x0, 0x10
        FCLS 154, fclass.d, LID, 0x1, 0x20
        FCLS 155, fclass.d, LID, 0x3ff0000000000000, 0x40
        FCLS 156, fclass.d, LID, 0x7ff0000000000000, 0x80
        FCLS 157, fclass.d, LID, 0x7ff0000000000001, 0x100
        FCLS 158, fclass.d, LID, 0x7ff8000000000000, 0x200
        FCLS 159, fclass.d, LID, 0xfff8000000000001, 0x200
        FCLS 160, fclass.d, LID, 0x8010000000000000, 0x2

        /* improperly boxed singles are the canonical (quiet) NaN */
TEST 161
        LID fa0, 0x000000003f800000
        fclass.s a0, fa0
        CHECK a0, 0x200
TEST 162
        LID fa0, 0x00000000bf800000
        LIS fa1, 0xbf800000
        csrwi fflags, 0
        fmin.s fa2, fa0, fa1
        CHECKS fa2, 0xbf800000
        feq.s a0, fa1, fa0
        CHECK a0, 0
        CHECK_FFLAGS 0
        flt.s a0, fa0, fa1
        CHECK a0, 0
        CHECK_FFLAGS FFLAG_NV
TEST 163
        /* comparison with rd = x0 still sets the flag */
        LIS fa0, 0x7fc00000
        csrwi fflags, 0
        flt.s x0, fa0, fa0
        CHECK_FFLAGS FFLAG_NV
        CHECK x0, 0
TEST_END
