/* The JIT's x86-64 emitter (isa/riscv/jit_emit.c): every form emitted for
 * every register (and the encoding corners: rsp/r12 bases need a SIB byte,
 * rbp/r13 bases a disp8 of 0, imm8 against imm32, the three `mov r, imm`
 * forms) and disassembled by capstone into the text expected; a few
 * snippets run; a buffer that runs out of room is never written past. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <capstone/capstone.h>
#include <sys/mman.h>

#include "isa/riscv/jit_emit.h"

static const char *const R64[16] = {
    "rax", "rcx", "rdx", "rbx", "rsp", "rbp", "rsi", "rdi",
    "r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15",
};
static const char *const R32[16] = {
    "eax", "ecx", "edx", "ebx", "esp", "ebp", "esi", "edi",
    "r8d", "r9d", "r10d", "r11d", "r12d", "r13d", "r14d", "r15d",
};
static const char *const R16[16] = {
    "ax", "cx", "dx", "bx", "sp", "bp", "si", "di",
    "r8w", "r9w", "r10w", "r11w", "r12w", "r13w", "r14w", "r15w",
};
static const char *const R8[16] = {
    "al", "cl", "dl", "bl", "spl", "bpl", "sil", "dil",
    "r8b", "r9b", "r10b", "r11b", "r12b", "r13b", "r14b", "r15b",
};
static const char *const CC[16] = {
    "o", "no", "b", "ae", "e", "ne", "be", "a", "s", "ns", "p", "np", "l", "ge", "le", "g",
};
static const char *const ALU[8] = {
    [JIT_ADD] = "add", [JIT_OR] = "or", [JIT_AND] = "and",
    [JIT_SUB] = "sub", [JIT_XOR] = "xor", [JIT_CMP] = "cmp",
};
static const enum jit_alu ALU_OPS[] = { JIT_ADD, JIT_OR, JIT_AND, JIT_SUB, JIT_XOR, JIT_CMP };
static const char *const SHIFT[8] = { [JIT_SHL] = "shl", [JIT_SHR] = "shr", [JIT_SAR] = "sar" };
static const enum jit_shift SHIFT_OPS[] = { JIT_SHL, JIT_SHR, JIT_SAR };

#define NAME(w64, r) ((w64) ? R64[r] : R32[r])

struct fixture {
    csh cs;
    uint8_t mem[256];
    struct jit_buf b;
    char text[1024];
    unsigned compared;  /* emitted sequences checked against capstone's text */
};

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof *f);
    if (!f || cs_open(CS_ARCH_X86, CS_MODE_64, &f->cs) != CS_ERR_OK)
        return -1;
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    print_message("%u emitted sequences compared with capstone's disassembly\n", f->compared);
    cs_close(&f->cs);
    free(f);
    return 0;
}

/* A fresh buffer. */
static struct jit_buf *B(struct fixture *f)
{
    jit_buf_init(&f->b, f->mem, sizeof f->mem);
    return &f->b;
}

/* What was emitted, as capstone reads it at address `addr`: instructions
 * separated by "; ".  Every byte must belong to a decoded instruction. */
static const char *dis_at(struct fixture *f, uint64_t addr)
{
    cs_insn *insn;
    assert_true(jit_buf_ok(&f->b));
    size_t n = cs_disasm(f->cs, f->b.p, f->b.len, addr, 0, &insn);
    size_t used = 0, at = 0;
    f->text[0] = 0;
    for (size_t i = 0; i < n; i++) {
        at += (size_t)snprintf(f->text + at, sizeof f->text - at, "%s%s%s%s", i ? "; " : "",
                               insn[i].mnemonic, insn[i].op_str[0] ? " " : "", insn[i].op_str);
        used += insn[i].size;
    }
    cs_free(insn, n);
    if (used != f->b.len)
        fail_msg("%zu of %zu bytes decoded: \"%s\"", used, f->b.len, f->text);
    return f->text;
}

static const char *dis(struct fixture *f) { return dis_at(f, 0); }

/* Numbers as capstone prints them: decimal up to 9, hex beyond. */
static const char *num(char *out, int64_t v)
{
    uint64_t m = v < 0 ? -(uint64_t)v : (uint64_t)v;
    if (m > 9)
        sprintf(out, "%s0x%llx", v < 0 ? "-" : "", (unsigned long long)m);
    else
        sprintf(out, "%s%llu", v < 0 ? "-" : "", (unsigned long long)m);
    return out;
}

