/* RISC-V F, D and Zfh arithmetic on raw bit patterns.
 *
 * Everything here is a pure function of its arguments: values travel as
 * uint16_t (binary16), uint32_t (binary32) or uint64_t (binary64) bit
 * patterns, the rounding mode
 * is an explicit argument and exception flags are OR-ed into *flags.  The
 * implementation is integer-only, so the same inputs give the same bits and
 * flags on every host, whatever its FPU, compiler or rounding state — which
 * is what deterministic replay needs.
 *
 * Semantics follow the RISC-V unprivileged spec (F and D chapters) on top of
 * IEEE 754-2008: tininess is detected after rounding, every NaN result is the
 * canonical NaN, and out-of-range float->integer conversions saturate.
 */
#ifndef REWIND_ISA_RISCV_FPU_H
#define REWIND_ISA_RISCV_FPU_H

#include <stdint.h>

/* fflags bits, as they appear in fcsr. */
#define FPU_NX 0x01u /* inexact */
#define FPU_UF 0x02u /* underflow */
#define FPU_OF 0x04u /* overflow */
#define FPU_DZ 0x08u /* divide by zero */
#define FPU_NV 0x10u /* invalid operation */

/* Rounding modes, as encoded in the rm field / frm.  The caller resolves
 * DYN (7) to frm and raises an illegal-instruction trap for 5, 6 and 7
 * itself; the functions here assume rm <= 4 (anything else behaves as RNE). */
#define FPU_RNE 0u /* to nearest, ties to even */
#define FPU_RTZ 1u /* towards zero */
#define FPU_RDN 2u /* towards -inf */
#define FPU_RUP 3u /* towards +inf */
#define FPU_RMM 4u /* to nearest, ties away from zero */

#define F32_CANONICAL_NAN 0x7fc00000u
#define F64_CANONICAL_NAN 0x7ff8000000000000ull
#define F16_CANONICAL_NAN 0x7e00u

/* fma `op` selector, in the order of the major opcodes FMADD..FNMADD. */
#define FPU_FMADD  0u /*   a*b  + c  */
#define FPU_FMSUB  1u /*   a*b  - c  */
#define FPU_FNMSUB 2u /* -(a*b) + c  */
#define FPU_FNMADD 3u /* -(a*b) - c  */

/* fclass result bits. */
#define FPU_CLASS_NEG_INF       (1u << 0)
#define FPU_CLASS_NEG_NORMAL    (1u << 1)
#define FPU_CLASS_NEG_SUBNORMAL (1u << 2)
#define FPU_CLASS_NEG_ZERO      (1u << 3)
#define FPU_CLASS_POS_ZERO      (1u << 4)
#define FPU_CLASS_POS_SUBNORMAL (1u << 5)
#define FPU_CLASS_POS_NORMAL    (1u << 6)
#define FPU_CLASS_POS_INF       (1u << 7)
#define FPU_CLASS_SNAN          (1u << 8)
#define FPU_CLASS_QNAN          (1u << 9)

/* NaN boxing of single-precision values in the 64-bit f registers.
 * fpu_box32 sets the upper 32 bits to ones; fpu_unbox32 returns the low half
 * when it is properly boxed and the canonical NaN otherwise, which is what an
 * F instruction must see as its operand. */
static inline uint64_t fpu_box32(uint32_t v)
{
    return 0xffffffff00000000ull | v;
}

static inline uint32_t fpu_unbox32(uint64_t r)
{
    return (r >> 32) == 0xffffffffu ? (uint32_t)r : F32_CANONICAL_NAN;
}

/* Arithmetic, correctly rounded in mode rm.  NaN inputs give the canonical
 * NaN (NV if any input is signaling); invalid operations (inf-inf, 0*inf,
 * 0/0, inf/inf, sqrt of a negative) give the canonical NaN with NV; x/0 for
 * finite non-zero x gives a signed infinity with DZ.
 *
 * fma computes the exact a*b±c and rounds once; `op` is FPU_FMADD..FNMADD.
 * 0*inf raises NV even when the addend is a quiet NaN (the spec demands it). */
