/* The rv32i-core and rv32i-full oracles: field layout, batch answers equal the scalar
 * reference step (through the oracle and for every bit-sliced kernel variant), answers do not
 * depend on how vectors are batched, and rv32i-full equals rv32i-core with the register file
 * read and written outside. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bsyn_oracle.h"
#include "bsyn_rv32.h"
#include "bsyn_rv32_oracle.h"
#include "bsyn_rv32_slice.h"
#include "bsyn_test.h"
#include "bsyn_transpose.h"
#include "bsyn_util.h"

/* Vectors compared between rv32i-full and rv32i-core, and between each bit-sliced kernel
 * variant and the scalar reference; sanitizer builds run about 3-5x slower, so they check
 * fewer. */
#ifndef BSYN_TEST_RV32_FULL_VECTORS
#if defined(__SANITIZE_ADDRESS__)
#define BSYN_TEST_RV32_FULL_VECTORS (1u << 18)
#define BSYN_TEST_RV32_VARIANT_VECTORS (1u << 16)
#else
#define BSYN_TEST_RV32_FULL_VECTORS (1u << 20)
#define BSYN_TEST_RV32_VARIANT_VECTORS (1u << 18)
#endif
#endif

typedef struct field_spec {
  const char *name;
  uint32_t width;
} field_spec;

static void check_fields(const bsyn_field *f, uint32_t n, const field_spec *want, uint32_t nwant,
                         uint32_t total) {
  cr_assert_eq(n, nwant, "%u fields, expected %u", n, nwant);
  uint32_t lsb = 0;
  for (uint32_t i = 0; i < n; i++) {
    cr_assert_str_eq(f[i].name, want[i].name);
    cr_assert_eq(f[i].lsb, lsb, "field %s at %u, expected %u", f[i].name, f[i].lsb, lsb);
    cr_assert_eq(f[i].width, want[i].width, "field %s width", f[i].name);
    lsb += f[i].width;
  }
  cr_assert_eq(lsb, total);
}

static const field_spec mem_fields[] = {{"mem_addr", 32}, {"mem_re", 1},     {"mem_we", 1},
                                        {"mem_wstrb", 4}, {"mem_wdata", 32}, {"trap", 1},
                                        {"cause", 4}};

Test(rv32_oracle, core_fields) {
  bsyn_oracle *o = bsyn_rv32_oracle_core();
  cr_assert_str_eq(o->name, "rv32i-core");
  cr_assert_eq(o->num_inputs, 160);
  cr_assert_eq(o->num_outputs, 155);
  cr_assert_eq(o->thread_safe, 1);
  field_spec in[] = {{"pc", 32}, {"inst", 32}, {"rs1_val", 32}, {"rs2_val", 32}, {"mem_rdata", 32}};
  check_fields(o->in_fields, o->num_in_fields, in, 5, 160);
  field_spec out[13] = {{"rs1_addr", 5}, {"rs2_addr", 5},  {"rd_we", 1},
                        {"rd_addr", 5},  {"rd_wdata", 32}, {"next_pc", 32}};
  memcpy(out + 6, mem_fields, sizeof mem_fields);
  check_fields(o->out_fields, o->num_out_fields, out, 13, 155);
  bsyn_oracle_close(o);
}

Test(rv32_oracle, full_fields) {
  bsyn_oracle *o = bsyn_rv32_oracle_full();
  cr_assert_str_eq(o->name, "rv32i-full");
  cr_assert_eq(o->num_inputs, 1088);
  cr_assert_eq(o->num_outputs, 1099);
  cr_assert_eq(o->thread_safe, 1);
  char names[64][16];
  field_spec in[34], out[39];
  for (unsigned k = 1; k < 32; k++) {
    snprintf(names[k], sizeof names[k], "x%u", k);
    snprintf(names[32 + k], sizeof names[32 + k], "x%u_next", k);
    in[k - 1] = (field_spec){names[k], 32};
    out[k - 1] = (field_spec){names[32 + k], 32};
  }
  in[31] = (field_spec){"pc", 32};
  in[32] = (field_spec){"inst", 32};
  in[33] = (field_spec){"mem_rdata", 32};
  out[31] = (field_spec){"next_pc", 32};
  memcpy(out + 32, mem_fields, sizeof mem_fields);
  check_fields(o->in_fields, o->num_in_fields, in, 34, 1088);
  check_fields(o->out_fields, o->num_out_fields, out, 39, 1099);
  bsyn_oracle_close(o);
}

