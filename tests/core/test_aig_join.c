#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bsyn_aig.h"
#include "bsyn_aig_join.h"
#include "bsyn_test.h"
#include "bsyn_util.h"

#define NIN 14

static void name_outputs(bsyn_aig *g, const char *prefix) {
  char name[32];
  for (uint32_t o = 0; o < g->num_outputs; o++) {
    snprintf(name, sizeof name, "%s%u", prefix, o);
    bsyn_aig_set_output_name(g, o, name);
  }
}

/* The join's outputs are the parts' outputs, part after part, on random input vectors. */
Test(aig_join, equals_each_part) {
  for (uint64_t seed = 1; seed <= 5; seed++) {
    bsyn_aig *a = bsyn_test_random_aig(NIN, 200, 5, seed);
    bsyn_aig *b = bsyn_test_random_aig(NIN, 300, 7, seed + 100);
    name_outputs(a, "a");
    name_outputs(b, "b");
    const bsyn_aig *parts[] = {a, b};
    bsyn_diag d;
    bsyn_aig *j = bsyn_aig_join(parts, 2, &d);
    cr_assert(j, "seed %lu: %s", (unsigned long)seed, d.msg);
    char msg[128];
    cr_assert_eq(bsyn_aig_check(j, msg, sizeof msg), 0, "%s", msg);
    cr_assert_eq(j->num_inputs, NIN);
    cr_assert_eq(j->num_outputs, 12);
    cr_assert_str_eq(bsyn_aig_output_name(j, 0), "a0");
    cr_assert_str_eq(bsyn_aig_output_name(j, 5), "b0");
    cr_assert_str_eq(bsyn_aig_output_name(j, 11), "b6");
    bsyn_rng rng;
    bsyn_rng_seed(&rng, seed);
    for (int t = 0; t < 500; t++) {
      uint8_t in[NIN], oa[5], ob[7], oj[12];
      uint64_t r = bsyn_rng_next(&rng);
      for (int i = 0; i < NIN; i++)
        in[i] = (uint8_t)(r >> i & 1);
      bsyn_aig_eval(a, in, oa);
      bsyn_aig_eval(b, in, ob);
      bsyn_aig_eval(j, in, oj);
      cr_assert(!memcmp(oj, oa, 5) && !memcmp(oj + 5, ob, 7),
                "seed %lu, vector %d: the join differs", (unsigned long)seed, t);
    }
    bsyn_aig_free(j);
    bsyn_aig_free(a);
    bsyn_aig_free(b);
  }
}

/* Shared logic is hashed once: a netlist joined with itself, or split into two cones and
 * joined back, has no more ANDs than the original. */
Test(aig_join, shared_logic_hashed_once) {
  bsyn_aig *g = bsyn_test_random_aig(NIN, 400, 6, 7);
  const bsyn_aig *twice[] = {g, g};
  bsyn_aig *j = bsyn_aig_join(twice, 2, NULL);
  cr_assert(j);
  cr_assert_eq(bsyn_aig_num_ands(j), bsyn_aig_num_ands(g));
  cr_assert_eq(j->num_outputs, 12);
  bsyn_aig_free(j);

  uint32_t lo[] = {0, 1, 2}, hi[] = {3, 4, 5};
  bsyn_aig *a = bsyn_aig_cone(g, lo, 3, 1), *b = bsyn_aig_cone(g, hi, 3, 1);
  bsyn_aig *c = bsyn_aig_cleanup(g);
  const bsyn_aig *halves[] = {a, b};
  j = bsyn_aig_join(halves, 2, NULL);
  cr_assert(j);
  cr_assert_lt(bsyn_aig_num_ands(a) + bsyn_aig_num_ands(b), 2 * bsyn_aig_num_ands(c) + 1);
  cr_assert_eq(bsyn_aig_num_ands(j), bsyn_aig_num_ands(c), "join %u ANDs, original cone %u",
               bsyn_aig_num_ands(j), bsyn_aig_num_ands(c));
  bsyn_rng rng;
  bsyn_rng_seed(&rng, 7);
  for (int t = 0; t < 200; t++) {
    uint8_t in[NIN], og[6], oj[6];
    uint64_t r = bsyn_rng_next(&rng);
    for (int i = 0; i < NIN; i++)
      in[i] = (uint8_t)(r >> i & 1);
    bsyn_aig_eval(g, in, og);
    bsyn_aig_eval(j, in, oj);
    cr_assert(!memcmp(og, oj, 6), "vector %d: the joined cones differ from the original", t);
  }
  bsyn_aig_free(j);
  bsyn_aig_free(a);
  bsyn_aig_free(b);
  bsyn_aig_free(c);
  bsyn_aig_free(g);
}

