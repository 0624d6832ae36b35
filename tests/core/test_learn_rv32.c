/* Learning rv32i-core's control and store-data outputs: the RV32-aware sampler in `bsyn learn`, the
 * input priority behind the look-ahead variable choice, and an exact result proven equal to the RTL
 * (verify/rv32i_core.v through Yosys) by ABC, or, without Yosys and ABC, checked on 10^6 vectors.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bsyn_io.h"
#include "bsyn_learn.h"
#include "bsyn_learn_internal.h"
#include "bsyn_learn_order.h"
#include "bsyn_oracle.h"
#include "bsyn_pool.h"
#include "bsyn_sample_rv32.h"
#include "bsyn_test.h"

#define RTL_FILE BSYN_SOURCE_DIR "/verify/rv32i_core.v"
#define RTL_SCRIPT BSYN_SOURCE_DIR "/scripts/rtl_to_aig.sh"

/* Decode, write enables, strobes, trap and cause and the store data (59 of the 155
 * outputs); the group scripts/learn_core.sh learns first. */
#define CONTROL "rs1_addr,rs2_addr,rd_we,rd_addr,mem_re,mem_we,mem_wstrb,cause,mem_wdata,trap"

/* 1 when the two files hold the same bytes. */
static int same_file(const char *a, const char *b) {
  char cmd[4096];
  snprintf(cmd, sizeof cmd, "cmp -s '%s' '%s'", a, b);
  return bsyn_test_run(cmd, NULL) == 0;
}

static bsyn_oracle *core(void) {
  bsyn_diag d;
  bsyn_oracle *o = bsyn_oracle_open("rv32i-core", &d);
  cr_assert_not_null(o, "%s", d.msg);
  return o;
}

static uint32_t input_of(const bsyn_oracle *o, const char *field, uint32_t bit) {
  for (uint32_t f = 0; f < o->num_in_fields; f++)
    if (!strcmp(o->in_fields[f].name, field))
      return o->in_fields[f].lsb + bit;
  cr_assert_fail("rv32i-core has no input field %s", field);
  return 0;
}

/* Learns the output fields in `outputs` (comma-separated) with `opts` (after the defaults:
 * they may override --verify-vectors 1000000) into `file`, checks the
 * run ends exact (and proven when Yosys and ABC are there), then re-checks the netlist on
 * 10^6 uniform vectors through the library. The run's JSON summary goes to *json (the caller
 * frees it) when json is not NULL. */
