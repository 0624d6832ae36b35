/* bsyn cec: equivalence of two netlists by random simulation, or proved with berkeley-abc. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bsyn_formal.h"
#include "bsyn_io.h"
#include "bsyn_pool.h"
#include "bsyn_sim.h"
#include "cli.h"

/* The value arrays of both netlists, for all threads' batches, stay under this size (in
 * cache, see cli_sim.c). */
#define BATCH_BYTES ((size_t)16 << 20)

static void usage(void) {
  printf("usage: bsyn cec A B [--patterns N] [--seed S] [--formal] [--simd P] [--threads T]\n\n"
         "Checks that netlists A and B (.aag, .aig, .blif) compute the same function, matching\n"
         "inputs and outputs by position. Random simulation runs first (N patterns, default\n"
         "1M, from seed S as in bsyn sim); on a mismatch it prints the first failing output\n"
         "and a counterexample input vector and exits 1. With --formal, berkeley-abc then\n"
         "proves equivalence (a BDD or cec per output) or gives a counterexample. Exit 0 means\n"
         "equivalent on every pattern tried (proved with --formal); 1 means different, or an\n"
         "error.\n\n"
         "  --patterns N  random patterns to compare (k, M, G suffixes and 1e6 forms accepted;\n"
         "                0 with --formal: the proof alone)\n"
         "  --seed S      seed of the pattern stream (default 1)\n"
         "  --formal      prove with berkeley-abc (must be installed) after simulation\n"
         "  --simd P      auto, scalar, avx2 or avx512 (default auto)\n"
         "  --threads T   threads including the main one (default 0: one per core)\n");
}

typedef struct cec_opts {
  const char *file[2];
  uint64_t patterns, seed, threads;
  bsyn_simd simd;
  int formal;
} cec_opts;

/* Fills o from the arguments; returns 0, or the exit code 1 after printing the error. */
static int parse(int argc, char **argv, cec_opts *o) {
  *o = (cec_opts){{NULL, NULL}, 1000000, 1, 0, BSYN_SIMD_AUTO, 0};
  int files = 0;
  for (int i = 1; i < argc; i++) {
    const char *v = NULL;
    int r;
    if (!strcmp(argv[i], "--formal")) {
      o->formal = 1;
    } else if ((r = bsyn_cli_opt(argc, argv, &i, "--patterns", &v))) {
      if (r < 0)
        return 1;
      if (bsyn_cli_parse_u64(v, &o->patterns))
        return bsyn_cli_error("cec", "expected a pattern count after --patterns, found '%s'", v);
    } else if ((r = bsyn_cli_opt(argc, argv, &i, "--seed", &v))) {
      if (r < 0)
        return 1;
      if (bsyn_cli_parse_u64(v, &o->seed))
        return bsyn_cli_error("cec", "expected an unsigned number after --seed, found '%s'", v);
    } else if ((r = bsyn_cli_opt(argc, argv, &i, "--simd", &v))) {
      if (r < 0)
        return 1;
      if (bsyn_simd_parse(v, &o->simd) || !bsyn_simd_supported(o->simd))
        return bsyn_cli_error("cec", "expected a SIMD path this CPU runs (best: %s), found '%s'",
                              bsyn_simd_name(bsyn_simd_best()), v);
    } else if ((r = bsyn_cli_opt(argc, argv, &i, "--threads", &v))) {
      if (r < 0)
        return 1;
      if (bsyn_cli_parse_u64(v, &o->threads) || o->threads > 1024)
        return bsyn_cli_error("cec", "expected a thread count (0-1024) after --threads, found '%s'",
                              v);
    } else if (argv[i][0] == '-' && argv[i][1]) {
      return bsyn_cli_error("cec", "expected an option of bsyn cec --help, found '%s'", argv[i]);
    } else if (files == 2) {
      return bsyn_cli_error("cec", "expected two netlist files, found a third one '%s'", argv[i]);
    } else {
      o->file[files++] = argv[i];
    }
  }
  if (files < 2)
    return bsyn_cli_error("cec", "expected two netlist files, found %d (see bsyn cec --help)",
                          files);
  if (o->patterns == 0 && !o->formal)
    return bsyn_cli_error("cec", "expected a positive pattern count (or --formal), found 0");
  return 0;
}

