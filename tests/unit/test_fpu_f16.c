/* Unit tests for the binary16 (Zfh) half of isa/riscv/fpu.c.
 *
 * The expectations come from a reference written here in a different way
 * from fpu.c: every finite binary16 value is an integer M times 2^E with
 * M < 2^11, so sums, products and fused multiply-adds are exact integers
 * (unsigned __int128) on a common exponent; quotients and square roots are
 * integer divisions / integer square roots carried 50+ bits past the result
 * with the remainder kept as a half-unit below everything ("strictly between
 * two integers" rounds the same as "just above the lower one" when no
 * rounding position is that low).  One rounding function then turns
 * (sign, M, E) into a binary16 in any mode, detecting tininess after
 * rounding by rounding a second time with an unbounded exponent.  Orderings
 * and classes use host doubles, which hold every binary16 exactly.
 *
 * Unary operations and the widening conversions are checked exhaustively
 * (all 65536 inputs, all five modes), narrowing conversions on every
 * binary16 boundary and midpoint plus their neighbours, binary operations
 * and fma on large pseudo-random samples biased towards hard cases, and a
 * set of hand-derived vectors pins the edge cases by their bits. */
#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "isa/riscv/fpu.h"

typedef unsigned __int128 u128;
typedef __int128 i128;

#define NX FPU_NX
#define UF FPU_UF
#define OF FPU_OF
#define DZ FPU_DZ
#define NV FPU_NV
#define RNE FPU_RNE
#define RTZ FPU_RTZ
#define RDN FPU_RDN
#define RUP FPU_RUP
#define RMM FPU_RMM

#define H_QNAN 0x7e00u
#define H_SNAN 0x7c01u
#define H_INF 0x7c00u
#define H_NINF 0xfc00u
#define H_MAX 0x7bffu   /* 65504 */
#define H_ONE 0x3c00u
#define H_MINSUB 0x0001u /* 2^-24 */
#define H_MINNORM 0x0400u /* 2^-14 */

static const char *const rm_names[5] = { "rne", "rtz", "rdn", "rup", "rmm" };

/* Checks result bits and flags of one call; `fl` is the flags variable. */
#define CHECK(expr, want, want_flags)                                              \
    do {                                                                           \
        uint32_t fl = 0;                                                           \
        uint64_t got_ = (uint64_t)(expr);                                          \
        if (got_ != (uint64_t)(want) || fl != (uint32_t)(want_flags))              \
            fail_msg("%s: got 0x%llx flags 0x%x, want 0x%llx flags 0x%x", #expr,   \
                     (unsigned long long)got_, fl, (unsigned long long)(want),    \
                     (unsigned)(want_flags));                                      \
    } while (0)

/* ============================================================ reference */

enum ref_class { R_ZERO, R_FINITE, R_INF, R_QNAN, R_SNAN };

typedef struct {
    enum ref_class cls;
    bool neg;
    uint64_t m; /* finite: value = m * 2^e, m != 0 */
    int e;
} ref_num;

static ref_num ref_decode(uint64_t bits, int mbits, int ebits)
{
    const uint64_t frac = bits & ((1ull << mbits) - 1);
    const uint64_t bexp = (bits >> mbits) & ((1ull << ebits) - 1);
    const int bias = (1 << (ebits - 1)) - 1;
    ref_num r = { R_FINITE, (bits >> (mbits + ebits)) & 1, 0, 0 };

    if (bexp == (1ull << ebits) - 1) {
        r.cls = frac == 0 ? R_INF : (frac >> (mbits - 1)) ? R_QNAN : R_SNAN;
    } else if (bexp == 0) {
        if (frac == 0)
            r.cls = R_ZERO;
        r.m = frac;
        r.e = 1 - bias - mbits;
    } else {
        r.m = frac | 1ull << mbits;
        r.e = (int)bexp - bias - mbits;
    }
    return r;
}

static ref_num ref_h(uint16_t h) { return ref_decode(h, 10, 5); }

static bool is_nan(const ref_num *r) { return r->cls == R_QNAN || r->cls == R_SNAN; }

static int bitlen128(u128 v)
{
    int n = 0;
    while (v) {
        v >>= 1;
        n++;
    }
    return n;
}

/* m * 2^e (m > 0) rounded to an integer multiple of 2^q in mode rm:
 * returns the multiplier, *inexact tells whether anything was dropped. */
static u128 ref_quantize(u128 m, int e, int q, bool neg, unsigned rm, bool *inexact)
{
    u128 k, rest, half;
    int sh = q - e;
    bool up;

    if (sh <= 0) {
        *inexact = false;
        return m << -sh; /* callers keep this small */
    }
    if (sh > 127) {
        k = 0;
        rest = m;
        half = (u128)1 << 127; /* m < 2^127 <= 2^(sh-1): below half */
    } else {
        k = m >> sh;
        rest = m & (((u128)1 << sh) - 1);
        half = (u128)1 << (sh - 1);
    }
    *inexact = rest != 0;
    switch (rm) {
    case RTZ: up = false; break;
    case RDN: up = neg && *inexact; break;
    case RUP: up = !neg && *inexact; break;
    case RMM: up = rest >= half; break;
    default:  up = rest > half || (rest == half && (k & 1)); break;
    }
    return k + up;
}

/* Rounds (-1)^neg * m * 2^e, m > 0, to binary16. */
static uint16_t ref_round(bool neg, u128 m, int e, unsigned rm, uint32_t *flags)
{
    const int top = bitlen128(m) - 1 + e; /* 2^top <= |v| < 2^(top+1) */
    const uint16_t sbit = neg ? 0x8000 : 0;
    bool inexact, tiny = false, dummy;
    u128 k;
    int q;

    if (top >= 16)
        goto overflow;
    q = top - 10 > -24 ? top - 10 : -24;
    k = ref_quantize(m, e, q, neg, rm, &inexact);
    /* magnitude in units of 2^-24; q <= 5, k <= 2^11 */
    uint64_t units = (uint64_t)k << (q + 24);
    if (units > (uint64_t)65504 << 24)
        goto overflow;
    if (top < -14) {
        /* tiny unless rounding to 11 bits with an unbounded exponent
         * reaches 2^-14 */
        u128 ku = ref_quantize(m, e, top - 10, neg, rm, &dummy);
        tiny = !(top == -15 && ku == 2048);
    }
    if (inexact)
        *flags |= tiny ? NX | UF : NX;
    if (units < 1024)
        return sbit | (uint16_t)units;
    {
        int n = 0;
        while ((units >> n) >= 2048)
            n++;
        assert_true((units & ((1ull << n) - 1)) == 0);
        return sbit | (uint16_t)((n + 1) << 10) | (uint16_t)((units >> n) - 1024);
    }
overflow:
    *flags |= OF | NX;
    switch (rm) {
    case RTZ: return sbit | H_MAX;
    case RDN: return neg ? 0xfc00 : H_MAX;
    case RUP: return neg ? 0xfbff : H_INF;
    default:  return sbit | H_INF;
    }
}

static uint16_t ref_zero(bool neg) { return neg ? 0x8000 : 0; }

/* Exact signed sum of terms (neg_a, ma*2^ea) + (neg_b, mb*2^eb), rounded;
 * an exact zero sum is +0, or -0 in RDN. */
