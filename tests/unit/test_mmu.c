/* Address translation: Sv39 and Sv48 page tables built by hand in the
 * machine's RAM, page sizes, permission faults, A/D updates, the software
 * TLB's flushes, and MPRV. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "core/machine.h"
#include "isa/riscv/cpu.h"
#include "isa/riscv/pte.h"
#include "tests/unit/test_machine.h"

#define RWX (PTE_R | PTE_W | PTE_X)
#define LEAF(pa, flags) ((((uint64_t)(pa) >> 12) << 10) | (flags) | PTE_V)
#define PTR(pa) ((((uint64_t)(pa) >> 12) << 10) | PTE_V)

#define SATP_SV39(root) (8ull << 60 | ((uint64_t)(root) >> 12))
#define SATP_SV48(root) (9ull << 60 | ((uint64_t)(root) >> 12))

/* Physical layout used by the tests (RAM is 0x80000000-0x82000000). */
#define ROOT   0x80100000ull
#define L1     0x80101000ull
#define L0     0x80102000ull
#define L1B    0x80103000ull
#define L2_48  0x80104000ull /* Sv48: second level */
#define PAGE_A 0x80200000ull
#define PAGE_B 0x80201000ull
#define MEGA   0x80400000ull /* 2 MiB aligned */
#define GIGA   0x80000000ull /* 1 GiB aligned */

static struct machine *M(void **state) { return *state; }
static struct hart *H(void **state) { return &M(state)->harts[0]; }

static uint8_t *ram(struct machine *m, uint64_t pa)
{
    assert_true(bus_is_ram(&m->bus, pa, 8));
    return m->bus.ram + (pa - m->bus.ram_base);
}

static void set_pte(struct machine *m, uint64_t table, unsigned idx, uint64_t pte)
{
    memcpy(ram(m, table + 8ull * idx), &pte, 8);
}

static uint64_t get_pte(struct machine *m, uint64_t table, unsigned idx)
{
    uint64_t v;
    memcpy(&v, ram(m, table + 8ull * idx), 8);
    return v;
}

static void put64(struct machine *m, uint64_t pa, uint64_t v) { memcpy(ram(m, pa), &v, 8); }

static unsigned vpn(uint64_t va, unsigned level) { return (unsigned)(va >> (12 + 9 * level)) & 0x1ff; }

/* Map one 4 KiB page in an Sv39 tree rooted at ROOT, through L1 and L0. */
static void map4k_sv39(struct machine *m, uint64_t va, uint64_t pa, uint64_t flags)
{
    set_pte(m, ROOT, vpn(va, 2), PTR(L1));
    set_pte(m, L1, vpn(va, 1), PTR(L0));
    set_pte(m, L0, vpn(va, 0), LEAF(pa, flags));
}

static void use_sv39(struct hart *h)
{
    assert_int_equal(csr_write(h, CSR_satp, SATP_SV39(ROOT)), 0);
}

/* Translate and expect success at pa. */
static void expect_pa(struct hart *h, uint64_t va, enum access acc, enum priv p, uint64_t want)
{
    uint64_t pa = 0;
    int e = mmu_translate(h, va, acc, p, &pa);
    if (e)
        fail_msg("va 0x%llx acc %d priv %d: fault %d, expected pa 0x%llx", (unsigned long long)va, acc, p,
                 e, (unsigned long long)want);
    if (pa != want)
        fail_msg("va 0x%llx: pa 0x%llx, expected 0x%llx", (unsigned long long)va, (unsigned long long)pa,
                 (unsigned long long)want);
}

static void expect_fault(struct hart *h, uint64_t va, enum access acc, enum priv p, int cause)
{
    uint64_t pa = 0x5a5a;
    int e = mmu_translate(h, va, acc, p, &pa);
    if (e != cause)
        fail_msg("va 0x%llx acc %d priv %d: got %d (pa 0x%llx), expected cause %d",
                 (unsigned long long)va, acc, p, e, (unsigned long long)pa, cause);
}

/* ------------------------------------------------------------ page sizes */

static void test_bare_and_m_mode(void **state)
{
    struct hart *h = H(state);
    expect_pa(h, 0x12345678, ACC_R, PRIV_S, 0x12345678); /* satp = Bare */
    use_sv39(h); /* empty tree: every S access faults, M is never translated */
    expect_fault(h, 0x12345678, ACC_R, PRIV_S, EXC_LOAD_PAGE);
    expect_pa(h, 0x12345678, ACC_R, PRIV_M, 0x12345678);
    expect_pa(h, 0xfffffffffffff000ull, ACC_X, PRIV_M, 0xfffffffffffff000ull);
}

