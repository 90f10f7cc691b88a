// System call numbers, shared by the kernel (syscall.c) and the user
// library (usys.S).  A user program puts the number in a7 and the
// arguments in a0..a2, executes ecall, and finds the result in a0.
#ifndef COURSE_SYSCALL_H
#define COURSE_SYSCALL_H

#define SYS_exit	1	// exit(status): never returns
#define SYS_getpid	2	// getpid()
#define SYS_write	3	// write(fd, buf, n): bytes written, or -1
#define SYS_read	4	// read(fd, buf, n): one line at most; 0 at end
#define SYS_yield	5	// yield(): give up the rest of this tick
#define SYS_uptime	6	// uptime(): timer ticks since boot
#define SYS_sleep	7	// sleep(n): wait n ticks
#define SYS_spawn	8	// spawn(fn, arg): pid of a new process running fn(arg)
#define SYS_wait	9	// wait(&status): pid of an exited child, or -1
#define SYS_stats	10	// stats(&kstats): the kernel's counters
#define SYS_halt	11	// halt(code): power off; 0 = pass

#ifndef __ASSEMBLER__
#include <stdint.h>

// What the kernel counts, for the `stats` command and the tests.
struct kstats {
	uint64_t syscalls;
	uint64_t timer_ticks;	// timer interrupts
	uint64_t ext_intrs;	// supervisor external interrupts taken
	uint64_t uart_intrs;	// of those, claims of the UART's irq
	uint64_t spurious;	// of those, claims that returned 0
	uint64_t uart_tx;	// bytes written to THR
	uint64_t uart_rx;	// bytes read from RBR
	uint64_t switches;	// context switches into processes
	uint64_t instret;	// instructions retired (filled in by stats())
	uint64_t uptime;	// ticks since boot
};
#endif

#endif
