/* OpenCL runtime and the aig_sim kernel: the kernel body compiled as host C must equal the
 * naive evaluator, and on a device (PoCL in CI) the launched kernel must equal it too. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "bsyn_aig.h"
#include "bsyn_cl.h"
#include "bsyn_bsd.h"
#include "bsyn_cl_bsd.h"
#include "bsyn_cl_sim.h"
#include "bsyn_levels.h"
#include "bsyn_kernels.h"
#include "bsyn_test.h"
#include "bsyn_util.h"

/* the kernel body, compiled as host C */
#include "bsyn_kernel_common.h"
#include "aig_sim.cl"
#include "bsd_eval.cl"

Test(opencl, device_parse) {
  bsyn_device_choice c;
  bsyn_diag d;
  bsyn_diag_init(&d, NULL);
  cr_assert_eq(bsyn_device_parse("cpu", &c, &d), 0);
  cr_assert_eq(c.kind, BSYN_DEVICE_CPU);
  cr_assert_eq(bsyn_device_parse("opencl:3", &c, &d), 0);
  cr_assert_eq(c.kind, BSYN_DEVICE_OPENCL);
  cr_assert_eq(c.index, 3);
  cr_assert_eq(bsyn_device_parse("opencl", &c, &d), 0);
  cr_assert_eq(c.index, 0);
  cr_assert_eq(bsyn_device_parse("gpu", &c, &d), -1);
  cr_assert(strstr(d.msg, "found 'gpu'"), "%s", d.msg);
  cr_assert_eq(bsyn_device_parse("opencl:x", &c, &d), -1);
  setenv("BSYN_DEVICE", "cpu", 1);
  cr_assert_eq(bsyn_device_parse(NULL, &c, &d), 0);
  cr_assert_eq(c.kind, BSYN_DEVICE_CPU);
  unsetenv("BSYN_DEVICE");
  cr_assert_eq(bsyn_device_parse("", &c, &d), 0);
  cr_assert_eq(c.kind, BSYN_DEVICE_AUTO);
}

Test(opencl, kernels_are_embedded) {
  const char *k = bsyn_kernel_embedded("aig_sim.cl");
  cr_assert_not_null(k);
  cr_assert(strstr(k, "__kernel void aig_sim_level"));
  cr_assert_not_null(bsyn_kernel_embedded("bsyn_kernel_common.h"));
  cr_assert_null(bsyn_kernel_embedded("no_such.cl"));
}

/* Fills input rows with random words; returns the value array (num_vars * nwords). */
static uint64_t *random_values(const bsyn_aig *g, size_t nwords, uint64_t seed) {
  uint64_t *vals = bsyn_calloc((size_t)g->num_vars * nwords, sizeof(uint64_t));
  for (size_t i = nwords; i < (size_t)(g->num_inputs + 1) * nwords; i++)
    vals[i] = bsyn_mix64(seed * 1000003u + i);
  return vals;
}

/* Output bit of pattern p from the value rows. */
static unsigned out_bit(const bsyn_aig *g, const uint64_t *vals, size_t nwords, uint32_t o, size_t p) {
  bsyn_lit l = g->outputs[o];
  return (unsigned)((vals[bsyn_lit_var(l) * nwords + p / 64] >> (p % 64)) & 1) ^ bsyn_lit_sign(l);
}

static void check_against_naive(const bsyn_aig *g, const uint64_t *vals, size_t nwords, uint64_t seed) {
  uint8_t *in = bsyn_malloc(g->num_inputs + 1), *out = bsyn_malloc(g->num_outputs + 1);
  for (size_t p = 0; p < nwords * 64; p += 7) {
    for (uint32_t i = 0; i < g->num_inputs; i++)
      in[i] = (vals[(i + 1) * nwords + p / 64] >> (p % 64)) & 1;
    bsyn_aig_eval(g, in, out);
    for (uint32_t o = 0; o < g->num_outputs; o++)
      cr_assert_eq(out_bit(g, vals, nwords, o, p), out[o], "seed %lu pattern %zu output %u",
                   (unsigned long)seed, p, o);
  }
  free(in);
  free(out);
}

Test(opencl, kernel_body_as_host_c_matches_naive) {
  for (uint64_t seed = 1; seed <= 5; seed++) {
    bsyn_aig *g = bsyn_test_random_aig(12, 400, 8, seed);
    size_t nwords = 3;
    uint64_t *vals = random_values(g, nwords, seed);
    bsyn_levels lv;
    bsyn_levels_aig(&lv, g);
    for (uint32_t l = 0; l < lv.num_levels; l++) {
      uint64_t items = (uint64_t)(lv.start[l + 1] - lv.start[l]) * nwords;
      for (uint64_t it = 0; it < items; it++)
        bsyn_k_aig_sim_item(g->fanins, lv.items + lv.start[l], vals, (bsyn_k32)nwords, it);
    }
    check_against_naive(g, vals, nwords, seed);
    bsyn_levels_free(&lv);
    free(vals);
    bsyn_aig_free(g);
  }
}

