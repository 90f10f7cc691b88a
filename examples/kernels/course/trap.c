// Traps in S-mode: system calls and faults from U-mode, the timer, and the
// UART's interrupt through the PLIC.

#include "defs.h"

void uservec(void);		// trampoline.S
void kernelvec(void);
void userret(struct trapframe *tf) __attribute__((noreturn));

struct kstats kstats;
volatile uint64_t ticks;
struct spinlock tickslock;
static int timer_off;

void trapinit(void)
{
	initlock(&tickslock, "time");
	csr_write(stvec, (uint64_t)kernelvec);
}

// ---------------------------------------------------------------- timer

static void timer_set(uint64_t when)
{
	csr_write(0x14d, when);		// stimecmp (CSR_STIMECMP)
}

void timerinit(void)
{
	timer_set(csr_read(time) + TICK_INTERVAL);
}

// See scheduler() for why the clock stops when nothing needs it.
void timer_stop(void)
{
	timer_set(~0UL);
	timer_off = 1;
}

void timer_start(void)
{
	timer_off = 0;
	timer_set(csr_read(time) + TICK_INTERVAL);
}

int timer_stopped(void)
{
	return timer_off;
}

static void clockintr(void)
{
	acquire(&tickslock);
	ticks++;
	kstats.timer_ticks++;
	wakeup((void *)&ticks);
	release(&tickslock);
	// Writing stimecmp is also what clears the pending timer interrupt.
	timer_set(csr_read(time) + TICK_INTERVAL);
}

// ---------------------------------------------------------------- devices

// Handles an interrupt.  Returns 2 for the timer, 1 for another device
// interrupt, 0 if scause is not an interrupt this kernel knows.
static int devintr(uint64_t scause)
{
	if (scause == (SCAUSE_INTR | IRQ_S_EXT)) {
		int irq = plic_claim();

		kstats.ext_intrs++;
		if (irq == UART0_IRQ) {
			kstats.uart_intrs++;
			uartintr();
		} else if (irq == 0) {
			kstats.spurious++;	// nothing pending after all
		} else {
			kprintf("unexpected irq %d\n", irq);
		}
		if (irq)
			plic_complete(irq);
		return 1;
	}
	if (scause == (SCAUSE_INTR | IRQ_S_TIMER)) {
		clockintr();
		return 2;
	}
	return 0;
}

// ---------------------------------------------------------------- from U-mode

// uservec jumps here, on the process's kernel stack, with its registers
// saved in its trapframe.
void usertrap(void)
{
	struct proc *p = myproc();
	uint64_t scause = csr_read(scause);
	int which = 0;

	if (csr_read(sstatus) & SSTATUS_SPP)
		panic("usertrap: not from user mode");
	csr_write(stvec, (uint64_t)kernelvec);	// we are in the kernel now
	p->tf.epc = csr_read(sepc);

	if (scause == EXC_ECALL_U) {
		p->tf.epc += 4;		// return past the ecall
		intr_on();		// a system call may take a while
		syscall();
	} else if ((which = devintr(scause)) == 0) {
		kprintf("pid %d (%s): trap scause %p sepc %p stval %p: killed\n",
			p->pid, p->name, (void *)scause, (void *)csr_read(sepc),
			(void *)csr_read(stval));
		proc_exit(-1);
	}

	if (which == 2)
		proc_yield();	// the tick: time for the next process
	usertrapret();
}

// Back to U-mode, to where the trapframe says.
void usertrapret(void)
{
	struct proc *p = myproc();

	// From here until sret, a trap would go to uservec with S-mode state:
	// no interrupts.
	intr_off();
	csr_write(stvec, (uint64_t)uservec);
	p->tf.kernel_sp = (uint64_t)(p->kstack + KSTACK_SIZE);
	p->tf.kernel_trap = (uint64_t)usertrap;
	csr_write(sscratch, (uint64_t)&p->tf);

	uint64_t x = csr_read(sstatus);
	x &= ~SSTATUS_SPP;	// to U-mode
	x |= SSTATUS_SPIE;	// with interrupts on
	csr_write(sstatus, x);
	csr_write(sepc, p->tf.epc);
	userret(&p->tf);
}

// ---------------------------------------------------------------- in S-mode

// kernelvec calls this for a trap taken in S-mode.  Only interrupts are
// expected; anything else is a kernel bug.
void kerneltrap(void)
{
	// A yield below runs other processes, whose traps overwrite these.
	uint64_t sepc = csr_read(sepc);
	uint64_t sstatus = csr_read(sstatus);
	uint64_t scause = csr_read(scause);
	int which;

	if (!(sstatus & SSTATUS_SPP))
		panic("kerneltrap: not from supervisor mode");
	if (intr_get())
		panic("kerneltrap: interrupts enabled");
	if ((which = devintr(scause)) == 0) {
		kprintf("scause %p sepc %p stval %p\n", (void *)scause, (void *)sepc,
			(void *)csr_read(stval));
		panic("kerneltrap");
	}
	// A tick in a system call preempts it too (not in the scheduler,
	// which has no process to yield).
	if (which == 2 && myproc() && myproc()->state == RUNNING)
		proc_yield();

	csr_write(sepc, sepc);
	csr_write(sstatus, sstatus);
}
