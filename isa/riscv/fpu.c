/* Software IEEE 754 binary16/32/64 arithmetic with RISC-V semantics.
 *
 * Why software: replay must reproduce results and fflags bit for bit on any
 * host, and RMM, canonical NaNs, RISC-V's saturating conversions and its
 * 0*inf+qNaN rule have no portable host-FPU equivalent.  Only integer
 * arithmetic is used (with unsigned __int128 for 64x64 products and 128/64
 * quotients), so the host's FP environment never matters.
 *
 * All formats share one code path parametrised by (mbits, ebits) — the
 * stored mantissa and exponent widths.  The helpers are static inline so that
 * the f16_/f32_/f64_ entry points get specialised copies with those constants
 * folded in (binary16 takes the binary32 branches of div and sqrt, which only
 * need the significand to have at most 24 bits).
 *
 * Internal frame: a finite non-zero value is (sign, exp, sig) with
 *     value = sig * 2^(exp - 62),  sig in [2^62, 2^63),
 * i.e. the leading one sits in bit 62, bit 63 is headroom for the carry of an
 * addition and the bits below the format's precision (52 for binary16, 39 for
 * binary32, 10 for binary64) are guard bits whose lowest one doubles as a sticky bit.  exp is
 * the unbiased exponent.  Many guard bits matter for subtraction: with the
 * larger operand's low bits all zero, jamming the shifted-out part of the
 * smaller one into a sticky bit cannot change any rounding decision.
 */
#include "isa/riscv/fpu.h"

#include <stdbool.h>
#include <stddef.h>

#ifndef __SIZEOF_INT128__
#error "fpu.c needs unsigned __int128 (GCC or Clang on a 64-bit host)"
#endif
typedef unsigned __int128 fpu_u128;

#define F32_MBITS 23
#define F32_EBITS 8
#define F64_MBITS 52
#define F64_EBITS 11
#define F16_MBITS 10
#define F16_EBITS 5

enum fpu_kind { FPU_K_ZERO, FPU_K_FINITE, FPU_K_INF, FPU_K_QNAN, FPU_K_SNAN };

typedef struct {
    enum fpu_kind kind;
    bool sign;
    int exp;      /* FPU_K_FINITE only */
    uint64_t sig; /* FPU_K_FINITE only: leading one in bit 62 */
} fpu_val;

/* ------------------------------------------------------------ bit helpers */

static inline int fpu_bias(int ebits)
{
    return (1 << (ebits - 1)) - 1;
}

static inline unsigned fpu_signpos(int mbits, int ebits)
{
    return (unsigned)(mbits + ebits);
}

static inline uint64_t fpu_exp_mask(int mbits, int ebits)
{
    return ((1ull << ebits) - 1) << mbits;
}

static inline uint64_t fpu_inf(bool sign, int mbits, int ebits)
{
    return (uint64_t)sign << fpu_signpos(mbits, ebits) | fpu_exp_mask(mbits, ebits);
}

static inline uint64_t fpu_zero(bool sign, int mbits, int ebits)
{
    return (uint64_t)sign << fpu_signpos(mbits, ebits);
}

/* The canonical NaN: positive, quiet bit only. */
static inline uint64_t fpu_nan(int mbits, int ebits)
{
    return fpu_exp_mask(mbits, ebits) | 1ull << (mbits - 1);
}

static inline bool fpu_is_nan(uint64_t x, int mbits, int ebits)
{
    uint64_t em = fpu_exp_mask(mbits, ebits);
    return (x & em) == em && (x & ((1ull << mbits) - 1)) != 0;
}

static inline bool fpu_is_snan(uint64_t x, int mbits, int ebits)
{
    return fpu_is_nan(x, mbits, ebits) && !((x >> (mbits - 1)) & 1);
}

static inline int fpu_clz64(uint64_t x)
{
    return __builtin_clzll(x); /* callers guarantee x != 0 */
}

static inline int fpu_clz128(fpu_u128 x)
{
    uint64_t hi = (uint64_t)(x >> 64);
    return hi ? fpu_clz64(hi) : 64 + fpu_clz64((uint64_t)x);
}

/* x >> s with every shifted-out one bit OR-ed into bit 0 ("jamming"), so the
 * result still tells exact from inexact and above-half from below-half. */
static inline uint64_t fpu_shr_jam64(uint64_t x, unsigned s)
{
    if (s == 0)
        return x;
    if (s < 64)
        return x >> s | ((x << (64 - s)) != 0);
    return x != 0;
}

static inline fpu_u128 fpu_shr_jam128(fpu_u128 x, unsigned s)
{
    if (s == 0)
        return x;
    if (s < 128)
        return x >> s | ((x << (128 - s)) != 0);
    return x != 0;
}

static inline fpu_val fpu_unpack(uint64_t x, int mbits, int ebits)
{
    const int bias = fpu_bias(ebits);
    const uint64_t mant = x & ((1ull << mbits) - 1);
    const int bexp = (int)((x >> mbits) & ((1u << ebits) - 1));
    fpu_val v = { FPU_K_FINITE, (x >> fpu_signpos(mbits, ebits)) & 1, 0, 0 };

    if (bexp == (1 << ebits) - 1) {
        if (mant == 0)
            v.kind = FPU_K_INF;
        else
            v.kind = (mant >> (mbits - 1)) & 1 ? FPU_K_QNAN : FPU_K_SNAN;
    } else if (bexp == 0) {
        if (mant == 0) {
            v.kind = FPU_K_ZERO;
        } else {
            /* subnormal: mant * 2^(emin - mbits); normalise it */
            int n = fpu_clz64(mant) - 1;
            v.sig = mant << n;
            v.exp = (1 - bias) - mbits + 62 - n;
        }
    } else {
        v.sig = (mant | 1ull << mbits) << (62 - mbits);
        v.exp = bexp - bias;
    }
    return v;
}

