// The ending of the benchmark kernels (bench, membench): the checksum
// line and the instructions retired, which `make bench` checks and reads,
// then power-off (with failure code 2 when the checksum is wrong, so that
// a broken emulator cannot post a fast time).
#ifndef REPORT_H
#define REPORT_H

#include <stdint.h>

void report_result(uint64_t sum, uint64_t expected, uint64_t instret) __attribute__((noreturn));

#endif
