/* `bsyn learn` on an oracle with several output fields: the plan of groups (cli_learn_plan.c). */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bsyn_aig_join.h"
#include "bsyn_arith.h"
#include "bsyn_io.h"
#include "bsyn_learn_order.h"
#include "bsyn_oracle_restrict.h"
#include "bsyn_sim.h"
#include "bsyn_test.h"
#include "bsyn_test_boxes.h"

/* `bsyn learn` of the black box in file box with the plan into out, proved against the box
 * itself: asserts exit 0 and the proof, returns the JSON summary (the caller frees it). */
static char *learn_and_prove(const char *box, const char *out) {
  char args[2048];
  snprintf(args, sizeof args,
           "--oracle aig:%s -o %s --reference %s --json --threads 1 --verify-vectors 100000",
           box, out, box);
  int rc;
  char *text = bsyn_test_cli("learn", args, &rc);
  cr_assert_eq(rc, 0, "%s", text);
  cr_assert(strstr(text, "\"status\":\"proved\"") != NULL, "%s", text);
  return text;
}

/* The plain command learns the word and the flags as two groups (the word in an order found
 * from the answers, the flags in free order), joins them in the oracle's output order, and
 * the join is proven equal to the black box's own netlist afterwards. */
Test(learn_plan, word_and_flags_learned_as_groups_and_proven, .timeout = 120) {
  if (!bsyn_test_have("berkeley-abc"))
    cr_skip("berkeley-abc is not installed");
  const char *out = bsyn_test_tmpfile("alu_flags_learned.aig");
  char *text = learn_and_prove(bsyn_test_alu_flags(), out);
  cr_assert(strstr(text, "{\"group\":\"s\",\"strategy\":\"order auto\"") != NULL, "%s", text);
  cr_assert(strstr(text, "{\"group\":\"eq,lt\",\"strategy\":\"free order\"") != NULL, "%s",
            text);
  free(text);
  bsyn_aig *aig;
  bsyn_diag d;
  cr_assert_eq(bsyn_io_read_aiger(out, &aig, &d), 0, "%s", d.msg);
  cr_assert_eq(aig->num_outputs, 18);
  cr_assert_str_eq(bsyn_aig_output_name(aig, 3), "s[3]");
  cr_assert_str_eq(bsyn_aig_output_name(aig, 17), "lt");
  bsyn_aig_free(aig);
}

/* A node budget every strategy runs out of: groups are split (the flags into one group each,
 * the word into its lowest bit and the rest, which is not split again), every part still
 * comes back, and the run ends PARTIAL (exit 2) with all 18 outputs written. */
Test(learn_plan, groups_that_blow_up_are_split_down_to_single_outputs, .timeout = 120) {
  const char *box = bsyn_test_alu_flags(), *out = bsyn_test_tmpfile("alu_flags_split.aig");
  char args[2048];
  snprintf(args, sizeof args,
           "--oracle aig:%s -o %s --json --threads 1 --max-nodes 12 --verify-vectors 1000", box,
           out);
  int rc;
  char *text = bsyn_test_cli("learn", args, &rc);
  cr_assert_eq(rc, 2, "%s", text);
  cr_assert(strstr(text, "\"status\":\"partial\"") != NULL, "%s", text);
  cr_assert(strstr(text, "{\"group\":\"eq\",") != NULL, "%s", text);
  cr_assert(strstr(text, "{\"group\":\"s[0]\",") != NULL, "%s", text);
  cr_assert(strstr(text, "{\"group\":\"s[1-15]\",\"strategy\":") != NULL, "%s", text);
  cr_assert(strstr(text, "\"tries\":5,") != NULL, "%s", text);
  cr_assert(strstr(text, "{\"group\":\"s[1]\",") == NULL, "%s", text);
  free(text);
  bsyn_aig *aig;
  bsyn_diag d;
  cr_assert_eq(bsyn_io_read_aiger(out, &aig, &d), 0, "%s", d.msg);
  cr_assert_eq(aig->num_outputs, 18);
  bsyn_aig_free(aig);
}

