#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bsyn_arith.h"
#include "bsyn_io.h"
#include "bsyn_pool.h"
#include "bsyn_test.h"
#include "bsyn_trace.h"
#include "bsyn_util.h"
#include "bsyn_verify.h"
#include "flip_and.h"

#define SPEC "arith:add16"

static uint64_t test_seed(void) {
  const char *s = getenv("BSYN_TEST_SEED");
  return s ? strtoull(s, NULL, 0) : 0x7e57;
}

/* ---- the bound against an independent computation ---------------------------------- */

/* P(X <= k) for X ~ Binomial(n, p), summed term by term in log space. */
static double binom_cdf(uint64_t k, uint64_t n, double p) {
  double s = 0;
  for (uint64_t i = 0; i <= k; i++)
    s += exp(lgamma((double)n + 1) - lgamma((double)i + 1) - lgamma((double)(n - i) + 1) + (double)i * log(p) +
             (double)(n - i) * log1p(-p));
  return s;
}

/* The p with P(X <= k; n, p) = alpha, by bisection on the plain sum. */
static double bound_by_sum(uint64_t k, uint64_t n, double alpha) {
  double lo = 0, hi = 1;
  for (int i = 0; i < 100; i++) {
    double mid = (lo + hi) / 2;
    if (binom_cdf(k, n, mid) > alpha)
      lo = mid;
    else
      hi = mid;
  }
  return hi;
}

Test(verify, bound_for_zero_failures) {
  /* 1 - 0.001^(1/N): about ln(1000)/N for large N */
  double b = bsyn_verify_bound(0, 1000000, 0.999);
  cr_assert_float_eq(b, 1.0 - pow(0.001, 1e-6), 1e-12);
  cr_assert(fabs(b - log(1000.0) / 1e6) < 1e-3 * b, "bound %g, ln(1000)/N %g", b, log(1000.0) / 1e6);
  cr_assert_float_eq(bsyn_verify_bound(0, 1, 0.999), 0.999, 1e-12);
  cr_assert_float_eq(bsyn_verify_bound(0, 100, 0.95), 1.0 - pow(0.05, 0.01), 1e-12);
}

Test(verify, bound_for_k_failures_matches_binomial_sum) {
  static const uint64_t cases[][2] = {{1, 10}, {3, 100}, {5, 1000}, {10, 20}, {19, 20}, {100, 1000000}, {1, 2}};
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    uint64_t k = cases[i][0], n = cases[i][1];
    double want = bound_by_sum(k, n, 0.001), got = bsyn_verify_bound(k, n, 0.999);
    cr_assert(fabs(got - want) <= 1e-7 * want, "k=%llu n=%llu: %.12g, binomial sum %.12g", (unsigned long long)k,
              (unsigned long long)n, got, want);
    /* at the bound, k or fewer failures are exactly 0.1% likely */
    cr_assert_float_eq(binom_cdf(k, n, got), 0.001, 1e-8);
  }
  /* k = 1 of n = 2: (1-p)^2 + 2p(1-p) = 1 - p^2 = 0.001, p = sqrt(0.999) */
  cr_assert_float_eq(bsyn_verify_bound(1, 2, 0.999), sqrt(0.999), 1e-9);
  cr_assert_float_eq(bsyn_verify_bound(7, 7, 0.999), 1.0, 0);
  cr_assert_float_eq(bsyn_verify_bound(0, 0, 0.999), 1.0, 0);
  cr_assert_lt(bsyn_verify_bound(3, 1000, 0.999), bsyn_verify_bound(4, 1000, 0.999));
}

/* ---- netlists against the oracle --------------------------------------------------- */

typedef struct fixture {
  bsyn_oracle *o;
  bsyn_aig *ref, *bad;
  bsyn_sampler *uni, *stress;
} fixture;

