/* The Verilog RTL of rv32i-core (verify/rv32i_core.v) against the C reference model.
 *
 * Yosys synthesizes the RTL through scripts/rtl_to_aig.sh into the test's temp folder; bsyn
 * reads the AIG, simulates it bit-parallel and compares every output bit with the
 * rv32i-core oracle on >= 10^7 vectors (Release): half uniformly random, half ISA-aware
 * (real encodings and near misses, carry/sign stress operands, equal operands, addresses
 * that wrap around zero and hit every alignment; every 8th ISA-aware batch walks all 2^17
 * opcode/funct3/funct7 combinations instead). Sanitizer builds run 2^20 vectors: the same
 * streams, cut short. Icarus Verilog also simulates the RTL source on 20,000 vectors.
 * BSYN_TEST_SEED=<n> changes the seed; failures print it. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bsyn_aig.h"
#include "bsyn_io.h"
#include "bsyn_oracle.h"
#include "bsyn_pool.h"
#include "bsyn_rv32.h"
#include "bsyn_sim.h"
#include "bsyn_test.h"
#include "bsyn_transpose.h"
#include "bsyn_util.h"

#define RTL_FILE BSYN_SOURCE_DIR "/verify/rv32i_core.v"
#define RTL_SCRIPT BSYN_SOURCE_DIR "/scripts/rtl_to_aig.sh"

#if defined(__SANITIZE_ADDRESS__)
#define NUM_BATCHES 256u /* 2^20 vectors: the sanitizers slow simulation down ~5x */
#else
#define NUM_BATCHES 2442u /* 2442 * 4096 = 10,002,432 vectors */
#endif
#define BATCH_WORDS 64u /* 4096 vectors per batch: the value array stays in cache */

enum { KIND_UNIFORM, KIND_ISA, NUM_KINDS };
static const char *const kind_names[NUM_KINDS] = {"uniform", "ISA-aware"};

static uint64_t test_seed(void) {
  const char *s = getenv("BSYN_TEST_SEED");
  return s ? strtoull(s, NULL, 0) : 0x72763332ull;
}

/* Runs the script into the temp folder; returns the AIGER path (static buffer). */
static const char *synthesize(const char *abc_cmds, const char *name) {
  static char path[4096];
  char cmd[8192], *log = NULL;
  snprintf(path, sizeof path, "%s", bsyn_test_tmpfile(name));
  snprintf(cmd, sizeof cmd, "%s %s%s%s '%s' '%s'", RTL_SCRIPT, abc_cmds ? "--abc '" : "",
           abc_cmds ? abc_cmds : "", abc_cmds ? "'" : "", RTL_FILE, path);
  int rc = bsyn_test_run(cmd, &log);
  cr_assert_eq(rc, 0, "%s failed (%d):\n%s", cmd, rc, log ? log : "");
  free(log);
  return path;
}

static bsyn_aig *read_aig(const char *path) {
  bsyn_aig *g = NULL;
  bsyn_diag d;
  char msg[1024];
  int rc = bsyn_io_read_aiger(path, &g, &d);
  bsyn_diag_format(&d, msg, sizeof msg);
  cr_assert_eq(rc, 0, "%s", msg);
  return g;
}

/* The AIG's names must spell the oracle's fields bit by bit: "inst[7]", "rd_we". */
static void check_names(const bsyn_aig *g, const bsyn_oracle *o) {
  cr_assert_eq(g->num_inputs, o->num_inputs, "inputs: %u, oracle %u", g->num_inputs, o->num_inputs);
  cr_assert_eq(g->num_outputs, o->num_outputs, "outputs: %u, oracle %u", g->num_outputs,
               o->num_outputs);
  for (int side = 0; side < 2; side++) {
    const bsyn_field *f = side ? o->out_fields : o->in_fields;
    uint32_t nf = side ? o->num_out_fields : o->num_in_fields;
    for (uint32_t j = 0; j < nf; j++)
      for (uint32_t k = 0; k < f[j].width; k++) {
        char want[64];
        if (f[j].width == 1)
          snprintf(want, sizeof want, "%s", f[j].name);
        else
          snprintf(want, sizeof want, "%s[%u]", f[j].name, k);
        uint32_t idx = f[j].lsb + k;
        const char *got = side ? bsyn_aig_output_name(g, idx) : bsyn_aig_input_name(g, idx);
        cr_assert(got && !strcmp(got, want), "%s %u: expected %s, found %s",
                  side ? "output" : "input", idx, want, got ? got : "(unnamed)");
      }
  }
}

