// Several harts working together: counting them, waking them, and the
// shared-counter test.
#ifndef SMP_H
#define SMP_H

#include <stdint.h>

#define COUNT_PER_HART	100000

int smp_count_harts(const void *dtb);
void smp_release(int nharts);
uint64_t smp_count(int locked);

#endif
