/* The host side of the guest console: raw terminal, Ctrl-A escapes, input
 * queue, and watching the output for --expect/--fail text. */
#ifndef REWIND_TOOLS_CONSOLE_H
#define REWIND_TOOLS_CONSOLE_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define CONSOLE_PENDING 65536

struct text_watch {
    const char *text;
    size_t matched;   /* how many bytes of text match the output's tail */
    bool hit;
};

struct console {
    int in_fd;
    bool tty;          /* stdin is a terminal: raw mode and Ctrl-A escapes */
    bool raw_on;
    bool eof;
    bool ctrl_a;
    bool quit;         /* the user asked to quit (Ctrl-A x) */
    bool gdb;          /* the user asked for the gdb stub (Ctrl-A g) */
    bool mid_line;     /* the guest's output did not end with a newline */
    uint8_t pending[CONSOLE_PENDING];
    size_t npending;
    struct text_watch expect, fail;
};

void console_init(struct console *c, const char *expect, const char *fail);
void console_restore(struct console *c);
/* Read what stdin has (waiting up to timeout_ms; -1 forever) into the
 * pending queue, handling escapes. */
void console_poll(struct console *c, int timeout_ms);
/* Guest output: write it out and feed the watches; true when a watch hit. */
bool console_output(struct console *c, const uint8_t *buf, size_t n);
/* True once SIGTERM, SIGINT or SIGHUP asked rewind to stop: the session
 * then ends as if the user quit (disks written back, trace finished). */
int console_stop_signalled(void); /* the signal number, or 0 */
/* Advance a watch over output bytes (exposed for tests). */
bool text_watch_feed(struct text_watch *w, const uint8_t *buf, size_t n);
#endif
