/* bench_sim — throughput of bit-parallel AIG simulation per SIMD path, thread count and plan.
 *
 * usage: bench_sim [--epfl DIR] [--only SUBSTRING] [--min-time S] [--threads 1,2]
 *                  [--words-small W] [--words-big W] [--plans] [--ring ROWS]
 *
 * Cases: every .aig of DIR (default ../shared/data/epfl; skipped when absent) at W-small
 * words per row, and three AIGs of >= 1M ANDs at W-big words: the EPFL multiplier chained
 * into itself (outputs of one copy feed the next: real structure), a random graph whose
 * fanins are mostly recent ("local", like synthesised netlists) and one whose fanins are
 * uniform over all earlier nodes (the cache worst case). One JSON line per case, path,
 * thread count and plan: "auto" (bsyn_sim_run on one value array), "batches"
 * (bsyn_sim_random_batches, each thread its own batches: how bsyn sim and cec use threads)
 * and with --plans also "rows" (in-place sweeps) and "scratch" (ring sweeps, ring --ring):
 *   {"bench":"sim","case":"epfl/adder","backend":"avx512","threads":2,"plan":"auto",
 *    "nodes":1020,"words":...,"reps":...,"seconds":...,"cpu_seconds":...,
 *    "node_words_per_s":...,"gate_patterns_per_s":...,"equivalent":true}
 * seconds: the best of reps runs of bsyn_sim_run (the machine may be shared; cpu_seconds,
 * process CPU time of that run, shows when it was). node_words_per_s = ANDs * words /
 * seconds; gate_patterns_per_s = 64 x that. equivalent: the outputs hash as those of the
 * scalar single-thread run. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bench_util.h"
#include "bsyn_aig.h"
#include "bsyn_io.h"
#include "bsyn_pool.h"
#include "bsyn_sim.h"
#include "bsyn_sim_kernel.h"
#include "bsyn_util.h"

#define MILLION_ANDS 1000000u

typedef struct options {
  const char *epfl;
  const char *only;
  double min_time;
  unsigned threads[8];
  unsigned nthreads;
  size_t words_small, words_big;
  int plans;
  uint32_t ring; /* ring rows of the "scratch" plan, 0 = built-in */
} options;

