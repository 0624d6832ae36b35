/* bsyn learn's case split (cli_learn.h; docs/learner.md, "Cases"): a group learned as one
 * ordered diagram per case of its decode inputs, each in the order found for that case.
 *
 * One input order cannot serve every instruction: a branch wants its operands compared
 * before pc + offset is added, a jump-and-link-register wants rs1 + offset interleaved from
 * bit 0, and a diagram in one order for both carries the comparison's state through every
 * adder. The decode inputs (the highest control scores of --order auto) are held at each of
 * their values in turn; values whose answers agree on every sample are one case; each case
 * is learned from the oracle's cofactor (bsyn_oracle_restrict.h) with its own --order auto,
 * and the netlist selects the case's outputs by the decode inputs. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "bsyn_aig_join.h"
#include "bsyn_learn_order.h"
#include "bsyn_oracle_restrict.h"
#include "cli.h"
#include "cli_learn.h"
#include "cli_progress.h"

/* Decode inputs: at most MAX_DECODE (find_decode); within a case, those whose swing is at
 * least CASE_SWING of the highest. */
#define MAX_DECODE 10
#define CASE_SWING 0.5
/* Sample words (64 vectors each) per decode value: its answers on them are its signature. */
#define CASE_WORDS 64
/* Where the signature words start in the sampler's stream (far from the learner's). */
#define CASE_FIRST_WORD (1ull << 44)
/* A case split with more cases than this is not tried (the decode inputs were not one). */
#define MAX_CASES 64
/* A try with less time than this left (--max-seconds) does not split into cases: finding and
 * sorting them alone takes a good part of a second (several under sanitizers). */
#define CASE_MIN_SECONDS 5.0
/* A case's node budget: half of the group's, when that leaves at least this many. */
#define CASE_MIN_NODES 10000u
/* Splits within a case's split at most this deep (0: the group's own split only). */
#define MAX_DEPTH 2

/* The decode inputs and the cases of their values. */
typedef struct case_split {
  uint32_t decode[MAX_DECODE], ndecode;
  uint32_t *case_of;       /* [1 << ndecode]: the case of each decode value */
  uint32_t rep[MAX_CASES]; /* a decode value of each case (its first) */
  uint32_t ncases;
} case_split;

/* The decode inputs of outputs outs[0..n) of or into cs: a group's (depth 0) are --order
 * auto's strong control inputs (the opcode); a case's are the inputs whose swing
 * (bsyn_learn_priority_swing) is at least CASE_SWING of the highest (a function field under
 * one opcode: holding funct3 switches an add to a shift, which moves every operand bit's
 * influence, while its control score can come out below zero), at most MAX_DECODE (the
 * highest). 0, or -1 after the error (printed). */
static int find_decode(const bsyn_cli_learn_opts *o, bsyn_oracle * or, const bsyn_sampler *s,
                       const uint32_t *outs, uint32_t n, bsyn_pool *pool, uint32_t depth,
                       case_split *cs) {
  uint32_t nin = or->num_inputs;
  uint32_t *order = bsyn_malloc((nin + 1) * sizeof *order);
  double *score = bsyn_malloc((nin + 1) * sizeof *score);
  uint8_t *kind = bsyn_malloc(nin + 1);
  double *swing = bsyn_malloc((nin + 1) * sizeof *swing);
  bsyn_order_info info = {score, NULL, NULL, kind, swing};
  bsyn_diag d;
  bsyn_diag_init(&d, o->oracle);
  int rc = bsyn_learn_discover_order(or, s, o->seed, outs, n, BSYN_CLI_ORDER_WORDS, pool, order,
                                     &info, &d);
  cs->ndecode = 0;
  if (!rc && depth == 0) {
    /* the order lists strong control inputs first, highest score first */
    for (uint32_t k = 0; k < nin && cs->ndecode < MAX_DECODE && kind[order[k]] == 1; k++)
      cs->decode[cs->ndecode++] = order[k];
  } else if (!rc) {
    double top = 0;
    for (uint32_t i = 0; i < nin; i++)
      top = swing[i] > top ? swing[i] : top;
    for (uint32_t i = 0; i < nin; i++) /* by swing, highest first; ties by index */
      if (top > 0 && swing[i] >= CASE_SWING * top) {
        uint32_t k = cs->ndecode < MAX_DECODE ? cs->ndecode++ : MAX_DECODE - 1;
        if (k == MAX_DECODE - 1 && cs->ndecode == MAX_DECODE && swing[i] <= swing[cs->decode[k]])
          continue;
        for (; k > 0 && swing[cs->decode[k - 1]] < swing[i]; k--)
          cs->decode[k] = cs->decode[k - 1];
        cs->decode[k] = i;
      }
  }
  free(order);
  free(score);
  free(swing);
  free(kind);
  if (rc)
    bsyn_cli_report(&d);
  return rc ? -1 : 0;
}

