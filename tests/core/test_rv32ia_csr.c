/* The CSRs of the rv32ia-priv step, worked out by hand from docs/rv32ia-priv.md: every read
 * value and write rule of the table, illegal accesses (unknown address, privilege, read-only,
 * TVM), and the legal values applied to inputs and outputs. */
#include <criterion/criterion.h>

#include "bsyn_rv32ia.h"
#include "bsyn_test_rv32ia.h"

enum { RW = 1, RS = 2, RC = 3, RWI = 5, RSI = 6, RCI = 7 };

/* Runs `csr f3 x5, addr, x6` (or zimm 6 for the immediate forms) with x6 = src at privilege p
 * on st; returns the output and checks that no trap occurred and x5 = want_old. */
static bsyn_rv32ia_out csr_op(bsyn_rv32ia_in st, unsigned p, unsigned f3, unsigned addr,
                              uint32_t src, uint32_t want_old) {
  st.priv = p;
  st.x[6] = src;
  st.inst = ia_csr(f3, 5, 6, addr);
  bsyn_rv32ia_out o = ia_run(&st);
  ia_expect_ok(&st, &o);
  cr_assert_eq(o.x[5], want_old, "csr %#x: read %#x, expected %#x", addr, o.x[5], want_old);
  cr_assert_eq(o.next_pc, IA_PC + 4);
  return o;
}

/* CSR index k's output after CSRRW of v at its address in M-mode. */
static uint32_t written(unsigned addr, unsigned k, uint32_t v) {
  bsyn_rv32ia_in st = ia_state(3);
  bsyn_rv32ia_out o = csr_op(st, 3, RW, addr, v, st.csr[k]); /* legal values in ia_state */
  return o.csr[k];
}

Test(rv32ia_csr, write_masks) {
  cr_assert_eq(written(0x340, BSYN_RV32IA_MSCRATCH, 0xdeadbeef), 0xdeadbeef);
  cr_assert_eq(written(0x342, BSYN_RV32IA_MCAUSE, 0xffffffff), 0xffffffff);
  cr_assert_eq(written(0x343, BSYN_RV32IA_MTVAL, 0x12345677), 0x12345677);
  cr_assert_eq(written(0x305, BSYN_RV32IA_MTVEC, 0x80000003), 0x80000000);
  cr_assert_eq(written(0x341, BSYN_RV32IA_MEPC, 0x1237), 0x1234);
  cr_assert_eq(written(0x302, BSYN_RV32IA_MEDELEG, 0xffffffff), 0xB3FF);
  cr_assert_eq(written(0x303, BSYN_RV32IA_MIDELEG, 0xffffffff), 0x222);
  cr_assert_eq(written(0x304, BSYN_RV32IA_MIE, 0xffffffff), 0xAAA);
  cr_assert_eq(written(0x344, BSYN_RV32IA_MIP, 0xffffffff), 0x222);
  cr_assert_eq(written(0x105, BSYN_RV32IA_STVEC, 0x7), 0x4);
  cr_assert_eq(written(0x140, BSYN_RV32IA_SSCRATCH, 0xcafef00d), 0xcafef00d);
  cr_assert_eq(written(0x141, BSYN_RV32IA_SEPC, 0xffffffff), 0xfffffffc);
  cr_assert_eq(written(0x142, BSYN_RV32IA_SCAUSE, 0x8000000f), 0x8000000f);
  cr_assert_eq(written(0x143, BSYN_RV32IA_STVAL, 0x55), 0x55);
  cr_assert_eq(written(0x180, BSYN_RV32IA_SATP, 0x80012345), 0x80012345);
  cr_assert_eq(written(0x301, BSYN_RV32IA_MISA, 0), 0x40141101, "misa writes are ignored");
}

