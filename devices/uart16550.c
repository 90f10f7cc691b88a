/* NS16550A UART.
 *
 * Transmission is instantaneous: a THR write goes straight to the host
 * console, so THR and the shift register are always empty.  That keeps the
 * device a pure function of guest accesses and host input (no baud-rate
 * timing to model), which the determinism contract needs.
 *
 * Interrupts follow QEMU 7.2's `serial` model, which course kernels are
 * tested against: the line is driven (uart_update_irq) after a THR write,
 * an IER write that changes IER, an FCR write, an RBR read, an IIR read
 * that reports THRE, an LSR read that clears an overrun, and received
 * input — and nowhere else.  With the PLIC's QEMU gateways (plic.c) each
 * of those drives pends the source again when an interrupt is indicated,
 * so a THRE interrupt that the driver never acknowledges through IIR
 * interrupts once per byte sent, not continuously. */
#include "devices/uart16550.h"

#include <libfdt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/serial.h"

#define UART_FIFO_SIZE 16
#define UART_SAVE_TAG 0x54524155u /* "UART" */
#define UART_SAVE_VERSION 1

/* Register offsets (reg-shift 0). */
enum {
    UART_RBR_THR = 0, /* DLL when DLAB */
    UART_IER = 1,     /* DLM when DLAB */
    UART_IIR_FCR = 2,
    UART_LCR = 3,
    UART_MCR = 4,
    UART_LSR = 5,
    UART_MSR = 6,
    UART_SCR = 7,
};

#define UART_IER_RDI 0x01  /* received data available */
#define UART_IER_THRI 0x02 /* THR empty */
#define UART_IER_RLSI 0x04 /* receiver line status */
#define UART_IER_MASK 0x0f

#define UART_IIR_NONE 0x01
#define UART_IIR_THRI 0x02
#define UART_IIR_RDI 0x04
#define UART_IIR_RLSI 0x06
#define UART_IIR_CTI 0x0c  /* character timeout */
#define UART_IIR_FIFO 0xc0 /* FIFOs enabled: drivers detect a 16550A by these */

#define UART_FCR_ENABLE 0x01
#define UART_FCR_CLEAR_RX 0x02
#define UART_FCR_CLEAR_TX 0x04

#define UART_LCR_DLAB 0x80

#define UART_MCR_DTR 0x01
#define UART_MCR_RTS 0x02
#define UART_MCR_OUT1 0x04
#define UART_MCR_OUT2 0x08
#define UART_MCR_LOOP 0x10
#define UART_MCR_MASK 0x1f

#define UART_LSR_DR 0x01
#define UART_LSR_OE 0x02
#define UART_LSR_THRE 0x20
#define UART_LSR_TEMT 0x40

#define UART_MSR_CTS 0x10
#define UART_MSR_DSR 0x20
#define UART_MSR_RI 0x40
#define UART_MSR_DCD 0x80

struct uart16550 {
    struct dev_host host;
    struct irq_line irq;
    uint64_t base;

    uint8_t rx[UART_FIFO_SIZE];
    unsigned rx_head, rx_count;

    uint8_t ier, lcr, mcr, fcr, scr, dll, dlm;
    bool overrun;      /* a looped-back byte found the FIFO full */
    bool thr_pending;  /* THRE interrupt indication, cleared by IIR reads */
};

static unsigned uart_rx_trigger(const struct uart16550 *u)
{
    static const unsigned levels[4] = {1, 4, 8, 14};
    return levels[u->fcr >> 6];
}

/* The highest-priority pending interrupt, as IIR bits 3:0. */
static uint8_t uart_iir_id(const struct uart16550 *u)
{
    if ((u->ier & UART_IER_RLSI) && u->overrun)
        return UART_IIR_RLSI;
    if ((u->ier & UART_IER_RDI) && u->rx_count > 0) {
        /* Below the trigger level real hardware waits four character times
         * and then reports a timeout; we report it at once, since waiting
         * would tie the device to host timing. */
        if (!(u->fcr & UART_FCR_ENABLE) || u->rx_count >= uart_rx_trigger(u))
            return UART_IIR_RDI;
        return UART_IIR_CTI;
    }
    if ((u->ier & UART_IER_THRI) && u->thr_pending)
        return UART_IIR_THRI;
    return UART_IIR_NONE;
}

