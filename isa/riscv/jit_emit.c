/* The x86-64 emitter.  Every instruction is encoded into a small local
 * `struct enc` first and appended whole, so an instruction either fits in
 * the buffer or leaves no bytes behind.  Encodings: Intel SDM vol. 2. */
#include "isa/riscv/jit_emit.h"

#include <errno.h>
#include <string.h>

#define REX_W 0x08
#define MOD_REG 0xc0

struct enc {
    uint8_t byte[16];   /* the longest x86 instruction is 15 bytes */
    unsigned n;
    bool bad;
};

void jit_buf_init(struct jit_buf *b, void *mem, size_t cap)
{
    b->p = mem;
    b->len = 0;
    b->cap = cap;
    b->overflow = false;
    b->invalid = false;
}

static void put8(struct enc *e, uint8_t v)
{
    if (e->n < sizeof e->byte)
        e->byte[e->n++] = v;
    else
        e->bad = true;
}

static void put32(struct enc *e, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        put8(e, (uint8_t)(v >> 8 * i));
}

static void put64(struct enc *e, uint64_t v)
{
    put32(e, (uint32_t)v);
    put32(e, (uint32_t)(v >> 32));
}

static bool fits_s8(int64_t v) { return v >= -128 && v <= 127; }
static bool fits_s32(int64_t v) { return v >= INT32_MIN && v <= INT32_MAX; }

static void check_reg(struct enc *e, unsigned r)
{
    if (r > 15)
        e->bad = true;
}

/* REX carries W and the fourth bit of the ModRM reg and r/m (or SIB base)
 * fields.  It is left out when it would be a bare 0x40, except that a byte
 * operand in spl/bpl/sil/dil needs it (without REX those encodings mean
 * ah/ch/dh/bh): byte_reg names the operand that is a byte register, if
 * any (NO_BYTE). */
#define NO_BYTE 16u
static void rex(struct enc *e, bool w, unsigned reg, unsigned rm, unsigned byte_reg)
{
    check_reg(e, reg);
    check_reg(e, rm);
    uint8_t r = (uint8_t)(0x40 | (w ? REX_W : 0) | (reg >> 3 & 1) << 2 | (rm >> 3 & 1));
    if (r != 0x40 || (byte_reg >= 4 && byte_reg < 8))
        put8(e, r);
}

static void modrm_reg(struct enc *e, unsigned reg, unsigned rm)
{
    put8(e, (uint8_t)(MOD_REG | (reg & 7) << 3 | (rm & 7)));
}

/* [base + disp].  r/m = 100 means "a SIB byte follows", so rsp and r12 as
 * a base need SIB 0x24 (no index, base 100); mod = 00 with r/m = 101 means
 * RIP-relative, so rbp and r13 need an explicit disp8 of 0. */
static void modrm_mem(struct enc *e, unsigned reg, unsigned base, int32_t disp)
{
    uint8_t mod;
    if (disp == 0 && (base & 7) != JIT_RBP)
        mod = 0x00;
    else if (fits_s8(disp))
        mod = 0x40;
    else
        mod = 0x80;
    put8(e, (uint8_t)(mod | (reg & 7) << 3 | (base & 7)));
    if ((base & 7) == JIT_RSP)
        put8(e, 0x24);
    if (mod == 0x40)
        put8(e, (uint8_t)disp);
    else if (mod == 0x80)
        put32(e, (uint32_t)disp);
}

static void emit(struct jit_buf *b, const struct enc *e)
{
    if (!jit_buf_ok(b))
        return;
    if (e->bad) {
        b->invalid = true;
        return;
    }
    if (e->n > b->cap - b->len) {
        b->overflow = true;
        return;
    }
    memcpy(b->p + b->len, e->byte, e->n);
    b->len += e->n;
}

static void refuse(struct jit_buf *b)
{
    if (jit_buf_ok(b))
        b->invalid = true;
}

/* op reg, r/m with both operands registers (opcode 1 or 2 bytes). */
static void op_rr(struct jit_buf *b, bool w, uint16_t opcode, unsigned reg, unsigned rm,
                  unsigned byte_reg)
{
    struct enc e = {0};
    rex(&e, w, reg, rm, byte_reg);
    if (opcode > 0xff)
        put8(&e, (uint8_t)(opcode >> 8));
    put8(&e, (uint8_t)opcode);
    modrm_reg(&e, reg, rm);
    emit(b, &e);
}

/* op reg, [base + disp] (opcode 1 or 2 bytes, optional 0x66 prefix), then
 * `nimm` bytes of imm. */