/* "[base + disp]" as capstone prints it. */
static const char *mem(char *out, unsigned base, int32_t disp)
{
    char n[32];
    if (disp == 0)
        sprintf(out, "[%s]", R64[base]);
    else
        sprintf(out, "[%s %c %s]", R64[base], disp < 0 ? '-' : '+',
                num(n, disp < 0 ? -(int64_t)disp : disp));
    return out;
}

static void expect(struct fixture *f, const char *want)
{
    const char *got = dis(f);
    f->compared++;
    if (strcmp(got, want) != 0)
        fail_msg("got \"%s\", want \"%s\"", got, want);
}

static const int32_t DISPS[] = { 0, 1, 8, -8, 127, -128, 128, -129, 0x12345678, INT32_MIN };

/* Bytes the ModRM tail of [base + disp] takes: ModRM, SIB, displacement. */
static size_t mem_len(unsigned base, int32_t disp)
{
    size_t n = 1 + ((base & 7) == 4);
    if (disp == 0 && (base & 7) != 5)
        return n;
    return n + (disp >= -128 && disp <= 127 ? 1 : 4);
}

/* ------------------------------------------------------------ moves */

static void test_mov_rr(void **state)
{
    struct fixture *f = *state;
    char want[64];
    for (int w = 0; w < 2; w++)
        for (unsigned d = 0; d < 16; d++)
            for (unsigned s = 0; s < 16; s++) {
                jit_mov_rr(B(f), w, d, s);
                sprintf(want, "mov %s, %s", NAME(w, d), NAME(w, s));
                expect(f, want);
            }
}

static void test_mov_ri(void **state)
{
    struct fixture *f = *state;
    static const struct {
        uint64_t imm;
        const char *text;   /* %s is the register */
        size_t len;         /* without a REX.B */
    } cases[] = {
        { 0, "mov %s, 0", 5 },
        { 9, "mov %s, 9", 5 },
        { 0x7fffffff, "mov %s, 0x7fffffff", 5 },
        { 0x80000000, "mov %s, 0x80000000", 5 },
        { 0xffffffff, "mov %s, 0xffffffff", 5 },
        { 0x100000000, "movabs %s, 0x100000000", 10 },
        { UINT64_MAX, "mov %s, -1", 7 },
        { 0xffffffff80000000, "mov %s, -0x80000000", 7 },
        { 0xffffffff7fffffff, "movabs %s, 0xffffffff7fffffff", 10 },
        { 0x8000000000000000, "movabs %s, 0x8000000000000000", 10 },
        { 0x123456789abcdef0, "movabs %s, 0x123456789abcdef0", 10 },
    };
    char want[80];
    for (unsigned r = 0; r < 16; r++) {
        for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
            jit_mov_ri(B(f), true, r, cases[i].imm);
            bool r32 = cases[i].len == 5;
            sprintf(want, cases[i].text, r32 ? R32[r] : R64[r]);
            expect(f, want);
            /* REX.W is in the 7- and 10-byte forms already; the 5-byte one
             * gains a REX only for r8..r15. */
            assert_int_equal(f->b.len, cases[i].len + (r32 && r >= 8));
        }
        jit_mov_ri(B(f), false, r, 0x123456789);
        sprintf(want, "mov %s, 0x23456789", R32[r]);
        expect(f, want);
    }
}

static void test_extend_rr(void **state)
{
    struct fixture *f = *state;
    char want[64];
    for (unsigned d = 0; d < 16; d++)
        for (unsigned s = 0; s < 16; s++) {
            jit_movsxd_rr(B(f), d, s);
            sprintf(want, "movsxd %s, %s", R64[d], R32[s]);
            expect(f, want);
            jit_movzx8_rr(B(f), d, s);
            sprintf(want, "movzx %s, %s", R32[d], R8[s]);
            expect(f, want);
        }
}

/* ------------------------------------------------------------ memory */