Test(rv32ia_csr, mstatus) {
  bsyn_rv32ia_in st = ia_state(3);
  st.csr[BSYN_RV32IA_MSTATUS] = 0xffffffff; /* legal: 0x407E19AA, reservation included */
  bsyn_rv32ia_out o = csr_op(st, 3, RS, 0x300, 0, 0x007E19AA);
  cr_assert_eq(o.csr[BSYN_RV32IA_MSTATUS], 0x407E19AA);
  cr_assert_eq(o.csr[BSYN_RV32IA_SSTATUS], 0x000C0122);
  o = csr_op(st, 3, RW, 0x300, 0x00001000, 0x007E19AA); /* MPP = 2 written: U */
  cr_assert_eq(o.csr[BSYN_RV32IA_MSTATUS], BSYN_RV32IA_MSTATUS_RES, "reservation kept");
  o = csr_op(st, 3, RC, 0x300, IA_MS(MIE) | IA_MS(TVM), 0x007E19AA);
  cr_assert_eq(o.csr[BSYN_RV32IA_MSTATUS], 0x407E19AA & ~(IA_MS(MIE) | IA_MS(TVM)));
  st.csr[BSYN_RV32IA_MSTATUS] = 0;
  o = csr_op(st, 3, RW, 0x300, 0xffffffff, 0);
  cr_assert_eq(o.csr[BSYN_RV32IA_MSTATUS], 0x007E19AA, "a CSR write never sets the reservation");
}

Test(rv32ia_csr, sstatus_view) {
  bsyn_rv32ia_in st = ia_state(1);
  st.csr[BSYN_RV32IA_MSTATUS] = 0x407E19AA;
  st.csr[BSYN_RV32IA_SSTATUS] = 0; /* ignored: a view */
  bsyn_rv32ia_out o = csr_op(st, 1, RW, 0x100, 0, 0x000C0122);
  cr_assert_eq(o.csr[BSYN_RV32IA_MSTATUS], 0x407E19AA & ~0x000C0122u);
  cr_assert_eq(o.csr[BSYN_RV32IA_SSTATUS], 0);
  st.csr[BSYN_RV32IA_MSTATUS] = 0;
  o = csr_op(st, 1, RS, 0x100, 0xffffffff, 0);
  cr_assert_eq(o.csr[BSYN_RV32IA_MSTATUS], 0x000C0122);
}

Test(rv32ia_csr, sie_sip_views) {
  bsyn_rv32ia_in st = ia_state(1);
  st.csr[BSYN_RV32IA_MIDELEG] = 0x020; /* STI only */
  st.csr[BSYN_RV32IA_MIE] = 0x0A8;     /* SSIE off: SSIP would interrupt */
  st.csr[BSYN_RV32IA_MIP] = 0x222;
  st.csr[BSYN_RV32IA_SIE] = st.csr[BSYN_RV32IA_SIP] = 0xffffffff; /* ignored */
  bsyn_rv32ia_out o = csr_op(st, 1, RW, 0x104, 0xffffffff, 0x020);
  cr_assert_eq(o.csr[BSYN_RV32IA_MIE], 0x0A8, "only delegated bits of mie are written via sie");
  o = csr_op(st, 1, RC, 0x104, 0xffffffff, 0x020);
  cr_assert_eq(o.csr[BSYN_RV32IA_MIE], 0x088);
  cr_assert_eq(o.csr[BSYN_RV32IA_SIE], 0);
  /* sip reads mip & mideleg; SSIP is not writable while mideleg[1] = 0 */
  o = csr_op(st, 1, RC, 0x144, 2, 0x020);
  cr_assert_eq(o.csr[BSYN_RV32IA_MIP], 0x222);
  cr_assert_eq(o.csr[BSYN_RV32IA_SIP], 0x020);
  st.csr[BSYN_RV32IA_MIDELEG] = 0x222;
  st.csr[BSYN_RV32IA_MIE] = 0;
  o = csr_op(st, 1, RC, 0x144, 0x222, 0x222);
  cr_assert_eq(o.csr[BSYN_RV32IA_MIP], 0x220, "sip writes SSIP only");
  cr_assert_eq(o.csr[BSYN_RV32IA_SIP], 0x220);
}

Test(rv32ia_csr, mip_reads_irq) {
  bsyn_rv32ia_in st = ia_state(3);
  st.irq = 1; /* mie = 0: no interrupt */
  st.csr[BSYN_RV32IA_MIP] = 0xffffffff;
  bsyn_rv32ia_out o = csr_op(st, 3, RS, 0x344, 0, 0x2A2);
  cr_assert_eq(o.csr[BSYN_RV32IA_MIP], 0x222, "MTIP is not stored");
  o = csr_op(st, 3, RW, 0x344, 0xffffffff, 0x2A2);
  cr_assert_eq(o.csr[BSYN_RV32IA_MIP], 0x222);
  st.csr[BSYN_RV32IA_MIDELEG] = 0x222;
  csr_op(st, 3, RS, 0x144, 0, 0x222); /* sip never shows MTIP */
}

