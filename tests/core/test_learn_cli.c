#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bsyn_io.h"
#include "bsyn_test.h"

static char *run(const char *args, int *rc) {
  char cmd[2048];
  snprintf(cmd, sizeof cmd, "%s learn %s", bsyn_test_exe(), args);
  char *out;
  *rc = bsyn_test_run(cmd, &out);
  return out;
}

Test(learn_cli, add8_json_verified) {
  char args[1024];
  snprintf(args, sizeof args, "--oracle arith:add8 -o %s --json --verify-vectors 100000 --threads 1",
           bsyn_test_tmpfile("add8.aig"));
  int rc;
  char *out = run(args, &rc);
  cr_assert_eq(rc, 0, "%s", out);
  cr_assert(strstr(out, "\"mismatches\":0}") != NULL, "%s", out);
  cr_assert(strstr(out, "\"stop\":\"done\"") != NULL, "%s", out);
  free(out);
  bsyn_aig *aig;
  bsyn_diag d;
  cr_assert_eq(bsyn_io_read_aiger(bsyn_test_tmpfile("add8.aig"), &aig, &d), 0, "%s", d.msg);
  cr_assert_eq(aig->num_inputs, 16);
  cr_assert_eq(aig->num_outputs, 8);
  cr_assert_str_eq(bsyn_aig_output_name(aig, 3), "y[3]");
  bsyn_aig_free(aig);
}

/* Byte-identical netlists on one and two threads (and a text summary). */
Test(learn_cli, same_file_on_any_thread_count) {
  char args[1024], cmd[1400];
  int rc;
  const char *one = bsyn_test_tmpfile("one.aig"), *two = bsyn_test_tmpfile("two.aig");
  snprintf(args, sizeof args, "--oracle arith:alu8 -o %s --threads 1 --seed 5", one);
  free(run(args, &rc));
  cr_assert_eq(rc, 0);
  snprintf(args, sizeof args, "--oracle arith:alu8 -o %s --threads 2 --seed 5", two);
  char *out = run(args, &rc);
  cr_assert_eq(rc, 0);
  cr_assert(strstr(out, "BSD nodes") != NULL, "%s", out);
  free(out);
  snprintf(cmd, sizeof cmd, "cmp %s %s", one, two);
  cr_assert_eq(bsyn_test_run(cmd, NULL), 0, "the netlists differ");
}

Test(learn_cli, node_budget_reports_unfinished_mass) {
  char args[1024];
  snprintf(args, sizeof args, "--oracle arith:shl16 -o %s --max-nodes 20 --json", bsyn_test_tmpfile("b.aig"));
  int rc;
  char *out = run(args, &rc);
  cr_assert_eq(rc, 0, "%s", out);
  cr_assert(strstr(out, "\"stop\":\"node budget\"") != NULL, "%s", out);
  cr_assert(strstr(out, "\"leaves_forced\":0,") == NULL, "%s", out);
  cr_assert(strstr(out, "\"unfinished_mass\":0,") == NULL, "%s", out);
  free(out);
}

Test(learn_cli, output_subset_by_field_and_range) {
  char args[1024];
  int rc;
  snprintf(args, sizeof args, "--oracle arith:sub8 -o %s --outputs 'y[0-2],7' --blif %s --verilog %s --dot %s",
           bsyn_test_tmpfile("s.aig"), bsyn_test_tmpfile("s.blif"), bsyn_test_tmpfile("s.v"),
           bsyn_test_tmpfile("s.dot"));
  char *out = run(args, &rc);
  cr_assert_eq(rc, 0, "%s", out);
  free(out);
  bsyn_aig *aig;
  bsyn_diag d;
  cr_assert_eq(bsyn_io_read_blif(bsyn_test_tmpfile("s.blif"), &aig, &d), 0, "%s", d.msg);
  cr_assert_eq(aig->num_outputs, 4);
  bsyn_aig_free(aig);
}

Test(learn_cli, bad_arguments) {
  int rc;
  char *out = run("--oracle arith:add8", &rc);
  cr_assert_eq(rc, 1);
  cr_assert(strstr(out, "error: expected -o") != NULL, "%s", out);
  free(out);
  out = run("--oracle arith:add8 -o /tmp/x.aig --outputs y[9]", &rc);
  cr_assert_eq(rc, 1);
  cr_assert(strstr(out, "error: expected an output") != NULL, "%s", out);
  free(out);
  out = run("--oracle nosuch:thing -o /tmp/x.aig", &rc);
  cr_assert_eq(rc, 1);
  cr_assert(strstr(out, "error") != NULL, "%s", out);
  free(out);
  out = run("--oracle arith:add8 -o /tmp/x.aig --epsilon 2", &rc);
  cr_assert_eq(rc, 1);
  free(out);
}
