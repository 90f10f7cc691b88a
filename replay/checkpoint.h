/* Checkpoints: a state image of the machine at a position, cheap enough to
 * take every few million steps, detailed enough to say what diverged.
 *
 * The detail image holds the position and scheduler state, every hart's
 * architectural state (field by field), one XXH3 hash per MiB of RAM, and
 * one hash per device state image.  RAM hashes are kept per 4 KiB page and
 * recomputed only for pages written since the previous checkpoint. */
#ifndef REWIND_REPLAY_CHECKPOINT_H
#define REWIND_REPLAY_CHECKPOINT_H
#include <stddef.h>
#include <stdint.h>
#include "core/machine.h"
#include "core/serial.h"

#define CKPT_REGION_SIZE (1ull << 20)

struct ckpt;
/* Registers a dirty-page set with the machine's bus: destroy it before the
 * machine. */
struct ckpt *ckpt_create(const struct machine *m);
void ckpt_destroy(struct ckpt *c);
/* Build the detail image into `out` (reset first); returns its hash. */
uint64_t ckpt_take(struct ckpt *c, struct machine *m, struct sbuf *out);
/* The hash alone, for callers that do not keep the image. */
uint64_t ckpt_hash(struct ckpt *c, struct machine *m);
/* Describe the first difference between a recorded and a replayed image,
 * e.g. "hart 0 x10 (a0): recorded 0x5, replayed 0x6". */
void ckpt_diff(const uint8_t *rec, size_t rlen, const uint8_t *rep, size_t plen,
               char *out, size_t len);
#endif
