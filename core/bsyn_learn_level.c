/* One level of the learner, in three batched rounds (see bsyn_learn.c for the loop):
 *   A  signatures of every item (sample words [0, W) under its path, plus the refinement
 *      words when counterexamples were fed back);
 *   -  classification in item order: constant leaf, literal leaf, merge candidate (an
 *      existing node, or an earlier item of this level, with an equal or complementary
 *      signature), or new node;
 *   B  confirmation of candidates on fresh words drawn along both paths, and sensitivity
 *      probes (flip one live input) for items that will become nodes;
 *   C  sensitivity for candidates that fresh words refuted.
 * Then the items resolve in order, so the graph (and every node index) depends only on the
 * answers, never on how the batches were split across threads. */
#include <stdlib.h>
#include <string.h>

#include "bsyn_learn_internal.h"

/* ---- frontier items ---- */

/* Appends an item to the next level: its path is `path` (len entries) plus `extra` (when
 * not UINT32_MAX), its support `sup` (n entries). */
void bsyn_learn_push_item(bsyn_learner *l, bsyn_learn_item it, const uint32_t *path, uint32_t len,
                          uint32_t extra, const uint32_t *sup, uint32_t n) {
  it.path_off = l->next_path.size;
  bsyn_vec_reserve(l->next_path, l->next_path.size + len + 1);
  if (len)
    memcpy(l->next_path.data + l->next_path.size, path, len * sizeof *path);
  l->next_path.size += len;
  if (extra != UINT32_MAX)
    l->next_path.data[l->next_path.size++] = extra;
  it.path_len = (uint32_t)(l->next_path.size - it.path_off);
  it.sup_off = l->next_sup.size;
  it.sup_len = n;
  bsyn_vec_reserve(l->next_sup, l->next_sup.size + n + 1);
  if (n)
    memcpy(l->next_sup.data + l->next_sup.size, sup, n * sizeof *sup);
  l->next_sup.size += n;
  bsyn_vec_push(l->next, it);
}