static void test_sv39_4k(void **state)
{
    struct machine *m = M(state);
    struct hart *h = H(state);
    uint64_t va = 0x12345000;
    map4k_sv39(m, va, PAGE_A, RWX | PTE_A | PTE_D);
    map4k_sv39(m, va + 0x1000, PAGE_B, PTE_R | PTE_A);
    use_sv39(h);
    expect_pa(h, va + 0x678, ACC_R, PRIV_S, PAGE_A + 0x678);
    expect_pa(h, va + 0xfff, ACC_W, PRIV_S, PAGE_A + 0xfff);
    expect_pa(h, va, ACC_X, PRIV_S, PAGE_A);
    expect_pa(h, va + 0x1008, ACC_R, PRIV_S, PAGE_B + 8);
    expect_fault(h, va + 0x1008, ACC_W, PRIV_S, EXC_STORE_PAGE); /* read-only */
    expect_fault(h, va + 0x1008, ACC_X, PRIV_S, EXC_INSN_PAGE);  /* not executable */
    expect_fault(h, va + 0x2000, ACC_R, PRIV_S, EXC_LOAD_PAGE);  /* unmapped neighbour */
    /* Negative (upper-half) addresses are canonical and walk from root[511] */
    uint64_t hi = 0xffffffffffe00000ull; /* vpn2 = 511, vpn1 = 511, vpn0 = 0 */
    set_pte(m, ROOT, 511, PTR(L1B));
    set_pte(m, L1B, 511, PTR(L0));
    set_pte(m, L0, 0, LEAF(PAGE_B, PTE_R | PTE_A));
    expect_pa(h, hi + 0x10, ACC_R, PRIV_S, PAGE_B + 0x10);
}

static void test_sv39_megapage_and_gigapage(void **state)
{
    struct machine *m = M(state);
    struct hart *h = H(state);
    /* 2 MiB: a leaf at level 1 */
    uint64_t va2m = (1ull << 30) + 3 * (2ull << 20); /* vpn2 = 1, vpn1 = 3 */
    set_pte(m, ROOT, 1, PTR(L1));
    set_pte(m, L1, 3, LEAF(MEGA, PTE_R | PTE_W | PTE_A | PTE_D));
    /* 1 GiB: a leaf at level 2, also from the top half */
    set_pte(m, ROOT, 2, LEAF(GIGA, PTE_R | PTE_X | PTE_A));
    set_pte(m, ROOT, 511, LEAF(GIGA, PTE_R | PTE_A));
    use_sv39(h);
    expect_pa(h, va2m, ACC_R, PRIV_S, MEGA);
    expect_pa(h, va2m + 0x12345, ACC_W, PRIV_S, MEGA + 0x12345);
    expect_pa(h, va2m + 0x1fffff, ACC_R, PRIV_S, MEGA + 0x1fffff);
    expect_fault(h, va2m + 0x200000, ACC_R, PRIV_S, EXC_LOAD_PAGE); /* next 2 MiB: unmapped */
    expect_pa(h, 0x80000000ull + 0x1234567, ACC_X, PRIV_S, GIGA + 0x1234567);
    expect_pa(h, 0x80000000ull + 0x3fffffff, ACC_R, PRIV_S, GIGA + 0x3fffffff);
    expect_pa(h, 0xffffffffc0000000ull + 0x2345678, ACC_R, PRIV_S, GIGA + 0x2345678);
}

