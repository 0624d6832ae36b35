/* bsyn learn's plan: an oracle with several output fields learned group by group, each group
 * with the first strategy of its ladder that does not blow up, the parts joined, checked and
 * reported as one run (cli_learn.h; docs/learner.md, "Groups"). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bsyn_aig_join.h"
#include "cli.h"
#include "cli_learn.h"
#include "cli_mpi.h"
#include "cli_progress.h"

/* Output fields at least this wide are a group of their own (data words); the narrower ones
 * (decode results, flags, register numbers) are learned together. */
#define WIDE_FIELD 16
/* A try's node budget per output of its group when --max-nodes is not given, and at least
 * MIN_NODES: far above what any group of rv32i-core needs in an order that suits it (at most
 * about 2,300 per output), reached in seconds in one that does not. */
#define NODES_PER_OUTPUT 4000u
#define MIN_NODES 20000u
/* The accuracy target of the ordered and paired strategies (the tighter of it and
 * --epsilon): their diagrams are deep, so a leaf guessed at 1% would be wrong too often. */
#define TIGHT_EPSILON 0.001
/* Sensitivity words of the level-order strategy (the level's input is chosen from them). */
#define LEVEL_SENS_WORDS 16

/* The strategies a group tries, in the order of its ladder. */
typedef enum try_kind {
  TRY_USER,    /* the options as given (--order, --pair-fields or --level-order set) */
  TRY_FREE,    /* free order: each node splits on its own most sensitive input */
  TRY_ORDERED, /* --order auto: decode inputs first, operand bits interleaved from bit 0 */
  TRY_PAIRED,  /* --pair-fields: free, but operand fields walked in step */
  TRY_LEVELS,  /* --level-order from uniform words: one input per level (one output) */
  TRY_PAIRED1, /* --pair-fields from the next seed (a free diagram's blow-up depends on it) */
  TRY_PAIRED2, /* and the one after */
  TRY_CASES    /* one --order auto per case of the decode inputs (cli_learn_cases.c) */
} try_kind;

static const char *const try_names[] = {"as given",      "free order",  "order auto",
                                        "paired fields", "level order", "paired, seed+1",
                                        "paired, seed+2", "decode cases"};

/* A bit range [lo, hi] of an output field. */
typedef struct plan_range {
  uint32_t field, lo, hi;
} plan_range;

/* A group: ranges of output fields, learned by one learner. first: the strategy its ladder
 * starts with when it is a part of a split group of several outputs (the parent's try that
 * got furthest before the node budget ended it); TRY_USER = none. */
typedef struct plan_group {
  plan_range *ranges;
  uint32_t n, bits;
  try_kind first;
  uint32_t origin; /* the first group it is (a part of): which rank learns it */
} plan_group;

/* A learned group (kind: a try_kind). */
typedef bsyn_cli_learn_done plan_done;

typedef struct plan {
  plan_group *queue; /* groups left, learned from the front */
  uint32_t nq, capq;
  plan_done *done;
  uint32_t ndone;
} plan;

static void push_front(plan *pl, plan_group g) {
  if (pl->nq == pl->capq) {
    pl->capq = pl->capq ? 2 * pl->capq : 16;
    pl->queue = bsyn_realloc(pl->queue, pl->capq * sizeof *pl->queue);
  }
  memmove(pl->queue + 1, pl->queue, pl->nq * sizeof *pl->queue);
  pl->queue[0] = g;
  pl->nq++;
}

static plan_group group_of(const plan_range *ranges, uint32_t n) {
  plan_group g = {bsyn_malloc((n + 1) * sizeof *ranges), n, 0, TRY_USER, 0};
  memcpy(g.ranges, ranges, n * sizeof *ranges);
  for (uint32_t k = 0; k < n; k++)
    g.bits += ranges[k].hi - ranges[k].lo + 1;
  return g;
}

/* The first groups, in the oracle's field order: one of all narrow fields (where the first
 * of them is), each wide field alone. Learned from the back of the list first: pushed in
 * reverse. */