/* Sets the rows of the decode inputs in `in` (nwords words each) to decode value v. */
static void hold(const case_split *cs, uint32_t v, uint64_t *in, size_t nwords) {
  for (uint32_t k = 0; k < cs->ndecode; k++) {
    uint64_t word = (v >> k) & 1 ? ~0ull : 0;
    for (size_t w = 0; w < nwords; w++)
      in[(size_t)cs->decode[k] * nwords + w] = word;
  }
}

/* Sorts the decode values into cases by their answers (outputs outs[0..n)) on the same
 * sample words: values that agree on every one are a case. Returns 0; 1 when there are more
 * than MAX_CASES (no split); -1 after the error (printed). */
static int find_cases(const bsyn_cli_learn_opts *o, bsyn_oracle * or, const bsyn_sampler *s,
                      const uint32_t *outs, uint32_t n, case_split *cs) {
  uint32_t nv = 1u << cs->ndecode, nin = or->num_inputs;
  size_t sig = (size_t)n * CASE_WORDS;
  uint64_t *base = bsyn_aligned_alloc((size_t)nin * CASE_WORDS * sizeof *base);
  uint64_t *in = bsyn_aligned_alloc((size_t)nin * CASE_WORDS * sizeof *in);
  uint64_t *out = bsyn_aligned_alloc(((size_t) or->num_outputs * CASE_WORDS + 1) * sizeof *out);
  uint64_t *sigs = bsyn_malloc((MAX_CASES + 1) * sig * sizeof *sigs);
  s->fill(s, o->seed, CASE_FIRST_WORD, CASE_WORDS, base, CASE_WORDS);
  cs->case_of = bsyn_malloc(((size_t)nv + 1) * sizeof *cs->case_of);
  cs->ncases = 0;
  bsyn_diag d;
  bsyn_diag_init(&d, o->oracle);
  int rc = 0;
  for (uint32_t v = 0; v < nv && !rc; v++) {
    memcpy(in, base, (size_t)nin * CASE_WORDS * sizeof *in);
    hold(cs, v, in, CASE_WORDS);
    if (bsyn_oracle_eval(or, in, out, CASE_WORDS, &d)) {
      rc = -1;
      break;
    }
    uint64_t *mine = sigs + (size_t)cs->ncases * sig;
    for (uint32_t r = 0; r < n; r++)
      memcpy(mine + (size_t)r * CASE_WORDS, out + (size_t)outs[r] * CASE_WORDS,
             CASE_WORDS * sizeof *out);
    uint32_t c = 0;
    while (c < cs->ncases && memcmp(sigs + (size_t)c * sig, mine, sig * sizeof *mine))
      c++;
    if (c == cs->ncases) {
      if (cs->ncases == MAX_CASES)
        rc = 1;
      else
        cs->rep[cs->ncases++] = v;
    }
    cs->case_of[v] = c;
  }
  bsyn_aligned_free(base);
  bsyn_aligned_free(in);
  bsyn_aligned_free(out);
  free(sigs);
  return rc < 0 ? (bsyn_cli_report(&d), -1) : rc;
}

