/* HTIF as used by the RISC-V ISA tests: tohost/fromhost, overlaid on RAM at
 * the ELF's `tohost` symbol.  tohost = 1: pass; (n<<1)|1: fail with n;
 * device 1 command 1: console putchar. */
#ifndef REWIND_DEVICES_HTIF_H
#define REWIND_DEVICES_HTIF_H
#include "core/device.h"
struct htif;
struct htif *htif_create(const struct dev_host *host);
/* Region covers tohost (8 bytes) and fromhost when that is the next 8
 * bytes (the default, and the size is then 16). */
void htif_device(struct htif *h, uint64_t tohost, struct device *d);
/* Name the `fromhost` symbol; call before htif_device.  riscv-tests put it
 * 64 bytes after tohost, and then tohost's region shrinks to 8 bytes. */
void htif_set_fromhost(struct htif *h, uint64_t fromhost);
/* When fromhost is not at tohost + 8 it needs a region of its own: fills
 * `d` (8 bytes, sharing h; its reset and destroy do nothing) and returns
 * true.  Returns false when htif_device's region already covers it. */
bool htif_fromhost_device(struct htif *h, struct device *d);
#endif
