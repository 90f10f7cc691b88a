/* A real machine for the unit tests that need whole harts (CSRs, MMU, PMP,
 * the interpreter): it boots a one-instruction raw image (`j .`) with no
 * firmware, as `rewind run --bios none` would, in 32 MiB of RAM at
 * 0x80000000.  Include after <cmocka.h>. */
#ifndef REWIND_TESTS_TEST_MACHINE_H
#define REWIND_TESTS_TEST_MACHINE_H

#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>

#include "core/machine.h"

/* A machine booting `kernel` (an ELF or raw image) with no firmware. */
static inline struct machine *test_machine_boot(const char *kernel, unsigned nharts, uint64_t ram)
{
    struct machine_config cfg;
    machine_config_defaults(&cfg);
    cfg.ram_size = ram;
    cfg.nharts = nharts;
    cfg.bios_kind = BIOS_NONE;
    cfg.kernel_path = kernel;
    char err[MACHINE_ERR_LEN] = "";
    struct machine *m = machine_create(&cfg, NULL, err);
    if (!m)
        fail_msg("machine_create(%s): %s", kernel, err);
    return m;
}

/* The one-instruction machine, with `ram` bytes of RAM. */
static inline struct machine *test_machine_create_ram(unsigned nharts, uint64_t ram)
{
    char path[] = "/tmp/rewind-test-machine-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    static const uint32_t prog[] = {0x0000006f}; /* j . */
    assert_int_equal(write(fd, prog, sizeof prog), (ssize_t)sizeof prog);
    close(fd);
    struct machine *m = test_machine_boot(path, nharts, ram);
    unlink(path);
    return m;
}

static inline struct machine *test_machine_create(unsigned nharts)
{
    return test_machine_create_ram(nharts, 32ull << 20);
}

/* cmocka setup and teardown: a one-hart machine in *state. */
static inline int test_machine_setup(void **state)
{
    *state = test_machine_create(1);
    return 0;
}

static inline int test_machine_teardown(void **state)
{
    machine_destroy(*state);
    return 0;
}

#endif
