/* The learner's level loop.
 *
 * A frontier item is an open child slot (a root, or one branch of a node) with its path and
 * live support. A level runs in three batched rounds:
 *   A  signatures of every item (sample words [0, W) under its path);
 *   -  classification in item order: constant leaf, literal leaf, merge candidate (an
 *      existing node, or an earlier item of this level, with an equal or complementary
 *      signature), or new node;
 *   B  confirmation of candidates on fresh words drawn along both paths, and sensitivity
 *      probes (flip one live input on words [0, Ws)) for items that will become nodes;
 *   C  sensitivity for candidates that fresh words refuted.
 * Then the items resolve in order, so the graph (and every node index) depends only on the
 * answers, never on how the batches were split across threads. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bsyn_bsd2aig.h"
#include "bsyn_learn_internal.h"

enum { K_CONST, K_LIT, K_FORCED, K_OLD, K_LEVEL, K_NEW };

typedef struct item {
  uint32_t parent; /* node, or BSYN_BSD_ROOT_AUX for a root */
  uint32_t slot;   /* branch of the parent, or root index */
  uint32_t output; /* oracle output */
  uint32_t depth;
  size_t path_off;
  uint32_t path_len;
  size_t sup_off;
  uint32_t sup_len;
  uint8_t full;    /* support is every free input already */
  uint8_t nomerge; /* re-queued after a refused merge: expand, do not look up again */
  uint8_t expanded;
  uint8_t kind;
  uint8_t sflag;  /* canonical flag of the item's signature */
  uint8_t tflag;  /* canonical flag of the merge target's */
  uint8_t confirmed;
  uint64_t shash;
  uint32_t target; /* K_OLD: node; K_LEVEL: item */
  bsyn_edge edge;  /* the resolution */
  size_t sens_off; /* counts, or SIZE_MAX when not probed */
  uint32_t sens_minority; /* minority answers on the sensitivity words */
  size_t conf_off; /* confirmation rows (2 * Wc words) */
} item;

typedef BSYN_VEC(item) item_vec;
typedef BSYN_VEC(uint32_t) u32_vec;

struct bsyn_learner {
  bsyn_oracle *o;
  bsyn_learn_params p;
  bsyn_sampler *own_sampler;
  const bsyn_sampler *sampler;
  uint32_t nin, nout;
  uint32_t *outs;
  uint32_t W, Wc, Ws;
  bsyn_bsd *g;        /* the learning graph: open nodes plus canonical literal leaves */
  bsyn_edge *roots;
  u32_vec node_out;   /* per node: the output it was created for */
  bsyn_sigtab nodes_tab, level_tab, lit_tab;
  item_vec cur, next;
  u32_vec cur_path, next_path, cur_sup, next_sup;
  BSYN_VEC(uint64_t) sigs;
  BSYN_VEC(uint64_t) conf;
  u32_vec sens, tpath, keep;
  BSYN_VEC(bsyn_probe_req) reqs;
  u32_vec forced_slots, forced_roots;
  uint32_t *stamp;
  size_t stamp_cap;
  uint32_t epoch;
  uint32_t *stack;
  size_t stack_cap;
  uint8_t *inpath;
  bsyn_probe_ctx pc;
  bsyn_learn_stats st;
  int started;
};

void bsyn_learn_defaults(bsyn_learn_params *p) {
  memset(p, 0, sizeof *p);
  p->seed = 1;
  p->epsilon = 0.01;
  p->delta = 0.001;
  p->sens_words = 2;
  p->cycle_visits = 65536;
}

static uint32_t words_for(double epsilon, double delta) {
  if (!(epsilon > 0) || !(delta > 0) || delta >= 1)
    bsyn_abort("bsyn_learner: epsilon %g and delta %g must be in (0, 1)", epsilon, delta);
  double n = ceil(log(1.0 / delta) / epsilon);
  double w = ceil(n / 64.0);
  return w < 1 ? 1 : w > 65536 ? 65536 : (uint32_t)w;
}