static void plan_init(plan *pl, const bsyn_oracle * or) {
  uint32_t nf = or->num_out_fields, nnarrow = 0, first_narrow = nf;
  plan_range *narrow = bsyn_malloc((nf + 1) * sizeof *narrow);
  for (uint32_t f = 0; f < nf; f++)
    if (or->out_fields[f].width < WIDE_FIELD) {
      narrow[nnarrow++] = (plan_range){f, 0, or->out_fields[f].width - 1};
      if (first_narrow == nf)
        first_narrow = f;
    }
  for (uint32_t f = nf; f-- > 0;) {
    plan_range r = {f, 0, or->out_fields[f].width - 1};
    if (or->out_fields[f].width >= WIDE_FIELD)
      push_front(pl, group_of(&r, 1));
    else if (f == first_narrow)
      push_front(pl, group_of(narrow, nnarrow));
  }
  free(narrow);
  for (uint32_t k = 0; k < pl->nq; k++)
    pl->queue[k].origin = k;
}

/* --outputs syntax for g: "name", "name[k]" or "name[lo-hi]", comma-separated. */
static char *group_spec(const bsyn_oracle * or, const plan_group *g) {
  size_t cap = 64, len = 0;
  for (uint32_t k = 0; k < g->n; k++)
    cap += strlen(or->out_fields[g->ranges[k].field].name) + 32;
  char *s = bsyn_malloc(cap);
  s[0] = 0;
  for (uint32_t k = 0; k < g->n; k++) {
    const plan_range *r = &g->ranges[k];
    const bsyn_field *f = & or->out_fields[r->field];
    const char *sep = k ? "," : "";
    if (r->lo == 0 && r->hi + 1 == f->width)
      len += (size_t)snprintf(s + len, cap - len, "%s%s", sep, f->name);
    else if (r->lo == r->hi)
      len += (size_t)snprintf(s + len, cap - len, "%s%s[%u]", sep, f->name, r->lo);
    else
      len += (size_t)snprintf(s + len, cap - len, "%s%s[%u-%u]", sep, f->name, r->lo, r->hi);
  }
  return s;
}

/* 1 when g can be split: several ranges, or one range that still holds its field's bit 0. */
static int splittable(const plan_group *g) {
  return g->n > 1 || (g->ranges[0].lo == 0 && g->ranges[0].hi > 0);
}

/* The ladder of g into kinds (at most 6); returns its length. A data word (one range of a
 * wide field) tries an order first: adders, comparators and address sums stay small only
 * with their operands interleaved from bit 0, and where no order suits it (a word mixing
 * results of several units) the order runs out of nodes early. Narrow decode fields depend
 * on a few instruction bits each, which free order finds; one output tries a level order
 * (an ordered diagram whose order its own sensitivities choose). */
static uint32_t ladder(const bsyn_cli_learn_opts *o, const bsyn_oracle * or, const plan_group *g,
                       try_kind *kinds) {
  if (o->order || o->pair_fields || o->level_order) {
    kinds[0] = TRY_USER;
    return 1;
  }
  if (g->bits == 1) {
    kinds[0] = TRY_LEVELS, kinds[1] = TRY_FREE, kinds[2] = TRY_ORDERED;
  } else if (g->n == 1 && or->out_fields[g->ranges[0].field].width >= WIDE_FIELD) {
    kinds[0] = TRY_CASES, kinds[1] = TRY_ORDERED, kinds[2] = TRY_FREE, kinds[3] = TRY_PAIRED;
    if (!splittable(g)) { /* the rest of a word after its bit 0: no further split */
      kinds[4] = TRY_PAIRED1, kinds[5] = TRY_PAIRED2;
      return 6;
    }
    return 4;
  } else {
    kinds[0] = TRY_FREE, kinds[1] = TRY_ORDERED, kinds[2] = TRY_PAIRED;
  }
  return 3;
}

/* 1 when kind is first or the same strategy from another seed. */
static int same_strategy(try_kind kind, try_kind first) {
  if (first == TRY_PAIRED)
    return kind == TRY_PAIRED || kind == TRY_PAIRED1 || kind == TRY_PAIRED2;
  return kind == first;
}