static inline bool fpu_kind_nan(const fpu_val *v)
{
    return v->kind == FPU_K_QNAN || v->kind == FPU_K_SNAN;
}

/* ---------------------------------------------------------------- rounding */

/* sig >> shift rounded to an integer in mode rm; the result may carry into
 * the next power of two.  Any shift is allowed (large ones leave only the
 * sticky information). */
static inline uint64_t fpu_shift_round(uint64_t sig, unsigned shift, bool sign, unsigned rm,
                                       bool *inexact)
{
    uint64_t q, rbit;
    bool sticky, inc;

    if (shift == 0) {
        *inexact = false;
        return sig;
    }
    if (shift < 64) {
        q = sig >> shift;
        rbit = (sig >> (shift - 1)) & 1;
        sticky = (sig & ((1ull << (shift - 1)) - 1)) != 0;
    } else {
        q = 0;
        rbit = shift == 64 ? sig >> 63 : 0;
        sticky = (shift == 64 ? sig << 1 : sig) != 0;
    }
    *inexact = rbit || sticky;
    switch (rm) {
    case FPU_RTZ: inc = false; break;
    case FPU_RDN: inc = sign && *inexact; break;
    case FPU_RUP: inc = !sign && *inexact; break;
    case FPU_RMM: inc = rbit; break;
    default:      inc = rbit && (sticky || (q & 1)); break;
    }
    return q + inc;
}

static uint64_t fpu_overflow(bool sign, int mbits, int ebits, unsigned rm, uint32_t *flags)
{
    bool to_inf;

    *flags |= FPU_OF | FPU_NX;
    switch (rm) {
    case FPU_RTZ: to_inf = false; break;
    case FPU_RDN: to_inf = sign; break;
    case FPU_RUP: to_inf = !sign; break;
    default:      to_inf = true; break;
    }
    /* the largest finite value is the infinity pattern minus one */
    return fpu_inf(sign, mbits, ebits) - !to_inf;
}

/* Rounds sig * 2^(exp - 62) (sig normalised, bit 0 possibly a sticky bit) to
 * the format and packs it, raising NX/UF/OF as appropriate. */
static inline uint64_t fpu_round_pack(bool sign, int exp, uint64_t sig, int mbits, int ebits,
                                      unsigned rm, uint32_t *flags)
{
    const int bias = fpu_bias(ebits), emin = 1 - bias;
    const unsigned shift = (unsigned)(62 - mbits);
    const uint64_t sbit = fpu_zero(sign, mbits, ebits);
    bool inexact, tiny = true;
    uint64_t q;

    if (exp >= emin) {
        q = fpu_shift_round(sig, shift, sign, rm, &inexact);
        if (q >> (mbits + 1)) { /* rounded up to the next binade */
            q >>= 1;
            exp++;
        }
        if (exp > bias)
            return fpu_overflow(sign, mbits, ebits, rm, flags);
        if (inexact)
            *flags |= FPU_NX;
        return sbit | (uint64_t)(exp + bias) << mbits | (q & ((1ull << mbits) - 1));
    }

    /* RISC-V detects tininess after rounding: the value is tiny unless
     * rounding it to full precision with an unbounded exponent reaches
     * 2^emin, which is only possible from just below it. */
    if (exp == emin - 1) {
        bool unused;
        q = fpu_shift_round(sig, shift, sign, rm, &unused);
        tiny = !(q >> (mbits + 1));
    }
    q = fpu_shift_round(sig, shift + (unsigned)(emin - exp), sign, rm, &inexact);
    if (inexact)
        *flags |= tiny ? FPU_NX | FPU_UF : FPU_NX;
    /* q == 2^mbits (rounded up to the smallest normal) lands in the
     * exponent field as 1, which is exactly its encoding */
    return sbit | q;
}

/* Normalises a 128-bit significand P (value = P * 2^(exp - 126), P != 0) to
 * the 64-bit frame and rounds it. */
static inline uint64_t fpu_round_pack128(bool sign, int exp, fpu_u128 p, int mbits, int ebits,
                                         unsigned rm, uint32_t *flags)
{
    int n = fpu_clz128(p);
    uint64_t sig;

    if (n == 0) {
        p = fpu_shr_jam128(p, 1);
        exp++;
    } else {
        p <<= n - 1;
        exp -= n - 1;
    }
    sig = (uint64_t)(p >> 64) | ((uint64_t)p != 0);
    return fpu_round_pack(sign, exp, sig, mbits, ebits, rm, flags);
}

/* -------------------------------------------------------------- arithmetic */

/* Flags a signaling NaN among the operands and returns whether any is NaN. */
static inline bool fpu_nan_operands(const fpu_val *a, const fpu_val *b, const fpu_val *c,
                                    uint32_t *flags)
{
    if (a->kind == FPU_K_SNAN || (b && b->kind == FPU_K_SNAN) || (c && c->kind == FPU_K_SNAN))
        *flags |= FPU_NV;
    return fpu_kind_nan(a) || (b && fpu_kind_nan(b)) || (c && fpu_kind_nan(c));
}

