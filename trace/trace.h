/* The trace file: one SQLite database (*.rwd) per recording.
 *
 * Tables (schema version TRACE_FORMAT_VERSION):
 *   meta(key, value)                      configuration, command line, progress
 *   images(role, name, hash, size, data)  kernel, firmware, initrd, drives;
 *                                         data is an LZ4 blob or NULL
 *   inputs(first_step, last_step, count, data)   the input log, LZ4 chunks
 *   checkpoints(step, hash, data)         state hash + LZ4 detail every N steps,
 *                                         each detail XORed with the previous one
 *   console(step, data, lines)            what the guest printed, rows of many
 *                                         lines, each line's step in `lines`
 *   trap_counts(first_step, last_step, hart, cause, count)
 *                                         traps per checkpoint interval
 *   traps(step, hart, cause, pc, tval, priv)   only after `rewind traps --sql`:
 *                                         every trap entry, produced by replay
 *
 * Every blob read is validated (sizes, LZ4 bounds, record framing): a
 * corrupt or truncated file gives an error message, never a crash. */
#ifndef REWIND_TRACE_TRACE_H
#define REWIND_TRACE_TRACE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define TRACE_FORMAT_VERSION 2
#define TRACE_ERR_LEN 512

struct trace;

/* Create a new trace file (refuses to overwrite unless `overwrite`). */
struct trace *trace_create(const char *path, bool overwrite, char *err, size_t errlen);
/* Open an existing trace read-only, checking that it is one of ours and of
 * a version this build reads. */
struct trace *trace_open(const char *path, char *err, size_t errlen);
void trace_close(struct trace *t);

/* Writing (inside the current transaction; trace_commit makes it durable). */
int trace_meta_set(struct trace *t, const char *key, const char *value);
int trace_image_add(struct trace *t, const char *role, const char *name, uint64_t hash,
                    const uint8_t *data, size_t size, bool embed);
int trace_inputs_add(struct trace *t, uint64_t first, uint64_t last, uint32_t count,
                     const uint8_t *raw, size_t rawlen);
int trace_checkpoint_add(struct trace *t, uint64_t step, uint64_t hash,
                         const uint8_t *detail, size_t len);
/* A row of console output starting at `step`: `lines` holds (step delta,
 * length) LEB128 varint pairs, one per piece (a line, or its part in this
 * row), the first delta from `step`; NULL for one piece. */
int trace_console_add(struct trace *t, uint64_t step, const uint8_t *data, size_t len,
                      const uint8_t *lines, size_t lines_len);
int trace_trap_counts_add(struct trace *t, uint64_t first, uint64_t last, unsigned hart,
                          uint64_t cause, uint64_t count);
/* The materialised trap list: (re)create the traps table, then add rows. */
/* Saved snapshots (rewind replay --save-snapshots): rows of (step, data),
 * data LZ4-packed bytes of replay/snapshot.c's encoding.  Reset empties
 * the table (creating it). */
int trace_snapshots_reset(struct trace *t);
int trace_snapshot_add(struct trace *t, uint64_t step, const uint8_t *raw, size_t len);
/* Each saved snapshot in step order (unpacked; fn returns nonzero to stop).
 * A trace without the table has none: 0.  -1 with a message when a row is
 * corrupt. */
int trace_snapshots_each(struct trace *t, int (*fn)(void *opaque, uint64_t step, const uint8_t *raw, size_t len),
                         void *opaque, char *err, size_t errlen);
int trace_traps_reset(struct trace *t);
int trace_trap_add(struct trace *t, uint64_t step, unsigned hart, uint64_t cause,
                   uint64_t pc, uint64_t tval, unsigned priv);
/* Start writing to a trace opened with trace_open. */
int trace_write_begin(struct trace *t);
/* Commit what was written and begin a new transaction. */
int trace_commit(struct trace *t);

/* Reading. */
/* Value of a meta key into buf; 0, or -1 when absent. */
int trace_meta_get(struct trace *t, const char *key, char *buf, size_t len);

struct trace_image {
    char role[32];
    char name[512];
    uint64_t hash;
    uint64_t size;
    uint8_t *data;       /* decompressed, or NULL when not embedded */
};
/* All images; caller frees with trace_images_free. */
int trace_images(struct trace *t, struct trace_image **out, size_t *n, char *err, size_t errlen);
void trace_images_free(struct trace_image *imgs, size_t n);

/* Iterate input chunks in order: returns 1 with a malloc'd decompressed
 * chunk, 0 at the end, -1 on a corrupt chunk (message in err). */
struct trace_cursor;
struct trace_cursor *trace_inputs_cursor(struct trace *t);
int trace_inputs_next(struct trace_cursor *c, uint8_t **raw, size_t *len, uint32_t *count,
                      char *err, size_t errlen);
void trace_cursor_free(struct trace_cursor *c);

/* Checkpoints in step order. */
struct trace_checkpoint {
    uint64_t step, hash;
    uint8_t *detail;     /* decompressed */
    size_t len;
};
int trace_checkpoints(struct trace *t, struct trace_checkpoint **out, size_t *n,
                      char *err, size_t errlen);
void trace_checkpoints_free(struct trace_checkpoint *c, size_t n);

/* Console output in order: a callback per piece (a line, or the part of
 * one in a row) with the step of its first byte; a callback returning
 * nonzero stops the walk. */
int trace_console_each(struct trace *t,
                       int (*fn)(void *opaque, uint64_t step, const uint8_t *data, size_t len),
                       void *opaque, char *err, size_t errlen);

/* Counts and sizes for `rewind info`. */
struct trace_stats {
    uint64_t input_chunks, input_records, input_bytes_stored;
    uint64_t checkpoints, checkpoint_bytes, console_rows, console_bytes;
    uint64_t traps, trap_count_rows, traps_listed, image_bytes;
    uint64_t snapshots, snapshot_bytes; /* rewind replay --save-snapshots */
    uint64_t file_size;
};
int trace_stats(struct trace *t, struct trace_stats *s);

/* LZ4 framing shared by all blobs: u32 LE uncompressed size, then the LZ4
 * block.  lz4_unpack validates everything and caps the size. */
int trace_lz4_pack(const uint8_t *in, size_t len, uint8_t **out, size_t *outlen);
int trace_lz4_unpack(const uint8_t *in, size_t len, size_t max, uint8_t **out, size_t *outlen);

#endif
