/*
 * Zicbom / Zicboz: cbo.clean, cbo.flush, cbo.inval, cbo.zero (64-byte
 * blocks), as the CMO 1.0.1 specification defines them:
 *  - cbo.zero zeroes exactly the aligned block that holds rs1 (RAM, code
 *    that was executed before, a device); clean / flush / inval leave
 *    memory as it is (rewind has no caches)
 *  - enables: always in M; in S the menvcfg bit; in U also the senvcfg
 *    bit (CBIE for inval, 01 = flush, 11 = inval; CBCFE for clean and
 *    flush; CBZE for zero), otherwise illegal instruction with tval = bits
 *  - the enables follow the real privilege, translation the effective one
 *    (MPRV)
 *  - faults are store page / store access faults with tval = rs1 (not the
 *    block start); cbo.zero needs write permission, the management
 *    operations read or write permission (a read-only page or PMP region
 *    is enough)
 * Not checked (unspecified): management operations on execute-only pages.
 * QEMU 7.2 has no Zicbom / Zicboz: `make check-isa-qemu` skips this test.
 */
#include "test.h"
#include "vm.h"

#define CBIE_FLUSH (1 << 4)
#define CBIE_INVAL (3 << 4)
#define CBCFE      (1 << 6)
#define CBZE       (1 << 7)
#define CBO_ALL    (CBIE_INVAL | CBCFE | CBZE)
#define PAT        0xa5a5a5a5a5a5a5a5
#define NOWHERE    0x1000000000     /* 64 GiB: no RAM, no device */

/* Fill the three blocks at buf with PAT. */
.macro FILL_BUF
        la a0, buf
        li a1, PAT
        li a2, 24
9901:   sd a1, 0(a0)
        addi a0, a0, 8
        addi a2, a2, -1
        bnez a2, 9901b
.endm
/* The middle block of buf is zero, the bytes on either side are not. */
.macro CHECK_ZEROED
        la a3, buf + 64
        li a0, 0
        li a4, 8
9902:   ld a5, 0(a3)
        or a0, a0, a5
        addi a3, a3, 8
        addi a4, a4, -1
        bnez a4, 9902b
        CHECK a0, 0
        la a3, buf
        ld a0, 56(a3)
        CHECK a0, PAT
        ld a0, 128(a3)
        CHECK a0, PAT
.endm
/* All of buf still holds PAT. */
.macro CHECK_INTACT
        la a3, buf
        li a0, -1
        li a1, 0
        li a4, 24
9903:   ld a5, 0(a3)
        and a0, a0, a5
        or a1, a1, a5
        addi a3, a3, 8
        addi a4, a4, -1
        bnez a4, 9903b
        CHECK a0, PAT
        CHECK a1, PAT
.endm
/* CHECK_MTRAP for a tval that is a link-time address \sym + \off. */
.macro CHECK_MTRAP_AT cause, sym, off
        CHECK_MCAUSE \cause
        CHECK_MEPC_X
        LOAD_TI a0, trapinfo, TI_TVAL
        la a2, \sym + \off
        CHECKR a0, a2
.endm
/* From M: run the code up to the next BACK_TO_M in \mode. */
.macro IN_MODE mode
        .if \mode == PRV_U
        MRET_TO PRV_U, 9904f
        .else
        MRET_TO PRV_S, 9904f
        .endif
9904:
.endm

TEST_BEGIN
        csrw menvcfg, zero
        csrw senvcfg, zero

        /* ---- M-mode: always enabled */
TEST 1
        FILL_BUF
        la a1, buf + 64 + 0x25
        cbo.zero (a1)
        CHECK_ZEROED
TEST 2
        /* rs1 at the first and the last byte of the block */
        FILL_BUF
        la a1, buf + 64
        cbo.zero (a1)
        CHECK_ZEROED
        FILL_BUF
        la a1, buf + 127
        cbo.zero (a1)
        CHECK_ZEROED