/* Every input not on the item's path, into l->keep. */
void bsyn_learn_free_inputs(bsyn_learner *l, const uint32_t *path, uint32_t len) {
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

void bsyn_learn_set_slot(bsyn_learner *l, const bsyn_learn_item *it, bsyn_edge e) {
  if (it->parent == BSYN_BSD_ROOT_AUX)
    l->roots[it->slot] = e;
  else
    bsyn_bsd_set_child(l->g, it->parent, it->slot, e);
}

/* The creation path of node v (walking the aux chain), into l->tpath. */
void bsyn_learn_node_path(bsyn_learner *l, uint32_t v) {
  l->tpath.size = 0;
  for (uint32_t a = l->g->nodes[v].aux; a != BSYN_BSD_ROOT_AUX; a = l->g->nodes[a >> 1].aux)
    bsyn_vec_push(l->tpath, (l->g->nodes[a >> 1].var << 1) | (a & 1u));
}

static const uint32_t *item_path(const bsyn_learner *l, const bsyn_learn_item *it) {
  return l->cur_path.data + it->path_off;
}
static const uint32_t *item_sup(const bsyn_learner *l, const bsyn_learn_item *it) {
  return l->cur_sup.data + it->sup_off;
}
/* Signatures are W sampler words followed by R refinement words (counterexamples). */
static uint32_t sig_words(const bsyn_learner *l) { return l->W + l->R; }
static const uint64_t *item_sig(const bsyn_learner *l, size_t i) {
  return l->sigs.data + i * sig_words(l);
}

static bsyn_probe_req req_for(const bsyn_learner *l, const bsyn_learn_item *it) {
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
  bsyn_probe_cache(&l->pc, 0, 0, l->W);
  uint32_t wt = sig_words(l);
  bsyn_vec_reserve(l->sigs, n * wt);
  l->reqs.size = 0;
  bsyn_vec_reserve(l->reqs, 2 * n);
  for (size_t i = 0; i < n; i++) {
    bsyn_probe_req r = req_for(l, &l->cur.data[i]);
    r.nwords = l->W;
    r.dest = l->sigs.data + i * wt;
    r.starts_group = 1;
    l->reqs.data[l->reqs.size++] = r;
    if (l->R) {
      r.nwords = l->R;
      r.dest += l->W;
      r.refine = 1;
      r.starts_group = 0;
      l->reqs.data[l->reqs.size++] = r;
    }
  }
  l->st.samples += (uint64_t)n * wt * 64;
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
static int literal_of(bsyn_learner *l, const bsyn_learn_item *it, const uint64_t *sig,
                      bsyn_edge *e) {
  unsigned ef;
  uint32_t input;
  unsigned f;
  uint64_t h = l->R ? bsyn_sig_canon_hash(sig, l->W, &f) : it->shash; /* inputs: W words */
  if (bsyn_sigtab_find(&l->lit_tab, sig, h, it->sflag, &input, &ef) == UINT32_MAX)
    return 0;
  const uint32_t *path = item_path(l, it);
  for (uint32_t p = 0; p < it->path_len; p++)
    if (bsyn_path_var(path[p]) == input)
      return 0;
  uint64_t mask = 0 - (uint64_t)(it->sflag ^ ef);
  for (uint32_t w = 0; w < l->R; w++)
    if (sig[l->W + w] != (l->ref_rows[(size_t)input * l->R + w] ^ mask))
      return 0;
  *e = bsyn_bsd_literal(l->g, input, it->sflag ^ ef);
  return 1;
}

/* A forced (majority) leaf into its slot, recorded as unfinished mass. */
static void place_forced(bsyn_learner *l, const bsyn_learn_item *it) {
  l->st.leaves_forced++;
  bsyn_learn_set_slot(l, it, it->edge);
  if (it->parent == BSYN_BSD_ROOT_AUX)
    bsyn_vec_push(l->forced_roots, it->slot);
  else
    bsyn_vec_push(l->forced_slots, 2 * it->parent + it->slot);
}

/* p.order: the position in the order after every input on path. */
static uint32_t next_pos(const bsyn_learner *l, const uint32_t *path, uint32_t len) {
  uint32_t pos = 0;
  for (uint32_t p = 0; p < len; p++) {
    uint32_t q = l->order_pos[bsyn_path_var(path[p])] + 1;
    pos = q > pos ? q : pos;
  }
  return pos;
}

/* An existing node with the item's signature that it may merge into. Under p.order only a
 * node that reads an input at or after the item's next position qualifies: paths then keep
 * reading inputs in order and no merge can close a cycle. An item that equals an earlier
 * node (it ignores the inputs in between) goes to the level table instead, where its
 * sibling joins it: one node per ignored input and function, not a doubling. */
static int old_match(bsyn_learner *l, const bsyn_learn_item *it, const uint64_t *sig, unsigned f,
                     uint32_t *id, unsigned *ef) {
  if (bsyn_sigtab_find(&l->nodes_tab, sig, it->shash, f, id, ef) == UINT32_MAX)
    return 0;
  return !l->order ||
         l->order_pos[l->g->nodes[*id].var] >= next_pos(l, item_path(l, it), it->path_len);
}

static void classify(bsyn_learner *l, int force) {
  bsyn_sigtab_clear(&l->level_tab);
  for (size_t i = 0; i < l->cur.size; i++) {
    bsyn_learn_item *it = &l->cur.data[i];
    const uint64_t *sig = item_sig(l, i);
    unsigned f, v;
    it->shash = bsyn_sig_canon_hash(sig, sig_words(l), &f);
    it->sflag = (uint8_t)f;
    it->sens_off = SIZE_MAX;
    it->la_off = SIZE_MAX;
    it->la_var = UINT32_MAX;
    uint32_t id;
    unsigned ef;
    if (is_const(sig, sig_words(l), &v)) {
      it->kind = BSYN_ITEM_CONST;
      it->edge = v;
    } else if (literal_of(l, it, sig, &it->edge)) {
      it->kind = BSYN_ITEM_LIT;
    } else if (!it->nomerge && old_match(l, it, sig, f, &id, &ef)) {
      it->kind = BSYN_ITEM_OLD;
      it->target = id;
      it->tflag = (uint8_t)ef;
    } else if (!it->nomerge &&
               bsyn_sigtab_find(&l->level_tab, sig, it->shash, f, &id, &ef) != UINT32_MAX) {
      it->kind = BSYN_ITEM_LEVEL;
      it->target = id;
      it->tflag = (uint8_t)ef;
    } else if (force) {
      it->kind = BSYN_ITEM_FORCED;
      it->edge = majority(sig, sig_words(l));
    } else {
      it->kind = BSYN_ITEM_NEW;
      bsyn_sigtab_add(&l->level_tab, sig, it->shash, f, (uint32_t)i);
    }
  }
}

/* Minority answers in a word, saturated at 24 of 64: a balanced function's words all tie
 * (and the lowest indices win) instead of the choice following sampling noise. */
static uint32_t minority_score(uint64_t minority) {
  uint32_t n = (uint32_t)__builtin_popcountll(minority);
  return n < 24 ? n : 24;
}

/* The Ws signature words that hold the most minority answers: where a rare behaviour
 * shows up (a trace vector, a == b), flipping inputs tells the most about it. */
static void pick_sens_words(const bsyn_learner *l, const uint64_t *sig, uint32_t *words) {
  uint32_t wt = sig_words(l);
  uint64_t ones = 0;
  for (uint32_t w = 0; w < wt; w++)
    ones += (uint64_t)__builtin_popcountll(sig[w]);
  uint64_t maj = 2 * ones >= (uint64_t)wt * 64 ? ~0ull : 0;
  uint32_t n = 0;
  for (uint32_t w = 0; w < wt; w++) {
    uint32_t score = minority_score(sig[w] ^ maj);
    uint32_t k = n < l->Ws ? n++ : n;
    /* insertion into the sorted top list: higher score first, then lower word index */
    while (k > 0 && minority_score(sig[words[k - 1]] ^ maj) < score) {
      if (k < l->Ws)
        words[k] = words[k - 1];
      k--;
    }
    if (k < l->Ws)
      words[k] = w;
  }
}

void bsyn_learn_sens_words(const bsyn_learner *l, size_t i, uint32_t *words) {
  pick_sens_words(l, item_sig(l, i), words);
}

static void add_sens_reqs(bsyn_learner *l, size_t i) {
  bsyn_learn_item *it = &l->cur.data[i];
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
  if (it->carried) { /* same path, support and signature: the same counts as last level */
    memcpy(l->sens.data + it->sens_off, l->cur_carry.data + it->carry_off,
           3 * (size_t)it->sup_len * sizeof *l->sens.data);
    return;
  }
  for (uint32_t k = 0; k < it->sup_len; k++) {
    memset(l->sens.data + it->sens_off + 3 * k, 0, 3 * sizeof(uint32_t));
    for (uint32_t q = 0; q < l->Ws; q++) {
      bsyn_probe_req r = req_for(l, it);
      r.nwords = 1;
      r.first_word = words[q] < l->W ? words[q] : words[q] - l->W;
      r.refine = words[q] >= l->W;
      r.flip = sup[k];
      r.base = sig + words[q];
      r.count = l->sens.data + it->sens_off + 3 * k;
      r.starts_group = k == 0 && q == 0;
      bsyn_vec_push(l->reqs, r);
    }
  }
}

/* The creation paths of the merge targets that are old nodes, into l->tpaths (before any
 * request points there: the vector must not move afterwards). */
static void target_paths(bsyn_learner *l) {
  l->tpaths.size = 0;
  for (size_t i = 0; i < l->cur.size; i++) {
    bsyn_learn_item *it = &l->cur.data[i];
    if (it->kind != BSYN_ITEM_OLD)
      continue;
    bsyn_learn_node_path(l, it->target);
    it->tpath_off = l->tpaths.size;
    it->tpath_len = (uint32_t)l->tpath.size;
    bsyn_vec_reserve(l->tpaths, l->tpaths.size + l->tpath.size + 1);
    if (l->tpath.size)
      memcpy(l->tpaths.data + l->tpaths.size, l->tpath.data, l->tpath.size * sizeof(uint32_t));
    l->tpaths.size += l->tpath.size;
  }
}

/* The item's and its target's answers on the fresh words `first`.. (Wc of them) and on the
 * refinement words, side by side in l->conf. */
static void add_confirm_reqs(bsyn_learner *l, bsyn_learn_item *it, uint64_t first, uint32_t wc) {
  it->conf_off = l->conf.size;
  l->conf.size += 2 * (size_t)wc;
  bsyn_probe_req a = req_for(l, it);
  a.nwords = l->Wc;
  a.first_word = first;
  a.dest = l->conf.data + it->conf_off;
  a.starts_group = 1;
  bsyn_probe_req b = a;
  b.dest = a.dest + wc;
  b.starts_group = 0;
  if (it->kind == BSYN_ITEM_OLD) {
    b.path = l->tpaths.data + it->tpath_off;
    b.path_len = it->tpath_len;
    b.output = l->node_out.data[it->target];
  } else {
    const bsyn_learn_item *r = &l->cur.data[it->target];
    b.path = item_path(l, r);
    b.path_len = r->path_len;
    b.output = r->output;
  }
  bsyn_vec_push(l->reqs, a);
  bsyn_vec_push(l->reqs, b);
  if (l->R) {
    a.starts_group = b.starts_group = 0;
    a.refine = b.refine = 1;
    a.first_word = b.first_word = 0;
    a.nwords = b.nwords = l->R;
    a.dest += l->Wc;
    b.dest += l->Wc;
    bsyn_vec_push(l->reqs, a);
    bsyn_vec_push(l->reqs, b);
  }
}

static int is_candidate(const bsyn_learn_item *it) {
  return it->kind == BSYN_ITEM_OLD || it->kind == BSYN_ITEM_LEVEL;
}

/* Round B (confirm = 1: confirmations of candidates plus sensitivity of new items) or C
 * (sensitivity of refuted candidates). */
static int round_probe(bsyn_learner *l, int confirm, bsyn_diag *d) {
  size_t n = l->cur.size, nsens = 0, ncand = 0;
  for (size_t i = 0; i < n; i++) {
    const bsyn_learn_item *it = &l->cur.data[i];
    if (confirm ? it->kind == BSYN_ITEM_NEW : (is_candidate(it) && !it->confirmed))
      nsens += 3 * (size_t)it->sup_len;
    ncand += confirm && is_candidate(it);
  }
  /* the buffers are sized first: requests keep pointers into them. Round C adds its counts
   * after round B's, which the new items still need. */
  if (confirm)
    l->sens.size = 0;
  bsyn_vec_reserve(l->sens, l->sens.size + nsens + 1);
  l->conf.size = 0;
  uint32_t wc = l->Wc + l->R; /* fresh words, then the refinement words */
  bsyn_vec_reserve(l->conf, ncand * 2 * wc + 1);
  if (confirm)
    target_paths(l);
  l->reqs.size = 0;
  uint64_t first = (uint64_t)l->W + (uint64_t)l->st.levels * l->Wc; /* fresh words per level */
  if (confirm && ncand)
    bsyn_probe_cache(&l->pc, 1, first, l->Wc);
  for (size_t i = 0; i < n; i++) {
    bsyn_learn_item *it = &l->cur.data[i];
    if (confirm && is_candidate(it))
      add_confirm_reqs(l, it, first, wc);
    if (confirm ? it->kind == BSYN_ITEM_NEW : (is_candidate(it) && !it->confirmed))
      add_sens_reqs(l, i);
  }
  if (bsyn_probe_run(&l->pc, l->reqs.data, l->reqs.size, d))
    return -1;
  for (size_t i = 0; confirm && i < n; i++) {
    bsyn_learn_item *it = &l->cur.data[i];
    if (!is_candidate(it))
      continue;
    const uint64_t *a = l->conf.data + it->conf_off, *b = a + wc;
    uint64_t mask = 0 - (uint64_t)(it->sflag ^ it->tflag);
    it->confirmed = 1;
    for (uint32_t w = 0; w < wc && it->confirmed; w++)
      it->confirmed = (a[w] ^ b[w] ^ mask) == 0;
    l->st.merges_rejected += !it->confirmed;
  }
  return 0;
}

/* 1 when the merge of bsyn_learn_item it into node t would close a cycle (or the check ran out). */
static int would_cycle(bsyn_learner *l, const bsyn_learn_item *it, uint32_t t) {
  if (it->parent == BSYN_BSD_ROOT_AUX)
    return 0;
  if (l->stamp_cap < l->g->num_nodes) {
    size_t cap = l->g->num_nodes * 2;
    l->stamp = bsyn_realloc(l->stamp, cap * sizeof *l->stamp);
    memset(l->stamp + l->stamp_cap, 0, (cap - l->stamp_cap) * sizeof *l->stamp);
    l->stamp_cap = cap;
  }
  return bsyn_learn_may_reach(l->g, t, it->parent, l->p.cycle_visits, l->stamp, &l->epoch,
                              &l->stack, &l->stack_cap);
}

/* The item's sensitive live inputs other than var, into l->keep; returns their number. */
static uint32_t keep_except(bsyn_learner *l, const bsyn_learn_item *it, uint32_t var) {
  const uint32_t *sup = item_sup(l, it);
  uint32_t n = 0;
  for (uint32_t q = 0; q < it->sup_len; q++)
    if (sup[q] != var && l->sens.data[it->sens_off + 3 * q])
      l->keep.data[n++] = sup[q];
  return n;
}

/* level_order: every input's count of the level's new items whose usual choice
 * (bsyn_learn_choose_split) it is; the input with the most (ties to the lower index) is the
 * level's split. */
static void count_votes(bsyn_learner *l) {
  l->votes.size = 0;
  bsyn_vec_reserve(l->votes, l->nin);
  memset(l->votes.data, 0, l->nin * sizeof *l->votes.data);
  l->votes.size = l->nin;
  for (size_t i = 0; i < l->cur.size; i++) {
    const bsyn_learn_item *it = &l->cur.data[i];
    if (it->kind != BSYN_ITEM_NEW || it->sens_off == SIZE_MAX)
      continue;
    bsyn_vec_reserve(l->keep, it->sup_len + 1);
    uint32_t nkeep;
    int k = bsyn_learn_choose_split(item_sup(l, it), l->sens.data + it->sens_off, it->sup_len,
                                    64 * l->Ws, it->sens_minority, l->keep.data, &nkeep);
    if (k >= 0)
      l->votes.data[item_sup(l, it)[k]]++;
  }
  l->level_var = UINT32_MAX;
  for (uint32_t v = 0; v < l->nin; v++)
    if (l->votes.data[v] &&
        (l->level_var == UINT32_MAX || l->votes.data[v] > l->votes.data[l->level_var]))
      l->level_var = v;
}

/* level_order: the index of the level's input in the item's live support when a flip of it
 * changed the item, else -1. */
static int level_split(const bsyn_learner *l, const bsyn_learn_item *it) {
  const uint32_t *sup = item_sup(l, it), *st = l->sens.data + it->sens_off;
  for (uint32_t q = 0; q < it->sup_len; q++)
    if (sup[q] == l->level_var)
      return st[3 * q] ? (int)q : -1;
  return -1;
}

/* level_order: item it goes to the next level unchanged (as child), with its sensitivity
 * counts, which would come out the same. */
static void wait_a_level(bsyn_learner *l, const bsyn_learn_item *it, bsyn_learn_item child) {
  size_t n = 3 * (size_t)it->sup_len;
  child.carried = 1;
  child.carry_off = l->next_carry.size;
  bsyn_vec_reserve(l->next_carry, l->next_carry.size + n + 1);
  memcpy(l->next_carry.data + child.carry_off, l->sens.data + it->sens_off,
         n * sizeof *l->sens.data);
  l->next_carry.size += n;
  bsyn_learn_push_item(l, child, item_path(l, it), it->path_len, UINT32_MAX, item_sup(l, it),
                       it->sup_len);
  l->st.requeued++;
}

static void force_leaf(bsyn_learner *l, bsyn_learn_item *it, size_t i) {
  it->kind = BSYN_ITEM_FORCED;
  it->edge = majority(item_sig(l, i), sig_words(l));
}

/* p.order: the first input of the order after every input on path (UINT32_MAX: none). */
static uint32_t next_in_order(const bsyn_learner *l, const uint32_t *path, uint32_t len) {
  uint32_t pos = next_pos(l, path, len);
  return pos < l->nin ? l->order[pos] : UINT32_MAX;
}

/* Turns item i into a node on its best input (or re-queues it over all free inputs). */
static void expand(bsyn_learner *l, size_t i) {
  bsyn_learn_item *it = &l->cur.data[i];
  const uint32_t *sup = item_sup(l, it);
  const uint32_t *path = item_path(l, it);
  bsyn_learn_item child = *it;
  child.nomerge = 0;
  child.carried = 0;
  child.expanded = 0;
  if (it->sens_off == SIZE_MAX) { /* a merge refused after the probes: probe again */
    child.nomerge = 1;
    bsyn_learn_push_item(l, child, path, it->path_len, UINT32_MAX, sup, it->sup_len);
    l->st.requeued++;
    return;
  }
  bsyn_vec_reserve(l->keep, it->sup_len + 1);
  uint32_t nkeep = 0, var;
  int k = 0;
  if (l->order) { /* the next input of the fixed order; the children keep no support */
    var = next_in_order(l, path, it->path_len);
    if (var == UINT32_MAX) { /* every input is forced: only refinement words can vary */
      force_leaf(l, it, i);
      place_forced(l, it);
      return;
    }
    goto split;
  }
  k = bsyn_learn_choose_split(sup, l->sens.data + it->sens_off, it->sup_len, 64 * l->Ws,
                              it->sens_minority, l->keep.data, &nkeep);
  if (k < 0 && !it->full) { /* live support ran dry but the samples still vary */
    bsyn_learn_free_inputs(l, path, it->path_len);
    child.full = 1;
    bsyn_learn_push_item(l, child, path, it->path_len, UINT32_MAX, l->keep.data,
                         (uint32_t)l->keep.size);
    l->st.requeued++;
    return;
  }
  if (k < 0) { /* variation outside the sensitivity words: split on the first free input */
    var = sup[0];
    nkeep = it->sup_len - 1;
    if (nkeep)
      memcpy(l->keep.data, sup + 1, nkeep * sizeof *sup);
  } else {
    var = sup[k];
  }
  int ordered = l->p.level_order && k >= 0 && l->level_var != UINT32_MAX;
  if (ordered) { /* the level's input, or wait for a later level */
    int q = level_split(l, it);
    if (q < 0) {
      wait_a_level(l, it, child);
      return;
    }
    if (q != k)
      nkeep = keep_except(l, it, var = sup[k = q]);
  }
  if (!ordered && l->p.pair_fields && k >= 0 && it->path_len) { /* a == b: a[k] then b[k] */
    int pk = bsyn_learn_choose_partner(l->o, bsyn_path_var(path[it->path_len - 1]), sup,
                                       l->sens.data + it->sens_off, it->sup_len, k);
    if (pk != k)
      nkeep = keep_except(l, it, var = sup[pk]);
  }
  if (!ordered && it->la_var != UINT32_MAX) /* a control split found by the look-ahead */
    nkeep = keep_except(l, it, var = it->la_var);
split:
  child.data = it->data || (it->la_off != SIZE_MAX && it->la_var == UINT32_MAX);
  uint32_t aux = it->parent == BSYN_BSD_ROOT_AUX ? BSYN_BSD_ROOT_AUX : 2 * it->parent + it->slot;
  uint32_t v = bsyn_bsd_add_open(l->g, var, aux);
  bsyn_vec_reserve(l->node_out, l->g->num_nodes);
  while (l->node_out.size < l->g->num_nodes)
    l->node_out.data[l->node_out.size++] = UINT32_MAX;
  l->node_out.data[v] = it->output;
  l->st.nodes++;
  it->expanded = 1;
  it->edge = bsyn_edge_make(v, 0);
  bsyn_learn_set_slot(l, it, it->edge);
  bsyn_learn_table_node(l, item_sig(l, i), it->shash, it->sflag, v);
  child.parent = v;
  child.depth = it->depth + 1;
  child.full = it->full && k < 0;
  for (unsigned b = 0; b < 2; b++) {
    child.slot = b;
    bsyn_learn_push_item(l, child, path, it->path_len, (var << 1) | b, l->keep.data, nkeep);
  }
}

static void resolve(bsyn_learner *l, int force) {
  for (size_t i = 0; i < l->cur.size; i++) {
    bsyn_learn_item *it = &l->cur.data[i];
    it->expanded = 0;
    if (it->kind == BSYN_ITEM_OLD || it->kind == BSYN_ITEM_LEVEL) {
      bsyn_edge t =
          it->kind == BSYN_ITEM_OLD ? bsyn_edge_make(it->target, 0) : l->cur.data[it->target].edge;
      if (it->confirmed && it->kind == BSYN_ITEM_OLD && would_cycle(l, it, it->target)) {
        l->st.merges_cyclic++;
        it->confirmed = 0;
      }
      if (it->kind == BSYN_ITEM_LEVEL && !l->cur.data[it->target].expanded)
        it->confirmed = 0; /* the representative became a leaf or went to the next level */
      if (it->confirmed) {
        unsigned c = it->sflag ^ it->tflag;
        it->edge = bsyn_edge_notif(t, c);
        bsyn_learn_set_slot(l, it, it->edge);
        l->st.merges++;
        l->st.merges_complement += c;
        continue;
      }
      it->kind = BSYN_ITEM_NEW;
    }
    if (it->kind == BSYN_ITEM_NEW && (force || bsyn_learn_over_node_budget(l)))
      force_leaf(l, it, i);
    switch (it->kind) {
    case BSYN_ITEM_CONST:
    case BSYN_ITEM_LIT:
      l->st.leaves_const += it->kind == BSYN_ITEM_CONST;
      l->st.leaves_literal += it->kind == BSYN_ITEM_LIT;
      bsyn_learn_set_slot(l, it, it->edge);
      break;
    case BSYN_ITEM_FORCED:
      place_forced(l, it);
      break;
    default:
      expand(l, i);
    }
  }
}

int bsyn_learn_run_level(bsyn_learner *l, int force, bsyn_diag *d) {
  double t = bsyn_learn_now();
  if (round_signatures(l, d))
    return -1;
  double t1 = bsyn_learn_now();
  l->st.t_probe += t1 - t;
  classify(l, force);
  double t2 = bsyn_learn_now();
  l->st.t_classify += t2 - t1;
  if (round_probe(l, 1, d) || round_probe(l, 0, d) || (!force && bsyn_learn_lookahead_round(l, d)))
    return -1;
  double t3 = bsyn_learn_now();
  l->st.t_confirm += t3 - t2;
  if (l->p.level_order && l->level_var == UINT32_MAX) /* the level's first slice decides */
    count_votes(l);
  resolve(l, force);
  l->st.t_classify += bsyn_learn_now() - t3;
  return 0;
}
