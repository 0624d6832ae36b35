/* bsyn learn — learns an oracle's outputs into one BSD, writes the AIG (docs/learner.md). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bsyn_bsd2aig.h"
#include "bsyn_cl.h"
#include "bsyn_cl_probe.h"
#include "bsyn_io.h"
#include "bsyn_learn.h"
#include "bsyn_learn_examples.h"
#include "bsyn_learn_order.h"
#include "bsyn_sample_rv32.h"
#include "bsyn_trace.h"
#include "cli.h"
#include "cli_learn.h"
#include "cli_progress.h"

/* Vectors per chunk of the check after learning (the time budget is looked at between). */
#define CHECK_CHUNK (1u << 17)

int bsyn_cli_learn_outputs(const bsyn_oracle * or, const char *spec, uint32_t **list, uint32_t *n) {
  char *copy = bsyn_strdup(spec), *save = NULL;
  int rc = 0;
  for (char *tok = strtok_r(copy, ",", &save); tok && !rc; tok = strtok_r(NULL, ",", &save))
    if (bsyn_cli_bit_token(or->out_fields, or->num_out_fields, or->num_outputs, tok, list, n))
      rc = bsyn_cli_error("learn", "expected an output index, range or field of %s, found '%s'",
                          or->name, tok);
  free(copy);
  if (!rc && *n == 0)
    rc = bsyn_cli_error("learn", "expected at least one output in --outputs, found '%s'", spec);
  return rc;
}

/* The progress line on a terminal (cli_progress.h), with what the time budget leaves. */
typedef struct progress_state {
  bsyn_cli_progress line;
  double budget;  /* --max-seconds, 0 = none */
  uint32_t round; /* the refinement round, 0 while first learning */
} progress_state;

/* " (at most S s left)" for the budget into buf. */
static const char *budget_left(const progress_state *ps, char *buf, size_t size) {
  double el = bsyn_cli_now() - ps->line.t0;
  buf[0] = '\0';
  if (ps->budget > 0)
    snprintf(buf, size, ", at most %.0f s left", ps->budget > el ? ps->budget - el : 0.0);
  return buf;
}

static void progress(void *arg, const bsyn_learn_stats *st) {
  progress_state *ps = arg;
  double el = bsyn_cli_now() - ps->line.t0;
  char round[32] = "", left[64];
  if (ps->round)
    snprintf(round, sizeof round, "round %u: ", ps->round);
  bsyn_cli_progress_show(
      &ps->line, 0, 0, 0, "%slevel %u  frontier %llu  nodes %llu  merges %llu  queries/s %.3g%s",
      round, st->level, (unsigned long long)st->frontier, (unsigned long long)st->nodes,
      (unsigned long long)st->merges, el > 0 ? (double)st->queries / el : 0.0,
      budget_left(ps, left, sizeof left));
}

/* The line while the counterexample search of a round runs (ps NULL: none). */
static void progress_search(progress_state *ps, uint64_t vectors) {
  if (!ps)
    return;
  char left[64];
  bsyn_cli_progress_show(&ps->line, 1, 0, 0,
                         "round %u: searching %llu vectors for counterexamples%s", ps->round + 1,
                         (unsigned long long)vectors, budget_left(ps, left, sizeof left));
}

int bsyn_cli_learn_write(const bsyn_cli_learn_opts *o, const bsyn_aig *aig) {
  bsyn_diag d;
  const char *files[3] = {o->out, o->blif, o->verilog};
  for (int k = 0; k < 3; k++) {
    if (!files[k])
      continue;
    bsyn_diag_init(&d, files[k]);
    int rc = k == 1   ? bsyn_io_write_blif(aig, files[k], &d)
             : k == 2 ? bsyn_io_write_verilog(aig, files[k], &d)
                      : bsyn_io_write_netlist(aig, files[k], &d);
    if (rc)
      return bsyn_cli_report(&d);
  }
  return 0;
}

/* The learner's files: the netlists, and the diagram with --dot. */
static int write_outputs(const bsyn_cli_learn_opts *o, const bsyn_learner *l, const bsyn_aig *aig) {
  bsyn_diag d;
  if (bsyn_cli_learn_write(o, aig))
    return 1;
  if (o->dot) {
    uint32_t n = bsyn_learner_num_outputs(l);
    bsyn_edge *roots = bsyn_malloc((n + 1) * sizeof *roots);
    bsyn_bsd *bsd = bsyn_learner_bsd(l, roots);
    const char **names = bsyn_malloc((n + 1) * sizeof *names);
    for (uint32_t r = 0; r < n; r++)
      names[r] = bsyn_aig_output_name(aig, r);
    bsyn_diag_init(&d, o->dot);
    int rc = bsyn_bsd_write_dot(bsd, roots, n, names, o->dot, &d);
    free(names);
    bsyn_bsd_free(bsd);
    free(roots);
    if (rc)
      return bsyn_cli_report(&d);
  }
  return 0;
}

