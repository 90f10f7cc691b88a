/* Snapshots for reverse execution and seeking: the machine's state at
 * chosen positions, RAM kept incrementally.
 *
 * Each snapshot holds the machine state image (core/machine_state.h) and a
 * copy of only the RAM pages written since the snapshot before it, so
 * memory follows what the guest writes, never -m.  Restoring snapshot k
 * rewrites only pages that can differ between the machine's current RAM and
 * k's: those written since the last snapshot taken or restored, and those
 * any snapshot between the two saved.  Under a memory cap, older snapshots
 * are thinned (merged into their successor), so spacing grows with age.
 *
 * Two 64-bit words of the caller's own (the input-log cursors, say) travel
 * with each snapshot. */
#ifndef REWIND_REPLAY_SNAPSHOT_H
#define REWIND_REPLAY_SNAPSHOT_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "core/machine.h"
#include "core/serial.h"

struct snapshots;

/* mem_cap: bytes of page copies and state images to keep (0: no cap).
 * Registers a dirty-page set with the machine's bus.  NULL when out of
 * memory. */
struct snapshots *snap_create(struct machine *m, size_t mem_cap);
void snap_destroy(struct snapshots *s);

/* Snapshot the machine as it is now (between machine_run calls).  A
 * position not after the newest snapshot is already covered: nothing is
 * taken.  0, or -1 when out of memory (nothing changed). */
int snap_take(struct snapshots *s, uint64_t aux0, uint64_t aux1);

/* The newest snapshot at or before `step`, or -1 when none. */
long snap_find(const struct snapshots *s, uint64_t step);

/* Put the machine back in snapshot `idx`'s state; aux0 and aux1 receive the
 * words stored with it.  0, or -1 (idx out of range, or a malformed image:
 * cannot happen for images this module made). */
int snap_restore(struct snapshots *s, size_t idx, uint64_t *aux0, uint64_t *aux1);

/* The machine has reached snapshot idx's position by running forward
 * deterministically (a replay): RAM now equals the snapshot's, so later
 * restores may start from there. */
void snap_passed(struct snapshots *s, size_t idx);

/* Snapshots kept in a trace (rewind replay --save-snapshots): snapshot
 * idx as bytes — its position, the two words, the state image and the
 * pages it saved with their contents.  0, or -1 when out of memory. */
int snap_encode(const struct snapshots *s, size_t idx, struct sbuf *out);
/* Take back a snapshot snap_encode made, as the newest one (every page it
 * lists must be the one this machine's run would have saved: the caller
 * adds them in order, starting from the state the first was taken in).
 * Returns 0 when added, 1 when it is an existing snapshot (same position
 * and state image), -1 when malformed, out of order, or a snapshot at an
 * existing position whose state differs (another rewind build made it). */
int snap_decode_append(struct snapshots *s, const uint8_t *data, size_t len);

/* Forget the snapshots after position `step` (the machine is at or after
 * the newest one kept: a live session forking a new future). */
void snap_truncate_after(struct snapshots *s, uint64_t step);

size_t snap_count(const struct snapshots *s);
uint64_t snap_step(const struct snapshots *s, size_t idx);
/* Bytes held in page copies and state images. */
size_t snap_memory(const struct snapshots *s);
#endif
