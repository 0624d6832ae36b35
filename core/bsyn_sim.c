#include "bsyn_sim.h"

#include <stdlib.h>
#include <string.h>

#include "bsyn_sim_kernel.h"
#include "bsyn_util.h"

/* Threads split the word range in units of 8 words (64 bytes, the widest vector and a cache
 * line), so no two threads write the same line of a row whose start is line aligned. */
#define UNIT_WORDS 8

int bsyn_simd_parse(const char *name, bsyn_simd *out) {
  static const char *const names[] = {"auto", "scalar", "avx2", "avx512"};
  for (int i = 0; i < 4; i++)
    if (name && !strcmp(name, names[i])) {
      *out = (bsyn_simd)i;
      return 0;
    }
  return -1;
}

const char *bsyn_simd_name(bsyn_simd s) {
  switch (s) {
  case BSYN_SIMD_AUTO:
    return "auto";
  case BSYN_SIMD_SCALAR:
    return "scalar";
  case BSYN_SIMD_AVX2:
    return "avx2";
  case BSYN_SIMD_AVX512:
    return "avx512";
  }
  return "unknown";
}

int bsyn_simd_supported(bsyn_simd s) {
  switch (s) {
  case BSYN_SIMD_AUTO:
  case BSYN_SIMD_SCALAR:
    return 1;
#if defined(BSYN_SIM_X86)
  /* every extension the ISA file is compiled with, since the compiler may use any of them */
  case BSYN_SIMD_AVX2:
    return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("bmi2") &&
           __builtin_cpu_supports("popcnt");
  case BSYN_SIMD_AVX512:
    return bsyn_simd_supported(BSYN_SIMD_AVX2) && __builtin_cpu_supports("avx512f") &&
           __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512vl");
#else
  case BSYN_SIMD_AVX2:
  case BSYN_SIMD_AVX512:
    return 0;
#endif
  }
  return 0;
}

bsyn_simd bsyn_simd_best(void) {
  if (bsyn_simd_supported(BSYN_SIMD_AVX512))
    return BSYN_SIMD_AVX512;
  if (bsyn_simd_supported(BSYN_SIMD_AVX2))
    return BSYN_SIMD_AVX2;
  return BSYN_SIMD_SCALAR;
}

void bsyn_sim_sweep_scalar(const bsyn_aig *aig, uint64_t *values, size_t nwords, size_t w0,
                           size_t nw, int prefetch) {
  const bsyn_lit *fan = aig->fanins;
  uint64_t *base = values + w0;
  for (uint32_t v = aig->num_inputs + 1; v < aig->num_vars; v++) {
    if (prefetch)
      bsyn_sim_prefetch_fanins(aig, base, nwords, v + BSYN_SIM_PREFETCH_AHEAD, UINT32_MAX);
    bsyn_lit a = fan[2 * (size_t)v], b = fan[2 * (size_t)v + 1];
    const uint64_t *pa = base + (size_t)(a >> 1) * nwords;
    const uint64_t *pb = base + (size_t)(b >> 1) * nwords;
    uint64_t *po = base + (size_t)v * nwords;
    uint64_t ma = -(uint64_t)(a & 1), mb = -(uint64_t)(b & 1);
    for (size_t k = 0; k < nw; k++)
      po[k] = (pa[k] ^ ma) & (pb[k] ^ mb);
  }
}

/* Up to this size the value array stays in cache and in-place sweeps over whole rows win
 * (measured with bench/sim: EPFL multiplier, 14 MB: rows 1.6x faster; 28 MB: scratch 1.5x
 * faster). Above it the rows fall out of cache, and scratch sweeps, which keep the recent
 * variables in a compact ring and stream results out, win by up to 2x. */
#define ROWS_IN_CACHE_BYTES ((size_t)16 << 20)
/* Default ring rows per thread: 64 Ki rows of 128 bytes, 8 MB, a share of the L3 cache. */
#define RING_MAX_ROWS (1u << 16)

typedef struct kernels {
  bsyn_sim_sweep_fn sweep;
  bsyn_sim_scratch_fn scratch; /* NULL for the scalar path */
} kernels;

