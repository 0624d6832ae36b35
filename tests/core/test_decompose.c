/* Tests of bsyn_decompose: the register-read selection of rv32i-full found from queries
 * alone, the composition of the two stages against the oracle, the reduced oracle against
 * rv32i-core (an independent model of the same core), and the error path. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bsyn_decompose.h"
#include "bsyn_learn_sample.h"
#include "bsyn_oracle.h"
#include "bsyn_sample_rv32.h"
#include "bsyn_util.h"

static const bsyn_field *field(const bsyn_oracle *o, int is_output, const char *name) {
  const bsyn_field *f = is_output ? o->out_fields : o->in_fields;
  uint32_t n = is_output ? o->num_out_fields : o->num_in_fields;
  for (uint32_t j = 0; j < n; j++)
    if (strcmp(f[j].name, name) == 0)
      return &f[j];
  return NULL;
}

static bsyn_oracle *full;
static bsyn_selection sel;

static void setup(void) {
  bsyn_diag d;
  bsyn_diag_init(&d, "test");
  full = bsyn_oracle_open("rv32i-full", &d);
  cr_assert_not_null(full);
  cr_assert_eq(bsyn_decompose_find(full, 1024, 1, &sel, &d), 0, "%s", d.msg);
}

static void teardown(void) {
  bsyn_selection_free(&sel);
  bsyn_oracle_close(full);
}

Test(decompose, finds_the_register_ports, .init = setup, .fini = teardown) {
  uint32_t inst = field(full, 0, "inst")->lsb;
  cr_assert_eq(sel.width, 32);
  cr_assert_eq(sel.sel_width, 5);
  cr_assert_eq(sel.num_reads, 2);
  cr_assert_eq(sel.read_lsb[0], inst + 15, "first read window at bit %u", sel.read_lsb[0]);
  cr_assert_eq(sel.read_lsb[1], inst + 20, "second read window at bit %u", sel.read_lsb[1]);
  cr_assert_eq(sel.write_lsb, (int32_t)(inst + 7));
  cr_assert_eq(sel.num_blocks, 31, "%u blocks", sel.num_blocks);
  for (uint32_t b = 0; b < sel.num_blocks; b++) { /* x<k> has code k */
    char name[8];
    snprintf(name, sizeof name, "x%u", sel.block_code[b]);
    cr_assert_eq(field(full, 0, name)->lsb, sel.block_lsb[b], "block %u", b);
  }
  uint32_t npass = 0;
  for (uint32_t q = 0; q < full->num_outputs; q++)
    if (sel.pass_block[q] >= 0) { /* x<k>_next[i] follows x<k>[i] */
      npass++;
      cr_assert_eq(q, sel.block_lsb[sel.pass_block[q]] + sel.pass_bit[q], "output %u", q);
    }
  cr_assert_eq(npass, 992);
  cr_assert_eq(sel.read_unexplained, 0);
  cr_assert_eq(sel.write_unexplained, 0);
}

static void check_composition(bsyn_sampler *s) {
  size_t nwords = 256;
  uint64_t *in = bsyn_malloc((size_t)full->num_inputs * nwords * sizeof *in);
  uint64_t *mis = bsyn_calloc(full->num_outputs, sizeof *mis);
  s->fill(s, 7, 0, nwords, in, nwords);
  bsyn_diag d;
  bsyn_diag_init(&d, "test");
  int64_t bad = bsyn_decompose_check(full, &sel, in, nwords, mis, &d);
  cr_assert_eq(bad, 0, "%lld of %zu vectors differ (sampler %s)", (long long)bad, nwords * 64, s->kind);
  free(in), free(mis);
  bsyn_sampler_free(s);
}

Test(decompose, composition_equals_the_oracle, .init = setup, .fini = teardown) {
  check_composition(bsyn_sampler_uniform(full->num_inputs));
  check_composition(bsyn_sampler_rv32(full->num_inputs, full->in_fields, full->num_in_fields));
}

/* rs_val = 0 where the register field is x0; rs2_val = rs1_val where the fields are equal. */
static void make_consistent(uint64_t *rows, const bsyn_oracle *core, size_t nw) {
  const uint64_t *inst = rows + (size_t)field(core, 0, "inst")->lsb * nw;
  uint64_t *v1 = rows + (size_t)field(core, 0, "rs1_val")->lsb * nw;
  uint64_t *v2 = rows + (size_t)field(core, 0, "rs2_val")->lsb * nw;
  for (size_t k = 0; k < nw; k++) {
    uint64_t z1 = ~0ull, z2 = ~0ull, eq = ~0ull;
    for (int j = 0; j < 5; j++) {
      z1 &= ~inst[(size_t)(15 + j) * nw + k];
      z2 &= ~inst[(size_t)(20 + j) * nw + k];
      eq &= ~(inst[(size_t)(15 + j) * nw + k] ^ inst[(size_t)(20 + j) * nw + k]);
    }
    for (int i = 0; i < 32; i++) {
      v1[(size_t)i * nw + k] &= ~z1;
      v2[(size_t)i * nw + k] &= ~z2;
      v2[(size_t)i * nw + k] = (v2[(size_t)i * nw + k] & ~eq) | (v1[(size_t)i * nw + k] & eq);
    }
  }
}

static void copy_field(const bsyn_oracle *a, const char *an, const uint64_t *arows, const bsyn_oracle *b,
                       const char *bn, uint64_t *brows, int outputs, size_t nw) {
  const bsyn_field *fa = field(a, outputs, an), *fb = field(b, outputs, bn);
  cr_assert(fa && fb && fa->width == fb->width, "fields %s and %s", an, bn);
  memcpy(brows + (size_t)fb->lsb * nw, arows + (size_t)fa->lsb * nw, (size_t)fa->width * nw * sizeof *brows);
}