/* The ladder of g (ladder) with g->first, when set, and its tries from other seeds moved to
 * the front, the rest in their order: a part of a split group starts where its parent got
 * furthest (the tries that blew up on the whole blow up on most of its parts too, at a cost
 * of seconds each). Returns its length. */
static uint32_t ladder_from(const bsyn_cli_learn_opts *o, const bsyn_oracle * or,
                            const plan_group *g, try_kind *kinds) {
  try_kind all[6];
  uint32_t n = ladder(o, or, g, all), m = 0;
  if (g->first == TRY_USER) {
    memcpy(kinds, all, n * sizeof *all);
    return n;
  }
  for (uint32_t pass = 0; pass < 2; pass++)
    for (uint32_t k = 0; k < n; k++)
      if (same_strategy(all[k], g->first) == !pass)
        kinds[m++] = all[k];
  return m;
}

/* The options of one try of group g (spec) under kind, its budget seconds from now. */
static bsyn_cli_learn_opts try_opts(const bsyn_cli_learn_opts *o, const plan_group *g,
                                    const char *spec, try_kind kind, double seconds) {
  bsyn_cli_learn_opts t = *o;
  t.outputs = spec;
  t.out = t.blif = t.verilog = t.dot = t.reference = t.checkpoint = t.save_order = NULL;
  t.json = 0;
  t.max_seconds = o->max_seconds > 0 ? (seconds > 0.5 ? seconds : 0.5) : 0;
  if (!t.max_nodes) {
    uint64_t cap = (uint64_t)NODES_PER_OUTPUT * g->bits;
    t.max_nodes = cap < MIN_NODES ? MIN_NODES : cap;
  }
  double tight = o->epsilon < TIGHT_EPSILON ? o->epsilon : TIGHT_EPSILON;
  switch (kind) {
  case TRY_CASES:
  case TRY_ORDERED:
    t.order = "auto";
    t.epsilon = tight;
    break;
  case TRY_PAIRED2:
    t.seed++;
    /* fall through */
  case TRY_PAIRED1:
    t.seed++;
    /* fall through */
  case TRY_PAIRED:
    t.pair_fields = 1;
    t.epsilon = tight;
    t.cross = 1;
    break;
  case TRY_LEVELS:
    t.level_order = 1;
    t.sampler = "uniform";
    t.sens_words = t.sens_words > LEVEL_SENS_WORDS ? t.sens_words : LEVEL_SENS_WORDS;
    t.epsilon = tight;
    t.cross = 1;
    break;
  case TRY_FREE:
    t.cross = 1;
    break;
  case TRY_USER:
    break;
  }
  return t;
}

/* Pushes part p of a split group to the queue's front; a part of several outputs starts its
 * ladder with the parent's furthest try (one output keeps its own ladder: a single bit is
 * what the parent's strategies did not suit). */
static void push_part(plan *pl, plan_group p, const plan_group *parent, try_kind furthest) {
  p.first = p.bits > 1 ? furthest : TRY_USER;
  p.origin = parent->origin;
  push_front(pl, p);
}

/* Splits g: a group of several ranges into one group per range, one range into its lowest
 * bit and the rest (a word's bit 0 is where comparison results land: mixed with an adder's
 * low bit it blows up in every order the ladder tries). Pushed to the queue's front. The
 * rest is not split again (bit by bit a word costs more than it saves): its ladder retries
 * the paired fields from two more seeds instead. */
static void split(plan *pl, const plan_group *g, try_kind furthest) {
  if (g->n > 1) {
    for (uint32_t k = g->n; k-- > 0;)
      push_part(pl, group_of(&g->ranges[k], 1), g, furthest);
    return;
  }
  plan_range lo = g->ranges[0], rest = g->ranges[0];
  lo.hi = lo.lo;
  rest.lo++;
  push_part(pl, group_of(&rest, 1), g, furthest);
  push_part(pl, group_of(&lo, 1), g, furthest);
}

/* One line on stderr about group spec (not with --quiet): what happened after seconds. */
static void group_note(const bsyn_cli_learn_opts *o, const char *spec, const char *what,
                       double seconds) {
  if (!o->quiet)
    fprintf(stderr, "bsyn learn: group %s: %s (%.1f s)\n", spec, what, seconds);
}

