/* The rv32ia-priv reference step, worked out by hand from docs/rv32ia-priv.md: each trap
 * cause and tval, delegation, interrupts (priority and enables), MRET/SRET/WFI/SFENCE.VMA,
 * LR/SC and the AMOs, the memory outputs, x0 and priv = 2; and, for RV32I in M-mode without
 * a trap, the same registers, pc and memory as rv32i-full. CSR rules: test_rv32ia_csr.c. */
#include <criterion/criterion.h>

#include "bsyn_rv32.h"
#include "bsyn_rv32ia.h"
#include "bsyn_sample_rv32ia.h"
#include "bsyn_test_rv32ia.h"
#include "bsyn_util.h"

enum { OP = 0x33, OP_IMM = 0x13, LOAD = 0x03, STORE = 0x23, BRANCH = 0x63, JAL = 0x6f };

/* Encodings of the helpers, as GNU as (riscv64-unknown-elf-as -march=rv32ia_zicsr_zifencei)
 * assembles them. */
Test(rv32ia, encoders_match_gnu_as) {
  cr_assert_eq(ia_csr(1, 2, 1, 0x340), 0x34009173);              /* csrrw sp, mscratch, ra */
  cr_assert_eq(ia_csr(2, 3, 0, 0xF14), 0xf14021f3);              /* csrr gp, mhartid */
  cr_assert_eq(ia_csr(3, 4, 5, 0x300), 0x3002b273);              /* csrrc tp, mstatus, t0 */
  cr_assert_eq(ia_csr(5, 6, 7, 0x305), 0x3053d373);              /* csrrwi t1, mtvec, 7 */
  cr_assert_eq(ia_csr(6, 7, 31, 0x104), 0x104fe3f3);             /* csrrsi t2, sie, 31 */
  cr_assert_eq(ia_amo(0x02, 10, 11, 0), 0x1005a52f);             /* lr.w a0, (a1) */
  cr_assert_eq(ia_amo(0x03, 12, 14, 13) | 3u << 25, 0x1ed7262f); /* sc.w.aqrl a2, a3, (a4) */
  static const uint32_t amos[9][2] = {{0x01, 0x0821a0af}, {0x00, 0x0021a0af}, {0x04, 0x2021a0af},
                                      {0x0c, 0x6021a0af}, {0x08, 0x4021a0af}, {0x10, 0x8021a0af},
                                      {0x14, 0xa021a0af}, {0x18, 0xc021a0af}, {0x1c, 0xe021a0af}};
  for (unsigned k = 0; k < 9; k++) /* amoswap .. amomaxu ra, sp, (gp) */
    cr_assert_eq(ia_amo(amos[k][0], 1, 3, 2), amos[k][1]);
  cr_assert_eq(BSYN_RV32IA_INST_MRET, 0x30200073);
  cr_assert_eq(BSYN_RV32IA_INST_SRET, 0x10200073);
  cr_assert_eq(BSYN_RV32IA_INST_WFI, 0x10500073);
  cr_assert_eq(BSYN_RV32IA_SFENCE_MATCH | 6u << 20 | 5u << 15, 0x12628073); /* sfence.vma t0, t1 */
}

Test(rv32ia, illegal_instruction) {
  const uint32_t bad[] = {0x00000000,
                          0xffffffff,
                          0x00004073 /* SYSTEM funct3 100 */,
                          0x000000f3 /* ECALL with rd = 1 */,
                          0x00200073,
                          0x0000102b,
                          ia_amo(0x02, 1, 2, 3) /* LR.W with rs2 != 0 */,
                          ia_amo(0x05, 1, 2, 3),
                          ia_amo(0x01, 1, 2, 3) ^ 0x1000,
                          0x0000200f /* MISC-MEM funct3 010 */};
  for (unsigned k = 0; k < sizeof bad / sizeof bad[0]; k++)
    for (unsigned p = 0; p < 4; p++) {
      bsyn_rv32ia_in st = ia_state(p);
      st.inst = bad[k];
      st.x[1] = st.x[2] = 0x100;
      st.csr[BSYN_RV32IA_MSTATUS] = IA_MS(MIE) | IA_MS(SIE) | BSYN_RV32IA_MSTATUS_RES;
      ia_expect_illegal(&st);
    }
}