static void test_load(void **state)
{
    struct fixture *f = *state;
    static const struct {
        unsigned size;
        bool sign;
        const char *op, *ptr;
        bool dst64;
        size_t opcode_len;  /* with any REX.W, before ModRM */
    } forms[] = {
        { 1, false, "movzx", "byte", false, 2 },  { 1, true, "movsx", "byte", true, 3 },
        { 2, false, "movzx", "word", false, 2 },  { 2, true, "movsx", "word", true, 3 },
        { 4, false, "mov", "dword", false, 1 },   { 4, true, "movsxd", "dword", true, 2 },
        { 8, false, "mov", "qword", true, 2 },    { 8, true, "mov", "qword", true, 2 },
    };
    char want[96], m[48];
    for (size_t i = 0; i < sizeof forms / sizeof forms[0]; i++)
        for (unsigned d = 0; d < 16; d++)
            for (unsigned base = 0; base < 16; base++)
                for (size_t k = 0; k < sizeof DISPS / sizeof DISPS[0]; k++) {
                    jit_load(B(f), forms[i].size, forms[i].sign, d, base, DISPS[k]);
                    sprintf(want, "%s %s, %s ptr %s", forms[i].op,
                            forms[i].dst64 ? R64[d] : R32[d], forms[i].ptr,
                            mem(m, base, DISPS[k]));
                    expect(f, want);
                    bool rex = forms[i].dst64 || d >= 8 || base >= 8;
                    size_t len = forms[i].opcode_len + mem_len(base, DISPS[k]);
                    if (rex && !forms[i].dst64)
                        len++;
                    assert_int_equal(f->b.len, len);
                }
}

static void test_store(void **state)
{
    struct fixture *f = *state;
    static const char *const PTR[9] = { [1] = "byte", [2] = "word", [4] = "dword", [8] = "qword" };
    const char *const *names[9] = { [1] = R8, [2] = R16, [4] = R32, [8] = R64 };
    char want[96], m[48];
    for (unsigned size = 1; size <= 8; size *= 2)
        for (unsigned s = 0; s < 16; s++)
            for (unsigned base = 0; base < 16; base++)
                for (size_t k = 0; k < sizeof DISPS / sizeof DISPS[0]; k++) {
                    jit_store(B(f), size, base, DISPS[k], s);
                    sprintf(want, "mov %s ptr %s, %s", PTR[size], mem(m, base, DISPS[k]),
                            names[size][s]);
                    expect(f, want);
                }
}

static void test_store_imm(void **state)
{
    struct fixture *f = *state;
    jit_store_imm(B(f), 1, JIT_R12, 3, 0x7f);
    expect(f, "mov byte ptr [r12 + 3], 0x7f");
    jit_store_imm(B(f), 2, JIT_RBP, 0, 0x1234);
    expect(f, "mov word ptr [rbp], 0x1234");
    jit_store_imm(B(f), 4, JIT_RSP, 0x100, 0x12345678);
    expect(f, "mov dword ptr [rsp + 0x100], 0x12345678");
    jit_store_imm(B(f), 8, JIT_R13, -8, 5);
    expect(f, "mov qword ptr [r13 - 8], 5");
    jit_store_imm(B(f), 8, JIT_RDI, 0, -1);
    expect(f, "mov qword ptr [rdi], -1");
}

static void test_lea(void **state)
{
    struct fixture *f = *state;
    char want[96], m[48];
    for (int w = 0; w < 2; w++)
        for (unsigned d = 0; d < 16; d++)
            for (unsigned base = 0; base < 16; base++)
                for (size_t k = 0; k < sizeof DISPS / sizeof DISPS[0]; k++) {
                    jit_lea(B(f), w, d, base, DISPS[k]);
                    sprintf(want, "lea %s, %s", NAME(w, d), mem(m, base, DISPS[k]));
                    expect(f, want);
                }
}

/* ------------------------------------------------------------ arithmetic */

static void test_alu_rr(void **state)
{
    struct fixture *f = *state;
    char want[64];
    for (size_t i = 0; i < sizeof ALU_OPS / sizeof ALU_OPS[0]; i++)
        for (int w = 0; w < 2; w++)
            for (unsigned d = 0; d < 16; d++)
                for (unsigned s = 0; s < 16; s++) {
                    jit_alu_rr(B(f), ALU_OPS[i], w, d, s);
                    sprintf(want, "%s %s, %s", ALU[ALU_OPS[i]], NAME(w, d), NAME(w, s));
                    expect(f, want);
                }
}

