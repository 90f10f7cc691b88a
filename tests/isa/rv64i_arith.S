/*
 * RV64I register-register and register-immediate arithmetic, logic, shifts
 * and compares; lui/auipc; writes to x0; rd aliasing a source.
 */
#include "test.h"

/* rd = op(rs1, rs2) with fresh registers */
/* rd = op(rs1, imm) */

TEST_BEGIN

        /* add / sub */
        RR 1, add, 0x0, 0x0, 0x0
        RR 2, add, 0x1, 0x1, 0x2
        RR 3, add, 0x3, 0x7, 0xa
        RR 4, add, 0xffffffffffffffff, 0x1, 0x0
        RR 5, add, 0x7fffffffffffffff, 0x1, 0x8000000000000000
        RR 6, add, 0x8000000000000000, 0xffffffffffffffff, 0x7fffffffffffffff
        RR 7, add, 0xffffffffffffffff, 0xffffffffffffffff, 0xfffffffffffffffe
        RR 8, add, 0x123456789abcdef0, 0xfedcba987654321, 0x2222222222222211
        RR 9, add, 0xffffffff, 0x1, 0x100000000
        RR 10, sub, 0x0, 0x0, 0x0
        RR 11, sub, 0x1, 0x1, 0x0
        RR 12, sub, 0x3, 0x7, 0xfffffffffffffffc
        RR 13, sub, 0x8000000000000000, 0x1, 0x7fffffffffffffff
        RR 14, sub, 0x0, 0x1, 0xffffffffffffffff
        RR 15, sub, 0x100000000, 0x1, 0xffffffff
        RR 16, sub, 0xffffffffffffffff, 0x7fffffffffffffff, 0x8000000000000000

        /* addi (12-bit signed immediate) */
        RI 17, addi, 0x0, 0, 0x0
        RI 18, addi, 0x1, 1, 0x2
        RI 19, addi, 0x5, -1, 0x4
        RI 20, addi, 0x0, 2047, 0x7ff
        RI 21, addi, 0x0, -2048, 0xfffffffffffff800
        RI 22, addi, 0x7fffffffffffffff, 1, 0x8000000000000000
        RI 23, addi, 0x7ff, -2048, 0xffffffffffffffff
        RI 24, addi, 0xffffffffffffffff, 1, 0x0

        /* logic */
        RR 25, and, 0xff00ff00ff00ff00, 0xff00ff00ff00ff0, 0xf000f000f000f00
        RR 26, and, 0xff00ff00ff00ff0, 0xff00ff00ff00ff, 0xf000f000f000f0
        RR 27, and, 0xff00ff00ff00ff, 0xff00ff00ff00ff00, 0x0
        RR 28, and, 0xff00ff00ff00ff00, 0x0, 0x0
        RR 29, and, 0xff00ff00ff00ff00, 0xffffffffffffffff, 0xff00ff00ff00ff00
        RR 30, or, 0xff00ff00ff00ff00, 0xff00ff00ff00ff0, 0xfff0fff0fff0fff0
        RR 31, or, 0xff00ff00ff00ff0, 0xff00ff00ff00ff, 0xfff0fff0fff0fff
        RR 32, or, 0xff00ff00ff00ff, 0xff00ff00ff00ff00, 0xffffffffffffffff
        RR 33, or, 0xff00ff00ff00ff00, 0x0, 0xff00ff00ff00ff00
        RR 34, or, 0xff00ff00ff00ff00, 0xffffffffffffffff, 0xffffffffffffffff
        RR 35, xor, 0xff00ff00ff00ff00, 0xff00ff00ff00ff0, 0xf0f0f0f0f0f0f0f0
        RR 36, xor, 0xff00ff00ff00ff0, 0xff00ff00ff00ff, 0xf0f0f0f0f0f0f0f
        RR 37, xor, 0xff00ff00ff00ff, 0xff00ff00ff00ff00, 0xffffffffffffffff
        RR 38, xor, 0xff00ff00ff00ff00, 0x0, 0xff00ff00ff00ff00
        RR 39, xor, 0xff00ff00ff00ff00, 0xffffffffffffffff, 0xff00ff00ff00ff
        RI 40, andi, 0xff00ff00ff00ff00, 240, 0x0
        RI 41, andi, 0xff00ff00ff00ff0, -16, 0xff00ff00ff00ff0
        RI 42, andi, 0xff00ff00ff00ff, -1, 0xff00ff00ff00ff
        RI 43, andi, 0x0, 2047, 0x0
        RI 44, andi, 0xff00ff00ff00ff00, -2048, 0xff00ff00ff00f800
        RI 45, ori, 0xff00ff00ff00ff00, 240, 0xff00ff00ff00fff0
        RI 46, ori, 0xff00ff00ff00ff0, -16, 0xfffffffffffffff0
        RI 47, ori, 0xff00ff00ff00ff, -1, 0xffffffffffffffff
        RI 48, ori, 0x0, 2047, 0x7ff
        RI 49, ori, 0xff00ff00ff00ff00, -2048, 0xffffffffffffff00
        RI 50, xori, 0xff00ff00ff00ff00, 240, 0xff00ff00ff00fff0
        RI 51, xori, 0xff00ff00ff00ff0, -16, 0xf00ff00ff00ff000
        RI 52, xori, 0xff00ff00ff00ff, -1, 0xff00ff00ff00ff00
        RI 53, xori, 0x0, 2047, 0x7ff
        RI 54, xori, 0xff00ff00ff00ff00, -2048, 0xff00ff00ff0700

        /* shifts: only the low 6 bits of rs2 count */
        RR 55, sll, 0x1, 0x0, 0x1
        RR 56, sll, 0x1, 0x1, 0x2
        RR 57, sll, 0x1, 0x3f, 0x8000000000000000
        RR 58, sll, 0x8000000000000001, 0x1, 0x2
        RR 59, sll, 0x8000000000000001, 0x20, 0x100000000
        RR 60, sll, 0x8000000000000001, 0x3f, 0x8000000000000000
        RR 61, sll, 0x8000000000000001, 0x40, 0x8000000000000001
        RR 62, sll, 0x8000000000000001, 0x41, 0x2
        RR 63, sll, 0x8000000000000001, 0xffffffffffffffff, 0x8000000000000000
        RR 64, sll, 0x21212121abcdef01, 0x24, 0xbcdef01000000000
        RR 65, srl, 0x1, 0x0, 0x1
        RR 66, srl, 0x1, 0x1, 0x0
        RR 67, srl, 0x1, 0x3f, 0x0
        RR 68, srl, 0x8000000000000001, 0x1, 0x4000000000000000
        RR 69, srl, 0x8000000000000001, 0x20, 0x80000000
        RR 70, srl, 0x8000000000000001, 0x3f, 0x1
        RR 71, srl, 0x8000000000000001, 0x40, 0x8000000000000001
        RR 72, srl, 0x8000000000000001, 0x41, 0x4000000000000000
        RR 73, srl, 0x8000000000000001, 0xffffffffffffffff, 0x1
        RR 74, srl, 0x21212121abcdef01, 0x24, 0x2121212
        RR 75, sra, 0x1, 0x0, 0x1
        RR 76, sra, 0x1, 0x1, 0x0
        RR 77, sra, 0x1, 0x3f, 0x0
        RR 78, sra, 0x8000000000000001, 0x1, 0xc000000000000000
        RR 79, sra, 0x8000000000000001, 0x20, 0xffffffff80000000
        RR 80, sra, 0x8000000000000001, 0x3f, 0xffffffffffffffff
        RR 81, sra, 0x8000000000000001, 0x40, 0x8000000000000001
        RR 82, sra, 0x8000000000000001, 0x41, 0xc000000000000000
        RR 83, sra, 0x8000000000000001, 0xffffffffffffffff, 0xffffffffffffffff
        RR 84, sra, 0x21212121abcdef01, 0x24, 0x2121212
        RI 85, slli, 0x1, 0, 0x1
        RI 86, slli, 0x8000000000000001, 1, 0x2
        RI 87, slli, 0x8000000000000001, 31, 0x80000000
        RI 88, slli, 0x8000000000000001, 32, 0x100000000
        RI 89, slli, 0x8000000000000001, 63, 0x8000000000000000
        RI 90, slli, 0x7fffffffffffffff, 62, 0xc000000000000000
        RI 91, srli, 0x1, 0, 0x1
        RI 92, srli, 0x8000000000000001, 1, 0x4000000000000000
        RI 93, srli, 0x8000000000000001, 31, 0x100000000
        RI 94, srli, 0x8000000000000001, 32, 0x80000000
        RI 95, srli, 0x8000000000000001, 63, 0x1
        RI 96, srli, 0x7fffffffffffffff, 62, 0x1
        RI 97, srai, 0x1, 0, 0x1
        RI 98, srai, 0x8000000000000001, 1, 0xc000000000000000
        RI 99, srai, 0x8000000000000001, 31, 0xffffffff00000000
        RI 100, srai, 0x8000000000000001, 32, 0xffffffff80000000
        RI 101, srai, 0x8000000000000001, 63, 0xffffffffffffffff
        RI 102, srai, 0x7fffffffffffffff, 62, 0x1

        /* compare */
        RR 103, slt, 0x0, 0x0, 0x0
        RR 104, slt, 0x0, 0x1, 0x1
        RR 105, slt, 0x1, 0x0, 0x0
        RR 106, slt, 0xffffffffffffffff, 0x0, 0x1
        RR 107, slt, 0x0, 0xffffffffffffffff, 0x0
        RR 108, slt, 0x8000000000000000, 0x7fffffffffffffff, 0x1
        RR 109, slt, 0x7fffffffffffffff, 0x8000000000000000, 0x0
        RR 110, slt, 0xfffffffffffffffe, 0xffffffffffffffff, 0x1
        RR 111, slt, 0xffffffffffffffff, 0xfffffffffffffffe, 0x0
        RR 112, slt, 0x5, 0x5, 0x0
        RR 113, sltu, 0x0, 0x0, 0x0
        RR 114, sltu, 0x0, 0x1, 0x1
        RR 115, sltu, 0x1, 0x0, 0x0
        RR 116, sltu, 0xffffffffffffffff, 0x0, 0x0
        RR 117, sltu, 0x0, 0xffffffffffffffff, 0x1
        RR 118, sltu, 0x8000000000000000, 0x7fffffffffffffff, 0x0
        RR 119, sltu, 0x7fffffffffffffff, 0x8000000000000000, 0x1
        RR 120, sltu, 0xfffffffffffffffe, 0xffffffffffffffff, 0x1
        RR 121, sltu, 0xffffffffffffffff, 0xfffffffffffffffe, 0x0
        RR 122, sltu, 0x5, 0x5, 0x0
        RI 123, slti, 0x0, 0, 0x0
        RI 124, slti, 0x0, 1, 0x1
        RI 125, slti, 0xffffffffffffffff, 0, 0x1
        RI 126, slti, 0x0, -1, 0x0
        RI 127, slti, 0x7fffffffffffffff, -1, 0x0
        RI 128, slti, 0xfffffffffffff800, -2047, 0x1
        RI 129, slti, 0x7fe, 2047, 0x1
        RI 130, slti, 0x8000000000000000, -2048, 0x1
        RI 131, slti, 0x1, 1, 0x0
        RI 132, sltiu, 0x0, 0, 0x0
        RI 133, sltiu, 0x0, 1, 0x1
        RI 134, sltiu, 0xffffffffffffffff, 0, 0x0
        RI 135, sltiu, 0x0, -1, 0x1
        RI 136, sltiu, 0x7fffffffffffffff, -1, 0x1
        RI 137, sltiu, 0xfffffffffffff800, -2047, 0x1
        RI 138, sltiu, 0x7fe, 2047, 0x1
        RI 139, sltiu, 0x8000000000000000, -2048, 0x1
        RI 140, sltiu, 0x1, 1, 0x0

        /* lui: 20-bit immediate << 12, sign-extended from bit 31 */