/* --groups one keeps the single diagram; a bad value is one clear error. */
Test(learn_plan, groups_one_and_a_bad_value) {
  const char *box = bsyn_test_alu_flags(), *out = bsyn_test_tmpfile("alu_flags_one.aig");
  char args[2048];
  snprintf(args, sizeof args, "--oracle aig:%s -o %s --json --threads 1 --groups one "
           "--verify-vectors 1000", box, out);
  int rc;
  char *text = bsyn_test_cli("learn", args, &rc);
  cr_assert(rc == 0 || rc == 3, "%s", text);
  cr_assert(strstr(text, "\"groups\"") == NULL, "%s", text);
  free(text);
  snprintf(args, sizeof args, "--oracle aig:%s -o %s --groups two", box, out);
  text = bsyn_test_cli("learn", args, &rc);
  cr_assert_eq(rc, 1);
  cr_assert(strstr(text, "expected --groups auto or one, found 'two'") != NULL, "%s", text);
  free(text);
}

/* The word is learned as decode cases: op's values sorted into cases by the answers (c for
 * op 2 and 3 is one), each in its own order, the whole proven equal to the black box
 * afterwards. */
Test(learn_plan, word_learned_by_decode_cases_and_proven, .timeout = 120) {
  if (!bsyn_test_have("berkeley-abc"))
    cr_skip("berkeley-abc is not installed");
  char *text = learn_and_prove(bsyn_test_toy_core(), bsyn_test_tmpfile("toy_core_learned.aig"));
  cr_assert(strstr(text, "{\"group\":\"y\",\"strategy\":\"decode cases\"") != NULL, "%s", text);
  const char *cases = strstr(text, "\"cases\":");
  cr_assert(cases && atoi(cases + 8) >= 2, "%s", text);
  free(text);
}

/* --order cases on its own: the same cases for the word alone; an oracle without decode
 * inputs (an adder) and options a case split cannot honour are one clear error each. */
Test(learn_plan, order_cases_alone_and_its_errors, .timeout = 120) {
  const char *box = bsyn_test_toy_core(), *out = bsyn_test_tmpfile("toy_core_y.aig");
  char args[2048];
  snprintf(args, sizeof args,
           "--oracle aig:%s --outputs y --order cases -o %s --json --threads 1 "
           "--verify-vectors 100000",
           box, out);
  int rc;
  char *text = bsyn_test_cli("learn", args, &rc);
  cr_assert_eq(rc, 0, "%s", text);
  const char *cases = strstr(text, "\"cases\":");
  cr_assert(cases && atoi(cases + 8) >= 2, "%s", text);
  cr_assert(strstr(text, "\"mismatches\":0}") != NULL, "%s", text);
  free(text);
  snprintf(args, sizeof args, "--oracle arith:add8 --order cases -o %s", out);
  text = bsyn_test_cli("learn", args, &rc);
  cr_assert_eq(rc, 1, "%s", text);
  cr_assert(strstr(text, "bsyn learn: error: expected decode inputs that split the outputs "
                         "into 2 to 64 cases, found none") != NULL,
            "%s", text);
  free(text);
  snprintf(args, sizeof args, "--oracle aig:%s --outputs y --order cases --dot x.dot -o %s", box,
           out);
  text = bsyn_test_cli("learn", args, &rc);
  cr_assert_eq(rc, 1, "%s", text);
  cr_assert(strstr(text, "expected --order cases without --dot") != NULL, "%s", text);
  free(text);
}

/* The toy core opened as an oracle. */
static bsyn_oracle *toy_oracle(void) {
  char spec[1100];
  snprintf(spec, sizeof spec, "aig:%s", bsyn_test_toy_core());
  bsyn_diag d;
  bsyn_oracle *o = bsyn_oracle_open(spec, &d);
  cr_assert_not_null(o, "%s", d.msg);
  return o;
}

/* A cofactor answers as the oracle with the held inputs set, whatever a query puts there,
 * and keeps the oracle's fields. */
Test(learn_plan, cofactor_holds_its_inputs) {
  bsyn_oracle *o = toy_oracle();
  const uint32_t held[2] = {0, 1};
  const uint8_t values[2] = {1, 0}; /* op = 1: the branch */
  bsyn_oracle *cof = bsyn_oracle_restrict(o, held, values, 2);
  cr_assert_str_eq(cof->name + strlen(o->name), "|op[0]=1,op[1]=0");
  cr_assert_eq(cof->num_in_fields, o->num_in_fields);
  cr_assert_str_eq(cof->out_fields[0].name, "y");
  enum { W = 4 };
  uint64_t in[TOY_INPUTS * W], set[TOY_INPUTS * W], out[(TOY_BITS + 1) * W], want[(TOY_BITS + 1) * W];
  bsyn_sim_random_rows(in, W, TOY_INPUTS, W, 0, 7);
  memcpy(set, in, sizeof in);
  for (int w = 0; w < W; w++)
    set[0 * W + w] = ~0ull, set[1 * W + w] = 0;
  bsyn_diag d;
  cr_assert_eq(bsyn_oracle_eval(cof, in, out, W, &d), 0, "%s", d.msg);
  cr_assert_eq(bsyn_oracle_eval(o, set, want, W, &d), 0, "%s", d.msg);
  cr_assert_eq(memcmp(out, want, sizeof out), 0);
  bsyn_oracle_close(cof);
  bsyn_oracle_close(o);
}

