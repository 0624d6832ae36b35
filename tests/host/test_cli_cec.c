#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bsyn_aig.h"
#include "bsyn_io.h"
#include "bsyn_sim.h"
#include "bsyn_test.h"
#include "bsyn_util.h"

#define NIN 12

static void write_aig(const bsyn_aig *g, const char *path, int binary) {
  bsyn_diag d;
  bsyn_diag_init(&d, path);
  cr_assert_eq(bsyn_io_write_aiger(g, path, binary, &d), 0, "%s", d.msg);
}

/* A copy of g in which AND `target` reads its first fanin complemented. */
static bsyn_aig *flip_and(const bsyn_aig *g, uint32_t target) {
  bsyn_aig *h = bsyn_aig_new();
  bsyn_lit *map = bsyn_calloc(g->num_vars, sizeof(bsyn_lit));
  for (uint32_t i = 0; i < g->num_inputs; i++)
    map[i + 1] = bsyn_aig_add_input(h, bsyn_aig_input_name(g, i));
  for (uint32_t v = g->num_inputs + 1; v < g->num_vars; v++) {
    bsyn_lit a = bsyn_aig_fanin0(g, v), b = bsyn_aig_fanin1(g, v);
    bsyn_lit ma = bsyn_lit_notif(map[bsyn_lit_var(a)], bsyn_lit_sign(a) ^ (v == target));
    bsyn_lit mb = bsyn_lit_notif(map[bsyn_lit_var(b)], bsyn_lit_sign(b));
    map[v] = bsyn_aig_and(h, ma, mb);
  }
  for (uint32_t o = 0; o < g->num_outputs; o++) {
    bsyn_lit l = g->outputs[o];
    bsyn_aig_add_output(h, bsyn_lit_notif(map[bsyn_lit_var(l)], bsyn_lit_sign(l)),
                        bsyn_aig_output_name(g, o));
  }
  free(map);
  return h;
}

/* 1 when a and b differ on some of the 2^NIN input vectors (exhaustive, bit-parallel). */
static int differ(const bsyn_aig *a, const bsyn_aig *b) {
  enum { WORDS = (1 << NIN) / 64 };
  uint64_t in[NIN * WORDS], oa[8 * WORDS], ob[8 * WORDS];
  for (int i = 0; i < NIN; i++)
    for (int w = 0; w < WORDS; w++) {
      uint64_t x = 0;
      for (int k = 0; k < 64; k++)
        x |= (uint64_t)((64 * w + k) >> i & 1) << k;
      in[i * WORDS + w] = x;
    }
  cr_assert_leq(a->num_outputs, 8);
  bsyn_sim_eval(a, in, oa, WORDS, BSYN_SIMD_AUTO, NULL);
  bsyn_sim_eval(b, in, ob, WORDS, BSYN_SIMD_AUTO, NULL);
  return memcmp(oa, ob, a->num_outputs * WORDS * sizeof(uint64_t)) != 0;
}

/* A named random netlist and a copy with one AND flipped that really changes an output. */
static void make_pair(uint64_t seed, bsyn_aig **good, bsyn_aig **bad) {
  bsyn_aig *g = bsyn_test_random_aig(NIN, 300, 6, seed);
  char name[16];
  for (uint32_t i = 0; i < NIN; i++) {
    snprintf(name, sizeof name, "x%u", i);
    bsyn_aig_set_input_name(g, i, name);
  }
  bsyn_aig_set_output_name(g, 0, "y0");
  for (uint32_t v = g->num_vars - 1; v > g->num_inputs; v--) {
    bsyn_aig *h = flip_and(g, v);
    if (differ(g, h)) {
      *good = g;
      *bad = h;
      return;
    }
    bsyn_aig_free(h);
  }
  cr_assert_fail("seed %lu: no observable AND to flip", (unsigned long)seed);
}

static int bsyn(const char *args, char **out) {
  char cmd[4096];
  snprintf(cmd, sizeof cmd, "'%s' %s", bsyn_test_exe(), args);
  return bsyn_test_run(cmd, out);
}

/* The bits after "counterexample bits (input 0 first): " must make a and b disagree. */
static void check_counterexample(const char *out, const bsyn_aig *a, const bsyn_aig *b) {
  const char *key = "counterexample bits (input 0 first): ";
  const char *p = strstr(out, key);
  cr_assert(p, "no counterexample in:\n%s", out);
  p += strlen(key);
  uint8_t in[NIN], ra[8], rb[8];
  for (int i = 0; i < NIN; i++) {
    cr_assert(p[i] == '0' || p[i] == '1', "bad counterexample bits in:\n%s", out);
    in[i] = (uint8_t)(p[i] - '0');
  }
  bsyn_aig_eval(a, in, ra);
  bsyn_aig_eval(b, in, rb);
  cr_assert(memcmp(ra, rb, a->num_outputs) != 0, "the counterexample does not tell them apart:\n%s",
            out);
  cr_assert(strstr(out, "counterexample: x0="), "inputs not named in:\n%s", out);
}

Test(cli_cec, equal_netlists_pass) {
  bsyn_aig *g, *h;
  make_pair(11, &g, &h);
  bsyn_aig *c = bsyn_aig_cleanup(g);
  write_aig(g, bsyn_test_tmpfile("a.aig"), 1);
  write_aig(c, bsyn_test_tmpfile("c.aag"), 0);
  char args[2048], *out;
  snprintf(args, sizeof args, "cec '%s' '%s' --patterns 5000 --seed 3", bsyn_test_tmpfile("a.aig"),
           bsyn_test_tmpfile("c.aag"));
  int rc = bsyn(args, &out);
  cr_assert_eq(rc, 0, "%s", out);
  cr_assert(strstr(out, "equivalent on 5000 random patterns"), "%s", out);
  free(out);
  bsyn_aig_free(c);
  bsyn_aig_free(g);
  bsyn_aig_free(h);
}

