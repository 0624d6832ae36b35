#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>

#include "bsyn_learn_examples.h"
#include "bsyn_oracle.h"
#include "bsyn_test.h"
#include "bsyn_util.h"

/* Writes n random examples of f over nin inputs as an IWLS-style PLA; returns the path. */
static const char *write_pla(const char *name, uint32_t nin, size_t n, uint64_t seed,
                             unsigned (*f)(const char *)) {
  const char *path = bsyn_test_tmpfile(name);
  FILE *fp = fopen(path, "w");
  cr_assert_not_null(fp);
  fprintf(fp, ".i %u\n.o 1\n.p %zu\n.type fr\n", nin, n);
  char bits[64];
  for (size_t e = 0; e < n; e++) {
    uint64_t r = bsyn_mix64(seed * 1000003 + e);
    for (uint32_t i = 0; i < nin; i++)
      bits[i] = (char)('0' + ((r >> i) & 1));
    bits[nin] = '\0';
    fprintf(fp, "%s %u\n", bits, f(bits));
  }
  fprintf(fp, ".e\n");
  fclose(fp);
  return path;
}

/* (x0 & x1) | (x2 & !x3): every relevant input has information gain at the root, so the
 * greedy split order is the function's own (a parity would not be: no input of x2 ^ x3
 * shows any gain alone, and sampling noise then picks irrelevant ones). */
static unsigned small_function(const char *x) {
  return (unsigned)((x[0] == '1' && x[1] == '1') || (x[2] == '1' && x[3] == '0'));
}

static unsigned parity8(const char *x) {
  unsigned p = 0;
  for (int i = 0; i < 8; i++)
    p ^= (unsigned)(x[i] - '0');
  return p;
}

static bsyn_oracle *open_pla(const char *path) {
  char spec[700];
  snprintf(spec, sizeof spec, "pla:%s", path);
  bsyn_diag d;
  bsyn_oracle *o = bsyn_oracle_open(spec, &d);
  cr_assert_not_null(o, "%s", d.msg);
  return o;
}

/* A function of 4 of 12 inputs is found exactly from 2,000 examples. */
Test(learn_examples, small_function_generalizes) {
  bsyn_oracle *train = open_pla(write_pla("train.pla", 12, 2000, 1, small_function));
  bsyn_oracle *valid = open_pla(write_pla("valid.pla", 12, 500, 2, small_function));
  bsyn_examples_params p;
  bsyn_examples_defaults(&p);
  bsyn_examples_stats st;
  bsyn_aig *aig = bsyn_learn_examples(train, &p, &st);
  cr_assert_float_eq(st.train_accuracy, 1.0, 1e-12);
  cr_assert_float_eq(bsyn_examples_accuracy(aig, valid), 1.0, 1e-12);
  cr_assert_leq(st.ands, 12);
  bsyn_aig_free(aig);
  bsyn_oracle_close(train);
  bsyn_oracle_close(valid);
}

/* The AND budget cuts the diagram: within budget, shallower, less accurate on training. */
Test(learn_examples, and_budget_cuts_the_depth) {
  bsyn_oracle *train = open_pla(write_pla("parity.pla", 14, 3000, 3, parity8));
  bsyn_examples_params p;
  bsyn_examples_defaults(&p);
  bsyn_examples_stats full, cut;
  bsyn_aig *a = bsyn_learn_examples(train, &p, &full);
  cr_assert_float_eq(full.train_accuracy, 1.0, 1e-12);
  p.max_ands = 12;
  bsyn_aig *b = bsyn_learn_examples(train, &p, &cut);
  cr_assert_leq(cut.ands, 12);
  cr_assert_lt(cut.depth, full.depth);
  cr_assert_lt(cut.train_accuracy, 1.0);
  bsyn_aig_free(a);
  bsyn_aig_free(b);
  bsyn_oracle_close(train);
}

/* IWLS 2020 ex30 (a 20-input comparator): the contest's rule of at most 5,000 ANDs, and the
 * validation split well above chance. */
Test(learn_examples, iwls_comparator) {
  const char *tp = bsyn_test_shared("iwls2020/train/ex30.train.pla");
  const char *vp = bsyn_test_shared("iwls2020/validation/ex30.valid.pla");
  if (!tp || !vp)
    cr_skip("../shared/data/iwls2020 is not present");
  bsyn_oracle *train = open_pla(tp), *valid = open_pla(vp);
  bsyn_examples_params p;
  bsyn_examples_defaults(&p);
  bsyn_examples_stats st;
  bsyn_aig *aig = bsyn_learn_examples(train, &p, &st);
  cr_assert_leq(st.ands, 5000);
  cr_assert_geq(bsyn_examples_accuracy(aig, valid), 0.95);
  bsyn_aig_free(aig);
  bsyn_oracle_close(train);
  bsyn_oracle_close(valid);
}
