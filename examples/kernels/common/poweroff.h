// Ending the machine through the sifive,test device.
#ifndef POWEROFF_H
#define POWEROFF_H

#include <stdint.h>

void poweroff(void) __attribute__((noreturn));
void poweroff_fail(uint16_t code) __attribute__((noreturn));
void kernel_exit(int code) __attribute__((noreturn));
void trap_unexpected(uint64_t mcause, uint64_t mepc, uint64_t mtval)
	__attribute__((noreturn));

#endif
