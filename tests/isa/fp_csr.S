/*
 * FP control and status: fflags accrue (are never cleared by an operation),
 * fflags / frm / fcsr aliasing and csrrs / csrrc on them, and mstatus.FS:
 * with FS = Off every FP instruction and FP CSR access is an illegal
 * instruction (tval = the bits; from M, S and U; compressed FP loads too);
 * an FP register or FP CSR write makes FS Dirty and sets SD, from Initial
 * or Clean; sstatus shows the same FS.
 */
#include "test.h"

#define FS_SHIFT 13

.macro SET_FS val
        li t6, MSTATUS_FS
        csrc mstatus, t6
        li t6, (\val) << FS_SHIFT
        csrs mstatus, t6
.endm
/* a0 = mstatus.FS, a1 = mstatus.SD */
.macro GET_FS_SD
        csrr a1, mstatus
        srli a0, a1, FS_SHIFT
        andi a0, a0, 3
        srli a1, a1, 63
.endm

TEST_BEGIN
        /* ---- accrual */
TEST 1
        csrwi fflags, 0
        LIS fa0, 0x3f800000
        LIS fa1, 0x00000000
        fdiv.s fa2, fa0, fa1            /* DZ */
        CHECK_FFLAGS FFLAG_DZ
        LIS fa1, 0x40400000
        fdiv.s fa2, fa0, fa1            /* NX */
        CHECK_FFLAGS FFLAG_DZ | FFLAG_NX
        fadd.s fa2, fa0, fa0            /* exact: nothing new */
        CHECK_FFLAGS FFLAG_DZ | FFLAG_NX
        LIS fa1, 0xbf800000
        fsqrt.s fa2, fa1                /* NV */
        CHECK_FFLAGS FFLAG_NV | FFLAG_DZ | FFLAG_NX
        LID fa0, 0x7fefffffffffffff
        fmul.d fa2, fa0, fa0            /* OF | NX */
        CHECK_FFLAGS FFLAG_NV | FFLAG_DZ | FFLAG_OF | FFLAG_NX
        LID fa0, 0x0010000000000001
        LID fa1, 0x3fe0000000000000
        fmul.d fa2, fa0, fa1            /* UF | NX */
        CHECK_FFLAGS 0x1f
TEST 2
        /* integer-result instructions accrue too */
        csrwi fflags, 0
        LIS fa0, 0x7fc00000
        flt.s a0, fa0, fa0
        LIS fa0, 0x3fc00000
        fcvt.w.s a0, fa0, rtz
        CHECK_FFLAGS FFLAG_NV | FFLAG_NX

        /* ---- fcsr / fflags / frm */
TEST 3
        csrwi fcsr, 0
        csrwi fflags, FFLAG_OF
        csrsi fflags, FFLAG_NX
        csrr a0, fflags
        CHECK a0, FFLAG_OF | FFLAG_NX
        csrci fflags, FFLAG_OF
        csrr a0, fcsr
        CHECK a0, FFLAG_NX
TEST 4
        csrrwi a0, frm, 3
        CHECK a0, 0
        csrr a0, fcsr
        CHECK a0, (3 << 5) | FFLAG_NX
        csrrw a0, fflags, zero
        CHECK a0, FFLAG_NX
        csrr a0, frm
        CHECK a0, 3
        csrrsi a0, fcsr, 0
        CHECK a0, 3 << 5
        csrwi fcsr, 0
TEST 5
        /* frm / fflags hold only their bits */
        li a0, -1
        csrw fflags, a0
        csrr a1, fflags
        CHECK a1, 0x1f
        csrw frm, a0
        csrr a1, frm
        CHECK a1, 7
        csrr a1, fcsr
        CHECK a1, 0xff
        csrwi fcsr, 0

        /* ---- FS = Off: everything FP is illegal */
TEST 6
        SET_FS 0
        TRAP_M fadd.s fa0, fa1, fa2
        CHECK_MILLEGAL
TEST 7
        la a1, fpmem
        TRAP_M flw fa0, 0(a1)
        CHECK_MILLEGAL
