/* Building the virt machine: RAM, devices, images, device tree, boot ROM. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/engine.h"
#include "isa/riscv/jit.h"
#include "core/loader.h"
#include "core/machine.h"
#include "devices/aclint.h"
#include "devices/bootrom.h"
#include "devices/disk_image.h"
#include "devices/fdt.h"
#include "devices/goldfish_rtc.h"
#include "devices/htif.h"
#include "devices/plic.h"
#include "devices/syscon.h"
#include "devices/uart16550.h"
#include "devices/virtio_blk.h"
#include "devices/virtio_mmio.h"
#include "devices/virtio_net.h"
#include "devices/virtio_rng.h"
#include "isa/riscv/cpu.h"
#include "isa/riscv/extensions.h"

#define OPENSBI_PATH "/usr/lib/riscv64-linux-gnu/opensbi/generic/fw_dynamic.bin"
#define KERNEL_OFFSET 0x200000ull /* where firmware expects the next stage */
#define FDT_MAX_ADDR 0xc0000000ull

void machine_config_defaults(struct machine_config *c)
{
    memset(c, 0, sizeof *c);
    c->ram_size = 256ull << 20;
    c->nharts = 1;
    c->bios_kind = BIOS_AUTO;
    c->quantum = 10000;
}

static int fail(char *err, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, MACHINE_ERR_LEN, fmt, ap);
    va_end(ap);
    return -1;
}

/* ---- what devices see of the machine ---- */

uint64_t machine_position(const struct machine *m)
{
    const struct hart *h = m->running;
    return m->steps + (h ? h->steps - m->run_hart_base : 0);
}

static uint64_t host_mtime(void *opaque)
{
    const struct machine *m = opaque;
    return (machine_position(m) + m->idle_ns) / STEPS_PER_MTIME_TICK;
}

uint64_t machine_mtime(const struct machine *m)
{
    return aclint_mtime(m->aclint);
}

void machine_set_mip(struct machine *m, unsigned hart, uint64_t mask, bool level)
{
    if (hart >= m->nharts)
        return;
    struct hart *h = &m->harts[hart];
    if (level)
        h->mip_lines |= mask;
    else
        h->mip_lines &= ~mask;
    h->irq_check = true;
}

static void host_set_mip(void *opaque, unsigned hart, uint64_t mask, bool level)
{
    machine_set_mip(opaque, hart, mask, level);
}

static void host_console_out(void *opaque, const uint8_t *buf, size_t n)
{
    struct machine *m = opaque;
    if (m->io.console_out)
        m->io.console_out(m->io.opaque, buf, n);
}

static void poke_running(struct machine *m)
{
    if (m->running)
        m->running->irq_check = true;
}

bool machine_stop_for(struct machine *m, enum machine_stop why)
{
    if (m->stop_pending && m->stop_reason != MSTOP_REQUEST)
        return false;
    m->stop_pending = true;
    m->stop_reason = why;
    return true;
}

static void host_request_stop(void *opaque, enum dev_stop_kind kind, int code)
{
    struct machine *m = opaque;
    if (!machine_stop_for(m, kind == DEV_STOP_POWEROFF ? MSTOP_POWEROFF
                             : kind == DEV_STOP_REBOOT ? MSTOP_REBOOT : MSTOP_FAIL))
        return;
    m->exit_code = kind == DEV_STOP_FAIL ? code : 0;
    poke_running(m);
}

static int host_input_pull(void *opaque, enum dev_input_kind kind, void *buf, size_t len)
{
    struct machine *m = opaque;
    if (!m->io.input_pull)
        return -1;
    return m->io.input_pull(m->io.opaque, kind, buf, len);
}

static int host_dma_read(void *opaque, uint64_t paddr, void *buf, size_t len)
{
    struct machine *m = opaque;
    return bus_dma_read(&m->bus, paddr, buf, len);
}

static int host_dma_write(void *opaque, uint64_t paddr, const void *buf, size_t len)
{
    struct machine *m = opaque;
    /* Harts' LR reservations lapse when a device writes memory. */
    for (unsigned i = 0; i < m->nharts; i++)
        m->harts[i].resv_addr = ~0ull;
    return bus_dma_write(&m->bus, paddr, buf, len);
}

