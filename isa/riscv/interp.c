/* The interpreter: the reference engine.
 *
 * Instructions are decoded once into per-page slots (dcache.c) and executed
 * by one switch, one case per table entry.  Position is exact: every retired
 * instruction and every trap entry adds one to h->steps, and the loop never
 * runs past the budget.  Interrupts are evaluated only when something that
 * can change them happened (h->irq_check), which gives the same positions as
 * checking before every instruction.
 *
 * Sdtrig triggers cost nothing while none is armed: execute triggers are
 * checked at `top`, and while one is armed `fend` makes every instruction
 * go through `top`; load/store triggers are checked on the slow path only,
 * and mmu_access keeps the pages they may match out of the TLB.
 *
 * Debugger breakpoints are checked at `top` too, but cost nothing on the
 * instructions they are not at.  The fast paths reach an instruction only
 * through its decoded slot (labels[d->disp]), and a slot whose disp is 0
 * goes to `top`.  So `top` never gives a disp to a slot at the page offset
 * of a breakpoint (machine_breakpoint_slot), and machine_set_breakpoints
 * takes it back from those slots in every cached page: every execution of
 * code at such an offset goes through `top`, after the interrupt check as
 * ever, where the exact test (virtual pc, position) is made.  Offsets,
 * rather than pages: the slots belong to physical pages, shared by harts
 * and by every virtual mapping of the page, while a page offset is the
 * same in all of them; so remapping, satp writes and rewritten code need
 * nothing more.  The price is that code at the same offset of other pages
 * takes the detour too: one slot in 2048 per breakpoint. */
#include "isa/riscv/cpu.h"
#include "isa/riscv/alu.h"
#include "isa/riscv/fpu.h"

/* Fill the fetch cache for pc, or decode an uncachable instruction (boot
 * ROM, page-crossing, PMP-split page) into *tmp.  Returns the instruction,
 * or NULL with *cause / *tval set. */
static const struct dinsn *fetch_slow(struct hart *h, uint64_t pc, struct dinsn *tmp,
                                      uint64_t *cause, uint64_t *tval)
{
    uint64_t pa;
    uint8_t *host;
    struct machine *m = h->m;
    int e;
    bool cached = mmu_fetch_cached(h, pc); /* the translation a walk would make again */
    if (cached) {
        pa = h->fetch_ppage | (pc & 0xfff);
        host = m->bus.ram + (pa - m->bus.ram_base);
    } else if ((e = mmu_access(h, pc, 2, ACC_X, &pa, &host))) {
        *cause = (uint64_t)e;
        *tval = pc;
        return NULL;
    }
    if (host) {
        struct dinsn *slots = cached ? h->fetch_slots : dcache_page(m->dcache, pa & ~0xfffull);
        if (slots) {
            if (!cached) {
                h->fetch_vpage = (pc & ~0xfffull) | 1;
                h->fetch_slots = slots;
                h->fetch_ppage = pa & ~0xfffull;
                mmu_fetch_remember(h);
            }
            struct dinsn *d = &slots[(pc & 0xfff) >> 1];
            if (d->op != OP_UNDECODED)
                return d;
            uint16_t lo;
            memcpy(&lo, host, 2);
            if (insn_length(lo) == 2) {
                insn_decode16(lo, d);
                return d;
            }
            if ((pc & 0xfff) != 0xffe) {
                uint32_t w;
                memcpy(&w, host, 4);
                insn_decode32(w, d);
                return d;
            }
        }
    }
    /* Slow fetch through the bus, parcel by parcel. */
    uint64_t lo;
    if (bus_read(&m->bus, pa, 2, &lo)) {
        *cause = EXC_INSN_ACCESS;
        *tval = pc;
        return NULL;
    }
    if (insn_length((uint16_t)lo) == 2) {
        insn_decode16((uint16_t)lo, tmp);
        return tmp;
    }
    uint64_t pa2, hi;
    e = mmu_access(h, pc + 2, 2, ACC_X, &pa2, &host);
    if (e || bus_read(&m->bus, pa2, 2, &hi)) {
        *cause = e ? (uint64_t)e : EXC_INSN_ACCESS;
        *tval = pc + 2;
        return NULL;
    }
    insn_decode32((uint32_t)(lo | hi << 16), tmp);
    return tmp;
}

/* One AMO's arithmetic, on the sign-extended old value. */
static uint64_t amo_op(unsigned op, uint64_t old, uint64_t src, bool word)
{
    int64_t so = word ? sx32(old) : (int64_t)old, ss = word ? sx32(src) : (int64_t)src;
    uint64_t uo = word ? (uint32_t)old : old, us = word ? (uint32_t)src : src;
    switch (op) {
    case OP_amoswap_w: case OP_amoswap_d: return src;
    case OP_amoadd_w: case OP_amoadd_d: return old + src;
    case OP_amoxor_w: case OP_amoxor_d: return old ^ src;
    case OP_amoand_w: case OP_amoand_d: return old & src;
    case OP_amoor_w: case OP_amoor_d: return old | src;
    case OP_amomin_w: case OP_amomin_d: return so < ss ? old : src;
    case OP_amomax_w: case OP_amomax_d: return so > ss ? old : src;
    case OP_amominu_w: case OP_amominu_d: return uo < us ? old : src;
    default: return uo > us ? old : src; /* amomaxu */
    }
}