static void test_alu_rm(void **state)
{
    struct fixture *f = *state;
    char want[96], m[48];
    for (size_t i = 0; i < sizeof ALU_OPS / sizeof ALU_OPS[0]; i++)
        for (int w = 0; w < 2; w++)
            for (unsigned d = 0; d < 16; d++)
                for (unsigned base = 0; base < 16; base++)
                    for (size_t k = 0; k < sizeof DISPS / sizeof DISPS[0]; k++) {
                        jit_alu_rm(B(f), ALU_OPS[i], w, d, base, DISPS[k]);
                        sprintf(want, "%s %s, %s ptr %s", ALU[ALU_OPS[i]], NAME(w, d),
                                w ? "qword" : "dword", mem(m, base, DISPS[k]));
                        expect(f, want);
                        assert_int_equal(f->b.len, (size_t)(w || d > 7 || base > 7) + 1 +
                                                        mem_len(base, DISPS[k]));
                    }
}

/* An imm sign-extended to the operand size, as capstone 4 prints it: and,
 * or and xor as unsigned values of the operand size; the arithmetic ones
 * signed, except a 32-bit operation's imm32 (not its imm8), unsigned. */
static const char *simm(char *out, bool logic, bool w64, bool imm8, int32_t imm)
{
    if (imm >= 0 || (!logic && (w64 || imm8)))
        return num(out, imm);
    if (w64)
        sprintf(out, "0x%llx", (unsigned long long)(int64_t)imm);
    else
        sprintf(out, "0x%x", (unsigned)imm);
    return out;
}

static const int32_t IMMS[] = { 0, 1, 9, 10, -1, 127, -128, 128, -129, 0x12345678, INT32_MIN, INT32_MAX };

static void test_alu_ri(void **state)
{
    struct fixture *f = *state;
    char want[64], n[32];
    for (size_t i = 0; i < sizeof ALU_OPS / sizeof ALU_OPS[0]; i++)
        for (int w = 0; w < 2; w++)
            for (unsigned d = 0; d < 16; d++)
                for (size_t k = 0; k < sizeof IMMS / sizeof IMMS[0]; k++) {
                    int32_t imm = IMMS[k];
                    bool imm8 = imm >= -128 && imm <= 127;
                    bool logic = ALU_OPS[i] == JIT_AND || ALU_OPS[i] == JIT_OR || ALU_OPS[i] == JIT_XOR;
                    jit_alu_ri(B(f), ALU_OPS[i], w, d, imm);
                    sprintf(want, "%s %s, %s", ALU[ALU_OPS[i]], NAME(w, d),
                            simm(n, logic, w, imm8, imm));
                    expect(f, want);
                    size_t len = (w || d >= 8) + (imm8 ? 3 : d == JIT_RAX ? 5 : 6);
                    assert_int_equal(f->b.len, len);
                }
}

static void test_test(void **state)
{
    struct fixture *f = *state;
    char want[64], n[32];
    for (int w = 0; w < 2; w++)
        for (unsigned a = 0; a < 16; a++) {
            for (unsigned c = 0; c < 16; c++) {
                jit_test_rr(B(f), w, a, c);
                sprintf(want, "test %s, %s", NAME(w, a), NAME(w, c));
                expect(f, want);
            }
            for (size_t k = 0; k < sizeof IMMS / sizeof IMMS[0]; k++) {
                jit_test_ri(B(f), w, a, IMMS[k]);
                sprintf(want, "test %s, %s", NAME(w, a), simm(n, false, w, false, IMMS[k]));
                expect(f, want);
            }
        }
}

static void test_unary_and_muldiv(void **state)
{
    struct fixture *f = *state;
    char want[64];
    for (int w = 0; w < 2; w++)
        for (unsigned r = 0; r < 16; r++) {
            for (unsigned s = 0; s < 16; s++) {
                jit_imul_rr(B(f), w, r, s);
                sprintf(want, "imul %s, %s", NAME(w, r), NAME(w, s));
                expect(f, want);
            }
            jit_neg(B(f), w, r);
            sprintf(want, "neg %s", NAME(w, r));
            expect(f, want);
            jit_not(B(f), w, r);
            sprintf(want, "not %s", NAME(w, r));
            expect(f, want);
            jit_div(B(f), w, true, r);
            sprintf(want, "idiv %s", NAME(w, r));
            expect(f, want);
            jit_div(B(f), w, false, r);
            sprintf(want, "div %s", NAME(w, r));
            expect(f, want);
            jit_mul_wide(B(f), w, true, r);
            sprintf(want, "imul %s", NAME(w, r));
            expect(f, want);
            jit_mul_wide(B(f), w, false, r);
            sprintf(want, "mul %s", NAME(w, r));
            expect(f, want);
        }
    jit_cqo(B(f), true);
    expect(f, "cqo");
    jit_cqo(B(f), false);
    expect(f, "cdq");
}

