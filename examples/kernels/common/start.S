# M-mode entry point of the example kernels.
#
# The reset code (QEMU's or rewind's boot ROM) jumps here on every hart with
# a0 = hartid and a1 = device tree address.  Only hart 0 runs main(); the
# examples are single-threaded, so other harts park for good.

#define STACK_SIZE	16384	/* must match the .stack section in link.ld */
#define MAX_HARTS	8
#define MSTATUS_FS	(1 << 13)	/* FS = Initial */

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

	bnez	t0, park

	# The compiler may use FP registers even in integer code (-march=rv64gc),
	# and with FS = Off any FP instruction would trap.
	li	t1, MSTATUS_FS
	csrs	mstatus, t1

	# Until a kernel installs its own handler, any trap is a bug: report it
	# instead of jumping to address 0.
	la	t1, default_trap
	csrw	mtvec, t1

	# C expects zeroed .bss; RAM is not guaranteed to be zero.
	la	t1, __bss_start
	la	t2, __bss_end
1:	bgeu	t1, t2, 2f
	sd	zero, 0(t1)
	addi	t1, t1, 8
	j	1b
2:
	call	main
	# main's return value becomes the exit status (0 = pass).
	call	kernel_exit

park:
	wfi
	j	park

# mtvec needs a 4-byte aligned address (its low two bits select the mode).
	.align	2
default_trap:
	csrr	a0, mcause
	csrr	a1, mepc
	csrr	a2, mtval
	call	trap_unexpected
	j	park
