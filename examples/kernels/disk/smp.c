// Several harts at work on one counter.
//
// Hart 0 learns how many harts there are from the device tree, then
// releases the others (start.S holds them until then).  They wait in wfi
// for work.  A "round" is the shared-counter test: every hart adds 1 to
// the same counter COUNT_PER_HART times, either under a spinlock or
// (the `race` command) with a plain load, add and store, which loses
// updates when two harts interleave between the load and the store.
//
// Only hart 0 prints: the output stays the same however the harts
// interleave, apart from the totals the racy round reports.

#include <stdint.h>
#include "smp.h"
#include "spinlock.h"
#include "riscv.h"

#define CLINT_MSIP(hart)	(0x2000000UL + 4 * (hart))
#define MAX_HARTS		8	// start.S has stacks for this many

#define fence()	__asm__ volatile("fence iorw, iorw" : : : "memory")

extern volatile uint32_t harts_released;	// in start.S

static int nharts = 1;

// Set by hart 0 before it bumps `work_round`; read by everyone after.
static volatile uint32_t work_round;
static volatile int round_locked;
static volatile uint32_t arrived, finished;

static struct spinlock counter_lock;
static volatile uint64_t counter;

// ---------------------------------------------------------------- harts

// The device tree is big-endian.
static uint32_t be32(const void *p)
{
	const uint8_t *b = p;

	return (uint32_t)b[0] << 24 | b[1] << 16 | b[2] << 8 | b[3];
}

static int starts_with(const char *s, const char *prefix)
{
	while (*prefix)
		if (*s++ != *prefix++)
			return 0;
	return 1;
}

static int str_eq(const char *a, const char *b)
{
	while (*a && *a == *b)
		a++, b++;
	return *a == *b;
}

#define FDT_MAGIC	0xd00dfeed
#define FDT_BEGIN_NODE	1
#define FDT_END_NODE	2
#define FDT_PROP	3
#define FDT_NOP		4
#define FDT_END		9

// Counts the nodes /cpus/cpu@N in the flattened device tree the reset code
// passes in a1.  The structure block is a stream of 32-bit tokens: a node
// opens with BEGIN_NODE and its name, holds properties and child nodes,
// and closes with END_NODE.
int smp_count_harts(const void *dtb)
{
	const uint8_t *fdt = dtb;
	const uint8_t *p;
	int depth = 0, in_cpus = 0, n = 0;

	if (fdt == 0 || be32(fdt) != FDT_MAGIC)
		return 1;
	p = fdt + be32(fdt + 8);	// off_dt_struct
	for (;;) {
		uint32_t token = be32(p);
		const char *name;
		int len;

		p += 4;
		switch (token) {
		case FDT_BEGIN_NODE:
			name = (const char *)p;
			for (len = 0; name[len]; len++)
				;
			p += (len + 1 + 3) & ~3;	// name, NUL, padding
			depth++;
			if (depth == 2 && str_eq(name, "cpus"))
				in_cpus = 1;
			if (depth == 3 && in_cpus && starts_with(name, "cpu@"))
				n++;
			break;
		case FDT_END_NODE:
			if (depth == 2)
				in_cpus = 0;
			depth--;
			break;
		case FDT_PROP:
			len = be32(p);		// value length, then name offset
			p += 8 + ((len + 3) & ~3);
			break;
		case FDT_NOP:
			break;
		default:			// FDT_END, or garbage
			goto out;
		}
	}
out:
	if (n < 1)
		n = 1;
	if (n > MAX_HARTS)
		n = MAX_HARTS;
	return n;
}

static void send_ipi(int hart)
{
	*(volatile uint32_t *)CLINT_MSIP(hart) = 1;
}

void smp_release(int n)
{
	nharts = n;
	// Release: all of hart 0's initialisation is visible before the flag.
	fence();
	harts_released = 1;
	fence();
	for (int h = 1; h < nharts; h++)
		send_ipi(h);
}

// ---------------------------------------------------------------- rounds

static void take_part(int locked)
{
	// Start together, so that the harts really overlap.
	__atomic_fetch_add(&arrived, 1, __ATOMIC_SEQ_CST);
	while (arrived < (uint32_t)nharts)
		;

	if (locked) {
		for (int i = 0; i < COUNT_PER_HART; i++) {
			spin_lock(&counter_lock);
			counter = counter + 1;
			spin_unlock(&counter_lock);
		}
	} else {
		// Load, add, store: another hart's stores between our load
		// and our store are overwritten, and their updates lost.
		for (int i = 0; i < COUNT_PER_HART; i++)
			counter = counter + 1;
	}

	__atomic_fetch_add(&finished, 1, __ATOMIC_SEQ_CST);
}

// Secondary harts, from start.S: wait for a round, take part, repeat.
void hart_main(uint64_t hartid)
{
	uint32_t seen = 0;

	for (;;) {
		// Clear our IPI, then look for work: an IPI sent after the
		// clear stays pending and makes the next wfi return at once,
		// so a new round cannot slip by.
		*(volatile uint32_t *)CLINT_MSIP(hartid) = 0;
		fence();
		if (work_round != seen) {
			seen = work_round;
			fence();
			take_part(round_locked);
			continue;
		}
		wfi();
	}
}

// Runs one round on all harts (hart 0 included) and returns the total.
uint64_t smp_count(int locked)
{
	counter = 0;
	arrived = 0;
	finished = 0;
	round_locked = locked;
	fence();
	work_round = work_round + 1;
	fence();
	for (int h = 1; h < nharts; h++)
		send_ipi(h);

	take_part(locked);
	while (finished < (uint32_t)nharts)
		;
	fence();
	return counter;
}