/* Exact x + (-x) is +0, except -0 when rounding down (IEEE 754 6.3). */
static inline uint64_t fpu_exact_zero_sum(bool sa, bool sb, int mbits, int ebits, unsigned rm)
{
    return fpu_zero(sa == sb ? sa : rm == FPU_RDN, mbits, ebits);
}

static inline uint64_t fpu_add(uint64_t a, uint64_t b, bool negate_b, int mbits, int ebits,
                               unsigned rm, uint32_t *flags)
{
    fpu_val va = fpu_unpack(a, mbits, ebits), vb = fpu_unpack(b, mbits, ebits);
    uint64_t s;
    int d;

    vb.sign ^= negate_b;
    if (va.kind != FPU_K_FINITE || vb.kind != FPU_K_FINITE) {
        if (fpu_nan_operands(&va, &vb, NULL, flags))
            return fpu_nan(mbits, ebits);
        if (va.kind == FPU_K_INF) {
            if (vb.kind == FPU_K_INF && vb.sign != va.sign) {
                *flags |= FPU_NV;
                return fpu_nan(mbits, ebits);
            }
            return fpu_inf(va.sign, mbits, ebits);
        }
        if (vb.kind == FPU_K_INF)
            return fpu_inf(vb.sign, mbits, ebits);
        if (va.kind == FPU_K_ZERO && vb.kind == FPU_K_ZERO)
            return fpu_exact_zero_sum(va.sign, vb.sign, mbits, ebits, rm);
        if (va.kind == FPU_K_ZERO) /* 0 + y is y, exactly */
            return b ^ (uint64_t)negate_b << fpu_signpos(mbits, ebits);
        return a;
    }

    /* order by magnitude so the difference below cannot go negative */
    if (va.exp < vb.exp || (va.exp == vb.exp && va.sig < vb.sig)) {
        fpu_val t = va;
        va = vb;
        vb = t;
    }
    d = va.exp - vb.exp;
    vb.sig = fpu_shr_jam64(vb.sig, (unsigned)d);
    if (va.sign == vb.sign) {
        s = va.sig + vb.sig;
        if (s >> 63) {
            s = s >> 1 | (s & 1);
            va.exp++;
        }
        return fpu_round_pack(va.sign, va.exp, s, mbits, ebits, rm, flags);
    }
    s = va.sig - vb.sig;
    if (s == 0)
        return fpu_exact_zero_sum(false, true, mbits, ebits, rm);
    d = fpu_clz64(s) - 1;
    return fpu_round_pack(va.sign, va.exp - d, s << d, mbits, ebits, rm, flags);
}

static inline uint64_t fpu_mul(uint64_t a, uint64_t b, int mbits, int ebits, unsigned rm,
                               uint32_t *flags)
{
    fpu_val va = fpu_unpack(a, mbits, ebits), vb = fpu_unpack(b, mbits, ebits);
    bool sign = va.sign ^ vb.sign;

    if (va.kind != FPU_K_FINITE || vb.kind != FPU_K_FINITE) {
        if (fpu_nan_operands(&va, &vb, NULL, flags))
            return fpu_nan(mbits, ebits);
        if (va.kind == FPU_K_INF || vb.kind == FPU_K_INF) {
            if (va.kind == FPU_K_ZERO || vb.kind == FPU_K_ZERO) {
                *flags |= FPU_NV;
                return fpu_nan(mbits, ebits);
            }
            return fpu_inf(sign, mbits, ebits);
        }
        return fpu_zero(sign, mbits, ebits);
    }
    /* the product of two [2^62, 2^63) significands is in [2^124, 2^126) */
    return fpu_round_pack128(sign, va.exp + vb.exp + 2, (fpu_u128)va.sig * vb.sig, mbits, ebits,
                             rm, flags);
}

static inline uint64_t fpu_div(uint64_t a, uint64_t b, int mbits, int ebits, unsigned rm,
                               uint32_t *flags)
{
    fpu_val va = fpu_unpack(a, mbits, ebits), vb = fpu_unpack(b, mbits, ebits);
    bool sign = va.sign ^ vb.sign;
    uint64_t q, sig;
    bool sticky;
    int exp;

    if (va.kind != FPU_K_FINITE || vb.kind != FPU_K_FINITE) {
        if (fpu_nan_operands(&va, &vb, NULL, flags))
            return fpu_nan(mbits, ebits);
        if (va.kind == FPU_K_INF) {
            if (vb.kind == FPU_K_INF) {
                *flags |= FPU_NV;
                return fpu_nan(mbits, ebits);
            }
            return fpu_inf(sign, mbits, ebits);
        }
        if (vb.kind == FPU_K_INF)
            return fpu_zero(sign, mbits, ebits);
        if (vb.kind == FPU_K_ZERO) {
            if (va.kind == FPU_K_ZERO) {
                *flags |= FPU_NV;
                return fpu_nan(mbits, ebits);
            }
            *flags |= FPU_DZ;
            return fpu_inf(sign, mbits, ebits);
        }
        return fpu_zero(sign, mbits, ebits); /* 0 / finite */
    }

    /* Scale the dividend so the quotient has its leading one in a fixed
     * bit; it then carries well over precision+2 bits, and the remainder
     * supplies the sticky bit. */
    exp = va.exp - vb.exp;
    if (mbits <= F32_MBITS) {
        /* 24-bit significands: a 64-bit division gives a 40-bit quotient */
        uint64_t x = va.sig >> (62 - mbits), y = vb.sig >> (62 - mbits), n;
        if (x >= y) {
            n = x << 39;
        } else {
            n = x << 40;
            exp--;
        }
        q = n / y;
        sticky = q * y != n;
        sig = q << 23 | sticky;
    } else {
        fpu_u128 n;
        if (va.sig >= vb.sig) {
            n = (fpu_u128)va.sig << 63;
        } else {
            n = (fpu_u128)va.sig << 64;
            exp--;
        }
        q = (uint64_t)(n / vb.sig); /* in [2^63, 2^64) */
        sticky = (fpu_u128)q * vb.sig != n;
        sig = q >> 1 | (q & 1) | sticky;
    }
    return fpu_round_pack(sign, exp, sig, mbits, ebits, rm, flags);
}

