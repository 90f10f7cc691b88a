/* The architectural state of one RISC-V hart, plus the caches that make the
 * interpreter fast (software TLB, current decoded page). */
#ifndef REWIND_ISA_RISCV_HART_H
#define REWIND_ISA_RISCV_HART_H

#include <stdbool.h>
#include <stdint.h>

struct machine;
struct dinsn;

enum priv { PRIV_U = 0, PRIV_S = 1, PRIV_M = 3 };

#define TLB_SIZE 256
#define TLB_INVALID (~0ull)
struct tlb_entry {
    uint64_t vpage;    /* virtual address of the page; TLB_INVALID when empty.  The low
                        * bits are zero, so an aligned access's address masked with
                        * ~0xfff | (size-1) equals it: one compare checks both. */
    uint8_t *host;     /* host pointer to the page (RAM only) */
    uint64_t ppage;    /* physical address of the page */
    const uint8_t *flags; /* the page's bus flags: stores check BUS_PAGE_CODE */
};

#define PMP_COUNT 16
#define FETCH_CACHE_SIZE 64

/* Sdtrig triggers (trigger.c): as many as QEMU 7.2 has. */
#define TRIG_COUNT 2
#define TRIG_ARM_X 1    /* some trigger is enabled for execute */
#define TRIG_ARM_R 2    /* ... for loads */
#define TRIG_ARM_W 4    /* ... for stores */
#define TRIG_ARM_DBG 8  /* a debugger breakpoint is set (machine_set_breakpoints) */
#define TRIG_ARM_DBGW 16 /* a debugger watchpoint is set (machine_set_watchpoints) */

struct hart {
    /* --- architectural state --- */
    uint64_t x[33];         /* x[32] is a sink: the interpreter points writes to x0 there */
    uint64_t f[32];
    uint64_t pc;
    unsigned hartid;
    enum priv priv;

    /* CSRs */
    uint64_t mstatus;       /* sstatus is a view of it */
    uint64_t misa;
    uint64_t medeleg, mideleg;
    uint64_t mie, mip;      /* mip: the software-writable bits */
    uint64_t mip_lines;     /* mip bits driven by devices (MEIP, SEIP, MTIP, MSIP) */
    uint64_t mtvec, stvec;
    uint64_t mepc, sepc;
    uint64_t mcause, scause;
    uint64_t mtval, stval;
    uint64_t mscratch, sscratch;
    uint32_t mcounteren, scounteren, mcountinhibit;
    uint64_t menvcfg, senvcfg;
    uint64_t satp;
    uint64_t stimecmp;
    uint32_t fcsr;          /* frm << 5 | fflags */
    uint8_t pmpcfg[PMP_COUNT];
    uint64_t pmpaddr[PMP_COUNT];
    uint64_t ntraps;        /* trap entries taken: instret = steps - ntraps */
    uint64_t mcycle_off, minstret_off; /* set by CSR writes */
    /* Sdtrig */
    uint64_t tselect;
    uint64_t tdata1[TRIG_COUNT], tdata2[TRIG_COUNT];

    /* LR/SC */
    uint64_t resv_addr;     /* physical, or ~0 when no reservation */

    bool wfi;               /* waiting for an interrupt */

    /* --- bookkeeping, not architectural --- */
    uint64_t steps;         /* steps this hart has taken (insns + traps) */
    struct machine *m;
    /* Software TLBs, one set per effective privilege (U, S, M) and access
     * kind (read, write, fetch), so privilege changes need no flush.  Flushed
     * on satp, sfence.vma, SUM/MXR and PMP changes. */
    struct tlb_entry tlb[3][3][TLB_SIZE];
    bool pmp_active;        /* some PMP entry is configured */
    /* Fetch cache: the decoded page the pc is in. */
    uint64_t fetch_vpage;   /* virtual page base | 1 when valid */
    struct dinsn *fetch_slots;
    uint64_t fetch_ppage;   /* the physical page of fetch_slots */
    /* Fetch translations already made (mmu_fetch_cached): valid while the
     * bus's fetch_gen, satp and the privilege are what they were, so a
     * walk now would give the same page and write nothing. */
    struct fetch_cache_entry {
        uint64_t vpage, satp, gen, ppage;
        struct dinsn *slots;
        unsigned priv;
    } fetch_cache[FETCH_CACHE_SIZE];
    bool irq_check;         /* re-evaluate interrupts before the next step */
    uint8_t trig_armed;     /* TRIG_ARM_*: kinds with an enabled trigger (from tdata1) */
};

#endif
