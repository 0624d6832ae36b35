/* bsyn_test_rv32ia.h — shared by the rv32ia-priv test suites: instruction encoders (checked
 * against GNU as in test_rv32ia.c), a plain starting state and the checks every trap and
 * every trap-free step must pass (docs/rv32ia-priv.md, "Trap entry" and "Commit"). */
#ifndef BSYN_TEST_RV32IA_H
#define BSYN_TEST_RV32IA_H

#include <criterion/criterion.h>
#include <string.h>

#include "bsyn_rv32ia.h"

#define IA_MS(field) (1u << BSYN_RV32IA_MS_##field)
#define IA_MTVEC 0x8000u
#define IA_STVEC 0x4000u
#define IA_PC 0x1000u

static inline uint32_t ia_r(unsigned opc, unsigned f3, unsigned f7, unsigned rd, unsigned rs1,
                            unsigned rs2) {
  return f7 << 25 | rs2 << 20 | rs1 << 15 | f3 << 12 | rd << 7 | opc;
}
static inline uint32_t ia_i(unsigned opc, unsigned f3, unsigned rd, unsigned rs1, uint32_t imm) {
  return (imm & 0xfff) << 20 | rs1 << 15 | f3 << 12 | rd << 7 | opc;
}
static inline uint32_t ia_s(unsigned opc, unsigned f3, unsigned rs1, unsigned rs2, uint32_t imm) {
  return ((imm >> 5) & 0x7f) << 25 | rs2 << 20 | rs1 << 15 | f3 << 12 | (imm & 31) << 7 | opc;
}
/* CSR instruction: f3 1 CSRRW, 2 CSRRS, 3 CSRRC, 5..7 the immediate forms (rs1 = zimm) */
static inline uint32_t ia_csr(unsigned f3, unsigned rd, unsigned rs1, unsigned csr) {
  return csr << 20 | rs1 << 15 | f3 << 12 | rd << 7 | 0x73;
}
static inline uint32_t ia_amo(unsigned f5, unsigned rd, unsigned rs1, unsigned rs2) {
  return f5 << 27 | rs2 << 20 | rs1 << 15 | 2u << 12 | rd << 7 | BSYN_RV32IA_OPC_AMO;
}

/* All zero but pc = IA_PC, mtvec, stvec, misa, and priv. */
static inline bsyn_rv32ia_in ia_state(unsigned priv) {
  bsyn_rv32ia_in in;
  memset(&in, 0, sizeof in);
  in.priv = priv;
  in.pc = IA_PC;
  in.csr[BSYN_RV32IA_MTVEC] = IA_MTVEC;
  in.csr[BSYN_RV32IA_STVEC] = IA_STVEC;
  in.csr[BSYN_RV32IA_MISA] = 0x40141101u;
  return in;
}

static inline bsyn_rv32ia_out ia_run(const bsyn_rv32ia_in *in) {
  bsyn_rv32ia_out o;
  bsyn_rv32ia_step(in, &o);
  return o;
}

/* A trap with cause and tval, entered at privilege to (1 or 3) from effective privilege p:
 * the trap CSRs, mstatus stack, vector, no register write and no memory access. */
static inline void ia_expect_trap(const bsyn_rv32ia_in *in, const bsyn_rv32ia_out *o,
                                  uint32_t cause, uint32_t tval, unsigned to) {
  unsigned p = (in->priv & 3) == 2 ? 3 : in->priv & 3;
  uint32_t ms_in = in->csr[BSYN_RV32IA_MSTATUS], ms = o->csr[BSYN_RV32IA_MSTATUS];
  cr_assert_eq(o->trap, 1, "inst %#x: no trap, expected cause %#x", in->inst, cause);
  cr_assert_eq(o->cause, cause, "inst %#x: cause %#x, expected %#x", in->inst, o->cause, cause);
  cr_assert_eq(o->tval, tval, "inst %#x: tval %#x, expected %#x", in->inst, o->tval, tval);
  cr_assert_eq(o->next_priv, to, "inst %#x: next_priv %u, expected %u", in->inst, o->next_priv, to);
  int m = to == 3;
  cr_assert_eq(o->csr[m ? BSYN_RV32IA_MEPC : BSYN_RV32IA_SEPC], in->pc & ~3u);
  cr_assert_eq(o->csr[m ? BSYN_RV32IA_MCAUSE : BSYN_RV32IA_SCAUSE], cause);
  cr_assert_eq(o->csr[m ? BSYN_RV32IA_MTVAL : BSYN_RV32IA_STVAL], tval);
  cr_assert_eq(o->next_pc, in->csr[m ? BSYN_RV32IA_MTVEC : BSYN_RV32IA_STVEC] & ~3u);
  if (m) {
    cr_assert_eq(ms >> BSYN_RV32IA_MS_MPP & 3, p, "MPP");
    cr_assert_eq(!!(ms & IA_MS(MPIE)), !!(ms_in & IA_MS(MIE)), "MPIE = MIE");
    cr_assert_eq(ms & IA_MS(MIE), 0, "MIE cleared");
  } else {
    cr_assert_eq(!!(ms & IA_MS(SPP)), p, "SPP");
    cr_assert_eq(!!(ms & IA_MS(SPIE)), !!(ms_in & IA_MS(SIE)), "SPIE = SIE");
    cr_assert_eq(ms & IA_MS(SIE), 0, "SIE cleared");
  }
  cr_assert_eq(ms & BSYN_RV32IA_MSTATUS_RES, 0, "the reservation survives a trap");
  cr_assert_eq(o->load_addr | o->store_addr | o->store_data, 0, "a trap accesses memory");
  cr_assert_eq(o->x[0], 0);
  for (unsigned k = 1; k < 32; k++)
    cr_assert_eq(o->x[k], in->x[k], "x%u written on a trap", k);
}

/* An illegal-instruction trap into M (tval = the instruction). */
static inline void ia_expect_illegal(const bsyn_rv32ia_in *in) {
  bsyn_rv32ia_out o = ia_run(in);
  ia_expect_trap(in, &o, 2, in->inst, 3);
}

/* A step without trap: pc + 4 unless told otherwise, privilege kept. */
static inline void ia_expect_ok(const bsyn_rv32ia_in *in, const bsyn_rv32ia_out *o) {
  cr_assert_eq(o->trap, 0, "inst %#x priv %u: trap with cause %#x", in->inst, in->priv, o->cause);
}

#endif