uint64_t interp_run(struct hart *h, uint64_t budget)
{
    struct machine *m = h->m;
    /* `start` is needed only on the way out: kept in memory, so that the
     * register allocator never trades `end` (compared every step) for it. */
    volatile uint64_t start = h->steps;
    const uint64_t end = start + budget;
    uint64_t fend = end;        /* where the fast paths stop chaining: `end`, or
                                 * the next step while an execute trigger is armed */
    uint64_t steps = start;     /* h->steps is written back before calls */
    uint64_t *const x = h->x;
    uint64_t pc = h->pc;
    uint64_t cause = 0, tval = 0;
    /* One-off decodes (uncached code) go to tmp[0]; tmp[1] and tmp[2]
     * stay zero (disp 0 = `top`), so RETIRE's d += ILEN / 2 falls back to
     * the full fetch instead of running off the end of a lone decode. */
    struct dinsn tmp[3];
    memset(tmp, 0, sizeof tmp);
    const struct dinsn *d;
    int e;
    unsigned rm;
    uint32_t fl;
    /* Hot state cached in locals; reloaded at `top` after anything that
     * can change privilege, translation or the fetch page. */
    uint64_t fvp = 0;
    const struct dinsn *slots = NULL;
    const struct tlb_entry *tlbr = NULL, *tlbw = NULL;

    /* Dispatch table: [op] for 4-byte instructions, [OP_COUNT + op] for
     * compressed ones (only ops with compressed forms have c_ handlers). */
    static const void *const labels[2 * OP_COUNT] = {
        [OP_UNDECODED] = &&top,
        [OP_ILLEGAL] = &&l_ILLEGAL,
#define INSN(name, match, mask, fmt) [OP_##name] = &&l_##name,
#include "isa/riscv/insns.def"
#undef INSN
        [OP_COUNT + OP_UNDECODED] = &&top,
        [OP_COUNT + OP_ILLEGAL] = &&l_ILLEGAL,
        [OP_COUNT + OP_ebreak] = &&l_ebreak,
#define C(name) [OP_COUNT + OP_##name] = &&c_##name,
        C(lui) C(jal) C(jalr) C(beq) C(bne) C(lw) C(ld) C(sw) C(sd) C(addi) C(andi)
        C(slli) C(srli) C(srai) C(add) C(sub) C(xor) C(or) C(and) C(addiw) C(addw)
        C(subw) C(fld) C(fsd)
#undef C
    };

#define RD x[d->rd]
#define RS1 x[d->rs1]
#define RS2 x[d->rs2]
#define IMM ((int64_t)d->imm)
/* Next instruction: straight to its handler while nothing but the budget
 * and the fetch page needs checking; otherwise through `top`. */
#define DISPATCH() do { \
        if (unlikely(steps >= fend || ((pc & ~0xfffull) | 1) != fvp)) goto top; \
        d = &slots[(pc & 0xfff) >> 1]; \
        goto *labels[d->disp]; } while (0)
#define ILEN 4 /* every instruction without a compressed form is 4 bytes */
/* Fall through to the next instruction: the slot is ILEN/2 further on,
 * unless pc just crossed into the next page. */
#define RETIRE() do { \
        pc += ILEN; steps++; \
        if (unlikely(steps >= fend || (pc & 0xfff) < ILEN)) goto top; \
        d += ILEN / 2; \
        goto *labels[d->disp]; } while (0)
/* Retire, then take the full path (interrupts, privilege may have changed). */
#define RETIRE_SLOW() do { pc += ILEN; steps++; goto top; } while (0)
/* A taken branch that stays in its page moves the slot pointer by the
 * offset; anything else goes through DISPATCH. */
#define BRANCH(cond) do { if (cond) { \
            uint64_t t_ = pc + (uint64_t)IMM; \
            steps++; \
            if (likely(((t_ ^ pc) & ~0xfffull) == 0 && steps < fend)) { \
                d += d->imm >> 1; /* even offsets: exact */ pc = t_; goto *labels[d->disp]; } \
            pc = t_; DISPATCH(); } \
        RETIRE(); } while (0)
#define EXC(c, t) do { cause = (c); tval = (t); goto exception; } while (0)
/* Sdtrig: a load (ACC_R) / store (ACC_W) trigger on `size` bytes at `a`
 * raises a breakpoint before the access (slow paths only: see mmu_access). */
#define TRIG_ACCESS(acc, bit, a, size) do { \
        if (unlikely(h->trig_armed & ((bit) | TRIG_ARM_DBGW))) { \
            if ((h->trig_armed & (bit)) && trig_check(h, (a), (size), (acc), &tval)) { \
                cause = EXC_BREAKPOINT; goto exception; } \
            /* A debugger watchpoint: stop before the access, as RISC-V \
             * triggers do (GDB steps over it itself). */ \
            if ((h->trig_armed & TRIG_ARM_DBGW) && \
                machine_watch_hit(m, (a), (size), (acc) == ACC_W, m->steps + (steps - m->run_hart_base))) \
                goto debug_stop; } } while (0)
#define ILLEGAL() EXC(EXC_ILLEGAL, d->raw)
/* Load `size` bytes at RS1+IMM into v_, then `use` it and retire: the TLB
 * fast path for aligned RAM accesses, the MMU's slow path otherwise. */
