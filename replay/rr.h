/* The input log: the one way host inputs enter the machine (DESIGN §3.3).
 *
 * Two shapes of input:
 *  - pushed: the host offers them (console bytes, network frames).  They
 *    are delivered at a step boundary, between machine_run calls.
 *  - pulled: a device asks for them while it works (entropy, the RTC's
 *    wall-clock seed), at the exact position of the MMIO access.
 * Live, inputs come from the host.  Recording, they also go to the log with
 * their position.  Replaying, host inputs are ignored: pushed inputs are
 * delivered when the machine reaches their position, and each pull must
 * match the next logged pull (kind, length and position), or the replay has
 * diverged.
 *
 * Log records: u64 step, u8 kind, u32 length, bytes — in LZ4 chunks in the
 * trace's `inputs` table. */
#ifndef REWIND_REPLAY_RR_H
#define REWIND_REPLAY_RR_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "core/machine.h"
#include "core/serial.h"

struct trace;

enum rr_mode { RR_LIVE, RR_RECORD, RR_REPLAY };
enum rr_kind {
    RR_CONSOLE = 1,
    RR_ENTROPY = DEV_INPUT_ENTROPY,
    RR_RTC = DEV_INPUT_RTC,
    RR_NET = 4,
    RR_DEBUG = 5, /* a debugger's change to the machine (isa/riscv/debug_write.h) */
};
const char *rr_kind_name(unsigned kind);

struct rr_entry {
    uint64_t step;
    uint8_t kind;
    uint32_t len;
    size_t off;         /* into the payload buffer */
};

struct rr_log {
    enum rr_mode mode;
    struct machine *m;
    struct trace *trace;
    /* recording: the chunk being filled */
    struct sbuf chunk;
    uint64_t chunk_first, chunk_last;
    uint32_t chunk_count;
    uint64_t counts[8];         /* records per kind (for info and tests) */
    /* replaying: the whole log */
    struct rr_entry *entries;
    size_t nentries;
    uint8_t *payload;
    size_t payload_len;
    size_t push_next, pull_next;
    bool diverged;
    /* live and recording sessions under a debugger keep their inputs in
     * entries/payload too (history), so that going back and forward again
     * replays them; `behind` while the machine is before the newest
     * position reached, where inputs come from the history, not the host. */
    bool history, behind;
    size_t entries_cap, payload_cap; /* allocated sizes of entries and payload */
    char why[512];
};

void rr_init(struct rr_log *l, enum rr_mode mode, struct trace *t);
/* Keep the inputs of a live or recording session in memory (rr_set_behind). */
void rr_keep_history(struct rr_log *l);
/* Live or recording with history: replay inputs from the history (true)
 * or take them from the host again (false, at the newest position). */
void rr_set_behind(struct rr_log *l, bool behind);
void rr_attach(struct rr_log *l, struct machine *m);
void rr_free(struct rr_log *l);

/* machine_io.input_pull: pass the rr_log as opaque. */
int rr_pull(void *opaque, enum dev_input_kind kind, void *buf, size_t len);

/* Offer console bytes (live and record); returns how many the guest took. */
size_t rr_console_push(struct rr_log *l, const uint8_t *buf, size_t n);

/* A debugger's change (a debug_write record), at the newest position of a
 * live or recording session: applied now, and logged like any input so
 * that going back and forward again, or a replay, applies it at the same
 * position.  0, or -1 when it does not apply. */
int rr_debug_push(struct rr_log *l, const uint8_t *rec, size_t len);

/* Live with history: forget the inputs after position `step` (pushed ones
 * after it, pulled ones at or after it): the machine is there, and takes
 * host input from here on. */
void rr_truncate(struct rr_log *l, uint64_t step);

/* Recording: write the current chunk to the trace (called before commits). */
int rr_flush(struct rr_log *l);

/* Replaying: load the log from the trace.  0 or -1 with a message. */
int rr_load(struct rr_log *l, char *err, size_t errlen);
/* Position of the next pushed input, or UINT64_MAX. */
uint64_t rr_next_push(const struct rr_log *l);
/* Deliver every pushed input due at the current position.  0, or -1 when the
 * machine refused one (divergence, described in l->why). */
int rr_deliver_due(struct rr_log *l);

/* Decode one record from raw chunk bytes (exposed for tests and fuzzing):
 * returns bytes consumed, or 0 when the record is malformed. */
size_t rr_decode_record(const uint8_t *p, size_t len, uint64_t *step, uint8_t *kind,
                        uint32_t *dlen, const uint8_t **data);
#endif
