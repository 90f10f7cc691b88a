/* The JIT's x86-64 back end: one guest block to host code.
 *
 * Translated code runs inside the trampoline (jit_x86_emit_trampoline)
 * with the hart in rbp, its step count at block entry in rbx and the
 * budget's end in r12; guest registers live in the hart (x0 reads as an
 * immediate 0, writes to x0 vanish).  A block is laid out as
 *
 *   entry:  lea rax, [rbx + N]; cmp rax, r12; ja leave   budget for all N steps
 *           ... one sequence per guest instruction ...
 *           add rbx, N; jmp/jcc -> exits                  every exit is a stub
 *   leave:  pc = vpc; return LOOKUP                        (also what a killed
 *                                                          block's entry jumps to)
 *   stubs:  slow paths of loads and stores, then exits: pc = target; return
 *           CHAIN (same guest page: the run loop may point the jump straight
 *           at the target block) or LOOKUP.
 *
 * Only instructions that cannot trap or change anything but registers and
 * plain RAM are translated inline; loads and stores call helpers for
 * everything but a TLB hit on a RAM page without code or page-table
 * entries, and so do CSR accesses, wfi and the instructions the
 * interpreter runs from the block.  A helper goes on in the block when the
 * interpreter would go on without its full path, and otherwise leaves for
 * the run loop (jit.c). */
#include <stddef.h>

#include "isa/riscv/jit_internal.h"

#if defined(__x86_64__)

_Static_assert(sizeof(struct tlb_entry) == 32, "the TLB probe scales the index by 32");

#define XOFF(r) ((int32_t)(offsetof(struct hart, x) + 8 * (size_t)(r)))
#define PCOFF ((int32_t)offsetof(struct hart, pc))
#define STEPSOFF ((int32_t)offsetof(struct hart, steps))
#define HOFF(field) ((int32_t)offsetof(struct hart, field))
#define BOFF(field) ((int32_t)offsetof(struct jit_block, field))
#define TLBOFF(set, acc) \
    ((int32_t)(offsetof(struct hart, tlb) + ((size_t)(set) * 3 + (acc)) * TLB_SIZE * sizeof(struct tlb_entry)))

#define RAX JIT_RAX
#define RCX JIT_RCX
#define RDX JIT_RDX
#define RBX JIT_RBX
#define RSP JIT_RSP
#define RBP JIT_RBP
#define RSI JIT_RSI
#define RDI JIT_RDI
#define R12 JIT_R12
#define R13 JIT_R13
#define R14 JIT_R14
#define R15 JIT_R15

void jit_x86_emit_trampoline(struct jit_buf *b, uint32_t *epi_sync, uint32_t *epi_nosync)
{
    /* int enter(struct hart *h = rdi, const void *code = rsi, uint64_t end = rdx) */
    jit_push(b, RBX);
    jit_push(b, RBP);
    jit_push(b, R12);
    jit_push(b, R13);
    jit_push(b, R14);
    jit_push(b, R15);
    jit_alu_ri(b, JIT_SUB, true, RSP, 8); /* calls from blocks see a 16-byte aligned stack */
    jit_mov_rr(b, true, RBP, RDI);
    jit_load(b, 8, false, RBX, RBP, STEPSOFF);
    jit_mov_rr(b, true, R12, RDX);
    jit_jmp_r(b, RSI);
    *epi_sync = (uint32_t)b->len;
    jit_store(b, 8, RBP, STEPSOFF, RBX);
    *epi_nosync = (uint32_t)b->len;
    jit_alu_ri(b, JIT_ADD, true, RSP, 8);
    jit_pop(b, R15);
    jit_pop(b, R14);
    jit_pop(b, R13);
    jit_pop(b, R12);
    jit_pop(b, RBP);
    jit_pop(b, RBX);
    jit_ret(b);
}

static bool is_branch(unsigned op)
{
    return op == OP_beq || op == OP_bne || op == OP_blt || op == OP_bge || op == OP_bltu ||
           op == OP_bgeu;
}

bool jit_x86_ends_block(const struct dinsn *d)
{
    /* A forward branch is a side exit; a backward one (a loop) ends the
     * block, so that a loop body is a block of its own, with its own
     * registers cached. */
    return d->op == OP_jal || d->op == OP_jalr || (is_branch(d->op) && d->imm <= 0);
}

static bool is_load(unsigned op)
{
    return op == OP_lb || op == OP_lh || op == OP_lw || op == OP_ld || op == OP_lbu ||
           op == OP_lhu || op == OP_lwu;
}
static bool is_store(unsigned op)
{
    return op == OP_sb || op == OP_sh || op == OP_sw || op == OP_sd;
}

bool jit_x86_supports(const struct dinsn *d)
{
    switch (d->op) {
    case OP_ILLEGAL: case OP_ecall: case OP_ebreak: case OP_mret: case OP_sret:
    case OP_sfence_vma: case OP_sinval_vma: case OP_sfence_w_inval: case OP_sfence_inval_ir:
        return false; /* they trap, leave or change translation: the block ends */
    default:
        return true;  /* inline (inline_op), or an interpreter step inside the block */
    }
}

/* Translated inline (as opposed to an interpreter step from the block). */
static bool inline_op(const struct dinsn *d)
{
    switch (d->op) {
    case OP_lui: case OP_auipc: case OP_addi: case OP_slti: case OP_sltiu: case OP_xori:
    case OP_ori: case OP_andi: case OP_slli: case OP_srli: case OP_srai: case OP_add:
    case OP_sub: case OP_sll: case OP_slt: case OP_sltu: case OP_xor: case OP_srl:
    case OP_sra: case OP_or: case OP_and: case OP_addiw: case OP_slliw: case OP_srliw:
    case OP_sraiw: case OP_addw: case OP_subw: case OP_sllw: case OP_srlw: case OP_sraw:
    case OP_mul: case OP_mulw: case OP_mulh: case OP_mulhu:
    case OP_fence: case OP_fence_i: case OP_pause:
    case OP_prefetch_i: case OP_prefetch_r: case OP_prefetch_w:
    case OP_jal: case OP_jalr:
    case OP_csrrw: case OP_csrrs: case OP_csrrc: case OP_csrrwi: case OP_csrrsi: case OP_csrrci:
    case OP_wfi:
        return true;
    default:
        return is_branch(d->op) || is_load(d->op) || is_store(d->op) || jit_pure_op(d->op);
    }
}

