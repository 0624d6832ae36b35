#include <criterion/criterion.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "bsyn_aig.h"
#include "bsyn_pool.h"
#include "bsyn_sim.h"
#include "bsyn_sim_kernel.h"
#include "bsyn_test.h"
#include "bsyn_util.h"

static const bsyn_simd paths[] = {BSYN_SIMD_SCALAR, BSYN_SIMD_AVX2, BSYN_SIMD_AVX512};
#define NPATHS (sizeof paths / sizeof paths[0])

static uint64_t *random_inputs(const bsyn_aig *g, size_t nwords, uint64_t seed) {
  uint64_t *in = bsyn_malloc((size_t)(g->num_inputs + 1) * nwords * sizeof(uint64_t));
  bsyn_sim_random_rows(in, nwords, g->num_inputs, nwords, 0, seed);
  return in;
}

/* every pattern of the bit-parallel result equals the one-pattern reference evaluator */
static void check_against_eval(const bsyn_aig *g, size_t nwords, bsyn_simd simd, bsyn_pool *pool,
                               uint64_t seed) {
  uint64_t *in = random_inputs(g, nwords, seed);
  uint64_t *out = bsyn_malloc((size_t)(g->num_outputs + 1) * nwords * sizeof(uint64_t));
  bsyn_sim_eval(g, in, out, nwords, simd, pool);
  uint8_t *pin = bsyn_malloc(g->num_inputs + 1), *pout = bsyn_malloc(g->num_outputs + 1);
  for (size_t p = 0; p < 64 * nwords; p++) {
    for (uint32_t i = 0; i < g->num_inputs; i++)
      pin[i] = in[i * nwords + p / 64] >> (p % 64) & 1;
    bsyn_aig_eval(g, pin, pout);
    for (uint32_t o = 0; o < g->num_outputs; o++)
      cr_assert_eq(out[o * nwords + p / 64] >> (p % 64) & 1, pout[o],
                   "seed %lu, %s, pattern %zu, output %u", (unsigned long)seed,
                   bsyn_simd_name(simd), p, o);
  }
  free(pin);
  free(pout);
  free(out);
  free(in);
}

Test(sim, equals_reference_evaluator) {
  for (uint64_t seed = 1; seed <= 24; seed++) {
    uint32_t ni = 1 + (uint32_t)(seed % 13), ands = 50 + 40 * (uint32_t)seed;
    bsyn_aig *g = bsyn_test_random_aig(ni, ands, 1 + (uint32_t)(seed % 7), seed);
    for (size_t k = 0; k < NPATHS; k++)
      if (bsyn_simd_supported(paths[k]))
        check_against_eval(g, 1 + seed % 11, paths[k], NULL, seed * 977);
    bsyn_aig_free(g);
  }
}

Test(sim, equals_reference_with_threads) {
  bsyn_pool *pool = bsyn_pool_new(3);
  bsyn_aig *g = bsyn_test_random_aig(20, 3000, 12, 99);
  check_against_eval(g, 21, BSYN_SIMD_AUTO, pool, 4242);
  bsyn_aig_free(g);
  bsyn_pool_free(pool);
}

/* Full value arrays of every path, thread count, block width, sweep kind and ring size
 * agree bit for bit, for word counts that are and are not multiples of the vector widths; `shift`
 * moves the array off 64-byte alignment, where scratch sweeps must step aside. */
static void check_plans(size_t nw, size_t shift, uint64_t seed, bsyn_pool **pools) {
  static const size_t blocks[] = {0, 8, 24, 64};
  /* in place; scratch with a ring of every variable; rings so small that most fanins, and
   * the 16 inputs, are read back from values */
  static const bsyn_sim_plan plans[] = {
      {.scratch = 0}, {.scratch = 1}, {.scratch = 1, .ring = 4}, {.scratch = 1, .ring = 64}};
  bsyn_aig *g = bsyn_test_random_aig(16, 2500, 8, seed);
  size_t n = (size_t)g->num_vars * nw;
  uint64_t *ref = bsyn_aligned_alloc(n * sizeof(uint64_t));
  uint64_t *buf = bsyn_aligned_alloc((n + shift) * sizeof(uint64_t)), *got = buf + shift;
  memset(ref, 0xa5, n * sizeof(uint64_t)); /* garbage: the run must zero row 0 itself */
  bsyn_sim_random_rows(ref + nw, nw, g->num_inputs, nw, 0, seed);
  bsyn_sim_run(g, ref, nw, BSYN_SIMD_SCALAR, NULL);
  for (size_t w = 0; w < nw; w++)
    cr_assert_eq(ref[w], 0, "row 0 not cleared");
  for (size_t k = 0; k < NPATHS; k++) {
    if (!bsyn_simd_supported(paths[k]))
      continue;
    for (int t = 0; t < 3; t++)
      for (size_t b = 0; b < sizeof blocks / sizeof blocks[0]; b++)
        for (size_t pl = 0; pl < sizeof plans / sizeof plans[0]; pl++) {
          memset(got, 0x3c, n * sizeof(uint64_t));
          memcpy(got + nw, ref + nw, (size_t)g->num_inputs * nw * sizeof(uint64_t));
          bsyn_sim_plan plan = plans[pl];
          plan.block = blocks[b];
          bsyn_sim_run_plan(g, got, nw, paths[k], pools[t], plan);
          cr_assert(!memcmp(got, ref, n * sizeof(uint64_t)),
                    "seed %lu: %s, %d threads, block %zu, scratch %d, ring %u, shift %zu: %zu "
                    "words differ",
                    (unsigned long)seed, bsyn_simd_name(paths[k]), t + 1, blocks[b], plan.scratch,
                    plan.ring, shift, nw);
        }
  }
  bsyn_aligned_free(buf);
  bsyn_aligned_free(ref);
  bsyn_aig_free(g);
}