/* Canonical rows of every input on the signature words, for literal-leaf detection. */
static void build_literal_table(bsyn_learner *l) {
  uint64_t *rows = bsyn_malloc((size_t)l->nin * l->W * sizeof *rows + 8);
  l->sampler->fill(l->sampler, l->p.seed, 0, l->W, rows, l->W);
  if (l->sampler->fixup) {
    uint8_t *none = bsyn_calloc(l->nin + 1, 1);
    l->sampler->fixup(l->sampler, l->p.seed, 0, l->W, none, rows, l->W);
    free(none);
  }
  bsyn_sigtab_init(&l->lit_tab, l->W);
  for (uint32_t i = 0; i < l->nin; i++) {
    unsigned f, ef;
    uint32_t id;
    uint64_t h = bsyn_sig_canon_hash(rows + (size_t)i * l->W, l->W, &f);
    if (bsyn_sigtab_find(&l->lit_tab, rows + (size_t)i * l->W, h, f, &id, &ef) == UINT32_MAX)
      bsyn_sigtab_add(&l->lit_tab, rows + (size_t)i * l->W, h, f, i);
  }
  free(rows);
}

bsyn_learner *bsyn_learner_new(bsyn_oracle *o, const bsyn_learn_params *p) {
  if (!o->ops || !o->ops->eval)
    bsyn_abort("bsyn_learner_new: oracle %s answers no queries", o->name);
  bsyn_learner *l = bsyn_calloc(1, sizeof *l);
  l->o = o;
  l->p = *p;
  l->nin = o->num_inputs;
  l->nout = p->outputs ? p->num_outputs : o->num_outputs;
  l->outs = bsyn_malloc((l->nout + 1) * sizeof *l->outs);
  for (uint32_t r = 0; r < l->nout; r++) {
    l->outs[r] = p->outputs ? p->outputs[r] : r;
    if (l->outs[r] >= o->num_outputs)
      bsyn_abort("bsyn_learner_new: output %u out of range (%u)", l->outs[r], o->num_outputs);
  }
  l->W = p->sig_words ? p->sig_words : words_for(p->epsilon, p->delta);
  l->Wc = p->confirm_words ? p->confirm_words : l->W;
  l->Ws = p->sens_words ? p->sens_words : 2;
  if (l->Ws > l->W)
    l->Ws = l->W;
  if (l->Ws > 64)
    l->Ws = 64;
  if (p->sampler) {
    if (p->sampler->num_inputs != l->nin)
      bsyn_abort("bsyn_learner_new: sampler for %u inputs, oracle has %u", p->sampler->num_inputs, l->nin);
    l->sampler = p->sampler;
  } else {
    l->sampler = l->own_sampler = bsyn_sampler_uniform(l->nin);
  }
  l->g = bsyn_bsd_new(l->nin ? l->nin : 1);
  l->roots = bsyn_malloc((l->nout + 1) * sizeof *l->roots);
  for (uint32_t r = 0; r < l->nout; r++)
    l->roots[r] = BSYN_EDGE_NONE;
  bsyn_vec_push(l->node_out, UINT32_MAX);
  bsyn_sigtab_init(&l->nodes_tab, l->W);
  bsyn_sigtab_init(&l->level_tab, l->W);
  build_literal_table(l);
  l->inpath = bsyn_calloc(l->nin + 1, 1);
  bsyn_probe_init(&l->pc, o, l->sampler, p->seed, p->pool);
  l->st.unfinished_log2 = -INFINITY;
  return l;
}

void bsyn_learner_free(bsyn_learner *l) {
  if (!l)
    return;
  bsyn_probe_free(&l->pc);
  bsyn_sampler_free(l->own_sampler);
  bsyn_bsd_free(l->g);
  bsyn_sigtab_free(&l->nodes_tab);
  bsyn_sigtab_free(&l->level_tab);
  bsyn_sigtab_free(&l->lit_tab);
  bsyn_vec_free(l->node_out);
  bsyn_vec_free(l->cur);
  bsyn_vec_free(l->next);
  bsyn_vec_free(l->cur_path);
  bsyn_vec_free(l->next_path);
  bsyn_vec_free(l->cur_sup);
  bsyn_vec_free(l->next_sup);
  bsyn_vec_free(l->sigs);
  bsyn_vec_free(l->conf);
  bsyn_vec_free(l->sens);
  bsyn_vec_free(l->tpath);
  bsyn_vec_free(l->keep);
  bsyn_vec_free(l->reqs);
  bsyn_vec_free(l->forced_slots);
  bsyn_vec_free(l->forced_roots);
  free(l->stamp);
  free(l->stack);
  free(l->inpath);
  free(l->outs);
  free(l->roots);
  free(l);
}

