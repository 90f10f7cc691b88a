// The first process of course-bench.elf (built with -DCOURSE_BENCH): a
// fixed workload for `make bench`, heavy in exactly what the shell's `work`
// command exercises: system calls, timer preemption (a tick every 100 us),
// and console output through the interrupt-driven UART.  It prints the
// checksum and the instructions retired, like examples/kernels/bench, and
// powers off, with a failure code if the checksum is wrong.

#ifdef COURSE_BENCH

#include "user.h"

#define NWORKERS	4
#ifdef COURSE_BENCH_LONG
// course-bench-long.elf: three times the work, for the reverse debugging
// latencies of `make bench` (tests/bench/gdb_latency.py): step 10^9 falls
// while the workers still run, before init's final checking.
#define ROUNDS		600000
#define EVERY		3000	// a console line every EVERY rounds
#define NAPS		3000	// sleep(1) calls of the napping process
#define EXPECTED	0xce30efe3ULL	// the sum of the workers' checksums and NAPS
#else
#define ROUNDS		200000
#define EVERY		1000
#define NAPS		1000
#define EXPECTED	0xe0c65a5eULL
#endif

// Sleeps one tick at a time, checking that time moves on: the timer's
// wakeups, in between the workers' preemptions.
static int napper(uint64_t n)
{
	int ok = 0;

	for (uint64_t i = 0; i < n; i++) {
		long t0 = uptime();
		sleep(1);
		if (uptime() > t0)
			ok++;
		if (i % 250 == 0)
			printf("[nap] %d\n", (int)i);
	}
	return ok;
}

int init_main(uint64_t arg)
{
	int pids[NWORKERS], nap, pid, status, wrong = 0;
	uint64_t sum = 0;
	struct kstats ks;

	(void)arg;
	printf("course-bench: %d processes x %d rounds, %d one-tick naps\n",
	       NWORKERS, ROUNDS, NAPS);
	for (int i = 0; i < NWORKERS; i++)
		pids[i] = spawn(work_proc, WORK_ARG(i, ROUNDS, EVERY));
	nap = spawn(napper, NAPS);

	while ((pid = wait(&status)) > 0) {
		sum += (uint32_t)status;
		if (pid == nap && status != NAPS)
			wrong++;
		for (int i = 0; i < NWORKERS; i++)
			if (pid == pids[i] &&
			    (uint32_t)status != work_expected(WORK_ARG(i, ROUNDS, EVERY)))
				wrong++;
	}
	stats(&ks);
	printf("ticks %lu syscalls %lu external interrupts %lu uart bytes out %lu\n",
	       ks.timer_ticks, ks.syscalls, ks.ext_intrs, ks.uart_tx);
	printf("checksum 0x%016lx", sum);
	if (wrong || sum != EXPECTED) {
		printf(" WRONG, expected 0x%016lx\n", (uint64_t)EXPECTED);
		halt(2);
	}
	printf(" ok\n");
	printf("minstret %lu\n", ks.instret);
	halt(0);
}

#endif
