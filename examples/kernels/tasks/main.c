// tasks: a preemptive multitasking kernel, round-robin over three tasks.
//
// Each task has its own stack.  The CLINT's machine timer interrupts every
// SLICE; the trap vector (switch.S) saves the running task's registers on
// its stack, trap_handler passes the hart to the next task, and the vector
// restores that task's registers and mrets into it.  Everything runs in
// M-mode, on hart 0.  After RUN_TICKS ticks the kernel checks every task's
// data and powers off.

#include <stdint.h>
#include "poweroff.h"
#include "print.h"
#include "riscv.h"
#include "tasks.h"
#include "uart.h"

#define CLINT_MTIMECMP(hart)	(0x2004000UL + 8 * (hart))
#define CLINT_MTIME		0x200bff8UL

#define TIMEBASE_HZ	10000000		// mtime ticks per second on virt
#define SLICE		(TIMEBASE_HZ / 20000)	// 50 us per time slice
#define RUN_TICKS	300

#define STACK_SIZE	4096
#define FRAME_WORDS	32			// the register frame of switch.S
#define MSTATUS_MPIE	(1UL << 7)
#define MSTATUS_MPP_M	(3UL << 11)

void trap_vector(void);				// switch.S
void task_resume(uint64_t frame) __attribute__((noreturn));
void task_start(void);

struct task {
	const char *name;
	void (*entry)(void);
	uint64_t frame;		// its saved registers, while it is not running
};

struct task tasks[] = {
	{ "counter", counter_task, 0 },
	{ "fib", fib_task, 0 },
	{ "logger", logger_task, 0 },
};
#define NTASKS	(sizeof tasks / sizeof tasks[0])

struct task *current;
volatile uint64_t ticks;

static uint64_t stacks[NTASKS][STACK_SIZE / 8] __attribute__((aligned(16)));

uint64_t mtime(void)
{
	return *(volatile uint64_t *)CLINT_MTIME;
}

static volatile uint64_t *mtimecmp(void)
{
	return (volatile uint64_t *)CLINT_MTIMECMP(csr_read(mhartid));
}

void console_lock(void)
{
	csr_clear(mstatus, MSTATUS_MIE);
}

void console_unlock(void)
{
	csr_set(mstatus, MSTATUS_MIE);
}

void task_failed(const char *task, const char *what, const char *name,
		 uint64_t value, uint64_t expected)
{
	console_lock();
	uart_puts("task ");
	uart_puts(task);
	uart_puts(": ");
	uart_puts(what);
	uart_puts(": ");
	uart_puts(name);
	uart_puts("=");
	print_dec(value);
	uart_puts(" expected=");
	print_dec(expected);
	uart_puts("\n");
	poweroff_fail(2);
}

// Called by task_start (switch.S) if a task's function returns: tasks run
// forever, so that is a bug.
void task_returned(void)
{
	task_failed(current->name, "returned", "tick", ticks, 0);
}

// A new task is a register frame at the top of its stack, as if a trap
// had stopped it just before its first instruction: task_start, which
// calls the task's function.
static void task_create(struct task *t, uint64_t *stack)
{
	uint64_t *frame = stack + STACK_SIZE / 8 - FRAME_WORDS;

	frame[0] = (uint64_t)task_start;	// mepc
	frame[8] = (uint64_t)t->entry;		// s0
	t->frame = (uint64_t)frame;
}

// Called by trap_vector with the interrupted task's frame; returns the
// frame of the task to run next.  Interrupts are off in here.
uint64_t trap_handler(uint64_t frame)
{
	uint64_t cause = csr_read(mcause);

	if (cause != (MCAUSE_INTR | IRQ_M_TIMER))
		trap_unexpected(cause, csr_read(mepc), csr_read(mtval));

	ticks++;
	if (ticks == RUN_TICKS) {
		tasks_final_check();
		uart_puts("tasks: ");
		print_dec(ticks);
		uart_puts(" ticks, every check passed\n");
		poweroff();
	}
	// From the previous deadline, not from now, so slices do not drift;
	// but on a host too slow for the slice (QEMU's clock is the host's),
	// from now, or the deadlines would pile up and starve every task.
	uint64_t next = *mtimecmp() + SLICE;
	if (next <= mtime())
		next = mtime() + SLICE;
	*mtimecmp() = next;

	current->frame = frame;
	current = current + 1 < tasks + NTASKS ? current + 1 : tasks;
	return current->frame;
}

int main(void)
{
	uart_init();
	uart_puts("tasks: ");
	print_dec(NTASKS);
	uart_puts(" tasks, round-robin, a time slice every 50 us\n");

	for (unsigned i = 0; i < NTASKS; i++)
		task_create(&tasks[i], stacks[i]);

	csr_write(mtvec, (uint64_t)trap_vector);
	*mtimecmp() = mtime() + SLICE;
	csr_set(mie, MIE_MTIE);

	// Into the first task the way every switch goes: mret from its frame,
	// staying in M-mode (MPP) with interrupts on (MPIE).
	csr_set(mstatus, MSTATUS_MPP_M | MSTATUS_MPIE);
	current = &tasks[0];
	task_resume(current->frame);
}
