/* The 64×64 bit transpose in AVX2: 16 registers of 4 rows. The block-swap passes for row
 * distances 32..4 pair whole registers; distances 2 and 1 pair lanes of one register, done
 * with a lane permute and per-lane shift counts (a count of 64 shifts everything out). */
#include <immintrin.h>

#include "bsyn_transpose.h"

static inline void swap_regs(__m256i *a, __m256i *b, int j, __m256i mask) {
  __m256i t = _mm256_and_si256(_mm256_xor_si256(_mm256_srli_epi64(*a, j), *b), mask);
  *a = _mm256_xor_si256(*a, _mm256_slli_epi64(t, j));
  *b = _mm256_xor_si256(*b, t);
}

/* Lanes i and i^j (j = 1 or 2) swap bit blocks: the lower lane of each pair takes the
 * partner's block shifted up by j, the upper one the partner's block shifted down. */
static inline __m256i swap_lanes(__m256i v, __m256i partner, __m256i cl, __m256i cr, __m256i keep) {
  __m256i moved = _mm256_or_si256(_mm256_sllv_epi64(partner, cl), _mm256_srlv_epi64(partner, cr));
  return _mm256_or_si256(_mm256_and_si256(v, keep), _mm256_andnot_si256(keep, moved));
}

void bsyn_transpose64_avx2(uint64_t m[64]) {
  __m256i r[16];
  for (int i = 0; i < 16; i++)
    r[i] = _mm256_loadu_si256((const __m256i *)(m + 4 * i));
  static const uint64_t masks[4] = {0x00000000ffffffffull, 0x0000ffff0000ffffull,
                                    0x00ff00ff00ff00ffull, 0x0f0f0f0f0f0f0f0full};
  for (int s = 0, j = 32; s < 4; s++, j >>= 1) {
    __m256i mask = _mm256_set1_epi64x((long long)masks[s]);
    int d = j / 4; /* register distance */
    for (int k = 0; k < 16; k = ((k | d) + 1) & ~d)
      swap_regs(&r[k], &r[k | d], j, mask);
  }
  const uint64_t m2 = 0x3333333333333333ull, m1 = 0x5555555555555555ull;
  /* j = 2: lanes (0,2), (1,3); j = 1: lanes (0,1), (2,3). keep = the bits a lane retains. */
  __m256i cl2 = _mm256_set_epi64x(64, 64, 2, 2), cr2 = _mm256_set_epi64x(2, 2, 64, 64);
  __m256i keep2 = _mm256_set_epi64x((long long)~m2, (long long)~m2, (long long)m2, (long long)m2);
  __m256i cl1 = _mm256_set_epi64x(64, 1, 64, 1), cr1 = _mm256_set_epi64x(1, 64, 1, 64);
  __m256i keep1 = _mm256_set_epi64x((long long)~m1, (long long)m1, (long long)~m1, (long long)m1);
  for (int i = 0; i < 16; i++) {
    __m256i v = r[i];
    v = swap_lanes(v, _mm256_permute4x64_epi64(v, 0x4e), cl2, cr2, keep2);
    v = swap_lanes(v, _mm256_permute4x64_epi64(v, 0xb1), cl1, cr1, keep1);
    _mm256_storeu_si256((__m256i *)(m + 4 * i), v);
  }
}