static void test_sv48(void **state)
{
    struct machine *m = M(state);
    struct hart *h = H(state);
    /* 4 KiB through four levels: va in the second 512 GiB */
    uint64_t va = (1ull << 39) + 0x12345000ull;
    set_pte(m, ROOT, vpn(va, 3), PTR(L2_48));
    set_pte(m, L2_48, vpn(va, 2), PTR(L1));
    set_pte(m, L1, vpn(va, 1), PTR(L0));
    set_pte(m, L0, vpn(va, 0), LEAF(PAGE_A, PTE_R | PTE_W | PTE_A | PTE_D));
    /* 2 MiB and 1 GiB in the same second-level table */
    uint64_t va1g = (1ull << 39) + (5ull << 30);
    set_pte(m, L2_48, 5, LEAF(GIGA, PTE_R | PTE_A));
    uint64_t va2m = (1ull << 39) + (7ull << 21);
    set_pte(m, L1, 7, LEAF(MEGA, PTE_R | PTE_A));
    /* 512 GiB: a leaf in the root, identity for the low 512 GiB */
    set_pte(m, ROOT, 2, LEAF(0, PTE_R | PTE_W | PTE_A | PTE_D));
    assert_int_equal(csr_write(h, CSR_satp, SATP_SV48(ROOT)), 0);
    expect_pa(h, va + 0xabc, ACC_W, PRIV_S, PAGE_A + 0xabc);
    expect_pa(h, va1g + 0x3ffffff8, ACC_R, PRIV_S, GIGA + 0x3ffffff8);
    expect_pa(h, va2m + 0x1234, ACC_R, PRIV_S, MEGA + 0x1234);
    expect_pa(h, (2ull << 39) + 0x80001234ull, ACC_R, PRIV_S, 0x80001234ull);
    /* Sv48 accepts what Sv39 calls non-canonical */
    set_pte(m, ROOT, 0, LEAF(0, PTE_R | PTE_A));
    expect_pa(h, 0x0000004000000000ull, ACC_R, PRIV_S, 0x0000004000000000ull);
    expect_fault(h, 0x0000800000000000ull, ACC_R, PRIV_S, EXC_LOAD_PAGE); /* non-canonical */
    set_pte(m, ROOT, 256, LEAF(0, PTE_R | PTE_A)); /* would map bit-47 addresses */
    expect_fault(h, 0x0000800000000000ull, ACC_R, PRIV_S, EXC_LOAD_PAGE);
    expect_pa(h, 0xffff800000000000ull + 0x80000000ull, ACC_R, PRIV_S, 0x80000000ull);
}

/* ------------------------------------------------------------ faults */

static void test_invalid_and_reserved_ptes(void **state)
{
    struct machine *m = M(state);
    struct hart *h = H(state);
    uint64_t va = 0x40000000;
    use_sv39(h);
    /* V = 0, at the root */
    set_pte(m, ROOT, 1, PTR(L1) & ~PTE_V);
    expect_fault(h, va, ACC_R, PRIV_S, EXC_LOAD_PAGE);
    expect_fault(h, va, ACC_W, PRIV_S, EXC_STORE_PAGE);
    expect_fault(h, va, ACC_X, PRIV_S, EXC_INSN_PAGE);
    /* V = 0 at the leaf, with permissions otherwise fine */
    map4k_sv39(m, va, PAGE_A, RWX | PTE_A | PTE_D);
    expect_pa(h, va, ACC_R, PRIV_S, PAGE_A);
    set_pte(m, L0, vpn(va, 0), LEAF(PAGE_A, RWX | PTE_A | PTE_D) & ~PTE_V);
    expect_fault(h, va, ACC_R, PRIV_S, EXC_LOAD_PAGE);
    /* W without R is reserved, whatever the access */
    set_pte(m, L0, vpn(va, 0), LEAF(PAGE_A, PTE_W | PTE_A | PTE_D));
    expect_fault(h, va, ACC_W, PRIV_S, EXC_STORE_PAGE);
    expect_fault(h, va, ACC_R, PRIV_S, EXC_LOAD_PAGE);
    set_pte(m, L0, vpn(va, 0), LEAF(PAGE_A, PTE_W | PTE_X | PTE_A | PTE_D));
    expect_fault(h, va, ACC_X, PRIV_S, EXC_INSN_PAGE);
    /* High bits: N with ppn[3:0] != 1000, PBMT with menvcfg.PBMTE = 0
     * (more in test_svpbmt and test_svnapot) */
    set_pte(m, L0, vpn(va, 0), LEAF(PAGE_A, RWX | PTE_A | PTE_D) | 1ull << 63);
    expect_fault(h, va, ACC_R, PRIV_S, EXC_LOAD_PAGE);
    set_pte(m, L0, vpn(va, 0), LEAF(PAGE_A, RWX | PTE_A | PTE_D) | 1ull << 61);
    expect_fault(h, va, ACC_R, PRIV_S, EXC_LOAD_PAGE);
    /* A pointer at the last level is not a leaf */
    set_pte(m, L0, vpn(va, 0), PTR(L1B));
    expect_fault(h, va, ACC_R, PRIV_S, EXC_LOAD_PAGE);
}

static void test_ptw_outside_ram_is_access_fault(void **state)
{
    struct hart *h = H(state);
    /* The root table in MMIO space: the walk's read is an access fault */
    assert_int_equal(csr_write(h, CSR_satp, 8ull << 60 | (0x10000000ull >> 12)), 0);
    expect_fault(h, 0x1000, ACC_R, PRIV_S, EXC_LOAD_ACCESS);
    expect_fault(h, 0x1000, ACC_W, PRIV_S, EXC_STORE_ACCESS);
    expect_fault(h, 0x1000, ACC_X, PRIV_S, EXC_INSN_ACCESS);
}

