/* rewind run: boot a machine live, console on stdin/stdout. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/machine.h"
#include "core/statehash.h"
#include "tools/commands.h"
#include "tools/console.h"
#include "tools/options.h"

/* How many steps to run between looks at the host (input, Ctrl-A). */
#define SLICE_STEPS (1ull << 21)

struct run_ctx {
    struct console con;
    struct machine *m;
};

static void on_console(void *opaque, const uint8_t *buf, size_t n)
{
    struct run_ctx *r = opaque;
    if (console_output(&r->con, buf, n))
        machine_request_stop(r->m);
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static void feed_input(struct run_ctx *r)
{
    if (!r->con.npending)
        return;
    size_t n = machine_console_input(r->m, r->con.pending, r->con.npending);
    memmove(r->con.pending, r->con.pending + n, r->con.npending - n);
    r->con.npending -= n;
}

static int finish(struct run_ctx *r, int code, const char *fmt, unsigned long long a)
{
    console_restore(&r->con);
    if (fmt) {
        fprintf(stderr, "\nrewind: ");
        fprintf(stderr, fmt, a);
        fputc('\n', stderr);
    }
    return code;
}

static int guest_code(int code)
{
    /* Keep guest failure codes inside what git bisect run reads as "bad". */
    if (code <= 0) return 1;
    if (code > 124) return 124;
    return code;
}

int cmd_run(int argc, char **argv)
{
    struct run_options o;
    memset(&o, 0, sizeof o);
    machine_config_defaults(&o.mc);
    bool help;
    char err[MACHINE_ERR_LEN];
    if (options_parse(argc, argv, &o, &help, err, sizeof err)) {
        fprintf(stderr, "rewind run: %s\n", err);
        return 2;
    }
    if (help) {
        printf("usage: rewind run [options] KERNEL\n\nBoot KERNEL live on QEMU's virt board. "
               "Ctrl-A x quits, Ctrl-A h helps.\n\n%s", options_machine_help);
        return 0;
    }
    if (!o.mc.kernel_path && o.mc.bios_kind != BIOS_FILE) {
        fprintf(stderr, "rewind run: no kernel given (usage: rewind run [options] KERNEL)\n");
        return 2;
    }
    struct run_ctx *r = calloc(1, sizeof *r);
    if (!r) {
        fprintf(stderr, "rewind run: out of memory\n");
        return 2;
    }
    struct machine_io io = {r, on_console, NULL};
    r->m = machine_create(&o.mc, &io, err);
    if (!r->m) {
        fprintf(stderr, "rewind run: %s\n", err);
        free(r);
        return 2;
    }
    struct machine *m = r->m;
    if (m->bios_desc[0])
        fprintf(stderr, "rewind: %s\n", m->bios_desc);
    console_init(&r->con, o.expect, o.fail);

    double t0 = now_s();
    int rc = -1;
    while (rc < 0) {
        console_poll(&r->con, 0);
        if (r->con.quit) {
            rc = finish(r, 0, "quit at step %llu", (unsigned long long)m->steps);
            break;
        }
        feed_input(r);
        uint64_t slice = SLICE_STEPS;
        if (o.until_step && o.until_step - m->steps < slice)
            slice = o.until_step - m->steps;
        if (o.timeout_steps && o.timeout_steps - m->steps < slice)
            slice = o.timeout_steps - m->steps;
        enum machine_stop why = machine_run(m, slice);
        if (r->con.fail.hit) {
            rc = finish(r, 1, "console showed the --fail text at step %llu", (unsigned long long)m->steps);
            break;
        }
        if (r->con.expect.hit) {
            rc = finish(r, 0, "console showed the --expect text at step %llu", (unsigned long long)m->steps);
            break;
        }
        switch (why) {
        case MSTOP_POWEROFF:
            rc = o.expect ? finish(r, 1, "guest powered off at step %llu without showing the --expect text",
                                   (unsigned long long)m->steps)
                          : finish(r, 0, NULL, 0);
            break;
        case MSTOP_FAIL:
            rc = finish(r, guest_code(m->exit_code), "guest reported failure code %llu",
                        (unsigned long long)m->exit_code);
            break;
        case MSTOP_REBOOT:
            rc = finish(r, 0, "guest asked for a reboot at step %llu; stopping", (unsigned long long)m->steps);
            break;
        case MSTOP_IDLE:
            /* Every hart waits and no timer is armed: only input can help. */
            if (r->con.eof && !r->con.npending) {
                rc = finish(r, 125, "every hart waits for an interrupt and no timer or input can come (step %llu)",
                            (unsigned long long)m->steps);
                break;
            }
            if (!r->con.npending)
                console_poll(&r->con, 200);
            break;
        case MSTOP_REQUEST:
        case MSTOP_BUDGET:
            break;
        }
        if (rc >= 0)
            break;
        if (o.until_step && m->steps >= o.until_step) {
            struct machine_hashes hs;
            machine_state_hash(m, &hs);
            console_restore(&r->con);
            fprintf(stderr, "\nrewind: reached step %llu, state hash %016llx (pc %016llx)\n",
                    (unsigned long long)m->steps, (unsigned long long)hs.all,
                    (unsigned long long)m->harts[0].pc);
            rc = 0;
        }
        else if (o.timeout_steps && m->steps >= o.timeout_steps)
            rc = finish(r, 125, "no decision after %llu steps (--timeout-steps)", (unsigned long long)m->steps);
    }
    double secs = now_s() - t0;
    if (o.stats)
        fprintf(stderr, "rewind: steps=%llu seconds=%.3f mips=%.1f\n", (unsigned long long)m->steps, secs,
                secs > 0 ? (double)m->steps / secs / 1e6 : 0.0);
    machine_destroy(m);
    free(r);
    return rc;
}
