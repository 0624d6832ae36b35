/* The bit-sliced steps compiled with AVX-512 (flags from the file name, see
 * cmake/BsynFlags.cmake); call only where the CPU has it. */
#include "bsyn_rv32_slice.h"

#include "bsyn_rv32_slice_kernel.h"

void bsyn_rv32_core_tile_avx512(const uint64_t *in, uint64_t *out) {
  core_tile((const v512 *)in, (v512 *)out);
}

void bsyn_rv32_full_tile_avx512(const uint64_t *in, uint64_t *out) {
  full_tile((const v512 *)in, (v512 *)out);
}
