/* Sdtrig: the debug spec's trigger module as M-mode software sees it
 * (tselect, tdata1-3, tinfo).  No Debug Mode: action 0 (breakpoint
 * exception) is the only action.
 *
 * TRIG_COUNT triggers, each an address match trigger of type 2 (mcontrol)
 * or 6 (mcontrol6), or disabled (15).  Supported: execute / load / store,
 * match equal, napot, >=, <, the m/s/u bits, select 0 (address), size 0
 * (any), action 0.  Everything else is WARL: unsupported field values are
 * written as 0, an unsupported type as 15 (disabled), dmode is 0.
 *
 * The compare values of an access are the addresses of all the bytes it
 * touches (so an 8-byte load covering tdata2 fires an equal trigger), the
 * compare value of an instruction is its pc.  tval is the first matching
 * address: the pc, or the lowest accessed byte that matches.
 *
 * Re-entrancy (debug spec 1.0, "native M-mode triggers"): in M-mode an
 * action-0 trigger matches only while mstatus.MIE = 1.  A breakpoint trap
 * into M clears MIE, so a trigger in the handler cannot fire again; mret
 * restores it.  tcontrol (the alternative mechanism) is not implemented,
 * as in QEMU 7.2.
 *
 * Speed: h->trig_armed says which kinds have an enabled trigger.  The
 * interpreter checks execute triggers only when TRIG_ARM_X is set, and
 * load/store triggers only on its slow path; mmu_access refuses to put a
 * page that an armed load (store) trigger may match into the read (write)
 * TLB, so such accesses always take the slow path. */
#include "isa/riscv/cpu.h"

#define TD1_TYPE_SHIFT 60
#define TD1_LOAD    (1ull << 0)
#define TD1_STORE   (1ull << 1)
#define TD1_EXECUTE (1ull << 2)
#define TD1_U       (1ull << 3)
#define TD1_S       (1ull << 4)
#define TD1_M       (1ull << 6)
#define TD1_MATCH_SHIFT 7
#define TD1_MATCH   (0xfull << TD1_MATCH_SHIFT)
#define MCONTROL_MASKMAX_SHIFT 53

enum { TRIG_TYPE_MCONTROL = 2, TRIG_TYPE_MCONTROL6 = 6, TRIG_TYPE_DISABLED = 15 };
enum { MATCH_EQUAL = 0, MATCH_NAPOT = 1, MATCH_GE = 2, MATCH_LT = 3 };

/* tinfo.version 1 (debug spec 1.0) and the types every trigger supports. */
#define TINFO_VALUE ((1ull << 24) | (1u << TRIG_TYPE_MCONTROL) | \
                     (1u << TRIG_TYPE_MCONTROL6) | (1u << TRIG_TYPE_DISABLED))

static unsigned td1_type(uint64_t t) { return (unsigned)(t >> TD1_TYPE_SHIFT); }

static bool td1_is_match(uint64_t t)
{
    return td1_type(t) == TRIG_TYPE_MCONTROL || td1_type(t) == TRIG_TYPE_MCONTROL6;
}

/* The legal value a write of `v` to tdata1 leaves (WARL). */
uint64_t trig_legalize_tdata1(uint64_t v)
{
    unsigned type = td1_type(v);
    if (type != TRIG_TYPE_MCONTROL && type != TRIG_TYPE_MCONTROL6)
        return (uint64_t)TRIG_TYPE_DISABLED << TD1_TYPE_SHIFT;
    uint64_t match = (v & TD1_MATCH) >> TD1_MATCH_SHIFT;
    if (match > MATCH_LT)
        match = MATCH_EQUAL;
    uint64_t n = ((uint64_t)type << TD1_TYPE_SHIFT) | (match << TD1_MATCH_SHIFT) |
                 (v & (TD1_M | TD1_S | TD1_U | TD1_EXECUTE | TD1_STORE | TD1_LOAD));
    if (type == TRIG_TYPE_MCONTROL)
        n |= 63ull << MCONTROL_MASKMAX_SHIFT; /* NAPOT ranges of any size */
    return n;
}

void trig_reset(struct hart *h)
{
    /* As QEMU 7.2: every trigger an mcontrol with nothing enabled. */
    h->tselect = 0;
    for (unsigned i = 0; i < TRIG_COUNT; i++) {
        h->tdata1[i] = trig_legalize_tdata1((uint64_t)TRIG_TYPE_MCONTROL << TD1_TYPE_SHIFT);
        h->tdata2[i] = 0;
    }
    h->trig_armed = 0;
}