static void host_kick(void *opaque)
{
    struct machine *m = opaque;
    m->kicked = true;
    poke_running(m);
}

void machine_request_stop(struct machine *m)
{
    if (!m->stop_pending) {
        m->stop_pending = true;
        m->stop_reason = MSTOP_REQUEST;
    }
    poke_running(m);
}

int machine_add_device(struct machine *m, const struct device *d)
{
    if (m->ndevices == MACHINE_MAX_DEVICES)
        return -1;
    if (bus_map(&m->bus, d->base, d->size, d->ops, d->state, d->name)) {
        if (d->destroy)
            d->destroy(d->state);
        return -1;
    }
    m->devices[m->ndevices++] = *d;
    return 0;
}

size_t machine_console_input(struct machine *m, const uint8_t *buf, size_t n)
{
    return uart16550_rx(m->uart, buf, n);
}

/* ---- assembly ---- */

static int add_board_devices(struct machine *m, char *err)
{
    struct device d;
    struct syscon *sc = syscon_create(&m->host);
    m->aclint = aclint_create(&m->host, m->nharts);
    m->plic = plic_create(&m->host, m->nharts);
    if (!sc || !m->aclint || !m->plic)
        return fail(err, "out of memory creating devices");
    syscon_device(sc, VIRT_TEST_BASE, &d);
    if (machine_add_device(m, &d)) return fail(err, "cannot map syscon");
    aclint_device(m->aclint, VIRT_CLINT_BASE, &d);
    if (machine_add_device(m, &d)) return fail(err, "cannot map the CLINT");
    plic_device(m->plic, VIRT_PLIC_BASE, &d);
    if (machine_add_device(m, &d)) return fail(err, "cannot map the PLIC");
    struct irq_line uirq = {plic_set_irq, m->plic, VIRT_UART0_IRQ};
    m->uart = uart16550_create(&m->host, uirq);
    if (!m->uart)
        return fail(err, "out of memory creating the UART");
    uart16550_device(m->uart, VIRT_UART0_BASE, &d);
    if (machine_add_device(m, &d)) return fail(err, "cannot map the UART");
    m->rtc = goldfish_rtc_create(&m->host, (struct irq_line){plic_set_irq, m->plic, VIRT_RTC_IRQ});
    if (!m->rtc)
        return fail(err, "out of memory creating the RTC");
    goldfish_rtc_device(m->rtc, VIRT_RTC_BASE, &d);
    if (machine_add_device(m, &d)) return fail(err, "cannot map the RTC");
    /* virtio slots: listed from the highest address down, as QEMU's tree
     * has them, so guests that take the first node find slot 7 last. */
    for (int i = VIRT_VIRTIO_COUNT - 1; i >= 0; i--) {
        struct irq_line virq = {plic_set_irq, m->plic, VIRT_VIRTIO_IRQ + (unsigned)i};
        struct virtio_mmio *v;
        if ((unsigned)i < m->cfg.ndrives)
            v = virtio_blk_create(&m->host, virq, m->drives[i]);
        else if (m->cfg.rng && (unsigned)i == m->cfg.ndrives)
            v = virtio_rng_create(&m->host, virq);
        else if (m->cfg.net && (unsigned)i == m->cfg.ndrives + (m->cfg.rng ? 1u : 0u)) {
            static const uint8_t mac[6] = {0x52, 0x54, 0x00, 0x12, 0x34, 0x56}; /* QEMU's default */
            v = virtio_net_create(&m->host, virq, mac, m->cfg.net == NET_LOOPBACK);
        }
        else
            v = virtio_mmio_create(&m->host, virq);
        if (!v)
            return fail(err, "out of memory creating virtio slots");
        virtio_mmio_device(v, VIRT_VIRTIO_BASE + 0x1000ull * (unsigned)i, &d);
        if (machine_add_device(m, &d)) return fail(err, "cannot map virtio slot %d", i);
    }
    return 0;
}

