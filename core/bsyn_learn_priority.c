/* Input priority: which inputs *control* the others. Fixing a control input (an opcode bit)
 * switches whole groups of other inputs off (an illegal encoding ignores every operand), so
 * the summed influence of the other inputs drops; fixing a data input (an operand bit)
 * leaves the rest about as influential as before. Splitting on control inputs first keeps
 * the decoder above the datapath instead of copied under every adder (docs/learner.md).
 *
 * Influence is sampled like the learner's sensitivity: flip one input on sampler words and
 * count changed answers, summed over the learned outputs. Per input i, one oracle batch
 * holds the base words with i free, with i = 0 and with i = 1, each also with every other
 * input flipped: 3 * (nin + 1) blocks of `words` words. */
#include <stdlib.h>
#include <string.h>

#include "bsyn_learn_internal.h"

/* Sample words of the estimate: far from the learner's signature and confirmation words. */
#define PRIORITY_FIRST_WORD (1ull << 42)

typedef struct prio_job {
  bsyn_oracle *o;
  const bsyn_sampler *s;
  uint64_t seed;
  const uint32_t *outs;
  uint32_t nout, words;
  double *score;
  double *swing; /* NULL: not wanted */
  uint64_t **in, **out;
  uint8_t **fixed;
  int *rc;
  bsyn_diag *diags;
  double deadline; /* 0 = none */
  int late;        /* 1 once an input was left out at the deadline (any thread) */
} prio_job;

/* Block b of 3 * (nin + 1): setting c = b / (nin + 1) (0: i free, 1: i = 0, 2: i = 1),
 * flip f = b % (nin + 1) (nin: none). */
static void fill_blocks(const prio_job *j, uint32_t i, uint64_t *in, size_t cw, uint8_t *fixed) {
  uint32_t nin = j->o->num_inputs, w = j->words;
  for (uint32_t c = 0; c < 3; c++) {
    uint64_t *base = in + (size_t)c * (nin + 1) * w;
    j->s->fill(j->s, j->seed, PRIORITY_FIRST_WORD, w, base, cw);
    if (c) {
      for (uint32_t k = 0; k < w; k++)
        base[(size_t)i * cw + k] = c == 2 ? ~0ull : 0;
      fixed[i] = 1;
    }
    if (j->s->fixup)
      j->s->fixup(j->s, j->seed, PRIORITY_FIRST_WORD, w, fixed, base, cw);
    fixed[i] = 0;
    for (uint32_t f = 0; f < nin; f++) {
      uint64_t *blk = base + (size_t)(f + 1) * w;
      for (uint32_t x = 0; x < nin; x++)
        memcpy(blk + (size_t)x * cw, base + (size_t)x * cw, w * sizeof *blk);
      for (uint32_t k = 0; k < w; k++)
        blk[(size_t)f * cw + k] = ~blk[(size_t)f * cw + k];
    }
  }
}

