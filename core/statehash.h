/* A hash of the machine's state at the current position: every hart's
 * architectural state and all of RAM, fed field by field (never raw structs:
 * no pointers or padding), so equal states hash equal on every host. */
#ifndef REWIND_CORE_STATEHASH_H
#define REWIND_CORE_STATEHASH_H
#include <stdint.h>
#include "core/machine.h"

struct machine_hashes {
    uint64_t all;            /* everything below, combined */
    uint64_t harts[MACHINE_MAX_HARTS];
    uint64_t ram;
};

void machine_state_hash(const struct machine *m, struct machine_hashes *out);
#endif
