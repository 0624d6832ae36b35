/* 64×64 bit transposes: every variant against a bit-by-bit transpose. */
#include <criterion/criterion.h>
#include <string.h>

#include "bsyn_transpose.h"
#include "bsyn_util.h"

static void naive(const uint64_t m[64], uint64_t t[64]) {
  for (unsigned i = 0; i < 64; i++) {
    t[i] = 0;
    for (unsigned j = 0; j < 64; j++)
      t[i] |= (m[j] >> i & 1) << j;
  }
}

/* Random matrices plus the structured ones most likely to expose a wrong pass. */
static void fill(uint64_t m[64], unsigned k) {
  for (unsigned i = 0; i < 64; i++)
    switch (k) {
    case 0:
      m[i] = 1ull << i;
      break; /* identity */
    case 1:
      m[i] = 1ull << (63 - i);
      break; /* anti-diagonal */
    case 2:
      m[i] = i == 5 ? ~0ull : 0;
      break; /* one full row */
    case 3:
      m[i] = 1ull << 17;
      break; /* one full column */
    default:
      m[i] = bsyn_mix64(k * 64 + i);
      break;
    }
}

static void check_variant(void (*fn)(uint64_t *), const char *name) {
  for (unsigned k = 0; k < 200; k++) {
    uint64_t m[64], want[64];
    fill(m, k);
    naive(m, want);
    fn(m);
    for (unsigned i = 0; i < 64; i++)
      cr_assert_eq(m[i], want[i], "%s: matrix %u row %u: %#llx, expected %#llx", name, k, i,
                   (unsigned long long)m[i], (unsigned long long)want[i]);
  }
}

Test(transpose, scalar) { check_variant(bsyn_transpose64_scalar, "scalar"); }
Test(transpose, dispatch) { check_variant(bsyn_transpose64, "dispatch"); }

Test(transpose, avx2) {
  __builtin_cpu_init();
  if (!__builtin_cpu_supports("avx2"))
    cr_skip("no AVX2 on this CPU");
  check_variant(bsyn_transpose64_avx2, "avx2");
}

Test(transpose, avx512) {
  __builtin_cpu_init();
  if (!__builtin_cpu_supports("avx512f") || !__builtin_cpu_supports("avx512bw") ||
      !__builtin_cpu_supports("avx512vl"))
    cr_skip("no AVX-512 F/BW/VL on this CPU");
  check_variant(bsyn_transpose64_avx512, "avx512");
}

/* Gather reads strided rows (missing rows as 0), scatter writes only the rows asked for. */
Test(transpose, gather_scatter_strided) {
  enum { STRIDE = 3, ROWS = 27 };
  uint64_t rows[64 * STRIDE], m[64], t[64], src[64] = {0};
  for (unsigned i = 0; i < 64 * STRIDE; i++)
    rows[i] = bsyn_mix64(i + 1000);
  for (unsigned r = 0; r < ROWS; r++)
    src[r] = rows[r * STRIDE];
  bsyn_transpose64_gather(rows, STRIDE, ROWS, m);
  naive(src, t);
  cr_assert_eq(memcmp(m, t, sizeof m), 0, "gather differs from the bit-by-bit transpose");
  uint64_t out[64 * STRIDE];
  for (unsigned i = 0; i < 64 * STRIDE; i++)
    out[i] = 0x5555;
  bsyn_transpose64_scatter(m, out, STRIDE, ROWS);
  for (unsigned i = 0; i < 64 * STRIDE; i++) {
    uint64_t want = (i % STRIDE == 0 && i / STRIDE < ROWS) ? src[i / STRIDE] : 0x5555;
    cr_assert_eq(out[i], want, "scatter word %u", i);
  }
}
