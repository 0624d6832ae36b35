/* The rv32ia-priv runner (core/bsyn_runner_ia.h) on hand-placed instruction words: the CLINT
 * timer (one tick per step, writes, the irq line and the interrupt it raises), the UART's
 * byte lanes, tohost's values, word-organized memory, the step budget, and the lock-step
 * pair on a step that answers one field wrong. Needs no cross compiler. */
#include <criterion/criterion.h>
#include <string.h>

#include "bsyn_runner_ia.h"
#include "bsyn_test_rv32ia.h"

#define CODE 0x1000u
#define DATA 0x3000u
#define VEC 0x2000u

enum { A0 = 10, A1 = 11, S0 = 8 };

static const uint32_t NOP = 0x00000013u;

static uint32_t lw(unsigned rd, unsigned rs1, uint32_t off) { return ia_i(0x03, 2, rd, rs1, off); }
static uint32_t sw(unsigned rs1, unsigned rs2, uint32_t off) { return ia_s(0x23, 2, rs1, rs2, off); }
static uint32_t sb(unsigned rs1, unsigned rs2, uint32_t off) { return ia_s(0x23, 0, rs1, rs2, off); }

/* A runner with the words at CODE, pc there, mtvec = VEC. */
static bsyn_runner_ia *runner(const uint32_t *code, size_t n) {
  bsyn_runner_ia *r = bsyn_runner_ia_new(0);
  for (size_t i = 0; i < n; i++)
    cr_assert_eq(bsyn_mem_write32(r->mem, CODE + 4 * (uint32_t)i, code[i], 0xf), 0);
  r->pc = CODE;
  r->csr[BSYN_RV32IA_MTVEC] = VEC;
  return r;
}

Test(runner_ia, reset_state) {
  bsyn_runner_ia *r = bsyn_runner_ia_new(0);
  cr_assert_eq(r->priv, BSYN_RV32IA_PRIV_M);
  cr_assert_eq(r->csr[BSYN_RV32IA_MISA], 0x40141101u);
  cr_assert_eq(r->csr[BSYN_RV32IA_MSTATUS], 0);
  cr_assert_eq(r->mtime, 0);
  cr_assert_eq(r->mtimecmp, UINT64_MAX);
  bsyn_runner_ia_free(r);
}

Test(runner_ia, mtime_ticks_once_a_step_and_takes_writes) {
  const uint32_t code[] = {lw(A0, S0, 0), lw(A1, S0, 0), sw(S0, A1, 0), lw(A0, S0, 0),
                           lw(A1, S0, 4)};
  bsyn_runner_ia *r = runner(code, 5);
  r->x[S0] = BSYN_RUNNER_IA_MTIME;
  cr_assert_eq(bsyn_runner_ia_run(r, 2), BSYN_RUNNER_STEP_LIMIT);
  cr_assert_eq(r->x[A0], 0);
  cr_assert_eq(r->x[A1], 1);
  r->x[A1] = 0xfffffffeu;
  cr_assert_eq(bsyn_runner_ia_run(r, 3), BSYN_RUNNER_STEP_LIMIT);
  cr_assert_eq(r->x[A0], 0xfffffffeu, "the step after a write reads the value written");
  cr_assert_eq(r->x[A1], 0, "high word");
  cr_assert_eq(r->mtime, 0x100000000ull);
  cr_assert_eq(r->steps, 5);
  bsyn_runner_ia_free(r);
}

/* mtime >= mtimecmp is the irq input; with MTIE and MIE the next step traps to mtvec. */
Test(runner_ia, timer_interrupt) {
  const uint32_t code[] = {NOP, NOP, NOP, NOP};
  bsyn_runner_ia *r = runner(code, 4);
  r->mtimecmp = 2;
  r->csr[BSYN_RV32IA_MIE] = 0x80;
  r->csr[BSYN_RV32IA_MSTATUS] = 0x8;
  bsyn_rv32ia_in in;
  bsyn_runner_ia_input(r, &in);
  cr_assert_eq(in.irq, 0);
  cr_assert_eq(in.inst, NOP);
  cr_assert_eq(bsyn_runner_ia_run(r, 2), BSYN_RUNNER_STEP_LIMIT);
  bsyn_runner_ia_input(r, &in);
  cr_assert_eq(in.irq, 1);
  cr_assert_eq(bsyn_runner_ia_run(r, 1), BSYN_RUNNER_STEP_LIMIT);
  cr_assert_eq(r->pc, VEC);
  cr_assert_eq(r->csr[BSYN_RV32IA_MCAUSE], 0x80000007u);
  cr_assert_eq(r->csr[BSYN_RV32IA_MEPC], CODE + 8);
  bsyn_runner_ia_free(r);
}

typedef struct sink {
  char buf[64];
  size_t n;
} sink;

static void collect(void *ctx, int fd, const uint8_t *b, size_t n) {
  sink *s = ctx;
  cr_assert_eq(fd, 1);
  for (size_t i = 0; i < n && s->n < sizeof s->buf - 1; i++)
    s->buf[s->n++] = (char)b[i];
}

/* Only a store that writes lane 0 of the THR word prints; the line status reads 0x60. */
Test(runner_ia, uart_lanes_and_status) {
  const uint32_t code[] = {sb(S0, A0, 1), sb(S0, A0, 0), sb(S0, A1, 3), sw(S0, A1, 0),
                           ia_i(0x03, 4, A0, S0, 5)};
  bsyn_runner_ia *r = runner(code, 5);
  sink s = {{0}, 0};
  r->output = collect;
  r->output_ctx = &s;
  r->x[S0] = BSYN_RUNNER_IA_UART;
  r->x[A0] = 'h';
  r->x[A1] = 0x2100000a;
  cr_assert_eq(bsyn_runner_ia_run(r, 5), BSYN_RUNNER_STEP_LIMIT);
  cr_assert_str_eq(s.buf, "h\n");
  cr_assert_eq(r->x[A0], 0x60);
  bsyn_runner_ia_free(r);
}