/* ---- ISA-aware vectors -------------------------------------------------------------- */

static uint64_t draw(uint64_t *s) {
  *s = bsyn_mix64(*s);
  return *s;
}

/* Operand values that stress carries, signs, comparisons and shift amounts. */
static uint32_t stress_value(uint64_t r) {
  static const uint32_t table[] = {0,          1,          2,          3,          4,
                                   31,         32,         0x7f,       0x80,       0xff,
                                   0x7fff,     0x8000,     0xffff,     0x7fffffff, 0x80000000,
                                   0x80000001, 0xfffffffc, 0xfffffffe, 0xffffffff, 0xffff8000,
                                   0xffffff80, 0xffff0000, 0x55555555, 0xaaaaaaaa};
  unsigned k = (unsigned)(r >> 8) & 31;
  switch (r & 3) {
  case 0:
    return table[(r >> 16) % (sizeof table / sizeof table[0])];
  case 1:
    return 1u << k;
  case 2:
    return (1u << k) - 1; /* low masks: long carry chains */
  default:
    return ~(1u << k);
  }
}

static uint32_t operand(uint64_t *s) {
  uint64_t r = draw(s);
  return (r & 1) ? (uint32_t)(r >> 32) : stress_value(r >> 1);
}

/* The immediate the load/store unit adds to rs1 (S-type for stores, else I-type). */
static uint32_t ls_imm(uint32_t inst) {
  uint32_t imm = (inst & 0x7f) == 0x23 ? ((inst >> 25) << 5 | (inst >> 7 & 31)) : inst >> 20;
  return (imm ^ 0x800u) - 0x800u;
}

#define NO_SWEEP UINT64_MAX

/* One ISA-aware vector. sweep != NO_SWEEP: the instruction's opcode, funct3 and funct7 are
 * the low 17 bits of sweep (consecutive values walk the whole decode table), its other bits
 * random; else a real encoding, one in eight with a bit flipped. */
static void isa_vector(uint64_t seed, uint64_t index, uint64_t sweep, bsyn_rv32_in *x) {
  uint64_t s = bsyn_mix64(seed ^ (index * 0xd1342543de82ef95ull)), r;
  x->inst = bsyn_rv32_random_inst(draw(&s));
  r = draw(&s);
  if (sweep != NO_SWEEP)
    x->inst = ((uint32_t)r & 0x01ff8f80u) | (uint32_t)(sweep & 0x7f) |
              (uint32_t)(sweep >> 7 & 7) << 12 | (uint32_t)(sweep >> 10 & 0x7f) << 25;
  else if ((r & 7) == 0) /* one bit off: ECALL's neighbours, funct7 0x20 vs 0x00 */
    x->inst ^= 1u << (r >> 40 & 31);
  r = draw(&s);
  x->pc = (r & 3) == 0   ? stress_value(r >> 2)
          : (r & 3) == 1 ? (uint32_t)(r >> 32)
                         : (uint32_t)(r >> 32) & ~3u;
  x->rs1_val = operand(&s);
  r = draw(&s);
  /* equal operands (BEQ, BGE, SLT on equals), off by one, opposite signs, or independent */
  uint32_t k = (uint32_t)(r & 7);
  x->rs2_val = k == 0   ? x->rs1_val
               : k == 1 ? x->rs1_val + (uint32_t)(r >> 8 & 2) - 1
               : k == 2 ? x->rs1_val ^ 0x80000000u
                        : operand(&s);
  r = draw(&s);
  if ((r & 7) == 0) /* an address (or JALR target) just around zero: the adder wraps */
    x->rs1_val = (uint32_t)(r >> 8 & 7) - 4u - ls_imm(x->inst);
  x->mem_rdata = operand(&s);
}

/* Builds ISA-aware vectors first, first + 1, ... as bit-sliced rows (in[i * nwords + w]);
 * sweep: NO_SWEEP or the decode-table position of the batch's first vector. */
