/* The learner's object and its level loop: creation, the run until the frontier is empty or
 * a budget ends it, and the results (reduced BSD, AIG, names). One level's rounds are in
 * bsyn_learn_level.c. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bsyn_bsd2aig.h"
#include "bsyn_learn_internal.h"

enum { SLICE_REQUESTS = 1 << 15 };

void bsyn_learn_defaults(bsyn_learn_params *p) {
  memset(p, 0, sizeof *p);
  p->seed = 1;
  p->epsilon = 0.01;
  p->delta = 0.001;
  p->sens_words = 2;
  p->cycle_visits = 65536;
  p->lookahead_depth = 40;
  p->lookahead_gain = 0.25;
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

/* The full input order of bsyn_learn_params.order: the listed inputs, then the others. */
static void init_order(bsyn_learner *l, const uint32_t *order, uint32_t n) {
  l->order = bsyn_malloc((l->nin + 1) * sizeof *l->order);
  l->order_pos = bsyn_malloc((l->nin + 1) * sizeof *l->order_pos);
  for (uint32_t i = 0; i < l->nin; i++)
    l->order_pos[i] = UINT32_MAX;
  uint32_t k = 0;
  for (uint32_t j = 0; j < n; j++) {
    if (order[j] >= l->nin || l->order_pos[order[j]] != UINT32_MAX)
      bsyn_abort("bsyn_learner_new: order entry %u (input %u) out of range or repeated", j,
                 order[j]);
    l->order_pos[order[j]] = k;
    l->order[k++] = order[j];
  }
  for (uint32_t i = 0; i < l->nin; i++)
    if (l->order_pos[i] == UINT32_MAX) {
      l->order_pos[i] = k;
      l->order[k++] = i;
    }
  l->p.order = NULL; /* the caller's array is not kept */
  l->p.level_order = l->p.pair_fields = 0;
  l->p.lookahead = 0;
}

const uint32_t *bsyn_learner_order(const bsyn_learner *l) { return l->order; }

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
      bsyn_abort("bsyn_learner_new: sampler for %u inputs, oracle has %u", p->sampler->num_inputs,
                 l->nin);
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
  if (p->order)
    init_order(l, p->order, p->order_len);
  bsyn_probe_init(&l->pc, o, l->sampler, p->seed, p->pool);
  l->pc.path_fixup = p->path_fixup;
  l->pc.offload = p->offload;
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
  bsyn_vec_free(l->votes);
  free(l->order);
  free(l->order_pos);
  bsyn_vec_free(l->next);
  bsyn_vec_free(l->cur_path);
  bsyn_vec_free(l->next_path);
  bsyn_vec_free(l->cur_sup);
  bsyn_vec_free(l->cur_carry);
  bsyn_vec_free(l->next_carry);
  bsyn_vec_free(l->next_sup);
  bsyn_vec_free(l->sigs);
  bsyn_vec_free(l->conf);
  bsyn_vec_free(l->sens);
  bsyn_vec_free(l->tpath);
  bsyn_vec_free(l->tpaths);
  bsyn_vec_free(l->keep);
  bsyn_vec_free(l->reqs);
  bsyn_vec_free(l->forced_slots);
  bsyn_vec_free(l->forced_roots);
  free(l->ref_rows);
  free(l->prio);
  bsyn_vec_free(l->la_paths);
  bsyn_vec_free(l->la_cand);
  bsyn_vec_free(l->la_cnt);
  bsyn_vec_free(l->la_rows);
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

static void start(bsyn_learner *l) {
  bsyn_learn_free_inputs(l, NULL, 0);
  for (uint32_t r = 0; r < l->nout; r++) {
    bsyn_learn_item it = {0};
    it.parent = BSYN_BSD_ROOT_AUX;
    it.slot = r;
    it.output = l->outs[r];
    it.full = 1;
    bsyn_learn_push_item(l, it, NULL, 0, UINT32_MAX, l->keep.data, (uint32_t)l->keep.size);
  }
  l->started = 1;
}

/* The larger of the process's resident memory and the learner's own data (which counts
 * where /proc cannot be read). */
static size_t memory_used(const bsyn_learner *l) {
  size_t u32s = l->cur_path.cap + l->next_path.cap + l->cur_sup.cap + l->next_sup.cap +
                l->sens.cap + l->cur_carry.cap + l->next_carry.cap;
  size_t own = (size_t)l->g->cap_nodes * sizeof(bsyn_bsd_node) + l->node_out.cap * 4 +
         bsyn_sigtab_bytes(&l->nodes_tab) + bsyn_sigtab_bytes(&l->level_tab) +
         (l->cur.cap + l->next.cap) * sizeof(bsyn_learn_item) + u32s * 4 +
         (l->sigs.cap + l->conf.cap) * 8 + l->reqs.cap * sizeof(bsyn_probe_req);
  uint64_t rss = bsyn_resident_bytes();
  return rss > own ? (size_t)rss : own;
}

void bsyn_learn_swap_levels(bsyn_learner *l) {
  bsyn_item_vec iv = l->cur;
  l->cur = l->next;
  l->next = iv;
  l->next.size = 0;
  bsyn_u32_vec pv = l->cur_path;
  l->cur_path = l->next_path;
  l->next_path = pv;
  l->next_path.size = 0;
  bsyn_u32_vec sv = l->cur_sup;
  l->cur_sup = l->next_sup;
  l->next_sup = sv;
  l->next_sup.size = 0;
  bsyn_u32_vec cv = l->cur_carry;
  l->cur_carry = l->next_carry;
  l->next_carry = cv;
  l->next_carry.size = 0;
}

