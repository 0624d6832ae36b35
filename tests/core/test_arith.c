#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bsyn_aig.h"
#include "bsyn_arith.h"
#include "bsyn_io.h"
#include "bsyn_oracle.h"
#include "bsyn_sim.h"
#include "bsyn_test.h"
#include "bsyn_util.h"

/* Places one vector (a, b, c) at vector index `lane` of a batch of nwords words. */
static void put_vector(const bsyn_oracle *o, uint64_t *in, size_t nwords, size_t lane, uint32_t n,
                       uint64_t a, uint64_t b, uint64_t c) {
  size_t w = lane / 64;
  uint64_t bit = 1ull << (lane % 64);
  for (uint32_t i = 0; i < o->num_inputs; i++) {
    uint64_t v = i < n ? a >> i : i < 2 * n ? b >> (i - n) : c >> (i - 2 * n);
    if (v & 1)
      in[i * nwords + w] |= bit;
    else
      in[i * nwords + w] &= ~bit;
  }
}

static uint64_t get_vector(const bsyn_oracle *o, const uint64_t *out, size_t nwords, size_t lane) {
  uint64_t y = 0;
  for (uint32_t i = 0; i < o->num_outputs; i++)
    y |= (out[i * nwords + lane / 64] >> (lane % 64) & 1) << i;
  return y;
}

/* the oracle's answer for one vector, placed off word 0 so the row layout is exercised */
static uint64_t ask(const char *spec, uint64_t a, uint64_t b, uint64_t c) {
  bsyn_diag d;
  bsyn_oracle *o = bsyn_oracle_open(spec, &d);
  cr_assert_not_null(o, "%s: %s", spec, d.msg);
  size_t nwords = 3, lane = 64 + 37;
  uint64_t *in = bsyn_calloc(o->num_inputs * nwords, 8),
           *out = bsyn_calloc(o->num_outputs * nwords, 8);
  bsyn_arith_spec s;
  cr_assert_eq(bsyn_arith_parse(spec, &s, &d), 0);
  put_vector(o, in, nwords, lane, s.width, a, b, c);
  cr_assert_eq(bsyn_oracle_eval(o, in, out, nwords, &d), 0);
  uint64_t y = get_vector(o, out, nwords, lane);
  cr_assert_eq(bsyn_arith_eval1(s, a, b, c), y, "%s: scalar and bit-sliced disagree", spec);
  free(in);
  free(out);
  bsyn_oracle_close(o);
  return y;
}

