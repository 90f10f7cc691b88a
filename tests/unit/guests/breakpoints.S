/*
 * The guest of tests/unit/test_breakpoints.c: code that reaches its
 * instructions in every way the interpreter has, forever, on any number of
 * harts (each with its own counters, page tables and timer).
 *
 *   - phase 1, M-mode, bare: calls in the same page and into the next one,
 *     a loop (a taken branch back), compressed code (retire 2 bytes on),
 *     an instruction the loop rewrites on every pass, and a 4-byte
 *     instruction across a page boundary (decoded outside the cache);
 *   - phase 2, S-mode, Sv39: one loop page mapped at VA 0x10000 and again at
 *     VA 0x20000; each ecall makes the M-mode handler map VA 0x10000 to the
 *     other of two pages (same layout, different code), and the loop runs
 *     through the second mapping too;
 *   - timer interrupts every few hundred steps, in both phases.
 *
 * Registers t5, t6, s10, s11 belong to the trap handler; s0 is the hartid,
 * s1 this hart's page tables.  The test sets breakpoints at the labels
 * named bp_* (and at VA 0x10000 + offsets of S_LOOP etc.).
 */
#define MTIMECMP	0x2004000
#define MTIME		0x200bff8
#define MSTATUS_MPP	0x1800
#define MSTATUS_MPP_S	0x0800
#define PTE_V		0x01
#define PTE_R		0x02
#define PTE_X		0x08
#define PTE_A		0x40
#define SATP_SV39	(8 << 60)
#define S_VA		0x10000		/* remapped between the two pages */
#define S_ALIAS		0x20000		/* always the first page */
#define ECALLS		6		/* per S-mode phase */

	.option norelax			/* .org below places code on page boundaries */
	.text
	.globl _start
_start:					/* 0x80000000: page 0 */
	csrr	s0, mhartid
	la	t0, bp_mtrap
	csrw	mtvec, t0
	la	s1, pt_area		/* s1 = pt_area + hartid * 3 pages */
	li	t0, 0x3000
	mul	t0, t0, s0
	add	s1, s1, t0
	li	t0, -1			/* PMP: all memory to S */
	csrw	pmpaddr0, t0
	li	t0, 0x1f		/* NAPOT, RWX */
	csrw	pmpcfg0, t0
	li	t0, MTIME
	ld	t1, 0(t0)
	addi	t1, t1, 3
	li	t0, MTIMECMP
	slli	t2, s0, 3
	add	t0, t0, t2
	sd	t1, 0(t0)
	li	t0, 0x80		/* MTIE */
	csrs	mie, t0
	csrsi	mstatus, 8		/* MIE */

phase1:
	li	a0, 20
outer:
	jal	ra, bp_near		/* same page: straight to the slot */
	jal	ra, bp_far		/* next page */
	la	t0, bp_smc		/* rewrite bp_smc: addi s2, s2, 1 or 3 */
	li	t2, 0x00190913
	andi	t1, a0, 1
	beqz	t1, 1f
	li	t2, 0x00390913
1:	sw	t2, 0(t0)
	fence.i
	li	a1, 5
bp_inner:
	addi	s3, s3, 1
	c.addi	s4, 1
bp_c:
	c.addi	s5, 2
	.balign	4
	.option	push
	.option	norvc
bp_smc:
	addi	s2, s2, 1
	.option	pop
	addi	a1, a1, -1
	bnez	a1, bp_inner
	addi	a0, a0, -1
	bnez	a0, outer
	j	cross

bp_near:
	addi	s6, s6, 5
	ret

	.org	0xff0
cross:
	.option	push
	.option	norvc
	addi	s7, s7, 1		/* 0xff0 */
	addi	s7, s7, 1
	addi	s7, s7, 1
	.option	pop
	c.addi	s7, 1			/* 0xffc */
	.option	push
	.option	norvc
bp_cross:
	addi	s7, s7, 3		/* 0xffe: across the page boundary */
	.option	pop
bp_after_cross:
	addi	s7, s7, 2		/* 0x1002: page 1 */