int machine_resolve_bios(const struct machine_config *c, enum bios_kind *kind, const char **path,
                         char *desc, size_t desclen, char err[MACHINE_ERR_LEN])
{
    *kind = c->bios_kind;
    *path = c->bios_path;
    if (desc && desclen)
        desc[0] = 0;
    if (*kind == BIOS_AUTO) {
        if (!c->kernel_path)
            return fail(err, "no kernel given and no --bios: nothing to run");
        /* An ELF whose lowest segment is the base of RAM runs bare in M-mode. */
        uint8_t *data;
        size_t size;
        char msg[MACHINE_ERR_LEN];
        if (loader_read_file(c->kernel_path, c->ram_size, &data, &size, msg, sizeof msg))
            return fail(err, "%s", msg);
        bool bare = false;
        if (loader_is_elf(data, size)) {
            uint64_t lo;
            if (loader_elf_lowest(data, size, &lo, msg, sizeof msg)) {
                free(data);
                return fail(err, "%s: %s", c->kernel_path, msg);
            }
            bare = lo == VIRT_DRAM_BASE;
        }
        free(data);
        *kind = bare ? BIOS_NONE : BIOS_OPENSBI;
        if (desc)
            snprintf(desc, desclen, "%s",
                     bare ? "kernel starts at the base of RAM: running it in M-mode with no firmware"
                          : "kernel is not at the base of RAM: booting it with OpenSBI (" OPENSBI_PATH ")");
    }
    if (*kind == BIOS_OPENSBI) {
        *path = OPENSBI_PATH;
        if (access(*path, R_OK) != 0)
            return fail(err, "OpenSBI firmware not found at %s: install Debian's opensbi package "
                             "(make deps) or pass --bios FILE or --bios none", *path);
        *kind = BIOS_FILE;
    }
    if (*kind == BIOS_FILE && (!*path || !**path))
        return fail(err, "--bios needs a file name");
    return 0;
}

/* Decide what runs first, load it, and note where the kernel goes. */
static int load_images(struct machine *m, uint64_t *start, uint64_t *next, char *err)
{
    const struct machine_config *c = &m->cfg;
    struct image_info kinfo = {0}, finfo = {0};
    bool have_kernel = c->kernel_path != NULL;
    enum bios_kind bios = c->bios_kind;
    const char *bios_path = c->bios_path;

    if (machine_resolve_bios(c, &bios, &bios_path, m->bios_desc, sizeof m->bios_desc, err))
        return -1;
    if (bios == BIOS_NONE) {
        if (!have_kernel)
            return fail(err, "--bios none needs a kernel to run");
        if (loader_load_file(&m->bus, c->kernel_path, m->bus.ram_base, &kinfo, err, MACHINE_ERR_LEN))
            return -1;
        *start = kinfo.entry;
        *next = 0;
    } else {
        if (loader_load_file(&m->bus, bios_path, m->bus.ram_base, &finfo, err, MACHINE_ERR_LEN))
            return -1;
        *start = finfo.entry;
        *next = m->bus.ram_base + KERNEL_OFFSET;
        if (have_kernel) {
            if (loader_load_file(&m->bus, c->kernel_path, m->bus.ram_base + KERNEL_OFFSET, &kinfo,
                                 err, MACHINE_ERR_LEN))
                return -1;
            if (kinfo.lo < finfo.hi)
                return fail(err, "%s: kernel at 0x%llx overlaps the firmware (ends at 0x%llx)",
                            c->kernel_path, (unsigned long long)kinfo.lo,
                            (unsigned long long)finfo.hi);
            *next = kinfo.entry;
        }
    }
    if (kinfo.tohost) {
        m->tohost_addr = kinfo.tohost;
        m->fromhost_addr = kinfo.fromhost;
    }
    m->kernel_end = kinfo.hi;
    return 0;
}

