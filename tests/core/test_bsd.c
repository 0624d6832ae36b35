#include <criterion/criterion.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bsyn_aig.h"
#include "bsyn_bsd.h"
#include "bsyn_bsd2aig.h"
#include "bsyn_sim.h"
#include "bsyn_test.h"
#include "bsyn_util.h"

Test(bsd, node_is_16_bytes) { cr_assert_eq(sizeof(bsyn_bsd_node), 16); }

Test(bsd, make_is_canonical) {
  bsyn_bsd *b = bsyn_bsd_new(4);
  bsyn_edge x = bsyn_bsd_literal(b, 0, 0), nx = bsyn_bsd_literal(b, 0, 1);
  cr_assert_eq(nx, x ^ 1u, "a negated literal is the complemented edge of the literal");
  cr_assert_eq(bsyn_bsd_make(b, 1, x, x), x, "a redundant test folds");
  bsyn_edge m = bsyn_bsd_make(b, 1, x, BSYN_EDGE_TRUE);
  cr_assert_eq(bsyn_bsd_make(b, 1, x, BSYN_EDGE_TRUE), m, "equal nodes are shared");
  bsyn_edge mc = bsyn_bsd_make(b, 1, x ^ 1u, BSYN_EDGE_FALSE);
  cr_assert_eq(mc, m ^ 1u, "the complement of a node is its complemented edge");
  for (uint32_t v = 1; v < b->num_nodes; v++)
    cr_assert_eq(bsyn_edge_sign(b->nodes[v].hi), 0, "hi edges are regular");
  cr_assert_eq(b->num_nodes, 3);
  bsyn_bsd_free(b);
}

/* A random canonical BSD over nin inputs: each node tests a var above its children's. */
static bsyn_bsd *random_bsd(uint32_t nin, uint32_t nodes, uint64_t seed, bsyn_edge *roots,
                            uint32_t nroots) {
  bsyn_bsd *b = bsyn_bsd_new(nin);
  bsyn_rng r;
  bsyn_rng_seed(&r, seed);
  BSYN_VEC(bsyn_edge) pool = {0};
  BSYN_VEC(uint32_t) top = {0};
  bsyn_vec_push(pool, BSYN_EDGE_FALSE);
  bsyn_vec_push(top, 0u);
  for (uint32_t k = 0; k < nodes; k++) {
    size_t i = bsyn_rng_next(&r) % pool.size, j = bsyn_rng_next(&r) % pool.size;
    uint32_t lo_var = top.data[i] > top.data[j] ? top.data[i] : top.data[j];
    if (lo_var >= nin)
      continue;
    uint32_t var = lo_var + (uint32_t)(bsyn_rng_next(&r) % (nin - lo_var));
    bsyn_edge e = bsyn_bsd_make(b, var, pool.data[i] ^ (bsyn_rng_next(&r) & 1),
                                pool.data[j] ^ (bsyn_rng_next(&r) & 1));
    bsyn_vec_push(pool, e);
    bsyn_vec_push(top, var + 1);
  }
  for (uint32_t q = 0; q < nroots; q++)
    roots[q] =
        pool.data[pool.size - 1 - (bsyn_rng_next(&r) % (pool.size < 8 ? pool.size : 8))] ^ (q & 1);
  bsyn_vec_free(pool);
  bsyn_vec_free(top);
  return b;
}

/* Bit-sliced BSD evaluation, path following, the AIG in both forms and their simulation all
 * agree. */
Test(bsd, eval_aig_and_paths_agree) {
  for (uint64_t seed = 1; seed <= 20; seed++) {
    const uint32_t nin = 12, nr = 5;
    bsyn_edge roots[5];
    bsyn_bsd *b = random_bsd(nin, 200, seed, roots, nr);
    const size_t nw = 4;
    uint64_t in[12 * 4], out[5 * 4], sim[5 * 4], psim[5 * 4];
    bsyn_rng r;
    bsyn_rng_seed(&r, seed * 77);
    for (size_t k = 0; k < nin * nw; k++)
      in[k] = bsyn_rng_next(&r);
    bsyn_bsd_eval(b, roots, nr, in, out, nw);
    bsyn_aig *aig = bsyn_bsd_to_aig(b, roots, nr, NULL, NULL);
    bsyn_aig *paths = bsyn_bsd_to_aig_paths(b, roots, nr, NULL, NULL);
    char msg[128];
    cr_assert_eq(bsyn_aig_check(aig, msg, sizeof msg), 0, "seed %llu: %s", (unsigned long long)seed,
                 msg);
    cr_assert_eq(bsyn_aig_check(paths, msg, sizeof msg), 0, "seed %llu: %s",
                 (unsigned long long)seed, msg);
    bsyn_sim_eval(aig, in, sim, nw, BSYN_SIMD_SCALAR, NULL);
    bsyn_sim_eval(paths, in, psim, nw, BSYN_SIMD_SCALAR, NULL);
    for (size_t v = 0; v < nw * 64; v++) {
      uint8_t x[12];
      for (uint32_t i = 0; i < nin; i++)
        x[i] = (in[i * nw + v / 64] >> (v % 64)) & 1;
      for (uint32_t q = 0; q < nr; q++) {
        unsigned want = bsyn_bsd_eval1(b, roots[q], x);
        cr_assert_eq((out[q * nw + v / 64] >> (v % 64)) & 1, want, "seed %llu vector %zu root %u",
                     (unsigned long long)seed, v, q);
        cr_assert_eq((sim[q * nw + v / 64] >> (v % 64)) & 1, want,
                     "seed %llu vector %zu root %u (AIG)", (unsigned long long)seed, v, q);
        cr_assert_eq((psim[q * nw + v / 64] >> (v % 64)) & 1, want,
                     "seed %llu vector %zu root %u (path form)", (unsigned long long)seed, v, q);
      }
    }
    /* at most three ANDs per node: one mux each */
    cr_assert_leq(bsyn_aig_num_ands(aig), 3 * bsyn_bsd_count(b, roots, nr));
    bsyn_aig_free(aig);
    bsyn_aig_free(paths);
    bsyn_bsd_free(b);
  }
}

