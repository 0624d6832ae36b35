/* The calibration batches of `--device auto`: built once per call, timed on one path. The
 * batches are generated, not read from files, so a machine without the data folder still
 * calibrates, and they are fixed (seeded) so the same machine measures the same work. */
#include "bsyn_cl_calib.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bsyn_aig.h"
#include "bsyn_bsd.h"
#include "bsyn_cl_bsd.h"
#include "bsyn_cl_probe.h"
#include "bsyn_cl_sim.h"
#include "bsyn_learn_internal.h"
#include "bsyn_learn_sample.h"
#include "bsyn_rv32_oracle.h"
#include "bsyn_sim.h"

enum {
  AIG_WIDTH = 512,
  AIG_LEVELS = 48,
  AIG_WORDS = 64,
  BSD_INPUTS = 64,
  BSD_NODES = 16000,
  BSD_ROOTS = 16,
  BSD_WORDS = 64,
  PROBE_NODES = 200,
  PROBE_FLIPS = 6,
  PROBE_SIG_WORDS = 16,
  PROBE_X_WORDS = 4,
  PROBE_MAX_PATH = 24
};

/* One kernel's batch: inputs, the answer buffers, and what the answer is compared on. */
typedef struct batch {
  bsyn_kernel_id k;
  double work;
  bsyn_pool *pool;
  /* aig_sim */
  bsyn_aig *aig;
  uint64_t *values;
  size_t nvals;
  /* bsd_eval */
  bsyn_bsd *bsd;
  bsyn_edge roots[BSD_ROOTS];
  uint64_t *in, *out;
  /* probe */
  bsyn_oracle *oracle;
  bsyn_sampler *sampler;
  bsyn_probe_ctx pc;
  bsyn_probe_req *reqs;
  size_t nreqs;
  uint32_t *paths;
  uint64_t *dest;
  uint32_t *counts;
} batch;

const char *bsyn_cl_calib_unit(bsyn_kernel_id k) {
  return k == BSYN_KERNEL_PROBE ? "vectors" : "node-words";
}