Test(rv32ia, jumps_and_branches) {
  bsyn_rv32ia_in st = ia_state(3);
  st.inst = 0x0020006f; /* jal x0, +2 */
  bsyn_rv32ia_out o = ia_run(&st);
  ia_expect_trap(&st, &o, 0, IA_PC + 2, 3);
  st.inst = ia_i(0x67, 0, 1, 2, 1); /* jalr x1, 1(x2): bit 0 cleared */
  st.x[2] = 0x2000;
  o = ia_run(&st);
  ia_expect_ok(&st, &o);
  cr_assert_eq(o.next_pc, 0x2000);
  cr_assert_eq(o.x[1], IA_PC + 4);
  st.x[2] = 0x2001; /* target 0x2002 */
  o = ia_run(&st);
  ia_expect_trap(&st, &o, 0, 0x2002, 3);
  st.inst = 0x00208163; /* beq x1, x2, +2 */
  st.x[1] = 5, st.x[2] = 6;
  o = ia_run(&st);
  ia_expect_ok(&st, &o); /* not taken: no trap */
  cr_assert_eq(o.next_pc, IA_PC + 4);
  st.x[2] = 5;
  o = ia_run(&st);
  ia_expect_trap(&st, &o, 0, IA_PC + 2, 3);
}

Test(rv32ia, ebreak_and_ecall) {
  for (unsigned p = 0; p < 4; p++) {
    bsyn_rv32ia_in st = ia_state(p);
    st.inst = BSYN_RV32_INST_EBREAK;
    bsyn_rv32ia_out o = ia_run(&st);
    ia_expect_trap(&st, &o, 3, IA_PC, 3);
    st.inst = BSYN_RV32_INST_ECALL;
    o = ia_run(&st);
    static const uint32_t cause[4] = {8, 9, 11, 11};
    ia_expect_trap(&st, &o, cause[p], 0, 3);
  }
}

/* A load or store at rs1 = x1 with immediate imm, and the outcome expected. */
static bsyn_rv32ia_out mem_op(uint32_t inst, uint32_t x1, uint32_t x2, uint32_t data, int lpf,
                              int spf, bsyn_rv32ia_in *st) {
  *st = ia_state(0);
  st->inst = inst;
  st->x[1] = x1;
  st->x[2] = x2;
  st->load_data = data;
  st->load_page_fault = lpf;
  st->store_page_fault = spf;
  return ia_run(st);
}

Test(rv32ia, load_and_store_faults) {
  bsyn_rv32ia_in st;
  bsyn_rv32ia_out o = mem_op(ia_i(LOAD, 2, 3, 1, 2), 0x1000, 0, 0, 0, 0, &st); /* lw at 0x1002 */
  ia_expect_trap(&st, &o, 4, 0x1002, 3);
  o = mem_op(ia_i(LOAD, 5, 3, 1, 0x7ff), 0x1000, 0, 0, 1, 0, &st); /* lhu at 0x17ff */
  ia_expect_trap(&st, &o, 4, 0x17ff, 3); /* alignment before the page fault */
  o = mem_op(ia_i(LOAD, 0, 3, 1, 0xfff), 0x1000, 0, 0, 1, 0, &st); /* lb at 0xfff */
  ia_expect_trap(&st, &o, 13, 0xfff, 3);
  o = mem_op(ia_i(LOAD, 0, 3, 1, 0), 0x1000, 0, 0, 0, 1, &st); /* a store fault: no effect */
  ia_expect_ok(&st, &o);
  o = mem_op(ia_s(STORE, 1, 1, 2, 3), 0x1000, 0, 0, 0, 0, &st); /* sh at 0x1003 */
  ia_expect_trap(&st, &o, 6, 0x1003, 3);
  o = mem_op(ia_s(STORE, 0, 1, 2, 3), 0x1000, 0, 0, 1, 1, &st); /* sb with both faults */
  ia_expect_trap(&st, &o, 15, 0x1003, 3);
  o = mem_op(ia_s(STORE, 0, 1, 2, 3), 0x1000, 0, 0, 1, 0, &st);
  ia_expect_ok(&st, &o); /* a store checks only store_page_fault */
}

