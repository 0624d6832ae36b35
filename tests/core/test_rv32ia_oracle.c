/* The rv32ia-priv oracle: field layout and spec flags, every bit-sliced kernel variant the
 * CPU runs equals the scalar reference bsyn_rv32ia_step vector by vector (uniform inputs and
 * the RV32IA sampler's), batches of any size, and agreement with rv32i-full on RV32I in M-mode. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bsyn_learn_sample.h"
#include "bsyn_oracle.h"
#include "bsyn_rv32.h"
#include "bsyn_rv32ia.h"
#include "bsyn_rv32ia_oracle.h"
#include "bsyn_rv32ia_slice.h"
#include "bsyn_sample_rv32.h"
#include "bsyn_sample_rv32ia.h"
#include "bsyn_test.h"
#include "bsyn_transpose.h"
#include "bsyn_util.h"

/* Vectors each kernel variant is checked on; sanitizer builds check fewer. */
#if defined(__SANITIZE_ADDRESS__)
#define VARIANT_VECTORS (1u << 13)
#else
#define VARIANT_VECTORS (1u << 16)
#endif

enum { T = BSYN_RV32_TILE, IN_W = BSYN_RV32IA_IN_WORDS, OUT_W = BSYN_RV32IA_OUT_WORDS };

Test(rv32ia_oracle, fields) {
  for (int hints = 0; hints < 2; hints++) {
    bsyn_oracle *o = bsyn_rv32ia_oracle(hints);
    cr_assert_str_eq(o->name, hints ? "rv32ia-priv:hints" : "rv32ia-priv");
    cr_assert_eq(o->num_inputs, hints ? 1894 : 1798);
    cr_assert_eq(o->num_outputs, 1826);
    cr_assert_eq(o->thread_safe, 1);
    cr_assert_eq(o->num_in_fields, 32 + 21 + 8 + (hints ? 3 : 0));
    cr_assert_eq(o->num_out_fields, 32 + 21 + 5);
    uint32_t lsb = 0;
    for (uint32_t i = 0; i < o->num_in_fields; i++) {
      cr_assert_eq(o->in_fields[i].lsb, lsb, "input field %s", o->in_fields[i].name);
      lsb += o->in_fields[i].width;
    }
    cr_assert_eq(lsb, o->num_inputs);
    lsb = 0;
    for (uint32_t i = 0; i < o->num_out_fields; i++) {
      cr_assert_eq(o->out_fields[i].lsb, lsb, "output field %s", o->out_fields[i].name);
      lsb += o->out_fields[i].width;
    }
    cr_assert_eq(lsb, 1826);
    cr_assert_str_eq(o->in_fields[0].name, "x0");
    cr_assert_str_eq(o->in_fields[32].name, "mtvec");
    cr_assert_str_eq(o->in_fields[39].name, "mstatus");
    cr_assert_str_eq(o->in_fields[52].name, "misa");
    const char *tail[] = {"inst",
                          "pc",
                          "load_data",
                          "irq",
                          "inst_page_fault",
                          "load_page_fault",
                          "store_page_fault",
                          "priv",
                          "rs1_hint",
                          "rs2_hint",
                          "csr_hint"};
    for (uint32_t i = 53; i < o->num_in_fields; i++)
      cr_assert_str_eq(o->in_fields[i].name, tail[i - 53]);
    cr_assert_str_eq(o->out_fields[0].name, "x0_next");
    cr_assert_str_eq(o->out_fields[52].name, "misa_next");
    const char *otail[] = {"next_pc", "load_addr", "store_data", "store_addr", "next_priv"};
    for (uint32_t i = 53; i < 58; i++)
      cr_assert_str_eq(o->out_fields[i].name, otail[i - 53]);
    bsyn_oracle_close(o);
  }
}

Test(rv32ia_oracle, specs) {
  bsyn_diag d;
  bsyn_oracle *o = bsyn_oracle_open("rv32ia-priv", &d);
  cr_assert_not_null(o);
  cr_assert_eq(o->num_inputs, 1798);
  bsyn_oracle_close(o);
  o = bsyn_oracle_open("rv32ia-priv:hints", &d);
  cr_assert_not_null(o);
  cr_assert_eq(o->num_inputs, 1894);
  bsyn_oracle_close(o);
  cr_assert_null(bsyn_oracle_open("rv32ia-priv:hint", &d));
  cr_assert(strstr(d.msg, "expected a flag (hints) after 'rv32ia-priv:', found 'hint'"), "%s",
            d.msg);
  cr_assert_null(bsyn_oracle_open("rv32ia-priv:", &d));
  cr_assert(strstr(d.msg, "found end of spec"), "%s", d.msg);
}

