/*
 * RVC: every RV64 compressed instruction (written with explicit c.*
 * mnemonics so the encoding is guaranteed), with immediate extremes; 32-bit
 * instructions at 2-byte-aligned addresses and across a page boundary;
 * c.jalr link = pc + 2; c.ebreak; the all-zero illegal instruction.
 */
#include "test.h"

TEST_BEGIN
        /* c.li / c.lui: 6-bit signed immediates */
TEST 1
        c.li a0, 31
        CHECK a0, 31
TEST 2
        c.li a0, -32
        CHECK a0, -32
TEST 3
        c.lui a0, 1
        CHECK a0, 0x1000
TEST 4
        c.lui a0, 31
        CHECK a0, 0x1f000
TEST 5
        c.lui a0, 0xfffe0
        CHECK a0, 0xfffffffffffe0000
TEST 6
        c.lui s1, 0xfffff
        CHECK s1, 0xfffffffffffff000

        /* c.addi / c.addiw / c.addi16sp / c.addi4spn */
TEST 7
        li a0, 100
        c.addi a0, 31
        CHECK a0, 131
        c.addi a0, -32
        CHECK a0, 99
TEST 8
        li a0, 0x7fffffff
        c.addiw a0, 1
        CHECK a0, 0xffffffff80000000
TEST 9
        li a0, 0x1ffffffff
        c.addiw a0, 0
        CHECK a0, -1
TEST 10
        li a0, 0xffffffff00000005
        c.addiw a0, -6
        CHECK a0, -1
TEST 11
        mv s11, sp
        li sp, 0x80001000
        c.addi16sp sp, -64
        li t0, 0x80000fc0
        CHECKR sp, t0
        c.addi16sp sp, 496
        li t0, 0x800011b0
        CHECKR sp, t0
        c.addi16sp sp, -512
        li t0, 0x80000fb0
        CHECKR sp, t0
        mv sp, s11
TEST 12
        mv s11, sp
        li sp, 0x80002000
        c.addi4spn a0, sp, 4
        CHECK a0, 0x80002004
        c.addi4spn s0, sp, 1020
        CHECK s0, 0x800023fc
        mv sp, s11

        /* shifts and logic on x8..x15 */
TEST 13
        li a0, 3
        c.slli a0, 1
        CHECK a0, 6
        c.slli a0, 62
        CHECK a0, 0x8000000000000000
TEST 14
        li a0, 0x80000001
        c.slli a0, 32
        CHECK a0, 0x8000000100000000
TEST 15
        li s0, 0x8000000000000000
        c.srli s0, 63
        CHECK s0, 1
TEST 16
        li s0, 0xf000000100000000
        c.srli s0, 32
        CHECK s0, 0xf0000001
TEST 17
        li s0, 0x8000000000000010
        c.srai s0, 1
        CHECK s0, 0xc000000000000008
        c.srai s0, 63
        CHECK s0, -1
TEST 18
        li a0, 0x123456789abcdef0
        c.andi a0, -1
        CHECK a0, 0x123456789abcdef0
        c.andi a0, -32
        CHECK a0, 0x123456789abcdee0
        c.andi a0, 31
        CHECK a0, 0
TEST 19
        li a1, 0x5555
        li a2, 0x0ff0
        c.mv a0, a1
        CHECK a0, 0x5555
        c.add a0, a2
        CHECK a0, 0x6545
        c.mv a3, a0
        c.add a3, a3
        CHECK a3, 0xca8a
TEST 20
        li s0, 0x00ff00ff
        li s1, 0x0f0f0f0f
        c.and s0, s1
        CHECK s0, 0x000f000f
        li s0, 0x00ff00ff
        c.or s0, s1
        CHECK s0, 0x0fff0fff
        li s0, 0x00ff00ff
        c.xor s0, s1
        CHECK s0, 0x0ff00ff0
        li s0, 5
        c.sub s0, s1
        CHECK s0, 0xfffffffff0f0f0f6
TEST 21
        li a4, 0x7fffffff
        li a5, 1
        c.addw a4, a5
        CHECK a4, 0xffffffff80000000
        li a4, 0x100000000
        c.subw a4, a5
        CHECK a4, -1
        li a4, 0xffffffff80000000
        c.subw a4, a5
        CHECK a4, 0x7fffffff

        /* loads and stores, register based */
TEST 22
        la a1, cdat
        c.lw a0, 0(a1)
        CHECK a0, 0xffffffff89abcdef
        c.lw a0, 4(a1)
        CHECK a0, 0x01234567
        c.ld a0, 0(a1)
        CHECK a0, 0x0123456789abcdef
