/* Refinement: counterexample vectors go back into the learner.
 *
 * Every edge of a BSD claims a function: an open node N stands for output o_N restricted to
 * its creation path. Walking a vector x down the BSD, consecutive claims agree at x along
 * creation edges (the child's path is the parent's plus the bit x took), so where the BSD's
 * answer differs from the oracle's, the first edge whose claim changes value at x is a merge
 * or a leaf that speculated wrong. That slot is re-opened as a frontier item, and x joins the
 * refinement words of every later signature and merge confirmation. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bsyn_learn_internal.h"

enum { MAX_REF_VECS = 16384, MISMATCH_WORDS = 1024 };

static unsigned row_bit(const uint64_t *rows, size_t nw, uint32_t i, size_t k) {
  return (unsigned)((rows[i * nw + k / 64] >> (k % 64)) & 1u);
}

static int is_open(const bsyn_learner *l, uint32_t v) {
  return v < l->node_out.size && l->node_out.data[v] != UINT32_MAX;
}

typedef struct step {
  uint32_t parent, branch; /* the slot of the edge (parent BSYN_BSD_ROOT_AUX: root `branch`) */
  uint32_t node;           /* open node entered, or UINT32_MAX at the leaf */
  unsigned csum;           /* complements along the walk, this edge's included */
  unsigned leaf_value;     /* at the leaf */
} step;

typedef BSYN_VEC(step) step_vec;

/* Appends the walk of vector k (in rows) from root r; returns its first step index. */
static size_t walk(const bsyn_learner *l, const uint64_t *rows, size_t nw, size_t k, uint32_t r,
                   step_vec *steps) {
  size_t first = steps->size;
  bsyn_edge e = l->roots[r];
  uint32_t parent = BSYN_BSD_ROOT_AUX, branch = r;
  unsigned csum = 0;
  for (;;) {
    csum ^= bsyn_edge_sign(e);
    uint32_t v = bsyn_edge_index(e);
    step s = {parent, branch, UINT32_MAX, csum, 0};
    if (v == 0 || !is_open(l, v)) { /* a constant or a canonical literal leaf */
      unsigned val = 0;
      if (v) {
        const bsyn_bsd_node *nd = &l->g->nodes[v];
        bsyn_edge c = row_bit(rows, nw, nd->var, k) ? nd->hi : nd->lo;
        val = bsyn_edge_sign(c);
      }
      s.leaf_value = val ^ csum;
      bsyn_vec_push(*steps, s);
      return first;
    }
    s.node = v;
    bsyn_vec_push(*steps, s);
    parent = v;
    branch = row_bit(rows, nw, l->g->nodes[v].var, k);
    e = branch ? l->g->nodes[v].hi : l->g->nodes[v].lo;
  }
}

/* Oracle answers of node claims: query q is vector vec[q] with node[q]'s creation path
 * forced, answer = output node_out[node[q]]. */
static int claims(bsyn_learner *l, const uint64_t *rows, size_t nw, const size_t *vec,
                  const uint32_t *node, size_t nq, uint8_t *value, bsyn_diag *d) {
  size_t qw = (nq + 63) / 64;
  uint64_t *in = bsyn_calloc((size_t)l->nin * qw + 1, 8);
  uint64_t *out = bsyn_malloc(((size_t)l->o->num_outputs * qw + 1) * 8);
  for (size_t q = 0; q < nq; q++) {
    for (uint32_t i = 0; i < l->nin; i++)
      in[i * qw + q / 64] |= (uint64_t)row_bit(rows, nw, i, vec[q]) << (q % 64);
    bsyn_learn_node_path(l, node[q]);
    for (size_t p = 0; p < l->tpath.size; p++) {
      uint64_t *w = &in[(size_t)bsyn_path_var(l->tpath.data[p]) * qw + q / 64];
      *w = (*w & ~(1ull << (q % 64))) | ((uint64_t)bsyn_path_val(l->tpath.data[p]) << (q % 64));
    }
  }
  int rc = nq ? bsyn_oracle_eval(l->o, in, out, qw, d) : 0;
  for (size_t q = 0; !rc && q < nq; q++)
    value[q] = (uint8_t)((out[(size_t)l->node_out.data[node[q]] * qw + q / 64] >> (q % 64)) & 1u);
  free(in);
  free(out);
  return rc;
}