/* Input k's name, from whichever netlist names it, into buf. */
static const char *input_name(bsyn_aig *const g[2], uint32_t k, char *buf, size_t size) {
  for (int s = 0; s < 2; s++)
    if (bsyn_aig_input_name(g[s], k))
      return bsyn_aig_input_name(g[s], k);
  snprintf(buf, size, "i%u", k);
  return buf;
}

static const char *output_name(bsyn_aig *const g[2], uint32_t k, char *buf, size_t size) {
  for (int s = 0; s < 2; s++)
    if (bsyn_aig_output_name(g[s], k))
      return bsyn_aig_output_name(g[s], k);
  snprintf(buf, size, "o%u", k);
  return buf;
}

/* Prints the mismatch of output `out` under input vector `in` (one byte per input), with the
 * values both netlists give, recomputed by the reference evaluator. Returns the number of
 * outputs that differ (0: the vector is no counterexample, and nothing is printed). */
static uint32_t report_mismatch(bsyn_aig *const g[2], const cec_opts *o, const uint8_t *in,
                                uint32_t out, const char *how) {
  uint8_t *res[2];
  uint32_t differ = 0;
  for (int s = 0; s < 2; s++) {
    res[s] = bsyn_malloc((size_t)g[s]->num_outputs + 1);
    bsyn_aig_eval(g[s], in, res[s]);
  }
  for (uint32_t k = 0; k < g[0]->num_outputs; k++)
    differ += res[0][k] != res[1][k];
  if (!differ)
    goto out;
  if (res[0][out] == res[1][out]) { /* the named output agrees: report the first that does not */
    out = 0;
    while (res[0][out] == res[1][out])
      out++;
  }
  char buf[32];
  printf("bsyn cec: NOT equivalent (%s): output %u '%s' is %u in %s and %u in %s", how, out,
         output_name(g, out, buf, sizeof buf), res[0][out], o->file[0], res[1][out], o->file[1]);
  printf(" (%u output%s differ%s under this input)\n", differ, differ == 1 ? "" : "s",
         differ == 1 ? "s" : "");
  printf("counterexample:");
  for (uint32_t k = 0; k < g[0]->num_inputs; k++)
    printf(" %s=%u", input_name(g, k, buf, sizeof buf), in[k]);
  printf("\ncounterexample bits (input 0 first): ");
  for (uint32_t k = 0; k < g[0]->num_inputs; k++)
    putchar('0' + in[k]);
  putchar('\n');
out:
  free(res[0]);
  free(res[1]);
  return differ;
}

typedef struct compare_state {
  bsyn_aig *const *g;
  const cec_opts *o;
} compare_state;

/* Compares a batch's outputs; on a mismatch reports the lowest failing pattern (and the
 * lowest failing output there) and returns 1. */
static int compare_batch(void *ctx, uint64_t word0, size_t nwords, uint64_t *const *val) {
  const compare_state *c = ctx;
  bsyn_aig *const *g = c->g;
  for (size_t w = 0; w < nwords; w++) {
    uint64_t word = word0 + w, left = c->o->patterns - 64 * word;
    uint64_t diff = 0, live = left >= 64 ? ~0ull : (1ull << left) - 1;
    uint32_t out = 0;
    for (uint32_t k = 0; k < g[0]->num_outputs; k++) {
      bsyn_lit a = g[0]->outputs[k], b = g[1]->outputs[k];
      uint64_t x = val[0][(size_t)bsyn_lit_var(a) * nwords + w] ^ -(uint64_t)bsyn_lit_sign(a);
      uint64_t y = val[1][(size_t)bsyn_lit_var(b) * nwords + w] ^ -(uint64_t)bsyn_lit_sign(b);
      uint64_t d = (x ^ y) & live;
      /* keep the lowest pattern; among the outputs failing there, the lowest index */
      if (d && (!diff || __builtin_ctzll(d) < __builtin_ctzll(diff))) {
        diff = d;
        out = k;
      }
    }
    if (!diff)
      continue;
    unsigned bit = (unsigned)__builtin_ctzll(diff);
    uint8_t *in = bsyn_malloc((size_t)g[0]->num_inputs + 1);
    for (uint32_t i = 0; i < g[0]->num_inputs; i++)
      in[i] = val[0][(size_t)(1 + i) * nwords + w] >> bit & 1;
    char how[96];
    snprintf(how, sizeof how, "random pattern %" PRIu64 " of seed %" PRIu64, 64 * word + bit,
             c->o->seed);
    report_mismatch(g, c->o, in, out, how);
    free(in);
    return 1;
  }
  return 0;
}

