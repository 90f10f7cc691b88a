/* ACLINT / SiFive CLINT: msip (0x0), mtimecmp (0x4000), mtime (0xbff8).
 * mtime is the machine's virtual time (dev_host.mtime) plus an offset that
 * guest writes to mtime change. */
#ifndef REWIND_DEVICES_ACLINT_H
#define REWIND_DEVICES_ACLINT_H
#include "core/device.h"

struct aclint;
struct aclint *aclint_create(const struct dev_host *host, unsigned nharts);
void aclint_device(struct aclint *a, uint64_t base, struct device *d); /* size 0x10000 */
/* Recompute every hart's MTIP from the current time. */
void aclint_update(struct aclint *a);
/* The smallest dev_host.mtime() value at which some hart's MTIP will rise,
 * or UINT64_MAX when none will. */
uint64_t aclint_next_deadline(const struct aclint *a);
/* mtime as the guest sees it (virtual time plus the offset its writes set). */
uint64_t aclint_mtime(const struct aclint *a);
#endif