static bsyn_cl *open_or_skip(void) {
  bsyn_diag d;
  bsyn_diag_init(&d, "opencl");
  bsyn_cl *cl = bsyn_cl_open(0, &d);
  if (!cl)
    cr_skip_test("no OpenCL device: %s", d.msg);
  return cl;
}

Test(opencl, device_sim_matches_naive) {
  setenv("BSYN_CL_CACHE", bsyn_test_tmpfile("clcache"), 1);
  bsyn_cl *cl = open_or_skip();
  for (uint64_t seed = 1; seed <= 3; seed++) {
    bsyn_aig *g = bsyn_test_random_aig(16, 600, 10, seed);
    size_t nwords = 5;
    uint64_t *vals = random_values(g, nwords, seed);
    bsyn_diag d;
    bsyn_diag_init(&d, "opencl");
    cr_assert_eq(bsyn_cl_sim_run(cl, g, vals, nwords, &d), 0, "%s", d.msg);
    check_against_naive(g, vals, nwords, seed);
    free(vals);
    bsyn_aig_free(g);
  }
  bsyn_cl_close(cl);
}

Test(opencl, program_binary_cache_is_used) {
  setenv("BSYN_CL_CACHE", bsyn_test_tmpfile("clcache2"), 1);
  bsyn_diag d;
  bsyn_diag_init(&d, "opencl");
  bsyn_cl *cl = open_or_skip();
  cr_assert_not_null(bsyn_cl_program(cl, "aig_sim.cl", "-DBSYN_TEST_KEY=1", &d), "%s", d.msg);
  cr_assert_eq(bsyn_cl_program_was_cached(cl), 0);
  bsyn_cl_close(cl);
  cl = open_or_skip();
  cr_assert_not_null(bsyn_cl_program(cl, "aig_sim.cl", "-DBSYN_TEST_KEY=1", &d), "%s", d.msg);
  cr_assert_eq(bsyn_cl_program_was_cached(cl), 1, "second build should come from the cache");
  bsyn_cl_close(cl);
}

Test(opencl, build_error_is_reported_not_fatal) {
  bsyn_diag d;
  bsyn_diag_init(&d, "opencl");
  bsyn_cl *cl = open_or_skip();
  cr_assert_null(bsyn_cl_program(cl, "aig_sim.cl", "-DBSYN_NOT_AN_OPTION=( -cl-no-such-flag", &d));
  cr_assert(strstr(d.msg, "failed"), "%s", d.msg);
  bsyn_cl_close(cl);
}

Test(opencl, kernel_dir_override) {
  setenv("BSYN_KERNEL_DIR", bsyn_test_tmpdir(), 1);
  bsyn_diag d;
  bsyn_diag_init(&d, NULL);
  cr_assert_null(bsyn_cl_kernel_source("aig_sim.cl", &d));
  cr_assert(strstr(d.msg, "BSYN_KERNEL_DIR"), "%s", d.msg);
  unsetenv("BSYN_KERNEL_DIR");
  char *src = bsyn_cl_kernel_source("aig_sim.cl", &d);
  cr_assert_not_null(src);
  cr_assert(strstr(src, "bsyn_k64"));
  free(src);
}

/* A random canonical BSD over num_inputs inputs with n roots: nodes are built bottom-up
 * from constants, literals and earlier nodes, on random variables. */
static bsyn_bsd *random_bsd(uint32_t num_inputs, uint32_t nodes, bsyn_edge *roots, uint32_t n, uint64_t seed) {
  bsyn_bsd *b = bsyn_bsd_new(num_inputs);
  bsyn_rng r;
  bsyn_rng_seed(&r, seed);
  bsyn_edge *made = bsyn_malloc((nodes + 2) * sizeof(bsyn_edge));
  uint32_t m = 0;
  made[m++] = BSYN_EDGE_FALSE;
  made[m++] = bsyn_bsd_literal(b, 0, 0);
  for (uint32_t k = 0; k < nodes; k++) {
    uint64_t x = bsyn_rng_next(&r);
    bsyn_edge lo = made[(x >> 8) % m] ^ (uint32_t)(x & 1);
    bsyn_edge hi = made[(x >> 24) % m] ^ (uint32_t)(x >> 1 & 1);
    made[m++] = bsyn_bsd_make(b, (uint32_t)((x >> 40) % num_inputs), lo, hi);
  }
  for (uint32_t i = 0; i < n; i++)
    roots[i] = made[m - 1 - (uint32_t)(bsyn_rng_next(&r) % (m < 8 ? m : 8))] ^ (i & 1);
  free(made);
  return b;
}

