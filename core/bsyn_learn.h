/* bsyn_learn.h — learning a BSD (and from it an AIG) from an oracle's answers.
 *
 * The learner grows one shared BSD for the selected outputs, level by level (docs/learner.md):
 * every frontier node of a level is probed in one batch of bit-sliced oracle queries under
 * its path; nodes whose samples are constant or equal an input bit become leaves; nodes whose
 * samples equal (or complement) an existing node's merge into it once fresh vectors drawn
 * along both paths agree and the merge cannot close a cycle; the rest split on the input with
 * the largest sampled sensitivity over their live support (or on one that turns a child into
 * a near-leaf; see bsyn_learn_choose_split). All randomness comes from
 * counter-based hashes of (seed, sample word, input bit), so the result depends only on the
 * oracle, the parameters and the seed: never on the thread count.
 *
 * A learner object is not thread-safe; it uses params.pool internally. */
#ifndef BSYN_LEARN_H
#define BSYN_LEARN_H

#include <stddef.h>
#include <stdint.h>

#include "bsyn_aig.h"
#include "bsyn_bsd.h"
#include "bsyn_bsd2aig.h"
#include "bsyn_learn_sample.h"
#include "bsyn_oracle.h"
#include "bsyn_pool.h"
#include "bsyn_util.h"

typedef struct bsyn_learn_stats bsyn_learn_stats;

struct bsyn_probe_ctx;
struct bsyn_probe_req;
/* A device that answers the learner's probe batches instead of the CPU path (e.g.
 * bsyn_cl_probe_offload in host/bsyn_cl_probe.h). run returns 1 when it answered the whole
 * batch (the same words, bit for bit, as the CPU path would), 0 to leave it to the CPU path,
 * or -1 with d filled to stop the run. A NULL run means the CPU path only. */
typedef struct bsyn_probe_offload {
  int (*run)(void *ctx, struct bsyn_probe_ctx *pc, const struct bsyn_probe_req *reqs, size_t n,
             bsyn_diag *d);
  void *ctx;
} bsyn_probe_offload;