/* ---- the block being emitted */

enum stub_kind { STUB_LOAD, STUB_STORE, STUB_EXIT, STUB_SIDE, STUB_LOOP };
struct stub {
    enum stub_kind kind;
    size_t at;              /* the rel32 to point at the stub */
    size_t resume;          /* slow paths: where the main path goes on */
    uint64_t pc;            /* slow paths: the instruction; exits: the target */
    unsigned index;         /* slow paths, side exits: the instruction's index in the block */
    const struct dinsn *d;
    uint32_t written;       /* the cached registers holding new values there */
};

/* Guest registers kept in host registers for the whole block: the callee-
 * saved ones first (they survive helper calls), then caller-saved ones,
 * which are reloaded after a call. */
static const enum jit_reg cache_regs[] = {JIT_R13, JIT_R14, JIT_R15, JIT_R8, JIT_R9, JIT_R10, JIT_R11};
#define NCACHE (sizeof cache_regs / sizeof cache_regs[0])
static bool caller_saved(enum jit_reg r) { return r >= JIT_R8 && r <= JIT_R11; }

struct block_ctx {
    struct jit_buf *b;
    const struct jit_source *src;
    uint32_t epi_sync, epi_nosync;
    struct stub stubs[3 * JIT_MAX_INSNS + 4];
    unsigned nstubs;
    int8_t host_of[33];         /* guest register -> host register, or -1 */
    unsigned nalloc;
    uint8_t alloc[NCACHE];      /* the cached guest registers, in cache_regs order */
    uint32_t live_in;           /* cached registers loaded at entry */
    uint32_t written;           /* cached registers written so far (at every point
                                 * of a block that loops to itself: all it writes) */
    bool self_loop;             /* the last instruction may jump to the first */
    size_t body;                /* code offset after the entry loads */
};

/* The cached register a block writes with this instruction (0: none).
 * Instructions the interpreter runs from the block write the hart, and the
 * cached registers are loaded again after them. */
static uint32_t writes(const struct block_ctx *c, const struct dinsn *d)
{
    if (d->rd == 0 || d->rd == 32 || !insn_writes_xreg(d->op) || c->host_of[d->rd] < 0)
        return 0;
    return 1u << d->rd;
}

/* Choose the guest registers to cache: the most used ones (two uses at
 * least: one load at entry must pay).  A block that does not loop to
 * itself loads only those it reads before writing, and writes back only
 * those written so far; one that loops loads them all and writes back all
 * it writes, since a second pass starts with everything written. */
static void allocate(struct block_ctx *c)
{
    unsigned uses[33] = {0};
    memset(c->host_of, -1, sizeof c->host_of);
    for (unsigned i = 0; i < c->src->n; i++) {
        const struct dinsn *d = &c->src->insns[i];
        uses[d->rs1]++;
        uses[d->rs2]++;
        uses[d->rd]++;
    }
    uses[0] = uses[32] = 0;
    uint64_t last_pc = c->src->vpc;
    for (unsigned i = 0; i + 1 < c->src->n; i++)
        last_pc += c->src->insns[i].len;
    const struct dinsn *last = &c->src->insns[c->src->n - 1];
    c->self_loop = (is_branch(last->op) || last->op == OP_jal) &&
                   last_pc + (uint64_t)(int64_t)last->imm == c->src->vpc;
    for (c->nalloc = 0; c->nalloc < NCACHE; c->nalloc++) {
        unsigned best = 0;
        for (unsigned r = 1; r < 32; r++)
            if (c->host_of[r] < 0 && uses[r] > uses[best])
                best = r;
        if (uses[best] < 2)
            break;
        c->alloc[c->nalloc] = (uint8_t)best;
        c->host_of[best] = (int8_t)cache_regs[c->nalloc];
    }
    uint32_t all = 0, written = 0, read_first = 0;
    for (unsigned i = 0; i < c->nalloc; i++)
        all |= 1u << c->alloc[i];
    for (unsigned i = 0; i < c->src->n; i++) {
        const struct dinsn *d = &c->src->insns[i];
        /* (rs1 and rs2 as read by everything: loading one more is harmless) */
        read_first |= ((1u << d->rs1 | 1u << (d->rs2 & 31)) & all) & ~written;
        written |= writes(c, d);
    }
    c->live_in = c->self_loop ? all : read_first;
    c->written = c->self_loop ? written : 0;
}

/* Cached registers holding new values go back to the hart (before every
 * exit and every call that may look at or leave from the hart): those in
 * `mask`, the registers written where the code is. */
static void writeback_mask(struct block_ctx *c, uint32_t mask)
{
    for (unsigned i = 0; i < c->nalloc; i++)
        if (mask & (1u << c->alloc[i]))
            jit_store(c->b, 8, RBP, XOFF(c->alloc[i]), cache_regs[i]);
}
static void writeback(struct block_ctx *c) { writeback_mask(c, c->written); }

/* Load the cached registers from the hart (all, or the caller-saved ones):
 * after a helper, which wrote back what was new, every one of them is the
 * hart's value, including those the block has not read yet. */
static void reload(struct block_ctx *c, bool only_caller_saved)
{
    for (unsigned i = 0; i < c->nalloc; i++)
        if (!only_caller_saved || caller_saved(cache_regs[i]))
            jit_load(c->b, 8, false, cache_regs[i], RBP, XOFF(c->alloc[i]));
}

