/* The JIT's x86-64 code emitter: the instructions a RISC-V translator needs,
 * encoded into a caller-provided byte buffer.  Any of the 16 GPRs works in
 * any operand; 64- and 32-bit operand forms are chosen by `w64` (a 32-bit
 * result zero-extends into the full register, as x86-64 does).
 *
 * Running out of room never writes past the end: the instruction that does
 * not fit is dropped whole, `overflow` is set, and everything after it is
 * dropped too, so the translator can check once at the end of a block,
 * flush its cache and translate again.  An operand the encoder cannot take
 * (a load of 3 bytes, a shift count over 63) sets `invalid` the same way. */
#ifndef REWIND_ISA_RISCV_JIT_EMIT_H
#define REWIND_ISA_RISCV_JIT_EMIT_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct jit_buf {
    uint8_t *p;
    size_t len, cap;
    bool overflow;  /* an instruction did not fit; later ones were dropped */
    bool invalid;   /* an operand could not be encoded (a translator bug) */
};

void jit_buf_init(struct jit_buf *b, void *mem, size_t cap);
/* True when every instruction so far was emitted. */
static inline bool jit_buf_ok(const struct jit_buf *b) { return !b->overflow && !b->invalid; }

/* Hardware register numbers: the low three bits go in ModRM/SIB/opcode,
 * the fourth in REX. */
enum jit_reg {
    JIT_RAX, JIT_RCX, JIT_RDX, JIT_RBX, JIT_RSP, JIT_RBP, JIT_RSI, JIT_RDI,
    JIT_R8, JIT_R9, JIT_R10, JIT_R11, JIT_R12, JIT_R13, JIT_R14, JIT_R15,
};

/* Condition codes, numbered as in Jcc/SETcc/CMOVcc's low opcode nibble.
 * B/AE/BE/A are unsigned, L/GE/LE/G signed. */
enum jit_cc {
    JIT_CC_O, JIT_CC_NO, JIT_CC_B, JIT_CC_AE, JIT_CC_E, JIT_CC_NE, JIT_CC_BE, JIT_CC_A,
    JIT_CC_S, JIT_CC_NS, JIT_CC_P, JIT_CC_NP, JIT_CC_L, JIT_CC_GE, JIT_CC_LE, JIT_CC_G,
};
static inline enum jit_cc jit_cc_invert(enum jit_cc cc) { return (enum jit_cc)(cc ^ 1); }

/* Two-operand ALU operations, numbered as the /digit of opcodes 81/83. */
enum jit_alu {
    JIT_ADD = 0, JIT_OR = 1, JIT_AND = 4, JIT_SUB = 5, JIT_XOR = 6, JIT_CMP = 7,
};

/* Shifts, numbered as the /digit of opcodes C1/D3. */
enum jit_shift { JIT_SHL = 4, JIT_SHR = 5, JIT_SAR = 7 };

/* ---- moves */
void jit_mov_rr(struct jit_buf *b, bool w64, enum jit_reg dst, enum jit_reg src);
/* dst = imm in the shortest form: `mov r32, imm32` when imm fits in 32
 * unsigned bits, `mov r64, simm32` when it is a sign-extended 32-bit
 * value, else `movabs`.  With !w64 only the low 32 bits are loaded.  Flags
 * are left alone (no `xor r, r` for zero). */
void jit_mov_ri(struct jit_buf *b, bool w64, enum jit_reg dst, uint64_t imm);
/* dst (64 bits) = the 32-bit src sign-extended (`movsxd`), or the 8-bit
 * src zero-extended (`movzx r32, r8`). */
void jit_movsxd_rr(struct jit_buf *b, enum jit_reg dst, enum jit_reg src);
void jit_movzx8_rr(struct jit_buf *b, enum jit_reg dst, enum jit_reg src);

/* ---- memory, [base + disp] */
/* dst (all 64 bits) = the `size`-byte value at [base + disp] (size 1, 2, 4
 * or 8), sign- or zero-extended: RISC-V's lb/lbu/lh/lhu/lw/lwu/ld. */
void jit_load(struct jit_buf *b, unsigned size, bool sign, enum jit_reg dst,
              enum jit_reg base, int32_t disp);
/* The low `size` bytes of src to [base + disp]. */
void jit_store(struct jit_buf *b, unsigned size, enum jit_reg base, int32_t disp,
               enum jit_reg src);