/* Drive the line from the interrupt state; see the top of the file for
 * when.  OUT2 gates the line only on PC boards, outside the chip; virt
 * wires it straight to the PLIC, and guests such as xv6 never set OUT2. */
static void uart_update_irq(struct uart16550 *u)
{
    irq_line_set(&u->irq, uart_iir_id(u) != UART_IIR_NONE);
}

static bool uart_rx_push(struct uart16550 *u, uint8_t b)
{
    if (u->rx_count == UART_FIFO_SIZE)
        return false;
    u->rx[(u->rx_head + u->rx_count) % UART_FIFO_SIZE] = b;
    u->rx_count++;
    return true;
}

static uint8_t uart_rx_pop(struct uart16550 *u)
{
    if (u->rx_count == 0)
        return 0;
    uint8_t b = u->rx[u->rx_head];
    u->rx_head = (u->rx_head + 1) % UART_FIFO_SIZE;
    u->rx_count--;
    return b;
}

static void uart_rx_clear(struct uart16550 *u)
{
    u->rx_head = 0;
    u->rx_count = 0;
}

static uint8_t uart_msr(const struct uart16550 *u)
{
    if (!(u->mcr & UART_MCR_LOOP))
        return UART_MSR_DCD | UART_MSR_DSR | UART_MSR_CTS; /* a cable that is always ready */
    uint8_t m = 0;
    if (u->mcr & UART_MCR_RTS)
        m |= UART_MSR_CTS;
    if (u->mcr & UART_MCR_DTR)
        m |= UART_MSR_DSR;
    if (u->mcr & UART_MCR_OUT1)
        m |= UART_MSR_RI;
    if (u->mcr & UART_MCR_OUT2)
        m |= UART_MSR_DCD;
    return m;
}

static uint8_t uart_lsr(const struct uart16550 *u)
{
    uint8_t l = UART_LSR_THRE | UART_LSR_TEMT;
    if (u->rx_count > 0)
        l |= UART_LSR_DR;
    if (u->overrun)
        l |= UART_LSR_OE;
    return l;
}

static void uart_transmit(struct uart16550 *u, uint8_t b)
{
    if (u->mcr & UART_MCR_LOOP) {
        if (!uart_rx_push(u, b))
            u->overrun = true;
    } else if (u->host.console_out) {
        u->host.console_out(u->host.opaque, &b, 1);
    }
    /* The byte left at once, so THR is empty again: a fresh THRE event. */
    u->thr_pending = true;
}

static uint8_t uart_read_reg(struct uart16550 *u, unsigned reg)
{
    bool dlab = u->lcr & UART_LCR_DLAB;
    switch (reg) {
    case UART_RBR_THR: {
        if (dlab)
            return u->dll;
        uint8_t b = uart_rx_pop(u);
        uart_update_irq(u);
        return b;
    }
    case UART_IER:
        return dlab ? u->dlm : u->ier;
    case UART_IIR_FCR: {
        uint8_t id = uart_iir_id(u);
        /* Reading IIR acknowledges a THRE interrupt it reports. */
        if (id == UART_IIR_THRI) {
            u->thr_pending = false;
            uart_update_irq(u);
        }
        return id | ((u->fcr & UART_FCR_ENABLE) ? UART_IIR_FIFO : 0);
    }
    case UART_LCR:
        return u->lcr;
    case UART_MCR:
        return u->mcr;
    case UART_LSR: {
        uint8_t l = uart_lsr(u);
        if (u->overrun) { /* error bits clear on read */
            u->overrun = false;
            uart_update_irq(u);
        }
        return l;
    }
    case UART_MSR:
        return uart_msr(u);
    case UART_SCR:
        return u->scr;
    default:
        return 0;
    }
}