/* At entry: the registers the block reads before writing them. */
static void load_live_in(struct block_ctx *c)
{
    for (unsigned i = 0; i < c->nalloc; i++)
        if (c->live_in & (1u << c->alloc[i]))
            jit_load(c->b, 8, false, cache_regs[i], RBP, XOFF(c->alloc[i]));
}

static bool is_x0(unsigned r) { return r == 0 || r == 32; }
static bool cached(const struct block_ctx *c, unsigned r) { return !is_x0(r) && c->host_of[r] >= 0; }
static bool cached_in(const struct block_ctx *c, unsigned r, enum jit_reg h)
{
    return cached(c, r) && c->host_of[r] == (int8_t)h;
}

/* reg = guest r (nothing when it is already there). */
static void move_into(struct block_ctx *c, enum jit_reg reg, unsigned r)
{
    if (is_x0(r))
        jit_mov_ri(c->b, false, reg, 0);
    else if (cached(c, r)) {
        if (c->host_of[r] != (int8_t)reg)
            jit_mov_rr(c->b, true, reg, (enum jit_reg)c->host_of[r]);
    } else
        jit_load(c->b, 8, false, reg, RBP, XOFF(r));
}

/* A host register holding guest r: its cache register, or scratch loaded. */
static enum jit_reg src(struct block_ctx *c, unsigned r, enum jit_reg scratch)
{
    if (cached(c, r))
        return (enum jit_reg)c->host_of[r];
    move_into(c, scratch, r);
    return scratch;
}

/* Where to compute guest rd: its cache register, or rax (finish stores it). */
static enum jit_reg dst(const struct block_ctx *c, unsigned r)
{
    return cached(c, r) ? (enum jit_reg)c->host_of[r] : RAX;
}

/* Guest rd = reg, when reg is not already rd's cache register. */
static void finish(struct block_ctx *c, unsigned r, enum jit_reg reg)
{
    if (is_x0(r))
        return;
    if (cached(c, r)) {
        if (c->host_of[r] != (int8_t)reg)
            jit_mov_rr(c->b, true, (enum jit_reg)c->host_of[r], reg);
    } else {
        jit_store(c->b, 8, RBP, XOFF(r), reg);
    }
}

/* t = t OP guest r (a cache register, memory, or 0 for x0). */
static void apply(struct block_ctx *c, enum jit_alu op, bool w64, enum jit_reg t, unsigned r)
{
    if (is_x0(r))
        jit_alu_ri(c->b, op, w64, t, 0);
    else if (cached(c, r))
        jit_alu_rr(c->b, op, w64, t, (enum jit_reg)c->host_of[r]);
    else
        jit_alu_rm(c->b, op, w64, t, RBP, XOFF(r));
}

/* pc = `pc`; return `code` through the epilogue that stores rbx as the step count. */
static void leave(struct jit_buf *b, uint64_t pc, uint32_t code, uint32_t epi_sync)
{
    jit_mov_ri(b, true, RAX, pc);
    jit_store(b, 8, RBP, PCOFF, RAX);
    jit_mov_ri(b, false, RAX, code);
    jit_jmp(b, epi_sync);
}

static void add_stub(struct block_ctx *c, enum stub_kind k, size_t at, uint64_t pc, unsigned i,
                     const struct dinsn *d)
{
    struct stub *s = &c->stubs[c->nstubs++];
    *s = (struct stub){k, at, c->b->len, pc, i, d, c->written};
}

/* An exit of the block to guest address `target` (rbx already counts the
 * block, the cached registers are back in the hart). */
static void exit_to(struct block_ctx *c, uint64_t target)
{
    size_t at = jit_jmp_rel32(c->b);
    add_stub(c, STUB_EXIT, at, target, 0, NULL);
}

/* rax = &tlb entry for the address in rsi (the set and kind are added as
 * displacements); *at is a jump to patch toward the slow path, taken unless
 * it is a hit for an aligned `size`-byte access.  Leaves rsi alone. */
static void tlb_probe(struct block_ctx *c, unsigned size, enum access acc, size_t *at)
{
    struct jit_buf *b = c->b;
    int32_t off = TLBOFF(c->src->set, acc);
    jit_mov_rr(b, false, RAX, RSI);
    jit_shift_ri(b, JIT_SHR, false, RAX, 7);
    jit_alu_ri(b, JIT_AND, false, RAX, (TLB_SIZE - 1) << 5); /* ((a >> 12) & 255) * 32 */
    jit_alu_rr(b, JIT_ADD, true, RAX, RBP);
    jit_mov_rr(b, true, RDX, RSI);
    jit_alu_ri(b, JIT_AND, true, RDX, (int32_t)(0xfffff000u | (size - 1)));
    jit_alu_rm(b, JIT_CMP, true, RDX, RAX, off + (int32_t)offsetof(struct tlb_entry, vpage));
    *at = jit_jcc_rel32(b, JIT_CC_NE);
}

/* rsi = the host address of the hit in rax's TLB entry. */
static void host_address(struct block_ctx *c, enum access acc)
{
    jit_alu_ri(c->b, JIT_AND, false, RSI, 0xfff);
    jit_alu_rm(c->b, JIT_ADD, true, RSI, RAX,
               TLBOFF(c->src->set, acc) + (int32_t)offsetof(struct tlb_entry, host));
}

static unsigned load_size(unsigned op)
{
    return op == OP_lb || op == OP_lbu ? 1 : op == OP_lh || op == OP_lhu ? 2 : op == OP_ld ? 8 : 4;
}
static bool load_signed(unsigned op) { return op == OP_lb || op == OP_lh || op == OP_lw; }
static unsigned store_size(unsigned op)
{
    return op == OP_sb ? 1 : op == OP_sh ? 2 : op == OP_sw ? 4 : 8;
}