/* The base distribution of --sampler (trace vectors not yet mixed in). NULL with the error
 * printed when rv32 is asked of an oracle without the RV32 input fields. */
static bsyn_sampler *base_sampler(const bsyn_cli_learn_opts *o, const bsyn_oracle * or) {
  bsyn_sampler *rv = NULL;
  if (!strcmp(o->sampler, "rv32") || !strcmp(o->sampler, "auto"))
    rv = bsyn_sampler_rv32(or->num_inputs, or->in_fields, or->num_in_fields);
  if (!rv && !strcmp(o->sampler, "rv32")) {
    bsyn_cli_error("learn",
                   "expected an oracle with RV32 input fields for --sampler rv32, found %s",
                   or->name);
    return NULL;
  }
  bsyn_sampler *base = bsyn_sampler_uniform(or->num_inputs);
  if (rv) /* uniform words keep every input vector reachable */
    return bsyn_sampler_mixture(rv, base, 0.75);
  if (strcmp(o->sampler, "uniform"))
    base = bsyn_sampler_mixture(
        base, bsyn_sampler_stress(or->num_inputs, or->in_fields, or->num_in_fields),
        1 - o->stress_share);
  return base;
}

/* The sampling distribution: base_sampler, mixed with a trace's vectors and their
 * neighbourhoods when --trace is given. NULL with the error printed on a bad trace. */
bsyn_sampler *bsyn_cli_learn_sampler(const bsyn_cli_learn_opts *o, const bsyn_oracle * or,
                                     int *err) {
  *err = 0;
  bsyn_sampler *base = base_sampler(o, or);
  if (!base) {
    *err = 1;
    return NULL;
  }
  if (!o->trace)
    return base;
  bsyn_trace *t = NULL;
  bsyn_diag d;
  bsyn_diag_init(&d, o->trace);
  if (bsyn_trace_read(o->trace, &t, &d)) {
    *err = bsyn_cli_report(&d);
  } else if (bsyn_trace_check_inputs(t, or, &d)) {
    *err = bsyn_cli_report(&d);
  } else {
    bsyn_sampler *tr =
        bsyn_sampler_mixture(bsyn_sampler_vectors(or->num_inputs, t->in, t->num_vectors, 0),
                             bsyn_sampler_vectors(or->num_inputs, t->in, t->num_vectors, 3), 0.5);
    base = bsyn_sampler_mixture(tr, base, o->trace_share);
  }
  bsyn_trace_free(t);
  if (*err) {
    bsyn_sampler_free(base);
    return NULL;
  }
  return base;
}

/* The reference's cone of the outputs map[0..n) (a learner may hold a subset). */
static bsyn_aig *reference_cone(const bsyn_cli_learn_opts *o, const bsyn_oracle * or,
                                const uint32_t *map, uint32_t n, bsyn_diag *d) {
  bsyn_aig *ref = NULL;
  bsyn_diag_init(d, o->reference);
  if (bsyn_io_read_netlist(o->reference, &ref, d))
    return NULL;
  if (ref->num_inputs != or->num_inputs || ref->num_outputs != or->num_outputs) {
    bsyn_diag_set(d, 0, 0, "expected a netlist with %u inputs and %u outputs, found %u and %u",
                  or->num_inputs, or->num_outputs, ref->num_inputs, ref->num_outputs);
    bsyn_aig_free(ref);
    return NULL;
  }
  bsyn_aig *cone = bsyn_aig_cone(ref, map, n, 1);
  bsyn_aig_free(ref);
  return cone;
}

/* 1 once the run has taken its --max-seconds (never without one). */
static int out_of_time(const bsyn_cli_learn_opts *o, double t0) {
  return o->max_seconds > 0 && bsyn_cli_now() - t0 > o->max_seconds;
}

/* ABC's work folder (dir holds "/tmp/bsyn-learn-XXXXXX"): made, or 1 after the error. */
static int abc_dir_make(char *dir) {
  if (mkdtemp(dir))
    return 0;
  return bsyn_cli_error("learn", "expected a temporary directory, found none writable under /tmp");
}

/* Removes ABC's work folder unless BSYN_KEEP_TMP asks to keep it (a warning when it stays). */
static void abc_dir_remove(const char *dir) {
  if (!getenv("BSYN_KEEP_TMP") && bsyn_remove_dir(dir))
    fprintf(stderr, "bsyn learn: warning: could not remove %s\n", dir);
}

/* Refinement rounds from the oracle alone (docs/learner.md): the counterexample search
 * (bsyn_learner_hunt: --verify-vectors vectors around the learning distribution and the
 * oracle's structured words, plus a word aimed at every open node) gives one vector per
 * wrong output, fed back with 63 near neighbours each (bulk mismatches would make every
 * later signature longer and the diagram blow up), until a round finds nothing, a budget
 * ends the run, or the rounds run out. No reference is read here: --reference is only the
 * final proof (bsyn_cli_learn_prove). Returns 0 or 1 after printing the error. */