static void isa_rows(uint64_t seed, uint64_t first, uint64_t sweep, uint64_t *in, size_t nwords) {
  for (size_t w = 0; w < nwords; w++) {
    uint64_t a[64], b[64], c[64];
    for (unsigned v = 0; v < 64; v++) {
      bsyn_rv32_in x;
      isa_vector(seed, first + 64 * w + v, sweep == NO_SWEEP ? NO_SWEEP : sweep + 64 * w + v, &x);
      a[v] = x.pc | (uint64_t)x.inst << 32;
      b[v] = x.rs1_val | (uint64_t)x.rs2_val << 32;
      c[v] = x.mem_rdata;
    }
    bsyn_transpose64_scatter(a, in + w, nwords, 64);
    bsyn_transpose64_scatter(b, in + 64 * nwords + w, nwords, 64);
    bsyn_transpose64_scatter(c, in + 128 * nwords + w, nwords, 32);
  }
}

/* ---- the comparison ------------------------------------------------------------------ */

#define MAX_FIELDS 32

/* What one thread saw: per kind and output field, the vectors on which the field differs,
 * and the first differing vector (lowest global index) with its inputs. */
typedef struct tally {
  uint64_t mismatches[NUM_KINDS][MAX_FIELDS];
  uint64_t first[NUM_KINDS]; /* UINT64_MAX: none */
  bsyn_rv32_in first_in[NUM_KINDS];
  int oracle_failed;
} tally;

typedef struct compare_job {
  const bsyn_aig *aig;
  bsyn_oracle *oracle;
  uint64_t seed;
  uint8_t field_of[256]; /* output bit -> field index */
  uint64_t **values;     /* per thread: num_vars * BATCH_WORDS */
  uint64_t **expect;     /* per thread: num_outputs * BATCH_WORDS */
  uint64_t **got;
  tally *tallies; /* per thread */
} compare_job;

static uint32_t row_value(const uint64_t *rows, size_t nwords, uint32_t first_row, size_t v) {
  uint32_t x = 0;
  for (unsigned b = 0; b < 32; b++)
    x |= (uint32_t)(rows[(first_row + b) * nwords + v / 64] >> (v % 64) & 1) << b;
  return x;
}

static void compare_batch(void *arg, size_t item, unsigned thread) {
  compare_job *job = arg;
  const size_t nw = BATCH_WORDS;
  uint64_t *values = job->values[thread], *in = values + nw;
  uint64_t *expect = job->expect[thread], *got = job->got[thread];
  tally *t = &job->tallies[thread];
  unsigned kind = item & 1;
  uint64_t first = (uint64_t)item * nw * 64;
  if (kind == KIND_UNIFORM)
    bsyn_sim_random_rows(in, nw, job->aig->num_inputs, nw, item * nw, job->seed);
  else
    isa_rows(job->seed, first, item % 16 == 1 ? item / 16 * nw * 64 : NO_SWEEP, in, nw);
  bsyn_diag d;
  if (bsyn_oracle_eval(job->oracle, in, expect, nw, &d)) {
    t->oracle_failed = 1;
    return;
  }
  bsyn_sim_run(job->aig, values, nw, BSYN_SIMD_AUTO, NULL);
  bsyn_sim_outputs(job->aig, values, nw, got);
  for (size_t w = 0; w < nw; w++) {
    uint64_t per_field[MAX_FIELDS] = {0}, any = 0;
    for (uint32_t o = 0; o < job->aig->num_outputs; o++) {
      uint64_t diff = expect[o * nw + w] ^ got[o * nw + w];
      per_field[job->field_of[o]] |= diff;
      any |= diff;
    }
    if (!any)
      continue;
    for (uint32_t f = 0; f < job->oracle->num_out_fields; f++)
      t->mismatches[kind][f] += (uint64_t)__builtin_popcountll(per_field[f]);
    size_t v = 64 * w + (size_t)__builtin_ctzll(any);
    if (first + v < t->first[kind]) {
      t->first[kind] = first + v;
      bsyn_rv32_in *x = &t->first_in[kind];
      x->pc = row_value(in, nw, 0, v);
      x->inst = row_value(in, nw, 32, v);
      x->rs1_val = row_value(in, nw, 64, v);
      x->rs2_val = row_value(in, nw, 96, v);
      x->mem_rdata = row_value(in, nw, 128, v);
    }
  }
}