/* rsi = rs1 + imm */
static void address(struct block_ctx *c, const struct dinsn *d)
{
    if (is_x0(d->rs1)) {
        jit_mov_ri(c->b, true, RSI, (uint64_t)(int64_t)d->imm);
        return;
    }
    enum jit_reg a = src(c, d->rs1, RSI);
    if (d->imm || a != RSI)
        jit_lea(c->b, true, RSI, a, d->imm);
}

static void emit_load(struct block_ctx *c, const struct dinsn *d, uint64_t pc, unsigned i)
{
    address(c, d);
    size_t miss;
    tlb_probe(c, load_size(d->op), ACC_R, &miss);
    host_address(c, ACC_R);
    enum jit_reg t = dst(c, d->rd);
    jit_load(c->b, load_size(d->op), load_signed(d->op), t, RSI, 0);
    finish(c, d->rd, t);
    add_stub(c, STUB_LOAD, miss, pc, i, d);
}

static void emit_store(struct block_ctx *c, const struct dinsn *d, uint64_t pc, unsigned i)
{
    struct jit_buf *b = c->b;
    int32_t off = TLBOFF(c->src->set, ACC_W);
    address(c, d);
    size_t miss;
    tlb_probe(c, store_size(d->op), ACC_W, &miss);
    /* A page holding decoded code or a page-table entry: the helper stores
     * and tells the caches. */
    jit_load(b, 8, false, RCX, RAX, off + (int32_t)offsetof(struct tlb_entry, flags));
    jit_load(b, 1, false, RCX, RCX, 0);
    jit_test_ri(b, false, RCX, BUS_PAGE_CODE | BUS_PAGE_PT);
    size_t code = jit_jcc_rel32(b, JIT_CC_NE);
    host_address(c, ACC_W);
    jit_store(b, store_size(d->op), RSI, 0, src(c, d->rs2, RCX));
    add_stub(c, STUB_STORE, miss, pc, i, d);
    add_stub(c, STUB_STORE, code, pc, i, d);
}

static enum jit_cc branch_cc(unsigned op)
{
    switch (op) {
    case OP_beq: return JIT_CC_E;
    case OP_bne: return JIT_CC_NE;
    case OP_blt: return JIT_CC_L;
    case OP_bge: return JIT_CC_GE;
    case OP_bltu: return JIT_CC_B;
    default: return JIT_CC_AE;
    }
}

/* rd = rs1 OP rs2; !w64: on the low 32 bits, sign-extended. */
static void alu_rr(struct block_ctx *c, const struct dinsn *d, enum jit_alu op, bool w64)
{
    unsigned r1 = d->rs1, r2 = d->rs2;
    enum jit_reg t = dst(c, d->rd);
    if (t != RAX && cached_in(c, r2, t) && !cached_in(c, r1, t)) {
        if (op != JIT_SUB) {
            unsigned x = r1; /* rd = rs2: commute, rd OP= rs1 */
            r1 = r2;
            r2 = x;
        } else {
            t = RAX;
        }
    }
    move_into(c, t, r1);
    apply(c, op, w64, t, r2);
    if (!w64)
        jit_movsxd_rr(c->b, t, t);
    finish(c, d->rd, t);
}

static void shift_rr(struct block_ctx *c, const struct dinsn *d, enum jit_shift op, bool w64)
{
    enum jit_reg t = dst(c, d->rd);
    if (cached_in(c, d->rs2, t) && !cached_in(c, d->rs1, t))
        t = RAX; /* rd = rs2: keep the count until it is in cl */
    move_into(c, RCX, d->rs2);
    move_into(c, t, d->rs1);
    jit_shift_cl(c->b, op, w64, t); /* the hardware masks cl to 6 (5) bits, as RISC-V does */
    if (!w64)
        jit_movsxd_rr(c->b, t, t);
    finish(c, d->rd, t);
}

static void shift_ri(struct block_ctx *c, const struct dinsn *d, enum jit_shift op, bool w64)
{
    enum jit_reg t = dst(c, d->rd);
    move_into(c, t, d->rs1);
    if (d->imm)
        jit_shift_ri(c->b, op, w64, t, (uint8_t)d->imm);
    if (!w64)
        jit_movsxd_rr(c->b, t, t);
    finish(c, d->rd, t);
}

static void set_cc(struct block_ctx *c, const struct dinsn *d, enum jit_cc cc, bool imm)
{
    enum jit_reg a = src(c, d->rs1, RAX);
    if (imm)
        jit_alu_ri(c->b, JIT_CMP, true, a, d->imm);
    else
        apply(c, JIT_CMP, true, a, d->rs2);
    enum jit_reg t = dst(c, d->rd);
    jit_setcc_zx(c->b, cc, t);
    finish(c, d->rd, t);
}

/* Let a helper see the hart as the interpreter would before instruction
 * i: the cached registers in `written` back, pc and the step count exact;
 * rdi = the hart. */
static void sync_for_helper(struct block_ctx *c, uint32_t written, uint64_t pc, unsigned i)
{
    struct jit_buf *b = c->b;
    writeback_mask(c, written);
    jit_mov_ri(b, true, RAX, pc);
    jit_store(b, 8, RBP, PCOFF, RAX);
    jit_lea(b, true, RAX, RBX, (int32_t)i);
    jit_store(b, 8, RBP, STEPSOFF, RAX);
    jit_mov_rr(b, true, RDI, RBP);
}

/* Call a helper that returns 0 to go on in the block (the cached registers
 * are loaded again: it may have written them in the hart) or an exit code
 * for the run loop, with h->pc and h->steps set. */
static void call_helper(struct block_ctx *c, const void *fn)
{
    jit_call_abs(c->b, fn);
    jit_test_rr(c->b, false, RAX, RAX);
    jit_jcc(c->b, JIT_CC_NE, c->epi_nosync);
    reload(c, false);
}

