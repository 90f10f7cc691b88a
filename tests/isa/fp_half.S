/*
 * Zfhmin and Zfh (half precision): flh/fsh and fmv.x.h/fmv.h.x move raw
 * bits (fmv.x.h sign-extends them, flh and fmv.h.x NaN-box them); every
 * other instruction reads a half that is not NaN-boxed (upper 48 bits not
 * all ones) as the canonical NaN 0x7e00.  Arithmetic in all five rounding
 * modes (ties, overflow to infinity or the largest finite value, underflow
 * with tininess detected after rounding, the sign of exact zeros), fused
 * multiply-add rounded once, dynamic and reserved rounding modes,
 * conversions to and from single, double and integers (saturating),
 * compare, min/max, classify, sign injection, and FS = Off.
 *
 * Expected values were derived by hand from exact arithmetic, checked
 * against an exact integer reference (tests/unit/test_fpu_f16.c) and
 * validated on QEMU 7.2 (-cpu rv64,Zfh=true; see the ISA-ARGS line below).
 *
 * ISA-ARGS(qemu-system-riscv64): -cpu rv64,Zfh=true
 */
#include "test.h"

#define FS_SHIFT 13

/* Load a NaN-boxed half (fmv.h.x boxes). */
.macro LIH freg, val
        li t5, \val
        fmv.h.x \freg, t5
.endm
/* Fail unless \freg holds the half \val, NaN-boxed. */
.macro CHECKH freg, val
        fmv.x.d t5, \freg
        CHECK t5, (0xffffffffffff0000 | (\val))
.endm

/* op fd, fs1, fs2, rm */
.macro H2 n, op, rm, a, b, res, fl
TEST \n
        LIH fa0, \a
        LIH fa1, \b
        csrwi fflags, 0
        \op fa2, fa0, fa1, \rm
        CHECKH fa2, \res
        CHECK_FFLAGS \fl
.endm
/* the same with rm = DYN and frm = \rm */
.macro H2D n, op, rm, a, b, res, fl
TEST \n
        LIH fa0, \a
        LIH fa1, \b
        csrwi frm, \rm
        csrwi fflags, 0
        \op fa2, fa0, fa1
        csrwi frm, 0
        CHECKH fa2, \res
        CHECK_FFLAGS \fl
.endm
/* op fd, fs1, rm */
.macro H1 n, op, rm, a, res, fl
TEST \n
        LIH fa0, \a
        csrwi fflags, 0
        \op fa2, fa0, \rm
        CHECKH fa2, \res
        CHECK_FFLAGS \fl
.endm
/* op fd, fs1, fs2, fs3, rm */
.macro H3 n, op, rm, a, b, c, res, fl
TEST \n
        LIH fa0, \a
        LIH fa1, \b
        LIH fa2, \c
        csrwi fflags, 0
        \op fa3, fa0, fa1, fa2, \rm
        CHECKH fa3, \res
        CHECK_FFLAGS \fl
.endm
/* op fd, fs1, fs2 (no rounding mode) */
.macro HN n, op, a, b, res, fl
TEST \n
        LIH fa0, \a
        LIH fa1, \b
        csrwi fflags, 0
        \op fa2, fa0, fa1
        CHECKH fa2, \res
        CHECK_FFLAGS \fl
.endm
/* op rd, fs1, fs2: compares */
.macro HCMP n, op, a, b, res, fl
TEST \n
        LIH fa0, \a
        LIH fa1, \b
        csrwi fflags, 0
        \op a0, fa0, fa1
        CHECK a0, \res
        CHECK_FFLAGS \fl
.endm
/* fclass.h */
.macro HCLASS n, a, res
TEST \n
        LIH fa0, \a
        csrwi fflags, 0
        fclass.h a0, fa0
        CHECK a0, \res
        CHECK_FFLAGS 0
.endm
/* op rd, fs1, rm: half -> integer */
.macro HTOX n, op, rm, a, res, fl
TEST \n
        LIH fa0, \a
        csrwi fflags, 0
        \op a0, fa0, \rm
        CHECK a0, \res
        CHECK_FFLAGS \fl
.endm
/* op fd, rs1, rm: integer -> half */
.macro XTOH n, op, rm, x, res, fl
TEST \n
        li a0, \x
        csrwi fflags, 0
        \op fa2, a0, \rm
        CHECKH fa2, \res
        CHECK_FFLAGS \fl
