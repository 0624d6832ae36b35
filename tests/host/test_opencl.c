/* OpenCL runtime and the aig_sim kernel: the kernel body compiled as host C must equal the
 * naive evaluator, and on a device (PoCL in CI) the launched kernel must equal it too. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "bsyn_aig.h"
#include "bsyn_cl.h"
#include "bsyn_cl_sim.h"
#include "bsyn_kernels.h"
#include "bsyn_test.h"
#include "bsyn_util.h"

/* the kernel body, compiled as host C */
#include "bsyn_kernel_common.h"
#include "aig_sim.cl"

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
    bsyn_levelized lv;
    bsyn_aig_levelize(g, &lv);
    for (uint32_t l = 0; l < lv.num_levels; l++) {
      uint64_t items = (uint64_t)(lv.start[l + 1] - lv.start[l]) * nwords;
      for (uint64_t it = 0; it < items; it++)
        bsyn_k_aig_sim_item(g->fanins, lv.vars + lv.start[l], vals, (bsyn_k32)nwords, it);
    }
    check_against_naive(g, vals, nwords, seed);
    bsyn_aig_levelize_free(&lv);
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
