/* The contract between the machine and a device model.
 *
 * A device is one file: its state, MMIO handlers, reset, FDT node.  Devices
 * never reach into the machine directly; everything they need from outside
 * (raising an interrupt, reading virtual time, printing, stopping the
 * machine) goes through `struct dev_host`, so unit tests can supply fakes. */
#ifndef REWIND_CORE_DEVICE_H
#define REWIND_CORE_DEVICE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Ways a device can ask the machine to stop running. */
enum dev_stop_kind {
    DEV_STOP_POWEROFF = 1, /* clean shutdown, exit code 0 */
    DEV_STOP_REBOOT = 2,   /* guest asked for reset */
    DEV_STOP_FAIL = 3,     /* guest reported failure, `code` is meaningful */
};

/* mip bits a device may drive. */
#define MIP_SSIP (1ull << 1)
#define MIP_MSIP (1ull << 3)
#define MIP_STIP (1ull << 5)
#define MIP_MTIP (1ull << 7)
#define MIP_SEIP (1ull << 9)
#define MIP_MEIP (1ull << 11)

/* Inputs a device pulls from outside the machine (DESIGN §3.3): they go
 * through the replay layer, which logs them when recording and supplies
 * them from the log when replaying. */
enum dev_input_kind {
    DEV_INPUT_ENTROPY = 2,  /* random bytes (virtio-rng) */
    DEV_INPUT_RTC = 3,      /* wall-clock seed, ns since the epoch, u64 LE (goldfish RTC) */
};

struct sbuf;
struct sreader;

struct dev_host {
    void *opaque;
    /* Drive `mask` bits of hart `hart`'s mip to `level`. */
    void (*set_mip)(void *opaque, unsigned hart, uint64_t mask, bool level);
    /* Virtual time in mtime ticks (10 MHz), a pure function of position. */
    uint64_t (*mtime)(void *opaque);
    /* Bytes the guest wrote to a console. */
    void (*console_out)(void *opaque, const uint8_t *buf, size_t n);
    /* Ask the machine to stop at the end of the current step. */
    void (*request_stop)(void *opaque, enum dev_stop_kind kind, int code);
    /* Interrupt-relevant state changed (e.g. a new mtimecmp): the scheduler
     * must re-evaluate deadlines before running further. */
    void (*kick)(void *opaque);
    /* Fill buf with `len` bytes of outside input of this kind.  Returns 0, or
     * -1 when none can be had (replay log exhausted or diverged): the device
     * then behaves as if the input were not available yet. */
    int (*input_pull)(void *opaque, enum dev_input_kind kind, void *buf, size_t len);
    /* Guest-memory DMA; -1 when [paddr, paddr+len) is not all RAM (the
     * device must then report an error to the guest, never crash). */
    int (*dma_read)(void *opaque, uint64_t paddr, void *buf, size_t len);
    int (*dma_write)(void *opaque, uint64_t paddr, const void *buf, size_t len);
};

/* An interrupt line into the PLIC (or any interrupt controller).
 *
 * Driving a line is an event, as qemu_set_irq is in QEMU: the PLIC pends a
 * source each time it is driven high, whether or not it already was.  A
 * device drives its line exactly where its QEMU 7.2 model does (its file
 * says where), and never from save/load: the controller keeps its own copy. */
struct irq_line {
    void (*set)(void *ctrl, unsigned irq, bool level);
    void *ctrl;
    unsigned irq;
};

static inline void irq_line_set(const struct irq_line *l, bool level)
{
    if (l->set)
        l->set(l->ctrl, l->irq, level);
}

/* MMIO handlers.  `size` is 1, 2, 4 or 8; `off` is relative to the region
 * base.  Return 0, or -1 for an access fault (the hart raises one). */
struct mmio_ops {
    int (*read)(void *dev, uint64_t off, unsigned size, uint64_t *val);
    int (*write)(void *dev, uint64_t off, unsigned size, uint64_t val);
    /* Reads change nothing (a ROM): a debugger may read the region. */
    bool pure_read;
};

/* What fdt.c gives each device when it asks it to describe itself. */
struct fdt_ctx {
    uint32_t plic_phandle;   /* 0 if there is no PLIC yet */
    unsigned nharts;
    uint32_t cpu_intc_phandle[8];
};

/* A device as the machine holds it. */
struct device {
    const char *name;
    uint64_t base, size;
    const struct mmio_ops *ops;
    void *state;
    /* Add this device's node under /soc (fdt is a libfdt blob opened with
     * fdt_open_into; `soc` is the offset of /soc).  May be NULL. */
    int (*fdt_node)(void *state, void *fdt, int soc, const struct fdt_ctx *ctx);
    void (*reset)(void *state);
    void (*destroy)(void *state);
    /* Portable state image (core/serial.h): every field that affects future
     * behaviour, none of the host pointers.  Used for state hashes at
     * checkpoints and, with load, for snapshots.  load returns 0 or -1
     * (malformed image).  May be NULL for stateless devices. */
    void (*save)(void *state, struct sbuf *w);
    int (*load)(void *state, struct sreader *r);
};

#endif