Test(arith, hand_computed_cases) {
  cr_assert_eq(ask("arith:add8", 200, 100, 0), 44);
  cr_assert_eq(ask("arith:add64", ~0ull, 1, 0), 0);
  cr_assert_eq(ask("arith:add64", 0x8000000000000000ull, 0x7fffffffffffffffull, 0), ~0ull);
  cr_assert_eq(ask("arith:sub8", 3, 5, 0), 254);
  cr_assert_eq(ask("arith:sub1", 0, 1, 0), 1);
  cr_assert_eq(ask("arith:ltu8", 3, 200, 0), 1);
  cr_assert_eq(ask("arith:ltu8", 200, 3, 0), 0);
  cr_assert_eq(ask("arith:ltu8", 7, 7, 0), 0);
  cr_assert_eq(ask("arith:lt8", 3, 200, 0), 0); /* 200 is -56 */
  cr_assert_eq(ask("arith:lt8", 200, 3, 0), 1);
  cr_assert_eq(ask("arith:lt8", 0x80, 0x7f, 0), 1); /* -128 < 127 */
  cr_assert_eq(ask("arith:lt1", 1, 0, 0), 1);       /* -1 < 0 */
  cr_assert_eq(ask("arith:eq16", 0x1234, 0x1234, 0), 1);
  cr_assert_eq(ask("arith:eq16", 0x1234, 0x1235, 0), 0);
  cr_assert_eq(ask("arith:shl8", 0x81, 1, 0), 0x02);
  cr_assert_eq(ask("arith:shl8", 0x81, 0xf9, 0), 0x02); /* amount is b[2:0] */
  cr_assert_eq(ask("arith:shr8", 0x81, 3, 0), 0x10);
  cr_assert_eq(ask("arith:sra8", 0x81, 3, 0), 0xf0);
  cr_assert_eq(ask("arith:sra8", 0x41, 3, 0), 0x08);
  cr_assert_eq(ask("arith:shl5", 0x1f, 4, 0), 0x10);
  cr_assert_eq(ask("arith:shl5", 0x1f, 5, 0), 0); /* amount >= N shifts everything out */
  cr_assert_eq(ask("arith:sra5", 0x10, 6, 0), 0x1f);
  cr_assert_eq(ask("arith:shr5", 0x10, 7, 0), 0);
  cr_assert_eq(ask("arith:shl1", 1, 1, 0), 1); /* N = 1 has no amount bits */
  cr_assert_eq(ask("arith:and8", 0xf0, 0x3c, 0), 0x30);
  cr_assert_eq(ask("arith:or8", 0xf0, 0x3c, 0), 0xfc);
  cr_assert_eq(ask("arith:xor8", 0xf0, 0x3c, 0), 0xcc);
  cr_assert_eq(ask("arith:mux8", 0x11, 0x22, 0), 0x11);
  cr_assert_eq(ask("arith:mux8", 0x11, 0x22, 1), 0x22);
  cr_assert_eq(ask("arith:alu8", 200, 100, 0), 44);
  cr_assert_eq(ask("arith:alu8", 3, 5, 1), 254);
  cr_assert_eq(ask("arith:alu8", 0xf0, 0x3c, 2), 0x30);
  cr_assert_eq(ask("arith:alu8", 0xf0, 0x3c, 3), 0xfc);
  cr_assert_eq(ask("arith:alu8", 0xf0, 0x3c, 4), 0xcc);
  cr_assert_eq(ask("arith:alu8", 0x81, 1, 5), 0x02);
  cr_assert_eq(ask("arith:alu8", 0x81, 3, 6), 0x10);
  cr_assert_eq(ask("arith:alu8", 0x81, 3, 7), 0xf0);
}

static const int widths[] = {1, 2, 3, 5, 7, 8, 13, 16, 31, 32, 33, 63, 64};
#define NUM_WIDTHS (sizeof widths / sizeof widths[0])

/* operands biased towards carry, sign and equality edge cases */
static uint64_t draw(bsyn_rng *r, uint64_t other) {
  uint64_t x = bsyn_rng_next(r);
  switch (bsyn_rng_next(r) % 8) {
  case 0:
    return other;
  case 1:
    return ~other;
  case 2:
    return ~0ull;
  case 3:
    return x & 63;
  default:
    return x;
  }
}

/* bit-sliced oracle == scalar definition on 37 words (a full chunk of 32 and a partial one) */
Test(arith, oracle_equals_scalar_definition) {
  uint64_t seed = 0xa11ce5eedull;
  bsyn_rng r;
  bsyn_rng_seed(&r, seed);
  size_t nwords = 37;
  for (int op = 0; op < BSYN_ARITH_NUM_OPS; op++)
    for (size_t wi = 0; wi < NUM_WIDTHS; wi++) {
      char spec[32];
      snprintf(spec, sizeof spec, "arith:%s%d", bsyn_arith_op_name((bsyn_arith_op)op), widths[wi]);
      bsyn_diag d;
      bsyn_oracle *o = bsyn_oracle_open(spec, &d);
      cr_assert_not_null(o, "%s", d.msg);
      bsyn_arith_spec s = {(bsyn_arith_op)op, (uint32_t)widths[wi]};
      uint64_t *in = bsyn_calloc(o->num_inputs * nwords, 8),
               *out = bsyn_calloc(o->num_outputs * nwords, 8);
      uint64_t(*vec)[3] = bsyn_malloc(nwords * 64 * sizeof *vec);
      for (size_t v = 0; v < nwords * 64; v++) {
        vec[v][0] = bsyn_rng_next(&r);
        vec[v][1] = draw(&r, vec[v][0]);
        vec[v][2] = bsyn_rng_next(&r);
        put_vector(o, in, nwords, v, s.width, vec[v][0], vec[v][1], vec[v][2]);
      }
      cr_assert_eq(bsyn_oracle_eval(o, in, out, nwords, &d), 0);
      for (size_t v = 0; v < nwords * 64; v++)
        cr_assert_eq(get_vector(o, out, nwords, v),
                     bsyn_arith_eval1(s, vec[v][0], vec[v][1], vec[v][2]),
                     "%s vector %zu (a=%llx b=%llx c=%llx), seed %llx", spec, v,
                     (unsigned long long)vec[v][0], (unsigned long long)vec[v][1],
                     (unsigned long long)vec[v][2], (unsigned long long)seed);
      free(vec);
      free(in);
      free(out);
      bsyn_oracle_close(o);
    }
}

