/* Learning from examples: one decision tree per output, grown until its examples agree,
 * then cut at the deepest level whose shared BSD (and so AIG) fits the AND budget. */
#include "bsyn_learn_examples.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "bsyn_bsd.h"
#include "bsyn_bsd2aig.h"
#include "bsyn_learn.h"
#include "bsyn_sim.h"

typedef struct tnode {
  uint32_t var; /* BSYN_BSD_NO_VAR for a leaf */
  uint32_t kid[2];
  uint8_t maj;
} tnode;

typedef struct tree {
  const uint8_t *x; /* x[e * nin + i] */
  const uint8_t *y; /* this output's answer per example */
  uint32_t nin;
  uint32_t min_examples;
  uint8_t *used;
  uint32_t *cnt; /* per input: examples with x = 1, and with x = 1 and y = 1 */
  BSYN_VEC(tnode) nodes;
  uint32_t depth;
} tree;

static double entropy(double ones, double n) {
  if (n <= 0 || ones <= 0 || ones >= n)
    return 0;
  double p = ones / n;
  return -(p * log2(p) + (1 - p) * log2(1 - p));
}

/* The unused input with the largest information gain over the examples idx, or
 * BSYN_BSD_NO_VAR when no input separates them. */
static uint32_t best_split(tree *t, const uint32_t *idx, size_t n, uint32_t ones) {
  memset(t->cnt, 0, 2 * (size_t)t->nin * sizeof *t->cnt);
  for (size_t k = 0; k < n; k++) {
    const uint8_t *xe = t->x + (size_t)idx[k] * t->nin;
    uint32_t ye = t->y[idx[k]];
    for (uint32_t i = 0; i < t->nin; i++) {
      t->cnt[2 * i] += xe[i];
      t->cnt[2 * i + 1] += xe[i] & ye;
    }
  }
  uint32_t best = BSYN_BSD_NO_VAR;
  double best_h = 0;
  for (uint32_t i = 0; i < t->nin; i++) {
    uint32_t n1 = t->cnt[2 * i], o1 = t->cnt[2 * i + 1];
    if (t->used[i] || n1 == 0 || n1 == n)
      continue;
    double h =
        ((double)n1 * entropy(o1, n1) + (double)(n - n1) * entropy(ones - o1, (double)(n - n1))) /
        (double)n;
    if (best == BSYN_BSD_NO_VAR || h < best_h)
      best = i, best_h = h;
  }
  return best;
}

static uint32_t grow(tree *t, uint32_t *idx, size_t n, uint32_t depth, uint8_t parent_maj) {
  uint32_t ones = 0;
  for (size_t k = 0; k < n; k++)
    ones += t->y[idx[k]];
  uint8_t maj = 2 * (size_t)ones > n ? 1 : 2 * (size_t)ones < n ? 0 : parent_maj;
  uint32_t node = (uint32_t)t->nodes.size;
  bsyn_vec_push(t->nodes, ((tnode){BSYN_BSD_NO_VAR, {0, 0}, maj}));
  if (depth > t->depth)
    t->depth = depth;
  if (n == 0 || ones == 0 || ones == n || n < t->min_examples)
    return node;
  uint32_t var = best_split(t, idx, n, ones);
  if (var == BSYN_BSD_NO_VAR)
    return node; /* equal inputs, different answers: the majority it is */
  size_t n0 = 0;
  for (size_t k = 0; k < n; k++) /* examples with x = 0 first */
    if (!t->x[(size_t)idx[k] * t->nin + var]) {
      uint32_t tmp = idx[n0];
      idx[n0++] = idx[k];
      idx[k] = tmp;
    }
  t->used[var] = 1;
  uint32_t k0 = grow(t, idx, n0, depth + 1, maj);
  uint32_t k1 = grow(t, idx + n0, n - n0, depth + 1, maj);
  t->used[var] = 0;
  t->nodes.data[node].var = var;
  t->nodes.data[node].kid[0] = k0;
  t->nodes.data[node].kid[1] = k1;
  return node;
}

static bsyn_edge cut(const tree *t, uint32_t node, uint32_t depth, uint32_t limit, bsyn_bsd *bsd) {
  const tnode *nd = &t->nodes.data[node];
  if (nd->var == BSYN_BSD_NO_VAR || depth == limit)
    return nd->maj ? BSYN_EDGE_TRUE : BSYN_EDGE_FALSE;
  bsyn_edge lo = cut(t, nd->kid[0], depth + 1, limit, bsd);
  bsyn_edge hi = cut(t, nd->kid[1], depth + 1, limit, bsd);
  return bsyn_bsd_make(bsd, nd->var, lo, hi);
}

void bsyn_examples_defaults(bsyn_examples_params *p) {
  p->max_ands = 5000;
  p->min_examples = 1;
}