/* Vector v's input: uniform bits in even tiles, the RV32IA sampler's mix in odd ones. */
static void test_vector(uint64_t seed, size_t v, int hints, bsyn_rv32ia_in *in) {
  if ((v / (64 * T)) % 2) {
    bsyn_rv32ia_random_in(bsyn_mix64(seed ^ v), hints, in);
    return;
  }
  uint64_t bits[IN_W];
  for (unsigned j = 0; j < IN_W; j++)
    bits[j] = bsyn_mix64(seed ^ (v * IN_W + j) ^ 0x1234);
  bsyn_rv32ia_unpack_in(bits, hints, in);
}

/* Packs 64 vectors' bit vectors (vec[v][j]) into rows of a tile at word w. */
static void scatter_vectors(uint64_t (*vec)[IN_W], uint32_t nrows, uint64_t *rows, unsigned w) {
  uint64_t m[64];
  for (unsigned j = 0; 64 * j < nrows; j++) {
    for (unsigned v = 0; v < 64; v++)
      m[v] = vec[v][j];
    unsigned n = nrows - 64 * j < 64 ? nrows - 64 * j : 64;
    bsyn_transpose64_scatter(m, rows + (size_t)64 * j * T + w, T, n);
  }
}

/* Output chunk j (64 rows) of the tile's word w, per vector. */
static void gather_chunk(const uint64_t *rows, unsigned w, unsigned j, uint64_t m[64]) {
  unsigned n = BSYN_RV32IA_NUM_OUTPUTS - 64 * j < 64 ? BSYN_RV32IA_NUM_OUTPUTS - 64 * j : 64;
  bsyn_transpose64_gather(rows + (size_t)64 * j * T + w, T, n, m);
}

/* Names the output bit b for failure messages. */
static const char *out_name(const bsyn_oracle *o, uint32_t b, uint32_t *bit) {
  for (uint32_t i = 0; i < o->num_out_fields; i++)
    if (b >= o->out_fields[i].lsb && b < o->out_fields[i].lsb + o->out_fields[i].width) {
      *bit = b - o->out_fields[i].lsb;
      return o->out_fields[i].name;
    }
  return "?";
}

typedef struct variant {
  const char *name;
  bsyn_rv32_tile_fn plain, hints;
  const char *cpu;
} variant;

static const variant variants[] = {
    {"generic", bsyn_rv32ia_tile_generic, bsyn_rv32ia_hints_tile_generic, NULL},
    {"avx2", bsyn_rv32ia_tile_avx2, bsyn_rv32ia_hints_tile_avx2, "avx2"},
    {"avx512", bsyn_rv32ia_tile_avx512, bsyn_rv32ia_hints_tile_avx512, "avx512"},
};

/* Runs tile on nvec vectors from seed and compares every output bit with the scalar step. */
static void check_tiles(const char *name, bsyn_rv32_tile_fn tile, int hints, uint64_t seed,
                        size_t nvec) {
  bsyn_oracle *o = bsyn_rv32ia_oracle(hints);
  uint32_t nin = o->num_inputs;
  uint64_t *in = bsyn_aligned_alloc(8 * T * (size_t)nin);
  uint64_t *out = bsyn_aligned_alloc(8 * T * (size_t)BSYN_RV32IA_NUM_OUTPUTS);
  uint64_t(*vec)[IN_W] = malloc(64 * sizeof *vec), (*got)[64] = malloc(OUT_W * sizeof *got);
  bsyn_rv32ia_in *x = malloc(64 * T * sizeof *x);
  for (size_t base = 0; base < nvec; base += 64 * T) {
    for (unsigned w = 0; w < T; w++) {
      for (unsigned v = 0; v < 64; v++) {
        test_vector(seed, base + 64 * w + v, hints, &x[64 * w + v]);
        bsyn_rv32ia_pack_in(&x[64 * w + v], vec[v]);
      }
      scatter_vectors(vec, nin, in, w);
    }
    tile(in, out);
    for (unsigned w = 0; w < T; w++) {
      for (unsigned j = 0; j < OUT_W; j++)
        gather_chunk(out, w, j, got[j]);
      for (unsigned v = 0; v < 64; v++) {
        bsyn_rv32ia_out r;
        uint64_t want[OUT_W];
        bsyn_rv32ia_step(&x[64 * w + v], &r);
        bsyn_rv32ia_pack_out(&r, want);
        for (unsigned j = 0; j < OUT_W; j++) {
          uint64_t diff = got[j][v] ^ want[j];
          if (!diff)
            continue;
          uint32_t b = 64 * j + (uint32_t)__builtin_ctzll(diff), fb;
          const char *f = out_name(o, b, &fb);
          cr_assert_fail("%s%s: seed %#llx vector %zu inst %#x priv %u: %s bit %u is %d", name,
                         hints ? " (hints)" : "", (unsigned long long)seed, base + 64 * w + v,
                         x[64 * w + v].inst, x[64 * w + v].priv, f, fb,
                         (int)(got[j][v] >> (b % 64) & 1));
        }
      }
    }
  }
  free(vec);
  free(got);
  free(x);
  bsyn_aligned_free(in);
  bsyn_aligned_free(out);
  bsyn_oracle_close(o);
}

