/* Merging: canonical signature tables (a signature and its complement share one entry, the
 * complement rule being "first sample bit 0") and the reachability check that keeps every
 * merge from closing a cycle. */
#include <stdlib.h>
#include <string.h>

#include "bsyn_learn_internal.h"

void bsyn_sigtab_init(bsyn_sigtab *t, uint32_t nwords) {
  memset(t, 0, sizeof *t);
  t->nwords = nwords;
  t->cap = 64;
  t->slots = bsyn_calloc(t->cap, sizeof *t->slots);
}

void bsyn_sigtab_free(bsyn_sigtab *t) {
  free(t->slots);
  bsyn_vec_free(t->ids);
  bsyn_vec_free(t->flags);
  bsyn_vec_free(t->hashes);
  bsyn_vec_free(t->words);
  memset(t, 0, sizeof *t);
}

void bsyn_sigtab_clear(bsyn_sigtab *t) {
  memset(t->slots, 0, t->cap * sizeof *t->slots);
  t->ids.size = t->flags.size = t->hashes.size = t->words.size = 0;
}

size_t bsyn_sigtab_bytes(const bsyn_sigtab *t) {
  return t->cap * sizeof *t->slots + t->ids.cap * 4 + t->flags.cap + t->hashes.cap * 8 +
         t->words.cap * 8;
}

uint64_t bsyn_sig_canon_hash(const uint64_t *sig, uint32_t nwords, unsigned *flag) {
  unsigned c = (unsigned)(sig[0] & 1u);
  uint64_t mask = 0 - (uint64_t)c, h = 0x243f6a8885a308d3ull;
  for (uint32_t w = 0; w < nwords; w++)
    h = bsyn_mix64(h ^ (sig[w] ^ mask));
  *flag = c;
  return h;
}

static int canon_equal(const uint64_t *stored, const uint64_t *sig, unsigned flag,
                       uint32_t nwords) {
  uint64_t mask = 0 - (uint64_t)flag;
  for (uint32_t w = 0; w < nwords; w++)
    if (stored[w] != (sig[w] ^ mask))
      return 0;
  return 1;
}

uint32_t bsyn_sigtab_find(const bsyn_sigtab *t, const uint64_t *sig, uint64_t hash, unsigned flag,
                          uint32_t *id, unsigned *eflag) {
  uint32_t mask = t->cap - 1;
  for (uint32_t h = (uint32_t)hash & mask;; h = (h + 1) & mask) {
    uint32_t e = t->slots[h];
    if (!e)
      return UINT32_MAX;
    e--;
    if (t->hashes.data[e] == hash &&
        canon_equal(t->words.data + (size_t)e * t->nwords, sig, flag, t->nwords)) {
      *id = t->ids.data[e];
      *eflag = t->flags.data[e];
      return e;
    }
  }
}

static void slot_insert(uint32_t *slots, uint32_t cap, uint64_t hash, uint32_t e) {
  uint32_t h = (uint32_t)hash & (cap - 1);
  while (slots[h])
    h = (h + 1) & (cap - 1);
  slots[h] = e + 1;
}

void bsyn_sigtab_add(bsyn_sigtab *t, const uint64_t *sig, uint64_t hash, unsigned flag,
                     uint32_t id) {
  if (2 * (t->ids.size + 1) > t->cap) {
    uint32_t cap = t->cap * 2;
    uint32_t *slots = bsyn_calloc(cap, sizeof *slots);
    for (size_t e = 0; e < t->ids.size; e++)
      slot_insert(slots, cap, t->hashes.data[e], (uint32_t)e);
    free(t->slots);
    t->slots = slots;
    t->cap = cap;
  }
  uint32_t e = (uint32_t)t->ids.size;
  bsyn_vec_push(t->ids, id);
  bsyn_vec_push(t->flags, (uint8_t)flag);
  bsyn_vec_push(t->hashes, hash);
  bsyn_vec_reserve(t->words, t->words.size + t->nwords);
  uint64_t mask = 0 - (uint64_t)flag;
  for (uint32_t w = 0; w < t->nwords; w++)
    t->words.data[t->words.size++] = sig[w] ^ mask;
  slot_insert(t->slots, t->cap, hash, e);
}

void bsyn_sigtab_put(bsyn_sigtab *t, const uint64_t *sig, uint64_t hash, unsigned flag,
                     uint32_t id) {
  uint32_t old;
  unsigned ef;
  uint32_t e = bsyn_sigtab_find(t, sig, hash, flag, &old, &ef);
  if (e == UINT32_MAX) {
    bsyn_sigtab_add(t, sig, hash, flag, id);
    return;
  }
  t->ids.data[e] = id;
  t->flags.data[e] = (uint8_t)flag;
}

/* Depth-first search from `from` for `to`. Nodes still open (children not filled in) end
 * the search there: their future children are new nodes or merges checked in turn, so the
 * graph stays acyclic edge by edge. */