.endm
/* fcvt.h.s / fcvt.h.d: single (boxed) or double -> half */
.macro STOH n, rm, s, res, fl
TEST \n
        LIS fa0, \s
        csrwi fflags, 0
        fcvt.h.s fa2, fa0, \rm
        CHECKH fa2, \res
        CHECK_FFLAGS \fl
.endm
.macro DTOH n, rm, d, res, fl
TEST \n
        LID fa0, \d
        csrwi fflags, 0
        fcvt.h.d fa2, fa0, \rm
        CHECKH fa2, \res
        CHECK_FFLAGS \fl
.endm
/* fcvt.s.h / fcvt.d.h (exact) */
.macro HTOS n, a, res, fl
TEST \n
        LIH fa0, \a
        csrwi fflags, 0
        fcvt.s.h fa2, fa0
        CHECKS fa2, \res
        CHECK_FFLAGS \fl
.endm
.macro HTOD n, a, res, fl
TEST \n
        LIH fa0, \a
        csrwi fflags, 0
        fcvt.d.h fa2, fa0
        CHECKD fa2, \res
        CHECK_FFLAGS \fl
.endm

#define NX 1
#define UF 2
#define OF 4
#define DZ 8
#define NV 16

TEST_BEGIN
        csrwi fcsr, 0

        /* ---------------- loads, stores, moves */
TEST 1
        la a0, h_data
        flh fa0, 0(a0)
        CHECKH fa0, 0x3c00
        flh fa1, 2(a0)
        CHECKH fa1, 0x8001
        flh fa2, 4(a0)          /* a signaling NaN is loaded untouched */
        CHECKH fa2, 0x7c01
        flh fa3, 6(a0)
        CHECKH fa3, 0xabcd
TEST 2
        la a0, h_buf
        li a1, 0x1111111111111111
        sd a1, 0(a0)
        LIH fa0, 0x5a5a
        fsh fa0, 2(a0)
        ld a1, 0(a0)
        CHECK a1, 0x111111115a5a1111
TEST 3
        /* fsh stores the low 16 bits whatever the boxing */
        la a0, h_buf
        LID fa0, 0x123456789abcdef0
        fsh fa0, 6(a0)
        ld a1, 0(a0)
        CHECK a1, 0xdef011115a5a1111
        lhu a2, 6(a0)
        CHECK a2, 0xdef0
TEST 4
        LIH fa0, 0x8001
        fmv.x.h a0, fa0
        CHECK a0, 0xffffffffffff8001        /* sign-extended */
        LIH fa0, 0x7fff
        fmv.x.h a0, fa0
        CHECK a0, 0x7fff
TEST 5
        /* fmv.x.h moves raw bits, boxed or not */
        LID fa0, 0x0000000012348765
        fmv.x.h a0, fa0
        CHECK a0, 0xffffffffffff8765
TEST 6
        /* fmv.h.x ignores the upper bits of rs1 and boxes */
        li a0, 0x123456789abc3c00
        fmv.h.x fa0, a0
        CHECKD fa0, 0xffffffffffff3c00
TEST 7
        /* flh / fsh round trip keeps a NaN payload */
        la a0, h_data
        flh fa0, 4(a0)
        la a1, h_buf
        fsh fa0, 0(a1)
        lhu a2, 0(a1)
        CHECK a2, 0x7c01

        /* ---------------- NaN boxing: an improperly boxed half is the canonical NaN */
TEST 8
        LID fa0, 0x0000000000003c00
        LIH fa1, 0x3c00
        csrwi fflags, 0
        fadd.h fa2, fa0, fa1
        CHECKH fa2, 0x7e00
        CHECK_FFLAGS 0
TEST 9
        LIS fa0, 0x3f800000                 /* a boxed single: 0xffffffff3f800000 */
        LIH fa1, 0x3c00
        fmul.h fa2, fa1, fa0
        CHECKH fa2, 0x7e00
TEST 10
        LID fa0, 0xfffeffffffff3c00         /* one upper bit clear */
        LIH fa1, 0xbc00
        fsgnj.h fa2, fa0, fa1
        CHECKH fa2, 0xfe00
        LIH fa1, 0x3c00
        fsgnjn.h fa2, fa0, fa1
        CHECKH fa2, 0xfe00
        LIH fa1, 0xbc00
        fsgnjx.h fa2, fa0, fa1
        CHECKH fa2, 0xfe00
        /* the unboxed second operand contributes the canonical NaN's sign (+) */
        LIH fa1, 0xbc00
        fsgnj.h fa2, fa1, fa0
        CHECKH fa2, 0x3c00
