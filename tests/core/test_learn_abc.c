/* ABC equivalence queries for the learner: one counterexample per wrong output. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "bsyn_arith.h"
#include "bsyn_io.h"
#include "bsyn_learn.h"
#include "bsyn_test.h"

/* The reference adder with outputs `a` and `b` complemented. */
static bsyn_aig *two_wrong(const bsyn_aig *ref, uint32_t a, uint32_t b) {
  bsyn_aig *g = bsyn_aig_dup(ref);
  bsyn_aig_set_output(g, a, bsyn_lit_not(g->outputs[a]));
  bsyn_aig_set_output(g, b, bsyn_lit_not(g->outputs[b]));
  return g;
}

/* The structural reference of an arith oracle (d for messages). */
static bsyn_aig *reference(const char *spec, bsyn_diag *d) {
  bsyn_diag_init(d, spec);
  bsyn_aig *ref = bsyn_arith_reference(spec, d);
  cr_assert_not_null(ref, "%s", d->msg);
  return ref;
}

/* bsyn_learn_abc_cexs with the params spelled out. */
static int check(const bsyn_aig *ref, const bsyn_aig *learned, const char *dir, int per_output,
                 int bdd, const uint32_t *order, uint32_t max, uint8_t *vecs, uint32_t *found,
                 bsyn_diag *d) {
  bsyn_learn_abc_params p;
  bsyn_learn_abc_defaults(&p);
  p.per_output = per_output, p.bdd = bdd, p.order = order, p.max = max;
  return bsyn_learn_abc_cexs(ref, learned, dir, &p, vecs, found, d);
}

static const char *abc_dir(void) {
  if (!bsyn_test_have("berkeley-abc"))
    cr_skip_test("berkeley-abc is not installed");
  return bsyn_test_tmpdir();
}

Test(learn_abc, one_counterexample_per_wrong_output) {
  const char *dir = abc_dir();
  bsyn_diag d;
  bsyn_aig *ref = reference("arith:add8", &d);
  bsyn_aig *bad = two_wrong(ref, 2, 6);
  uint32_t nin = ref->num_inputs, found = 0;
  uint8_t *vecs = calloc((size_t)ref->num_outputs * nin, 1);
  int v = check(ref, bad, dir, 1, 1, NULL, ref->num_outputs, vecs, &found, &d);
  cr_assert_eq(v, 1, "%s", d.msg);
  cr_assert_eq(found, 2);
  uint8_t want[8], got[8];
  for (uint32_t j = 0; j < found; j++) { /* each vector tells the netlists apart */
    bsyn_aig_eval(ref, vecs + (size_t)j * nin, want);
    bsyn_aig_eval(bad, vecs + (size_t)j * nin, got);
    cr_expect(memcmp(want, got, ref->num_outputs), "vector %u", j);
  }
  /* one check of the whole netlists: one counterexample */
  v = check(ref, bad, dir, 0, 0, NULL, ref->num_outputs, vecs, &found, &d);
  cr_assert_eq(v, 1, "%s", d.msg);
  cr_assert_eq(found, 1);
  cr_assert_eq(check(ref, ref, dir, 1, 0, NULL, ref->num_outputs, vecs, &found, &d), 0, "%s",
               d.msg);
  cr_assert_eq(found, 0);
  free(vecs);
  bsyn_aig_free(bad);
  bsyn_aig_free(ref);
}

/* With an input order the BDD pass reads the miter in it: a wide comparator is proven in
 * an interleaved order (a[0] b[0] a[1] ...) and its wrong outputs still yield vectors. */
Test(learn_abc, ordered_bdd_pass) {
  const char *dir = abc_dir();
  bsyn_diag d;
  bsyn_aig *ref = reference("arith:lt32", &d);
  uint32_t order[64];
  for (uint32_t k = 0; k < 32; k++)
    order[2 * k] = k, order[2 * k + 1] = 32 + k;
  uint32_t found = 0;
  uint8_t vec[64];
  cr_assert_eq(check(ref, ref, dir, 1, 1, order, 1, vec, &found, &d), 0, "%s", d.msg);
  bsyn_aig *m; /* the miter ABC's BDDs read: inputs in the order given */
  cr_assert_eq(bsyn_io_read_aiger(bsyn_test_tmpfile("miter0.aig"), &m, &d), 0, "%s", d.msg);
  cr_assert_str_eq(m->input_names[0], ref->input_names[0]);
  cr_assert_str_eq(m->input_names[1], ref->input_names[32]);
  cr_assert_str_eq(m->input_names[63], ref->input_names[63]);
  bsyn_aig_free(m);
  bsyn_aig *bad = bsyn_aig_dup(ref);
  bsyn_aig_set_output(bad, 0, bsyn_lit_not(bad->outputs[0]));
  cr_assert_eq(check(ref, bad, dir, 1, 1, order, 1, vec, &found, &d), 1, "%s", d.msg);
  cr_assert_eq(found, 1);
  bsyn_aig_free(bad);
  bsyn_aig_free(ref);
}

