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
/* sample words of the search: after the verifier's (2^40) and before the priority's (2^42) */
#define HUNT_FIRST_WORD (1ull << 41)

typedef struct hunt_state {
  bsyn_learner *l;
  uint8_t *seen; /* per learned output: a counterexample is kept */
  uint8_t *vecs;
  uint32_t found;
  int64_t wrong;
  uint64_t *want, *got;
} hunt_state;

/* Answers nw words of rows with the oracle and the BSD; keeps the first vector that is
 * wrong on each output. Returns 0 or -1 with d filled. */
static int collect(hunt_state *h, const uint64_t *rows, size_t nw, bsyn_diag *d) {
  bsyn_learner *l = h->l;
  if (bsyn_oracle_eval(l->o, rows, h->want, nw, d))
    return -1;
  bsyn_bsd_eval(l->g, l->roots, l->nout, rows, h->got, nw);
  for (size_t w = 0; w < nw; w++) {
    uint64_t any = 0;
    for (uint32_t r = 0; r < l->nout; r++) {
      uint64_t diff = h->want[(size_t)l->outs[r] * nw + w] ^ h->got[(size_t)r * nw + w];
      any |= diff;
      if (!diff || h->seen[r] >= PER_OUTPUT)
        continue;
      unsigned b = (unsigned)__builtin_ctzll(diff);
      uint8_t *v = h->vecs + (size_t)h->found * l->nin;
      for (uint32_t i = 0; i < l->nin; i++)
        v[i] = (uint8_t)((rows[(size_t)i * nw + w] >> b) & 1u);
      h->seen[r]++;
      h->found++;
    }
    h->wrong += __builtin_popcountll(any);
  }
  return 0;
}

/* Forces node v's creation path onto word w of rows (nw words per row), and v's own input
 * to 0 in the even lanes and 1 in the odd ones: each of its two children (a leaf, often) is
 * reached by half the word with the free bits below at boundary values. A comparator with a
 * constant leaves its needle (x == 0x3b9ac9ff in EPFL router: the path fixes the high bits,
 * the node's input is 0, the rest all ones) just below such a leaf. */
static void force_path(bsyn_learner *l, uint32_t v, uint64_t *rows, size_t nw, size_t w) {
  bsyn_learn_node_path(l, v);
  for (size_t p = 0; p < l->tpath.size; p++)
    rows[(size_t)bsyn_path_var(l->tpath.data[p]) * nw + w] =
        bsyn_path_val(l->tpath.data[p]) ? ~0ull : 0;
  rows[(size_t)l->g->nodes[v].var * nw + w] = 0xaaaaaaaaaaaaaaaaull;
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
  hunt_state h = {l, bsyn_calloc(l->nout + 1, 1), vecs, 0, 0, NULL, NULL};
  h.want = bsyn_malloc(((size_t)l->o->num_outputs * HUNT_WORDS + 1) * 8);
  h.got = bsyn_malloc(((size_t)l->nout * HUNT_WORDS + 1) * 8);
  uint64_t *rows = bsyn_malloc(((size_t)l->nin * HUNT_WORDS + 1) * 8);
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
  int rc = 0;
  for (uint64_t w0 = 0; w0 < plain && !rc && !past_deadline(l); w0 += HUNT_WORDS) {
    size_t nw = plain - w0 < HUNT_WORDS ? (size_t)(plain - w0) : HUNT_WORDS;
    s->fill(s, seed, HUNT_FIRST_WORD + w0, nw, rows, nw);
    rc = collect(&h, rows, nw, d);
  }
  for (uint64_t w0 = 0; w0 < aimed && nopen && !rc && !past_deadline(l); w0 += HUNT_WORDS) {
    size_t nw = aimed - w0 < HUNT_WORDS ? (size_t)(aimed - w0) : HUNT_WORDS;
    s->fill(s, seed, HUNT_FIRST_WORD + plain + w0, nw, rows, nw);
    for (size_t w = 0; w < nw; w++)
      force_path(l, open[(size_t)(((w0 + w) * nopen / aimed + seed) % nopen)], rows, nw, w);
    rc = collect(&h, rows, nw, d);
  }
  free(open);
  free(rows);
  free(h.want);
  free(h.got);
  free(h.seen);
  bsyn_sampler_free(s);
  bsyn_sampler_free(own);
  *found = rc ? 0 : h.found;
  return rc ? -1 : h.wrong;
}