TEST 11
        LID fa0, 0x7fffffffffff3c00
        csrwi fflags, 0
        fcvt.s.h fa2, fa0
        CHECKS fa2, 0x7fc00000
        fcvt.d.h fa2, fa0
        CHECKD fa2, 0x7ff8000000000000
        fclass.h a0, fa0
        CHECK a0, 0x200
        CHECK_FFLAGS 0
TEST 12
        LID fa0, 0x3c00
        LID fa1, 0x3c00
        csrwi fflags, 0
        feq.h a0, fa0, fa1
        CHECK a0, 0
        CHECK_FFLAGS 0
        flt.h a0, fa0, fa1
        CHECK a0, 0
        CHECK_FFLAGS NV
TEST 13
        LID fa0, 0x3c00
        LIH fa1, 0x3c00
        csrwi fflags, 0
        fmax.h fa2, fa0, fa1
        CHECKH fa2, 0x3c00
        CHECK_FFLAGS 0
        fcvt.w.h a0, fa0, rtz
        CHECK a0, 0x7fffffff
        CHECK_FFLAGS NV

        /* ---------------- add / sub: ties in every mode */
        H2 14, fadd.h, rne, 0x3c00, 0x1000, 0x3c00, NX      /* 1 + 2^-11 */
        H2 15, fadd.h, rtz, 0x3c00, 0x1000, 0x3c00, NX
        H2 16, fadd.h, rdn, 0x3c00, 0x1000, 0x3c00, NX
        H2 17, fadd.h, rup, 0x3c00, 0x1000, 0x3c01, NX
        H2 18, fadd.h, rmm, 0x3c00, 0x1000, 0x3c01, NX
        H2 19, fadd.h, rne, 0xbc00, 0x9000, 0xbc00, NX
        H2 20, fadd.h, rtz, 0xbc00, 0x9000, 0xbc00, NX
        H2 21, fadd.h, rdn, 0xbc00, 0x9000, 0xbc01, NX
        H2 22, fadd.h, rup, 0xbc00, 0x9000, 0xbc00, NX
        H2 23, fadd.h, rmm, 0xbc00, 0x9000, 0xbc01, NX
        H2 24, fadd.h, rne, 0x3c01, 0x1000, 0x3c02, NX      /* tie, even above */
        H2 25, fadd.h, rtz, 0x3c01, 0x1000, 0x3c01, NX
        H2 26, fadd.h, rmm, 0x3c01, 0x1000, 0x3c02, NX
        H2 27, fsub.h, rne, 0x4248, 0x4248, 0x0000, 0       /* x - x */
        H2 28, fsub.h, rdn, 0x4248, 0x4248, 0x8000, 0
        H2 29, fadd.h, rne, 0x8000, 0x0000, 0x0000, 0
        H2 30, fadd.h, rdn, 0x8000, 0x0000, 0x8000, 0
        H2 31, fadd.h, rne, 0x8000, 0x8000, 0x8000, 0
        H2 32, fsub.h, rne, 0x0401, 0x0400, 0x0001, 0       /* exact subnormal */
        H2 33, fadd.h, rne, 0x7c00, 0xfc00, 0x7e00, NV
        H2 34, fadd.h, rne, 0x7c01, 0x3c00, 0x7e00, NV      /* sNaN */
        H2 35, fadd.h, rne, 0xfe55, 0x3c00, 0x7e00, 0       /* qNaN: canonical result */

        /* ---------------- overflow per mode */
        H2 36, fmul.h, rne, 0x7bff, 0x4000, 0x7c00, OF|NX
        H2 37, fmul.h, rtz, 0x7bff, 0x4000, 0x7bff, OF|NX
        H2 38, fmul.h, rdn, 0x7bff, 0x4000, 0x7bff, OF|NX
        H2 39, fmul.h, rup, 0x7bff, 0x4000, 0x7c00, OF|NX
        H2 40, fmul.h, rmm, 0x7bff, 0x4000, 0x7c00, OF|NX
        H2 41, fmul.h, rne, 0xfbff, 0x4000, 0xfc00, OF|NX
        H2 42, fmul.h, rtz, 0xfbff, 0x4000, 0xfbff, OF|NX
        H2 43, fmul.h, rdn, 0xfbff, 0x4000, 0xfc00, OF|NX
        H2 44, fmul.h, rup, 0xfbff, 0x4000, 0xfbff, OF|NX
        H2 45, fmul.h, rmm, 0xfbff, 0x4000, 0xfc00, OF|NX
        /* 65504 + 16 = 65520: the tie above MAX overflows only when rounding up */
        H2 46, fadd.h, rne, 0x7bff, 0x4c00, 0x7c00, OF|NX
        H2 47, fadd.h, rtz, 0x7bff, 0x4c00, 0x7bff, NX
        H2 48, fadd.h, rdn, 0x7bff, 0x4c00, 0x7bff, NX
        H2 49, fadd.h, rup, 0x7bff, 0x4c00, 0x7c00, OF|NX
        H2 50, fadd.h, rmm, 0x7bff, 0x4c00, 0x7c00, OF|NX
        H2 51, fadd.h, rne, 0x7bff, 0x4800, 0x7bff, NX       /* 65512 */

        /* ---------------- underflow, tininess after rounding */
        H2 52, fmul.h, rne, 0x0001, 0x3800, 0x0000, UF|NX    /* 2^-25 */
        H2 53, fmul.h, rtz, 0x0001, 0x3800, 0x0000, UF|NX
        H2 54, fmul.h, rdn, 0x0001, 0x3800, 0x0000, UF|NX
        H2 55, fmul.h, rup, 0x0001, 0x3800, 0x0001, UF|NX
        H2 56, fmul.h, rmm, 0x0001, 0x3800, 0x0001, UF|NX
        H2 57, fmul.h, rdn, 0x8001, 0x3800, 0x8001, UF|NX
        H2 58, fmul.h, rne, 0x0002, 0x3800, 0x0001, 0        /* exact */
        /* 63*2^-13 * 65*2^-13 = 2^-14 (1 - 2^-12): not tiny when it rounds up */
        H2 59, fmul.h, rne, 0x1fe0, 0x2010, 0x0400, NX
        H2 60, fmul.h, rtz, 0x1fe0, 0x2010, 0x03ff, UF|NX
        H2 61, fmul.h, rdn, 0x1fe0, 0x2010, 0x03ff, UF|NX
        H2 62, fmul.h, rup, 0x1fe0, 0x2010, 0x0400, NX
        H2 63, fmul.h, rmm, 0x1fe0, 0x2010, 0x0400, NX
        /* 2047*2^-25 = 2^-14 (1 - 2^-11): tiny in every mode */
        H2 64, fdiv.h, rne, 0x07ff, 0x4000, 0x0400, UF|NX
        H2 65, fdiv.h, rtz, 0x07ff, 0x4000, 0x03ff, UF|NX
        H2 66, fdiv.h, rdn, 0x07ff, 0x4000, 0x03ff, UF|NX
        H2 67, fdiv.h, rup, 0x07ff, 0x4000, 0x0400, UF|NX
        H2 68, fdiv.h, rmm, 0x07ff, 0x4000, 0x0400, UF|NX

        /* ---------------- div, sqrt */
        H2 69, fdiv.h, rne, 0x3c00, 0x4200, 0x3555, NX      /* 1/3 */
        H2 70, fdiv.h, rtz, 0x3c00, 0x4200, 0x3555, NX
        H2 71, fdiv.h, rdn, 0x3c00, 0x4200, 0x3555, NX
        H2 72, fdiv.h, rup, 0x3c00, 0x4200, 0x3556, NX
        H2 73, fdiv.h, rmm, 0x3c00, 0x4200, 0x3555, NX
        H2 74, fdiv.h, rdn, 0xbc00, 0x4200, 0xb556, NX
        H2 75, fdiv.h, rup, 0xbc00, 0x4200, 0xb555, NX
        H2 76, fdiv.h, rne, 0x4600, 0x4200, 0x4000, 0       /* 6/3 */
        H2 77, fdiv.h, rne, 0x3c00, 0x0000, 0x7c00, DZ
        H2 78, fdiv.h, rne, 0x3c00, 0x8000, 0xfc00, DZ
        H2 79, fdiv.h, rne, 0x0000, 0x0000, 0x7e00, NV
        H2 80, fdiv.h, rne, 0x7c00, 0x0000, 0x7c00, 0
        H1 81, fsqrt.h, rne, 0x4000, 0x3da8, NX            /* sqrt 2 */
        H1 82, fsqrt.h, rtz, 0x4000, 0x3da8, NX
        H1 83, fsqrt.h, rdn, 0x4000, 0x3da8, NX
        H1 84, fsqrt.h, rup, 0x4000, 0x3da9, NX
        H1 85, fsqrt.h, rmm, 0x4000, 0x3da8, NX
        H1 86, fsqrt.h, rne, 0x4400, 0x4000, 0
        H1 87, fsqrt.h, rne, 0x0001, 0x0c00, 0             /* sqrt 2^-24 */
        H1 88, fsqrt.h, rne, 0x8000, 0x8000, 0
        H1 89, fsqrt.h, rne, 0xbc00, 0x7e00, NV
        H1 90, fsqrt.h, rne, 0x7c00, 0x7c00, 0

        /* ---------------- fused multiply-add, rounded once */
        /* 683*2^-9 * 0.75 = 1 + 2^-11 (a midpoint); + 2^-24 lies above it */
        H3 91, fmadd.h, rne, 0x3d56, 0x3a00, 0x0001, 0x3c01, NX
        H3 92, fmadd.h, rne, 0x3d56, 0x3a00, 0x8001, 0x3c00, NX
        H3 93, fmadd.h, rne, 0x3d56, 0x3a00, 0x0000, 0x3c00, NX
        H3 94, fmadd.h, rmm, 0x3d56, 0x3a00, 0x0000, 0x3c01, NX
        /* 1 + 2^-40: far below binary64's precision next to 1 */
        H3 95, fmadd.h, rne, 0x0010, 0x0010, 0x3c00, 0x3c00, NX
        H3 96, fmadd.h, rup, 0x0010, 0x0010, 0x3c00, 0x3c01, NX
        H3 97, fmsub.h, rtz, 0x0010, 0x0010, 0x3c00, 0xbbff, NX
        H3 98, fnmsub.h, rdn, 0x0010, 0x0010, 0x3c00, 0x3bff, NX
        H3 99, fnmsub.h, rmm, 0x0010, 0x0010, 0x3c00, 0x3c00, NX
        H3 100, fnmadd.h, rne, 0x0010, 0x0010, 0x3c00, 0xbc00, NX
        H3 101, fnmadd.h, rdn, 0x0010, 0x0010, 0x3c00, 0xbc01, NX
        H3 102, fmadd.h, rne, 0x4000, 0x4000, 0xc400, 0x0000, 0
        H3 103, fmadd.h, rdn, 0x4000, 0x4000, 0xc400, 0x8000, 0
        H3 104, fmadd.h, rne, 0x7bff, 0x4000, 0xfbff, 0x7bff, 0  /* no intermediate overflow */
        H3 105, fmadd.h, rne, 0x7c00, 0x0000, 0x7e00, 0x7e00, NV /* inf*0 + qNaN */
        H3 106, fmsub.h, rne, 0x7c00, 0x3c00, 0x7c00, 0x7e00, NV
        H3 107, fnmadd.h, rne, 0x7c00, 0x3c00, 0x7c00, 0xfc00, 0
        H3 108, fnmadd.h, rne, 0x0000, 0x4000, 0x0000, 0x8000, 0
        H3 109, fmadd.h, rne, 0x0001, 0x3800, 0x0000, 0x0000, UF|NX

        /* ---------------- dynamic rounding mode */
        H2D 110, fadd.h, 0, 0x3c00, 0x1000, 0x3c00, NX
        H2D 111, fadd.h, 1, 0x3c00, 0x1000, 0x3c00, NX
        H2D 112, fadd.h, 2, 0xbc00, 0x9000, 0xbc01, NX
        H2D 113, fadd.h, 3, 0x3c00, 0x1000, 0x3c01, NX
        H2D 114, fadd.h, 4, 0x3c00, 0x1000, 0x3c01, NX
        H2D 115, fmul.h, 1, 0x7bff, 0x4000, 0x7bff, OF|NX
