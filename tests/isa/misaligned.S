/*
 * Misaligned data accesses.  Like QEMU, rewind may either perform a
 * misaligned load / store or raise address-misaligned (cause 4 load, 6
 * store) with mtval = the effective address and mepc = the instruction.
 * Each case accepts exactly those two outcomes: if performed, the data must
 * be right (little-endian, sign / zero extension, only the addressed bytes
 * written); if trapped, the destination register / memory is unchanged.
 * LR and AMOs on misaligned addresses must trap (address-misaligned or
 * access fault): they are never performed here.  A misaligned SC without
 * a reservation may also just fail (QEMU 7.2), see case 37.
 */
#include "test.h"

/* arm trap_m to resume at label 8 (below) for the instruction at label 7 */
.macro ARM_MISALIGNED
        la t6, trapinfo
        la t5, 8f
        sd t5, TI_RESUME(t6)
        li t5, PRV_M
        sd t5, TI_MODE(t6)
        la t5, 7f
        sd t5, TI_XEPC(t6)
.endm
.macro DISARM
        la t6, trapinfo
        sd zero, TI_RESUME(t6)
.endm

.macro MLOAD n, op, off, res
TEST \n
        la a1, mdat + \off
        li a0, 0x5555
        ARM_MISALIGNED
7:      \op a0, 0(a1)
        DISARM
        CHECK a0, \res
        j 9f
8:      CHECK_MCAUSE CAUSE_MISALIGNED_LOAD
        CHECK_MEPC_X
        LOAD_TI a2, trapinfo, TI_TVAL
        CHECKR a2, a1
        CHECK a0, 0x5555
9:
.endm

.macro MSTORE n, op, off, lo, hi
TEST \n
        la a3, mbuf
        li a2, 0xaaaaaaaaaaaaaaaa
        sd a2, 0(a3)
        sd a2, 8(a3)
        la a1, mbuf + \off
        li a0, 0x0123456789abcdef
        ARM_MISALIGNED
7:      \op a0, 0(a1)
        DISARM
        ld a4, 0(a3)
        CHECK a4, \lo
        ld a4, 8(a3)
        CHECK a4, \hi
        j 9f
8:      CHECK_MCAUSE CAUSE_MISALIGNED_STORE
        CHECK_MEPC_X
        LOAD_TI a2, trapinfo, TI_TVAL
        CHECKR a2, a1
        ld a4, 0(a3)
        CHECK a4, 0xaaaaaaaaaaaaaaaa
        ld a4, 8(a3)
        CHECK a4, 0xaaaaaaaaaaaaaaaa
9:
.endm

/* must trap with cause \c1 or \c2 (or \c3), tval = address, memory
 * unchanged */
.macro MAMO n, c1, c2, c3, insn:vararg
TEST \n
        la a3, mbuf
        li a2, 0x1111111111111111
        sd a2, 0(a3)
        sd a2, 8(a3)
        la a1, mbuf + 4
        addi a1, a1, 2
        li a2, 0x2222222222222222
        TRAP_M \insn
        LOAD_TI a4, trapinfo, TI_CAUSE
        li a5, \c1
        beq a4, a5, 1f
        li a5, \c2
        beq a4, a5, 1f
        CHECK a4, \c3
1:      CHECK_MEPC_X
        LOAD_TI a4, trapinfo, TI_TVAL
        CHECKR a4, a1
        ld a4, 0(a3)
        CHECK a4, 0x1111111111111111
        ld a4, 8(a3)
        CHECK a4, 0x1111111111111111
.endm

TEST_BEGIN
        /* loads */
        MLOAD 1, lh, 1, 0xffffffffffffddee
        MLOAD 2, lh, 9, 0x5566
        MLOAD 3, lhu, 1, 0xddee
        MLOAD 4, lhu, 9, 0x5566
        MLOAD 5, lw, 1, 0xffffffffbbccddee
        MLOAD 6, lw, 9, 0x33445566
        MLOAD 7, lw, 2, 0xffffffffaabbccdd
        MLOAD 8, lw, 3, 0xffffffff99aabbcc
        MLOAD 9, lw, 11, 0x11223344
        MLOAD 10, lwu, 1, 0xbbccddee
        MLOAD 11, lwu, 9, 0x33445566
        MLOAD 12, lwu, 2, 0xaabbccdd
        MLOAD 13, lwu, 3, 0x99aabbcc
        MLOAD 14, lwu, 11, 0x11223344
        MLOAD 15, ld, 1, 0x778899aabbccddee
        MLOAD 16, ld, 3, 0x5566778899aabbcc
        MLOAD 17, ld, 4, 0x445566778899aabb
        MLOAD 18, ld, 7, 0x1122334455667788

        /* stores */
        MSTORE 19, sh, 1, 0xaaaaaaaaaacdefaa, 0xaaaaaaaaaaaaaaaa
        MSTORE 20, sh, 7, 0xefaaaaaaaaaaaaaa, 0xaaaaaaaaaaaaaacd
        MSTORE 21, sh, 9, 0xaaaaaaaaaaaaaaaa, 0xaaaaaaaaaacdefaa
        MSTORE 22, sw, 1, 0xaaaaaa89abcdefaa, 0xaaaaaaaaaaaaaaaa
        MSTORE 23, sw, 2, 0xaaaa89abcdefaaaa, 0xaaaaaaaaaaaaaaaa
        MSTORE 24, sw, 3, 0xaa89abcdefaaaaaa, 0xaaaaaaaaaaaaaaaa
        MSTORE 25, sw, 5, 0xabcdefaaaaaaaaaa, 0xaaaaaaaaaaaaaa89
        MSTORE 26, sw, 6, 0xcdefaaaaaaaaaaaa, 0xaaaaaaaaaaaa89ab
        MSTORE 27, sd, 1, 0x23456789abcdefaa, 0xaaaaaaaaaaaaaa01
        MSTORE 28, sd, 2, 0x456789abcdefaaaa, 0xaaaaaaaaaaaa0123
        MSTORE 29, sd, 4, 0x89abcdefaaaaaaaa, 0xaaaaaaaa01234567
        MSTORE 30, sd, 7, 0xefaaaaaaaaaaaaaa, 0xaa0123456789abcd

        /* floating-point loads and stores */