TEST 141
        lui a0, 0
        CHECK a0, 0
TEST 142
        lui a0, 0x7ffff
        CHECK a0, 0x7ffff000
TEST 143
        lui a0, 0x80000
        CHECK a0, 0xffffffff80000000
TEST 144
        lui a0, 0xfffff
        CHECK a0, 0xfffffffffffff000
TEST 145
        lui a0, 0x12345
        addi a0, a0, 0x678
        CHECK a0, 0x12345678

        /* auipc: pc + (imm << 12), sign-extended */
TEST 146
1:      auipc a0, 0
        la a1, 1b
        CHECKR a0, a1
TEST 147
1:      auipc a0, 1
        la a1, 1b
        li a2, 0x1000
        add a1, a1, a2
        CHECKR a0, a1
TEST 148
1:      auipc a0, 0x80000
        la a1, 1b
        li a2, 0xffffffff80000000
        add a1, a1, a2
        CHECKR a0, a1
TEST 149
1:      auipc a0, 0xfffff
        la a1, 1b
        addi a1, a1, -2048
        addi a1, a1, -2048
        CHECKR a0, a1

        /* x0 is hardwired to zero; writes are discarded */
TEST 150
        li a1, 5
        add x0, a1, a1
        CHECK x0, 0
TEST 151
        addi x0, x0, 7
        lui x0, 0x12345
        CHECK x0, 0