static void test_user_pages(void **state)
{
    struct machine *m = M(state);
    struct hart *h = H(state);
    uint64_t uva = 0x10000, sva = 0x11000;
    map4k_sv39(m, uva, PAGE_A, RWX | PTE_U | PTE_A | PTE_D);
    map4k_sv39(m, sva, PAGE_B, RWX | PTE_A | PTE_D);
    use_sv39(h);
    /* U reaches U pages only */
    expect_pa(h, uva, ACC_R, PRIV_U, PAGE_A);
    expect_pa(h, uva, ACC_W, PRIV_U, PAGE_A);
    expect_pa(h, uva, ACC_X, PRIV_U, PAGE_A);
    expect_fault(h, sva, ACC_R, PRIV_U, EXC_LOAD_PAGE);
    expect_fault(h, sva, ACC_X, PRIV_U, EXC_INSN_PAGE);
    /* S and U pages: loads and stores need SUM */
    expect_fault(h, uva, ACC_R, PRIV_S, EXC_LOAD_PAGE);
    expect_fault(h, uva, ACC_W, PRIV_S, EXC_STORE_PAGE);
    assert_int_equal(csr_write(h, CSR_mstatus, MSTATUS_SUM), 0);
    expect_pa(h, uva + 4, ACC_R, PRIV_S, PAGE_A + 4);
    expect_pa(h, uva + 4, ACC_W, PRIV_S, PAGE_A + 4);
    /* ... and S never executes from a U page, SUM or not */
    expect_fault(h, uva, ACC_X, PRIV_S, EXC_INSN_PAGE);
    assert_int_equal(csr_write(h, CSR_mstatus, 0), 0);
    expect_fault(h, uva, ACC_X, PRIV_S, EXC_INSN_PAGE);
    expect_pa(h, sva, ACC_X, PRIV_S, PAGE_B);
}

static void test_mxr(void **state)
{
    struct machine *m = M(state);
    struct hart *h = H(state);
    uint64_t va = 0x20000;
    map4k_sv39(m, va, PAGE_A, PTE_X | PTE_A | PTE_D); /* execute-only */
    use_sv39(h);
    expect_pa(h, va, ACC_X, PRIV_S, PAGE_A);
    expect_fault(h, va, ACC_R, PRIV_S, EXC_LOAD_PAGE);
    assert_int_equal(csr_write(h, CSR_mstatus, MSTATUS_MXR), 0);
    expect_pa(h, va + 8, ACC_R, PRIV_S, PAGE_A + 8);
    expect_fault(h, va + 8, ACC_W, PRIV_S, EXC_STORE_PAGE); /* MXR is for loads only */
    assert_int_equal(csr_write(h, CSR_mstatus, 0), 0);
    expect_fault(h, va + 8, ACC_R, PRIV_S, EXC_LOAD_PAGE);
}

static void test_noncanonical_sv39(void **state)
{
    struct machine *m = M(state);
    struct hart *h = H(state);
    /* Map everything the low indices could reach, so only canonicality can fault. */
    set_pte(m, ROOT, 0, LEAF(0, RWX | PTE_A | PTE_D));
    set_pte(m, ROOT, 255, LEAF(0, RWX | PTE_A | PTE_D));
    set_pte(m, ROOT, 256, LEAF(0, RWX | PTE_A | PTE_D));
    set_pte(m, ROOT, 511, LEAF(0, RWX | PTE_A | PTE_D));
    use_sv39(h);
    expect_pa(h, 0xffffffffc0001000ull, ACC_R, PRIV_S, 0x1000); /* canonical high */
    expect_pa(h, 0x1000, ACC_R, PRIV_S, 0x1000);
    expect_fault(h, 0x0000004000000000ull, ACC_R, PRIV_S, EXC_LOAD_PAGE); /* bit 38 alone */
    expect_fault(h, 0x0000008000001000ull, ACC_W, PRIV_S, EXC_STORE_PAGE); /* bit 39 */
    expect_fault(h, 0x8000000000001000ull, ACC_X, PRIV_S, EXC_INSN_PAGE);  /* bit 63 */
    expect_fault(h, 0xffffffbfffffffffull, ACC_R, PRIV_S, EXC_LOAD_PAGE);  /* high, bit 38 clear */
}