static double now_clock(clockid_t clock) {
  struct timespec ts;
  clock_gettime(clock, &ts);
  return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static uint64_t outputs_hash(const bsyn_aig *g, const uint64_t *values, size_t nwords) {
  uint64_t h = 0;
  for (uint32_t o = 0; o < g->num_outputs; o++) {
    bsyn_lit l = g->outputs[o];
    const uint64_t *row = values + (size_t)bsyn_lit_var(l) * nwords;
    for (size_t w = 0; w < nwords; w++)
      h = bsyn_mix64(h ^ row[w] ^ -(uint64_t)bsyn_lit_sign(l));
  }
  return h;
}

/* Runs one configuration until min_time has passed (at least 3 runs) and prints its line. */
static void measure(const char *name, const bsyn_aig *g, uint64_t *values, size_t nwords,
                    bsyn_simd simd, unsigned threads, bsyn_sim_plan plan, const char *plan_name,
                    uint64_t ref, const options *opt) {
  bsyn_pool *pool = threads > 1 ? bsyn_pool_new(threads) : NULL;
  bsyn_sim_run_plan(g, values, nwords, simd, pool, plan); /* warm-up: page faults, caches */
  double best = 1e30, best_cpu = 0, spent = 0;
  unsigned reps = 0;
  while (reps < 3 || spent < opt->min_time) {
    double t0 = now_clock(CLOCK_MONOTONIC), c0 = now_clock(CLOCK_PROCESS_CPUTIME_ID);
    bsyn_sim_run_plan(g, values, nwords, simd, pool, plan);
    double t = now_clock(CLOCK_MONOTONIC) - t0, c = now_clock(CLOCK_PROCESS_CPUTIME_ID) - c0;
    if (t < best) {
      best = t;
      best_cpu = c;
    }
    spent += t;
    reps++;
  }
  double nw = (double)bsyn_aig_num_ands(g) * (double)nwords / best;
  printf("{\"bench\":\"sim\",\"case\":\"%s\",\"backend\":\"%s\",\"threads\":%u,\"plan\":\"%s\","
         "\"nodes\":%u,\"words\":%zu,\"reps\":%u,\"seconds\":%.6g,\"cpu_seconds\":%.6g,"
         "\"node_words_per_s\":%.4g,\"gate_patterns_per_s\":%.4g,\"equivalent\":%s}\n",
         name, bsyn_simd_name(simd), threads, plan_name, bsyn_aig_num_ands(g), nwords, reps, best,
         best_cpu, nw, 64 * nw, outputs_hash(g, values, nwords) == ref ? "true" : "false");
  fflush(stdout);
  bsyn_pool_free(pool);
}

static int ignore_batch(void *ctx, uint64_t word0, size_t nwords, uint64_t *const *values) {
  (void)ctx;
  (void)word0;
  (void)nwords;
  (void)values;
  return 0;
}

/* Random simulation the way bsyn sim and bsyn cec run it: every thread its own batches
 * (bsyn_sim_random_batches, 8 MB of value arrays), here 16 words' worth of patterns per
 * word of the case, random inputs included. */
static void measure_batches(const char *name, const bsyn_aig *g, size_t nwords, bsyn_simd simd,
                            unsigned threads, const options *opt) {
  bsyn_pool *pool = threads > 1 ? bsyn_pool_new(threads) : NULL;
  uint64_t patterns = 64 * 16 * (uint64_t)nwords;
  double best = 1e30, best_cpu = 0, spent = 0;
  unsigned reps = 0;
  while (reps < 3 || spent < opt->min_time) {
    double t0 = now_clock(CLOCK_MONOTONIC), c0 = now_clock(CLOCK_PROCESS_CPUTIME_ID);
    bsyn_sim_random_batches(&g, 1, patterns, 1, simd, pool, (size_t)8 << 20, ignore_batch, NULL);
    double t = now_clock(CLOCK_MONOTONIC) - t0, c = now_clock(CLOCK_PROCESS_CPUTIME_ID) - c0;
    if (t < best) {
      best = t;
      best_cpu = c;
    }
    spent += t;
    reps++;
  }
  double nw = (double)bsyn_aig_num_ands(g) * (double)(patterns / 64) / best;
  printf("{\"bench\":\"sim\",\"case\":\"%s\",\"backend\":\"%s\",\"threads\":%u,"
         "\"plan\":\"batches\",\"nodes\":%u,\"words\":%" PRIu64 ",\"reps\":%u,\"seconds\":%.6g,"
         "\"cpu_seconds\":%.6g,\"node_words_per_s\":%.4g,\"gate_patterns_per_s\":%.4g}\n",
         name, bsyn_simd_name(simd), threads, bsyn_aig_num_ands(g), patterns / 64, reps, best,
         best_cpu, nw, 64 * nw);
  fflush(stdout);
  bsyn_pool_free(pool);
}

static void bench_case(const char *name, const bsyn_aig *g, size_t nwords, const options *opt) {
  if (opt->only && !strstr(name, opt->only))
    return;
  size_t n = (size_t)g->num_vars * nwords;
  uint64_t *values = bsyn_aligned_alloc(n * sizeof(uint64_t));
  memset(values, 0, n * sizeof(uint64_t));
  bsyn_sim_random_rows(values + nwords, nwords, g->num_inputs, nwords, 0, 1);
  bsyn_sim_run(g, values, nwords, BSYN_SIMD_SCALAR, NULL);
  uint64_t ref = outputs_hash(g, values, nwords);
  static const bsyn_simd paths[] = {BSYN_SIMD_SCALAR, BSYN_SIMD_AVX2, BSYN_SIMD_AVX512};
  const struct {
    const char *name;
    bsyn_sim_plan plan;
  } plans[] = {{"auto", {.scratch = -1}},
               {"rows", {.scratch = 0}},
               {"scratch", {.scratch = 1, .ring = opt->ring}}};
  for (size_t p = 0; p < 3; p++) {
    if (!bsyn_simd_supported(paths[p]))
      continue;
    for (unsigned t = 0; t < opt->nthreads; t++) {
      for (size_t k = 0; k < (opt->plans && p ? 3u : 1u); k++)
        measure(name, g, values, nwords, paths[p], opt->threads[t], plans[k].plan, plans[k].name,
                ref, opt);
      measure_batches(name, g, nwords, paths[p], opt->threads[t], opt);
    }
  }
  bsyn_aligned_free(values);
}

/* Copies of m chained output-to-input (m needs as many outputs as inputs) until the result
 * has at least `ands` ANDs. */
static bsyn_aig *chain(const bsyn_aig *m, uint32_t ands) {
  bsyn_aig *g = bsyn_aig_new();
  bsyn_lit *cur = bsyn_malloc(((size_t)m->num_inputs + 1) * sizeof(bsyn_lit));
  bsyn_lit *map = bsyn_malloc((size_t)m->num_vars * sizeof(bsyn_lit));
  for (uint32_t i = 0; i < m->num_inputs; i++)
    cur[i] = bsyn_aig_add_input(g, NULL);
  while (bsyn_aig_num_ands(g) < ands) {
    map[0] = BSYN_LIT_FALSE;
    for (uint32_t i = 0; i < m->num_inputs; i++)
      map[i + 1] = cur[i];
    for (uint32_t v = m->num_inputs + 1; v < m->num_vars; v++) {
      bsyn_lit a = bsyn_aig_fanin0(m, v), b = bsyn_aig_fanin1(m, v);
      map[v] = bsyn_aig_and(g, bsyn_lit_notif(map[bsyn_lit_var(a)], bsyn_lit_sign(a)),
                            bsyn_lit_notif(map[bsyn_lit_var(b)], bsyn_lit_sign(b)));
    }
    for (uint32_t o = 0; o < m->num_inputs; o++)
      cur[o] = bsyn_lit_notif(map[bsyn_lit_var(m->outputs[o])], bsyn_lit_sign(m->outputs[o]));
  }
  for (uint32_t o = 0; o < m->num_inputs; o++)
    bsyn_aig_add_output(g, cur[o], NULL);
  free(map);
  free(cur);
  return g;
}

static void bench_epfl(const options *opt) {
  char **names;
  size_t n = bench_list_aig(opt->epfl, &names);
  if (!n) {
    fprintf(stderr, "bench_sim: %s absent, EPFL cases skipped\n", opt->epfl);
    return;
  }
  bsyn_aig *mult = NULL;
  for (size_t i = 0; i < n; i++) {
    char path[1024], name[256];
    snprintf(path, sizeof path, "%s/%s", opt->epfl, names[i]);
    snprintf(name, sizeof name, "epfl/%.*s", (int)strlen(names[i]) - 4, names[i]);
    bsyn_aig *g;
    bsyn_diag d;
    if (bsyn_io_read_aiger(path, &g, &d)) {
      char msg[1024];
      bsyn_diag_format(&d, msg, sizeof msg);
      fprintf(stderr, "bench_sim: %s (skipped)\n", msg);
    } else {
      bench_case(name, g, opt->words_small, opt);
      if (!strcmp(names[i], "multiplier.aig") && g->num_inputs == g->num_outputs)
        mult = g;
      else
        bsyn_aig_free(g);
    }
  }
  bench_free_names(names, n);
  if (mult && (!opt->only || strstr("chain/multiplier", opt->only))) {
    bsyn_aig *c = chain(mult, MILLION_ANDS);
    bench_case("chain/multiplier", c, opt->words_big, opt);
    bsyn_aig_free(c);
  }
  bsyn_aig_free(mult);
}

static int parse_threads(const char *s, options *o) {
  o->nthreads = 0;
  for (char *end; *s && o->nthreads < 8; s = end + (*end == ',')) {
    unsigned long t = strtoul(s, &end, 10);
    if (end == s || t == 0 || t > 1024 || (*end && *end != ','))
      return -1;
    o->threads[o->nthreads++] = (unsigned)t;
  }
  return o->nthreads ? 0 : -1;
}

int main(int argc, char **argv) {
  options opt = {BSYN_SOURCE_DIR "/../shared/data/epfl", NULL, 0.3, {1, 2}, 2, 64, 32, 0, 0};
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
    if (!strcmp(a, "--plans")) {
      opt.plans = 1;
      continue;
    }
    if (!v) {
      fprintf(stderr, "bench_sim: error: expected a value after %s, found end of arguments\n", a);
      return 1;
    }
    i++;
    if (!strcmp(a, "--epfl"))
      opt.epfl = v;
    else if (!strcmp(a, "--only"))
      opt.only = v;
    else if (!strcmp(a, "--min-time"))
      opt.min_time = atof(v);
    else if (!strcmp(a, "--words-small"))
      opt.words_small = strtoul(v, NULL, 10);
    else if (!strcmp(a, "--words-big"))
      opt.words_big = strtoul(v, NULL, 10);
    else if (!strcmp(a, "--ring"))
      opt.ring = (uint32_t)strtoul(v, NULL, 10);
    else if (!strcmp(a, "--threads") && !parse_threads(v, &opt))
      continue;
    else {
      fprintf(stderr,
              "bench_sim: error: expected an option (see the top of bench/sim.c), found '%s %s'\n",
              a, v);
      return 1;
    }
  }
  if (!opt.words_small || !opt.words_big) {
    fprintf(stderr, "bench_sim: error: expected positive word counts\n");
    return 1;
  }
  bench_epfl(&opt);
  static const struct {
    const char *name;
    uint32_t window;
  } gens[] = {{"random/local", 1024}, {"random/uniform", 0}};
  for (size_t k = 0; k < 2; k++) {
    if (opt.only && !strstr(gens[k].name, opt.only))
      continue;
    bsyn_aig *g = bench_random_aig(MILLION_ANDS, gens[k].window, 1 + k);
    bench_case(gens[k].name, g, opt.words_big, &opt);
    bsyn_aig_free(g);
  }
  return 0;
}
