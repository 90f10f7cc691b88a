/* Applying a debugger's changes (debug_write.h). */
#include "isa/riscv/debug_write.h"

#include "isa/riscv/cpu.h"
#include "isa/riscv/csr.h"

#define HEADER 12

static void header(struct sbuf *out, enum debug_target t, unsigned hart, unsigned index, uint64_t v)
{
    put_u8(out, (uint8_t)t);
    put_u8(out, (uint8_t)hart);
    put_u16(out, (uint16_t)index);
    put_u64(out, v);
}

void debug_write_encode_mem(struct sbuf *out, uint64_t pa, const uint8_t *data, size_t len)
{
    header(out, DEBUG_MEM, 0, 0, pa);
    put_bytes(out, data, len);
}

void debug_write_encode_reg(struct sbuf *out, enum debug_target t, unsigned hart, unsigned index,
                            uint64_t value)
{
    header(out, t, hart, index, value);
}

int debug_write_apply(struct machine *m, const uint8_t *rec, size_t len)
{
    struct sreader r;
    sreader_init(&r, rec, len);
    enum debug_target t = (enum debug_target)get_u8(&r);
    unsigned hi = get_u8(&r), index = get_u16(&r);
    uint64_t v = get_u64(&r);
    if (r.bad)
        return -1;
    if (t == DEBUG_MEM) /* as a device's DMA would: dirty pages, stale code dropped */
        return len > HEADER ? bus_dma_write(&m->bus, v, rec + HEADER, len - HEADER) : -1;
    if (len != HEADER || hi >= m->nharts)
        return -1;
    struct hart *h = &m->harts[hi];
    switch (t) {
    case DEBUG_GPR:
        if (index == 0 || index > 31)
            return -1;
        h->x[index] = v;
        return 0;
    case DEBUG_PC:
        h->pc = v;
        return 0;
    case DEBUG_FPR:
        if (index > 31)
            return -1;
        h->f[index] = v;
        return 0;
    case DEBUG_CSR: {
        enum priv saved = h->priv;
        h->priv = PRIV_M;
        int e = csr_write(h, index, v);
        h->priv = saved;
        h->irq_check = true;
        return e ? -1 : 0;
    }
    case DEBUG_PRIV:
        if (v != PRIV_U && v != PRIV_S && v != PRIV_M)
            return -1;
        h->priv = (enum priv)v;
        mmu_flush(h);
        h->irq_check = true;
        return 0;
    default:
        return -1;
    }
}