static int load_initrd(struct machine *m, uint64_t *start, uint64_t *end, char *err)
{
    *start = *end = 0;
    if (!m->cfg.initrd_path)
        return 0;
    uint64_t half = m->bus.ram_size / 2;
    uint64_t at = m->bus.ram_base + (half < (128ull << 20) ? half : (128ull << 20));
    if (at < m->kernel_end)
        at = (m->kernel_end + 0x1fffff) & ~0x1fffffull;
    struct image_info info;
    uint8_t *data;
    size_t size;
    char msg[MACHINE_ERR_LEN];
    if (loader_read_file(m->cfg.initrd_path, m->bus.ram_size, &data, &size, msg, sizeof msg))
        return fail(err, "%s", msg);
    int r = loader_load_raw(&m->bus, data, size, at, &info, msg, sizeof msg);
    free(data);
    if (r)
        return fail(err, "%s: %s", m->cfg.initrd_path, msg);
    *start = info.lo;
    *end = info.hi;
    return 0;
}

static int build_fdt(struct machine *m, uint64_t initrd_start, uint64_t initrd_end, char *err)
{
    struct fdt_board b = {
        .nharts = m->nharts,
        .isa_extensions = riscv_isa_extensions,
        .cbo_block_size = CMO_BLOCK_SIZE,
        .mmu_type = "riscv,sv48",
        .ram_base = m->bus.ram_base,
        .ram_size = m->bus.ram_size,
        .timebase = 10000000,
        .bootargs = m->cfg.append,
        .initrd_start = initrd_start,
        .initrd_end = initrd_end,
        .stdout_path = "/soc/serial@10000000",
        .devices = m->devices,
        .ndevices = m->ndevices,
    };
    char msg[256];
    if (fdt_build(&b, &m->fdt, &m->fdt_size, msg, sizeof msg))
        return fail(err, "device tree: %s", msg);
    uint64_t ram_end = m->bus.ram_base + m->bus.ram_size;
    uint64_t top = ram_end < FDT_MAX_ADDR ? ram_end : FDT_MAX_ADDR;
    m->fdt_addr = (top - m->fdt_size) & ~0x1fffffull;
    if (m->fdt_addr < m->kernel_end || !bus_is_ram(&m->bus, m->fdt_addr, m->fdt_size))
        return fail(err, "no room for the device tree below 0x%llx; try a larger -m",
                    (unsigned long long)top);
    memcpy(m->bus.ram + (m->fdt_addr - m->bus.ram_base), m->fdt, m->fdt_size);
    bus_mark_dirty_range(&m->bus, m->fdt_addr, m->fdt_size);
    return 0;
}

int machine_config_check(const struct machine_config *cfg, char err[MACHINE_ERR_LEN])
{
    if (cfg->nharts < 1 || cfg->nharts > MACHINE_MAX_HARTS)
        return fail(err, "--smp %u: rewind supports 1 to %d harts", cfg->nharts, MACHINE_MAX_HARTS);
    if (cfg->ram_size < (16ull << 20) || cfg->ram_size > (64ull << 30) || (cfg->ram_size & 0xfffff))
        return fail(err, "-m %llu bytes: memory must be a whole number of MiB between 16M and 64G",
                    (unsigned long long)cfg->ram_size);
    return 0;
}