static void fixture_open(fixture *f) {
  bsyn_diag d;
  bsyn_diag_init(&d, NULL);
  f->o = bsyn_oracle_open(SPEC, &d);
  cr_assert_not_null(f->o, "%s", d.msg);
  f->ref = bsyn_arith_reference(SPEC, &d);
  cr_assert_not_null(f->ref, "%s", d.msg);
  uint32_t var = bsyn_lit_var(f->ref->outputs[8]); /* y[8]: an XOR, its top AND is observable */
  cr_assert(bsyn_aig_is_and(f->ref, var));
  f->bad = flip_and(f->ref, var);
  f->uni = bsyn_verify_sampler(f->o, "uniform", &d);
  f->stress = bsyn_verify_sampler(f->o, "stress", &d);
  cr_assert_not_null(f->stress, "%s", d.msg);
}

static void fixture_close(fixture *f) {
  bsyn_sampler_free(f->uni);
  bsyn_sampler_free(f->stress);
  bsyn_aig_free(f->ref);
  bsyn_aig_free(f->bad);
  bsyn_oracle_close(f->o);
}

static bsyn_verify_report *run(fixture *f, const bsyn_aig *g, uint64_t n, bsyn_pool *pool, size_t block_bytes) {
  bsyn_verify_source src[2] = {{"uniform", f->uni, n, NULL, 0, 0, NULL}, {"stress", f->stress, n, NULL, 0, 0, NULL}};
  bsyn_verify_params p;
  bsyn_verify_params_init(&p);
  p.seed = test_seed();
  p.pool = pool;
  p.block_bytes = block_bytes;
  p.max_cex = 5;
  bsyn_verify_report *r;
  bsyn_diag d;
  bsyn_diag_init(&d, NULL);
  cr_assert_eq(bsyn_verify_run(g, f->o, src, 2, &p, &r, &d), 0, "%s", d.msg);
  return r;
}

/* The oracle's answer to one vector (bytes in, bytes out). */
static void oracle_one(bsyn_oracle *o, const uint8_t *in, uint8_t *out) {
  uint64_t *rows = bsyn_calloc(o->num_inputs + 1, 8), *ans = bsyn_calloc(o->num_outputs + 1, 8);
  for (uint32_t i = 0; i < o->num_inputs; i++)
    rows[i] = in[i];
  bsyn_diag d;
  cr_assert_eq(bsyn_oracle_eval(o, rows, ans, 1, &d), 0);
  for (uint32_t k = 0; k < o->num_outputs; k++)
    out[k] = ans[k] & 1;
  free(rows);
  free(ans);
}

Test(verify, exact_reference_passes) {
  fixture f;
  fixture_open(&f);
  bsyn_verify_report *r = run(&f, f.ref, 100000, NULL, 0);
  cr_assert_eq(r->failing, 0);
  cr_assert_eq(r->num_cex, 0);
  cr_assert_eq(r->vectors, 200000);
  for (int s = 0; s < 2; s++)
    cr_assert_float_eq(r->sources[s].bound, bsyn_verify_bound(0, 100000, 0.999), 1e-15);
  bsyn_verify_report_free(r);
  fixture_close(&f);
}

Test(verify, flipped_and_is_caught_and_counterexamples_reproduce) {
  fixture f;
  fixture_open(&f);
  bsyn_verify_report *r = run(&f, f.bad, 100000, NULL, 0);
  cr_assert_gt(r->failing, 0);
  cr_assert_gt(r->mismatches[8], 0, "y[8] never wrong");
  cr_assert_eq(r->num_cex, 5);
  for (uint32_t k = 0; k < 8; k++)
    cr_assert_eq(r->mismatches[k], 0, "y[%u] is wrong but below the error", k);
  for (int s = 0; s < 2; s++)
    cr_assert_float_eq(r->sources[s].bound, bsyn_verify_bound(r->sources[s].failing, 100000, 0.999), 1e-15);
  uint8_t got[16], want[16];
  for (uint32_t i = 0; i < r->num_cex; i++) {
    const bsyn_verify_cex *x = &r->cex[i];
    bsyn_aig_eval(f.bad, x->in, got);
    oracle_one(f.o, x->in, want);
    cr_assert(memcmp(got, want, 16) != 0, "counterexample %u does not reproduce", i);
    cr_assert(memcmp(got, x->got, 16) == 0 && memcmp(want, x->want, 16) == 0);
    /* independent of the oracle code: the arithmetic itself */
    uint64_t a = 0, b = 0, y = 0;
    for (int k = 0; k < 16; k++) {
      a |= (uint64_t)x->in[k] << k;
      b |= (uint64_t)x->in[16 + k] << k;
      y |= (uint64_t)got[k] << k;
    }
    cr_assert_neq(y, (a + b) & 0xffff);
    if (i)
      cr_assert(x->source > r->cex[i - 1].source || x->index > r->cex[i - 1].index, "not in vector order");
  }
  bsyn_verify_report_free(r);
  fixture_close(&f);
}