Test(rv32ia, memory_outputs) {
  bsyn_rv32ia_in st;
  bsyn_rv32ia_out o = mem_op(ia_i(LOAD, 0, 3, 1, 3), 0x1000, 0, 0x80223344, 0, 0, &st);
  cr_assert_eq(o.x[3], 0xffffff80); /* lb: byte 3, sign-extended */
  cr_assert_eq(o.load_addr, 0x1001);
  cr_assert_eq(o.store_addr | o.store_data, 0);
  o = mem_op(ia_i(LOAD, 0, 0, 1, 3), 0x1000, 0, 0x80223344, 0, 0, &st); /* rd = x0 still reads */
  cr_assert_eq(o.load_addr, 0x1001);
  cr_assert_eq(o.x[0], 0);
  o = mem_op(ia_s(STORE, 0, 1, 2, 3), 0x1000, 0xABCD, 0x11223344, 0, 0, &st); /* sb at 0x1003 */
  cr_assert_eq(o.store_data, 0xCD223344);
  cr_assert_eq(o.load_addr, 0x1001, "a byte store reads its word");
  cr_assert_eq(o.store_addr, 0x1001);
  o = mem_op(ia_s(STORE, 1, 1, 2, 2), 0x1000, 0xBEEF, 0x11223344, 0, 0, &st); /* sh at 0x1002 */
  cr_assert_eq(o.store_data, 0xBEEF3344);
  cr_assert_eq(o.load_addr, 0x1001);
  o = mem_op(ia_s(STORE, 2, 1, 2, 4), 0xfffffffc, 0x12345678, 0x11223344, 0, 0, &st); /* sw at 0 */
  cr_assert_eq(o.store_data, 0x12345678);
  cr_assert_eq(o.load_addr, 0, "a word store reads nothing");
  cr_assert_eq(o.store_addr, 0x1);
  o = mem_op(ia_r(OP, 0, 0, 3, 1, 2), 0x1000, 1, 0x11223344, 0, 0, &st); /* add */
  cr_assert_eq(o.load_addr | o.store_addr | o.store_data, 0);
  cr_assert_eq(o.x[3], 0x1001);
}

Test(rv32ia, inst_page_fault) {
  bsyn_rv32ia_in st = ia_state(0);
  st.inst = 0xffffffff; /* not looked at */
  st.inst_page_fault = 1;
  st.pc = 0x1232;
  bsyn_rv32ia_out o = ia_run(&st);
  ia_expect_trap(&st, &o, 12, 0x1232, 3);
  cr_assert_eq(o.csr[BSYN_RV32IA_MEPC], 0x1230, "mepc's legal value");
  st.csr[BSYN_RV32IA_MEDELEG] = 1u << 12;
  o = ia_run(&st);
  ia_expect_trap(&st, &o, 12, 0x1232, 1);
}