static void test_misaligned_superpage(void **state)
{
    struct machine *m = M(state);
    struct hart *h = H(state);
    set_pte(m, ROOT, 1, PTR(L1));
    set_pte(m, L1, 0, LEAF(MEGA + 0x1000, PTE_R | PTE_A)); /* 2 MiB leaf, ppn[0] != 0 */
    set_pte(m, ROOT, 2, LEAF(GIGA + (2ull << 20), PTE_R | PTE_A)); /* 1 GiB leaf, ppn[1] != 0 */
    set_pte(m, ROOT, 3, LEAF(GIGA + 0x1000, PTE_R | PTE_A));       /* 1 GiB leaf, ppn[0] != 0 */
    use_sv39(h);
    expect_fault(h, 1ull << 30, ACC_R, PRIV_S, EXC_LOAD_PAGE);
    expect_fault(h, 2ull << 30, ACC_R, PRIV_S, EXC_LOAD_PAGE);
    expect_fault(h, (3ull << 30) + 0x5000, ACC_R, PRIV_S, EXC_LOAD_PAGE);
    /* ... and a fault leaves the A bit alone */
    set_pte(m, L1, 0, LEAF(MEGA + 0x1000, PTE_R | PTE_W));
    expect_fault(h, 1ull << 30, ACC_W, PRIV_S, EXC_STORE_PAGE);
    assert_int_equal(get_pte(m, L1, 0) & (PTE_A | PTE_D), 0);
}

/* ------------------------------------------------------------ A and D */

static void test_accessed_dirty(void **state)
{
    struct machine *m = M(state);
    struct hart *h = H(state);
    uint64_t va = 0x30000;
    map4k_sv39(m, va, PAGE_A, PTE_R | PTE_W); /* neither A nor D */
    map4k_sv39(m, va + 0x1000, PAGE_B, PTE_R); /* read-only, no A */
    use_sv39(h);
    expect_pa(h, va, ACC_R, PRIV_S, PAGE_A);
    uint64_t pte = get_pte(m, L0, vpn(va, 0));
    assert_true(pte & PTE_A);
    assert_false(pte & PTE_D);
    expect_pa(h, va, ACC_W, PRIV_S, PAGE_A);
    pte = get_pte(m, L0, vpn(va, 0));
    assert_true(pte & PTE_A);
    assert_true(pte & PTE_D);
    /* The rest of the PTE is untouched */
    assert_int_equal(pte, LEAF(PAGE_A, PTE_R | PTE_W | PTE_A | PTE_D));
    /* A store straight to a fresh page sets both */
    set_pte(m, L0, vpn(va, 0), LEAF(PAGE_A, PTE_R | PTE_W));
    expect_pa(h, va + 16, ACC_W, PRIV_S, PAGE_A + 16);
    assert_int_equal(get_pte(m, L0, vpn(va, 0)) & (PTE_A | PTE_D), PTE_A | PTE_D);
    /* A store that faults sets nothing */
    expect_fault(h, va + 0x1000, ACC_W, PRIV_S, EXC_STORE_PAGE);
    assert_int_equal(get_pte(m, L0, vpn(va + 0x1000, 0)) & (PTE_A | PTE_D), 0);
    /* Non-leaf entries are not marked */
    assert_int_equal(get_pte(m, ROOT, vpn(va, 2)), PTR(L1));
    assert_int_equal(get_pte(m, L1, vpn(va, 1)), PTR(L0));
}

/* The same, through the hart's load/store paths (software TLB). */
static void test_accessed_dirty_through_tlb(void **state)
{
    struct machine *m = M(state);
    struct hart *h = H(state);
    uint64_t va = 0x30000;
    map4k_sv39(m, va, PAGE_A, PTE_R | PTE_W);
    put64(m, PAGE_A + 8, 0x1122334455667788ull);
    use_sv39(h);
    hart_set_priv(h, PRIV_S);
    uint64_t v = 0;
    assert_int_equal(mmu_load(h, va + 8, 8, &v), 0);
    assert_int_equal(v, 0x1122334455667788ull);
    assert_int_equal(mmu_load(h, va + 8, 8, &v), 0); /* again: TLB hit */
    assert_int_equal(get_pte(m, L0, vpn(va, 0)) & (PTE_A | PTE_D), PTE_A);
    /* A store after loads filled the read TLB must still set D */
    assert_int_equal(mmu_store(h, va + 8, 4, 0xcafef00d), 0);
    assert_int_equal(get_pte(m, L0, vpn(va, 0)) & (PTE_A | PTE_D), PTE_A | PTE_D);
    assert_int_equal(mmu_load(h, va + 8, 8, &v), 0);
    assert_int_equal(v, 0x11223344cafef00dull);
}