typedef struct bsyn_learn_params {
  uint64_t seed;
  /* Accuracy target: a leaf that saw N agreeing samples has minority mass <= ln(1/delta)/N
   * with confidence 1 - delta, so signatures get N = ln(1/delta)/epsilon samples. */
  double epsilon;         /* default 0.01 */
  double delta;           /* default 0.001 */
  uint32_t sig_words;     /* signature words (64 samples each); 0 = from epsilon/delta */
  uint32_t confirm_words; /* fresh words to confirm a merge; 0 = sig_words */
  uint32_t sens_words;    /* words per sensitivity probe (default 2) */
  uint64_t max_nodes;     /* node budget, 0 = none */
  double max_seconds;     /* time budget, 0 = none (a time cut is not reproducible) */
  uint64_t max_memory;    /* bytes of the process's resident memory (bsyn_resident_bytes,
                             or the learner's own data where that is larger), checked
                             between slices of a level; 0 = none */
  /* A time on bsyn_learn_now's clock (CLOCK_MONOTONIC, seconds) at which learning stops as
   * for max_seconds and bsyn_learner_hunt ends its search early: a budget for a whole run
   * of several bsyn_learner_run calls; 0 = none. Not part of the result's identity. */
  double deadline;
  uint32_t cycle_visits; /* nodes the merge cycle check may visit (default 65536); a check
                            that runs out refuses the merge */
  /* Look-ahead variable choice (docs/learner.md): near the top of the diagram, up to
   * `lookahead` control candidates (inputs ranked by bsyn_learn_priority) are probed in
   * both cofactors; the one that switches off the most influence of the other inputs
   * splits first, when it switches off at least lookahead_gain of it. 0 = off (default). */
  uint32_t lookahead;
  uint32_t lookahead_depth; /* only items up to this depth (default 40) */
  double lookahead_gain;    /* default 0.25 */
  /* 1: after a split on bit k of an input field, prefer bit k of another field of the same
   * width when it is at least half as sensitive (bsyn_learn_choose_partner). 0 = off. */
  int pair_fields;
  /* 1: one input per level. The input that is the usual choice of the most items of the
   * level splits every item whose sampled sensitivity to it is nonzero; the other items
   * wait, unchanged, for a later level. Different paths then read the same inputs and
   * their residual functions meet (an ordered diagram where the function allows it); the
   * look-ahead and --pair-fields choices do not apply. 0 = off (default). */
  int level_order;
  /* A fixed input order (order_len inputs, each at most once; the inputs not listed follow
   * in index order), NULL = none. Every node splits on the first input of the order that
   * comes after all of its path's inputs, whether or not the samples show that it matters:
   * the diagram is ordered, every path reads the inputs in this order, and residual
   * functions that are equal meet at the same level whatever rare case tells them apart.
   * Nodes whose two children are the same function are removed when the diagram is
   * reduced. Below the roots nothing is probed for sensitivity. Overrides level_order,
   * pair_fields and lookahead. bsyn_learner_new copies it. */
  const uint32_t *order;
  uint32_t order_len;
  /* How free bits are drawn under a node's path. 0 (default): they are the sampler's own
   * words with the path's bits overridden, so every free bit is a common random number and
   * two nodes with the same residual function get the same signature wherever their paths
   * differ (which is what lets them merge). 1: the sampler's fixup re-derives dependent
   * inputs from the forced bits (rs1_val = A - imm under a forced immediate, b = a under a
   * forced a): rare relations hold under every path, but free bits then depend on the path
   * and equal sub-functions under different paths rarely merge (docs/rv32-learning.md). */
  int path_fixup;
  /* How bsyn_learner_aig turns the diagram into gates (bsyn_bsd2aig.h): AUTO (default) keeps
   * the smaller of the mux and the path form; an ordered diagram is usually far smaller in
   * path form. Does not change what is learned. */
  bsyn_aig_form aig_form;
  const uint32_t *outputs; /* oracle outputs to learn, in this order; NULL = all */
  uint32_t num_outputs;
  const bsyn_sampler *sampler; /* NULL = uniform; borrowed */
  bsyn_probe_offload offload;  /* probe batches on a device; zero = the CPU path */
  bsyn_pool *pool;             /* NULL = one thread; borrowed */
  /* Checkpoint file written after a level once checkpoint_seconds have passed since the
   * last one (0 = after every level); NULL = none. See bsyn_learner_resume. */
  const char *checkpoint;
  double checkpoint_seconds;
  /* Called after every level, and after each slice of a wide level (from the calling
   * thread); NULL = none. */
  void (*progress)(void *arg, const bsyn_learn_stats *st);
  void *progress_arg;
} bsyn_learn_params;

/* Fills p with the defaults above (seed 1, all outputs, uniform, one thread). */
void bsyn_learn_defaults(bsyn_learn_params *p);

typedef enum bsyn_learn_stop {
  BSYN_LEARN_DONE = 0, /* every path ended in a leaf or a merge */
  BSYN_LEARN_NODE_BUDGET,
  BSYN_LEARN_TIME_BUDGET,
  BSYN_LEARN_MEMORY_BUDGET
} bsyn_learn_stop;

struct bsyn_learn_stats {
  uint64_t nodes;          /* decision nodes created while learning (open nodes) */
  uint64_t leaves_const;   /* speculated constant leaves */
  uint64_t leaves_literal; /* speculated literal leaves (an input or its negation) */
  uint64_t leaves_forced;  /* majority leaves forced by a budget */
  uint64_t merges;         /* confirmed merges (complemented ones included) */
  uint64_t merges_complement;
  uint64_t merges_rejected; /* signature matches that fresh vectors refuted */
  uint64_t merges_cyclic;   /* confirmed matches refused because they would close a cycle */
  uint64_t requeued;        /* nodes re-probed over all free inputs (live support ran dry) */
  uint64_t refinements;     /* bsyn_learner_refine calls */
  uint64_t reopened;        /* leaves and merges re-opened by counterexamples */
  uint32_t levels;
  uint32_t level;    /* current level (progress) */
  uint64_t frontier; /* width of the current level (progress) */
  uint64_t max_frontier;
  uint64_t samples;                               /* input vectors built */
  uint64_t queries;                               /* vectors the oracle evaluated (64 per word) */
  double t_probe, t_classify, t_confirm, t_total; /* seconds */
  bsyn_learn_stop stop;
  /* Unfinished mass: the uniform probability, averaged over the outputs, of reaching a
   * forced leaf; log2 form stays exact where the double underflows. */
  double unfinished_mass;
  double unfinished_log2; /* -inf when nothing is unfinished */
};