/* One thread, two threads, small blocks: the same report. */
Test(verify, results_do_not_depend_on_threads_or_blocks) {
  fixture f;
  fixture_open(&f);
  bsyn_pool *pool = bsyn_pool_new(2);
  bsyn_verify_report *a = run(&f, f.bad, 300007, NULL, 0), *b = run(&f, f.bad, 300007, pool, 0),
                     *c = run(&f, f.bad, 300007, pool, 1); /* 8-word blocks */
  const bsyn_verify_report *rs[2] = {b, c};
  for (int i = 0; i < 2; i++) {
    const bsyn_verify_report *r = rs[i];
    cr_assert_eq(r->failing, a->failing);
    cr_assert_eq(memcmp(r->mismatches, a->mismatches, 16 * sizeof *a->mismatches), 0);
    cr_assert_eq(r->num_cex, a->num_cex);
    for (uint32_t k = 0; k < a->num_cex; k++) {
      cr_assert_eq(r->cex[k].index, a->cex[k].index);
      cr_assert_eq(memcmp(r->cex[k].in, a->cex[k].in, 32), 0);
    }
  }
  bsyn_verify_report_free(a);
  bsyn_verify_report_free(b);
  bsyn_verify_report_free(c);
  bsyn_pool_free(pool);
  fixture_close(&f);
}

Test(verify, interface_mismatch_is_an_error) {
  fixture f;
  fixture_open(&f);
  uint32_t outs[15];
  for (uint32_t k = 0; k < 15; k++)
    outs[k] = k;
  bsyn_aig *cut = bsyn_aig_cone(f.ref, outs, 15, 1);
  bsyn_verify_source src = {"uniform", f.uni, 64, NULL, 0, 0, NULL};
  bsyn_verify_params p;
  bsyn_verify_params_init(&p);
  bsyn_verify_report *r = (bsyn_verify_report *)&p;
  bsyn_diag d;
  bsyn_diag_init(&d, NULL);
  cr_assert_eq(bsyn_verify_run(cut, f.o, &src, 1, &p, &r, &d), -1);
  cr_assert_null(r);
  cr_assert(strstr(d.msg, "expected 32 inputs and 16 outputs") && strstr(d.msg, "found 32 inputs and 15 outputs"),
            "%s", d.msg);
  bsyn_aig_free(cut);
  fixture_close(&f);
}

/* ---- traces ------------------------------------------------------------------------ */

/* A trace of nvec add16 vectors (answers from the arithmetic), every third one an operand
 * pair that the flipped AND gets wrong more often (b = ~a), written to path. */
