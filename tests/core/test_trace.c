#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bsyn_rv32.h"
#include "bsyn_test.h"
#include "bsyn_trace.h"
#include "bsyn_util.h"

static void add_field(bsyn_field **f, uint32_t *n, const char *name, uint32_t lsb, uint32_t width) {
  *f = bsyn_realloc(*f, (*n + 1) * sizeof **f);
  (*f)[*n].name = bsyn_strdup(name);
  (*f)[*n].lsb = lsb;
  (*f)[*n].width = width;
  ++*n;
}

/* A random trace of count vectors; the tail bits of the last word are zero. */
static bsyn_trace *random_trace(bsyn_rng *rng, size_t count) {
  bsyn_trace *t = bsyn_calloc(1, sizeof *t);
  t->oracle = bsyn_strdup("arith:add7");
  t->num_inputs = 1 + (uint32_t)(bsyn_rng_next(rng) % 300);
  t->num_outputs = 1 + (uint32_t)(bsyn_rng_next(rng) % 200);
  add_field(&t->in_fields, &t->num_in_fields, "a", 0, t->num_inputs);
  if (t->num_outputs > 3) {
    add_field(&t->out_fields, &t->num_out_fields, "lo", 0, 3);
    add_field(&t->out_fields, &t->num_out_fields, "rest_of_it", 3, t->num_outputs - 3);
  }
  t->num_vectors = count;
  t->nwords = (count + 63) / 64;
  t->in = bsyn_aligned_alloc(t->num_inputs * t->nwords * 8 + 8);
  t->out = bsyn_aligned_alloc(t->num_outputs * t->nwords * 8 + 8);
  uint64_t tail = count % 64 ? ~(~0ull << (count % 64)) : ~0ull;
  for (size_t w = 0; w < t->nwords; w++) {
    uint64_t mask = w + 1 == t->nwords ? tail : ~0ull;
    for (uint32_t i = 0; i < t->num_inputs; i++)
      t->in[i * t->nwords + w] = bsyn_rng_next(rng) & mask;
    for (uint32_t o = 0; o < t->num_outputs; o++)
      t->out[o * t->nwords + w] = bsyn_rng_next(rng) & mask;
  }
  return t;
}

static void assert_same(const bsyn_trace *a, const bsyn_trace *b, uint64_t seed) {
  cr_assert_str_eq(a->oracle, b->oracle, "seed %llu", (unsigned long long)seed);
  cr_assert_eq(a->num_inputs, b->num_inputs, "seed %llu", (unsigned long long)seed);
  cr_assert_eq(a->num_outputs, b->num_outputs, "seed %llu", (unsigned long long)seed);
  cr_assert_eq(a->num_vectors, b->num_vectors, "seed %llu", (unsigned long long)seed);
  cr_assert_eq(a->nwords, b->nwords);
  cr_assert_eq(a->num_in_fields, b->num_in_fields);
  cr_assert_eq(a->num_out_fields, b->num_out_fields);
  for (uint32_t f = 0; f < a->num_out_fields; f++) {
    cr_assert_str_eq(a->out_fields[f].name, b->out_fields[f].name);
    cr_assert_eq(a->out_fields[f].lsb, b->out_fields[f].lsb);
    cr_assert_eq(a->out_fields[f].width, b->out_fields[f].width);
  }
  if (a->nwords) {
    cr_assert_eq(memcmp(a->in, b->in, a->num_inputs * a->nwords * 8), 0, "seed %llu",
                 (unsigned long long)seed);
    cr_assert_eq(memcmp(a->out, b->out, a->num_outputs * a->nwords * 8), 0, "seed %llu",
                 (unsigned long long)seed);
  }
}