static uint16_t ref_sum(bool na, u128 ma, int ea, bool nb, u128 mb, int eb, unsigned rm,
                        uint32_t *flags)
{
    int e = ea < eb ? ea : eb;
    i128 s = (na ? -1 : 1) * (i128)(ma << (ea - e)) + (nb ? -1 : 1) * (i128)(mb << (eb - e));
    if (s == 0)
        return ref_zero(rm == RDN);
    return ref_round(s < 0, s < 0 ? (u128)-s : (u128)s, e, rm, flags);
}

/* NaN operands: canonical NaN, NV for a signaling one. */
static bool ref_nans(const ref_num *a, const ref_num *b, const ref_num *c, uint32_t *flags)
{
    bool any = false;
    const ref_num *v[3] = { a, b, c };
    for (int i = 0; i < 3; i++) {
        if (!v[i])
            continue;
        if (v[i]->cls == R_SNAN)
            *flags |= NV;
        any |= is_nan(v[i]);
    }
    return any;
}

static uint16_t ref_add(uint16_t ha, uint16_t hb, bool sub, unsigned rm, uint32_t *flags)
{
    ref_num a = ref_h(ha), b = ref_h(hb);
    b.neg ^= sub;
    if (ref_nans(&a, &b, NULL, flags))
        return H_QNAN;
    if (a.cls == R_INF && b.cls == R_INF && a.neg != b.neg) {
        *flags |= NV;
        return H_QNAN;
    }
    if (a.cls == R_INF || b.cls == R_INF)
        return (a.cls == R_INF ? a.neg : b.neg) ? H_NINF : H_INF;
    if (a.cls == R_ZERO && b.cls == R_ZERO)
        return ref_zero(a.neg == b.neg ? a.neg : rm == RDN);
    if (a.cls == R_ZERO)
        return (uint16_t)((hb & 0x7fff) | (b.neg ? 0x8000 : 0));
    if (b.cls == R_ZERO)
        return ha;
    return ref_sum(a.neg, a.m, a.e, b.neg, b.m, b.e, rm, flags);
}

static uint16_t ref_mul(uint16_t ha, uint16_t hb, unsigned rm, uint32_t *flags)
{
    ref_num a = ref_h(ha), b = ref_h(hb);
    bool neg = a.neg ^ b.neg;
    if (ref_nans(&a, &b, NULL, flags))
        return H_QNAN;
    if ((a.cls == R_INF && b.cls == R_ZERO) || (a.cls == R_ZERO && b.cls == R_INF)) {
        *flags |= NV;
        return H_QNAN;
    }
    if (a.cls == R_INF || b.cls == R_INF)
        return neg ? H_NINF : H_INF;
    if (a.cls == R_ZERO || b.cls == R_ZERO)
        return ref_zero(neg);
    return ref_round(neg, (u128)a.m * b.m, a.e + b.e, rm, flags);
}

static uint16_t ref_div(uint16_t ha, uint16_t hb, unsigned rm, uint32_t *flags)
{
    ref_num a = ref_h(ha), b = ref_h(hb);
    bool neg = a.neg ^ b.neg;
    if (ref_nans(&a, &b, NULL, flags))
        return H_QNAN;
    if ((a.cls == R_INF && b.cls == R_INF) || (a.cls == R_ZERO && b.cls == R_ZERO)) {
        *flags |= NV;
        return H_QNAN;
    }
    if (a.cls == R_INF)
        return neg ? H_NINF : H_INF;
    if (b.cls == R_INF || a.cls == R_ZERO)
        return ref_zero(neg);
    if (b.cls == R_ZERO) {
        *flags |= DZ;
        return neg ? H_NINF : H_INF;
    }
    u128 n = (u128)a.m << 64, q = n / b.m, r = n % b.m; /* q >= 2^53 */
    return ref_round(neg, q << 1 | (r != 0), a.e - b.e - 65, rm, flags);
}

static u128 ref_isqrt(u128 n)
{
    u128 s = 0;
    for (int bit = 62; bit >= 0; bit--) {
        u128 t = s | (u128)1 << bit;
        if (t * t <= n)
            s = t;
    }
    return s;
}

static uint16_t ref_sqrt(uint16_t ha, unsigned rm, uint32_t *flags)
{
    ref_num a = ref_h(ha);
    if (ref_nans(&a, NULL, NULL, flags))
        return H_QNAN;
    if (a.cls == R_ZERO)
        return ha;
    if (a.neg) {
        *flags |= NV;
        return H_QNAN;
    }
    if (a.cls == R_INF)
        return H_INF;
    u128 m = a.m;
    int e = a.e;
    if (e & 1) {
        m <<= 1;
        e--;
    }
    u128 n = m << 100, s = ref_isqrt(n); /* s ~ 2^55 */
    return ref_round(false, s << 1 | (s * s != n), e / 2 - 50 - 1, rm, flags);
}

static uint16_t ref_fma(uint16_t ha, uint16_t hb, uint16_t hc, unsigned op, unsigned rm,
                        uint32_t *flags)
{
    ref_num a = ref_h(ha), b = ref_h(hb), c = ref_h(hc);
    bool pneg = a.neg ^ b.neg ^ (op == FPU_FNMSUB || op == FPU_FNMADD);
    c.neg ^= op == FPU_FMSUB || op == FPU_FNMADD;
    bool nan = ref_nans(&a, &b, &c, flags);
    if ((a.cls == R_INF && b.cls == R_ZERO) || (a.cls == R_ZERO && b.cls == R_INF)) {
        *flags |= NV;
        return H_QNAN;
    }
    if (nan)
        return H_QNAN;
    bool pinf = a.cls == R_INF || b.cls == R_INF, pzero = a.cls == R_ZERO || b.cls == R_ZERO;
    if (pinf && c.cls == R_INF && pneg != c.neg) {
        *flags |= NV;
        return H_QNAN;
    }
    if (pinf)
        return pneg ? H_NINF : H_INF;
    if (c.cls == R_INF)
        return c.neg ? H_NINF : H_INF;
    if (pzero && c.cls == R_ZERO)
        return ref_zero(pneg == c.neg ? pneg : rm == RDN);
    if (pzero)
        return (uint16_t)((hc & 0x7fff) | (c.neg ? 0x8000 : 0));
    if (c.cls == R_ZERO)
        return ref_round(pneg, (u128)a.m * b.m, a.e + b.e, rm, flags);
    return ref_sum(pneg, (u128)a.m * b.m, a.e + b.e, c.neg, c.m, c.e, rm, flags);
}

/* Any finite/inf/NaN of another format (mbits, ebits) to binary16. */
static uint16_t ref_narrow(uint64_t bits, int mbits, int ebits, unsigned rm, uint32_t *flags)
{
    ref_num a = ref_decode(bits, mbits, ebits);
    if (ref_nans(&a, NULL, NULL, flags))
        return H_QNAN;
    if (a.cls == R_INF)
        return a.neg ? H_NINF : H_INF;
    if (a.cls == R_ZERO)
        return ref_zero(a.neg);
    return ref_round(a.neg, a.m, a.e, rm, flags);
}

