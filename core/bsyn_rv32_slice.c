/* The bit-sliced steps compiled for baseline x86-64 (or any GCC/Clang target), and the
 * run-time choice between them and the AVX2/AVX-512 builds of the same kernel. */
#include "bsyn_rv32_slice.h"

#include "bsyn_rv32_slice_kernel.h"

void bsyn_rv32_core_tile_generic(const uint64_t *in, uint64_t *out) {
  core_tile((const v512 *)in, (v512 *)out);
}

void bsyn_rv32_full_tile_generic(const uint64_t *in, uint64_t *out) {
  full_tile((const v512 *)in, (v512 *)out);
}

bsyn_rv32_tile_fn bsyn_rv32_slice_pick(int full) {
#if defined(__GNUC__) && defined(__x86_64__)
  __builtin_cpu_init();
  /* the AVX-512 file is compiled with F, BW and VL (cmake/BsynFlags.cmake) */
  if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
      __builtin_cpu_supports("avx512vl"))
    return full ? bsyn_rv32_full_tile_avx512 : bsyn_rv32_core_tile_avx512;
  if (__builtin_cpu_supports("avx2"))
    return full ? bsyn_rv32_full_tile_avx2 : bsyn_rv32_core_tile_avx2;
#endif
  return full ? bsyn_rv32_full_tile_generic : bsyn_rv32_core_tile_generic;
}