/* Bit-by-bit access to bit-sliced rows: independent of the transposes under test. */
static void put(uint64_t *rows, size_t nwords, uint32_t lsb, uint32_t width, size_t v,
                uint32_t value) {
  for (uint32_t b = 0; b < width; b++) {
    uint64_t *w = &rows[(size_t)(lsb + b) * nwords + v / 64];
    *w = (*w & ~(1ull << (v % 64))) | (uint64_t)(value >> b & 1) << (v % 64);
  }
}

static uint32_t get(const uint64_t *rows, size_t nwords, uint32_t lsb, uint32_t width, size_t v) {
  uint32_t x = 0;
  for (uint32_t b = 0; b < width; b++)
    x |= (uint32_t)(rows[(size_t)(lsb + b) * nwords + v / 64] >> (v % 64) & 1) << b;
  return x;
}

/* Inputs of vector v: even words uniform noise, odd words ISA-aware (real encodings, operand
 * values often word aligned so that memory accesses and jumps go through). */
static bsyn_rv32_in core_vector(uint64_t seed, size_t v) {
  uint64_t r0 = bsyn_mix64(seed ^ (4 * v)), r1 = bsyn_mix64(seed ^ (4 * v + 1)),
           r2 = bsyn_mix64(seed ^ (4 * v + 2));
  bsyn_rv32_in in = {(uint32_t)r0, (uint32_t)(r0 >> 32), (uint32_t)r1, (uint32_t)(r1 >> 32),
                     (uint32_t)r2};
  if ((v / 64) % 2) {
    in.inst = bsyn_rv32_random_inst(bsyn_mix64(seed ^ (4 * v + 3)));
    if (r2 >> 62)
      in.rs1_val &= ~3u, in.pc &= ~3u;
    if ((r2 >> 60 & 3) == 0)
      in.rs2_val = in.rs1_val;
  }
  return in;
}

static const uint32_t core_out_lsb[] = {
    BSYN_RV32C_OUT_RS1_ADDR,  BSYN_RV32C_OUT_RS2_ADDR,  BSYN_RV32C_OUT_RD_WE,
    BSYN_RV32C_OUT_RD_ADDR,   BSYN_RV32C_OUT_RD_WDATA,  BSYN_RV32C_OUT_NEXT_PC,
    BSYN_RV32C_OUT_MEM_ADDR,  BSYN_RV32C_OUT_MEM_RE,    BSYN_RV32C_OUT_MEM_WE,
    BSYN_RV32C_OUT_MEM_WSTRB, BSYN_RV32C_OUT_MEM_WDATA, BSYN_RV32C_OUT_TRAP,
    BSYN_RV32C_OUT_CAUSE};
static const uint32_t core_out_width[] = {5, 5, 1, 5, 32, 32, 32, 1, 1, 4, 32, 1, 4};

static void out_values(const bsyn_rv32_out *o, uint32_t v[13]) {
  uint32_t x[13] = {o->rs1_addr,  o->rs2_addr, o->rd_we,  o->rd_addr, o->rd_wdata,
                    o->next_pc,   o->mem_addr, o->mem_re, o->mem_we,  o->mem_wstrb,
                    o->mem_wdata, o->trap,     o->cause};
  memcpy(v, x, sizeof x);
}