/* binary16 -> integer of `bits` bits: the sign-extended register value. */
static uint64_t ref_to_int(uint16_t h, int bits, bool is_signed, unsigned rm, uint32_t *flags)
{
    ref_num a = ref_h(h);
    const i128 lo = is_signed ? -((i128)1 << (bits - 1)) : 0;
    const i128 hi = is_signed ? ((i128)1 << (bits - 1)) - 1 : ((i128)1 << bits) - 1;
    i128 v;
    bool inexact = false;

    if (is_nan(&a) || a.cls == R_INF) {
        *flags |= NV;
        v = (a.cls == R_INF && a.neg) ? lo : hi;
    } else {
        v = 0;
        if (a.cls == R_FINITE) {
            u128 k = ref_quantize(a.m, a.e, 0, a.neg, rm, &inexact);
            v = a.neg ? -(i128)k : (i128)k;
        }
        if (v < lo || v > hi) {
            *flags |= NV;
            v = v < lo ? lo : hi;
        } else if (inexact) {
            *flags |= NX;
        }
    }
    uint64_t u = (uint64_t)v;
    if (bits == 32)
        u = (uint64_t)(int64_t)(int32_t)(uint32_t)u;
    return u;
}

static uint16_t ref_from_int(bool neg, uint64_t mag, unsigned rm, uint32_t *flags)
{
    if (mag == 0)
        return 0;
    return ref_round(neg, mag, 0, rm, flags);
}

/* Host double holding a binary16 exactly (NaN for NaNs). */
static double ref_double(uint16_t h)
{
    ref_num a = ref_h(h);
    switch (a.cls) {
    case R_ZERO: return a.neg ? -0.0 : 0.0;
    case R_INF: return a.neg ? -INFINITY : INFINITY;
    case R_FINITE: return (a.neg ? -1.0 : 1.0) * ldexp((double)a.m, a.e);
    default: return NAN;
    }
}

/* ============================================================ pseudo-random */

typedef struct { uint64_t s; } rng_t;

static uint64_t rng_next(rng_t *r)
{
    r->s ^= r->s >> 12;
    r->s ^= r->s << 25;
    r->s ^= r->s >> 27;
    return r->s * 0x2545f4914f6cdd1dull;
}

static const uint16_t specials[] = {
    0x0000, 0x8000, 0x0001, 0x8001, 0x0002, 0x03ff, 0x83ff, 0x0400, 0x8400, 0x0401,
    0x3c00, 0xbc00, 0x3c01, 0x3bff, 0x3800, 0x4000, 0x7bff, 0xfbff, 0x7bfe, 0x7c00,
    0xfc00, 0x7e00, 0xfe00, 0x7c01, 0xfc01, 0x7d00, 0x7fff, 0x5bff, 0x1400, 0x0200,
};
#define NSPECIALS (sizeof specials / sizeof specials[0])

/* An operand: uniform bits mostly, specials sometimes, and values near
 * `near` (same or adjacent binade, for cancellation and carries). */
static uint16_t rng_h(rng_t *r, uint16_t near)
{
    uint64_t x = rng_next(r);
    switch (x % 8) {
    case 0: return specials[(x >> 8) % NSPECIALS];
    case 1: case 2: return (uint16_t)((near + (int)((x >> 8) % 129) - 64) ^ ((x >> 20) & 1) << 15);
    case 3: return (uint16_t)((x >> 16) & 0x87ff) | (uint16_t)((near & 0x7c00)); /* same binade */
    default: return (uint16_t)(x >> 24);
    }
}

/* ============================================================ checks */

static void report(const char *what, unsigned rm, uint64_t a, uint64_t b, uint64_t c,
                   uint64_t got, uint32_t gfl, uint64_t want, uint32_t wfl)
{
    fail_msg("%s %s (0x%llx, 0x%llx, 0x%llx): got 0x%llx flags 0x%x, want 0x%llx flags 0x%x",
             what, rm < 5 ? rm_names[rm] : "?", (unsigned long long)a, (unsigned long long)b,
             (unsigned long long)c, (unsigned long long)got, gfl, (unsigned long long)want, wfl);
}

static void check_binop(int which, uint16_t a, uint16_t b, unsigned rm)
{
    static const char *const names[4] = { "f16_add", "f16_sub", "f16_mul", "f16_div" };
    uint32_t gf = 0, wf = 0;
    uint16_t got, want;
    switch (which) {
    case 0: got = f16_add(a, b, rm, &gf); want = ref_add(a, b, false, rm, &wf); break;
    case 1: got = f16_sub(a, b, rm, &gf); want = ref_add(a, b, true, rm, &wf); break;
    case 2: got = f16_mul(a, b, rm, &gf); want = ref_mul(a, b, rm, &wf); break;
    default: got = f16_div(a, b, rm, &gf); want = ref_div(a, b, rm, &wf); break;
    }
    if (got != want || gf != wf)
        report(names[which], rm, a, b, 0, got, gf, want, wf);
}

static void check_fma(uint16_t a, uint16_t b, uint16_t c, unsigned op, unsigned rm)
{
    uint32_t gf = 0, wf = 0;
    uint16_t got = f16_fma(a, b, c, op, rm, &gf), want = ref_fma(a, b, c, op, rm, &wf);
    if (got != want || gf != wf)
        report(op == 0 ? "fmadd" : op == 1 ? "fmsub" : op == 2 ? "fnmsub" : "fnmadd", rm, a, b,
               c, got, gf, want, wf);
}

/* ------------------------------------------------ exhaustive unary ops */

static void test_exhaustive_sqrt(void **state)
{
    (void)state;
    for (unsigned rm = 0; rm < 5; rm++) {
        for (uint32_t a = 0; a < 0x10000; a++) {
            uint32_t gf = 0, wf = 0;
            uint16_t got = f16_sqrt((uint16_t)a, rm, &gf), want = ref_sqrt((uint16_t)a, rm, &wf);
            if (got != want || gf != wf)
                report("f16_sqrt", rm, a, 0, 0, got, gf, want, wf);
        }
    }
}