struct machine *machine_create(const struct machine_config *cfg, const struct machine_io *io,
                               char err[MACHINE_ERR_LEN])
{
    if (machine_config_check(cfg, err))
        return NULL;
    struct machine *m = calloc(1, sizeof *m);
    if (!m) {
        fail(err, "out of memory");
        return NULL;
    }
    m->cfg = *cfg;
    m->engine = engine_find(cfg->engine ? cfg->engine : engine_default());
    if (!m->engine) {
        char names[128];
        fail(err, "--engine %s: unknown engine (available: %s)", cfg->engine,
             engine_names(names, sizeof names));
        free(m);
        return NULL;
    }
    if (!m->cfg.quantum)
        m->cfg.quantum = 10000;
    if (io)
        m->io = *io;
    m->nharts = cfg->nharts;
    m->host = (struct dev_host){m, host_set_mip, host_mtime, host_console_out,
                                host_request_stop, host_kick, host_input_pull,
                                host_dma_read, host_dma_write};
    if (bus_init(&m->bus, VIRT_DRAM_BASE, cfg->ram_size)) {
        fail(err, "cannot allocate %llu MiB of guest RAM", (unsigned long long)(cfg->ram_size >> 20));
        free(m);
        return NULL;
    }
    m->dcache = dcache_create(&m->bus);
    for (unsigned i = 0; i < m->nharts; i++)
        hart_reset(&m->harts[i], m, i, VIRT_BOOTROM_BASE);

    uint64_t start = 0, next = 0, irs = 0, ire = 0;
    if (!m->dcache) {
        fail(err, "out of memory");
        goto bad;
    }
    if (cfg->ndrives > MACHINE_MAX_DRIVES ||
        (cfg->ndrives + (cfg->rng ? 1 : 0) + (cfg->net ? 1 : 0)) > VIRT_VIRTIO_COUNT) {
        fail(err, "too many virtio devices: %u drives%s%s (the board has %d slots)", cfg->ndrives,
             cfg->rng ? ", an rng" : "", cfg->net ? ", a network card" : "", VIRT_VIRTIO_COUNT);
        goto bad;
    }
    for (unsigned i = 0; i < cfg->ndrives; i++) {
        char msg[MACHINE_ERR_LEN];
        m->drives[i] = disk_image_open(cfg->drives[i].path, cfg->drives[i].readonly, msg, sizeof msg);
        if (!m->drives[i]) {
            fail(err, "--drive %s: %s", cfg->drives[i].path, msg);
            goto bad;
        }
    }
    if (add_board_devices(m, err) || load_images(m, &start, &next, err))
        goto bad;
    if (m->tohost_addr) {
        struct htif *ht = htif_create(&m->host);
        struct device d;
        if (!ht) {
            fail(err, "out of memory");
            goto bad;
        }
        if (m->fromhost_addr)
            htif_set_fromhost(ht, m->fromhost_addr);
        htif_device(ht, m->tohost_addr, &d);
        if (machine_add_device(m, &d)) {
            fail(err, "cannot map HTIF at tohost 0x%llx", (unsigned long long)m->tohost_addr);
            goto bad;
        }
        if (htif_fromhost_device(ht, &d) && machine_add_device(m, &d)) {
            fail(err, "cannot map HTIF fromhost at 0x%llx", (unsigned long long)m->fromhost_addr);
            goto bad;
        }
    }
    if (load_initrd(m, &irs, &ire, err) || build_fdt(m, irs, ire, err))
        goto bad;
    struct bootrom *rom = bootrom_create(start, m->fdt_addr, next, FW_DYNAMIC_NEXT_MODE_S);
    struct device d;
    if (!rom) {
        fail(err, "out of memory");
        goto bad;
    }
    bootrom_device(rom, VIRT_BOOTROM_BASE, &d);
    if (machine_add_device(m, &d)) {
        fail(err, "cannot map the boot ROM");
        goto bad;
    }
    m->entry = start;
    m->chaos_state = cfg->chaos_seed ? cfg->chaos_seed ^ 0x9e3779b97f4a7c15ull : 0;
    if (cfg->chaos_seed && !m->chaos_state)
        m->chaos_state = 1;
    m->quantum_left = m->cfg.quantum;
    return m;
bad:
    machine_destroy(m);
    return NULL;
}

void machine_destroy(struct machine *m)
{
    if (!m)
        return;
    for (unsigned i = 0; i < m->ndevices; i++)
        if (m->devices[i].destroy)
            m->devices[i].destroy(m->devices[i].state);
    for (unsigned i = 0; i < MACHINE_MAX_DRIVES; i++)
        disk_image_close(m->drives[i]); /* after the devices that use them */
    jit_destroy(m->jit); /* before the decode cache it listens to */
    dcache_destroy(m->dcache);
    bus_free(&m->bus);
    free(m->fdt);
    free(m);
}

void machine_drain_dirty(struct machine *m)
{
    bus_drain_dirty(&m->bus);
    for (unsigned i = 0; i < m->nharts; i++)
        mmu_flush_writes(&m->harts[i]);
}

