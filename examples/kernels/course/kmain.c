// The S-mode kernel's entry: start.c's mret lands here, on hart 0's boot
// stack, which from now on is the scheduler's.

#include "defs.h"

void kmain(void)
{
	consoleinit();
	trapinit();
	plicinit();
	timerinit();

#ifdef COURSE_BENCH
	kprintf("\ncourse-bench: S-mode kernel, U-mode processes, interrupt-driven UART\n");
#else
	kprintf("\ncourse: S-mode kernel, U-mode processes, interrupt-driven UART\n");
#endif
	// The first process: the shell (sh.c), or the benchmark (bench.c).
	if (proc_spawn((uint64_t)ustart, (uint64_t)init_main, 0, "init") < 0)
		panic("no first process");
	scheduler();
}
