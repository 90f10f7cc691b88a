/* The reset ROM at 0x1000: a trampoline that passes a0 = mhartid,
 * a1 = device tree address, a2 = OpenSBI fw_dynamic info, and jumps to the
 * first stage (firmware or kernel). */
#ifndef REWIND_DEVICES_BOOTROM_H
#define REWIND_DEVICES_BOOTROM_H
#include "core/device.h"

#define BOOTROM_SIZE 0x1000

/* OpenSBI's fw_dynamic hand-over (version 2). */
#define FW_DYNAMIC_MAGIC 0x4942534full
#define FW_DYNAMIC_VERSION 2
#define FW_DYNAMIC_NEXT_MODE_S 1

struct bootrom;
/* next_addr/next_mode describe what the firmware should start (fw_dynamic);
 * with no firmware they are unused. */
struct bootrom *bootrom_create(uint64_t start, uint64_t fdt_addr, uint64_t next_addr,
                               uint64_t next_mode);
void bootrom_device(struct bootrom *r, uint64_t base, struct device *d);
#endif
