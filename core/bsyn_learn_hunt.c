/* Counterexample search from the oracle alone (bsyn_learner_hunt in bsyn_learn.h).
 *
 * Two kinds of vectors, both from the boundary distribution (bsyn_sampler_boundary) around
 * the caller's base words:
 *   - plain ones, which reach whatever part of the diagram they reach;
 *   - node-aimed ones: every open node claims the function of its output under its creation
 *     path (bsyn_learn_refine.c), so a word of vectors with that path forced reaches the
 *     node however rare the path is under any distribution, and its free bits at boundary
 *     values test the node's leaves and merges where they are most likely wrong (a carry
 *     that runs through the bits the path fixed, operands equal above the bits it fixed).
 * The learned BSD answers both and the oracle says where it is wrong. */
#include <stdlib.h>
#include <string.h>

#include "bsyn_learn_internal.h"

enum { HUNT_WORDS = 1024, AIM_WORDS = 1, PER_OUTPUT = BSYN_HUNT_PER_OUTPUT };
/* Chunks per thread in one batch of the pool (their finds are merged between batches). */
enum { HUNT_BATCH = 4 };
/* sample words of the search: after the verifier's (2^40) and before the priority's (2^42) */
#define HUNT_FIRST_WORD (1ull << 41)

/* One chunk of the search: HUNT_WORDS words at most, plain or aimed. */
typedef struct hunt_chunk {
  uint64_t w0; /* the first sample word (relative to HUNT_FIRST_WORD); from `plain` on the
                  words are aimed: word w at open node (w - plain) * nopen / aimed + seed */
  size_t nw;
} hunt_chunk;

/* What a chunk found: its first PER_OUTPUT wrong vectors per output, in the order the
 * search meets them (word, then output), and how many vectors were wrong. */
typedef struct hunt_found {
  uint32_t *out; /* the wrong output of each kept vector */
  uint8_t *vecs; /* their inputs, nin bytes each */
  uint32_t n;
  int64_t wrong;
  int rc;
  bsyn_diag diag;
} hunt_found;

typedef struct hunt_job {
  bsyn_learner *l;
  const bsyn_sampler *s;
  uint64_t seed, plain, aimed;
  const uint32_t *open;
  size_t nopen;
  const hunt_chunk *chunks;
  hunt_found *found;
  uint64_t **rows, **want, **got; /* per thread */
  uint32_t **seen;                /* per thread, nout entries */
} hunt_job;

/* Forces node v's creation path onto word w of rows (nw words per row), and v's own input
 * to 0 in the even lanes and 1 in the odd ones: each of its two children (a leaf, often) is
 * reached by half the word with the free bits below at boundary values. A comparator with a
 * constant leaves its needle (x == 0x3b9ac9ff in EPFL router: the path fixes the high bits,
 * the node's input is 0, the rest all ones) just below such a leaf. Reads the diagram only
 * (chunks force paths on several threads). */
static void force_path(const bsyn_learner *l, uint32_t v, uint64_t *rows, size_t nw, size_t w) {
  for (uint32_t a = l->g->nodes[v].aux; a != BSYN_BSD_ROOT_AUX; a = l->g->nodes[a >> 1].aux)
    rows[(size_t)l->g->nodes[a >> 1].var * nw + w] = a & 1u ? ~0ull : 0;
  rows[(size_t)l->g->nodes[v].var * nw + w] = 0xaaaaaaaaaaaaaaaaull;
}

/* Fills chunk c's words, answers them with the oracle and the BSD, and keeps in found[c] the
 * first PER_OUTPUT vectors wrong on each output. */
static void hunt_chunk_run(void *arg, size_t c, unsigned t) {
  hunt_job *j = arg;
  const bsyn_learner *l = j->l;
  const hunt_chunk *ch = &j->chunks[c];
  hunt_found *f = &j->found[c];
  size_t nw = ch->nw;
  if (!j->rows[t]) {
    j->rows[t] = bsyn_malloc(((size_t)l->nin * HUNT_WORDS + 1) * 8);
    j->want[t] = bsyn_malloc(((size_t)l->o->num_outputs * HUNT_WORDS + 1) * 8);
    j->got[t] = bsyn_malloc(((size_t)l->nout * HUNT_WORDS + 1) * 8);
    j->seen[t] = bsyn_malloc(((size_t)l->nout + 1) * sizeof **j->seen);
  }
  uint64_t *rows = j->rows[t], *want = j->want[t], *got = j->got[t];
  uint32_t *seen = j->seen[t];
  j->s->fill(j->s, j->seed, HUNT_FIRST_WORD + ch->w0, nw, rows, nw);
  for (uint64_t w = ch->w0; w < ch->w0 + nw && w >= j->plain; w++)
    force_path(l, j->open[(size_t)(((w - j->plain) * j->nopen / j->aimed + j->seed) % j->nopen)],
               rows, nw, (size_t)(w - ch->w0));
  bsyn_diag_init(&f->diag, l->o->name);
  if ((f->rc = bsyn_oracle_eval(l->o, rows, want, nw, &f->diag)) != 0)
    return;
  bsyn_bsd_eval(l->g, l->roots, l->nout, rows, got, nw);
  memset(seen, 0, (size_t)l->nout * sizeof *seen);
  for (size_t w = 0; w < nw; w++) {
    uint64_t any = 0;
    for (uint32_t r = 0; r < l->nout; r++) {
      uint64_t diff = want[(size_t)l->outs[r] * nw + w] ^ got[(size_t)r * nw + w];
      any |= diff;
      if (!diff || seen[r] >= PER_OUTPUT)
        continue;
      unsigned b = (unsigned)__builtin_ctzll(diff);
      f->out = bsyn_realloc(f->out, (f->n + 1) * sizeof *f->out);
      f->vecs = bsyn_realloc(f->vecs, (size_t)(f->n + 1) * l->nin);
      uint8_t *v = f->vecs + (size_t)f->n * l->nin;
      for (uint32_t i = 0; i < l->nin; i++)
        v[i] = (uint8_t)((rows[(size_t)i * nw + w] >> b) & 1u);
      f->out[f->n++] = r;
      seen[r]++;
    }
    f->wrong += __builtin_popcountll(any);
  }
}

