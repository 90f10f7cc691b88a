// System calls: the number in a7, arguments in a0..a2, the result in a0.

#include "defs.h"
#include "syscall.h"

extern char _end[];		// link.ld: end of the image (and of user memory)
#define USER_BASE	0x80000000UL

// There is no paging, so a user pointer is a physical address.  It must
// still lie inside the image: kernel and user data both live there, and
// anything else (a device, unmapped space) would fault in the kernel.
int uaddr_ok(uint64_t addr, uint64_t len)
{
	return addr >= USER_BASE && len <= (uint64_t)_end - USER_BASE &&
	       addr <= (uint64_t)_end - len;
}

static uint64_t arg(int n)
{
	return myproc()->tf.x[REG_A0 + n];
}

static int64_t sys_exit(void)
{
	proc_exit((int)arg(0));
}

static int64_t sys_getpid(void)
{
	return myproc()->pid;
}

static int64_t sys_write(void)
{
	int n = (int)arg(2);

	if (arg(0) != 1 && arg(0) != 2)
		return -1;
	if (n < 0 || !uaddr_ok(arg(1), n))
		return -1;
	return consolewrite((const char *)arg(1), n);
}

static int64_t sys_read(void)
{
	int n = (int)arg(2);

	if (arg(0) != 0 || n < 0 || !uaddr_ok(arg(1), n))
		return -1;
	return consoleread((char *)arg(1), n);
}

static int64_t sys_yield(void)
{
	proc_yield();
	return 0;
}

static int64_t sys_uptime(void)
{
	return ticks;
}

static int64_t sys_sleep(void)
{
	int64_t n = (int64_t)arg(0);
	uint64_t t0;

	acquire(&tickslock);
	t0 = ticks;
	while (n > 0 && ticks - t0 < (uint64_t)n)
		sleep_on((void *)&ticks, &tickslock);
	release(&tickslock);
	return 0;
}

// spawn(fn, arg): the child starts in ustart(fn, arg) (ulib.c), which
// calls exit(fn(arg)).
static int64_t sys_spawn(void)
{
	if (!uaddr_ok(arg(0), 4))
		return -1;
	return proc_spawn((uint64_t)ustart, arg(0), arg(1), myproc()->name);
}

static int64_t sys_wait(void)
{
	if (arg(0) && !uaddr_ok(arg(0), sizeof(int)))
		return -1;
	return proc_wait(arg(0));
}

static int64_t sys_stats(void)
{
	if (!uaddr_ok(arg(0), sizeof kstats))
		return -1;
	kstats.instret = csr_read(instret);
	kstats.uptime = ticks;
	memcpy((void *)arg(0), &kstats, sizeof kstats);
	return 0;
}

static int64_t sys_halt(void)
{
	int code = (int)arg(0);

	uartflush();	// what write() queued goes out first
	if (code == 0)
		poweroff();
	poweroff_fail(code & 0xffff ? code : 1);
}

static int64_t (*const syscalls[])(void) = {
	[SYS_exit] = sys_exit,
	[SYS_getpid] = sys_getpid,
	[SYS_write] = sys_write,
	[SYS_read] = sys_read,
	[SYS_yield] = sys_yield,
	[SYS_uptime] = sys_uptime,
	[SYS_sleep] = sys_sleep,
	[SYS_spawn] = sys_spawn,
	[SYS_wait] = sys_wait,
	[SYS_stats] = sys_stats,
	[SYS_halt] = sys_halt,
};

void syscall(void)
{
	struct proc *p = myproc();
	uint64_t num = p->tf.x[REG_A7];

	kstats.syscalls++;
	if (num > 0 && num < sizeof syscalls / sizeof syscalls[0] && syscalls[num]) {
		p->tf.x[REG_A0] = syscalls[num]();
	} else {
		kprintf("pid %d (%s): unknown system call %lu\n", p->pid, p->name, num);
		p->tf.x[REG_A0] = -1;
	}
}
