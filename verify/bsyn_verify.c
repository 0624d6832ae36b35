/* The verifier: blocks of sample words simulated on the netlist and answered by the oracle,
 * compared bit-parallel, merged in block order. */
#include "bsyn_verify.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bsyn_cl_sim.h"
#include "bsyn_sample_rv32.h"

#define DEFAULT_BLOCK_BYTES ((size_t)4 << 20)

void bsyn_verify_params_init(bsyn_verify_params *p) {
  memset(p, 0, sizeof *p);
  p->seed = 1;
  p->confidence = 0.999;
  p->max_cex = 4;
  p->simd = BSYN_SIMD_AUTO;
}

/* ---- the bound ---------------------------------------------------------------------- */

/* Continued fraction of the regularized incomplete beta function I_x(a, b), evaluated with
 * the modified Lentz method; converges quickly for x < (a + 1) / (a + b + 2). */
static double beta_cf(double a, double b, double x) {
  const double tiny = 1e-300, eps = 1e-15;
  double c = 1.0, dd = 1.0 - (a + b) * x / (a + 1.0);
  if (fabs(dd) < tiny)
    dd = tiny;
  dd = 1.0 / dd;
  double f = dd;
  for (int m = 1; m < 1000000; m++) {
    double m2 = 2.0 * m;
    double num = m * (b - m) * x / ((a + m2 - 1.0) * (a + m2)); /* even step */
    dd = 1.0 + num * dd;
    c = 1.0 + num / c;
    dd = 1.0 / (fabs(dd) < tiny ? tiny : dd);
    c = fabs(c) < tiny ? tiny : c;
    f *= dd * c;
    num = -(a + m) * (a + b + m) * x / ((a + m2) * (a + m2 + 1.0)); /* odd step */
    dd = 1.0 + num * dd;
    c = 1.0 + num / c;
    dd = 1.0 / (fabs(dd) < tiny ? tiny : dd);
    c = fabs(c) < tiny ? tiny : c;
    double delta = dd * c;
    f *= delta;
    if (fabs(delta - 1.0) < eps)
      break;
  }
  return f;
}

/* I_x(a, b) for a, b > 0. */
static double beta_inc(double a, double b, double x) {
  if (x <= 0)
    return 0;
  if (x >= 1)
    return 1;
  double lfront = a * log(x) + b * log1p(-x) - (lgamma(a) + lgamma(b) - lgamma(a + b));
  if (x < (a + 1.0) / (a + b + 2.0))
    return exp(lfront) * beta_cf(a, b, x) / a;
  return 1.0 - exp(lfront) * beta_cf(b, a, 1.0 - x) / b;
}

double bsyn_verify_bound(uint64_t failing, uint64_t n, double confidence) {
  if (n == 0 || failing >= n)
    return 1.0;
  double alpha = 1.0 - confidence;
  if (failing == 0)
    return -expm1(log(alpha) / (double)n);
  /* P(X <= k; n, p) = I_{1-p}(n - k, k + 1) falls from 1 to 0 as p grows: bisect. */
  double a = (double)(n - failing), b = (double)failing + 1.0, lo = 0, hi = 1;
  for (int it = 0; it < 200 && hi - lo > 1e-17; it++) {
    double mid = 0.5 * (lo + hi);
    if (beta_inc(a, b, 1.0 - mid) > alpha)
      lo = mid;
    else
      hi = mid;
  }
  return hi;
}

/* ---- distributions ------------------------------------------------------------------- */

bsyn_sampler *bsyn_verify_sampler(const bsyn_oracle *o, const char *dist, bsyn_diag *d) {
  uint32_t n = o->num_inputs;
  if (!strcmp(dist, "uniform"))
    return bsyn_sampler_uniform(n);
  if (!strcmp(dist, "stress"))
    return bsyn_sampler_stress(n, o->in_fields, o->num_in_fields);
  bsyn_sampler *rv = bsyn_sampler_rv32(n, o->in_fields, o->num_in_fields);
  if (!strcmp(dist, "rv32")) {
    if (!rv)
      bsyn_diag_set(d, 0, 0, "expected an oracle with RV32 inputs (pc, inst, mem_rdata and rs1_val/rs2_val or "
                    "x1..x31) for the rv32 distribution, found %s", o->name);
    return rv;
  }
  if (!strcmp(dist, "mix")) {
    bsyn_sampler *st = bsyn_sampler_stress(n, o->in_fields, o->num_in_fields);
    bsyn_sampler *rest = rv ? bsyn_sampler_mixture(st, rv, 0.5) : st;
    return bsyn_sampler_mixture(bsyn_sampler_uniform(n), rest, 0.5);
  }
  bsyn_sampler_free(rv);
  bsyn_diag_set(d, 0, 0, "expected a distribution uniform, rv32, stress or mix, found '%s'", dist);
  return NULL;
}

