/* cmocka setup and teardown for the tests of a device made for a number of
 * harts (the CLINT, the PLIC): a fake host, the device on it, reset as at
 * power-on.  The test defines, before including this header,
 *
 *   struct fixture { struct fake_host f; struct device d; ... };
 *   static void fixture_attach(struct fixture *x, const struct dev_host *h, unsigned nharts);
 *
 * where fixture_attach creates the device on h and fills x->d. */
#ifndef REWIND_TESTS_DEVICE_FIXTURE_H
#define REWIND_TESTS_DEVICE_FIXTURE_H

#include <stdlib.h>

#include "tests/unit/fake_host.h"

static int setup_n(void **state, unsigned nharts)
{
    struct fixture *x = calloc(1, sizeof *x);
    struct dev_host h = fake_host_init(&x->f);
    fixture_attach(x, &h, nharts);
    x->d.reset(x->d.state);
    *state = x;
    return 0;
}

static int setup1(void **state)
{
    return setup_n(state, 1);
}

static int setup2(void **state)
{
    return setup_n(state, 2);
}

static int teardown(void **state)
{
    struct fixture *x = *state;
    x->d.destroy(x->d.state);
    free(x);
    return 0;
}

#endif