phase2:
	li	t0, 0x1000		/* root[0] -> L1 */
	add	t0, s1, t0
	srli	t1, t0, 12
	slli	t1, t1, 10
	ori	t1, t1, PTE_V
	sd	t1, 0(s1)
	li	t1, 0x1000		/* L1[0] -> L0 */
	add	t1, s1, t1
	li	t2, 0x2000
	add	t2, s1, t2
	srli	t3, t2, 12
	slli	t3, t3, 10
	ori	t3, t3, PTE_V
	sd	t3, 0(t1)
	la	t3, spage_x		/* L0[0x10] and L0[0x20] -> spage_x */
	srli	t3, t3, 12
	slli	t3, t3, 10
	ori	t3, t3, PTE_V | PTE_R | PTE_X | PTE_A
	sd	t3, (S_VA >> 12) * 8(t2)
	sd	t3, (S_ALIAS >> 12) * 8(t2)
	srli	t0, s1, 12
	li	t1, SATP_SV39
	or	t0, t0, t1
	csrw	satp, t0
	sfence.vma
	li	t0, MSTATUS_MPP
	csrc	mstatus, t0
	li	t0, MSTATUS_MPP_S
	csrs	mstatus, t0
	li	t0, S_VA
	csrw	mepc, t0
	li	s11, 0
	li	s9, 0
	mret
bp_s_done:
	j	phase1

bp_far:
	addi	s8, s8, 7
	ret

/* The trap handler: timer interrupts and the S phase's ecalls. */
	.balign	4			/* mtvec */
bp_mtrap:
	csrr	t6, mcause
	bltz	t6, bp_irq
	addi	s11, s11, 1		/* an ecall: remap S_VA to the other page */
	li	t5, 0x2000 + (S_VA >> 12) * 8
	add	t5, s1, t5
	ld	s10, 0(t5)
	xori	s10, s10, 0x400		/* ppn of spage_x <-> spage_y */
	sd	s10, 0(t5)
	sfence.vma
	csrr	t5, mepc
	addi	t5, t5, 4
	csrw	mepc, t5
	li	t5, ECALLS
	blt	s11, t5, 1f
	la	t5, bp_s_done		/* enough: back to phase 1, in M-mode */
	csrw	mepc, t5
	li	t5, MSTATUS_MPP
	csrs	mstatus, t5
1:	mret
bp_irq:
	li	t5, MTIMECMP		/* the next tick in 3 + 2 * hartid ticks */
	slli	t6, s0, 3
	add	t5, t5, t6
	ld	t6, 0(t5)
	addi	t6, t6, 3
	add	t6, t6, s0
	add	t6, t6, s0
	sd	t6, 0(t5)
	mret

/* The S-mode page, twice (spage_y must follow spage_x: their ppns differ
 * in bit 0, which the handler flips).  Offsets matter to the test:
 * S_LOOP = 0x008, S_AFTER_ECALL = 0x01c, S_BACK = 0x100. */
.macro SPAGE name, k
	.balign	4096
	.option	push
	.option	norvc
	.globl	spage_\name
spage_\name:
	addi	s3, s3, \k		/* 0x000 */
	li	a1, 3			/* 0x004 */
1:	addi	s4, s4, \k		/* 0x008: S_LOOP */
	addi	a1, a1, -1		/* 0x00c */
	bnez	a1, 1b			/* 0x010 */
	bnez	s9, 2f			/* 0x014: at the alias: back */
	ecall				/* 0x018 */
	li	s9, 1			/* 0x01c: S_AFTER_ECALL, maybe in the other page */
	li	t0, S_ALIAS		/* 0x020 */
	jr	t0			/* 0x024: the same page through the alias */
	.balign	0x100
2:	li	s9, 0			/* 0x100: S_BACK */
	li	t0, S_VA
	jr	t0
	.option	pop
.endm
	SPAGE	x, 1
	SPAGE	y, 2

	.balign	4096
pt_area:				/* 3 pages of page tables per hart */
	.space	4 * 0x3000
