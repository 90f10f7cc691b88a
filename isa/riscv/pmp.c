/* Physical memory protection: 16 entries, TOR/NA4/NAPOT, lock bits.
 *
 * Like QEMU, when no entry is active every mode may access everything, so
 * bare-metal programs that never program the PMP can still drop to S/U. */
#include "isa/riscv/cpu.h"

#define PMP_R 1u
#define PMP_W 2u
#define PMP_X 4u
#define PMP_A_SHIFT 3
#define PMP_L 0x80u
enum { PMP_OFF = 0, PMP_TOR = 1, PMP_NA4 = 2, PMP_NAPOT = 3 };

#define PMPADDR_MASK ((1ull << 54) - 1)

/* The byte range [lo, hi) that entry i covers; false when it is off. */
static bool entry_range(const struct hart *h, unsigned i, uint64_t *lo, uint64_t *hi)
{
    unsigned a = (h->pmpcfg[i] >> PMP_A_SHIFT) & 3;
    uint64_t addr = h->pmpaddr[i];
    switch (a) {
    case PMP_TOR:
        *lo = i ? h->pmpaddr[i - 1] << 2 : 0;
        *hi = addr << 2;
        return *lo < *hi;
    case PMP_NA4:
        *lo = addr << 2;
        *hi = *lo + 4;
        return true;
    case PMP_NAPOT: {
        unsigned t = (unsigned)__builtin_ctzll(~addr); /* trailing ones */
        if (t >= 54) { *lo = 0; *hi = ~0ull; return true; }
        uint64_t size = 1ull << (t + 3);
        *lo = (addr & ~((1ull << t) - 1)) << 2;
        *hi = *lo + size;
        return true;
    }
    default:
        return false;
    }
}

enum pmp_result pmp_range(const struct hart *h, uint64_t pa, uint64_t len,
                          enum access acc, enum priv p)
{
    if (!h->pmp_active)
        return PMP_ALLOW;
    uint64_t end = pa + len;
    for (unsigned i = 0; i < PMP_COUNT; i++) {
        uint64_t lo, hi;
        if (!entry_range(h, i, &lo, &hi))
            continue;
        if (end <= lo || pa >= hi)
            continue; /* no overlap */
        if (pa < lo || end > hi)
            return PMP_PARTIAL;
        uint8_t cfg = h->pmpcfg[i];
        if (p == PRIV_M && !(cfg & PMP_L))
            return PMP_ALLOW;
        unsigned need = acc == ACC_R ? PMP_R : acc == ACC_W ? PMP_W : PMP_X;
        return (cfg & need) ? PMP_ALLOW : PMP_DENY;
    }
    return p == PRIV_M ? PMP_ALLOW : PMP_DENY;
}

static void recompute_active(struct hart *h)
{
    h->pmp_active = false;
    for (unsigned i = 0; i < PMP_COUNT; i++)
        if ((h->pmpcfg[i] >> PMP_A_SHIFT) & 3)
            h->pmp_active = true;
}

uint64_t pmp_read_cfg(const struct hart *h, unsigned reg)
{
    uint64_t v = 0;
    unsigned base = reg * 4; /* pmpcfg0 → entries 0..7, pmpcfg2 → 8..15 */
    for (unsigned i = 0; i < 8; i++)
        v |= (uint64_t)h->pmpcfg[base + i] << (8 * i);
    return v;
}

void pmp_write_cfg(struct hart *h, unsigned reg, uint64_t val)
{
    unsigned base = reg * 4;
    for (unsigned i = 0; i < 8; i++) {
        uint8_t c = (uint8_t)(val >> (8 * i));
        if (h->pmpcfg[base + i] & PMP_L)
            continue;
        c &= PMP_L | (3u << PMP_A_SHIFT) | PMP_X | PMP_W | PMP_R;
        if ((c & (PMP_R | PMP_W)) == PMP_W) /* reserved combination */
            c &= ~PMP_W;
        h->pmpcfg[base + i] = c;
    }
    recompute_active(h);
    mmu_flush(h);
}

void pmp_write_addr(struct hart *h, unsigned idx, uint64_t val)
{
    if (h->pmpcfg[idx] & PMP_L)
        return;
    if (idx + 1 < PMP_COUNT && (h->pmpcfg[idx + 1] & PMP_L) &&
        ((h->pmpcfg[idx + 1] >> PMP_A_SHIFT) & 3) == PMP_TOR)
        return;
    h->pmpaddr[idx] = val & PMPADDR_MASK;
    mmu_flush(h);
}