/* ------------------------------------------------------------ TLB flushes */

static void test_tlb_flush_on_satp_write(void **state)
{
    struct machine *m = M(state);
    struct hart *h = H(state);
    uint64_t va = 0x40000;
    map4k_sv39(m, va, PAGE_A, PTE_R | PTE_W | PTE_A | PTE_D);
    put64(m, PAGE_A, 0xaaaa);
    put64(m, PAGE_B, 0xbbbb);
    use_sv39(h);
    hart_set_priv(h, PRIV_S);
    uint64_t v = 0;
    assert_int_equal(mmu_load(h, va, 8, &v), 0);
    assert_int_equal(v, 0xaaaa);
    /* Change the mapping behind the TLB's back. The software TLB keeps the
     * old translation (allowed without an sfence), which is what makes the
     * check after the satp write meaningful. */
    set_pte(m, L0, vpn(va, 0), LEAF(PAGE_B, PTE_R | PTE_W | PTE_A | PTE_D));
    assert_int_equal(mmu_load(h, va, 8, &v), 0);
    assert_int_equal(v, 0xaaaa);
    /* Writing satp (even the same value) flushes */
    hart_set_priv(h, PRIV_M);
    assert_int_equal(csr_write(h, CSR_satp, SATP_SV39(ROOT)), 0);
    hart_set_priv(h, PRIV_S);
    assert_int_equal(mmu_load(h, va, 8, &v), 0);
    assert_int_equal(v, 0xbbbb);
    /* A store through a stale write entry would land in the wrong page */
    assert_int_equal(mmu_store(h, va, 8, 0x1234), 0);
    set_pte(m, L0, vpn(va, 0), LEAF(PAGE_A, PTE_R | PTE_W | PTE_A | PTE_D));
    hart_set_priv(h, PRIV_M);
    assert_int_equal(csr_write(h, CSR_satp, SATP_SV39(ROOT)), 0);
    hart_set_priv(h, PRIV_S);
    assert_int_equal(mmu_store(h, va, 8, 0x5678), 0);
    uint64_t a, b;
    memcpy(&a, ram(m, PAGE_A), 8);
    memcpy(&b, ram(m, PAGE_B), 8);
    assert_int_equal(a, 0x5678);
    assert_int_equal(b, 0x1234);
}

static void test_tlb_flush_on_sum_change(void **state)
{
    struct machine *m = M(state);
    struct hart *h = H(state);
    uint64_t va = 0x50000;
    map4k_sv39(m, va, PAGE_A, PTE_R | PTE_W | PTE_U | PTE_A | PTE_D);
    put64(m, PAGE_A, 77);
    use_sv39(h);
    assert_int_equal(csr_write(h, CSR_mstatus, MSTATUS_SUM), 0);
    hart_set_priv(h, PRIV_S);
    uint64_t v = 0;
    assert_int_equal(mmu_load(h, va, 8, &v), 0);
    assert_int_equal(v, 77);
    hart_set_priv(h, PRIV_M);
    assert_int_equal(csr_write(h, CSR_mstatus, 0), 0);
    hart_set_priv(h, PRIV_S);
    assert_int_equal(mmu_load(h, va, 8, &v), EXC_LOAD_PAGE);
}

/* ------------------------------------------------------------ MPRV */

static void test_mprv(void **state)
{
    struct machine *m = M(state);
    struct hart *h = H(state);
    uint64_t va = 0x60000;
    map4k_sv39(m, va, PAGE_A, PTE_R | PTE_W | PTE_X | PTE_A | PTE_D);
    put64(m, PAGE_A + 0x10, 0x5151);
    use_sv39(h);
    assert_int_equal(h->priv, PRIV_M);
    uint64_t v = 0;
    /* Plain M: va is physical, and 0x60010 is not RAM */
    assert_int_equal(mmu_load(h, va + 0x10, 8, &v), EXC_LOAD_ACCESS);
    /* MPRV with MPP = S: loads and stores are translated as S */
    assert_int_equal(csr_write(h, CSR_mstatus, MSTATUS_MPRV | (1ull << MSTATUS_MPP_SHIFT)), 0);
    assert_int_equal(mmu_load(h, va + 0x10, 8, &v), 0);
    assert_int_equal(v, 0x5151);
    assert_int_equal(mmu_store(h, va + 0x18, 8, 0x6262), 0);
    uint64_t got;
    memcpy(&got, ram(m, PAGE_A + 0x18), 8);
    assert_int_equal(got, 0x6262);
    /* ... but fetches are not */
    uint64_t pa;
    uint8_t *host;
    assert_int_equal(mmu_access(h, 0x80000000ull, 2, ACC_X, &pa, &host), 0);
    assert_int_equal(pa, 0x80000000ull);
    /* MPP = U: the S page is out of reach */
    assert_int_equal(csr_write(h, CSR_mstatus, MSTATUS_MPRV | (0ull << MSTATUS_MPP_SHIFT)), 0);
    assert_int_equal(mmu_load(h, va + 0x10, 8, &v), EXC_LOAD_PAGE);
    /* MPP = M: physical again */
    assert_int_equal(csr_write(h, CSR_mstatus, MSTATUS_MPRV | MSTATUS_MPP), 0);
    assert_int_equal(mmu_load(h, va + 0x10, 8, &v), EXC_LOAD_ACCESS);
    assert_int_equal(mmu_load(h, PAGE_A + 0x10, 8, &v), 0);
    assert_int_equal(v, 0x5151);
}