/* ---- blocks -------------------------------------------------------------------------- */

typedef struct block_result {
  uint64_t failing;
  uint64_t *mism;   /* num_outputs */
  uint64_t *cex;    /* first failing vectors (index within the source), up to max_cex */
  uint32_t ncex;
  int rc;
  bsyn_diag diag;
} block_result;

typedef struct scratch {
  uint64_t *values; /* num_vars rows */
  uint64_t *want;   /* num_outputs rows */
  uint64_t *any;    /* one word per sample word: vectors with any output wrong */
} scratch;

typedef struct run_ctx {
  const bsyn_aig *aig;
  bsyn_oracle *o;
  const bsyn_verify_source *src;
  const bsyn_verify_params *p;
  size_t bw;              /* words per block */
  uint64_t words, nvec;   /* of the source */
  uint64_t first_block;
  block_result *res;
  scratch *thr;
  bsyn_cl *cl;            /* NULL once the device failed */
  char *notice;
} run_ctx;

/* Input rows (stride nw) of sample words w0.. of the source. */
static void source_inputs(const run_ctx *c, uint64_t w0, size_t nw, uint64_t *rows, size_t stride) {
  const bsyn_verify_source *s = c->src;
  uint32_t nin = c->aig->num_inputs;
  if (s->sampler) {
    s->sampler->fill(s->sampler, c->p->seed, BSYN_VERIFY_WORD0 + w0, nw, rows, stride);
    return;
  }
  for (uint32_t i = 0; i < nin; i++)
    memcpy(rows + (size_t)i * stride, s->rows + (size_t)i * s->row_words + w0, nw * sizeof(uint64_t));
}

/* The expected answers for the inputs in rows (stride nw). Returns 0 or -1 with d filled. */
static int source_answers(const run_ctx *c, uint64_t w0, size_t nw, const uint64_t *rows, uint64_t *want,
                          bsyn_diag *d) {
  const bsyn_verify_source *s = c->src;
  if (!s->answers)
    return bsyn_oracle_eval(c->o, rows, want, nw, d);
  for (uint32_t k = 0; k < c->aig->num_outputs; k++)
    memcpy(want + (size_t)k * nw, s->answers + (size_t)k * s->row_words + w0, nw * sizeof(uint64_t));
  return 0;
}

static void simulate(run_ctx *c, uint64_t *values, size_t nw) {
  if (c->cl) {
    bsyn_diag cd;
    bsyn_diag_init(&cd, NULL);
    if (bsyn_cl_sim_run(c->cl, c->aig, values, nw, &cd) == 0)
      return;
    snprintf(c->notice, 256, "OpenCL simulation failed (%.180s); continuing on the CPU", cd.msg);
    c->cl = NULL;
  }
  bsyn_sim_run(c->aig, values, nw, c->p->simd, NULL);
}

static void run_block(void *arg, size_t item, unsigned thread) {
  run_ctx *c = arg;
  const bsyn_aig *aig = c->aig;
  block_result *r = &c->res[item];
  scratch *t = &c->thr[thread];
  uint64_t w0 = (c->first_block + item) * c->bw;
  size_t nw = c->words - w0 < c->bw ? (size_t)(c->words - w0) : c->bw;
  uint32_t nout = aig->num_outputs;
  r->failing = 0;
  r->ncex = 0;
  r->rc = 0;
  memset(r->mism, 0, (size_t)nout * sizeof *r->mism);
  memset(t->values, 0, nw * sizeof(uint64_t)); /* row 0: the constant */
  source_inputs(c, w0, nw, t->values + nw, nw);
  bsyn_diag_init(&r->diag, NULL);
  if (source_answers(c, w0, nw, t->values + nw, t->want, &r->diag)) {
    r->rc = -1;
    return;
  }
  simulate(c, t->values, nw);
  memset(t->any, 0, nw * sizeof(uint64_t));
  uint64_t last = c->nvec % 64 ? (1ull << (c->nvec % 64)) - 1 : ~0ull;
  for (uint32_t k = 0; k < nout; k++) {
    bsyn_lit l = aig->outputs[k];
    const uint64_t *got = t->values + (size_t)bsyn_lit_var(l) * nw, *want = t->want + (size_t)k * nw;
    uint64_t inv = 0 - (uint64_t)bsyn_lit_sign(l), n = 0;
    for (size_t w = 0; w < nw; w++) {
      uint64_t diff = (got[w] ^ inv ^ want[w]) & (w0 + w == c->words - 1 ? last : ~0ull);
      t->any[w] |= diff;
      n += (uint64_t)__builtin_popcountll(diff);
    }
    r->mism[k] = n;
  }
  for (size_t w = 0; w < nw; w++) {
    r->failing += (uint64_t)__builtin_popcountll(t->any[w]);
    for (uint64_t m = t->any[w]; m && r->ncex < c->p->max_cex; m &= m - 1)
      r->cex[r->ncex++] = 64 * (w0 + w) + (uint64_t)__builtin_ctzll(m);
  }
}