static uint64_t *random_rows(uint32_t rows, size_t nwords, uint64_t seed) {
  uint64_t *in = bsyn_malloc((size_t)rows * nwords * sizeof(uint64_t));
  for (size_t i = 0; i < (size_t)rows * nwords; i++)
    in[i] = bsyn_mix64(seed * 7919u + i);
  return in;
}

Test(opencl, bsd_kernel_body_as_host_c_matches_bsd_eval) {
  for (uint64_t seed = 1; seed <= 5; seed++) {
    bsyn_edge roots[6];
    bsyn_bsd *b = random_bsd(10, 300, roots, 6, seed);
    size_t nwords = 3;
    uint64_t *in = random_rows(10, nwords, seed), *want = bsyn_malloc(6 * nwords * sizeof(uint64_t));
    bsyn_bsd_eval(b, roots, 6, in, want, nwords);
    uint64_t *vals = bsyn_calloc((size_t)b->num_nodes * nwords, sizeof(uint64_t));
    bsyn_levels lv;
    bsyn_levels_bsd(&lv, b, roots, 6);
    for (uint32_t l = 0; l < lv.num_levels; l++) {
      uint64_t items = (uint64_t)(lv.start[l + 1] - lv.start[l]) * nwords;
      for (uint64_t it = 0; it < items; it++)
        bsyn_k_bsd_eval_item((const bsyn_k32 *)b->nodes, lv.items + lv.start[l], in, vals, (bsyn_k32)nwords, it);
    }
    for (uint32_t r = 0; r < 6; r++)
      for (size_t w = 0; w < nwords; w++) {
        uint64_t got = vals[bsyn_edge_index(roots[r]) * nwords + w] ^ BSYN_KMASK(roots[r]);
        cr_assert_eq(got, want[r * nwords + w], "seed %lu root %u word %zu", (unsigned long)seed, r, w);
      }
    bsyn_levels_free(&lv);
    free(vals);
    free(want);
    free(in);
    bsyn_bsd_free(b);
  }
}

Test(opencl, device_bsd_eval_matches_bsd_eval) {
  setenv("BSYN_CL_CACHE", bsyn_test_tmpfile("clcache3"), 1);
  bsyn_cl *cl = open_or_skip();
  for (uint64_t seed = 1; seed <= 3; seed++) {
    bsyn_edge roots[5];
    bsyn_bsd *b = random_bsd(12, 500, roots, 5, seed);
    size_t nwords = 4;
    uint64_t *in = random_rows(12, nwords, seed);
    uint64_t *want = bsyn_malloc(5 * nwords * sizeof(uint64_t)), *got = bsyn_malloc(5 * nwords * sizeof(uint64_t));
    bsyn_bsd_eval(b, roots, 5, in, want, nwords);
    bsyn_diag d;
    bsyn_diag_init(&d, "opencl");
    cr_assert_eq(bsyn_cl_bsd_eval(cl, b, roots, 5, in, got, nwords, &d), 0, "%s", d.msg);
    cr_assert_eq(memcmp(got, want, 5 * nwords * sizeof(uint64_t)), 0, "seed %lu", (unsigned long)seed);
    free(got);
    free(want);
    free(in);
    bsyn_bsd_free(b);
  }
  bsyn_cl_close(cl);
}

Test(opencl, device_open_follows_the_choice) {
  bsyn_diag d;
  bsyn_diag_init(&d, "opencl");
  setenv("BSYN_CL_CACHE", bsyn_test_tmpfile("clcache"), 1);
  bsyn_device_choice cpu = {BSYN_DEVICE_CPU, 0}, bad = {BSYN_DEVICE_OPENCL, 999}, autoc = {BSYN_DEVICE_AUTO, 0};
  cr_assert_null(bsyn_device_open(&cpu, BSYN_KERNEL_AIG_SIM, &d));
  cr_assert_eq(d.msg[0], '\0');
  cr_assert_null(bsyn_device_open(&bad, BSYN_KERNEL_AIG_SIM, &d));
  cr_assert_neq(d.msg[0], '\0', "a missing device must say why");
  /* auto measures: whatever it picks, a device it returns is one that exists */
  bsyn_diag_init(&d, "opencl");
  bsyn_cl *cl = bsyn_device_open(&autoc, BSYN_KERNEL_AIG_SIM, &d);
  if (cl) {
    cr_assert_not_null(bsyn_cl_info(cl));
    bsyn_cl_close(cl);
  }
}
