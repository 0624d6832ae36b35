/* bsyn_rv32ia_slice.h — the bit-sliced rv32ia-priv step on tiles of 512 vectors.
 *
 * Tiles as in bsyn_rv32_slice.h: BSYN_RV32_TILE = 8 words per row, one row per input or
 * output bit (the oracle's layout with nwords = 8), both buffers 64-byte aligned. The step
 * (kernels/bsyn_rv32ia_step.h) is compiled once per ISA (generic x86-64, AVX2, AVX-512) and
 * bsyn_rv32ia_slice_pick chooses at run time. Semantics: docs/rv32ia-priv.md; the reference
 * is bsyn_rv32ia_step. */
#ifndef BSYN_RV32IA_SLICE_H
#define BSYN_RV32IA_SLICE_H

#include "bsyn_rv32_slice.h"

/* rv32ia-priv (BSYN_RV32IA_NUM_INPUTS rows in) and rv32ia-priv:hints
 * (BSYN_RV32IA_NUM_INPUTS_HINTS rows in); both give BSYN_RV32IA_NUM_OUTPUTS rows. */
void bsyn_rv32ia_tile_generic(const uint64_t *in, uint64_t *out);
void bsyn_rv32ia_hints_tile_generic(const uint64_t *in, uint64_t *out);
/* Only where the CPU has AVX2 (resp. AVX-512 F, BW and VL): */
void bsyn_rv32ia_tile_avx2(const uint64_t *in, uint64_t *out);
void bsyn_rv32ia_hints_tile_avx2(const uint64_t *in, uint64_t *out);
void bsyn_rv32ia_tile_avx512(const uint64_t *in, uint64_t *out);
void bsyn_rv32ia_hints_tile_avx512(const uint64_t *in, uint64_t *out);

/* The widest variant this CPU runs, with hints (1) or without (0). All variants give
 * identical answers. Thread-safe. */
bsyn_rv32_tile_fn bsyn_rv32ia_slice_pick(int hints);

#endif