/* The time a group may use, seconds: at least its share of what is left by its outputs, and
 * half of what is left (the easy groups finish in seconds and leave the rest). 0 = none. */
static double group_seconds(const bsyn_cli_learn_opts *o, const plan *pl, double t0) {
  if (o->max_seconds <= 0)
    return 0;
  double left = o->max_seconds - (bsyn_cli_now() - t0);
  uint32_t bits = 0;
  for (uint32_t k = 0; k < pl->nq; k++)
    bits += pl->queue[k].bits;
  double share = left * pl->queue[0].bits / (bits ? bits : 1);
  return share > left / 2 ? share : left / 2;
}

/* Learns the queue's front group: its ladder, until a try does not end at the node budget;
 * when every try does, a splittable group is split (1 returned with nothing learned),
 * otherwise the try with the least unfinished mass stands. Returns 0, 1 (split), or -1
 * after an error. */
static int learn_front(const bsyn_cli_learn_opts *o, bsyn_oracle * or, plan *pl, double t0) {
  plan_group g = pl->queue[0];
  double seconds = group_seconds(o, pl, t0), tg = bsyn_cli_now();
  memmove(pl->queue, pl->queue + 1, --pl->nq * sizeof *pl->queue);
  try_kind kinds[6];
  uint32_t nk = ladder_from(o, or, &g, kinds);
  plan_done best = {group_spec(or, &g), TRY_USER, 0, g.origin, 0, {NULL, {0}}};
  int rc = 0;
  for (uint32_t k = 0; k < nk; k++) {
    double left = seconds > 0 ? seconds - (bsyn_cli_now() - tg) : 0;
    bsyn_cli_learn_opts t = try_opts(o, &g, best.spec, kinds[k], left);
    bsyn_cli_learn_part part = {NULL, {0}};
    int cases = kinds[k] == TRY_CASES || (t.order && !strcmp(t.order, "cases"));
    int got = cases ? bsyn_cli_learn_cases(&t, or, bsyn_cli_now(), &part)
                                    : bsyn_cli_learn_run(&t, or, bsyn_cli_now(), &part) ? -1 : 0;
    if (got < 0) {
      rc = -1;
      break;
    }
    if (got > 0) /* no case split here */
      continue;
    best.tries++;
    int blew = part.s.st.stop == BSYN_LEARN_NODE_BUDGET || !part.aig;
    if (!best.part.aig || part.s.st.unfinished_mass < best.part.s.st.unfinished_mass) {
      bsyn_aig_free(best.part.aig);
      best.part = part;
      best.kind = kinds[k];
    } else {
      bsyn_aig_free(part.aig);
    }
    if (!blew)
      break;
    char what[64];
    snprintf(what, sizeof what, "%s ran out of nodes", try_names[kinds[k]]);
    group_note(o, best.spec, what, bsyn_cli_now() - tg);
  }
  if (!rc && best.part.s.st.stop == BSYN_LEARN_NODE_BUDGET && splittable(&g)) {
    group_note(o, best.spec, "split", bsyn_cli_now() - tg);
    split(pl, &g, best.kind);
    rc = 1;
  }
  if (rc) {
    bsyn_aig_free(best.part.aig);
    free(best.spec);
  } else {
    best.seconds = bsyn_cli_now() - tg;
    group_note(o, best.spec, try_names[best.kind], best.seconds);
    pl->done = bsyn_realloc(pl->done, (pl->ndone + 1) * sizeof *pl->done);
    pl->done[pl->ndone++] = best;
  }
  free(g.ranges);
  return rc;
}

