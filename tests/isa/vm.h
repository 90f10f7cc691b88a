/*
 * Page tables shared by the virtual-memory tests (vm_sv39.S, vm_access.S).
 *
 * Sv39, built at run time by VM_SETUP:
 *   VA 0x80000000..0xbfffffff  identity gigapage, RWX A D, not U: the test
 *                              code, data, tohost, page tables, stack
 *   VA 0x40000000 + i*4KiB     4 KiB test pages, see VA_* below
 *   VA 0x40200000              2 MiB megapage -> PA 0x80200000, RW A D
 *   VA 0x40400000              misaligned megapage (PPN[0] != 0): faults
 * xpage is one page of code (section .xpage) mapped at several VAs, with
 * small routines that run in S or U at those addresses.
 */
#ifndef REWIND_ISA_VM_H
#define REWIND_ISA_VM_H

#define VA_BASE    0x40000000
#define VA(i)      (VA_BASE + (i) * 4096)
#define VA_RW      VA(0)    /* page_a  R W     A D       */
#define VA_RO      VA(1)    /* page_a  R       A         */
#define VA_XO      VA(2)    /* page_a      X   A         */
#define VA_INV     VA(3)    /* invalid (V = 0)           */
#define VA_WO      VA(4)    /* page_a    W     reserved  */
#define VA_URW     VA(5)    /* page_a  R W   U A D       */
#define VA_URO     VA(6)    /* page_a  R     U A         */
#define VA_AD      VA(7)    /* page_c  R W     A=0 D=0   */
#define VA_ARO     VA(8)    /* page_c  R       A=0       */
#define VA_XP      VA(9)    /* xpage   R   X   A         */
#define VA_XPU     VA(10)   /* xpage   R   X U A         */
#define VA_NX      VA(11)   /* xpage   R       A         */
#define VA_SPAN    VA(12)   /* xpage       X   A; VA(13) invalid */
#define VA_B       VA(14)   /* page_b  R W     A D (remapped by tests) */
#define VA_XA      VA(15)   /* xpage   R   X   A=0       */
#define VA_NONLEAF VA(16)   /* non-leaf PTE at level 0: faults */
#define VA_UXO     VA(17)   /* page_a      X U A         */
#define VA_MEGA    0x40200000
#define PA_MEGA    0x80200000
#define VA_BADMEGA 0x40400000

#define PTE_IDX(va) (((va) >> 12) & 511)

/* offsets of the routines in xpage */
#define XO_RET42  0x00   /* S: a0 = 42; ret */
#define XO_ULOAD  0x10   /* U: a1 = *(u64 *)a0; ecall */
#define XO_USTORE 0x20   /* U: *(u64 *)a0 = a1; ecall */
#define XO_UJUMP  0x30   /* U: jalr a0; ecall */
#define XO_URET7  0x40   /* U: a0 = 7; ecall */
#define XO_UCSR   0x50   /* U: csrr a0, sstatus; ecall */
#define XO_SPAN   4094   /* first half of a 4-byte instruction */

#ifdef __ASSEMBLER__

/* Build the tables and write satp (does not change privilege). */
.macro VM_SETUP
        /* clear the three tables */
        la a0, pt_root
        li a1, 3 * 4096 / 8