/* Memory is word-organized: a byte store merges into the word it reads. */
Test(runner_ia, byte_store_merges) {
  const uint32_t code[] = {sb(S0, A0, 2), lw(A1, S0, 0)};
  bsyn_runner_ia *r = runner(code, 2);
  cr_assert_eq(bsyn_mem_write32(r->mem, DATA, 0x11223344u, 0xf), 0);
  r->x[S0] = DATA;
  r->x[A0] = 0xab;
  cr_assert_eq(bsyn_runner_ia_run(r, 2), BSYN_RUNNER_STEP_LIMIT);
  cr_assert_eq(r->x[A1], 0x11ab3344u);
  bsyn_runner_ia_free(r);
}

static bsyn_runner_ia *tohost_runner(uint32_t value) {
  const uint32_t code[] = {sw(S0, A1, 4), sw(S0, A0, 0), NOP};
  bsyn_runner_ia *r = runner(code, 3);
  r->has_tohost = 1;
  r->tohost_addr = DATA;
  r->x[S0] = DATA;
  r->x[A0] = value;
  return r;
}

Test(runner_ia, tohost_values) {
  static const struct {
    uint32_t value;
    bsyn_runner_status status;
    int code;
    const char *says;
  } cases[] = {
      {1, BSYN_RUNNER_PASS, 0, "passed (tohost = 1)"},
      {7, BSYN_RUNNER_FAIL, 2, "failed test 3 (tohost = 0x00000007)"},
      {0, BSYN_RUNNER_STEP_LIMIT, 124,
       "stopped after 3 steps at pc 0x0000100c in M mode: step limit reached (mcause 0x00000000, "
       "mepc 0x00000000, mtval 0x00000000)"},
      {0x3000, BSYN_RUNNER_ERROR, 1,
       "error: expected tohost to be written with an odd value, found 0x00003000 (an HTIF "
       "request) at pc 0x00001004"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    bsyn_runner_ia *r = tohost_runner(cases[i].value);
    cr_assert_eq(bsyn_runner_ia_run(r, 3), cases[i].status, "tohost = %#x", cases[i].value);
    cr_assert_eq(r->exit_code, cases[i].code);
    char what[256];
    bsyn_runner_ia_describe(r, what, sizeof what);
    cr_assert_str_eq(what, cases[i].says);
    bsyn_runner_ia_free(r);
  }
}

/* The reference with next_pc off by 4 from the second step on. */
static int skewed(void *ctx, bsyn_runner_ia_pass pass, const bsyn_rv32ia_in *in,
                  bsyn_rv32ia_out *out, bsyn_diag *d) {
  bsyn_runner_ia_ref *ref = ctx;
  bsyn_runner_ia_ref_step(ref, pass, in, out, d);
  if (pass == BSYN_RUNNER_IA_PASS_FINAL && in->pc != CODE)
    out->next_pc += 4;
  return 0;
}

Test(runner_ia, lockstep_stops_at_the_first_difference) {
  const uint32_t code[] = {NOP, NOP, NOP};
  bsyn_runner_ia *r = runner(code, 3);
  bsyn_runner_ia_ref dut_ref;
  memset(&dut_ref, 0, sizeof dut_ref);
  bsyn_runner_ia_lockstep ls;
  memset(&ls, 0, sizeof ls);
  ls.ref = r->step;
  ls.dut = (bsyn_runner_ia_step){skewed, &dut_ref};
  r->step = (bsyn_runner_ia_step){bsyn_runner_ia_lockstep_step, &ls};
  cr_assert_eq(bsyn_runner_ia_run(r, 3), BSYN_RUNNER_ERROR);
  cr_assert_eq(r->exit_code, 1);
  cr_assert_str_eq(r->diag.msg, "expected next_pc = 0x1008 (reference), found 0x100c at pc "
                                "0x00001004 (inst 0x00000013, priv M)");
  cr_assert_eq(r->steps, 1);
  char text[1024];
  cr_assert_eq(bsyn_runner_ia_lockstep_report(&ls, r, text, sizeof text), 1);
  cr_assert(strstr(text, "lockstep: divergence at step 2, pc 0x00001004 in M mode: "), "%s", text);
  cr_assert(strstr(text, "\n  next_pc        device 0x0000100c, reference 0x00001008"), "%s",
            text);
  bsyn_runner_ia_free(r);
}

Test(runner_ia, field_names) {
  bsyn_rv32ia_out o;
  memset(&o, 0, sizeof o);
  o.x[5] = 55;
  o.csr[BSYN_RV32IA_MSTATUS] = 77;
  o.next_priv = 3;
  const char *name;
  cr_assert_eq(bsyn_runner_ia_field(&o, 5, &name), 55);
  cr_assert_str_eq(name, "x5_next");
  cr_assert_eq(bsyn_runner_ia_field(&o, 32 + BSYN_RV32IA_MSTATUS, &name), 77);
  cr_assert_str_eq(name, "mstatus_next");
  cr_assert_eq(bsyn_runner_ia_field(&o, BSYN_RUNNER_IA_NUM_FIELDS - 1, &name), 3);
  cr_assert_str_eq(name, "next_priv");
}