Test(rv32ia, delegation) {
  bsyn_rv32ia_in st = ia_state(0);
  st.inst = BSYN_RV32_INST_ECALL;
  st.csr[BSYN_RV32IA_MEDELEG] = 0xffff;
  st.csr[BSYN_RV32IA_MSTATUS] = IA_MS(SIE) | IA_MS(MIE) | BSYN_RV32IA_MSTATUS_RES;
  bsyn_rv32ia_out o = ia_run(&st);
  ia_expect_trap(&st, &o, 8, 0, 1);
  cr_assert_eq(o.csr[BSYN_RV32IA_MSTATUS], IA_MS(SPIE) | IA_MS(MIE));
  cr_assert_eq(o.csr[BSYN_RV32IA_MEPC] | o.csr[BSYN_RV32IA_MCAUSE], 0, "M trap CSRs untouched");
  st.priv = 1;
  o = ia_run(&st);
  ia_expect_trap(&st, &o, 9, 0, 1);
  cr_assert(o.csr[BSYN_RV32IA_MSTATUS] & IA_MS(SPP));
  st.priv = 3; /* never delegated from M */
  o = ia_run(&st);
  ia_expect_trap(&st, &o, 11, 0, 3);
  cr_assert_eq(o.csr[BSYN_RV32IA_MSTATUS], IA_MS(MPIE) | 3u << BSYN_RV32IA_MS_MPP | IA_MS(SIE));
  st.priv = 1;
  st.csr[BSYN_RV32IA_MEDELEG] = 0xffff & ~(1u << 9);
  o = ia_run(&st);
  ia_expect_trap(&st, &o, 9, 0, 3);
  st.inst = 0; /* illegal, delegated */
  o = ia_run(&st);
  ia_expect_trap(&st, &o, 2, 0, 1);
}

/* The interrupt a state takes: its cause, or 0 for none. */
static uint32_t interrupt_of(unsigned p, uint32_t ms, uint32_t mie, uint32_t mip, uint32_t deleg,
                             int irq) {
  bsyn_rv32ia_in st = ia_state(p);
  st.inst = ia_r(OP, 0, 0, 3, 0, 0); /* add x3, x0, x0 */
  st.x[3] = 0x77;
  st.csr[BSYN_RV32IA_MSTATUS] = ms;
  st.csr[BSYN_RV32IA_MIE] = mie;
  st.csr[BSYN_RV32IA_MIP] = mip;
  st.csr[BSYN_RV32IA_MIDELEG] = deleg;
  st.irq = irq;
  st.inst_page_fault = 1; /* an interrupt comes first */
  bsyn_rv32ia_out o = ia_run(&st);
  if (!(o.cause & BSYN_RV32IA_CAUSE_INTERRUPT))
    return 0;
  ia_expect_trap(&st, &o, o.cause, 0, (deleg >> (o.cause & 31) & 1) ? 1 : 3);
  return o.cause;
}

Test(rv32ia, interrupts) {
  const uint32_t I = BSYN_RV32IA_CAUSE_INTERRUPT, MIE = IA_MS(MIE), SIE = IA_MS(SIE);
  cr_assert_eq(interrupt_of(3, 0, 0x080, 0, 0, 1), 0, "M with MIE = 0");
  cr_assert_eq(interrupt_of(3, MIE, 0x080, 0, 0, 1), I | 7);
  cr_assert_eq(interrupt_of(3, MIE, 0x000, 0, 0, 1), 0, "MTIE = 0");
  cr_assert_eq(interrupt_of(1, 0, 0x080, 0, 0, 1), I | 7, "below M: always enabled");
  cr_assert_eq(interrupt_of(0, 0, 0xAAA, 0x222, 0, 1), I | 7, "7 before 9, 1, 5");
  cr_assert_eq(interrupt_of(0, 0, 0xAAA, 0x222, 0, 0), I | 9, "9 before 1, 5");
  cr_assert_eq(interrupt_of(0, 0, 0xAAA, 0x022, 0, 0), I | 1, "1 before 5");
  cr_assert_eq(interrupt_of(0, 0, 0xAAA, 0x020, 0, 0), I | 5);
  cr_assert_eq(interrupt_of(2, MIE, 0xAAA, 0x020, 0, 0), I | 5, "priv 2 is M");
  /* delegated: S-level, never taken in M, in S only with SIE */
  cr_assert_eq(interrupt_of(3, MIE | SIE, 0x020, 0x020, 0x020, 0), 0);
  cr_assert_eq(interrupt_of(1, 0, 0x020, 0x020, 0x020, 0), 0);
  cr_assert_eq(interrupt_of(1, SIE, 0x020, 0x020, 0x020, 0), I | 5);
  cr_assert_eq(interrupt_of(0, 0, 0x020, 0x020, 0x020, 0), I | 5);
  /* an M-level interrupt beats a higher-priority S-level one */
  cr_assert_eq(interrupt_of(1, SIE, 0x202, 0x202, 0x200, 0), I | 1);
  cr_assert_eq(interrupt_of(1, SIE, 0x2A2, 0x202, 0x200, 1), I | 7);
  cr_assert_eq(interrupt_of(1, SIE, 0x222, 0x222, 0x222, 0), I | 9, "S-level priority");
}