Test(rv32ia_csr, set_clear_and_immediates) {
  bsyn_rv32ia_in st = ia_state(3);
  st.csr[BSYN_RV32IA_MSCRATCH] = 0xf0f0f0f0;
  cr_assert_eq(csr_op(st, 3, RS, 0x340, 0x0f, 0xf0f0f0f0).csr[BSYN_RV32IA_MSCRATCH], 0xf0f0f0ff);
  cr_assert_eq(csr_op(st, 3, RC, 0x340, 0xf0, 0xf0f0f0f0).csr[BSYN_RV32IA_MSCRATCH], 0xf0f0f000);
  /* immediate forms: the rs1 field (6) itself, zero-extended */
  cr_assert_eq(csr_op(st, 3, RWI, 0x340, 0xffff, 0xf0f0f0f0).csr[BSYN_RV32IA_MSCRATCH], 6);
  cr_assert_eq(csr_op(st, 3, RSI, 0x340, 0, 0xf0f0f0f0).csr[BSYN_RV32IA_MSCRATCH], 0xf0f0f0f6);
  cr_assert_eq(csr_op(st, 3, RCI, 0x340, 0, 0xf0f0f0f0).csr[BSYN_RV32IA_MSCRATCH], 0xf0f0f0f0);
  st.csr[BSYN_RV32IA_MSCRATCH] = 0xff;
  cr_assert_eq(csr_op(st, 3, RCI, 0x340, 0, 0xff).csr[BSYN_RV32IA_MSCRATCH], 0xf9);
  /* rd = 0 still writes; rd gets old */
  st.inst = ia_csr(RW, 0, 6, 0x340);
  st.x[6] = 77;
  bsyn_rv32ia_out o = ia_run(&st);
  cr_assert_eq(o.csr[BSYN_RV32IA_MSCRATCH], 77);
  cr_assert_eq(o.x[0], 0);
}

Test(rv32ia_csr, read_only_reads) {
  static const unsigned ro[5] = {0xF11, 0xF12, 0xF13, 0xF14, 0xF15};
  bsyn_rv32ia_in st = ia_state(3);
  st.csr[BSYN_RV32IA_MHARTID] = 0x1234;
  for (unsigned k = 0; k < 5; k++) {
    st.inst = ia_csr(RS, 5, 0, ro[k]);
    bsyn_rv32ia_out o = ia_run(&st);
    ia_expect_ok(&st, &o);
    cr_assert_eq(o.x[5], ro[k] == 0xF14 ? 0x1234 : 0, "csr %#x", ro[k]);
    cr_assert_eq(o.csr[BSYN_RV32IA_MHARTID], 0x1234);
  }
}

Test(rv32ia_csr, read_only_writes_are_illegal) {
  static const unsigned ro[5] = {0xF11, 0xF12, 0xF13, 0xF14, 0xF15};
  for (unsigned k = 0; k < 5; k++) {
    bsyn_rv32ia_in st = ia_state(3);
    st.inst = ia_csr(RW, 5, 0, ro[k]); /* CSRRW always writes, even from x0 */
    ia_expect_illegal(&st);
    st.inst = ia_csr(RSI, 5, 1, ro[k]);
    ia_expect_illegal(&st);
    st.inst = ia_csr(RS, 5, 0, ro[k]); /* rs1 field 0: a read */
    bsyn_rv32ia_out o = ia_run(&st);
    ia_expect_ok(&st, &o);
    cr_assert_eq(o.x[5], 0);
  }
}

Test(rv32ia_csr, ignored_addresses) {
  static const unsigned zero[6] = {0x306, 0x30A, 0x310, 0x31A, 0x106, 0x10A};
  for (unsigned k = 0; k < 6; k++) {
    bsyn_rv32ia_in st = ia_state(3);
    st.x[5] = 99;
    bsyn_rv32ia_out o = csr_op(st, 3, RW, zero[k], 0xffffffff, 0);
    bsyn_rv32ia_out idle = csr_op(st, 3, RS, zero[k], 0, 0);
    cr_assert_eq(memcmp(o.csr, idle.csr, sizeof o.csr), 0, "a write to %#x changed a CSR", zero[k]);
  }
}