static void uart_write_reg(struct uart16550 *u, unsigned reg, uint8_t v)
{
    bool dlab = u->lcr & UART_LCR_DLAB;
    switch (reg) {
    case UART_RBR_THR:
        if (dlab) {
            u->dll = v;
        } else {
            uart_transmit(u, v);
            uart_update_irq(u);
        }
        break;
    case UART_IER:
        if (dlab) {
            u->dlm = v;
        } else {
            uint8_t changed = (u->ier ^ v) & UART_IER_MASK;
            u->ier = v & UART_IER_MASK;
            /* Enabling ETBEI with THR empty raises THRE at once; Linux's
             * 8250 driver probes for exactly this. */
            if (changed & UART_IER_THRI)
                u->thr_pending = u->ier & UART_IER_THRI;
            if (changed)
                uart_update_irq(u);
        }
        break;
    case UART_IIR_FCR:
        /* Toggling the FIFO enable flushes both FIFOs. */
        if ((v ^ u->fcr) & UART_FCR_ENABLE)
            v |= UART_FCR_CLEAR_RX | UART_FCR_CLEAR_TX;
        if (v & UART_FCR_CLEAR_RX)
            uart_rx_clear(u);
        if (v & UART_FCR_CLEAR_TX)
            u->thr_pending = true; /* an emptied THR, as QEMU signals it */
        u->fcr = v & 0xc9; /* enable, DMA mode, trigger level; clear bits self-reset */
        uart_update_irq(u);
        break;
    case UART_LCR:
        u->lcr = v;
        break;
    case UART_MCR:
        u->mcr = v & UART_MCR_MASK;
        break;
    case UART_SCR:
        u->scr = v;
        break;
    default: /* LSR and MSR are read-only */
        break;
    }
}

static int uart_mmio_read(void *dev, uint64_t off, unsigned size, uint64_t *val)
{
    struct uart16550 *u = dev;
    (void)size; /* wider accesses read the byte register at that offset */
    *val = off < 8 ? uart_read_reg(u, (unsigned)off) : 0;
    return 0;
}

static int uart_mmio_write(void *dev, uint64_t off, unsigned size, uint64_t val)
{
    struct uart16550 *u = dev;
    (void)size;
    if (off < 8)
        uart_write_reg(u, (unsigned)off, (uint8_t)val);
    return 0;
}

static const struct mmio_ops uart_ops = {
    .read = uart_mmio_read,
    .write = uart_mmio_write,
};

static void uart_reset(void *state)
{
    struct uart16550 *u = state;
    uart_rx_clear(u);
    u->ier = 0;
    u->lcr = 0;
    u->mcr = 0;
    u->fcr = 0;
    u->scr = 0;
    u->dll = 0;
    u->dlm = 0;
    u->overrun = false;
    u->thr_pending = false;
    irq_line_set(&u->irq, false);
}

/* The FIFO is saved oldest byte first, whatever rx_head was: the same
 * contents give the same image. */
static void uart_save(void *state, struct sbuf *w)
{
    struct uart16550 *u = state;
    put_u32(w, UART_SAVE_TAG);
    put_u8(w, UART_SAVE_VERSION);
    put_u8(w, (uint8_t)u->rx_count);
    for (unsigned i = 0; i < u->rx_count; i++)
        put_u8(w, u->rx[(u->rx_head + i) % UART_FIFO_SIZE]);
    put_u8(w, u->ier);
    put_u8(w, u->lcr);
    put_u8(w, u->mcr);
    put_u8(w, u->fcr);
    put_u8(w, u->scr);
    put_u8(w, u->dll);
    put_u8(w, u->dlm);
    put_bool(w, u->overrun);
    put_bool(w, u->thr_pending);
}