/* The five input words of x as 160 input bits, bit 0 of pc first. */
static void vector_bits(const bsyn_rv32_in *x, uint8_t in[160]) {
  const uint32_t words[5] = {x->pc, x->inst, x->rs1_val, x->rs2_val, x->mem_rdata};
  for (unsigned i = 0; i < 160; i++)
    in[i] = words[i / 32] >> (i % 32) & 1;
}

/* Per output field of o, the values of the output bits bits[] (one byte per bit). */
static void pack_fields(const bsyn_oracle *o, const uint8_t *bits, uint32_t *fields) {
  for (uint32_t f = 0; f < o->num_out_fields; f++) {
    fields[f] = 0;
    for (uint32_t k = 0; k < o->out_fields[f].width; k++)
      fields[f] |= (uint32_t)bits[o->out_fields[f].lsb + k] << k;
  }
}

/* The C model's answer to x, per output field, asked through the oracle. */
static void model_fields(bsyn_oracle *o, const bsyn_rv32_in *x, uint32_t *fields) {
  uint8_t in[160], out[256];
  uint64_t rows_in[160], rows_out[256];
  bsyn_diag d;
  vector_bits(x, in);
  for (unsigned i = 0; i < 160; i++)
    rows_in[i] = in[i];
  cr_assert_eq(bsyn_oracle_eval(o, rows_in, rows_out, 1, &d), 0, "%s", d.msg);
  for (uint32_t i = 0; i < o->num_outputs; i++)
    out[i] = rows_out[i] & 1;
  pack_fields(o, out, fields);
}

/* Appends the counterexample x, decoded field by field: C model against RTL (rtl[f]). */
static size_t describe(char *buf, size_t size, bsyn_oracle *o, const bsyn_rv32_in *x,
                       const uint32_t *rtl) {
  uint32_t c[MAX_FIELDS];
  model_fields(o, x, c);
  size_t n =
      (size_t)snprintf(buf, size,
                       "    pc=%08x inst=%08x (opcode %02x funct3 %u funct7 %02x) rs1_val=%08x "
                       "rs2_val=%08x mem_rdata=%08x\n",
                       x->pc, x->inst, x->inst & 0x7f, x->inst >> 12 & 7, x->inst >> 25, x->rs1_val,
                       x->rs2_val, x->mem_rdata);
  for (uint32_t f = 0; f < o->num_out_fields && n < size; f++)
    n += (size_t)snprintf(buf + n, size - n, "      %-9s C %08x  RTL %08x%s\n",
                          o->out_fields[f].name, c[f], rtl[f],
                          c[f] != rtl[f] ? "   <-- differs" : "");
  return n < size ? n : size;
}