static double now_s(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* Levels of AIG_WIDTH ANDs: three fanins in four from the level just below, the rest from
 * anywhere below, so the depth (one device launch per level) is about AIG_LEVELS. */
static void make_aig(batch *b) {
  bsyn_aig *g = bsyn_aig_new();
  bsyn_rng r;
  bsyn_rng_seed(&r, 0xa16);
  bsyn_lit prev[AIG_WIDTH], cur[AIG_WIDTH];
  for (unsigned i = 0; i < AIG_WIDTH; i++)
    prev[i] = bsyn_aig_add_input(g, NULL);
  for (unsigned l = 0; l < AIG_LEVELS; l++) {
    for (unsigned i = 0; i < AIG_WIDTH; i++) {
      bsyn_lit f[2];
      for (unsigned k = 0; k < 2; k++) {
        uint64_t x = bsyn_rng_next(&r);
        bsyn_lit lit = (x & 3) ? prev[(x >> 8) % AIG_WIDTH]
                               : 2 * (1 + (uint32_t)((x >> 8) % (g->num_vars - 1)));
        f[k] = lit ^ (uint32_t)(x >> 40 & 1);
      }
      cur[i] = bsyn_aig_and(g, f[0], f[1]);
    }
    memcpy(prev, cur, sizeof prev);
  }
  for (unsigned i = 0; i < 64; i++)
    bsyn_aig_add_output(g, prev[i], NULL);
  b->aig = g;
  b->nvals = (size_t)g->num_vars * AIG_WORDS;
  b->values = bsyn_aligned_alloc(b->nvals * sizeof(uint64_t));
  memset(b->values, 0, b->nvals * sizeof(uint64_t));
  bsyn_sim_random_rows(b->values + AIG_WORDS, AIG_WORDS, g->num_inputs, AIG_WORDS, 0, 7);
  b->work = (double)bsyn_aig_num_ands(g) * AIG_WORDS;
}

/* Nodes over children among the last 1,024 made, so heights (one launch each) stay
 * moderate and the roots share most of the graph. */
static void make_bsd(batch *b) {
  b->bsd = bsyn_bsd_new(BSD_INPUTS);
  bsyn_rng r;
  bsyn_rng_seed(&r, 0xb5d);
  bsyn_edge *made = bsyn_malloc((BSD_NODES + 1) * sizeof *made);
  uint32_t m = 0;
  made[m++] = BSYN_EDGE_FALSE;
  for (uint32_t k = 0; k < BSD_NODES; k++) {
    uint64_t x = bsyn_rng_next(&r);
    uint32_t span = m < 1024 ? m : 1024;
    bsyn_edge lo = made[m - 1 - (uint32_t)((x >> 8) % span)] ^ (uint32_t)(x & 1);
    bsyn_edge hi = made[m - 1 - (uint32_t)((x >> 24) % span)];
    made[m++] = bsyn_bsd_make(b->bsd, (uint32_t)((x >> 40) % BSD_INPUTS), lo, hi);
  }
  for (uint32_t i = 0; i < BSD_ROOTS; i++)
    b->roots[i] = made[m - 1 - i];
  free(made);
  b->in = bsyn_malloc((size_t)BSD_INPUTS * BSD_WORDS * sizeof(uint64_t));
  b->out = bsyn_malloc((size_t)BSD_ROOTS * BSD_WORDS * sizeof(uint64_t));
  bsyn_sim_random_rows(b->in, BSD_WORDS, BSD_INPUTS, BSD_WORDS, 0, 9);
  b->work = (double)bsyn_bsd_count(b->bsd, b->roots, BSD_ROOTS) * BSD_WORDS;
}

/* A learner level: per node one signature block on its path, then sensitivity blocks that
 * compare a flipped input against that signature (the same group). */
static void make_probe(batch *b) {
  b->oracle = bsyn_rv32_oracle_core();
  uint32_t nin = b->oracle->num_inputs, nout = b->oracle->num_outputs;
  b->sampler = bsyn_sampler_uniform(nin);
  bsyn_probe_init(&b->pc, b->oracle, b->sampler, 3, b->pool);
  b->nreqs = (size_t)PROBE_NODES * (1 + PROBE_FLIPS);
  b->reqs = bsyn_calloc(b->nreqs, sizeof *b->reqs);
  b->paths = bsyn_malloc((size_t)PROBE_NODES * PROBE_MAX_PATH * sizeof *b->paths);
  b->dest = bsyn_calloc((size_t)PROBE_NODES * PROBE_SIG_WORDS, sizeof *b->dest);
  b->counts = bsyn_calloc((size_t)PROBE_NODES * PROBE_FLIPS * 3, sizeof *b->counts);
  bsyn_rng r;
  bsyn_rng_seed(&r, 0x9b0);
  size_t q = 0;
  for (uint32_t v = 0; v < PROBE_NODES; v++) {
    uint32_t *path = b->paths + (size_t)v * PROBE_MAX_PATH;
    uint32_t len = 8 + (uint32_t)(bsyn_rng_next(&r) % (PROBE_MAX_PATH - 7));
    for (uint32_t e = 0; e < len; e++) {
      uint64_t x = bsyn_rng_next(&r);
      path[e] = 2 * (uint32_t)((x >> 8) % nin) + (uint32_t)(x & 1);
    }
    uint64_t *sig = b->dest + (size_t)v * PROBE_SIG_WORDS;
    bsyn_probe_req *s = &b->reqs[q++];
    *s = (bsyn_probe_req){0};
    s->path = path;
    s->path_len = len;
    s->output = v % nout;
    s->flip = UINT32_MAX;
    s->nwords = PROBE_SIG_WORDS;
    s->dest = sig;
    s->starts_group = 1;
    for (uint32_t f = 0; f < PROBE_FLIPS; f++) {
      bsyn_probe_req *x = &b->reqs[q++];
      *x = *s;
      x->flip = (uint32_t)(bsyn_rng_next(&r) % nin);
      x->nwords = PROBE_X_WORDS;
      x->dest = NULL;
      x->base = sig;
      x->count = b->counts + 3 * ((size_t)v * PROBE_FLIPS + f);
      x->starts_group = 0;
    }
  }
  b->work = (double)PROBE_NODES * (PROBE_SIG_WORDS + PROBE_FLIPS * PROBE_X_WORDS) * 64;
}

static void batch_make(batch *b, bsyn_kernel_id k, bsyn_pool *pool) {
  memset(b, 0, sizeof *b);
  b->k = k;
  b->pool = pool;
  if (k == BSYN_KERNEL_AIG_SIM)
    make_aig(b);
  else if (k == BSYN_KERNEL_BSD_EVAL)
    make_bsd(b);
  else
    make_probe(b);
}

static void batch_free(batch *b) {
  bsyn_aig_free(b->aig);
  bsyn_aligned_free(b->values);
  bsyn_bsd_free(b->bsd);
  free(b->in);
  free(b->out);
  if (b->oracle) {
    bsyn_probe_free(&b->pc);
    bsyn_sampler_free(b->sampler);
    bsyn_oracle_close(b->oracle);
  }
  free(b->reqs);
  free(b->paths);
  free(b->dest);
  free(b->counts);
}

/* One run on cl (NULL: the C path). */
static int batch_run(batch *b, bsyn_cl *cl, bsyn_diag *d) {
  switch (b->k) {
  case BSYN_KERNEL_AIG_SIM:
    if (cl)
      return bsyn_cl_sim_run(cl, b->aig, b->values, AIG_WORDS, d);
    bsyn_sim_run(b->aig, b->values, AIG_WORDS, BSYN_SIMD_AUTO, b->pool);
    return 0;
  case BSYN_KERNEL_BSD_EVAL:
    if (cl)
      return bsyn_cl_bsd_eval(cl, b->bsd, b->roots, BSD_ROOTS, b->in, b->out, BSD_WORDS, d);
    bsyn_bsd_eval(b->bsd, b->roots, BSD_ROOTS, b->in, b->out, BSD_WORDS);
    return 0;
  default: /* counts accumulate: every run starts them from zero */
    memset(b->counts, 0, (size_t)PROBE_NODES * PROBE_FLIPS * 3 * sizeof *b->counts);
    return cl ? bsyn_cl_probe_run(cl, &b->pc, b->reqs, b->nreqs, d)
              : bsyn_probe_run(&b->pc, b->reqs, b->nreqs, d);
  }
}

/* The answer bytes of the last run: *n bytes at the returned pointer (second: the probe's
 * sensitivity counts, its second part). */
static const void *answer(const batch *b, int second, size_t *n) {
  switch (b->k) {
  case BSYN_KERNEL_AIG_SIM:
    *n = b->nvals * sizeof(uint64_t);
    return b->values;
  case BSYN_KERNEL_BSD_EVAL:
    *n = (size_t)BSD_ROOTS * BSD_WORDS * sizeof(uint64_t);
    return b->out;
  default:
    *n = second ? (size_t)PROBE_NODES * PROBE_FLIPS * 3 * sizeof *b->counts
                : (size_t)PROBE_NODES * PROBE_SIG_WORDS * sizeof *b->dest;
    return second ? (const void *)b->counts : (const void *)b->dest;
  }
}

/* Copies the answer (both parts) into a malloc'ed buffer of *n bytes. */
static unsigned char *answer_copy(const batch *b, size_t *n) {
  size_t n0, n1 = 0;
  const void *a0 = answer(b, 0, &n0), *a1 = b->k == BSYN_KERNEL_PROBE ? answer(b, 1, &n1) : NULL;
  unsigned char *c = bsyn_malloc(n0 + n1 + 1);
  memcpy(c, a0, n0);
  if (a1)
    memcpy(c + n0, a1, n1);
  *n = n0 + n1;
  return c;
}

/* Clears what the last run wrote, so a device that writes nothing cannot pass the check. */
static void forget_answer(batch *b) {
  if (b->k == BSYN_KERNEL_AIG_SIM) {
    size_t first = (size_t)(b->aig->num_inputs + 1) * AIG_WORDS;
    memset(b->values + first, 0, (b->nvals - first) * sizeof(uint64_t));
  } else if (b->k == BSYN_KERNEL_BSD_EVAL) {
    memset(b->out, 0, (size_t)BSD_ROOTS * BSD_WORDS * sizeof(uint64_t));
  } else {
    memset(b->dest, 0, (size_t)PROBE_NODES * PROBE_SIG_WORDS * sizeof *b->dest);
  }
}

struct bsyn_cl_calib {
  batch b;
  bsyn_cl *cl;
  unsigned char *want; /* the C path's answer, for a device */
  size_t nwant;
  double best, spent;
  unsigned runs;
  int failed;
  bsyn_diag error; /* why a timed run failed */
};

bsyn_cl_calib *bsyn_cl_calib_new(bsyn_kernel_id k, bsyn_cl *cl, bsyn_pool *pool, bsyn_diag *d) {
  if ((unsigned)k >= BSYN_KERNEL_COUNT)
    bsyn_abort("bsyn_cl_calib_new: kernel %d", (int)k);
  bsyn_cl_calib *c = bsyn_calloc(1, sizeof *c);
  batch_make(&c->b, k, pool);
  c->cl = cl;
  c->best = 1e30;
  if (cl) { /* the reference answer from the C path */
    batch_run(&c->b, NULL, NULL);
    c->want = answer_copy(&c->b, &c->nwant);
    forget_answer(&c->b);
  }
  if (batch_run(&c->b, cl,
                d)) { /* warm-up: program build or cache load, first launch, page faults */
    bsyn_cl_calib_free(c);
    return NULL;
  }
  return c;
}

/* One timed run; a failure is kept in c and ends c's runs. */
static void step(bsyn_cl_calib *c) {
  double t0 = now_s();
  bsyn_diag_init(&c->error, NULL);
  if (batch_run(&c->b, c->cl, &c->error)) {
    c->failed = 1;
    return;
  }
  double t = now_s() - t0;
  c->spent += t;
  c->runs++;
  if (t < c->best)
    c->best = t;
}

int bsyn_cl_calib_finish(bsyn_cl_calib *c, bsyn_cl_calib_result *out, bsyn_diag *d) {
  memset(out, 0, sizeof *out);
  if (c->failed)
    return bsyn_diag_set(d, 0, 0, "%s", c->error.msg);
  if (!c->runs)
    return bsyn_diag_set(d, 0, 0, "expected a timed run of %s, found none",
                         bsyn_kernel_id_name(c->b.k));
  if (c->want) {
    size_t ngot;
    unsigned char *got = answer_copy(&c->b, &ngot);
    int same = ngot == c->nwant && !memcmp(got, c->want, ngot);
    free(got);
    if (!same)
      return bsyn_diag_set(d, 0, 0,
                           "expected the C path's answer from %s on %s, found different bits",
                           bsyn_kernel_id_name(c->b.k), bsyn_cl_info(c->cl)->name);
  }
  double best = c->best > 0 ? c->best : 1e-9;
  out->work = c->b.work;
  out->seconds = best;
  out->per_s = c->b.work / best;
  out->runs = c->runs;
  return 0;
}

void bsyn_cl_calib_free(bsyn_cl_calib *c) {
  if (!c)
    return;
  batch_free(&c->b);
  free(c->want);
  free(c);
}

int bsyn_cl_calibrate(bsyn_kernel_id k, bsyn_cl *cl, bsyn_pool *pool, bsyn_cl_calib_result *out,
                      bsyn_diag *d) {
  bsyn_cl_calib *paths[1];
  memset(out, 0, sizeof *out);
  if (!(paths[0] = bsyn_cl_calib_new(k, cl, pool, d)))
    return -1;
  bsyn_cl_calib_rounds(paths, 1);
  int rc = bsyn_cl_calib_finish(paths[0], out, d);
  bsyn_cl_calib_free(paths[0]);
  return rc;
}

void bsyn_cl_calib_rounds(bsyn_cl_calib *const *paths, size_t n) {
  /* Turns of several runs rather than one run each: a path's first run after another
   * path's pays for the other's cache footprint and idling driver threads, which a caller
   * that uses one path does not. */
  for (unsigned turn = 0; turn < 3; turn++)
    for (size_t i = 0; i < n; i++) {
      bsyn_cl_calib *c = paths[i];
      if (!c || c->failed || (turn > 0 && c->best > 0.15)) /* a slow path shows it in one run */
        continue;
      double start = c->spent;
      for (unsigned r = 0; r < 5 && !c->failed && (r == 0 || c->spent - start < 0.008); r++)
        step(c);
    }
}
