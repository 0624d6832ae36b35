#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bsyn_arith.h"
#include "bsyn_io.h"
#include "bsyn_test.h"

/* 1 when the two files hold the same bytes. */
static int same_file(const char *a, const char *b) {
  FILE *fa = fopen(a, "rb"), *fb = fopen(b, "rb");
  int same = fa && fb;
  while (same) {
    int x = fgetc(fa), y = fgetc(fb);
    same = x == y;
    if (x == EOF || y == EOF)
      break;
  }
  if (fa)
    fclose(fa);
  if (fb)
    fclose(fb);
  return same;
}

Test(learn_cli, add8_json_verified) {
  char args[1024];
  snprintf(args, sizeof args,
           "--oracle arith:add8 -o %s --json --verify-vectors 100000 --threads 1",
           bsyn_test_tmpfile("add8.aig"));
  int rc;
  char *out = bsyn_test_cli("learn", args, &rc);
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
  char args[1024];
  int rc;
  const char *one = bsyn_test_tmpfile("one.aig"), *two = bsyn_test_tmpfile("two.aig");
  snprintf(args, sizeof args, "--oracle arith:alu8 -o %s --threads 1 --seed 5", one);
  free(bsyn_test_cli("learn", args, &rc));
  cr_assert_eq(rc, 0);
  snprintf(args, sizeof args, "--oracle arith:alu8 -o %s --threads 2 --seed 5", two);
  char *out = bsyn_test_cli("learn", args, &rc);
  cr_assert_eq(rc, 0);
  cr_assert(strstr(out, "BSD nodes") != NULL, "%s", out);
  free(out);
  cr_assert(same_file(one, two), "the netlists differ");
}

Test(learn_cli, node_budget_reports_unfinished_mass) {
  char args[1024];
  snprintf(args, sizeof args, "--oracle arith:shl16 -o %s --max-nodes 20 --json",
           bsyn_test_tmpfile("b.aig"));
  int rc;
  char *out = bsyn_test_cli("learn", args, &rc);
  cr_assert_eq(rc, 2, "a budget that ends learning exits 2: %s", out);
  cr_assert(strstr(out, "\"status\":\"partial\"") != NULL, "%s", out);
  cr_assert(strstr(out, "\"stop\":\"node budget\"") != NULL, "%s", out);
  cr_assert(strstr(out, "\"leaves_forced\":0,") == NULL, "%s", out);
  cr_assert(strstr(out, "\"unfinished_mass\":0,") == NULL, "%s", out);
  free(out);
}

Test(learn_cli, output_subset_by_field_and_range) {
  char args[1024];
  int rc;
  snprintf(args, sizeof args,
           "--oracle arith:sub8 -o %s --outputs 'y[0-2],7' --blif %s --verilog %s --dot %s",
           bsyn_test_tmpfile("s.aig"), bsyn_test_tmpfile("s.blif"), bsyn_test_tmpfile("s.v"),
           bsyn_test_tmpfile("s.dot"));
  char *out = bsyn_test_cli("learn", args, &rc);
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
  char *out = bsyn_test_cli("learn", "--oracle arith:add8", &rc);
  cr_assert_eq(rc, 1);
  cr_assert(strstr(out, "error: expected -o") != NULL, "%s", out);
  free(out);
  out = bsyn_test_cli("learn", "--oracle arith:add8 -o /tmp/x.aig --outputs y[9]", &rc);
  cr_assert_eq(rc, 1);
  cr_assert(strstr(out, "error: expected an output") != NULL, "%s", out);
  free(out);
  out = bsyn_test_cli("learn",
                      "--oracle arith:add8 -o /tmp/x.aig --sampler stress --stress-share 1.5", &rc);
  cr_assert_eq(rc, 1);
  cr_assert_str_eq(out, "bsyn learn: error: expected --stress-share in [0, 1], found 1.5\n");
  free(out);
  out = bsyn_test_cli("learn", "--oracle nosuch:thing -o /tmp/x.aig", &rc);
  cr_assert_eq(rc, 1);
  cr_assert(strstr(out, "error") != NULL, "%s", out);
  free(out);
  out = bsyn_test_cli("learn", "--oracle arith:add8 -o /tmp/x.aig --epsilon 2", &rc);
  cr_assert_eq(rc, 1);
  free(out);
}