Test(rtl, synthesized_rtl_equals_c_model) {
  if (!bsyn_test_have("yosys"))
    cr_skip_test("yosys is not installed");
  bsyn_diag d;
  bsyn_oracle *o = bsyn_oracle_open("rv32i-core", &d);
  cr_assert_not_null(o, "%s", d.msg);
  cr_assert_leq(o->num_out_fields, MAX_FIELDS);
  cr_assert_leq(o->num_outputs, 256);
  bsyn_aig *g = read_aig(synthesize(NULL, "rv32i_core.aig"));
  check_names(g, o);

  bsyn_pool *pool = bsyn_pool_new(0);
  unsigned nt = bsyn_pool_threads(pool);
  compare_job job = {.aig = g, .oracle = o, .seed = test_seed()};
  for (uint32_t f = 0; f < o->num_out_fields; f++)
    for (uint32_t k = 0; k < o->out_fields[f].width; k++)
      job.field_of[o->out_fields[f].lsb + k] = (uint8_t)f;
  job.values = bsyn_calloc(nt, sizeof *job.values);
  job.expect = bsyn_calloc(nt, sizeof *job.expect);
  job.got = bsyn_calloc(nt, sizeof *job.got);
  job.tallies = bsyn_calloc(nt, sizeof *job.tallies);
  for (unsigned t = 0; t < nt; t++) {
    job.values[t] = bsyn_aligned_alloc((size_t)g->num_vars * BATCH_WORDS * sizeof(uint64_t));
    memset(job.values[t], 0, (size_t)g->num_vars * BATCH_WORDS * sizeof(uint64_t));
    job.expect[t] = bsyn_aligned_alloc((size_t)o->num_outputs * BATCH_WORDS * sizeof(uint64_t));
    job.got[t] = bsyn_aligned_alloc((size_t)o->num_outputs * BATCH_WORDS * sizeof(uint64_t));
    for (unsigned k = 0; k < NUM_KINDS; k++)
      job.tallies[t].first[k] = UINT64_MAX;
  }
  /* The oracle is thread-safe; each pool item is a whole batch with its own buffers, so
   * the tallies (sums and minima) do not depend on the thread count. */
  cr_assert(o->thread_safe);
  bsyn_pool_run(pool, NUM_BATCHES, compare_batch, &job);

  tally sum = {.first = {UINT64_MAX, UINT64_MAX}};
  for (unsigned t = 0; t < nt; t++)
    cr_assert_not(job.tallies[t].oracle_failed, "the rv32i-core oracle failed");
  for (unsigned t = 0; t < nt; t++)
    for (unsigned k = 0; k < NUM_KINDS; k++) {
      for (uint32_t f = 0; f < o->num_out_fields; f++)
        sum.mismatches[k][f] += job.tallies[t].mismatches[k][f];
      if (job.tallies[t].first[k] < sum.first[k]) {
        sum.first[k] = job.tallies[t].first[k];
        sum.first_in[k] = job.tallies[t].first_in[k];
      }
    }
  static char report[16384];
  size_t n = 0;
  for (unsigned k = 0; k < NUM_KINDS; k++) {
    if (sum.first[k] == UINT64_MAX)
      continue;
    n += (size_t)snprintf(report + n, sizeof report - n,
                          "  %s vectors, mismatches per field:", kind_names[k]);
    for (uint32_t f = 0; f < o->num_out_fields && n < sizeof report; f++)
      if (sum.mismatches[k][f])
        n += (size_t)snprintf(report + n, sizeof report - n, " %s %llu", o->out_fields[f].name,
                              (unsigned long long)sum.mismatches[k][f]);
    if (n < sizeof report)
      n += (size_t)snprintf(report + n, sizeof report - n, "\n    first at vector %llu:\n",
                            (unsigned long long)sum.first[k]);
    if (n < sizeof report) {
      uint8_t in[160], out[256];
      uint32_t rtl[MAX_FIELDS];
      vector_bits(&sum.first_in[k], in);
      bsyn_aig_eval(g, in, out);
      pack_fields(o, out, rtl);
      n += describe(report + n, sizeof report - n, o, &sum.first_in[k], rtl);
    }
  }
  cr_expect_eq(n, 0, "RTL and C model differ (seed %#llx, %u vectors):\n%s",
               (unsigned long long)job.seed, NUM_BATCHES * BATCH_WORDS * 64, report);

  for (unsigned t = 0; t < nt; t++) {
    bsyn_aligned_free(job.values[t]);
    bsyn_aligned_free(job.expect[t]);
    bsyn_aligned_free(job.got[t]);
  }
  free(job.values);
  free(job.expect);
  free(job.got);
  free(job.tallies);
  bsyn_pool_free(pool);
  bsyn_aig_free(g);
  bsyn_oracle_close(o);
}

/* The script's output is Yosys' netlist with renumbered inputs and outputs: ABC proves it
 * equal to Yosys' own AIGER, matching outputs by name, after --abc optimization; the names
 * (and so the order) must still be the oracle's. */