TEST 8
        TRAP_M fsd fa0, 0(a1)
        CHECK_MILLEGAL
TEST 9
        TRAP_M fmv.x.w a0, fa0
        CHECK_MILLEGAL
TEST 10
        TRAP_M fmv.d.x fa0, a0
        CHECK_MILLEGAL
TEST 11
        TRAP_M fcvt.d.l fa0, a0
        CHECK_MILLEGAL
TEST 12
        TRAP_M fmadd.d fa0, fa1, fa2, fa3
        CHECK_MILLEGAL
TEST 13
        TRAP_M feq.s a0, fa0, fa1
        CHECK_MILLEGAL
TEST 14
        TRAP_M fclass.d a0, fa0
        CHECK_MILLEGAL
TEST 15
        TRAP_M csrr a0, fcsr
        CHECK_MILLEGAL
TEST 16
        TRAP_M csrwi frm, 1
        CHECK_MILLEGAL
TEST 17
        TRAP_M csrr a0, fflags
        CHECK_MILLEGAL
TEST 18
        TRAP_M c.fld fa0, 0(a1)
        CHECK_MILLEGAL
TEST 19
        mv s11, sp
        la sp, fpmem
        TRAP_M c.fsdsp fa0, 0(sp)
        mv sp, s11
        CHECK_MILLEGAL
TEST 20
        /* still Off: the traps did not change FS */
        GET_FS_SD
        CHECK a0, 0
        CHECK a1, 0
TEST 21
        /* from S and U as well */
        MRET_TO PRV_S, 1f
1:      TRAP_M_IN PRV_S, fsub.d fa0, fa1, fa2
        CHECK_MILLEGAL
        csrr a0, sstatus
        srli a0, a0, FS_SHIFT
        andi a0, a0, 3
        CHECK a0, 0
        BACK_TO_M
TEST 22
        MRET_TO PRV_U, 1f
1:      TRAP_M_IN PRV_U, fmv.w.x fa0, zero
        CHECK_MILLEGAL
        TRAP_M_IN PRV_U, frcsr a0
        CHECK_MILLEGAL
        BACK_TO_M

        /* ---- FS becomes Dirty */
TEST 23
        SET_FS 1                        /* Initial */
        GET_FS_SD
        CHECK a0, 1
        CHECK a1, 0
        fmv.w.x fa0, zero
        GET_FS_SD
        CHECK a0, 3
        CHECK a1, 1
TEST 24
        SET_FS 2                        /* Clean */
        GET_FS_SD
        CHECK a0, 2
        CHECK a1, 0
        LID fa0, 0x3ff0000000000000
        fadd.d fa1, fa0, fa0
        GET_FS_SD
        CHECK a0, 3
        CHECK a1, 1
TEST 25
        /* a load into an f register */
        SET_FS 2
        la a1, fpmem
        fld fa0, 0(a1)
        GET_FS_SD
        CHECK a0, 3
TEST 26
        /* an FP CSR write */
        SET_FS 2
        csrwi frm, 0
        GET_FS_SD
        CHECK a0, 3
        CHECK a1, 1
TEST 27
        /* in S-mode, seen through sstatus */
        SET_FS 2
        MRET_TO PRV_S, 1f
1:      csrr a0, sstatus
        srli a1, a0, 63
        CHECK a1, 0
        fcvt.s.w fa0, zero
        csrr a0, sstatus
        srli a1, a0, 63
        CHECK a1, 1
        srli a0, a0, FS_SHIFT
        andi a0, a0, 3
        CHECK a0, 3
TEST 28
        /* S can turn FP off for U through sstatus.FS */
        li a0, MSTATUS_FS
        csrc sstatus, a0
        SRET_TO PRV_U, 1f
1:      TRAP_M_IN PRV_U, fadd.d fa0, fa0, fa0
        CHECK_MILLEGAL
        BACK_TO_M
        SET_FS 1
TEST_END

        .data
        .balign 8
fpmem:  .dword 0x3ff0000000000000