static void write_trace(const char *path, size_t nvec, uint64_t seed) {
  bsyn_diag d;
  bsyn_diag_init(&d, NULL);
  bsyn_oracle *o = bsyn_oracle_open(SPEC, &d);
  bsyn_trace t;
  memset(&t, 0, sizeof t);
  t.oracle = o->name;
  t.num_inputs = o->num_inputs;
  t.num_outputs = o->num_outputs;
  t.in_fields = o->in_fields;
  t.num_in_fields = o->num_in_fields;
  t.out_fields = o->out_fields;
  t.num_out_fields = o->num_out_fields;
  t.num_vectors = nvec;
  t.nwords = (nvec + 63) / 64;
  t.in = bsyn_calloc(t.num_inputs * t.nwords + 1, 8);
  t.out = bsyn_calloc(t.num_outputs * t.nwords + 1, 8);
  bsyn_rng rng;
  bsyn_rng_seed(&rng, seed);
  bsyn_arith_spec spec = {BSYN_ARITH_ADD, 16};
  for (size_t v = 0; v < nvec; v++) {
    uint64_t a = bsyn_rng_next(&rng) & 0xffff, b = v % 3 ? bsyn_rng_next(&rng) & 0xffff : ~a & 0xffff;
    uint64_t y = bsyn_arith_eval1(spec, a, b, 0);
    for (int k = 0; k < 16; k++) {
      t.in[k * t.nwords + v / 64] |= (a >> k & 1) << (v % 64);
      t.in[(16 + k) * t.nwords + v / 64] |= (b >> k & 1) << (v % 64);
      t.out[k * t.nwords + v / 64] |= (y >> k & 1) << (v % 64);
    }
  }
  cr_assert_eq(bsyn_trace_write(path, &t, &d), 0, "%s", d.msg);
  free(t.in);
  free(t.out);
  bsyn_oracle_close(o);
}

/* Every trace vector is checked: the failing count and the first failing vectors are the
 * ones a vector-by-vector evaluation finds. */
Test(verify, trace_vectors_checked_one_by_one) {
  fixture f;
  fixture_open(&f);
  const char *path = bsyn_test_tmpfile("add16.trace");
  size_t nvec = 1000;
  write_trace(path, nvec, test_seed());
  bsyn_trace *t;
  bsyn_diag d;
  bsyn_diag_init(&d, path);
  cr_assert_eq(bsyn_trace_read(path, &t, &d), 0, "%s", d.msg);
  uint64_t expect = 0, first[3];
  uint32_t nfirst = 0;
  uint8_t in[32], got[16], want[16];
  for (size_t v = 0; v < nvec; v++) {
    for (int i = 0; i < 32; i++)
      in[i] = t->in[i * t->nwords + v / 64] >> (v % 64) & 1;
    for (int k = 0; k < 16; k++)
      want[k] = t->out[k * t->nwords + v / 64] >> (v % 64) & 1;
    bsyn_aig_eval(f.bad, in, got);
    if (memcmp(got, want, 16)) {
      expect++;
      if (nfirst < 3)
        first[nfirst++] = v;
    }
  }
  cr_assert_gt(expect, 0, "the trace never hits the error");
  cr_assert_lt(expect, nvec);
  for (int answers = 0; answers < 2; answers++) { /* from the oracle, then from the trace */
    bsyn_verify_source src = {"trace", NULL, 0, t->in, t->nwords, t->num_vectors, answers ? t->out : NULL};
    bsyn_verify_params p;
    bsyn_verify_params_init(&p);
    p.max_cex = 3;
    p.block_bytes = 1; /* several blocks, the last one partial */
    bsyn_verify_report *r;
    cr_assert_eq(bsyn_verify_run(f.bad, f.o, &src, 1, &p, &r, &d), 0, "%s", d.msg);
    cr_assert_eq(r->sources[0].vectors, nvec);
    cr_assert_eq(r->failing, expect, "%llu failing, %llu by evaluation", (unsigned long long)r->failing,
                 (unsigned long long)expect);
    cr_assert_eq(r->num_cex, nfirst);
    for (uint32_t i = 0; i < nfirst; i++)
      cr_assert_eq(r->cex[i].index, first[i]);
    bsyn_verify_report_free(r);
  }
  bsyn_trace_free(t);
  fixture_close(&f);
}

/* ---- the command line --------------------------------------------------------------- */

static void write_netlists(const char **good, const char **bad) {
  fixture f;
  fixture_open(&f);
  bsyn_diag d;
  *good = bsyn_test_tmpfile("add16.aig");
  *bad = bsyn_test_tmpfile("add16_bad.aig");
  cr_assert_eq(bsyn_io_write_aiger(f.ref, *good, 1, &d), 0, "%s", d.msg);
  cr_assert_eq(bsyn_io_write_aiger(f.bad, *bad, 1, &d), 0, "%s", d.msg);
  fixture_close(&f);
}