static int refine_loop(const bsyn_cli_learn_opts *o, bsyn_oracle * or, bsyn_learner *l,
                       const bsyn_sampler *sampler, bsyn_cli_learn_summary *s, double t0,
                       progress_state *ps, bsyn_diag *d) {
  size_t most = (size_t)BSYN_HUNT_PER_OUTPUT * bsyn_learner_num_outputs(l);
  uint8_t *vecs = bsyn_malloc(most * or->num_inputs + 1);
  uint64_t *cex = bsyn_malloc((most * or->num_inputs + 1) * sizeof *cex);
  /* the search's base words: the learning distribution and, half of them, the oracle's
   * structured words (RV32 encodings for RV32 oracles, operand copies otherwise) */
  bsyn_sampler *own = bsyn_sampler_rv32_search(or->num_inputs, or->in_fields, or->num_in_fields);
  if (!own)
    own = bsyn_sampler_stress(or->num_inputs, or->in_fields, or->num_in_fields);
  bsyn_sampler *hunt_base = bsyn_sampler_mixture(own, bsyn_sampler_borrow(sampler), 0.5);
  int rc = 0;
  uint64_t nvec = o->verify; /* a search that finds nothing is repeated once, 4x larger */
  for (uint32_t round = 0, empty = 0;
       round < o->rounds && bsyn_learner_stats(l)->stop == BSYN_LEARN_DONE; round++) {
    if (out_of_time(o, t0))
      break; /* --max-seconds bounds the rounds too: the last learned diagram stands */
    int64_t fed = 0;
    double tc = bsyn_cli_now();
    bsyn_diag_init(d, o->oracle);
    uint32_t n = 0;
    uint64_t hseed = (o->seed ^ 0x68756e7400000000ull) + round;
    progress_search(ps, nvec);
    int64_t found = bsyn_learner_hunt(l, nvec, hseed, hunt_base, vecs, &n, d);
    s->searched += nvec;
    if (found == 0 && !empty++) {
      nvec *= 4;
      s->t_check += bsyn_cli_now() - tc;
      continue;
    }
    if (found > 0) {
      bsyn_learn_cex_rows(vecs, n, or->num_inputs, o->seed + round, cex);
      fed = bsyn_learner_refine(l, cex, 64 * (size_t)n, d);
      s->self_cex += n;
    }
    s->t_check += bsyn_cli_now() - tc;
    if (found < 0 || fed < 0) {
      rc = bsyn_cli_report(d);
      break;
    }
    if (fed <= 0)
      break;
    s->rounds++;
    if (ps)
      ps->round = s->rounds;
    if (bsyn_learner_run(l, d)) {
      rc = bsyn_cli_report(d);
      break;
    }
  }
  bsyn_sampler_free(hunt_base);
  free(vecs);
  free(cex);
  return rc;
}

/* Runs l (after new or refine) and, with `search` and --verify-vectors, its refinement
 * rounds. Returns 0 or 1 after printing the error. */
static int relearn(const bsyn_cli_learn_opts *o, bsyn_oracle * or, bsyn_learner *l,
                   const bsyn_sampler *sampler, bsyn_cli_learn_summary *s, double t0,
                   progress_state *ps, int search) {
  bsyn_diag d;
  bsyn_diag_init(&d, o->oracle);
  if (bsyn_learner_run(l, &d))
    return bsyn_cli_report(&d);
  return search && o->verify ? refine_loop(o, or, l, sampler, s, t0, ps, &d) : 0;
}

/* The second learner of --cross-check learns from seed + CROSS_SEED (+1, +2 after a node
 * budget ended it: a free-order diagram blows up on some seeds). */
#define CROSS_SEED 0x5eedull
#define CROSS_TRIES 3
/* Its node budget: twice the nodes the first learner created, plus this. */
#define CROSS_SLACK 10000

/* A second learner like l but from another seed, learned from the oracle and searched for
 * at most search_rounds rounds (those l took: a needle the search finds in a few rounds is
 * cheaper to find so than one ABC round at a time, while a long search costs more than the
 * comparison with l that finds the rest), with at most twice l's nodes (CROSS_SLACK more), its
 * options (the seed) in *om; NULL when every try ended at a budget, or with *rc = 1 after the error
 * was printed. */