static void exact_group(const char *outputs, const char *opts, const char *file, char **json) {
  const char *out = bsyn_test_tmpfile(file);
  char ref_opt[4200] = "";
  int prove = bsyn_test_have("yosys") && bsyn_test_have("berkeley-abc");
  if (prove) {
    const char *ref = bsyn_test_tmpfile("rv32i_core.aig");
    char cmd[8192], *log = NULL;
    snprintf(cmd, sizeof cmd, "%s '%s' '%s'", RTL_SCRIPT, RTL_FILE, ref);
    int rc = bsyn_test_run(cmd, &log);
    cr_assert_eq(rc, 0, "%s failed (%d):\n%s", cmd, rc, log ? log : "");
    free(log);
    snprintf(ref_opt, sizeof ref_opt, "--reference '%s'", ref);
  }
  char args[8192];
  snprintf(args, sizeof args,
           "--oracle rv32i-core --outputs %s -o '%s' --json --threads 2 "
           "--verify-vectors 1000000 %s %s",
           outputs, out, opts, ref_opt);
  int rc;
  char *res = bsyn_test_cli("learn", args, &rc);
  cr_assert_eq(rc, 0, "bsyn learn %s:\n%s", args, res);
  cr_expect(strstr(res, "\"stop\":\"done\""), "%s", res);
  cr_expect(strstr(res, "\"mismatches\":0}"), "%s", res);
  if (prove)
    cr_expect(strstr(res, "\"proven\":true"), "%s", res);
  if (json)
    *json = res;
  else
    free(res);

  /* an independent check on uniform vectors, through the library */
  bsyn_oracle *o = core();
  bsyn_aig *g = NULL;
  bsyn_diag d;
  bsyn_diag_init(&d, out);
  cr_assert_eq(bsyn_io_read_netlist(out, &g, &d), 0, "%s", d.msg);
  uint32_t outs[160], n = 0; /* the learned outputs, in the order of `outputs` */
  char list[256], *save = NULL;
  snprintf(list, sizeof list, "%s", outputs);
  for (char *tok = strtok_r(list, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
    char *br = strchr(tok, '['); /* field[k]: one bit */
    uint32_t bit = br ? (uint32_t)atoi(br + 1) : 0;
    if (br)
      *br = 0;
    for (uint32_t f = 0; f < o->num_out_fields; f++)
      if (!strcmp(o->out_fields[f].name, tok))
        for (uint32_t k = 0; k < o->out_fields[f].width; k++)
          if (!br || k == bit)
            outs[n++] = o->out_fields[f].lsb + k;
  }
  cr_assert_eq(g->num_outputs, n);
  bsyn_diag_init(&d, "rv32i-core");
  int64_t bad = bsyn_learn_verify(g, o, outs, n, 1000000, 0x75, NULL, NULL, NULL, &d);
  cr_expect_eq(bad, 0, "%lld uniform vectors disagree (%s)", (long long)bad, d.msg);
  bsyn_aig_free(g);
  bsyn_oracle_close(o);
}

Test(learn_rv32, control_and_store_outputs_exact_and_proven, .timeout = 120) {
  exact_group(CONTROL, "", "control.aig", NULL);
}

/* The load/store address: an adder of rs1_val and a scattered immediate, behind the
 * alignment checks, in the order found from the oracle's answers (--order auto). */
Test(learn_rv32, mem_addr_exact_and_proven, .timeout = 300) {
  exact_group("mem_addr", "--epsilon 0.001 --order auto", "mem_addr.aig", NULL);
}

/* SLT, SLTU, SLTI, SLTIU: an ordered diagram (--level-order) from uniform words, the rare
 * equal-operand cases from the counterexamples (scripts/learn_core.sh's group). */
Test(learn_rv32, rd_wdata0_ordered_exact_and_proven, .timeout = 300) {
  exact_group("rd_wdata[0]", "--epsilon 0.001 --sampler uniform --level-order --sens-words 16",
              "rd_wdata0.aig", NULL);
}

/* next_pc by decode cases: the opcode's values sorted into cases by the answers, the branch
 * case learned with rs1 and rs2 compared before pc + offset is added, exact and proven; far
 * smaller than next_pc in one order (46,461 ANDs with --order auto, seed 1). */
Test(learn_rv32, next_pc_by_decode_cases_exact_and_proven, .timeout = 300) {
  char *json = NULL;
  /* each of the 10 cases searches its own counterexamples: 10^5 vectors (and 4x that)
   * each keep the test within its time under sanitizers */
  exact_group("next_pc", "--epsilon 0.001 --order cases --verify-vectors 100000", "next_pc.aig",
              &json);
  const char *ands = strstr(json, "\"ands\":"), *cases = strstr(json, "\"cases\":");
  cr_assert(ands && cases, "%s", json);
  cr_expect_lt(atoi(ands + 7), 12000, "%s", json);
  cr_expect_geq(atoi(cases + 8), 4, "%s", json);
  free(json);
}

/* Opcode bits switch the operands off: they must outrank every data input. */
Test(learn_rv32, priority_ranks_opcode_bits_above_data) {
  bsyn_oracle *o = core();
  bsyn_sampler *s = bsyn_sampler_rv32(o->num_inputs, o->in_fields, o->num_in_fields);
  cr_assert_not_null(s);
  uint32_t outs[8], n = 0;
  outs[n++] = o->out_fields[2].lsb; /* rd_we */
  for (uint32_t f = 0; f < o->num_out_fields; f++)
    if (!strcmp(o->out_fields[f].name, "mem_we") || !strcmp(o->out_fields[f].name, "trap"))
      outs[n++] = o->out_fields[f].lsb;
  double *score = calloc(o->num_inputs, sizeof *score);
  double *again = calloc(o->num_inputs, sizeof *again);
  bsyn_diag d;
  bsyn_diag_init(&d, "rv32i-core");
  cr_assert_eq(bsyn_learn_priority(o, s, 7, outs, n, 4, NULL, score, &d), 0, "%s", d.msg);
  bsyn_pool *pool = bsyn_pool_new(2);
  cr_assert_eq(bsyn_learn_priority(o, s, 7, outs, n, 4, pool, again, &d), 0, "%s", d.msg);
  bsyn_pool_free(pool);
  cr_expect_arr_eq(score, again, o->num_inputs * sizeof *score, "thread count changed scores");
  double data_max = 0, op_min = 1e30;
  const char *data[] = {"pc", "rs1_val", "rs2_val", "mem_rdata"};
  for (unsigned f = 0; f < 4; f++)
    for (uint32_t b = 0; b < 32; b++) {
      double v = score[input_of(o, data[f], b)];
      data_max = v > data_max ? v : data_max;
    }
  for (uint32_t b = 0; b < 7; b++) {
    double v = score[input_of(o, "inst", b)];
    op_min = v < op_min ? v : op_min;
  }
  cr_expect_gt(op_min, 4 * data_max, "opcode bits %g, data bits up to %g", op_min, data_max);
  free(score);
  free(again);
  bsyn_sampler_free(s);
  bsyn_oracle_close(o);
}

/* The default sampler is rv32 for rv32i-core and stress elsewhere; rv32 needs RV32 fields. */
Test(learn_rv32, sampler_defaults_and_errors) {
  const char *a = bsyn_test_tmpfile("auto.aig"), *b = bsyn_test_tmpfile("rv32.aig");
  const char *c = bsyn_test_tmpfile("stress.aig");
  char args[4096];
  int rc;
  char *res;
  snprintf(args, sizeof args, "--oracle rv32i-core --outputs rd_we,mem_wstrb -o '%s' --threads 1",
           a);
  res = bsyn_test_cli("learn", args, &rc);
  cr_assert_eq(rc, 0, "%s", res);
  free(res);
  snprintf(args, sizeof args,
           "--oracle rv32i-core --outputs rd_we,mem_wstrb --sampler rv32 -o '%s' --threads 1", b);
  res = bsyn_test_cli("learn", args, &rc);
  cr_assert_eq(rc, 0, "%s", res);
  free(res);
  cr_expect(same_file(a, b), "the default on rv32i-core is not the rv32 sampler");
  snprintf(args, sizeof args, "--oracle arith:add8 --sampler rv32 -o '%s'", c);
  res = bsyn_test_cli("learn", args, &rc);
  cr_expect_eq(rc, 1);
  cr_expect(strstr(res, "error: expected an oracle with RV32 input fields"), "%s", res);
  free(res);
}

/* The look-ahead keeps results exact and independent of the thread count. */
Test(learn_rv32, lookahead_deterministic_and_exact) {
  const char *a = bsyn_test_tmpfile("la1.aig"), *b = bsyn_test_tmpfile("la2.aig");
  const char *files[2] = {a, b};
  for (unsigned t = 0; t < 2; t++) {
    char args[4096];
    snprintf(args, sizeof args,
             "--oracle rv32i-core --outputs rd_we,mem_re,mem_wstrb,cause --lookahead 8 -o '%s' "
             "--threads %u --json --verify-vectors 100000",
             files[t], t + 1);
    int rc;
    char *res = bsyn_test_cli("learn", args, &rc);
    cr_assert_eq(rc, 0, "%s", res);
    cr_expect(strstr(res, "\"mismatches\":0}"), "%s", res);
    free(res);
  }
  cr_expect(same_file(a, b), "1 and 2 threads gave different netlists");
  char args[4096];
  snprintf(args, sizeof args,
           "--oracle arith:add16 --lookahead 8 -o '%s' --json --verify-vectors 100000", a);
  int rc;
  char *res = bsyn_test_cli("learn", args, &rc);
  cr_assert_eq(rc, 0, "%s", res);
  cr_expect(strstr(res, "\"mismatches\":0}"), "%s", res);
  free(res);
}

/* --pair-fields: after a[3], b[3] wins over a more sensitive input when at least half as
 * sensitive, and never when less. */
Test(learn_rv32, partner_bit_of_same_width_field) {
  bsyn_diag d;
  bsyn_oracle *o = bsyn_oracle_open("arith:add8", &d);
  cr_assert_not_null(o, "%s", d.msg);
  const uint32_t a3 = 3, b3 = 8 + 3, a5 = 5, b5 = 8 + 5;
  uint32_t support[3] = {a5, b3, b5};
  uint32_t stats[9] = {4, 0, 0, 6, 0, 0, 10, 0, 0}; /* b5 is the most sensitive */
  cr_expect_eq(bsyn_learn_choose_partner(o, a3, support, stats, 3, 2), 1);
  stats[3] = 4; /* b3 below half of b5 */
  cr_expect_eq(bsyn_learn_choose_partner(o, a3, support, stats, 3, 2), 2);
  stats[3] = 0; /* b3 insensitive */
  cr_expect_eq(bsyn_learn_choose_partner(o, a3, support, stats, 3, 2), 2);
  uint32_t after_b5[3] = {a3, a5, b3}, st2[9] = {8, 0, 0, 5, 0, 0, 3, 0, 0};
  cr_expect_eq(bsyn_learn_choose_partner(o, b5, after_b5, st2, 3, 0), 1,
               "after b5, a5 is the partner");
  bsyn_oracle_close(o);
}

/* --order auto on a field wider than 64 bits: a 96-bit ripple-carry adder as a black box
 * (aig:) gives every operand bit its own weight, bits 64-95 included, so both operands are
 * interleaved from bit 0 to 95. */
Test(learn_rv32, order_weights_beyond_64_bits) {
  enum { W = 96 };
  bsyn_aig *g = bsyn_aig_new();
  bsyn_lit a[W], b[W], carry = BSYN_LIT_FALSE;
  char name[32];
  for (int k = 0; k < W; k++) {
    snprintf(name, sizeof name, "a[%d]", k);
    a[k] = bsyn_aig_add_input(g, name);
  }
  for (int k = 0; k < W; k++) {
    snprintf(name, sizeof name, "b[%d]", k);
    b[k] = bsyn_aig_add_input(g, name);
  }
  for (int k = 0; k < W; k++) {
    bsyn_lit x = bsyn_aig_xor(g, a[k], b[k]);
    snprintf(name, sizeof name, "s[%d]", k);
    bsyn_aig_add_output(g, bsyn_aig_xor(g, x, carry), name);
    carry = bsyn_aig_or(g, bsyn_aig_and(g, a[k], b[k]), bsyn_aig_and(g, x, carry));
  }
  bsyn_diag d;
  const char *path = bsyn_test_tmpfile("add96.aig");
  cr_assert_eq(bsyn_io_write_aiger(g, path, 1, &d), 0, "%s", d.msg);
  char spec[1100];
  snprintf(spec, sizeof spec, "aig:%s", path);
  bsyn_oracle *o = bsyn_oracle_open(spec, &d);
  cr_assert_not_null(o, "%s", d.msg);
  uint32_t outs[W], order[2 * W];
  int32_t weight[2 * W];
  for (uint32_t k = 0; k < W; k++)
    outs[k] = k;
  bsyn_order_info info = {NULL, NULL, weight, NULL, NULL};
  bsyn_sampler *s = bsyn_sampler_uniform(2 * W);
  cr_assert_eq(bsyn_learn_discover_order(o, s, 1, outs, W, 64, NULL, order, &info, &d), 0, "%s",
               d.msg);
  for (int k = 0; k < W; k++) {
    cr_expect_eq(weight[k], k, "a[%d] has weight %d", k, weight[k]);
    cr_expect_eq(weight[W + k], k, "b[%d] has weight %d", k, weight[W + k]);
  }
  cr_expect(order[2 * 80] == 80 && order[2 * 80 + 1] == W + 80, "a[80] b[80] at 160: %u %u",
            order[160], order[161]);
  bsyn_sampler_free(s);
  bsyn_oracle_close(o);
  bsyn_aig_free(g);
}
