/* bench_oracle — throughput of the rv32i-core, rv32i-full and rv32ia-priv oracles, from
 * bit-sliced batch in to bit-sliced batch out.
 *
 * usage: bench_oracle [seconds-per-case [oracle]]   (default 1 s, every oracle)
 *
 * Prints one JSON line per oracle, input mix and thread count:
 *   {"bench":"oracle","case":"rv32i-core","mix":"uniform","threads":2,"batch_words":200,
 *    "vectors":...,"seconds":...,"vectors_per_s":...,"cpu_seconds":...,"vectors_per_cpu_s":...}
 * (CPU time summed over threads: a check on wall-clock figures taken on a busy machine)
 * "uniform" draws every input bit at random (most instructions are then illegal); "isa" draws
 * the instruction from bsyn_rv32_random_inst (rv32ia-priv: bsyn_rv32ia_random_inst), so most
 * vectors execute a real instruction.
 * With T threads, each pool item answers its own batch (how a learner splits a level's
 * probes), items spread over the pool. A batch holds about 256 KiB of inputs ("batch_words"
 * words per row), so that inputs just generated are still in cache, as in a learner. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bsyn_oracle.h"
#include "bsyn_pool.h"
#include "bsyn_rv32.h"
#include "bsyn_rv32_oracle.h"
#include "bsyn_rv32ia_oracle.h"
#include "bsyn_sample_rv32ia.h"
#include "bsyn_transpose.h"
#include "bsyn_util.h"

enum { ITEMS = 16, BATCH_BYTES = 256 << 10 };

typedef struct job {
  bsyn_oracle *oracle;
  size_t nwords;
  uint64_t *in[ITEMS], *out[ITEMS];
} job;

static double now_clock(clockid_t clock) {
  struct timespec ts;
  clock_gettime(clock, &ts);
  return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static void run_item(void *arg, size_t item, unsigned thread) {
  job *j = arg;
  bsyn_diag d;
  if (bsyn_oracle_eval(j->oracle, j->in[item], j->out[item], j->nwords, &d))
    bsyn_abort("oracle %s failed: %s", j->oracle->name, d.msg);
}

/* Fills a batch with random inputs; for the "isa" mix the inst field holds real encodings. */
static void fill(const bsyn_oracle *o, uint64_t *in, size_t nwords, int isa, uint64_t seed) {
  size_t n = (size_t)o->num_inputs * nwords;
  for (size_t i = 0; i < n; i++)
    in[i] = bsyn_mix64(seed ^ i);
  if (!isa)
    return;
  int ia = !strcmp(o->name, "rv32ia-priv");
  uint32_t lsb = ia                               ? BSYN_RV32IA_IN_INST
                 : !strcmp(o->name, "rv32i-core") ? BSYN_RV32C_IN_INST
                                                  : BSYN_RV32F_IN_INST;
  for (size_t w = 0; w < nwords; w++) {
    uint64_t m[64];
    for (unsigned v = 0; v < 64; v++) {
      uint64_t r = bsyn_mix64(~seed ^ (64 * w + v));
      m[v] = ia ? bsyn_rv32ia_random_inst(r) : bsyn_rv32_random_inst(r);
    }
    bsyn_transpose64_scatter(m, in + (size_t)lsb * nwords + w, nwords, 32);
  }
}

static void bench(bsyn_oracle *o, int isa, unsigned threads, double seconds) {
  bsyn_pool *pool = threads > 1 ? bsyn_pool_new(threads) : NULL;
  job j = {.oracle = o, .nwords = BATCH_BYTES / sizeof(uint64_t) / o->num_inputs / 8 * 8};
  if (j.nwords == 0)
    j.nwords = 8;
  for (unsigned i = 0; i < ITEMS; i++) {
    j.in[i] = bsyn_aligned_alloc(sizeof(uint64_t) * o->num_inputs * j.nwords);
    j.out[i] = bsyn_aligned_alloc(sizeof(uint64_t) * o->num_outputs * j.nwords);
    fill(o, j.in[i], j.nwords, isa, 0x5eed0000u + i);
  }
  bsyn_pool_run(pool, ITEMS, run_item, &j); /* warm caches and threads */
  size_t rounds = 0;
  double c0 = now_clock(CLOCK_PROCESS_CPUTIME_ID), t0 = now_clock(CLOCK_MONOTONIC), t;
  do {
    bsyn_pool_run(pool, ITEMS, run_item, &j);
    rounds++;
  } while ((t = now_clock(CLOCK_MONOTONIC) - t0) < seconds);
  double cpu = now_clock(CLOCK_PROCESS_CPUTIME_ID) - c0;
  double vectors = (double)rounds * ITEMS * j.nwords * 64;
  printf(
      "{\"bench\":\"oracle\",\"case\":\"%s\",\"mix\":\"%s\",\"threads\":%u,\"batch_words\":%zu,"
      "\"vectors\":%.0f,"
      "\"seconds\":%.3f,\"vectors_per_s\":%.0f,\"cpu_seconds\":%.3f,\"vectors_per_cpu_s\":%.0f}\n",
      o->name, isa ? "isa" : "uniform", threads, j.nwords, vectors, t, vectors / t, cpu,
      vectors / cpu);
  fflush(stdout);
  for (unsigned i = 0; i < ITEMS; i++) {
    bsyn_aligned_free(j.in[i]);
    bsyn_aligned_free(j.out[i]);
  }
  bsyn_pool_free(pool);
}

int main(int argc, char **argv) {
  double seconds = argc > 1 ? atof(argv[1]) : 1.0;
  if (!(seconds > 0)) {
    fprintf(stderr, "usage: bench_oracle [seconds-per-case [oracle]]\n");
    return 1;
  }
  const char *only = argc > 2 ? argv[2] : NULL;
  bsyn_oracle *oracles[3] = {bsyn_rv32_oracle_core(), bsyn_rv32_oracle_full(),
                             bsyn_rv32ia_oracle(0)};
  for (unsigned k = 0; k < 3; k++)
    for (int isa = 0; isa < 2; isa++)
      for (unsigned threads = 1; threads <= 2; threads++)
        if (!only || !strcmp(only, oracles[k]->name))
          bench(oracles[k], isa, threads, seconds);
  for (unsigned k = 0; k < 3; k++)
    bsyn_oracle_close(oracles[k]);
  return 0;
}
