/* NS16550A: registers, FIFO, interrupt identification and the irq line. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>

#include "devices/uart16550.h"
#include "tests/unit/fake_host.h"

#define IRQ 10

enum { RBR = 0, THR = 0, DLL = 0, IER = 1, DLM = 1, IIR = 2, FCR = 2, LCR = 3,
       MCR = 4, LSR = 5, MSR = 6, SCR = 7 };

struct fixture {
    struct fake_host f;
    struct uart16550 *u;
    struct device d;
};

static int setup(void **state)
{
    struct fixture *x = calloc(1, sizeof *x);
    struct dev_host h = fake_host_init(&x->f);
    x->u = uart16550_create(&h, fake_irq_line(&x->f, IRQ));
    assert_non_null(x->u);
    uart16550_device(x->u, 0x10000000, &x->d);
    x->d.reset(x->d.state);
    *state = x;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *x = *state;
    x->d.destroy(x->d.state);
    free(x);
    return 0;
}

static uint8_t rd(struct fixture *x, unsigned reg)
{
    return (uint8_t)dev_rd(&x->d, reg, 1);
}

static void wr(struct fixture *x, unsigned reg, uint8_t v)
{
    dev_wr(&x->d, reg, 1, v);
}

static void test_device_description(void **state)
{
    struct fixture *x = *state;
    assert_int_equal(x->d.base, 0x10000000);
    assert_int_equal(x->d.size, 0x100);
    assert_non_null(x->d.fdt_node);
    assert_ptr_equal(x->d.state, x->u);
}

static void test_reset_values(void **state)
{
    struct fixture *x = *state;
    assert_int_equal(rd(x, LSR), 0x60); /* THRE | TEMT, no data */
    assert_int_equal(rd(x, IIR), 0x01); /* nothing pending, FIFOs off */
    assert_int_equal(rd(x, IER), 0);
    assert_int_equal(rd(x, LCR), 0);
    assert_int_equal(rd(x, MSR), 0xb0); /* DCD, DSR, CTS: an attached, ready peer */
    assert_false(x->f.irq[IRQ]);
}

static void test_tx_goes_to_console(void **state)
{
    struct fixture *x = *state;
    wr(x, THR, 'o');
    wr(x, THR, 'k');
    assert_int_equal(x->f.nout, 2);
    assert_memory_equal(x->f.out, "ok", 2);
    assert_int_equal(rd(x, LSR) & 0x60, 0x60); /* transmitter immediately empty */
}

static void test_rx_fifo_overflow_and_order(void **state)
{
    struct fixture *x = *state;
    uint8_t in[20];
    for (unsigned i = 0; i < sizeof in; i++)
        in[i] = (uint8_t)('a' + i);
    assert_int_equal(uart16550_rx_space(x->u), 16);
    assert_int_equal(uart16550_rx(x->u, in, sizeof in), 16);
    assert_int_equal(uart16550_rx_space(x->u), 0);
    assert_int_equal(uart16550_rx(x->u, in, 1), 0);
    assert_int_equal(rd(x, LSR) & 0x03, 0x01); /* data ready, no overrun */

    for (unsigned i = 0; i < 16; i++) {
        assert_int_equal(rd(x, LSR) & 1, 1);
        assert_int_equal(rd(x, RBR), 'a' + i);
    }
    assert_int_equal(rd(x, LSR) & 1, 0);
    assert_int_equal(uart16550_rx_space(x->u), 16);
    /* Bytes refused earlier were not half-stored anywhere. */
    assert_int_equal(uart16550_rx(x->u, (const uint8_t *)"Z", 1), 1);
    assert_int_equal(rd(x, RBR), 'Z');
}

static void test_dlab_switches_registers(void **state)
{
    struct fixture *x = *state;
    wr(x, IER, 0x01);
    wr(x, LCR, 0x83); /* DLAB, 8N1 */
    wr(x, DLL, 0x03);
    wr(x, DLM, 0x01);
    assert_int_equal(x->f.nout, 0); /* the divisor write did not transmit */
    assert_int_equal(rd(x, DLL), 0x03);
    assert_int_equal(rd(x, DLM), 0x01);

    wr(x, LCR, 0x03);
    assert_int_equal(rd(x, LCR), 0x03);
    assert_int_equal(rd(x, IER), 0x01); /* IER kept, not overwritten by DLM */
    uart16550_rx(x->u, (const uint8_t *)"q", 1);
    assert_int_equal(rd(x, RBR), 'q'); /* offset 0 is RBR again, not DLL */
    wr(x, THR, 'x');
    assert_int_equal(x->f.nout, 1);

    wr(x, LCR, 0x83);
    assert_int_equal(rd(x, DLL), 0x03);
    assert_int_equal(rd(x, DLM), 0x01);
}