/* The literal that is 1 where the decode inputs hold a value of case c: a Shannon tree over
 * the decode inputs from the highest, values [lo, lo + 2^k) at depth k (shared sub-trees
 * hash to the same ANDs). */
static bsyn_lit case_lit(bsyn_aig *aig, const case_split *cs, uint32_t c, uint32_t lo, uint32_t k) {
  uint32_t in = 0, size = 1u << k;
  for (uint32_t v = lo; v < lo + size; v++)
    in += cs->case_of[v] == c;
  if (in == 0 || in == size)
    return in ? BSYN_LIT_TRUE : BSYN_LIT_FALSE;
  bsyn_lit x = bsyn_lit_make(1 + cs->decode[k - 1], 0);
  bsyn_lit hi = case_lit(aig, cs, c, lo + size / 2, k - 1);
  return bsyn_aig_mux(aig, x, hi, case_lit(aig, cs, c, lo, k - 1));
}

/* The cases' netlists (n outputs each) as one: output r is case c's output r where the
 * decode inputs hold a value of case c. NULL with d filled when the parts do not join. */
static bsyn_aig *compose(const case_split *cs, const bsyn_cli_learn_part *parts, uint32_t n,
                         bsyn_diag *d) {
  const bsyn_aig **aigs = bsyn_malloc((cs->ncases + 1) * sizeof *aigs);
  for (uint32_t c = 0; c < cs->ncases; c++)
    aigs[c] = parts[c].aig;
  bsyn_aig *all = bsyn_aig_join(aigs, cs->ncases, d);
  free(aigs);
  if (!all)
    return NULL;
  bsyn_lit *sel = bsyn_malloc((cs->ncases + 1) * sizeof *sel);
  for (uint32_t c = 0; c < cs->ncases; c++)
    sel[c] = case_lit(all, cs, c, 0, cs->ndecode);
  uint32_t *keep = bsyn_malloc((n + 1) * sizeof *keep);
  for (uint32_t r = 0; r < n; r++) {
    bsyn_lit y = BSYN_LIT_FALSE;
    for (uint32_t c = 0; c < cs->ncases; c++)
      y = bsyn_aig_or(all, y, bsyn_aig_and(all, sel[c], all->outputs[(size_t)c * n + r]));
    keep[r] = bsyn_aig_add_output(all, y, bsyn_aig_output_name(parts[0].aig, r));
  }
  bsyn_aig *aig = bsyn_aig_cone(all, keep, n, 1);
  free(keep);
  free(sel);
  bsyn_aig_free(all);
  return aig;
}

static int split_cases(const bsyn_cli_learn_opts *o, bsyn_oracle * or, double t0,
                       bsyn_cli_learn_part *part, uint32_t depth);

/* 0, 1, ..., or->num_outputs - 1 (the caller frees it), their count in *n. */
static uint32_t *all_outputs(const bsyn_oracle * or, uint32_t *n) {
  uint32_t *outs = bsyn_malloc((or->num_outputs + 1) * sizeof *outs);
  for (uint32_t r = 0; r < or->num_outputs; r++)
    outs[r] = r;
  *n = or->num_outputs;
  return outs;
}

/* A netlist with like's inputs and outputs (names included), every output constant 0: a case
 * left unlearned when the run's budget was spent. */
static bsyn_aig *unlearned_part(const bsyn_aig *like) {
  bsyn_aig *aig = bsyn_aig_new();
  for (uint32_t i = 0; i < like->num_inputs; i++)
    bsyn_aig_add_input(aig, bsyn_aig_input_name(like, i));
  for (uint32_t r = 0; r < like->num_outputs; r++)
    bsyn_aig_add_output(aig, BSYN_LIT_FALSE, bsyn_aig_output_name(like, r));
  bsyn_aig_set_model_name(aig, like->model_name);
  return aig;
}

