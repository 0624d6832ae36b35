#include <criterion/criterion.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bsyn_aig.h"
#include "bsyn_io.h"
#include "bsyn_sim.h"
#include "bsyn_test.h"
#include "bsyn_util.h"

static int bsyn(const char *args, char **out) {
  char cmd[4096];
  snprintf(cmd, sizeof cmd, "'%s' %s 2>/dev/null", bsyn_test_exe(), args);
  return bsyn_test_run(cmd, out);
}

static const char *write_aig(const bsyn_aig *g, const char *name, int binary) {
  const char *path = bsyn_test_tmpfile(name);
  bsyn_diag d;
  bsyn_diag_init(&d, path);
  cr_assert_eq(bsyn_io_write_aiger(g, path, binary, &d), 0, "%s", d.msg);
  return path;
}

/* The documented hash, from one library simulation of all patterns at once: a SplitMix64
 * chain over the output's words, patterns past the count masked off. */
static void expected_hashes(const bsyn_aig *g, uint64_t patterns, uint64_t seed, uint64_t *hash) {
  size_t nw = (size_t)((patterns + 63) / 64);
  uint64_t *in = bsyn_malloc(((size_t)g->num_inputs + 1) * nw * sizeof(uint64_t));
  uint64_t *out = bsyn_malloc(((size_t)g->num_outputs + 1) * nw * sizeof(uint64_t));
  bsyn_sim_random_rows(in, nw, g->num_inputs, nw, 0, seed);
  bsyn_sim_eval(g, in, out, nw, BSYN_SIMD_SCALAR, NULL);
  for (uint32_t o = 0; o < g->num_outputs; o++) {
    hash[o] = 0x6273796e73696dull;
    for (size_t w = 0; w < nw; w++) {
      uint64_t left = patterns - 64 * w;
      uint64_t live = left >= 64 ? ~0ull : (1ull << left) - 1;
      hash[o] = bsyn_mix64(hash[o] ^ (out[o * nw + w] & live));
    }
  }
  free(out);
  free(in);
}

Test(cli_sim, hashes_match_library_and_ignore_threads_and_simd) {
  bsyn_aig *g = bsyn_test_random_aig(20, 3000, 5, 31);
  bsyn_aig_set_output_name(g, 1, "carry");
  const char *aig = write_aig(g, "g.aig", 1), *aag = write_aig(g, "g.aag", 0);
  uint64_t hash[5];
  expected_hashes(g, 100001, 9, hash);
  char expect[512] = "", line[64];
  for (uint32_t o = 0; o < 5; o++) {
    if (o == 1)
      snprintf(line, sizeof line, "%016" PRIx64 " carry\n", hash[o]);
    else
      snprintf(line, sizeof line, "%016" PRIx64 " o%u\n", hash[o], o);
    strcat(expect, line);
  }
  static const char *const simd[] = {"scalar", "avx2", "avx512", "auto"};
  for (int s = 0; s < 4; s++) {
    bsyn_simd p;
    bsyn_simd_parse(simd[s], &p);
    if (!bsyn_simd_supported(p))
      continue;
    for (int t = 1; t <= 3; t++) {
      char args[1024], *out;
      snprintf(args, sizeof args, "sim '%s' --patterns 100001 --seed 9 --simd %s --threads %d",
               t == 2 ? aag : aig, simd[s], t);
      cr_assert_eq(bsyn(args, &out), 0, "%s", args);
      cr_assert_str_eq(out, expect, "%s", args);
      free(out);
    }
  }
  /* another seed or count changes every hash */
  char args[1024], *out;
  snprintf(args, sizeof args, "sim '%s' --patterns 100001 --seed 10", aig);
  cr_assert_eq(bsyn(args, &out), 0);
  cr_assert_neq(strncmp(out, expect, 16), 0);
  free(out);
  bsyn_aig_free(g);
}

Test(cli_sim, reports_rate_on_stderr) {
  bsyn_aig *g = bsyn_test_random_aig(8, 100, 2, 4);
  const char *path = write_aig(g, "r.aig", 1);
  char cmd[1024], *out;
  snprintf(cmd, sizeof cmd, "'%s' sim '%s' --patterns 1k 2>&1 >/dev/null", bsyn_test_exe(), path);
  cr_assert_eq(bsyn_test_run(cmd, &out), 0);
  cr_assert(strstr(out, "1000 patterns") && strstr(out, "patterns/s"), "%s", out);
  free(out);
  bsyn_aig_free(g);
}

Test(cli_sim, bad_arguments) {
  static const char *const cases[] = {"sim",
                                      "sim a b",
                                      "sim a --patterns 0",
                                      "sim a --patterns",
                                      "sim a --threads many",
                                      "sim a --simd sse",
                                      "sim a --bogus"};
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    char cmd[512], *out;
    snprintf(cmd, sizeof cmd, "'%s' %s", bsyn_test_exe(), cases[i]);
    cr_assert_eq(bsyn_test_run(cmd, &out), 1, "%s: %s", cases[i], out);
    cr_assert(strstr(out, "error: expected"), "%s: %s", cases[i], out);
    cr_assert_eq(strchr(out, '\n'), out + strlen(out) - 1, "%s: not one line: %s", cases[i], out);
    free(out);
  }
  char *out;
  cr_assert_eq(bsyn("sim --help", &out), 0);
  cr_assert(strstr(out, "usage: bsyn sim"));
  free(out);
}