/* floor(sqrt(n)) by the binary digit-by-digit method. */
static inline uint32_t fpu_isqrt32(uint32_t n)
{
    uint32_t res = 0, one = 1u << 30;

    while (one) {
        if (n >= res + one) {
            n -= res + one;
            res = (res >> 1) + one;
        } else {
            res >>= 1;
        }
        one >>= 2;
    }
    return res;
}

/* floor(sqrt(n)) for n >= 2^32 (fast for n >= 2^60).  The root of the top
 * half gives r_t and remainder; one Newton step along the tangent,
 *     sqrt(r_t^2 + x) <= r_t + x / (2 r_t),
 * never underestimates (sqrt is concave) and overestimates by about
 * 2^16 / r_t, so a couple of exact square comparisons finish the job. */
static inline uint64_t fpu_isqrt64(uint64_t n)
{
    uint64_t t = n >> 32, rt = fpu_isqrt32((uint32_t)t), rem = t - rt * rt;
    uint64_t r = (rt << 16) + ((rem << 32) + (n & 0xffffffffu)) / (rt << 17);

    if (r > 0xffffffffu)
        r = 0xffffffffu;
    while (r * r > n)
        r--;
    return r;
}

/* floor(sqrt(m * 2^64)) for m in [2^62, 2^64), by the same tangent step
 * from floor(sqrt(m)); the result is in [2^63, 2^64). */
static inline uint64_t fpu_isqrt128(uint64_t m, bool *exact)
{
    const fpu_u128 n = (fpu_u128)m << 64;
    uint64_t r1 = fpu_isqrt64(m), rem = m - r1 * r1; /* rem <= 2 r1 < 2^33 */
    fpu_u128 est = ((fpu_u128)r1 << 32) + (rem << 31) / r1;
    uint64_t r = est >> 64 ? ~0ull : (uint64_t)est;

    while ((fpu_u128)r * r > n)
        r--;
    *exact = (fpu_u128)r * r == n;
    return r;
}

static inline uint64_t fpu_sqrt(uint64_t a, int mbits, int ebits, unsigned rm, uint32_t *flags)
{
    fpu_val va = fpu_unpack(a, mbits, ebits);
    uint64_t m, r, sig;
    bool exact;
    int e2; /* value = m * 2^e2 with e2 even */

    if (va.kind != FPU_K_FINITE) {
        if (fpu_nan_operands(&va, NULL, NULL, flags))
            return fpu_nan(mbits, ebits);
        if (va.kind == FPU_K_ZERO) /* sqrt(-0) is -0 */
            return a;
        if (!va.sign)
            return a; /* +inf */
    }
    if (va.sign) {
        *flags |= FPU_NV;
        return fpu_nan(mbits, ebits);
    }

    if ((va.exp - 62) & 1) {
        m = va.sig << 1;
        e2 = va.exp - 63;
    } else {
        m = va.sig;
        e2 = va.exp - 62;
    }
    /* m is in [2^62, 2^64).  Both branches produce a normalised sig with
     * sqrt(value) = sig * 2^(e2/2 + 31 - 62), bit 0 sticky if inexact. */
    if (mbits <= F32_MBITS) {
        /* 24 significant bits: m/4 is exact and its root has 31 bits */
        r = fpu_isqrt64(m >> 2);
        exact = r * r == m >> 2;
        sig = r << 32 | !exact;
    } else {
        r = fpu_isqrt128(m, &exact);
        sig = r >> 1 | (r & 1) | !exact;
    }
    return fpu_round_pack(false, e2 / 2 + 31, sig, mbits, ebits, rm, flags);
}

