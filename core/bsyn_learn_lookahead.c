/* Look-ahead variable choice: decode before datapath.
 *
 * Sensitivity alone splits a CPU's next_pc on a pc or operand bit first (they flip the
 * answer most often), and the decoder is then copied under every adder. Near the top of
 * the diagram, a split is instead judged by what it does to the width below it: for the
 * top `lookahead` control candidates (inputs ranked by bsyn_learn_priority, sensitive at
 * this node), both cofactors are probed and the summed influence of the other live inputs
 * is counted there. The candidate whose cofactors lose the most influence (an opcode bit
 * that switches the operands off) splits first, if it loses at least lookahead_gain of the
 * node's own. A node where no candidate qualifies is in the datapath: it and its subtree
 * keep the usual choice (bsyn_learn_choose_split) and are not probed again.
 *
 * Counts come from the same Ws sensitivity words as the node's own probes, so the test
 * costs 2 * candidates * (live support + 1) * Ws words per node, and is deterministic like
 * every other probe. */
#include <stdlib.h>
#include <string.h>

#include "bsyn_learn_internal.h"

enum { PRIORITY_WORDS = 4 };

/* The share of a run's time budget the look-ahead may take: past it, items split on their
 * own sensitivities as without look-ahead, so a budget never goes to look-ahead alone. */
#define LOOKAHEAD_SHARE 0.25

/* 1 while the look-ahead has time left: always without a time budget, else while it has
 * taken less than LOOKAHEAD_SHARE of the budget (max_seconds, or the deadline counted from
 * the first run). */
static double time_budget(const bsyn_learner *l) {
  double budget = l->p.max_seconds;
  if (l->p.deadline > 0 && (budget <= 0 || l->p.deadline - l->t_begin < budget))
    budget = l->p.deadline - l->t_begin;
  return budget;
}

static int share_left(const bsyn_learner *l) {
  double budget = time_budget(l);
  return budget <= 0 || l->t_lookahead < LOOKAHEAD_SHARE * budget;
}

int bsyn_learn_lookahead_init(bsyn_learner *l, bsyn_diag *d) {
  if (!l->p.lookahead || l->prio || !share_left(l))
    return 0;
  double *prio = bsyn_calloc(l->nin + 1, sizeof *prio);
  double t = bsyn_learn_now(), budget = time_budget(l);
  double until = budget > 0 ? t + LOOKAHEAD_SHARE * budget - l->t_lookahead : 0;
  int rc = bsyn_learn_priority_until(l->o, l->sampler, l->p.seed, l->outs, l->nout,
                                     PRIORITY_WORDS, l->pc.pool, until, prio, d);
  l->st.t_probe += bsyn_learn_now() - t;
  l->t_lookahead += bsyn_learn_now() - t;
  l->pc.words_done += (uint64_t)l->nin * 3 * (l->nin + 1) * PRIORITY_WORDS;
  if (rc) { /* 1: the share ran out first; the run goes on without look-ahead */
    free(prio);
    return rc < 0 ? -1 : 0;
  }
  l->prio = prio;
  return 0;
}

/* Control candidates: live inputs that changed the answer, with a priority of at least a
 * tenth of the best input's, highest priority first (ties to the lower index). */
static uint32_t candidates(const bsyn_learner *l, const bsyn_learn_item *it, double thr,
                           uint32_t *cand) {
  const uint32_t *sup = l->cur_sup.data + it->sup_off;
  const uint32_t *st = l->sens.data + it->sens_off;
  uint32_t n = 0, kmax = l->p.lookahead;
  for (uint32_t k = 0; k < it->sup_len; k++) {
    double p = l->prio[sup[k]];
    if (!st[3 * k] || !(p >= thr))
      continue;
    uint32_t pos = n < kmax ? n++ : n;
    while (pos > 0 && l->prio[sup[cand[pos - 1]]] < p) {
      if (pos < kmax)
        cand[pos] = cand[pos - 1];
      pos--;
    }
    if (pos < kmax)
      cand[pos] = k;
  }
  return n;
}

static int eligible(const bsyn_learner *l, const bsyn_learn_item *it) {
  return it->sens_off != SIZE_MAX && !it->data && it->depth <= l->p.lookahead_depth;
}

/* The cofactor (candidate k = b) probes of item i: per sensitivity word, the base answers,
 * then every other sensitive live input flipped, counted into cnt. */