Test(rtl, abc_optimized_output_proved_equal_to_yosys) {
  if (!bsyn_test_have("yosys") || !bsyn_test_have("berkeley-abc"))
    cr_skip_test("yosys or berkeley-abc is not installed");
  const char *raw = bsyn_test_tmpfile("yosys.aig");
  char cmd[8192], *log = NULL;
  snprintf(cmd, sizeof cmd,
           "yosys -q -p 'read_verilog %s; synth -flatten -top rv32i_core; aigmap; write_aiger "
           "-symbols %s'",
           RTL_FILE, raw);
  cr_assert_eq(bsyn_test_run(cmd, &log), 0, "%s:\n%s", cmd, log ? log : "");
  free(log);
  const char *opt = synthesize("&dc2", "optimized.aig");
  snprintf(cmd, sizeof cmd, "berkeley-abc -c 'cec %s %s'", raw, opt);
  int rc = bsyn_test_run(cmd, &log);
  cr_expect(rc == 0 && log && strstr(log, "Networks are equivalent"), "%s:\n%s", cmd,
            log ? log : "");
  free(log);
  bsyn_diag d;
  bsyn_oracle *o = bsyn_oracle_open("rv32i-core", &d);
  cr_assert_not_null(o, "%s", d.msg);
  bsyn_aig *a = read_aig(raw), *b = read_aig(opt);
  check_names(b, o);
  cr_expect_lt(bsyn_aig_num_ands(b), bsyn_aig_num_ands(a), "&dc2 should shrink %u ANDs",
               bsyn_aig_num_ands(a));
  bsyn_aig_free(a);
  bsyn_aig_free(b);
  bsyn_oracle_close(o);
}

/* A small module whose output copies an input (Yosys then lists that input under the
 * output's name) and whose ports are not in alphabetical order: the AIG follows the
 * declaration order, bit 0 first, and computes the module's function. */
Test(rtl, script_orders_ports_as_declared) {
  if (!bsyn_test_have("yosys"))
    cr_skip_test("yosys is not installed");
  const char *v = bsyn_test_tmpfile("order.v"), *aig = bsyn_test_tmpfile("order.aig");
  FILE *f = fopen(v, "w");
  cr_assert_not_null(f);
  fputs("module order(input [2:0] b, input a, output [1:0] y, output x);\n"
        "  assign y = b[2:1];\n  assign x = a & ~b[0];\nendmodule\n",
        f);
  fclose(f);
  char cmd[8192], *log = NULL;
  snprintf(cmd, sizeof cmd, "%s %s %s", RTL_SCRIPT, v, aig);
  cr_assert_eq(bsyn_test_run(cmd, &log), 0, "%s:\n%s", cmd, log ? log : "");
  free(log);
  bsyn_aig *g = read_aig(aig);
  static const char *const in_names[] = {"b[0]", "b[1]", "b[2]", "a"}, *const out_names[] = {
                                                                           "y[0]", "y[1]", "x"};
  cr_assert_eq(g->num_inputs, 4);
  cr_assert_eq(g->num_outputs, 3);
  for (uint32_t i = 0; i < 4; i++)
    cr_expect_str_eq(bsyn_aig_input_name(g, i), in_names[i]);
  for (uint32_t i = 0; i < 3; i++)
    cr_expect_str_eq(bsyn_aig_output_name(g, i), out_names[i]);
  for (unsigned m = 0; m < 16; m++) {
    uint8_t in[4] = {m & 1, m >> 1 & 1, m >> 2 & 1, m >> 3 & 1}, out[3];
    bsyn_aig_eval(g, in, out);
    cr_expect(out[0] == in[1] && out[1] == in[2] && out[2] == (in[3] & !in[0]), "pattern %u", m);
  }
  bsyn_aig_free(g);
}

/* Ports the script cannot lay out bit 0 first are refused with a message. */
Test(rtl, script_rejects_offset_ranges) {
  if (!bsyn_test_have("yosys"))
    cr_skip_test("yosys is not installed");
  const char *v = bsyn_test_tmpfile("offset.v");
  FILE *f = fopen(v, "w");
  cr_assert_not_null(f);
  fputs("module offset(input [8:1] a, output y);\n  assign y = ^a;\nendmodule\n", f);
  fclose(f);
  char cmd[8192], *log = NULL;
  snprintf(cmd, sizeof cmd, "%s %s %s", RTL_SCRIPT, v, bsyn_test_tmpfile("offset.aig"));
  int rc = bsyn_test_run(cmd, &log);
  cr_expect_eq(rc, 1, "%s exited %d", cmd, rc);
  cr_expect(log && strstr(log, "port a of") && strstr(log, "expected a [N-1:0] range"), "%s",
            log ? log : "");
  free(log);
}