/* the reference AIG == the oracle, with the same interface and names */
Test(arith, reference_aig_equals_oracle) {
  uint64_t seed = 0x5eed0fa16ull;
  bsyn_rng r;
  bsyn_rng_seed(&r, seed);
  for (int op = 0; op < BSYN_ARITH_NUM_OPS; op++)
    for (size_t wi = 0; wi < NUM_WIDTHS; wi++) {
      char spec[32];
      snprintf(spec, sizeof spec, "arith:%s%d", bsyn_arith_op_name((bsyn_arith_op)op), widths[wi]);
      bsyn_diag d;
      bsyn_aig *g = bsyn_arith_reference(spec, &d);
      cr_assert_not_null(g, "%s", d.msg);
      bsyn_arith_spec s = {(bsyn_arith_op)op, (uint32_t)widths[wi]};
      char msg[256];
      cr_assert_eq(bsyn_aig_check(g, msg, sizeof msg), 0, "%s: %s", spec, msg);
      cr_assert_eq(g->num_inputs, bsyn_arith_num_inputs(s));
      cr_assert_eq(g->num_outputs, bsyn_arith_num_outputs(s));
      cr_assert_str_eq(bsyn_aig_input_name(g, 0), s.width == 1 ? "a" : "a[0]");
      cr_assert_str_eq(bsyn_aig_input_name(g, s.width), s.width == 1 ? "b" : "b[0]");
      cr_assert_str_eq(bsyn_aig_output_name(g, 0), g->num_outputs == 1 ? "y" : "y[0]");
      uint8_t in[2 * 64 + 3], out[64];
      for (int t = 0; t < 48; t++) {
        uint64_t a = bsyn_rng_next(&r), b = draw(&r, a), c = bsyn_rng_next(&r);
        for (uint32_t i = 0; i < g->num_inputs; i++)
          in[i] = (i < s.width       ? a >> i
                   : i < 2 * s.width ? b >> (i - s.width)
                                     : c >> (i - 2 * s.width)) &
                  1;
        bsyn_aig_eval(g, in, out);
        uint64_t y = 0;
        for (uint32_t i = 0; i < g->num_outputs; i++)
          y |= (uint64_t)out[i] << i;
        cr_assert_eq(y, bsyn_arith_eval1(s, a, b, c), "%s (a=%llx b=%llx c=%llx), seed %llx", spec,
                     (unsigned long long)a, (unsigned long long)b, (unsigned long long)c,
                     (unsigned long long)seed);
      }
      bsyn_aig_free(g);
    }
}

/* the same on whole batches through the bit-parallel simulator: 256 vectors per case */
Test(arith, reference_aig_simulates_like_oracle) {
  uint64_t seed = 0x51a5eedull;
  bsyn_rng r;
  bsyn_rng_seed(&r, seed);
  size_t nwords = 4;
  for (int op = 0; op < BSYN_ARITH_NUM_OPS; op++)
    for (size_t wi = 0; wi < NUM_WIDTHS; wi++) {
      char spec[32];
      snprintf(spec, sizeof spec, "arith:%s%d", bsyn_arith_op_name((bsyn_arith_op)op), widths[wi]);
      bsyn_diag d;
      bsyn_aig *g = bsyn_arith_reference(spec, &d);
      bsyn_oracle *o = bsyn_oracle_open(spec, &d);
      cr_assert(g && o, "%s", d.msg);
      uint64_t *in = bsyn_malloc(o->num_inputs * nwords * 8);
      uint64_t *o1 = bsyn_malloc(o->num_outputs * nwords * 8),
               *o2 = bsyn_malloc(o->num_outputs * nwords * 8);
      for (size_t i = 0; i < o->num_inputs * nwords; i++)
        in[i] = bsyn_rng_next(&r);
      cr_assert_eq(bsyn_oracle_eval(o, in, o1, nwords, &d), 0);
      bsyn_sim_eval(g, in, o2, nwords, BSYN_SIMD_AUTO, NULL);
      cr_assert_arr_eq(o1, o2, o->num_outputs * nwords * 8, "%s, seed %llx", spec,
                       (unsigned long long)seed);
      free(in);
      free(o1);
      free(o2);
      bsyn_oracle_close(o);
      bsyn_aig_free(g);
    }
}