void bsyn_cli_learn_sum_part(bsyn_cli_learn_summary *sum, const bsyn_cli_learn_summary *g,
                             uint32_t nout, uint32_t total) {
  bsyn_learn_stats *st = &sum->st;
  const bsyn_learn_stats *x = &g->st;
  st->nodes += x->nodes, st->leaves_const += x->leaves_const;
  st->leaves_literal += x->leaves_literal, st->leaves_forced += x->leaves_forced;
  st->merges += x->merges, st->merges_complement += x->merges_complement;
  st->merges_rejected += x->merges_rejected, st->merges_cyclic += x->merges_cyclic;
  st->requeued += x->requeued, st->refinements += x->refinements;
  st->reopened += x->reopened, st->samples += x->samples, st->queries += x->queries;
  st->levels = st->levels > x->levels ? st->levels : x->levels;
  st->max_frontier = st->max_frontier > x->max_frontier ? st->max_frontier : x->max_frontier;
  st->t_probe += x->t_probe, st->t_classify += x->t_classify, st->t_confirm += x->t_confirm;
  st->t_total += x->t_total;
  if (st->stop == BSYN_LEARN_DONE)
    st->stop = x->stop;
  st->unfinished_mass += x->unfinished_mass * nout / total;
  st->unfinished_log2 = st->unfinished_mass > 0 ? log2(st->unfinished_mass) : -INFINITY;
  sum->bsd_nodes += g->bsd_nodes;
  sum->rounds += g->rounds, sum->self_cex += g->self_cex, sum->searched += g->searched;
  sum->t_check += g->t_check, sum->t_aig += g->t_aig, sum->t_cross += g->t_cross;
  sum->cross_rounds += g->cross_rounds, sum->cross_cex += g->cross_cex;
  if (g->cross >= 0) {
    sum->cross = sum->cross == 0 ? 0 : g->cross;
    sum->cross_groups++;
    sum->cross_equal += (uint32_t)g->cross;
  }
}

/* The run's summary from its groups, with their report lines and JSON array in *text and
 * *json (the caller frees both). */
static void sum_groups(const bsyn_cli_learn_opts *o, const plan *pl, const bsyn_oracle * or,
                       bsyn_cli_learn_summary *s, char **text, char **json) {
  size_t cap = 256 + (size_t)pl->ndone * 512, tl = 0, jl = 0;
  *text = bsyn_malloc(cap), *json = bsyn_malloc(cap);
  tl += (size_t)snprintf(
      *text, cap, "  groups      %u learners (strategy, ANDs, seconds with the tries before):\n",
      pl->ndone);
  jl += (size_t)snprintf(*json, cap, "[");
  s->st.unfinished_log2 = -INFINITY;
  s->cross = -1;
  for (uint32_t k = 0; k < pl->ndone; k++) {
    const plan_done *d = &pl->done[k];
    const bsyn_cli_learn_summary *g = &d->part.s;
    bsyn_cli_learn_sum_part(s, g, g->nout, or->num_outputs);
    const char *cross = g->cross < 0 ? "" : g->cross ? ", cross-checked" : ", NOT cross-checked";
    char cases[32] = "";
    if (g->cases)
      snprintf(cases, sizeof cases, ", %u cases", g->cases);
    tl += (size_t)snprintf(*text + tl, cap - tl, "    %-22s %-13s %7u ANDs %7.1f s, try %u%s%s%s\n",
                           d->spec, try_names[d->kind], g->ands, d->seconds, d->tries, cases,
                           g->st.stop != BSYN_LEARN_DONE ? ", PARTIAL" : "", cross);
    jl += (size_t)snprintf(*json + jl, cap - jl,
                           "%s{\"group\":\"%s\",\"strategy\":\"%s\",\"tries\":%u,\"seed\":%llu,"
                           "\"ands\":%u,\"bsd_nodes\":%u,\"learn_nodes\":%llu,\"queries\":%llu,"
                           "\"seconds\":%.3f,\"stop\":\"%s\",\"refine_rounds\":%u,"
                           "\"self_cex\":%llu,\"cases\":%u,\"cross_check\":%s}",
                           k ? "," : "", d->spec, try_names[d->kind], d->tries,
                           (unsigned long long)o->seed, g->ands, g->bsd_nodes,
                           (unsigned long long)g->st.nodes, (unsigned long long)g->st.queries,
                           d->seconds, bsyn_cli_learn_stop_name(g->st.stop), g->rounds,
                           (unsigned long long)g->self_cex, g->cases,
                           g->cross < 0 ? "null"
                           : g->cross   ? "true"
                                        : "false");
  }
  snprintf(*json + jl, cap - jl, "]");
}