Test(rv32_oracle, core_batch_equals_scalar) {
  const uint64_t seed = 0xc0de;
  const size_t nwords = 203; /* not a multiple of the oracle's tile */
  bsyn_oracle *o = bsyn_rv32_oracle_core();
  uint64_t *in = calloc(160 * nwords, 8), *out = calloc(155 * nwords, 8);
  for (size_t v = 0; v < 64 * nwords; v++) {
    bsyn_rv32_in x = core_vector(seed, v);
    const uint32_t f[5] = {x.pc, x.inst, x.rs1_val, x.rs2_val, x.mem_rdata};
    for (unsigned k = 0; k < 5; k++)
      put(in, nwords, 32 * k, 32, v, f[k]);
  }
  bsyn_diag d;
  cr_assert_eq(bsyn_oracle_eval(o, in, out, nwords, &d), 0);
  size_t rd_x0 = 0, stores = 0;
  for (size_t v = 0; v < 64 * nwords; v++) {
    bsyn_rv32_in x = core_vector(seed, v);
    bsyn_rv32_out r;
    uint32_t want[13];
    bsyn_rv32_step(&x, &r);
    out_values(&r, want);
    for (unsigned k = 0; k < 13; k++) {
      uint32_t got = get(out, nwords, core_out_lsb[k], core_out_width[k], v);
      cr_assert_eq(got, want[k],
                   "seed %#llx vector %zu inst %#x output field %u: %#x, expected %#x",
                   (unsigned long long)seed, v, x.inst, k, got, want[k]);
    }
    if (r.rd_addr == 0) {
      rd_x0++;
      cr_assert_eq(r.rd_we, 0, "x0 written by inst %#x", x.inst);
    }
    stores += r.mem_we;
  }
  cr_assert_gt(rd_x0, 0);
  cr_assert_gt(stores, 64 * nwords / 100, "only %zu stores: the ISA-aware mix is not doing its job",
               stores);
  free(in);
  free(out);
  bsyn_oracle_close(o);
}

/* A vector's answer does not depend on its batch: one batch equals word-by-word batches. */
Test(rv32_oracle, answers_independent_of_batching) {
  bsyn_oracle *os[2] = {bsyn_rv32_oracle_core(), bsyn_rv32_oracle_full()};
  for (unsigned k = 0; k < 2; k++) {
    bsyn_oracle *o = os[k];
    const size_t nw = 11;
    uint64_t *in = malloc(8 * o->num_inputs * nw), *out = malloc(8 * o->num_outputs * nw);
    uint64_t *in1 = malloc(8 * o->num_inputs), *out1 = malloc(8 * o->num_outputs);
    for (size_t i = 0; i < o->num_inputs * nw; i++)
      in[i] = bsyn_mix64(i + 77 * k);
    bsyn_diag d;
    cr_assert_eq(bsyn_oracle_eval(o, in, out, nw, &d), 0);
    for (size_t w = 0; w < nw; w++) {
      for (size_t i = 0; i < o->num_inputs; i++)
        in1[i] = in[i * nw + w];
      cr_assert_eq(bsyn_oracle_eval(o, in1, out1, 1, &d), 0);
      for (size_t i = 0; i < o->num_outputs; i++)
        cr_assert_eq(out1[i], out[i * nw + w], "%s: word %zu output %zu", o->name, w, i);
    }
    free(in), free(out), free(in1), free(out1);
    bsyn_oracle_close(o);
  }
}

/* A random register file with uniform, small, aligned and repeated values (so branches go
 * both ways and memory accesses are often aligned), a pc, an ISA-aware instruction and a
 * memory word. */
static void random_state(uint64_t key, uint32_t x[32], uint32_t *pc, uint32_t *inst,
                         uint32_t *rdata) {
  x[0] = 0;
  for (unsigned k = 1; k < 32; k++) {
    uint64_t r = bsyn_mix64(key * 64 + k);
    switch (r >> 62) {
    case 0:
      x[k] = (uint32_t)r;
      break;
    case 1:
      x[k] = (uint32_t)r & 0x1ffc;
      break;
    case 2:
      x[k] = (uint32_t)(r >> 8) & 0xff;
      break;
    default:
      x[k] = x[(r >> 20) % k];
      break;
    }
  }
  uint64_t r = bsyn_mix64(key * 64 + 40);
  *pc = (uint32_t)r & (r >> 63 ? ~0u : ~3u);
  *inst = (r >> 58 & 15) ? bsyn_rv32_random_inst(bsyn_mix64(key * 64 + 41)) : (uint32_t)(r >> 32);
  *rdata = (uint32_t)bsyn_mix64(key * 64 + 42);
}

