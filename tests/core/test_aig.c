#include <criterion/criterion.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "bsyn_aig.h"
#include "bsyn_aig_pack.h"
#include "bsyn_test.h"
#include "bsyn_util.h"

Test(aig, constants_fold) {
  bsyn_aig *g = bsyn_aig_new();
  bsyn_lit a = bsyn_aig_add_input(g, "a");
  cr_assert_eq(bsyn_aig_and(g, a, BSYN_LIT_FALSE), BSYN_LIT_FALSE);
  cr_assert_eq(bsyn_aig_and(g, BSYN_LIT_TRUE, a), a);
  cr_assert_eq(bsyn_aig_and(g, a, a), a);
  cr_assert_eq(bsyn_aig_and(g, a, bsyn_lit_not(a)), BSYN_LIT_FALSE);
  cr_assert_eq(bsyn_aig_num_ands(g), 0);
  bsyn_aig_free(g);
}

Test(aig, strash_shares_equal_ands) {
  bsyn_aig *g = bsyn_aig_new();
  bsyn_lit a = bsyn_aig_add_input(g, NULL), b = bsyn_aig_add_input(g, NULL);
  bsyn_lit x = bsyn_aig_and(g, a, bsyn_lit_not(b));
  bsyn_lit y = bsyn_aig_and(g, bsyn_lit_not(b), a);
  cr_assert_eq(x, y);
  cr_assert_eq(bsyn_aig_num_ands(g), 1);
  cr_assert_geq(bsyn_aig_fanin0(g, bsyn_lit_var(x)), bsyn_aig_fanin1(g, bsyn_lit_var(x)));
  /* many ANDs: the table resizes and still finds every one */
  bsyn_lit l[2000];
  for (int i = 0; i < 2000; i++)
    l[i] = bsyn_aig_and(g, i ? l[i - 1] : a, (i & 1) ? b : bsyn_lit_not(a ^ 0u) ^ (i % 3 == 0));
  uint32_t n = bsyn_aig_num_ands(g);
  for (int i = 0; i < 2000; i++)
    cr_assert_eq(bsyn_aig_and(g, i ? l[i - 1] : a, (i & 1) ? b : bsyn_lit_not(a) ^ (i % 3 == 0)), l[i]);
  cr_assert_eq(bsyn_aig_num_ands(g), n);
  bsyn_aig_free(g);
}

/* xor, or and mux agree with their truth tables on all input combinations */
Test(aig, derived_gates_truth_tables) {
  bsyn_aig *g = bsyn_aig_new();
  bsyn_lit s = bsyn_aig_add_input(g, NULL), t = bsyn_aig_add_input(g, NULL),
           e = bsyn_aig_add_input(g, NULL);
  bsyn_aig_add_output(g, bsyn_aig_xor(g, s, t), "xor");
  bsyn_aig_add_output(g, bsyn_aig_or(g, s, t), "or");
  bsyn_aig_add_output(g, bsyn_aig_mux(g, s, t, e), "mux");
  bsyn_aig_add_output(g, bsyn_aig_mux(g, s, t, bsyn_lit_not(t)), "xnor");
  for (int m = 0; m < 8; m++) {
    uint8_t in[3] = {m & 1, m >> 1 & 1, m >> 2 & 1}, out[4];
    bsyn_aig_eval(g, in, out);
    cr_assert_eq(out[0], in[0] ^ in[1], "xor at %d", m);
    cr_assert_eq(out[1], in[0] | in[1], "or at %d", m);
    cr_assert_eq(out[2], in[0] ? in[1] : in[2], "mux at %d", m);
    cr_assert_eq(out[3], in[0] ? in[1] : !in[1], "xnor at %d", m);
  }
  char msg[128];
  cr_assert_eq(bsyn_aig_check(g, msg, sizeof msg), 0, "%s", msg);
  bsyn_aig_free(g);
}

Test(aig, levels_and_support) {
  bsyn_aig *g = bsyn_aig_new();
  bsyn_lit a = bsyn_aig_add_input(g, NULL), b = bsyn_aig_add_input(g, NULL),
           c = bsyn_aig_add_input(g, NULL), d = bsyn_aig_add_input(g, NULL);
  (void)d;
  bsyn_lit ab = bsyn_aig_and(g, a, b);
  bsyn_lit abc = bsyn_aig_and(g, ab, bsyn_lit_not(c));
  bsyn_aig_add_output(g, abc, NULL);
  bsyn_aig_add_output(g, bsyn_lit_not(a), NULL);
  uint32_t level[16];
  cr_assert_eq(bsyn_aig_levels(g, level), 2);
  cr_assert_eq(level[bsyn_lit_var(ab)], 1);
  uint32_t sup[4];
  cr_assert_eq(bsyn_aig_support(g, abc, sup), 3);
  cr_assert_eq(sup[0], 0);
  cr_assert_eq(sup[1], 1);
  cr_assert_eq(sup[2], 2);
  cr_assert_eq(bsyn_aig_support(g, BSYN_LIT_TRUE, sup), 0);
  bsyn_aig_free(g);
}