TEST 3
        FILL_BUF
        la a1, buf + 64 + 8
        cbo.clean (a1)
        cbo.flush (a1)
        cbo.inval (a1)
        CHECK_INTACT
TEST 4
        /* a device: CLINT mtimecmp of hart 0 shares a block with the others */
        li a1, CLINT_MTIMECMP
        li a0, 0x123456789
        sd a0, 0(a1)
        addi a2, a1, 0x18
        cbo.zero (a2)
        ld a0, 0(a1)
        CHECK a0, 0
        li a0, -1
        sd a0, 0(a1)
TEST 5
        /* nothing at the physical address: store access fault, tval = rs1 */
        li a1, NOWHERE + 0x48
        TRAP_M cbo.zero 0(a1)
        CHECK_MTRAP CAUSE_STORE_ACCESS, NOWHERE + 0x48
TEST 6
        li a1, NOWHERE + 0x7
        TRAP_M cbo.clean 0(a1)
        CHECK_MTRAP CAUSE_STORE_ACCESS, NOWHERE + 0x7
        TRAP_M cbo.inval 0(a1)
        CHECK_MTRAP CAUSE_STORE_ACCESS, NOWHERE + 0x7
TEST 7
        /* zeroing code that ran before: the next call must see the zeros
         * (0x0000 is an illegal instruction, tval 0) */
        li a0, 0
        call zfn
        CHECK a0, 1
        la a1, zfn + 8
        cbo.zero (a1)
        fence.i
        EXPECT_M 1f
        call zfn
        j fail
1:      CHECK_MCAUSE CAUSE_ILLEGAL
        CHECK_MEPC zfn
        CHECK_MTVAL 0

        /* ---- S-mode, menvcfg = 0: all illegal */
        la a1, buf + 64
        IN_MODE PRV_S
TEST 8
        TRAP_M_IN PRV_S, cbo.zero 0(a1)
        CHECK_MILLEGAL
TEST 9
        TRAP_M_IN PRV_S, cbo.clean 0(a1)
        CHECK_MILLEGAL
TEST 10
        TRAP_M_IN PRV_S, cbo.flush 0(a1)
        CHECK_MILLEGAL
TEST 11
        TRAP_M_IN PRV_S, cbo.inval 0(a1)
        CHECK_MILLEGAL
        BACK_TO_M

        /* ---- menvcfg enables S; senvcfg = 0 keeps U out */
TEST 12
        li a0, CBZE | CBCFE | CBIE_FLUSH
        csrw menvcfg, a0
        FILL_BUF
        la a1, buf + 64 + 0x30
        IN_MODE PRV_S
        cbo.clean (a1)
        cbo.flush (a1)
        cbo.inval (a1)                  /* CBIE = 01: a flush */
        BACK_TO_M
        CHECK_INTACT
        la a1, buf + 64 + 0x30
        IN_MODE PRV_S
        cbo.zero (a1)
        BACK_TO_M
        CHECK_ZEROED
TEST 13
        la a1, buf + 64
        IN_MODE PRV_U
        TRAP_M_IN PRV_U, cbo.zero 0(a1)
        CHECK_MILLEGAL
        TRAP_M_IN PRV_U, cbo.clean 0(a1)
        CHECK_MILLEGAL
        TRAP_M_IN PRV_U, cbo.flush 0(a1)
        CHECK_MILLEGAL
        TRAP_M_IN PRV_U, cbo.inval 0(a1)
        CHECK_MILLEGAL
        BACK_TO_M

        /* ---- senvcfg: one enable at a time for U */
TEST 14
        li a0, CBZE
        csrw senvcfg, a0
        FILL_BUF
        la a1, buf + 64 + 0x3f
        IN_MODE PRV_U
        cbo.zero (a1)
        TRAP_M_IN PRV_U, cbo.clean 0(a1)
        CHECK_MILLEGAL
        TRAP_M_IN PRV_U, cbo.inval 0(a1)
        CHECK_MILLEGAL
        BACK_TO_M
        CHECK_ZEROED