static inline uint64_t fpu_fma(uint64_t a, uint64_t b, uint64_t c, unsigned op, int mbits,
                               int ebits, unsigned rm, uint32_t *flags)
{
    fpu_val va = fpu_unpack(a, mbits, ebits), vb = fpu_unpack(b, mbits, ebits),
            vc = fpu_unpack(c, mbits, ebits);
    const bool neg_c = op == FPU_FMSUB || op == FPU_FNMADD;
    const bool psign = va.sign ^ vb.sign ^ (op == FPU_FNMSUB || op == FPU_FNMADD);
    fpu_u128 p, cs;
    int pexp, n;

    vc.sign ^= neg_c;
    if (va.kind != FPU_K_FINITE || vb.kind != FPU_K_FINITE || vc.kind != FPU_K_FINITE) {
        bool any_nan = fpu_nan_operands(&va, &vb, &vc, flags);
        /* RISC-V: inf*0 is invalid even when the addend is a quiet NaN */
        if ((va.kind == FPU_K_INF && vb.kind == FPU_K_ZERO) ||
            (va.kind == FPU_K_ZERO && vb.kind == FPU_K_INF)) {
            *flags |= FPU_NV;
            return fpu_nan(mbits, ebits);
        }
        if (any_nan)
            return fpu_nan(mbits, ebits);
        if (va.kind == FPU_K_INF || vb.kind == FPU_K_INF) {
            if (vc.kind == FPU_K_INF && vc.sign != psign) {
                *flags |= FPU_NV;
                return fpu_nan(mbits, ebits);
            }
            return fpu_inf(psign, mbits, ebits);
        }
        if (vc.kind == FPU_K_INF)
            return fpu_inf(vc.sign, mbits, ebits);
        if (va.kind == FPU_K_ZERO || vb.kind == FPU_K_ZERO) {
            if (vc.kind == FPU_K_ZERO)
                return fpu_exact_zero_sum(psign, vc.sign, mbits, ebits, rm);
            return c ^ (uint64_t)neg_c << fpu_signpos(mbits, ebits); /* 0 + c is c */
        }
        /* only c is zero: the result is the rounded product */
    }

    /* Exact product with its leading one moved to bit 126; value is
     * p * 2^(pexp - 126).  A binary64 product has at most 106 significant
     * bits, so its low 20 bits are zero — like the addend's low 64 — which
     * keeps the jamming subtraction below exact enough. */
    p = (fpu_u128)va.sig * vb.sig;
    pexp = va.exp + vb.exp + 2;
    n = fpu_clz128(p) - 1;
    p <<= n;
    pexp -= n;
    if (vc.kind == FPU_K_ZERO)
        return fpu_round_pack128(psign, pexp, p, mbits, ebits, rm, flags);

    cs = (fpu_u128)vc.sig << 64; /* same frame: value = cs * 2^(vc.exp - 126) */
    if (pexp > vc.exp || (pexp == vc.exp && p >= cs)) {
        cs = fpu_shr_jam128(cs, (unsigned)(pexp - vc.exp));
        if (psign == vc.sign)
            return fpu_round_pack128(psign, pexp, p + cs, mbits, ebits, rm, flags);
        if (p == cs)
            return fpu_exact_zero_sum(false, true, mbits, ebits, rm);
        return fpu_round_pack128(psign, pexp, p - cs, mbits, ebits, rm, flags);
    }
    p = fpu_shr_jam128(p, (unsigned)(vc.exp - pexp));
    if (psign == vc.sign)
        return fpu_round_pack128(vc.sign, vc.exp, cs + p, mbits, ebits, rm, flags);
    return fpu_round_pack128(vc.sign, vc.exp, cs - p, mbits, ebits, rm, flags);
}

/* ------------------------------------------------------ compare, min, max */

/* Strict order on non-NaN encodings, with -0 < +0. */
static inline bool fpu_total_lt(uint64_t a, uint64_t b, int mbits, int ebits)
{
    bool sa = (a >> fpu_signpos(mbits, ebits)) & 1, sb = (b >> fpu_signpos(mbits, ebits)) & 1;

    if (sa != sb)
        return sa;
    return sa ? a > b : a < b;
}

static inline bool fpu_both_zero(uint64_t a, uint64_t b, int mbits, int ebits)
{
    uint64_t mag = ~(1ull << fpu_signpos(mbits, ebits));
    return ((a | b) & mag) == 0;
}

static inline uint64_t fpu_minmax(uint64_t a, uint64_t b, bool want_max, int mbits, int ebits,
                                  uint32_t *flags)
{
    bool na = fpu_is_nan(a, mbits, ebits), nb = fpu_is_nan(b, mbits, ebits);

    if (na || nb) {
        if (fpu_is_snan(a, mbits, ebits) || fpu_is_snan(b, mbits, ebits))
            *flags |= FPU_NV;
        if (na && nb)
            return fpu_nan(mbits, ebits);
        return na ? b : a;
    }
    return fpu_total_lt(a, b, mbits, ebits) != want_max ? a : b;
}

/* Returns -1 when unordered (after raising NV as `signaling` dictates),
 * else 1 if a < b, 2 if a == b, 0 if a > b. */
static inline int fpu_compare(uint64_t a, uint64_t b, bool signaling, int mbits, int ebits,
                              uint32_t *flags)
{
    if (fpu_is_nan(a, mbits, ebits) || fpu_is_nan(b, mbits, ebits)) {
        if (signaling || fpu_is_snan(a, mbits, ebits) || fpu_is_snan(b, mbits, ebits))
            *flags |= FPU_NV;
        return -1;
    }
    if (a == b || fpu_both_zero(a, b, mbits, ebits))
        return 2;
    return fpu_total_lt(a, b, mbits, ebits);
}

static inline unsigned fpu_classify(uint64_t a, int mbits, int ebits)
{
    fpu_val v = fpu_unpack(a, mbits, ebits);
    bool subnormal = (a & fpu_exp_mask(mbits, ebits)) == 0;

    switch (v.kind) {
    case FPU_K_ZERO:   return v.sign ? FPU_CLASS_NEG_ZERO : FPU_CLASS_POS_ZERO;
    case FPU_K_INF:    return v.sign ? FPU_CLASS_NEG_INF : FPU_CLASS_POS_INF;
    case FPU_K_SNAN:   return FPU_CLASS_SNAN;
    case FPU_K_QNAN:   return FPU_CLASS_QNAN;
    case FPU_K_FINITE: break;
    }
    if (subnormal)
        return v.sign ? FPU_CLASS_NEG_SUBNORMAL : FPU_CLASS_POS_SUBNORMAL;
    return v.sign ? FPU_CLASS_NEG_NORMAL : FPU_CLASS_POS_NORMAL;
}

/* ------------------------------------------------------------- conversion */

