// The course kernel's shared declarations, in one header as xv6 keeps them.
//
// Kernel and user programs are linked into one image (there is no loader
// and no paging): user code runs in U-mode from the same addresses it was
// linked at, with its own stack.  Both share one symbol table, so the user
// keep the plain names user programs expect (printf, exit, sleep, wait),
// and the kernel's own functions of the same job carry a prefix (kprintf,
// proc_exit, sleep_on, proc_wait).
#ifndef COURSE_DEFS_H
#define COURSE_DEFS_H

#include <stddef.h>
#include <stdint.h>
#include "poweroff.h"	// common/: poweroff, poweroff_fail
#include "riscv.h"	// common/: csr_read, csr_write, csr_set, csr_clear
#include "syscall.h"	// struct kstats

// ---------------------------------------------------------------- machine

// Supervisor CSRs and bits this kernel uses (privileged spec, chapter 10).
#define SSTATUS_SIE	(1UL << 1)	// S-mode interrupts enabled
#define SSTATUS_SPIE	(1UL << 5)	// SIE before the trap
#define SSTATUS_SPP	(1UL << 8)	// privilege before the trap: 1 = S
#define SIE_SSIE	(1UL << 1)
#define SIE_STIE	(1UL << 5)
#define SIE_SEIE	(1UL << 9)
#define SCAUSE_INTR	(1UL << 63)
#define IRQ_S_TIMER	5
#define IRQ_S_EXT	9
#define EXC_ECALL_U	8

// Sstc's stimecmp, by number: older assemblers do not know its name.
#define CSR_STIMECMP	0x14d

// mtime counts at 10 MHz on virt, and rewind makes one step one nanosecond.
#define TIMEBASE_HZ	10000000UL
#ifdef COURSE_BENCH
#define TICK_INTERVAL	(TIMEBASE_HZ / 10000)	// 100 us: many ticks, for the benchmark
#else
#define TICK_INTERVAL	(TIMEBASE_HZ / 1000)	// 1 ms
#endif

static inline void intr_on(void) { csr_set(sstatus, SSTATUS_SIE); }
static inline void intr_off(void) { csr_clear(sstatus, SSTATUS_SIE); }
static inline int intr_get(void) { return (csr_read(sstatus) & SSTATUS_SIE) != 0; }

// ---------------------------------------------------------------- kernel

// common/string.c
void *memset(void *dst, int c, size_t n);
void *memcpy(void *dst, const void *src, size_t n);

#define NPROC		16
#define KSTACK_SIZE	4096
#define USTACK_SIZE	4096

struct spinlock {
	uint32_t locked;
	const char *name;
};

// Registers swtch() saves: the callee-saved ones, as a C call would keep.
struct context {
	uint64_t ra, sp;
	uint64_t s[12];
};

// A process's user registers while it is in the kernel.  The layout is
// shared with trampoline.S (TF_* there): keep them in step.
struct trapframe {
	uint64_t kernel_sp;	// 0: top of this process's kernel stack
	uint64_t kernel_trap;	// 8: usertrap()
	uint64_t epc;		// 16: user pc
	uint64_t x[32];		// 24: x0..x31 by number (x[0] unused)
};

// User registers by ABI name, as indices into trapframe.x.
enum { REG_RA = 1, REG_SP = 2, REG_A0 = 10, REG_A1 = 11, REG_A2 = 12, REG_A7 = 17 };

enum procstate { UNUSED, RUNNABLE, RUNNING, SLEEPING, ZOMBIE };

struct proc {
	enum procstate state;
	int pid;
	void *chan;		// what it sleeps on, when SLEEPING
	int xstate;		// exit status, for the parent's wait()
	struct proc *parent;
	char name[16];
	struct context context;	// where swtch() resumes its kernel thread
	struct trapframe tf;
	uint8_t kstack[KSTACK_SIZE] __attribute__((aligned(16)));
	uint8_t ustack[USTACK_SIZE] __attribute__((aligned(16)));
};

// The one hart that runs the kernel.
struct cpu {
	struct proc *proc;	// running now, or 0 in the scheduler
	struct context context;	// swtch() here to enter the scheduler
	int noff;		// depth of push_off() nesting
	int intena;		// were interrupts on before the first push_off()?
};


extern struct cpu cpu;
extern struct kstats kstats;
extern volatile uint64_t ticks;
extern struct spinlock tickslock;

// console.c
void consoleinit(void);
void consoleintr(int c);
int consoleread(char *dst, int n);
int consolewrite(const char *src, int n);
void consputc(int c);
void kprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void panic(const char *why) __attribute__((noreturn));

// uart.c
void uartinit(void);
void uartputc(int c);
void uartputc_sync(int c);
int uartgetc(void);
void uartintr(void);
void uartflush(void);

// plic.c
#define UART0_IRQ	10
void plicinit(void);
int plic_claim(void);
void plic_complete(int irq);

// spinlock.c
void initlock(struct spinlock *lk, const char *name);
void acquire(struct spinlock *lk);
void release(struct spinlock *lk);
int holding(struct spinlock *lk);
void push_off(void);
void pop_off(void);

// proc.c
struct proc *myproc(void);
int proc_spawn(uint64_t pc, uint64_t a0, uint64_t a1, const char *name);
void proc_exit(int status) __attribute__((noreturn));
int proc_wait(uint64_t status_addr);
void proc_yield(void);
void sleep_on(void *chan, struct spinlock *lk);
void wakeup(void *chan);
void scheduler(void) __attribute__((noreturn));
void sched(void);
void swtch(struct context *old, struct context *new);	// trampoline.S

// trap.c
void trapinit(void);
void timerinit(void);
void timer_stop(void);
void timer_start(void);
int timer_stopped(void);
void usertrapret(void) __attribute__((noreturn));

// syscall.c
void syscall(void);
int uaddr_ok(uint64_t addr, uint64_t len);

// kmain.c
void kmain(void) __attribute__((noreturn));

// The user side, as far as the kernel needs to know it: where a new
// process starts (ulib.c), and the first process (sh.c, or bench.c).
void ustart(int (*fn)(uint64_t), uint64_t arg);
int init_main(uint64_t arg);


#endif