/* Hex value of field "name" in the JSON text after `from`. */
static uint64_t json_hex(const char *from, const char *name) {
  char key[64];
  snprintf(key, sizeof key, "\"%s\":\"", name);
  const char *p = strstr(from, key);
  cr_assert_not_null(p, "no %s in %s", name, from);
  return strtoull(p + strlen(key), NULL, 16);
}

Test(verify, cli_passes_exact_and_fails_flipped) {
  const char *good, *bad;
  write_netlists(&good, &bad);
  char cmd[2048], *out = NULL;
  snprintf(cmd, sizeof cmd, "%s verify %s --oracle " SPEC " --vectors 200k --threads 2", bsyn_test_exe(), good);
  cr_assert_eq(bsyn_test_run(cmd, &out), 0, "%s", out);
  cr_assert(strstr(out, "PASS: no mismatch on 200000 vectors"), "%s", out);
  char hand[32];
  snprintf(hand, sizeof hand, "<= %.3g ", 1.0 - pow(0.001, 1.0 / 200000)); /* 3.45e-05 = ln(1000)/2e5 */
  cr_assert(strstr(out, hand), "no bound '%s' in %s", hand, out);
  free(out);
  snprintf(cmd, sizeof cmd, "%s verify %s --oracle " SPEC " --vectors 20000 --dist uniform,stress", bsyn_test_exe(),
           bad);
  cr_assert_eq(bsyn_test_run(cmd, &out), 1, "%s", out);
  cr_assert(strstr(out, "FAIL:") && strstr(out, "counterexample 1 (uniform") && strstr(out, "  stress "), "%s", out);
  cr_assert(strstr(out, "[8]="), "per-bit counts missing: %s", out);
  free(out);
  /* JSON: one line; its first counterexample, decoded, really is wrong */
  snprintf(cmd, sizeof cmd, "%s verify %s --oracle " SPEC " --vectors 5000 --json --cex 1", bsyn_test_exe(), bad);
  cr_assert_eq(bsyn_test_run(cmd, &out), 1, "%s", out);
  cr_assert_eq(strchr(out, '\n'), out + strlen(out) - 1, "not one line: %s", out);
  cr_assert(strstr(out, "\"pass\":false") && strstr(out, "\"failing\":"), "%s", out);
  const char *cx = strstr(out, "\"counterexamples\":[{");
  cr_assert_not_null(cx, "%s", out);
  uint64_t a = json_hex(cx, "a"), b = json_hex(cx, "b"), g = json_hex(cx, "gates"), w = json_hex(cx, "oracle");
  cr_assert_eq(w, (a + b) & 0xffff, "oracle value %llx for %llx + %llx", (unsigned long long)w,
               (unsigned long long)a, (unsigned long long)b);
  cr_assert_neq(g, w);
  free(out);
}

Test(verify, cli_checks_traces_and_interfaces) {
  const char *good, *bad;
  write_netlists(&good, &bad);
  const char *trace = bsyn_test_tmpfile("cli.trace");
  write_trace(trace, 300, test_seed());
  char cmd[2048], *out = NULL;
  snprintf(cmd, sizeof cmd, "%s verify %s --oracle " SPEC " --vectors 0 --trace %s --json", bsyn_test_exe(), good,
           trace);
  cr_assert_eq(bsyn_test_run(cmd, &out), 0, "%s", out);
  cr_assert(strstr(out, "\"vectors\":300,\"failing\":0"), "%s", out);
  free(out);
  snprintf(cmd, sizeof cmd, "%s verify %s --oracle " SPEC " --vectors 0 --trace %s", bsyn_test_exe(), bad, trace);
  cr_assert_eq(bsyn_test_run(cmd, &out), 1, "%s", out);
  cr_assert(strstr(out, "trace:"), "%s", out);
  free(out);
  snprintf(cmd, sizeof cmd, "%s verify %s --oracle arith:add8 --vectors 64", bsyn_test_exe(), good);
  cr_assert_eq(bsyn_test_run(cmd, &out), 1, "%s", out);
  cr_assert(strstr(out, "error: expected 16 inputs and 8 outputs as arith:add8 has, found 32 inputs and 16 outputs"),
            "%s", out);
  free(out);
  snprintf(cmd, sizeof cmd, "%s verify %s --oracle " SPEC " --dist rv32", bsyn_test_exe(), good);
  cr_assert_eq(bsyn_test_run(cmd, &out), 1, "%s", out);
  cr_assert(strstr(out, "expected an oracle with RV32 inputs"), "%s", out);
  free(out);
}