Test(sim, paths_threads_plans_agree) {
  static const size_t word_counts[] = {1, 3, 5, 7, 9, 13, 16, 17, 24, 33, 40, 64, 70, 131};
  bsyn_pool *pools[3] = {NULL, bsyn_pool_new(2), bsyn_pool_new(3)};
  for (size_t c = 0; c < sizeof word_counts / sizeof word_counts[0]; c++)
    check_plans(word_counts[c], 0, 1000 + c, pools);
  check_plans(48, 1, 77, pools);
  bsyn_pool_free(pools[1]);
  bsyn_pool_free(pools[2]);
}

/* no ANDs: outputs are constants, inputs and their complements */
Test(sim, outputs_without_ands) {
  bsyn_aig *g = bsyn_aig_new();
  bsyn_lit a = bsyn_aig_add_input(g, "a");
  bsyn_aig_add_output(g, BSYN_LIT_FALSE, NULL);
  bsyn_aig_add_output(g, BSYN_LIT_TRUE, NULL);
  bsyn_aig_add_output(g, a, NULL);
  bsyn_aig_add_output(g, bsyn_lit_not(a), NULL);
  uint64_t in[2] = {0x0123456789abcdefull, 0xfedcba9876543210ull}, out[8];
  bsyn_sim_eval(g, in, out, 2, BSYN_SIMD_AUTO, NULL);
  uint64_t expect[8] = {0, 0, ~0ull, ~0ull, in[0], in[1], ~in[0], ~in[1]};
  for (int i = 0; i < 8; i++)
    cr_assert_eq(out[i], expect[i], "word %d", i);
  bsyn_aig_free(g);
}

Test(sim, simd_names) {
  for (int s = BSYN_SIMD_AUTO; s <= BSYN_SIMD_AVX512; s++) {
    bsyn_simd back;
    cr_assert_eq(bsyn_simd_parse(bsyn_simd_name((bsyn_simd)s), &back), 0);
    cr_assert_eq(back, (bsyn_simd)s);
  }
  bsyn_simd x;
  cr_assert_eq(bsyn_simd_parse("avx1024", &x), -1);
  cr_assert_eq(bsyn_simd_parse("", &x), -1);
  bsyn_simd best = bsyn_simd_best();
  cr_assert_neq(best, BSYN_SIMD_AUTO);
  cr_assert(bsyn_simd_supported(best));
  cr_assert(bsyn_simd_supported(BSYN_SIMD_SCALAR));
  if (bsyn_simd_supported(BSYN_SIMD_AVX512))
    cr_assert(bsyn_simd_supported(BSYN_SIMD_AVX2));
}

Test(sim, unsupported_path_aborts, .signal = SIGABRT) {
  bsyn_aig *g = bsyn_test_random_aig(4, 10, 1, 1);
  uint64_t in[4] = {0}, out[1];
  bsyn_simd missing = (bsyn_simd)99;
  for (size_t k = 0; k < NPATHS; k++)
    if (!bsyn_simd_supported(paths[k]))
      missing = paths[k];
  bsyn_sim_eval(g, in, out, 1, missing, NULL);
}