/* Re-opens the slot (parent, branch) as a frontier item over every free input. */
static void reopen(bsyn_learner *l, uint32_t parent, uint32_t branch) {
  bsyn_learn_item it = {0};
  it.parent = parent;
  it.slot = branch;
  it.full = 1;
  uint32_t extra = UINT32_MAX;
  if (parent == BSYN_BSD_ROOT_AUX) {
    it.output = l->outs[branch];
    l->tpath.size = 0;
  } else {
    it.output = l->node_out.data[parent];
    bsyn_learn_node_path(l, parent);
    extra = (l->g->nodes[parent].var << 1) | branch;
  }
  it.depth = (uint32_t)l->tpath.size + (extra != UINT32_MAX);
  BSYN_VEC(uint32_t) path = {0};
  bsyn_vec_reserve(path, l->tpath.size + 2);
  if (l->tpath.size)
    memcpy(path.data, l->tpath.data, l->tpath.size * sizeof(uint32_t));
  path.size = l->tpath.size;
  if (extra != UINT32_MAX)
    path.data[path.size++] = extra;
  bsyn_learn_free_inputs(l, path.data, (uint32_t)path.size);
  bsyn_learn_push_item(l, it, path.data, (uint32_t)path.size, UINT32_MAX, l->keep.data,
                       (uint32_t)l->keep.size);
  bsyn_vec_free(path);
  /* a forced leaf re-opened no longer counts as unfinished */
  uint32_t code = 2 * parent + branch;
  bsyn_u32_vec *list = parent == BSYN_BSD_ROOT_AUX ? &l->forced_roots : &l->forced_slots;
  if (parent == BSYN_BSD_ROOT_AUX)
    code = branch;
  size_t m = 0;
  for (size_t k = 0; k < list->size; k++)
    if (list->data[k] != code)
      list->data[m++] = list->data[k];
  list->size = m;
}

/* Appends the listed vectors to the refinement rows (up to MAX_REF_VECS in all). */
static void add_ref_vectors(bsyn_learner *l, const uint64_t *rows, size_t nw, const size_t *vecs,
                            size_t n) {
  size_t total = l->ref_vecs + n;
  if (total > MAX_REF_VECS)
    total = MAX_REF_VECS;
  if (total == l->ref_vecs)
    return;
  uint32_t R = (uint32_t)((total + 63) / 64);
  uint64_t *nr = bsyn_calloc((size_t)l->nin * R + 1, 8);
  for (uint32_t i = 0; i < l->nin; i++) {
    if (l->R)
      memcpy(nr + (size_t)i * R, l->ref_rows + (size_t)i * l->R, l->R * 8);
    for (size_t k = l->ref_vecs; k < total; k++)
      nr[(size_t)i * R + k / 64] |= (uint64_t)row_bit(rows, nw, i, vecs[k - l->ref_vecs])
                                    << (k % 64);
  }
  free(l->ref_rows);
  l->ref_rows = nr;
  l->R = R;
  l->ref_vecs = total;
  l->pc.ref_rows = nr;
  l->pc.ref_words = R;
}

static int cmp_u64(const void *a, const void *b) {
  uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
  return x < y ? -1 : x > y;
}

typedef BSYN_VEC(size_t) size_vec;
typedef BSYN_VEC(uint64_t) u64_vec;

/* The walks of one refinement call: walks holds (first step, vector) pairs. */
typedef struct walk_set {
  step_vec steps;
  size_vec walks;
  size_vec bad; /* vectors with a mismatch */
  BSYN_VEC(uint8_t) truth;
} walk_set;

