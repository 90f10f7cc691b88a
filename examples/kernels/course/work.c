// The `work` command's processes: rounds of small system calls with a bit
// of computing in between, and a console line now and then.
//
// Each worker folds what it computes and what its system calls return into
// a checksum, and exits with it.  The checksum depends only on the
// worker's index and its rounds, not on its pid or on how the scheduler
// interleaved it with the others, so the expected value can be computed
// without any system call (work_expected).  A kernel that loses a register
// across a trap, a context switch, or a system call gets a different sum.

#include "user.h"

#define LINE_LEN	30	// "[w01] round 000042 h=0123abcd\n", fixed widths
#define YIELD_EVERY	8

static uint32_t mix(uint32_t h, uint32_t v)
{
	h ^= v;
	h *= 16777619u;		// FNV prime
	return h ^ (h >> 15);
}

// The computing part of a round: in registers, between system calls.
static uint32_t compute(uint32_t h, int r)
{
	for (int k = 0; k < 16; k++)
		h = mix(h, (uint32_t)r * 31 + k);
	return h;
}

static int arg_index(uint64_t arg) { return (int)(arg >> 48); }
static int arg_every(uint64_t arg) { return (int)(arg >> 32 & 0xffff); }
static int arg_rounds(uint64_t arg) { return (int)(uint32_t)arg; }

int work_proc(uint64_t arg)
{
	int index = arg_index(arg), every = arg_every(arg), rounds = arg_rounds(arg);
	int pid = getpid();
	long last = uptime();
	uint32_t h = 2166136261u ^ (uint32_t)index;

	for (int r = 0; r < rounds; r++) {
		h = compute(h, r);
		if (getpid() != pid)
			h = mix(h, 0xbad1);
		long now = uptime();
		if (now < last)
			h = mix(h, 0xbad2);	// time went backwards
		last = now;
		if (r % YIELD_EVERY == 0)
			h = mix(h, (uint32_t)yield());
		if (every && r % every == 0) {
			char line[LINE_LEN + 1];
			int n = 0;
			// Formatted by hand, to write exactly LINE_LEN bytes.
			const char *hex = "0123456789abcdef";
			line[n++] = '[';
			line[n++] = 'w';
			line[n++] = '0' + index / 10 % 10;
			line[n++] = '0' + index % 10;
			for (const char *s = "] round "; *s; s++)
				line[n++] = *s;
			for (int d = 100000; d; d /= 10)
				line[n++] = '0' + r / d % 10;
			line[n++] = ' ';
			line[n++] = 'h';
			line[n++] = '=';
			for (int sh = 28; sh >= 0; sh -= 4)
				line[n++] = hex[h >> sh & 0xf];
			line[n++] = '\n';
			h = mix(h, (uint32_t)write(1, line, n));
		}
	}
	return h & 0x7fffffff;	// an exit status is an int
}

// What work_proc(arg) must return: the same rounds, with every system call
// replaced by the result it must give.
uint32_t work_expected(uint64_t arg)
{
	int index = arg_index(arg), every = arg_every(arg), rounds = arg_rounds(arg);
	uint32_t h = 2166136261u ^ (uint32_t)index;

	for (int r = 0; r < rounds; r++) {
		h = compute(h, r);
		if (r % YIELD_EVERY == 0)
			h = mix(h, 0);
		if (every && r % every == 0)
			h = mix(h, LINE_LEN);
	}
	return h & 0x7fffffff;
}

// Runs nproc workers at once (at most WORK_MAX) and waits for them.
// Returns the sum of their checksums; *failed counts the workers that
// could not start or returned a wrong checksum.
uint32_t work_run(int nproc, int rounds, int every, int *failed)
{
	int pids[WORK_MAX];
	uint32_t sum = 0;
	int status, pid;

	*failed = 0;
	for (int i = 0; i < nproc; i++) {
		pids[i] = spawn(work_proc, WORK_ARG(i, rounds, every));
		if (pids[i] < 0)
			(*failed)++;
	}
	while ((pid = wait(&status)) > 0) {
		for (int i = 0; i < nproc; i++)
			if (pids[i] == pid) {
				sum += (uint32_t)status;
				if ((uint32_t)status != work_expected(WORK_ARG(i, rounds, every)))
					(*failed)++;
			}
	}
	return sum;
}