const bsyn_learn_stats *bsyn_learner_stats(const bsyn_learner *l) { return &l->st; }
uint32_t bsyn_learner_num_outputs(const bsyn_learner *l) { return l->nout; }
uint32_t bsyn_learner_output(const bsyn_learner *l, uint32_t r) { return l->outs[r]; }

/* ---- frontier items ---- */

/* Appends an item to the next level: its path is `path` (len entries) plus `extra` (when
 * not UINT32_MAX), its support `sup` (n entries). */
static void push_item(bsyn_learner *l, item it, const uint32_t *path, uint32_t len, uint32_t extra,
                      const uint32_t *sup, uint32_t n) {
  it.path_off = l->next_path.size;
  bsyn_vec_reserve(l->next_path, l->next_path.size + len + 1);
  memcpy(l->next_path.data + l->next_path.size, path, len * sizeof *path);
  l->next_path.size += len;
  if (extra != UINT32_MAX)
    l->next_path.data[l->next_path.size++] = extra;
  it.path_len = (uint32_t)(l->next_path.size - it.path_off);
  it.sup_off = l->next_sup.size;
  it.sup_len = n;
  bsyn_vec_reserve(l->next_sup, l->next_sup.size + n + 1);
  memcpy(l->next_sup.data + l->next_sup.size, sup, n * sizeof *sup);
  l->next_sup.size += n;
  bsyn_vec_push(l->next, it);
}

/* Every input not on the item's path, into l->keep. */
static void free_inputs(bsyn_learner *l, const uint32_t *path, uint32_t len) {
  for (uint32_t p = 0; p < len; p++)
    l->inpath[bsyn_path_var(path[p])] = 1;
  l->keep.size = 0;
  bsyn_vec_reserve(l->keep, l->nin + 1);
  for (uint32_t i = 0; i < l->nin; i++)
    if (!l->inpath[i])
      l->keep.data[l->keep.size++] = i;
  for (uint32_t p = 0; p < len; p++)
    l->inpath[bsyn_path_var(path[p])] = 0;
}

static void set_slot(bsyn_learner *l, const item *it, bsyn_edge e) {
  if (it->parent == BSYN_BSD_ROOT_AUX)
    l->roots[it->slot] = e;
  else
    bsyn_bsd_set_child(l->g, it->parent, it->slot, e);
}

static void start(bsyn_learner *l) {
  free_inputs(l, NULL, 0);
  for (uint32_t r = 0; r < l->nout; r++) {
    item it = {0};
    it.parent = BSYN_BSD_ROOT_AUX;
    it.slot = r;
    it.output = l->outs[r];
    it.full = 1;
    push_item(l, it, NULL, 0, UINT32_MAX, l->keep.data, (uint32_t)l->keep.size);
  }
  l->started = 1;
}

/* The creation path of node v (walking the aux chain), into l->tpath. */
static void node_path(bsyn_learner *l, uint32_t v) {
  l->tpath.size = 0;
  for (uint32_t a = l->g->nodes[v].aux; a != BSYN_BSD_ROOT_AUX; a = l->g->nodes[a >> 1].aux)
    bsyn_vec_push(l->tpath, (l->g->nodes[a >> 1].var << 1) | (a & 1u));
}

static const uint32_t *item_path(const bsyn_learner *l, const item *it) { return l->cur_path.data + it->path_off; }
static const uint32_t *item_sup(const bsyn_learner *l, const item *it) { return l->cur_sup.data + it->sup_off; }
static const uint64_t *item_sig(const bsyn_learner *l, size_t i) { return l->sigs.data + i * l->W; }

static bsyn_probe_req req_for(const bsyn_learner *l, const item *it) {
  bsyn_probe_req r = {0};
  r.path = item_path(l, it);
  r.path_len = it->path_len;
  r.output = it->output;
  r.flip = UINT32_MAX;
  return r;
}

/* ---- the rounds of a level ---- */