/* The groups' netlists joined in the oracle's output order; NULL after the error. */
static bsyn_aig *join_groups(const plan *pl, const bsyn_oracle * or) {
  const bsyn_aig **parts = bsyn_malloc((pl->ndone + 1) * sizeof *parts);
  const char **labels = bsyn_malloc((pl->ndone + 1) * sizeof *labels);
  for (uint32_t k = 0; k < pl->ndone; k++)
    parts[k] = pl->done[k].part.aig, labels[k] = pl->done[k].spec;
  bsyn_diag d;
  bsyn_diag_init(&d, NULL);
  bsyn_aig *aig = bsyn_aig_join_labeled(parts, labels, pl->ndone, &d);
  char **names = bsyn_learn_names(or, 1);
  if (aig && bsyn_aig_order_outputs(aig, (const char *const *)names, or->num_outputs, &d)) {
    bsyn_aig_free(aig);
    aig = NULL;
  }
  bsyn_learn_free_names(names, or->num_outputs);
  free(parts);
  free(labels);
  if (!aig)
    bsyn_cli_error("learn", "joining the groups: %s", d.msg);
  return aig;
}

int bsyn_cli_learn_finish(const bsyn_cli_learn_opts *o, bsyn_oracle * or, const uint32_t *map,
                          const bsyn_aig *aig, bsyn_cli_learn_summary *s, double t0) {
  int rc = bsyn_cli_learn_write(o, aig), err = 0;
  if (!rc && o->verify) {
    bsyn_sampler *sampler = bsyn_cli_learn_sampler(o, or, &err);
    bsyn_pool *pool = o->threads == 1 ? NULL : bsyn_pool_new((unsigned)o->threads);
    s->threads = bsyn_pool_threads(pool);
    rc = sampler ? bsyn_cli_learn_check(o, or, map, aig, sampler, pool, s, t0) : 1;
    bsyn_pool_free(pool);
    bsyn_sampler_free(sampler);
  }
  if (!rc && o->reference)
    rc = bsyn_cli_learn_prove(o, or, map, aig, NULL, s);
  return rc;
}

/* --checkpoint DIR: the learned groups of first group `origin` (it and its parts) saved.
 * Returns 0 or 1 after the error. */
static int save_origin(const bsyn_cli_learn_opts *o, const plan *pl, uint32_t origin) {
  uint32_t first = pl->ndone;
  while (first > 0 && pl->done[first - 1].origin == origin)
    first--;
  return bsyn_cli_learn_plan_save(o, origin, pl->done + first, pl->ndone - first);
}

/* With several ranks: every rank's learned groups to rank 0 (bsyn_cli_learn_share), in the
 * order one process learns them, and the ranks' figures (*ranks_json, *ranks_text on rank
 * 0). Returns 1 on the other ranks (their part is done: *rc is
 * theirs, the caller waits for rank 0's); on rank 0, 0 with pl->done holding every group,
 * *rc = -1 when a rank failed. */
static int share_groups(const bsyn_cli_learn_opts *o, plan *pl, double t0, int *rc,
                        char **ranks_json, char **ranks_text) {
  uint32_t total = 0, mine = pl->ndone;
  int failed = 0;
  double learned = bsyn_cli_now() - t0;
  plan_done *all = bsyn_cli_learn_share(o, pl->done, pl->ndone, *rc >= 0, &total, &failed);
  if (bsyn_cli_learn_rank_figures(learned, mine, ranks_json, ranks_text))
    failed = 1;
  for (uint32_t k = 0; k < pl->ndone; k++) {
    bsyn_aig_free(pl->done[k].part.aig);
    free(pl->done[k].spec);
  }
  free(pl->done);
  pl->done = all;
  pl->ndone = total;
  if (bsyn_cli_mpi_rank() != 0)
    return 1;
  if (failed)
    *rc = -1;
  return 0;
}

