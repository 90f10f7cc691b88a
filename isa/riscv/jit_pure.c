/* The integer instructions the JIT calls rather than inlines: rd =
 * fn(rs1, rs2, imm), each exactly as interp.c computes it. */
#include "isa/riscv/alu.h"
#include "isa/riscv/jit_internal.h"

#define PURE(name, expr) \
    static uint64_t pure_##name(uint64_t a, uint64_t b, int64_t imm) \
    { (void)a; (void)b; (void)imm; return (uint64_t)(expr); }
#define UIMM ((unsigned)imm)

PURE(div, div64((int64_t)a, (int64_t)b))
PURE(divu, b ? a / b : ~0ull)
PURE(rem, rem64((int64_t)a, (int64_t)b))
PURE(remu, b ? a % b : a)
PURE(divw, (int64_t)div32((int32_t)a, (int32_t)b))
PURE(divuw, sx32((uint32_t)b ? (uint32_t)a / (uint32_t)b : ~0u))
PURE(remw, (int64_t)rem32((int32_t)a, (int32_t)b))
PURE(remuw, sx32((uint32_t)b ? (uint32_t)a % (uint32_t)b : (uint32_t)a))
PURE(mulhsu, ((__int128)(int64_t)a * (__int128)(unsigned __int128)b) >> 64)
PURE(add_uw, (uint64_t)(uint32_t)a + b)
PURE(sh1add, (a << 1) + b)
PURE(sh2add, (a << 2) + b)
PURE(sh3add, (a << 3) + b)
PURE(sh1add_uw, ((uint64_t)(uint32_t)a << 1) + b)
PURE(sh2add_uw, ((uint64_t)(uint32_t)a << 2) + b)
PURE(sh3add_uw, ((uint64_t)(uint32_t)a << 3) + b)
PURE(slli_uw, (uint64_t)(uint32_t)a << UIMM)
PURE(andn, a & ~b)
PURE(orn, a | ~b)
PURE(xnor, ~(a ^ b))
PURE(clz, a ? (uint64_t)__builtin_clzll(a) : 64)
PURE(ctz, a ? (uint64_t)__builtin_ctzll(a) : 64)
PURE(cpop, __builtin_popcountll(a))
PURE(clzw, (uint32_t)a ? (uint64_t)__builtin_clz((uint32_t)a) : 32)
PURE(ctzw, (uint32_t)a ? (uint64_t)__builtin_ctz((uint32_t)a) : 32)
PURE(cpopw, __builtin_popcount((uint32_t)a))
PURE(max, (int64_t)a > (int64_t)b ? a : b)
PURE(maxu, a > b ? a : b)
PURE(min, (int64_t)a < (int64_t)b ? a : b)
PURE(minu, a < b ? a : b)
PURE(sext_b, (int64_t)(int8_t)a)
PURE(sext_h, (int64_t)(int16_t)a)
PURE(zext_h, (uint16_t)a)
PURE(rol, rotl64(a, b & 63))
PURE(ror, rotl64(a, (64 - (b & 63)) & 63))
PURE(rori, rotl64(a, (64 - UIMM) & 63))
PURE(rolw, sx32(rotl32((uint32_t)a, b & 31)))
PURE(rorw, sx32(rotl32((uint32_t)a, (32 - (b & 31)) & 31)))
PURE(roriw, sx32(rotl32((uint32_t)a, (32 - UIMM) & 31)))
PURE(orc_b, orc_b(a))
PURE(rev8, __builtin_bswap64(a))
PURE(clmul, clmul_part(a, b, 0))
PURE(clmulh, clmul_part(a, b, 64))
PURE(clmulr, clmul_part(a, b, 63))
PURE(bclr, a & ~(1ull << (b & 63)))
PURE(bclri, a & ~(1ull << UIMM))
PURE(bext, (a >> (b & 63)) & 1)
PURE(bexti, (a >> UIMM) & 1)
PURE(binv, a ^ (1ull << (b & 63)))
PURE(binvi, a ^ (1ull << UIMM))
PURE(bset, a | (1ull << (b & 63)))
PURE(bseti, a | (1ull << UIMM))
PURE(czero_eqz, b ? a : 0)
PURE(czero_nez, b ? 0 : a)

jit_pure_fn jit_pure_op(unsigned op)
{
    switch (op) {
#define P(name) case OP_##name: return pure_##name;
    P(div) P(divu) P(rem) P(remu) P(divw) P(divuw) P(remw) P(remuw) P(mulhsu)
    P(add_uw) P(sh1add) P(sh2add) P(sh3add) P(sh1add_uw) P(sh2add_uw) P(sh3add_uw)
    P(slli_uw) P(andn) P(orn) P(xnor) P(clz) P(ctz) P(cpop) P(clzw) P(ctzw) P(cpopw)
    P(max) P(maxu) P(min) P(minu) P(sext_b) P(sext_h) P(zext_h) P(rol) P(ror) P(rori)
    P(rolw) P(rorw) P(roriw) P(orc_b) P(rev8) P(clmul) P(clmulh) P(clmulr) P(bclr)
    P(bclri) P(bext) P(bexti) P(binv) P(binvi) P(bset) P(bseti) P(czero_eqz) P(czero_nez)
#undef P
    default:
        return NULL;
    }
}