/* The full step equals the core step with reads and the write-back done by hand. */
Test(rv32_oracle, full_step_equals_core_step) {
  const uint64_t seed = 0xf00d;
  for (uint64_t i = 0; i < 200000; i++) {
    uint32_t x[32], nx[32], pc, inst, rdata;
    random_state(seed ^ i, x, &pc, &inst, &rdata);
    bsyn_rv32_in in = {pc, inst, x[inst >> 15 & 31], x[inst >> 20 & 31], rdata};
    bsyn_rv32_out oc, of;
    bsyn_rv32_step(&in, &oc);
    x[0] = 0xdeadbeef; /* never read */
    bsyn_rv32_full_step(x, pc, inst, rdata, nx, &of);
    cr_assert_eq(memcmp(&oc, &of, sizeof oc), 0, "seed %#llx vector %llu: outputs differ",
                 (unsigned long long)seed, (unsigned long long)i);
    cr_assert_eq(nx[0], 0, "x0 written");
    for (unsigned k = 1; k < 32; k++) {
      uint32_t want = oc.rd_we && oc.rd_addr == k ? oc.rd_wdata : x[k];
      cr_assert_eq(nx[k], want, "seed %#llx vector %llu: x%u", (unsigned long long)seed,
                   (unsigned long long)i, k);
    }
    bsyn_rv32_full_step(x, pc, inst, rdata, x, &of); /* in place */
    cr_assert_eq(memcmp(x + 1, nx + 1, 31 * sizeof *x), 0, "in-place update differs at vector %llu",
                 (unsigned long long)i);
  }
}

/* One word of 64 states, rows built with transposes (tested in test_transpose.c). */
typedef struct states {
  uint32_t x[64][32], pc[64], inst[64], rdata[64];
} states;

/* Scatters per-vector 32-bit fields f0 (low half) and f1 (high half) to 64 rows at rows[0]. */
static void scatter2(const uint32_t *f0, const uint32_t *f1, uint64_t *rows, size_t stride,
                     unsigned nrows) {
  uint64_t m[64];
  for (unsigned v = 0; v < 64; v++)
    m[v] = f0[v] | (uint64_t)(f1 ? f1[v] : 0) << 32;
  bsyn_transpose64_scatter(m, rows, stride, nrows);
}

static void gather_field(const uint64_t *rows, size_t stride, uint32_t lsb, uint32_t width,
                         uint32_t *f) {
  uint64_t m[64];
  bsyn_transpose64_gather(rows + (size_t)lsb * stride, stride, width, m);
  for (unsigned v = 0; v < 64; v++)
    f[v] = (uint32_t)m[v];
}

/* A kernel variant of bsyn_rv32_slice.h with its name and whether this CPU runs it. */
typedef struct variant {
  const char *name;
  bsyn_rv32_tile_fn core, full;
  const char *cpu; /* "avx2", "avx512" (F, BW and VL) or NULL = always */
} variant;

static const variant variants[] = {
    {"generic", bsyn_rv32_core_tile_generic, bsyn_rv32_full_tile_generic, NULL},
    {"avx2", bsyn_rv32_core_tile_avx2, bsyn_rv32_full_tile_avx2, "avx2"},
    {"avx512", bsyn_rv32_core_tile_avx512, bsyn_rv32_full_tile_avx512, "avx512"},
};

/* Every kernel variant this CPU runs answers rv32i-core like bsyn_rv32_step, vector by vector
 * (half uniform noise, half ISA-aware). */