#define SIM_VECTORS 20000

/* A testbench for the RTL, made from the oracle's fields: it reads one input vector per line
 * of `vectors` (hex, input bit 0 rightmost) and writes every output field, in field order,
 * one vector per line of `results`. */
static void write_testbench(const char *path, const bsyn_oracle *o, const char *vectors,
                            const char *results) {
  FILE *f = fopen(path, "w");
  cr_assert_not_null(f, "cannot write %s", path);
  fprintf(f, "module tb;\n  reg [%u:0] vec [0:%u];\n", o->num_inputs - 1, SIM_VECTORS - 1);
  for (uint32_t j = 0; j < o->num_in_fields; j++)
    fprintf(f, "  reg [%u:0] %s;\n", o->in_fields[j].width - 1, o->in_fields[j].name);
  for (uint32_t j = 0; j < o->num_out_fields; j++)
    fprintf(f, "  wire [%u:0] %s;\n", o->out_fields[j].width - 1, o->out_fields[j].name);
  fprintf(f, "  rv32i_core dut(");
  for (uint32_t j = 0; j < o->num_in_fields + o->num_out_fields; j++) {
    const char *name =
        j < o->num_in_fields ? o->in_fields[j].name : o->out_fields[j - o->num_in_fields].name;
    fprintf(f, "%s.%s(%s)", j ? ", " : "", name, name);
  }
  fprintf(f,
          ");\n  integer i, f;\n  initial begin\n    $readmemh(\"%s\", vec);\n"
          "    f = $fopen(\"%s\", \"w\");\n    for (i = 0; i < %u; i = i + 1) begin\n      {",
          vectors, results, SIM_VECTORS);
  for (uint32_t j = o->num_in_fields; j-- > 0;) /* the first field is the least significant */
    fprintf(f, "%s%s", o->in_fields[j].name, j ? ", " : "} = vec[i];\n      #1;\n");
  fprintf(f, "      $fwrite(f, \"");
  for (uint32_t j = 0; j < o->num_out_fields; j++)
    fprintf(f, "%%h%s", j + 1 < o->num_out_fields ? " " : "\\n\"");
  for (uint32_t j = 0; j < o->num_out_fields; j++)
    fprintf(f, ", %s", o->out_fields[j].name);
  fprintf(f, ");\n    end\n    $fclose(f);\n    $finish;\n  end\nendmodule\n");
  fclose(f);
}

/* Icarus Verilog simulates the RTL source itself (no synthesis) on ISA-aware and uniform
 * vectors, and every output must equal the C model's: a check that a simulator reads the
 * Verilog (widths, signedness) as Yosys does. */