static bsyn_learner *cross_learner(const bsyn_cli_learn_opts *o, bsyn_oracle * or,
                                   const bsyn_learner *l, const bsyn_learn_params *p,
                                   const bsyn_sampler *sampler, double t0, progress_state *ps,
                                   uint32_t search_rounds, bsyn_cli_learn_opts *om, int *rc) {
  for (uint64_t k = 0; k < CROSS_TRIES && !*rc; k++) {
    bsyn_learn_params q = *p;
    q.seed = o->seed + CROSS_SEED + k;
    q.checkpoint = NULL;
    /* a second diagram far larger than the first has blown up: try the next seed */
    uint64_t cap = 2 * bsyn_learner_stats(l)->nodes + CROSS_SLACK;
    if (!q.max_nodes || q.max_nodes > cap)
      q.max_nodes = cap;
    *om = *o;
    om->seed = q.seed;
    om->rounds = search_rounds;
    bsyn_learner *m = bsyn_learner_new(or, &q);
    bsyn_cli_learn_summary sm = {0};
    *rc = relearn(om, or, m, sampler, &sm, t0, ps, search_rounds > 0);
    bsyn_learn_stop stop = bsyn_learner_stats(m)->stop;
    if (!*rc && stop == BSYN_LEARN_DONE)
      return m;
    bsyn_learner_free(m);
    if (stop != BSYN_LEARN_NODE_BUDGET)
      break; /* time and memory budgets are the whole run's: no second try */
  }
  return NULL;
}

/* The pair of learners of the cross-check: the first with its options, its summary and
 * progress; the second with its own options. */
typedef struct cross_pair {
  const bsyn_cli_learn_opts *o, *om;
  bsyn_oracle * or ;
  bsyn_learner *l, *m;
  const bsyn_sampler *sampler;
  bsyn_cli_learn_summary *s;
  double t0;
  progress_state *ps;
} cross_pair;

/* Feeds k words of rows to both learners' refinement and relearns those it re-opened
 * (no search: the cross-check is theirs). *changed is 0 when neither took anything.
 * Returns 0 or 1 after the error. */
static int feed_both(const cross_pair *x, const uint64_t *rows, uint32_t k, int *changed) {
  bsyn_diag d;
  bsyn_diag_init(&d, x->o->oracle);
  int64_t fl = bsyn_learner_refine(x->l, rows, 64 * (size_t)k, &d);
  int64_t fm = fl < 0 ? -1 : bsyn_learner_refine(x->m, rows, 64 * (size_t)k, &d);
  *changed = fl > 0 || fm > 0;
  if (fl < 0 || fm < 0)
    return bsyn_cli_report(&d);
  bsyn_cli_learn_summary scratch = {0};
  int rc = fl > 0 ? relearn(x->o, x->or, x->l, x->sampler, x->s, x->t0, x->ps, 0) : 0;
  if (!rc && fm > 0)
    rc = relearn(x->om, x->or, x->m, x->sampler, &scratch, x->t0, x->ps, 0);
  return rc;
}

/* --cross-check, after l's own refinement: a second learner from another seed
 * (cross_learner), then rounds in which ABC compares the two netlists output by output
 * (bsyn_learn_abc_cexs, each learned netlist the other's reference: the miters' global BDDs
 * first, which decide these cones in a fraction of a second where `cec` took up to 10 s,
 * and outputs whose cones did not change since they were proven are not asked again);
 * every input on which they differ is asked of the oracle through both learners'
 * refinement (the one that is wrong there re-opens the leaf or merge it got wrong; 63
 * neighbours go with it), both are learned again, until ABC proves them equal, a budget
 * ends the run or the rounds run out. Two diagrams grown from different samples rarely make the
 * same mistake, so where one guessed wrong on a needle the other shows it: the oracle alone
 * decides. s->cross is 1 when proven equal, 0 when not, -1 when skipped. Returns 0 or 1 after the
 * error. */
static int cross_check(const bsyn_cli_learn_opts *o, bsyn_oracle * or, const bsyn_learn_params *p,
                       bsyn_learner *l, const bsyn_sampler *sampler, bsyn_cli_learn_summary *s,
                       double t0, progress_state *ps) {
  int rc = 0;
  bsyn_cli_learn_opts om;
  s->cross = -1;
  if (bsyn_learner_stats(l)->stop != BSYN_LEARN_DONE)
    return 0;
  bsyn_learner *m = cross_learner(o, or, l, p, sampler, t0, ps, s->rounds, &om, &rc);
  char dir[] = "/tmp/bsyn-learn-XXXXXX";
  if (!m || rc)
    return rc;
  if (abc_dir_make(dir)) {
    bsyn_learner_free(m);
    return 1;
  }
  s->cross = 0;
  s->cross_seed = om.seed;
  cross_pair x = {o, &om, or, l, m, sampler, s, t0, ps};
  uint32_t nout = bsyn_learner_num_outputs(l), nin = or->num_inputs;
  uint8_t *vecs = bsyn_malloc((size_t)nout * nin + 1);
  uint64_t *rows = bsyn_malloc(((size_t)nout * nin + 1) * sizeof *rows);
  bsyn_learn_abc_params ap; /* outputs proven equal and unchanged are not asked again */
  bsyn_learn_abc_defaults(&ap);
  ap.bdd = 1;
  ap.proven = bsyn_calloc(2 * (size_t)nout + 1, sizeof *ap.proven);
  for (uint32_t round = 0; !rc && round < o->rounds; round++) {
    if (bsyn_learner_stats(l)->stop != BSYN_LEARN_DONE ||
        bsyn_learner_stats(m)->stop != BSYN_LEARN_DONE || out_of_time(o, t0))
      break;
    double tc = bsyn_cli_now();
    bsyn_aig *a = bsyn_learner_aig(l), *b = bsyn_learner_aig(m);
    uint32_t n = 0;
    bsyn_diag d;
    bsyn_diag_init(&d, "cross-check");
    int v = bsyn_learn_abc_cexs(b, a, dir, &ap, vecs, &n, &d);
    bsyn_aig_free(a);
    bsyn_aig_free(b);
    s->t_cross += bsyn_cli_now() - tc;
    if (v < 0 || v == 0) {
      rc = v < 0 ? bsyn_cli_report(&d) : 0;
      s->cross = v == 0;
      break;
    }
    s->cross_rounds = round + 1;
    s->cross_cex += n;
    bsyn_learn_cex_rows(vecs, n, nin, o->seed ^ (0x63726f7373ull + round), rows);
    int changed;
    rc = feed_both(&x, rows, n, &changed);
    if (!changed)
      break; /* both answer these vectors right: nothing to learn from them */
  }
  abc_dir_remove(dir);
  bsyn_learn_abc_forget(ap.proven, nout);
  free(ap.proven);
  free(vecs);
  free(rows);
  bsyn_learner_free(m);
  return rc;
}

