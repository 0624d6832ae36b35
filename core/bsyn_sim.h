/* bsyn_sim.h — bit-parallel AIG simulation.
 *
 * Values live in one flat array, one row of nwords words per variable:
 *   values[v * nwords + w]   (row 0 = constant, all zero; rows 1..num_inputs = inputs)
 * bsyn_sim_run fills the AND rows from the input rows. All SIMD paths and any thread count
 * give bit-identical results. */
#ifndef BSYN_SIM_H
#define BSYN_SIM_H

#include <stddef.h>
#include <stdint.h>

#include "bsyn_aig.h"
#include "bsyn_pool.h"

typedef enum bsyn_simd {
  BSYN_SIMD_AUTO = 0,
  BSYN_SIMD_SCALAR,
  BSYN_SIMD_AVX2,
  BSYN_SIMD_AVX512
} bsyn_simd;

/* Parses "auto|scalar|avx2|avx512"; returns 0 or -1 on an unknown name. */
int bsyn_simd_parse(const char *name, bsyn_simd *out);
const char *bsyn_simd_name(bsyn_simd s);
/* The best path this CPU supports (never AUTO). */
bsyn_simd bsyn_simd_best(void);
/* 1 when this CPU (and this build) can run path s. */
int bsyn_simd_supported(bsyn_simd s);

/* Simulates aig on values (layout above; allocated by the caller with num_vars * nwords
 * words, 64-byte aligned preferred). simd AUTO picks the best; an unsupported path aborts.
 * pool may be NULL (single thread). */
void bsyn_sim_run(const bsyn_aig *aig, uint64_t *values, size_t nwords, bsyn_simd simd, bsyn_pool *pool);

/* Copies the outputs (complement applied) into out[o * nwords + w]. */
void bsyn_sim_outputs(const bsyn_aig *aig, const uint64_t *values, size_t nwords, uint64_t *out);

/* Convenience: simulates in (num_inputs rows) to out (num_outputs rows) without the caller
 * holding the full value array. */
void bsyn_sim_eval(const bsyn_aig *aig, const uint64_t *in, uint64_t *out, size_t nwords, bsyn_simd simd, bsyn_pool *pool);

/* Fills count rows (row r at rows + r * stride, nwords words each) with pseudo-random
 * patterns: word w of row r is a fixed function of (seed, r, word0 + w) alone, so a pattern
 * stream can be cut into batches anywhere and never depends on threads or SIMD path.
 * Used for random simulation with rows = values + nwords (the input rows). */
void bsyn_sim_random_rows(uint64_t *rows, size_t stride, uint32_t count, size_t nwords,
                          uint64_t word0, uint64_t seed);

/* Words per batch for simulating `patterns` patterns on aig: as many as fit num_vars rows
 * in max_bytes (a multiple of 16 words, at least 8 even when that exceeds max_bytes, at
 * most 4096), and no more than the patterns need. */
size_t bsyn_sim_batch_words(const bsyn_aig *aig, size_t max_bytes, uint64_t patterns);

/* bsyn_sim_batch_words for a run on `threads` threads: when a batch within max_bytes would
 * give a thread fewer than 16 words (the netlist is too big for max_bytes), it grows to 16
 * words a thread, within 64 x max_bytes, so that every thread gets a slice it can stream
 * through the cache (see bench/sim). */
size_t bsyn_sim_batch_words_mt(const bsyn_aig *aig, size_t max_bytes, uint64_t patterns,
                               unsigned threads);

/* Called by bsyn_sim_random_batches for each batch, in pattern order, on the calling thread:
 * values[k] is aig k's value array for patterns [64 * word0, 64 * (word0 + nwords)), rows of
 * nwords words (bits of patterns past the requested count are simulated too: mask them).
 * Returns 0 to go on, anything else to stop. */
typedef int (*bsyn_sim_batch_fn)(void *ctx, uint64_t word0, size_t nwords, uint64_t *const *values);

/* Random simulation of `count` AIGs with the same number of inputs on the same patterns, the
 * first `patterns` of stream `seed` (bsyn_sim_random_rows), in batches of whole words. Each
 * pool thread simulates a batch of its own (inputs drawn in parallel too), with value arrays
 * of all the AIGs within max_bytes for all threads together (bsyn_sim_batch_words_mt), and
 * the batches go to visit in order. Returns the first nonzero visit result, or 0. The
 * batching changes nothing that visit sees but the word ranges. */
int bsyn_sim_random_batches(const bsyn_aig *const *aigs, unsigned count, uint64_t patterns,
                            uint64_t seed, bsyn_simd simd, bsyn_pool *pool, size_t max_bytes,
                            bsyn_sim_batch_fn visit, void *ctx);

#endif