Test(rv32ia_oracle, variants_equal_reference, .timeout = 300) {
  for (unsigned k = 0; k < sizeof variants / sizeof variants[0]; k++) {
    const variant *var = &variants[k];
    if (!bsyn_test_cpu_runs(var->cpu))
      continue;
    check_tiles(var->name, var->plain, 0, 0x1a5eed, VARIANT_VECTORS);
    check_tiles(var->name, var->hints, 1, 0x41175, VARIANT_VECTORS / 4);
  }
}

/* The oracle on a batch that is no multiple of its tile, filled by the sampler that
 * bsyn_sampler_rv32 picks for it, equals the scalar step on every vector. */
Test(rv32ia_oracle, batch_equals_scalar) {
  for (int hints = 0; hints < 2; hints++) {
    const size_t nw = 37;
    bsyn_oracle *o = bsyn_rv32ia_oracle(hints);
    bsyn_sampler *s = bsyn_sampler_rv32(o->num_inputs, o->in_fields, o->num_in_fields);
    cr_assert_not_null(s);
    uint64_t *in = malloc(8 * o->num_inputs * nw), *out = malloc(8 * o->num_outputs * nw);
    s->fill(s, 11 + hints, 0, nw, in, nw);
    bsyn_diag d;
    cr_assert_eq(bsyn_oracle_eval(o, in, out, nw, &d), 0);
    uint64_t lanes[64][IN_W], got[OUT_W][64];
    for (size_t w = 0; w < nw; w++) {
      for (unsigned j = 0; j < IN_W; j++) {
        uint64_t m[64] = {0};
        /* without hints the last words of a lane hold no input (1,798 of 30 * 64 bits) */
        uint32_t left = 64 * j < o->num_inputs ? o->num_inputs - 64 * j : 0;
        uint32_t nrows = left < 64 ? left : 64;
        if (nrows)
          bsyn_transpose64_gather(in + (size_t)64 * j * nw + w, nw, nrows, m);
        for (unsigned v = 0; v < 64; v++)
          lanes[v][j] = m[v];
      }
      for (unsigned j = 0; j < OUT_W; j++) {
        uint32_t left = 64 * j < o->num_outputs ? o->num_outputs - 64 * j : 0;
        uint32_t nrows = left < 64 ? left : 64;
        memset(got[j], 0, sizeof got[j]);
        if (nrows)
          bsyn_transpose64_gather(out + (size_t)64 * j * nw + w, nw, nrows, got[j]);
      }
      for (unsigned v = 0; v < 64; v++) {
        bsyn_rv32ia_in x;
        bsyn_rv32ia_out r;
        uint64_t want[OUT_W];
        bsyn_rv32ia_unpack_in(lanes[v], hints, &x);
        bsyn_rv32ia_step(&x, &r);
        bsyn_rv32ia_pack_out(&r, want);
        for (unsigned j = 0; j < OUT_W; j++)
          cr_assert_eq(got[j][v], want[j], "%s word %zu vector %u inst %#x: output bits %u..",
                       o->name, w, v, x.inst, 64 * j);
      }
    }
    free(in), free(out);
    bsyn_sampler_free(s);
    bsyn_oracle_close(o);
  }
}