static void op_mem(struct jit_buf *b, bool p66, bool w, uint16_t opcode, unsigned reg,
                   unsigned base, int32_t disp, unsigned byte_reg, unsigned nimm, uint32_t imm)
{
    struct enc e = {0};
    if (p66)
        put8(&e, 0x66);
    rex(&e, w, reg, base, byte_reg);
    if (opcode > 0xff)
        put8(&e, (uint8_t)(opcode >> 8));
    put8(&e, (uint8_t)opcode);
    modrm_mem(&e, reg, base, disp);
    for (unsigned i = 0; i < nimm; i++)
        put8(&e, (uint8_t)(imm >> 8 * i));
    emit(b, &e);
}

/* ---------------------------------------------------------------- moves */

void jit_mov_rr(struct jit_buf *b, bool w64, enum jit_reg dst, enum jit_reg src)
{
    op_rr(b, w64, 0x89, src, dst, NO_BYTE);
}

void jit_mov_ri(struct jit_buf *b, bool w64, enum jit_reg dst, uint64_t imm)
{
    struct enc e = {0};
    if (!w64 || imm <= UINT32_MAX) {            /* B8+r id, zero-extends */
        rex(&e, false, 0, dst, NO_BYTE);
        put8(&e, (uint8_t)(0xb8 | (dst & 7)));
        put32(&e, (uint32_t)imm);
    } else if (fits_s32((int64_t)imm)) {        /* REX.W C7 /0 id, sign-extends */
        rex(&e, true, 0, dst, NO_BYTE);
        put8(&e, 0xc7);
        modrm_reg(&e, 0, dst);
        put32(&e, (uint32_t)imm);
    } else {                                    /* REX.W B8+r io: movabs */
        rex(&e, true, 0, dst, NO_BYTE);
        put8(&e, (uint8_t)(0xb8 | (dst & 7)));
        put64(&e, imm);
    }
    emit(b, &e);
}

void jit_movsxd_rr(struct jit_buf *b, enum jit_reg dst, enum jit_reg src)
{
    op_rr(b, true, 0x63, dst, src, NO_BYTE);
}

void jit_movzx8_rr(struct jit_buf *b, enum jit_reg dst, enum jit_reg src)
{
    op_rr(b, false, 0x0fb6, dst, src, src);
}

/* ---------------------------------------------------------------- memory */

void jit_load(struct jit_buf *b, unsigned size, bool sign, enum jit_reg dst,
              enum jit_reg base, int32_t disp)
{
    switch (size) {
    case 1: /* movsx r64, byte / movzx r32, byte */
        op_mem(b, false, sign, sign ? 0x0fbe : 0x0fb6, dst, base, disp, NO_BYTE, 0, 0);
        break;
    case 2: /* movsx r64, word / movzx r32, word */
        op_mem(b, false, sign, sign ? 0x0fbf : 0x0fb7, dst, base, disp, NO_BYTE, 0, 0);
        break;
    case 4: /* movsxd r64, dword / mov r32, dword */
        op_mem(b, false, sign, sign ? 0x63 : 0x8b, dst, base, disp, NO_BYTE, 0, 0);
        break;
    case 8:
        op_mem(b, false, true, 0x8b, dst, base, disp, NO_BYTE, 0, 0);
        break;
    default:
        refuse(b);
    }
}

void jit_store(struct jit_buf *b, unsigned size, enum jit_reg base, int32_t disp,
               enum jit_reg src)
{
    switch (size) {
    case 1: op_mem(b, false, false, 0x88, src, base, disp, src, 0, 0); break;
    case 2: op_mem(b, true, false, 0x89, src, base, disp, NO_BYTE, 0, 0); break;
    case 4: op_mem(b, false, false, 0x89, src, base, disp, NO_BYTE, 0, 0); break;
    case 8: op_mem(b, false, true, 0x89, src, base, disp, NO_BYTE, 0, 0); break;
    default: refuse(b);
    }
}

void jit_store_imm(struct jit_buf *b, unsigned size, enum jit_reg base, int32_t disp,
                   int32_t imm)
{
    switch (size) {
    case 1: op_mem(b, false, false, 0xc6, 0, base, disp, NO_BYTE, 1, (uint32_t)imm); break;
    case 2: op_mem(b, true, false, 0xc7, 0, base, disp, NO_BYTE, 2, (uint32_t)imm); break;
    case 4: op_mem(b, false, false, 0xc7, 0, base, disp, NO_BYTE, 4, (uint32_t)imm); break;
    case 8: op_mem(b, false, true, 0xc7, 0, base, disp, NO_BYTE, 4, (uint32_t)imm); break;
    default: refuse(b);
    }
}