static kernels kernels_for(bsyn_simd simd) {
  if (simd == BSYN_SIMD_AUTO)
    simd = bsyn_simd_best();
  if (!bsyn_simd_supported(simd))
    bsyn_abort("bsyn_sim_run: SIMD path %s is not supported by this CPU or build",
               bsyn_simd_name(simd));
  switch (simd) {
#if defined(BSYN_SIM_X86)
  case BSYN_SIMD_AVX2:
    return (kernels){bsyn_sim_sweep_avx2, bsyn_sim_scratch_avx2};
  case BSYN_SIMD_AVX512:
    return (kernels){bsyn_sim_sweep_avx512, bsyn_sim_scratch_avx512};
#endif
  default:
    return (kernels){bsyn_sim_sweep_scalar, NULL};
  }
}

typedef struct run_job {
  const bsyn_aig *aig;
  uint64_t *values;
  size_t nwords;
  size_t block;   /* in-place words per sweep, a multiple of UNIT_WORDS */
  size_t unit;    /* words per unit of the split: UNIT_WORDS, or a scratch sweep's width */
  size_t units;   /* whole units (the last part also takes the words past them) */
  unsigned parts; /* slices of the word range, one per pool item */
  kernels k;
  int prefetch;      /* the value array exceeds the cache: in-place sweeps prefetch fanins */
  uint64_t *scratch; /* parts * ring rows, or NULL for in-place only */
  uint32_t ring;     /* rows of each part's ring, a power of two */
} run_job;

/* Part `item` of the word range: a contiguous run of whole units (the last part also takes
 * the rest). Scratch sweeps take 16 words at a time while they can; the rest goes through
 * in-place sweeps of `block` words. */
static void run_part(void *arg, size_t item, unsigned thread) {
  const run_job *j = arg;
  (void)thread;
  size_t q = j->units / j->parts, r = j->units % j->parts;
  size_t ub = item * q + (item < r ? item : r);
  size_t ue = ub + q + (item < r);
  size_t w = ub * j->unit, we = item + 1 == j->parts ? j->nwords : ue * j->unit;
  if (j->scratch) {
    uint64_t *mine = j->scratch + item * (size_t)j->ring * BSYN_SIM_SCRATCH_WORDS;
    for (; we - w >= BSYN_SIM_SCRATCH_WORDS; w += BSYN_SIM_SCRATCH_WORDS)
      j->k.scratch(j->aig, j->values, j->nwords, w, mine, j->ring);
  }
  for (size_t n; w < we; w += n) {
    n = we - w < j->block ? we - w : j->block;
    j->k.sweep(j->aig, j->values, j->nwords, w, n, j->prefetch);
  }
}

/* Scratch sweeps need a vector path, the alignment of bsyn_sim_kernel.h and a whole sweep's
 * words; parts then shrink so that each gets at least one sweep. */
static int want_scratch(const run_job *j, int request) {
  if (request == 0 || !j->k.scratch || j->nwords % UNIT_WORDS || ((uintptr_t)j->values & 63) ||
      j->nwords < BSYN_SIM_SCRATCH_WORDS)
    return 0;
  if (request > 0)
    return 1;
  return j->prefetch; /* i.e. the value array exceeds the cache */
}

/* The smallest power of two >= n (and >= 1), capped at 2^31. */
static uint32_t pow2_at_least(uint32_t n) {
  uint32_t p = 1;
  while (p < n && p < (1u << 31))
    p *= 2;
  return p;
}

