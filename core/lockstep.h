/* --engine lockstep: run under two engines and stop at the first step on
 * which they disagree (DESIGN §3.6).
 *
 * A stretch of the run (machine_run's, up to LOCKSTEP_ROUND steps) runs in
 * two forked children from the same state, one with the reference engine
 * (the interpreter), one with the candidate (the JIT).  Each sends back the
 * steps it took and why it stopped, its machine_state image, a hash of its
 * console output, trap entries and input requests, and a hash of each RAM
 * page it marked written.  When they agree, this process runs the stretch
 * itself with the candidate, with the real console, trace and inputs.
 * When they differ, it bisects for the first step whose states differ,
 * runs the steps before it with the reference, and stops the machine there
 * (MSTOP_DIVERGED) with a report in m->diverge_report: the hart fields (by
 * name), device images and RAM bytes that differ, with both values, and
 * the instruction of that step.
 *
 * Children have no effect outside themselves: console output and trap
 * entries go nowhere, and an input a device pulls (entropy, the RTC seed)
 * gets the same stand-in bytes in both; this process then runs only up to
 * and including the step that pulled, with the real input, and checks the
 * rest again from there. */
#ifndef REWIND_CORE_LOCKSTEP_H
#define REWIND_CORE_LOCKSTEP_H

#include <stdint.h>

#include "core/machine.h"

/* machine_run checks at most this many steps per pair of children, and
 * front ends ask for this many at a time (machine_slice_steps).  A round
 * costs two forks and the page faults after them, ~16 ms here (a VM): with
 * rounds of 2 Mi steps, 7x the interpreter's time on the bench kernel, with
 * 16 Mi, 2.6x.  Bisection finds a difference in it in 24 rounds. */
#define LOCKSTEP_ROUND (1ull << 24)

struct engine;
struct hart;

/* The engine "lockstep" (core/engine.h): checks one slice of one hart, as
 * above.  machine_run does not call it: it hands the whole run to
 * lockstep_machine_run, so that one pair of children covers many slices. */
uint64_t lockstep_run(struct hart *h, uint64_t budget);
/* machine_run for a machine whose engine is lockstep. */
enum machine_stop lockstep_machine_run(struct machine *m, uint64_t max_steps);

/* The pair compared on m (NULL: the default; tests pass their own).  The
 * defaults: the reference is "interp", the candidate "jit", or "interp"
 * while there is no JIT.  Neither may be lockstep itself (ignored). */
void lockstep_set_engines(struct machine *m, const struct engine *ref, const struct engine *cand);

#endif
