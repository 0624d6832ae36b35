/* Checking a learned AIG against the oracle by bit-parallel simulation on vectors the
 * learner never saw (sample words from 2^40 on). */
#include <stdlib.h>
#include <string.h>

#include "bsyn_learn_internal.h"
#include "bsyn_sim.h"

enum { VERIFY_WORDS = 1024 };

int64_t bsyn_learn_verify(const bsyn_aig *aig, bsyn_oracle *o, const uint32_t *outputs, uint32_t n,
                          uint64_t nvectors, uint64_t seed, const bsyn_sampler *sampler,
                          bsyn_pool *pool, uint64_t *mismatches, bsyn_diag *d) {
  if (aig->num_inputs != o->num_inputs || aig->num_outputs != n)
    bsyn_abort("bsyn_learn_verify: AIG %u->%u, oracle %u inputs, %u outputs checked",
               aig->num_inputs, aig->num_outputs, o->num_inputs, n);
  bsyn_sampler *own = sampler ? NULL : bsyn_sampler_uniform(o->num_inputs);
  const bsyn_sampler *s = sampler ? sampler : own;
  if (mismatches)
    memset(mismatches, 0, n * sizeof *mismatches);
  uint64_t total_words = (nvectors + 63) / 64;
  size_t cw = total_words < VERIFY_WORDS ? (size_t)total_words : VERIFY_WORDS;
  uint64_t *in = bsyn_aligned_alloc(((size_t)o->num_inputs + 1) * cw * 8);
  uint64_t *want = bsyn_aligned_alloc(((size_t)o->num_outputs + 1) * cw * 8);
  uint64_t *got = bsyn_aligned_alloc(((size_t)n + 1) * cw * 8);
  uint64_t *diff = bsyn_aligned_alloc(cw * 8);
  int64_t bad = 0;
  for (uint64_t w0 = 0; w0 < total_words; w0 += cw) {
    size_t nw = total_words - w0 < cw ? (size_t)(total_words - w0) : cw;
    s->fill(s, seed, (1ull << 40) + w0, nw, in, nw);
    if (bsyn_oracle_eval(o, in, want, nw, d)) {
      bad = -1;
      break;
    }
    bsyn_sim_eval(aig, in, got, nw, BSYN_SIMD_AUTO, pool);
    memset(diff, 0, nw * 8);
    for (uint32_t r = 0; r < n; r++) {
      const uint64_t *a = want + (size_t)outputs[r] * nw, *b = got + (size_t)r * nw;
      for (size_t w = 0; w < nw; w++) {
        uint64_t x = a[w] ^ b[w];
        if (w0 + w == total_words - 1 && nvectors % 64)
          x &= (1ull << (nvectors % 64)) - 1;
        diff[w] |= x;
        if (mismatches)
          mismatches[r] += (uint64_t)__builtin_popcountll(x);
      }
    }
    for (size_t w = 0; w < nw; w++)
      bad += __builtin_popcountll(diff[w]);
  }
  bsyn_aligned_free(in);
  bsyn_aligned_free(want);
  bsyn_aligned_free(got);
  bsyn_aligned_free(diff);
  bsyn_sampler_free(own);
  return bad;
}