/* The AIG of every output's tree cut at depth limit; *nodes = its BSD size. */
static bsyn_aig *aig_at(const bsyn_oracle *o, tree *trees, uint32_t limit, char **in, char **out,
                        uint32_t *nodes) {
  bsyn_bsd *bsd = bsyn_bsd_new(o->num_inputs ? o->num_inputs : 1);
  bsyn_edge *roots = bsyn_malloc((o->num_outputs + 1) * sizeof *roots);
  for (uint32_t r = 0; r < o->num_outputs; r++)
    roots[r] = cut(&trees[r], 0, 0, limit, bsd);
  *nodes = bsyn_bsd_count(bsd, roots, o->num_outputs);
  bsyn_aig *aig = bsyn_bsd_to_aig(bsd, roots, o->num_outputs, (const char *const *)in,
                                  (const char *const *)out);
  free(roots);
  bsyn_bsd_free(bsd);
  return aig;
}

bsyn_aig *bsyn_learn_examples(const bsyn_oracle *o, const bsyn_examples_params *p,
                              bsyn_examples_stats *st) {
  size_t ne = o->num_samples, nw = (ne + 63) / 64;
  uint32_t nin = o->num_inputs, nout = o->num_outputs;
  if (!ne || !o->samples_in || !o->samples_out)
    bsyn_abort("bsyn_learn_examples: oracle %s holds no examples", o->name);
  uint8_t *x = bsyn_malloc(ne * nin + 1), *y = bsyn_malloc(ne * nout + 1);
  for (size_t e = 0; e < ne; e++) {
    for (uint32_t i = 0; i < nin; i++)
      x[e * nin + i] = (uint8_t)((o->samples_in[i * nw + e / 64] >> (e % 64)) & 1u);
    for (uint32_t r = 0; r < nout; r++)
      y[(size_t)r * ne + e] = (uint8_t)((o->samples_out[r * nw + e / 64] >> (e % 64)) & 1u);
  }
  tree *trees = bsyn_calloc(nout + 1, sizeof *trees);
  uint32_t *idx = bsyn_malloc((ne + 1) * sizeof *idx);
  uint32_t full = 0;
  for (uint32_t r = 0; r < nout; r++) {
    tree *t = &trees[r];
    t->x = x, t->y = y + (size_t)r * ne, t->nin = nin;
    t->min_examples = p->min_examples ? p->min_examples : 1;
    t->used = bsyn_calloc(nin + 1, 1);
    t->cnt = bsyn_calloc(2 * (size_t)nin + 1, sizeof *t->cnt);
    for (size_t e = 0; e < ne; e++)
      idx[e] = (uint32_t)e;
    grow(t, idx, ne, 0, 0);
    full = t->depth > full ? t->depth : full;
  }
  char **in = bsyn_learn_names(o, 0), **out = bsyn_learn_names(o, 1);
  uint32_t nodes = 0, best_nodes = 0, best_depth = 0;
  bsyn_aig *best = aig_at(o, trees, 0, in, out, &best_nodes);
  for (uint32_t d = 1; d <= full; d++) {
    bsyn_aig *aig = aig_at(o, trees, d, in, out, &nodes);
    if (bsyn_aig_num_ands(aig) > p->max_ands) {
      bsyn_aig_free(aig);
      break;
    }
    bsyn_aig_free(best);
    best = aig, best_nodes = nodes, best_depth = d;
  }
  if (st) {
    st->depth = best_depth;
    st->full_depth = full;
    st->bsd_nodes = best_nodes;
    st->ands = bsyn_aig_num_ands(best);
    st->train_accuracy = bsyn_examples_accuracy(best, o);
  }
  for (uint32_t r = 0; r < nout; r++) {
    free(trees[r].used);
    free(trees[r].cnt);
    bsyn_vec_free(trees[r].nodes);
  }
  bsyn_learn_free_names(in, nin);
  bsyn_learn_free_names(out, nout);
  free(trees);
  free(idx);
  free(x);
  free(y);
  return best;
}

double bsyn_examples_accuracy(const bsyn_aig *aig, const bsyn_oracle *o) {
  size_t ne = o->num_samples, nw = (ne + 63) / 64;
  if (aig->num_inputs != o->num_inputs || aig->num_outputs != o->num_outputs)
    bsyn_abort("bsyn_examples_accuracy: AIG %u->%u, examples %u->%u", aig->num_inputs,
               aig->num_outputs, o->num_inputs, o->num_outputs);
  if (!ne || !o->num_outputs)
    return 1.0;
  uint64_t *got = bsyn_malloc(((size_t)o->num_outputs * nw + 1) * 8);
  bsyn_sim_eval(aig, o->samples_in, got, nw, BSYN_SIMD_AUTO, NULL);
  uint64_t wrong = 0;
  for (uint32_t r = 0; r < o->num_outputs; r++)
    for (size_t w = 0; w < nw; w++) {
      uint64_t diff = got[r * nw + w] ^ o->samples_out[r * nw + w];
      if (w == nw - 1 && ne % 64)
        diff &= (1ull << (ne % 64)) - 1;
      wrong += (uint64_t)__builtin_popcountll(diff);
    }
  free(got);
  return 1.0 - (double)wrong / ((double)ne * o->num_outputs);
}