static void test_exhaustive_to_int(void **state)
{
    (void)state;
    for (unsigned rm = 0; rm < 5; rm++) {
        for (uint32_t a = 0; a < 0x10000; a++) {
            const uint16_t h = (uint16_t)a;
            uint32_t gf, wf;
            uint64_t got, want;
#define TO_INT(fn, bits, sgn)                                               \
            gf = wf = 0;                                                    \
            got = (uint64_t)fn(h, rm, &gf);                                 \
            want = ref_to_int(h, bits, sgn, rm, &wf);                       \
            if (got != want || gf != wf)                                    \
                report(#fn, rm, h, 0, 0, got, gf, want, wf);
            TO_INT(f16_to_i32, 32, true)
            TO_INT(f16_to_u32, 32, false)
            TO_INT(f16_to_i64, 64, true)
            TO_INT(f16_to_u64, 64, false)
#undef TO_INT
        }
    }
}

/* Widening is exact: compare with the decoded value through the host's
 * double, and NaNs with the canonical NaN (+NV for signaling ones). */
static void test_exhaustive_widen(void **state)
{
    (void)state;
    for (uint32_t a = 0; a < 0x10000; a++) {
        const uint16_t h = (uint16_t)a;
        ref_num r = ref_h(h);
        uint32_t f32f = 0, f64f = 0;
        uint32_t w32 = f16_to_f32(h, &f32f);
        uint64_t w64 = f16_to_f64(h, &f64f);
        if (is_nan(&r)) {
            uint32_t nv = r.cls == R_SNAN ? NV : 0;
            if (w32 != F32_CANONICAL_NAN || f32f != nv || w64 != F64_CANONICAL_NAN || f64f != nv)
                fail_msg("widen NaN 0x%04x: 0x%08x/%x 0x%016llx/%x", a, w32, f32f,
                         (unsigned long long)w64, f64f);
            continue;
        }
        double d = ref_double(h);
        float f = (float)d; /* exact: binary16 fits binary32 */
        uint32_t e32;
        uint64_t e64;
        memcpy(&e32, &f, 4);
        memcpy(&e64, &d, 8);
        if (w32 != e32 || w64 != e64 || f32f || f64f)
            fail_msg("widen 0x%04x: 0x%08x/%x 0x%016llx/%x, want 0x%08x 0x%016llx", a, w32, f32f,
                     (unsigned long long)w64, f64f, e32, (unsigned long long)e64);
        /* and back: narrowing a widened value is exact in every mode */
        for (unsigned rm = 0; rm < 5; rm++) {
            uint32_t fl = 0;
            if (f32_to_f16(w32, rm, &fl) != h || f64_to_f16(w64, rm, &fl) != h || fl)
                fail_msg("narrow(widen(0x%04x)) %s not exact", a, rm_names[rm]);
        }
    }
}

static void test_exhaustive_classify_compare(void **state)
{
    (void)state;
    /* classify: every input */
    for (uint32_t a = 0; a < 0x10000; a++) {
        const uint16_t h = (uint16_t)a;
        ref_num r = ref_h(h);
        unsigned want;
        double d = ref_double(h);
        if (r.cls == R_SNAN)
            want = FPU_CLASS_SNAN;
        else if (r.cls == R_QNAN)
            want = FPU_CLASS_QNAN;
        else if (isinf(d))
            want = d < 0 ? FPU_CLASS_NEG_INF : FPU_CLASS_POS_INF;
        else if (d == 0)
            want = signbit(d) ? FPU_CLASS_NEG_ZERO : FPU_CLASS_POS_ZERO;
        else if (fabs(d) < ldexp(1.0, -14))
            want = d < 0 ? FPU_CLASS_NEG_SUBNORMAL : FPU_CLASS_POS_SUBNORMAL;
        else
            want = d < 0 ? FPU_CLASS_NEG_NORMAL : FPU_CLASS_POS_NORMAL;
        if (f16_classify(h) != want)
            fail_msg("f16_classify(0x%04x) = 0x%x, want 0x%x", a, f16_classify(h), want);
    }
    /* compare, min, max: every a against every special and 64 random b */
    rng_t rng = { 0x1234567887654321ull };
    for (uint32_t a = 0; a < 0x10000; a++) {
        for (unsigned j = 0; j < NSPECIALS + 64; j++) {
            const uint16_t ha = (uint16_t)a;
            const uint16_t hb = j < NSPECIALS ? specials[j] : (uint16_t)rng_next(&rng);
            ref_num ra = ref_h(ha), rb = ref_h(hb);
            double da = ref_double(ha), db = ref_double(hb);
            bool unordered = is_nan(&ra) || is_nan(&rb);
            bool snan = ra.cls == R_SNAN || rb.cls == R_SNAN;
            uint32_t fe = 0, fl = 0, fle = 0, fmn = 0, fmx = 0;
            int eq = f16_eq(ha, hb, &fe), lt = f16_lt(ha, hb, &fl), le = f16_le(ha, hb, &fle);
            uint16_t mn = f16_min(ha, hb, &fmn), mx = f16_max(ha, hb, &fmx);
            uint16_t wmn, wmx;
            if (unordered) {
                if (eq || lt || le || fe != (snan ? NV : 0) || fl != NV || fle != NV)
                    fail_msg("unordered compare 0x%04x 0x%04x", ha, hb);
                if (is_nan(&ra) && is_nan(&rb))
                    wmn = wmx = H_QNAN;
                else
                    wmn = wmx = is_nan(&ra) ? hb : ha;
            } else {
                if (eq != (da == db) || lt != (da < db) || le != (da <= db) || fe || fl || fle)
                    fail_msg("compare 0x%04x 0x%04x: eq %d lt %d le %d flags %x %x %x", ha, hb,
                             eq, lt, le, fe, fl, fle);
                /* -0 < +0 for min/max */
                bool a_below = da < db || (da == db && signbit(da) && !signbit(db));
                bool b_below = db < da || (da == db && signbit(db) && !signbit(da));
                wmn = b_below ? hb : ha;
                wmx = a_below ? hb : ha;
            }
            uint32_t wf = snan ? NV : 0;
            if (mn != wmn || mx != wmx || fmn != wf || fmx != wf)
                fail_msg("min/max 0x%04x 0x%04x: 0x%04x/%x 0x%04x/%x, want 0x%04x 0x%04x /%x",
                         ha, hb, mn, fmn, mx, fmx, wmn, wmx, wf);
        }
    }
}

/* ---------------------------------------------- binary ops: every a */

/* Every a against a fixed set of b (specials, ones with long mantissas,
 * tiny and huge), in every mode. */
static void test_exhaustive_a_binops(void **state)
{
    (void)state;
    static const uint16_t bs[] = { 0x3c00, 0x3c01, 0x3bff, 0x3555 /* ~1/3 */, 0x4248 /* 3.14 */,
                                   0x0001, 0x03ff, 0x0400, 0x7bff, 0x1000, 0x6000, 0xc7ff,
                                   0xb401, 0x8000, 0x7c00, 0x7c01 };
    for (unsigned rm = 0; rm < 5; rm++)
        for (unsigned j = 0; j < sizeof bs / sizeof bs[0]; j++)
            for (uint32_t a = 0; a < 0x10000; a++)
                for (int which = 0; which < 4; which++) {
                    check_binop(which, (uint16_t)a, bs[j], rm);
                    if (which == 3)
                        check_binop(which, bs[j], (uint16_t)a, rm);
                }
}

static void test_random_binops(void **state)
{
    (void)state;
    rng_t rng = { 0x9e3779b97f4a7c15ull };
    for (unsigned i = 0; i < 400000; i++) {
        uint16_t a = rng_h(&rng, (uint16_t)rng_next(&rng));
        uint16_t b = rng_h(&rng, a);
        for (unsigned rm = 0; rm < 5; rm++)
            for (int which = 0; which < 4; which++)
                check_binop(which, a, b, rm);
    }
}

static void test_random_fma(void **state)
{
    (void)state;
    rng_t rng = { 0xdeadbeefcafef00dull };
    for (unsigned i = 0; i < 300000; i++) {
        uint16_t a = rng_h(&rng, (uint16_t)rng_next(&rng));
        uint16_t b = rng_h(&rng, (uint16_t)rng_next(&rng));
        uint16_t c;
        uint64_t x = rng_next(&rng);
        if (x % 4 == 0) {
            /* c close to -(a*b): massive cancellation */
            uint32_t fl = 0;
            uint16_t p = f16_mul(a, b, RNE, &fl);
            c = (uint16_t)((p ^ 0x8000) + (int)((x >> 8) % 9) - 4);
        } else if (x % 4 == 1) {
            c = (uint16_t)(x >> 16) & 0x83ff; /* tiny addend, huge gap */
        } else {
            c = rng_h(&rng, a);
        }
        for (unsigned rm = 0; rm < 5; rm++)
            for (unsigned op = 0; op < 4; op++)
                check_fma(a, b, c, op, rm);
    }
}

/* ---------------------------------------------- narrowing conversions */

static void check_narrow32(uint32_t x, unsigned rm)
{
    uint32_t gf = 0, wf = 0;
    uint16_t got = f32_to_f16(x, rm, &gf), want = ref_narrow(x, 23, 8, rm, &wf);
    if (got != want || gf != wf)
        report("f32_to_f16", rm, x, 0, 0, got, gf, want, wf);
}

static void check_narrow64(uint64_t x, unsigned rm)
{
    uint32_t gf = 0, wf = 0;
    uint16_t got = f64_to_f16(x, rm, &gf), want = ref_narrow(x, 52, 11, rm, &wf);
    if (got != want || gf != wf)
        report("f64_to_f16", rm, x, 0, 0, got, gf, want, wf);
}

/* Around every binary16 value and every midpoint between neighbours
 * (both exact in binary32/64), one and two ulps of the wider format
 * either way, plus random wide values. */
static void test_narrowing(void **state)
{
    (void)state;
    rng_t rng = { 0x0123456789abcdefull };
    for (uint32_t a = 0; a < 0x7c00; a++) {
        for (int neg = 0; neg < 2; neg++) {
            uint32_t fl = 0;
            uint16_t h = (uint16_t)(a | (uint32_t)neg << 15), h1 = (uint16_t)(h + 1);
            uint32_t w = f16_to_f32(h, &fl);
            uint64_t d = f16_to_f64(h, &fl);
            float fm = (float)((ref_double(h) + ref_double(h1)) / 2); /* midpoint, exact */
            double dm = (ref_double(h) + ref_double(h1)) / 2;
            uint32_t m32;
            uint64_t m64;
            memcpy(&m32, &fm, 4);
            memcpy(&m64, &dm, 8);
            if (a == 0x7bff) { /* the midpoint above MAX is 65520 */
                m32 = 0x477ff000u | (uint32_t)neg << 31;
                m64 = 0x40effe0000000000ull | (uint64_t)neg << 63;
            }
            for (unsigned rm = 0; rm < 5; rm++) {
                for (int k = -2; k <= 2; k++) {
                    check_narrow32(w + (uint32_t)k, rm);
                    check_narrow32(m32 + (uint32_t)k, rm);
                    check_narrow64(d + (uint64_t)(int64_t)k, rm);
                    check_narrow64(m64 + (uint64_t)(int64_t)k, rm);
                }
            }
        }
    }
    for (unsigned i = 0; i < 200000; i++) {
        uint64_t x = rng_next(&rng);
        /* exponents mostly in and around binary16's range */
        uint32_t e32 = (uint32_t)(127 - 30 + (x >> 40) % 50);
        uint32_t x32 = (uint32_t)(x & 0x807fffff) | e32 << 23;
        uint64_t e64 = 1023 - 30 + (x >> 44) % 50;
        uint64_t x64 = (x & 0x800fffffffffffffull) | e64 << 52;
        for (unsigned rm = 0; rm < 5; rm++) {
            check_narrow32(x32, rm);
            check_narrow32((uint32_t)(x >> 32), rm);
            check_narrow64(x64, rm);
            check_narrow64(x, rm);
        }
    }
}

static void check_from_int(int64_t v, unsigned rm)
{
    uint32_t gf, wf;
    uint16_t got, want;
    bool neg = v < 0;
    uint64_t mag = neg ? 0 - (uint64_t)v : (uint64_t)v;
#define FROM(fn, arg, n, m)                                            \
    gf = wf = 0;                                                       \
    got = fn(arg, rm, &gf);                                            \
    want = ref_from_int(n, m, rm, &wf);                                \
    if (got != want || gf != wf)                                       \
        report(#fn, rm, (uint64_t)v, 0, 0, got, gf, want, wf);
    FROM(f16_from_i64, v, neg, mag)
    FROM(f16_from_u64, (uint64_t)v, false, (uint64_t)v)
    FROM(f16_from_i32, (int32_t)v, (int32_t)v < 0,
         (int32_t)v < 0 ? 0 - (uint64_t)(int64_t)(int32_t)v : (uint64_t)(int32_t)v)
    FROM(f16_from_u32, (uint32_t)v, false, (uint32_t)v)
#undef FROM
}

static void test_from_int_cases(void **state)
{
    (void)state;
    rng_t rng = { 0xfeedfacefeedfaceull };
    for (unsigned rm = 0; rm < 5; rm++) {
        for (int64_t v = -70000; v <= 70000; v++)
            check_from_int(v, rm);
        check_from_int(INT64_MIN, rm);
        check_from_int(INT64_MAX, rm);
        check_from_int(INT32_MIN, rm);
        check_from_int(-1, rm);
    }
    for (unsigned i = 0; i < 100000; i++) {
        uint64_t x = rng_next(&rng);
        int64_t v = (int64_t)(x >> (x % 64));
        for (unsigned rm = 0; rm < 5; rm++)
            check_from_int(v, rm);
    }
}

/* ---------------------------------------------- host cross-check (RNE) */

#ifdef __FLT16_MAX__
/* An independent second opinion for round-to-nearest results: the host's
 * _Float16, which evaluates in binary32 and rounds again.  That double
 * rounding is innocuous for +, -, *, / and sqrt (24 >= 2*11 + 2 bits). */
static uint16_t hbits(_Float16 f)
{
    uint16_t u;
    memcpy(&u, &f, 2);
    return u;
}

static _Float16 hval(uint16_t u)
{
    _Float16 f;
    memcpy(&f, &u, 2);
    return f;
}

static void test_host_rne(void **state)
{
    (void)state;
    rng_t rng = { 0x5555aaaa5555aaaaull };
    for (unsigned i = 0; i < 300000; i++) {
        uint16_t a = rng_h(&rng, (uint16_t)rng_next(&rng)), b = rng_h(&rng, a);
        uint32_t fl = 0;
        uint16_t r[5] = { f16_add(a, b, RNE, &fl), f16_sub(a, b, RNE, &fl),
                          f16_mul(a, b, RNE, &fl), f16_div(a, b, RNE, &fl),
                          f16_sqrt(a, RNE, &fl) };
        volatile _Float16 x = hval(a), y = hval(b);
        _Float16 h[5] = { (_Float16)(x + y), (_Float16)(x - y), (_Float16)(x * y),
                          (_Float16)(x / y), (_Float16)sqrtf((float)x) };
        for (int k = 0; k < 5; k++) {
            bool nan_r = (r[k] & 0x7c00) == 0x7c00 && (r[k] & 0x3ff);
            if (nan_r ? r[k] != H_QNAN || !isnan((float)h[k]) : r[k] != hbits(h[k]))
                fail_msg("host op %d (0x%04x, 0x%04x): 0x%04x, host 0x%04x", k, a, b, r[k],
                         hbits(h[k]));
        }
    }
}
#endif

/* ---------------------------------------------- hand-derived vectors */

static void test_ties_and_modes(void **state)
{
    (void)state;
    /* 1 + 2^-11: exactly half an ulp above 1 */
    CHECK(f16_add(H_ONE, 0x1000, RNE, &fl), 0x3c00, NX);
    CHECK(f16_add(H_ONE, 0x1000, RTZ, &fl), 0x3c00, NX);
    CHECK(f16_add(H_ONE, 0x1000, RDN, &fl), 0x3c00, NX);
    CHECK(f16_add(H_ONE, 0x1000, RUP, &fl), 0x3c01, NX);
    CHECK(f16_add(H_ONE, 0x1000, RMM, &fl), 0x3c01, NX);
    /* (1 + 2^-10) + 2^-11: tie, even neighbour above */
    CHECK(f16_add(0x3c01, 0x1000, RNE, &fl), 0x3c02, NX);
    CHECK(f16_add(0x3c01, 0x1000, RTZ, &fl), 0x3c01, NX);
    /* negative: RDN away from zero */
    CHECK(f16_add(0xbc00, 0x9000, RDN, &fl), 0xbc01, NX);
    CHECK(f16_add(0xbc00, 0x9000, RUP, &fl), 0xbc00, NX);
    CHECK(f16_add(0xbc00, 0x9000, RMM, &fl), 0xbc01, NX);
    /* x - x: +0, but -0 in RDN */
    CHECK(f16_sub(0x4248, 0x4248, RNE, &fl), 0x0000, 0);
    CHECK(f16_sub(0x4248, 0x4248, RDN, &fl), 0x8000, 0);
    CHECK(f16_add(0x8000, 0x8000, RNE, &fl), 0x8000, 0);
    CHECK(f16_add(0x8000, 0x0000, RUP, &fl), 0x0000, 0);
    CHECK(f16_add(0x8000, 0x0000, RDN, &fl), 0x8000, 0);
    /* 1/3 = 0x3555 (0.333251953125) + 1/3 ulp */
    CHECK(f16_div(H_ONE, 0x4200, RNE, &fl), 0x3555, NX);
    CHECK(f16_div(H_ONE, 0x4200, RUP, &fl), 0x3556, NX);
    CHECK(f16_div(0xbc00, 0x4200, RDN, &fl), 0xb556, NX);
    CHECK(f16_div(0x4600, 0x4200, RNE, &fl), 0x4000, 0); /* 6/3 */
    /* sqrt 2 = 1.0110101000001001111...b: 0x3da8 rounds down, RUP up */
    CHECK(f16_sqrt(0x4000, RNE, &fl), 0x3da8, NX);
    CHECK(f16_sqrt(0x4000, RUP, &fl), 0x3da9, NX);
    CHECK(f16_sqrt(0x4400, RNE, &fl), 0x4000, 0);   /* sqrt 4 */
    CHECK(f16_sqrt(0x8000, RNE, &fl), 0x8000, 0);   /* sqrt -0 = -0 */
    CHECK(f16_sqrt(0xbc00, RNE, &fl), H_QNAN, NV);
    CHECK(f16_sqrt(0x0001, RNE, &fl), 0x0c00, 0);   /* sqrt 2^-24 = 2^-12 */
}

static void test_overflow_underflow(void **state)
{
    (void)state;
    /* 65504 + 16 = 65520: the tie between MAX and 2^16 goes up (MAX is odd) */
    CHECK(f16_add(H_MAX, 0x4c00, RNE, &fl), H_INF, OF | NX);
    CHECK(f16_add(H_MAX, 0x4c00, RMM, &fl), H_INF, OF | NX);
    /* ... but truncating 65520 to 11 bits gives MAX: no overflow at all */
    CHECK(f16_add(H_MAX, 0x4c00, RTZ, &fl), H_MAX, NX);
    CHECK(f16_add(H_MAX, 0x4c00, RDN, &fl), H_MAX, NX);
    CHECK(f16_add(H_MAX, 0x4c00, RUP, &fl), H_INF, OF | NX);
    /* 65504 + 8 is below the tie: no overflow, just inexact */
    CHECK(f16_add(H_MAX, 0x4800, RNE, &fl), H_MAX, NX);
    CHECK(f16_add(H_MAX, 0x4800, RUP, &fl), H_INF, OF | NX);
    /* negative overflow */
    CHECK(f16_mul(0xfbff, 0x4000, RNE, &fl), H_NINF, OF | NX);
    CHECK(f16_mul(0xfbff, 0x4000, RUP, &fl), 0xfbff, OF | NX);
    CHECK(f16_mul(0xfbff, 0x4000, RDN, &fl), H_NINF, OF | NX);
    CHECK(f16_mul(0xfbff, 0x4000, RTZ, &fl), 0xfbff, OF | NX);
    /* 2^-24 / 2 = 2^-25: tie between 0 and the smallest subnormal */
    CHECK(f16_mul(H_MINSUB, 0x3800, RNE, &fl), 0x0000, UF | NX);
    CHECK(f16_mul(H_MINSUB, 0x3800, RMM, &fl), 0x0001, UF | NX);
    CHECK(f16_mul(H_MINSUB, 0x3800, RUP, &fl), 0x0001, UF | NX);
    CHECK(f16_mul(H_MINSUB, 0x3800, RDN, &fl), 0x0000, UF | NX);
    CHECK(f16_mul(0x8001, 0x3800, RDN, &fl), 0x8001, UF | NX);
    CHECK(f16_mul(0x8001, 0x3800, RNE, &fl), 0x8000, UF | NX);
    /* exact subnormal result: no flags */
    CHECK(f16_mul(0x0002, 0x3800, RNE, &fl), 0x0001, 0);
    CHECK(f16_sub(0x0401, 0x0400, RNE, &fl), 0x0001, 0);
    /* tininess after rounding: (63*2^-13)(65*2^-13) = 4095*2^-26 =
     * 2^-14 (1 - 2^-12).  With 11 bits and an unbounded exponent it
     * rounds (tie to even) to 2^-14, so it is not tiny: NX without UF. */
    CHECK(f16_mul(0x1fe0, 0x2010, RNE, &fl), H_MINNORM, NX);
    CHECK(f16_mul(0x1fe0, 0x2010, RMM, &fl), H_MINNORM, NX);
    CHECK(f16_mul(0x1fe0, 0x2010, RUP, &fl), H_MINNORM, NX);
    /* ... while truncating it stays below 2^-14: tiny and inexact */
    CHECK(f16_mul(0x1fe0, 0x2010, RTZ, &fl), 0x03ff, UF | NX);
    CHECK(f16_mul(0x1fe0, 0x2010, RDN, &fl), 0x03ff, UF | NX);
    /* 2047*2^-25 = 2^-14 (1 - 2^-11) (11 bits, exact when unbounded):
     * tiny in every mode, and it rounds to 2^-14 in RNE (tie, even) */
    CHECK(f16_div(0x07ff, 0x4000, RNE, &fl), H_MINNORM, UF | NX);
    CHECK(f16_div(0x07ff, 0x4000, RTZ, &fl), 0x03ff, UF | NX);
    /* narrowing conversions overflow and underflow the same way */
    CHECK(f32_to_f16(0x477ff000, RNE, &fl), H_INF, OF | NX);      /* 65520 */
    CHECK(f32_to_f16(0x477fefff, RNE, &fl), H_MAX, NX);
    CHECK(f32_to_f16(0x477ff000, RTZ, &fl), H_MAX, NX);
    CHECK(f32_to_f16(0x477ff001, RTZ, &fl), H_MAX, NX);
    CHECK(f32_to_f16(0x47800000, RTZ, &fl), H_MAX, OF | NX);      /* 65536 */
    CHECK(f32_to_f16(0x33000000, RNE, &fl), 0x0000, UF | NX);     /* 2^-25 */
    CHECK(f32_to_f16(0x33000001, RNE, &fl), 0x0001, UF | NX);
    CHECK(f32_to_f16(0x387ff000, RNE, &fl), H_MINNORM, NX);       /* 2^-14 (1 - 2^-12) */
    CHECK(f32_to_f16(0x387ff000, RTZ, &fl), 0x03ff, UF | NX);
    CHECK(f32_to_f16(0x387fe000, RNE, &fl), H_MINNORM, UF | NX);  /* 2^-14 (1 - 2^-11): tiny */
    CHECK(f64_to_f16(0x0000000000000001ull, RUP, &fl), 0x0001, UF | NX);
    CHECK(f64_to_f16(0x8000000000000001ull, RUP, &fl), 0x8000, UF | NX);
    CHECK(f64_to_f16(0x7fefffffffffffffull, RDN, &fl), H_MAX, OF | NX);
    CHECK(f64_to_f16(0x3ff0020000000000ull, RNE, &fl), 0x3c00, NX); /* 1 + 2^-11 */
    CHECK(f64_to_f16(0x3ff0020000000001ull, RNE, &fl), 0x3c01, NX);
    /* integers: 65519 rounds to MAX, 65520 overflows in RNE */
    CHECK(f16_from_i32(65519, RNE, &fl), H_MAX, NX);
    CHECK(f16_from_i32(65520, RNE, &fl), H_INF, OF | NX);
    CHECK(f16_from_i32(65520, RTZ, &fl), H_MAX, NX);
    CHECK(f16_from_i32(65536, RTZ, &fl), H_MAX, OF | NX);
    CHECK(f16_from_i32(-65536, RUP, &fl), 0xfbff, OF | NX);
    CHECK(f16_from_i32(-65536, RNE, &fl), H_NINF, OF | NX);
    CHECK(f16_from_u64(~0ull, RNE, &fl), H_INF, OF | NX);
    CHECK(f16_from_i64(INT64_MIN, RTZ, &fl), 0xfbff, OF | NX);
    CHECK(f16_from_i32(2049, RNE, &fl), 0x6800, NX);              /* tie -> 2048 */
    CHECK(f16_from_i32(2051, RNE, &fl), 0x6802, NX);              /* tie -> 2052 */
    CHECK(f16_from_i32(2049, RMM, &fl), 0x6801, NX);
    CHECK(f16_from_u32(0, RNE, &fl), 0x0000, 0);
    CHECK(f16_from_i64(-1, RNE, &fl), 0xbc00, 0);
}

static void test_nans_and_invalid(void **state)
{
    (void)state;
    /* NaN results are canonical; payloads and signs are dropped */
    CHECK(f16_add(0xfe55, H_ONE, RNE, &fl), H_QNAN, 0);
    CHECK(f16_add(0x7d55, H_ONE, RNE, &fl), H_QNAN, NV);   /* signaling */
    CHECK(f16_mul(H_ONE, 0xfc01, RNE, &fl), H_QNAN, NV);
    CHECK(f16_sqrt(0x7c01, RNE, &fl), H_QNAN, NV);
    CHECK(f16_add(H_INF, H_NINF, RNE, &fl), H_QNAN, NV);
    CHECK(f16_sub(H_INF, H_INF, RNE, &fl), H_QNAN, NV);
    CHECK(f16_mul(H_INF, 0x8000, RNE, &fl), H_QNAN, NV);
    CHECK(f16_div(0x0000, 0x8000, RNE, &fl), H_QNAN, NV);
    CHECK(f16_div(H_INF, H_NINF, RNE, &fl), H_QNAN, NV);
    CHECK(f16_div(H_ONE, 0x8000, RNE, &fl), H_NINF, DZ);
    CHECK(f16_div(0x8001, 0x0000, RNE, &fl), H_NINF, DZ);
    CHECK(f16_div(H_INF, 0x0000, RNE, &fl), H_INF, 0);     /* no DZ for inf / 0 */
    CHECK(f16_div(H_ONE, H_NINF, RNE, &fl), 0x8000, 0);
    /* fma: inf*0 is invalid even with a quiet NaN addend */
    CHECK(f16_fma(H_INF, 0x0000, H_QNAN, FPU_FMADD, RNE, &fl), H_QNAN, NV);
    CHECK(f16_fma(H_ONE, H_ONE, 0x7c01, FPU_FMADD, RNE, &fl), H_QNAN, NV);
    CHECK(f16_fma(H_ONE, H_QNAN, H_ONE, FPU_FMADD, RNE, &fl), H_QNAN, 0);
    CHECK(f16_fma(H_INF, H_ONE, H_INF, FPU_FMSUB, RNE, &fl), H_QNAN, NV);
    CHECK(f16_fma(H_INF, H_ONE, H_INF, FPU_FNMSUB, RNE, &fl), H_QNAN, NV);
    CHECK(f16_fma(H_INF, H_ONE, H_INF, FPU_FNMADD, RNE, &fl), H_NINF, 0);
    /* conversions of NaN and inf saturate with NV */
    CHECK(f16_to_i32(H_QNAN, RNE, &fl), INT32_MAX, NV);
    CHECK(f16_to_i32(0xfe00, RNE, &fl), INT32_MAX, NV);      /* NaN sign is ignored */
    CHECK(f16_to_i64(H_NINF, RNE, &fl), (uint64_t)INT64_MIN, NV);
    CHECK(f16_to_u32(H_INF, RNE, &fl), 0xffffffffffffffffull, NV); /* sign-extended */
    CHECK(f16_to_u64(H_NINF, RNE, &fl), 0, NV);
    CHECK(f16_to_u64(0xbc00, RNE, &fl), 0, NV);              /* -1 */
    CHECK(f16_to_u64(0xb800, RNE, &fl), 0, NX);              /* -0.5 -> -0: fits */
    CHECK(f16_to_u64(0xb800, RDN, &fl), 0, NV);              /* -0.5 -> -1 */
    CHECK(f16_to_i32(0x7bff, RNE, &fl), 65504, 0);
    CHECK(f16_to_i32(0x3e00, RNE, &fl), 2, NX);              /* 1.5 tie -> 2 */
    CHECK(f16_to_i32(0x4100, RNE, &fl), 2, NX);              /* 2.5 tie -> 2 */
    CHECK(f16_to_i32(0x4100, RMM, &fl), 3, NX);
    CHECK(f16_to_i32(0xc100, RMM, &fl), -3, NX);
    CHECK(f16_to_i32(0xc100, RUP, &fl), -2, NX);
    /* widening and narrowing NaNs */
    CHECK(f16_to_f32(0x7c01, &fl), F32_CANONICAL_NAN, NV);
    CHECK(f16_to_f64(0xfe01, &fl), F64_CANONICAL_NAN, 0);
    CHECK(f32_to_f16(0x7f800001, RNE, &fl), H_QNAN, NV);
    CHECK(f64_to_f16(0xfff8000000000001ull, RNE, &fl), H_QNAN, 0);
    CHECK(f16_to_f32(0x0001, &fl), 0x33800000, 0);           /* 2^-24: normal in f32 */
    CHECK(f16_to_f64(0x83ff, &fl), 0xbf0ff80000000000ull, 0);
    /* compare and classify */
    CHECK(f16_eq(0x0000, 0x8000, &fl), 1, 0);
    CHECK(f16_eq(H_QNAN, H_QNAN, &fl), 0, 0);
    CHECK(f16_eq(H_SNAN, H_ONE, &fl), 0, NV);
    CHECK(f16_lt(H_QNAN, H_ONE, &fl), 0, NV);
    CHECK(f16_le(0x8000, 0x0000, &fl), 1, 0);
    CHECK(f16_lt(0x8000, 0x0000, &fl), 0, 0);
    CHECK(f16_min(0x0000, 0x8000, &fl), 0x8000, 0);
    CHECK(f16_max(0x8000, 0x0000, &fl), 0x0000, 0);
    CHECK(f16_min(H_QNAN, 0xbc00, &fl), 0xbc00, 0);
    CHECK(f16_max(H_SNAN, 0xbc00, &fl), 0xbc00, NV);
    CHECK(f16_max(H_SNAN, 0xfe00, &fl), H_QNAN, NV);
    CHECK(f16_classify(0x7c01), FPU_CLASS_SNAN, 0);
    CHECK(f16_classify(0x7e00), FPU_CLASS_QNAN, 0);
    CHECK(f16_classify(0x83ff), FPU_CLASS_NEG_SUBNORMAL, 0);
    CHECK(f16_classify(0x0400), FPU_CLASS_POS_NORMAL, 0);
    CHECK(f16_classify(0x8000), FPU_CLASS_NEG_ZERO, 0);
}

/* Where f16 fma computed as (f32 or f64 fma, then narrowed) goes wrong. */
static void test_fma_single_rounding(void **state)
{
    (void)state;
    /* (683*2^-9)(0.75) = 2049*2^-11 = 1 + 2^-11 (a binary16 midpoint), plus
     * 2^-24: binary32 rounds the sum back onto the midpoint (tie to even),
     * which then rounds to 1.0; the exact sum is above it: 1 + 2^-10. */
    CHECK(f16_fma(0x3d56, 0x3a00, 0x0001, FPU_FMADD, RNE, &fl), 0x3c01, NX);
    CHECK(f16_fma(0x3d56, 0x3a00, 0x8001, FPU_FMADD, RNE, &fl), 0x3c00, NX);
    CHECK(f16_fma(0x3d56, 0x3a00, 0x0000, FPU_FMADD, RNE, &fl), 0x3c00, NX); /* the tie */
    CHECK(f16_fma(0x3d56, 0x3a00, 0x0000, FPU_FMADD, RMM, &fl), 0x3c01, NX);
    /* 1 + 2^-40: the product is below binary64's precision next to 1 —
     * binary64 rounds to exactly 1 and loses the inexact flag and the
     * direction; the exact sum is above 1 */
    CHECK(f16_fma(0x0010, 0x0010, H_ONE, FPU_FMADD, RNE, &fl), 0x3c00, NX);
    CHECK(f16_fma(0x0010, 0x0010, H_ONE, FPU_FMADD, RUP, &fl), 0x3c01, NX);
    CHECK(f16_fma(0x0010, 0x0010, H_ONE, FPU_FMSUB, RTZ, &fl), 0xbbff, NX); /* 2^-40 - 1 */
    CHECK(f16_fma(0x0010, 0x0010, H_ONE, FPU_FNMSUB, RDN, &fl), 0x3bff, NX); /* 1 - 2^-40 */
    CHECK(f16_fma(0x0010, 0x0010, H_ONE, FPU_FNMSUB, RMM, &fl), 0x3c00, NX);
    /* exact cancellation: +0, -0 in RDN; zero product plus zero */
    CHECK(f16_fma(0x4000, 0x4000, 0xc400, FPU_FMADD, RNE, &fl), 0x0000, 0);
    CHECK(f16_fma(0x4000, 0x4000, 0xc400, FPU_FMADD, RDN, &fl), 0x8000, 0);
    CHECK(f16_fma(0x8000, 0x4000, 0x8000, FPU_FMADD, RNE, &fl), 0x8000, 0);
    CHECK(f16_fma(0x8000, 0x4000, 0x0000, FPU_FMADD, RNE, &fl), 0x0000, 0);
    CHECK(f16_fma(0x8000, 0x4000, 0x0000, FPU_FMADD, RDN, &fl), 0x8000, 0);
    CHECK(f16_fma(0x0000, 0x4000, 0x0000, FPU_FNMADD, RNE, &fl), 0x8000, 0);
    /* product overflows, the addend brings it back: no overflow */
    CHECK(f16_fma(0x7bff, 0x4000, 0xfbff, FPU_FMADD, RNE, &fl), 0x7bff, 0);
    /* tiny product, no addend: underflow from the exact product */
    CHECK(f16_fma(H_MINSUB, 0x3800, 0x0000, FPU_FMADD, RNE, &fl), 0x0000, UF | NX);
}

/* NaN boxing helpers. */
static void test_boxing(void **state)
{
    (void)state;
    assert_int_equal(fpu_box16(0x3c00), 0xffffffffffff3c00ull);
    assert_int_equal(fpu_unbox16(0xffffffffffff3c00ull), 0x3c00);
    assert_int_equal(fpu_unbox16(0xfffffffffffe3c00ull), H_QNAN);
    assert_int_equal(fpu_unbox16(0x7fffffffffff3c00ull), H_QNAN);
    assert_int_equal(fpu_unbox16(0xffffffff00003c00ull), H_QNAN); /* a boxed single */
    assert_int_equal(fpu_unbox16(0x0000000000003c00ull), H_QNAN);
}

/* The reference against a few values worked out by hand, so that a bug in
 * the reference itself cannot pass silently. */
static void test_reference_sanity(void **state)
{
    (void)state;
    uint32_t fl = 0;
    assert_int_equal(ref_add(H_ONE, 0x1000, false, RUP, &fl), 0x3c01);
    assert_int_equal(fl, NX);
    fl = 0;
    assert_int_equal(ref_mul(0x1fe0, 0x2010, RTZ, &fl), 0x03ff);
    assert_int_equal(fl, UF | NX);
    fl = 0;
    assert_int_equal(ref_mul(0x1fe0, 0x2010, RNE, &fl), 0x0400);
    assert_int_equal(fl, NX);
    fl = 0;
    assert_int_equal(ref_sqrt(0x4000, RNE, &fl), 0x3da8);
    fl = 0;
    assert_int_equal(ref_div(H_ONE, 0x4200, RUP, &fl), 0x3556);
    fl = 0;
    assert_int_equal(ref_fma(0x3d56, 0x3a00, 0x0001, FPU_FMADD, RNE, &fl), 0x3c01);
    fl = 0;
    assert_int_equal(ref_round(false, 65520, 0, RNE, &fl), H_INF);
    assert_int_equal(fl, OF | NX);
    fl = 0;
    assert_int_equal(ref_to_int(0x4100, 32, true, RNE, &fl), 2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_reference_sanity),
        cmocka_unit_test(test_boxing),
        cmocka_unit_test(test_ties_and_modes),
        cmocka_unit_test(test_overflow_underflow),
        cmocka_unit_test(test_nans_and_invalid),
        cmocka_unit_test(test_fma_single_rounding),
        cmocka_unit_test(test_exhaustive_sqrt),
        cmocka_unit_test(test_exhaustive_to_int),
        cmocka_unit_test(test_exhaustive_widen),
        cmocka_unit_test(test_exhaustive_classify_compare),
        cmocka_unit_test(test_exhaustive_a_binops),
        cmocka_unit_test(test_random_binops),
        cmocka_unit_test(test_random_fma),
        cmocka_unit_test(test_narrowing),
        cmocka_unit_test(test_from_int_cases),
#ifdef __FLT16_MAX__
        cmocka_unit_test(test_host_rne),
#endif
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
