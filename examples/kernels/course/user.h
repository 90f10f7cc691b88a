// What user programs see: the system calls (usys.S) and a small library
// (ulib.c).  User code runs in U-mode; it may call nothing in the kernel.
#ifndef COURSE_USER_H
#define COURSE_USER_H

#include <stdint.h>
#include "syscall.h"

// System calls.
void exit(int status) __attribute__((noreturn));
int getpid(void);
int write(int fd, const void *buf, int n);
int read(int fd, void *buf, int n);
int yield(void);
long uptime(void);
int sleep(long n);
int spawn(int (*fn)(uint64_t), uint64_t arg);
int wait(int *status);
int stats(struct kstats *ks);
void halt(int code) __attribute__((noreturn));

// Library.
void printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int strlen(const char *s);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, int n);
int atoi(const char *s);
int gets(char *buf, int max);

// The work every `work` process does (work.c), and what its checksum must
// be: index-th worker, rounds rounds, a console line every `every` rounds.
#define WORK_ARG(index, rounds, every) \
	((uint64_t)(index) << 48 | (uint64_t)(every) << 32 | (uint32_t)(rounds))
#define WORK_MAX	12
int work_proc(uint64_t arg);
uint32_t work_expected(uint64_t arg);
uint32_t work_run(int nproc, int rounds, int every, int *failed);

#endif
