// What main.c (the kernel) and tasks.c (the work) share.
#ifndef TASKS_H
#define TASKS_H

#include <stdint.h>

// The tasks' entry points: each runs forever.
void counter_task(void);
void fib_task(void);
void logger_task(void);

// Called by the timer interrupt at the end of the run: checks every
// task's data one last time.
void tasks_final_check(void);

// Timer ticks since boot (the kernel's clock), and the machine's own.
extern volatile uint64_t ticks;
uint64_t mtime(void);

// Console lines from several tasks must not interleave: the lock masks
// the timer interrupt, so no other task runs until it is unlocked.
void console_lock(void);
void console_unlock(void);

// A task's data failed its check: says so, with the value found and the
// one expected, and powers off with failure.
void task_failed(const char *task, const char *what, const char *name,
		 uint64_t value, uint64_t expected) __attribute__((noreturn));

#endif