/* An xRET or other privileged SYSTEM word at privilege p with mstatus ms. */
static bsyn_rv32ia_out sys_op(uint32_t inst, unsigned p, uint32_t ms, bsyn_rv32ia_in *st) {
  *st = ia_state(p);
  st->inst = inst;
  st->csr[BSYN_RV32IA_MSTATUS] = ms;
  st->csr[BSYN_RV32IA_MEPC] = 0x3000;
  st->csr[BSYN_RV32IA_SEPC] = 0x5000;
  return ia_run(st);
}

Test(rv32ia, mret) {
  bsyn_rv32ia_in st;
  uint32_t res = BSYN_RV32IA_MSTATUS_RES, MPRV = IA_MS(MPRV);
  bsyn_rv32ia_out o = sys_op(BSYN_RV32IA_INST_MRET, 3, IA_MS(MPIE) | 1u << 11 | MPRV | res, &st);
  ia_expect_ok(&st, &o);
  cr_assert_eq(o.next_priv, 1);
  cr_assert_eq(o.next_pc, 0x3000);
  cr_assert_eq(o.csr[BSYN_RV32IA_MSTATUS], IA_MS(MIE) | IA_MS(MPIE));
  o = sys_op(BSYN_RV32IA_INST_MRET, 3, 3u << 11 | MPRV | IA_MS(MIE), &st);
  cr_assert_eq(o.next_priv, 3);
  cr_assert_eq(o.csr[BSYN_RV32IA_MSTATUS], IA_MS(MPIE) | MPRV, "MPRV kept returning to M");
  sys_op(BSYN_RV32IA_INST_MRET, 1, 0, &st);
  ia_expect_illegal(&st);
  sys_op(BSYN_RV32IA_INST_MRET, 0, 0, &st);
  ia_expect_illegal(&st);
}

Test(rv32ia, sret) {
  bsyn_rv32ia_in st;
  uint32_t res = BSYN_RV32IA_MSTATUS_RES, MPRV = IA_MS(MPRV);
  bsyn_rv32ia_out o = sys_op(BSYN_RV32IA_INST_SRET, 3, IA_MS(SPIE) | IA_MS(SPP) | MPRV | res, &st);
  ia_expect_ok(&st, &o);
  cr_assert_eq(o.next_priv, 1);
  cr_assert_eq(o.next_pc, 0x5000);
  cr_assert_eq(o.csr[BSYN_RV32IA_MSTATUS], IA_MS(SIE) | IA_MS(SPIE));
  o = sys_op(BSYN_RV32IA_INST_SRET, 1, IA_MS(SIE), &st);
  cr_assert_eq(o.next_priv, 0);
  cr_assert_eq(o.csr[BSYN_RV32IA_MSTATUS], IA_MS(SPIE));
  sys_op(BSYN_RV32IA_INST_SRET, 1, IA_MS(TSR), &st);
  ia_expect_illegal(&st);
  sys_op(BSYN_RV32IA_INST_SRET, 0, 0, &st);
  ia_expect_illegal(&st);
  o = sys_op(BSYN_RV32IA_INST_SRET, 3, IA_MS(TSR), &st);
  ia_expect_ok(&st, &o);
}

/* WFI and SFENCE.VMA: no-ops where allowed (trap bit: TW / TVM). */
static void check_trapped_nop(uint32_t inst, uint32_t trap_bit) {
  bsyn_rv32ia_in st;
  for (unsigned p = 0; p < 4; p++)
    for (int set = 0; set < 2; set++) {
      bsyn_rv32ia_out o = sys_op(inst, p, set ? trap_bit : 0, &st);
      if (p == 0 || (p == 1 && set)) {
        ia_expect_illegal(&st);
        continue;
      }
      ia_expect_ok(&st, &o);
      cr_assert_eq(o.next_pc, IA_PC + 4);
      cr_assert_eq(o.csr[BSYN_RV32IA_MSTATUS], set ? trap_bit : 0);
    }
}

