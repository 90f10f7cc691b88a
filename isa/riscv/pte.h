/* Page-table entry bits (the privileged spec's Sv39/Sv48 PTE format, with
 * Svpbmt and Svnapot). */
#ifndef REWIND_ISA_RISCV_PTE_H
#define REWIND_ISA_RISCV_PTE_H

#define PTE_V (1ull << 0)
#define PTE_R (1ull << 1)
#define PTE_W (1ull << 2)
#define PTE_X (1ull << 3)
#define PTE_U (1ull << 4)
#define PTE_G (1ull << 5)
#define PTE_A (1ull << 6)
#define PTE_D (1ull << 7)
#define PTE_PPN_MASK (((1ull << 44) - 1) << 10)
#define PTE_PPN(p) (((p) >> 10) & ((1ull << 44) - 1))
#define PTE_RESERVED (0x7full << 54)
#define PTE_PBMT (3ull << 61)
#define PTE_PBMT_SHIFT 61
#define PTE_N (1ull << 63)
/* The bits a debugger shows: the low ten, N and PBMT. */
#define PTE_FLAGS_MASK (0x3ffull | (7ull << 61))
#endif