static int round_signatures(bsyn_learner *l, bsyn_diag *d) {
  size_t n = l->cur.size;
  bsyn_vec_reserve(l->sigs, n * l->W);
  l->reqs.size = 0;
  bsyn_vec_reserve(l->reqs, n);
  for (size_t i = 0; i < n; i++) {
    bsyn_probe_req r = req_for(l, &l->cur.data[i]);
    r.nwords = l->W;
    r.dest = l->sigs.data + i * l->W;
    r.starts_group = 1;
    l->reqs.data[l->reqs.size++] = r;
  }
  l->st.samples += (uint64_t)n * l->W * 64;
  return bsyn_probe_run(&l->pc, l->reqs.data, l->reqs.size, d);
}

static int is_const(const uint64_t *sig, uint32_t nwords, unsigned *value) {
  uint64_t first = sig[0] & 1u ? ~0ull : 0;
  for (uint32_t w = 0; w < nwords; w++)
    if (sig[w] != first)
      return 0;
  *value = (unsigned)(first & 1u);
  return 1;
}

static bsyn_edge majority(const uint64_t *sig, uint32_t nwords) {
  uint64_t ones = 0;
  for (uint32_t w = 0; w < nwords; w++)
    ones += (uint64_t)__builtin_popcountll(sig[w]);
  return 2 * ones >= (uint64_t)nwords * 64 ? BSYN_EDGE_TRUE : BSYN_EDGE_FALSE;
}

/* A literal leaf when the signature equals a free input's row (or its complement). */
static int literal_of(bsyn_learner *l, const item *it, const uint64_t *sig, bsyn_edge *e) {
  unsigned ef;
  uint32_t input;
  if (bsyn_sigtab_find(&l->lit_tab, sig, it->shash, it->sflag, &input, &ef) == UINT32_MAX)
    return 0;
  const uint32_t *path = item_path(l, it);
  for (uint32_t p = 0; p < it->path_len; p++)
    if (bsyn_path_var(path[p]) == input)
      return 0;
  *e = bsyn_bsd_literal(l->g, input, it->sflag ^ ef);
  return 1;
}

static void classify(bsyn_learner *l, int force) {
  bsyn_sigtab_clear(&l->level_tab);
  for (size_t i = 0; i < l->cur.size; i++) {
    item *it = &l->cur.data[i];
    const uint64_t *sig = item_sig(l, i);
    unsigned f, v;
    it->shash = bsyn_sig_canon_hash(sig, l->W, &f);
    it->sflag = (uint8_t)f;
    it->sens_off = SIZE_MAX;
    uint32_t id;
    unsigned ef;
    if (is_const(sig, l->W, &v)) {
      it->kind = K_CONST;
      it->edge = v;
    } else if (literal_of(l, it, sig, &it->edge)) {
      it->kind = K_LIT;
    } else if (!it->nomerge && bsyn_sigtab_find(&l->nodes_tab, sig, it->shash, f, &id, &ef) != UINT32_MAX) {
      it->kind = K_OLD;
      it->target = id;
      it->tflag = (uint8_t)ef;
    } else if (!it->nomerge && bsyn_sigtab_find(&l->level_tab, sig, it->shash, f, &id, &ef) != UINT32_MAX) {
      it->kind = K_LEVEL;
      it->target = id;
      it->tflag = (uint8_t)ef;
    } else if (force) {
      it->kind = K_FORCED;
      it->edge = majority(sig, l->W);
    } else {
      it->kind = K_NEW;
      bsyn_sigtab_add(&l->level_tab, sig, it->shash, f, (uint32_t)i);
    }
  }
}

/* The Ws signature words that hold the most minority answers: where a rare behaviour
 * shows up (a trace vector, a == b), flipping inputs tells the most about it. */
static void pick_sens_words(const bsyn_learner *l, const uint64_t *sig, uint32_t *words) {
  uint64_t ones = 0;
  for (uint32_t w = 0; w < l->W; w++)
    ones += (uint64_t)__builtin_popcountll(sig[w]);
  uint64_t maj = 2 * ones >= (uint64_t)l->W * 64 ? ~0ull : 0;
  uint32_t n = 0;
  for (uint32_t w = 0; w < l->W; w++) {
    uint32_t score = (uint32_t)__builtin_popcountll(sig[w] ^ maj);
    uint32_t k = n < l->Ws ? n++ : n;
    /* insertion into the sorted top list: higher score first, then lower word index */
    while (k > 0 && (uint32_t)__builtin_popcountll(sig[words[k - 1]] ^ maj) < score) {
      if (k < l->Ws)
        words[k] = words[k - 1];
      k--;
    }
    if (k < l->Ws)
      words[k] = w;
  }
}

