#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "tools/console.h"

/* The terminal state to put back.  This is the one piece of process-wide
 * state in rewind: a signal handler must be able to reach it. */
static struct termios saved_tio;
static int saved_valid;

/* Set by the stop signals' handler, read by the session loop. */
static volatile sig_atomic_t stop_signalled;

static void on_stop_signal(int sig)
{
    stop_signalled = sig;
}

int console_stop_signalled(void) { return stop_signalled; }

static void restore_tty(void)
{
    if (saved_valid)
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved_tio);
}

static void on_fatal_signal(int sig)
{
    restore_tty();
    signal(sig, SIG_DFL);
    raise(sig);
}

void console_init(struct console *c, const char *expect, const char *fail)
{
    memset(c, 0, sizeof *c);
    c->in_fd = STDIN_FILENO;
    c->expect.text = expect;
    c->fail.text = fail;
    c->tty = isatty(STDIN_FILENO);
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_stop_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);
    if (c->tty && tcgetattr(STDIN_FILENO, &saved_tio) == 0) {
        struct termios raw = saved_tio;
        cfmakeraw(&raw);
        raw.c_oflag |= OPOST | ONLCR; /* keep newlines readable for our own messages */
        saved_valid = 1;
        if (tcsetattr(STDIN_FILENO, TCSAFLUSH, &raw) == 0) {
            c->raw_on = true;
            signal(SIGSEGV, on_fatal_signal);
            signal(SIGABRT, on_fatal_signal);
        }
    }
}

void console_restore(struct console *c)
{
    if (c->raw_on) {
        restore_tty();
        c->raw_on = false;
    }
}

static const char help_text[] =
    "\r\nrewind console escapes:\r\n"
    "  C-a x   quit rewind\r\n"
    "  C-a g   halt and serve gdb (127.0.0.1:1234, or a free port), reverse from here on\r\n"
    "  C-a h   this help\r\n"
    "  C-a C-a send C-a to the guest\r\n";

static void push(struct console *c, uint8_t b)
{
    if (c->npending < CONSOLE_PENDING)
        c->pending[c->npending++] = b;
}

void console_poll(struct console *c, int timeout_ms)
{
    if (c->eof)
        return;
    struct pollfd p = {c->in_fd, POLLIN, 0};
    int r = poll(&p, 1, timeout_ms);
    if (r <= 0)
        return;
    uint8_t buf[4096];
    size_t room = CONSOLE_PENDING - c->npending;
    if (room == 0)
        return;
    ssize_t n = read(c->in_fd, buf, room < sizeof buf ? room : sizeof buf);
    if (n == 0 || (n < 0 && errno != EINTR && errno != EAGAIN)) {
        c->eof = true;
        return;
    }
    for (ssize_t i = 0; i < n; i++) {
        uint8_t b = buf[i];
        if (!c->tty) {
            push(c, b);
            continue;
        }
        if (c->ctrl_a) {
            c->ctrl_a = false;
            if (b == 'x' || b == 'X')
                c->quit = true;
            else if (b == 'g' || b == 'G')
                c->gdb = true;
            else if (b == 'h' || b == 'H' || b == '?')
                (void)!write(STDOUT_FILENO, help_text, sizeof help_text - 1);
            else if (b == 1)
                push(c, 1);
        } else if (b == 1) {
            c->ctrl_a = true;
        } else {
            push(c, b);
        }
    }
}

bool text_watch_feed(struct text_watch *w, const uint8_t *buf, size_t n)
{
    if (!w->text || w->hit)
        return w->hit;
    size_t len = strlen(w->text);
    for (size_t i = 0; i < n && !w->hit; i++) {
        /* Naive fallback on mismatch: re-scan the matched prefix.  Texts are
         * short, so this stays cheap and exact. */
        while (w->matched && (uint8_t)w->text[w->matched] != buf[i]) {
            size_t k = w->matched - 1;
            size_t best = 0;
            for (size_t s = k; s > 0; s--)
                if (memcmp(w->text, w->text + (w->matched - s), s) == 0) {
                    best = s;
                    break;
                }
            w->matched = best;
        }
        if ((uint8_t)w->text[w->matched] == buf[i])
            w->matched++;
        if (w->matched == len)
            w->hit = true;
    }
    return w->hit;
}

bool console_output(struct console *c, const uint8_t *buf, size_t n)
{
    size_t off = 0;
    while (off < n) {
        ssize_t w = write(STDOUT_FILENO, buf + off, n - off);
        if (w <= 0) {
            if (w < 0 && errno == EINTR)
                continue;
            break; /* stdout closed: keep running, output is lost */
        }
        off += (size_t)w;
    }
    if (n)
        c->mid_line = buf[n - 1] != '\n';
    bool a = text_watch_feed(&c->expect, buf, n);
    bool b = text_watch_feed(&c->fail, buf, n);
    return a || b;
}
