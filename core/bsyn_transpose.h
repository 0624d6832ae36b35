/* bsyn_transpose.h — 64×64 bit-matrix transposes, the bridge between bit-sliced batches
 * (one word per bit, 64 vectors) and per-vector words (one word per vector, 64 bits).
 *
 * Layout: m[i] is row i, bit j of m[i] (value 1ull << j) is column j. After a transpose,
 * bit j of m[i] holds what bit i of m[j] held before. */
#ifndef BSYN_TRANSPOSE_H
#define BSYN_TRANSPOSE_H

#include <stddef.h>
#include <stdint.h>

/* Transposes m in place with the fastest variant this CPU runs (scalar, AVX2 or AVX-512,
 * chosen once at first use). Thread-safe. */
void bsyn_transpose64(uint64_t m[64]);

/* The variants; every one gives identical results. Thread-safe. _avx2 and _avx512 may only
 * be called where the CPU has AVX2 (resp. AVX-512 F, BW and VL). */
void bsyn_transpose64_scalar(uint64_t m[64]);
void bsyn_transpose64_avx2(uint64_t m[64]);
void bsyn_transpose64_avx512(uint64_t m[64]);

/* Loads rows rows[r * stride] for r < nrows (nrows <= 64; missing rows read as 0) into m and
 * transposes: m[v] then holds bits 0..nrows-1 of vector v. Thread-safe. */
void bsyn_transpose64_gather(const uint64_t *rows, size_t stride, unsigned nrows, uint64_t m[64]);

/* Transposes m (per-vector words) in place and stores its first nrows rows to
 * rows[r * stride]. Thread-safe. */
void bsyn_transpose64_scatter(uint64_t m[64], uint64_t *rows, size_t stride, unsigned nrows);

#endif
