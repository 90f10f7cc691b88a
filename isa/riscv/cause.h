/* Trap cause names: "ecall-u", "load-page-fault", "s-timer", ... */
#ifndef REWIND_ISA_RISCV_CAUSE_H
#define REWIND_ISA_RISCV_CAUSE_H
#include <stdint.h>

/* The name of mcause/scause value `cause` (bit 63 set for interrupts);
 * "exception" or "interrupt" for one without a name. */
const char *riscv_cause_name(uint64_t cause);
/* 0 with *cause set, or -1 for a name that is none of the above. */
int riscv_cause_by_name(const char *name, uint64_t *cause);
#endif
