/* 64×64 bit transposes: the recursive block swap (swap the off-diagonal 32×32 blocks, then
 * 16×16 blocks inside each quadrant, ... down to single bits), six passes of 32 word pairs. */
#include "bsyn_transpose.h"

#include <string.h>

void bsyn_transpose64_scalar(uint64_t m[64]) {
  uint64_t mask = 0x00000000ffffffffull;
  for (unsigned j = 32; j; j >>= 1, mask ^= mask << j)
    for (unsigned k = 0; k < 64; k = ((k | j) + 1) & ~j) {
      uint64_t t = ((m[k] >> j) ^ m[k | j]) & mask;
      m[k] ^= t << j;
      m[k | j] ^= t;
    }
}

typedef void (*transpose_fn)(uint64_t m[64]);

static transpose_fn pick(void) {
#if defined(__GNUC__) && defined(__x86_64__)
  __builtin_cpu_init();
  /* the AVX-512 file is compiled with F, BW and VL (cmake/BsynFlags.cmake) */
  if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
      __builtin_cpu_supports("avx512vl"))
    return bsyn_transpose64_avx512;
  if (__builtin_cpu_supports("avx2"))
    return bsyn_transpose64_avx2;
#endif
  return bsyn_transpose64_scalar;
}

void bsyn_transpose64(uint64_t m[64]) {
  /* The choice is idempotent, so a race between first callers only repeats it. */
  static transpose_fn fn;
  transpose_fn f = __atomic_load_n(&fn, __ATOMIC_RELAXED);
  if (!f) {
    f = pick();
    __atomic_store_n(&fn, f, __ATOMIC_RELAXED);
  }
  f(m);
}

void bsyn_transpose64_gather(const uint64_t *rows, size_t stride, unsigned nrows, uint64_t m[64]) {
  unsigned r = 0;
  for (; r < nrows; r++)
    m[r] = rows[r * stride];
  for (; r < 64; r++)
    m[r] = 0;
  bsyn_transpose64(m);
}

void bsyn_transpose64_scatter(uint64_t m[64], uint64_t *rows, size_t stride, unsigned nrows) {
  bsyn_transpose64(m);
  for (unsigned r = 0; r < nrows; r++)
    rows[r * stride] = m[r];
}