/* An AND of n unnamed inputs. */
static bsyn_aig *and_of(uint32_t n) {
  bsyn_aig *g = bsyn_aig_new();
  for (uint32_t i = 0; i < n; i++)
    bsyn_aig_add_input(g, NULL);
  bsyn_lit l = BSYN_LIT_TRUE;
  for (uint32_t i = 0; i < n; i++)
    l = bsyn_aig_and(g, l, bsyn_lit_make(i + 1, 0));
  bsyn_aig_add_output(g, l, "y");
  return g;
}

Test(aig_join, input_names_agree) {
  static const char *const abc[] = {"a", "b", "c"}, *const abx[] = {"a", "b", "x"},
                           *const partial[] = {NULL, "", "c"};
  bsyn_aig *p = bsyn_aig_new(), *q = bsyn_aig_new(), *u = bsyn_aig_new(), *r = bsyn_aig_new();
  for (int i = 0; i < 3; i++) {
    bsyn_aig_add_input(p, partial[i]);
    bsyn_aig_add_input(q, abc[i]);
    bsyn_aig_add_input(u, NULL);
    bsyn_aig_add_input(r, abx[i]);
  }
  bsyn_aig_add_output(p, bsyn_aig_and(p, 2, 4), "p");
  bsyn_aig_add_output(q, bsyn_aig_and(q, 4, 2), "q");
  /* unnamed inputs match any name; the first part naming an input gives its name */
  const bsyn_aig *ok[] = {p, u, q};
  bsyn_diag d;
  bsyn_aig *j = bsyn_aig_join(ok, 3, &d);
  cr_assert(j, "%s", d.msg);
  cr_assert_str_eq(bsyn_aig_input_name(j, 0), "a");
  cr_assert_str_eq(bsyn_aig_input_name(j, 2), "c");
  cr_assert_eq(bsyn_aig_num_ands(j), 1);
  cr_assert_eq(j->outputs[0], j->outputs[1]);
  bsyn_aig_free(j);

  const bsyn_aig *bad[] = {p, q, r};
  static const char *const labels[] = {"p.aag", "q.aag", "r.blif"};
  cr_assert_null(bsyn_aig_join_labeled(bad, labels, 3, &d));
  cr_assert_str_eq(d.msg, "expected input 2 named 'c' as in p.aag, found 'x' in r.blif");
  cr_assert_null(bsyn_aig_join(bad, 3, &d));
  cr_assert_str_eq(d.msg, "expected input 2 named 'c' as in part 0, found 'x' in part 2");
  bsyn_aig_free(p);
  bsyn_aig_free(q);
  bsyn_aig_free(u);
  bsyn_aig_free(r);
}

Test(aig_join, input_counts_must_match) {
  bsyn_aig *a = and_of(4), *b = and_of(5);
  const bsyn_aig *parts[] = {a, a, b};
  static const char *const labels[] = {"a.aig", "a.aig", "b.aig"};
  bsyn_diag d;
  cr_assert_null(bsyn_aig_join_labeled(parts, labels, 3, &d));
  cr_assert_str_eq(d.msg, "expected 4 inputs as in a.aig, found 5 in b.aig");
  bsyn_aig *one = bsyn_aig_join(parts, 1, &d);
  cr_assert(one);
  cr_assert(bsyn_aig_identical(one, a));
  bsyn_aig_free(one);
  bsyn_aig_free(a);
  bsyn_aig_free(b);
}

