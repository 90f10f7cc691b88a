/* Opening a replay in the unit tests that drive sessions.  Include after
 * <cmocka.h>. */
#ifndef REWIND_TESTS_TEST_REPLAY_H
#define REWIND_TESTS_TEST_REPLAY_H
#include "replay/session.h"

/* A replay of `trace` with a snapshot every `snap_every` steps (0: none);
 * hooks may be NULL.  Fails the test when it cannot be opened. */
static inline struct session *test_open_replay(const char *trace, uint64_t snap_every,
                                               const struct session_hooks *hooks)
{
    struct session_config c = {.mode = SESSION_REPLAY, .trace_path = trace, .snapshot_every = snap_every};
    char err[512];
    bool differs;
    struct session *s = session_open(&c, hooks, NULL, 0, &differs, err, sizeof err);
    if (!s)
        fail_msg("replay: %s", err);
    return s;
}
#endif