Test(trace, round_trip) {
  static const size_t counts[] = {0, 1, 63, 64, 65, 1000};
  for (size_t k = 0; k < sizeof counts / sizeof counts[0]; k++) {
    uint64_t seed = 0x7ace0000 + k;
    bsyn_rng rng;
    bsyn_rng_seed(&rng, seed);
    bsyn_trace *t = random_trace(&rng, counts[k]), *back;
    const char *path = bsyn_test_tmpfile("round.trace");
    bsyn_diag d;
    bsyn_diag_init(&d, path);
    cr_assert_eq(bsyn_trace_write(path, t, &d), 0, "%s", d.msg);
    cr_assert_eq(bsyn_trace_read(path, &back, &d), 0, "seed %llu: %s", (unsigned long long)seed,
                 d.msg);
    assert_same(t, back, seed);
    bsyn_trace_free(t);
    bsyn_trace_free(back);
  }
}

/* The streaming writer gives the same file as one whole write. */
Test(trace, streaming_writer) {
  uint64_t seed = 0x57ea;
  bsyn_rng rng;
  bsyn_rng_seed(&rng, seed);
  bsyn_trace *t = random_trace(&rng, 64 * 3 + 5), *back;
  const char *path = bsyn_test_tmpfile("stream.trace");
  bsyn_diag d;
  bsyn_diag_init(&d, path);
  bsyn_trace_writer *w = bsyn_trace_writer_open(path, t, &d);
  cr_assert_not_null(w, "%s", d.msg);
  /* the first 128 vectors as rows of stride 2, then 64, then the 5 left */
  size_t nw = t->nwords;
  uint64_t *in = bsyn_calloc(t->num_inputs * 2, 8), *out = bsyn_calloc(t->num_outputs * 2, 8);
  for (uint32_t i = 0; i < t->num_inputs; i++)
    in[i * 2] = t->in[i * nw], in[i * 2 + 1] = t->in[i * nw + 1];
  for (uint32_t o = 0; o < t->num_outputs; o++)
    out[o * 2] = t->out[o * nw], out[o * 2 + 1] = t->out[o * nw + 1];
  cr_assert_eq(bsyn_trace_writer_add(w, in, out, 2, 128, &d), 0);
  for (size_t word = 2; word < 4; word++) {
    for (uint32_t i = 0; i < t->num_inputs; i++)
      in[i] = t->in[i * nw + word];
    for (uint32_t o = 0; o < t->num_outputs; o++)
      out[o] = t->out[o * nw + word];
    cr_assert_eq(bsyn_trace_writer_add(w, in, out, 1, word == 2 ? 64 : 5, &d), 0);
  }
  cr_assert_eq(bsyn_trace_writer_close(w, &d), 0, "%s", d.msg);
  cr_assert_eq(bsyn_trace_read(path, &back, &d), 0, "%s", d.msg);
  assert_same(t, back, seed);
  free(in);
  free(out);
  bsyn_trace_free(t);
  bsyn_trace_free(back);
}

static int bit_of(const uint64_t *rows, size_t nwords, uint32_t r, size_t v) {
  return (int)(rows[(size_t)r * nwords + v / 64] >> (v % 64) & 1);
}

/* Joined traces hold every vector of the parts in order, whatever their counts; a part of
 * another layout is refused with its name. */
