#include <string.h>
#include <xxhash.h>

#include "core/statehash.h"

static void put(XXH3_state_t *s, uint64_t v)
{
    uint8_t b[8];
    for (int i = 0; i < 8; i++)
        b[i] = (uint8_t)(v >> (8 * i)); /* little-endian on every host */
    XXH3_64bits_update(s, b, sizeof b);
}

static uint64_t hart_hash(const struct hart *h)
{
    XXH3_state_t *s = XXH3_createState();
    if (!s)
        return 0;
    XXH3_64bits_reset(s);
    for (int i = 0; i < 32; i++)
        put(s, h->x[i]);
    for (int i = 0; i < 32; i++)
        put(s, h->f[i]);
    const uint64_t fields[] = {
        h->pc, h->hartid, (uint64_t)h->priv, h->mstatus, h->misa, h->medeleg, h->mideleg,
        h->mie, h->mip, h->mip_lines, h->mtvec, h->stvec, h->mepc, h->sepc, h->mcause,
        h->scause, h->mtval, h->stval, h->mscratch, h->sscratch, h->mcounteren,
        h->scounteren, h->mcountinhibit, h->menvcfg, h->senvcfg, h->satp, h->stimecmp,
        h->fcsr, h->ntraps, h->mcycle_off, h->minstret_off, h->resv_addr, h->wfi, h->steps,
    };
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
        put(s, fields[i]);
    for (int i = 0; i < PMP_COUNT; i++) {
        put(s, h->pmpcfg[i]);
        put(s, h->pmpaddr[i]);
    }
    uint64_t r = XXH3_64bits_digest(s);
    XXH3_freeState(s);
    return r;
}

void machine_state_hash(const struct machine *m, struct machine_hashes *out)
{
    memset(out, 0, sizeof *out);
    out->ram = XXH3_64bits(m->bus.ram, m->bus.ram_size);
    XXH3_state_t *s = XXH3_createState();
    if (!s)
        return;
    XXH3_64bits_reset(s);
    put(s, m->steps);
    put(s, m->idle_ns);
    put(s, m->nharts);
    for (unsigned i = 0; i < m->nharts; i++) {
        out->harts[i] = hart_hash(&m->harts[i]);
        put(s, out->harts[i]);
    }
    put(s, out->ram);
    out->all = XXH3_64bits_digest(s);
    XXH3_freeState(s);
}
