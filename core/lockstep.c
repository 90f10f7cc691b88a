/* --engine lockstep (core/lockstep.h): a stretch of the run under two
 * engines in forked children, compared state by state.
 *
 * fork() gives each child the whole machine as it is before the stretch —
 * RAM, devices, the decode cache, an engine's translations — for the price
 * of copying page tables, and the children's writes never reach this
 * process.  A child answers over a socket: first a summary (steps taken,
 * stop request, hash of its console output and trap entries, its
 * machine_state image, and an XXH3 hash of each RAM page it marked
 * written), then whatever the parent asks: hashes of other pages, the
 * bytes of a page.  It leaves with _exit, so it flushes no stdio buffer and
 * runs no atexit handler of this process (SQLite, the terminal). */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>
#include <xxhash.h>

#include "core/engine.h"
#include "core/lockstep.h"
#include "core/machine.h"
#include "core/machine_state.h"
#include "isa/riscv/cpu.h"
#include "isa/riscv/hart_state.h"
#include "isa/riscv/insn.h"

#define LS_PAGE 4096
/* A child silent for this long is taken to hang (an engine looping without
 * counting steps): it is killed and that is the difference reported. */
#define ANSWER_TIMEOUT_MS 60000
/* A report lists at most this many hart fields and RAM pages. */
#define MAX_FIELD_LINES 16
#define MAX_PAGE_LINES 4

static void pick_engines(const struct machine *m, const struct engine **ref,
                         const struct engine **cand)
{
    *ref = m->lockstep_ref ? m->lockstep_ref : engine_find("interp");
    *cand = m->lockstep_cand ? m->lockstep_cand : engine_find("jit");
    if (!*cand)
        *cand = engine_find("interp");
}

void lockstep_set_engines(struct machine *m, const struct engine *ref, const struct engine *cand)
{
    m->lockstep_ref = ref && ref->run != lockstep_run ? ref : NULL;
    m->lockstep_cand = cand && cand->run != lockstep_run ? cand : NULL;
}

/* ---- the socket between parent and child ---- */

static int send_all(int fd, const void *p, size_t n)
{
    const uint8_t *b = p;
    while (n) {
        ssize_t w = send(fd, b, n, MSG_NOSIGNAL); /* a dead peer is an error, not SIGPIPE */
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return -1;
        b += w;
        n -= (size_t)w;
    }
    return 0;
}

/* Exactly n bytes: 0; -1 at end of stream or on an error; -2 when nothing
 * came for timeout_ms (negative: wait for ever). */
static int recv_all(int fd, void *p, size_t n, int timeout_ms)
{
    uint8_t *b = p;
    while (n) {
        if (timeout_ms >= 0) {
            struct pollfd pf = {.fd = fd, .events = POLLIN};
            int r = poll(&pf, 1, timeout_ms);
            if (r < 0 && errno == EINTR)
                continue;
            if (r <= 0)
                return r == 0 ? -2 : -1;
        }
        ssize_t got = recv(fd, b, n, 0);
        if (got < 0 && errno == EINTR)
            continue;
        if (got <= 0)
            return -1;
        b += got;
        n -= (size_t)got;
    }
    return 0;
}

/* Commands a child serves after its summary: 'H' n, then n u32 pages
 * (answer: n u64 hashes); 'P' page (answer: its 4096 bytes); 'Q'.  Both
 * ends are this program, so numbers go in host order. */
struct cmd {
    uint8_t op;
    uint32_t arg;
};

static int send_cmd(int fd, uint8_t op, uint32_t arg)
{
    struct cmd c;
    memset(&c, 0, sizeof c); /* no padding bytes of the stack on the wire */
    c.op = op;
    c.arg = arg;
    return send_all(fd, &c, sizeof c);
}

/* What is checked: one hart's slice inside the scheduler (the engine
 * entry, lockstep_run), or a stretch of the scheduler itself
 * (lockstep_machine_run), from the machine's current state. */
struct span {
    struct machine *m;
    struct hart *h;  /* NULL: the whole machine */
    uint64_t start;  /* the position where it starts */
};

/* Run up to k steps of the span with e; the steps taken, and in *why what
 * the scheduler stopped for (MSTOP_BUDGET for a hart's slice). */
static uint64_t span_run(const struct span *s, const struct engine *e, uint64_t k, uint32_t *why)
{
    if (s->h) {
        *why = MSTOP_BUDGET;
        return e->run(s->h, k);
    }
    *why = machine_run_engine(s->m, e, k);
    return s->m->steps - s->start;
}