static void test_shift(void **state)
{
    struct fixture *f = *state;
    char want[64], n[32];
    for (size_t i = 0; i < sizeof SHIFT_OPS / sizeof SHIFT_OPS[0]; i++)
        for (int w = 0; w < 2; w++)
            for (unsigned r = 0; r < 16; r++) {
                const char *op = SHIFT[SHIFT_OPS[i]];
                for (unsigned count = 0; count < (w ? 64u : 32u); count++) {
                    jit_shift_ri(B(f), SHIFT_OPS[i], w, r, (uint8_t)count);
                    sprintf(want, "%s %s, %s", op, NAME(w, r), num(n, count));
                    expect(f, want);
                    assert_int_equal(f->b.len, (w || r >= 8) + (count == 1 ? 2 : 3));
                }
                jit_shift_cl(B(f), SHIFT_OPS[i], w, r);
                sprintf(want, "%s %s, cl", op, NAME(w, r));
                expect(f, want);
            }
    jit_shift_ri(B(f), JIT_SHL, true, JIT_RAX, 64);
    assert_true(f->b.invalid);
    jit_shift_ri(B(f), JIT_SHL, false, JIT_RAX, 32);
    assert_true(f->b.invalid);
}

static void test_setcc_cmov(void **state)
{
    struct fixture *f = *state;
    char want[96];
    for (unsigned cc = 0; cc < 16; cc++)
        for (unsigned d = 0; d < 16; d++) {
            jit_setcc(B(f), cc, d);
            sprintf(want, "set%s %s", CC[cc], R8[d]);
            expect(f, want);
            jit_setcc_zx(B(f), cc, d);
            sprintf(want, "set%s %s; movzx %s, %s", CC[cc], R8[d], R32[d], R8[d]);
            expect(f, want);
            for (int w = 0; w < 2; w++)
                for (unsigned s = 0; s < 16; s++) {
                    jit_cmov(B(f), cc, w, d, s);
                    sprintf(want, "cmov%s %s, %s", CC[cc], NAME(w, d), NAME(w, s));
                    expect(f, want);
                }
        }
    assert_int_equal(jit_cc_invert(JIT_CC_L), JIT_CC_GE);
    assert_int_equal(jit_cc_invert(JIT_CC_AE), JIT_CC_B);
    assert_int_equal(jit_cc_invert(JIT_CC_E), JIT_CC_NE);
}

/* ------------------------------------------------------------ control flow */

static void test_branches(void **state)
{
    struct fixture *f = *state;
    char want[160];
    struct jit_buf *b = B(f);
    size_t j = jit_jmp_rel32(b);                      /* 0: 5 bytes */
    size_t c = jit_jcc_rel32(b, JIT_CC_NE);           /* 5: 6 bytes */
    jit_ret(b);                                       /* 11 */
    assert_int_equal(j, 1);
    assert_int_equal(c, 7);
    assert_int_equal(jit_patch_rel32(b, j, 11), 0);
    assert_int_equal(jit_patch_rel32(b, c, 0), 0);
    jit_jmp(b, 5);                                    /* 12: back to the jcc */
    jit_jcc(b, JIT_CC_L, 0);                          /* 17 */
    expect(f, "jmp 0xb; jne 0; ret; jmp 5; jl 0");
    assert_int_equal(dis_at(f, 0x1000) != NULL, 1);
    assert_string_equal(f->text, "jmp 0x100b; jne 0x1000; ret; jmp 0x1005; jl 0x1000");
    for (unsigned cc = 0; cc < 16; cc++) {
        b = B(f);
        jit_patch_rel32(b, jit_jcc_rel32(b, cc), 0);
        sprintf(want, "j%s 0", CC[cc]);
        expect(f, want);
    }
    /* patching outside what was emitted */
    b = B(f);
    jit_ret(b);
    assert_int_equal(jit_patch_rel32(b, 0, 0), -EINVAL);
    j = jit_jmp_rel32(b);
    assert_int_equal(jit_patch_rel32(b, j, b->len + 1), -EINVAL);
    assert_int_equal(jit_patch_rel32(b, j + 1, 0), -EINVAL);
    assert_int_equal(jit_patch_rel32(b, j, b->len), 0);

    for (unsigned r = 0; r < 16; r++) {
        jit_jmp_r(B(f), r);
        sprintf(want, "jmp %s", R64[r]);
        expect(f, want);
        jit_call_r(B(f), r);
        sprintf(want, "call %s", R64[r]);
        expect(f, want);
        jit_push(B(f), r);
        jit_pop(&f->b, r);
        sprintf(want, "push %s; pop %s", R64[r], R64[r]);
        expect(f, want);
    }
}