static void add_sens_reqs(bsyn_learner *l, size_t i) {
  item *it = &l->cur.data[i];
  const uint32_t *sup = item_sup(l, it);
  const uint64_t *sig = item_sig(l, i);
  uint32_t words[64];
  pick_sens_words(l, sig, words);
  uint32_t ones = 0;
  for (uint32_t q = 0; q < l->Ws; q++)
    ones += (uint32_t)__builtin_popcountll(sig[words[q]]);
  it->sens_minority = ones < 64 * l->Ws - ones ? ones : 64 * l->Ws - ones;
  it->sens_off = l->sens.size;
  l->sens.size += 3 * (size_t)it->sup_len;
  for (uint32_t k = 0; k < it->sup_len; k++) {
    memset(l->sens.data + it->sens_off + 3 * k, 0, 3 * sizeof(uint32_t));
    for (uint32_t q = 0; q < l->Ws; q++) {
      bsyn_probe_req r = req_for(l, it);
      r.nwords = 1;
      r.first_word = words[q];
      r.flip = sup[k];
      r.base = sig + words[q];
      r.count = l->sens.data + it->sens_off + 3 * k;
      r.starts_group = k == 0 && q == 0;
      bsyn_vec_push(l->reqs, r);
    }
  }
}

/* Round B (confirm = 1: confirmations of candidates plus sensitivity of new items) or C
 * (sensitivity of refuted candidates). */
static int round_probe(bsyn_learner *l, int confirm, bsyn_diag *d) {
  size_t n = l->cur.size, nsens = 0, ncand = 0;
  for (size_t i = 0; i < n; i++) {
    const item *it = &l->cur.data[i];
    int cand = it->kind == K_OLD || it->kind == K_LEVEL;
    if (confirm ? it->kind == K_NEW : (cand && !it->confirmed))
      nsens += 3 * (size_t)it->sup_len;
    ncand += confirm && cand;
  }
  /* the buffers are sized first: requests keep pointers into them */
  l->sens.size = 0;
  bsyn_vec_reserve(l->sens, nsens + 1);
  l->conf.size = 0;
  bsyn_vec_reserve(l->conf, ncand * 2 * l->Wc + 1);
  l->tpath.size = 0;
  BSYN_VEC(uint32_t) tpaths = {0};
  BSYN_VEC(size_t) toffs = {0};
  if (confirm) /* old targets' creation paths, materialized before any request points there */
    for (size_t i = 0; i < n; i++)
      if (l->cur.data[i].kind == K_OLD) {
        node_path(l, l->cur.data[i].target);
        bsyn_vec_push(toffs, tpaths.size);
        bsyn_vec_reserve(tpaths, tpaths.size + l->tpath.size + 1);
        memcpy(tpaths.data + tpaths.size, l->tpath.data, l->tpath.size * sizeof(uint32_t));
        tpaths.size += l->tpath.size;
        bsyn_vec_push(toffs, tpaths.size);
      }
  l->reqs.size = 0;
  uint64_t first = (uint64_t)l->W + (uint64_t)l->st.levels * l->Wc; /* fresh words per level */
  size_t told = 0;
  for (size_t i = 0; i < n; i++) {
    item *it = &l->cur.data[i];
    int cand = it->kind == K_OLD || it->kind == K_LEVEL;
    if (confirm && cand) {
      it->conf_off = l->conf.size;
      l->conf.size += 2 * l->Wc;
      bsyn_probe_req a = req_for(l, it);
      a.nwords = l->Wc;
      a.first_word = first;
      a.dest = l->conf.data + it->conf_off;
      a.starts_group = 1;
      bsyn_probe_req b = a;
      b.dest = a.dest + l->Wc;
      b.starts_group = 0;
      if (it->kind == K_OLD) {
        b.path = tpaths.data + toffs.data[told];
        b.path_len = (uint32_t)(toffs.data[told + 1] - toffs.data[told]);
        b.output = l->node_out.data[it->target];
        told += 2;
      } else {
        const item *r = &l->cur.data[it->target];
        b.path = item_path(l, r);
        b.path_len = r->path_len;
        b.output = r->output;
      }
      bsyn_vec_push(l->reqs, a);
      bsyn_vec_push(l->reqs, b);
    }
    if (confirm ? it->kind == K_NEW : (cand && !it->confirmed))
      add_sens_reqs(l, i);
  }
  int rc = bsyn_probe_run(&l->pc, l->reqs.data, l->reqs.size, d);
  bsyn_vec_free(tpaths);
  bsyn_vec_free(toffs);
  if (rc || !confirm)
    return rc;
  for (size_t i = 0; i < n; i++) {
    item *it = &l->cur.data[i];
    if (it->kind != K_OLD && it->kind != K_LEVEL)
      continue;
    const uint64_t *a = l->conf.data + it->conf_off, *b = a + l->Wc;
    uint64_t mask = 0 - (uint64_t)(it->sflag ^ it->tflag);
    it->confirmed = 1;
    for (uint32_t w = 0; w < l->Wc && it->confirmed; w++)
      it->confirmed = (a[w] ^ b[w] ^ mask) == 0;
    l->st.merges_rejected += !it->confirmed;
  }
  return 0;
}

