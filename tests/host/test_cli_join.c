#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bsyn_aig.h"
#include "bsyn_arith.h"
#include "bsyn_io.h"
#include "bsyn_test.h"
#include "bsyn_util.h"

static void learn(const char *oracle, const char *outputs, const char *file) {
  char args[1024];
  snprintf(args, sizeof args, "learn --oracle %s --outputs '%s' -o '%s' --threads 1", oracle,
           outputs, bsyn_test_tmpfile(file));
  int rc;
  char *out = bsyn_test_cli("", args, &rc);
  cr_assert_eq(rc, 0, "%s", out);
  free(out);
}

static bsyn_aig *read_netlist(const char *file) {
  bsyn_aig *g;
  bsyn_diag d;
  cr_assert_eq(bsyn_io_read_netlist(bsyn_test_tmpfile(file), &g, &d), 0, "%s", d.msg);
  return g;
}

/* Two groups of alu8 learned out of order, one of them as BLIF, come back in the oracle's
 * order and equal to the reference. */
Test(cli_join, groups_in_oracle_order_equal_reference) {
  learn("arith:alu8", "y[4-7]", "hi.aag");
  learn("arith:alu8", "y[0-3]", "lo.blif");
  char args[2048];
  int rc;
  snprintf(args, sizeof args, "join -o '%s' '%s' '%s' --oracle arith:alu8",
           bsyn_test_tmpfile("j.aig"), bsyn_test_tmpfile("hi.aag"), bsyn_test_tmpfile("lo.blif"));
  char *out = bsyn_test_cli("", args, &rc);
  cr_assert_eq(rc, 0, "%s", out);
  cr_assert_str_eq(out, "");
  free(out);
  bsyn_aig *j = read_netlist("j.aig");
  cr_assert_eq(j->num_inputs, 19);
  cr_assert_eq(j->num_outputs, 8);
  char name[16];
  for (uint32_t o = 0; o < 8; o++) {
    snprintf(name, sizeof name, "y[%u]", o);
    cr_assert_str_eq(bsyn_aig_output_name(j, o), name);
  }
  cr_assert_str_eq(bsyn_aig_input_name(j, 18), "op[2]");
  bsyn_aig_free(j);

  bsyn_diag d;
  bsyn_aig *ref = bsyn_arith_reference("arith:alu8", &d);
  cr_assert(ref, "%s", d.msg);
  bsyn_diag_init(&d, NULL);
  cr_assert_eq(bsyn_io_write_aiger(ref, bsyn_test_tmpfile("ref.aig"), 1, &d), 0, "%s", d.msg);
  bsyn_aig_free(ref);
  snprintf(args, sizeof args, "cec '%s' '%s' --patterns 200000", bsyn_test_tmpfile("j.aig"),
           bsyn_test_tmpfile("ref.aig"));
  out = bsyn_test_cli("", args, &rc);
  cr_assert_eq(rc, 0, "%s", out);
  free(out);

  /* without --oracle the parts' order stays */
  snprintf(args, sizeof args, "join -o '%s' '%s' '%s'", bsyn_test_tmpfile("p.aag"),
           bsyn_test_tmpfile("hi.aag"), bsyn_test_tmpfile("lo.blif"));
  out = bsyn_test_cli("", args, &rc);
  cr_assert_eq(rc, 0, "%s", out);
  free(out);
  j = read_netlist("p.aag");
  cr_assert_str_eq(bsyn_aig_output_name(j, 0), "y[4]");
  cr_assert_str_eq(bsyn_aig_output_name(j, 4), "y[0]");
  bsyn_aig_free(j);
}

/* Runs `bsyn args`, which must fail (exit 1) printing text: the whole output when whole,
 * else somewhere in it. */
static void fails_with(const char *args, const char *text, int whole) {
  int rc;
  char *out = bsyn_test_cli("", args, &rc);
  cr_assert_eq(rc, 1, "%s", out);
  if (whole)
    cr_assert_str_eq(out, text);
  else
    cr_assert(strstr(out, text), "%s", out);
  free(out);
}

/* The oracle's names are those bsyn learn gives (one-bit fields bare, "field[k]" otherwise);
 * a group left out is named. */
Test(cli_join, rv32_missing_group_is_named) {
  learn("rv32i-core", "trap,cause", "t.aag");
  char args[2048];
  snprintf(args, sizeof args, "join -o '%s' '%s' --oracle rv32i-core", bsyn_test_tmpfile("r.aag"),
           bsyn_test_tmpfile("t.aag"));
  fails_with(args, "bsyn join: error: expected an output named 'rs1_addr[0]', found none\n", 1);
}

Test(cli_join, errors) {
  learn("arith:add8", "y[0-3]", "a.aag");
  const char *a = bsyn_test_tmpfile("a.aag"), *x = bsyn_test_tmpfile("x.aag");
  char args[2048];
  snprintf(args, sizeof args, "join -o '%s' '%s' '%s' --oracle arith:add8", x, a, a);
  fails_with(args, "bsyn join: error: expected one output named 'y[0]', found 2", 0);
  snprintf(args, sizeof args, "join -o '%s' '%s' --oracle arith:add16", x, a);
  fails_with(
      args,
      "bsyn join: error: expected 32 inputs as in arith:add16, found 16 in the joined parts\n", 1);
  learn("arith:add4", "y", "b.aag");
  snprintf(args, sizeof args, "join -o '%s' '%s' '%s'", x, a, bsyn_test_tmpfile("b.aag"));
  fails_with(args, "bsyn join: error: expected 16 inputs as in ", 0);
  snprintf(args, sizeof args, "join -o '%s' '%s' '%s'", x, a,
           bsyn_test_data("bad/aiger/nope-missing.aag"));
  fails_with(args, "nope-missing.aag: error: expected a readable file", 0);
  fails_with("join a.aag", "bsyn join: error: expected -o OUT (see bsyn join --help), found none\n",
             1);
  fails_with("join -o x.aag",
             "bsyn join: error: expected at least one netlist to join, found none\n", 1);
  int rc;
  char *out = bsyn_test_cli("", "join --help", &rc);
  cr_assert_eq(rc, 0);
  cr_assert(strstr(out, "usage: bsyn join -o OUT PART... [--oracle SPEC]"), "%s", out);
  free(out);
}