TEST 23
        la a1, cbuf
        li a2, 0x1122334455667788
        c.sd a2, 248(a1)
        c.sw a2, 124(a1)
        ld a0, 248(a1)
        CHECK a0, 0x1122334455667788
        lwu a0, 124(a1)
        CHECK a0, 0x55667788
        c.ld a3, 248(a1)
        CHECK a3, 0x1122334455667788
        c.lw a3, 124(a1)
        CHECK a3, 0x55667788

        /* loads and stores, sp based */
TEST 24
        mv s11, sp
        la sp, cbuf
        li a2, 0xfedcba9876543210
        c.sdsp a2, 504(sp)
        c.swsp a2, 252(sp)
        c.sdsp a2, 0(sp)
        ld a0, 504(sp)
        CHECK a0, 0xfedcba9876543210
        lwu a0, 252(sp)
        CHECK a0, 0x76543210
        c.ldsp a3, 504(sp)
        CHECK a3, 0xfedcba9876543210
        c.lwsp a3, 252(sp)
        CHECK a3, 0x76543210
        c.lwsp a3, 4(sp)
        CHECK a3, 0xfffffffffedcba98
        mv sp, s11

        /* floating-point loads and stores */
TEST 25
        la a1, cdat
        c.fld fa0, 8(a1)
        fmv.x.d a0, fa0
        CHECK a0, 0x400921fb54442d18
        la a2, cbuf
        c.fsd fa0, 16(a2)
        ld a0, 16(a2)
        CHECK a0, 0x400921fb54442d18
TEST 26
        mv s11, sp
        la sp, cbuf
        li a0, 0x3ff0000000000000
        fmv.d.x fa1, a0
        c.fsdsp fa1, 504(sp)
        ld a3, 504(sp)
        CHECK a3, 0x3ff0000000000000
        c.fldsp fa2, 504(sp)
        mv sp, s11
        fmv.x.d a0, fa2
        CHECK a0, 0x3ff0000000000000

        /* jumps and branches */
TEST 27
        c.j 1f
        j fail
1:      c.j 3f
2:      c.j 4f
3:      c.j 2b
        j fail
4:
TEST 28
        la a1, 1f
        c.jr a1
        j fail
1:
TEST 29
        la a1, 1f
2:      c.jalr a1
        j fail
1:      la a2, 2b + 2
        CHECKR ra, a2
TEST 30
        li a0, 0
        c.beqz a0, 1f
        j fail
1:      c.bnez a0, 2f
        j 3f
2:      j fail
3:      li a0, -1
        c.bnez a0, 4f
        j fail
4:      c.beqz a0, 2b
TEST 31
        /* backward c.bnez loop */
        li a0, 10
        li a1, 0
1:      c.addi a1, 3
        c.addi a0, -1
        c.bnez a0, 1b
        CHECK a1, 30
TEST 32
        /* c.nop and a c.addi HINT (rd = x0) change nothing */
        li a0, 9
        c.nop
        .half 0x0005            /* c.addi x0, 1: HINT */
        CHECK a0, 9

        /* 32-bit instructions at addresses that are 2 mod 4 */
TEST 33
        .balign 4
        c.nop
        li a0, 0x12345000       /* starts at 2 mod 4 */
        .option push
        .option norvc
        addi a0, a0, 0x678
        jal a1, 1f
        .option pop
1:      CHECK a0, 0x12345678
TEST 34
        /* a jump to a 2-mod-4 target */
        la a1, 2f
        jalr a1
        j fail
        .balign 4
        c.nop
2:      .option push
        .option norvc
        addi a0, zero, 44
        .option pop
        CHECK a0, 44
TEST 35
        /* a 32-bit instruction straddling a page boundary */
        la a1, straddle
        jalr a1
        CHECK a0, 0x7ff

        /* traps */
TEST 36
        TRAP_M c.ebreak
        CHECK_MCAUSE CAUSE_BREAKPOINT
        CHECK_MEPC_X
TEST 37
        TRAP_M .half 0x0000
        CHECK_MTRAP CAUSE_ILLEGAL, 0
TEST_END

        /* straddle: 32-bit `addi a0, zero, 0x7ff` whose second half is on
         * the next page, then ret */
        .text
        .balign 4096
        .fill 2047, 2, 0x0001   /* c.nop */
straddle:
        .word 0x7ff00513
        ret

        .data
        .balign 16
cdat:   .dword 0x0123456789abcdef
        .dword 0x400921fb54442d18
        .bss
        .balign 16
cbuf:   .zero 512