/* cleanup drops dangling ANDs and keeps behaviour; cone keeps only what one output needs */
Test(aig, cleanup_and_cone_preserve_function) {
  for (uint64_t seed = 1; seed <= 20; seed++) {
    bsyn_aig *g = bsyn_test_random_aig(10, 300, 6, seed);
    bsyn_aig *c = bsyn_aig_cleanup(g);
    cr_assert_leq(bsyn_aig_num_ands(c), bsyn_aig_num_ands(g));
    uint32_t pick[2] = {3, 0};
    bsyn_aig *k = bsyn_aig_cone(g, pick, 2, 1);
    bsyn_rng rng;
    bsyn_rng_seed(&rng, seed);
    for (int p = 0; p < 200; p++) {
      uint8_t in[10], o1[6], o2[6], o3[2];
      uint64_t r = bsyn_rng_next(&rng);
      for (int i = 0; i < 10; i++)
        in[i] = r >> i & 1;
      bsyn_aig_eval(g, in, o1);
      bsyn_aig_eval(c, in, o2);
      bsyn_aig_eval(k, in, o3);
      cr_assert_eq(memcmp(o1, o2, 6), 0, "cleanup changed the function (seed %lu)", (unsigned long)seed);
      cr_assert_eq(o3[0], o1[3], "cone output 0 (seed %lu)", (unsigned long)seed);
      cr_assert_eq(o3[1], o1[0], "cone output 1 (seed %lu)", (unsigned long)seed);
    }
    /* cleaning a clean graph changes nothing */
    bsyn_aig *cc = bsyn_aig_cleanup(c);
    cr_assert(bsyn_aig_identical(c, cc));
    bsyn_aig_free(cc);
    bsyn_aig_free(k);
    bsyn_aig_free(c);
    bsyn_aig_free(g);
  }
}

Test(aig, cone_without_unused_inputs) {
  bsyn_aig *g = bsyn_aig_new();
  bsyn_lit a = bsyn_aig_add_input(g, "a");
  bsyn_aig_add_input(g, "b");
  bsyn_lit c = bsyn_aig_add_input(g, "c");
  bsyn_aig_add_output(g, bsyn_aig_and(g, a, c), "y");
  uint32_t o = 0;
  bsyn_aig *k = bsyn_aig_cone(g, &o, 1, 0);
  cr_assert_eq(k->num_inputs, 2);
  cr_assert_str_eq(bsyn_aig_input_name(k, 1), "c");
  cr_assert_str_eq(bsyn_aig_output_name(k, 0), "y");
  bsyn_aig_free(k);
  bsyn_aig_free(g);
}

Test(aig, dup_is_identical_and_independent) {
  bsyn_aig *g = bsyn_test_random_aig(8, 100, 4, 7);
  bsyn_aig_set_input_name(g, 2, "in2");
  bsyn_aig_set_output_name(g, 1, "out1");
  bsyn_aig *d = bsyn_aig_dup(g);
  cr_assert(bsyn_aig_identical(g, d));
  bsyn_aig_set_output_name(d, 1, "other");
  cr_assert_not(bsyn_aig_identical(g, d));
  bsyn_aig_free(d);
  bsyn_aig_free(g);
}

Test(aig, input_after_and_aborts, .signal = SIGABRT) {
  bsyn_aig *g = bsyn_aig_new();
  bsyn_lit a = bsyn_aig_add_input(g, NULL), b = bsyn_aig_add_input(g, NULL);
  bsyn_aig_and(g, a, b);
  bsyn_aig_add_input(g, NULL);
}

Test(aig, literal_out_of_range_aborts, .signal = SIGABRT) {
  bsyn_aig *g = bsyn_aig_new();
  bsyn_aig_add_input(g, NULL);
  bsyn_aig_and(g, 2, 40);
}

/* Packed and unpacked, an AIG is the same variable for variable, names included; a cut or
 * altered buffer is one error, not a crash. */
Test(aig, pack_and_unpack_exactly) {
  bsyn_aig *g = bsyn_test_random_aig(12, 300, 5, 9);
  bsyn_aig_set_input_name(g, 3, "x[3]");
  bsyn_aig_set_output_name(g, 1, "y");
  bsyn_aig_set_model_name(g, "m");
  size_t len = 0;
  uint8_t *buf = bsyn_aig_pack(g, &len);
  bsyn_diag d;
  bsyn_aig *h = bsyn_aig_unpack(buf, len, &d);
  cr_assert_not_null(h, "%s", d.msg);
  cr_expect(bsyn_aig_identical(g, h));
  cr_expect_str_eq(bsyn_aig_input_name(h, 3), "x[3]");
  cr_expect_str_eq(bsyn_aig_output_name(h, 1), "y");
  cr_expect_null(bsyn_aig_input_name(h, 2));
  cr_expect_null(bsyn_aig_unpack(buf, len - 1, &d));
  cr_expect(strstr(d.msg, "expected a packed AIG of") != NULL, "%s", d.msg);
  buf[16] ^= 0xff; /* the first AND's fanin now points ahead */
  cr_expect_null(bsyn_aig_unpack(buf, len, &d));
  free(buf);
  bsyn_aig_free(h);
  bsyn_aig_free(g);
}