Test(decompose, reduced_oracle_is_the_core, .init = setup, .fini = teardown) {
  bsyn_diag d;
  bsyn_diag_init(&d, "test");
  bsyn_oracle *core = bsyn_oracle_open("rv32i-core", &d);
  bsyn_oracle *red = bsyn_decompose_reduced(full, &sel, &d);
  cr_assert(core && red);
  cr_assert_eq(red->num_inputs, 160);
  size_t nw = 256;
  uint64_t *cin = bsyn_malloc((size_t)core->num_inputs * nw * sizeof *cin);
  uint64_t *cout = bsyn_malloc((size_t)core->num_outputs * nw * sizeof *cout);
  uint64_t *rin = bsyn_calloc((size_t)red->num_inputs * nw, sizeof *rin);
  uint64_t *rout = bsyn_malloc((size_t)red->num_outputs * nw * sizeof *rout);
  bsyn_sampler *s = bsyn_sampler_rv32(core->num_inputs, core->in_fields, core->num_in_fields);
  s->fill(s, 3, 0, nw, cin, nw);
  make_consistent(cin, core, nw);
  static const char *same[] = {"pc", "inst", "mem_rdata"};
  for (int j = 0; j < 3; j++)
    copy_field(core, same[j], cin, red, same[j], rin, 0, nw);
  copy_field(core, "rs1_val", cin, red, "rd1_val", rin, 0, nw);
  copy_field(core, "rs2_val", cin, red, "rd2_val", rin, 0, nw);
  cr_assert_eq(bsyn_oracle_eval(core, cin, cout, nw, &d), 0);
  cr_assert_eq(bsyn_oracle_eval(red, rin, rout, nw, &d), 0);
  static const char *outs[] = {"next_pc", "mem_addr", "mem_re", "mem_we", "mem_wstrb", "mem_wdata", "trap", "cause"};
  for (int j = 0; j < 8; j++) {
    const bsyn_field *fc = field(core, 1, outs[j]), *fr = field(red, 1, outs[j]);
    cr_assert(fc && fr, "output %s", outs[j]);
    cr_assert_eq(memcmp(cout + (size_t)fc->lsb * nw, rout + (size_t)fr->lsb * nw, (size_t)fc->width * nw * 8), 0,
                 "%s differs", outs[j]);
  }
  /* a write the core makes with a new value is a write of the reduced oracle, same data */
  const bsyn_field *we = field(core, 1, "rd_we"), *wd = field(core, 1, "rd_wdata");
  const bsyn_field *en = field(red, 1, "wr_en"), *data = field(red, 1, "wr_data");
  cr_assert(we && wd && en && data);
  for (size_t k = 0; k < nw; k++) {
    uint64_t m = cout[(size_t)we->lsb * nw + k] & rout[(size_t)en->lsb * nw + k];
    cr_assert_eq(rout[(size_t)en->lsb * nw + k] & ~cout[(size_t)we->lsb * nw + k], 0, "write without rd_we");
    for (uint32_t i = 0; i < 32; i++)
      cr_assert_eq((cout[(size_t)(wd->lsb + i) * nw + k] ^ rout[(size_t)(data->lsb + i) * nw + k]) & m, 0,
                   "rd_wdata bit %u", i);
  }
  bsyn_sampler_free(s);
  free(cin), free(cout), free(rin), free(rout);
  bsyn_oracle_close(red);
  bsyn_oracle_close(core);
}

Test(decompose, selector_is_a_read_port, .init = setup, .fini = teardown) {
  bsyn_oracle *p = bsyn_decompose_selector(&sel, 1);
  cr_assert_eq(p->num_inputs, 31 * 32 + 5);
  size_t nw = 4;
  uint64_t *in = bsyn_malloc((size_t)p->num_inputs * nw * sizeof *in);
  uint64_t *out = bsyn_malloc(32 * nw * sizeof *out);
  for (uint32_t i = 0; i < p->num_inputs; i++)
    for (size_t k = 0; k < nw; k++)
      in[i * nw + k] = bsyn_sample_uniform_word(5, i, k);
  bsyn_diag d;
  bsyn_diag_init(&d, "test");
  cr_assert_eq(bsyn_oracle_eval(p, in, out, nw, &d), 0);
  for (size_t v = 0; v < nw * 64; v++) {
    uint32_t s = 0;
    for (uint32_t j = 0; j < 5; j++)
      s |= (uint32_t)((in[(31 * 32 + j) * nw + v / 64] >> (v % 64)) & 1) << j;
    for (uint32_t i = 0; i < 32; i++) {
      int want = 0;
      for (uint32_t b = 0; b < 31; b++)
        if (sel.block_code[b] == s)
          want = (int)((in[(b * 32 + i) * nw + v / 64] >> (v % 64)) & 1);
      cr_assert_eq((int)((out[i * nw + v / 64] >> (v % 64)) & 1), want, "vector %zu bit %u", v, i);
    }
  }
  free(in), free(out);
  bsyn_oracle_close(p);
}

Test(decompose, no_selection_in_an_adder) {
  bsyn_diag d;
  bsyn_diag_init(&d, "test");
  bsyn_oracle *o = bsyn_oracle_open("arith:add32", &d);
  cr_assert_not_null(o);
  bsyn_selection s;
  cr_assert_eq(bsyn_decompose_find(o, 64, 1, &s, &d), -1);
  cr_assert(strstr(d.msg, "expected") != NULL, "%s", d.msg);
  bsyn_oracle_close(o);
}
