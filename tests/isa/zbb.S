/*
 * Zbb: logic with negate, count leading/trailing zeros and population (and
 * their W forms), signed/unsigned min/max, sign/zero extension, rotates
 * (W forms: low word, amount mod 32, sign-extended result), orc.b, rev8.
 * Expected values were computed from the bitmanip 1.0.0 definitions
 * (Python, independent of rewind's C) and validated on QEMU 7.2.
 */
#include "test.h"

TEST_BEGIN

        /* andn, orn, xnor */
        RR 1, andn, 0x0, 0x0, 0x0
        RR 2, andn, 0xffffffffffffffff, 0xffffffffffffffff, 0x0
        RR 3, andn, 0xffffffffffffffff, 0x0, 0xffffffffffffffff
        RR 4, andn, 0x0, 0xffffffffffffffff, 0x0
        RR 5, andn, 0x123456789abcdef0, 0xff00ff00ff00ff0, 0x10045008900cd000
        RR 6, andn, 0x8000000000000001, 0x7fffffffffffffff, 0x8000000000000000
        RR 7, orn, 0x0, 0x0, 0xffffffffffffffff
        RR 8, orn, 0xffffffffffffffff, 0xffffffffffffffff, 0xffffffffffffffff
        RR 9, orn, 0xffffffffffffffff, 0x0, 0xffffffffffffffff
        RR 10, orn, 0x0, 0xffffffffffffffff, 0x0
        RR 11, orn, 0x123456789abcdef0, 0xff00ff00ff00ff0, 0xf23ff67ffabffeff
        RR 12, orn, 0x8000000000000001, 0x7fffffffffffffff, 0x8000000000000001
        RR 13, xnor, 0x0, 0x0, 0xffffffffffffffff
        RR 14, xnor, 0xffffffffffffffff, 0xffffffffffffffff, 0xffffffffffffffff
        RR 15, xnor, 0xffffffffffffffff, 0x0, 0x0
        RR 16, xnor, 0x0, 0xffffffffffffffff, 0x0
        RR 17, xnor, 0x123456789abcdef0, 0xff00ff00ff00ff0, 0xe23ba6776ab32eff
        RR 18, xnor, 0x8000000000000001, 0x7fffffffffffffff, 0x1
        /* clz / ctz / cpop (64-bit; 0 gives 64) */
        R1 19, clz, 0x0, 0x40
        R1 20, clz, 0x1, 0x3f
        R1 21, clz, 0xffffffffffffffff, 0x0
        R1 22, clz, 0x8000000000000000, 0x0
        R1 23, clz, 0xffffffff, 0x20
        R1 24, clz, 0x100000000, 0x1f
        R1 25, clz, 0x1000000000100, 0xf
        R1 26, clz, 0x123456789abcdef0, 0x3
        R1 27, ctz, 0x0, 0x40
        R1 28, ctz, 0x1, 0x0
        R1 29, ctz, 0xffffffffffffffff, 0x0
        R1 30, ctz, 0x8000000000000000, 0x3f
        R1 31, ctz, 0xffffffff, 0x0
        R1 32, ctz, 0x100000000, 0x20
        R1 33, ctz, 0x1000000000100, 0x8
        R1 34, ctz, 0x123456789abcdef0, 0x4
        R1 35, cpop, 0x0, 0x0
        R1 36, cpop, 0x1, 0x1
        R1 37, cpop, 0xffffffffffffffff, 0x40
        R1 38, cpop, 0x8000000000000000, 0x1
        R1 39, cpop, 0xffffffff, 0x20
        R1 40, cpop, 0x100000000, 0x1
        R1 41, cpop, 0x1000000000100, 0x2
        R1 42, cpop, 0x123456789abcdef0, 0x20
        /* W forms: only the low 32 bits count (0 gives 32) */
        R1 43, clzw, 0x0, 0x20
        R1 44, clzw, 0x1, 0x1f
        R1 45, clzw, 0xffffffffffffffff, 0x0
        R1 46, clzw, 0x80000000, 0x0
        R1 47, clzw, 0xffffffff00000000, 0x20
        R1 48, clzw, 0xffffffff00000001, 0x1f
        R1 49, clzw, 0x100008000, 0x10
        R1 50, clzw, 0x123456789abcdef0, 0x0
        R1 51, ctzw, 0x0, 0x20
        R1 52, ctzw, 0x1, 0x0
        R1 53, ctzw, 0xffffffffffffffff, 0x0
        R1 54, ctzw, 0x80000000, 0x1f
        R1 55, ctzw, 0xffffffff00000000, 0x20
        R1 56, ctzw, 0xffffffff00000001, 0x0
        R1 57, ctzw, 0x100008000, 0xf
        R1 58, ctzw, 0x123456789abcdef0, 0x4
        R1 59, cpopw, 0x0, 0x0
        R1 60, cpopw, 0x1, 0x1
        R1 61, cpopw, 0xffffffffffffffff, 0x20
        R1 62, cpopw, 0x80000000, 0x1
        R1 63, cpopw, 0xffffffff00000000, 0x0
        R1 64, cpopw, 0xffffffff00000001, 0x1
        R1 65, cpopw, 0x100008000, 0x1
        R1 66, cpopw, 0x123456789abcdef0, 0x13
        /* max / maxu / min / minu: signed vs unsigned */
        RR 67, max, 0x0, 0x0, 0x0
        RR 68, max, 0x1, 0xffffffffffffffff, 0x1
        RR 69, max, 0xffffffffffffffff, 0x1, 0x1
        RR 70, max, 0x8000000000000000, 0x7fffffffffffffff, 0x7fffffffffffffff
        RR 71, max, 0x7fffffffffffffff, 0x8000000000000000, 0x7fffffffffffffff
        RR 72, max, 0x5, 0x7, 0x7
        RR 73, max, 0xfffffffffffffffe, 0xffffffffffffffff, 0xffffffffffffffff
        RR 74, maxu, 0x0, 0x0, 0x0
        RR 75, maxu, 0x1, 0xffffffffffffffff, 0xffffffffffffffff
        RR 76, maxu, 0xffffffffffffffff, 0x1, 0xffffffffffffffff
        RR 77, maxu, 0x8000000000000000, 0x7fffffffffffffff, 0x8000000000000000
        RR 78, maxu, 0x7fffffffffffffff, 0x8000000000000000, 0x8000000000000000
        RR 79, maxu, 0x5, 0x7, 0x7
        RR 80, maxu, 0xfffffffffffffffe, 0xffffffffffffffff, 0xffffffffffffffff
        RR 81, min, 0x0, 0x0, 0x0
        RR 82, min, 0x1, 0xffffffffffffffff, 0xffffffffffffffff
        RR 83, min, 0xffffffffffffffff, 0x1, 0xffffffffffffffff
        RR 84, min, 0x8000000000000000, 0x7fffffffffffffff, 0x8000000000000000
        RR 85, min, 0x7fffffffffffffff, 0x8000000000000000, 0x8000000000000000
        RR 86, min, 0x5, 0x7, 0x5
        RR 87, min, 0xfffffffffffffffe, 0xffffffffffffffff, 0xfffffffffffffffe
        RR 88, minu, 0x0, 0x0, 0x0
        RR 89, minu, 0x1, 0xffffffffffffffff, 0x1
        RR 90, minu, 0xffffffffffffffff, 0x1, 0x1
        RR 91, minu, 0x8000000000000000, 0x7fffffffffffffff, 0x7fffffffffffffff
        RR 92, minu, 0x7fffffffffffffff, 0x8000000000000000, 0x7fffffffffffffff
        RR 93, minu, 0x5, 0x7, 0x5
        RR 94, minu, 0xfffffffffffffffe, 0xffffffffffffffff, 0xfffffffffffffffe
        /* sext.b / sext.h / zext.h */
        R1 95, sext.b, 0x0, 0x0
        R1 96, sext.b, 0x7f, 0x7f
        R1 97, sext.b, 0x80, 0xffffffffffffff80
        R1 98, sext.b, 0xff, 0xffffffffffffffff
        R1 99, sext.b, 0x7fff, 0xffffffffffffffff
        R1 100, sext.b, 0x8000, 0x0
        R1 101, sext.b, 0xffff, 0xffffffffffffffff
        R1 102, sext.b, 0xffffffffffffffff, 0xffffffffffffffff
        R1 103, sext.b, 0x123456789abcde71, 0x71
        R1 104, sext.b, 0x12345678ffff8001, 0x1
        R1 105, sext.h, 0x0, 0x0
        R1 106, sext.h, 0x7f, 0x7f
        R1 107, sext.h, 0x80, 0x80
        R1 108, sext.h, 0xff, 0xff
        R1 109, sext.h, 0x7fff, 0x7fff
        R1 110, sext.h, 0x8000, 0xffffffffffff8000
        R1 111, sext.h, 0xffff, 0xffffffffffffffff
        R1 112, sext.h, 0xffffffffffffffff, 0xffffffffffffffff
        R1 113, sext.h, 0x123456789abcde71, 0xffffffffffffde71
        R1 114, sext.h, 0x12345678ffff8001, 0xffffffffffff8001
        R1 115, zext.h, 0x0, 0x0
        R1 116, zext.h, 0x7f, 0x7f
        R1 117, zext.h, 0x80, 0x80
        R1 118, zext.h, 0xff, 0xff
        R1 119, zext.h, 0x7fff, 0x7fff
        R1 120, zext.h, 0x8000, 0x8000
        R1 121, zext.h, 0xffff, 0xffff
        R1 122, zext.h, 0xffffffffffffffff, 0xffff
        R1 123, zext.h, 0x123456789abcde71, 0xde71
        R1 124, zext.h, 0x12345678ffff8001, 0x8001
        /* rol / ror: amount is rs2[5:0] */
        RR 125, rol, 0x8000000000000001, 0x0, 0x8000000000000001
        RR 126, rol, 0x8000000000000001, 0x1, 0x3
        RR 127, rol, 0x8000000000000001, 0x3f, 0xc000000000000000
        RR 128, rol, 0x8000000000000001, 0x40, 0x8000000000000001
        RR 129, rol, 0x123456789abcdef0, 0x4, 0x23456789abcdef01
        RR 130, rol, 0x123456789abcdef0, 0x24, 0xabcdef0123456789
        RR 131, rol, 0x123456789abcdef0, 0xffffffffffffffc4, 0x23456789abcdef01
        RR 132, rol, 0x0, 0xd, 0x0
        RR 133, rol, 0xffffffffffffffff, 0x1d, 0xffffffffffffffff
        RR 134, ror, 0x8000000000000001, 0x0, 0x8000000000000001
        RR 135, ror, 0x8000000000000001, 0x1, 0xc000000000000000
        RR 136, ror, 0x8000000000000001, 0x3f, 0x3
        RR 137, ror, 0x8000000000000001, 0x40, 0x8000000000000001
        RR 138, ror, 0x123456789abcdef0, 0x4, 0x123456789abcdef
        RR 139, ror, 0x123456789abcdef0, 0x24, 0x89abcdef01234567
        RR 140, ror, 0x123456789abcdef0, 0xffffffffffffffc4, 0x123456789abcdef
        RR 141, ror, 0x0, 0xd, 0x0
        RR 142, ror, 0xffffffffffffffff, 0x1d, 0xffffffffffffffff
        /* rori: 0..63 */
        RI 143, rori, 0x8000000000000001, 0, 0x8000000000000001
        RI 144, rori, 0x8000000000000001, 1, 0xc000000000000000
        RI 145, rori, 0x8000000000000001, 63, 0x3
        RI 146, rori, 0x123456789abcdef0, 4, 0x123456789abcdef
        RI 147, rori, 0x123456789abcdef0, 32, 0x9abcdef012345678
        RI 148, rori, 0x123456789abcdef0, 60, 0x23456789abcdef01
        /* rolw / rorw: 32-bit rotate of the low word by rs2[4:0], sign-extended */
        RR 149, rolw, 0x80000001, 0x0, 0xffffffff80000001
        RR 150, rolw, 0x80000001, 0x1, 0x3
        RR 151, rolw, 0x80000001, 0x1f, 0xffffffffc0000000
        RR 152, rolw, 0x80000001, 0x20, 0xffffffff80000001
        RR 153, rolw, 0x80000001, 0x21, 0x3
        RR 154, rolw, 0xffffffff12345678, 0x4, 0x23456781
        RR 155, rolw, 0xffffffff12345678, 0xfffffffffffffff8, 0x78123456
        RR 156, rolw, 0xc0000000, 0x1, 0xffffffff80000001
        RR 157, rolw, 0xc0000000, 0x2, 0x3
        RR 158, rolw, 0x12345678ffffffff, 0x7, 0xffffffffffffffff
        RR 159, rorw, 0x80000001, 0x0, 0xffffffff80000001
        RR 160, rorw, 0x80000001, 0x1, 0xffffffffc0000000
        RR 161, rorw, 0x80000001, 0x1f, 0x3
        RR 162, rorw, 0x80000001, 0x20, 0xffffffff80000001
        RR 163, rorw, 0x80000001, 0x21, 0xffffffffc0000000
        RR 164, rorw, 0xffffffff12345678, 0x4, 0xffffffff81234567
        RR 165, rorw, 0xffffffff12345678, 0xfffffffffffffff8, 0x34567812
        RR 166, rorw, 0xc0000000, 0x1, 0x60000000
        RR 167, rorw, 0xc0000000, 0x2, 0x30000000
        RR 168, rorw, 0x12345678ffffffff, 0x7, 0xffffffffffffffff
        /* roriw: 0..31 */
        RI 169, roriw, 0x80000001, 0, 0xffffffff80000001
        RI 170, roriw, 0x80000001, 1, 0xffffffffc0000000
        RI 171, roriw, 0x80000001, 31, 0x3
        RI 172, roriw, 0xffffffff12345678, 4, 0xffffffff81234567
        RI 173, roriw, 0xffffffff12345678, 16, 0x56781234
        RI 174, roriw, 0x3, 1, 0xffffffff80000001
        RI 175, roriw, 0x5555555500000002, 1, 0x1
        /* orc.b, rev8 */
        R1 176, orc.b, 0x0, 0x0
        R1 177, orc.b, 0xffffffffffffffff, 0xffffffffffffffff
        R1 178, orc.b, 0x100000000000080, 0xff000000000000ff
        R1 179, orc.b, 0xff00ff00ff00ff, 0xff00ff00ff00ff
        R1 180, orc.b, 0x1200340056007800, 0xff00ff00ff00ff00
        R1 181, orc.b, 0x8000000000000000, 0xff00000000000000
        R1 182, orc.b, 0x1, 0xff
        R1 183, rev8, 0x0, 0x0
        R1 184, rev8, 0xffffffffffffffff, 0xffffffffffffffff
        R1 185, rev8, 0x123456789abcdef, 0xefcdab8967452301
        R1 186, rev8, 0x8000000000000001, 0x100000000000080
        R1 187, rev8, 0xff, 0xff00000000000000

TEST 188
        /* rd = x0 for each format */
        li a1, -1
        li a2, 3
        andn zero, a1, a2
        clz zero, a2
        cpopw zero, a1
        maxu zero, a1, a2
        sext.h zero, a1
        rori zero, a1, 7
        roriw zero, a1, 7
        rev8 zero, a1
        orc.b zero, a2
        mv a0, zero
        CHECK a0, 0
TEST 189
        /* rd = rs1: the source is read before the write */
        li a0, 0x00000000000000f0
        ctz a0, a0
        CHECK a0, 4
        li a0, 0x1122334455667788
        rev8 a0, a0
        CHECK a0, 0x8877665544332211
        li a0, 0x8000000000000000
        rol a0, a0, a0                  /* amount 0 (bits 5:0 of rs2) */
        CHECK a0, 0x8000000000000000
TEST_END