Test(rv32ia, wfi_sfence_fence_i) {
  check_trapped_nop(BSYN_RV32IA_INST_WFI, IA_MS(TW));
  check_trapped_nop(BSYN_RV32IA_SFENCE_MATCH | 6u << 20 | 5u << 15, IA_MS(TVM));
  check_trapped_nop(BSYN_RV32IA_SFENCE_MATCH, IA_MS(TVM));
  bsyn_rv32ia_in st;
  sys_op(BSYN_RV32IA_SFENCE_MATCH | 1u << 7, 3, 0, &st); /* rd != 0 */
  ia_expect_illegal(&st);
  for (unsigned p = 0; p < 3; p++) {
    bsyn_rv32ia_out o = sys_op(0xffff9f8f, p, 0, &st); /* FENCE.I, every other bit set */
    ia_expect_ok(&st, &o);
    cr_assert_eq(o.next_pc, IA_PC + 4);
    cr_assert_eq(o.x[1], 0);
  }
}

/* An RV32A instruction with x1 = address, x2 = operand, load_data and the reservation. */
static bsyn_rv32ia_out amo_op(uint32_t inst, uint32_t addr, uint32_t b, uint32_t data, int res,
                              bsyn_rv32ia_in *st) {
  *st = ia_state(1);
  st->inst = inst;
  st->x[1] = addr;
  st->x[2] = b;
  st->x[3] = 0x5555;
  st->load_data = data;
  st->csr[BSYN_RV32IA_MSTATUS] = res ? BSYN_RV32IA_MSTATUS_RES : 0;
  return ia_run(st);
}

Test(rv32ia, lr_sc) {
  bsyn_rv32ia_in st;
  bsyn_rv32ia_out o = amo_op(ia_amo(0x02, 3, 1, 0), 0x2004, 0, 0xfeed, 0, &st);
  ia_expect_ok(&st, &o);
  cr_assert_eq(o.x[3], 0xfeed);
  cr_assert_eq(o.load_addr, 0x2005);
  cr_assert_eq(o.store_addr | o.store_data, 0);
  cr_assert_eq(o.csr[BSYN_RV32IA_MSTATUS], BSYN_RV32IA_MSTATUS_RES);
  o = amo_op(ia_amo(0x03, 3, 1, 2), 0x2004, 0x77, 0xfeed, 1, &st); /* with reservation */
  cr_assert_eq(o.x[3], 0);
  cr_assert_eq(o.store_addr, 0x2005);
  cr_assert_eq(o.store_data, 0x77);
  cr_assert_eq(o.load_addr, 0);
  cr_assert_eq(o.csr[BSYN_RV32IA_MSTATUS], 0);
  o = amo_op(ia_amo(0x03, 3, 1, 2), 0x2004, 0x77, 0xfeed, 0, &st); /* without */
  ia_expect_ok(&st, &o);
  cr_assert_eq(o.x[3], 1);
  cr_assert_eq(o.store_addr | o.store_data | o.load_addr, 0);
  amo_op(ia_amo(0x02, 3, 1, 0), 0x2006, 0, 0, 0, &st);
  o = ia_run(&st);
  ia_expect_trap(&st, &o, 4, 0x2006, 3);
  amo_op(ia_amo(0x03, 3, 1, 2), 0x2001, 0, 0, 1, &st);
  o = ia_run(&st);
  ia_expect_trap(&st, &o, 6, 0x2001, 3);
  amo_op(ia_amo(0x02, 3, 1, 0), 0x2004, 0, 0, 0, &st);
  st.load_page_fault = 1;
  o = ia_run(&st);
  ia_expect_trap(&st, &o, 13, 0x2004, 3);
  st.load_page_fault = 0, st.store_page_fault = 1; /* LR ignores store faults */
  o = ia_run(&st);
  ia_expect_ok(&st, &o);
  amo_op(ia_amo(0x03, 3, 1, 2), 0x2004, 0, 0, 1, &st);
  st.store_page_fault = 1;
  o = ia_run(&st);
  ia_expect_trap(&st, &o, 15, 0x2004, 3);
}