Test(arith, fields_and_names) {
  bsyn_diag d;
  bsyn_oracle *o = bsyn_oracle_open("arith:alu16", &d);
  cr_assert_not_null(o, "%s", d.msg);
  cr_assert_str_eq(o->name, "arith:alu16");
  cr_assert_eq(o->num_inputs, 35);
  cr_assert_eq(o->num_outputs, 16);
  cr_assert_eq(o->num_in_fields, 3);
  cr_assert_str_eq(o->in_fields[2].name, "op");
  cr_assert_eq(o->in_fields[2].lsb, 32);
  cr_assert_eq(o->in_fields[2].width, 3);
  cr_assert_eq(o->num_out_fields, 1);
  cr_assert_str_eq(o->out_fields[0].name, "y");
  cr_assert(o->thread_safe);
  cr_assert_not_null(o->description);
  bsyn_oracle_close(o);
  o = bsyn_oracle_open("arith:ltu32", &d);
  cr_assert_eq(o->num_inputs, 64);
  cr_assert_eq(o->num_outputs, 1);
  bsyn_oracle_close(o);
}

static void expect_bad(const char *spec, const char *found) {
  bsyn_diag d;
  cr_assert_null(bsyn_oracle_open(spec, &d), "%s opened", spec);
  cr_assert(strstr(d.msg, "expected"), "%s: %s", spec, d.msg);
  cr_assert(strstr(d.msg, found), "%s: '%s' lacks '%s'", spec, d.msg, found);
  char line[1024];
  bsyn_diag_format(&d, line, sizeof line);
  cr_assert(strstr(line, spec), "the diagnostic names the spec: %s", line);
  cr_assert_null(bsyn_arith_reference(spec, &d));
}

Test(arith, bad_specs_are_diagnosed) {
  expect_bad("arith:add0", "found '0'");
  expect_bad("arith:add65", "found '65'");
  expect_bad("arith:add99999", "found '99999'");
  expect_bad("arith:foo8", "found 'foo'");
  expect_bad("arith:add", "found end of spec");
  expect_bad("arith:add8x", "found '8x'");
  expect_bad("arith:8", "found '8'");
  expect_bad("arith:ADD8", "found 'ADD8'");
  bsyn_diag d;
  cr_assert_null(bsyn_oracle_open("arith:", &d));
  cr_assert(strstr(d.msg, "expected an argument"), "%s", d.msg);
  cr_assert_null(bsyn_oracle_open("nonsense", &d));
  cr_assert(strstr(d.msg, "found 'nonsense'"), "%s", d.msg);
}

/* the op's textbook Verilog definition, as module `module` */
static void verilog_module(FILE *f, bsyn_arith_spec s, const char *module) {
  static const char *const expr[] = {"a + b",  "a - b",   "a < b",   "$signed(a) < $signed(b)",
                                     "a == b", "a << %s", "a >> %s", "$signed(a) >>> %s",
                                     "a & b",  "a | b",   "a ^ b",   "s ? b : a"};
  uint32_t n = s.width, kb = 0;
  while ((1u << kb) < n)
    kb++;
  char k[32], out[32];
  if (kb)
    snprintf(k, sizeof k, "b[%u:0]", kb - 1);
  else
    snprintf(k, sizeof k, "1'b0");
  if (bsyn_arith_num_outputs(s) == 1)
    snprintf(out, sizeof out, "y");
  else
    snprintf(out, sizeof out, "[%u:0] y", n - 1);
  fprintf(f, "module %s(input [%u:0] a, input [%u:0] b%s, output %s);\n", module, n - 1, n - 1,
          s.op == BSYN_ARITH_MUX   ? ", input s"
          : s.op == BSYN_ARITH_ALU ? ", input [2:0] op"
                                   : "",
          out);
  if (s.op == BSYN_ARITH_ALU) {
    fprintf(f, "  reg [%u:0] r;\n  assign y = r;\n  always @* case (op)\n", n - 1);
    fprintf(f, "    0: r = a + b; 1: r = a - b; 2: r = a & b; 3: r = a | b; 4: r = a ^ b;\n");
    fprintf(f, "    5: r = a << %s; 6: r = a >> %s; default: r = $signed(a) >>> %s;\n  endcase\n",
            k, k, k);
  } else {
    fprintf(f, "  assign y = ");
    fprintf(f, expr[s.op], k);
    fprintf(f, ";\n");
  }
  fprintf(f, "endmodule\n");
}