uint32_t f32_add(uint32_t a, uint32_t b, unsigned rm, uint32_t *flags);
uint32_t f32_sub(uint32_t a, uint32_t b, unsigned rm, uint32_t *flags);
uint32_t f32_mul(uint32_t a, uint32_t b, unsigned rm, uint32_t *flags);
uint32_t f32_div(uint32_t a, uint32_t b, unsigned rm, uint32_t *flags);
uint32_t f32_sqrt(uint32_t a, unsigned rm, uint32_t *flags);
uint32_t f32_fma(uint32_t a, uint32_t b, uint32_t c, unsigned op, unsigned rm,
                 uint32_t *flags);

uint64_t f64_add(uint64_t a, uint64_t b, unsigned rm, uint32_t *flags);
uint64_t f64_sub(uint64_t a, uint64_t b, unsigned rm, uint32_t *flags);
uint64_t f64_mul(uint64_t a, uint64_t b, unsigned rm, uint32_t *flags);
uint64_t f64_div(uint64_t a, uint64_t b, unsigned rm, uint32_t *flags);
uint64_t f64_sqrt(uint64_t a, unsigned rm, uint32_t *flags);
uint64_t f64_fma(uint64_t a, uint64_t b, uint64_t c, unsigned op, unsigned rm,
                 uint32_t *flags);

/* FMIN/FMAX: IEEE 754-2019 minimumNumber/maximumNumber with -0 < +0.  One
 * NaN operand yields the other operand, two yield the canonical NaN; NV is
 * raised only for signaling NaN inputs. */
uint32_t f32_min(uint32_t a, uint32_t b, uint32_t *flags);
uint32_t f32_max(uint32_t a, uint32_t b, uint32_t *flags);
uint64_t f64_min(uint64_t a, uint64_t b, uint32_t *flags);
uint64_t f64_max(uint64_t a, uint64_t b, uint32_t *flags);

/* FEQ/FLT/FLE, returning 0 or 1.  Any NaN operand makes the result 0; feq
 * (a quiet comparison) raises NV only for signaling NaNs, flt/fle (signaling
 * comparisons) for any NaN.  -0 == +0. */
int f32_eq(uint32_t a, uint32_t b, uint32_t *flags);
int f32_lt(uint32_t a, uint32_t b, uint32_t *flags);
int f32_le(uint32_t a, uint32_t b, uint32_t *flags);
int f64_eq(uint64_t a, uint64_t b, uint32_t *flags);
int f64_lt(uint64_t a, uint64_t b, uint32_t *flags);
int f64_le(uint64_t a, uint64_t b, uint32_t *flags);

/* FCLASS: exactly one FPU_CLASS_* bit set.  Raises nothing. */
unsigned f32_classify(uint32_t a);
unsigned f64_classify(uint64_t a);

/* Float -> integer (FCVT.W/WU/L/LU.S/D), rounded in mode rm.  When the
 * rounded value does not fit, the result saturates (NaN and +overflow give
 * the type's maximum, -overflow its minimum, which is 0 for unsigned types)
 * and only NV is raised; otherwise an inexact conversion raises NX.
 *
 * The 32-bit conversions return the value as the destination register
 * receives it on RV64: the 32-bit result sign-extended to 64 bits, so
 * f32_to_u32 of 4e9 returns (int64_t)(int32_t)4000000000u. */
int64_t  f32_to_i32(uint32_t a, unsigned rm, uint32_t *flags);
int64_t  f32_to_u32(uint32_t a, unsigned rm, uint32_t *flags);
int64_t  f32_to_i64(uint32_t a, unsigned rm, uint32_t *flags);
uint64_t f32_to_u64(uint32_t a, unsigned rm, uint32_t *flags);
int64_t  f64_to_i32(uint64_t a, unsigned rm, uint32_t *flags);
int64_t  f64_to_u32(uint64_t a, unsigned rm, uint32_t *flags);
int64_t  f64_to_i64(uint64_t a, unsigned rm, uint32_t *flags);
uint64_t f64_to_u64(uint64_t a, unsigned rm, uint32_t *flags);

/* Integer -> float (FCVT.S/D.W/WU/L/LU), rounded in mode rm; only NX can be
 * raised.  Zero converts to +0. */