/* --order FILE: names, fields and ranges of the oracle's inputs; a bad entry is one error
 * line at its line of the file, and nothing is written. */
Test(learn_cli, order_file) {
  const char *ord = bsyn_test_tmpfile("add8.order"), *outp = bsyn_test_tmpfile("ordered.aig");
  FILE *f = fopen(ord, "w");
  fputs("# a and b from bit 0 up\n", f);
  for (int k = 0; k < 8; k++)
    fprintf(f, "a[%d] b[%d]%s", k, k, k % 2 ? "\n" : ", ");
  fclose(f);
  char args[2048];
  int rc;
  snprintf(args, sizeof args, "--oracle arith:add8 -o %s --order %s --json", outp, ord);
  char *out = bsyn_test_cli("learn", args, &rc);
  cr_assert_eq(rc, 0, "%s", out);
  cr_assert(strstr(out, "\"stop\":\"done\"") != NULL, "%s", out);
  free(out);
  static const char *const bad[][2] = {
      {"a[0-7]\nb[0-3] c[1]\n", ":2: error: expected an input of arith:add8 (N, N-M, field, "
                                "field[k] or field[k-j]), found 'c[1]'\n"},
      {"a b[2]\nb\n", ":2: error: expected each input once, found 'b' (listed before) again\n"},
      {"# nothing\n",
       ":1: error: expected at least one input of arith:add8, found an empty file\n"}};
  for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++) {
    f = fopen(ord, "w");
    fputs(bad[k][0], f);
    fclose(f);
    remove(outp);
    out = bsyn_test_cli("learn", args, &rc);
    char want[512];
    snprintf(want, sizeof want, "%s%s", ord, bad[k][1]);
    cr_assert_eq(rc, 1, "%s", out);
    cr_assert_str_eq(out, want);
    cr_assert_null(fopen(outp, "r"), "nothing is written on an error");
    free(out);
  }
}

/* Writes the reference netlist of arith:<op> to the temporary file name; returns its path. */
static const char *write_reference(const char *op, const char *name) {
  bsyn_diag d;
  bsyn_aig *ref = bsyn_arith_reference(op, &d);
  const char *path = bsyn_test_tmpfile(name);
  cr_assert_eq(bsyn_io_write_aiger(ref, path, 1, &d), 0);
  bsyn_aig_free(ref);
  return path;
}

/* Uniform samples never see a == b at 32 bits; the learner's own counterexample search
 * (boundary words: operands equal, off by one) finds it from the oracle alone, and the final
 * proof against the reference (read only after learning) succeeds. */
Test(learn_cli, oracle_alone_finds_equal_operands_and_is_proven, .timeout = 120) {
  if (!bsyn_test_have("berkeley-abc"))
    cr_skip("berkeley-abc is not installed");
  const char *rp = write_reference("eq32", "eq32ref.aig");
  char args[1024];
  snprintf(args, sizeof args,
           "--oracle arith:eq32 --sampler uniform --verify-vectors 100000 --threads 1 -o %s "
           "--reference %s --json",
           bsyn_test_tmpfile("eq32.aig"), rp);
  int rc;
  char *out = bsyn_test_cli("learn", args, &rc);
  cr_assert_eq(rc, 0, "%s", out);
  cr_assert(strstr(out, "\"proven\":true") != NULL, "%s", out);
  cr_assert(strstr(out, "\"self_cex\":0,") == NULL, "%s", out);
  free(out);
}

/* A search of 256 vectors a round (four words aimed at the diagram's nodes and both their
 * children) finds eq32's needle and the result is proven; with --cross-check a second
 * learner (searched for as many rounds as the first) is compared with ABC and the two end
 * proven equal, the result still proven against the reference. */
Test(learn_cli, cross_check_converges_on_a_needle, .timeout = 120) {
  if (!bsyn_test_have("berkeley-abc"))
    cr_skip("berkeley-abc is not installed");
  const char *rp = write_reference("eq32", "eq32ref_x.aig");
  const char *extra[2] = {"", " --cross-check"};
  for (int k = 0; k < 2; k++) {
    char args[1024];
    snprintf(args, sizeof args,
             "--oracle arith:eq32 --sampler uniform --verify-vectors 256 --threads 1 -o %s "
             "--reference %s --json%s",
             bsyn_test_tmpfile("eq32x.aig"), rp, extra[k]);
    int rc;
    char *out = bsyn_test_cli("learn", args, &rc);
    cr_assert_eq(rc, 0, "%s", out);
    cr_assert(strstr(out, "\"proven\":true") != NULL, "%s", out);
    cr_assert(strstr(out, k ? "\"cross_check\":true" : "\"cross_check\":null") != NULL, "%s", out);
    free(out);
  }
}