static void test_iir_priorities(void **state)
{
    struct fixture *x = *state;
    wr(x, IER, 0x03); /* RX data and THR empty */
    assert_true(x->f.irq[IRQ]);

    uart16550_rx(x->u, (const uint8_t *)"k", 1);
    /* Received data outranks THR empty, and reading IIR does not clear it. */
    assert_int_equal(rd(x, IIR) & 0x0f, 0x04);
    assert_int_equal(rd(x, IIR) & 0x0f, 0x04);
    assert_int_equal(rd(x, RBR), 'k');

    /* THRE was hidden, not lost; reporting it acknowledges it. */
    assert_true(x->f.irq[IRQ]);
    assert_int_equal(rd(x, IIR) & 0x0f, 0x02);
    assert_false(x->f.irq[IRQ]);
    assert_int_equal(rd(x, IIR) & 0x0f, 0x01);
}

static void test_thre_rearms(void **state)
{
    struct fixture *x = *state;
    wr(x, IER, 0x02);
    assert_int_equal(rd(x, IIR) & 0x0f, 0x02);
    assert_false(x->f.irq[IRQ]);

    /* A transmitted byte empties THR again: a new THRE event. */
    wr(x, THR, 'a');
    assert_true(x->f.irq[IRQ]);
    assert_int_equal(rd(x, IIR) & 0x0f, 0x02);
    assert_false(x->f.irq[IRQ]);

    /* Re-enabling ETBEI while THR is empty raises THRE (Linux probes this). */
    wr(x, IER, 0x00);
    assert_int_equal(rd(x, IIR) & 0x0f, 0x01);
    wr(x, IER, 0x02);
    assert_true(x->f.irq[IRQ]);
    /* Rewriting the same IER value is not a new event once acknowledged. */
    assert_int_equal(rd(x, IIR) & 0x0f, 0x02);
    wr(x, IER, 0x02);
    assert_false(x->f.irq[IRQ]);
}

static void test_irq_disabled_sources_stay_quiet(void **state)
{
    struct fixture *x = *state;
    uart16550_rx(x->u, (const uint8_t *)"a", 1);
    wr(x, THR, 'b');
    assert_false(x->f.irq[IRQ]);
    assert_int_equal(rd(x, IIR) & 0x0f, 0x01);
    wr(x, IER, 0x01);
    assert_true(x->f.irq[IRQ]);
    rd(x, RBR);
    assert_false(x->f.irq[IRQ]);
}

/* The line is driven where QEMU 7.2's serial model drives it, and only
 * there: the PLIC pends the source on every drive high. */
static void test_irq_driven_at_qemu_points(void **state)
{
    struct fixture *x = *state;
    wr(x, IER, 0x01);
    unsigned calls = x->f.irq_calls;
    uart16550_rx(x->u, (const uint8_t *)"ab", 2);
    assert_int_equal(x->f.irq_calls, calls + 1);
    assert_true(x->f.irq[IRQ]);
    rd(x, LSR); /* no error bits: not a drive */
    rd(x, LCR);
    rd(x, IIR); /* reports RDI, not THRE: not a drive */
    wr(x, SCR, 1);
    wr(x, LCR, 3);
    wr(x, IER, 0x01); /* unchanged IER: not a drive */
    assert_int_equal(x->f.irq_calls, calls + 1);
    rd(x, RBR); /* every RBR read drives, still high with one byte left */
    assert_int_equal(x->f.irq_calls, calls + 2);
    assert_true(x->f.irq[IRQ]);
    rd(x, RBR);
    assert_int_equal(x->f.irq_calls, calls + 3);
    assert_false(x->f.irq[IRQ]);
    uart16550_rx(x->u, (const uint8_t *)"", 0); /* nothing received: no drive */
    assert_int_equal(x->f.irq_calls, calls + 3);
}

/* xv6's driver: THRE interrupts enabled, IIR never read.  Each byte sent
 * drives the line high once; polling LSR between bytes does not. */
static void test_thre_never_acknowledged(void **state)
{
    struct fixture *x = *state;
    wr(x, FCR, 0x07);
    wr(x, IER, 0x03);
    assert_true(x->f.irq[IRQ]); /* THR is empty */
    for (int i = 0; i < 5; i++) {
        unsigned calls = x->f.irq_calls;
        assert_true(rd(x, LSR) & 0x20);
        rd(x, LSR);
        assert_int_equal(x->f.irq_calls, calls);
        wr(x, THR, (uint8_t)('0' + i));
        assert_int_equal(x->f.irq_calls, calls + 1);
        assert_true(x->f.irq[IRQ]);
    }
    /* Reading IIR acknowledges THRE: one drive, low. */
    unsigned calls = x->f.irq_calls;
    assert_int_equal(rd(x, IIR) & 0x0f, 0x02);
    assert_int_equal(x->f.irq_calls, calls + 1);
    assert_false(x->f.irq[IRQ]);
    assert_int_equal(rd(x, IIR) & 0x0f, 0x01);
    assert_int_equal(x->f.irq_calls, calls + 1);
}