Test(rv32ia, amos) {
  static const struct {
    unsigned f5;
    uint32_t w, b, want;
  } cases[] = {{0x01, 5, 0xfffffff0, 0xfffffff0},
               {0x00, 0xffffffff, 2, 1},
               {0x04, 0xff00ff00, 0x0ff00ff0, 0xf0f0f0f0},
               {0x0c, 0xff00ff00, 0x0ff00ff0, 0x0f000f00},
               {0x08, 0xff00ff00, 0x0ff00ff0, 0xfff0fff0},
               {0x10, 0xfffffff0, 5, 0xfffffff0},
               {0x10, 5, 5, 5},
               {0x14, 0xfffffff0, 5, 5},
               {0x14, 0x80000000, 0x7fffffff, 0x7fffffff},
               {0x18, 0xfffffff0, 5, 5},
               {0x1c, 0xfffffff0, 5, 0xfffffff0},
               {0x1c, 0, 0x80000000, 0x80000000}};
  for (unsigned k = 0; k < sizeof cases / sizeof cases[0]; k++) {
    bsyn_rv32ia_in st;
    bsyn_rv32ia_out o =
        amo_op(ia_amo(cases[k].f5, 3, 1, 2), 0x2008, cases[k].b, cases[k].w, 1, &st);
    ia_expect_ok(&st, &o);
    cr_assert_eq(o.store_data, cases[k].want, "funct5 %#x: %#x, expected %#x", cases[k].f5,
                 o.store_data, cases[k].want);
    cr_assert_eq(bsyn_rv32ia_amo(cases[k].f5, cases[k].w, cases[k].b), cases[k].want);
    cr_assert_eq(o.x[3], cases[k].w);
    cr_assert_eq(o.load_addr, 0x2009);
    cr_assert_eq(o.store_addr, 0x2009);
    cr_assert_eq(o.csr[BSYN_RV32IA_MSTATUS], BSYN_RV32IA_MSTATUS_RES, "AMOs keep the reservation");
    amo_op(ia_amo(cases[k].f5, 3, 1, 2), 0x2002, 0, 0, 0, &st);
    o = ia_run(&st);
    ia_expect_trap(&st, &o, 6, 0x2002, 3);
    amo_op(ia_amo(cases[k].f5, 3, 1, 2), 0x2000, 0, 0, 0, &st);
    st.store_page_fault = 1;
    o = ia_run(&st);
    ia_expect_trap(&st, &o, 15, 0x2000, 3);
    st.store_page_fault = 0, st.load_page_fault = 1;
    o = ia_run(&st);
    ia_expect_ok(&st, &o);
  }
}

Test(rv32ia, x0_and_priv2) {
  bsyn_rv32ia_in st = ia_state(2);
  st.x[0] = 0xdeadbeef;              /* ignored */
  st.inst = ia_r(OP, 0, 0, 1, 0, 0); /* add x1, x0, x0 */
  bsyn_rv32ia_out o = ia_run(&st);
  ia_expect_ok(&st, &o);
  cr_assert_eq(o.x[1], 0);
  cr_assert_eq(o.x[0], 0);
  cr_assert_eq(o.next_priv, 3);
  st.inst = ia_i(OP_IMM, 0, 0, 0, 5); /* addi x0, x0, 5 */
  o = ia_run(&st);
  cr_assert_eq(o.x[0], 0);
  st.inst = BSYN_RV32_INST_ECALL;
  o = ia_run(&st);
  ia_expect_trap(&st, &o, 11, 0, 3);
  cr_assert_eq(o.csr[BSYN_RV32IA_MSTATUS] >> BSYN_RV32IA_MS_MPP & 3, 3);
}