/* ------------------------------------------------------------ Svpbmt, Svnapot */

#define PBMT_NC (1ull << 61)
#define PBMT_IO (2ull << 61)

static void test_svpbmt(void **state)
{
    struct machine *m = M(state);
    struct hart *h = H(state);
    uint64_t va = 0x40000000, leaf = LEAF(PAGE_A, RWX | PTE_A | PTE_D);
    use_sv39(h);
    map4k_sv39(m, va, PAGE_A, RWX | PTE_A | PTE_D);
    /* PBMTE is writable, and off at reset */
    uint64_t v = 0;
    assert_int_equal(csr_read(h, CSR_menvcfg, &v), 0);
    assert_int_equal(v & MENVCFG_PBMTE, 0);
    assert_int_equal(csr_write(h, CSR_menvcfg, MENVCFG_PBMTE), 0);
    assert_int_equal(csr_read(h, CSR_menvcfg, &v), 0);
    assert_int_equal(v, MENVCFG_PBMTE);
    /* NC and IO translate as usual; 3 is reserved */
    set_pte(m, L0, vpn(va, 0), leaf | PBMT_NC);
    expect_pa(h, va + 0x123, ACC_R, PRIV_S, PAGE_A + 0x123);
    set_pte(m, L0, vpn(va, 0), leaf | PBMT_IO);
    expect_pa(h, va, ACC_W, PRIV_S, PAGE_A);
    expect_pa(h, va, ACC_X, PRIV_S, PAGE_A);
    set_pte(m, L0, vpn(va, 0), leaf | PBMT_NC | PBMT_IO);
    expect_fault(h, va, ACC_R, PRIV_S, EXC_LOAD_PAGE);
    /* not on a pointer */
    set_pte(m, L0, vpn(va, 0), leaf);
    set_pte(m, L1, vpn(va, 1), PTR(L0) | PBMT_NC);
    expect_fault(h, va, ACC_R, PRIV_S, EXC_LOAD_PAGE);
    set_pte(m, L1, vpn(va, 1), PTR(L0));
    expect_pa(h, va, ACC_R, PRIV_S, PAGE_A);
    /* reserved bits 60:54, each of them */
    for (unsigned b = 54; b <= 60; b++) {
        set_pte(m, L0, vpn(va, 0), leaf | 1ull << b);
        expect_fault(h, va, ACC_W, PRIV_S, EXC_STORE_PAGE);
    }
    /* PBMTE = 0: NC faults; and the TLB forgets a page it cached with it */
    set_pte(m, L0, vpn(va, 0), leaf | PBMT_NC);
    h->priv = PRIV_S;
    assert_int_equal(mmu_load(h, va, 8, &v), 0);
    h->priv = PRIV_M;
    assert_int_equal(csr_write(h, CSR_menvcfg, 0), 0);
    expect_fault(h, va, ACC_R, PRIV_S, EXC_LOAD_PAGE);
    h->priv = PRIV_S;
    assert_int_equal(mmu_load(h, va, 8, &v), EXC_LOAD_PAGE);
    h->priv = PRIV_M;
}