static int uart_load(void *state, struct sreader *r)
{
    struct uart16550 *u = state;
    struct uart16550 t = *u;
    bool ok = get_u32(r) == UART_SAVE_TAG;
    ok &= get_u8(r) == UART_SAVE_VERSION;
    t.rx_head = 0;
    t.rx_count = get_u8(r);
    ok &= t.rx_count <= UART_FIFO_SIZE;
    for (unsigned i = 0; ok && i < t.rx_count; i++)
        t.rx[i] = get_u8(r);
    t.ier = get_u8(r);
    t.lcr = get_u8(r);
    t.mcr = get_u8(r);
    t.fcr = get_u8(r);
    t.scr = get_u8(r);
    t.dll = get_u8(r);
    t.dlm = get_u8(r);
    uint8_t overrun = get_u8(r), thr = get_u8(r);
    ok &= !(t.ier & ~UART_IER_MASK) && !(t.mcr & ~UART_MCR_MASK) && !(t.fcr & ~0xc9u);
    ok &= overrun <= 1 && thr <= 1;
    if (!ok || r->bad)
        return -1;
    t.overrun = overrun;
    t.thr_pending = thr;
    *u = t; /* the PLIC's own image holds the line's effect */
    return 0;
}

static int uart_fdt_node(void *state, void *fdt, int soc, const struct fdt_ctx *ctx)
{
    struct uart16550 *u = state;
    char name[32];
    snprintf(name, sizeof name, "serial@%llx", (unsigned long long)u->base);
    int node = fdt_add_subnode(fdt, soc, name);
    if (node < 0)
        return node;
    uint64_t reg[2] = {cpu_to_fdt64(u->base), cpu_to_fdt64(0x100)};
    int r;
    if ((r = fdt_setprop_string(fdt, node, "compatible", "ns16550a")) < 0 ||
        (r = fdt_setprop(fdt, node, "reg", reg, sizeof reg)) < 0 ||
        (r = fdt_setprop_u32(fdt, node, "clock-frequency", 3686400)) < 0 ||
        (r = fdt_setprop_u32(fdt, node, "interrupts", u->irq.irq)) < 0)
        return r;
    if (ctx->plic_phandle &&
        (r = fdt_setprop_u32(fdt, node, "interrupt-parent", ctx->plic_phandle)) < 0)
        return r;

    /* U-Boot and Linux look the console up through serial0.  The node above
     * is complete, so adding /aliases at the root may move it safely. */
    int aliases = fdt_path_offset(fdt, "/aliases");
    if (aliases == -FDT_ERR_NOTFOUND)
        aliases = fdt_add_subnode(fdt, 0, "aliases");
    if (aliases < 0)
        return aliases;
    char path[48];
    snprintf(path, sizeof path, "/soc/%s", name);
    r = fdt_setprop_string(fdt, aliases, "serial0", path);
    return r < 0 ? r : 0;
}

struct uart16550 *uart16550_create(const struct dev_host *host, struct irq_line irq)
{
    struct uart16550 *u = calloc(1, sizeof *u);
    if (!u)
        return NULL;
    u->host = *host;
    u->irq = irq;
    return u;
}

void uart16550_device(struct uart16550 *u, uint64_t base, struct device *d)
{
    u->base = base;
    memset(d, 0, sizeof *d);
    d->name = "uart0";
    d->base = base;
    d->size = 0x100;
    d->ops = &uart_ops;
    d->state = u;
    d->fdt_node = uart_fdt_node;
    d->reset = uart_reset;
    d->destroy = free;
    d->save = uart_save;
    d->load = uart_load;
}

size_t uart16550_rx(struct uart16550 *u, const uint8_t *buf, size_t n)
{
    size_t i = 0;
    while (i < n && uart_rx_push(u, buf[i]))
        i++;
    if (i > 0)
        uart_update_irq(u);
    return i;
}

size_t uart16550_rx_space(const struct uart16550 *u)
{
    return UART_FIFO_SIZE - u->rx_count;
}
