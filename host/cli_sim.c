/* bsyn sim: random bit-parallel simulation of a netlist, one hash per output. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bsyn_io.h"
#include "bsyn_pool.h"
#include "bsyn_sim.h"
#include "cli.h"

/* The value arrays of all threads' batches stay under this size, so batches stay in cache
 * (several times faster than larger ones, measured on EPFL circuits); the hashes do not
 * depend on it. */
#define BATCH_BYTES ((size_t)8 << 20)

static void usage(void) {
  printf("usage: bsyn sim FILE [--patterns N] [--seed S] [--simd auto|scalar|avx2|avx512]\n"
         "                [--threads T]\n\n"
         "Simulates the netlist (.aag, .aig, .blif) on N random input patterns (default 1M)\n"
         "and prints one 64-bit hash per output, with its name. Pattern p's input i is bit\n"
         "p %% 64 of a word that depends only on (S, i, p / 64), so the hashes are the same\n"
         "for any --simd and --threads: compare them across runs, machines and netlists.\n"
         "An output's hash chains SplitMix64 over its 64-pattern words in order (bits past\n"
         "N cleared), starting from 0x6273796e73696d.\n"
         "The simulation rate goes to stderr.\n\n"
         "  --patterns N  patterns to simulate (k, M, G suffixes and 1e6 forms accepted)\n"
         "  --seed S      seed of the pattern stream (default 1)\n"
         "  --simd P      SIMD path (default auto: the best this CPU runs)\n"
         "  --threads T   threads including the main one (default 0: one per core)\n");
}

/* Mask of the patterns below `patterns` within word w. */
static uint64_t live_bits(uint64_t patterns, uint64_t w) {
  uint64_t first = w * 64;
  return patterns - first >= 64 ? ~0ull : (1ull << (patterns - first)) - 1;
}

static double now_s(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

typedef struct hash_state {
  const bsyn_aig *g;
  uint64_t patterns;
  uint64_t *hash; /* one per output */
} hash_state;

/* The hash chains each output's words in pattern order, so batch sizes cannot change it. */
static int hash_batch(void *ctx, uint64_t word0, size_t nwords, uint64_t *const *values) {
  hash_state *h = ctx;
  for (uint32_t k = 0; k < h->g->num_outputs; k++) {
    bsyn_lit l = h->g->outputs[k];
    const uint64_t *row = values[0] + (size_t)bsyn_lit_var(l) * nwords;
    uint64_t m = -(uint64_t)bsyn_lit_sign(l);
    for (size_t w = 0; w < nwords; w++)
      h->hash[k] = bsyn_mix64(h->hash[k] ^ ((row[w] ^ m) & live_bits(h->patterns, word0 + w)));
  }
  return 0;
}

typedef struct sim_opts {
  const char *file;
  uint64_t patterns, seed, threads;
  bsyn_simd simd;
} sim_opts;

/* Fills o from the arguments; returns 0, or the exit code 1 after printing the error. */
static int parse(int argc, char **argv, sim_opts *o) {
  *o = (sim_opts){NULL, 1000000, 1, 0, BSYN_SIMD_AUTO};
  for (int i = 1; i < argc; i++) {
    const char *v = NULL;
    int r;
    if ((r = bsyn_cli_opt(argc, argv, &i, "--patterns", &v))) {
      if (r < 0)
        return 1;
      if (bsyn_cli_parse_u64(v, &o->patterns) || o->patterns == 0)
        return bsyn_cli_error("sim",
                              "expected a positive pattern count after --patterns, found '%s'", v);
    } else if ((r = bsyn_cli_opt(argc, argv, &i, "--seed", &v))) {
      if (r < 0)
        return 1;
      if (bsyn_cli_parse_u64(v, &o->seed))
        return bsyn_cli_error("sim", "expected an unsigned number after --seed, found '%s'", v);
    } else if ((r = bsyn_cli_opt(argc, argv, &i, "--simd", &v))) {
      if (r < 0)
        return 1;
      if (bsyn_simd_parse(v, &o->simd))
        return bsyn_cli_error("sim",
                              "expected auto, scalar, avx2 or avx512 after --simd, found '%s'", v);
      if (!bsyn_simd_supported(o->simd))
        return bsyn_cli_error("sim", "expected a SIMD path this CPU runs (best: %s), found '%s'",
                              bsyn_simd_name(bsyn_simd_best()), v);
    } else if ((r = bsyn_cli_opt(argc, argv, &i, "--threads", &v))) {
      if (r < 0)
        return 1;
      if (bsyn_cli_parse_u64(v, &o->threads) || o->threads > 1024)
        return bsyn_cli_error("sim", "expected a thread count (0-1024) after --threads, found '%s'",
                              v);
    } else if (argv[i][0] == '-' && argv[i][1]) {
      return bsyn_cli_error("sim", "expected an option of bsyn sim --help, found '%s'", argv[i]);
    } else if (o->file) {
      return bsyn_cli_error("sim", "expected one netlist file, found a second one '%s'", argv[i]);
    } else {
      o->file = argv[i];
    }
  }
  if (!o->file)
    return bsyn_cli_error("sim", "expected a netlist file, found none (see bsyn sim --help)");
  return 0;
}

int bsyn_cli_sim(int argc, char **argv) {
  for (int i = 1; i < argc; i++)
    if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
      usage();
      return 0;
    }
  sim_opts o;
  if (parse(argc, argv, &o))
    return 1;
  bsyn_aig *g;
  bsyn_diag d;
  if (bsyn_io_read_netlist(o.file, &g, &d))
    return bsyn_cli_report(&d);

  bsyn_pool *pool = bsyn_pool_new((unsigned)o.threads);
  double t_start = now_s();
  hash_state h = {g, o.patterns, bsyn_malloc(((size_t)g->num_outputs + 1) * sizeof(uint64_t))};
  for (uint32_t k = 0; k < g->num_outputs; k++)
    h.hash[k] = 0x6273796e73696dull; /* any fixed start; "bsynsim" */
  const bsyn_aig *one[1] = {g};
  bsyn_sim_random_batches(one, 1, o.patterns, o.seed, o.simd, pool, BATCH_BYTES, hash_batch, &h);
  double t = now_s() - t_start;
  for (uint32_t k = 0; k < g->num_outputs; k++) {
    const char *name = bsyn_aig_output_name(g, k);
    if (name)
      printf("%016" PRIx64 " %s\n", h.hash[k], name);
    else
      printf("%016" PRIx64 " o%u\n", h.hash[k], k);
  }
  double node_words = (double)bsyn_aig_num_ands(g) * (double)o.patterns / 64;
  fprintf(stderr,
          "bsyn sim: %" PRIu64 " patterns, %u ANDs, %s, %u thread%s: %.3f s "
          "(%.4g patterns/s, %.4g node-words/s, random inputs and hashing included)\n",
          o.patterns, bsyn_aig_num_ands(g), bsyn_simd_name(o.simd ? o.simd : bsyn_simd_best()),
          bsyn_pool_threads(pool), bsyn_pool_threads(pool) == 1 ? "" : "s", t,
          t > 0 ? (double)o.patterns / t : 0.0, t > 0 ? node_words / t : 0.0);
  free(h.hash);
  bsyn_pool_free(pool);
  bsyn_aig_free(g);
  return 0;
}
