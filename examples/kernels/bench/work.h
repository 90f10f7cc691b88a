// The benchmark workloads, in plain portable C (no kernel headers), so the
// expected checksum can also be computed by a host build of this file.
#ifndef WORK_H
#define WORK_H

#include <stdint.h>

uint64_t bench_run(unsigned iterations);

#endif
