/*
 * RV64I loads and stores of every width: sign / zero extension, little-endian
 * byte order, positive and negative offsets, stores writing exactly their
 * bytes, store-to-load forwarding, loads into x0, rd == base register.
 */
#include "test.h"

/* load from tdat + off */
.macro LDT n, op, off, res
TEST \n
        la a1, tdat
        \op a0, \off(a1)
        CHECK a0, \res
.endm
/* load with a negative offset from tdat + 16 */
.macro LDTN n, op, off, res
TEST \n
        la a1, tdat + 16
        \op a0, \off(a1)
        CHECK a0, \res
.endm
/* store \val at buf + off (buf filled with 0xaa first); check both dwords */
.macro STT n, op, off, val, lo, hi
TEST \n
        la a1, buf
        li a2, 0xaaaaaaaaaaaaaaaa
        sd a2, 0(a1)
        sd a2, 8(a1)
        li a3, \val
        \op a3, \off(a1)
        ld a4, 0(a1)
        CHECK a4, \lo
        ld a4, 8(a1)
        CHECK a4, \hi
.endm

TEST_BEGIN

        /* lb */
        LDT 1, lb, 0, 0xffffffffffffff88
        LDT 2, lb, 3, 0xffffffffffffffb5
        LDT 3, lb, 6, 0xffffffffffffffe2
        LDT 4, lb, 7, 0xfffffffffffffff1
        LDT 5, lb, 9, 0xffffffffffffffcd
        LDT 6, lb, 12, 0x67
        LDT 7, lb, 15, 0x1
        LDTN 8, lb, -1, 0x1

        /* lbu */
        LDT 9, lbu, 0, 0x88
        LDT 10, lbu, 3, 0xb5
        LDT 11, lbu, 6, 0xe2
        LDT 12, lbu, 7, 0xf1
        LDT 13, lbu, 9, 0xcd
        LDT 14, lbu, 12, 0x67
        LDT 15, lbu, 15, 0x1
        LDTN 16, lbu, -1, 0x1

        /* lh */
        LDT 17, lh, 0, 0xffffffffffff9788
        LDT 18, lh, 2, 0xffffffffffffb5a6
        LDT 19, lh, 4, 0xffffffffffffd3c4
        LDT 20, lh, 6, 0xfffffffffffff1e2
        LDT 21, lh, 8, 0xffffffffffffcdef
        LDT 22, lh, 10, 0xffffffffffff89ab
        LDT 23, lh, 12, 0x4567
        LDT 24, lh, 14, 0x123
        LDTN 25, lh, -2, 0x123

        /* lhu */
        LDT 26, lhu, 0, 0x9788
        LDT 27, lhu, 2, 0xb5a6
        LDT 28, lhu, 4, 0xd3c4
        LDT 29, lhu, 6, 0xf1e2
        LDT 30, lhu, 8, 0xcdef
        LDT 31, lhu, 10, 0x89ab
        LDT 32, lhu, 12, 0x4567
        LDT 33, lhu, 14, 0x123
        LDTN 34, lhu, -2, 0x123

        /* lw */
        LDT 35, lw, 0, 0xffffffffb5a69788
        LDT 36, lw, 4, 0xfffffffff1e2d3c4
        LDT 37, lw, 8, 0xffffffff89abcdef
        LDT 38, lw, 12, 0x1234567
        LDTN 39, lw, -4, 0x1234567

        /* lwu */
        LDT 40, lwu, 0, 0xb5a69788
        LDT 41, lwu, 4, 0xf1e2d3c4
        LDT 42, lwu, 8, 0x89abcdef
        LDT 43, lwu, 12, 0x1234567
        LDTN 44, lwu, -4, 0x1234567

        /* ld */
        LDT 45, ld, 0, 0xf1e2d3c4b5a69788
        LDT 46, ld, 8, 0x123456789abcdef
        LDTN 47, ld, -8, 0x123456789abcdef

        /* sb: only the low 8 bits, only those bytes */
        STT 48, sb, 0, 0x1122334455667788, 0xaaaaaaaaaaaaaa88, 0xaaaaaaaaaaaaaaaa
        STT 49, sb, 1, 0xfedcba9876543210, 0xaaaaaaaaaaaa10aa, 0xaaaaaaaaaaaaaaaa
        STT 50, sb, 5, 0xfedcba9876543210, 0xaaaa10aaaaaaaaaa, 0xaaaaaaaaaaaaaaaa
        STT 51, sb, 7, 0xfedcba9876543210, 0x10aaaaaaaaaaaaaa, 0xaaaaaaaaaaaaaaaa
        STT 52, sb, 8, 0x1122334455667788, 0xaaaaaaaaaaaaaaaa, 0xaaaaaaaaaaaaaa88
        STT 53, sb, 15, 0xfedcba9876543210, 0xaaaaaaaaaaaaaaaa, 0x10aaaaaaaaaaaaaa

        /* sh: only the low 16 bits, only those bytes */
        STT 54, sh, 0, 0x1122334455667788, 0xaaaaaaaaaaaa7788, 0xaaaaaaaaaaaaaaaa
        STT 55, sh, 2, 0x1122334455667788, 0xaaaaaaaa7788aaaa, 0xaaaaaaaaaaaaaaaa
        STT 56, sh, 8, 0x1122334455667788, 0xaaaaaaaaaaaaaaaa, 0xaaaaaaaaaaaa7788
        STT 57, sh, 14, 0x1122334455667788, 0xaaaaaaaaaaaaaaaa, 0x7788aaaaaaaaaaaa

        /* sw: only the low 32 bits, only those bytes */
        STT 58, sw, 0, 0x1122334455667788, 0xaaaaaaaa55667788, 0xaaaaaaaaaaaaaaaa
        STT 59, sw, 4, 0x1122334455667788, 0x55667788aaaaaaaa, 0xaaaaaaaaaaaaaaaa
        STT 60, sw, 8, 0x1122334455667788, 0xaaaaaaaaaaaaaaaa, 0xaaaaaaaa55667788
        STT 61, sw, 12, 0x1122334455667788, 0xaaaaaaaaaaaaaaaa, 0x55667788aaaaaaaa

        /* sd: only the low 64 bits, only those bytes */
        STT 62, sd, 0, 0x1122334455667788, 0x1122334455667788, 0xaaaaaaaaaaaaaaaa
        STT 63, sd, 8, 0x1122334455667788, 0xaaaaaaaaaaaaaaaa, 0x1122334455667788

        /* store then load the same bytes with every width */
