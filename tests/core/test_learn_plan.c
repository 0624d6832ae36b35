/* `bsyn learn` on an oracle with several output fields: the plan of groups (cli_learn_plan.c). */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bsyn_aig_join.h"
#include "bsyn_arith.h"
#include "bsyn_io.h"
#include "bsyn_test.h"

/* A black box with a 16-bit data word s = a + b and two flags eq = (a == b), lt = (a < b),
 * over a[15:0] b[15:0], written to a temporary file: output fields s[15:0], eq, lt. */
static const char *write_alu_flags(void) {
  static const char *const ops[3] = {"add16", "eq16", "ltu16"};
  bsyn_aig *parts[3];
  bsyn_diag d;
  for (int k = 0; k < 3; k++)
    cr_assert_not_null(parts[k] = bsyn_arith_reference(ops[k], &d), "%s", d.msg);
  bsyn_aig *g = bsyn_aig_join((const bsyn_aig *const *)parts, 3, &d);
  cr_assert_not_null(g, "%s", d.msg);
  char name[16];
  for (uint32_t r = 0; r < 16; r++) {
    snprintf(name, sizeof name, "s[%u]", r);
    bsyn_aig_set_output_name(g, r, name);
  }
  bsyn_aig_set_output_name(g, 16, "eq");
  bsyn_aig_set_output_name(g, 17, "lt");
  const char *path = bsyn_test_tmpfile("alu_flags.aig");
  cr_assert_eq(bsyn_io_write_aiger(g, path, 1, &d), 0, "%s", d.msg);
  for (int k = 0; k < 3; k++)
    bsyn_aig_free(parts[k]);
  bsyn_aig_free(g);
  return path;
}

/* The plain command learns the word and the flags as two groups (the word in an order found
 * from the answers, the flags in free order), joins them in the oracle's output order, and
 * the join is proven equal to the black box's own netlist afterwards. */
Test(learn_plan, word_and_flags_learned_as_groups_and_proven, .timeout = 120) {
  if (!bsyn_test_have("berkeley-abc"))
    cr_skip("berkeley-abc is not installed");
  const char *box = write_alu_flags(), *out = bsyn_test_tmpfile("alu_flags_learned.aig");
  char args[2048];
  snprintf(args, sizeof args,
           "--oracle aig:%s -o %s --reference %s --json --threads 1 --verify-vectors 100000",
           box, out, box);
  int rc;
  char *text = bsyn_test_cli("learn", args, &rc);
  cr_assert_eq(rc, 0, "%s", text);
  cr_assert(strstr(text, "\"status\":\"proved\"") != NULL, "%s", text);
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
  const char *box = write_alu_flags(), *out = bsyn_test_tmpfile("alu_flags_split.aig");
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
  const char *box = write_alu_flags(), *out = bsyn_test_tmpfile("alu_flags_one.aig");
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