/* Float -> integer of `bits` (32 or 64) bits, signed or not.  Returns the
 * two's complement pattern, sign-extended from `bits`. */
static inline uint64_t fpu_to_int(uint64_t a, int mbits, int ebits, int bits, bool is_signed,
                                  unsigned rm, uint32_t *flags)
{
    fpu_val v = fpu_unpack(a, mbits, ebits);
    /* largest magnitude representable for each sign */
    const uint64_t max_pos = is_signed ? (1ull << (bits - 1)) - 1
                                       : bits == 64 ? ~0ull : (1ull << bits) - 1;
    const uint64_t max_neg = is_signed ? 1ull << (bits - 1) : 0;
    uint64_t mag = 0, r;
    bool inexact = false, fits;

    switch (v.kind) {
    case FPU_K_QNAN:
    case FPU_K_SNAN:
        v.sign = false; /* NaN saturates like +overflow */
        fits = false;
        break;
    case FPU_K_INF:
        fits = false;
        break;
    case FPU_K_ZERO:
        fits = true;
        break;
    default:
        if (v.exp >= 64) {
            fits = false;
        } else if (v.exp >= 62) {
            mag = v.sig << (v.exp - 62);
            fits = true;
        } else {
            /* |value| < 2^62 rounds to at most 2^62: no wrap */
            mag = fpu_shift_round(v.sig, (unsigned)(62 - v.exp), v.sign, rm, &inexact);
            fits = true;
        }
        if (fits)
            fits = mag <= (v.sign ? max_neg : max_pos);
        break;
    }
    if (!fits) {
        *flags |= FPU_NV;
        r = v.sign ? 0 - max_neg : max_pos;
    } else {
        if (inexact)
            *flags |= FPU_NX;
        r = v.sign ? 0 - mag : mag;
    }
    if (bits == 32)
        r = (uint64_t)(int64_t)(int32_t)(uint32_t)r;
    return r;
}

static inline uint64_t fpu_from_int(bool sign, uint64_t mag, int mbits, int ebits, unsigned rm,
                                    uint32_t *flags)
{
    int n;

    if (mag == 0)
        return 0;
    if (mag >> 63)
        return fpu_round_pack(sign, 63, mag >> 1 | (mag & 1), mbits, ebits, rm, flags);
    n = fpu_clz64(mag) - 1;
    return fpu_round_pack(sign, 62 - n, mag << n, mbits, ebits, rm, flags);
}

/* Converts between formats: exact when widening, rounded when narrowing. */
static inline uint64_t fpu_convert(uint64_t a, int mbits, int ebits, int to_mbits, int to_ebits,
                                   unsigned rm, uint32_t *flags)
{
    fpu_val v = fpu_unpack(a, mbits, ebits);

    switch (v.kind) {
    case FPU_K_SNAN:
        *flags |= FPU_NV;
        /* fall through */
    case FPU_K_QNAN:
        return fpu_nan(to_mbits, to_ebits);
    case FPU_K_INF:
        return fpu_inf(v.sign, to_mbits, to_ebits);
    case FPU_K_ZERO:
        return fpu_zero(v.sign, to_mbits, to_ebits);
    case FPU_K_FINITE:
        break;
    }
    return fpu_round_pack(v.sign, v.exp, v.sig, to_mbits, to_ebits, rm, flags);
}

/* ------------------------------------------------------------ entry points */

#define FPU_FMT32 F32_MBITS, F32_EBITS
#define FPU_FMT64 F64_MBITS, F64_EBITS

uint32_t f32_add(uint32_t a, uint32_t b, unsigned rm, uint32_t *flags)
{
    return (uint32_t)fpu_add(a, b, false, FPU_FMT32, rm, flags);
}

uint32_t f32_sub(uint32_t a, uint32_t b, unsigned rm, uint32_t *flags)
{
    return (uint32_t)fpu_add(a, b, true, FPU_FMT32, rm, flags);
}

uint32_t f32_mul(uint32_t a, uint32_t b, unsigned rm, uint32_t *flags)
{
    return (uint32_t)fpu_mul(a, b, FPU_FMT32, rm, flags);
}

uint32_t f32_div(uint32_t a, uint32_t b, unsigned rm, uint32_t *flags)
{
    return (uint32_t)fpu_div(a, b, FPU_FMT32, rm, flags);
}

uint32_t f32_sqrt(uint32_t a, unsigned rm, uint32_t *flags)
{
    return (uint32_t)fpu_sqrt(a, FPU_FMT32, rm, flags);
}

uint32_t f32_fma(uint32_t a, uint32_t b, uint32_t c, unsigned op, unsigned rm, uint32_t *flags)
{
    return (uint32_t)fpu_fma(a, b, c, op, FPU_FMT32, rm, flags);
}

uint64_t f64_add(uint64_t a, uint64_t b, unsigned rm, uint32_t *flags)
{
    return fpu_add(a, b, false, FPU_FMT64, rm, flags);
}

uint64_t f64_sub(uint64_t a, uint64_t b, unsigned rm, uint32_t *flags)
{
    return fpu_add(a, b, true, FPU_FMT64, rm, flags);
}

uint64_t f64_mul(uint64_t a, uint64_t b, unsigned rm, uint32_t *flags)
{
    return fpu_mul(a, b, FPU_FMT64, rm, flags);
}

uint64_t f64_div(uint64_t a, uint64_t b, unsigned rm, uint32_t *flags)
{
    return fpu_div(a, b, FPU_FMT64, rm, flags);
}