/* csrrw ... csrrci: the helper reads and writes the CSR (and rd in the
 * hart); after a write the block goes on only when the helper finds
 * nothing for the run loop (jit_helper_csr). */
static void emit_csr(struct block_ctx *c, const struct dinsn *d, uint64_t pc, unsigned i)
{
    struct jit_buf *b = c->b;
    move_into(c, RDX, d->op >= OP_csrrwi ? 0 : d->rs1);
    sync_for_helper(c, c->written, pc, i);
    jit_mov_ri(b, true, RSI, JIT_CSR_INFO(d->op, (unsigned)d->imm & 0xfff, d->rs1, d->rd, d->len));
    jit_mov_ri(b, false, RCX, d->raw);
    call_helper(c, (const void *)jit_helper_csr);
}

static void indirect_jump(struct block_ctx *c, bool runtime_set);

/* ecall, ebreak, mret, sret: one interpreter step (the trap or the
 * return), then on to the block at the new pc through the inline lookup,
 * with the TLB set of the new privilege, when the step left nothing for
 * the run loop to do (jit_helper_trap_step). */
static void emit_trap_step(struct block_ctx *c, uint64_t pc, unsigned i)
{
    struct jit_buf *b = c->b;
    sync_for_helper(c, c->written, pc, i);
    jit_call_abs(b, (const void *)jit_helper_trap_step);
    jit_alu_ri(b, JIT_CMP, false, RAX, JIT_TRAP_GO_ON);
    jit_jcc(b, JIT_CC_B, c->epi_nosync); /* an exit code: the run loop */
    jit_mov_rr(b, false, RDI, RAX);
    jit_alu_ri(b, JIT_SUB, false, RDI, JIT_TRAP_GO_ON);
    jit_load(b, 8, false, RBX, RBP, STEPSOFF);
    jit_load(b, 8, false, RAX, RBP, PCOFF);
    indirect_jump(c, true);
}

/* Anything else, as the last instruction: one interpreter step, then the
 * run loop. */
static void emit_step(struct block_ctx *c, uint64_t pc, unsigned i)
{
    sync_for_helper(c, c->written, pc, i);
    jit_call_abs(c->b, (const void *)jit_helper_step);
    jit_jmp(c->b, c->epi_nosync);
}

/* Floating point, atomics, cache-block operations: one interpreter step
 * from inside the block, which goes on when the step did what a step
 * normally does (the next pc, no interrupt to look at, no code changed). */
static void emit_interp_insn(struct block_ctx *c, const struct dinsn *d, uint64_t pc, unsigned i)
{
    struct jit_buf *b = c->b;
    sync_for_helper(c, c->written, pc, i);
    jit_mov_ri(b, true, RSI, pc + d->len);
    call_helper(c, (const void *)jit_helper_interp);
}

/* One instruction that does not end the block. */
static void emit_insn(struct block_ctx *c, const struct dinsn *d, uint64_t pc, unsigned i)
{
    struct jit_buf *b = c->b;
    unsigned op = d->op;
    if (!inline_op(d)) {
        emit_interp_insn(c, d, pc, i);
        return;
    }
    if (op >= OP_csrrw && op <= OP_csrrci) {
        emit_csr(c, d, pc, i);
        return;
    }
    if (op == OP_wfi) { /* a nop when an interrupt is pending: polling loops stay here */
        sync_for_helper(c, c->written, pc, i);
        jit_mov_ri(b, false, RSI, d->len);
        jit_mov_ri(b, false, RDX, d->raw);
        call_helper(c, (const void *)jit_helper_wfi);
        return;
    }
    if (is_load(op)) {
        emit_load(c, d, pc, i);
        return;
    }
    if (is_store(op)) {
        emit_store(c, d, pc, i);
        return;
    }
    switch (op) {
    case OP_fence: case OP_fence_i: case OP_pause:
    case OP_prefetch_i: case OP_prefetch_r: case OP_prefetch_w:
        return; /* stores already drop translations of code they change */
    default:
        break;
    }
    if (d->rd == 0 || d->rd == 32)
        return; /* no other inline instruction has an effect besides rd */
    switch (op) {
    case OP_lui: case OP_auipc: {
        enum jit_reg t = dst(c, d->rd);
        jit_mov_ri(b, true, t, (op == OP_auipc ? pc : 0) + (uint64_t)(int64_t)d->imm);
        finish(c, d->rd, t);
        return;
    }
    case OP_addi: case OP_xori: case OP_ori: case OP_andi: case OP_addiw: {
        enum jit_alu a = op == OP_xori ? JIT_XOR : op == OP_ori ? JIT_OR : op == OP_andi ? JIT_AND : JIT_ADD;
        bool w64 = op != OP_addiw;
        enum jit_reg t = dst(c, d->rd);
        if (is_x0(d->rs1)) { /* li */
            int64_t v = op == OP_andi ? 0 : d->imm;
            jit_mov_ri(b, true, t, (uint64_t)v);
        } else if (op == OP_addi && cached(c, d->rs1) && !cached_in(c, d->rs1, t)) {
            jit_lea(b, true, t, (enum jit_reg)c->host_of[d->rs1], d->imm); /* mv, addi */
        } else {
            move_into(c, t, d->rs1);
            if (d->imm || !w64)
                jit_alu_ri(b, a, w64, t, d->imm);
            if (!w64)
                jit_movsxd_rr(b, t, t);
        }
        finish(c, d->rd, t);
        return;
    }
    case OP_slti: set_cc(c, d, JIT_CC_L, true); return;
    case OP_sltiu: set_cc(c, d, JIT_CC_B, true); return;
    case OP_slt: set_cc(c, d, JIT_CC_L, false); return;
    case OP_sltu: set_cc(c, d, JIT_CC_B, false); return;
    case OP_slli: shift_ri(c, d, JIT_SHL, true); return;
    case OP_srli: shift_ri(c, d, JIT_SHR, true); return;
    case OP_srai: shift_ri(c, d, JIT_SAR, true); return;
    case OP_slliw: shift_ri(c, d, JIT_SHL, false); return;
    case OP_srliw: shift_ri(c, d, JIT_SHR, false); return;
    case OP_sraiw: shift_ri(c, d, JIT_SAR, false); return;
    case OP_sll: shift_rr(c, d, JIT_SHL, true); return;
    case OP_srl: shift_rr(c, d, JIT_SHR, true); return;
    case OP_sra: shift_rr(c, d, JIT_SAR, true); return;
    case OP_sllw: shift_rr(c, d, JIT_SHL, false); return;
    case OP_srlw: shift_rr(c, d, JIT_SHR, false); return;
    case OP_sraw: shift_rr(c, d, JIT_SAR, false); return;
    case OP_add: alu_rr(c, d, JIT_ADD, true); return;
    case OP_sub: alu_rr(c, d, JIT_SUB, true); return;
    case OP_xor: alu_rr(c, d, JIT_XOR, true); return;
    case OP_or: alu_rr(c, d, JIT_OR, true); return;
    case OP_and: alu_rr(c, d, JIT_AND, true); return;
    case OP_addw: alu_rr(c, d, JIT_ADD, false); return;
    case OP_subw: alu_rr(c, d, JIT_SUB, false); return;
    case OP_mul: case OP_mulw: {
        enum jit_reg m2 = src(c, d->rs2, RCX);
        move_into(c, RAX, d->rs1);
        jit_imul_rr(b, op == OP_mul, RAX, m2);
        if (op == OP_mulw)
            jit_movsxd_rr(b, RAX, RAX);
        finish(c, d->rd, RAX);
        return;
    }
    case OP_mulh: case OP_mulhu: {
        enum jit_reg m2 = src(c, d->rs2, RCX);
        move_into(c, RAX, d->rs1);
        jit_mul_wide(b, true, op == OP_mulh, m2);
        finish(c, d->rd, RDX);
        return;
    }
    default: {
        /* A C helper: pure, so the hart needs nothing but caller-saved
         * cached registers kept across the call. */
        jit_pure_fn fn = jit_pure_op(op);
        move_into(c, RDI, d->rs1);
        move_into(c, RSI, d->rs2);
        jit_mov_ri(b, true, RDX, (uint64_t)(int64_t)d->imm);
        writeback(c);
        jit_call_abs(b, (const void *)fn);
        reload(c, true);
        finish(c, d->rd, RAX);
        return;
    }
    }
}