static int count(const char *hay, const char *needle) {
  int c = 0;
  for (const char *p = hay; (p = strstr(p, needle)); p += strlen(needle))
    c++;
  return c;
}

/* every reference AIG is proved equal (ABC cec, matched by names) to the op's Verilog
 * definition synthesized by Yosys; a deliberately wrong pairing must be caught */
Test(arith, reference_aig_proved_equal_to_verilog, .timeout = 300) {
  if (!bsyn_test_have("yosys") || !bsyn_test_have("berkeley-abc"))
    cr_skip_test("yosys or berkeley-abc is not installed");
  static const uint32_t ws[] = {1, 5, 8, 32};
  const char *vpath = bsyn_test_tmpfile("ops.v");
  char ys_path[640], abc_path[640];
  snprintf(ys_path, sizeof ys_path, "%s", bsyn_test_tmpfile("ops.ys"));
  snprintf(abc_path, sizeof abc_path, "%s", bsyn_test_tmpfile("cec.abc"));
  FILE *v = fopen(vpath, "w"), *ys = fopen(ys_path, "w"), *abc = fopen(abc_path, "w");
  cr_assert(v && ys && abc);
  int pairs = 0;
  for (int op = 0; op < BSYN_ARITH_NUM_OPS; op++)
    for (size_t wi = 0; wi < sizeof ws / sizeof ws[0]; wi++) {
      bsyn_arith_spec s = {(bsyn_arith_op)op, ws[wi]};
      char name[32], spec[40], mine[640];
      snprintf(name, sizeof name, "%s%u", bsyn_arith_op_name(s.op), s.width);
      snprintf(spec, sizeof spec, "arith:%s", name);
      verilog_module(v, s, name);
      fprintf(ys,
              /* plain techmapping, no optimization: the proof needs Yosys' semantics only */
              "design -reset\nread_verilog %s\nhierarchy -top %s\nproc\nflatten\ntechmap\n"
              "opt_clean\naigmap\nwrite_aiger -symbols %s/%s.y.aig\n",
              vpath, name, bsyn_test_tmpdir(), name);
      bsyn_diag d;
      bsyn_aig *g = bsyn_arith_reference(spec, &d);
      snprintf(mine, sizeof mine, "%s/%s.b.aig", bsyn_test_tmpdir(), name);
      cr_assert_eq(bsyn_io_write_aiger(g, mine, 1, &d), 0, "%s", d.msg);
      bsyn_aig_free(g);
      fprintf(abc, "cec %s %s/%s.y.aig\n", mine, bsyn_test_tmpdir(), name);
      pairs++;
    }
  /* the control: a logical shift is not an arithmetic one */
  fprintf(abc, "cec %s/shr8.b.aig %s/sra8.y.aig\n", bsyn_test_tmpdir(), bsyn_test_tmpdir());
  fclose(v);
  fclose(ys);
  fclose(abc);
  char cmd[2048], *out;
  snprintf(cmd, sizeof cmd, "yosys -q -s '%s'", ys_path);
  cr_assert_eq(bsyn_test_run(cmd, &out), 0, "yosys failed:\n%s", out);
  free(out);
  snprintf(cmd, sizeof cmd, "berkeley-abc -f '%s'", abc_path);
  cr_assert_eq(bsyn_test_run(cmd, &out), 0, "abc failed:\n%s", out);
  cr_assert_eq(count(out, "Networks are equivalent"), pairs, "%s", out);
  cr_assert_eq(count(out, "NOT EQUIVALENT"), 1, "%s", out);
  free(out);
}