TEST 116
        LIH fa0, 0x3c00
        LIS fa1, 0x3f801000                 /* 1 + 2^-11 */
        csrwi frm, 4
        csrwi fflags, 0
        fcvt.h.s fa2, fa1
        CHECKH fa2, 0x3c01
        LIH fa1, 0x1000
        LIH fa2, 0x3c00
        fmadd.h fa3, fa0, fa1, fa2          /* 1 + 2^-11 again */
        CHECKH fa3, 0x3c01
        csrwi frm, 0
        CHECK_FFLAGS NX

        /* ---------------- reserved rounding modes */
TEST 117
        LIH fa0, 0x3c00
        LIH fa1, 0x3c00
        TRAP_M .word 0x04b55653             /* fadd.h fa2, fa0, fa1, rm = 5 */
        CHECK_MTRAP CAUSE_ILLEGAL, 0x04b55653
TEST 118
        TRAP_M .word 0x04b56653             /* rm = 6 */
        CHECK_MTRAP CAUSE_ILLEGAL, 0x04b56653
TEST 119
        TRAP_M .word 0x4405d653             /* fcvt.h.s fa2, fa1, rm = 5 */
        CHECK_MTRAP CAUSE_ILLEGAL, 0x4405d653
TEST 120
        csrwi frm, 5
        TRAP_M fadd.h fa2, fa0, fa1
        CHECK_MILLEGAL