/* With a memo, outputs proven once and unchanged are not asked again: a second check of
 * the same pair needs no ABC (its folder may be gone), and one output changed is checked
 * alone and found. */
Test(learn_abc, proven_outputs_are_not_asked_again) {
  const char *dir = abc_dir();
  bsyn_diag d;
  bsyn_aig *ref = reference("arith:add8", &d);
  uint32_t nout = ref->num_outputs, nin = ref->num_inputs, found = 0;
  uint8_t *vecs = calloc((size_t)nout * nin, 1);
  bsyn_learn_abc_params p;
  bsyn_learn_abc_defaults(&p);
  p.bdd = 1;
  p.proven = calloc(2 * (size_t)nout, sizeof *p.proven);
  cr_assert_eq(bsyn_learn_abc_cexs(ref, ref, dir, &p, vecs, &found, &d), 0, "%s", d.msg);
  for (uint32_t k = 0; k < nout; k++)
    cr_assert_not_null(p.proven[2 * k], "output %u not remembered", k);
  cr_assert_eq(bsyn_learn_abc_cexs(ref, ref, "/nonexistent/bsyn", &p, vecs, &found, &d), 0,
               "%s", d.msg);
  bsyn_aig *bad = two_wrong(ref, 3, 3); /* output 3 twice complemented: the same function */
  bsyn_aig_set_output(bad, 5, bsyn_lit_not(bad->outputs[5]));
  cr_assert_eq(bsyn_learn_abc_cexs(ref, bad, dir, &p, vecs, &found, &d), 1, "%s", d.msg);
  cr_assert_eq(found, 1);
  uint8_t want[8], got[8];
  bsyn_aig_eval(ref, vecs, want);
  bsyn_aig_eval(bad, vecs, got);
  cr_expect_neq(want[5], got[5]);
  bsyn_learn_abc_forget(p.proven, nout);
  free(p.proven);
  free(vecs);
  bsyn_aig_free(bad);
  bsyn_aig_free(ref);
}

Test(learn_abc, rows_hold_each_counterexample_and_neighbours) {
  uint8_t vecs[2 * 5] = {1, 0, 1, 0, 1, 0, 1, 1, 0, 0};
  uint64_t rows[5 * 2];
  bsyn_learn_cex_rows(vecs, 2, 5, 7, rows);
  for (uint32_t j = 0; j < 2; j++)
    for (uint32_t i = 0; i < 5; i++)
      cr_assert_eq(rows[i * 2 + j] & 1, vecs[j * 5 + i], "vector %u input %u", j, i);
  for (unsigned lane = 1; lane < 64; lane++) { /* neighbours: one or two bits away */
    unsigned dist = 0;
    for (uint32_t i = 0; i < 5; i++)
      dist += (unsigned)((rows[i * 2] >> lane ^ rows[i * 2]) & 1);
    cr_expect(dist <= 2, "lane %u is %u bits away", lane, dist);
  }
}

Test(learn_abc, interface_mismatch_is_an_error) {
  bsyn_diag d;
  bsyn_diag_init(&d, "arith:add8");
  bsyn_aig *a = bsyn_arith_reference("arith:add8", &d), *b = bsyn_arith_reference("arith:add4", &d);
  uint8_t vec[32];
  uint32_t found;
  cr_assert_eq(check(a, b, bsyn_test_tmpdir(), 1, 1, NULL, 1, vec, &found, &d), -1);
  cr_expect(strstr(d.msg, "same interface"), "%s", d.msg);
  bsyn_aig_free(a);
  bsyn_aig_free(b);
}