/* FCR writes drive the line, and clearing the transmit FIFO signals an
 * empty THR again (QEMU does both). */
static void test_fcr_clear_tx_signals_thre(void **state)
{
    struct fixture *x = *state;
    wr(x, IER, 0x02);
    assert_int_equal(rd(x, IIR) & 0x0f, 0x02);
    assert_false(x->f.irq[IRQ]);
    unsigned calls = x->f.irq_calls;
    wr(x, FCR, 0x01); /* FIFO enable toggles: both FIFOs flushed */
    assert_int_equal(x->f.irq_calls, calls + 1);
    assert_true(x->f.irq[IRQ]);
    assert_int_equal(rd(x, IIR) & 0x0f, 0x02);
    wr(x, FCR, 0x01); /* no clear bits: a drive, but THRE stays acknowledged */
    assert_int_equal(x->f.irq_calls, calls + 3);
    assert_false(x->f.irq[IRQ]);
}

static void test_fifo_mode_and_trigger_level(void **state)
{
    struct fixture *x = *state;
    wr(x, FCR, 0x81); /* enable, trigger at 8 bytes */
    assert_int_equal(rd(x, IIR) & 0xc0, 0xc0);
    wr(x, IER, 0x01);

    uart16550_rx(x->u, (const uint8_t *)"1234567", 7);
    assert_int_equal(rd(x, IIR), 0xcc); /* below trigger: character timeout */
    uart16550_rx(x->u, (const uint8_t *)"8", 1);
    assert_int_equal(rd(x, IIR), 0xc4); /* at trigger: data available */

    wr(x, FCR, 0x83); /* clear RX FIFO */
    assert_int_equal(rd(x, LSR) & 1, 0);
    assert_int_equal(uart16550_rx_space(x->u), 16);
    assert_false(x->f.irq[IRQ]);

    wr(x, FCR, 0x00);
    assert_int_equal(rd(x, IIR) & 0xc0, 0);
}

static void test_loopback(void **state)
{
    struct fixture *x = *state;
    wr(x, MCR, 0x10 | 0x02 | 0x01); /* loop, RTS, DTR */
    assert_int_equal(rd(x, MSR) & 0xf0, 0x30); /* CTS, DSR from RTS, DTR */
    wr(x, THR, 'L');
    assert_int_equal(x->f.nout, 0);
    assert_int_equal(rd(x, LSR) & 1, 1);
    assert_int_equal(rd(x, RBR), 'L');

    for (unsigned i = 0; i < 17; i++)
        wr(x, THR, (uint8_t)i);
    uint8_t lsr = rd(x, LSR);
    assert_int_equal(lsr & 0x02, 0x02); /* the 17th byte overran */
    assert_int_equal(rd(x, LSR) & 0x02, 0); /* and reading LSR cleared it */

    wr(x, MCR, 0);
    wr(x, THR, 'o');
    assert_int_equal(x->f.nout, 1);
}

static void test_scratch_and_wide_access(void **state)
{
    struct fixture *x = *state;
    wr(x, SCR, 0x5a);
    assert_int_equal(rd(x, SCR), 0x5a);
    /* reg-shift 0 with 32-bit accesses, as some drivers use. */
    dev_wr(&x->d, SCR, 4, 0xa5);
    assert_int_equal(dev_rd(&x->d, SCR, 4), 0xa5);
    assert_int_equal(dev_rd(&x->d, LSR, 4), 0x60);
    dev_wr(&x->d, THR, 4, 'W');
    assert_int_equal(x->f.nout, 1);
    assert_int_equal(x->f.out[0], 'W');
    /* Beyond the eight registers: reads as zero, writes change nothing. */
    dev_wr(&x->d, 0x20, 1, 0xff);
    assert_int_equal(dev_rd(&x->d, 0x20, 1), 0);
    assert_int_equal(x->f.nout, 1);
}

static void test_reset_drops_line_and_fifo(void **state)
{
    struct fixture *x = *state;
    wr(x, IER, 0x01);
    uart16550_rx(x->u, (const uint8_t *)"abc", 3);
    assert_true(x->f.irq[IRQ]);
    x->d.reset(x->d.state);
    assert_false(x->f.irq[IRQ]);
    assert_int_equal(uart16550_rx_space(x->u), 16);
    assert_int_equal(rd(x, IER), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
        T(test_device_description),
        T(test_reset_values),
        T(test_tx_goes_to_console),
        T(test_rx_fifo_overflow_and_order),
        T(test_dlab_switches_registers),
        T(test_iir_priorities),
        T(test_thre_rearms),
        T(test_irq_disabled_sources_stay_quiet),
        T(test_irq_driven_at_qemu_points),
        T(test_thre_never_acknowledged),
        T(test_fcr_clear_tx_signals_thre),
        T(test_fifo_mode_and_trigger_level),
        T(test_loopback),
        T(test_scratch_and_wide_access),
        T(test_reset_drops_line_and_fifo),
#undef T
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