typedef struct bsyn_learner bsyn_learner;

/* A learner for oracle o (borrowed, must outlive the learner) with parameters p (copied;
 * the arrays and objects it points to are borrowed). Aborts on an output index out of
 * range or an oracle without eval. */
bsyn_learner *bsyn_learner_new(bsyn_oracle *o, const bsyn_learn_params *p);
void bsyn_learner_free(bsyn_learner *l);

/* Expands the frontier until it is empty or a budget ends the run (remaining frontier nodes
 * become majority leaves). Returns 0, or -1 with d filled when the oracle failed. */
int bsyn_learner_run(bsyn_learner *l, bsyn_diag *d);

/* The statistics so far (valid until the next call on l). */
const bsyn_learn_stats *bsyn_learner_stats(const bsyn_learner *l);

/* A canonical (reduced) copy of the learned BSD; roots receives one edge per learned output
 * (bsyn_learner_num_outputs of them). Only after bsyn_learner_run. Caller frees. */
bsyn_bsd *bsyn_learner_bsd(const bsyn_learner *l, bsyn_edge *roots);
uint32_t bsyn_learner_num_outputs(const bsyn_learner *l);
/* The oracle output index of learned output r. */
uint32_t bsyn_learner_output(const bsyn_learner *l, uint32_t r);

/* The learned AIG: the oracle's inputs (named "field[k]" after its fields) and the learned
 * outputs in order, without ANDs that no output depends on (bsyn_aig_cleanup). Only after
 * bsyn_learner_run. Caller frees. */
bsyn_aig *bsyn_learner_aig(const bsyn_learner *l);

/* bsyn_learner_aig in the given form instead of params' aig_form (BSYN_AIG_FORM_MUX for an
 * equivalence check on BDDs: ABC builds the BDD of a mux network bottom-up, as the diagram
 * is, several times faster than that of the deep path form). */
bsyn_aig *bsyn_learner_aig_as(const bsyn_learner *l, bsyn_aig_form form);

/* Names "field[bit]" (or "field" for one-bit fields, "in<i>"/"out<i>" outside any field)
 * for the oracle's inputs (is_output = 0) or outputs; an array of num strings, freed with
 * bsyn_learn_free_names. */
char **bsyn_learn_names(const bsyn_oracle *o, int is_output);
void bsyn_learn_free_names(char **names, uint32_t num);

/* ---- input priority (bsyn_learn_priority.c) ---- */

/* Control score of every input: the summed sampled influence (flip rate, over outputs
 * outs[0..n)) of all other inputs with input i free, minus its mean over the cofactors
 * i = 0 and i = 1. Control inputs (an opcode bit that switches operands off) score high,
 * data inputs near 0. Sampled on `words` words of s (NULL is not allowed) per setting, away
 * from the learner's words; score receives o->num_inputs values, in flips per vector.
 * Deterministic for any pool (NULL = one thread). Returns 0 or -1 with d filled when the
 * oracle failed. */
int bsyn_learn_priority(bsyn_oracle *o, const bsyn_sampler *s, uint64_t seed, const uint32_t *outs,
                        uint32_t n, uint32_t words, bsyn_pool *pool, double *score, bsyn_diag *d);
/* bsyn_learn_priority with a deadline on bsyn_learn_now's clock (0 = none): inputs not yet
 * begun when it passes are left unscored and 1 is returned (the scores are then not to be
 * used); 0 when every input was scored, -1 with d filled when the oracle failed. */
int bsyn_learn_priority_until(bsyn_oracle *o, const bsyn_sampler *s, uint64_t seed,
                              const uint32_t *outs, uint32_t n, uint32_t words, bsyn_pool *pool,
                              double deadline, double *score, bsyn_diag *d);
/* bsyn_learn_priority_until that also fills swing (o->num_inputs values, may be NULL): per
 * input i, the summed distance between every other input's influence with i = 0 and with
 * i = 1, in flips per vector. A function-select input (an opcode's or a function field's
 * bit: one value adds, the other shifts) moves the others' influence whichever way; an
 * operand bit barely moves it. The scores are the same as bsyn_learn_priority's. */
