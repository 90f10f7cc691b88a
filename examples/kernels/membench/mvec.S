# Machine-mode trap vector of membench.  The S-mode part ends with an ecall
# carrying the checksum in a0; M-mode then reports it and powers off, so it
# never returns and needs to save nothing.  Any other trap (a page fault,
# say: nothing is delegated) is a bug, reported like start.S's default.

	.section .text
	.globl	membench_mvec
	.align	2		# mtvec ignores the low two bits (they are the mode)
membench_mvec:
	csrr	t0, mcause
	li	t1, 9		# environment call from S-mode
	bne	t0, t1, 1f
	la	sp, __stack_top	# hart 0's M-mode stack, as start.S set it
	call	membench_done	# a0: the checksum
1:
	csrr	a0, mcause
	csrr	a1, mepc
	csrr	a2, mtval
	call	trap_unexpected