uint64_t f64_sqrt(uint64_t a, unsigned rm, uint32_t *flags)
{
    return fpu_sqrt(a, FPU_FMT64, rm, flags);
}

uint64_t f64_fma(uint64_t a, uint64_t b, uint64_t c, unsigned op, unsigned rm, uint32_t *flags)
{
    return fpu_fma(a, b, c, op, FPU_FMT64, rm, flags);
}

uint32_t f32_min(uint32_t a, uint32_t b, uint32_t *flags)
{
    return (uint32_t)fpu_minmax(a, b, false, FPU_FMT32, flags);
}

uint32_t f32_max(uint32_t a, uint32_t b, uint32_t *flags)
{
    return (uint32_t)fpu_minmax(a, b, true, FPU_FMT32, flags);
}

uint64_t f64_min(uint64_t a, uint64_t b, uint32_t *flags)
{
    return fpu_minmax(a, b, false, FPU_FMT64, flags);
}

uint64_t f64_max(uint64_t a, uint64_t b, uint32_t *flags)
{
    return fpu_minmax(a, b, true, FPU_FMT64, flags);
}

int f32_eq(uint32_t a, uint32_t b, uint32_t *flags)
{
    return fpu_compare(a, b, false, FPU_FMT32, flags) == 2;
}

int f32_lt(uint32_t a, uint32_t b, uint32_t *flags)
{
    return fpu_compare(a, b, true, FPU_FMT32, flags) == 1;
}

int f32_le(uint32_t a, uint32_t b, uint32_t *flags)
{
    return fpu_compare(a, b, true, FPU_FMT32, flags) >= 1;
}

int f64_eq(uint64_t a, uint64_t b, uint32_t *flags)
{
    return fpu_compare(a, b, false, FPU_FMT64, flags) == 2;
}

int f64_lt(uint64_t a, uint64_t b, uint32_t *flags)
{
    return fpu_compare(a, b, true, FPU_FMT64, flags) == 1;
}

int f64_le(uint64_t a, uint64_t b, uint32_t *flags)
{
    return fpu_compare(a, b, true, FPU_FMT64, flags) >= 1;
}

unsigned f32_classify(uint32_t a)
{
    return fpu_classify(a, FPU_FMT32);
}

unsigned f64_classify(uint64_t a)
{
    return fpu_classify(a, FPU_FMT64);
}

int64_t f32_to_i32(uint32_t a, unsigned rm, uint32_t *flags)
{
    return (int64_t)fpu_to_int(a, FPU_FMT32, 32, true, rm, flags);
}

int64_t f32_to_u32(uint32_t a, unsigned rm, uint32_t *flags)
{
    return (int64_t)fpu_to_int(a, FPU_FMT32, 32, false, rm, flags);
}

int64_t f32_to_i64(uint32_t a, unsigned rm, uint32_t *flags)
{
    return (int64_t)fpu_to_int(a, FPU_FMT32, 64, true, rm, flags);
}

uint64_t f32_to_u64(uint32_t a, unsigned rm, uint32_t *flags)
{
    return fpu_to_int(a, FPU_FMT32, 64, false, rm, flags);
}

int64_t f64_to_i32(uint64_t a, unsigned rm, uint32_t *flags)
{
    return (int64_t)fpu_to_int(a, FPU_FMT64, 32, true, rm, flags);
}

int64_t f64_to_u32(uint64_t a, unsigned rm, uint32_t *flags)
{
    return (int64_t)fpu_to_int(a, FPU_FMT64, 32, false, rm, flags);
}

int64_t f64_to_i64(uint64_t a, unsigned rm, uint32_t *flags)
{
    return (int64_t)fpu_to_int(a, FPU_FMT64, 64, true, rm, flags);
}

uint64_t f64_to_u64(uint64_t a, unsigned rm, uint32_t *flags)
{
    return fpu_to_int(a, FPU_FMT64, 64, false, rm, flags);
}

/* Negation is done on the unsigned magnitude so INT64_MIN needs no care. */
static inline uint64_t fpu_abs64(int64_t v)
{
    return v < 0 ? 0 - (uint64_t)v : (uint64_t)v;
}

uint32_t f32_from_i32(int32_t v, unsigned rm, uint32_t *flags)
{
    return (uint32_t)fpu_from_int(v < 0, fpu_abs64(v), FPU_FMT32, rm, flags);
}

uint32_t f32_from_u32(uint32_t v, unsigned rm, uint32_t *flags)
{
    return (uint32_t)fpu_from_int(false, v, FPU_FMT32, rm, flags);
}

uint32_t f32_from_i64(int64_t v, unsigned rm, uint32_t *flags)
{
    return (uint32_t)fpu_from_int(v < 0, fpu_abs64(v), FPU_FMT32, rm, flags);
}

uint32_t f32_from_u64(uint64_t v, unsigned rm, uint32_t *flags)
{
    return (uint32_t)fpu_from_int(false, v, FPU_FMT32, rm, flags);
}

uint64_t f64_from_i32(int32_t v, unsigned rm, uint32_t *flags)
{
    return fpu_from_int(v < 0, fpu_abs64(v), FPU_FMT64, rm, flags);
}

uint64_t f64_from_u32(uint32_t v, unsigned rm, uint32_t *flags)
{
    return fpu_from_int(false, v, FPU_FMT64, rm, flags);
}

uint64_t f64_from_i64(int64_t v, unsigned rm, uint32_t *flags)
{
    return fpu_from_int(v < 0, fpu_abs64(v), FPU_FMT64, rm, flags);
}

