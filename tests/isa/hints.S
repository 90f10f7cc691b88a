/*
 * HINTs of the standard extensions: Zihintpause `pause` (fence w, 0) and
 * Zicbop `prefetch.i/r/w` (ori with rd = x0).  They change no register or
 * memory and never trap, whatever address a prefetch names (unmapped,
 * misaligned, in a page that faults, from any mode).  Runs on QEMU 7.2 too.
 */
#include "test.h"

TEST_BEGIN
TEST 1
        li a0, 5
        li a1, 6
        pause
        CHECK a0, 5
        CHECK a1, 6
TEST 2
        /* a spin-wait loop with pause */
        li a0, 0
        li a1, 100
1:      pause
        addi a0, a0, 1
        blt a0, a1, 1b
        CHECK a0, 100
TEST 3
        la a1, data
        prefetch.i 0(a1)
        prefetch.r 32(a1)
        prefetch.w -64(a1)
        ld a0, 0(a1)
        CHECK a0, 0x1234
TEST 4
        /* addresses that would fault as loads or stores */
        li a1, 0x1000000000             /* nothing there */
        prefetch.r 0(a1)
        prefetch.w 2016(a1)
        prefetch.i -2048(a1)
        li a2, 0x1000000003             /* misaligned too */
        prefetch.w 0(a2)
        prefetch.r 0(zero)
        CHECK a1, 0x1000000000
        CHECK a2, 0x1000000003
TEST 5
        /* from U-mode */
        MRET_TO PRV_U, 1f
1:      li a1, 0x1000000000
        prefetch.r 64(a1)
        prefetch.w 0(a1)
        prefetch.i 0(a1)
        pause
        BACK_TO_M
        CHECK a1, 0x1000000000
TEST 6
        /* the words around the HINTs are still ori / fence */
        li a1, 0x10
        .word 0x0025e513                /* ori a0, a1, 2 (rd != 0) */
        CHECK a0, 0x12
        .word 0x0100000f | (10 << 7)    /* fence w, 0 with rd = a0: a fence */
        CHECK a0, 0x12
TEST_END

        .data
        .balign 64
data:   .dword 0x1234
