#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bsyn_aig.h"
#include "bsyn_arith.h"
#include "bsyn_io.h"
#include "bsyn_oracle.h"
#include "bsyn_oracle_netlist.h"
#include "bsyn_test.h"
#include "bsyn_util.h"

static bsyn_oracle *open_ok(const char *spec) {
  bsyn_diag d;
  bsyn_oracle *o = bsyn_oracle_open(spec, &d);
  if (!o) {
    char line[1024];
    bsyn_diag_format(&d, line, sizeof line);
    cr_assert_fail("%s", line);
  }
  return o;
}

static uint64_t *random_rows(uint32_t rows, size_t nwords, bsyn_rng *r) {
  uint64_t *p = bsyn_malloc((size_t)rows * nwords * 8);
  for (size_t i = 0; i < (size_t)rows * nwords; i++)
    p[i] = bsyn_rng_next(r);
  return p;
}

static void assert_same_fields(const bsyn_field *f, uint32_t n, const bsyn_field *g, uint32_t m) {
  cr_assert_eq(n, m);
  for (uint32_t i = 0; i < n; i++) {
    cr_assert_str_eq(f[i].name, g[i].name);
    cr_assert_eq(f[i].lsb, g[i].lsb, "%s", f[i].name);
    cr_assert_eq(f[i].width, g[i].width, "%s", f[i].name);
  }
}

/* both oracles answer the same batch identically */
static void assert_same_answers(bsyn_oracle *x, bsyn_oracle *y, size_t nwords, uint64_t seed) {
  bsyn_rng r;
  bsyn_rng_seed(&r, seed);
  cr_assert_eq(x->num_inputs, y->num_inputs);
  cr_assert_eq(x->num_outputs, y->num_outputs);
  uint64_t *in = random_rows(x->num_inputs, nwords, &r);
  uint64_t *o1 = bsyn_malloc(x->num_outputs * nwords * 8),
           *o2 = bsyn_malloc(x->num_outputs * nwords * 8);
  bsyn_diag d;
  cr_assert_eq(bsyn_oracle_eval(x, in, o1, nwords, &d), 0, "%s", d.msg);
  cr_assert_eq(bsyn_oracle_eval(y, in, o2, nwords, &d), 0, "%s", d.msg);
  cr_assert_arr_eq(o1, o2, x->num_outputs * nwords * 8, "%s != %s, seed %llx", x->name, y->name,
                   (unsigned long long)seed);
  free(in);
  free(o1);
  free(o2);
}

/* reference AIGs written as .aig, .aag and .blif answer like the arith oracle, with the
 * same fields recovered from the bit names */
Test(oracle_netlist, files_answer_like_their_arith_oracle) {
  const char *specs[] = {"arith:add32", "arith:ltu8",  "arith:sra13",
                         "arith:mux4",  "arith:alu16", "arith:eq1"};
  const char *exts[] = {"aig", "aag", "blif"};
  for (size_t i = 0; i < sizeof specs / sizeof specs[0]; i++)
    for (size_t e = 0; e < 3; e++) {
      bsyn_diag d;
      bsyn_aig *g = bsyn_arith_reference(specs[i], &d);
      cr_assert_not_null(g, "%s", d.msg);
      char file[64], spec[800];
      snprintf(file, sizeof file, "ref%zu.%s", i, exts[e]);
      const char *path = bsyn_test_tmpfile(file);
      cr_assert_eq(bsyn_io_write_netlist(g, path, &d), 0, "%s", d.msg);
      bsyn_aig_free(g);
      snprintf(spec, sizeof spec, "%s:%s", e == 2 ? "blif" : "aig", path);
      bsyn_oracle *net = open_ok(spec), *ari = open_ok(specs[i]);
      cr_assert_str_eq(net->name, spec);
      cr_assert(net->thread_safe);
      assert_same_fields(net->in_fields, net->num_in_fields, ari->in_fields, ari->num_in_fields);
      assert_same_fields(net->out_fields, net->num_out_fields, ari->out_fields,
                         ari->num_out_fields);
      assert_same_answers(net, ari, 5, 0x11e7 + i);
      bsyn_oracle_close(net);
      bsyn_oracle_close(ari);
    }
}