uint64_t f64_from_u64(uint64_t v, unsigned rm, uint32_t *flags)
{
    return fpu_from_int(false, v, FPU_FMT64, rm, flags);
}

uint64_t f32_to_f64(uint32_t a, uint32_t *flags)
{
    /* widening is exact, so the rounding mode is irrelevant */
    return fpu_convert(a, FPU_FMT32, FPU_FMT64, FPU_RNE, flags);
}

uint32_t f64_to_f32(uint64_t a, unsigned rm, uint32_t *flags)
{
    return (uint32_t)fpu_convert(a, FPU_FMT64, FPU_FMT32, rm, flags);
}

/* ------------------------------------------------- binary16 entry points */

#define FPU_FMT16 F16_MBITS, F16_EBITS

uint16_t f16_add(uint16_t a, uint16_t b, unsigned rm, uint32_t *flags)
{
    return (uint16_t)fpu_add(a, b, false, FPU_FMT16, rm, flags);
}

uint16_t f16_sub(uint16_t a, uint16_t b, unsigned rm, uint32_t *flags)
{
    return (uint16_t)fpu_add(a, b, true, FPU_FMT16, rm, flags);
}

uint16_t f16_mul(uint16_t a, uint16_t b, unsigned rm, uint32_t *flags)
{
    return (uint16_t)fpu_mul(a, b, FPU_FMT16, rm, flags);
}

uint16_t f16_div(uint16_t a, uint16_t b, unsigned rm, uint32_t *flags)
{
    return (uint16_t)fpu_div(a, b, FPU_FMT16, rm, flags);
}

uint16_t f16_sqrt(uint16_t a, unsigned rm, uint32_t *flags)
{
    return (uint16_t)fpu_sqrt(a, FPU_FMT16, rm, flags);
}

/* The exact product of two binary16 significands has 22 bits and sits in the
 * same 128-bit frame as the other formats', so the sum is rounded once. */
uint16_t f16_fma(uint16_t a, uint16_t b, uint16_t c, unsigned op, unsigned rm, uint32_t *flags)
{
    return (uint16_t)fpu_fma(a, b, c, op, FPU_FMT16, rm, flags);
}

uint16_t f16_min(uint16_t a, uint16_t b, uint32_t *flags)
{
    return (uint16_t)fpu_minmax(a, b, false, FPU_FMT16, flags);
}

uint16_t f16_max(uint16_t a, uint16_t b, uint32_t *flags)
{
    return (uint16_t)fpu_minmax(a, b, true, FPU_FMT16, flags);
}

int f16_eq(uint16_t a, uint16_t b, uint32_t *flags)
{
    return fpu_compare(a, b, false, FPU_FMT16, flags) == 2;
}

int f16_lt(uint16_t a, uint16_t b, uint32_t *flags)
{
    return fpu_compare(a, b, true, FPU_FMT16, flags) == 1;
}

int f16_le(uint16_t a, uint16_t b, uint32_t *flags)
{
    return fpu_compare(a, b, true, FPU_FMT16, flags) >= 1;
}

unsigned f16_classify(uint16_t a)
{
    return fpu_classify(a, FPU_FMT16);
}

int64_t f16_to_i32(uint16_t a, unsigned rm, uint32_t *flags)
{
    return (int64_t)fpu_to_int(a, FPU_FMT16, 32, true, rm, flags);
}

int64_t f16_to_u32(uint16_t a, unsigned rm, uint32_t *flags)
{
    return (int64_t)fpu_to_int(a, FPU_FMT16, 32, false, rm, flags);
}

int64_t f16_to_i64(uint16_t a, unsigned rm, uint32_t *flags)
{
    return (int64_t)fpu_to_int(a, FPU_FMT16, 64, true, rm, flags);
}

uint64_t f16_to_u64(uint16_t a, unsigned rm, uint32_t *flags)
{
    return fpu_to_int(a, FPU_FMT16, 64, false, rm, flags);
}

uint16_t f16_from_i32(int32_t v, unsigned rm, uint32_t *flags)
{
    return (uint16_t)fpu_from_int(v < 0, fpu_abs64(v), FPU_FMT16, rm, flags);
}

uint16_t f16_from_u32(uint32_t v, unsigned rm, uint32_t *flags)
{
    return (uint16_t)fpu_from_int(false, v, FPU_FMT16, rm, flags);
}

uint16_t f16_from_i64(int64_t v, unsigned rm, uint32_t *flags)
{
    return (uint16_t)fpu_from_int(v < 0, fpu_abs64(v), FPU_FMT16, rm, flags);
}

uint16_t f16_from_u64(uint64_t v, unsigned rm, uint32_t *flags)
{
    return (uint16_t)fpu_from_int(false, v, FPU_FMT16, rm, flags);
}

uint32_t f16_to_f32(uint16_t a, uint32_t *flags)
{
    return (uint32_t)fpu_convert(a, FPU_FMT16, FPU_FMT32, FPU_RNE, flags);
}

uint64_t f16_to_f64(uint16_t a, uint32_t *flags)
{
    return fpu_convert(a, FPU_FMT16, FPU_FMT64, FPU_RNE, flags);
}

uint16_t f32_to_f16(uint32_t a, unsigned rm, uint32_t *flags)
{
    return (uint16_t)fpu_convert(a, FPU_FMT32, FPU_FMT16, rm, flags);
}

uint16_t f64_to_f16(uint64_t a, unsigned rm, uint32_t *flags)
{
    return (uint16_t)fpu_convert(a, FPU_FMT64, FPU_FMT16, rm, flags);
}