static void add_reqs(bsyn_learner *l, size_t i, uint32_t k, unsigned b, uint32_t *cnt) {
  const bsyn_learn_item *it = &l->cur.data[i];
  const uint32_t *sup = l->cur_sup.data + it->sup_off;
  const uint32_t *st = l->sens.data + it->sens_off;
  uint32_t *path = l->la_paths.data + l->la_paths.size;
  memcpy(path, l->cur_path.data + it->path_off, it->path_len * sizeof *path);
  path[it->path_len] = (sup[k] << 1) | b;
  l->la_paths.size += it->path_len + 1;
  uint32_t words[64];
  bsyn_learn_sens_words(l, i, words);
  memset(cnt, 0, 3 * sizeof *cnt);
  for (uint32_t q = 0; q < l->Ws; q++) {
    bsyn_probe_req r = {0};
    r.path = path;
    r.path_len = it->path_len + 1;
    r.output = it->output;
    r.flip = UINT32_MAX;
    r.nwords = 1;
    r.refine = words[q] >= l->W;
    r.first_word = r.refine ? words[q] - l->W : words[q];
    r.dest = l->la_rows.data + l->la_rows.size++;
    r.starts_group = q == 0;
    bsyn_vec_push(l->reqs, r);
    r.base = r.dest;
    r.dest = NULL;
    r.count = cnt;
    r.starts_group = 0;
    for (uint32_t j = 0; j < it->sup_len; j++)
      if (j != k && st[3 * j]) {
        r.flip = sup[j];
        bsyn_vec_push(l->reqs, r);
      }
  }
}

/* Picks the candidate whose cofactors lose the most influence; UINT32_MAX when none loses
 * at least lookahead_gain of the node's. */
static uint32_t decide(const bsyn_learner *l, const bsyn_learn_item *it) {
  const uint32_t *sup = l->cur_sup.data + it->sup_off;
  const uint32_t *st = l->sens.data + it->sens_off;
  uint64_t total = 0;
  for (uint32_t j = 0; j < it->sup_len; j++)
    total += st[3 * j];
  uint32_t best = UINT32_MAX;
  double best_drop = 0;
  for (uint32_t c = 0; c < it->la_n; c++) {
    uint32_t k = l->la_cand.data[it->la_off + c];
    const uint32_t *cnt = l->la_cnt.data + 6 * (it->la_off + c);
    double own = (double)(total - st[3 * k]);
    double drop = own - 0.5 * (double)(cnt[0] + cnt[3]);
    if (own > 0 && drop >= l->p.lookahead_gain * own && drop > best_drop)
      best = sup[k], best_drop = drop;
  }
  return best;
}

/* One look-ahead round over the level's eligible items (bsyn_learn_lookahead_round). */
static int round_body(bsyn_learner *l, bsyn_diag *d) {
  double thr = 0;
  for (uint32_t i = 0; i < l->nin; i++)
    thr = l->prio[i] > thr ? l->prio[i] : thr;
  if (!(thr > 0))
    return 0;
  thr *= 0.1;
  /* pass 1: candidates and buffer sizes (requests keep pointers into the buffers) */
  size_t npath = 0, nrows = 0;
  l->la_cand.size = 0;
  for (size_t i = 0; i < l->cur.size; i++) {
    bsyn_learn_item *it = &l->cur.data[i];
    if (!eligible(l, it))
      continue;
    bsyn_vec_reserve(l->la_cand, l->la_cand.size + l->p.lookahead + 1);
    it->la_off = l->la_cand.size;
    it->la_n = candidates(l, it, thr, l->la_cand.data + it->la_off);
    l->la_cand.size += it->la_n;
    npath += 2 * (size_t)it->la_n * (it->path_len + 1);
    nrows += 2 * (size_t)it->la_n * l->Ws;
  }
  if (!l->la_cand.size)
    return 0;
  l->la_paths.size = l->la_rows.size = 0;
  bsyn_vec_reserve(l->la_paths, npath + 1);
  bsyn_vec_reserve(l->la_rows, nrows + 1);
  l->la_cnt.size = 6 * l->la_cand.size;
  bsyn_vec_reserve(l->la_cnt, l->la_cnt.size + 1);
  l->reqs.size = 0;
  for (size_t i = 0; i < l->cur.size; i++) {
    const bsyn_learn_item *it = &l->cur.data[i];
    if (it->la_off == SIZE_MAX)
      continue;
    for (uint32_t c = 0; c < it->la_n; c++)
      for (unsigned b = 0; b < 2; b++)
        add_reqs(l, i, l->la_cand.data[it->la_off + c], b,
                 l->la_cnt.data + 6 * (it->la_off + c) + 3 * b);
  }
  if (bsyn_probe_run(&l->pc, l->reqs.data, l->reqs.size, d))
    return -1;
  for (size_t i = 0; i < l->cur.size; i++) {
    bsyn_learn_item *it = &l->cur.data[i];
    if (it->la_off != SIZE_MAX)
      it->la_var = decide(l, it);
  }
  return 0;
}

int bsyn_learn_lookahead_round(bsyn_learner *l, bsyn_diag *d) {
  if (!l->prio || !share_left(l))
    return 0;
  double t = bsyn_learn_now();
  int rc = round_body(l, d);
  l->t_lookahead += bsyn_learn_now() - t;
  return rc;
}
