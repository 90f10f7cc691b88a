# M-mode entry point of the disk kernel.
#
# Unlike common/start.S, every hart takes part here.  The reset code jumps
# to _start on all harts at once with a0 = hartid and a1 = device tree.
# Hart 0 clears .bss and runs main(hartid, dtb); the others wait in wfi
# until main sets harts_released (and wakes them with a software
# interrupt), then run hart_main(hartid).  They must not run C code before
# that: hart 0 is still clearing the .bss their C code would use.

#define STACK_SIZE	16384	/* must match the .stack section in link.ld */
#define MAX_HARTS	8
#define MSTATUS_FS	(1 << 13)	/* FS = Initial */
#define MIE_MSIE	(1 << 3)	/* machine software interrupt (IPI) */

	.section .text.init
	.globl _start
_start:
	csrr	t0, mhartid

	# A hart beyond the stack area has no stack; it can only park.
	li	t1, MAX_HARTS
	bgeu	t0, t1, park

	# sp = __stack_top - hartid * STACK_SIZE, so stacks never overlap.
	la	sp, __stack_top
	li	t1, STACK_SIZE
	mul	t1, t1, t0
	sub	sp, sp, t1

	# The compiler may use FP registers even in integer code (-march=rv64gc),
	# and with FS = Off any FP instruction would trap.
	li	t1, MSTATUS_FS
	csrs	mstatus, t1

	# Every hart gets the kernel's trap vector; with mstatus.MIE clear only
	# exceptions (bugs) reach it until a hart enables interrupts itself.
	la	t1, trap_vector
	csrw	mtvec, t1

	bnez	t0, secondary

	# C expects zeroed .bss; RAM is not guaranteed to be zero.
	la	t1, __bss_start
	la	t2, __bss_end
1:	bgeu	t1, t2, 2f
	sd	zero, 0(t1)
	addi	t1, t1, 8
	j	1b
2:
	# a0 (hartid) and a1 (device tree) are still the reset code's values.
	call	main
	# main's return value becomes the exit status (0 = pass).
	call	kernel_exit

secondary:
	# wfi wakes on a pending interrupt that mie enables, even while
	# mstatus.MIE keeps it from trapping: hart 0's IPI is a doorbell.
	# The flag is tested before each wfi, so an IPI sent before we got
	# here is not needed to see it (and a spurious wake-up is harmless).
	li	t1, MIE_MSIE
	csrs	mie, t1
	la	t2, harts_released
3:	lw	t1, 0(t2)
	bnez	t1, 4f
	wfi
	j	3b
4:
	# Acquire: everything hart 0 wrote before setting the flag is visible.
	fence	r, rw
	mv	a0, t0
	call	hart_main	# never returns

park:
	wfi
	j	park

# In .data, not .bss: secondary harts read it while hart 0 clears .bss.
	.section .data
	.globl	harts_released
	.align	2
harts_released:
	.word	0