Test(trace, join_concatenates_vectors) {
  static const size_t counts[] = {65, 0, 1, 63, 64, 130, 7};
  enum { N = sizeof counts / sizeof counts[0] };
  bsyn_rng rng;
  bsyn_rng_seed(&rng, 0x701);
  bsyn_trace *parts[N];
  const char *paths[N];
  char names[N][16];
  parts[0] = random_trace(&rng, counts[0]);
  size_t total = 0;
  for (size_t k = 0; k < N; k++) {
    if (k) { /* the first one's layout, other vectors */
      bsyn_rng r2;
      bsyn_rng_seed(&r2, 0x701);
      parts[k] = random_trace(&r2, counts[k]);
      for (size_t i = 0; i < parts[k]->num_inputs * parts[k]->nwords; i++)
        parts[k]->in[i] = ~parts[k]->in[i] & bsyn_rng_next(&rng);
      for (size_t w = 0; counts[k] % 64 && w < parts[k]->num_inputs; w++)
        parts[k]->in[w * parts[k]->nwords + parts[k]->nwords - 1] &= ~(~0ull << (counts[k] % 64));
    }
    snprintf(names[k], sizeof names[k], "part%zu.trace", k);
    paths[k] = bsyn_strdup(bsyn_test_tmpfile(names[k]));
    bsyn_diag d;
    bsyn_diag_init(&d, paths[k]);
    cr_assert_eq(bsyn_trace_write(paths[k], parts[k], &d), 0, "%s", d.msg);
    total += counts[k];
  }
  const char *out = bsyn_test_tmpfile("joined.trace");
  bsyn_diag d;
  size_t n = 0;
  cr_assert_eq(bsyn_trace_join(out, paths, N, &n, &d), 0, "%s", d.msg);
  cr_assert_eq(n, total);
  bsyn_trace *j;
  cr_assert_eq(bsyn_trace_read(out, &j, &d), 0, "%s", d.msg);
  cr_assert_eq(j->num_vectors, total);
  size_t base = 0;
  for (size_t k = 0; k < N; k++) {
    const bsyn_trace *p = parts[k];
    for (size_t v = 0; v < p->num_vectors; v++) {
      for (uint32_t r = 0; r < p->num_inputs; r++)
        cr_assert_eq(bit_of(j->in, j->nwords, r, base + v), bit_of(p->in, p->nwords, r, v),
                     "part %zu vector %zu input %u", k, v, r);
      for (uint32_t r = 0; r < p->num_outputs; r++)
        cr_assert_eq(bit_of(j->out, j->nwords, r, base + v), bit_of(p->out, p->nwords, r, v),
                     "part %zu vector %zu output %u", k, v, r);
    }
    base += p->num_vectors;
  }
  bsyn_trace_free(j);
  /* a part of another oracle */
  free((char *)parts[1]->oracle);
  parts[1]->oracle = bsyn_strdup("arith:add8");
  cr_assert_eq(bsyn_trace_write(paths[1], parts[1], &d), 0, "%s", d.msg);
  cr_assert_eq(bsyn_trace_join(out, paths, N, &n, &d), -1);
  cr_assert_str_eq(d.path, paths[1]);
  cr_assert(strstr(d.msg, "found one of arith:add8 with"), "%s", d.msg);
  for (size_t k = 0; k < N; k++) {
    bsyn_trace_free(parts[k]);
    free((char *)paths[k]);
  }
}