/* Learns case c of cs from or's cofactor with options t into *part: in its own order, and
 * when that runs out of nodes (an opcode whose function field selects among units: a shift
 * beside an add), split into the cases of its own decode inputs, down to MAX_DEPTH. Returns
 * 0, or -1 after the error. */
static int learn_case(const bsyn_cli_learn_opts *t, bsyn_oracle * or, const case_split *cs,
                      uint32_t c, double t0, bsyn_cli_learn_part *part, uint32_t depth) {
  uint8_t values[MAX_DECODE];
  for (uint32_t k = 0; k < cs->ndecode; k++)
    values[k] = (cs->rep[c] >> k) & 1;
  bsyn_oracle *cof = bsyn_oracle_restrict(or, cs->decode, values, cs->ndecode);
  int rc = bsyn_cli_learn_run(t, cof, t0, part) ? -1 : 0;
  if (!rc && part->s.st.stop == BSYN_LEARN_NODE_BUDGET && depth < MAX_DEPTH) {
    bsyn_cli_learn_part sub = {NULL, {0}};
    int got = split_cases(t, cof, t0, &sub, depth + 1);
    if (got < 0)
      rc = -1;
    else if (got == 0 && sub.aig) {
      bsyn_aig_free(part->aig);
      *part = sub;
    }
  }
  bsyn_oracle_close(cof);
  return rc;
}

/* bsyn_cli_learn_cases at nesting depth `depth` (0: the group). */
static int split_cases(const bsyn_cli_learn_opts *o, bsyn_oracle * or, double t0,
                       bsyn_cli_learn_part *part, uint32_t depth) {
  uint32_t *outs = NULL, n = 0;
  int err = 0, rc = 1;
  bsyn_sampler *s = NULL;
  if (o->max_seconds > 0 && o->max_seconds - (bsyn_cli_now() - t0) < CASE_MIN_SECONDS)
    return 1;
  if ((o->outputs ? bsyn_cli_learn_outputs(or, o->outputs, &outs, &n)
                  : (outs = all_outputs(or, &n), 0)) ||
      !(s = bsyn_cli_learn_sampler(o, or, &err))) {
    free(outs);
    return -1;
  }
  bsyn_pool *pool = o->threads == 1 ? NULL : bsyn_pool_new((unsigned)o->threads);
  case_split cs = {{0}, 0, NULL, {0}, 0};
  rc = find_decode(o, or, s, outs, n, pool, depth, &cs);
  bsyn_pool_free(pool);
  if (!rc)
    rc = cs.ndecode ? find_cases(o, or, s, outs, n, &cs) : 1;
  if (!rc && cs.ncases < 2)
    rc = 1;
  bsyn_sampler_free(s);
  free(outs);
  if (rc) {
    free(cs.case_of);
    return rc;
  }
  bsyn_cli_learn_opts t = *o;
  t.order = "auto";
  /* a case is a part of the group: one that needs half of the group's nodes is not one
   * that an order suits (and would cost as long as a blown try of the whole group) */
  if (t.max_nodes >= 2 * CASE_MIN_NODES)
    t.max_nodes /= 2;
  bsyn_cli_learn_part *parts = bsyn_calloc(cs.ncases, sizeof *parts);
  bsyn_cli_learn_summary sum = {0};
  sum.st.unfinished_log2 = -INFINITY;
  sum.cross = -1;
  uint32_t learned = 0, nv = 1u << cs.ndecode;
  double mass = 0; /* unfinished, as a share of the group's decode values */
  for (; learned < cs.ncases && !rc; learned++) {
    double share = 0;
    for (uint32_t v = 0; v < nv; v++)
      share += cs.case_of[v] == learned;
    share /= nv;
    if (sum.st.stop != BSYN_LEARN_DONE) { /* the time or memory budget is spent */
      parts[learned].aig = unlearned_part(parts[0].aig);
      mass += share;
      continue;
    }
    if ((rc = learn_case(&t, or, &cs, learned, t0, &parts[learned], depth)))
      break;
    bsyn_cli_learn_sum_part(&sum, &parts[learned].s, 1, 1);
    mass += share * parts[learned].s.st.unfinished_mass;
    if (parts[learned].s.st.stop == BSYN_LEARN_NODE_BUDGET) {
      learned++;
      break;
    }
  }
  sum.st.unfinished_mass = mass;
  sum.st.unfinished_log2 = mass > 0 ? log2(mass) : -INFINITY;
  /* a case that ran out of nodes leaves no netlist of the group: the whole input space
   * counts as unfinished, so that any other try of the ladder stands before this one; a
   * spent time or memory budget leaves the cases learned so far and constant ones for the
   * rest, a partial netlist like any learner's */
  int blew = sum.st.stop == BSYN_LEARN_NODE_BUDGET;
  if (blew)
    sum.st.unfinished_mass = 1.0, sum.st.unfinished_log2 = 0;
  bsyn_aig *aig = NULL;
  if (!rc && !blew) {
    bsyn_diag d;
    bsyn_diag_init(&d, NULL);
    if (!(aig = compose(&cs, parts, n, &d)))
      rc = (bsyn_cli_error("learn", "joining the cases: %s", d.msg), -1);
  }
  if (!rc) {
    sum.oracle = o->oracle;
    sum.nin = or->num_inputs;
    sum.nout = n;
    sum.groups = 1;
    sum.cases = cs.ncases;
    sum.ands = aig ? bsyn_aig_num_ands(aig) : 0;
    sum.t_total = bsyn_cli_now() - t0;
    part->aig = aig;
    part->s = sum;
  }
  for (uint32_t c = 0; c < learned; c++)
    bsyn_aig_free(parts[c].aig);
  free(parts);
  free(cs.case_of);
  return rc;
}

