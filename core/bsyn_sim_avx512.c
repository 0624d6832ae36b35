/* AVX-512 sweep: one 512-bit vector = 8 words = 512 patterns per row and node. */
#include "bsyn_sim_kernel.h"

#if defined(BSYN_SIM_X86)
#include <immintrin.h>

#define INLINE static inline __attribute__((always_inline))

/* Every AND on nvec full vectors plus a masked tail of the row slice at base. The caller
 * passes nvec/tail as constants for the common block widths so the row loop unrolls. The
 * complement is an XOR with all-ones or all-zeros broadcast from the literal's sign bit:
 * signs are random in real netlists, so a branch on them would mispredict half the time. */
INLINE void sweep(const bsyn_aig *aig, uint64_t *base, size_t nwords, size_t nvec, __mmask8 tail,
                  int prefetch) {
  const bsyn_lit *fan = aig->fanins;
  for (uint32_t v = aig->num_inputs + 1; v < aig->num_vars; v++) {
    if (prefetch)
      bsyn_sim_prefetch_fanins(aig, base, nwords, v + BSYN_SIM_PREFETCH_AHEAD, UINT32_MAX);
    bsyn_lit a = fan[2 * (size_t)v], b = fan[2 * (size_t)v + 1];
    const uint64_t *pa = base + (size_t)(a >> 1) * nwords;
    const uint64_t *pb = base + (size_t)(b >> 1) * nwords;
    uint64_t *po = base + (size_t)v * nwords;
    __m512i ma = _mm512_set1_epi64(-(long long)(a & 1));
    __m512i mb = _mm512_set1_epi64(-(long long)(b & 1));
    for (size_t k = 0; k < nvec; k++) {
      __m512i x = _mm512_xor_si512(_mm512_loadu_si512(pa + 8 * k), ma);
      __m512i y = _mm512_xor_si512(_mm512_loadu_si512(pb + 8 * k), mb);
      _mm512_storeu_si512(po + 8 * k, _mm512_and_si512(x, y));
    }
    if (tail) {
      size_t o = 8 * nvec;
      __m512i x = _mm512_xor_si512(_mm512_maskz_loadu_epi64(tail, pa + o), ma);
      __m512i y = _mm512_xor_si512(_mm512_maskz_loadu_epi64(tail, pb + o), mb);
      _mm512_mask_storeu_epi64(po + o, tail, _mm512_and_si512(x, y));
    }
  }
}

/* The common widths get their own unrolled copies, with and without prefetching (the
 * constant arguments specialise the always-inlined sweep). */
INLINE void dispatch(const bsyn_aig *aig, uint64_t *base, size_t nwords, size_t nvec, __mmask8 tail,
                     int prefetch) {
  if (!tail) {
    switch (nvec) {
    case 1:
      sweep(aig, base, nwords, 1, 0, prefetch);
      return;
    case 2:
      sweep(aig, base, nwords, 2, 0, prefetch);
      return;
    case 4:
      sweep(aig, base, nwords, 4, 0, prefetch);
      return;
    case 8:
      sweep(aig, base, nwords, 8, 0, prefetch);
      return;
    default:
      break;
    }
  }
  sweep(aig, base, nwords, nvec, tail, prefetch);
}

void bsyn_sim_sweep_avx512(const bsyn_aig *aig, uint64_t *values, size_t nwords, size_t w0,
                           size_t nw, int prefetch) {
  uint64_t *base = values + w0;
  size_t nvec = nw / 8;
  __mmask8 tail = (__mmask8)((1u << (nw % 8)) - 1);
  if (prefetch)
    dispatch(aig, base, nwords, nvec, tail, 1);
  else
    dispatch(aig, base, nwords, nvec, tail, 0);
}

/* Two vectors per variable in a ring of `ring` rows (a power of two) in scratch
 * (BSYN_SIM_SCRATCH_WORDS = 16): the latest `ring` variables are read from the compact ring,
 * which stays in cache, older ones from values; results go to values with streaming stores,
 * which skip reading the destination line first. */
INLINE const __m512i *fanin_row(const __m512i *s, const uint64_t *values, size_t nwords, size_t w0,
                                uint32_t ring, uint32_t v, uint32_t u) {
  const __m512i *near = s + 2 * (size_t)(u & (ring - 1));
  const __m512i *far = (const __m512i *)(values + (size_t)u * nwords + w0);
  return v - u <= ring ? near : far;
}