int bsyn_cli_learn_plan_wanted(const bsyn_cli_learn_opts *o, const bsyn_oracle * or) {
  if ((o->groups && strcmp(o->groups, "auto")) || o->outputs || o->resume)
    return 0;
  uint32_t wide = 0, narrow = 0; /* plan_init's groups: each wide field, all narrow ones */
  for (uint32_t f = 0; f < or->num_out_fields; f++)
    or->out_fields[f].width >= WIDE_FIELD ? wide++ : (narrow = 1);
  return wide + narrow > 1;
}

int bsyn_cli_learn_plan(const bsyn_cli_learn_opts *o, bsyn_oracle * or, double t0) {
  if (o->dot)
    return bsyn_cli_error("learn", "expected --outputs or --groups one with --dot (a plan of "
                                   "groups learns several diagrams)");
  plan pl = {0};
  plan_init(&pl, or);
  unsigned ranks = bsyn_cli_mpi_size(), me = bsyn_cli_mpi_rank();
  int rc = 0;
  uint32_t current = UINT32_MAX; /* the first group being learned (with its parts) */
  while (pl.nq && rc >= 0) {
    uint32_t origin = pl.queue[0].origin;
    int saved = 0;
    if (origin != current && origin % ranks == me && o->checkpoint)
      saved = bsyn_cli_learn_plan_load(o, origin, &pl.done, &pl.ndone);
    if (saved < 0) {
      rc = -1;
      break;
    }
    if (origin % ranks != me || saved) { /* another rank's group, or read back */
      free(pl.queue[0].ranges);
      memmove(pl.queue, pl.queue + 1, --pl.nq * sizeof *pl.queue);
      continue;
    }
    current = origin;
    rc = learn_front(o, or, &pl, t0);
    if (rc >= 0 && o->checkpoint && (!pl.nq || pl.queue[0].origin != current) &&
        save_origin(o, &pl, current))
      rc = -1;
  }
  bsyn_cli_learn_order_groups(pl.done, pl.ndone);
  char *ranks_json = NULL, *ranks_text = NULL;
  if (ranks > 1 && share_groups(o, &pl, t0, &rc, &ranks_json, &ranks_text)) {
    free(pl.queue);
    bsyn_cli_mpi_bcast_int(&rc); /* rank 0's exit code */
    return rc;
  }
  bsyn_aig *aig = rc < 0 ? NULL : join_groups(&pl, or);
  rc = aig ? 0 : 1;
  bsyn_cli_learn_summary s = {0};
  char *text = NULL, *json = NULL;
  if (aig) {
    s.oracle = o->oracle, s.reference = o->reference;
    s.nin = or->num_inputs, s.nout = or->num_outputs, s.groups = pl.ndone;
    s.proven = -1;
    s.max_seconds = o->max_seconds, s.max_memory = o->max_memory;
    s.default_seconds = o->default_seconds, s.default_memory = o->default_memory;
    sum_groups(o, &pl, or, &s, &text, &json);
    s.groups_text = text, s.groups_json = json;
    s.ranks_text = ranks_text, s.ranks_json = ranks_json;
    s.ands = bsyn_aig_num_ands(aig);
    uint32_t *map = bsyn_malloc((or->num_outputs + 1) * sizeof *map);
    for (uint32_t r = 0; r < or->num_outputs; r++)
      map[r] = r;
    rc = bsyn_cli_learn_finish(o, or, map, aig, &s, t0);
    free(map);
    s.t_total = bsyn_cli_now() - t0;
  }
  if (!rc) {
    bsyn_cli_learn_report(&s, o->json);
    rc = bsyn_cli_learn_exit(&s);
  }
  for (uint32_t k = 0; k < pl.ndone; k++) {
    bsyn_aig_free(pl.done[k].part.aig);
    free(pl.done[k].spec);
  }
  for (uint32_t k = 0; k < pl.nq; k++)
    free(pl.queue[k].ranges);
  free(pl.queue);
  free(pl.done);
  free(text);
  free(json);
  free(ranks_json);
  free(ranks_text);
  bsyn_aig_free(aig);
  if (ranks > 1)
    bsyn_cli_mpi_bcast_int(&rc);
  return rc;
}