int bsyn_learn_priority_swing(bsyn_oracle *o, const bsyn_sampler *s, uint64_t seed,
                              const uint32_t *outs, uint32_t n, uint32_t words, bsyn_pool *pool,
                              double deadline, double *score, double *swing, bsyn_diag *d);

/* ---- checkpoints (bsyn_learn_checkpoint.c, bsyn_learn_resume.c) ---- */

/* Writes the learner's state between two levels to path (docs/learner.md, "Checkpoints"):
 * a versioned file holding the oracle's identity, the result-changing options and a
 * checksum of every byte. It goes to path.tmp (a stray one from a killed run is replaced),
 * which is synced, renamed over path, and the folder synced, so a crash leaves either the
 * old checkpoint or the new one. The first call asks the oracle one batch (its fingerprint,
 * not counted in the statistics). Returns 0 or -1 with d filled (a write error, or the
 * oracle failed). */
int bsyn_learner_save(bsyn_learner *l, const char *path, bsyn_diag *d);

/* A learner for o and p continuing from the checkpoint at path: the run then ends with the
 * same netlist as one that was never interrupted. The oracle (name, sizes and its answers
 * on a fingerprint batch) and every option that changes the result (seed, sample sizes,
 * outputs, order, level_order, pair_fields, path_fixup, lookahead settings, cycle_visits,
 * the sampler) must be the checkpoint's; budgets, threads, the device and aig_form may
 * differ. Every count and index in the file is checked before it is used, and nothing
 * larger than the file is allocated from it. Returns NULL with d filled ("expected ...,
 * found ...") on a file that is not a checkpoint, is truncated or corrupted (checksum), or
 * was written with other options (the message names the first that differs), or when the
 * oracle failed. Node signatures are recomputed from the oracle, not stored. */
bsyn_learner *bsyn_learner_resume(bsyn_oracle *o, const bsyn_learn_params *p, const char *path,
                                  bsyn_diag *d);

/* ---- refinement (bsyn_learn_refine.c) ---- */

/* Feeds counterexamples back after bsyn_learner_run: rows holds nvec input vectors
 * bit-sliced (rows[i * ceil(nvec/64) + w]). For every vector and learned output on which the
 * learned BSD and the oracle disagree, the walk down the BSD finds the first edge whose
 * claimed function changes value there (a speculated leaf or a merge) and re-opens that
 * slot as a frontier item; the disagreeing vectors join every later signature and merge
 * confirmation (at most 16,384 are kept), so the same mistake cannot be made again. Call
 * bsyn_learner_run afterwards. Returns the number of slots re-opened (0: the vectors are
 * all answered correctly), or -1 with d filled when the oracle failed. */
int64_t bsyn_learner_refine(bsyn_learner *l, const uint64_t *rows, size_t nvec, bsyn_diag *d);

/* Draws nvectors vectors from sampler (NULL = uniform) at sample words from 2^40 on with
 * seed, and returns in *rows (malloc'ed, bit-sliced as above, *count vectors, at most max)
 * those on which the learned BSD disagrees with the oracle. Returns the number of such
 * vectors found (may exceed max), or -1 with d filled. */
int64_t bsyn_learner_mismatches(bsyn_learner *l, uint64_t nvectors, uint64_t seed,
                                const bsyn_sampler *sampler, size_t max, uint64_t **rows,
                                size_t *count, bsyn_diag *d);

/* Counterexample search from the oracle alone: nvectors vectors of the boundary
 * distribution around base (bsyn_sampler_boundary over the oracle's input fields; base NULL
 * = uniform), and a word with the creation path of every open node forced, are answered by
 * the learned BSD and by the oracle. Of the vectors on which they disagree, the first
 * BSYN_HUNT_PER_OUTPUT for each learned output that differs there go into vecs (at most
 * BSYN_HUNT_PER_OUTPUT * bsyn_learner_num_outputs vectors of num_inputs bytes, 0/1), their
 * number into *found: the shape of ABC's counterexamples, for bsyn_learn_cex_rows and
 * bsyn_learner_refine. The search ends early once the run's deadline
 * (bsyn_learn_params.deadline) has passed. Returns the number of disagreeing vectors seen,
 * or -1 with d filled when the oracle failed. No reference is read: what it cannot find (a
 * needle no boundary value reaches) stays wrong. */