/* Go to the block for the pc in rax (also in h->pc) without the run loop
 * when its lookup would find it at once: the fetch page is the target's
 * page or the fetch cache has a translation a walk would give again
 * (mmu_fetch_cached, inline), and the run loop's lookup cache has the
 * block (lookup() in jit.c, inline).  Otherwise the run loop. */
static void indirect_jump(struct block_ctx *c, bool runtime_set)
{
    struct jit_buf *b = c->b;
    const int32_t fc = HOFF(fetch_cache);
    size_t miss[12];
    unsigned nmiss = 0;
    _Static_assert(sizeof(struct fetch_cache_entry) == 48, "the index is scaled by 48 below");
    jit_mov_rr(b, true, RCX, RAX);
    jit_alu_ri(b, JIT_AND, true, RCX, -4096);
    jit_alu_ri(b, JIT_OR, true, RCX, 1);
    jit_alu_rm(b, JIT_CMP, true, RCX, RBP, HOFF(fetch_vpage));
    size_t have_page = jit_jcc_rel32(b, JIT_CC_E);
    /* rdx = &h->fetch_cache[(pc >> 12) % FETCH_CACHE_SIZE] - fc */
    jit_mov_rr(b, false, RDX, RAX);
    jit_shift_ri(b, JIT_SHR, false, RDX, 12);
    jit_alu_ri(b, JIT_AND, false, RDX, FETCH_CACHE_SIZE - 1);
    jit_mov_rr(b, false, RSI, RDX);
    jit_shift_ri(b, JIT_SHL, false, RDX, 5);
    jit_shift_ri(b, JIT_SHL, false, RSI, 4);
    jit_alu_rr(b, JIT_ADD, false, RDX, RSI);
    jit_alu_rr(b, JIT_ADD, true, RDX, RBP);
    jit_alu_ri(b, JIT_AND, true, RCX, -4096);
    jit_alu_rm(b, JIT_CMP, true, RCX, RDX, fc + (int32_t)offsetof(struct fetch_cache_entry, vpage));
    miss[nmiss++] = jit_jcc_rel32(b, JIT_CC_NE);
    jit_load(b, 8, false, RSI, RBP, HOFF(m));
    jit_load(b, 8, false, RSI, RSI, (int32_t)(offsetof(struct machine, bus) + offsetof(struct bus, fetch_gen)));
    jit_alu_rm(b, JIT_CMP, true, RSI, RDX, fc + (int32_t)offsetof(struct fetch_cache_entry, gen));
    miss[nmiss++] = jit_jcc_rel32(b, JIT_CC_NE);
    jit_load(b, 8, false, RSI, RBP, HOFF(satp));
    jit_alu_rm(b, JIT_CMP, true, RSI, RDX, fc + (int32_t)offsetof(struct fetch_cache_entry, satp));
    miss[nmiss++] = jit_jcc_rel32(b, JIT_CC_NE);
    _Static_assert(sizeof(enum priv) == 4, "priv is compared as 32 bits");
    jit_load(b, 4, false, RSI, RBP, HOFF(priv));
    jit_alu_rm(b, JIT_CMP, false, RSI, RDX, fc + (int32_t)offsetof(struct fetch_cache_entry, priv));
    miss[nmiss++] = jit_jcc_rel32(b, JIT_CC_NE);
    /* The fetch page is the cached translation's, as mmu_fetch_cached sets it. */
    jit_alu_ri(b, JIT_OR, true, RCX, 1);
    jit_store(b, 8, RBP, HOFF(fetch_vpage), RCX);
    jit_load(b, 8, false, RCX, RDX, fc + (int32_t)offsetof(struct fetch_cache_entry, slots));
    jit_store(b, 8, RBP, HOFF(fetch_slots), RCX);
    jit_load(b, 8, false, RCX, RDX, fc + (int32_t)offsetof(struct fetch_cache_entry, ppage));
    jit_store(b, 8, RBP, HOFF(fetch_ppage), RCX);
    jit_patch_rel32(b, have_page, b->len);
    /* rsi = the lookup cache slot's block */
    jit_load(b, 4, false, RDX, RBP, HOFF(hartid));
    jit_shift_ri(b, JIT_SHL, false, RDX, 15); /* JIT_JC_SIZE pointers of 8 bytes */
    jit_mov_ri(b, true, RSI, (uint64_t)(uintptr_t)c->src->jc);
    jit_alu_rr(b, JIT_ADD, true, RSI, RDX);
    jit_mov_rr(b, false, RCX, RAX);
    jit_shift_ri(b, JIT_SHR, false, RCX, 1);
    jit_alu_ri(b, JIT_AND, false, RCX, JIT_JC_SIZE - 1);
    jit_shift_ri(b, JIT_SHL, false, RCX, 3);
    jit_alu_rr(b, JIT_ADD, true, RSI, RCX);
    jit_load(b, 8, false, RSI, RSI, 0);
    jit_test_rr(b, true, RSI, RSI);
    miss[nmiss++] = jit_jcc_rel32(b, JIT_CC_E);
    jit_alu_rm(b, JIT_CMP, true, RAX, RSI, BOFF(vpc));
    miss[nmiss++] = jit_jcc_rel32(b, JIT_CC_NE);
    jit_load(b, 8, false, RCX, RBP, HOFF(fetch_slots));
    jit_alu_rm(b, JIT_CMP, true, RCX, RSI, BOFF(slots));
    miss[nmiss++] = jit_jcc_rel32(b, JIT_CC_NE);
    jit_load(b, 1, false, RCX, RSI, BOFF(set));
    if (runtime_set)
        jit_alu_rr(b, JIT_CMP, false, RCX, RDI); /* the set the trap left, in edi */
    else
        jit_alu_ri(b, JIT_CMP, false, RCX, (int32_t)c->src->set);
    miss[nmiss++] = jit_jcc_rel32(b, JIT_CC_NE);
    jit_load(b, 1, false, RCX, RSI, BOFF(ninsns));
    jit_load(b, 1, false, RDX, RSI, BOFF(dead));
    jit_test_rr(b, false, RCX, RCX);
    miss[nmiss++] = jit_jcc_rel32(b, JIT_CC_E);
    jit_test_rr(b, false, RDX, RDX);
    miss[nmiss++] = jit_jcc_rel32(b, JIT_CC_NE);
    jit_load(b, 4, false, RCX, RSI, BOFF(entry));
    jit_mov_ri(b, true, RSI, (uint64_t)(uintptr_t)c->src->code_base);
    jit_alu_rr(b, JIT_ADD, true, RCX, RSI);
    jit_jmp_r(b, RCX);
    for (unsigned k = 0; k < nmiss; k++)
        jit_patch_rel32(b, miss[k], b->len);
    jit_mov_ri(b, false, RAX, JIT_EXIT_LOOKUP);
    jit_jmp(b, c->epi_sync);
}

