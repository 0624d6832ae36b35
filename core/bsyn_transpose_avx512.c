/* The 64×64 bit transpose in AVX-512: 8 registers of 8 rows. Row distances 32..8 pair whole
 * registers; distances 4, 2 and 1 pair lanes of one register (a lane permute, per-lane shift
 * counts where 64 shifts everything out, and a bitwise select). */
#include <immintrin.h>

#include "bsyn_transpose.h"

static inline void swap_regs(__m512i *a, __m512i *b, int j, __m512i mask) {
  /* 0x28 = (a ^ b) & mask as a ternary truth table over (a, b, mask) */
  __m512i t = _mm512_ternarylogic_epi64(_mm512_srli_epi64(*a, j), *b, mask, 0x28);
  *a = _mm512_xor_si512(*a, _mm512_slli_epi64(t, j));
  *b = _mm512_xor_si512(*b, t);
}

/* keep ? v : moved, bit by bit (truth table 0xca over (keep, v, moved)). */
static inline __m512i swap_lanes(__m512i v, __m512i partner, __m512i cl, __m512i cr, __m512i keep) {
  __m512i moved = _mm512_or_si512(_mm512_sllv_epi64(partner, cl), _mm512_srlv_epi64(partner, cr));
  return _mm512_ternarylogic_epi64(keep, v, moved, 0xca);
}

/* Per-lane constants for the in-register pass of distance j: lanes with bit j clear are the
 * lower of their pair. */
static void lane_consts(int j, uint64_t mask, __m512i *cl, __m512i *cr, __m512i *keep) {
  uint64_t l[8], r[8], k[8];
  for (int i = 0; i < 8; i++) {
    int lower = !(i & j);
    l[i] = lower ? (uint64_t)j : 64;
    r[i] = lower ? 64 : (uint64_t)j;
    k[i] = lower ? ~(mask << j) : ~mask;
  }
  *cl = _mm512_loadu_si512(l);
  *cr = _mm512_loadu_si512(r);
  *keep = _mm512_loadu_si512(k);
}

void bsyn_transpose64_avx512(uint64_t m[64]) {
  __m512i r[8];
  for (int i = 0; i < 8; i++)
    r[i] = _mm512_loadu_si512(m + 8 * i);
  static const uint64_t masks[6] = {0x00000000ffffffffull, 0x0000ffff0000ffffull,
                                    0x00ff00ff00ff00ffull, 0x0f0f0f0f0f0f0f0full,
                                    0x3333333333333333ull, 0x5555555555555555ull};
  for (int s = 0, j = 32; s < 3; s++, j >>= 1) {
    __m512i mask = _mm512_set1_epi64((long long)masks[s]);
    int d = j / 8;
    for (int k = 0; k < 8; k = ((k | d) + 1) & ~d)
      swap_regs(&r[k], &r[k | d], j, mask);
  }
  __m512i cl[3], cr[3], keep[3];
  for (int s = 0; s < 3; s++)
    lane_consts(4 >> s, masks[3 + s], &cl[s], &cr[s], &keep[s]);
  for (int i = 0; i < 8; i++) {
    __m512i v = r[i];
    v = swap_lanes(v, _mm512_shuffle_i64x2(v, v, 0x4e), cl[0], cr[0], keep[0]);
    v = swap_lanes(v, _mm512_permutex_epi64(v, 0x4e), cl[1], cr[1], keep[1]);
    v = swap_lanes(v, _mm512_permutex_epi64(v, 0xb1), cl[2], cr[2], keep[2]);
    _mm512_storeu_si512(m + 8 * i, v);
  }
}