static void finish_mass(bsyn_learner *l) {
  bsyn_mass m =
      bsyn_mass_of_slots(l->g, l->roots, l->nout, l->forced_slots.data, l->forced_slots.size,
                         l->forced_roots.data, l->forced_roots.size);
  double lg = bsyn_mass_log2(m);
  l->st.unfinished_log2 = lg == -INFINITY || !l->nout ? -INFINITY : lg - log2((double)l->nout);
  l->st.unfinished_mass = l->st.unfinished_log2 == -INFINITY ? 0.0 : exp2(l->st.unfinished_log2);
}

/* Checks the budgets; returns 1 once one is spent (and records which). */
static int budget_spent(bsyn_learner *l, double t0) {
  if (l->st.stop != BSYN_LEARN_DONE)
    return 1;
  double now = bsyn_learn_now();
  if ((l->p.max_seconds > 0 && l->st.t_total + (now - t0) > l->p.max_seconds) ||
      (l->p.deadline > 0 && now > l->p.deadline))
    l->st.stop = BSYN_LEARN_TIME_BUDGET;
  else if (l->p.max_memory && memory_used(l) > l->p.max_memory)
    l->st.stop = BSYN_LEARN_MEMORY_BUDGET;
  else if (bsyn_learn_over_node_budget(l))
    l->st.stop = BSYN_LEARN_NODE_BUDGET;
  return l->st.stop != BSYN_LEARN_DONE;
}

/* The end of the next slice of the current level from item lo: about SLICE_REQUESTS probe
 * requests, so that wide levels keep their buffers bounded and budgets are checked often.
 * Depends only on the items, never on timing. */
static size_t slice_end(const bsyn_learner *l, size_t lo) {
  uint64_t reqs = 0;
  size_t hi = lo;
  while (hi < l->cur.size && (hi == lo || reqs < SLICE_REQUESTS))
    reqs += 4 + (uint64_t)l->cur.data[hi++].sup_len * l->Ws;
  return hi;
}

/* One level, slice by slice (a view of l->cur narrowed to the slice). */
static int run_sliced_level(bsyn_learner *l, double t0, bsyn_diag *d) {
  bsyn_learn_item *all = l->cur.data;
  size_t total = l->cur.size;
  int rc = 0;
  l->level_var = UINT32_MAX;
  for (size_t lo = 0, hi; lo < total && !rc; lo = hi) {
    hi = slice_end(l, lo);
    int force = budget_spent(l, t0);
    l->cur.data = all + lo;
    l->cur.size = hi - lo;
    rc = bsyn_learn_run_level(l, force, d);
    l->cur.data = all;
    l->cur.size = total;
    if (!rc && hi < total && l->p.progress) {
      l->st.queries = l->pc.words_done * 64;
      l->p.progress(l->p.progress_arg, &l->st);
    }
  }
  return rc;
}

int bsyn_learner_run(bsyn_learner *l, bsyn_diag *d) {
  double t0 = bsyn_learn_now();
  if (l->last_checkpoint == 0)
    l->last_checkpoint = t0;
  if (l->t_begin == 0)
    l->t_begin = t0;
  if (!l->started) {
    start(l);
    bsyn_learn_swap_levels(l);
  }
  int rc = bsyn_learn_lookahead_init(l, d);
  if (rc)
    return rc;
  while (l->cur.size) {
    l->st.level = l->st.levels;
    l->st.frontier = l->cur.size;
    if (l->cur.size > l->st.max_frontier)
      l->st.max_frontier = l->cur.size;
    if ((rc = run_sliced_level(l, t0, d)))
      break;
    budget_spent(l, t0);
    bsyn_learn_swap_levels(l);
    l->st.levels++;
    l->st.queries = l->pc.words_done * 64;
    if (l->p.checkpoint && bsyn_learn_now() - l->last_checkpoint >= l->p.checkpoint_seconds) {
      l->st.t_total += bsyn_learn_now() - t0;
      t0 = bsyn_learn_now();
      if ((rc = bsyn_learner_save(l, l->p.checkpoint, d)))
        break;
      l->last_checkpoint = bsyn_learn_now();
    }
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

bsyn_aig *bsyn_learner_aig(const bsyn_learner *l) { return bsyn_learner_aig_as(l, l->p.aig_form); }

bsyn_aig *bsyn_learner_aig_as(const bsyn_learner *l, bsyn_aig_form form) {
  bsyn_edge *roots = bsyn_malloc((l->nout + 1) * sizeof *roots);
  bsyn_bsd *bsd = bsyn_learner_bsd(l, roots);
  char **in = bsyn_learn_names(l->o, 0), **outn = bsyn_learn_names(l->o, 1);
  const char **on = bsyn_malloc((l->nout + 1) * sizeof *on);
  for (uint32_t r = 0; r < l->nout; r++)
    on[r] = outn[l->outs[r]];
  bsyn_aig *full = bsyn_bsd_to_aig_as(bsd, roots, l->nout, (const char *const *)in, on, form);
  bsyn_aig *aig = bsyn_aig_cleanup(full); /* no gate that no output reads */
  bsyn_aig_free(full);
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