#define BSYN_HUNT_PER_OUTPUT 4
int64_t bsyn_learner_hunt(bsyn_learner *l, uint64_t nvectors, uint64_t seed,
                          const bsyn_sampler *base, uint8_t *vecs, uint32_t *found, bsyn_diag *d);

/* How bsyn_learn_abc_cexs checks (bsyn_learn_abc_defaults: per output, cec alone, no
 * order, every counterexample, no memo). */
typedef struct bsyn_learn_abc_params {
  /* 1: one check per output cone, so that every output that differs yields a
   * counterexample, not only the first; 0: one check of the whole netlists */
  int per_output;
  /* 1: each check first on global BDDs of the miter (in `order` when not NULL, else with
   * dynamic reordering), whose SAT answer gives the counterexample, and by `cec` where the
   * BDD grew too large; 0: `cec` alone (faster where learned is a free-order diagram: EPFL
   * adder 0.2 s against 10 s of BDDs; slow where it is an ordered one against an
   * adder-style ref) */
  int bdd;
  const uint32_t *order; /* a permutation of all inputs, or NULL */
  uint32_t max;          /* at most this many counterexamples; 0 = one per differing check */
  /* NULL, or (per_output only) 2 * num_outputs cones: slots 2k, 2k+1 the reference and
   * learned cones of output k last proven equal (NULL before). A pair identical to them is
   * equal without asking ABC; a pair proven now replaces them. The caller owns them
   * (bsyn_learn_abc_forget). Lets a refinement loop re-check only the outputs that changed. */
  bsyn_aig **proven;
} bsyn_learn_abc_params;

void bsyn_learn_abc_defaults(bsyn_learn_abc_params *p);

/* Frees the n output pairs of a bsyn_learn_abc_params.proven memo (2 * n slots, set NULL). */
void bsyn_learn_abc_forget(bsyn_aig **proven, uint32_t n);

/* Asks ABC (berkeley-abc, matching inputs and outputs by name) whether learned equals ref,
 * writing both under dir, checked as p says. Checks run as one ABC process per core (their
 * answers do not depend on how they are dealt). Up to p->max counterexamples go into vecs
 * (learned->num_inputs bytes each, 0/1, by learned's input order, in the order of the
 * outputs; inputs ABC's pattern leaves out are completed by simulation so that the two
 * netlists really differ there), their number into *found. Returns 0 when every check is
 * proven, 1 with *found >= 1, or -1 with d filled (ABC missing, a file not written, an
 * answer not understood). */
int bsyn_learn_abc_cexs(const bsyn_aig *ref, const bsyn_aig *learned, const char *dir,
                        const bsyn_learn_abc_params *p, uint8_t *vecs, uint32_t *found,
                        bsyn_diag *d);

/* The learner's full input order (num_inputs entries: bsyn_learn_params.order, then the
 * inputs it left out), or NULL when it has none. Valid while l lives. */
const uint32_t *bsyn_learner_order(const bsyn_learner *l);

/* Refinement rows for n counterexamples (vecs: n vectors of nin bytes): word j of each input
 * row holds vector j in lane 0 and 63 neighbours of it (one or two bits flipped, chosen by a
 * hash of seed, j and the lane) in the other lanes; rows[i * n + j], for
 * bsyn_learner_refine(l, rows, 64 * n, d). */
void bsyn_learn_cex_rows(const uint8_t *vecs, uint32_t n, uint32_t nin, uint64_t seed,
                         uint64_t *rows);

/* Simulates aig (inputs = the oracle's, output r = oracle output outputs[r]) against the
 * oracle on nvectors vectors from sampler (NULL = uniform) drawn at sample words from
 * 2^40 on (disjoint from the learner's). mismatches (n entries, may be NULL) receives the
 * differing vectors per output. Returns the total number of vectors with any mismatch, or
 * -1 with d filled when the oracle failed. pool may be NULL. */
int64_t bsyn_learn_verify(const bsyn_aig *aig, bsyn_oracle *o, const uint32_t *outputs, uint32_t n,
                          uint64_t nvectors, uint64_t seed, const bsyn_sampler *sampler,
                          bsyn_pool *pool, uint64_t *mismatches, bsyn_diag *d);

#endif