TEST 152
        addi a0, x0, -1
        CHECK a0, -1
TEST 153
        li a1, 0x1234
        sub a0, x0, a1
        CHECK a0, -0x1234

        /* rd aliasing sources */
TEST 154
        li a0, 13
        li a1, 11
        add a0, a0, a1
        CHECK a0, 24
TEST 155
        li a0, 13
        li a1, 11
        sub a1, a0, a1
        CHECK a1, 2
TEST 156
        li a0, 0x0f0f
        xor a0, a0, a0
        CHECK a0, 0
TEST 157
        li a0, 3
        sll a0, a0, a0
        CHECK a0, 24
TEST 158
        li a0, -8
        srai a0, a0, 1
        CHECK a0, -4
TEST 159
        li a0, 1
        slt a0, a0, a0
        CHECK a0, 0
TEST 160
        /* seqz / snez / neg / not pseudo-instructions */
        li a1, 0
        seqz a0, a1
        CHECK a0, 1
        li a1, 0x100000000
        seqz a0, a1
        CHECK a0, 0
        snez a0, a1
        CHECK a0, 1
        neg a0, a1
        CHECK a0, 0xffffffff00000000
        not a0, a1
        CHECK a0, 0xfffffffeffffffff
TEST 161
        /* a chain of dependent operations */
        li a0, 1
        li a1, 0
1:      slli a0, a0, 1
        addi a1, a1, 1
        li a2, 40
        blt a1, a2, 1b
        CHECK a0, 0x10000000000
TEST_END