/* x0..x3 driven by distinct literals, named n0..n3. */
static bsyn_aig *four_outputs(void) {
  bsyn_aig *g = bsyn_aig_new();
  bsyn_lit a = bsyn_aig_add_input(g, "a"), b = bsyn_aig_add_input(g, "b");
  bsyn_aig_add_output(g, a, "n0");
  bsyn_aig_add_output(g, bsyn_lit_not(b), "n1");
  bsyn_aig_add_output(g, bsyn_aig_and(g, a, b), "n2");
  bsyn_aig_add_output(g, bsyn_aig_xor(g, a, b), "n3");
  return g;
}

Test(aig_join, order_outputs_follows_names) {
  bsyn_aig *g = four_outputs(), *orig = bsyn_aig_dup(g);
  static const char *const order[] = {"n2", "n0", "n3", "n1"};
  bsyn_diag d;
  cr_assert_eq(bsyn_aig_order_outputs(g, order, 4, &d), 0, "%s", d.msg);
  static const uint32_t from[] = {2, 0, 3, 1};
  for (uint32_t i = 0; i < 4; i++) {
    cr_assert_str_eq(bsyn_aig_output_name(g, i), order[i]);
    cr_assert_eq(g->outputs[i], orig->outputs[from[i]], "output %u", i);
  }
  /* names may be the AIG's own */
  const char *own[4];
  bsyn_aig *h = bsyn_aig_dup(orig);
  for (uint32_t i = 0; i < 4; i++)
    own[i] = bsyn_aig_output_name(h, 3 - i);
  cr_assert_eq(bsyn_aig_order_outputs(h, own, 4, &d), 0, "%s", d.msg);
  cr_assert_str_eq(bsyn_aig_output_name(h, 0), "n3");
  cr_assert_eq(h->outputs[0], orig->outputs[3]);
  bsyn_aig_free(h);
  bsyn_aig_free(orig);
  bsyn_aig_free(g);
}

Test(aig_join, order_outputs_errors) {
  bsyn_aig *g = four_outputs(), *orig = bsyn_aig_dup(g);
  bsyn_diag d;
  static const char *const missing[] = {"n0", "n1", "next_pc[3]", "n3"};
  cr_assert_eq(bsyn_aig_order_outputs(g, missing, 4, &d), -1);
  cr_assert_str_eq(d.msg, "expected an output named 'next_pc[3]', found none");
  static const char *const listed_twice[] = {"n0", "n1", "n1", "n3"};
  cr_assert_eq(bsyn_aig_order_outputs(g, listed_twice, 4, &d), -1);
  cr_assert(strstr(d.msg, "expected distinct names in the list, found 'n1'"), "%s", d.msg);
  static const char *const three[] = {"n3", "n1", "n0"};
  cr_assert_eq(bsyn_aig_order_outputs(g, three, 3, &d), -1);
  cr_assert_str_eq(d.msg, "expected only the 3 listed outputs, found output 2 named 'n2'");
  cr_assert(bsyn_aig_identical(g, orig), "the AIG changed on an error");

  bsyn_aig_set_output_name(g, 3, "n1");
  static const char *const all[] = {"n0", "n1", "n2"};
  cr_assert_eq(bsyn_aig_order_outputs(g, all, 3, &d), -1);
  cr_assert_str_eq(d.msg, "expected one output named 'n1', found 2 (outputs 1, 3)");
  bsyn_aig_set_output_name(g, 3, NULL);
  cr_assert_eq(bsyn_aig_order_outputs(g, all, 3, &d), -1);
  cr_assert_str_eq(d.msg, "expected only the 3 listed outputs, found output 3 (unnamed)");
  bsyn_aig_free(orig);
  bsyn_aig_free(g);
}