/* the random stream is the same however it is cut into batches, and differs across seeds */
Test(sim, random_rows_independent_of_batching) {
  enum { ROWS = 5, WORDS = 40 };
  uint64_t whole[ROWS * WORDS], parts[ROWS * WORDS], other[ROWS * WORDS];
  bsyn_sim_random_rows(whole, WORDS, ROWS, WORDS, 0, 7);
  bsyn_sim_random_rows(parts, WORDS, ROWS, 13, 0, 7);
  bsyn_sim_random_rows(parts + 13, WORDS, ROWS, WORDS - 13, 13, 7);
  cr_assert(!memcmp(whole, parts, sizeof whole));
  bsyn_sim_random_rows(other, WORDS, ROWS, WORDS, 0, 8);
  unsigned ones = 0, same = 0;
  for (int i = 0; i < ROWS * WORDS; i++) {
    ones += (unsigned)__builtin_popcountll(whole[i]);
    same += whole[i] == other[i];
  }
  cr_assert_eq(same, 0);
  /* 12,800 fair bits: the count is within 8 standard deviations (~±450) of half */
  cr_assert(ones > 6400 - 450 && ones < 6400 + 450, "%u ones of 12800", ones);
}

Test(sim, batch_words) {
  bsyn_aig *g = bsyn_test_random_aig(10, 1000, 2, 3); /* about 1,011 variables */
  size_t w = bsyn_sim_batch_words(g, (size_t)8 << 20, UINT64_MAX);
  cr_assert_eq(w % 16, 0);
  cr_assert_leq((size_t)g->num_vars * w * 8, (size_t)8 << 20);
  cr_assert_gt((size_t)g->num_vars * (w + 16) * 8, (size_t)8 << 20);
  cr_assert_eq(bsyn_sim_batch_words(g, (size_t)8 << 20, 100), 2); /* only what 100 patterns need */
  cr_assert_eq(bsyn_sim_batch_words(g, 1000, UINT64_MAX), 8);     /* never below 8 */
  cr_assert_eq(bsyn_sim_batch_words(g, (size_t)1 << 40, UINT64_MAX), 4096);
  bsyn_aig_free(g);
}

/* a value array too big for the cache: the built-in plan streams through a scratch ring */
Test(sim, large_array_matches_scalar) {
  bsyn_aig *g = bsyn_test_random_aig(32, 20000, 4, 5);
  size_t nw = 128, n = (size_t)g->num_vars * nw; /* about 20 MB */
  uint64_t *ref = bsyn_aligned_alloc(n * sizeof(uint64_t)),
           *got = bsyn_aligned_alloc(n * sizeof(uint64_t));
  bsyn_sim_random_rows(ref + nw, nw, g->num_inputs, nw, 0, 5);
  memcpy(got, ref, (size_t)(g->num_inputs + 1) * nw * sizeof(uint64_t));
  bsyn_sim_run(g, ref, nw, BSYN_SIMD_SCALAR, NULL);
  bsyn_pool *pool = bsyn_pool_new(2);
  bsyn_sim_run(g, got, nw, BSYN_SIMD_AUTO, pool);
  cr_assert(!memcmp(got, ref, n * sizeof(uint64_t)));
  bsyn_pool_free(pool);
  bsyn_aligned_free(got);
  bsyn_aligned_free(ref);
  bsyn_aig_free(g);
}

Test(sim, batch_words_for_threads) {
  bsyn_aig *g = bsyn_test_random_aig(10, 100000, 2, 3); /* 800 KB a word */
  cr_assert_eq(bsyn_sim_batch_words(g, (size_t)8 << 20, UINT64_MAX), 8);
  cr_assert_eq(bsyn_sim_batch_words_mt(g, (size_t)8 << 20, UINT64_MAX, 2), 32);
  cr_assert_eq(bsyn_sim_batch_words_mt(g, (size_t)8 << 20, 1000, 2), 16); /* what 1000 need */
  cr_assert_eq(bsyn_sim_batch_words_mt(g, (size_t)1 << 20, UINT64_MAX, 4), 64);
  bsyn_aig *s = bsyn_test_random_aig(10, 100, 2, 3); /* small: the plain answer stands */
  cr_assert_eq(bsyn_sim_batch_words_mt(s, (size_t)8 << 20, UINT64_MAX, 2),
               bsyn_sim_batch_words(s, (size_t)8 << 20, UINT64_MAX));
  bsyn_aig_free(s);
  bsyn_aig_free(g);
}

typedef struct batch_check {
  const bsyn_aig *g[2];
  uint64_t *expect[2]; /* output rows over all words, from one bsyn_sim_eval */
  size_t total;        /* words */
  uint64_t next;       /* the word the next batch must start at */
  int stop_at;         /* stop (return 7) at the batch that covers this word; -1 never */
  int stopped;         /* 7 was returned: no batch may follow */
} batch_check;