/* 1 once the run's deadline (bsyn_learn_params.deadline) has passed. */
static int past_deadline(const bsyn_learner *l) {
  return l->p.deadline > 0 && bsyn_learn_now() > l->p.deadline;
}

int64_t bsyn_learner_hunt(bsyn_learner *l, uint64_t nvectors, uint64_t seed,
                          const bsyn_sampler *base, uint8_t *vecs, uint32_t *found, bsyn_diag *d) {
  if (l->cur.size)
    bsyn_abort("bsyn_learner_hunt: the learner has not finished its run");
  bsyn_sampler *own = base ? NULL : bsyn_sampler_uniform(l->nin);
  bsyn_sampler *s = bsyn_sampler_boundary(base ? base : own, l->o->in_fields, l->o->num_in_fields);
  /* the plain words, and as many aimed at the open nodes (spread evenly), at least
   * AIM_WORDS per node */
  uint32_t *open = bsyn_malloc((l->node_out.size + 1) * sizeof *open);
  size_t nopen = 0;
  for (uint32_t v = 1; v < l->node_out.size && v < l->g->num_nodes; v++)
    if (l->node_out.data[v] != UINT32_MAX)
      open[nopen++] = v;
  uint64_t plain = (nvectors + 63) / 64, aimed = (uint64_t)nopen * AIM_WORDS;
  if (nopen && aimed < plain)
    aimed = plain; /* a small diagram: many words per node */
  if (!nopen)
    aimed = 0;
  size_t nchunks =
      (size_t)((plain + HUNT_WORDS - 1) / HUNT_WORDS + (aimed + HUNT_WORDS - 1) / HUNT_WORDS);
  hunt_chunk *chunks = bsyn_malloc((nchunks + 1) * sizeof *chunks);
  size_t nc = 0;
  for (uint64_t w0 = 0; w0 < plain; w0 += HUNT_WORDS)
    chunks[nc++] = (hunt_chunk){w0, plain - w0 < HUNT_WORDS ? (size_t)(plain - w0) : HUNT_WORDS};
  for (uint64_t w0 = 0; w0 < aimed; w0 += HUNT_WORDS) /* a chunk never mixes the two */
    chunks[nc++] =
        (hunt_chunk){plain + w0, aimed - w0 < HUNT_WORDS ? (size_t)(aimed - w0) : HUNT_WORDS};
  bsyn_pool *pool = l->o->thread_safe ? l->p.pool : NULL;
  unsigned nt = bsyn_pool_threads(pool);
  hunt_job j = {l, s, seed, plain, aimed, open, nopen, chunks, NULL, NULL, NULL, NULL, NULL};
  j.rows = bsyn_calloc(nt, sizeof *j.rows);
  j.want = bsyn_calloc(nt, sizeof *j.want);
  j.got = bsyn_calloc(nt, sizeof *j.got);
  j.seen = bsyn_calloc(nt, sizeof *j.seen);
  uint32_t *seen = bsyn_calloc(l->nout + 1, sizeof *seen), kept = 0;
  int64_t wrong = 0;
  int rc = 0;
  /* batches of chunks on the pool, merged in chunk order: the same vectors as one thread */
  size_t batch = (size_t)HUNT_BATCH * nt;
  j.found = bsyn_calloc(batch, sizeof *j.found);
  for (size_t c0 = 0; c0 < nc && !rc && !past_deadline(l); c0 += batch) {
    size_t nb = nc - c0 < batch ? nc - c0 : batch;
    j.chunks = chunks + c0;
    if (pool)
      bsyn_pool_run(pool, nb, hunt_chunk_run, &j);
    else
      for (size_t c = 0; c < nb; c++)
        hunt_chunk_run(&j, c, 0);
    for (size_t c = 0; c < nb; c++) {
      hunt_found *f = &j.found[c];
      if (f->rc && !rc) {
        rc = -1;
        if (d)
          *d = f->diag;
      }
      for (uint32_t k = 0; k < f->n && !rc; k++)
        if (seen[f->out[k]] < PER_OUTPUT) {
          seen[f->out[k]]++;
          memcpy(vecs + (size_t)kept++ * l->nin, f->vecs + (size_t)k * l->nin, l->nin);
        }
      wrong += f->wrong;
      free(f->out);
      free(f->vecs);
      memset(f, 0, sizeof *f);
    }
  }
  for (unsigned t = 0; t < nt; t++) {
    free(j.rows[t]);
    free(j.want[t]);
    free(j.got[t]);
    free(j.seen[t]);
  }
  free(j.rows);
  free(j.want);
  free(j.got);
  free(j.seen);
  free(j.found);
  free(seen);
  free(chunks);
  free(open);
  bsyn_sampler_free(s);
  bsyn_sampler_free(own);
  *found = rc ? 0 : kept;
  return rc ? -1 : wrong;
}