/* ---- the run ------------------------------------------------------------------------- */

typedef struct pending_cex {
  uint32_t source;
  uint64_t index;
} pending_cex;

/* Recomputes counterexample e one vector at a time (the scalar evaluator and the oracle on
 * that vector's word). Returns 0 or -1 with d filled. */
static int materialize(const run_ctx *c, pending_cex e, bsyn_verify_cex *x, bsyn_diag *d) {
  const bsyn_aig *aig = c->aig;
  uint32_t nin = aig->num_inputs, nout = aig->num_outputs;
  uint64_t *row = bsyn_aligned_alloc(((size_t)nin + 1) * sizeof(uint64_t));
  uint64_t *ans = bsyn_aligned_alloc(((size_t)nout + 1) * sizeof(uint64_t));
  uint64_t word = e.index / 64;
  unsigned lane = (unsigned)(e.index % 64);
  source_inputs(c, word, 1, row, 1);
  int rc = source_answers(c, word, 1, row, ans, d);
  x->source = e.source;
  x->index = e.index;
  x->in = bsyn_malloc((size_t)nin + 1);
  x->got = bsyn_malloc((size_t)nout + 1);
  x->want = bsyn_malloc((size_t)nout + 1);
  for (uint32_t i = 0; i < nin; i++)
    x->in[i] = (uint8_t)(row[i] >> lane & 1);
  for (uint32_t k = 0; k < nout; k++)
    x->want[k] = (uint8_t)(ans[k] >> lane & 1);
  bsyn_aig_eval(aig, x->in, x->got);
  bsyn_aligned_free(row);
  bsyn_aligned_free(ans);
  return rc;
}

/* Runs one source's blocks, round by round, into rep. Returns 0 or -1 with d filled. */
static int run_source(run_ctx *c, bsyn_pool *pool, unsigned threads, bsyn_verify_report *rep, uint32_t si,
                      pending_cex *pend, uint32_t *npend, bsyn_diag *d) {
  uint64_t nblocks = (c->words + c->bw - 1) / c->bw;
  uint32_t nout = c->aig->num_outputs;
  for (uint64_t b0 = 0; b0 < nblocks; b0 += 2 * threads) {
    size_t n = nblocks - b0 < 2 * threads ? (size_t)(nblocks - b0) : 2 * threads;
    c->first_block = b0;
    bsyn_pool_run(pool, n, run_block, c);
    for (size_t i = 0; i < n; i++) {
      block_result *r = &c->res[i];
      if (r->rc) {
        *d = r->diag;
        return -1;
      }
      rep->sources[si].failing += r->failing;
      for (uint32_t k = 0; k < nout; k++)
        rep->mismatches[k] += r->mism[k];
      for (uint32_t j = 0; j < r->ncex && *npend < c->p->max_cex; j++)
        pend[(*npend)++] = (pending_cex){si, r->cex[j]};
    }
    if (c->p->progress) {
      uint64_t done = (b0 + n) * c->bw * 64;
      c->p->progress(c->p->progress_arg, si, done < c->nvec ? done : c->nvec, c->nvec);
    }
  }
  return 0;
}

static int check_interface(const bsyn_aig *aig, const bsyn_oracle *o, const bsyn_verify_source *src,
                           uint32_t nsrc, bsyn_diag *d) {
  if (aig->num_inputs != o->num_inputs || aig->num_outputs != o->num_outputs)
    return bsyn_diag_set(d, 0, 0, "expected %u inputs and %u outputs as %s has, found %u inputs and %u outputs",
                         o->num_inputs, o->num_outputs, o->name, aig->num_inputs, aig->num_outputs);
  for (uint32_t s = 0; s < nsrc; s++) {
    if (src[s].sampler && src[s].sampler->num_inputs != o->num_inputs)
      bsyn_abort("bsyn_verify_run: sampler of %u inputs for an oracle of %u", src[s].sampler->num_inputs,
                 o->num_inputs);
    if (!src[s].sampler && src[s].nvec > 64 * (uint64_t)src[s].row_words)
      bsyn_abort("bsyn_verify_run: %zu vectors in %zu row words", src[s].nvec, src[s].row_words);
    if ((src[s].sampler || !src[s].answers) && !o->ops->eval)
      return bsyn_diag_set(d, 0, 0, "expected an oracle that answers queries for source %s, found %s, a fixed "
                           "example set", src[s].name ? src[s].name : "?", o->name);
  }
  return 0;
}