static void test_call_abs(void **state)
{
    struct fixture *f = *state;
    char want[96];
    uintptr_t here = (uintptr_t)f->mem;
    /* Near: a rel32 call, read at the buffer's own address. */
    jit_ret(B(f));
    jit_call_abs(&f->b, (const void *)(here + 0x1234));
    sprintf(want, "ret; call 0x%llx", (unsigned long long)(here + 0x1234));
    assert_string_equal(dis_at(f, here), want);
    assert_int_equal(f->b.len, 6);
    jit_call_abs(B(f), (const void *)(here - 0x7ffffffb));        /* rel = INT32_MIN */
    assert_int_equal(f->b.len, 5);
    /* Far: through rax. */
    uintptr_t far = here + 0x80000005ull;                          /* rel = INT32_MAX + 1 */
    jit_call_abs(B(f), (const void *)far);
    sprintf(want, "movabs rax, 0x%llx; call rax", (unsigned long long)far);
    if (far <= UINT32_MAX)
        sprintf(want, "mov eax, 0x%llx; call rax", (unsigned long long)far);
    assert_string_equal(dis_at(f, here), want);
}

/* ------------------------------------------------------------ running it */

struct exec {
    uint8_t *page;
    size_t size;
};

static struct jit_buf exec_begin(struct exec *x)
{
    x->size = 4096;
    x->page = mmap(NULL, x->size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    assert_true(x->page != MAP_FAILED);
    struct jit_buf b;
    jit_buf_init(&b, x->page, x->size);
    return b;
}

static void *exec_seal(struct exec *x, const struct jit_buf *b)
{
    assert_true(jit_buf_ok(b));
    assert_int_equal(mprotect(x->page, x->size, PROT_READ | PROT_EXEC), 0);
    void *fn;
    memcpy(&fn, &x->page, sizeof fn);   /* object pointer to function pointer */
    return fn;
}

static void exec_end(struct exec *x) { munmap(x->page, x->size); }

typedef uint64_t (*fn2)(uint64_t, uint64_t);
typedef int64_t (*fn_ptr)(const void *);

static void test_run_add_shift(void **state)
{
    (void)state;
    struct exec x;
    struct jit_buf b = exec_begin(&x);
    jit_mov_rr(&b, true, JIT_RAX, JIT_RDI);
    jit_alu_rr(&b, JIT_ADD, true, JIT_RAX, JIT_RSI);
    jit_shift_ri(&b, JIT_SHL, true, JIT_RAX, 3);
    jit_ret(&b);
    fn2 fn = (fn2)exec_seal(&x, &b);
    assert_int_equal(fn(2, 5), 56);
    assert_int_equal(fn(1ull << 61, 0), 0);    /* shifted out */
    assert_int_equal(fn(-1ull, 0), -8ull);
    exec_end(&x);
}

/* sum = 0; while (n != 0) { sum += n; n--; } with a forward jcc patched
 * once the loop's end is known and a backward jmp. */
static void test_run_loop(void **state)
{
    (void)state;
    struct exec x;
    struct jit_buf b = exec_begin(&x);
    jit_mov_ri(&b, true, JIT_RAX, 0);
    size_t top = b.len;
    jit_test_rr(&b, true, JIT_RDI, JIT_RDI);
    size_t out = jit_jcc_rel32(&b, JIT_CC_E);
    jit_alu_rr(&b, JIT_ADD, true, JIT_RAX, JIT_RDI);
    jit_alu_ri(&b, JIT_SUB, true, JIT_RDI, 1);
    jit_jmp(&b, top);
    assert_int_equal(jit_patch_rel32(&b, out, b.len), 0);
    jit_ret(&b);
    fn2 fn = (fn2)exec_seal(&x, &b);
    assert_int_equal(fn(0, 0), 0);
    assert_int_equal(fn(10, 0), 55);
    assert_int_equal(fn(100000, 0), 5000050000ull);
    exec_end(&x);
}

/* Signed division and remainder: (a / b) * 1000 + a % b through cqo/idiv,
 * imul and movabs/lea. */
static void test_run_divide(void **state)
{
    (void)state;
    struct exec x;
    struct jit_buf b = exec_begin(&x);
    jit_mov_rr(&b, true, JIT_RAX, JIT_RDI);
    jit_mov_rr(&b, true, JIT_RCX, JIT_RSI);
    jit_cqo(&b, true);
    jit_div(&b, true, true, JIT_RCX);
    jit_mov_ri(&b, true, JIT_R9, 1000);
    jit_imul_rr(&b, true, JIT_RAX, JIT_R9);
    jit_alu_rr(&b, JIT_ADD, true, JIT_RAX, JIT_RDX);
    jit_ret(&b);
    fn2 fn = (fn2)exec_seal(&x, &b);
    assert_int_equal(fn(47, 5), 9002);
    assert_int_equal((int64_t)fn((uint64_t)-47, 5), -9002);
    assert_int_equal((int64_t)fn(47, (uint64_t)-5), -9000 + 2);
    exec_end(&x);
}

/* rsi < rdi (signed) into sil, which needs a REX (without one the same
 * bits name dh), zero-extended; and cmov picking the larger. */
static void test_run_setcc_cmov(void **state)
{
    (void)state;
    struct exec x;
    struct jit_buf b = exec_begin(&x);
    jit_mov_ri(&b, true, JIT_RDX, 0xabcdef);           /* dh would be 0xcd */
    jit_alu_rr(&b, JIT_CMP, true, JIT_RSI, JIT_RDI);
    jit_setcc_zx(&b, JIT_CC_L, JIT_RSI);
    jit_mov_rr(&b, true, JIT_RAX, JIT_RSI);
    jit_shift_ri(&b, JIT_SHL, true, JIT_RAX, 8);
    jit_alu_rr(&b, JIT_OR, true, JIT_RAX, JIT_RDX);
    jit_ret(&b);
    fn2 fn = (fn2)exec_seal(&x, &b);
    assert_int_equal(fn(5, (uint64_t)-3), 0x100 | 0xabcdef);
    assert_int_equal(fn((uint64_t)-3, 5), 0xabcdef);
    exec_end(&x);

    b = exec_begin(&x);
    jit_mov_rr(&b, true, JIT_RAX, JIT_RDI);
    jit_alu_rr(&b, JIT_CMP, true, JIT_RSI, JIT_RDI);
    jit_cmov(&b, JIT_CC_A, true, JIT_RAX, JIT_RSI);
    jit_ret(&b);
    fn = (fn2)exec_seal(&x, &b);
    assert_int_equal(fn(3, 9), 9);
    assert_int_equal(fn(9, 3), 9);
    assert_int_equal(fn(1, -1ull), -1ull);  /* unsigned */
    exec_end(&x);
}

static uint64_t helper_twice_plus(uint64_t v, uint64_t k) { return 2 * v + k; }

/* Loads with sign/zero extension and stores through r12/r13 (the SIB and
 * disp8-0 cases), saved and restored with push/pop, and a call to a C
 * helper: returns lb(p[1]) + lhu(p[2..3]) + helper(ld(p[8]), 7), and
 * stores 0x5a at p[0] and the result at p[16]. */
static void test_run_memory_and_call(void **state)
{
    (void)state;
    struct exec x;
    struct jit_buf b = exec_begin(&x);
    jit_push(&b, JIT_R12);          /* also aligns the stack for the call */
    jit_push(&b, JIT_R13);
    jit_push(&b, JIT_RBX);
    jit_mov_rr(&b, true, JIT_R12, JIT_RDI);
    jit_lea(&b, true, JIT_R13, JIT_RDI, 1);
    jit_load(&b, 1, true, JIT_RBX, JIT_R13, 0);       /* [r13 + 0]: p[1] */
    jit_load(&b, 2, false, JIT_RAX, JIT_R12, 2);
    jit_alu_rr(&b, JIT_ADD, true, JIT_RBX, JIT_RAX);
    jit_load(&b, 8, false, JIT_RDI, JIT_R12, 8);
    jit_mov_ri(&b, true, JIT_RSI, 7);
    jit_call_abs(&b, (const void *)(uintptr_t)helper_twice_plus);
    jit_alu_rr(&b, JIT_ADD, true, JIT_RAX, JIT_RBX);
    jit_store_imm(&b, 1, JIT_R12, 0, 0x5a);
    jit_store(&b, 8, JIT_R12, 16, JIT_RAX);
    jit_pop(&b, JIT_RBX);
    jit_pop(&b, JIT_R13);
    jit_pop(&b, JIT_R12);
    jit_ret(&b);
    fn_ptr fn = (fn_ptr)exec_seal(&x, &b);
    uint8_t data[24] = {0};
    data[1] = 0xfe;                         /* -2 */
    data[2] = 0x34, data[3] = 0x92;         /* 0x9234 */
    uint64_t v = 1000;
    memcpy(data + 8, &v, 8);
    int64_t want = -2 + 0x9234 + 2007;
    assert_int_equal(fn(data), want);
    assert_int_equal(data[0], 0x5a);
    int64_t stored;
    memcpy(&stored, data + 16, 8);
    assert_int_equal(stored, want);
    exec_end(&x);
}

/* ------------------------------------------------------------ running out of room */

/* A sequence of every length class, emitted into buffers of every size up
 * to what it needs: the flag is set exactly when it did not fit, the bytes
 * emitted are whole instructions, and the guard after the end survives. */
static void emit_sequence(struct jit_buf *b)
{
    jit_ret(b);                                             /* 1 */
    jit_mov_ri(b, true, JIT_R11, 0x123456789abcdef0);       /* 10 */
    jit_load(b, 2, true, JIT_R12, JIT_R13, 0x1000);         /* 9 */
    jit_push(b, JIT_R15);                                   /* 2 */
    size_t at = jit_jcc_rel32(b, JIT_CC_NE);                /* 6 */
    jit_patch_rel32(b, at, 0);
    jit_call_abs(b, (const void *)(uintptr_t)0x10);
}

static void test_overflow(void **state)
{
    struct fixture *f = *state;
    uint8_t full[64];
    struct jit_buf ref;
    jit_buf_init(&ref, full, sizeof full);
    emit_sequence(&ref);
    assert_true(jit_buf_ok(&ref));
    for (size_t cap = 0; cap <= ref.len; cap++) {
        uint8_t mem[80];
        memset(mem, 0xcc, sizeof mem);
        jit_buf_init(&f->b, mem, cap);
        emit_sequence(&f->b);
        for (size_t i = cap; i < sizeof mem; i++)
            assert_int_equal(mem[i], 0xcc);
        assert_true(f->b.len <= cap);
        assert_int_equal(f->b.overflow, cap < ref.len);
        assert_false(f->b.invalid);
        /* what was kept is a whole prefix of the full sequence */
        assert_memory_equal(mem, full, f->b.len);
        f->b.overflow = false;
        dis(f);
    }
}

static void test_invalid(void **state)
{
    struct fixture *f = *state;
    jit_ret(B(f));
    jit_load(&f->b, 3, false, JIT_RAX, JIT_RAX, 0);
    assert_true(f->b.invalid);
    jit_ret(&f->b);                 /* dropped */
    assert_int_equal(f->b.len, 1);
    jit_store(B(f), 16, JIT_RAX, 0, JIT_RAX);
    assert_true(f->b.invalid);
    jit_mov_rr(B(f), true, (enum jit_reg)16, JIT_RAX);
    assert_true(f->b.invalid);
    assert_int_equal(f->b.len, 0);
    jit_ret(B(f));
    jit_jmp(&f->b, 100);            /* past what exists */
    assert_true(f->b.invalid);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_mov_rr),
        cmocka_unit_test(test_mov_ri),
        cmocka_unit_test(test_extend_rr),
        cmocka_unit_test(test_load),
        cmocka_unit_test(test_store),
        cmocka_unit_test(test_store_imm),
        cmocka_unit_test(test_lea),
        cmocka_unit_test(test_alu_rr),
        cmocka_unit_test(test_alu_rm),
        cmocka_unit_test(test_alu_ri),
        cmocka_unit_test(test_test),
        cmocka_unit_test(test_unary_and_muldiv),
        cmocka_unit_test(test_shift),
        cmocka_unit_test(test_setcc_cmov),
        cmocka_unit_test(test_branches),
        cmocka_unit_test(test_call_abs),
        cmocka_unit_test(test_run_add_shift),
        cmocka_unit_test(test_run_loop),
        cmocka_unit_test(test_run_divide),
        cmocka_unit_test(test_run_setcc_cmov),
        cmocka_unit_test(test_run_memory_and_call),
        cmocka_unit_test(test_overflow),
        cmocka_unit_test(test_invalid),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
