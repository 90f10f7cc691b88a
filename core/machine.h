/* The whole machine: harts, bus, devices, virtual clock, scheduler.
 *
 * Everything mutable hangs off `struct machine`; several machines can live
 * in one process (tests, lockstep). */
#ifndef REWIND_CORE_MACHINE_H
#define REWIND_CORE_MACHINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/bus.h"
#include "core/device.h"
#include "isa/riscv/hart.h"

#define MACHINE_MAX_HARTS 8
#define MACHINE_MAX_DEVICES 24
#define MACHINE_ERR_LEN 512
#define MACHINE_MAX_BREAKPOINTS 64
#define MACHINE_MAX_WATCHPOINTS 16
#define MACHINE_REPORT_LEN 4096

#define VIRT_BOOTROM_BASE 0x1000ull
#define VIRT_TEST_BASE 0x100000ull
#define VIRT_RTC_BASE 0x101000ull
#define VIRT_CLINT_BASE 0x2000000ull
#define VIRT_PLIC_BASE 0xc000000ull
#define VIRT_UART0_BASE 0x10000000ull
#define VIRT_VIRTIO_BASE 0x10001000ull
#define VIRT_VIRTIO_COUNT 8
#define VIRT_DRAM_BASE 0x80000000ull
#define VIRT_UART0_IRQ 10
#define VIRT_RTC_IRQ 11
#define VIRT_VIRTIO_IRQ 1 /* slot i uses irq 1 + i */

/* One step is one nanosecond; mtime runs at 10 MHz. */
#define STEPS_PER_MTIME_TICK 100

enum bios_kind { BIOS_AUTO, BIOS_NONE, BIOS_OPENSBI, BIOS_FILE };

#define MACHINE_MAX_DRIVES 8

struct machine_drive {
    const char *path;
    bool readonly;
};

struct machine_config {
    uint64_t ram_size;            /* bytes */
    unsigned nharts;
    enum bios_kind bios_kind;
    const char *bios_path;        /* for BIOS_FILE; resolved path for OPENSBI */
    const char *kernel_path;
    const char *initrd_path;
    const char *append;
    uint64_t quantum;             /* round-robin quantum in steps */
    const char *engine;           /* "jit" (default on x86-64), "interp" */
    uint64_t chaos_seed;          /* 0: fixed quantum; else vary it from this seed */
    struct machine_drive drives[MACHINE_MAX_DRIVES]; /* virtio-blk, slot 0 first */
    unsigned ndrives;
    bool rng;                     /* a virtio-rng in the slot after the drives */
    enum { NET_OFF = 0, NET_NONE, NET_LOOPBACK } net; /* a virtio-net after those */
};

void machine_config_defaults(struct machine_config *c);

/* Why machine_run returned. */
enum machine_stop {
    MSTOP_BUDGET = 0,   /* ran the requested number of steps */
    MSTOP_POWEROFF,     /* guest powered off (exit_code 0) */
    MSTOP_FAIL,         /* guest reported failure (exit_code) */
    MSTOP_REBOOT,
    MSTOP_IDLE,         /* every hart waits, and no timer will wake one */
    MSTOP_REQUEST,      /* machine_request_stop() */
    MSTOP_BREAKPOINT,   /* a hart is about to execute a debugger breakpoint */
    MSTOP_WATCHPOINT,   /* a hart accessed a debugger watchpoint (the access is done) */
    MSTOP_DIVERGED,     /* --engine lockstep: the engines disagree (diverge_report) */
};

struct machine_io {
    void *opaque;
    void (*console_out)(void *opaque, const uint8_t *buf, size_t n);
    /* Inputs devices pull (entropy, RTC seed): the replay layer answers. */
    int (*input_pull)(void *opaque, enum dev_input_kind kind, void *buf, size_t len);
    /* Every trap entry, at the position it happens (for the timeline). */
    void (*trap)(void *opaque, unsigned hart, uint64_t step, uint64_t cause, uint64_t epc,
                 uint64_t tval, unsigned from_priv);
};

struct dcache;
struct jit;
struct engine;
struct disk_image;
struct goldfish_rtc;
struct uart16550;
struct aclint;
struct plic;

