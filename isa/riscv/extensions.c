/* What the harts implement, as the device tree and the README name it.
 * One list, so the tree a guest reads cannot disagree with the machine. */
#include "isa/riscv/extensions.h"

#include <stddef.h>

const char *const riscv_isa_extensions[] = {
    "i", "m", "a", "f", "d", "c",
    "zicbom", "zicbop", "zicboz", "zicntr", "zicond", "zicsr", "zifencei", "zihintpause",
    "zfh", "zfhmin",
    "zba", "zbb", "zbc", "zbs",
    "sdtrig", "sstc", "svinval", "svnapot", "svpbmt",
    NULL,
};