TEST 121
        csrwi frm, 7
        TRAP_M fsqrt.h fa2, fa0
        CHECK_MILLEGAL
TEST 122
        csrwi frm, 6
        TRAP_M fcvt.h.w fa2, a0
        CHECK_MILLEGAL
TEST 123
        /* an explicit rm ignores frm; instructions without rm do not care */
        csrwi frm, 5
        fadd.h fa2, fa0, fa1, rne
        CHECKH fa2, 0x4000
        fsgnj.h fa2, fa0, fa1
        fmv.x.h a0, fa0
        feq.h a0, fa0, fa1
        CHECK a0, 1
        csrwi frm, 0

        /* ---------------- half <-> single / double */
        HTOS 124, 0x3c00, 0x3f800000, 0
        HTOS 125, 0x0001, 0x33800000, 0
        HTOS 126, 0x83ff, 0xb87fc000, 0
        HTOS 127, 0x7bff, 0x477fe000, 0
        HTOS 128, 0xfc00, 0xff800000, 0
        HTOS 129, 0x7c01, 0x7fc00000, NV
        HTOS 130, 0xfe01, 0x7fc00000, 0
        HTOD 131, 0x83ff, 0xbf0ff80000000000, 0
        HTOD 132, 0x3555, 0x3fd5540000000000, 0
        HTOD 133, 0x8000, 0x8000000000000000, 0
        HTOD 134, 0x7e00, 0x7ff8000000000000, 0
        HTOD 135, 0x7d00, 0x7ff8000000000000, NV
        STOH 136, rne, 0x477ff000, 0x7c00, OF|NX    /* 65520 */
        STOH 137, rtz, 0x477ff000, 0x7bff, NX
        STOH 138, rdn, 0x477ff000, 0x7bff, NX
        STOH 139, rup, 0x477ff000, 0x7c00, OF|NX
        STOH 140, rmm, 0x477ff000, 0x7c00, OF|NX
        STOH 141, rne, 0x477fefff, 0x7bff, NX
        STOH 142, rtz, 0x47800000, 0x7bff, OF|NX    /* 65536 */
        STOH 143, rne, 0x33000000, 0x0000, UF|NX    /* 2^-25 */
        STOH 144, rup, 0x33000000, 0x0001, UF|NX
        STOH 145, rne, 0x33000001, 0x0001, UF|NX
        STOH 146, rne, 0x387ff000, 0x0400, NX       /* 2^-14 (1 - 2^-12) */
        STOH 147, rtz, 0x387ff000, 0x03ff, UF|NX
        STOH 148, rne, 0x387fe000, 0x0400, UF|NX    /* 2^-14 (1 - 2^-11) */
        STOH 149, rne, 0x3f801000, 0x3c00, NX       /* 1 + 2^-11 */
        STOH 150, rmm, 0x3f801000, 0x3c01, NX
        STOH 151, rne, 0x3f801001, 0x3c01, NX
        STOH 152, rne, 0xbf800000, 0xbc00, 0
        STOH 153, rne, 0x7f800001, 0x7e00, NV
        STOH 154, rne, 0xff800000, 0xfc00, 0
        STOH 155, rne, 0x80000001, 0x8000, UF|NX
        DTOH 156, rne, 0x3ff0020000000000, 0x3c00, NX
        DTOH 157, rmm, 0x3ff0020000000000, 0x3c01, NX
        DTOH 158, rne, 0x3ff0020000000001, 0x3c01, NX
        DTOH 159, rup, 0x0000000000000001, 0x0001, UF|NX
        DTOH 160, rup, 0x8000000000000001, 0x8000, UF|NX
        DTOH 161, rdn, 0x7fefffffffffffff, 0x7bff, OF|NX
        DTOH 162, rne, 0x7fefffffffffffff, 0x7c00, OF|NX
        DTOH 163, rne, 0x7ff0000000000001, 0x7e00, NV
        DTOH 164, rne, 0x40effc0000000000, 0x7bff, 0      /* 65504 */