int bsyn_cli_learn_cases(const bsyn_cli_learn_opts *o, bsyn_oracle * or, double t0,
                         bsyn_cli_learn_part *part) {
  return split_cases(o, or, t0, part, 0);
}

int bsyn_cli_learn_cases_main(const bsyn_cli_learn_opts *o, bsyn_oracle * or, double t0) {
  if (o->dot || o->checkpoint || o->resume || o->save_order || o->cross)
    return bsyn_cli_error("learn",
                          "expected --order cases without %s (it learns one diagram per case)",
                          o->dot          ? "--dot"
                          : o->checkpoint ? "--checkpoint"
                          : o->resume     ? "--resume"
                          : o->save_order ? "--save-order"
                                          : "--cross-check");
  bsyn_cli_learn_part part = {NULL, {0}};
  int got = bsyn_cli_learn_cases(o, or, t0, &part);
  if (got < 0)
    return BSYN_LEARN_EXIT_ERROR;
  if (got > 0)
    return bsyn_cli_error("learn",
                          "expected decode inputs that split the outputs into 2 to %d cases, "
                          "found %s",
                          MAX_CASES, "none");
  if (!part.aig) {
    bsyn_cli_error("learn", "a case ran out of nodes (--max-nodes); no "
                            "netlist written");
    return BSYN_LEARN_EXIT_PARTIAL;
  }
  uint32_t *map = NULL, n = 0;
  if (o->outputs ? bsyn_cli_learn_outputs(or, o->outputs, &map, &n)
                 : (map = all_outputs(or, &n), 0))
    return BSYN_LEARN_EXIT_ERROR;
  bsyn_cli_learn_summary s = part.s;
  s.reference = o->reference;
  s.proven = -1;
  s.max_seconds = o->max_seconds, s.max_memory = o->max_memory;
  s.default_seconds = o->default_seconds, s.default_memory = o->default_memory;
  int rc = bsyn_cli_learn_finish(o, or, map, part.aig, &s, t0);
  s.t_total = bsyn_cli_now() - t0;
  if (!rc) {
    bsyn_cli_learn_report(&s, o->json);
    rc = bsyn_cli_learn_exit(&s);
  }
  free(map);
  bsyn_aig_free(part.aig);
  return rc;
}