/* --device opencl gives the report of the CPU path (or falls back with a notice). */
Test(verify, cli_device_opencl_matches_cpu) {
  const char *good, *bad;
  write_netlists(&good, &bad);
  char cmd[2048], *cpu = NULL, *cl = NULL;
  snprintf(cmd, sizeof cmd, "%s verify %s --oracle " SPEC " --vectors 30000 --json --device cpu 2>/dev/null",
           bsyn_test_exe(), bad);
  cr_assert_eq(bsyn_test_run(cmd, &cpu), 1, "%s", cpu);
  snprintf(cmd, sizeof cmd, "%s verify %s --oracle " SPEC " --vectors 30000 --json --device opencl 2>/dev/null",
           bsyn_test_exe(), bad);
  cr_assert_eq(bsyn_test_run(cmd, &cl), 1, "%s", cl);
  cr_assert_str_eq(cl, cpu);
  free(cpu);
  free(cl);
}

/* An rv32i-core netlist that only wires the register address fields (inst bits) and gives 0
 * elsewhere: the default sources are uniform and rv32, the address fields never mismatch and
 * the rest is reported by field. */
Test(verify, cli_rv32_defaults_and_field_grouping) {
  bsyn_oracle *o = bsyn_oracle_open("rv32i-core", NULL);
  cr_assert_not_null(o);
  bsyn_aig *g = bsyn_aig_new();
  for (uint32_t i = 0; i < o->num_inputs; i++)
    bsyn_aig_add_input(g, NULL);
  for (uint32_t k = 0; k < o->num_outputs; k++) {
    bsyn_lit l = BSYN_LIT_FALSE;
    if (k < 10) /* rs1_addr = inst[19:15], rs2_addr = inst[24:20] */
      l = bsyn_lit_make(1 + 32 + 15 + k, 0);
    else if (k >= 11 && k < 16) /* rd_addr = inst[11:7] */
      l = bsyn_lit_make(1 + 32 + 7 + (k - 11), 0);
    bsyn_aig_add_output(g, l, NULL);
  }
  const char *path = bsyn_test_tmpfile("core_stub.aig");
  bsyn_diag d;
  cr_assert_eq(bsyn_io_write_aiger(g, path, 1, &d), 0);
  char cmd[2048], *out = NULL;
  snprintf(cmd, sizeof cmd, "%s verify %s --oracle rv32i-core --vectors 10000 --cex 1", bsyn_test_exe(), path);
  cr_assert_eq(bsyn_test_run(cmd, &out), 1, "%s", out);
  cr_assert(strstr(out, "  uniform ") && strstr(out, "  rv32 "), "%s", out);
  cr_assert(strstr(out, "  next_pc ") && strstr(out, "  rd_wdata ") && strstr(out, "  trap "), "%s", out);
  cr_assert(!strstr(out, "  rs1_addr ") && !strstr(out, "  rd_addr ") && !strstr(out, "  rs2_addr "), "%s", out);
  cr_assert(strstr(out, "inputs: pc=0x") && strstr(out, " inst=0x") && strstr(out, " mem_rdata=0x"), "%s", out);
  free(out);
  bsyn_aig_free(g);
  bsyn_oracle_close(o);
}