Test(cli_cec, flipped_and_gives_counterexample) {
  for (uint64_t seed = 1; seed <= 4; seed++) {
    bsyn_aig *g, *h;
    make_pair(seed, &g, &h);
    write_aig(g, bsyn_test_tmpfile("a.aig"), 1);
    write_aig(h, bsyn_test_tmpfile("b.aig"), 1);
    char args[2048], *out;
    snprintf(args, sizeof args, "cec '%s' '%s' --patterns 100000 --threads 2",
             bsyn_test_tmpfile("a.aig"), bsyn_test_tmpfile("b.aig"));
    int rc = bsyn(args, &out);
    cr_assert_eq(rc, 1, "seed %lu:\n%s", (unsigned long)seed, out);
    cr_assert(strstr(out, "NOT equivalent (random pattern"), "seed %lu:\n%s", (unsigned long)seed,
              out);
    check_counterexample(out, g, h);
    free(out);
    bsyn_aig_free(g);
    bsyn_aig_free(h);
  }
}

Test(cli_cec, interface_mismatch_is_an_error) {
  bsyn_aig *a = bsyn_test_random_aig(5, 40, 2, 1), *b = bsyn_test_random_aig(6, 40, 2, 1);
  write_aig(a, bsyn_test_tmpfile("a.aig"), 1);
  write_aig(b, bsyn_test_tmpfile("b.aig"), 1);
  char args[2048], *out;
  snprintf(args, sizeof args, "cec '%s' '%s'", bsyn_test_tmpfile("a.aig"),
           bsyn_test_tmpfile("b.aig"));
  cr_assert_eq(bsyn(args, &out), 1, "%s", out);
  cr_assert(strstr(out, "error: expected the same interface, found 5 inputs"), "%s", out);
  free(out);
  bsyn_aig_free(a);
  bsyn_aig_free(b);
}

/* bad arguments: exit 1 and exactly one line naming what was expected */
Test(cli_cec, bad_arguments) {
  static const char *const cases[] = {"cec",
                                      "cec a.aig",
                                      "cec a b c",
                                      "cec a b --patterns x",
                                      "cec a b --bogus",
                                      "cec a b --simd avx9",
                                      "cec a b --seed"};
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    char *out;
    cr_assert_eq(bsyn(cases[i], &out), 1, "%s: %s", cases[i], out);
    cr_assert(strstr(out, "error: expected"), "%s: %s", cases[i], out);
    cr_assert_eq(strchr(out, '\n'), out + strlen(out) - 1, "%s: not one line: %s", cases[i], out);
    free(out);
  }
  char *out;
  cr_assert_eq(bsyn("cec --help", &out), 0);
  cr_assert(strstr(out, "usage: bsyn cec"));
  free(out);
  cr_assert_eq(bsyn("cec /nonexistent/a.aig /nonexistent/b.aig", &out), 1);
  cr_assert(strstr(out, "/nonexistent/a.aig"), "%s", out);
  free(out);
}

Test(cli_cec, formal_proves_and_refutes, .timeout = 120) {
  if (!bsyn_test_have("berkeley-abc"))
    cr_skip("berkeley-abc is not installed");
  bsyn_aig *g, *h;
  make_pair(5, &g, &h);
  bsyn_aig *c = bsyn_aig_cleanup(g);
  write_aig(g, bsyn_test_tmpfile("a.aig"), 1);
  write_aig(c, bsyn_test_tmpfile("c.aag"), 0); /* ABC reads only binary: bsyn converts */
  write_aig(h, bsyn_test_tmpfile("b.aig"), 1);
  char args[2048], *out;
  snprintf(args, sizeof args, "cec '%s' '%s' --formal", bsyn_test_tmpfile("a.aig"),
           bsyn_test_tmpfile("c.aag"));
  cr_assert_eq(bsyn(args, &out), 0, "%s", out);
  cr_assert(strstr(out, "proved equivalent"), "%s", out);
  free(out);
  /* no simulation: the counterexample must come from ABC */
  snprintf(args, sizeof args, "cec '%s' '%s' --formal --patterns 0", bsyn_test_tmpfile("a.aig"),
           bsyn_test_tmpfile("b.aig"));
  cr_assert_eq(bsyn(args, &out), 1, "%s", out);
  cr_assert(strstr(out, "NOT equivalent (berkeley-abc)"), "%s", out);
  check_counterexample(out, g, h);
  free(out);
  bsyn_aig_free(c);
  bsyn_aig_free(g);
  bsyn_aig_free(h);
}

Test(cli_cec, formal_without_abc_says_so) {
  bsyn_aig *a = bsyn_test_random_aig(4, 20, 1, 2);
  write_aig(a, bsyn_test_tmpfile("a.aig"), 1);
  char cmd[2048], *out;
  snprintf(cmd, sizeof cmd, "PATH=/nonexistent '%s' cec '%s' '%s' --formal --patterns 64",
           bsyn_test_exe(), bsyn_test_tmpfile("a.aig"), bsyn_test_tmpfile("a.aig"));
  cr_assert_eq(bsyn_test_run(cmd, &out), 1, "%s", out);
  cr_assert(strstr(out, "berkeley-abc, which is not installed"), "%s", out);
  free(out);
  bsyn_aig_free(a);
}