#define LOAD_THEN(size, use) do { uint64_t a_ = RS1 + (uint64_t)IMM, v_ = 0; \
        const struct tlb_entry *t_ = &tlbr[(a_ >> 12) & (TLB_SIZE - 1)]; \
        if (likely(t_->vpage == (a_ & (~0xfffull | (size - 1))))) { /* hit, aligned */ \
            memcpy(&v_, t_->host + (a_ & 0xfff), size); \
            use; RETIRE(); } \
        h->steps = steps; \
        TRIG_ACCESS(ACC_R, TRIG_ARM_R, a_, size); \
        if (unlikely((e = mmu_load_slow(h, a_, size, &v_)))) { EXC(e, a_); } \
        use; RETIRE_SLOW(); } while (0)
#define LOAD(type, size) LOAD_THEN(size, RD = (uint64_t)(int64_t)(type)v_)
/* Store the low `size` bytes of `value` at RS1+IMM and retire. */
#define STORE_VALUE(size, value) do { uint64_t a_ = RS1 + (uint64_t)IMM, v_ = (value); \
        const struct tlb_entry *t_ = &tlbw[(a_ >> 12) & (TLB_SIZE - 1)]; \
        if (likely(t_->vpage == (a_ & (~0xfffull | (size - 1))))) { /* hit, aligned */ \
            memcpy(t_->host + (a_ & 0xfff), &v_, size); \
            if (unlikely(*t_->flags & (BUS_PAGE_CODE | BUS_PAGE_PT))) \
                bus_note_store(&m->bus, t_->ppage + (a_ & 0xfff), size); \
            RETIRE(); } \
        h->steps = steps; \
        TRIG_ACCESS(ACC_W, TRIG_ARM_W, a_, size); \
        if (unlikely((e = mmu_store_slow(h, a_, size, v_)))) { EXC(e, a_); } \
        RETIRE_SLOW(); } while (0)
#define STORE(size) STORE_VALUE(size, RS2)
#define FP_ON() do { if (unlikely(!(h->mstatus & MSTATUS_FS))) ILLEGAL(); } while (0)
#define RM() do { rm = d->rm == 7 ? (h->fcsr >> 5) & 7 : d->rm; if (unlikely(rm > 4)) ILLEGAL(); } while (0)
#define F32(r) fpu_unbox32(h->f[r])
#define F64(r) (h->f[r])
#define FDIRTY() (h->mstatus |= MSTATUS_FS)
#define FSET32(v) do { h->f[d->rd] = fpu_box32(v); FDIRTY(); } while (0)
#define FSET64(v) do { h->f[d->rd] = (v); FDIRTY(); } while (0)
#define FFLAGS() do { if (fl) { h->fcsr |= fl; FDIRTY(); } } while (0)
/* FP op with rounding mode writing an f register. */
#define FOP_RM(w, expr) do { FP_ON(); RM(); fl = 0; uint##w##_t r_ = (expr); FSET##w(r_); FFLAGS(); RETIRE(); } while (0)
#define FOP(w, expr) do { FP_ON(); fl = 0; uint##w##_t r_ = (expr); FSET##w(r_); FFLAGS(); RETIRE(); } while (0)
#define FTOX_RM(expr) do { FP_ON(); RM(); fl = 0; uint64_t r_ = (uint64_t)(expr); RD = r_; FFLAGS(); RETIRE(); } while (0)
#define FTOX(expr) do { FP_ON(); fl = 0; uint64_t r_ = (uint64_t)(expr); RD = r_; FFLAGS(); RETIRE(); } while (0)

