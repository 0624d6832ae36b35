/* bsyn_rv32_slice.h — bit-sliced rv32i-core and rv32i-full steps on tiles of 512 vectors.
 *
 * A tile holds BSYN_RV32_TILE = 8 words per row, one row per input or output bit (the
 * oracle's layout with nwords = 8): in[r * 8 + k] bit j is bit r of vector 64*k + j. Both
 * buffers must be 64-byte aligned. Each step is the whole instruction set written as gates
 * over 512 vectors at once (adders, a shifter, decoders, multiplexers), so there is no
 * per-vector work and nothing to transpose; the same source is compiled once per ISA
 * (generic x86-64/SSE2, AVX2, AVX-512) and bsyn_rv32_slice_pick chooses at run time.
 * Semantics: docs/rv32i-core.md and docs/rv32i-full.md; the reference is bsyn_rv32_step. */
#ifndef BSYN_RV32_SLICE_H
#define BSYN_RV32_SLICE_H

#include <stdint.h>

#define BSYN_RV32_TILE 8

/* Answers one tile: in has the oracle's num_inputs rows, out receives num_outputs rows.
 * Pure; thread-safe on distinct buffers. */
typedef void (*bsyn_rv32_tile_fn)(const uint64_t *in, uint64_t *out);

void bsyn_rv32_core_tile_generic(const uint64_t *in, uint64_t *out);
void bsyn_rv32_full_tile_generic(const uint64_t *in, uint64_t *out);
/* Only where the CPU has AVX2 (resp. AVX-512 F, BW and VL): */
void bsyn_rv32_core_tile_avx2(const uint64_t *in, uint64_t *out);
void bsyn_rv32_full_tile_avx2(const uint64_t *in, uint64_t *out);
void bsyn_rv32_core_tile_avx512(const uint64_t *in, uint64_t *out);
void bsyn_rv32_full_tile_avx512(const uint64_t *in, uint64_t *out);

/* The widest variants this CPU runs: full = 0 for rv32i-core, 1 for rv32i-full. All
 * variants give identical answers. Thread-safe. */
bsyn_rv32_tile_fn bsyn_rv32_slice_pick(int full);

#endif