void bsyn_sim_run_plan(const bsyn_aig *aig, uint64_t *values, size_t nwords, bsyn_simd simd,
                       bsyn_pool *pool, bsyn_sim_plan plan) {
  kernels k = kernels_for(simd);
  if (nwords == 0)
    return;
  memset(values, 0, nwords * sizeof *values);
  if (bsyn_aig_num_ands(aig) == 0)
    return;
  run_job j = {.aig = aig,
               .values = values,
               .nwords = nwords,
               .unit = UNIT_WORDS,
               .units = (nwords + UNIT_WORDS - 1) / UNIT_WORDS,
               .parts = 1,
               .k = k,
               .prefetch = (size_t)aig->num_vars * nwords * sizeof(uint64_t) > ROWS_IN_CACHE_BYTES,
               .ring = 1};
  /* Below a few ten thousand node-words waking the other threads costs more than it saves. */
  unsigned threads = bsyn_pool_threads(pool);
  if ((uint64_t)bsyn_aig_num_ands(aig) * nwords < (1u << 15))
    threads = 1;
  j.parts = threads < j.units ? threads : (unsigned)j.units;
  j.block = plan.block ? (plan.block + UNIT_WORDS - 1) / UNIT_WORDS * UNIT_WORDS : nwords;
  if (want_scratch(&j, plan.scratch)) {
    /* a ring of all variables never reads a fanin back from values */
    j.ring = pow2_at_least(plan.ring ? plan.ring : aig->num_vars);
    if (!plan.ring && j.ring > RING_MAX_ROWS)
      j.ring = RING_MAX_ROWS;
    /* split in whole scratch sweeps, so that only the last part has an in-place remainder */
    j.unit = BSYN_SIM_SCRATCH_WORDS;
    j.units = nwords / j.unit;
    if (j.parts > j.units)
      j.parts = (unsigned)j.units;
    size_t need = j.parts * (size_t)j.ring * BSYN_SIM_SCRATCH_WORDS;
    j.scratch = plan.buffer && plan.buffer_words >= need
                    ? plan.buffer
                    : bsyn_aligned_alloc(need * sizeof(uint64_t));
  } else if (plan.scratch < 0) {
    /* In-place sweeps on rows split between threads ran slower on 2 threads than on 1
     * (bench/sim: EPFL multiplier at 32 words, 5.3 vs 7.1 G node-words/s; 1 M ANDs, 1.9 vs
     * 2.1): the cores keep taking each other's neighbouring lines. Scratch sweeps scale. */
    j.parts = 1;
  }
  if (j.parts <= 1)
    run_part(&j, 0, 0);
  else
    bsyn_pool_run(pool, j.parts, run_part, &j);
  if (j.scratch != plan.buffer)
    bsyn_aligned_free(j.scratch);
}

void bsyn_sim_run(const bsyn_aig *aig, uint64_t *values, size_t nwords, bsyn_simd simd,
                  bsyn_pool *pool) {
  bsyn_sim_run_plan(aig, values, nwords, simd, pool, (bsyn_sim_plan){.scratch = -1});
}

void bsyn_sim_outputs(const bsyn_aig *aig, const uint64_t *values, size_t nwords, uint64_t *out) {
  for (uint32_t o = 0; o < aig->num_outputs; o++) {
    bsyn_lit l = aig->outputs[o];
    const uint64_t *src = values + (size_t)bsyn_lit_var(l) * nwords;
    uint64_t m = -(uint64_t)bsyn_lit_sign(l);
    uint64_t *dst = out + (size_t)o * nwords;
    for (size_t w = 0; w < nwords; w++)
      dst[w] = src[w] ^ m;
  }
}

void bsyn_sim_eval(const bsyn_aig *aig, const uint64_t *in, uint64_t *out, size_t nwords,
                   bsyn_simd simd, bsyn_pool *pool) {
  if (nwords == 0)
    return;
  uint64_t *values = bsyn_aligned_alloc((size_t)aig->num_vars * nwords * sizeof(uint64_t));
  if (aig->num_inputs)
    memcpy(values + nwords, in, (size_t)aig->num_inputs * nwords * sizeof(uint64_t));
  bsyn_sim_run(aig, values, nwords, simd, pool);
  bsyn_sim_outputs(aig, values, nwords, out);
  bsyn_aligned_free(values);
}

void bsyn_sim_random_rows(uint64_t *rows, size_t stride, uint32_t count, size_t nwords,
                          uint64_t word0, uint64_t seed) {
#if defined(BSYN_SIM_X86)
  if (bsyn_simd_supported(BSYN_SIMD_AVX512)) {
    bsyn_sim_random_rows_avx512(rows, stride, count, nwords, word0, seed);
    return;
  }
#endif
  for (uint32_t r = 0; r < count; r++) {
    /* one key per row, then SplitMix64 over the global word index */
    uint64_t key = bsyn_sim_row_key(seed, r);
    uint64_t *row = rows + (size_t)r * stride;
    for (size_t w = 0; w < nwords; w++)
      row[w] = bsyn_mix64(key ^ (word0 + w));
  }
}

size_t bsyn_sim_batch_words(const bsyn_aig *aig, size_t max_bytes, uint64_t patterns) {
  size_t fit = max_bytes / ((size_t)aig->num_vars * sizeof(uint64_t));
  fit = fit >= 16 ? fit / 16 * 16 : 8;
  if (fit > 4096)
    fit = 4096;
  uint64_t need = patterns / 64 + (patterns % 64 != 0);
  return need < fit ? (size_t)(need ? need : 1) : fit;
}