void jit_lea(struct jit_buf *b, bool w64, enum jit_reg dst, enum jit_reg base, int32_t disp)
{
    op_mem(b, false, w64, 0x8d, dst, base, disp, NO_BYTE, 0, 0);
}

/* ---------------------------------------------------------------- arithmetic */

void jit_alu_rr(struct jit_buf *b, enum jit_alu op, bool w64, enum jit_reg dst, enum jit_reg src)
{
    op_rr(b, w64, (uint16_t)(op << 3 | 1), src, dst, NO_BYTE);   /* op r/m, reg */
}

void jit_alu_rm(struct jit_buf *b, enum jit_alu op, bool w64, enum jit_reg dst, enum jit_reg base,
                int32_t disp)
{
    op_mem(b, false, w64, (uint16_t)(op << 3 | 3), dst, base, disp, NO_BYTE, 0, 0); /* op reg, r/m */
}

/* F7 /digit or 81/83 /digit with an immediate (or the short rax form). */
static void op_ri(struct jit_buf *b, bool w64, uint8_t opcode, unsigned digit, unsigned r,
                  unsigned nimm, int32_t imm)
{
    struct enc e = {0};
    rex(&e, w64, 0, r, NO_BYTE);
    put8(&e, opcode);
    modrm_reg(&e, digit, r);
    if (nimm == 1)
        put8(&e, (uint8_t)imm);
    else
        put32(&e, (uint32_t)imm);
    emit(b, &e);
}

void jit_alu_ri(struct jit_buf *b, enum jit_alu op, bool w64, enum jit_reg dst, int32_t imm)
{
    if (fits_s8(imm)) {
        op_ri(b, w64, 0x83, op, dst, 1, imm);
    } else if (dst == JIT_RAX) {                /* 05, 0D, 25, 2D, 35, 3D: op eax/rax, imm32 */
        struct enc e = {0};
        rex(&e, w64, 0, 0, NO_BYTE);
        put8(&e, (uint8_t)(op << 3 | 5));
        put32(&e, (uint32_t)imm);
        emit(b, &e);
    } else {
        op_ri(b, w64, 0x81, op, dst, 4, imm);
    }
}

void jit_test_rr(struct jit_buf *b, bool w64, enum jit_reg a, enum jit_reg c)
{
    op_rr(b, w64, 0x85, c, a, NO_BYTE);
}

void jit_test_ri(struct jit_buf *b, bool w64, enum jit_reg a, int32_t imm)
{
    if (a == JIT_RAX) {                         /* A9 id */
        struct enc e = {0};
        rex(&e, w64, 0, 0, NO_BYTE);
        put8(&e, 0xa9);
        put32(&e, (uint32_t)imm);
        emit(b, &e);
    } else {
        op_ri(b, w64, 0xf7, 0, a, 4, imm);
    }
}

void jit_imul_rr(struct jit_buf *b, bool w64, enum jit_reg dst, enum jit_reg src)
{
    op_rr(b, w64, 0x0faf, dst, src, NO_BYTE);
}

void jit_neg(struct jit_buf *b, bool w64, enum jit_reg r) { op_rr(b, w64, 0xf7, 3, r, NO_BYTE); }
void jit_not(struct jit_buf *b, bool w64, enum jit_reg r) { op_rr(b, w64, 0xf7, 2, r, NO_BYTE); }

void jit_shift_ri(struct jit_buf *b, enum jit_shift op, bool w64, enum jit_reg r, uint8_t count)
{
    if (count > (w64 ? 63 : 31)) {
        refuse(b);
        return;
    }
    if (count == 1)
        op_rr(b, w64, 0xd1, op, r, NO_BYTE);     /* D1 /digit: by one */
    else
        op_ri(b, w64, 0xc1, op, r, 1, count);
}

void jit_shift_cl(struct jit_buf *b, enum jit_shift op, bool w64, enum jit_reg r)
{
    op_rr(b, w64, 0xd3, op, r, NO_BYTE);
}

void jit_setcc(struct jit_buf *b, enum jit_cc cc, enum jit_reg dst)
{
    op_rr(b, false, (uint16_t)(0x0f90 | (cc & 15)), 0, dst, dst);
}

