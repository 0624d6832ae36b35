#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "bsyn_arith.h"
#include "bsyn_formal.h"
#include "bsyn_io.h"
#include "bsyn_test.h"
#include "bsyn_util.h"
#include "flip_and.h"

#define SPEC "arith:add16"

static bsyn_aig *reference(void) {
  bsyn_diag d;
  bsyn_diag_init(&d, NULL);
  bsyn_aig *g = bsyn_arith_reference(SPEC, &d);
  cr_assert_not_null(g, "%s", d.msg);
  return g;
}

/* The same adder built another way (carry = (a ^ b) ? c : a, sum through a mux), so that
 * ABC has to prove it rather than find it structurally identical. */
static bsyn_aig *other_adder(void) {
  bsyn_aig *g = bsyn_aig_new();
  bsyn_lit a[16], b[16], c = BSYN_LIT_FALSE;
  for (int k = 0; k < 16; k++)
    a[k] = bsyn_aig_add_input(g, NULL);
  for (int k = 0; k < 16; k++)
    b[k] = bsyn_aig_add_input(g, NULL);
  for (int k = 0; k < 16; k++) {
    bsyn_lit p = bsyn_aig_xor(g, a[k], b[k]);
    bsyn_aig_add_output(g, bsyn_aig_mux(g, c, bsyn_lit_not(p), p), NULL);
    c = bsyn_aig_mux(g, p, c, a[k]);
  }
  return g;
}

static void need_abc(void) {
  if (!bsyn_formal_available())
    cr_skip_test("berkeley-abc is not installed");
}

/* A counterexample really separates the two netlists. */
static void assert_reproduces(const bsyn_aig *x, const bsyn_aig *y, const uint8_t *cex) {
  uint8_t ox[64], oy[64];
  bsyn_aig_eval(x, cex, ox);
  bsyn_aig_eval(y, cex, oy);
  cr_assert(memcmp(ox, oy, x->num_outputs) != 0, "the counterexample does not reproduce");
}

Test(formal, proves_equivalent_adders) {
  need_abc();
  bsyn_aig *ref = reference(), *alt = other_adder();
  cr_assert(!bsyn_aig_identical(ref, alt));
  int eq = -1;
  uint8_t cex[32];
  bsyn_diag d;
  bsyn_diag_init(&d, NULL);
  cr_assert_eq(bsyn_formal_cec(alt, ref, &eq, cex, &d), 0, "%s", d.msg);
  cr_assert_eq(eq, 1);
  bsyn_aig_free(ref);
  bsyn_aig_free(alt);
}

/* Every single-AND flip of the adder that changes an output is found, with a vector that
 * reproduces; flips that ABC proves harmless really are (random simulation agrees). */
Test(formal, flipped_ands_give_reproducing_counterexamples) {
  need_abc();
  bsyn_aig *ref = reference();
  unsigned found = 0;
  for (uint32_t v = ref->num_inputs + 1; v < ref->num_vars; v += 7) {
    bsyn_aig *bad = flip_and(ref, v);
    int eq = -1;
    uint8_t cex[32];
    bsyn_diag d;
    bsyn_diag_init(&d, NULL);
    cr_assert_eq(bsyn_formal_cec(bad, ref, &eq, cex, &d), 0, "AND %u: %s", v, d.msg);
    if (!eq) {
      assert_reproduces(bad, ref, cex);
      found++;
    }
    bsyn_aig_free(bad);
  }
  cr_assert_gt(found, 3);
  bsyn_aig_free(ref);
}

Test(formal, interface_mismatch_is_an_error) {
  bsyn_aig *ref = reference();
  uint32_t outs[3] = {0, 1, 2};
  bsyn_aig *cut = bsyn_aig_cone(ref, outs, 3, 1);
  int eq = -1;
  bsyn_diag d;
  bsyn_diag_init(&d, NULL);
  cr_assert_eq(bsyn_formal_cec(cut, ref, &eq, NULL, &d), -1);
  cr_assert(strstr(d.msg, "expected the same interface, found 32 inputs and 3 outputs against 32 inputs and 16"),
            "%s", d.msg);
  cr_assert_eq(eq, -1);
  bsyn_aig_free(cut);
  bsyn_aig_free(ref);
}

Test(formal, missing_abc_is_reported) {
  setenv("PATH", "/nonexistent-bsyn-dir", 1);
  cr_assert_eq(bsyn_formal_available(), 0);
  bsyn_aig *ref = reference();
  int eq = -1;
  bsyn_diag d;
  bsyn_diag_init(&d, NULL);
  cr_assert_eq(bsyn_formal_cec(ref, ref, &eq, NULL, &d), -1);
  cr_assert(strstr(d.msg, "berkeley-abc") && strstr(d.msg, "not installed"), "%s", d.msg);
  bsyn_aig_free(ref);
}

