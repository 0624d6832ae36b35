/* The bit-sliced rv32ia-priv step compiled for baseline x86-64 (or any GCC/Clang target), and
 * the run-time choice between it and the AVX2/AVX-512 builds of the same kernel. */
#include "bsyn_rv32ia_slice.h"

#include "bsyn_rv32ia_step.h"

void bsyn_rv32ia_tile_generic(const uint64_t *in, uint64_t *out) {
  rv32ia_tile((const bsyn_row *)in, (bsyn_row *)out, 0);
}

void bsyn_rv32ia_hints_tile_generic(const uint64_t *in, uint64_t *out) {
  rv32ia_tile((const bsyn_row *)in, (bsyn_row *)out, 1);
}

bsyn_rv32_tile_fn bsyn_rv32ia_slice_pick(int hints) {
#if defined(__GNUC__) && defined(__x86_64__)
  __builtin_cpu_init();
  /* the AVX-512 file is compiled with F, BW and VL (cmake/BsynFlags.cmake) */
  if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
      __builtin_cpu_supports("avx512vl"))
    return hints ? bsyn_rv32ia_hints_tile_avx512 : bsyn_rv32ia_tile_avx512;
  if (__builtin_cpu_supports("avx2"))
    return hints ? bsyn_rv32ia_hints_tile_avx2 : bsyn_rv32ia_tile_avx2;
#endif
  return hints ? bsyn_rv32ia_hints_tile_generic : bsyn_rv32ia_tile_generic;
}
