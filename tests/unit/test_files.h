/* Temporary files of the unit tests. */
#ifndef REWIND_TESTS_TEST_FILES_H
#define REWIND_TESTS_TEST_FILES_H
#include <stdio.h>
#include <unistd.h>

/* Remove a trace and the journal files SQLite may leave beside it. */
static inline void test_unlink_trace(const char *path)
{
    char side[4096];
    unlink(path);
    snprintf(side, sizeof side, "%s-wal", path);
    unlink(side);
    snprintf(side, sizeof side, "%s-shm", path);
    unlink(side);
    snprintf(side, sizeof side, "%s-journal", path);
    unlink(side);
}
#endif