static int check_batch(void *ctx, uint64_t word0, size_t nwords, uint64_t *const *values) {
  batch_check *c = ctx;
  cr_assert_not(c->stopped, "a batch after the stop");
  cr_assert_eq(word0, c->next, "batches out of order");
  cr_assert(nwords > 0 && word0 + nwords <= c->total);
  for (int k = 0; k < 2; k++)
    for (uint32_t o = 0; o < c->g[k]->num_outputs; o++) {
      bsyn_lit l = c->g[k]->outputs[o];
      for (size_t w = 0; w < nwords; w++) {
        uint64_t got = values[k][bsyn_lit_var(l) * nwords + w] ^ -(uint64_t)bsyn_lit_sign(l);
        cr_assert_eq(got, c->expect[k][o * c->total + word0 + w], "aig %d output %u word %lu", k, o,
                     (unsigned long)(word0 + w));
      }
    }
  c->next = word0 + nwords;
  c->stopped = c->stop_at >= 0 && c->next > (uint64_t)c->stop_at;
  return c->stopped ? 7 : 0;
}

/* Batches arrive in order, cover every pattern once and hold what one big simulation gives,
 * for any thread count and memory budget; a nonzero visit result stops the run. */
static void check_batches(bsyn_aig *a, bsyn_aig *b, size_t total, unsigned max_threads) {
  uint64_t patterns = 64 * (uint64_t)total - 5;
  batch_check c = {{a, b}, {NULL, NULL}, total, 0, -1, 0};
  uint64_t *in = bsyn_malloc((size_t)a->num_inputs * total * sizeof(uint64_t) + 8);
  bsyn_sim_random_rows(in, total, a->num_inputs, total, 0, 42);
  for (int k = 0; k < 2; k++) {
    c.expect[k] = bsyn_malloc(c.g[k]->num_outputs * total * sizeof(uint64_t));
    bsyn_sim_eval(c.g[k], in, c.expect[k], total, BSYN_SIMD_SCALAR, NULL);
  }
  static const size_t budgets[] = {1, 100000, (size_t)8 << 20};
  for (unsigned t = 1; t <= max_threads; t++) {
    bsyn_pool *pool = bsyn_pool_new(t);
    for (size_t bu = 0; bu < 3; bu++) {
      c.next = 0;
      c.stop_at = -1;
      c.stopped = 0;
      int r = bsyn_sim_random_batches(c.g, 2, patterns, 42, BSYN_SIMD_AUTO, pool, budgets[bu],
                                      check_batch, &c);
      cr_assert_eq(r, 0);
      cr_assert_eq(c.next, total, "%u threads, budget %zu: stopped at word %lu", t, budgets[bu],
                   (unsigned long)c.next);
      c.next = 0;
      c.stop_at = (int)total / 3;
      c.stopped = 0;
      r = bsyn_sim_random_batches(c.g, 2, patterns, 42, BSYN_SIMD_AUTO, pool, budgets[bu],
                                  check_batch, &c);
      cr_assert_eq(r, 7);
      cr_assert(c.stopped);
    }
    bsyn_pool_free(pool);
  }
  for (int k = 0; k < 2; k++)
    free(c.expect[k]);
  free(in);
}

Test(sim, random_batches_in_order) {
  bsyn_aig *a = bsyn_test_random_aig(9, 700, 3, 1), *b = bsyn_test_random_aig(9, 1500, 4, 2);
  check_batches(a, b, 300, 3);
  bsyn_aig_free(a);
  bsyn_aig_free(b);
}

/* an AIG whose batches exceed the cache: the runs stream through rings allocated once */
Test(sim, random_batches_through_rings) {
  bsyn_aig *a = bsyn_test_random_aig(9, 150000, 3, 3), *b = bsyn_test_random_aig(9, 100, 2, 4);
  check_batches(a, b, 48, 2);
  bsyn_aig_free(a);
  bsyn_aig_free(b);
}

/* the vector stream generator gives exactly the scalar formula, tails and offsets included */
Test(sim, random_rows_match_formula) {
  enum { ROWS = 3, MAXW = 41 };
  static const uint64_t offsets[] = {0, 5, (uint64_t)1 << 40};
  uint64_t got[ROWS * MAXW];
  for (uint64_t seed = 0; seed < 4; seed++)
    for (size_t nw = 0; nw <= MAXW; nw += 3)
      for (size_t o = 0; o < 3; o++) {
        bsyn_sim_random_rows(got, MAXW, ROWS, nw, offsets[o], seed);
        for (uint32_t r = 0; r < ROWS; r++)
          for (size_t w = 0; w < nw; w++)
            cr_assert_eq(got[r * MAXW + w],
                         bsyn_mix64(bsyn_sim_row_key(seed, r) ^ (offsets[o] + w)),
                         "seed %lu, row %u, word %zu of %zu at %lu", (unsigned long)seed, r, w, nw,
                         (unsigned long)offsets[o]);
      }
}