/* Compare for a branch and jump (a rel32 to patch, returned) when taken. */
static size_t branch_compare(struct block_ctx *c, const struct dinsn *d)
{
    enum jit_reg a = src(c, d->rs1, RAX);
    if (is_x0(d->rs2))
        jit_test_rr(c->b, true, a, a); /* as cmp a, 0 for every condition used */
    else
        apply(c, JIT_CMP, true, a, d->rs2);
    return jit_jcc_rel32(c->b, branch_cc(d->op));
}

/* A branch inside the block: taken, it leaves through a side exit that
 * counts the instructions up to it; not taken, the block goes on. */
static void emit_side_branch(struct block_ctx *c, const struct dinsn *d, uint64_t pc, unsigned i)
{
    size_t at = branch_compare(c, d);
    add_stub(c, STUB_SIDE, at, pc + (uint64_t)(int64_t)d->imm, i, NULL);
}

/* The instruction that ends the block: rbx is advanced past all n here. */
static void emit_last(struct block_ctx *c, const struct dinsn *d, uint64_t pc, unsigned n)
{
    struct jit_buf *b = c->b;
    uint64_t next = pc + d->len;
    if (is_branch(d->op) && c->self_loop) {
        /* A loop: taken, the next pass starts after the entry loads, its
         * registers still in host registers (STUB_LOOP checks the budget). */
        jit_alu_ri(b, JIT_ADD, true, RBX, (int32_t)n); /* before the compare: it sets flags */
        size_t at = branch_compare(c, d);
        add_stub(c, STUB_LOOP, at, pc, n, NULL);
        writeback(c);
        exit_to(c, next);
        return;
    }
    if (is_branch(d->op)) {
        writeback(c);
        jit_alu_ri(b, JIT_ADD, true, RBX, (int32_t)n); /* before the compare: it sets flags */
        size_t at = branch_compare(c, d);
        add_stub(c, STUB_EXIT, at, pc + (uint64_t)(int64_t)d->imm, 0, NULL);
        exit_to(c, next);
        return;
    }
    if (d->op == OP_jal) {
        if (!is_x0(d->rd)) {
            enum jit_reg t = dst(c, d->rd);
            jit_mov_ri(b, true, t, next);
            finish(c, d->rd, t);
            if (!c->self_loop)
                c->written |= writes(c, d);
        }
        jit_alu_ri(b, JIT_ADD, true, RBX, (int32_t)n);
        if (c->self_loop) {
            add_stub(c, STUB_LOOP, jit_jmp_rel32(b), pc, n, NULL);
            return;
        }
        writeback(c);
        exit_to(c, pc + (uint64_t)(int64_t)d->imm);
        return;
    }
    /* jalr: the target first (rd may be rs1). */
    enum jit_reg a = src(c, d->rs1, RAX);
    jit_lea(b, true, RAX, a, d->imm);
    jit_alu_ri(b, JIT_AND, true, RAX, -2);
    if (!is_x0(d->rd)) {
        enum jit_reg t = cached(c, d->rd) ? dst(c, d->rd) : RCX;
        jit_mov_ri(b, true, t, next);
        finish(c, d->rd, t);
        if (!c->self_loop)
            c->written |= writes(c, d);
    }
    writeback(c);
    jit_store(b, 8, RBP, PCOFF, RAX);
    jit_alu_ri(b, JIT_ADD, true, RBX, (int32_t)n);
    indirect_jump(c, false);
}