Test(rv32ia_csr, unknown_addresses_are_illegal) {
  static const unsigned bad[8] = {0xC00, 0xC01, 0xB00, 0x3A0, 0x7B0, 0x320, 0x001, 0x145};
  for (unsigned k = 0; k < 8; k++) {
    bsyn_rv32ia_in st = ia_state(3);
    st.inst = ia_csr(RS, 5, 0, bad[k]);
    ia_expect_illegal(&st);
  }
}

Test(rv32ia_csr, privilege) {
  bsyn_rv32ia_in st = ia_state(1);
  st.inst = ia_csr(RS, 5, 0, 0x300); /* M CSR from S */
  ia_expect_illegal(&st);
  st.inst = ia_csr(RS, 5, 0, 0xF14);
  ia_expect_illegal(&st);
  st.inst = ia_csr(RS, 5, 0, 0x100);
  bsyn_rv32ia_out o = ia_run(&st);
  ia_expect_ok(&st, &o);
  st.priv = 0; /* S CSR from U */
  ia_expect_illegal(&st);
  st.priv = 2; /* reserved: M */
  st.inst = ia_csr(RS, 5, 0, 0x300);
  o = ia_run(&st);
  ia_expect_ok(&st, &o);
  cr_assert_eq(o.next_priv, 3);
}

Test(rv32ia_csr, satp_and_tvm) {
  bsyn_rv32ia_in st = ia_state(1);
  st.csr[BSYN_RV32IA_SATP] = 0x80000001;
  st.csr[BSYN_RV32IA_MSTATUS] = IA_MS(TVM);
  st.inst = ia_csr(RS, 5, 0, 0x180);
  ia_expect_illegal(&st); /* even a read */
  st.csr[BSYN_RV32IA_MSTATUS] = 0;
  csr_op(st, 1, RW, 0x180, 7, 0x80000001);
  st.csr[BSYN_RV32IA_MSTATUS] = IA_MS(TVM);
  cr_assert_eq(csr_op(st, 3, RW, 0x180, 7, 0x80000001).csr[BSYN_RV32IA_SATP], 7, "M ignores TVM");
}

Test(rv32ia_csr, inputs_are_legalized) {
  bsyn_rv32ia_in st = ia_state(3);
  for (unsigned k = 0; k < BSYN_RV32IA_NUM_CSRS; k++)
    st.csr[k] = 0xffffffff;
  st.csr[BSYN_RV32IA_MSTATUS] = 0xfffff7ff & ~IA_MS(MIE); /* MPP = 2, no interrupts */
  st.csr[BSYN_RV32IA_MIE] = 0;
  st.inst = 0x00000013; /* addi x0, x0, 0 */
  bsyn_rv32ia_out o = ia_run(&st);
  ia_expect_ok(&st, &o);
  static const uint32_t want[BSYN_RV32IA_NUM_CSRS] = {
      0xfffffffc, 0xfffffffc, 0xffffffff, 0,          0x222,      0xffffffff, 0xffffffff,
      0x407E01A2, 0x222,      0xB3FF,     0xfffffffc, 0xfffffffc, 0xffffffff, 0xffffffff,
      0xffffffff, 0x000C0122, 0,          0x222,      0xffffffff, 0xffffffff, 0xffffffff};
  for (unsigned k = 0; k < BSYN_RV32IA_NUM_CSRS; k++)
    cr_assert_eq(o.csr[k], want[k], "CSR %u: %#x, expected %#x", k, o.csr[k], want[k]);
  /* legalize is what the step applies to its inputs */
  uint32_t c[BSYN_RV32IA_NUM_CSRS];
  memcpy(c, st.csr, sizeof c);
  bsyn_rv32ia_legalize(c);
  cr_assert_eq(memcmp(c, want, sizeof c), 0);
}

Test(rv32ia_csr, address_table) {
  cr_assert_eq(bsyn_rv32ia_num_csr_addrs(), 31);
  uint32_t old;
  uint32_t c[BSYN_RV32IA_NUM_CSRS] = {0};
  for (unsigned k = 0; k < 31; k++)
    cr_assert(bsyn_rv32ia_csr_read(c, bsyn_rv32ia_csr_addr(k), 3, 0, 0, &old));
  cr_assert(!bsyn_rv32ia_csr_read(c, 0x7C0, 3, 0, 0, &old));
}