int bsyn_cli_learn_prove(const bsyn_cli_learn_opts *o, const bsyn_oracle * or, const uint32_t *map,
                         const bsyn_aig *aig, const uint32_t *order, bsyn_cli_learn_summary *s) {
  bsyn_diag d;
  bsyn_aig *ref = reference_cone(o, or, map, s->nout, &d);
  if (!ref)
    return bsyn_cli_report(&d);
  char dir[] = "/tmp/bsyn-learn-XXXXXX";
  if (abc_dir_make(dir)) {
    bsyn_aig_free(ref);
    return 1;
  }
  double tp = bsyn_cli_now();
  uint32_t nout = s->nout, n = 0;
  uint8_t *vecs = bsyn_malloc((size_t)nout * or->num_inputs + 1);
  bsyn_diag_init(&d, o->reference);
  bsyn_learn_abc_params ap;
  bsyn_learn_abc_defaults(&ap);
  ap.bdd = order != NULL, ap.order = order;
  int v = bsyn_learn_abc_cexs(ref, aig, dir, &ap, vecs, &n, &d);
  bsyn_aig_free(ref);
  free(vecs);
  abc_dir_remove(dir);
  s->t_proof = bsyn_cli_now() - tp;
  if (v < 0)
    return bsyn_cli_report(&d);
  s->proven = v == 0;
  s->proof_differs = n;
  return 0;
}

static void set_params(const bsyn_cli_learn_opts *o, double t0, bsyn_learn_params *p) {
  bsyn_learn_defaults(p);
  p->seed = o->seed;
  p->epsilon = o->epsilon;
  p->delta = o->delta;
  p->sig_words = (uint32_t)o->sig_words;
  p->confirm_words = (uint32_t)o->confirm_words;
  p->sens_words = (uint32_t)(o->sens_words ? o->sens_words : 2);
  p->max_nodes = o->max_nodes;
  p->deadline = o->max_seconds > 0 ? t0 + o->max_seconds : 0; /* the whole run */
  p->max_memory = o->max_memory;
  p->checkpoint = o->checkpoint;
  p->checkpoint_seconds = o->checkpoint_seconds;
  p->lookahead = (uint32_t)o->lookahead;
  p->lookahead_depth = (uint32_t)o->lookahead_depth;
  p->lookahead_gain = o->lookahead_gain;
  p->pair_fields = o->pair_fields;
  p->level_order = o->level_order;
  p->path_fixup = o->path_fixup;
  p->aig_form = !o->aig_form || !strcmp(o->aig_form, "auto") ? BSYN_AIG_FORM_AUTO
                : !strcmp(o->aig_form, "mux")                ? BSYN_AIG_FORM_MUX
                                                             : BSYN_AIG_FORM_PATHS;
}

/* The check after learning (cli_learn.h): o->verify vectors, a third each from the learning
 * distribution, uniform, and boundary words around the learning distribution (operands equal, off
 * by one, carries: what uniform words never show), in chunks of CHECK_CHUNK; once the run's time
 * budget is spent the chunks left are skipped (one chunk is always checked) and s->verify_vectors
 * says how many were. Returns 0 or 1 after printing the error. */