/* Open nodes with duplicated and redundant sub-graphs reduce to the canonical graph. */
Test(bsd, reduce_shares_and_folds) {
  bsyn_bsd *g = bsyn_bsd_new(3);
  /* root: x0 ? A : B where A and B are two open copies of (x1 ? x2 : !x2), and a redundant
   * test x2 ? C : C above one copy */
  uint32_t root = bsyn_bsd_add_open(g, 0, BSYN_BSD_ROOT_AUX);
  uint32_t a = bsyn_bsd_add_open(g, 1, 1), b = bsyn_bsd_add_open(g, 1, 0);
  uint32_t red = bsyn_bsd_add_open(g, 2, 0);
  bsyn_edge x2 = bsyn_bsd_literal(g, 2, 0);
  bsyn_bsd_set_child(g, a, 0, x2 ^ 1u);
  bsyn_bsd_set_child(g, a, 1, x2);
  bsyn_bsd_set_child(g, b, 0, x2 ^ 1u);
  bsyn_bsd_set_child(g, b, 1, x2);
  bsyn_bsd_set_child(g, red, 0, bsyn_edge_make(b, 0));
  bsyn_bsd_set_child(g, red, 1, bsyn_edge_make(b, 0));
  bsyn_bsd_set_child(g, root, 1, bsyn_edge_make(a, 0));
  bsyn_bsd_set_child(g, root, 0, bsyn_edge_make(red, 1));
  bsyn_edge r = bsyn_edge_make(root, 0), nr;
  cr_assert_eq(bsyn_bsd_count(g, &r, 1), 5);
  bsyn_bsd *c = bsyn_bsd_reduce(g, &r, 1, &nr);
  cr_assert_eq(bsyn_bsd_count(c, &nr, 1), 3, "root, one shared x1 node, the x2 literal");
  for (unsigned m = 0; m < 8; m++) {
    uint8_t x[3] = {m & 1, (m >> 1) & 1, (m >> 2) & 1};
    cr_assert_eq(bsyn_bsd_eval1(c, nr, x), bsyn_bsd_eval1(g, r, x), "minterm %u", m);
  }
  bsyn_bsd_free(c);
  bsyn_bsd_free(g);
}

Test(bsd, topo_rejects_cycles, .signal = SIGABRT) {
  bsyn_bsd *g = bsyn_bsd_new(2);
  uint32_t a = bsyn_bsd_add_open(g, 0, BSYN_BSD_ROOT_AUX), b = bsyn_bsd_add_open(g, 1, 0);
  bsyn_bsd_set_child(g, a, 0, BSYN_EDGE_FALSE);
  bsyn_bsd_set_child(g, a, 1, bsyn_edge_make(b, 0));
  bsyn_bsd_set_child(g, b, 0, BSYN_EDGE_TRUE);
  bsyn_bsd_set_child(g, b, 1, bsyn_edge_make(a, 1));
  bsyn_edge r = bsyn_edge_make(a, 0);
  bsyn_bsd_count(g, &r, 1);
}

Test(bsd, topo_rejects_open_children, .signal = SIGABRT) {
  bsyn_bsd *g = bsyn_bsd_new(2);
  uint32_t a = bsyn_bsd_add_open(g, 0, BSYN_BSD_ROOT_AUX);
  bsyn_edge r = bsyn_edge_make(a, 0);
  bsyn_bsd_count(g, &r, 1);
}

Test(bsd, dot_file) {
  bsyn_edge roots[2];
  bsyn_bsd *b = random_bsd(6, 30, 3, roots, 2);
  const char *names[2] = {"y[0]", NULL};
  const char *path = bsyn_test_tmpfile("bsd.dot");
  cr_assert_eq(bsyn_bsd_write_dot(b, roots, 2, names, path, NULL), 0);
  char *out;
  char cmd[700];
  snprintf(cmd, sizeof cmd, "grep -c -- '->' %s", path);
  cr_assert_eq(bsyn_test_run(cmd, &out), 0);
  cr_assert_eq((uint32_t)atoi(out), 2 * bsyn_bsd_count(b, roots, 2) + 2);
  free(out);
  bsyn_diag d;
  bsyn_diag_init(&d, "/nonexistent/x.dot");
  cr_assert_eq(bsyn_bsd_write_dot(b, roots, 2, NULL, "/nonexistent/x.dot", &d), -1);
  cr_assert(strstr(d.msg, "expected") != NULL);
  bsyn_bsd_free(b);
}