TEST 15
        li a0, CBCFE | CBIE_INVAL
        csrw senvcfg, a0
        FILL_BUF
        la a1, buf + 64
        IN_MODE PRV_U
        cbo.clean (a1)
        cbo.flush (a1)
        cbo.inval (a1)                  /* menvcfg 01, senvcfg 11: a flush */
        TRAP_M_IN PRV_U, cbo.zero 0(a1)
        CHECK_MILLEGAL
        BACK_TO_M
        CHECK_INTACT
TEST 16
        /* the M bit is needed for U too */
        li a0, CBZE
        csrw menvcfg, a0
        li a0, CBO_ALL
        csrw senvcfg, a0
        la a1, buf + 64
        IN_MODE PRV_U
        TRAP_M_IN PRV_U, cbo.clean 0(a1)
        CHECK_MILLEGAL
        TRAP_M_IN PRV_U, cbo.inval 0(a1)
        CHECK_MILLEGAL
        cbo.zero (a1)
        BACK_TO_M
TEST 17
        /* CBIE = 11 in menvcfg, 00 in senvcfg: S may, U may not */
        li a0, CBIE_INVAL
        csrw menvcfg, a0
        li a0, CBZE | CBCFE
        csrw senvcfg, a0
        FILL_BUF
        la a1, buf + 64
        IN_MODE PRV_S
        cbo.inval (a1)
        BACK_TO_M
        IN_MODE PRV_U
        TRAP_M_IN PRV_U, cbo.inval 0(a1)
        CHECK_MILLEGAL
        TRAP_M_IN PRV_U, cbo.zero 0(a1)  /* menvcfg.CBZE = 0 */
        CHECK_MILLEGAL
        BACK_TO_M
        CHECK_INTACT

        /* ---- Sv39 (vm.h) from S, everything enabled */
        li a0, CBO_ALL
        csrw menvcfg, a0
        csrw senvcfg, a0
        VM_SETUP
        la a0, page_a
        li a1, PAT
        sd a1, 0x38(a0)
        sd a1, 0x40(a0)
        sd a1, 0x78(a0)
        sd a1, 0x80(a0)
        IN_MODE PRV_S
TEST 18
        li a1, VA_RW + 0x41
        cbo.zero (a1)
        li a2, VA_RW
        ld a0, 0x40(a2)
        CHECK a0, 0
        ld a0, 0x78(a2)
        CHECK a0, 0
        ld a0, 0x38(a2)
        CHECK a0, PAT
        ld a0, 0x80(a2)
        CHECK a0, PAT
TEST 19
        /* read-only page: cbo.zero faults, the others may */
        li a1, VA_RO + 0x88
        TRAP_M_IN PRV_S, cbo.zero 0(a1)
        CHECK_MTRAP CAUSE_STORE_PAGE_FAULT, VA_RO + 0x88
        cbo.clean (a1)
        cbo.flush (a1)
        cbo.inval (a1)
        li a2, VA_RW
        ld a0, 0x80(a2)
        CHECK a0, PAT
TEST 20
        /* invalid page: store page faults (not load), tval = rs1 */
        li a1, VA_INV + 0x10
        TRAP_M_IN PRV_S, cbo.clean 0(a1)
        CHECK_MTRAP CAUSE_STORE_PAGE_FAULT, VA_INV + 0x10
        TRAP_M_IN PRV_S, cbo.flush 0(a1)
        CHECK_MTRAP CAUSE_STORE_PAGE_FAULT, VA_INV + 0x10
        TRAP_M_IN PRV_S, cbo.inval 0(a1)
        CHECK_MTRAP CAUSE_STORE_PAGE_FAULT, VA_INV + 0x10
        TRAP_M_IN PRV_S, cbo.zero 0(a1)
        CHECK_MTRAP CAUSE_STORE_PAGE_FAULT, VA_INV + 0x10
