/* Traces of rv32ia-priv programs (`bsyn trace --machine rv32ia-priv`, docs/traces.md) and the
 * scheduler of programs/rtos: it passes on the reference; its trace holds one vector per step
 * whose answers are the C model's and whose states chain (each vector's registers, CSRs, pc
 * and privilege are the previous one's outputs); the filters and the :hints layout; option
 * errors; bsyn learn refuses a trace of another layout with one line. Skips without the cross
 * compiler. The scheduler on the RTL netlist: tests/verify/test_priv_gates.c. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bsyn_rv32ia.h"
#include "bsyn_test.h"
#include "bsyn_test_build.h"
#include "bsyn_trace.h"
#include "bsyn_transpose.h"
#include "bsyn_util.h"

static const char *prog(const char *name) { return bsyn_test_program("priv", name); }

static int run(const char *args, char **out) {
  char cmd[8192];
  snprintf(cmd, sizeof cmd, "'%s' %s", bsyn_test_exe(), args);
  return bsyn_test_run(cmd, out);
}

/* Records program with extra options into a fresh file and reads it back; *steps gets the
 * run's step count from the summary line. */
static bsyn_trace *record(const char *program, const char *extra, uint64_t *steps) {
  const char *path = bsyn_test_tmpfile("t.trace");
  char args[2400], *out;
  snprintf(args, sizeof args, "trace --machine rv32ia-priv %s '%s' -o '%s' 2>&1 >/dev/null", extra,
           prog(program), path);
  int rc = run(args, &out);
  cr_assert_eq(rc, 0, "%s: exit %d: %s", program, rc, out);
  const char *from = strstr(out, " from ");
  cr_assert_not_null(from, "%s", out);
  *steps = strtoull(from + 6, NULL, 10);
  free(out);
  bsyn_trace *t;
  bsyn_diag d;
  bsyn_diag_init(&d, path);
  cr_assert_eq(bsyn_trace_read(path, &t, &d), 0, "%s", d.msg);
  return t;
}

/* Vector v of t's inputs (or outputs) as a packed bit vector. */
static void vector_bits(const uint64_t *rows, uint32_t n, size_t nwords, size_t v, uint64_t *bits) {
  for (uint32_t c = 0; c * 64 < n; c++) {
    uint64_t m[64];
    bsyn_transpose64_gather(rows + (size_t)64 * c * nwords + v / 64, nwords,
                            n - 64 * c < 64 ? n - 64 * c : 64, m);
    bits[c] = m[v % 64];
  }
}

static void vector_in(const bsyn_trace *t, size_t v, bsyn_rv32ia_in *in) {
  uint64_t bits[BSYN_RV32IA_IN_WORDS] = {0};
  vector_bits(t->in, t->num_inputs, t->nwords, v, bits);
  bsyn_rv32ia_unpack_in(bits, t->num_inputs == BSYN_RV32IA_NUM_INPUTS_HINTS, in);
}

Test(priv_trace, rtos_passes_on_the_reference) {
  char args[1200], *out;
  snprintf(args, sizeof args, "run --machine rv32ia-priv '%s' 2>&1", prog("rtos"));
  int rc = run(args, &out);
  cr_assert_eq(rc, 0, "exit %d: %s", rc, out);
  cr_assert(strstr(out, "task 0: crc32 0x8cdc62f0\n"), "%s", out);
  cr_assert(strstr(out, "task 1: done\n"), "%s", out);
  cr_assert(strstr(out, "rtos: all tasks done: "), "%s", out);
  free(out);
}

/* Every step is one vector; its answer is the C model's; the next vector's state is this
 * one's outputs. The scheduler's run takes timer interrupts and ECALLs from U mode. */
Test(priv_trace, rtos_trace_is_the_run, .timeout = 120) {
  uint64_t steps = 0;
  bsyn_trace *t = record("rtos", "", &steps);
  cr_assert_str_eq(t->oracle, "rv32ia-priv");
  cr_assert_eq(t->num_inputs, BSYN_RV32IA_NUM_INPUTS);
  cr_assert_eq(t->num_outputs, BSYN_RV32IA_NUM_OUTPUTS);
  cr_assert_eq(t->num_vectors, steps, "one vector per step");
  cr_assert_gt(steps, 50000);
  size_t irqs = 0, ecalls = 0, user = 0;
  bsyn_rv32ia_out prev;
  for (size_t v = 0; v < t->num_vectors; v++) {
    bsyn_rv32ia_in in;
    bsyn_rv32ia_out o;
    vector_in(t, v, &in);
    bsyn_rv32ia_step(&in, &o);
    uint64_t want[BSYN_RV32IA_OUT_WORDS], got[BSYN_RV32IA_OUT_WORDS] = {0};
    bsyn_rv32ia_pack_out(&o, want);
    vector_bits(t->out, t->num_outputs, t->nwords, v, got);
    got[BSYN_RV32IA_OUT_WORDS - 1] &= ~(~0ull << (BSYN_RV32IA_NUM_OUTPUTS % 64));
    cr_assert_eq(memcmp(want, got, sizeof want), 0, "vector %zu: another answer", v);
    if (v > 0) {
      cr_assert_eq(memcmp(in.x + 1, prev.x + 1, 31 * 4), 0, "vector %zu: registers", v);
      cr_assert_eq(memcmp(in.csr, prev.csr, sizeof in.csr), 0, "vector %zu: CSRs", v);
      cr_assert_eq(in.pc, prev.next_pc, "vector %zu: pc", v);
      cr_assert_eq(in.priv, prev.next_priv, "vector %zu: privilege", v);
    }
    irqs += o.trap && o.cause == (BSYN_RV32IA_CAUSE_INTERRUPT | 7);
    ecalls += o.trap && o.cause == BSYN_RV32IA_CAUSE_ECALL_U;
    user += in.priv == BSYN_RV32IA_PRIV_U;
    prev = o;
  }
  cr_assert_gt(irqs, 100, "timer interrupts: %zu", irqs);
  cr_assert_eq(ecalls, 20, "ECALLs from U (12 yields, 5 writes, 3 exits): %zu", ecalls);
  cr_assert_gt(user, steps / 2, "steps in U mode: %zu", user);
  bsyn_trace_free(t);
}

static uint32_t pc_of(const bsyn_trace *t, size_t v) {
  bsyn_rv32ia_in in;
  vector_in(t, v, &in);
  return in.pc;
}

/* --dedup drops repeated vectors, --per-pc caps each pc, --max-vectors the count; the
 * program still runs to its end. */
Test(priv_trace, filters, .timeout = 60) {
  uint64_t steps = 0;
  bsyn_trace *t = record("rtos", "--per-pc 3 --dedup", &steps);
  cr_assert_lt(t->num_vectors, steps / 20, "%zu of %llu", t->num_vectors,
               (unsigned long long)steps);
  uint32_t *pcs = bsyn_calloc(t->num_vectors + 1, sizeof *pcs);
  for (size_t v = 0; v < t->num_vectors; v++)
    pcs[v] = pc_of(t, v);
  for (size_t v = 0; v < t->num_vectors; v++) {
    size_t same = 0;
    for (size_t u = 0; u < t->num_vectors; u++)
      same += pcs[u] == pcs[v];
    cr_assert_leq(same, 3, "pc 0x%08x recorded %zu times", pcs[v], same);
  }
  free(pcs);
  bsyn_trace_free(t);
  t = record("rtos", "--max-vectors 100", &steps);
  cr_assert_eq(t->num_vectors, 100);
  cr_assert_gt(steps, 50000, "the program ran on");
  bsyn_trace_free(t);
  t = record("timer", "--dedup", &steps);
  cr_assert_leq(t->num_vectors, steps);
  bsyn_trace_free(t);
}

/* rv32ia-priv:hints: 1,894 inputs, the hints hold the true operands. */
Test(priv_trace, hints_hold_the_operands, .timeout = 60) {
  uint64_t steps = 0;
  bsyn_trace *t = record("csr", "--oracle rv32ia-priv:hints", &steps);
  cr_assert_eq(t->num_inputs, BSYN_RV32IA_NUM_INPUTS_HINTS);
  cr_assert_eq(t->num_vectors, steps);
  size_t csr_reads = 0;
  for (size_t v = 0; v < t->num_vectors; v++) {
    bsyn_rv32ia_in in;
    vector_in(t, v, &in);
    unsigned a = in.inst >> 15 & 31, b = in.inst >> 20 & 31;
    cr_assert_eq(in.rs1_hint, a ? in.x[a] : 0, "vector %zu", v);
    cr_assert_eq(in.rs2_hint, b ? in.x[b] : 0, "vector %zu", v);
    csr_reads += (in.inst & 0x707f) == 0x2073 && in.csr_hint != 0; /* csrrs */
  }
  cr_assert_gt(csr_reads, 10);
  bsyn_trace_free(t);
}

Test(priv_trace, option_errors) {
  static const struct {
    const char *args, *says;
  } bad[] = {
      {"--machine rv32ia-priv --oracle rv32i-core",
       "error: expected an oracle with the rv32ia-priv layout (1798 or 1894 inputs with hints, "
       "1826 outputs), found rv32i-core with 160 inputs and 155 outputs\n"},
      {"--machine rv32x", "bsyn trace: error: expected rv32i or rv32ia-priv after --machine, "
                          "found 'rv32x'\n"},
      {"--per-pc 0", "bsyn trace: error: expected a positive count after --per-pc, found '0'\n"},
  };
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    char args[1200], *out;
    snprintf(args, sizeof args, "trace %s '%s' -o '%s'", bad[i].args, prog("modes"),
             bsyn_test_tmpfile("bad.trace"));
    cr_assert_eq(run(args, &out), 1, "%s: %s", bad[i].args, out);
    size_t n = strlen(out), m = strlen(bad[i].says);
    cr_assert(n >= m && !strcmp(out + n - m, bad[i].says), "%s: %s", bad[i].args, out);
    cr_assert_eq(strchr(out, '\n'), out + n - 1, "one line: %s", out);
    free(out);
  }
}

/* A trace whose layout is not the oracle's is one line and exit 1: another machine's, and
 * one with the same input count but other fields. */
Test(priv_trace, learn_refuses_a_trace_of_another_layout, .timeout = 60) {
  char rv32i[1024], args[4096], *out;
  snprintf(rv32i, sizeof rv32i, "%s/programs/printf.elf", BSYN_BUILD_DIR);
  const char *core = bsyn_test_tmpfile("core.trace"), *ia = bsyn_test_tmpfile("ia.trace");
  snprintf(args, sizeof args, "trace '%s' --max-vectors 100 -o '%s' >/dev/null 2>&1", rv32i, core);
  cr_assert_eq(run(args, NULL), 0);
  snprintf(args, sizeof args, "trace --machine rv32ia-priv '%s' -o '%s' >/dev/null 2>&1",
           prog("modes"), ia);
  cr_assert_eq(run(args, NULL), 0);
  const char *fake = bsyn_test_tmpfile("fake.trace");
  bsyn_field f = {"a", 0, BSYN_RV32IA_NUM_INPUTS}, g = {"y", 0, 1};
  uint64_t zero[BSYN_RV32IA_NUM_INPUTS] = {0};
  char name[] = "fake";
  bsyn_trace ft = {name, BSYN_RV32IA_NUM_INPUTS, 1, &f, 1, &g, 1, 1, 1, zero, zero};
  bsyn_diag d;
  bsyn_diag_init(&d, fake);
  cr_assert_eq(bsyn_trace_write(fake, &ft, &d), 0, "%s", d.msg);
  const struct {
    const char *oracle, *trace, *says;
  } cases[] = {
      {"rv32ia-priv", core,
       "expected a trace of rv32ia-priv (1798 inputs), found one of "
       "rv32i-core with 160 inputs\n"},
      {"rv32i-full", ia,
       "expected a trace of rv32i-full (1088 inputs), found one of "
       "rv32ia-priv with 1798 inputs\n"},
      {"rv32ia-priv", fake,
       "expected a trace of rv32ia-priv (input field 0: 'x0' at bits "
       "0..31), found one of fake with 'a' at bits 0..1797\n"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    snprintf(args, sizeof args, "learn --oracle %s --trace '%s' --outputs 0 -o '%s' 2>&1",
             cases[i].oracle, cases[i].trace, bsyn_test_tmpfile("l.aig"));
    cr_assert_eq(run(args, &out), 1, "%s", out);
    size_t n = strlen(out), m = strlen(cases[i].says);
    cr_assert(n >= m && !strcmp(out + n - m, cases[i].says), "%s", out);
    cr_assert_eq(strchr(out, '\n'), out + n - 1, "one line: %s", out);
    free(out);
  }
}