/* In the branch's cofactor, a and b meet only each other (neither has a weight of its own)
 * while c is added to: --order auto reads a and b first, interleaved from bit 0, then c.
 * (Sampled as `bsyn learn` samples a netlist: stress words, where a and b are often close,
 * so that their low bits are seen to matter.) */
Test(learn_plan, compared_operands_come_before_the_adder) {
  bsyn_oracle *o = toy_oracle();
  const uint32_t held[2] = {0, 1};
  const uint8_t values[2] = {1, 0};
  bsyn_oracle *cof = bsyn_oracle_restrict(o, held, values, 2);
  uint32_t outs[TOY_BITS], order[TOY_INPUTS];
  for (uint32_t k = 0; k < TOY_BITS; k++)
    outs[k] = k;
  bsyn_sampler *s = bsyn_sampler_stress(TOY_INPUTS, cof->in_fields, cof->num_in_fields);
  bsyn_diag d;
  cr_assert_eq(bsyn_learn_discover_order(cof, s, 1, outs, TOY_BITS, 64, NULL, order, NULL, &d), 0,
               "%s", d.msg);
  const uint32_t a0 = 2, b0 = 2 + TOY_BITS, c0 = 2 + 2 * TOY_BITS;
  for (uint32_t k = 0; k < TOY_BITS; k++) {
    cr_expect_eq(order[2 * k], a0 + k, "a[%u] at %u: input %u", k, 2 * k, order[2 * k]);
    cr_expect_eq(order[2 * k + 1], b0 + k, "b[%u] at %u: input %u", k, 2 * k + 1,
                 order[2 * k + 1]);
  }
  for (uint32_t k = 0; k < TOY_BITS; k++)
    cr_expect_eq(order[2 * TOY_BITS + k], c0 + k, "c[%u] at %u: input %u", k, 2 * TOY_BITS + k,
                 order[2 * TOY_BITS + k]);
  bsyn_sampler_free(s);
  bsyn_oracle_close(cof);
  bsyn_oracle_close(o);
}

/* --checkpoint DIR with a plan: each first group is saved as learned; the same command again
 * reads them back and writes the same netlist; a run with other options refuses them. */
Test(learn_plan, checkpoint_folder_reads_groups_back, .timeout = 120) {
  const char *box = bsyn_test_alu_flags(), *dir = bsyn_test_tmpfile("plan_ck");
  const char *first = bsyn_test_tmpfile("ck1.aig"), *again = bsyn_test_tmpfile("ck2.aig");
  char args[4096];
  int rc;
  snprintf(args, sizeof args,
           "--oracle aig:%s -o %s --threads 1 --verify-vectors 10000 --checkpoint %s --json", box,
           first, dir);
  char *text = bsyn_test_cli("learn", args, &rc);
  cr_assert_eq(rc, 0, "%s", text);
  free(text);
  char saved[4200];
  snprintf(saved, sizeof saved, "%s/group-1.bsyn", dir);
  FILE *f = fopen(saved, "rb");
  cr_assert_not_null(f, "no %s", saved);
  fclose(f);
  snprintf(args, sizeof args,
           "--oracle aig:%s -o %s --threads 1 --verify-vectors 10000 --checkpoint %s --json", box,
           again, dir);
  text = bsyn_test_cli("learn", args, &rc);
  cr_assert_eq(rc, 0, "%s", text);
  free(text);
  char cmd[8192];
  snprintf(cmd, sizeof cmd, "cmp -s '%s' '%s'", first, again);
  cr_expect_eq(bsyn_test_run(cmd, NULL), 0, "the groups read back gave another netlist");
  snprintf(args, sizeof args,
           "--oracle aig:%s -o %s --threads 1 --verify-vectors 10000 --checkpoint %s --seed 2",
           box, again, dir);
  text = bsyn_test_cli("learn", args, &rc);
  cr_assert_eq(rc, 1, "%s", text);
  cr_expect(strstr(text, "group-0.bsyn:1: error: expected a group of this run (") != NULL, "%s",
            text);
  free(text);
}