int bsyn_cli_learn_check(const bsyn_cli_learn_opts *o, bsyn_oracle * or, const uint32_t *map,
                         const bsyn_aig *aig, const bsyn_sampler *sampler, bsyn_pool *pool,
                         bsyn_cli_learn_summary *s, double t0) {
  double tv = bsyn_cli_now();
  bsyn_sampler *check = bsyn_sampler_mixture(
      bsyn_sampler_boundary(sampler, or->in_fields, or->num_in_fields),
      bsyn_sampler_mixture(bsyn_sampler_borrow(sampler), bsyn_sampler_uniform(or->num_inputs), 0.5),
      1.0 / 3);
  bsyn_diag d;
  bsyn_diag_init(&d, o->oracle);
  s->verify_asked = o->verify;
  for (uint64_t done = 0, k = 0; done < o->verify && s->mismatches >= 0; k++) {
    if (done && out_of_time(o, t0))
      break;
    uint64_t n = o->verify - done < CHECK_CHUNK ? o->verify - done : CHECK_CHUNK;
    int64_t m = bsyn_learn_verify(aig, or, map, s->nout, n, (o->seed ^ 0x7665726966790000ull) + k,
                                  check, pool, NULL, &d);
    s->mismatches = m < 0 ? m : s->mismatches + m;
    done += n;
    s->verify_vectors = done;
  }
  bsyn_sampler_free(check);
  s->t_verify = bsyn_cli_now() - tv;
  return s->mismatches < 0 ? bsyn_cli_report(&d) : 0;
}

/* The --reference proof of the learner's outputs: in mux form, on BDDs first when the
 * diagram is ordered. */
static int prove_learner(const bsyn_cli_learn_opts *o, const bsyn_oracle * or,
                         const bsyn_learner *l, const uint32_t *map, bsyn_cli_learn_summary *s) {
  bsyn_aig *aig = bsyn_learner_aig_as(l, BSYN_AIG_FORM_MUX);
  int rc = bsyn_cli_learn_prove(o, or, map, aig, bsyn_learner_order(l), s);
  bsyn_aig_free(aig);
  return rc;
}

/* After learning (and refinement): the AIG, its files, the final check and the summary;
 * with part, only the AIG and the summary, handed over (bsyn_cli_learn_run). */
static int finish(const bsyn_cli_learn_opts *o, bsyn_oracle * or, const bsyn_learner *l,
                  const bsyn_sampler *sampler, bsyn_pool *pool, bsyn_cli_learn_summary *s,
                  double t0, bsyn_cli_learn_part *part) {
  s->oracle = o->oracle;
  s->nin = or->num_inputs;
  s->nout = bsyn_learner_num_outputs(l);
  s->st = *bsyn_learner_stats(l);
  s->groups = 1;
  s->threads = bsyn_pool_threads(pool);
  double ta = bsyn_cli_now();
  bsyn_aig *aig = bsyn_learner_aig(l);
  s->t_aig = bsyn_cli_now() - ta;
  s->ands = bsyn_aig_num_ands(aig);
  bsyn_edge *roots = bsyn_malloc((s->nout + 1) * sizeof *roots);
  bsyn_bsd *bsd = bsyn_learner_bsd(l, roots);
  s->bsd_nodes = bsyn_bsd_count(bsd, roots, s->nout);
  bsyn_bsd_free(bsd);
  free(roots);
  if (part) {
    s->t_total = bsyn_cli_now() - t0;
    part->aig = aig;
    part->s = *s;
    return 0;
  }
  uint32_t *map = bsyn_malloc((s->nout + 1) * sizeof *map);
  for (uint32_t r = 0; r < s->nout; r++)
    map[r] = bsyn_learner_output(l, r);
  int rc = write_outputs(o, l, aig);
  if (!rc && o->verify)
    rc = bsyn_cli_learn_check(o, or, map, aig, sampler, pool, s, t0);
  if (!rc && o->reference)
    rc = prove_learner(o, or, l, map, s);
  free(map);
  s->t_total = bsyn_cli_now() - t0;
  if (!rc) {
    bsyn_cli_learn_report(s, o->json);
    rc = bsyn_cli_learn_exit(s);
  }
  bsyn_aig_free(aig);
  return rc;
}

/* Learns (or resumes), refines and reports (finish); returns the exit code (cli_learn.h),
 * with part 0 or 1 after an error. */
static int learn(const bsyn_cli_learn_opts *o, bsyn_oracle * or, bsyn_learn_params *p,
                 const bsyn_sampler *sampler, double t0, bsyn_cli_learn_part *part) {
  progress_state ps = {{0}, o->max_seconds, 0};
  bsyn_cli_progress_init(&ps.line, o->quiet);
  ps.line.t0 = t0;
  if (ps.line.on) { /* before the learner copies the params */
    p->progress = progress;
    p->progress_arg = &ps;
  }
  bsyn_diag d;
  bsyn_learner *l;
  if (o->resume) {
    bsyn_diag_init(&d, o->resume);
    if (!(l = bsyn_learner_resume(or, p, o->resume, &d)))
      return bsyn_cli_report(&d);
  } else {
    l = bsyn_learner_new(or, p);
  }
  bsyn_cli_learn_summary s = {0};
  s.proven = -1;
  s.cross = -1;
  s.reference = o->reference;
  s.max_seconds = o->max_seconds;
  s.max_memory = o->max_memory;
  s.default_seconds = o->default_seconds;
  s.default_memory = o->default_memory;
  progress_state *pp = p->progress ? &ps : NULL;
  int rc = relearn(o, or, l, sampler, &s, t0, pp, 1);
  if (!rc && o->cross)
    rc = cross_check(o, or, p, l, sampler, &s, t0, pp);
  bsyn_cli_progress_end(&ps.line);
  if (!rc)
    rc = finish(o, or, l, sampler, p->pool, &s, t0, part);
  bsyn_learner_free(l);
  return rc;
}