9901:   sd zero, 0(a0)
        addi a0, a0, 8
        addi a1, a1, -1
        bnez a1, 9901b
        SET_PTE_PA pt_root, 2, 0x80000000, PTE_V | PTE_R | PTE_W | PTE_X | PTE_A | PTE_D
        SET_PTE pt_root, 1, pt_l1, PTE_V
        SET_PTE pt_l1, 0, pt_l0, PTE_V
        SET_PTE_PA pt_l1, 1, PA_MEGA, PTE_V | PTE_R | PTE_W | PTE_A | PTE_D
        SET_PTE_PA pt_l1, 2, PA_MEGA + 0x1000, PTE_V | PTE_R | PTE_W | PTE_A | PTE_D
        SET_PTE pt_l0, PTE_IDX(VA_RW),  page_a, PTE_V | PTE_R | PTE_W | PTE_A | PTE_D
        SET_PTE pt_l0, PTE_IDX(VA_RO),  page_a, PTE_V | PTE_R | PTE_A
        SET_PTE pt_l0, PTE_IDX(VA_XO),  page_a, PTE_V | PTE_X | PTE_A
        SET_PTE pt_l0, PTE_IDX(VA_WO),  page_a, PTE_V | PTE_W | PTE_A | PTE_D
        SET_PTE pt_l0, PTE_IDX(VA_URW), page_a, PTE_V | PTE_R | PTE_W | PTE_U | PTE_A | PTE_D
        SET_PTE pt_l0, PTE_IDX(VA_URO), page_a, PTE_V | PTE_R | PTE_U | PTE_A
        SET_PTE pt_l0, PTE_IDX(VA_AD),  page_c, PTE_V | PTE_R | PTE_W
        SET_PTE pt_l0, PTE_IDX(VA_ARO), page_c, PTE_V | PTE_R
        SET_PTE pt_l0, PTE_IDX(VA_XP),  xpage, PTE_V | PTE_R | PTE_X | PTE_A
        SET_PTE pt_l0, PTE_IDX(VA_XPU), xpage, PTE_V | PTE_R | PTE_X | PTE_U | PTE_A
        SET_PTE pt_l0, PTE_IDX(VA_NX),  xpage, PTE_V | PTE_R | PTE_A
        SET_PTE pt_l0, PTE_IDX(VA_SPAN), xpage, PTE_V | PTE_X | PTE_A
        SET_PTE pt_l0, PTE_IDX(VA_B),   page_b, PTE_V | PTE_R | PTE_W | PTE_A | PTE_D
        SET_PTE pt_l0, PTE_IDX(VA_XA),  xpage, PTE_V | PTE_R | PTE_X
        SET_PTE pt_l0, PTE_IDX(VA_NONLEAF), page_b, PTE_V
        SET_PTE pt_l0, PTE_IDX(VA_UXO), page_a, PTE_V | PTE_X | PTE_U | PTE_A
        la a0, pt_root
        srli a0, a0, 12
        li a1, SATP_SV39
        or a0, a0, a1
        csrw satp, a0
        sfence.vma
.endm

/* From S: run the xpage routine at offset \off in U-mode at its VA_XPU
 * alias; it ends with ecall (delegated to S) or faults; resume in S after
 * the macro.  The routines take their argument in a0 / a1. */
.macro RUN_U off
        EXPECT_S 9995f
        li t6, VA_XPU + (\off)
        csrw sepc, t6
        li t6, MSTATUS_SPP
        csrc sstatus, t6
        sret
9995:
.endm

/* The tables, the data pages, and xpage. */
.macro VM_DATA
        .bss
        .balign 4096
pt_root: .zero 4096
pt_l1:   .zero 4096
pt_l0:   .zero 4096
page_a:  .zero 4096
page_b:  .zero 4096
page_c:  .zero 4096

        .section .xpage, "ax", @progbits
        .balign 4096
xpage:
        .option push
        .option norvc                   /* fixed sizes: 4-byte instructions */
        .org xpage + XO_RET42
        li a0, 42
        ret
        .org xpage + XO_ULOAD
        ld a1, 0(a0)
        ecall
        .org xpage + XO_USTORE
        sd a1, 0(a0)
        ecall
        .org xpage + XO_UJUMP
        jalr a0
        ecall
        .org xpage + XO_URET7
        li a0, 7
        ecall
        .org xpage + XO_UCSR
        csrr a0, sstatus
        ecall
        .org xpage + XO_SPAN
        .half 0x0513
        .option pop
.endm

#endif /* __ASSEMBLER__ */
#endif
