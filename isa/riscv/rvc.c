/* RV64C: each compressed instruction is expanded to the 32-bit instruction
 * it stands for, so the table in insns.def covers both. */
#include "isa/riscv/insn.h"

static uint32_t bits(uint32_t v, unsigned hi, unsigned lo)
{
    return (v >> lo) & ((1u << (hi - lo + 1)) - 1);
}
static int32_t sext(uint32_t v, unsigned n)
{
    return (int32_t)(v << (32 - n)) >> (32 - n);
}

static uint32_t enc_i(uint32_t opc, uint32_t f3, uint32_t rd, uint32_t rs1, int32_t imm)
{
    return ((uint32_t)imm & 0xfff) << 20 | rs1 << 15 | f3 << 12 | rd << 7 | opc;
}
static uint32_t enc_s(uint32_t opc, uint32_t f3, uint32_t rs1, uint32_t rs2, int32_t imm)
{
    uint32_t u = (uint32_t)imm;
    return (u >> 5 & 0x7f) << 25 | rs2 << 20 | rs1 << 15 | f3 << 12 | (u & 0x1f) << 7 | opc;
}
static uint32_t enc_r(uint32_t opc, uint32_t f3, uint32_t f7, uint32_t rd, uint32_t rs1, uint32_t rs2)
{
    return f7 << 25 | rs2 << 20 | rs1 << 15 | f3 << 12 | rd << 7 | opc;
}
static uint32_t enc_b(uint32_t f3, uint32_t rs1, uint32_t rs2, int32_t imm)
{
    uint32_t u = (uint32_t)imm;
    return (u >> 12 & 1) << 31 | (u >> 5 & 0x3f) << 25 | rs2 << 20 | rs1 << 15 |
           f3 << 12 | (u >> 1 & 0xf) << 8 | (u >> 11 & 1) << 7 | 0x63;
}
static uint32_t enc_j(uint32_t rd, int32_t imm)
{
    uint32_t u = (uint32_t)imm;
    return (u >> 20 & 1) << 31 | (u >> 1 & 0x3ff) << 21 | (u >> 11 & 1) << 20 |
           (u >> 12 & 0xff) << 12 | rd << 7 | 0x6f;
}

enum { OPC_LOAD = 0x03, OPC_LOADFP = 0x07, OPC_OPIMM = 0x13, OPC_OPIMM32 = 0x1b,
       OPC_STORE = 0x23, OPC_STOREFP = 0x27, OPC_OP = 0x33, OPC_LUI = 0x37,
       OPC_OP32 = 0x3b, OPC_JALR = 0x67, OPC_SYSTEM = 0x73 };

static uint32_t quadrant0(uint32_t c)
{
    uint32_t rdp = bits(c, 4, 2) + 8, rs1p = bits(c, 9, 7) + 8;
    uint32_t uimm_d = bits(c, 12, 10) << 3 | bits(c, 6, 5) << 6;
    uint32_t uimm_w = bits(c, 12, 10) << 3 | bits(c, 6, 6) << 2 | bits(c, 5, 5) << 6;
    switch (bits(c, 15, 13)) {
    case 0: { /* c.addi4spn */
        uint32_t nz = bits(c, 12, 11) << 4 | bits(c, 10, 7) << 6 |
                      bits(c, 6, 6) << 2 | bits(c, 5, 5) << 3;
        return nz ? enc_i(OPC_OPIMM, 0, rdp, 2, (int32_t)nz) : 0;
    }
    case 1: return enc_i(OPC_LOADFP, 3, rdp, rs1p, (int32_t)uimm_d); /* c.fld */
    case 2: return enc_i(OPC_LOAD, 2, rdp, rs1p, (int32_t)uimm_w);   /* c.lw */
    case 3: return enc_i(OPC_LOAD, 3, rdp, rs1p, (int32_t)uimm_d);   /* c.ld */
    case 5: return enc_s(OPC_STOREFP, 3, rs1p, rdp, (int32_t)uimm_d); /* c.fsd */
    case 6: return enc_s(OPC_STORE, 2, rs1p, rdp, (int32_t)uimm_w);   /* c.sw */
    case 7: return enc_s(OPC_STORE, 3, rs1p, rdp, (int32_t)uimm_d);   /* c.sd */
    default: return 0;
    }
}

