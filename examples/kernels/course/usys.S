# The user side of the system calls: number in a7, then ecall.  The
# arguments are already in a0..a2, where the C caller put them, and the
# result comes back in a0.

#include "syscall.h"

	.section .text

.macro SYSCALL name, num
	.globl	\name
\name:
	li	a7, \num
	ecall
	ret
.endm

	SYSCALL	exit, SYS_exit
	SYSCALL	getpid, SYS_getpid
	SYSCALL	write, SYS_write
	SYSCALL	read, SYS_read
	SYSCALL	yield, SYS_yield
	SYSCALL	uptime, SYS_uptime
	SYSCALL	sleep, SYS_sleep
	SYSCALL	spawn, SYS_spawn
	SYSCALL	wait, SYS_wait
	SYSCALL	stats, SYS_stats
	SYSCALL	halt, SYS_halt
