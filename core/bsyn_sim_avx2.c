/* AVX2 sweep: one 256-bit vector = 4 words = 256 patterns per row and node. */
#include "bsyn_sim_kernel.h"

#if defined(BSYN_SIM_X86)
#include <immintrin.h>

#define INLINE static inline __attribute__((always_inline))

/* Every AND on nvec full vectors plus `tail` (< 4) trailing words of the row slice at base;
 * constants from the caller let the row loop unroll. Complements are applied branch-free
 * (XOR with a mask broadcast from the literal's sign bit). */
INLINE void sweep(const bsyn_aig *aig, uint64_t *base, size_t nwords, size_t nvec, size_t tail,
                  int prefetch) {
  const bsyn_lit *fan = aig->fanins;
  for (uint32_t v = aig->num_inputs + 1; v < aig->num_vars; v++) {
    if (prefetch)
      bsyn_sim_prefetch_fanins(aig, base, nwords, v + BSYN_SIM_PREFETCH_AHEAD, UINT32_MAX);
    bsyn_lit a = fan[2 * (size_t)v], b = fan[2 * (size_t)v + 1];
    const uint64_t *pa = base + (size_t)(a >> 1) * nwords;
    const uint64_t *pb = base + (size_t)(b >> 1) * nwords;
    uint64_t *po = base + (size_t)v * nwords;
    uint64_t sa = -(uint64_t)(a & 1), sb = -(uint64_t)(b & 1);
    __m256i ma = _mm256_set1_epi64x((long long)sa), mb = _mm256_set1_epi64x((long long)sb);
    for (size_t k = 0; k < nvec; k++) {
      __m256i x = _mm256_xor_si256(_mm256_loadu_si256((const __m256i *)(pa + 4 * k)), ma);
      __m256i y = _mm256_xor_si256(_mm256_loadu_si256((const __m256i *)(pb + 4 * k)), mb);
      _mm256_storeu_si256((__m256i *)(po + 4 * k), _mm256_and_si256(x, y));
    }
    for (size_t k = 4 * nvec; k < 4 * nvec + tail; k++)
      po[k] = (pa[k] ^ sa) & (pb[k] ^ sb);
  }
}

/* The common widths get their own unrolled copies, with and without prefetching (the
 * constant arguments specialise the always-inlined sweep). */
INLINE void dispatch(const bsyn_aig *aig, uint64_t *base, size_t nwords, size_t nvec, size_t tail,
                     int prefetch) {
  if (!tail) {
    switch (nvec) {
    case 2:
      sweep(aig, base, nwords, 2, 0, prefetch);
      return;
    case 4:
      sweep(aig, base, nwords, 4, 0, prefetch);
      return;
    case 8:
      sweep(aig, base, nwords, 8, 0, prefetch);
      return;
    case 16:
      sweep(aig, base, nwords, 16, 0, prefetch);
      return;
    default:
      break;
    }
  }
  sweep(aig, base, nwords, nvec, tail, prefetch);
}

void bsyn_sim_sweep_avx2(const bsyn_aig *aig, uint64_t *values, size_t nwords, size_t w0, size_t nw,
                         int prefetch) {
  uint64_t *base = values + w0;
  size_t nvec = nw / 4, tail = nw % 4;
  if (prefetch)
    dispatch(aig, base, nwords, nvec, tail, 1);
  else
    dispatch(aig, base, nwords, nvec, tail, 0);
}

/* Four vectors per variable in a ring of `ring` rows in scratch: the AVX2 twin of
 * bsyn_sim_scratch_avx512 (see there and bsyn_sim_kernel.h). */
INLINE const __m256i *fanin_row(const __m256i *s, const uint64_t *values, size_t nwords, size_t w0,
                                uint32_t ring, uint32_t v, uint32_t u) {
  const __m256i *near = s + 4 * (size_t)(u & (ring - 1));
  const __m256i *far = (const __m256i *)(values + (size_t)u * nwords + w0);
  return v - u <= ring ? near : far;
}

void bsyn_sim_scratch_avx2(const bsyn_aig *aig, uint64_t *values, size_t nwords, size_t w0,
                           uint64_t *scratch, uint32_t ring) {
  __m256i *s = (__m256i *)scratch;
  for (uint32_t v = 0; v <= aig->num_inputs; v++) {
    const __m256i *row = (const __m256i *)(values + (size_t)v * nwords + w0);
    for (int k = 0; k < 4; k++)
      s[4 * (size_t)(v & (ring - 1)) + k] = _mm256_load_si256(row + k);
  }
  const bsyn_lit *fan = aig->fanins;
  for (uint32_t v = aig->num_inputs + 1; v < aig->num_vars; v++) {
    bsyn_sim_prefetch_fanins(aig, values + w0, nwords, v + BSYN_SIM_PREFETCH_AHEAD, ring);
    bsyn_lit a = fan[2 * (size_t)v], b = fan[2 * (size_t)v + 1];
    const __m256i *pa = fanin_row(s, values, nwords, w0, ring, v, a >> 1);
    const __m256i *pb = fanin_row(s, values, nwords, w0, ring, v, b >> 1);
    __m256i ma = _mm256_set1_epi64x(-(long long)(a & 1));
    __m256i mb = _mm256_set1_epi64x(-(long long)(b & 1));
    __m256i *slot = s + 4 * (size_t)(v & (ring - 1));
    __m256i *po = (__m256i *)(values + (size_t)v * nwords + w0);
    for (int k = 0; k < 4; k++) {
      __m256i r = _mm256_and_si256(_mm256_xor_si256(pa[k], ma), _mm256_xor_si256(pb[k], mb));
      slot[k] = r;
      _mm256_stream_si256(po + k, r);
    }
  }
  _mm_sfence();
}
#endif