static uint32_t quadrant1(uint32_t c)
{
    uint32_t rd = bits(c, 11, 7), rdp = bits(c, 9, 7) + 8, rs2p = bits(c, 4, 2) + 8;
    int32_t imm6 = sext(bits(c, 12, 12) << 5 | bits(c, 6, 2), 6);
    switch (bits(c, 15, 13)) {
    case 0: return enc_i(OPC_OPIMM, 0, rd, rd, imm6);              /* c.addi */
    case 1: return rd ? enc_i(OPC_OPIMM32, 0, rd, rd, imm6) : 0;   /* c.addiw */
    case 2: return enc_i(OPC_OPIMM, 0, rd, 0, imm6);               /* c.li */
    case 3:
        if (rd == 2) { /* c.addi16sp */
            int32_t nz = sext(bits(c, 12, 12) << 9 | bits(c, 6, 6) << 4 |
                              bits(c, 5, 5) << 6 | bits(c, 4, 3) << 7 |
                              bits(c, 2, 2) << 5, 10);
            return nz ? enc_i(OPC_OPIMM, 0, 2, 2, nz) : 0;
        } else { /* c.lui */
            int32_t nz = sext(bits(c, 12, 12) << 17 | bits(c, 6, 2) << 12, 18);
            return nz ? ((uint32_t)nz & 0xfffff000) | rd << 7 | OPC_LUI : 0;
        }
    case 4: {
        uint32_t shamt = bits(c, 12, 12) << 5 | bits(c, 6, 2);
        switch (bits(c, 11, 10)) {
        case 0: return enc_i(OPC_OPIMM, 5, rdp, rdp, (int32_t)shamt);          /* c.srli */
        case 1: return enc_i(OPC_OPIMM, 5, rdp, rdp, (int32_t)(shamt | 0x400)); /* c.srai */
        case 2: return enc_i(OPC_OPIMM, 7, rdp, rdp, imm6);                    /* c.andi */
        default: {
            static const uint8_t f3[4] = {0, 4, 6, 7}; /* sub xor or and */
            uint32_t sel = bits(c, 6, 5);
            if (!bits(c, 12, 12))
                return enc_r(OPC_OP, f3[sel], sel == 0 ? 0x20 : 0, rdp, rdp, rs2p);
            if (sel == 0) return enc_r(OPC_OP32, 0, 0x20, rdp, rdp, rs2p); /* c.subw */
            if (sel == 1) return enc_r(OPC_OP32, 0, 0, rdp, rdp, rs2p);    /* c.addw */
            return 0;
        }
        }
    }
    case 5: { /* c.j */
        int32_t off = sext(bits(c, 12, 12) << 11 | bits(c, 11, 11) << 4 |
                           bits(c, 10, 9) << 8 | bits(c, 8, 8) << 10 |
                           bits(c, 7, 7) << 6 | bits(c, 6, 6) << 7 |
                           bits(c, 5, 3) << 1 | bits(c, 2, 2) << 5, 12);
        return enc_j(0, off);
    }
    default: { /* c.beqz, c.bnez */
        int32_t off = sext(bits(c, 12, 12) << 8 | bits(c, 11, 10) << 3 |
                           bits(c, 6, 5) << 6 | bits(c, 4, 3) << 1 |
                           bits(c, 2, 2) << 5, 9);
        return enc_b(bits(c, 15, 13) == 6 ? 0 : 1, rdp, 0, off);
    }
    }
}

static uint32_t quadrant2(uint32_t c)
{
    uint32_t rd = bits(c, 11, 7), rs2 = bits(c, 6, 2);
    switch (bits(c, 15, 13)) {
    case 0: return enc_i(OPC_OPIMM, 1, rd, rd,
                         (int32_t)(bits(c, 12, 12) << 5 | bits(c, 6, 2))); /* c.slli */
    case 1: return enc_i(OPC_LOADFP, 3, rd, 2, (int32_t)(bits(c, 12, 12) << 5 |
                         bits(c, 6, 5) << 3 | bits(c, 4, 2) << 6));         /* c.fldsp */
    case 2: return rd ? enc_i(OPC_LOAD, 2, rd, 2, (int32_t)(bits(c, 12, 12) << 5 |
                         bits(c, 6, 4) << 2 | bits(c, 3, 2) << 6)) : 0;     /* c.lwsp */
    case 3: return rd ? enc_i(OPC_LOAD, 3, rd, 2, (int32_t)(bits(c, 12, 12) << 5 |
                         bits(c, 6, 5) << 3 | bits(c, 4, 2) << 6)) : 0;     /* c.ldsp */
    case 4:
        if (!bits(c, 12, 12)) {
            if (rs2 == 0)
                return rd ? enc_i(OPC_JALR, 0, 0, rd, 0) : 0;  /* c.jr */
            return enc_r(OPC_OP, 0, 0, rd, 0, rs2);            /* c.mv */
        }
        if (rs2 == 0)
            return rd ? enc_i(OPC_JALR, 0, 1, rd, 0)           /* c.jalr */
                      : 0x00100073;                            /* c.ebreak */
        return enc_r(OPC_OP, 0, 0, rd, rd, rs2);               /* c.add */
    case 5: return enc_s(OPC_STOREFP, 3, 2, rs2, (int32_t)(bits(c, 12, 10) << 3 |
                         bits(c, 9, 7) << 6));                             /* c.fsdsp */
    case 6: return enc_s(OPC_STORE, 2, 2, rs2, (int32_t)(bits(c, 12, 9) << 2 |
                         bits(c, 8, 7) << 6));                             /* c.swsp */
    default: return enc_s(OPC_STORE, 3, 2, rs2, (int32_t)(bits(c, 12, 10) << 3 |
                          bits(c, 9, 7) << 6));                            /* c.sdsp */
    }
}

uint32_t rvc_expand(uint16_t h)
{
    switch (h & 3) {
    case 0: return quadrant0(h);
    case 1: return quadrant1(h);
    case 2: return quadrant2(h);
    default: return 0;
    }
}
