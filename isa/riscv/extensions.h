/* The ISA extensions every hart implements (NULL-terminated, single-letter
 * ones first, in canonical order); the Zicbom/Zicboz block size is
 * CMO_BLOCK_SIZE (cpu.h). */
#ifndef REWIND_ISA_RISCV_EXTENSIONS_H
#define REWIND_ISA_RISCV_EXTENSIONS_H

extern const char *const riscv_isa_extensions[];

#endif