int bsyn_learn_may_reach(const bsyn_bsd *g, uint32_t from, uint32_t to, uint32_t budget,
                         uint32_t *stamp, uint32_t *epoch, uint32_t **stack, size_t *stack_cap) {
  if (from == to)
    return 1;
  uint32_t ep = ++*epoch;
  size_t top = 0;
  uint32_t visits = 0;
  if (*stack_cap < 64) {
    *stack_cap = 64;
    *stack = bsyn_realloc(*stack, *stack_cap * sizeof **stack);
  }
  (*stack)[top++] = from;
  stamp[from] = ep;
  while (top) {
    uint32_t v = (*stack)[--top];
    if (++visits > budget)
      return 1;
    bsyn_edge kids[2] = {g->nodes[v].lo, g->nodes[v].hi};
    for (int k = 0; k < 2; k++) {
      if (kids[k] == BSYN_EDGE_NONE)
        continue;
      uint32_t c = bsyn_edge_index(kids[k]);
      if (c == to)
        return 1;
      if (c == 0 || stamp[c] == ep)
        continue;
      stamp[c] = ep;
      if (top == *stack_cap) {
        *stack_cap *= 2;
        *stack = bsyn_realloc(*stack, *stack_cap * sizeof **stack);
      }
      (*stack)[top++] = c;
    }
  }
  return 0;
}

void bsyn_learn_table_node(bsyn_learner *l, const uint64_t *sig, uint64_t hash, unsigned flag,
                           uint32_t v) {
  if (l->order) /* the newest node of a function reads the latest input: it stays mergeable */
    bsyn_sigtab_put(&l->nodes_tab, sig, hash, flag, v);
  else
    bsyn_sigtab_add(&l->nodes_tab, sig, hash, flag, v);
}

int bsyn_learn_rehash_nodes(bsyn_learner *l, bsyn_diag *d) {
  uint32_t W = l->W, wt = W + l->R;
  bsyn_sigtab old = l->nodes_tab;
  int reuse = old.ids.size > 0; /* the entries' sampler words stay; only R words are new */
  bsyn_sigtab_init(&l->nodes_tab, wt);
  bsyn_sigtab_free(&l->level_tab);
  bsyn_sigtab_init(&l->level_tab, wt);
  BSYN_VEC(uint32_t) nodes = {0};
  if (reuse) {
    for (size_t e = 0; e < old.ids.size; e++)
      bsyn_vec_push(nodes, old.ids.data[e]);
  } else {
    for (uint32_t v = 1; v < l->g->num_nodes && v < l->node_out.size; v++)
      if (l->node_out.data[v] != UINT32_MAX) /* a node the learner made, not a literal leaf */
        bsyn_vec_push(nodes, v);
  }
  BSYN_VEC(uint32_t) paths = {0};
  BSYN_VEC(size_t) offs = {0};
  for (size_t k = 0; k < nodes.size; k++) {
    bsyn_learn_node_path(l, nodes.data[k]);
    bsyn_vec_push(offs, paths.size);
    for (size_t p = 0; p < l->tpath.size; p++)
      bsyn_vec_push(paths, l->tpath.data[p]);
  }
  bsyn_vec_push(offs, paths.size);
  uint64_t *sigs = bsyn_malloc((nodes.size * wt + 1) * 8);
  bsyn_probe_req *reqs = bsyn_calloc(2 * nodes.size + 1, sizeof *reqs);
  size_t nreq = 0;
  for (size_t k = 0; k < nodes.size; k++) {
    bsyn_probe_req r = {0};
    r.path = paths.data + offs.data[k];
    r.path_len = (uint32_t)(offs.data[k + 1] - offs.data[k]);
    r.output = l->node_out.data[nodes.data[k]];
    r.flip = UINT32_MAX;
    r.dest = sigs + k * wt;
    r.starts_group = 1;
    if (reuse) {
      uint64_t mask = 0 - (uint64_t)old.flags.data[k];
      for (uint32_t w = 0; w < W; w++)
        r.dest[w] = old.words.data[k * old.nwords + w] ^ mask;
    } else {
      r.nwords = W;
      reqs[nreq++] = r;
      r.starts_group = 0;
    }
    if (l->R) {
      r.nwords = l->R;
      r.dest += W;
      r.refine = 1;
      reqs[nreq++] = r;
    }
  }
  uint64_t words = l->pc.words_done;
  int rc = bsyn_probe_run(&l->pc, reqs, nreq, d);
  l->pc.words_done = words;
  for (size_t k = 0; !rc && k < nodes.size; k++) {
    unsigned f;
    uint64_t h = bsyn_sig_canon_hash(sigs + k * wt, wt, &f);
    bsyn_learn_table_node(l, sigs + k * wt, h, f, nodes.data[k]);
  }
  bsyn_sigtab_free(&old);
  free(reqs);
  free(sigs);
  bsyn_vec_free(nodes);
  bsyn_vec_free(paths);
  bsyn_vec_free(offs);
  return rc;
}
