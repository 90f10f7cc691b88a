// The three tasks.  Each works on its own data, which no other task
// should touch, and checks it:
//
//   counter  adds `step` to one of eight counters and to their total, every
//            round; every AUDIT_ROUNDS rounds it audits the sums.
//   fib      fills a table with Fibonacci numbers, again and again, and
//            checks the last one.
//   logger   stamps the time once per time slice into a ring buffer of the
//            last LOG_SLOTS stamps, then sleeps until the slice ends.
//
// The data is volatile: a task can be stopped between any two
// instructions, and the last check runs in the timer interrupt, so every
// update must be a store to memory, in program order.

#include <stdint.h>
#include "print.h"
#include "riscv.h"
#include "tasks.h"
#include "uart.h"

#define NCOUNT		8
#define COUNTER_STEP	3
#define AUDIT_ROUNDS	(1UL << 16)

#define FIB_N		90			// fib(93) is the last that fits in 64 bits
#define FIB_LAST	1779979416004714189UL	// fib(89)

#define LOG_SLOTS	32

struct counter_state {
	uint64_t step;		// what each round adds; set when the task starts
	uint64_t rounds;
	uint64_t total;
	uint64_t audits;
	uint64_t count[NCOUNT];
};

volatile uint64_t fib_table[FIB_N];
volatile uint64_t fib_passes;

volatile uint64_t log_ring[LOG_SLOTS];
volatile uint32_t log_head;		// the slot the next stamp goes to
volatile uint64_t log_stamps;

volatile struct counter_state counter;

static void __attribute__((noinline)) counter_audit(void)
{
	uint64_t sum = 0;

	for (int i = 0; i < NCOUNT; i++)
		sum += counter.count[i];
	if (sum != counter.total)
		task_failed("counter", "counters disagree", "sum", sum, counter.total);
	if (counter.total != counter.rounds * COUNTER_STEP)
		task_failed("counter", "checksum mismatch", "total", counter.total,
			    counter.rounds * COUNTER_STEP);
	counter.audits++;
}

void counter_task(void)
{
	counter.step = COUNTER_STEP;
	for (;;) {
		uint64_t step = counter.step;

		counter.count[counter.rounds % NCOUNT] += step;
		counter.total += step;
		counter.rounds++;
		if (counter.rounds % AUDIT_ROUNDS == 0) {
			counter_audit();
			console_lock();
			uart_puts("counter: audit ");
			print_dec(counter.audits);
			uart_puts(" ok, total=");
			print_dec(counter.total);
			uart_puts("\n");
			console_unlock();
		}
	}
}

static void fib_check(void)
{
	if (fib_table[FIB_N - 1] != FIB_LAST)
		task_failed("fib", "wrong table", "fib[89]", fib_table[FIB_N - 1], FIB_LAST);
}

void fib_task(void)
{
	for (;;) {
		fib_table[0] = 0;
		fib_table[1] = 1;
		for (int i = 2; i < FIB_N; i++)
			fib_table[i] = fib_table[i - 1] + fib_table[i - 2];
		fib_check();
		fib_passes++;
	}
}

static void __attribute__((noinline)) log_append(uint64_t stamp)
{
	log_ring[log_head] = stamp;
	log_head++;
	if (log_head > LOG_SLOTS)
		log_head = 0;
	log_stamps++;
}

void logger_task(void)
{
	for (;;) {
		log_append(mtime());
		// Nothing more to do in this slice: sleep until the timer
		// interrupt passes the hart to the next task.
		wfi();
	}
}

void tasks_final_check(void)
{
	counter_audit();
	fib_check();
	uart_puts("counter: ");
	print_dec(counter.rounds);
	uart_puts(" rounds; fib: ");
	print_dec(fib_passes);
	uart_puts(" passes; logger: ");
	print_dec(log_stamps);
	uart_puts(" stamps\n");
}
