/* Names for trap causes, as rewind prints them (rewind traps, the gdb
 * stub's step messages). */
#include "isa/riscv/cause.h"

#include <stddef.h>
#include <string.h>

#define IRQ_BIT (1ull << 63)

static const struct {
    uint64_t cause;
    const char *name;
} names[] = {
    {0, "insn-misaligned"},   {1, "insn-access-fault"},  {2, "illegal-insn"},
    {3, "breakpoint"},        {4, "load-misaligned"},    {5, "load-access-fault"},
    {6, "store-misaligned"},  {7, "store-access-fault"}, {8, "ecall-u"},
    {9, "ecall-s"},           {11, "ecall-m"},           {12, "insn-page-fault"},
    {13, "load-page-fault"},  {15, "store-page-fault"},
    {IRQ_BIT | 1, "s-software"}, {IRQ_BIT | 3, "m-software"},
    {IRQ_BIT | 5, "s-timer"},    {IRQ_BIT | 7, "m-timer"},
    {IRQ_BIT | 9, "s-external"}, {IRQ_BIT | 11, "m-external"},
};

const char *riscv_cause_name(uint64_t cause)
{
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (names[i].cause == cause)
            return names[i].name;
    return cause & IRQ_BIT ? "interrupt" : "exception";
}

int riscv_cause_by_name(const char *name, uint64_t *cause)
{
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (!strcmp(name, names[i].name)) {
            *cause = names[i].cause;
            return 0;
        }
    return -1;
}