struct machine {
    struct machine_config cfg;
    struct bus bus;
    struct hart harts[MACHINE_MAX_HARTS];
    unsigned nharts;
    struct device devices[MACHINE_MAX_DEVICES];
    unsigned ndevices;
    struct dev_host host;      /* what devices see */
    struct machine_io io;

    /* Well-known devices the machine talks to directly. */
    struct uart16550 *uart;
    struct aclint *aclint;
    struct plic *plic;
    struct goldfish_rtc *rtc;
    struct disk_image *drives[MACHINE_MAX_DRIVES];

    /* Position and virtual time. */
    uint64_t steps;            /* the position: total steps of all harts */
    uint64_t idle_ns;          /* time skipped while every hart waited */
    unsigned next_hart;        /* round-robin cursor */
    struct hart *running;      /* the hart inside an engine, or NULL */
    uint64_t run_hart_base;    /* running->steps when it was entered */
    /* A debugger's observer of which hart ran which steps: called after
     * each run of a hart with the position of its first step and how many
     * it took (NULL: none; set with machine_observe_runs). */
    void (*run_observer)(void *opaque, unsigned hart, uint64_t from, uint64_t n);
    void *run_observer_opaque;
    uint64_t quantum_left;
    uint64_t chaos_state;      /* --chaos: PRNG state varying the quantum; 0 = off */

    /* Stop requests from devices or the host. */
    bool stop_pending;
    enum machine_stop stop_reason;
    int exit_code;
    bool kicked;               /* re-evaluate deadlines */

    /* Debugger breakpoints (machine_set_breakpoints): a hart about to
     * execute one of these pcs stops the machine, except at position
     * breakpoint_skip_at (so a continue can leave a breakpoint). */
    uint64_t breakpoints[MACHINE_MAX_BREAKPOINTS];
    unsigned nbreakpoints;
    uint64_t breakpoint_skip_at;
    uint64_t breakpoint_filter; /* bit (pc >> 1) % 64 of each breakpoint pc */
    /* Debugger watchpoints (machine_set_watchpoints), and the last hit. */
    struct machine_watch {
        uint64_t addr, len;
        bool read, write;
    } watchpoints[MACHINE_MAX_WATCHPOINTS];
    unsigned nwatchpoints;
    uint64_t watch_skip_at;
    uint64_t watch_hit_addr;
    bool watch_hit_write;

    struct dcache *dcache;     /* decoded instruction pages */
    struct jit *jit;           /* the JIT's translations (made on first use), or NULL */
    const struct engine *engine;
    /* --engine lockstep (core/lockstep.c): the engines it compares (NULL:
     * the defaults), and after MSTOP_DIVERGED the position after the first
     * step on which they differ and what differs, in lines of text. */
    const struct engine *lockstep_ref, *lockstep_cand;
    /* Positions before this have been checked on the course the machine
     * is on (a session says so: what it ran since it last changed course):
     * a re-run up to here (a seek, reverse execution) takes the candidate
     * alone.  0: check everything. */
    uint64_t lockstep_checked;
    uint64_t diverge_step;
    char diverge_report[MACHINE_REPORT_LEN];

    /* Boot info */
    uint64_t entry;            /* where hart 0 starts after the boot ROM */
    uint64_t kernel_end;       /* end of the loaded kernel image */
    uint64_t fdt_addr;
    uint64_t tohost_addr;      /* 0 if the ELF has no tohost */
    uint64_t fromhost_addr;
    void *fdt;                 /* the generated device tree blob */
    size_t fdt_size;
    char bios_desc[256];       /* what firmware choice was made, for printing */
};

/* Create a machine from a configuration: RAM, devices, images, device tree.
 * On failure returns NULL and writes a one-line message into err. */
struct machine *machine_create(const struct machine_config *cfg,
                               const struct machine_io *io,
                               char err[MACHINE_ERR_LEN]);
void machine_destroy(struct machine *m);
/* The checks machine_create makes of the configuration alone (harts, RAM
 * size), for tools that want them before touching any file. */
int machine_config_check(const struct machine_config *cfg, char err[MACHINE_ERR_LEN]);

/* The firmware a configuration boots, as the machine will decide it: with
 * --bios auto the kernel is inspected.  On return *kind is BIOS_NONE or
 * BIOS_FILE (with *path).  desc (may be NULL) explains an automatic choice.
 * 0, or -1 with a message. */