/* An example set: a decision diagram per output within the AND budget. */
static int learn_examples(const bsyn_cli_learn_opts *o, bsyn_oracle * or, double t0) {
  bsyn_oracle *val = NULL;
  bsyn_diag d;
  if (o->validate) {
    char spec[4096];
    snprintf(spec, sizeof spec, "%s%s", strncmp(o->validate, "pla:", 4) ? "pla:" : "", o->validate);
    bsyn_diag_init(&d, o->validate);
    if (!(val = bsyn_oracle_open(spec, &d)))
      return bsyn_cli_report(&d);
    if (val->num_inputs != or->num_inputs || val->num_outputs != or->num_outputs ||
        val->ops->eval) {
      bsyn_oracle_close(val);
      return bsyn_cli_error("learn", "expected --validate examples with %u inputs and %u outputs",
                            or->num_inputs, or->num_outputs);
    }
  }
  bsyn_examples_params p;
  bsyn_examples_defaults(&p);
  p.max_ands = (uint32_t)o->max_ands;
  bsyn_examples_stats st;
  bsyn_aig *aig = bsyn_learn_examples(or, &p, &st);
  double acc = val ? bsyn_examples_accuracy(aig, val) : -1;
  int rc = 0;
  const char *files[3] = {o->out, o->blif, o->verilog};
  for (int k = 0; k < 3 && !rc; k++) {
    if (!files[k])
      continue;
    bsyn_diag_init(&d, files[k]);
    rc = (k == 1   ? bsyn_io_write_blif(aig, files[k], &d)
          : k == 2 ? bsyn_io_write_verilog(aig, files[k], &d)
                   : bsyn_io_write_netlist(aig, files[k], &d))
             ? bsyn_cli_report(&d)
             : 0;
  }
  if (!rc && o->json)
    printf("{\"oracle\":\"%s\",\"inputs\":%u,\"outputs\":%u,\"examples\":%zu,\"depth\":%u,\"full_"
           "depth\":%u,"
           "\"bsd_nodes\":%u,\"ands\":%u,\"train_accuracy\":%.6f,\"validation_accuracy\":%.6f,"
           "\"seconds\":%.6f}\n",
           o->oracle, or->num_inputs, or->num_outputs, or->num_samples, st.depth, st.full_depth,
           st.bsd_nodes, st.ands, st.train_accuracy, acc, bsyn_cli_now() - t0);
  else if (!rc) {
    printf("learned %s from %zu examples: %u outputs over %u inputs\n", o->oracle, or->num_samples,
           or->num_outputs, or->num_inputs);
    printf("  depth       %u of %u (cut to fit %u ANDs)\n", st.depth, st.full_depth, p.max_ands);
    printf("  BSD nodes   %u\n  AIG         %u ANDs\n", st.bsd_nodes, st.ands);
    printf("  accuracy    %.4f on the training examples", st.train_accuracy);
    if (val)
      printf(", %.4f on %zu validation examples", acc, val->num_samples);
    printf("\n  time        %.3f s\n", bsyn_cli_now() - t0);
  }
  bsyn_aig_free(aig);
  bsyn_oracle_close(val);
  return rc;
}

/* --order auto: an order found from the oracle's answers on the learning distribution
 * (bsyn_learn_discover_order) for the learned outputs. Returns 0 or 1 after the error. */
static int discover_order(const bsyn_cli_learn_opts *o, bsyn_oracle * or,
                          const bsyn_sampler *sampler, const uint32_t *outs, uint32_t nouts,
                          bsyn_pool *pool, uint32_t **order, uint32_t *norder) {
  uint32_t *all = NULL;
  if (!outs) {
    all = bsyn_malloc((or->num_outputs + 1) * sizeof *all);
    for (uint32_t r = 0; r < or->num_outputs; r++)
      all[r] = r;
    outs = all;
    nouts = or->num_outputs;
  }
  *order = bsyn_malloc((or->num_inputs + 1) * sizeof **order);
  *norder = or->num_inputs;
  bsyn_diag d;
  bsyn_diag_init(&d, o->oracle);
  int rc = bsyn_learn_discover_order(or, sampler, o->seed, outs, nouts, BSYN_CLI_ORDER_WORDS, pool,
                                     *order, NULL, &d);
  free(all);
  return rc ? bsyn_cli_report(&d) : 0;
}