/* The reference is only the final proof: the netlist is the same byte for byte with and
 * without it, and with a wrong reference the learned netlist is still the same and the
 * proof says NOT equal. */
Test(learn_cli, reference_never_changes_what_is_learned, .timeout = 120) {
  if (!bsyn_test_have("berkeley-abc"))
    cr_skip("berkeley-abc is not installed");
  bsyn_diag d;
  bsyn_aig *ref = bsyn_arith_reference("add8", &d);
  const char *good = bsyn_test_tmpfile("add8ref.aig"), *bad = bsyn_test_tmpfile("add8bad.aig");
  cr_assert_eq(bsyn_io_write_aiger(ref, good, 1, &d), 0);
  ref->outputs[3] ^= 1; /* y[3] complemented: a reference that is wrong */
  cr_assert_eq(bsyn_io_write_aiger(ref, bad, 1, &d), 0);
  bsyn_aig_free(ref);
  const char *refs[3] = {NULL, good, bad};
  const char *files[3] = {bsyn_test_tmpfile("add8_none.aig"), bsyn_test_tmpfile("add8_good.aig"),
                          bsyn_test_tmpfile("add8_bad.aig")};
  for (int k = 0; k < 3; k++) {
    char args[2048];
    snprintf(args, sizeof args,
             "--oracle arith:add8 --sampler uniform --verify-vectors 20000 --threads 1 -o %s "
             "--json%s%s",
             files[k], refs[k] ? " --reference " : "", refs[k] ? refs[k] : "");
    int rc;
    char *out = bsyn_test_cli("learn", args, &rc);
    cr_assert_eq(rc, k == 2 ? 3 : 0, "a failed proof exits 3, else 0: %s", out);
    const char *want = k == 0 ? "\"proven\":null" : k == 1 ? "\"proven\":true" : "\"proven\":false";
    cr_assert(strstr(out, want) != NULL, "%s: %s", want, out);
    free(out);
  }
  cr_assert(same_file(files[0], files[1]));
  cr_assert(same_file(files[0], files[2]));
}

/* --checkpoint then --resume from the last checkpoint writes the same netlist. */
Test(learn_cli, resume_from_checkpoint) {
  char args[2048];
  int rc;
  const char *ck = bsyn_test_tmpfile("add16.ckpt"), *a = bsyn_test_tmpfile("ck_a.aig"),
             *b = bsyn_test_tmpfile("ck_b.aig");
  snprintf(args, sizeof args, "--oracle arith:sub16 -o %s --checkpoint %s --checkpoint-seconds 0",
           a, ck);
  free(bsyn_test_cli("learn", args, &rc));
  cr_assert_eq(rc, 0);
  snprintf(args, sizeof args, "--oracle arith:sub16 -o %s --resume %s", b, ck);
  char *out = bsyn_test_cli("learn", args, &rc);
  cr_assert_eq(rc, 0, "%s", out);
  free(out);
  cr_assert(same_file(a, b), "the resumed run wrote another netlist");
  snprintf(args, sizeof args, "--oracle arith:sub16 -o %s --resume %s --seed 9", b, ck);
  out = bsyn_test_cli("learn", args, &rc);
  cr_assert_eq(rc, 1);
  cr_assert(strstr(out, "error: expected the options the checkpoint was written with (--seed 1), "
                        "found different ones (--seed 9)") != NULL,
            "%s", out);
  free(out);
}