static void test_svnapot(void **state)
{
    struct machine *m = M(state);
    struct hart *h = H(state);
    uint64_t va = 0x40010000; /* 64 KiB aligned: L0 entries 16..31 */
    uint64_t frame = 0x80210000; /* 64 KiB aligned */
    use_sv39(h);
    set_pte(m, ROOT, vpn(va, 2), PTR(L1));
    set_pte(m, L1, vpn(va, 1), PTR(L0));
    uint64_t napot = LEAF(frame | 0x8000, RWX | PTE_A | PTE_D) | PTE_N;
    for (unsigned i = 0; i < 16; i++)
        set_pte(m, L0, vpn(va, 0) + i, napot);
    for (unsigned i = 0; i < 16; i++)
        expect_pa(h, va + i * 0x1000 + 0x18, ACC_R, PRIV_S, frame + i * 0x1000 + 0x18);
    expect_pa(h, va + 0xfff8, ACC_W, PRIV_S, frame + 0xfff8);
    /* through the TLB too */
    put64(m, frame + 0x7010, 0x7777);
    uint64_t v = 0;
    h->priv = PRIV_S;
    assert_int_equal(mmu_load(h, va + 0x7010, 8, &v), 0);
    assert_int_equal(v, 0x7777);
    assert_int_equal(mmu_load(h, va + 0x7010, 8, &v), 0);
    assert_int_equal(v, 0x7777);
    h->priv = PRIV_M;
    /* A/D are set in the PTE that was used */
    set_pte(m, L0, vpn(va, 0) + 3, napot & ~(PTE_A | PTE_D));
    expect_pa(h, va + 0x3000, ACC_W, PRIV_S, frame + 0x3000);
    assert_int_equal(get_pte(m, L0, vpn(va, 0) + 3), napot);
    /* every other ppn[3:0] with N faults */
    for (unsigned low = 0; low < 16; low++) {
        if (low == 8)
            continue;
        set_pte(m, L0, vpn(va, 0) + 5, LEAF(frame | low << 12, RWX | PTE_A | PTE_D) | PTE_N);
        expect_fault(h, va + 0x5000, ACC_R, PRIV_S, EXC_LOAD_PAGE);
    }
    /* N on a pointer, on a megapage, on a gigapage */
    set_pte(m, L1, vpn(va, 1), PTR(L0) | PTE_N);
    expect_fault(h, va, ACC_R, PRIV_S, EXC_LOAD_PAGE);
    set_pte(m, L1, vpn(va, 1), LEAF(MEGA, RWX | PTE_A | PTE_D) | PTE_N);
    expect_fault(h, va, ACC_X, PRIV_S, EXC_INSN_PAGE);
    set_pte(m, L1, vpn(va, 1), LEAF(MEGA, RWX | PTE_A | PTE_D));
    expect_pa(h, va, ACC_X, PRIV_S, MEGA + (va & 0x1fffff));
    set_pte(m, ROOT, 2, LEAF(GIGA, RWX | PTE_A | PTE_D) | PTE_N);
    expect_fault(h, 0x80000000, ACC_R, PRIV_S, EXC_LOAD_PAGE);
}

/* A debugger's probe: any mapped page, whatever the permissions and the
 * mode, with no A/D bits set and nothing faulted. */
static void test_probe(void **state)
{
    struct machine *m = M(state);
    struct hart *h = H(state);
    const uint64_t va = 0x40002000ull;
    map4k_sv39(m, va, PAGE_A, PTE_R | PTE_U); /* a user page, not accessed */
    use_sv39(h);
    hart_set_priv(h, PRIV_S);
    h->mstatus &= ~MSTATUS_SUM;
    uint64_t pa = 0;
    assert_int_equal(mmu_probe(h, va + 0x123, &pa), 0);
    assert_int_equal(pa, PAGE_A + 0x123);
    assert_int_equal(get_pte(m, L0, vpn(va, 0)) & (PTE_A | PTE_D), 0); /* untouched */
    expect_fault(h, va, ACC_R, PRIV_S, EXC_LOAD_PAGE); /* a real S access still faults */
    assert_int_not_equal(mmu_probe(h, va + 0x1000, &pa), 0); /* unmapped */
    hart_set_priv(h, PRIV_M);
    assert_int_equal(mmu_probe(h, va, &pa), 0);
    assert_int_equal(pa, va); /* M-mode: no translation */
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, test_machine_setup, test_machine_teardown)
    const struct CMUnitTest tests[] = {
        T(test_bare_and_m_mode),
        T(test_sv39_4k),
        T(test_sv39_megapage_and_gigapage),
        T(test_sv48),
        T(test_invalid_and_reserved_ptes),
        T(test_ptw_outside_ram_is_access_fault),
        T(test_user_pages),
        T(test_probe),
        T(test_mxr),
        T(test_noncanonical_sv39),
        T(test_misaligned_superpage),
        T(test_accessed_dirty),
        T(test_accessed_dirty_through_tlb),
        T(test_tlb_flush_on_satp_write),
        T(test_tlb_flush_on_sum_change),
        T(test_mprv),
        T(test_svpbmt),
        T(test_svnapot),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
