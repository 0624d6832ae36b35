/* bsyn_verify.h — checking a netlist against its oracle by bit-parallel simulation, with an
 * upper bound on the error rate.
 *
 * A check runs over *sources*: a sampling distribution (a bsyn_sampler plug-in from
 * bsyn_learn_sample.h or bsyn_sample_rv32.h, asked for N vectors) or a fixed vector set (a
 * trace, an example set). Every output of the netlist is compared with the oracle's on
 * every vector: inputs and outputs matched by position. Distributions are drawn from sample
 * words 2^41 onwards, which a learner run with the same seed never probes.
 *
 * Work is cut into blocks of whole sample words (memory per block bounded, see
 * block_bytes), blocks run on a bsyn_pool, and results are merged in block order: counts,
 * bounds and counterexamples are the same for any thread count, SIMD path or device. */
#ifndef BSYN_VERIFY_H
#define BSYN_VERIFY_H

#include <stddef.h>
#include <stdint.h>

#include "bsyn_aig.h"
#include "bsyn_cl.h"
#include "bsyn_learn_sample.h"
#include "bsyn_oracle.h"
#include "bsyn_pool.h"
#include "bsyn_sim.h"
#include "bsyn_util.h"

/* First sample word of every distribution source. */
#define BSYN_VERIFY_WORD0 ((uint64_t)1 << 41)

/* One source of test vectors. Either sampler (with vectors) or rows (with nvec) is set. */
typedef struct bsyn_verify_source {
  const char *name;             /* label for reports, e.g. "uniform", "trace:boot.trace"; not owned */
  const bsyn_sampler *sampler;  /* a distribution (not owned), or NULL for a fixed set */
  uint64_t vectors;             /* distribution: vectors to draw */
  /* fixed set: nvec vectors, rows[i * row_words + w] bit b = input i of vector 64w + b */
  const uint64_t *rows;
  size_t row_words;
  size_t nvec;
  /* fixed set only: the expected outputs in the same layout (num_outputs rows), or NULL to
   * ask the oracle (needed for oracles without eval, i.e. example sets) */
  const uint64_t *answers;
} bsyn_verify_source;

typedef struct bsyn_verify_params {
  uint64_t seed;       /* of the distributions (default 1) */
  double confidence;   /* of the error bounds, in (0, 1) (default 0.999) */
  uint32_t max_cex;    /* counterexamples kept, the first ones in source and vector order (default 4) */
  bsyn_simd simd;      /* CPU simulation path (default AUTO) */
  bsyn_pool *pool;     /* blocks run on it when the oracle is thread-safe; NULL: one thread */
  bsyn_cl *cl;         /* non-NULL: simulate the netlist on this OpenCL device (blocks one by one) */
  size_t block_bytes;  /* simulation values per block (default 4 MiB: blocks that stay in cache simulate
                        * about 2.5x faster than 32 MiB ones; at least 8 words a block) */
  /* Called from the calling thread after every round of blocks: source index, its vectors
   * checked so far and its total. NULL = none. */
  void (*progress)(void *arg, uint32_t source, uint64_t done, uint64_t total);
  void *progress_arg;
} bsyn_verify_params;

/* Fills p with the defaults above. */
void bsyn_verify_params_init(bsyn_verify_params *p);

typedef struct bsyn_verify_source_result {
  uint64_t vectors;  /* checked */
  uint64_t failing;  /* vectors on which at least one output is wrong */
  double bound;      /* upper confidence bound on P(a vector of this source fails) */
} bsyn_verify_source_result;

/* A vector on which the netlist and the oracle differ, recomputed one vector at a time:
 * got from bsyn_aig_eval, want from the oracle (or the source's answers). */
typedef struct bsyn_verify_cex {
  uint32_t source;  /* index into the sources */
  uint64_t index;   /* vector number within the source */
  uint8_t *in;      /* num_inputs bytes, 0/1 */
  uint8_t *got;     /* num_outputs bytes, the netlist's outputs */
  uint8_t *want;    /* num_outputs bytes, the oracle's */
} bsyn_verify_cex;

typedef struct bsyn_verify_report {
  uint32_t num_inputs, num_outputs;
  uint32_t num_sources;
  bsyn_verify_source_result *sources; /* num_sources entries, in the given order */
  uint64_t *mismatches;               /* per output: wrong vectors over all sources */
  uint64_t vectors, failing;          /* totals over all sources */
  uint32_t num_cex;
  bsyn_verify_cex *cex;
  char notice[256];                   /* non-empty when the OpenCL device failed and the CPU took over */
} bsyn_verify_report;

/* Checks aig against o on every vector of every source. Returns 0 with *out set (free with
 * bsyn_verify_report_free; a mismatch is a result, not an error), or -1 with d filled and
 * *out NULL when the interfaces differ ("expected 160 inputs and 155 outputs as rv32i-core
 * has, found ..."), a fixed set needs the oracle's answers but o answers no queries, or the
 * oracle fails. Thread-safe as long as o is (the pool and cl are used by this call alone). */
int bsyn_verify_run(const bsyn_aig *aig, bsyn_oracle *o, const bsyn_verify_source *src, uint32_t nsrc,
                    const bsyn_verify_params *p, bsyn_verify_report **out, bsyn_diag *d);

void bsyn_verify_report_free(bsyn_verify_report *r);

/* The exact (Clopper–Pearson) upper confidence bound on a failure probability after
 * `failing` failures in n independent trials: the p at which P(X <= failing; n, p) =
 * 1 - confidence. 0 failures give 1 - (1 - confidence)^(1/n) ≈ ln(1/(1-confidence))/n;
 * n = 0 or failing >= n gives 1. Pure. */
double bsyn_verify_bound(uint64_t failing, uint64_t n, double confidence);

/* A sampling distribution by name for o's inputs: "uniform", "stress" (operand fields copied
 * or complemented onto each other), "rv32" (bsyn_sampler_rv32; rv32 layouts only) or "mix"
 * (1/2 uniform, 1/4 stress, 1/4 rv32 or 1/2 stress without an rv32 layout). Returns NULL
 * with d filled on an unknown name or rv32 for another oracle. Free with bsyn_sampler_free. */
bsyn_sampler *bsyn_verify_sampler(const bsyn_oracle *o, const char *dist, bsyn_diag *d);

#endif