/* imm to [base + disp]: size 4 stores it, size 8 stores it sign-extended. */
void jit_store_imm(struct jit_buf *b, unsigned size, enum jit_reg base, int32_t disp,
                   int32_t imm);
/* dst = base + disp, without touching flags. */
void jit_lea(struct jit_buf *b, bool w64, enum jit_reg dst, enum jit_reg base, int32_t disp);

/* ---- arithmetic */
void jit_alu_rr(struct jit_buf *b, enum jit_alu op, bool w64, enum jit_reg dst, enum jit_reg src);
/* dst = dst OP [base + disp] (cmp: flags of dst - [base + disp]). */
void jit_alu_rm(struct jit_buf *b, enum jit_alu op, bool w64, enum jit_reg dst, enum jit_reg base,
                int32_t disp);
/* imm is sign-extended to the operand size; the imm8 form is used when it fits. */
void jit_alu_ri(struct jit_buf *b, enum jit_alu op, bool w64, enum jit_reg dst, int32_t imm);
void jit_test_rr(struct jit_buf *b, bool w64, enum jit_reg a, enum jit_reg c);
void jit_test_ri(struct jit_buf *b, bool w64, enum jit_reg a, int32_t imm);
void jit_imul_rr(struct jit_buf *b, bool w64, enum jit_reg dst, enum jit_reg src);
void jit_neg(struct jit_buf *b, bool w64, enum jit_reg r);
void jit_not(struct jit_buf *b, bool w64, enum jit_reg r);
/* Shifts by an immediate count below the operand width (a larger count
 * sets `invalid`), or by cl (which the hardware masks to 5 or 6 bits). */
void jit_shift_ri(struct jit_buf *b, enum jit_shift op, bool w64, enum jit_reg r, uint8_t count);
void jit_shift_cl(struct jit_buf *b, enum jit_shift op, bool w64, enum jit_reg r);
/* The low byte of dst = cc ? 1 : 0, the rest of dst unchanged; jit_setcc_zx
 * also zero-extends it to the whole register. */
void jit_setcc(struct jit_buf *b, enum jit_cc cc, enum jit_reg dst);
void jit_setcc_zx(struct jit_buf *b, enum jit_cc cc, enum jit_reg dst);
void jit_cmov(struct jit_buf *b, enum jit_cc cc, bool w64, enum jit_reg dst, enum jit_reg src);

/* ---- rdx:rax arithmetic.  The translator adds RISC-V's rules for a zero
 * divisor and for INT_MIN / -1 around the division (x86 traps on both). */
/* cqo (w64) or cdq: rdx = the sign of rax. */
void jit_cqo(struct jit_buf *b, bool w64);
/* rdx:rax / src -> quotient in rax, remainder in rdx (idiv or div). */
void jit_div(struct jit_buf *b, bool w64, bool sign, enum jit_reg src);
/* rdx:rax = rax * src (imul or mul, one operand): the high half for mulh/mulhu. */
void jit_mul_wide(struct jit_buf *b, bool w64, bool sign, enum jit_reg src);

/* ---- control flow.  Offsets are into the buffer; a jump emitted with an
 * unknown target returns the offset of its rel32 field, to be patched. */
size_t jit_jmp_rel32(struct jit_buf *b);
size_t jit_jcc_rel32(struct jit_buf *b, enum jit_cc cc);
/* Points the rel32 field at `at` to the buffer offset `target`.  Returns 0,
 * or -EINVAL when `at` is not a field inside what was emitted (as after an
 * overflow) or `target` is past the end of the buffer. */
int jit_patch_rel32(struct jit_buf *b, size_t at, size_t target);
/* Jumps to an offset already emitted (a backward branch). */
void jit_jmp(struct jit_buf *b, size_t target);
void jit_jcc(struct jit_buf *b, enum jit_cc cc, size_t target);
void jit_jmp_r(struct jit_buf *b, enum jit_reg r);
void jit_call_r(struct jit_buf *b, enum jit_reg r);
/* Calls a host function: `call rel32` when it is within ±2 GiB of the call
 * site, else `mov rax, fn; call rax` (rax is caller-saved anyway). */
void jit_call_abs(struct jit_buf *b, const void *fn);
void jit_ret(struct jit_buf *b);
void jit_push(struct jit_buf *b, enum jit_reg r);
void jit_pop(struct jit_buf *b, enum jit_reg r);

#endif
