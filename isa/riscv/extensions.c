/* What the harts implement, as the device tree and the README name it.
 * One list, so the tree a guest reads cannot disagree with the machine. */
#include "isa/riscv/extensions.h"

#include <stddef.h>

const char *const riscv_isa_extensions[] = {
    "i", "m", "a", "f", "d", "c",
    "zicntr", "zicsr", "zifencei",
    "zfh", "zfhmin",
    "sstc",
    NULL,
};