size_t bsyn_sim_batch_words_mt(const bsyn_aig *aig, size_t max_bytes, uint64_t patterns,
                               unsigned threads) {
  size_t w = bsyn_sim_batch_words(aig, max_bytes, patterns);
  size_t want = (size_t)BSYN_SIM_SCRATCH_WORDS * (threads ? threads : 1);
  if (w >= want)
    return w;
  size_t big =
      bsyn_sim_batch_words(aig, max_bytes > SIZE_MAX / 64 ? SIZE_MAX : 64 * max_bytes, patterns);
  if (big > want)
    big = want;
  return big > w ? big : w;
}

typedef struct batch_job {
  const bsyn_aig *const *aigs;
  unsigned count;
  uint64_t total; /* words in all */
  uint64_t first; /* first word of this round */
  size_t bw;      /* words per batch */
  uint64_t seed;
  bsyn_simd simd;
  uint64_t **vals;  /* [item * count + k] */
  uint64_t **rings; /* [item]: scratch rings, allocated once for all batches, or NULL */
  size_t ring_words;
} batch_job;

/* Batch `item` of the round: each pool item owns its arrays, so threads share nothing. */
static void batch_item(void *arg, size_t item, unsigned thread) {
  const batch_job *j = arg;
  (void)thread;
  uint64_t w0 = j->first + item * j->bw;
  size_t nw = j->total - w0 < j->bw ? (size_t)(j->total - w0) : j->bw;
  for (unsigned k = 0; k < j->count; k++) {
    uint64_t *v = j->vals[item * j->count + k];
    bsyn_sim_random_rows(v + nw, nw, j->aigs[k]->num_inputs, nw, w0, j->seed);
    bsyn_sim_plan plan = {
        .scratch = -1, .buffer = j->rings ? j->rings[item] : NULL, .buffer_words = j->ring_words};
    bsyn_sim_run_plan(j->aigs[k], v, nw, j->simd, NULL, plan);
  }
}

int bsyn_sim_random_batches(const bsyn_aig *const *aigs, unsigned count, uint64_t patterns,
                            uint64_t seed, bsyn_simd simd, bsyn_pool *pool, size_t max_bytes,
                            bsyn_sim_batch_fn visit, void *ctx) {
  unsigned threads = bsyn_pool_threads(pool);
  const bsyn_aig *big = aigs[0];
  for (unsigned k = 1; k < count; k++)
    if (aigs[k]->num_vars > big->num_vars)
      big = aigs[k];
  batch_job j = {aigs, count, patterns / 64 + (patterns % 64 != 0), 0, 0, seed, simd, NULL,
                 NULL, 0};
  /* each thread's share of the budget and of the patterns */
  uint64_t share = patterns / threads + (patterns % threads != 0);
  j.bw = bsyn_sim_batch_words_mt(big, max_bytes / threads / count, share, 1);
  j.vals = bsyn_malloc((size_t)threads * count * sizeof *j.vals);
  for (unsigned i = 0; i < threads * count; i++)
    j.vals[i] = bsyn_aligned_alloc((size_t)aigs[i % count]->num_vars * j.bw * sizeof(uint64_t));
  if ((size_t)big->num_vars * j.bw * sizeof(uint64_t) > ROWS_IN_CACHE_BYTES) {
    /* the runs will stream through scratch rings: one each, not one per run */
    uint32_t ring = pow2_at_least(big->num_vars);
    j.ring_words = (size_t)(ring < RING_MAX_ROWS ? ring : RING_MAX_ROWS) * BSYN_SIM_SCRATCH_WORDS;
    j.rings = bsyn_malloc(threads * sizeof *j.rings);
    for (unsigned i = 0; i < threads; i++)
      j.rings[i] = bsyn_aligned_alloc(j.ring_words * sizeof(uint64_t));
  }
  int stop = 0;
  for (; j.first < j.total && !stop; j.first += (uint64_t)threads * j.bw) {
    uint64_t left = (j.total - j.first + j.bw - 1) / j.bw;
    size_t batches = left < threads ? (size_t)left : threads;
    bsyn_pool_run(pool, batches, batch_item, &j);
    for (size_t b = 0; b < batches && !stop; b++) {
      uint64_t w0 = j.first + b * j.bw;
      size_t nw = j.total - w0 < j.bw ? (size_t)(j.total - w0) : j.bw;
      stop = visit(ctx, w0, nw, j.vals + b * count);
    }
  }
  for (unsigned i = 0; i < threads * count; i++)
    bsyn_aligned_free(j.vals[i]);
  for (unsigned i = 0; j.rings && i < threads; i++)
    bsyn_aligned_free(j.rings[i]);
  free(j.rings);
  free(j.vals);
  return stop;
}