void machine_observe_runs(struct machine *m, void (*fn)(void *opaque, unsigned hart, uint64_t from, uint64_t n),
                          void *opaque)
{
    m->run_observer = fn;
    m->run_observer_opaque = opaque;
}

int machine_set_breakpoints(struct machine *m, const uint64_t *pcs, unsigned n, uint64_t skip_at)
{
    if (n > MACHINE_MAX_BREAKPOINTS)
        return -1;
    /* The engine never dispatches straight to a decoded slot at a
     * breakpoint's page offset (interp.c): while breakpoints were set,
     * slots at their offsets stayed undispatched, so only the offsets new
     * to the set need resetting.  A re-arm with the same pcs (the debugger
     * moving skip_at past each hit) costs nothing. */
    for (unsigned i = 0; i < n; i++)
        if (!machine_breakpoint_slot(m, pcs[i]))
            dcache_undispatch(m->dcache, pcs[i]);
    bool was_armed = m->nbreakpoints != 0;
    m->breakpoint_filter = 0;
    for (unsigned i = 0; i < n; i++) {
        m->breakpoints[i] = pcs[i];
        m->breakpoint_filter |= 1ull << ((pcs[i] >> 1) & 63);
    }
    m->nbreakpoints = n;
    m->breakpoint_skip_at = skip_at;
    /* Arm or disarm the engines' check.  Only then: trig_update also
     * flushes the TLBs, which breakpoints do not need, and a reverse
     * continue re-arms after every hit it passes. */
    if (was_armed != (n != 0))
        for (unsigned i = 0; i < m->nharts; i++)
            trig_update(&m->harts[i]);
    return 0;
}

bool machine_breakpoint_hit(struct machine *m, uint64_t pc, uint64_t position)
{
    if (position == m->breakpoint_skip_at)
        return false;
    for (unsigned i = 0; i < m->nbreakpoints; i++)
        if (m->breakpoints[i] == pc) {
            machine_stop_for(m, MSTOP_BREAKPOINT);
            return true;
        }
    return false;
}

bool machine_breakpoint_slot(const struct machine *m, uint64_t pc)
{
    for (unsigned i = 0; i < m->nbreakpoints; i++)
        if (((m->breakpoints[i] ^ pc) & 0xffe) == 0)
            return true;
    return false;
}

int machine_set_watchpoints(struct machine *m, const struct machine_watch *w, unsigned n,
                            uint64_t skip_at)
{
    if (n > MACHINE_MAX_WATCHPOINTS)
        return -1;
    m->watch_skip_at = skip_at;
    bool same = n == m->nwatchpoints;
    for (unsigned i = 0; i < n; i++) {
        const struct machine_watch *o = &m->watchpoints[i];
        same = same && o->addr == w[i].addr && o->len == w[i].len && o->read == w[i].read &&
               o->write == w[i].write;
        m->watchpoints[i] = w[i];
    }
    m->nwatchpoints = n;
    /* Arm the check and drop TLB entries of pages that may now match;
     * nothing to do when only skip_at moved (after each hit). */
    if (!same)
        for (unsigned i = 0; i < m->nharts; i++)
            trig_update(&m->harts[i]);
    return 0;
}

bool machine_watch_hit(struct machine *m, uint64_t va, uint64_t len, bool write, uint64_t position)
{
    if (position == m->watch_skip_at)
        return false;
    for (unsigned i = 0; i < m->nwatchpoints; i++) {
        const struct machine_watch *w = &m->watchpoints[i];
        if ((write ? !w->write : !w->read) || va + len <= w->addr || va >= w->addr + w->len)
            continue;
        if (machine_stop_for(m, MSTOP_WATCHPOINT)) {
            m->watch_hit_addr = va > w->addr ? va : w->addr;
            m->watch_hit_write = write;
        }
        return true;
    }
    return false;
}

bool machine_watch_page(const struct machine *m, uint64_t vpage, bool write)
{
    for (unsigned i = 0; i < m->nwatchpoints; i++) {
        const struct machine_watch *w = &m->watchpoints[i];
        if ((write ? w->write : w->read) && vpage < w->addr + w->len && vpage + 4096 > w->addr)
            return true;
    }
    return false;
}