Test(trace, bad_files_name_their_defect) {
  static const struct {
    const char *file, *msg;
  } cases[] = {
      {"not_trace.trace",
       "expected a bsyn trace (magic \"BSYNTRAC\") at byte 0, found other bytes"},
      {"bad_version.trace", "expected trace format version 1 at byte 8, found 2"},
      {"bad_header_size.trace",
       "expected a header size that is a multiple of 8 in 44..16777216 at byte 12, found 45"},
      {"truncated_header.trace", "expected a header of 80 bytes, found the end of the file"},
      {"zero_inputs.trace", "expected 1..16777216 inputs and outputs at byte 24, found 0 and 2"},
      {"field_outside.trace", "expected input field 0 inside 5 bits at byte 47, found bits 3..6"},
      {"empty_field_name.trace",
       "expected a field name of 1..4096 bytes at byte 55, found length 0"},
      {"header_padding.trace", "expected zero padding at byte 73, found 0x01"},
      {"truncated_data.trace",
       "expected 192 bytes for 100 vectors, found a file of 136 bytes (truncated)"},
      {"extra_data.trace", "expected the end of the file at byte 136, found 8 more bytes"},
      {"padding_bits.trace",
       "expected zero bits past vector 3 at byte 80, found 0x0000000000000009"},
      {"too_many_fields.trace",
       "expected at most 2 fields in the 33 header bytes after byte 47, found 1048577"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    char path[1024];
    snprintf(path, sizeof path, "%s", bsyn_test_data("bad/trace/"));
    strncat(path, cases[i].file, sizeof path - strlen(path) - 1);
    bsyn_trace *t;
    bsyn_diag d;
    bsyn_diag_init(&d, path);
    cr_assert_eq(bsyn_trace_read(path, &t, &d), -1, "%s accepted", cases[i].file);
    cr_assert_null(t);
    cr_assert_str_eq(d.msg, cases[i].msg, "%s", cases[i].file);
  }
}

/* ---- traces recorded from programs ---- */

static uint32_t field_value(const bsyn_field *f, uint32_t nf, const uint64_t *rows, size_t nwords,
                            const char *name, size_t v) {
  for (uint32_t k = 0; k < nf; k++)
    if (!strcmp(f[k].name, name)) {
      uint32_t x = 0;
      for (uint32_t b = 0; b < f[k].width; b++)
        x |= (uint32_t)(rows[(f[k].lsb + b) * nwords + v / 64] >> (v % 64) & 1) << b;
      return x;
    }
  cr_assert_fail("no field %s", name);
  return 0;
}
#define IN(t, name, v)                                                                             \
  field_value((t)->in_fields, (t)->num_in_fields, (t)->in, (t)->nwords, name, v)
#define OUT(t, name, v)                                                                            \
  field_value((t)->out_fields, (t)->num_out_fields, (t)->out, (t)->nwords, name, v)

static bsyn_trace *record(const char *program, const char *oracle, size_t *steps) {
  char elf[1024], cmd[4096], *out;
  snprintf(elf, sizeof elf, "%s/programs/%s.elf", BSYN_BUILD_DIR, program);
  if (access(elf, R_OK) != 0)
    cr_skip("%s not built (riscv64-unknown-elf-gcc missing)", elf);
  const char *path = bsyn_test_tmpfile(oracle);
  snprintf(cmd, sizeof cmd, "'%s' trace '%s' --oracle %s -o '%s' >/dev/null", bsyn_test_exe(), elf,
           oracle, path);
  cr_assert_eq(bsyn_test_run(cmd, &out), 0, "%s", out);
  free(out);
  snprintf(cmd, sizeof cmd, "'%s' run --ref --trace-stats '%s' >/dev/null", bsyn_test_exe(), elf);
  cr_assert_eq(bsyn_test_run(cmd, &out), 0, "%s", out);
  char *p = strstr(out, ".elf: ");
  cr_assert_not_null(p, "%s", out);
  *steps = strtoull(p + 6, NULL, 10);
  free(out);
  bsyn_trace *t;
  bsyn_diag d;
  bsyn_diag_init(&d, path);
  cr_assert_eq(bsyn_trace_read(path, &t, &d), 0, "%s", d.msg);
  cr_assert_str_eq(t->oracle, oracle);
  return t;
}

static void assert_mem_outputs(const bsyn_trace *t, size_t v, const bsyn_rv32_out *o) {
  cr_assert_eq(OUT(t, "next_pc", v), o->next_pc, "vector %zu", v);
  cr_assert_eq(OUT(t, "mem_addr", v), o->mem_addr, "vector %zu", v);
  cr_assert_eq(OUT(t, "mem_re", v), o->mem_re, "vector %zu", v);
  cr_assert_eq(OUT(t, "mem_we", v), o->mem_we, "vector %zu", v);
  cr_assert_eq(OUT(t, "mem_wstrb", v), o->mem_wstrb, "vector %zu", v);
  cr_assert_eq(OUT(t, "mem_wdata", v), o->mem_wdata, "vector %zu", v);
  cr_assert_eq(OUT(t, "trap", v), o->trap, "vector %zu", v);
  cr_assert_eq(OUT(t, "cause", v), o->cause, "vector %zu", v);
}

/* Every recorded answer is bsyn_rv32_step's on the recorded input, and consecutive vectors
 * chain: the next pc is this step's next_pc (pc + 4 after an ecall). */
Test(trace, rv32i_core_answers_match_the_model, .timeout = 60) {
  size_t steps = 0;
  bsyn_trace *t = record("printf", "rv32i-core", &steps);
  cr_assert_eq(t->num_inputs, 160);
  cr_assert_eq(t->num_vectors, steps, "one vector per executed instruction");
  size_t loads = 0, stores = 0;
  for (size_t v = 0; v < t->num_vectors; v++) {
    bsyn_rv32_in in = {IN(t, "pc", v), IN(t, "inst", v), IN(t, "rs1_val", v), IN(t, "rs2_val", v),
                       IN(t, "mem_rdata", v)};
    bsyn_rv32_out o;
    bsyn_rv32_step(&in, &o);
    cr_assert_eq(OUT(t, "rs1_addr", v), o.rs1_addr, "vector %zu", v);
    cr_assert_eq(OUT(t, "rs2_addr", v), o.rs2_addr, "vector %zu", v);
    cr_assert_eq(OUT(t, "rd_we", v), o.rd_we, "vector %zu", v);
    cr_assert_eq(OUT(t, "rd_addr", v), o.rd_addr, "vector %zu", v);
    cr_assert_eq(OUT(t, "rd_wdata", v), o.rd_wdata, "vector %zu", v);
    assert_mem_outputs(t, v, &o);
    if (!o.mem_re)
      cr_assert_eq(in.mem_rdata, 0, "mem_rdata is 0 without a read");
    loads += o.mem_re;
    stores += o.mem_we;
    if (v + 1 < t->num_vectors)
      cr_assert_eq(IN(t, "pc", v + 1), o.trap ? in.pc + 4 : o.next_pc, "vector %zu", v);
  }
  cr_assert_gt(loads, 100);
  cr_assert_gt(stores, 100);
  bsyn_trace_free(t);
}

/* rv32i-full: the answers are bsyn_rv32_full_step's, and the register file of each vector is
 * the previous vector's next register file. */
Test(trace, rv32i_full_answers_and_register_file_chain, .timeout = 60) {
  size_t steps = 0;
  bsyn_trace *t = record("printf", "rv32i-full", &steps);
  cr_assert_eq(t->num_inputs, 1088);
  cr_assert_eq(t->num_vectors, steps);
  uint32_t prev_next[32] = {0}, prev_pc = 0;
  int prev_ecall = 0;
  for (size_t v = 0; v < t->num_vectors; v++) {
    uint32_t x[32] = {0}, nx[32];
    char name[16];
    for (int k = 1; k < 32; k++) {
      snprintf(name, sizeof name, "x%d", k);
      x[k] = IN(t, name, v);
    }
    bsyn_rv32_out o;
    uint32_t pc = IN(t, "pc", v);
    bsyn_rv32_full_step(x, pc, IN(t, "inst", v), IN(t, "mem_rdata", v), nx, &o);
    for (int k = 1; k < 32; k++) {
      snprintf(name, sizeof name, "x%d_next", k);
      cr_assert_eq(OUT(t, name, v), nx[k], "vector %zu %s", v, name);
      /* an ecall's result (a0) comes from the runner, not from the step */
      if (v > 0 && !(prev_ecall && k == 10))
        cr_assert_eq(x[k], prev_next[k], "vector %zu: x%d does not continue the previous step", v,
                     k);
    }
    if (v > 0)
      cr_assert_eq(pc, prev_pc, "vector %zu", v);
    assert_mem_outputs(t, v, &o);
    memcpy(prev_next, nx, sizeof nx);
    prev_ecall = o.trap && o.cause == BSYN_RV32_CAUSE_ECALL;
    prev_pc = prev_ecall ? pc + 4 : o.next_pc;
  }
  bsyn_trace_free(t);
}