/* 1 when the merge of item it into node t would close a cycle (or the check ran out). */
static int would_cycle(bsyn_learner *l, const item *it, uint32_t t) {
  if (it->parent == BSYN_BSD_ROOT_AUX)
    return 0;
  if (l->stamp_cap < l->g->num_nodes) {
    size_t cap = l->g->num_nodes * 2;
    l->stamp = bsyn_realloc(l->stamp, cap * sizeof *l->stamp);
    memset(l->stamp + l->stamp_cap, 0, (cap - l->stamp_cap) * sizeof *l->stamp);
    l->stamp_cap = cap;
  }
  return bsyn_learn_may_reach(l->g, t, it->parent, l->p.cycle_visits, l->stamp, &l->epoch, &l->stack,
                              &l->stack_cap);
}

static int over_node_budget(const bsyn_learner *l) {
  return l->p.max_nodes && l->st.nodes >= l->p.max_nodes;
}

static void force_leaf(bsyn_learner *l, item *it, size_t i) {
  it->kind = K_FORCED;
  it->edge = majority(item_sig(l, i), l->W);
}

/* Turns item i into a node on its best input (or re-queues it over all free inputs). */
static void expand(bsyn_learner *l, size_t i) {
  item *it = &l->cur.data[i];
  const uint32_t *sup = item_sup(l, it);
  const uint32_t *path = item_path(l, it);
  item child = *it;
  child.nomerge = 0;
  child.expanded = 0;
  if (it->sens_off == SIZE_MAX) { /* a merge refused after the probes: probe again */
    child.nomerge = 1;
    push_item(l, child, path, it->path_len, UINT32_MAX, sup, it->sup_len);
    l->st.requeued++;
    return;
  }
  bsyn_vec_reserve(l->keep, it->sup_len + 1);
  uint32_t nkeep;
  int k = bsyn_learn_choose_split(sup, l->sens.data + it->sens_off, it->sup_len, 64 * l->Ws, it->sens_minority,
                                  l->keep.data, &nkeep);
  if (k < 0 && !it->full) { /* live support ran dry but the samples still vary */
    free_inputs(l, path, it->path_len);
    child.full = 1;
    push_item(l, child, path, it->path_len, UINT32_MAX, l->keep.data, (uint32_t)l->keep.size);
    l->st.requeued++;
    return;
  }
  uint32_t var;
  if (k < 0) { /* variation outside the sensitivity words: split on the first free input */
    var = sup[0];
    nkeep = it->sup_len - 1;
    memcpy(l->keep.data, sup + 1, nkeep * sizeof *sup);
  } else {
    var = sup[k];
  }
  uint32_t aux = it->parent == BSYN_BSD_ROOT_AUX ? BSYN_BSD_ROOT_AUX : 2 * it->parent + it->slot;
  uint32_t v = bsyn_bsd_add_open(l->g, var, aux);
  bsyn_vec_reserve(l->node_out, l->g->num_nodes);
  while (l->node_out.size < l->g->num_nodes)
    l->node_out.data[l->node_out.size++] = UINT32_MAX;
  l->node_out.data[v] = it->output;
  l->st.nodes++;
  it->expanded = 1;
  it->edge = bsyn_edge_make(v, 0);
  set_slot(l, it, it->edge);
  bsyn_sigtab_add(&l->nodes_tab, item_sig(l, i), it->shash, it->sflag, v);
  child.parent = v;
  child.depth = it->depth + 1;
  child.full = it->full && k < 0;
  for (unsigned b = 0; b < 2; b++) {
    child.slot = b;
    push_item(l, child, path, it->path_len, (var << 1) | b, l->keep.data, nkeep);
  }
}

