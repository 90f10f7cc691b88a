/* The engine contract.
 *
 * run(h, budget) executes hart h for at most `budget` steps (DESIGN §3.1:
 * each retired instruction and each trap entry is one step) and returns the
 * exact number taken.  It returns early when the hart waits in WFI (h->wfi),
 * or when the machine has a stop request or a deadline change
 * (m->stop_pending, m->kicked); it never stops in the middle of a step.
 * Engines must agree: the same state at every position. */
#ifndef REWIND_CORE_ENGINE_H
#define REWIND_CORE_ENGINE_H

#include <stddef.h>
#include <stdint.h>

struct hart;

struct engine {
    const char *name;
    uint64_t (*run)(struct hart *h, uint64_t budget);
};

/* The engine called `name` ("interp", "jit", "lockstep"), or NULL. */
const struct engine *engine_find(const char *name);
/* The engine used when none is named: "jit" on x86-64 hosts, else "interp". */
const char *engine_default(void);
/* The engines' names, comma-separated ("interp, jit, lockstep"), for
 * messages that say what is accepted; buf is returned. */
const char *engine_names(char *buf, size_t len);

#endif