/* an unnamed netlist gets one field per bit, i<k> and o<k>, and answers like bsyn_aig_eval */
Test(oracle_netlist, unnamed_bits_and_eval) {
  uint64_t seed = 0x0c0ffee;
  bsyn_aig *g = bsyn_test_random_aig(9, 200, 5, seed);
  bsyn_diag d;
  const char *path = bsyn_test_tmpfile("random.aag");
  cr_assert_eq(bsyn_io_write_aiger(g, path, 0, &d), 0, "%s", d.msg);
  char spec[800];
  snprintf(spec, sizeof spec, "aig:%s", path);
  bsyn_oracle *o = open_ok(spec);
  cr_assert_eq(o->num_in_fields, 9);
  cr_assert_str_eq(o->in_fields[3].name, "i3");
  cr_assert_eq(o->in_fields[3].lsb, 3);
  cr_assert_str_eq(o->out_fields[4].name, "o4");
  size_t nwords = 8; /* all 512 input patterns */
  uint64_t *in = bsyn_calloc(9 * nwords, 8), *out = bsyn_calloc(5 * nwords, 8);
  for (size_t v = 0; v < 512; v++)
    for (int i = 0; i < 9; i++)
      in[i * nwords + v / 64] |= (uint64_t)(v >> i & 1) << (v % 64);
  cr_assert_eq(bsyn_oracle_eval(o, in, out, nwords, &d), 0);
  for (size_t v = 0; v < 512; v++) {
    uint8_t bits[9], want[5];
    for (int i = 0; i < 9; i++)
      bits[i] = v >> i & 1;
    bsyn_aig_eval(g, bits, want);
    for (int k = 0; k < 5; k++)
      cr_assert_eq(out[k * nwords + v / 64] >> (v % 64) & 1, want[k],
                   "pattern %zu output %d, seed %llx", v, k, (unsigned long long)seed);
  }
  free(in);
  free(out);
  bsyn_oracle_close(o);
  bsyn_aig_free(g);
}

Test(oracle_netlist, field_grouping_rules) {
  char *names[] = {"a[0]", "a[1]", "c", "x[1]", "x[2]", NULL, "b[0]", "q[0]", "q[2]", "r[]"};
  bsyn_oracle *o = bsyn_oracle_alloc(NULL, "t", 10, 1);
  bsyn_oracle_fields_from_names(o, 0, names, "i");
  bsyn_oracle_fields_from_names(o, 1, NULL, "o");
  const struct {
    const char *name;
    uint32_t lsb, width;
  } want[] = {{"a", 0, 2}, {"c", 2, 1}, {"x[1]", 3, 1}, {"x[2]", 4, 1}, {"i5", 5, 1},
              {"b", 6, 1}, {"q", 7, 1}, {"q[2]", 8, 1}, {"r[]", 9, 1}};
  cr_assert_eq(o->num_in_fields, sizeof want / sizeof want[0]);
  for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
    cr_assert_str_eq(o->in_fields[i].name, want[i].name);
    cr_assert_eq(o->in_fields[i].lsb, want[i].lsb, "%s", want[i].name);
    cr_assert_eq(o->in_fields[i].width, want[i].width, "%s", want[i].name);
  }
  cr_assert_str_eq(o->out_fields[0].name, "o0");
  bsyn_oracle_close(o);
}

Test(oracle_netlist, bad_files_are_diagnosed) {
  bsyn_diag d;
  cr_assert_null(bsyn_oracle_open("aig:/nonexistent/x.aig", &d));
  char line[1024];
  bsyn_diag_format(&d, line, sizeof line);
  cr_assert(strstr(line, "/nonexistent/x.aig"), "%s", line);
  const char *path = bsyn_test_tmpfile("bad.blif");
  FILE *f = fopen(path, "w");
  cr_assert_not_null(f);
  fputs(".model m\n.inputs a\n.outputs y\n.latch a y\n.end\n", f);
  fclose(f);
  char spec[800];
  snprintf(spec, sizeof spec, "blif:%s", path);
  cr_assert_null(bsyn_oracle_open(spec, &d));
  cr_assert_gt(d.line, 0, "the diagnostic names the line: %s", d.msg);
  cr_assert_null(bsyn_oracle_open("aig:", &d));
  cr_assert(strstr(d.msg, "expected an argument"), "%s", d.msg);
}

