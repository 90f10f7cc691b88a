/* A debugger's view of a hart's page table (monitor pagetable, rewind
 * pagetable): one address level by level, or every mapping.  Reads RAM
 * only, sets no A/D bits and checks no permission: looking changes
 * nothing. */
#ifndef REWIND_ISA_RISCV_PAGETABLE_H
#define REWIND_ISA_RISCV_PAGETABLE_H
#include <stdbool.h>
#include <stdint.h>

struct hart;

#define PT_MAX_LEVELS 4

/* satp's mode as a name ("bare", "sv39", "sv48") and its number of levels
 * (0 for bare or a mode this machine does not have). */
const char *pt_mode_name(uint64_t satp);
unsigned pt_levels(uint64_t satp);

/* One address walked level by level. */
struct pt_walk {
    unsigned levels;            /* of the mode (0: bare) */
    unsigned n;                 /* PTEs read */
    struct pt_level {
        unsigned level;         /* levels-1 down to 0 */
        uint64_t table;         /* physical address of the table */
        unsigned index;         /* VPN[level] */
        uint64_t pte_addr, pte;
    } step[PT_MAX_LEVELS];
    /* the outcome: a leaf (pa, page_size), or why there is none */
    bool mapped;
    uint64_t pa, page_size;
    const char *why;            /* when not mapped: "not canonical", "invalid PTE", ... */
};
void pt_walk_va(const struct hart *h, uint64_t va, struct pt_walk *w);

/* Every valid leaf of the table in virtual address order, with runs of
 * pages contiguous in both spaces and equal in flags merged into one call.
 * flags are the PTE's low ten bits plus N and PBMT (bits 63:61).  Returns
 * how many runs there were (fn stops the walk by returning nonzero). */
typedef int (*pt_mapping_fn)(void *opaque, uint64_t va, uint64_t pa, uint64_t size, uint64_t flags);
uint64_t pt_each_mapping(const struct hart *h, pt_mapping_fn fn, void *opaque);

/* "rwxugad" with '-' for clear bits, then " N" and " pbmt=K" when set. */
void pt_flags_str(uint64_t flags, char out[32]);
#endif
