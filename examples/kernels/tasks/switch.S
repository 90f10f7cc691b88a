# The trap vector of the tasks kernel, and the way into the first task.
#
# A timer interrupt can stop a task between any two instructions, and the
# hart may then go to another task, so the vector saves every register of
# the interrupted task, not only the caller-saved ones: a register frame
# of FRAME_SIZE bytes on the task's own stack.  trap_handler gets the
# frame's address and returns the frame of the task to run next; the
# vector restores that one and mrets into it.  A task that is not running
# is just its frame on its stack.
#
# Frame layout (8 bytes a slot): slot 0 is mepc, slot i is register xi.
# Slot 2 (sp) stays unused: a task's sp is the frame's address plus
# FRAME_SIZE.  The tasks do no floating point, so FP registers are not saved.

#define FRAME_SIZE	256	/* 32 slots; task_create in main.c builds the same */

	.section .text
	.globl	trap_vector
	.align	2		# mtvec ignores the low two bits (they are the mode)
trap_vector:
	addi	sp, sp, -FRAME_SIZE
	sd	x1, 1*8(sp)
	sd	x3, 3*8(sp)
	sd	x4, 4*8(sp)
	sd	x5, 5*8(sp)
	sd	x6, 6*8(sp)
	sd	x7, 7*8(sp)
	sd	x8, 8*8(sp)
	sd	x9, 9*8(sp)
	sd	x10, 10*8(sp)
	sd	x11, 11*8(sp)
	sd	x12, 12*8(sp)
	sd	x13, 13*8(sp)
	sd	x14, 14*8(sp)
	sd	x15, 15*8(sp)
	sd	x16, 16*8(sp)
	sd	x17, 17*8(sp)
	sd	x18, 18*8(sp)
	sd	x19, 19*8(sp)
	sd	x20, 20*8(sp)
	sd	x21, 21*8(sp)
	sd	x22, 22*8(sp)
	sd	x23, 23*8(sp)
	sd	x24, 24*8(sp)
	sd	x25, 25*8(sp)
	sd	x26, 26*8(sp)
	sd	x27, 27*8(sp)
	sd	x28, 28*8(sp)
	sd	x29, 29*8(sp)
	sd	x30, 30*8(sp)
	sd	x31, 31*8(sp)
	csrr	t0, mepc
	sd	t0, 0(sp)

	mv	a0, sp
	call	trap_handler	# returns the frame to resume in a0

	.globl	task_resume
task_resume:			# void task_resume(uint64_t frame): never returns
	mv	sp, a0
	ld	t0, 0(sp)
	csrw	mepc, t0
	ld	x1, 1*8(sp)
	ld	x3, 3*8(sp)
	ld	x4, 4*8(sp)
	ld	x5, 5*8(sp)
	ld	x6, 6*8(sp)
	ld	x7, 7*8(sp)
	ld	x8, 8*8(sp)
	ld	x9, 9*8(sp)
	ld	x10, 10*8(sp)
	ld	x11, 11*8(sp)
	ld	x12, 12*8(sp)
	ld	x13, 13*8(sp)
	ld	x14, 14*8(sp)
	ld	x15, 15*8(sp)
	ld	x16, 16*8(sp)
	ld	x17, 17*8(sp)
	ld	x18, 18*8(sp)
	ld	x19, 19*8(sp)
	ld	x20, 20*8(sp)
	ld	x21, 21*8(sp)
	ld	x22, 22*8(sp)
	ld	x23, 23*8(sp)
	ld	x24, 24*8(sp)
	ld	x25, 25*8(sp)
	ld	x26, 26*8(sp)
	ld	x27, 27*8(sp)
	ld	x28, 28*8(sp)
	ld	x29, 29*8(sp)
	ld	x30, 30*8(sp)
	ld	x31, 31*8(sp)
	addi	sp, sp, FRAME_SIZE
	mret			# to mepc, with mstatus.MIE = MPIE (on)

# Every task starts here, with its entry point in s0 (task_create puts it
# in the first frame).  The CFI makes this the outermost frame, so that a
# debugger's backtrace of a task ends here.  Tasks run forever: returning
# is a bug, which task_returned reports.
	.cfi_sections .debug_frame
	.globl	task_start
task_start:
	.cfi_startproc
	.cfi_undefined ra
	jalr	s0
	call	task_returned
	.cfi_endproc