Test(rv32ia, hints_replace_operands) {
  bsyn_rv32ia_in st = ia_state(3);
  st.hints = 1;
  st.x[1] = 1, st.x[2] = 2;
  st.rs1_hint = 100, st.rs2_hint = 20, st.csr_hint = 0x55;
  st.inst = ia_r(OP, 0, 0x20, 3, 1, 2); /* sub x3, x1, x2 */
  bsyn_rv32ia_out o = ia_run(&st);
  cr_assert_eq(o.x[3], 80);
  st.inst = ia_csr(2, 3, 1, 0x340); /* csrrs x3, mscratch, x1 */
  o = ia_run(&st);
  cr_assert_eq(o.x[3], 0x55);
  cr_assert_eq(o.csr[BSYN_RV32IA_MSCRATCH], 0x55 | 100);
  /* with true hints both variants agree */
  for (uint64_t i = 0; i < 20000; i++) {
    bsyn_rv32ia_in a;
    bsyn_rv32ia_random_in(bsyn_mix64(i ^ 0x4e4e), 1, &a);
    bsyn_rv32ia_in b = a;
    b.hints = 0;
    bsyn_rv32ia_out oa = ia_run(&a), ob = ia_run(&b);
    cr_assert_eq(memcmp(&oa, &ob, sizeof oa), 0, "vector %llu inst %#x", (unsigned long long)i,
                 a.inst);
  }
}

/* For RV32I instructions in M-mode without interrupts or faults, the step is rv32i-full's. */
Test(rv32ia, rv32i_in_m_mode_equals_rv32i_full) {
  size_t compared = 0;
  for (uint64_t i = 0; i < 200000; i++) {
    bsyn_rv32ia_in st;
    bsyn_rv32ia_random_in(bsyn_mix64(i ^ 0xf011), 0, &st);
    st.inst = bsyn_rv32_random_inst(bsyn_mix64(i));
    st.priv = 3;
    st.irq = st.inst_page_fault = st.load_page_fault = st.store_page_fault = 0;
    st.csr[BSYN_RV32IA_MIE] = 0; /* no interrupt */
    bsyn_rv32ia_out o = ia_run(&st);
    uint32_t nx[32];
    bsyn_rv32_out f;
    bsyn_rv32_full_step(st.x, st.pc, st.inst, st.load_data, nx, &f);
    /* rv32i-full's illegal words may be legal here (FENCE.I, Zicsr); its other traps are
     * the same exceptions */
    if (f.trap && f.cause == BSYN_RV32_CAUSE_ILLEGAL)
      continue;
    cr_assert_eq(o.trap, f.trap, "vector %llu inst %#x: trap %u, rv32i-full %u",
                 (unsigned long long)i, st.inst, o.trap, f.trap);
    if (f.trap) {
      cr_assert_eq(o.cause, f.cause, "vector %llu inst %#x", (unsigned long long)i, st.inst);
      continue;
    }
    compared++;
    cr_assert_eq(memcmp(o.x, nx, sizeof nx), 0, "vector %llu inst %#x: registers",
                 (unsigned long long)i, st.inst);
    cr_assert_eq(o.next_pc, f.next_pc, "vector %llu inst %#x", (unsigned long long)i, st.inst);
    cr_assert_eq(o.load_addr, f.mem_re || (f.mem_we && f.mem_wstrb != 0xf) ? f.mem_addr | 1 : 0);
    cr_assert_eq(o.store_addr, f.mem_we ? f.mem_addr | 1 : 0);
    uint32_t lanes = 0;
    for (unsigned j = 0; j < 4; j++)
      lanes |= (f.mem_wstrb >> j & 1) * (0xffu << 8 * j);
    cr_assert_eq(o.store_data, f.mem_we ? (st.load_data & ~lanes) | f.mem_wdata : 0);
    cr_assert_eq(o.next_priv, 3);
  }
  cr_assert_gt(compared, 100000);
}
