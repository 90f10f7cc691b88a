/* The machine's state apart from RAM as one portable image (core/serial.h):
 * position and scheduler, each hart (architectural state, step count, WFI,
 * LR reservation), each device's own image. */
#ifndef REWIND_CORE_MACHINE_STATE_H
#define REWIND_CORE_MACHINE_STATE_H
#include <stddef.h>
#include <stdint.h>
#include "core/machine.h"
#include "core/serial.h"

/* Position and scheduler: steps, idle time, next hart, quantum left, chaos
 * state, each as a u64 (checkpoints start with these too). */
void machine_sched_save(const struct machine *m, struct sbuf *w);
void machine_state_save(const struct machine *m, struct sbuf *w);
/* 0, or -1 when the image is malformed or from another machine shape.  A
 * failure part-way may leave harts or devices loaded: callers restore a
 * known-good image (they only load images they saved). */
int machine_state_load(struct machine *m, const uint8_t *data, size_t len);

/* Where each hart's and each device's image lies in a machine_state_save
 * image (offsets from its start), for comparing two images part by part.
 * A hart's image is hart_state_nfields() little-endian u64s.  0, or -1
 * when the image is malformed. */
struct machine_state_parts {
    unsigned nharts, ndevices;
    size_t hart_off[MACHINE_MAX_HARTS], hart_len;
    size_t dev_off[MACHINE_MAX_DEVICES], dev_len[MACHINE_MAX_DEVICES];
};
int machine_state_parts(const uint8_t *data, size_t len, struct machine_state_parts *p);
#endif