static void emit_stub(struct block_ctx *c, const struct stub *s)
{
    struct jit_buf *b = c->b;
    jit_patch_rel32(b, s->at, b->len);
    if (s->kind == STUB_LOOP) {
        jit_lea(b, true, RAX, RBX, (int32_t)s->index);
        jit_alu_rr(b, JIT_CMP, true, RAX, R12);
        size_t out = jit_jcc_rel32(b, JIT_CC_A);
        jit_jmp(b, c->body);
        jit_patch_rel32(b, out, b->len);
        writeback_mask(c, s->written);
        leave(b, c->src->vpc, JIT_EXIT_LOOKUP, c->epi_sync);
        return;
    }
    if (s->kind == STUB_SIDE) {
        writeback_mask(c, s->written);
        jit_alu_ri(b, JIT_ADD, true, RBX, (int32_t)s->index + 1);
        size_t at = jit_jmp_rel32(b);
        struct stub exit = {STUB_EXIT, at, 0, s->pc, 0, NULL, s->written};
        emit_stub(c, &exit);
        return;
    }
    if (s->kind == STUB_EXIT) {
        if (((s->pc ^ c->src->vpc) & ~0xfffull) == 0) { /* chained by the run loop */
            leave(b, s->pc, (uint32_t)(s->at << 2) | JIT_EXIT_CHAIN, c->epi_sync);
            return;
        }
        jit_mov_ri(b, true, RAX, s->pc); /* another page: through the fetch cache */
        jit_store(b, 8, RBP, PCOFF, RAX);
        indirect_jump(c, false);
        return;
    }
    /* A slow path: rsi holds the address.  The helper sees (and may leave
     * from) the hart as the interpreter would have it. */
    const struct dinsn *d = s->d;
    if (s->kind == STUB_STORE)
        move_into(c, RDX, d->rs2);
    sync_for_helper(c, s->written, s->pc, s->index);
    if (s->kind == STUB_LOAD) {
        jit_mov_ri(b, false, RDX, JIT_INFO(load_size(d->op), load_signed(d->op), d->rd, d->len));
        call_helper(c, (const void *)jit_helper_load); /* (it wrote rd to the hart) */
    } else {
        jit_mov_ri(b, false, RCX, JIT_INFO(store_size(d->op), 0, 0, d->len));
        call_helper(c, (const void *)jit_helper_store);
    }
    jit_jmp(b, s->resume);
}

void jit_x86_emit_block(struct jit_buf *b, uint32_t epi_sync, uint32_t epi_nosync,
                        const struct jit_source *src, struct jit_block *blk)
{
    struct block_ctx c = {.b = b, .src = src, .epi_sync = epi_sync, .epi_nosync = epi_nosync};
    unsigned n = src->n;
    allocate(&c);
    blk->entry = (uint32_t)b->len;
    /* The budget check; at least 5 bytes, so that a kill can overwrite it
     * with a jump (lea with disp8 + cmp: 7). */
    jit_lea(b, true, RAX, RBX, (int32_t)n);
    jit_alu_rr(b, JIT_CMP, true, RAX, R12);
    size_t budget = jit_jcc_rel32(b, JIT_CC_A);
    load_live_in(&c);
    c.body = b->len;
    uint64_t pc = src->vpc;
    for (unsigned i = 0; i < n; i++) {
        const struct dinsn *d = &src->insns[i];
        if (!jit_x86_supports(d)) { /* the translator makes it the last */
            if (d->op == OP_ecall || d->op == OP_ebreak || d->op == OP_mret || d->op == OP_sret)
                emit_trap_step(&c, pc, i);
            else
                emit_step(&c, pc, i);
            break;
        }
        if (i == n - 1 && (jit_x86_ends_block(d) || is_branch(d->op))) {
            emit_last(&c, d, pc, n);
            break;
        }
        if (is_branch(d->op))
            emit_side_branch(&c, d, pc, i);
        else
            emit_insn(&c, d, pc, i);
        if (!c.self_loop)
            c.written |= writes(&c, d);
        pc += d->len;
        if (i == n - 1) {
            writeback(&c);
            jit_alu_ri(b, JIT_ADD, true, RBX, (int32_t)n);
            exit_to(&c, pc);
        }
    }
    blk->exit_stub = (uint32_t)b->len;
    jit_patch_rel32(b, budget, b->len);
    leave(b, src->vpc, JIT_EXIT_LOOKUP, epi_sync);
    for (unsigned i = 0; i < c.nstubs; i++)
        emit_stub(&c, &c.stubs[i]);
    blk->code_len = (uint32_t)(b->len - blk->entry);
}

#endif
