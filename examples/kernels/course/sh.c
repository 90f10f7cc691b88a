// The shell: the first process of the interactive kernel.  It reads a
// line, runs the command, and prints the next prompt.

#ifndef COURSE_BENCH

#include "user.h"

static void cmd_work(const char *args)
{
	int n = *args ? atoi(args) : 3;
	int rounds = 20000, every = 2500, failed;

	if (n < 1 || n > WORK_MAX) {
		printf("work: 1 to %d processes\n", WORK_MAX);
		return;
	}
	long t0 = uptime();
	uint32_t sum = work_run(n, rounds, every, &failed);
	printf("work: %d processes x %d rounds, %ld ticks, checksum 0x%08x %s\n",
	       n, rounds, uptime() - t0, sum, failed ? "WRONG" : "ok");
}

static void cmd_stats(void)
{
	struct kstats ks;

	if (stats(&ks) < 0) {
		printf("stats: failed\n");
		return;
	}
	printf("ticks %lu\n", ks.timer_ticks);
	printf("syscalls %lu\n", ks.syscalls);
	printf("external interrupts %lu\n", ks.ext_intrs);
	printf("uart interrupts %lu\n", ks.uart_intrs);
	printf("spurious claims %lu\n", ks.spurious);
	printf("uart bytes out %lu\n", ks.uart_tx);
	printf("uart bytes in %lu\n", ks.uart_rx);
	printf("context switches %lu\n", ks.switches);
	printf("instret %lu\n", ks.instret);
}

static void help(void)
{
	printf("commands:\n"
	       "  work [N]    N processes (default 3) making system calls; checks their sums\n"
	       "  stats       the kernel's counters\n"
	       "  uptime      timer ticks since boot\n"
	       "  sleep T     sleep T ticks\n"
	       "  pid         the shell's pid\n"
	       "  halt        power off\n");
}

int init_main(uint64_t arg)
{
	char line[100];

	(void)arg;
	printf("pid %d: shell; type help\n", getpid());
	for (;;) {
		printf("$ ");
		if (gets(line, sizeof line) < 0)
			break;
		if (strcmp(line, "") == 0)
			continue;
		else if (strncmp(line, "work", 4) == 0 && (line[4] == ' ' || line[4] == '\0'))
			cmd_work(line[4] ? line + 5 : "");
		else if (strcmp(line, "stats") == 0)
			cmd_stats();
		else if (strcmp(line, "uptime") == 0)
			printf("%ld ticks\n", uptime());
		else if (strncmp(line, "sleep ", 6) == 0)
			sleep(atoi(line + 6));
		else if (strcmp(line, "pid") == 0)
			printf("%d\n", getpid());
		else if (strcmp(line, "halt") == 0)
			break;
		else if (strcmp(line, "help") == 0)
			help();
		else
			printf("%s: unknown command (try help)\n", line);
	}
	printf("bye\n");
	halt(0);
}

#endif
