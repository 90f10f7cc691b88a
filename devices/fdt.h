/* Build the flattened device tree from the devices actually present. */
#ifndef REWIND_DEVICES_FDT_H
#define REWIND_DEVICES_FDT_H
#include <stddef.h>
#include <stdint.h>
#include "core/device.h"

struct fdt_board {
    unsigned nharts;
    /* The extensions every hart implements, NULL-terminated, single letters
     * first ("i", "m", ..., "zicsr", ...): they become `riscv,isa`
     * ("rv64imafdc_zicsr_..."), `riscv,isa-base` and the string list
     * `riscv,isa-extensions`. */
    const char *const *isa_extensions;
    uint32_t cbo_block_size;    /* Zicbom/Zicboz block size in bytes; 0: none */
    const char *mmu_type;       /* "riscv,sv48" */
    uint64_t ram_base, ram_size;
    uint32_t timebase;          /* 10000000 */
    const char *bootargs;       /* may be NULL */
    uint64_t initrd_start, initrd_end; /* both 0 when there is none */
    const char *stdout_path;    /* e.g. "/soc/serial@10000000" */
    const struct device *devices;
    unsigned ndevices;
};

/* Phandles fdt_build assigns: cpu h's interrupt controller is 1 + h, the
 * PLIC (the device named PLIC_DEVICE_NAME) is FDT_PLIC_PHANDLE; the syscon
 * uses SYSCON_PHANDLE.  Device fdt_node callbacks return 0 or a negative
 * libfdt error; -FDT_ERR_NOSPACE makes fdt_build retry with a bigger
 * buffer, so callbacks must be safe to run again on a fresh tree. */
#define FDT_PLIC_PHANDLE 0x40
/* cpu@h itself (cpu-map points at it) is FDT_CPU_PHANDLE_BASE + h. */
#define FDT_CPU_PHANDLE_BASE 0x20

/* On success returns 0 and a malloc'd blob (caller frees); else -1 with a
 * message in err. */
int fdt_build(const struct fdt_board *b, void **blob, size_t *size, char *err, size_t errlen);
#endif