static void resolve(bsyn_learner *l, int force) {
  for (size_t i = 0; i < l->cur.size; i++) {
    item *it = &l->cur.data[i];
    it->expanded = 0;
    if (it->kind == K_OLD || it->kind == K_LEVEL) {
      bsyn_edge t = it->kind == K_OLD ? bsyn_edge_make(it->target, 0) : l->cur.data[it->target].edge;
      if (it->confirmed && it->kind == K_OLD && would_cycle(l, it, it->target)) {
        l->st.merges_cyclic++;
        it->confirmed = 0;
      }
      if (it->kind == K_LEVEL && !l->cur.data[it->target].expanded)
        it->confirmed = 0; /* the representative became a leaf or went to the next level */
      if (it->confirmed) {
        unsigned c = it->sflag ^ it->tflag;
        it->edge = bsyn_edge_notif(t, c);
        set_slot(l, it, it->edge);
        l->st.merges++;
        l->st.merges_complement += c;
        continue;
      }
      it->kind = K_NEW;
    }
    if (it->kind == K_NEW && (force || over_node_budget(l)))
      force_leaf(l, it, i);
    switch (it->kind) {
    case K_CONST:
    case K_LIT:
      l->st.leaves_const += it->kind == K_CONST;
      l->st.leaves_literal += it->kind == K_LIT;
      set_slot(l, it, it->edge);
      break;
    case K_FORCED:
      l->st.leaves_forced++;
      set_slot(l, it, it->edge);
      if (it->parent == BSYN_BSD_ROOT_AUX)
        bsyn_vec_push(l->forced_roots, it->slot);
      else
        bsyn_vec_push(l->forced_slots, 2 * it->parent + it->slot);
      break;
    default:
      expand(l, i);
    }
  }
}

static size_t memory_used(const bsyn_learner *l) {
  return (size_t)l->g->cap_nodes * sizeof(bsyn_bsd_node) + l->node_out.cap * 4 +
         bsyn_sigtab_bytes(&l->nodes_tab) + bsyn_sigtab_bytes(&l->level_tab) +
         (l->cur.cap + l->next.cap) * sizeof(item) +
         (l->cur_path.cap + l->next_path.cap + l->cur_sup.cap + l->next_sup.cap + l->sens.cap) * 4 +
         (l->sigs.cap + l->conf.cap) * 8 + l->reqs.cap * sizeof(bsyn_probe_req);
}

static int run_level(bsyn_learner *l, int force, bsyn_diag *d) {
  double t = bsyn_learn_now();
  if (round_signatures(l, d))
    return -1;
  double t1 = bsyn_learn_now();
  l->st.t_probe += t1 - t;
  classify(l, force);
  double t2 = bsyn_learn_now();
  l->st.t_classify += t2 - t1;
  if (round_probe(l, 1, d) || round_probe(l, 0, d))
    return -1;
  double t3 = bsyn_learn_now();
  l->st.t_confirm += t3 - t2;
  resolve(l, force);
  l->st.t_classify += bsyn_learn_now() - t3;
  return 0;
}

static void swap_levels(bsyn_learner *l) {
  item_vec iv = l->cur;
  l->cur = l->next;
  l->next = iv;
  l->next.size = 0;
  u32_vec pv = l->cur_path;
  l->cur_path = l->next_path;
  l->next_path = pv;
  l->next_path.size = 0;
  u32_vec sv = l->cur_sup;
  l->cur_sup = l->next_sup;
  l->next_sup = sv;
  l->next_sup.size = 0;
}

static void finish_mass(bsyn_learner *l) {
  bsyn_mass m = bsyn_mass_of_slots(l->g, l->roots, l->nout, l->forced_slots.data, l->forced_slots.size,
                                   l->forced_roots.data, l->forced_roots.size);
  double lg = bsyn_mass_log2(m);
  l->st.unfinished_log2 = lg == -INFINITY || !l->nout ? -INFINITY : lg - log2((double)l->nout);
  l->st.unfinished_mass = l->st.unfinished_log2 == -INFINITY ? 0.0 : exp2(l->st.unfinished_log2);
}