/* the EPFL 128-bit adder, as AIGER and as BLIF, is a + b (checked by a ripple in here) */
Test(oracle_netlist, epfl_adder_is_an_adder) {
  const char *aig = bsyn_test_shared("epfl/adder.aig"), *blif = bsyn_test_shared("epfl/adder.blif");
  if (!aig || !blif)
    cr_skip_test("../shared/data/epfl is absent");
  char s1[800], s2[800];
  snprintf(s1, sizeof s1, "aig:%s", aig);
  snprintf(s2, sizeof s2, "blif:%s", blif);
  bsyn_oracle *x = open_ok(s1), *y = open_ok(s2);
  cr_assert_eq(x->num_inputs, 256);
  cr_assert_eq(x->num_outputs, 129);
  cr_assert_str_eq(x->in_fields[0].name, "a");
  cr_assert_eq(x->in_fields[0].width, 128);
  cr_assert_str_eq(x->out_fields[0].name, "f");
  cr_assert_eq(x->out_fields[0].width, 128);
  cr_assert_str_eq(x->out_fields[1].name, "cOut");
  assert_same_answers(x, y, 4, 0xadd);
  size_t nwords = 4;
  bsyn_rng r;
  bsyn_rng_seed(&r, 0xadd);
  uint64_t *in = random_rows(256, nwords, &r), *out = bsyn_malloc(129 * nwords * 8);
  bsyn_diag d;
  cr_assert_eq(bsyn_oracle_eval(x, in, out, nwords, &d), 0);
  for (size_t w = 0; w < nwords; w++) {
    uint64_t c = 0;
    for (int i = 0; i < 128; i++) {
      uint64_t a = in[i * nwords + w], b = in[(128 + i) * nwords + w];
      cr_assert_eq(out[i * nwords + w], a ^ b ^ c, "sum bit %d", i);
      c = (a & b) | (c & (a ^ b));
    }
    cr_assert_eq(out[128 * nwords + w], c, "carry out");
  }
  free(in);
  free(out);
  bsyn_oracle_close(x);
  bsyn_oracle_close(y);
}

/* a PLA example set: samples in the oracle's rows, fields from .ilb/.ob, no eval */
Test(oracle_netlist, pla_examples_become_samples) {
  const char *path = bsyn_test_tmpfile("small.pla");
  FILE *f = fopen(path, "w");
  cr_assert_not_null(f);
  fputs(".i 3\n.o 1\n.ilb a[0] a[1] en\n.ob y\n.p 3\n.type fr\n101 1\n011 0\n111 1\n.e\n", f);
  fclose(f);
  char spec[800];
  snprintf(spec, sizeof spec, "pla:%s", path);
  bsyn_oracle *o = open_ok(spec);
  cr_assert_eq(o->num_samples, 3);
  cr_assert_null(o->ops->eval);
  cr_assert_eq(o->num_in_fields, 2);
  cr_assert_str_eq(o->in_fields[0].name, "a");
  cr_assert_eq(o->in_fields[0].width, 2);
  cr_assert_str_eq(o->in_fields[1].name, "en");
  cr_assert_str_eq(o->out_fields[0].name, "y");
  /* row i, word 0: bit v = input i of example v */
  cr_assert_eq(o->samples_in[0], 0x5); /* a[0]: 1 0 1 */
  cr_assert_eq(o->samples_in[1], 0x6); /* a[1]: 0 1 1 */
  cr_assert_eq(o->samples_in[2], 0x7);
  cr_assert_eq(o->samples_out[0], 0x5);
  bsyn_oracle_close(o);
}

Test(oracle_netlist, iwls_example_set) {
  const char *path = bsyn_test_shared("iwls2020/train/ex00.train.pla");
  if (!path)
    cr_skip_test("../shared/data/iwls2020 is absent");
  char spec[800];
  snprintf(spec, sizeof spec, "pla:%s", path);
  bsyn_oracle *o = open_ok(spec);
  cr_assert_eq(o->num_inputs, 32);
  cr_assert_eq(o->num_outputs, 1);
  cr_assert_eq(o->num_samples, 6400);
  cr_assert_eq(o->num_in_fields, 32);
  bsyn_oracle_close(o);
}