/* Per-round block results and per-thread scratch for `threads` threads. */
static void ctx_open(run_ctx *c, unsigned threads) {
  size_t nres = 2 * (size_t)threads;
  c->res = bsyn_calloc(nres, sizeof *c->res);
  c->thr = bsyn_calloc(threads, sizeof *c->thr);
  for (size_t i = 0; i < nres; i++) {
    c->res[i].mism = bsyn_malloc(((size_t)c->aig->num_outputs + 1) * sizeof(uint64_t));
    c->res[i].cex = bsyn_malloc(((size_t)c->p->max_cex + 1) * sizeof(uint64_t));
  }
}

static void ctx_free_scratch(run_ctx *c, unsigned threads) {
  for (unsigned t = 0; t < threads; t++) {
    bsyn_aligned_free(c->thr[t].values);
    bsyn_aligned_free(c->thr[t].want);
    bsyn_aligned_free(c->thr[t].any);
  }
}

/* Makes every thread's scratch hold blocks of bw words. */
static void ctx_reserve(run_ctx *c, unsigned threads, size_t bw) {
  if (bw > c->bw) {
    ctx_free_scratch(c, threads);
    for (unsigned t = 0; t < threads; t++) {
      c->thr[t].values = bsyn_aligned_alloc((size_t)c->aig->num_vars * bw * sizeof(uint64_t));
      c->thr[t].want = bsyn_aligned_alloc(((size_t)c->aig->num_outputs + 1) * bw * sizeof(uint64_t));
      c->thr[t].any = bsyn_aligned_alloc(bw * sizeof(uint64_t));
    }
  }
  c->bw = bw;
}

static void ctx_close(run_ctx *c, unsigned threads) {
  ctx_free_scratch(c, threads);
  for (size_t i = 0; i < 2 * (size_t)threads; i++) {
    free(c->res[i].mism);
    free(c->res[i].cex);
  }
  free(c->res);
  free(c->thr);
}

int bsyn_verify_run(const bsyn_aig *aig, bsyn_oracle *o, const bsyn_verify_source *src, uint32_t nsrc,
                    const bsyn_verify_params *p, bsyn_verify_report **out, bsyn_diag *d) {
  *out = NULL;
  if (check_interface(aig, o, src, nsrc, d))
    return -1;
  bsyn_verify_report *rep = bsyn_calloc(1, sizeof *rep);
  rep->num_inputs = aig->num_inputs;
  rep->num_outputs = aig->num_outputs;
  rep->num_sources = nsrc;
  rep->sources = bsyn_calloc(nsrc + 1, sizeof *rep->sources);
  rep->mismatches = bsyn_calloc((size_t)aig->num_outputs + 1, sizeof *rep->mismatches);
  bsyn_pool *pool = (o->thread_safe && !p->cl) ? p->pool : NULL;
  unsigned threads = bsyn_pool_threads(pool);
  pending_cex *pend = bsyn_calloc((size_t)p->max_cex + 1, sizeof *pend);
  uint32_t npend = 0;
  run_ctx c = {aig, o, NULL, p, 0, 0, 0, 0, NULL, NULL, p->cl, rep->notice};
  ctx_open(&c, threads);
  int rc = 0;
  for (uint32_t s = 0; s < nsrc && rc == 0; s++) {
    c.src = &src[s];
    c.nvec = src[s].sampler ? src[s].vectors : src[s].nvec;
    c.words = (c.nvec + 63) / 64;
    rep->sources[s].vectors = c.nvec;
    if (!c.words)
      continue;
    ctx_reserve(&c, threads, bsyn_sim_batch_words(aig, p->block_bytes ? p->block_bytes : DEFAULT_BLOCK_BYTES, c.nvec));
    rc = run_source(&c, pool, threads, rep, s, pend, &npend, d);
  }
  rep->cex = bsyn_calloc((size_t)npend + 1, sizeof *rep->cex);
  for (uint32_t i = 0; i < npend && rc == 0; i++) {
    c.src = &src[pend[i].source];
    rc = materialize(&c, pend[i], &rep->cex[rep->num_cex++], d);
  }
  for (uint32_t s = 0; s < nsrc; s++) {
    rep->sources[s].bound = bsyn_verify_bound(rep->sources[s].failing, rep->sources[s].vectors, p->confidence);
    rep->vectors += rep->sources[s].vectors;
    rep->failing += rep->sources[s].failing;
  }
  ctx_close(&c, threads);
  free(pend);
  if (rc) {
    bsyn_verify_report_free(rep);
    return -1;
  }
  *out = rep;
  return 0;
}

void bsyn_verify_report_free(bsyn_verify_report *r) {
  if (!r)
    return;
  for (uint32_t i = 0; i < r->num_cex; i++) {
    free(r->cex[i].in);
    free(r->cex[i].got);
    free(r->cex[i].want);
  }
  free(r->cex);
  free(r->sources);
  free(r->mismatches);
  free(r);
}