static void prio_one(void *arg, size_t item, unsigned thread) {
  prio_job *j = arg;
  uint32_t i = (uint32_t)item, nin = j->o->num_inputs, w = j->words;
  size_t cw = (size_t)3 * (nin + 1) * w;
  if (!j->in[thread]) {
    j->in[thread] = bsyn_aligned_alloc((size_t)nin * cw * sizeof(uint64_t));
    j->out[thread] = bsyn_aligned_alloc((size_t)j->o->num_outputs * cw * sizeof(uint64_t));
    j->fixed[thread] = bsyn_calloc(nin + 1, 1);
  }
  if (j->deadline > 0 && bsyn_learn_now() > j->deadline) {
    __atomic_store_n(&j->late, 1, __ATOMIC_RELAXED);
    return;
  }
  uint64_t *in = j->in[thread], *out = j->out[thread];
  fill_blocks(j, i, in, cw, j->fixed[thread]);
  bsyn_diag_init(&j->diags[i], j->o->name);
  if ((j->rc[i] = bsyn_oracle_eval(j->o, in, out, cw, &j->diags[i])) != 0)
    return;
  /* influence of every other input with i free (c = 0) minus the mean over i = 0 / i = 1;
   * the swing: how far each other input's influence moves between i = 0 and i = 1 */
  double drop = 0, swing = 0;
  for (uint32_t f = 0; f < nin; f++) {
    if (f == i)
      continue;
    uint64_t at[3] = {0, 0, 0};
    for (uint32_t c = 0; c < 3; c++) {
      size_t base = (size_t)c * (nin + 1) * w;
      for (uint32_t r = 0; r < j->nout; r++) {
        const uint64_t *row = out + (size_t)j->outs[r] * cw + base;
        for (uint32_t k = 0; k < w; k++)
          at[c] += (uint64_t)__builtin_popcountll(row[k] ^ row[(size_t)(f + 1) * w + k]);
      }
    }
    drop += (double)at[0] - 0.5 * (double)at[1] - 0.5 * (double)at[2];
    swing += at[1] > at[2] ? (double)(at[1] - at[2]) : (double)(at[2] - at[1]);
  }
  j->score[i] = drop / (64.0 * w);
  if (j->swing)
    j->swing[i] = swing / (64.0 * w);
}

int bsyn_learn_priority(bsyn_oracle *o, const bsyn_sampler *s, uint64_t seed, const uint32_t *outs,
                        uint32_t nout, uint32_t words, bsyn_pool *pool, double *score,
                        bsyn_diag *d) {
  return bsyn_learn_priority_swing(o, s, seed, outs, nout, words, pool, 0, score, NULL, d);
}

int bsyn_learn_priority_until(bsyn_oracle *o, const bsyn_sampler *s, uint64_t seed,
                              const uint32_t *outs, uint32_t nout, uint32_t words, bsyn_pool *pool,
                              double deadline, double *score, bsyn_diag *d) {
  return bsyn_learn_priority_swing(o, s, seed, outs, nout, words, pool, deadline, score, NULL, d);
}

int bsyn_learn_priority_swing(bsyn_oracle *o, const bsyn_sampler *s, uint64_t seed,
                              const uint32_t *outs, uint32_t nout, uint32_t words, bsyn_pool *pool,
                              double deadline, double *score, double *swing, bsyn_diag *d) {
  uint32_t nin = o->num_inputs;
  if (!o->ops || !o->ops->eval || words == 0)
    bsyn_abort("bsyn_learn_priority: needs a queryable oracle and words > 0");
  if (!o->thread_safe)
    pool = NULL;
  unsigned nt = bsyn_pool_threads(pool);
  prio_job j = {o,    s,    seed, outs, nout,     words, score, swing,
                NULL, NULL, NULL, NULL, NULL, deadline, 0};
  j.in = bsyn_calloc(nt, sizeof *j.in);
  j.out = bsyn_calloc(nt, sizeof *j.out);
  j.fixed = bsyn_calloc(nt, sizeof *j.fixed);
  j.rc = bsyn_calloc(nin + 1, sizeof *j.rc);
  j.diags = bsyn_calloc(nin + 1, sizeof *j.diags);
  if (pool)
    bsyn_pool_run(pool, nin, prio_one, &j);
  else
    for (uint32_t i = 0; i < nin; i++)
      prio_one(&j, i, 0);
  int rc = 0;
  for (uint32_t i = 0; i < nin && !rc; i++)
    if (j.rc[i]) {
      rc = -1;
      if (d)
        *d = j.diags[i];
    }
  if (!rc && j.late)
    rc = 1;
  for (unsigned t = 0; t < nt; t++) {
    bsyn_aligned_free(j.in[t]);
    bsyn_aligned_free(j.out[t]);
    free(j.fixed[t]);
  }
  free(j.in);
  free(j.out);
  free(j.fixed);
  free(j.rc);
  free(j.diags);
  return rc;
}