/* ---- the child ---- */

struct child {
    struct machine *m;
    uint64_t start;   /* the position where the span began */
    uint64_t pull_at; /* steps of the span before the first input pull, or UINT64_MAX */
    uint64_t io;      /* hash of console output, trap entries and input pulls, in order */
};

static uint64_t splitmix64(uint64_t *x)
{
    uint64_t z = (*x += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

/* Fold one value into the io hash (a trap-heavy guest has millions of
 * entries per stretch: no buffer, no XXH3 call per entry). */
static void io_mix(struct child *c, uint64_t v)
{
    uint64_t x = c->io ^ v;
    c->io = splitmix64(&x);
}

static void child_console(void *opaque, const uint8_t *buf, size_t n)
{
    struct child *c = opaque;
    io_mix(c, 'c');
    io_mix(c, XXH3_64bits(buf, n));
}

static void child_trap(void *opaque, unsigned hart, uint64_t step, uint64_t cause, uint64_t epc,
                       uint64_t tval, unsigned from_priv)
{
    struct child *c = opaque;
    io_mix(c, (uint64_t)'t' << 56 | (uint64_t)hart << 8 | from_priv);
    io_mix(c, step);
    io_mix(c, cause);
    io_mix(c, epc);
    io_mix(c, tval);
}

/* Both children get the same bytes for the same request at the same
 * position: the engines are compared on equal inputs, and the host's
 * entropy or clock is not consumed (nor a recording's log advanced). */
static int child_pull(void *opaque, enum dev_input_kind kind, void *buf, size_t len)
{
    struct child *c = opaque;
    uint64_t at = machine_position(c->m);
    if (c->pull_at == UINT64_MAX)
        c->pull_at = at - c->start;
    io_mix(c, (uint64_t)'i' << 56 | (uint64_t)kind << 32 | len);
    io_mix(c, at);
    uint64_t x = at ^ (uint64_t)kind << 56;
    uint8_t *b = buf;
    for (size_t i = 0; i < len; i += 8) {
        uint64_t r = splitmix64(&x);
        for (size_t j = 0; j < 8 && i + j < len; j++)
            b[i + j] = (uint8_t)(r >> (8 * j));
    }
    return 0;
}

static uint64_t page_hash(const struct machine *m, uint32_t page)
{
    if ((uint64_t)page >= m->bus.ram_size / LS_PAGE)
        return 0;
    return XXH3_64bits(m->bus.ram + (uint64_t)page * LS_PAGE, LS_PAGE);
}

static void child_page(struct sbuf *w, const struct machine *m, uint32_t page)
{
    put_u32(w, page);
    put_u64(w, page_hash(m, page));
}

static void patch_u64(uint8_t *p, uint64_t v)
{
    for (int i = 0; i < 8; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

static void child_serve(int fd, const struct machine *m)
{
    static const uint8_t zero[LS_PAGE];
    for (;;) {
        struct cmd c;
        if (recv_all(fd, &c, sizeof c, -1))
            return;
        if (c.op == 'H') {
            /* All the request first, then all the answer: answering while
             * the parent still sends could fill both sockets' buffers. */
            uint32_t *pages = malloc(((size_t)c.arg + 1) * sizeof *pages);
            uint64_t *hashes = malloc(((size_t)c.arg + 1) * sizeof *hashes);
            if (!pages || !hashes || recv_all(fd, pages, (size_t)c.arg * sizeof *pages, -1))
                return;
            for (uint32_t i = 0; i < c.arg; i++)
                hashes[i] = page_hash(m, pages[i]);
            int r = send_all(fd, hashes, (size_t)c.arg * sizeof *hashes);
            free(pages);
            free(hashes);
            if (r)
                return;
        } else if (c.op == 'P') {
            bool in = (uint64_t)c.arg < m->bus.ram_size / LS_PAGE;
            if (send_all(fd, in ? m->bus.ram + (uint64_t)c.arg * LS_PAGE : zero, LS_PAGE))
                return;
        } else {
            return;
        }
    }
}

static _Noreturn void child_main(const struct span *s, const struct engine *e, uint64_t budget,
                                 int fd)
{
    struct machine *m = s->m;
    struct child c = {.m = m, .start = s->start, .pull_at = UINT64_MAX};
    m->io = (struct machine_io){&c, child_console, child_pull, child_trap};
    m->run_observer = NULL;
    /* Pages already marked were written before the span; unmark them so
     * its stores mark what they write. */
    machine_drain_dirty(m);
    uint32_t why;
    uint64_t n = span_run(s, e, budget, &why);

    struct sbuf w, img;
    sbuf_init(&w);
    sbuf_init(&img);
    put_u64(&w, 0); /* the length, patched below */
    put_u64(&w, n);
    put_u32(&w, why);
    put_u8(&w, m->stop_pending);
    put_u32(&w, (uint32_t)m->stop_reason);
    put_u32(&w, (uint32_t)m->exit_code);
    put_u64(&w, m->watch_hit_addr);
    put_u8(&w, m->watch_hit_write);
    put_u8(&w, m->kicked);
    put_u64(&w, c.io);
    put_u64(&w, c.pull_at);
    machine_state_save(m, &img);
    put_u64(&w, img.len);
    put_bytes(&w, img.data, img.len);
    size_t at = w.len;
    put_u64(&w, 0); /* the number of pages, patched below */
    uint64_t np = 0;
    if (m->bus.dirty_overflow) { /* the list could not grow: the flags say it all */
        for (size_t p = 0; p < m->bus.ram_size / LS_PAGE; p++)
            if (m->bus.page_flags[p] & BUS_PAGE_DIRTY) {
                child_page(&w, m, (uint32_t)p);
                np++;
            }
    } else {
        for (size_t k = 0; k < m->bus.ndirty; k++, np++)
            child_page(&w, m, m->bus.dirty[k]);
    }
    if (w.oom || img.oom)
        _exit(2);
    patch_u64(w.data, w.len);
    patch_u64(w.data + at, np);
    if (send_all(fd, w.data, w.len) == 0)
        child_serve(fd, m);
    _exit(0);
}

/* ---- the parent's side of one child ---- */

struct page_hash {
    uint32_t page;
    uint64_t hash;
};

struct probe {
    const struct engine *e;
    pid_t pid;
    int fd;
    bool setup_failed;      /* this process could not start it (fork, socketpair) */
    char failed[160];       /* nonempty: no usable answer, and why */
    uint8_t *msg;
    uint64_t steps, io_hash, pull_at, watch_addr;
    uint32_t why, stop_reason, exit_code;
    uint8_t stop_pending, watch_write, kicked;
    const uint8_t *image;
    size_t image_len;
    struct page_hash *pages; /* ascending */
    size_t npages;
};

static void probe_start(struct probe *p, const struct span *s, const struct engine *e,
                        uint64_t budget)
{
    memset(p, 0, sizeof *p);
    p->e = e;
    p->pid = -1;
    p->fd = -1;
    p->pull_at = UINT64_MAX; /* until it says otherwise */
    int sv[2];
    if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv)) {
        snprintf(p->failed, sizeof p->failed, "socketpair: %s", strerror(errno));
        p->setup_failed = true;
        return;
    }
    pid_t pid = fork();
    if (pid == 0) {
        close(sv[0]);
        child_main(s, e, budget, sv[1]);
    }
    close(sv[1]);
    if (pid < 0) {
        snprintf(p->failed, sizeof p->failed, "fork: %s", strerror(errno));
        p->setup_failed = true;
        close(sv[0]);
        return;
    }
    p->pid = pid;
    p->fd = sv[0];
}

/* The child is gone or useless: reap it and say what became of it. */
static void probe_lost(struct probe *p, bool timed_out)
{
    if (p->fd >= 0)
        close(p->fd);
    p->fd = -1;
    if (p->pid > 0) {
        if (timed_out)
            kill(p->pid, SIGKILL);
        int st = 0;
        pid_t r;
        while ((r = waitpid(p->pid, &st, 0)) < 0 && errno == EINTR)
            ;
        p->pid = -1;
        if (timed_out)
            snprintf(p->failed, sizeof p->failed, "did not answer within %d s (killed)",
                     ANSWER_TIMEOUT_MS / 1000);
        else if (r > 0 && WIFSIGNALED(st))
            snprintf(p->failed, sizeof p->failed, "died of signal %d (%s)", WTERMSIG(st),
                     strsignal(WTERMSIG(st)));
        else if (r > 0 && WIFEXITED(st))
            snprintf(p->failed, sizeof p->failed, "exited with status %d before answering",
                     WEXITSTATUS(st));
    }
    if (!p->failed[0])
        snprintf(p->failed, sizeof p->failed, "stopped answering");
}

static int page_cmp(const void *a, const void *b)
{
    uint32_t x = ((const struct page_hash *)a)->page, y = ((const struct page_hash *)b)->page;
    return (x > y) - (x < y);
}

static void probe_receive(struct probe *p)
{
    if (p->fd < 0)
        return;
    uint8_t hdr[8];
    int r = recv_all(p->fd, hdr, sizeof hdr, ANSWER_TIMEOUT_MS);
    struct sreader rd;
    sreader_init(&rd, hdr, sizeof hdr);
    uint64_t len = get_u64(&rd);
    if (r || len < sizeof hdr || len > (1ull << 40) || !(p->msg = malloc(len))) {
        probe_lost(p, r == -2);
        return;
    }
    memcpy(p->msg, hdr, sizeof hdr);
    if ((r = recv_all(p->fd, p->msg + sizeof hdr, len - sizeof hdr, ANSWER_TIMEOUT_MS))) {
        probe_lost(p, r == -2);
        return;
    }
    sreader_init(&rd, p->msg + sizeof hdr, len - sizeof hdr);
    p->steps = get_u64(&rd);
    p->why = get_u32(&rd);
    p->stop_pending = get_u8(&rd);
    p->stop_reason = get_u32(&rd);
    p->exit_code = get_u32(&rd);
    p->watch_addr = get_u64(&rd);
    p->watch_write = get_u8(&rd);
    p->kicked = get_u8(&rd);
    p->io_hash = get_u64(&rd);
    p->pull_at = get_u64(&rd);
    p->image_len = get_u64(&rd);
    if (rd.bad || p->image_len > rd.len - rd.pos) {
        snprintf(p->failed, sizeof p->failed, "sent a malformed answer");
        return;
    }
    p->image = rd.data + rd.pos;
    rd.pos += p->image_len;
    uint64_t np = get_u64(&rd);
    if (rd.bad || np > (rd.len - rd.pos) / 12 || !(p->pages = malloc((np ? np : 1) * sizeof *p->pages))) {
        snprintf(p->failed, sizeof p->failed, "sent a malformed answer");
        return;
    }
    for (uint64_t i = 0; i < np; i++) {
        p->pages[i].page = get_u32(&rd);
        p->pages[i].hash = get_u64(&rd);
    }
    p->npages = np;
    qsort(p->pages, np, sizeof *p->pages, page_cmp);
}

/* Hashes of the child's current copies of n pages; 0 or -1. */
static int probe_hashes(struct probe *p, const uint32_t *pages, size_t n, uint64_t *out)
{
    int r = 0;
    if (p->fd < 0 || send_cmd(p->fd, 'H', (uint32_t)n) || send_all(p->fd, pages, n * sizeof *pages) ||
        (r = recv_all(p->fd, out, n * sizeof *out, ANSWER_TIMEOUT_MS))) {
        probe_lost(p, r == -2);
        return -1;
    }
    return 0;
}

static int probe_page(struct probe *p, uint32_t page, uint8_t *out)
{
    int r = 0;
    if (p->fd < 0 || send_cmd(p->fd, 'P', page) ||
        (r = recv_all(p->fd, out, LS_PAGE, ANSWER_TIMEOUT_MS))) {
        probe_lost(p, r == -2);
        return -1;
    }
    return 0;
}

static void probe_end(struct probe *p)
{
    if (p->fd >= 0) {
        send_cmd(p->fd, 'Q', 0);
        close(p->fd);
    }
    if (p->pid > 0)
        while (waitpid(p->pid, NULL, 0) < 0 && errno == EINTR)
            ;
    free(p->msg);
    free(p->pages);
    memset(p, 0, sizeof *p);
    p->fd = -1;
}

/* ---- comparing two children ---- */

struct diff {
    bool failed, steps, stop, io, image;
    uint32_t *pages; /* RAM pages whose contents differ, ascending */
    size_t npages;
};

static bool diff_any(const struct diff *d)
{
    return d->failed || d->steps || d->stop || d->io || d->image || d->npages;
}

static int u32_cmp(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return (x > y) - (x < y);
}

/* The n pages (sorted) only `marked` marked: differences where `other`'s
 * copy hashes otherwise (ha has room for n).  0, or -1 if other did not
 * answer. */
static int one_side(struct probe *marked, struct probe *other, const uint32_t *only, size_t n,
                    uint64_t *ha, struct diff *d)
{
    if (probe_hashes(other, only, n, ha))
        return -1;
    for (size_t k = 0, q = 0; k < n; k++) {
        while (marked->pages[q].page != only[k])
            q++;
        if (marked->pages[q].hash != ha[k])
            d->pages[d->npages++] = only[k];
    }
    return 0;
}

/* Pages one child marked and the other did not: ask the other for its
 * copy's hash (a page written with the same bytes, or not at all). */
static int compare_pages(struct probe *a, struct probe *b, struct diff *d)
{
    size_t cap = a->npages + b->npages;
    uint32_t *only_a = malloc((cap ? cap : 1) * sizeof *only_a);
    uint32_t *only_b = malloc((cap ? cap : 1) * sizeof *only_b);
    uint64_t *ha = malloc((cap ? cap : 1) * sizeof *ha);
    d->pages = malloc((cap ? cap : 1) * sizeof *d->pages);
    if (!only_a || !only_b || !ha || !d->pages) {
        free(only_a);
        free(only_b);
        free(ha);
        return -1;
    }
    size_t na = 0, nb = 0, i = 0, j = 0;
    while (i < a->npages || j < b->npages) {
        if (j == b->npages || (i < a->npages && a->pages[i].page < b->pages[j].page))
            only_a[na++] = a->pages[i++].page;
        else if (i == a->npages || b->pages[j].page < a->pages[i].page)
            only_b[nb++] = b->pages[j++].page;
        else {
            if (a->pages[i].hash != b->pages[j].hash)
                d->pages[d->npages++] = a->pages[i].page;
            i++, j++;
        }
    }
    int r = 0;
    if (na && one_side(a, b, only_a, na, ha, d))
        r = -1;
    if (nb && one_side(b, a, only_b, nb, ha, d))
        r = -1;
    free(only_a);
    free(only_b);
    free(ha);
    qsort(d->pages, d->npages, sizeof *d->pages, u32_cmp);
    return r;
}

static void compare(struct probe *a, struct probe *b, struct diff *d)
{
    memset(d, 0, sizeof *d);
    if (a->failed[0] || b->failed[0]) {
        d->failed = true;
        return;
    }
    d->steps = a->steps != b->steps;
    d->stop = a->why != b->why || a->stop_pending != b->stop_pending || a->kicked != b->kicked ||
              (a->stop_pending && (a->stop_reason != b->stop_reason || a->exit_code != b->exit_code ||
                                   (a->stop_reason == MSTOP_WATCHPOINT &&
                                    (a->watch_addr != b->watch_addr || a->watch_write != b->watch_write))));
    d->io = a->io_hash != b->io_hash;
    d->image = a->image_len != b->image_len || memcmp(a->image, b->image, a->image_len) != 0;
    if (compare_pages(a, b, d))
        d->failed = true;
}

static void diff_free(struct diff *d)
{
    free(d->pages);
    memset(d, 0, sizeof *d);
}

/* Both engines from the current state for `budget` steps, compared. */
static void run_pair(const struct span *s, const struct engine *ref, const struct engine *cand,
                     uint64_t budget, struct probe pr[2], struct diff *d)
{
    /* Both start before either is waited for, so they run side by side. */
    probe_start(&pr[0], s, ref, budget);
    probe_start(&pr[1], s, cand, budget);
    probe_receive(&pr[0]);
    probe_receive(&pr[1]);
    compare(&pr[0], &pr[1], d);
}

static void end_pair(struct probe pr[2], struct diff *d)
{
    probe_end(&pr[0]);
    probe_end(&pr[1]);
    diff_free(d);
}

/* The steps after which the slice's first input pull has happened (the
 * pull is inside that step), or UINT64_MAX. */
static uint64_t pulled_by(const struct probe pr[2])
{
    uint64_t p = pr[0].pull_at < pr[1].pull_at ? pr[0].pull_at : pr[1].pull_at;
    return p == UINT64_MAX ? p : p + 1;
}

/* ---- the report ---- */

struct text {
    char *buf;
    size_t len, cap;
};

static void say(struct text *t, const char *fmt, ...)
{
    if (t->len + 1 >= t->cap)
        return;
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(t->buf + t->len, t->cap - t->len, fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    t->len += (size_t)n < t->cap - t->len ? (size_t)n : t->cap - t->len - 1;
}

static const char *stop_name(uint32_t why)
{
    switch (why) {
    case MSTOP_BUDGET: return "none";
    case MSTOP_POWEROFF: return "power-off";
    case MSTOP_FAIL: return "failure";
    case MSTOP_REBOOT: return "reboot";
    case MSTOP_IDLE: return "every hart idle";
    case MSTOP_REQUEST: return "stop request";
    case MSTOP_BREAKPOINT: return "breakpoint";
    case MSTOP_WATCHPOINT: return "watchpoint";
    default: return "stop";
    }
}

/* What stopped the child's run (the scheduler's answer), else what it
 * asked to stop for. */
static void say_stop(struct text *t, const struct probe *p)
{
    uint32_t why = p->why != MSTOP_BUDGET ? p->why : p->stop_pending ? p->stop_reason : MSTOP_BUDGET;
    say(t, "%s %s", p->e->name, stop_name(why));
    if (why == MSTOP_FAIL)
        say(t, " (code %d)", (int)p->exit_code);
}

static uint64_t image_u64(const uint8_t *p)
{
    struct sreader r;
    sreader_init(&r, p, 8);
    return get_u64(&r);
}

static size_t field_index(const char *name)
{
    char buf[64];
    for (size_t i = 0; i < hart_state_nfields(); i++)
        if (!strcmp(hart_state_field_name(i, buf, sizeof buf), name))
            return i;
    return 0;
}

static void report_harts(struct text *t, const struct machine *m, const struct probe *a,
                         const struct probe *b, const struct machine_state_parts *pa,
                         const struct machine_state_parts *pb)
{
    size_t shown = 0, more = 0, nf = hart_state_nfields();
    for (unsigned hi = 0; hi < pa->nharts && hi < pb->nharts && hi < m->nharts; hi++)
        for (size_t i = 1; i < nf; i++) { /* field 0 is the image's version */
            uint64_t x = image_u64(a->image + pa->hart_off[hi] + 8 * i);
            uint64_t y = image_u64(b->image + pb->hart_off[hi] + 8 * i);
            if (x == y)
                continue;
            if (shown++ == MAX_FIELD_LINES) {
                more++;
                shown--;
                continue;
            }
            char name[64];
            say(t, "\n  hart %u %s: %s 0x%016llx, %s 0x%016llx", hi,
                hart_state_field_name(i, name, sizeof name), a->e->name, (unsigned long long)x,
                b->e->name, (unsigned long long)y);
        }
    if (more)
        say(t, "\n  and %zu more hart fields", more);
}

static void report_devices(struct text *t, const struct machine *m, const struct probe *a,
                           const struct probe *b, const struct machine_state_parts *pa,
                           const struct machine_state_parts *pb)
{
    for (unsigned i = 0; i < pa->ndevices && i < pb->ndevices && i < m->ndevices; i++) {
        const uint8_t *x = a->image + pa->dev_off[i], *y = b->image + pb->dev_off[i];
        size_t nx = pa->dev_len[i], ny = pb->dev_len[i], k = 0;
        while (k < nx && k < ny && x[k] == y[k])
            k++;
        if (k == nx && k == ny)
            continue;
        const struct device *dv = &m->devices[i];
        say(t, "\n  device %s at 0x%llx: its saved state differs from byte %zu", dv->name,
            (unsigned long long)dv->base, k);
        if (k < nx && k < ny)
            say(t, " (%s 0x%02x, %s 0x%02x)", a->e->name, x[k], b->e->name, y[k]);
        if (nx != ny)
            say(t, " (%zu bytes in %s, %zu in %s)", nx, a->e->name, ny, b->e->name);
    }
}

static void report_pages(struct text *t, const struct machine *m, struct probe *a, struct probe *b,
                         const struct diff *d)
{
    uint8_t *x = malloc(2 * LS_PAGE), *y = x + LS_PAGE;
    for (size_t i = 0; i < d->npages && i < MAX_PAGE_LINES; i++) {
        uint64_t base = m->bus.ram_base + (uint64_t)d->pages[i] * LS_PAGE;
        if (!x || probe_page(a, d->pages[i], x) || probe_page(b, d->pages[i], y)) {
            say(t, "\n  RAM page 0x%llx", (unsigned long long)base);
            continue;
        }
        size_t first = LS_PAGE, n = 0;
        for (size_t k = 0; k < LS_PAGE; k++)
            if (x[k] != y[k] && n++ == 0)
                first = k;
        if (!n)
            continue;
        say(t, "\n  RAM 0x%llx: %s 0x%02x, %s 0x%02x (%zu byte%s of page 0x%llx differ%s)",
            (unsigned long long)(base + first), a->e->name, x[first], b->e->name, y[first], n,
            n == 1 ? "" : "s", (unsigned long long)base, n == 1 ? "s" : "");
    }
    if (d->npages > MAX_PAGE_LINES)
        say(t, "\n  and %zu more RAM pages", d->npages - MAX_PAGE_LINES);
    free(x);
}

/* The hart whose step `step` is: the span's, else one whose step count
 * the reference (else the candidate) advanced past the machine's. */
static unsigned stepping_hart(const struct span *s, const struct probe pr[2],
                              const struct machine_state_parts parts[2], bool have_parts)
{
    const struct machine *m = s->m;
    if (s->h)
        return (unsigned)(s->h - m->harts);
    size_t ns = field_index("steps");
    for (int k = 0; k < 2 && have_parts; k++)
        for (unsigned i = 0; i < m->nharts && i < parts[k].nharts; i++)
            if (image_u64(pr[k].image + parts[k].hart_off[i] + 8 * ns) != m->harts[i].steps)
                return i;
    return m->next_hart;
}

/* The difference pr and d found at position `step`; the machine is at
 * the state before that step. */
static void report(const struct span *s, uint64_t step, struct probe pr[2], const struct diff *d)
{
    struct machine *m = s->m;
    struct probe *a = &pr[0], *b = &pr[1];
    struct machine_state_parts parts[2];
    bool have_parts = !d->failed && !machine_state_parts(a->image, a->image_len, &parts[0]) &&
                      !machine_state_parts(b->image, b->image_len, &parts[1]);
    unsigned hi = stepping_hart(s, pr, parts, have_parts);
    struct hart *h = &m->harts[hi];
    struct text t = {m->diverge_report, 0, sizeof m->diverge_report};
    say(&t, "lockstep: %s and %s differ at step %llu (hart %u's step %llu); the machine stopped "
            "before it, at %llu",
        a->e->name, b->e->name, (unsigned long long)step, hi, (unsigned long long)(h->steps + 1),
        (unsigned long long)machine_position(m));
    char text[96] = "?";
    struct dinsn di;
    if (mmu_debug_fetch(h, h->pc, &di))
        insn_disasm(&di, h->pc, text, sizeof text);
    say(&t, "\n  the step: hart %u at pc 0x%016llx: %s", hi, (unsigned long long)h->pc, text);
    if (have_parts && hi < parts[0].nharts && hi < parts[1].nharts) {
        /* Whether that step was a trap entry rather than the instruction. */
        size_t nt = field_index("ntraps");
        bool ta = image_u64(a->image + parts[0].hart_off[hi] + 8 * nt) != h->ntraps;
        bool tb = image_u64(b->image + parts[1].hart_off[hi] + 8 * nt) != h->ntraps;
        if (ta || tb)
            say(&t, " (a trap entry in %s%s%s)", ta ? a->e->name : b->e->name,
                ta && tb ? " and " : "", ta && tb ? b->e->name : "");
    }
    for (int i = 0; i < 2; i++)
        if (pr[i].failed[0])
            say(&t, "\n  %s %s", pr[i].e->name, pr[i].failed);
    if (d->failed)
        return;
    if (d->steps)
        say(&t, "\n  steps taken: %s %llu, %s %llu", a->e->name, (unsigned long long)a->steps,
            b->e->name, (unsigned long long)b->steps);
    if (d->stop) {
        say(&t, "\n  machine stop: ");
        say_stop(&t, a);
        say(&t, ", ");
        say_stop(&t, b);
        if (a->kicked != b->kicked)
            say(&t, "; deadline kick: %s %s, %s %s", a->e->name, a->kicked ? "yes" : "no",
                b->e->name, b->kicked ? "yes" : "no");
    }
    if (d->image) {
        if (have_parts) {
            report_harts(&t, m, a, b, &parts[0], &parts[1]);
            report_devices(&t, m, a, b, &parts[0], &parts[1]);
        } else {
            say(&t, "\n  machine state images differ (%zu and %zu bytes)", a->image_len, b->image_len);
        }
    }
    report_pages(&t, m, a, b, d);
    if (d->io)
        say(&t, "\n  console output, trap entries or input requests differ");
}

/* ---- checking ---- */

/* This process could not start a child: the span cannot be checked, and
 * running on unchecked would defeat the mode, so the machine stops. */
static void cannot_check(struct machine *m, uint64_t pos, struct probe pr[2], struct diff *d)
{
    snprintf(m->diverge_report, sizeof m->diverge_report,
             "lockstep: cannot run the engines at step %llu: %s", (unsigned long long)pos,
             pr[0].setup_failed ? pr[0].failed : pr[1].failed);
    m->diverge_step = pos;
    end_pair(pr, d);
}

/* Check up to `budget` steps of the span and run here, with the real
 * console, trace and inputs, what was found equal: the steps taken, or
 * fewer (up to an input pull).  *why is what that run stopped for.  When
 * the engines differ, run the steps before the first differing one with
 * the reference, fill m->diverge_report, and set *diverged. */
static uint64_t check(const struct span *s, const struct engine *ref, const struct engine *cand,
                      uint64_t budget, uint32_t *why, bool *diverged)
{
    struct machine *m = s->m;
    struct probe pr[2], np[2];
    struct diff d, nd;
    *why = MSTOP_BUDGET;
    *diverged = false;
    run_pair(s, ref, cand, budget, pr, &d);
    if (pr[0].setup_failed || pr[1].setup_failed) {
        cannot_check(m, s->start, pr, &d);
        *diverged = true;
        return 0;
    }
    uint64_t pulled = pulled_by(pr);
    if (!diff_any(&d)) {
        end_pair(pr, &d);
        return span_run(s, cand, pulled < budget ? pulled : budget, why);
    }
    /* From here on the engines agree after `lo` steps and differ after
     * `hi` (the pair in pr and d): bisect. */
    uint64_t lo = 0, hi = budget;
    if (pulled < hi) {
        /* Beyond the pull the children ran on stand-in input: check only
         * up to it, and take the real input before going further. */
        run_pair(s, ref, cand, pulled, np, &nd);
        if (np[0].setup_failed || np[1].setup_failed) {
            end_pair(pr, &d);
            cannot_check(m, s->start, np, &nd);
            *diverged = true;
            return 0;
        }
        if (!diff_any(&nd)) {
            end_pair(np, &nd);
            end_pair(pr, &d);
            return span_run(s, cand, pulled, why);
        }
        end_pair(pr, &d);
        memcpy(pr, np, sizeof np);
        d = nd;
        hi = pulled;
    }
    while (hi - lo > 1) {
        uint64_t mid = lo + (hi - lo) / 2;
        run_pair(s, ref, cand, mid, np, &nd);
        if (np[0].setup_failed || np[1].setup_failed) {
            end_pair(pr, &d);
            cannot_check(m, s->start, np, &nd);
            *diverged = true;
            return 0;
        }
        if (diff_any(&nd)) {
            end_pair(pr, &d);
            memcpy(pr, np, sizeof np);
            d = nd;
            hi = mid;
        } else {
            end_pair(np, &nd);
            lo = mid;
        }
    }
    /* The steps both agree on, run here with the reference, so that the
     * machine stops on the last state they share. */
    uint64_t done = hi > 1 ? span_run(s, ref, hi - 1, why) : 0;
    if (done == hi - 1 && *why == MSTOP_BUDGET) {
        m->diverge_step = s->start + hi;
        report(s, s->start + hi, pr, &d);
        *diverged = true;
    } /* else something here stopped it first (a hook's stop request) */
    end_pair(pr, &d);
    return done;
}

/* ---- the two entries ---- */

uint64_t lockstep_run(struct hart *h, uint64_t budget)
{
    struct machine *m = h->m;
    const struct engine *ref, *cand;
    pick_engines(m, &ref, &cand);
    if (!budget)
        return 0;
    struct span s = {m, h, machine_position(m)};
    uint32_t why;
    bool diverged;
    uint64_t n = check(&s, ref, cand, budget, &why, &diverged);
    if (diverged)
        machine_stop_for(m, MSTOP_DIVERGED);
    return n;
}

enum machine_stop lockstep_machine_run(struct machine *m, uint64_t max_steps)
{
    const struct engine *ref, *cand;
    pick_engines(m, &ref, &cand);
    uint64_t target = m->steps + max_steps < m->steps ? UINT64_MAX : m->steps + max_steps;
    for (;;) {
        /* Nothing to check: a pending stop, or no steps asked for. */
        if (m->stop_pending || m->steps >= target)
            return machine_run_engine(m, cand, 0);
        /* Checked before, on this course: the candidate alone. */
        if (m->steps < m->lockstep_checked) {
            uint64_t end = target < m->lockstep_checked ? target : m->lockstep_checked;
            enum machine_stop why = machine_run_engine(m, cand, end - m->steps);
            if (why != MSTOP_BUDGET)
                return why;
            continue;
        }
        uint64_t n = target - m->steps < LOCKSTEP_ROUND ? target - m->steps : LOCKSTEP_ROUND;
        struct span s = {m, NULL, m->steps};
        uint32_t why;
        bool diverged;
        check(&s, ref, cand, n, &why, &diverged);
        if (diverged)
            return MSTOP_DIVERGED;
        if (why != MSTOP_BUDGET)
            return (enum machine_stop)why;
    }
}
