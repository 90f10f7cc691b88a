/* Integer operations whose RISC-V definition takes more than one C
 * operator (division by zero and overflow, rotations, bit manipulation),
 * shared by the interpreter and the JIT's helpers. */
#ifndef REWIND_ISA_RISCV_ALU_H
#define REWIND_ISA_RISCV_ALU_H

#include <stdint.h>

/* (noinline: kept out of the interpreter's one big function.) */

static inline int64_t sx32(uint64_t v) { return (int64_t)(int32_t)(uint32_t)v; }

static inline int64_t div64(int64_t a, int64_t b)
{
    if (b == 0) return -1;
    if (a == INT64_MIN && b == -1) return a;
    return a / b;
}
static inline int64_t rem64(int64_t a, int64_t b)
{
    if (b == 0) return a;
    if (a == INT64_MIN && b == -1) return 0;
    return a % b;
}
static inline int32_t div32(int32_t a, int32_t b)
{
    if (b == 0) return -1;
    if (a == INT32_MIN && b == -1) return a;
    return a / b;
}
static inline int32_t rem32(int32_t a, int32_t b)
{
    if (b == 0) return a;
    if (a == INT32_MIN && b == -1) return 0;
    return a % b;
}

/* Bitmanip helpers (Zbb, Zbc). */
static inline uint64_t rotl64(uint64_t v, unsigned s) { return (v << s) | (v >> ((64 - s) & 63)); }
static inline uint32_t rotl32(uint32_t v, unsigned s) { return (v << s) | (v >> ((32 - s) & 31)); }
static __attribute__((noinline, unused)) uint64_t orc_b(uint64_t v)
{
    uint64_t r = 0;
    for (unsigned i = 0; i < 64; i += 8)
        if ((v >> i) & 0xff)
            r |= 0xffull << i;
    return r;
}
/* Bits [shift + 63 : shift] of the 128-bit carry-less product a * b:
 * shift 0 is clmul, 64 clmulh, 63 clmulr. */
static __attribute__((noinline, unused)) uint64_t clmul_part(uint64_t a, uint64_t b, unsigned shift)
{
    unsigned __int128 p = 0;
    for (; b; b &= b - 1)
        p ^= (unsigned __int128)a << __builtin_ctzll(b);
    return (uint64_t)(p >> shift);
}

#endif