TEST 165
        /* fcvt.h.s reads a single, so it checks the 32-bit boxing */
        LID fa0, 0x000000003f800000
        csrwi fflags, 0
        fcvt.h.s fa2, fa0
        CHECKH fa2, 0x7e00
        CHECK_FFLAGS 0

        /* ---------------- half -> integer */
        HTOX 166, fcvt.w.h, rne, 0x7bff, 65504, 0
        HTOX 167, fcvt.w.h, rne, 0xc100, -2, NX     /* -2.5 */
        HTOX 168, fcvt.w.h, rtz, 0xc100, -2, NX
        HTOX 169, fcvt.w.h, rdn, 0xc100, -3, NX
        HTOX 170, fcvt.w.h, rup, 0xc100, -2, NX
        HTOX 171, fcvt.w.h, rmm, 0xc100, -3, NX
        HTOX 172, fcvt.w.h, rne, 0x7c00, 0x7fffffff, NV
        HTOX 173, fcvt.w.h, rne, 0xfc00, 0xffffffff80000000, NV
        HTOX 174, fcvt.w.h, rne, 0xfe00, 0x7fffffff, NV
        HTOX 175, fcvt.wu.h, rne, 0x7bff, 65504, 0
        HTOX 176, fcvt.wu.h, rne, 0xbc00, 0, NV
        HTOX 177, fcvt.wu.h, rtz, 0xb800, 0, NX     /* -0.5 -> -0 */
        HTOX 178, fcvt.wu.h, rdn, 0xb800, 0, NV     /* -0.5 -> -1 */
        HTOX 179, fcvt.wu.h, rne, 0x7c00, 0xffffffffffffffff, NV
        HTOX 180, fcvt.l.h, rne, 0xfbff, -65504, 0
        HTOX 181, fcvt.l.h, rne, 0x3e00, 2, NX      /* 1.5 */
        HTOX 182, fcvt.l.h, rne, 0x3800, 0, NX      /* 0.5 */
        HTOX 183, fcvt.l.h, rmm, 0x3800, 1, NX
        HTOX 184, fcvt.l.h, rne, 0x0001, 0, NX
        HTOX 185, fcvt.l.h, rup, 0x0001, 1, NX
        HTOX 186, fcvt.l.h, rne, 0xfc00, 0x8000000000000000, NV
        HTOX 187, fcvt.lu.h, rne, 0x7c00, 0xffffffffffffffff, NV
        HTOX 188, fcvt.lu.h, rne, 0x7c01, 0xffffffffffffffff, NV
        HTOX 189, fcvt.lu.h, rne, 0x7bff, 65504, 0
        HTOX 190, fcvt.lu.h, rne, 0xfc00, 0, NV
        HTOX 191, fcvt.lu.h, rne, 0x8000, 0, 0

        /* ---------------- integer -> half */
        XTOH 192, fcvt.h.w, rne, 65519, 0x7bff, NX
        XTOH 193, fcvt.h.w, rne, 65520, 0x7c00, OF|NX
        XTOH 194, fcvt.h.w, rtz, 65520, 0x7bff, NX
        XTOH 195, fcvt.h.w, rup, -65536, 0xfbff, OF|NX
        XTOH 196, fcvt.h.w, rne, 2049, 0x6800, NX
        XTOH 197, fcvt.h.w, rne, 2051, 0x6802, NX
        XTOH 198, fcvt.h.w, rmm, 2049, 0x6801, NX
        XTOH 199, fcvt.h.w, rne, 0, 0x0000, 0
        XTOH 200, fcvt.h.w, rne, -1, 0xbc00, 0
        XTOH 201, fcvt.h.w, rne, 0x100000001, 0x3c00, 0   /* low 32 bits */
        XTOH 202, fcvt.h.wu, rne, 0xffffffff, 0x7c00, OF|NX
        XTOH 203, fcvt.h.wu, rtz, -1, 0x7bff, OF|NX
        XTOH 204, fcvt.h.wu, rne, 0x10000ffff, 0x7c00, OF|NX
        XTOH 205, fcvt.h.l, rtz, 0x8000000000000000, 0xfbff, OF|NX
        XTOH 206, fcvt.h.l, rmm, -2049, 0xe801, NX
        XTOH 207, fcvt.h.l, rne, -2048, 0xe800, 0
        XTOH 208, fcvt.h.lu, rne, -1, 0x7c00, OF|NX
        XTOH 209, fcvt.h.lu, rne, 1024, 0x6400, 0
        XTOH 210, fcvt.h.lu, rdn, 0x10000000000, 0x7bff, OF|NX

        /* ---------------- compare */
        HCMP 211, feq.h, 0x0000, 0x8000, 1, 0
        HCMP 212, feq.h, 0x7e00, 0x7e00, 0, 0
        HCMP 213, feq.h, 0x7c01, 0x3c00, 0, NV
        HCMP 214, flt.h, 0x7e00, 0x3c00, 0, NV
        HCMP 215, fle.h, 0x3c00, 0x7e00, 0, NV
        HCMP 216, fle.h, 0x8000, 0x0000, 1, 0
        HCMP 217, flt.h, 0x8000, 0x0000, 0, 0
        HCMP 218, flt.h, 0x3c00, 0x3c01, 1, 0
        HCMP 219, fle.h, 0x3c01, 0x3c00, 0, 0
        HCMP 220, flt.h, 0xfc00, 0xfbff, 1, 0
        HCMP 221, flt.h, 0x8001, 0x0001, 1, 0
        HCMP 222, feq.h, 0x03ff, 0x03ff, 1, 0

        /* ---------------- min / max */
        HN 223, fmin.h, 0x0000, 0x8000, 0x8000, 0
        HN 224, fmax.h, 0x8000, 0x0000, 0x0000, 0
        HN 225, fmin.h, 0x7e00, 0xbc00, 0xbc00, 0
        HN 226, fmax.h, 0x7c01, 0xbc00, 0xbc00, NV
        HN 227, fmax.h, 0x7c01, 0xfe00, 0x7e00, NV
        HN 228, fmin.h, 0xfe55, 0xfe00, 0x7e00, 0
        HN 229, fmin.h, 0x3c00, 0x3c01, 0x3c00, 0
        HN 230, fmax.h, 0x0001, 0x8400, 0x0001, 0
        HN 231, fmax.h, 0xfc00, 0xfbff, 0xfbff, 0

        /* ---------------- sign injection (no canonicalisation, no flags) */
        HN 232, fsgnj.h, 0x3c00, 0x8000, 0xbc00, 0
        HN 233, fsgnjn.h, 0xbc00, 0x8000, 0x3c00, 0
        HN 234, fsgnjx.h, 0xbc00, 0x8000, 0x3c00, 0
        HN 235, fsgnjx.h, 0xbc00, 0x0000, 0xbc00, 0
        HN 236, fsgnj.h, 0x7c01, 0x8000, 0xfc01, 0

        /* ---------------- classify */
        HCLASS 237, 0xfc00, 0x001
        HCLASS 238, 0xfbff, 0x002
        HCLASS 239, 0x83ff, 0x004
        HCLASS 240, 0x8000, 0x008
        HCLASS 241, 0x0000, 0x010
        HCLASS 242, 0x0001, 0x020
        HCLASS 243, 0x0400, 0x040
        HCLASS 244, 0x7c00, 0x080
        HCLASS 245, 0x7c01, 0x100
        HCLASS 246, 0x7e00, 0x200

        /* ---------------- mstatus.FS = Off: all of them are illegal */
