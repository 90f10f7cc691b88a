/* "sifive,test" finisher: 0x5555 poweroff, 0x7777 reboot, (code<<16)|0x3333
 * fail with code.  Also described as syscon-poweroff/-reboot in the FDT. */
#ifndef REWIND_DEVICES_SYSCON_H
#define REWIND_DEVICES_SYSCON_H
#include "core/device.h"
/* The test node's phandle, which /poweroff and /reboot refer to. */
#define SYSCON_PHANDLE 0x41
struct syscon;
struct syscon *syscon_create(const struct dev_host *host);
void syscon_device(struct syscon *s, uint64_t base, struct device *d); /* size 0x1000 */
#endif