TEST 31
        la a1, mdat + 2
        fmv.d.x fa0, zero
        ARM_MISALIGNED
7:      fld fa0, 0(a1)
        DISARM
        fmv.x.d a0, fa0
        CHECK a0, 0x66778899aabbccdd
        j 9f
8:      CHECK_MCAUSE CAUSE_MISALIGNED_LOAD
        CHECK_MEPC_X
        CHECK_TI_LABEL trapinfo, TI_TVAL, mdat + 2
9:
TEST 32
        la a1, mdat + 1
        fmv.d.x fa0, zero
        ARM_MISALIGNED
7:      flw fa0, 0(a1)
        DISARM
        fmv.x.d a0, fa0
        CHECK a0, 0xffffffffbbccddee
        j 9f
8:      CHECK_MCAUSE CAUSE_MISALIGNED_LOAD
        CHECK_MEPC_X
9:
TEST 33
        la a3, mbuf
        sd zero, 0(a3)
        sd zero, 8(a3)
        li a0, 0x0123456789abcdef
        fmv.d.x fa0, a0
        la a1, mbuf + 3
        ARM_MISALIGNED
7:      fsd fa0, 0(a1)
        DISARM
        ld a0, 0(a3)
        CHECK a0, 0x6789abcdef000000
        ld a0, 8(a3)
        CHECK a0, 0x0000000000012345
        j 9f
8:      CHECK_MCAUSE CAUSE_MISALIGNED_STORE
        CHECK_MEPC_X
        ld a0, 0(a3)
        CHECK a0, 0
9:
TEST 34
        /* compressed load at an odd address */
        la a1, mdat + 1
        li a0, 0x5555
        ARM_MISALIGNED
7:      c.lw a0, 0(a1)
        DISARM
        CHECK a0, 0xffffffffbbccddee
        j 9f
8:      CHECK_MCAUSE CAUSE_MISALIGNED_LOAD
        CHECK_MEPC_X
        CHECK a0, 0x5555
9:

        /* atomics: must trap, never performed (a1 = mbuf + 6) */
        MAMO 35, CAUSE_MISALIGNED_LOAD, CAUSE_LOAD_ACCESS, CAUSE_LOAD_ACCESS, lr.d a0, (a1)
        MAMO 36, CAUSE_MISALIGNED_LOAD, CAUSE_LOAD_ACCESS, CAUSE_LOAD_ACCESS, lr.w a0, (a1)
TEST 37
        /* SC without a reservation: the spec requires the alignment trap;
         * QEMU 7.2 just fails the SC (rd != 0) without checking.  Accept a
         * trap (6 / 7) or a failed SC; memory must be unchanged. */
        la a3, mbuf
        li a2, 0x1111111111111111
        sd a2, 0(a3)
        sd a2, 8(a3)
        la a1, mbuf + 6
        li a2, 0x2222222222222222
        li a0, 0
        ARM_MISALIGNED
7:      sc.d a0, a2, (a1)
        DISARM
        CHECK_NE a0, 0
        j 9f
8:      LOAD_TI a4, trapinfo, TI_CAUSE
        li a5, CAUSE_MISALIGNED_STORE
        beq a4, a5, 1f
        CHECK a4, CAUSE_STORE_ACCESS
1:      CHECK_MEPC_X
9:      ld a4, 0(a3)
        CHECK a4, 0x1111111111111111
        ld a4, 8(a3)
        CHECK a4, 0x1111111111111111
        /* AMOs: the spec says store/AMO address-misaligned (6) or access
         * fault (7); QEMU 7.2 reports a load address-misaligned (4) */
        MAMO 38, CAUSE_MISALIGNED_STORE, CAUSE_STORE_ACCESS, CAUSE_MISALIGNED_LOAD, amoswap.d a0, a2, (a1)
        MAMO 39, CAUSE_MISALIGNED_STORE, CAUSE_STORE_ACCESS, CAUSE_MISALIGNED_LOAD, amoadd.w a0, a2, (a1)
        MAMO 40, CAUSE_MISALIGNED_STORE, CAUSE_STORE_ACCESS, CAUSE_MISALIGNED_LOAD, amomaxu.d a0, a2, (a1)

        /* aligned accesses next to them still work */
TEST 41
        la a1, mbuf + 8
        li a2, 5
        amoadd.d a0, a2, (a1)
        CHECK a0, 0x1111111111111111
        ld a0, 0(a1)
        CHECK a0, 0x1111111111111116
TEST_END

        .data
        .balign 16
mdat:   .dword 0x8899aabbccddeeff
        .dword 0x0011223344556677
        .balign 16
mbuf:   .zero 16