/* Random simulation of both netlists on the same patterns. Returns 0 when all agree, 1
 * after reporting the lowest-numbered failing pattern. */
static int simulate(bsyn_aig *const g[2], const cec_opts *o) {
  bsyn_pool *pool = bsyn_pool_new((unsigned)o->threads);
  compare_state c = {g, o};
  const bsyn_aig *both[2] = {g[0], g[1]};
  int bad = bsyn_sim_random_batches(both, 2, o->patterns, o->seed, o->simd, pool, BATCH_BYTES,
                                    compare_batch, &c);
  bsyn_pool_free(pool);
  if (bad)
    return 1;
  printf("bsyn cec: equivalent on %" PRIu64 " random patterns (seed %" PRIu64 ")%s\n", o->patterns,
         o->seed, o->formal ? "" : "; not a proof (see --formal)");
  return 0;
}

/* berkeley-abc proves g[0] equal to g[1] or gives an input where they differ
 * (bsyn_formal_cec: a BDD or cec per output). Returns the exit code. */
static int prove(bsyn_aig *const g[2], const cec_opts *o) {
  if (!bsyn_formal_available())
    return bsyn_cli_error("cec", "--formal needs %s, which is not installed (not found on PATH)",
                          BSYN_FORMAL_ABC);
  uint8_t *in = bsyn_calloc((size_t)g[0]->num_inputs + 1, 1);
  int eq = 0, rc = 1;
  bsyn_diag d;
  bsyn_diag_init(&d, NULL);
  if (bsyn_formal_cec(g[0], g[1], &eq, in, &d))
    rc = bsyn_cli_error("cec", "%s and %s: %s", o->file[0], o->file[1], d.msg);
  else if (eq) {
    printf("bsyn cec: proved equivalent (%s)\n", BSYN_FORMAL_ABC);
    rc = 0;
  } else
    report_mismatch(g, o, in, 0, BSYN_FORMAL_ABC);
  free(in);
  return rc;
}

int bsyn_cli_cec(int argc, char **argv) {
  for (int i = 1; i < argc; i++)
    if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
      usage();
      return 0;
    }
  cec_opts o;
  if (parse(argc, argv, &o))
    return 1;
  bsyn_aig *g[2] = {NULL, NULL};
  int rc = 1;
  for (int s = 0; s < 2; s++) {
    bsyn_diag d;
    if (bsyn_io_read_netlist(o.file[s], &g[s], &d)) {
      rc = bsyn_cli_report(&d);
      goto out;
    }
  }
  if (g[0]->num_inputs != g[1]->num_inputs || g[0]->num_outputs != g[1]->num_outputs) {
    rc = bsyn_cli_error("cec",
                        "expected the same interface, found %u inputs and %u outputs in %s "
                        "but %u inputs and %u outputs in %s",
                        g[0]->num_inputs, g[0]->num_outputs, o.file[0], g[1]->num_inputs,
                        g[1]->num_outputs, o.file[1]);
    goto out;
  }
  rc = o.patterns ? simulate(g, &o) : 0;
  if (rc == 0 && o.formal)
    rc = prove(g, &o);
out:
  bsyn_aig_free(g[0]);
  bsyn_aig_free(g[1]);
  return rc;
}
