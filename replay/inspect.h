/* Questions a debugger asks of a session, answered in lines of text for
 * both the GDB stub's monitor commands and the rewind subcommands: traps,
 * inputs, console output, the page table, and who wrote a piece of memory.
 * The answers that need replay (traps, when-written) seek with the
 * session's snapshots and leave the machine where it was. */
#ifndef REWIND_REPLAY_INSPECT_H
#define REWIND_REPLAY_INSPECT_H
#include <stddef.h>
#include <stdint.h>
#include "replay/session.h"

/* One line of an answer, without its newline. */
typedef void (*inspect_line_fn)(void *opaque, const char *line);

struct inspect_out {
    inspect_line_fn line;
    void *opaque;
};

/* The trap entries in [from, to), at most `max` lines (then how many more).
 * to is clipped to where the session can go without new input.  0, or -1
 * with a message. */
int inspect_traps(struct session *s, uint64_t from, uint64_t to, unsigned max,
                  const struct inspect_out *o, char *err, size_t errlen);
/* How far back a backward search (recent traps, when-written) goes by
 * default: each snapshot interval is a replay, and a search that finds
 * nothing would otherwise replay all of history. */
#define INSPECT_BACK_DEFAULT 2000000000ull

/* The last `count` trap entries before the current position, at most
 * `back` steps back (0: to the start of history). */
int inspect_recent_traps(struct session *s, unsigned count, uint64_t back, const struct inspect_out *o,
                         char *err, size_t errlen);
/* The inputs in [from, to) (as far as the session has them in memory). */
int inspect_inputs(struct session *s, uint64_t from, uint64_t to, unsigned max,
                   const struct inspect_out *o, char *err, size_t errlen);
/* The console output before the current position: its last `max_bytes`. */
int inspect_console(struct session *s, size_t max_bytes, const struct inspect_out *o, char *err,
                    size_t errlen);
/* Hart `hart`'s page table: every mapping (all), or va level by level. */
int inspect_pagetable(struct session *s, unsigned hart, bool all, uint64_t va,
                      const struct inspect_out *o, char *err, size_t errlen);
/* The last `max` writes to [addr, addr+len) before the current position,
 * at most `back` steps back (0: to the start of history; virtual
 * addresses, any hart), found by replaying snapshot intervals backward:
 * position, hart, pc, the instruction and the value after it. */
int inspect_when_written(struct session *s, uint64_t addr, uint64_t len, unsigned max, uint64_t back,
                         const struct inspect_out *o, char *err, size_t errlen);
#endif