/* A stand-in berkeley-abc printing `text`, first on PATH. */
static void fake_abc(const char *text) {
  char dir[1024];
  snprintf(dir, sizeof dir, "%s/fakebin", bsyn_test_tmpdir());
  mkdir(dir, 0755);
  char path[1100];
  snprintf(path, sizeof path, "%s/" BSYN_FORMAL_ABC, dir);
  FILE *f = fopen(path, "w");
  cr_assert_not_null(f);
  fprintf(f, "#!/bin/sh\ncat <<'EOF'\n%s\nEOF\n", text);
  fclose(f);
  chmod(path, 0755);
  char newpath[4096];
  snprintf(newpath, sizeof newpath, "%s:%s", dir, getenv("PATH") ? getenv("PATH") : "/usr/bin:/bin");
  setenv("PATH", newpath, 1);
}

/* ABC's word alone ("NOT EQUIVALENT" without a vector, or with one that does not
 * reproduce): the counterexample comes from simulation instead. */
Test(formal, verdict_without_usable_vector_falls_back_to_simulation) {
  static const char *const logs[] = {"Networks are NOT EQUIVALENT.",
                                     "Networks are NOT EQUIVALENT.\nOutput po0: Value in Network1 = 0.\n"
                                     "Input pattern:  pi0=0 pi1=0"};
  for (int i = 0; i < 2; i++) {
    fake_abc(logs[i]);
    bsyn_aig *ref = reference(), *bad = flip_and(ref, bsyn_lit_var(ref->outputs[15]));
    int eq = -1;
    uint8_t cex[32];
    bsyn_diag d;
    bsyn_diag_init(&d, NULL);
    cr_assert_eq(bsyn_formal_cec(bad, ref, &eq, cex, &d), 0, "%s", d.msg);
    cr_assert_eq(eq, 0);
    assert_reproduces(bad, ref, cex);
    /* claimed different, but the netlists are equal: no vector can be found */
    cr_assert_eq(bsyn_formal_cec(ref, ref, &eq, cex, &d), -1);
    cr_assert(strstr(d.msg, "found none that reproduces"), "%s", d.msg);
    bsyn_aig_free(ref);
    bsyn_aig_free(bad);
  }
  fake_abc("Networks are UNDECIDED.");
  bsyn_aig *ref = reference();
  int eq = -1;
  bsyn_diag d;
  bsyn_diag_init(&d, NULL);
  cr_assert_eq(bsyn_formal_cec(ref, ref, &eq, NULL, &d), -1);
  cr_assert(strstr(d.msg, "expected a verdict") && strstr(d.msg, "UNDECIDED"), "%s", d.msg);
  bsyn_aig_free(ref);
}

Test(formal, cli_proves_and_refutes) {
  need_abc();
  bsyn_aig *ref = reference(), *bad = flip_and(ref, bsyn_lit_var(ref->outputs[8]));
  const char *pr = bsyn_test_tmpfile("ref.aig"), *pb = bsyn_test_tmpfile("bad.blif");
  bsyn_diag d;
  cr_assert_eq(bsyn_io_write_aiger(ref, pr, 1, &d), 0);
  cr_assert_eq(bsyn_io_write_blif(bad, pb, &d), 0); /* any format: written as AIGER for ABC */
  char cmd[2048], *out = NULL;
  snprintf(cmd, sizeof cmd, "%s verify %s --formal %s", bsyn_test_exe(), pr, pr);
  cr_assert_eq(bsyn_test_run(cmd, &out), 0, "%s", out);
  cr_assert(strstr(out, "proved equivalent"), "%s", out);
  free(out);
  snprintf(cmd, sizeof cmd, "%s verify %s --formal %s --oracle " SPEC, bsyn_test_exe(), pb, pr);
  cr_assert_eq(bsyn_test_run(cmd, &out), 1, "%s", out);
  cr_assert(strstr(out, "NOT equivalent") && strstr(out, "inputs: a=0x") && strstr(out, "y            gates 0x"),
            "%s", out);
  /* the printed vector reproduces */
  const char *p = strstr(out, "inputs: a=0x");
  uint64_t a = strtoull(p + strlen("inputs: a=0x"), NULL, 16);
  uint64_t b = strtoull(strstr(p, " b=0x") + 5, NULL, 16);
  uint8_t in[32], y[16];
  for (int k = 0; k < 16; k++) {
    in[k] = a >> k & 1;
    in[16 + k] = b >> k & 1;
  }
  bsyn_aig_eval(bad, in, y);
  uint64_t got = 0;
  for (int k = 0; k < 16; k++)
    got |= (uint64_t)y[k] << k;
  cr_assert_neq(got, (a + b) & 0xffff);
  free(out);
  snprintf(cmd, sizeof cmd, "PATH=/nonexistent-bsyn-dir %s verify %s --formal %s", bsyn_test_exe(), pr, pr);
  cr_assert_eq(bsyn_test_run(cmd, &out), 1, "%s", out);
  cr_assert(strstr(out, "not installed"), "%s", out);
  free(out);
  bsyn_aig_free(ref);
  bsyn_aig_free(bad);
}