Test(rv32_oracle, core_variants_equal_reference) {
  const uint64_t seed = 0x51ce;
  enum { T = BSYN_RV32_TILE };
  uint64_t *in = bsyn_aligned_alloc(8 * T * 160), *out = bsyn_aligned_alloc(8 * T * 155);
  for (unsigned k = 0; k < sizeof variants / sizeof variants[0]; k++) {
    const variant *var = &variants[k];
    if (!bsyn_test_cpu_runs(var->cpu))
      continue;
    for (size_t base = 0; base < BSYN_TEST_RV32_VARIANT_VECTORS; base += 64 * T) {
      bsyn_rv32_in x[T][64];
      for (unsigned w = 0; w < T; w++) {
        uint32_t f[5][64];
        for (unsigned v = 0; v < 64; v++) {
          x[w][v] = core_vector(seed, base + 64 * w + v);
          f[0][v] = x[w][v].pc, f[1][v] = x[w][v].inst, f[2][v] = x[w][v].rs1_val;
          f[3][v] = x[w][v].rs2_val, f[4][v] = x[w][v].mem_rdata;
        }
        scatter2(f[0], f[1], in + w, T, 64);
        scatter2(f[2], f[3], in + 64 * T + w, T, 64);
        scatter2(f[4], NULL, in + 128 * T + w, T, 32);
      }
      var->core(in, out);
      for (unsigned w = 0; w < T; w++) {
        uint32_t got[13][64];
        for (unsigned j = 0; j < 13; j++)
          gather_field(out + w, T, core_out_lsb[j], core_out_width[j], got[j]);
        for (unsigned v = 0; v < 64; v++) {
          bsyn_rv32_out r;
          uint32_t want[13];
          bsyn_rv32_step(&x[w][v], &r);
          out_values(&r, want);
          for (unsigned j = 0; j < 13; j++)
            cr_assert_eq(got[j][v], want[j],
                         "%s: seed %#llx vector %zu inst %#x field %u: %#x, expected %#x",
                         var->name, (unsigned long long)seed, base + 64 * w + v, x[w][v].inst, j,
                         got[j][v], want[j]);
        }
      }
    }
  }
  bsyn_aligned_free(in);
  bsyn_aligned_free(out);
}

/* Every kernel variant answers rv32i-full like bsyn_rv32_full_step. */
Test(rv32_oracle, full_variants_equal_reference) {
  const uint64_t seed = 0xf0115;
  enum { T = BSYN_RV32_TILE };
  uint64_t *in = bsyn_aligned_alloc(8 * T * 1088), *out = bsyn_aligned_alloc(8 * T * 1099);
  states *st = malloc(T * sizeof *st);
  for (unsigned k = 0; k < sizeof variants / sizeof variants[0]; k++) {
    const variant *var = &variants[k];
    if (!bsyn_test_cpu_runs(var->cpu))
      continue;
    for (size_t base = 0; base < BSYN_TEST_RV32_VARIANT_VECTORS / 8; base += 64 * T) {
      uint32_t xs[32][64];
      for (unsigned w = 0; w < T; w++) {
        states *s = &st[w];
        for (unsigned v = 0; v < 64; v++)
          random_state(seed ^ (base + 64 * w + v), s->x[v], &s->pc[v], &s->inst[v], &s->rdata[v]);
        for (unsigned r = 1; r < 32; r++)
          for (unsigned v = 0; v < 64; v++)
            xs[r][v] = s->x[v][r];
        for (unsigned r = 1; r < 32; r += 2)
          scatter2(xs[r], r < 31 ? xs[r + 1] : s->pc, in + 32 * (r - 1) * T + w, T, 64);
        scatter2(s->inst, s->rdata, in + BSYN_RV32F_IN_INST * T + w, T, 64);
      }
      var->full(in, out);
      for (unsigned w = 0; w < T; w++) {
        uint32_t got[39][64];
        for (unsigned j = 0; j < 32; j++) /* x1..x31 next, next_pc */
          gather_field(out + w, T, 32 * j, 32, got[j]);
        for (unsigned j = 0; j < 7; j++)
          gather_field(out + w, T,
                       BSYN_RV32F_OUT_MEM_ADDR + core_out_lsb[6 + j] - BSYN_RV32C_OUT_MEM_ADDR,
                       core_out_width[6 + j], got[32 + j]);
        for (unsigned v = 0; v < 64; v++) {
          uint32_t nx[32], want[13];
          bsyn_rv32_out r;
          bsyn_rv32_full_step(st[w].x[v], st[w].pc[v], st[w].inst[v], st[w].rdata[v], nx, &r);
          out_values(&r, want);
          for (unsigned j = 0; j < 39; j++) {
            uint32_t e = j < 31 ? nx[j + 1] : j == 31 ? r.next_pc : want[6 + j - 32];
            cr_assert_eq(got[j][v], e,
                         "%s: seed %#llx vector %zu inst %#x output field %u: %#x, expected %#x",
                         var->name, (unsigned long long)seed, base + 64 * w + v, st[w].inst[v], j,
                         got[j][v], e);
          }
        }
      }
    }
  }
  free(st);
  bsyn_aligned_free(in);
  bsyn_aligned_free(out);
}