void jit_setcc_zx(struct jit_buf *b, enum jit_cc cc, enum jit_reg dst)
{
    jit_setcc(b, cc, dst);
    jit_movzx8_rr(b, dst, dst);
}

void jit_cmov(struct jit_buf *b, enum jit_cc cc, bool w64, enum jit_reg dst, enum jit_reg src)
{
    op_rr(b, w64, (uint16_t)(0x0f40 | (cc & 15)), dst, src, NO_BYTE);
}

void jit_cqo(struct jit_buf *b, bool w64)
{
    struct enc e = {0};
    rex(&e, w64, 0, 0, NO_BYTE);
    put8(&e, 0x99);
    emit(b, &e);
}

void jit_div(struct jit_buf *b, bool w64, bool sign, enum jit_reg src)
{
    op_rr(b, w64, 0xf7, sign ? 7 : 6, src, NO_BYTE);
}

void jit_mul_wide(struct jit_buf *b, bool w64, bool sign, enum jit_reg src)
{
    op_rr(b, w64, 0xf7, sign ? 5 : 4, src, NO_BYTE);
}

/* ---------------------------------------------------------------- control flow */

/* opcode bytes then a rel32 of 0; returns the offset of the rel32 field
 * (where it would have been, after an overflow). */
static size_t branch(struct jit_buf *b, const uint8_t *op, unsigned nop)
{
    struct enc e = {0};
    for (unsigned i = 0; i < nop; i++)
        put8(&e, op[i]);
    size_t at = b->len + nop;
    put32(&e, 0);
    emit(b, &e);
    return at;
}

size_t jit_jmp_rel32(struct jit_buf *b)
{
    static const uint8_t op[] = {0xe9};
    return branch(b, op, 1);
}

size_t jit_jcc_rel32(struct jit_buf *b, enum jit_cc cc)
{
    const uint8_t op[] = {0x0f, (uint8_t)(0x80 | (cc & 15))};
    return branch(b, op, 2);
}

int jit_patch_rel32(struct jit_buf *b, size_t at, size_t target)
{
    if (at > b->len || b->len - at < 4 || target > b->len)
        return -EINVAL;
    /* Both ends lie in the buffer; the difference needs 32 bits. */
    int64_t rel = (int64_t)target - (int64_t)(at + 4);
    if (!fits_s32(rel))
        return -EINVAL;
    uint32_t v = (uint32_t)(int32_t)rel;
    for (int i = 0; i < 4; i++)
        b->p[at + i] = (uint8_t)(v >> 8 * i);
    return 0;
}

static void branch_to(struct jit_buf *b, size_t at, size_t target)
{
    if (jit_buf_ok(b) && jit_patch_rel32(b, at, target) < 0)
        b->invalid = true;
}

void jit_jmp(struct jit_buf *b, size_t target)
{
    branch_to(b, jit_jmp_rel32(b), target);
}

void jit_jcc(struct jit_buf *b, enum jit_cc cc, size_t target)
{
    branch_to(b, jit_jcc_rel32(b, cc), target);
}

void jit_jmp_r(struct jit_buf *b, enum jit_reg r) { op_rr(b, false, 0xff, 4, r, NO_BYTE); }
void jit_call_r(struct jit_buf *b, enum jit_reg r) { op_rr(b, false, 0xff, 2, r, NO_BYTE); }

void jit_call_abs(struct jit_buf *b, const void *fn)
{
    /* Computed on integers: the two pointers are in different objects. */
    uintptr_t next = (uintptr_t)b->p + b->len + 5;
    int64_t rel = (int64_t)((uintptr_t)fn - next);
    if (fits_s32(rel)) {
        struct enc e = {0};
        put8(&e, 0xe8);
        put32(&e, (uint32_t)rel);
        emit(b, &e);
    } else {
        jit_mov_ri(b, true, JIT_RAX, (uintptr_t)fn);
        jit_call_r(b, JIT_RAX);
    }
}

void jit_ret(struct jit_buf *b)
{
    struct enc e = {0};
    put8(&e, 0xc3);
    emit(b, &e);
}

static void push_pop(struct jit_buf *b, uint8_t opcode, enum jit_reg r)
{
    struct enc e = {0};
    rex(&e, false, 0, r, NO_BYTE);
    put8(&e, (uint8_t)(opcode | (r & 7)));
    emit(b, &e);
}

void jit_push(struct jit_buf *b, enum jit_reg r) { push_pop(b, 0x50, r); }
void jit_pop(struct jit_buf *b, enum jit_reg r) { push_pop(b, 0x58, r); }
