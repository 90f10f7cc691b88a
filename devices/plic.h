/* SiFive PLIC as on QEMU virt: 96 sources (1..95), priorities at 0x0,
 * pending at 0x1000, enables at 0x2000 + 0x80*ctx, threshold/claim at
 * 0x200000 + 0x1000*ctx.  Context 2h is hart h's M mode (MEIP), 2h+1 its
 * S mode (SEIP). */
#ifndef REWIND_DEVICES_PLIC_H
#define REWIND_DEVICES_PLIC_H
#include "core/device.h"

#define PLIC_NSOURCES 96
/* struct device.name of the PLIC: fdt_build gives the tree a PLIC phandle
 * only when a device of this name is present. */
#define PLIC_DEVICE_NAME "plic"
struct plic;
struct plic *plic_create(const struct dev_host *host, unsigned nharts);
void plic_device(struct plic *p, uint64_t base, struct device *d); /* size 0x600000 */
/* A device drives source `irq` to `level` (matches irq_line.set; `ctrl` is
 * a struct plic *).  As in QEMU 7.2, every call sets the source's pending
 * bit to `level`, even when the level did not change. */
void plic_set_irq(void *ctrl, unsigned irq, bool level);
#endif
