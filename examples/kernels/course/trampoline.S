# The assembly the kernel cannot do without: entering and leaving the
# kernel from user mode, taking a trap while already in the kernel, and
# switching between kernel threads.
#
# There is no paging, so unlike xv6 nothing here needs to be mapped in two
# address spaces: stvec simply points at uservec while a process runs in
# U-mode and at kernelvec while the hart is in S-mode (usertrap() and
# usertrapret() switch it).

# struct trapframe in defs.h.
#define TF_KSP		0
#define TF_KTRAP	8
#define TF_EPC		16
#define TF_X(n)		(24 + 8 * (n))

	.section .text
	.align	2

# A trap from U-mode.  sscratch holds this process's trapframe (set by
# usertrapret); every user register is still live and must be saved before
# anything else is touched.
	.globl	uservec
uservec:
	csrrw	a0, sscratch, a0	# a0 = trapframe, sscratch = user a0
	.irp	n, 1,2,3,4,5,6,7,8,9,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	sd	x\n, TF_X(\n)(a0)
	.endr
	csrr	t0, sscratch
	sd	t0, TF_X(10)(a0)

	ld	sp, TF_KSP(a0)		# this process's kernel stack, empty
	ld	t0, TF_KTRAP(a0)
	jr	t0			# usertrap(): it never returns here

# userret(trapframe): back to U-mode with the registers in the trapframe.
# usertrapret() has set sepc, sstatus.SPP = U, sscratch and stvec.
	.globl	userret
userret:
	.irp	n, 1,2,3,4,5,6,7,8,9,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	ld	x\n, TF_X(\n)(a0)
	.endr
	ld	a0, TF_X(10)(a0)
	sret

# A trap while in S-mode: an interrupt (the kernel runs with interrupts on
# in system calls and in the scheduler), or a kernel bug.  Saves what the C
# handler may clobber on the current kernel stack, as a call would.
# kerneltrap() may yield to another process and come back much later; it
# keeps sepc and sstatus itself.
	.align	2
	.globl	kernelvec
kernelvec:
	addi	sp, sp, -256
	.irp	n, 1,3,4,5,6,7,10,11,12,13,14,15,16,17,28,29,30,31
	sd	x\n, 8*\n(sp)
	.endr
	call	kerneltrap
	.irp	n, 1,3,4,5,6,7,10,11,12,13,14,15,16,17,28,29,30,31
	ld	x\n, 8*\n(sp)
	.endr
	addi	sp, sp, 256
	sret

# swtch(old, new): save the callee-saved registers in *old, load them from
# *new, and return on new's stack, to wherever new last called swtch (or to
# the ra that proc_spawn() put there).  struct context in defs.h.
	.globl	swtch
swtch:
	sd	ra, 0(a0)
	sd	sp, 8(a0)
	sd	s0, 16(a0)
	sd	s1, 24(a0)
	sd	s2, 32(a0)
	sd	s3, 40(a0)
	sd	s4, 48(a0)
	sd	s5, 56(a0)
	sd	s6, 64(a0)
	sd	s7, 72(a0)
	sd	s8, 80(a0)
	sd	s9, 88(a0)
	sd	s10, 96(a0)
	sd	s11, 104(a0)

	ld	ra, 0(a1)
	ld	sp, 8(a1)
	ld	s0, 16(a1)
	ld	s1, 24(a1)
	ld	s2, 32(a1)
	ld	s3, 40(a1)
	ld	s4, 48(a1)
	ld	s5, 56(a1)
	ld	s6, 64(a1)
	ld	s7, 72(a1)
	ld	s8, 80(a1)
	ld	s9, 88(a1)
	ld	s10, 96(a1)
	ld	s11, 104(a1)
	ret