TEST 64
        la a1, buf
        li a2, 0x8000000080008080
        sd a2, 0(a1)
        lb a0, 0(a1)
        CHECK a0, 0xffffffffffffff80
        lbu a0, 1(a1)
        CHECK a0, 0x80
        lh a0, 0(a1)
        CHECK a0, 0xffffffffffff8080
        lhu a0, 2(a1)
        CHECK a0, 0x8000
        lw a0, 0(a1)
        CHECK a0, 0xffffffff80008080
        lw a0, 4(a1)
        CHECK a0, 0xffffffff80000000
        lwu a0, 4(a1)
        CHECK a0, 0x80000000
TEST 65
        /* a load into x0 is performed but discarded */
        la a1, tdat
        ld x0, 0(a1)
        lb x0, 1(a1)
        CHECK x0, 0
TEST 66
        /* rd == base register */
        la a1, ptr
        ld a1, 0(a1)
        ld a1, 0(a1)
        CHECK a1, 0x0123456789abcdef
TEST 67
        /* store with base == data register */
        la a1, buf
        sd a1, 0(a1)
        ld a2, 0(a1)
        CHECKR a1, a2
TEST 68
        /* largest positive and negative offsets */
        la a1, big + 2048
        li a2, 0x5a5a
        sh a2, 2046(a1)
        sh a2, -2048(a1)
        la a3, big
        lhu a0, 0(a3)
        CHECK a0, 0x5a5a
        lhu a0, 2046(a1)
        CHECK a0, 0x5a5a
        ld a0, -2048(a1)
        CHECK a0, 0x5a5a
TEST 69
        /* a copy loop: 64 bytes byte by byte, then compare as dwords */
        la a1, tdat
        la a2, buf
        li a3, 16
1:      lbu a4, 0(a1)
        sb a4, 0(a2)
        addi a1, a1, 1
        addi a2, a2, 1
        addi a3, a3, -1
        bnez a3, 1b
        la a1, buf
        ld a0, 0(a1)
        CHECK a0, 0xf1e2d3c4b5a69788
        ld a0, 8(a1)
        CHECK a0, 0x0123456789abcdef
TEST_END

        .data
        .align 4
tdat:   .dword 0xf1e2d3c4b5a69788
        .dword 0x0123456789abcdef
ptr:    .dword tdat + 8
        .align 4
buf:    .zero 16
        .bss
        .align 12
big:    .zero 4096