int bsyn_learner_run(bsyn_learner *l, bsyn_diag *d) {
  double t0 = bsyn_learn_now();
  if (!l->started) {
    start(l);
    swap_levels(l);
  }
  int rc = 0;
  while (l->cur.size) {
    int force = l->st.stop != BSYN_LEARN_DONE;
    if (!force && l->p.max_seconds > 0 && l->st.t_total + (bsyn_learn_now() - t0) > l->p.max_seconds)
      l->st.stop = BSYN_LEARN_TIME_BUDGET;
    else if (!force && l->p.max_memory && memory_used(l) > l->p.max_memory)
      l->st.stop = BSYN_LEARN_MEMORY_BUDGET;
    else if (!force && over_node_budget(l))
      l->st.stop = BSYN_LEARN_NODE_BUDGET;
    force = l->st.stop != BSYN_LEARN_DONE;
    l->st.level = l->st.levels;
    l->st.frontier = l->cur.size;
    if (l->cur.size > l->st.max_frontier)
      l->st.max_frontier = l->cur.size;
    if ((rc = run_level(l, force, d)))
      break;
    if (!force && over_node_budget(l))
      l->st.stop = BSYN_LEARN_NODE_BUDGET;
    swap_levels(l);
    l->st.levels++;
    l->st.queries = l->pc.words_done * 64;
    if (l->p.progress) {
      l->st.frontier = l->cur.size;
      l->p.progress(l->p.progress_arg, &l->st);
    }
  }
  l->st.queries = l->pc.words_done * 64;
  l->st.t_total += bsyn_learn_now() - t0;
  if (!rc)
    finish_mass(l);
  return rc;
}

bsyn_bsd *bsyn_learner_bsd(const bsyn_learner *l, bsyn_edge *roots) {
  if (l->cur.size)
    bsyn_abort("bsyn_learner_bsd: the learner has not finished");
  return bsyn_bsd_reduce(l->g, l->roots, l->nout, roots);
}

bsyn_aig *bsyn_learner_aig(const bsyn_learner *l) {
  bsyn_edge *roots = bsyn_malloc((l->nout + 1) * sizeof *roots);
  bsyn_bsd *bsd = bsyn_learner_bsd(l, roots);
  char **in = bsyn_learn_names(l->o, 0), **outn = bsyn_learn_names(l->o, 1);
  const char **on = bsyn_malloc((l->nout + 1) * sizeof *on);
  for (uint32_t r = 0; r < l->nout; r++)
    on[r] = outn[l->outs[r]];
  bsyn_aig *aig = bsyn_bsd_to_aig(bsd, roots, l->nout, (const char *const *)in, on);
  free(on);
  bsyn_learn_free_names(in, l->o->num_inputs);
  bsyn_learn_free_names(outn, l->o->num_outputs);
  bsyn_bsd_free(bsd);
  free(roots);
  return aig;
}

char **bsyn_learn_names(const bsyn_oracle *o, int is_output) {
  uint32_t n = is_output ? o->num_outputs : o->num_inputs;
  const bsyn_field *f = is_output ? o->out_fields : o->in_fields;
  uint32_t nf = is_output ? o->num_out_fields : o->num_in_fields;
  char **names = bsyn_calloc(n + 1, sizeof *names);
  char buf[256];
  for (uint32_t k = 0; k < nf; k++)
    for (uint32_t b = 0; b < f[k].width && f[k].lsb + b < n; b++) {
      if (f[k].width == 1)
        snprintf(buf, sizeof buf, "%s", f[k].name);
      else
        snprintf(buf, sizeof buf, "%s[%u]", f[k].name, b);
      free(names[f[k].lsb + b]);
      names[f[k].lsb + b] = bsyn_strdup(buf);
    }
  for (uint32_t i = 0; i < n; i++)
    if (!names[i]) {
      snprintf(buf, sizeof buf, "%s%u", is_output ? "out" : "in", i);
      names[i] = bsyn_strdup(buf);
    }
  return names;
}

void bsyn_learn_free_names(char **names, uint32_t num) {
  if (!names)
    return;
  for (uint32_t i = 0; i < num; i++)
    free(names[i]);
  free(names);
}