Test(rtl, iverilog_simulation_equals_c_model) {
  if (!bsyn_test_have("iverilog") || !bsyn_test_have("vvp"))
    cr_skip_test("iverilog is not installed");
  bsyn_diag d;
  bsyn_oracle *o = bsyn_oracle_open("rv32i-core", &d);
  cr_assert_not_null(o, "%s", d.msg);
  cr_assert_eq(o->num_inputs, 160);
  cr_assert_leq(o->num_out_fields, MAX_FIELDS);
  uint64_t seed = test_seed();
  char vectors[4096], results[4096], tb[4096];
  snprintf(vectors, sizeof vectors, "%s", bsyn_test_tmpfile("vectors.hex"));
  snprintf(results, sizeof results, "%s", bsyn_test_tmpfile("results.txt"));
  snprintf(tb, sizeof tb, "%s", bsyn_test_tmpfile("tb.v"));
  bsyn_rv32_in *xs = bsyn_calloc(SIM_VECTORS, sizeof *xs);
  FILE *f = fopen(vectors, "w");
  cr_assert_not_null(f);
  for (uint32_t i = 0; i < SIM_VECTORS; i++) {
    uint64_t s = bsyn_mix64(seed + i);
    if (i & 1)
      isa_vector(seed, i, NO_SWEEP, &xs[i]);
    else
      xs[i] = (bsyn_rv32_in){(uint32_t)draw(&s), (uint32_t)draw(&s), (uint32_t)draw(&s),
                             (uint32_t)draw(&s), (uint32_t)draw(&s)};
    fprintf(f, "%08x%08x%08x%08x%08x\n", xs[i].mem_rdata, xs[i].rs2_val, xs[i].rs1_val, xs[i].inst,
            xs[i].pc);
  }
  fclose(f);
  write_testbench(tb, o, vectors, results);
  char cmd[16384], *log = NULL;
  snprintf(cmd, sizeof cmd, "iverilog -g2005 -o %s %s %s && vvp -n %s", bsyn_test_tmpfile("tb.vvp"),
           tb, RTL_FILE, bsyn_test_tmpfile("tb.vvp"));
  int rc = bsyn_test_run(cmd, &log);
  cr_assert_eq(rc, 0, "%s (%d):\n%s", cmd, rc, log ? log : "");
  free(log);

  f = fopen(results, "r");
  cr_assert_not_null(f, "no %s", results);
  uint64_t mismatches[MAX_FIELDS] = {0};
  uint32_t lines = 0, first = UINT32_MAX, first_rtl[MAX_FIELDS] = {0};
  char line[1024];
  while (lines < SIM_VECTORS && fgets(line, sizeof line, f)) {
    uint32_t rtl[MAX_FIELDS], c[MAX_FIELDS];
    char *p = line, *end;
    for (uint32_t j = 0; j < o->num_out_fields; j++, p = end) {
      rtl[j] = (uint32_t)strtoul(p, &end, 16);
      cr_assert_neq(p, end, "%s line %u: expected %u hex fields, found '%s'", results, lines + 1,
                    o->num_out_fields, line);
    }
    model_fields(o, &xs[lines], c);
    int differs = 0;
    for (uint32_t j = 0; j < o->num_out_fields; j++)
      if (rtl[j] != c[j]) {
        mismatches[j]++;
        differs = 1;
      }
    if (differs && first == UINT32_MAX) {
      first = lines;
      memcpy(first_rtl, rtl, sizeof rtl);
    }
    lines++;
  }
  fclose(f);
  cr_assert_eq(lines, SIM_VECTORS, "%s: %u result lines, expected %u", results, lines, SIM_VECTORS);
  if (first != UINT32_MAX) {
    static char report[8192];
    size_t n = (size_t)snprintf(report, sizeof report, "  mismatches per field:");
    for (uint32_t j = 0; j < o->num_out_fields && n < sizeof report; j++)
      if (mismatches[j])
        n += (size_t)snprintf(report + n, sizeof report - n, " %s %llu", o->out_fields[j].name,
                              (unsigned long long)mismatches[j]);
    if (n < sizeof report)
      n += (size_t)snprintf(report + n, sizeof report - n, "\n    first at vector %u:\n", first);
    if (n < sizeof report)
      describe(report + n, sizeof report - n, o, &xs[first], first_rtl);
    cr_expect_fail("iverilog simulation and C model differ (seed %#llx, %u vectors):\n%s",
                   (unsigned long long)seed, SIM_VECTORS, report);
  }
  free(xs);
  bsyn_oracle_close(o);
}

Test(rtl, iverilog_accepts_rtl) {
  if (!bsyn_test_have("iverilog"))
    cr_skip_test("iverilog is not installed");
  const char *std[] = {"-g2005", "-g2012"};
  for (int i = 0; i < 2; i++) {
    char cmd[8192], *log = NULL;
    snprintf(cmd, sizeof cmd, "iverilog %s -Wall -o %s %s", std[i], bsyn_test_tmpfile("rtl.vvp"),
             RTL_FILE);
    int rc = bsyn_test_run(cmd, &log);
    cr_expect(rc == 0 && (!log || !*log), "%s (%d):\n%s", cmd, rc, log ? log : "");
    free(log);
  }
}

Test(rtl, verilator_lint_clean) {
  if (!bsyn_test_have("verilator"))
    cr_skip_test("verilator is not installed");
  char cmd[8192], *log = NULL;
  snprintf(cmd, sizeof cmd, "verilator --lint-only -Wall --Mdir %s %s",
           bsyn_test_tmpfile("obj_dir"), RTL_FILE);
  int rc = bsyn_test_run(cmd, &log);
  cr_expect(rc == 0 && (!log || !*log), "%s (%d):\n%s", cmd, rc, log ? log : "");
  free(log);
}
