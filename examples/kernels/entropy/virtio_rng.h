// A polled driver for the virtio entropy device (virtio-rng) over modern
// (version 2) virtio-mmio.
#ifndef VIRTIO_RNG_H
#define VIRTIO_RNG_H

#include <stdint.h>

// Finds the device in the virtio-mmio slots and sets it up.  Returns NULL,
// or what went wrong.  *slot is set to the slot probed last.
const char *rng_init(int *slot);

// Fills buf with len random bytes.  Returns 0, or -1 if the device did not
// answer within five seconds of machine time.
int rng_read(uint8_t *buf, uint32_t len);

#endif