int machine_resolve_bios(const struct machine_config *c, enum bios_kind *kind, const char **path,
                         char *desc, size_t desclen, char err[MACHINE_ERR_LEN]);

/* Run until `max_steps` more steps have been taken or the machine stops. */
enum machine_stop machine_run(struct machine *m, uint64_t max_steps);
/* The same with engine e instead of m's (lockstep runs its two this way). */
enum machine_stop machine_run_engine(struct machine *m, const struct engine *e, uint64_t max_steps);
/* How many steps a front end should ask machine_run for at a time, between
 * its own checks (typed input, commits): 2 Mi, or more under lockstep,
 * which pays two forks per call. */
uint64_t machine_slice_steps(const struct machine *m);

/* Virtual time in nanoseconds and in mtime ticks. */
static inline uint64_t machine_time_ns(const struct machine *m)
{
    return m->steps + m->idle_ns;
}
uint64_t machine_mtime(const struct machine *m);
/* The exact position, also while a hart is running. */
uint64_t machine_position(const struct machine *m);

/* Ask machine_run to return at the next step boundary (thread-unsafe: call
 * from callbacks running inside machine_run). */
void machine_request_stop(struct machine *m);
/* The same with a reason of its own (an engine's MSTOP_DIVERGED), unless
 * another such reason is already pending: the first one wins.  True if it
 * took. */
bool machine_stop_for(struct machine *m, enum machine_stop why);

/* Deliver console input (bytes typed by the user).  Returns the number of
 * bytes the UART accepted (its FIFO may be full). */
size_t machine_console_input(struct machine *m, const uint8_t *buf, size_t n);


/* Move the pages written since the last drain into every registered dirty
 * set (bus_add_dirty_set), and make later stores mark their pages again. */
void machine_drain_dirty(struct machine *m);

/* Observe each run of a hart (see run_observer); fn NULL to stop. */
void machine_observe_runs(struct machine *m, void (*fn)(void *opaque, unsigned hart, uint64_t from, uint64_t n),
                          void *opaque);

/* Debugger breakpoints: machine_run stops (MSTOP_BREAKPOINT) before a hart
 * executes an instruction at one of these pcs (virtual addresses), except
 * at position skip_at.  An engine checks them only while some are set. */
int machine_set_breakpoints(struct machine *m, const uint64_t *pcs, unsigned n, uint64_t skip_at);
/* For engines: should the hart at `pc` stop at `position`?  Records the
 * stop when it should. */
bool machine_breakpoint_hit(struct machine *m, uint64_t pc, uint64_t position);
/* For engines: does some breakpoint have pc's offset in its 4 KiB page (its
 * 2-byte parcel)?  Decoded code at such offsets must keep going through the
 * breakpoint check: machine_set_breakpoints resets their dispatch. */
bool machine_breakpoint_slot(const struct machine *m, uint64_t pc);
/* For engines, before those two: false when no breakpoint can be at pc or
 * at its offset in another page (most pcs, while a few are set). */
static inline bool machine_breakpoint_near(const struct machine *m, uint64_t pc)
{
    return (m->breakpoint_filter >> ((pc >> 1) & 63)) & 1;
}

/* Debugger watchpoints on virtual address ranges: machine_run stops before
 * a hart's load (read) or store (write) that overlaps one
 * (MSTOP_WATCHPOINT; watch_hit_addr says which; the instruction has not
 * executed), except at position skip_at. */
int machine_set_watchpoints(struct machine *m, const struct machine_watch *w, unsigned n,
                            uint64_t skip_at);
/* For engines: does this access hit a watchpoint?  Records the stop. */
bool machine_watch_hit(struct machine *m, uint64_t va, uint64_t len, bool write, uint64_t position);
/* May an access of that kind to the page at vpage hit one (so it must not
 * take the TLB fast path)? */
bool machine_watch_page(const struct machine *m, uint64_t vpage, bool write);

/* Attach a device: maps its MMIO region.  Returns 0 or -1 (too many). */
int machine_add_device(struct machine *m, const struct device *d);

/* Hook for the harts: set/clear mip bits (used by devices and Sstc). */
void machine_set_mip(struct machine *m, unsigned hart, uint64_t mask, bool level);

#endif