void trig_update(struct hart *h)
{
    unsigned armed = 0;
    for (unsigned i = 0; i < TRIG_COUNT; i++) {
        uint64_t t = h->tdata1[i];
        if (!td1_is_match(t) || !(t & (TD1_M | TD1_S | TD1_U)))
            continue;
        if (t & TD1_EXECUTE) armed |= TRIG_ARM_X;
        if (t & TD1_LOAD) armed |= TRIG_ARM_R;
        if (t & TD1_STORE) armed |= TRIG_ARM_W;
    }
    if (h->m && h->m->nbreakpoints)
        armed |= TRIG_ARM_DBG;
    if (h->m && h->m->nwatchpoints)
        armed |= TRIG_ARM_DBGW;
    h->trig_armed = (uint8_t)armed;
    /* Drop TLB entries filled while a page could not match. */
    mmu_flush(h);
}

/* The addresses trigger i matches, [*lo, *hi]; false when none. */
static bool trig_range(const struct hart *h, unsigned i, uint64_t *lo, uint64_t *hi)
{
    uint64_t t2 = h->tdata2[i];
    switch ((h->tdata1[i] & TD1_MATCH) >> TD1_MATCH_SHIFT) {
    case MATCH_EQUAL:
        *lo = *hi = t2;
        return true;
    case MATCH_NAPOT: {
        /* tdata2 = base | (size/2 - 1): k trailing ones give 2^(k+1) bytes. */
        unsigned k = (unsigned)__builtin_ctzll(~t2 | (1ull << 63));
        if (k >= 63) {
            *lo = 0;
            *hi = ~0ull;
        } else {
            uint64_t size = 1ull << (k + 1);
            *lo = t2 & ~(size - 1);
            *hi = *lo + size - 1;
        }
        return true;
    }
    case MATCH_GE:
        *lo = t2;
        *hi = ~0ull;
        return true;
    default: /* MATCH_LT */
        *lo = 0;
        *hi = t2 - 1;
        return t2 != 0;
    }
}

static uint64_t trig_kind_bit(enum access acc)
{
    return acc == ACC_X ? TD1_EXECUTE : acc == ACC_R ? TD1_LOAD : TD1_STORE;
}

/* Is trigger i enabled for `acc` in the hart's current mode? */
static bool trig_enabled(const struct hart *h, unsigned i, enum access acc)
{
    uint64_t t = h->tdata1[i];
    if (!td1_is_match(t) || !(t & trig_kind_bit(acc)))
        return false;
    switch (h->priv) {
    case PRIV_M: return (t & TD1_M) && (h->mstatus & MSTATUS_MIE);
    case PRIV_S: return (t & TD1_S) != 0;
    default: return (t & TD1_U) != 0;
    }
}

bool trig_check(const struct hart *h, uint64_t va, unsigned size, enum access acc,
                uint64_t *tval)
{
    uint64_t last = va + size - 1;
    if (last < va)
        last = ~0ull; /* an access that wraps: compare up to the top */
    for (unsigned i = 0; i < TRIG_COUNT; i++) {
        uint64_t lo, hi;
        if (!trig_enabled(h, i, acc) || !trig_range(h, i, &lo, &hi))
            continue;
        if (va <= hi && last >= lo) {
            *tval = va > lo ? va : lo;
            return true;
        }
    }
    return false;
}

bool trig_page_may_match(const struct hart *h, uint64_t vpage, enum access acc)
{
    for (unsigned i = 0; i < TRIG_COUNT; i++) {
        uint64_t t = h->tdata1[i], lo, hi;
        if (!td1_is_match(t) || !(t & trig_kind_bit(acc)) || !trig_range(h, i, &lo, &hi))
            continue;
        if (vpage <= hi && vpage + 0xfff >= lo)
            return true;
    }
    return false;
}

int trig_csr_read(const struct hart *h, unsigned csr, uint64_t *val)
{
    switch (csr) {
    case CSR_tselect: *val = h->tselect; return 0;
    case CSR_tdata1: *val = h->tdata1[h->tselect]; return 0;
    case CSR_tdata2: *val = h->tdata2[h->tselect]; return 0;
    case CSR_tdata3: *val = 0; return 0; /* textra: no context matching */
    case CSR_tinfo: *val = TINFO_VALUE; return 0;
    default: return EXC_ILLEGAL;
    }
}

int trig_csr_write(struct hart *h, unsigned csr, uint64_t val)
{
    switch (csr) {
    case CSR_tselect:
        if (val < TRIG_COUNT) /* out of range: keep the old index, as QEMU */
            h->tselect = val;
        return 0;
    case CSR_tdata1:
        h->tdata1[h->tselect] = trig_legalize_tdata1(val);
        trig_update(h);
        return 0;
    case CSR_tdata2:
        h->tdata2[h->tselect] = val;
        trig_update(h);
        return 0;
    case CSR_tdata3:
    case CSR_tinfo: /* tinfo is read-only: writes are ignored (debug spec 1.0) */
        return 0;
    default:
        return EXC_ILLEGAL;
    }
}