/* Example sets go to the decision-diagram learner, within the AND budget. */
Test(learn_cli, example_set_with_validation) {
  const char *tp = bsyn_test_shared("iwls2020/train/ex70.train.pla");
  const char *vp = bsyn_test_shared("iwls2020/validation/ex70.valid.pla");
  if (!tp || !vp)
    cr_skip("../shared/data/iwls2020 is not present");
  char args[2048];
  snprintf(args, sizeof args, "--oracle pla:%s --validate %s -o %s --max-ands 100 --json", tp, vp,
           bsyn_test_tmpfile("ex70.aig"));
  int rc;
  char *out = bsyn_test_cli("learn", args, &rc);
  cr_assert_eq(rc, 0, "%s", out);
  unsigned ands = 1u << 30;
  const char *a = strstr(out, "\"ands\":");
  if (a)
    sscanf(a + 7, "%u", &ands);
  cr_assert_leq(ands, 100, "%s", out);
  cr_assert(strstr(out, "\"validation_accuracy\":0.9") != NULL, "%s", out);
  free(out);
}

/* --order auto finds an adder's order from the answers alone: both operands from bit 0 up,
 * interleaved (each a[k], b[k] changes the sum by exactly 2^k); --save-order writes it. */
Test(learn_cli, auto_order_interleaves_adder_operands) {
  const char *ord = bsyn_test_tmpfile("add8.order");
  char args[1024];
  snprintf(args, sizeof args, "--oracle arith:add8 --order auto --save-order %s -o %s --threads 1",
           ord, bsyn_test_tmpfile("add8auto.aig"));
  int rc;
  char *out = bsyn_test_cli("learn", args, &rc);
  cr_assert_eq(rc, 0, "%s", out);
  free(out);
  FILE *f = fopen(ord, "r");
  cr_assert_not_null(f);
  char line[64], want[64];
  unsigned k = 0;
  while (fgets(line, sizeof line, f)) {
    if (line[0] == '#')
      continue;
    snprintf(want, sizeof want, "%c[%u]\n", k % 2 ? 'b' : 'a', k / 2);
    cr_expect_str_eq(line, want, "position %u", k);
    k++;
  }
  fclose(f);
  cr_assert_eq(k, 16);
}

/* x >= k over the n bits of x (literals), k a constant. */
static bsyn_lit at_least(bsyn_aig *g, const bsyn_lit *x, int n, uint32_t k) {
  bsyn_lit r = BSYN_LIT_TRUE;
  for (int i = 0; i < n; i++)
    r = (k >> i) & 1 ? bsyn_aig_and(g, x[i], r) : bsyn_aig_or(g, x[i], r);
  return r;
}

/* A comparator with a constant and a window of three values around it (the shape of EPFL
 * router's port choice): uniform samples never land in the window (3 in 2^30), the diagram
 * ends in leaves just above it. The search aims at both children of every node with the
 * bits below at boundary values (all ones under the path of the leaf below 0x3b9aca00
 * gives 0x3b9ac9ff), finds it from the oracle alone, and the proof succeeds. */
Test(learn_cli, oracle_alone_finds_a_window_below_a_leaf, .timeout = 120) {
  if (!bsyn_test_have("berkeley-abc"))
    cr_skip("berkeley-abc is not installed");
  enum { N = 30 };
  const uint32_t c = 0x3b9aca00;
  bsyn_aig *g = bsyn_aig_new();
  bsyn_lit x[N];
  char name[32];
  for (int i = 0; i < N; i++) {
    snprintf(name, sizeof name, "x[%d]", i);
    x[i] = bsyn_aig_add_input(g, name);
  }
  bsyn_lit in_window =
      bsyn_aig_and(g, at_least(g, x, N, c - 1), bsyn_lit_not(at_least(g, x, N, c + 2)));
  bsyn_aig_add_output(g, at_least(g, x, N, c + 2), "port[0]");
  bsyn_aig_add_output(g, in_window, "port[1]");
  bsyn_diag d;
  const char *box = bsyn_test_tmpfile("window.aig");
  cr_assert_eq(bsyn_io_write_aiger(g, box, 1, &d), 0, "%s", d.msg);
  bsyn_aig_free(g);
  char args[3200];
  snprintf(args, sizeof args,
           "--oracle aig:%s -o %s --reference %s --json --threads 1 --verify-vectors 100000", box,
           bsyn_test_tmpfile("window_learned.aig"), box);
  int rc;
  char *out = bsyn_test_cli("learn", args, &rc);
  cr_assert_eq(rc, 0, "%s", out);
  cr_assert(strstr(out, "\"proven\":true") != NULL, "%s", out);
  free(out);
}
