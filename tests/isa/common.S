/*
 * Runtime shared by every ISA test: init, trap handlers, pass/fail through
 * HTIF, and the tohost/fromhost words.  See test.h for the conventions.
 */
#include "test.h"

        .section .text.init, "ax", @progbits
        .globl test_init
test_init:
        li gp, 0
        la t0, trap_m
        csrw mtvec, t0
        la t0, trap_s
        csrw stvec, t0
        csrw mie, zero
        csrw mip, zero
        csrw mideleg, zero
        csrw medeleg, zero
        csrw satp, zero
        /* PMP: one NAPOT region over the whole address space, RWX, so that
         * S and U may access memory (with PMP implemented and no entry
         * matching, only M-mode could). */
        li t0, -1
        csrw pmpaddr0, t0
        li t0, 0x1f
        csrw pmpcfg0, t0
        li t0, MSTATUS_MIE | MSTATUS_SIE | MSTATUS_MPRV | MSTATUS_SUM | MSTATUS_MXR | MSTATUS_TVM | MSTATUS_TW | MSTATUS_TSR | MSTATUS_FS
        csrc mstatus, t0
        li t0, MSTATUS_FS_INITIAL
        csrs mstatus, t0
        csrwi fcsr, 0
        la sp, stack_top
        ret

        .text
/* M-mode trap handler: record, then resume where the test announced, or
 * fail the current case.  Clobbers t5 and t6 only. */
        .align 6
        .globl trap_m
trap_m:
        la t6, trapinfo
        csrr t5, mcause
        sd t5, TI_CAUSE(t6)
        csrr t5, mepc
        sd t5, TI_EPC(t6)
        csrr t5, mtval
        sd t5, TI_TVAL(t6)
        csrr t5, mstatus
        sd t5, TI_STATUS(t6)
        ld t5, TI_COUNT(t6)
        addi t5, t5, 1
        sd t5, TI_COUNT(t6)
        ld t5, TI_RESUME(t6)
        beqz t5, fail
        sd zero, TI_RESUME(t6)
        csrw mepc, t5
        ld t5, TI_CLRIP(t6)
        csrc mip, t5
        ld t5, TI_MODE(t6)
        li t6, MSTATUS_MPP
        csrc mstatus, t6
        slli t5, t5, 11
        csrs mstatus, t5
        mret

/* S-mode trap handler (stvec), same protocol with strapinfo. */
        .align 6
        .globl trap_s
trap_s:
        la t6, strapinfo
        csrr t5, scause
        sd t5, TI_CAUSE(t6)
        csrr t5, sepc
        sd t5, TI_EPC(t6)
        csrr t5, stval
        sd t5, TI_TVAL(t6)
        csrr t5, sstatus
        sd t5, TI_STATUS(t6)
        ld t5, TI_COUNT(t6)
        addi t5, t5, 1
        sd t5, TI_COUNT(t6)
        ld t5, TI_RESUME(t6)
        beqz t5, fail
        sd zero, TI_RESUME(t6)
        csrw sepc, t5
        ld t5, TI_CLRIP(t6)
        csrc sip, t5
        ld t5, TI_MODE(t6)
        li t6, MSTATUS_SPP
        beqz t5, 1f
        csrs sstatus, t6
        sret
1:      csrc sstatus, t6
        sret

        .globl fail
fail:
        fence
        bnez gp, 1f
        li gp, 255
1:      slli t5, gp, 1
        ori t5, t5, 1
        la t6, tohost
        sd t5, 0(t6)
2:      j 2b

        .globl pass
pass:
        fence
        li t5, 1
        la t6, tohost
        sd t5, 0(t6)
1:      j 1b

        .section .tohost, "aw", @progbits
        .align 6
        .globl tohost
tohost: .dword 0
        .size tohost, 8
        .align 6
        .globl fromhost
fromhost: .dword 0
        .size fromhost, 8

        .data
        .align 6
        .globl trapinfo
trapinfo:  .zero TI_SIZE
        .globl strapinfo
strapinfo: .zero TI_SIZE

        .bss
        .align 12
stack:  .zero 4096
        .globl stack_top
stack_top:
