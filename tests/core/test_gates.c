/* The demand-driven evaluator (bsyn_gates) against bsyn_aig_eval, and the rv32 runner step
 * built on it (bsyn_gates_rv32) on netlists of the oracle layouts. Randomized tests print
 * their seed; BSYN_TEST_SEED=<n> changes it. */
#include <criterion/criterion.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "bsyn_aig.h"
#include "bsyn_gates.h"
#include "bsyn_gates_rv32.h"
#include "bsyn_runner.h"
#include "bsyn_rv32_oracle.h"
#include "bsyn_test.h"
#include "bsyn_util.h"

static uint64_t test_seed(void) {
  const char *s = getenv("BSYN_TEST_SEED");
  return s ? strtoull(s, NULL, 0) : 0x67617465ull;
}

/* Random input changes (a whole group, a few bits, nothing) and random output requests,
 * checked after each change against bsyn_aig_eval. */
static void check_against_eval(const bsyn_aig *aig, bsyn_gates_mode mode, uint64_t seed) {
  bsyn_rng rng;
  bsyn_rng_seed(&rng, seed);
  uint32_t ni = aig->num_inputs, no = aig->num_outputs;
  uint8_t *group = bsyn_malloc(ni), *in = bsyn_calloc(ni, 1), *want = bsyn_malloc(no);
  for (uint32_t i = 0; i < ni; i++)
    group[i] = (uint8_t)(bsyn_rng_next(&rng) % BSYN_GATES_GROUPS);
  bsyn_gates *g = bsyn_gates_new(aig, group, mode);
  for (int round = 0; round < 60; round++) {
    uint64_t r = bsyn_rng_next(&rng);
    unsigned grp = (unsigned)(r % BSYN_GATES_GROUPS);
    for (uint32_t i = 0; i < ni; i++) {
      int flip = (r >> 8 & 3) == 0   ? group[i] == grp && (bsyn_rng_next(&rng) & 1)
                 : (r >> 8 & 3) == 1 ? bsyn_rng_next(&rng) % ni == 0
                                     : 0;
      if (flip) {
        in[i] ^= 1;
        bsyn_gates_set_input(g, i, in[i]);
      }
    }
    if ((r >> 12 & 7) == 0 && ni >= 32) { /* a word write, some bits unchanged */
      uint32_t first = (uint32_t)(r >> 16) % (ni - 31), bits = (uint32_t)bsyn_rng_next(&rng);
      bsyn_gates_set_word(g, first, 32, bits);
      for (uint32_t k = 0; k < 32; k++)
        in[first + k] = bits >> k & 1;
    }
    bsyn_aig_eval(aig, in, want);
    for (uint32_t o = 0; o < no; o++) {
      if (bsyn_rng_next(&rng) & 1)
        continue; /* not asked this round: its memo must still be right later */
      cr_assert_eq(bsyn_gates_output(g, o), want[o],
                   "seed 0x%llx mode %d round %d: output %u is %u, bsyn_aig_eval says %u",
                   (unsigned long long)seed, (int)mode, round, o, bsyn_gates_output(g, o), want[o]);
    }
    uint32_t first = (uint32_t)(r >> 32) % no, n = no - first < 32 ? no - first : 32;
    uint32_t w = bsyn_gates_word(g, first, n);
    for (uint32_t k = 0; k < n; k++)
      cr_assert_eq(w >> k & 1, want[first + k], "seed 0x%llx mode %d round %d: word bit %u",
                   (unsigned long long)seed, (int)mode, round, first + k);
  }
  bsyn_gates_free(g);
  free(group);
  free(in);
  free(want);
}

Test(gates, equals_aig_eval_on_random_aigs) {
  uint64_t seed = test_seed();
  for (uint64_t k = 0; k < 60; k++) {
    uint64_t s = bsyn_mix64(seed + k);
    bsyn_aig *aig = bsyn_test_random_aig(8 + (uint32_t)(s % 40), 20 + (uint32_t)(s >> 8) % 900,
                                         1 + (uint32_t)(s >> 20) % 24, s);
    for (int mode = 0; mode < 3; mode++)
      check_against_eval(aig, (bsyn_gates_mode)mode, s ^ (uint64_t)mode);
    bsyn_aig_free(aig);
  }
}

Test(gates, equals_aig_eval_on_mux_shaped_aigs) {
  uint64_t seed = test_seed();
  for (uint64_t k = 0; k < 40; k++) {
    uint64_t s = bsyn_mix64(seed ^ (0x6d7578ull + k));
    bsyn_aig *aig =
        bsyn_test_mux_aig(4 + (uint32_t)(s % 60), 4 + (uint32_t)(s % 60),
                          50 + (uint32_t)(s >> 8) % 1500, 1 + (uint32_t)(s >> 20) % 40, s);
    for (int mode = 0; mode < 3; mode++)
      check_against_eval(aig, (bsyn_gates_mode)mode, s + (uint64_t)mode);
    bsyn_aig_free(aig);
  }
}

/* Deeper than the recursion limit: the explicit-stack walk takes over. */
Test(gates, deep_chain_matches_eval) {
  bsyn_aig *g = bsyn_test_deep_chain_aig(40000);
  uint8_t v[8], want[2];
  for (int mode = 0; mode < 3; mode++) {
    bsyn_gates *ev = bsyn_gates_new(g, NULL, (bsyn_gates_mode)mode);
    for (int m = 0; m < 16; m++) {
      for (int i = 0; i < 8; i++) {
        v[i] = (uint8_t)(bsyn_mix64((uint64_t)m * 8 + (uint64_t)i) & 1);
        bsyn_gates_set_input(ev, (uint32_t)i, v[i]);
      }
      bsyn_aig_eval(g, v, want);
      cr_assert_eq(bsyn_gates_output(ev, 0), want[0], "mode %d pattern %d", mode, m);
      cr_assert_eq(bsyn_gates_output(ev, 1), want[1], "mode %d pattern %d", mode, m);
    }
    bsyn_gates_free(ev);
  }
  bsyn_aig_free(g);
}

/* Unchanged inputs cost nothing; a change in a higher group leaves nodes of lower class
 * alone; a 0 on the cheap side of an AND skips the other side. */
Test(gates, memo_and_short_circuit) {
  bsyn_aig *g = bsyn_aig_new();
  bsyn_lit a = bsyn_aig_add_input(g, NULL), b = bsyn_aig_add_input(g, NULL),
           c = bsyn_aig_add_input(g, NULL);
  bsyn_lit big = c;
  for (int k = 0; k < 50; k++)
    big = bsyn_aig_xor(g, big, (k & 1) ? b : c);
  bsyn_lit ab = bsyn_aig_and(g, a, b);
  bsyn_aig_add_output(g, ab, NULL);
  bsyn_aig_add_output(g, bsyn_aig_and(g, ab, big), NULL);
  uint8_t group[3] = {0, 0, 1};
  bsyn_gates *ev = bsyn_gates_new(g, group, BSYN_GATES_CHEAP);
  /* a = 0: the cheap fanin ab is 0, the 150-AND cone of big is never visited */
  cr_assert_eq(bsyn_gates_output(ev, 1), 0);
  cr_assert_leq(bsyn_gates_computed(ev), 2);
  uint64_t n = bsyn_gates_computed(ev);
  cr_assert_eq(bsyn_gates_output(ev, 1), 0);
  cr_assert_eq(bsyn_gates_computed(ev), n, "an unchanged input state recomputes nothing");
  bsyn_gates_set_input(ev, 0, 1);
  bsyn_gates_set_input(ev, 1, 1);
  cr_assert_eq(bsyn_gates_output(ev, 0), 1);
  uint8_t in[3] = {1, 1, 0}, want[2];
  bsyn_aig_eval(g, in, want);
  cr_assert_eq(bsyn_gates_output(ev, 1), want[1]);
  n = bsyn_gates_computed(ev);
  bsyn_gates_set_input(ev, 2, 1); /* group 1: ab (class 0) stays valid */
  in[2] = 1;
  bsyn_aig_eval(g, in, want);
  cr_assert_eq(bsyn_gates_output(ev, 0), 1);
  cr_assert_eq(bsyn_gates_computed(ev), n, "ab depends on group 0 only");
  cr_assert_eq(bsyn_gates_output(ev, 1), want[1]);
  cr_assert_gt(bsyn_gates_computed(ev), n);
  bsyn_gates_free(ev);
  bsyn_aig_free(g);
}

Test(gates, rejects_bad_groups, .signal = SIGABRT) {
  bsyn_aig *g = bsyn_test_random_aig(4, 10, 2, 1);
  uint8_t group[4] = {0, 1, BSYN_GATES_GROUPS, 0};
  bsyn_gates_new(g, group, BSYN_GATES_MUX);
}

Test(gates, rejects_outputs_out_of_range, .signal = SIGABRT) {
  bsyn_aig *g = bsyn_test_random_aig(4, 10, 2, 1);
  bsyn_gates *ev = bsyn_gates_new(g, NULL, BSYN_GATES_MUX);
  bsyn_gates_output(ev, 2);
}

/* ---- the rv32 step ------------------------------------------------------------------ */

static uint32_t field_of(const uint8_t *bits, uint32_t first, uint32_t width) {
  uint32_t v = 0;
  for (uint32_t k = 0; k < width; k++)
    v |= (uint32_t)bits[first + k] << k;
  return v;
}

static void put_field(uint8_t *bits, uint32_t first, uint32_t v) {
  for (uint32_t k = 0; k < 32; k++)
    bits[first + k] = v >> k & 1;
}

/* A random netlist with the rv32i-core layout, stepped phase by phase like the runner does:
 * every output the phase provides equals bsyn_aig_eval on that phase's inputs. Both
 * evaluators: demand-driven and specialised per (pc, inst), whose (pc, inst) pairs repeat
 * (a loop of 24 instructions, 300 steps) so that cached residuals are reused. */
static void rv32_core_step_equals_eval(bsyn_gates_mode mode, uint32_t min_hits) {
  uint64_t seed = test_seed();
  bsyn_aig *aig = bsyn_test_mux_aig(BSYN_RV32C_NUM_INPUTS, BSYN_RV32C_NUM_INPUTS, 3000,
                                    BSYN_RV32C_NUM_OUTPUTS, seed);
  bsyn_diag d;
  bsyn_gates_rv32 *s = mode == BSYN_GATES_SPEC
                           ? bsyn_gates_rv32_new_spec(aig, "rv32i-core", min_hits, 0, &d)
                           : bsyn_gates_rv32_new(aig, "rv32i-core", mode, &d);
  cr_assert_not_null(s, "%s", d.msg);
  uint8_t in[BSYN_RV32C_NUM_INPUTS], out[BSYN_RV32C_NUM_OUTPUTS];
  size_t nf;
  const bsyn_runner_field *f = bsyn_runner_fields(&nf);
  static const uint32_t first[] = {
      BSYN_RV32C_OUT_RS1_ADDR, BSYN_RV32C_OUT_RS2_ADDR, BSYN_RV32C_OUT_MEM_RE,
      BSYN_RV32C_OUT_MEM_ADDR, BSYN_RV32C_OUT_TRAP,     BSYN_RV32C_OUT_CAUSE,
      BSYN_RV32C_OUT_RD_WE,    BSYN_RV32C_OUT_RD_ADDR,  BSYN_RV32C_OUT_RD_WDATA,
      BSYN_RV32C_OUT_NEXT_PC,  BSYN_RV32C_OUT_MEM_WE,   BSYN_RV32C_OUT_MEM_WSTRB,
      BSYN_RV32C_OUT_MEM_WDATA};
  static const uint32_t width[] = {5, 5, 1, 32, 1, 4, 1, 5, 32, 32, 1, 4, 32};
  cr_assert_eq(nf, sizeof first / sizeof first[0]);
  for (int step = 0; step < 300; step++) {
    uint64_t r = bsyn_mix64(seed + (uint64_t)step), key = bsyn_mix64(seed ^ (uint64_t)(step % 24));
    bsyn_rv32_in vin = {(uint32_t)key & ~3u, (uint32_t)(key >> 32), 0, 0, 0};
    for (int p = 0; p < 3; p++) {
      if (p == 1) {
        vin.rs1_val = (uint32_t)bsyn_mix64(r + 1);
        vin.rs2_val = (step & 3) ? (uint32_t)bsyn_mix64(r + 2) : 0;
      } else if (p == 2) {
        vin.mem_rdata = (step & 1) ? (uint32_t)bsyn_mix64(r + 3) : 0;
      }
      uint32_t vals[5] = {vin.pc, vin.inst, vin.rs1_val, vin.rs2_val, vin.mem_rdata};
      for (int k = 0; k < 5; k++)
        put_field(in, 32u * (uint32_t)k, vals[k]);
      bsyn_aig_eval(aig, in, out);
      bsyn_rv32_out got;
      cr_assert_eq(bsyn_gates_rv32_step(s, (bsyn_runner_phase)p, &vin, &got, &d), 0);
      for (size_t i = 0; i < nf; i++) {
        uint32_t v;
        memcpy(&v, (const char *)&got + f[i].offset, sizeof v);
        uint32_t want = (int)f[i].phase <= p ? field_of(out, first[i], width[i]) : 0;
        cr_assert_eq(v, want, "seed 0x%llx mode %d step %d phase %d: %s = 0x%x, expected 0x%x",
                     (unsigned long long)seed, (int)mode, step, p, f[i].name, v, want);
      }
    }
  }
  if (mode == BSYN_GATES_SPEC) {
    bsyn_gates_spec_stats st;
    cr_assert(bsyn_gates_rv32_spec_stats(s, &st));
    cr_assert_eq(st.builds, min_hits <= 12 ? 24u : 0u, "one residual per (pc, inst), found %llu",
                 (unsigned long long)st.builds);
  }
  bsyn_gates_rv32_free(s);
  bsyn_aig_free(aig);
}

Test(gates, rv32_core_step_equals_eval_in_every_phase) {
  rv32_core_step_equals_eval(BSYN_GATES_MUX, 0);
  rv32_core_step_equals_eval(BSYN_GATES_SPEC, 1);  /* every pair specialised at once */
  rv32_core_step_equals_eval(BSYN_GATES_SPEC, 8);  /* 7 meetings on the demand evaluator */
  rv32_core_step_equals_eval(BSYN_GATES_SPEC, 40); /* never specialised (pairs run 12-13 times) */
}

/* rv32i-full: the registers come from the attached runner; next_x and the memory outputs
 * equal bsyn_aig_eval; a netlist that changes two registers is refused by name. Both
 * evaluators; wire_regs makes most x<k>_next plain copies of x<k> (what specialising a
 * real core gives) so that the specialised step's copy shortcut is taken. */
static void rv32_full_eval(bsyn_gates_mode mode, int wire_regs) {
  uint64_t seed = test_seed();
  bsyn_aig *aig = bsyn_test_mux_aig(BSYN_RV32F_NUM_INPUTS, BSYN_RV32F_NUM_INPUTS, 6000,
                                    BSYN_RV32F_NUM_OUTPUTS, seed);
  for (uint32_t k = 1; wire_regs && k < 32; k++)
    for (uint32_t b = 0; b < 32 && k % 5; b++)
      bsyn_aig_set_output(aig, 32 * (k - 1) + b, bsyn_lit_make(1 + 32 * (k - 1) + b, 0));
  bsyn_diag d;
  bsyn_gates_rv32 *s = bsyn_gates_rv32_new(aig, NULL, mode, &d);
  cr_assert_not_null(s, "%s", d.msg);
  cr_assert_eq(bsyn_gates_rv32_layout(s), BSYN_GATES_RV32I_FULL);
  uint8_t *in = bsyn_calloc(BSYN_RV32F_NUM_INPUTS, 1), *out = bsyn_malloc(BSYN_RV32F_NUM_OUTPUTS);
  uint32_t x[32] = {0}, next_x[32];
  for (int t = 0; t < 50; t++) {
    for (uint32_t k = 1; k < 32; k++) {
      x[k] = (uint32_t)bsyn_mix64(seed * 31 + (uint64_t)t * 32 + k);
      put_field(in, 32 * (k - 1), x[k]);
    }
    bsyn_rv32_in vin = {0x1000u + 4u * (uint32_t)t, (uint32_t)bsyn_mix64(seed + (uint64_t)t), 0, 0,
                        (uint32_t)t * 0x01010101u};
    put_field(in, BSYN_RV32F_IN_PC, vin.pc);
    put_field(in, BSYN_RV32F_IN_INST, vin.inst);
    put_field(in, BSYN_RV32F_IN_MEM_RDATA, vin.mem_rdata);
    bsyn_aig_eval(aig, in, out);
    bsyn_rv32_out got;
    int rc = bsyn_gates_rv32_eval(s, &vin, x, &got, next_x, &d);
    uint32_t changed = 0;
    for (uint32_t k = 1; k < 32; k++) {
      cr_assert_eq(next_x[k], field_of(out, 32 * (k - 1), 32), "t %d: x%u_next", t, k);
      changed += next_x[k] != x[k];
    }
    cr_assert_eq(got.next_pc, field_of(out, BSYN_RV32F_OUT_NEXT_PC, 32));
    cr_assert_eq(got.mem_addr, field_of(out, BSYN_RV32F_OUT_MEM_ADDR, 32));
    cr_assert_eq(got.mem_wdata, field_of(out, BSYN_RV32F_OUT_MEM_WDATA, 32));
    cr_assert_eq(got.cause, field_of(out, BSYN_RV32F_OUT_CAUSE, 4));
    cr_assert_eq(got.rs1_addr, vin.inst >> 15 & 31);
    if (changed > 1) {
      cr_assert_eq(rc, -1);
      cr_assert(strstr(d.msg, "expected at most one register written"), "%s", d.msg);
    } else {
      cr_assert_eq(rc, 0, "%s", d.msg);
      cr_assert_eq(got.rd_we, changed);
    }
  }
  free(in);
  free(out);
  bsyn_gates_rv32_free(s);
  bsyn_aig_free(aig);
}

Test(gates, rv32_full_eval_and_register_writes) {
  for (int wire = 0; wire < 2; wire++) {
    rv32_full_eval(BSYN_GATES_MUX, wire);
    rv32_full_eval(BSYN_GATES_SPEC, wire);
  }
}

Test(gates, rv32_layout_errors_name_the_counts) {
  bsyn_aig *aig = bsyn_test_random_aig(12, 40, 3, 7);
  bsyn_diag d;
  bsyn_diag_init(&d, "cpu.aig");
  cr_assert_null(bsyn_gates_rv32_new(aig, "rv32i-core", BSYN_GATES_SPEC, &d));
  cr_assert_str_eq(d.msg, "expected 160 inputs and 155 outputs (the rv32i-core layout), found 12 "
                          "inputs and 3 outputs");
  cr_assert_str_eq(d.path, "cpu.aig");
  cr_assert_null(bsyn_gates_rv32_new(aig, NULL, BSYN_GATES_MUX, &d));
  cr_assert(strstr(d.msg, "rv32i-full layout (1088 inputs, 1099 outputs), found 12 inputs"), "%s",
            d.msg);
  cr_assert_null(bsyn_gates_rv32_new(aig, "rv64", BSYN_GATES_MUX, &d));
  cr_assert_str_eq(d.msg, "expected oracle rv32i-core or rv32i-full, found 'rv64'");
  bsyn_aig_free(aig);
}
