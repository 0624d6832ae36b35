/* The bit-sliced rv32ia-priv step compiled with AVX-512 (flags from the file name, see
 * cmake/BsynFlags.cmake); call only where the CPU has it. */
#include "bsyn_rv32ia_slice.h"

#include "bsyn_rv32ia_step.h"

void bsyn_rv32ia_tile_avx512(const uint64_t *in, uint64_t *out) {
  rv32ia_tile((const bsyn_row *)in, (bsyn_row *)out, 0);
}

void bsyn_rv32ia_hints_tile_avx512(const uint64_t *in, uint64_t *out) {
  rv32ia_tile((const bsyn_row *)in, (bsyn_row *)out, 1);
}