/* Walks every (vector, output) on which the BSD and the oracle disagree. */
static int collect_walks(bsyn_learner *l, const uint64_t *rows, size_t nvec, walk_set *ws,
                         bsyn_diag *d) {
  size_t nw = (nvec + 63) / 64;
  uint64_t *want = bsyn_malloc(((size_t)l->o->num_outputs * nw + 1) * 8);
  uint64_t *got = bsyn_malloc(((size_t)l->nout * nw + 1) * 8);
  int rc = nvec ? bsyn_oracle_eval(l->o, rows, want, nw, d) : 0;
  if (nvec && !rc)
    bsyn_bsd_eval(l->g, l->roots, l->nout, rows, got, nw);
  for (size_t k = 0; !rc && k < nvec; k++) {
    int any = 0;
    for (uint32_t r = 0; r < l->nout; r++) {
      unsigned t = row_bit(want, nw, l->outs[r], k);
      if (t == row_bit(got, nw, r, k))
        continue;
      any = 1;
      bsyn_vec_push(ws->walks, walk(l, rows, nw, k, r, &ws->steps));
      bsyn_vec_push(ws->walks, k);
      bsyn_vec_push(ws->truth, (uint8_t)t);
    }
    if (any)
      bsyn_vec_push(ws->bad, k);
  }
  free(want);
  free(got);
  return rc;
}

/* The slot (parent << 32 | branch) of the first edge on each walk whose claim differs from
 * the claim above it, appended to culprits. */
static int find_culprits(bsyn_learner *l, const uint64_t *rows, size_t nw, const walk_set *ws,
                         u64_vec *culprits, bsyn_diag *d) {
  size_vec qvec = {0};
  BSYN_VEC(uint32_t) qnode = {0};
  for (size_t w = 0; w < ws->walks.size; w += 2) {
    size_t end = w + 2 < ws->walks.size ? ws->walks.data[w + 2] : ws->steps.size;
    for (size_t s = ws->walks.data[w]; s < end; s++)
      if (ws->steps.data[s].node != UINT32_MAX) {
        bsyn_vec_push(qvec, ws->walks.data[w + 1]);
        bsyn_vec_push(qnode, ws->steps.data[s].node);
      }
  }
  uint8_t *val = bsyn_malloc(qvec.size + 1);
  int rc = claims(l, rows, nw, qvec.data, qnode.data, qvec.size, val, d);
  size_t q = 0;
  for (size_t w = 0; !rc && w < ws->walks.size; w += 2) {
    size_t end = w + 2 < ws->walks.size ? ws->walks.data[w + 2] : ws->steps.size;
    unsigned prev = ws->truth.data[w / 2];
    for (size_t s = ws->walks.data[w]; s < end; s++) {
      const step *st = &ws->steps.data[s];
      unsigned v = st->node == UINT32_MAX ? st->leaf_value : val[q++] ^ st->csum;
      if (v != prev) {
        bsyn_vec_push(*culprits, ((uint64_t)st->parent << 32) | st->branch);
        for (s++; s < end; s++) /* skip the rest of this walk's claims */
          q += ws->steps.data[s].node != UINT32_MAX;
        break;
      }
    }
  }
  free(val);
  bsyn_vec_free(qvec);
  bsyn_vec_free(qnode);
  return rc;
}