top:
    for (;;) {
        h->steps = steps;
        if (unlikely(h->irq_check)) {
            h->pc = pc;
            int r = hart_irq_boundary(h, steps < end);
            if (r < 0)
                break;
            if (r) {
                steps = h->steps;
                pc = h->pc;
                continue;
            }
        }
        if (unlikely(steps >= end))
            break;
        fend = end;
        bool bp_slot = false; /* keep this slot's disp 0 (see the top of the file) */
        if (unlikely(h->trig_armed & (TRIG_ARM_X | TRIG_ARM_DBG))) {
            if ((h->trig_armed & TRIG_ARM_DBG) && machine_breakpoint_near(m, pc)) {
                if (machine_breakpoint_hit(m, pc, m->steps + (steps - m->run_hart_base))) {
                    h->pc = pc;
                    break; /* a debugger breakpoint: stop before this instruction */
                }
                bp_slot = machine_breakpoint_slot(m, pc);
            }
            if (h->trig_armed & TRIG_ARM_X) {
                fend = steps + 1; /* every instruction comes back here */
                /* Before the fetch: an instruction address breakpoint has
                 * the highest priority of all exceptions. */
                if (trig_check(h, pc, 1, ACC_X, &tval)) {
                    cause = EXC_BREAKPOINT;
                    goto exception;
                }
            }
        }
        {
            unsigned set = tlb_set(hart_ldst_priv(h));
            tlbr = h->tlb[set][ACC_R];
            tlbw = h->tlb[set][ACC_W];
        }
        d = NULL;
        if (((pc & ~0xfffull) | 1) == h->fetch_vpage) {
            d = &h->fetch_slots[(pc & 0xfff) >> 1];
            if (d->op == OP_UNDECODED)
                d = NULL;
        }
        if (!d) {
            h->pc = pc;
            d = fetch_slow(h, pc, &tmp[0], &cause, &tval);
            if (!d)
                goto exception;
            /* A lone decode has no slots around it: a taken branch that
             * stays in the page must not move d off tmp[0] (BRANCH). */
            if (d == &tmp[0])
                fend = steps + 1;
        }
        fvp = h->fetch_vpage;
        slots = h->fetch_slots;
        {
            unsigned disp = d->op + (d->len == 2 ? OP_COUNT : 0);
            if (d->rd == 0 && insn_writes_xreg(d->op))
                ((struct dinsn *)d)->rd = 32; /* x0 stays zero with no store per step */
            if (unlikely(!labels[disp]))
                disp = OP_ILLEGAL; /* no compressed form decodes to this op */
            if (d != &tmp[0] && !bp_slot)
                ((struct dinsn *)d)->disp = (uint16_t)disp;
            goto *labels[disp];
        }
        {
        l_ILLEGAL:
            ILLEGAL();

        /* ---------------- RV64I */
#define L(name) l_##name
#include "isa/riscv/interp_rvc.inc"
#undef L
#undef ILEN
#define ILEN 2
#define L(name) c_##name
#include "isa/riscv/interp_rvc.inc"
#undef L
#undef ILEN
#define ILEN 4
        l_auipc: RD = pc + (uint64_t)IMM; RETIRE();
        l_blt: BRANCH((int64_t)RS1 < (int64_t)RS2);
        l_bge: BRANCH((int64_t)RS1 >= (int64_t)RS2);
        l_bltu: BRANCH(RS1 < RS2);
        l_bgeu: BRANCH(RS1 >= RS2);
        l_lb: LOAD(int8_t, 1);
        l_lh: LOAD(int16_t, 2);
        l_lbu: LOAD(uint8_t, 1);
        l_lhu: LOAD(uint16_t, 2);
        l_lwu: LOAD(uint32_t, 4);
        l_sb: STORE(1);
        l_sh: STORE(2);
        l_slti: RD = (int64_t)RS1 < IMM; RETIRE();
        l_sltiu: RD = RS1 < (uint64_t)IMM; RETIRE();
        l_xori: RD = RS1 ^ (uint64_t)IMM; RETIRE();
        l_ori: RD = RS1 | (uint64_t)IMM; RETIRE();
        l_sll: RD = RS1 << (RS2 & 63); RETIRE();
        l_slt: RD = (int64_t)RS1 < (int64_t)RS2; RETIRE();
        l_sltu: RD = RS1 < RS2; RETIRE();
        l_srl: RD = RS1 >> (RS2 & 63); RETIRE();
        l_sra: RD = (uint64_t)((int64_t)RS1 >> (RS2 & 63)); RETIRE();
        l_slliw: RD = (uint64_t)sx32((uint32_t)RS1 << d->imm); RETIRE();
        l_srliw: RD = (uint64_t)sx32((uint32_t)RS1 >> d->imm); RETIRE();
        l_sraiw: RD = (uint64_t)(int64_t)((int32_t)RS1 >> d->imm); RETIRE();
        l_sllw: RD = (uint64_t)sx32((uint32_t)RS1 << (RS2 & 31)); RETIRE();
        l_srlw: RD = (uint64_t)sx32((uint32_t)RS1 >> (RS2 & 31)); RETIRE();
        l_sraw: RD = (uint64_t)(int64_t)((int32_t)RS1 >> (RS2 & 31)); RETIRE();
        l_fence: RETIRE();
        l_fence_i: RETIRE(); /* stores already invalidate decoded code */
        l_ecall: EXC(EXC_ECALL_U + (h->priv == PRIV_M ? 3 : h->priv), 0);
        l_ebreak: EXC(EXC_BREAKPOINT, pc);

        /* ---------------- Zicsr */
        l_csrrw: l_csrrs: l_csrrc:
        l_csrrwi: l_csrrsi: l_csrrci: {
            uint64_t old;
            h->pc = pc;
            h->steps = steps;
            if (csr_execute(h, d->op, (unsigned)d->imm & 0xfff, d->rs1, RS1, d->rd == 0 || d->rd == 32, &old))
                ILLEGAL();
            RD = old;
            RETIRE_SLOW();
        }

        /* ---------------- privileged */
        l_mret: {
            if (h->priv != PRIV_M)
                ILLEGAL();
            uint64_t s = h->mstatus;
            enum priv np = (enum priv)((s >> MSTATUS_MPP_SHIFT) & 3);
            s = (s & ~MSTATUS_MIE) | ((s & MSTATUS_MPIE) ? MSTATUS_MIE : 0);
            s |= MSTATUS_MPIE;
            s &= ~MSTATUS_MPP;
            if (np != PRIV_M)
                s &= ~MSTATUS_MPRV;
            h->mstatus = s;
            hart_set_priv(h, np);
            pc = h->mepc;
            steps++;
            h->irq_check = true;
            goto top;
        }
        l_sret: {
            if (h->priv == PRIV_U || (h->priv == PRIV_S && (h->mstatus & MSTATUS_TSR)))
                ILLEGAL();
            uint64_t s = h->mstatus;
            enum priv np = (s & MSTATUS_SPP) ? PRIV_S : PRIV_U;
            s = (s & ~MSTATUS_SIE) | ((s & MSTATUS_SPIE) ? MSTATUS_SIE : 0);
            s |= MSTATUS_SPIE;
            s &= ~(MSTATUS_SPP | MSTATUS_MPRV);
            h->mstatus = s;
            hart_set_priv(h, np);
            pc = h->sepc;
            steps++;
            h->irq_check = true;
            goto top;
        }
        l_wfi:
            if (h->priv == PRIV_U || (h->priv == PRIV_S && (h->mstatus & MSTATUS_TW)))
                ILLEGAL();
            pc += d->len;
            steps++;
            h->pc = pc;
            h->steps = steps;
            if (!hart_wfi_wakes(h)) {
                h->wfi = true;
                goto out;
            }
            goto top;
        l_sfence_vma:
            if (h->priv == PRIV_U || (h->priv == PRIV_S && (h->mstatus & MSTATUS_TVM)))
                ILLEGAL();
            mmu_flush(h);
            RETIRE_SLOW();

        /* ---------------- Svinval */
        l_sinval_vma:
            /* The same checks as sfence.vma; the TLB has no ordering to
             * relax, so it is a full flush too. */
            if (h->priv == PRIV_U || (h->priv == PRIV_S && (h->mstatus & MSTATUS_TVM)))
                ILLEGAL();
            mmu_flush(h);
            RETIRE_SLOW();
        l_sfence_w_inval: l_sfence_inval_ir:
            /* Pure ordering: nothing to do here.  Illegal in U-mode; not
             * affected by TVM (privileged spec, Svinval). */
            if (h->priv == PRIV_U)
                ILLEGAL();
            RETIRE();

        /* ---------------- M */
        l_mul: RD = RS1 * RS2; RETIRE();
        l_mulh: RD = (uint64_t)(((__int128)(int64_t)RS1 * (__int128)(int64_t)RS2) >> 64); RETIRE();
        l_mulhsu: RD = (uint64_t)(((__int128)(int64_t)RS1 * (__int128)(unsigned __int128)RS2) >> 64); RETIRE();
        l_mulhu: RD = (uint64_t)(((unsigned __int128)RS1 * RS2) >> 64); RETIRE();
        l_div: RD = (uint64_t)div64((int64_t)RS1, (int64_t)RS2); RETIRE();
        l_divu: RD = RS2 ? RS1 / RS2 : ~0ull; RETIRE();
        l_rem: RD = (uint64_t)rem64((int64_t)RS1, (int64_t)RS2); RETIRE();
        l_remu: RD = RS2 ? RS1 % RS2 : RS1; RETIRE();
        l_mulw: RD = (uint64_t)sx32(RS1 * RS2); RETIRE();
        l_divw: RD = (uint64_t)(int64_t)div32((int32_t)RS1, (int32_t)RS2); RETIRE();
        l_divuw: RD = (uint64_t)sx32((uint32_t)RS2 ? (uint32_t)RS1 / (uint32_t)RS2 : ~0u); RETIRE();
        l_remw: RD = (uint64_t)(int64_t)rem32((int32_t)RS1, (int32_t)RS2); RETIRE();
        l_remuw: RD = (uint64_t)sx32((uint32_t)RS2 ? (uint32_t)RS1 % (uint32_t)RS2 : (uint32_t)RS1); RETIRE();

        /* ---------------- A */
        l_lr_w: l_lr_d: {
            unsigned sz = d->op == OP_lr_w ? 4 : 8;
            uint8_t *p;
            uint64_t pa, v = 0, a = RS1;
            TRIG_ACCESS(ACC_R, TRIG_ARM_R, a, sz);
            if ((e = mmu_atomic_addr(h, a, sz, true, &p, &pa)))
                EXC(e, a);
            memcpy(&v, p, sz);
            RD = sz == 4 ? (uint64_t)sx32(v) : v;
            h->resv_addr = pa;
            RETIRE();
        }
        l_sc_w: l_sc_d: {
            unsigned sz = d->op == OP_sc_w ? 4 : 8;
            uint8_t *p;
            uint64_t pa, a = RS1, v = RS2;
            TRIG_ACCESS(ACC_W, TRIG_ARM_W, a, sz);
            if ((e = mmu_atomic_addr(h, a, sz, false, &p, &pa)))
                EXC(e, a);
            if (h->resv_addr == pa) {
                memcpy(p, &v, sz);
                bus_note_store(&m->bus, pa, sz);
                RD = 0;
            } else {
                RD = 1;
            }
            h->resv_addr = ~0ull;
            RETIRE();
        }
        l_amoswap_w: l_amoadd_w: l_amoxor_w: l_amoand_w:
        l_amoor_w: l_amomin_w: l_amomax_w: l_amominu_w:
        l_amomaxu_w: l_amoswap_d: l_amoadd_d: l_amoxor_d:
        l_amoand_d: l_amoor_d: l_amomin_d: l_amomax_d:
        l_amominu_d: l_amomaxu_d: {
            bool word = d->op <= OP_amomaxu_w;
            unsigned sz = word ? 4 : 8;
            uint8_t *p;
            uint64_t pa, old = 0, a = RS1;
            TRIG_ACCESS(ACC_R, TRIG_ARM_R, a, sz); /* an AMO both loads and stores */
            TRIG_ACCESS(ACC_W, TRIG_ARM_W, a, sz);
            if ((e = mmu_atomic_addr(h, a, sz, false, &p, &pa)))
                EXC(e, a);
            memcpy(&old, p, sz);
            uint64_t nv = amo_op(d->op, old, RS2, word);
            memcpy(p, &nv, sz);
            bus_note_store(&m->bus, pa, sz);
            RD = word ? (uint64_t)sx32(old) : old;
            RETIRE();
        }

        /* ---------------- F */
        l_flw: FP_ON(); LOAD_THEN(4, FSET32((uint32_t)v_));
        l_fsw: FP_ON(); STORE_VALUE(4, (uint32_t)h->f[d->rs2]);
        l_fmadd_s: l_fmsub_s: l_fnmsub_s: l_fnmadd_s:
            FOP_RM(32, f32_fma(F32(d->rs1), F32(d->rs2), F32(d->rs3), d->op - OP_fmadd_s, rm, &fl));
        l_fadd_s: FOP_RM(32, f32_add(F32(d->rs1), F32(d->rs2), rm, &fl));
        l_fsub_s: FOP_RM(32, f32_sub(F32(d->rs1), F32(d->rs2), rm, &fl));
        l_fmul_s: FOP_RM(32, f32_mul(F32(d->rs1), F32(d->rs2), rm, &fl));
        l_fdiv_s: FOP_RM(32, f32_div(F32(d->rs1), F32(d->rs2), rm, &fl));
        l_fsqrt_s: FOP_RM(32, f32_sqrt(F32(d->rs1), rm, &fl));
        l_fsgnj_s: FOP(32, (F32(d->rs1) & 0x7fffffffu) | (F32(d->rs2) & 0x80000000u));
        l_fsgnjn_s: FOP(32, (F32(d->rs1) & 0x7fffffffu) | (~F32(d->rs2) & 0x80000000u));
        l_fsgnjx_s: FOP(32, F32(d->rs1) ^ (F32(d->rs2) & 0x80000000u));
        l_fmin_s: FOP(32, f32_min(F32(d->rs1), F32(d->rs2), &fl));
        l_fmax_s: FOP(32, f32_max(F32(d->rs1), F32(d->rs2), &fl));
        l_fcvt_w_s: FTOX_RM(f32_to_i32(F32(d->rs1), rm, &fl));
        l_fcvt_wu_s: FTOX_RM(f32_to_u32(F32(d->rs1), rm, &fl));
        l_fcvt_l_s: FTOX_RM(f32_to_i64(F32(d->rs1), rm, &fl));
        l_fcvt_lu_s: FTOX_RM(f32_to_u64(F32(d->rs1), rm, &fl));
        l_fmv_x_w: FP_ON(); RD = (uint64_t)sx32(h->f[d->rs1]); RETIRE();
        l_fclass_s: FTOX(f32_classify(F32(d->rs1)));
        l_feq_s: FTOX(f32_eq(F32(d->rs1), F32(d->rs2), &fl));
        l_flt_s: FTOX(f32_lt(F32(d->rs1), F32(d->rs2), &fl));
        l_fle_s: FTOX(f32_le(F32(d->rs1), F32(d->rs2), &fl));
        l_fcvt_s_w: FOP_RM(32, f32_from_i32((int32_t)RS1, rm, &fl));
        l_fcvt_s_wu: FOP_RM(32, f32_from_u32((uint32_t)RS1, rm, &fl));
        l_fcvt_s_l: FOP_RM(32, f32_from_i64((int64_t)RS1, rm, &fl));
        l_fcvt_s_lu: FOP_RM(32, f32_from_u64(RS1, rm, &fl));
        l_fmv_w_x: FP_ON(); FSET32((uint32_t)RS1); RETIRE();

        /* ---------------- D */
        l_fmadd_d: l_fmsub_d: l_fnmsub_d: l_fnmadd_d:
            FOP_RM(64, f64_fma(F64(d->rs1), F64(d->rs2), F64(d->rs3), d->op - OP_fmadd_d, rm, &fl));
        l_fadd_d: FOP_RM(64, f64_add(F64(d->rs1), F64(d->rs2), rm, &fl));
        l_fsub_d: FOP_RM(64, f64_sub(F64(d->rs1), F64(d->rs2), rm, &fl));
        l_fmul_d: FOP_RM(64, f64_mul(F64(d->rs1), F64(d->rs2), rm, &fl));
        l_fdiv_d: FOP_RM(64, f64_div(F64(d->rs1), F64(d->rs2), rm, &fl));
        l_fsqrt_d: FOP_RM(64, f64_sqrt(F64(d->rs1), rm, &fl));
        l_fsgnj_d: FOP(64, (F64(d->rs1) & ~(1ull << 63)) | (F64(d->rs2) & (1ull << 63)));
        l_fsgnjn_d: FOP(64, (F64(d->rs1) & ~(1ull << 63)) | (~F64(d->rs2) & (1ull << 63)));
        l_fsgnjx_d: FOP(64, F64(d->rs1) ^ (F64(d->rs2) & (1ull << 63)));
        l_fmin_d: FOP(64, f64_min(F64(d->rs1), F64(d->rs2), &fl));
        l_fmax_d: FOP(64, f64_max(F64(d->rs1), F64(d->rs2), &fl));
        l_fcvt_s_d: FOP_RM(32, f64_to_f32(F64(d->rs1), rm, &fl));
        l_fcvt_d_s: FOP_RM(64, f32_to_f64(F32(d->rs1), &fl));
        l_feq_d: FTOX(f64_eq(F64(d->rs1), F64(d->rs2), &fl));
        l_flt_d: FTOX(f64_lt(F64(d->rs1), F64(d->rs2), &fl));
        l_fle_d: FTOX(f64_le(F64(d->rs1), F64(d->rs2), &fl));
        l_fclass_d: FTOX(f64_classify(F64(d->rs1)));
        l_fcvt_w_d: FTOX_RM(f64_to_i32(F64(d->rs1), rm, &fl));
        l_fcvt_wu_d: FTOX_RM(f64_to_u32(F64(d->rs1), rm, &fl));
        l_fcvt_l_d: FTOX_RM(f64_to_i64(F64(d->rs1), rm, &fl));
        l_fcvt_lu_d: FTOX_RM(f64_to_u64(F64(d->rs1), rm, &fl));
        l_fmv_x_d: FP_ON(); RD = h->f[d->rs1]; RETIRE();
        l_fcvt_d_w: FOP_RM(64, f64_from_i32((int32_t)RS1, rm, &fl));
        l_fcvt_d_wu: FOP_RM(64, f64_from_u32((uint32_t)RS1, rm, &fl));
        l_fcvt_d_l: FOP_RM(64, f64_from_i64((int64_t)RS1, rm, &fl));
        l_fcvt_d_lu: FOP_RM(64, f64_from_u64(RS1, rm, &fl));
        l_fmv_d_x: FP_ON(); FSET64(RS1); RETIRE();

        /* ---------------- Zfhmin, Zfh: halves are NaN-boxed in the f registers;
         * fmv.x.h, fsh and fmv.h.x move raw bits, everything else unboxes. */
#define F16(r) fpu_unbox16(h->f[r])
#define FSET16(v) do { h->f[d->rd] = fpu_box16(v); FDIRTY(); } while (0)
        l_flh: FP_ON(); LOAD_THEN(2, FSET16((uint16_t)v_));
        l_fsh: FP_ON(); STORE_VALUE(2, (uint16_t)h->f[d->rs2]);
        l_fmv_x_h: FP_ON(); RD = (uint64_t)(int64_t)(int16_t)(uint16_t)h->f[d->rs1]; RETIRE();
        l_fmv_h_x: FP_ON(); FSET16((uint16_t)RS1); RETIRE();
        l_fcvt_s_h: FOP_RM(32, f16_to_f32(F16(d->rs1), &fl));
        l_fcvt_h_s: FOP_RM(16, f32_to_f16(F32(d->rs1), rm, &fl));
        l_fcvt_d_h: FOP_RM(64, f16_to_f64(F16(d->rs1), &fl));
        l_fcvt_h_d: FOP_RM(16, f64_to_f16(F64(d->rs1), rm, &fl));
        l_fmadd_h: l_fmsub_h: l_fnmsub_h: l_fnmadd_h:
            FOP_RM(16, f16_fma(F16(d->rs1), F16(d->rs2), F16(d->rs3), d->op - OP_fmadd_h, rm, &fl));
        l_fadd_h: FOP_RM(16, f16_add(F16(d->rs1), F16(d->rs2), rm, &fl));
        l_fsub_h: FOP_RM(16, f16_sub(F16(d->rs1), F16(d->rs2), rm, &fl));
        l_fmul_h: FOP_RM(16, f16_mul(F16(d->rs1), F16(d->rs2), rm, &fl));
        l_fdiv_h: FOP_RM(16, f16_div(F16(d->rs1), F16(d->rs2), rm, &fl));
        l_fsqrt_h: FOP_RM(16, f16_sqrt(F16(d->rs1), rm, &fl));
        l_fsgnj_h: FOP(16, (uint16_t)((F16(d->rs1) & 0x7fffu) | (F16(d->rs2) & 0x8000u)));
        l_fsgnjn_h: FOP(16, (uint16_t)((F16(d->rs1) & 0x7fffu) | (~F16(d->rs2) & 0x8000u)));
        l_fsgnjx_h: FOP(16, (uint16_t)(F16(d->rs1) ^ (F16(d->rs2) & 0x8000u)));
        l_fmin_h: FOP(16, f16_min(F16(d->rs1), F16(d->rs2), &fl));
        l_fmax_h: FOP(16, f16_max(F16(d->rs1), F16(d->rs2), &fl));
        l_feq_h: FTOX(f16_eq(F16(d->rs1), F16(d->rs2), &fl));
        l_flt_h: FTOX(f16_lt(F16(d->rs1), F16(d->rs2), &fl));
        l_fle_h: FTOX(f16_le(F16(d->rs1), F16(d->rs2), &fl));
        l_fclass_h: FTOX(f16_classify(F16(d->rs1)));
        l_fcvt_w_h: FTOX_RM(f16_to_i32(F16(d->rs1), rm, &fl));
        l_fcvt_wu_h: FTOX_RM(f16_to_u32(F16(d->rs1), rm, &fl));
        l_fcvt_l_h: FTOX_RM(f16_to_i64(F16(d->rs1), rm, &fl));
        l_fcvt_lu_h: FTOX_RM(f16_to_u64(F16(d->rs1), rm, &fl));
        l_fcvt_h_w: FOP_RM(16, f16_from_i32((int32_t)RS1, rm, &fl));
        l_fcvt_h_wu: FOP_RM(16, f16_from_u32((uint32_t)RS1, rm, &fl));
        l_fcvt_h_l: FOP_RM(16, f16_from_i64((int64_t)RS1, rm, &fl));
        l_fcvt_h_lu: FOP_RM(16, f16_from_u64(RS1, rm, &fl));
#undef F16
#undef FSET16

        /* ---------------- Zba, Zbb, Zbc, Zbs, Zicond, Zicbo*, Zihintpause */
        l_add_uw: RD = (uint64_t)(uint32_t)RS1 + RS2; RETIRE();
        l_sh1add: RD = (RS1 << 1) + RS2; RETIRE();
        l_sh2add: RD = (RS1 << 2) + RS2; RETIRE();
        l_sh3add: RD = (RS1 << 3) + RS2; RETIRE();
        l_sh1add_uw: RD = ((uint64_t)(uint32_t)RS1 << 1) + RS2; RETIRE();
        l_sh2add_uw: RD = ((uint64_t)(uint32_t)RS1 << 2) + RS2; RETIRE();
        l_sh3add_uw: RD = ((uint64_t)(uint32_t)RS1 << 3) + RS2; RETIRE();
        l_slli_uw: RD = (uint64_t)(uint32_t)RS1 << d->imm; RETIRE();
        l_andn: RD = RS1 & ~RS2; RETIRE();
        l_orn: RD = RS1 | ~RS2; RETIRE();
        l_xnor: RD = ~(RS1 ^ RS2); RETIRE();
        l_clz: RD = RS1 ? (uint64_t)__builtin_clzll(RS1) : 64; RETIRE();
        l_ctz: RD = RS1 ? (uint64_t)__builtin_ctzll(RS1) : 64; RETIRE();
        l_cpop: RD = (uint64_t)__builtin_popcountll(RS1); RETIRE();
        l_clzw: RD = (uint32_t)RS1 ? (uint64_t)__builtin_clz((uint32_t)RS1) : 32; RETIRE();
        l_ctzw: RD = (uint32_t)RS1 ? (uint64_t)__builtin_ctz((uint32_t)RS1) : 32; RETIRE();
        l_cpopw: RD = (uint64_t)__builtin_popcount((uint32_t)RS1); RETIRE();
        l_max: RD = (int64_t)RS1 > (int64_t)RS2 ? RS1 : RS2; RETIRE();
        l_maxu: RD = RS1 > RS2 ? RS1 : RS2; RETIRE();
        l_min: RD = (int64_t)RS1 < (int64_t)RS2 ? RS1 : RS2; RETIRE();
        l_minu: RD = RS1 < RS2 ? RS1 : RS2; RETIRE();
        l_sext_b: RD = (uint64_t)(int64_t)(int8_t)RS1; RETIRE();
        l_sext_h: RD = (uint64_t)(int64_t)(int16_t)RS1; RETIRE();
        l_zext_h: RD = (uint16_t)RS1; RETIRE();
        l_rol: RD = rotl64(RS1, RS2 & 63); RETIRE();
        l_ror: RD = rotl64(RS1, (64 - (RS2 & 63)) & 63); RETIRE();
        l_rori: RD = rotl64(RS1, (64 - (unsigned)d->imm) & 63); RETIRE();
        l_rolw: RD = (uint64_t)sx32(rotl32((uint32_t)RS1, RS2 & 31)); RETIRE();
        l_rorw: RD = (uint64_t)sx32(rotl32((uint32_t)RS1, (32 - (RS2 & 31)) & 31)); RETIRE();
        l_roriw: RD = (uint64_t)sx32(rotl32((uint32_t)RS1, (32 - (unsigned)d->imm) & 31)); RETIRE();
        l_orc_b: RD = orc_b(RS1); RETIRE();
        l_rev8: RD = __builtin_bswap64(RS1); RETIRE();
        l_clmul: RD = clmul_part(RS1, RS2, 0); RETIRE();
        l_clmulh: RD = clmul_part(RS1, RS2, 64); RETIRE();
        l_clmulr: RD = clmul_part(RS1, RS2, 63); RETIRE();
        l_bclr: RD = RS1 & ~(1ull << (RS2 & 63)); RETIRE();
        l_bclri: RD = RS1 & ~(1ull << d->imm); RETIRE();
        l_bext: RD = (RS1 >> (RS2 & 63)) & 1; RETIRE();
        l_bexti: RD = (RS1 >> d->imm) & 1; RETIRE();
        l_binv: RD = RS1 ^ (1ull << (RS2 & 63)); RETIRE();
        l_binvi: RD = RS1 ^ (1ull << d->imm); RETIRE();
        l_bset: RD = RS1 | (1ull << (RS2 & 63)); RETIRE();
        l_bseti: RD = RS1 | (1ull << d->imm); RETIRE();
        l_czero_eqz: RD = RS2 ? RS1 : 0; RETIRE();
        l_czero_nez: RD = RS2 ? 0 : RS1; RETIRE();
        l_cbo_clean: l_cbo_flush: l_cbo_inval: l_cbo_zero: {
            uint64_t a = RS1;
            h->steps = steps;
            if ((e = cmo_exec(h, d->op, a)))
                EXC(e, e == EXC_ILLEGAL ? d->raw : a);
            RETIRE_SLOW(); /* cbo.zero may have changed a device or this code */
        }
        l_prefetch_i: l_prefetch_r: l_prefetch_w: RETIRE(); /* hints: never trap */
        l_pause: RETIRE();
        }
        ILLEGAL();

exception:
        h->pc = pc;
        h->steps = steps;
        hart_trap(h, cause, tval);
        h->ntraps++;
        steps++;
        pc = h->pc;
    }
out:
debug_stop: /* before the instruction at pc: it has not retired */
    h->pc = pc;
    h->steps = steps;
    return steps - start;
}