/* Prepares the --device choice in dev: cpu leaves it empty (the CPU path); opencl[:N] opens
 * the device now (after the one-line notice when it cannot be opened, the CPU path); auto
 * opens it lazily, only once the run is long enough to win (bsyn_cl_probe.h). Returns 1 when
 * the offload hook is to be installed. The netlist is the same either way. */
static int open_device(const bsyn_cli_learn_opts *o, bsyn_cl_probe_state *dev) {
  bsyn_diag d;
  bsyn_diag_init(&d, "learn");
  if (bsyn_device_parse(o->device, &dev->choice, &d)) {
    fprintf(stderr, "bsyn learn: notice: %s; using the CPU path\n", d.msg);
    return 0;
  }
  if (dev->choice.kind == BSYN_DEVICE_CPU)
    return 0;
  if (dev->choice.kind == BSYN_DEVICE_AUTO)
    return dev->lazy = 1;
  dev->opened = 1;
  dev->cl = bsyn_device_open(&dev->choice, BSYN_KERNEL_PROBE, &d);
  if (!dev->cl && d.msg[0])
    fprintf(stderr, "bsyn learn: notice: OpenCL unavailable (%s); using the CPU path\n", d.msg);
  return dev->cl != NULL;
}

static void close_device(bsyn_cl_probe_state *dev) {
  if (dev->lazy && dev->opened && !dev->cl && dev->error.msg[0])
    fprintf(stderr, "bsyn learn: notice: OpenCL unavailable (%s); the CPU path took over\n",
            dev->error.msg);
  if (!dev->cl)
    return;
  if (dev->failed)
    fprintf(stderr, "bsyn learn: notice: OpenCL failed (%s); the CPU path took over\n",
            dev->error.msg);
  fprintf(stderr, "bsyn learn: %llu probe batches on opencl:%u (%s)\n",
          (unsigned long long)dev->batches, bsyn_cl_info(dev->cl)->index,
          bsyn_cl_info(dev->cl)->name);
  bsyn_cl_close(dev->cl);
}

int bsyn_cli_learn_run(const bsyn_cli_learn_opts *o, bsyn_oracle * or, double t0,
                       bsyn_cli_learn_part *part) {
  uint32_t *outs = NULL, nouts = 0, *order = NULL, norder = 0;
  int err = 0, rc = 1, auto_order = o->order && !strcmp(o->order, "auto");
  bsyn_sampler *sampler = NULL;
  if (!(o->outputs && bsyn_cli_learn_outputs(or, o->outputs, &outs, &nouts)) &&
      !(o->order && !auto_order && bsyn_cli_read_order(o->order, or, &order, &norder)) &&
      (sampler = bsyn_cli_learn_sampler(o, or, &err))) {
    bsyn_learn_params p;
    set_params(o, t0, &p);
    p.pool = o->threads == 1 ? NULL : bsyn_pool_new((unsigned)o->threads);
    if ((auto_order && discover_order(o, or, sampler, outs, nouts, p.pool, &order, &norder)) ||
        (o->save_order && bsyn_cli_write_order(o->save_order, or, order, norder))) {
      rc = 1;
    } else {
      p.outputs = outs;
      p.num_outputs = nouts;
      p.order = order;
      p.order_len = norder;
      p.sampler = sampler;
      bsyn_cl_probe_state dev = {0};
      if (open_device(o, &dev)) {
        p.offload.run = bsyn_cl_probe_offload;
        p.offload.ctx = &dev;
      }
      rc = learn(o, or, &p, sampler, t0, part);
      close_device(&dev);
    }
    bsyn_pool_free(p.pool);
  }
  bsyn_sampler_free(sampler);
  free(outs);
  free(order);
  return rc;
}

int bsyn_cli_learn(int argc, char **argv) {
  if (argc > 1 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
    bsyn_cli_learn_usage(stdout);
    return 0;
  }
  bsyn_cli_learn_opts o;
  if (bsyn_cli_learn_parse(argc, argv, &o))
    return 1;
  double t0 = bsyn_cli_now();
  bsyn_diag d;
  bsyn_diag_init(&d, o.oracle);
  bsyn_oracle * or = bsyn_oracle_open(o.oracle, &d);
  if (! or)
    return bsyn_cli_report(&d);
  int rc = ! or->ops || ! or->ops->eval           ? learn_examples(&o, or, t0)
           : bsyn_cli_learn_plan_wanted(&o, or)   ? bsyn_cli_learn_plan(&o, or, t0)
           : o.order && !strcmp(o.order, "cases") ? bsyn_cli_learn_cases_main(&o, or, t0)
                                                  : bsyn_cli_learn_run(&o, or, t0, NULL);
  bsyn_oracle_close(or);
  return rc;
}
