// The memory-heavy workloads, in plain portable C (no kernel headers), so
// the expected checksums can also be computed by a host build of work.c.
#ifndef MEMBENCH_WORK_H
#define MEMBENCH_WORK_H

#include <stdint.h>

// The working set: 64 MiB, which membench_run is given already mapped.
#define MEMBENCH_BYTES	(64UL << 20)

// Fills the working set, then runs the workloads `iterations` times over it
// and returns a checksum of everything they read.
uint64_t membench_run(void *base, unsigned iterations);

#endif