int64_t bsyn_learner_refine(bsyn_learner *l, const uint64_t *rows, size_t nvec, bsyn_diag *d) {
  if (l->cur.size)
    bsyn_abort("bsyn_learner_refine: the learner has not finished its run");
  size_t nw = (nvec + 63) / 64;
  walk_set ws = {0};
  u64_vec culprits = {0};
  int64_t rc = collect_walks(l, rows, nvec, &ws, d);
  if (!rc)
    rc = find_culprits(l, rows, nw, &ws, &culprits, d);
  if (!rc) {
    if (culprits.size)
      qsort(culprits.data, culprits.size, sizeof *culprits.data, cmp_u64);
    for (size_t k = 0; k < culprits.size; k++)
      if (k == 0 || culprits.data[k] != culprits.data[k - 1]) {
        reopen(l, (uint32_t)(culprits.data[k] >> 32), (uint32_t)culprits.data[k]);
        rc++;
      }
    size_t had = l->ref_vecs;
    add_ref_vectors(l, rows, nw, ws.bad.data, ws.bad.size);
    bsyn_learn_swap_levels(l);
    l->st.refinements++;
    l->st.reopened += (uint64_t)rc;
    if (l->ref_vecs != had && bsyn_learn_rehash_nodes(l, d)) /* merges see the new words */
      rc = -1;
  }
  bsyn_vec_free(ws.steps);
  bsyn_vec_free(ws.walks);
  bsyn_vec_free(ws.bad);
  bsyn_vec_free(ws.truth);
  bsyn_vec_free(culprits);
  return rc;
}

int64_t bsyn_learner_mismatches(bsyn_learner *l, uint64_t nvectors, uint64_t seed,
                                const bsyn_sampler *sampler, size_t max, uint64_t **rows,
                                size_t *count, bsyn_diag *d) {
  if (l->cur.size)
    bsyn_abort("bsyn_learner_mismatches: the learner has not finished its run");
  bsyn_sampler *own = sampler ? NULL : bsyn_sampler_uniform(l->nin);
  const bsyn_sampler *s = sampler ? sampler : own;
  size_t mw = (max + 63) / 64;
  uint64_t *res = bsyn_calloc((size_t)l->nin * mw + 1, 8);
  uint64_t total_words = (nvectors + 63) / 64;
  size_t cw = total_words < MISMATCH_WORDS ? (size_t)total_words : MISMATCH_WORDS;
  uint64_t *in = bsyn_malloc(((size_t)l->nin * cw + 1) * 8);
  uint64_t *want = bsyn_malloc(((size_t)l->o->num_outputs * cw + 1) * 8);
  uint64_t *got = bsyn_malloc(((size_t)l->nout * cw + 1) * 8);
  int64_t found = 0;
  size_t kept = 0;
  for (uint64_t w0 = 0; w0 < total_words; w0 += cw) {
    size_t nw = total_words - w0 < cw ? (size_t)(total_words - w0) : cw;
    s->fill(s, seed, (1ull << 40) + w0, nw, in, nw);
    if (bsyn_oracle_eval(l->o, in, want, nw, d)) {
      found = -1;
      break;
    }
    bsyn_bsd_eval(l->g, l->roots, l->nout, in, got, nw);
    for (size_t w = 0; w < nw; w++) {
      uint64_t diff = 0;
      for (uint32_t r = 0; r < l->nout; r++)
        diff |= want[(size_t)l->outs[r] * nw + w] ^ got[(size_t)r * nw + w];
      if (w0 + w == total_words - 1 && nvectors % 64)
        diff &= (1ull << (nvectors % 64)) - 1;
      for (; diff; diff &= diff - 1) {
        unsigned b = (unsigned)__builtin_ctzll(diff);
        found++;
        if (kept < max) {
          for (uint32_t i = 0; i < l->nin; i++)
            res[(size_t)i * mw + kept / 64] |= ((in[(size_t)i * nw + w] >> b) & 1u) << (kept % 64);
          kept++;
        }
      }
    }
  }
  free(in);
  free(want);
  free(got);
  bsyn_sampler_free(own);
  if (found < 0) {
    free(res);
    return -1;
  }
  /* repack to ceil(kept / 64) words per row */
  size_t kw = (kept + 63) / 64;
  for (uint32_t i = 0; i < l->nin && kw < mw; i++)
    memmove(res + (size_t)i * kw, res + (size_t)i * mw, kw * 8);
  *rows = res;
  *count = kept;
  return found;
}