void bsyn_sim_scratch_avx512(const bsyn_aig *aig, uint64_t *values, size_t nwords, size_t w0,
                             uint64_t *scratch, uint32_t ring) {
  __m512i *s = (__m512i *)scratch;
  for (uint32_t v = 0; v <= aig->num_inputs; v++) {
    const uint64_t *row = values + (size_t)v * nwords + w0;
    s[2 * (size_t)(v & (ring - 1))] = _mm512_load_si512(row);
    s[2 * (size_t)(v & (ring - 1)) + 1] = _mm512_load_si512(row + 8);
  }
  const bsyn_lit *fan = aig->fanins;
  for (uint32_t v = aig->num_inputs + 1; v < aig->num_vars; v++) {
    bsyn_sim_prefetch_fanins(aig, values + w0, nwords, v + BSYN_SIM_PREFETCH_AHEAD, ring);
    bsyn_lit a = fan[2 * (size_t)v], b = fan[2 * (size_t)v + 1];
    const __m512i *pa = fanin_row(s, values, nwords, w0, ring, v, a >> 1);
    const __m512i *pb = fanin_row(s, values, nwords, w0, ring, v, b >> 1);
    __m512i ma = _mm512_set1_epi64(-(long long)(a & 1));
    __m512i mb = _mm512_set1_epi64(-(long long)(b & 1));
    __m512i r0 = _mm512_and_si512(_mm512_xor_si512(pa[0], ma), _mm512_xor_si512(pb[0], mb));
    __m512i r1 = _mm512_and_si512(_mm512_xor_si512(pa[1], ma), _mm512_xor_si512(pb[1], mb));
    __m512i *slot = s + 2 * (size_t)(v & (ring - 1));
    slot[0] = r0;
    slot[1] = r1;
    uint64_t *po = values + (size_t)v * nwords + w0;
    _mm512_stream_si512((void *)po, r0);
    _mm512_stream_si512((void *)(po + 8), r1);
  }
  /* streaming stores are weakly ordered: make them visible before the pool reports done */
  _mm_sfence();
}

/* x * c in each 64-bit lane from 32-bit multiplies (AVX-512F has no 64-bit one): the low
 * product plus the two cross products shifted up; the high product falls off the top. */
INLINE __m512i mul64(__m512i x, uint64_t c) {
  __m512i clo = _mm512_set1_epi64((long long)(c & 0xffffffffu));
  __m512i chi = _mm512_set1_epi64((long long)(c >> 32));
  __m512i cross =
      _mm512_add_epi64(_mm512_mul_epu32(x, chi), _mm512_mul_epu32(_mm512_srli_epi64(x, 32), clo));
  return _mm512_add_epi64(_mm512_mul_epu32(x, clo), _mm512_slli_epi64(cross, 32));
}

/* bsyn_mix64 (SplitMix64's finaliser) on 8 lanes. */
INLINE __m512i mix64(__m512i x) {
  x = _mm512_add_epi64(x, _mm512_set1_epi64((long long)0x9e3779b97f4a7c15ull));
  x = mul64(_mm512_xor_si512(x, _mm512_srli_epi64(x, 30)), 0xbf58476d1ce4e5b9ull);
  x = mul64(_mm512_xor_si512(x, _mm512_srli_epi64(x, 27)), 0x94d049bb133111ebull);
  return _mm512_xor_si512(x, _mm512_srli_epi64(x, 31));
}

void bsyn_sim_random_rows_avx512(uint64_t *rows, size_t stride, uint32_t count, size_t nwords,
                                 uint64_t word0, uint64_t seed) {
  const __m512i lanes = _mm512_set_epi64(7, 6, 5, 4, 3, 2, 1, 0);
  for (uint32_t r = 0; r < count; r++) {
    uint64_t key = bsyn_sim_row_key(seed, r);
    uint64_t *row = rows + (size_t)r * stride;
    __m512i k = _mm512_set1_epi64((long long)key);
    size_t w = 0;
    for (; w + 8 <= nwords; w += 8) {
      __m512i ctr = _mm512_add_epi64(_mm512_set1_epi64((long long)(word0 + w)), lanes);
      _mm512_storeu_si512(row + w, mix64(_mm512_xor_si512(k, ctr)));
    }
    for (; w < nwords; w++)
      row[w] = bsyn_mix64(key ^ (word0 + w));
  }
}
#endif
