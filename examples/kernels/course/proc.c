// Processes: a fixed table, a round-robin scheduler, and sleep/wakeup.
//
// Each process has a kernel stack and a kernel thread of its own; the
// scheduler runs on the boot stack and switches to a process's thread with
// swtch(), which switches back to the scheduler when the process gives up
// the hart (yield on a timer tick, sleep, exit).  As in xv6, a process
// leaves the kernel for U-mode only through usertrapret().
//
// Locking, one hart: ptable_lock is held across every swtch(), so the
// scheduler and a process's sched() hand it to each other, and an
// interrupt can never find the table half-changed.

#include "defs.h"

static struct proc proc[NPROC];
static struct spinlock ptable_lock;
static int nextpid = 1;

struct proc *myproc(void)
{
	return cpu.proc;
}

static void copyname(char *dst, const char *src)
{
	int i;

	for (i = 0; i < 15 && src[i]; i++)
		dst[i] = src[i];
	dst[i] = '\0';
}

// A new process's kernel thread starts here (swtch() "returns" to it),
// holding ptable_lock from the scheduler.
static void forkret(void)
{
	release(&ptable_lock);
	usertrapret();
}

// A new process that will start in U-mode at pc with a0 and a1 set, on a
// stack of its own.  Returns its pid, or -1 if the table is full.
int proc_spawn(uint64_t pc, uint64_t a0, uint64_t a1, const char *name)
{
	struct proc *p;

	acquire(&ptable_lock);
	for (p = proc; p < &proc[NPROC]; p++)
		if (p->state == UNUSED)
			break;
	if (p == &proc[NPROC]) {
		release(&ptable_lock);
		return -1;
	}
	p->pid = nextpid++;
	p->parent = myproc();
	p->chan = 0;
	p->xstate = 0;
	copyname(p->name, name);

	memset(&p->tf, 0, sizeof p->tf);
	p->tf.epc = pc;
	p->tf.x[REG_A0] = a0;
	p->tf.x[REG_A1] = a1;
	p->tf.x[REG_SP] = (uint64_t)(p->ustack + USTACK_SIZE);

	memset(&p->context, 0, sizeof p->context);
	p->context.ra = (uint64_t)forkret;
	p->context.sp = (uint64_t)(p->kstack + KSTACK_SIZE);

	p->state = RUNNABLE;
	release(&ptable_lock);
	return p->pid;
}

// Gives the hart to the scheduler.  The caller holds ptable_lock and
// nothing else, and has already changed p->state.
void sched(void)
{
	struct proc *p = myproc();
	int intena;

	if (!holding(&ptable_lock))
		panic("sched: ptable_lock");
	if (cpu.noff != 1)
		panic("sched: locks held");
	if (p->state == RUNNING)
		panic("sched: running");
	if (intr_get())
		panic("sched: interruptible");

	intena = cpu.intena;	// belongs to this thread, not to the hart
	swtch(&p->context, &cpu.context);
	cpu.intena = intena;
}

void proc_yield(void)
{
	acquire(&ptable_lock);
	myproc()->state = RUNNABLE;
	sched();
	release(&ptable_lock);
}

// Sleeps on chan, giving up lk meanwhile.  Holding ptable_lock from before
// lk is released until the process is asleep means no wakeup(chan) can
// slip in between and be lost.
void sleep_on(void *chan, struct spinlock *lk)
{
	struct proc *p = myproc();

	if (lk != &ptable_lock) {
		acquire(&ptable_lock);
		release(lk);
	}
	p->chan = chan;
	p->state = SLEEPING;
	sched();
	p->chan = 0;
	if (lk != &ptable_lock) {
		release(&ptable_lock);
		acquire(lk);
	}
}

static void wakeup_locked(void *chan)
{
	for (struct proc *p = proc; p < &proc[NPROC]; p++)
		if (p->state == SLEEPING && p->chan == chan)
			p->state = RUNNABLE;
}

void wakeup(void *chan)
{
	acquire(&ptable_lock);
	wakeup_locked(chan);
	release(&ptable_lock);
}

void proc_exit(int status)
{
	struct proc *p = myproc();

	acquire(&ptable_lock);
	// Orphans have no one to wait for them: they are freed when they exit.
	for (struct proc *c = proc; c < &proc[NPROC]; c++)
		if (c->parent == p) {
			c->parent = 0;
			if (c->state == ZOMBIE)
				c->state = UNUSED;
		}
	p->xstate = status;
	if (p->parent) {
		p->state = ZOMBIE;
		wakeup_locked(p->parent);
	} else {
		p->state = UNUSED;	// the stack we are on stays untouched until reuse
	}
	sched();
	panic("zombie exit");
}

// Waits for a child to exit; stores its status at status_addr (a user
// address, if not 0) and returns its pid.  -1 if there are no children.
int proc_wait(uint64_t status_addr)
{
	struct proc *p = myproc();

	acquire(&ptable_lock);
	for (;;) {
		int kids = 0;

		for (struct proc *c = proc; c < &proc[NPROC]; c++) {
			if (c->parent != p)
				continue;
			kids = 1;
			if (c->state == ZOMBIE) {
				int pid = c->pid;
				if (status_addr)
					*(int *)status_addr = c->xstate;
				c->state = UNUSED;
				c->parent = 0;
				release(&ptable_lock);
				return pid;
			}
		}
		if (!kids) {
			release(&ptable_lock);
			return -1;
		}
		sleep_on(p, &ptable_lock);	// proc_exit() wakes the parent
	}
}

static int timer_needed(void)
{
	for (struct proc *p = proc; p < &proc[NPROC]; p++)
		if (p->state == RUNNABLE || (p->state == SLEEPING && p->chan == (void *)&ticks))
			return 1;
	return 0;
}

// The hart's own loop, forever: run each RUNNABLE process in turn until it
// gives the hart back.
//
// One thing xv6 does not do: when no process can run and none sleeps on
// the clock, the timer is switched off before waiting, and back on when
// there is work again.  An idle shell then takes no interrupts at all, so
// rewind's clock jumps ahead to the next typed byte instead of executing a
// tick handler every millisecond of idle time (which a recording would
// also have to replay).
void scheduler(void)
{
	cpu.proc = 0;
	for (;;) {
		// Let devices interrupt between turns: the last process may be
		// waiting for one.
		intr_on();

		int ran = 0;
		acquire(&ptable_lock);
		for (struct proc *p = proc; p < &proc[NPROC]; p++) {
			if (p->state != RUNNABLE)
				continue;
			if (timer_stopped())
				timer_start();
			p->state = RUNNING;
			cpu.proc = p;
			kstats.switches++;
			swtch(&cpu.context, &p->context);
			cpu.proc = 0;	// it gave the hart back
			ran = 1;
		}
		if (!ran) {
			if (!timer_needed())
				timer_stop();
			// Interrupts are off here (we hold the lock): wfi still
			// wakes on a pending one, which is taken at intr_on().
			__asm__ volatile("wfi" : : : "memory");
		}
		release(&ptable_lock);
	}
}
