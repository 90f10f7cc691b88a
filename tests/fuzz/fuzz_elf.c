/* libFuzzer target: the ELF loader must reject any malformed file with a
 * one-line message, and never read or write outside the input or RAM.
 * Build and run: see tests/fuzz/README.md. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/bus.h"
#include "core/loader.h"

#define RAM_BASE 0x80000000ull
#define RAM_SIZE (16ull << 20)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* One bus for the whole run: mapping 16 MiB per input would dominate. */
    static struct bus bus;
    static int ready;
    if (!ready) {
        if (bus_init(&bus, RAM_BASE, RAM_SIZE))
            abort();
        ready = 1;
    }
    struct image_info info;
    char err[256];
    memset(err, 0, sizeof err);
    /* The loader must not depend on anything past `size`: hand it an exact
     * heap copy so ASan sees any overread. */
    uint8_t *copy = malloc(size ? size : 1);
    if (!copy)
        abort();
    memcpy(copy, data, size);
    int r = loader_load_elf(&bus, copy, size, &info, err, sizeof err);
    free(copy);
    if (r == 0) {
        /* Whatever was loaded lies inside RAM. */
        if (info.lo < RAM_BASE || info.hi > RAM_BASE + RAM_SIZE || info.lo >= info.hi)
            abort();
    } else {
        /* A rejection always says why, on one line. */
        if (r != -1 || err[0] == 0 || strchr(err, '\n'))
            abort();
    }
    return 0;
}
