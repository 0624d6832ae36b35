/* bsyn_sim_kernel.h — the per-ISA inner loops behind bsyn_sim_run (internal to bsyn_sim).
 *
 * Two kinds of sweep evaluate every AND of aig, in variable order, on a range of words of
 * each row of values (layout of bsyn_sim.h: values[v * nwords + w]):
 *  - in place: words [w0, w0 + nw), fanins read from and results written to values;
 *    prefetch != 0 fetches fanin rows ahead (worth it only when values exceed the cache);
 *  - scratch: exactly BSYN_SIM_SCRATCH_WORDS words from w0. The latest `ring` variables
 *    (a power of two) live in a compact private ring (variable v in row v & (ring - 1) of
 *    scratch, BSYN_SIM_SCRATCH_WORDS words a row, 64-byte aligned) that stays in cache; older
 *    fanins are read from values. Results are streamed to values by non-temporal stores,
 *    which do not read the line first. Needs values 64-byte aligned, nwords and w0
 *    multiples of 8, and ring >= 1.
 * Sweeps on disjoint word ranges touch disjoint memory, so threads may run them at once.
 * Each ISA lives in its own file compiled with that ISA's flags; only call one the CPU
 * supports. */
#ifndef BSYN_SIM_KERNEL_H
#define BSYN_SIM_KERNEL_H

#include <stddef.h>
#include <stdint.h>

#include "bsyn_aig.h"
#include "bsyn_pool.h"
#include "bsyn_sim.h"
#include "bsyn_util.h"

#define BSYN_SIM_SCRATCH_WORDS 16

/* Fanin rows are fetched this many ANDs ahead: long wires point anywhere in a value array
 * far larger than the cache, and out-of-order execution alone overlaps only a few misses. */
#define BSYN_SIM_PREFETCH_AHEAD 16

/* Prefetches the first line of the rows (at base, stride nwords) of AND v's fanins, when v
 * exists, except those among the `near` variables just below v, which are in cache already
 * (UINT32_MAX: all). */
static inline void bsyn_sim_prefetch_fanins(const bsyn_aig *aig, const uint64_t *base,
                                            size_t nwords, uint32_t v, uint32_t near) {
  if (v >= aig->num_vars)
    return;
  for (int k = 0; k < 2; k++) {
    uint32_t u = aig->fanins[2 * (size_t)v + k] >> 1;
    if (near == UINT32_MAX || v - u > near)
      __builtin_prefetch(base + (size_t)u * nwords, 0, 3);
  }
}

typedef void (*bsyn_sim_sweep_fn)(const bsyn_aig *aig, uint64_t *values, size_t nwords, size_t w0,
                                  size_t nw, int prefetch);
typedef void (*bsyn_sim_scratch_fn)(const bsyn_aig *aig, uint64_t *values, size_t nwords, size_t w0,
                                    uint64_t *scratch, uint32_t ring);

void bsyn_sim_sweep_scalar(const bsyn_aig *aig, uint64_t *values, size_t nwords, size_t w0,
                           size_t nw, int prefetch);
#if defined(__x86_64__) || defined(__i386__)
#define BSYN_SIM_X86 1
void bsyn_sim_sweep_avx2(const bsyn_aig *aig, uint64_t *values, size_t nwords, size_t w0, size_t nw,
                         int prefetch);
void bsyn_sim_sweep_avx512(const bsyn_aig *aig, uint64_t *values, size_t nwords, size_t w0,
                           size_t nw, int prefetch);
void bsyn_sim_scratch_avx2(const bsyn_aig *aig, uint64_t *values, size_t nwords, size_t w0,
                           uint64_t *scratch, uint32_t ring);
void bsyn_sim_scratch_avx512(const bsyn_aig *aig, uint64_t *values, size_t nwords, size_t w0,
                             uint64_t *scratch, uint32_t ring);
#endif

/* The key of row r of the random stream `seed` (bsyn_sim_random_rows): word w of the row
 * is bsyn_mix64(key ^ w). */
static inline uint64_t bsyn_sim_row_key(uint64_t seed, uint32_t r) {
  return bsyn_mix64(seed ^ bsyn_mix64(0x5eed0000u + (uint64_t)r));
}

#if defined(BSYN_SIM_X86)
/* bsyn_sim_random_rows with 8 words at a time; the same bits. */
void bsyn_sim_random_rows_avx512(uint64_t *rows, size_t stride, uint32_t count, size_t nwords,
                                 uint64_t word0, uint64_t seed);
#endif

/* How bsyn_sim_run splits its work; results never depend on it (benchmarks and tests use
 * it to compare strategies). block: in-place words per sweep (rounded up to 8; 0 = the
 * thread's whole slice). scratch: 1 = scratch sweeps wherever the layout allows (vector
 * paths only), 0 = never, -1 = the built-in choice. ring: rows of the scratch ring (rounded
 * up to a power of two; 0 = the built-in choice). */
typedef struct bsyn_sim_plan {
  size_t block;
  int scratch;
  uint32_t ring;
  /* optional: a 64-byte aligned buffer of buffer_words words for the scratch rings, used
   * when big enough (saves an allocation per run; NULL: allocate) */
  uint64_t *buffer;
  size_t buffer_words;
} bsyn_sim_plan;

void bsyn_sim_run_plan(const bsyn_aig *aig, uint64_t *values, size_t nwords, bsyn_simd simd,
                       bsyn_pool *pool, bsyn_sim_plan plan);

#endif