TEST 21
        /* a U page from S with SUM = 0 */
        li a1, VA_URW + 0xc3
        TRAP_M_IN PRV_S, cbo.zero 0(a1)
        CHECK_MTRAP CAUSE_STORE_PAGE_FAULT, VA_URW + 0xc3
        TRAP_M_IN PRV_S, cbo.clean 0(a1)
        CHECK_MTRAP CAUSE_STORE_PAGE_FAULT, VA_URW + 0xc3
TEST 22
        /* cbo.zero is a store for the A / D bits: both set by the walk */
        li a1, VA_AD + 0x100
        cbo.zero (a1)
        la a0, pt_l0 + PTE_IDX(VA_AD) * 8
        ld a0, 0(a0)
        andi a0, a0, PTE_A | PTE_D
        CHECK a0, PTE_A | PTE_D
        BACK_TO_M
TEST 23
        /* M with MPRV = 1, MPP = S, menvcfg = 0: enabled (M), translated (S) */
        csrw menvcfg, zero
        li a0, MSTATUS_MPP
        csrc mstatus, a0
        li a0, MSTATUS_MPP_S | MSTATUS_MPRV
        csrs mstatus, a0
        la a0, page_a
        li a1, PAT
        sd a1, 0x100(a0)
        li a1, VA_RW + 0x100
        cbo.zero (a1)
        li a1, VA_RO + 0x10
        TRAP_M cbo.zero 0(a1)
        /* the trap's mret left MPRV = 1 with MPP = U: clear it before any load */
        li a0, MSTATUS_MPRV
        csrc mstatus, a0
        CHECK_MTRAP CAUSE_STORE_PAGE_FAULT, VA_RO + 0x10
        la a0, page_a
        ld a1, 0x100(a0)
        CHECK a1, 0
        csrw satp, zero
        sfence.vma

        /* ---- PMP from S: entry 0 read-only page, entry 1 no access */
TEST 24
        li a0, CBO_ALL
        csrw menvcfg, a0
        la a0, pmp_ro
        srli a0, a0, 2
        ori a0, a0, 0x1ff               /* NAPOT 4 KiB */
        csrw pmpaddr0, a0
        la a0, pmp_none
        srli a0, a0, 2
        ori a0, a0, 0x1ff
        csrw pmpaddr1, a0
        li a0, -1
        csrw pmpaddr2, a0
        li a0, (0x1f << 16) | (0x18 << 8) | 0x19  /* RWX all | none | R */
        csrw pmpcfg0, a0
        sfence.vma
        IN_MODE PRV_S
        la a1, pmp_ro + 0x21
        TRAP_M_IN PRV_S, cbo.zero 0(a1)
        CHECK_MTRAP_AT CAUSE_STORE_ACCESS, pmp_ro, 0x21
        cbo.clean (a1)
        cbo.flush (a1)
        cbo.inval (a1)
        la a1, pmp_none + 0x5
        TRAP_M_IN PRV_S, cbo.clean 0(a1)
        CHECK_MTRAP_AT CAUSE_STORE_ACCESS, pmp_none, 0x5
        TRAP_M_IN PRV_S, cbo.inval 0(a1)
        CHECK_MTRAP_AT CAUSE_STORE_ACCESS, pmp_none, 0x5
        TRAP_M_IN PRV_S, cbo.zero 0(a1)
        CHECK_MTRAP_AT CAUSE_STORE_ACCESS, pmp_none, 0x5
        BACK_TO_M
        /* back to the common PMP setup */
        li a0, -1
        csrw pmpaddr0, a0
        li a0, 0x1f
        csrw pmpcfg0, a0
TEST_END

        .text
        .balign 64
zfn:    addi a0, a0, 1
        ret
        .balign 64

        .data
        .balign 64
buf:    .zero 3 * 64

        .bss
        .balign 4096
pmp_ro:   .zero 4096
pmp_none: .zero 4096

        VM_DATA