uint32_t f32_from_i32(int32_t v, unsigned rm, uint32_t *flags);
uint32_t f32_from_u32(uint32_t v, unsigned rm, uint32_t *flags);
uint32_t f32_from_i64(int64_t v, unsigned rm, uint32_t *flags);
uint32_t f32_from_u64(uint64_t v, unsigned rm, uint32_t *flags);
uint64_t f64_from_i32(int32_t v, unsigned rm, uint32_t *flags);
uint64_t f64_from_u32(uint32_t v, unsigned rm, uint32_t *flags);
uint64_t f64_from_i64(int64_t v, unsigned rm, uint32_t *flags);
uint64_t f64_from_u64(uint64_t v, unsigned rm, uint32_t *flags);

/* FCVT.D.S is exact (NaN -> canonical NaN, NV for sNaN); FCVT.S.D rounds in
 * mode rm and can overflow, underflow and be inexact. */
uint64_t f32_to_f64(uint32_t a, uint32_t *flags);
uint32_t f64_to_f32(uint64_t a, unsigned rm, uint32_t *flags);

/* ------------------------------------------------- binary16 (Zfhmin, Zfh)
 *
 * The same rules as above, for IEEE 754 binary16.  Every operation rounds
 * once from the exact result (an f16 fma is not an f32/f64 fma rounded
 * again), and tininess is detected after rounding, as for F and D.
 *
 * NaN boxing: a half is valid in an f register only when the upper 48 bits
 * are all ones; anything else reads as the canonical NaN. */
static inline uint64_t fpu_box16(uint16_t v)
{
    return 0xffffffffffff0000ull | v;
}

static inline uint16_t fpu_unbox16(uint64_t r)
{
    return (r >> 16) == 0xffffffffffffull ? (uint16_t)r : (uint16_t)F16_CANONICAL_NAN;
}

uint16_t f16_add(uint16_t a, uint16_t b, unsigned rm, uint32_t *flags);
uint16_t f16_sub(uint16_t a, uint16_t b, unsigned rm, uint32_t *flags);
uint16_t f16_mul(uint16_t a, uint16_t b, unsigned rm, uint32_t *flags);
uint16_t f16_div(uint16_t a, uint16_t b, unsigned rm, uint32_t *flags);
uint16_t f16_sqrt(uint16_t a, unsigned rm, uint32_t *flags);
uint16_t f16_fma(uint16_t a, uint16_t b, uint16_t c, unsigned op, unsigned rm,
                 uint32_t *flags);
uint16_t f16_min(uint16_t a, uint16_t b, uint32_t *flags);
uint16_t f16_max(uint16_t a, uint16_t b, uint32_t *flags);
int f16_eq(uint16_t a, uint16_t b, uint32_t *flags);
int f16_lt(uint16_t a, uint16_t b, uint32_t *flags);
int f16_le(uint16_t a, uint16_t b, uint32_t *flags);
unsigned f16_classify(uint16_t a);

/* FCVT.W/WU/L/LU.H: results as the destination register receives them
 * (32-bit ones sign-extended), saturating with NV like the F/D versions. */
int64_t  f16_to_i32(uint16_t a, unsigned rm, uint32_t *flags);
int64_t  f16_to_u32(uint16_t a, unsigned rm, uint32_t *flags);
int64_t  f16_to_i64(uint16_t a, unsigned rm, uint32_t *flags);
uint64_t f16_to_u64(uint16_t a, unsigned rm, uint32_t *flags);
/* FCVT.H.W/WU/L/LU: can overflow (|v| >= 65520 in RNE) as well as be inexact. */
uint16_t f16_from_i32(int32_t v, unsigned rm, uint32_t *flags);
uint16_t f16_from_u32(uint32_t v, unsigned rm, uint32_t *flags);
uint16_t f16_from_i64(int64_t v, unsigned rm, uint32_t *flags);
uint16_t f16_from_u64(uint64_t v, unsigned rm, uint32_t *flags);

/* FCVT.S.H and FCVT.D.H are exact; FCVT.H.S and FCVT.H.D round in mode rm. */
uint32_t f16_to_f32(uint16_t a, uint32_t *flags);
uint64_t f16_to_f64(uint16_t a, uint32_t *flags);
uint16_t f32_to_f16(uint32_t a, unsigned rm, uint32_t *flags);
uint16_t f64_to_f16(uint64_t a, unsigned rm, uint32_t *flags);

#endif