TEST 247
        li t6, MSTATUS_FS
        csrc mstatus, t6
        la a0, h_data
        TRAP_M flh fa0, 0(a0)
        CHECK_MILLEGAL
        TRAP_M fsh fa0, 0(a0)
        CHECK_MILLEGAL
        TRAP_M fmv.h.x fa0, a0
        CHECK_MILLEGAL
        TRAP_M fmv.x.h a1, fa0
        CHECK_MILLEGAL
        TRAP_M fcvt.s.h fa0, fa1
        CHECK_MILLEGAL
        TRAP_M fadd.h fa0, fa1, fa2
        CHECK_MILLEGAL
        li t6, MSTATUS_FS_INITIAL
        csrs mstatus, t6
TEST 248
        /* and a half write makes FS Dirty */
        li t6, MSTATUS_FS
        csrc mstatus, t6
        li t6, MSTATUS_FS_CLEAN
        csrs mstatus, t6
        li a0, 0x3c00
        fmv.h.x fa0, a0
        csrr a1, mstatus
        srli a1, a1, FS_SHIFT
        andi a1, a1, 3
        CHECK a1, 3
TEST_END

        .data
        .align 3
h_data: .half 0x3c00, 0x8001, 0x7c01, 0xabcd
h_buf:  .dword 0