Test(rv32_oracle, full_equals_core_with_register_file_outside, .timeout = 120) {
  const uint64_t seed = 0xbeef;
  enum { NW = 64 };
  bsyn_oracle *full = bsyn_rv32_oracle_full(), *core = bsyn_rv32_oracle_core();
  uint64_t *fin = malloc(8 * 1088 * NW), *fout = malloc(8 * 1099 * NW);
  uint64_t *cin = malloc(8 * 160 * NW), *cout = malloc(8 * 155 * NW);
  states *st = malloc(NW * sizeof *st);
  uint32_t col[64], xs[32][64];
  bsyn_diag d;
  size_t writes = 0;
  for (size_t base = 0; base < BSYN_TEST_RV32_FULL_VECTORS; base += 64 * NW) {
    for (size_t w = 0; w < NW; w++) {
      states *s = &st[w];
      for (unsigned v = 0; v < 64; v++)
        random_state(seed ^ (base + 64 * w + v), s->x[v], &s->pc[v], &s->inst[v], &s->rdata[v]);
      for (unsigned k = 1; k < 32; k++)
        for (unsigned v = 0; v < 64; v++)
          xs[k][v] = s->x[v][k];
      for (unsigned k = 1; k < 32; k += 2) /* x1|x2, x3|x4, .., x31|pc */
        scatter2(xs[k], k < 31 ? xs[k + 1] : s->pc, fin + 32 * (k - 1) * NW + w, NW, 64);
      scatter2(s->inst, s->rdata, fin + BSYN_RV32F_IN_INST * NW + w, NW, 64);
      /* rv32i-core's inputs with the register reads done here */
      uint32_t a[64], b[64];
      for (unsigned v = 0; v < 64; v++) {
        a[v] = s->x[v][s->inst[v] >> 15 & 31];
        b[v] = s->x[v][s->inst[v] >> 20 & 31];
      }
      scatter2(s->pc, s->inst, cin + w, NW, 64);
      scatter2(a, b, cin + 64 * NW + w, NW, 64);
      scatter2(s->rdata, NULL, cin + 128 * NW + w, NW, 32);
    }
    cr_assert_eq(bsyn_oracle_eval(full, fin, fout, NW, &d), 0);
    cr_assert_eq(bsyn_oracle_eval(core, cin, cout, NW, &d), 0);
    for (size_t w = 0; w < NW; w++) {
      uint32_t we[64], rd[64], wdata[64];
      gather_field(cout + w, NW, BSYN_RV32C_OUT_RD_WE, 1, we);
      gather_field(cout + w, NW, BSYN_RV32C_OUT_RD_ADDR, 5, rd);
      gather_field(cout + w, NW, BSYN_RV32C_OUT_RD_WDATA, 32, wdata);
      for (unsigned k = 1; k < 32; k++) {
        gather_field(fout + w, NW, 32 * (k - 1), 32, col);
        for (unsigned v = 0; v < 64; v++) {
          uint32_t want = we[v] && rd[v] == k ? wdata[v] : st[w].x[v][k];
          cr_assert_eq(col[v], want, "seed %#llx vector %zu inst %#x: x%u_next %#x, expected %#x",
                       (unsigned long long)seed, base + 64 * w + v, st[w].inst[v], k, col[v], want);
        }
      }
      for (unsigned v = 0; v < 64; v++)
        writes += we[v];
      /* next_pc and everything after it: the same rows in both oracles */
      for (unsigned b = 0; b < 32 + 75; b++)
        cr_assert_eq(fout[(BSYN_RV32F_OUT_NEXT_PC + b) * NW + w],
                     cout[(BSYN_RV32C_OUT_NEXT_PC + b) * NW + w],
                     "seed %#llx word %zu: output bit %u after next_pc differs",
                     (unsigned long long)seed, base / 64 + w, b);
    }
  }
  cr_assert_gt(writes, BSYN_TEST_RV32_FULL_VECTORS / 4, "only %zu register writes", writes);
  free(fin), free(fout), free(cin), free(cout), free(st);
  bsyn_oracle_close(full);
  bsyn_oracle_close(core);
}
