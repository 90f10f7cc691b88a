/* A hart's architectural state as a portable image (core/serial.h), and the
 * names of its fields, so divergence reports can say "hart 0 a0" rather
 * than "the hashes differ". */
#ifndef REWIND_ISA_RISCV_HART_STATE_H
#define REWIND_ISA_RISCV_HART_STATE_H
#include <stddef.h>
#include <stdint.h>
#include "core/serial.h"
#include "isa/riscv/hart.h"

/* Number of 64-bit fields in the image. */
size_t hart_state_nfields(void);
/* Name of field i ("pc", "x10 (a0)", "mstatus", ...). */
const char *hart_state_field_name(size_t i, char *buf, size_t len);
void hart_state_save(const struct hart *h, struct sbuf *w);
/* 0, or -1 when the image is malformed (the hart is then unchanged). */
int hart_state_load(struct hart *h, struct sreader *r);
#endif
