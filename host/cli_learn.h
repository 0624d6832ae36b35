/* cli_learn.h — the pieces of `bsyn learn`: its options (cli_learn_opts.c), the summary and its
 * verdict (cli_learn_report.c) and the command itself (cli_learn.c). */
#ifndef BSYN_CLI_LEARN_H
#define BSYN_CLI_LEARN_H

#include <stdint.h>
#include <stdio.h>

#include "bsyn_aig.h"
#include "bsyn_learn.h"
#include "bsyn_learn_sample.h"
#include "bsyn_pool.h"

/* The default time budget of a run, seconds (--max-seconds; 0 = none). */
#define BSYN_CLI_LEARN_SECONDS 600.0
/* Sample words (64 vectors each) --order auto looks at (and the case split's decode search). */
#define BSYN_CLI_ORDER_WORDS 64
/* The default check after learning (--verify-vectors; 0 = none). */
#define BSYN_CLI_LEARN_VERIFY 1000000u

/* Exit codes of `bsyn learn` (usage text, README, docs/learner.md). */
enum {
  BSYN_LEARN_EXIT_OK = 0,      /* learned; proved, or checked without a mismatch (or unchecked) */
  BSYN_LEARN_EXIT_ERROR = 1,   /* bad input or an error; nothing trustworthy written */
  BSYN_LEARN_EXIT_PARTIAL = 2, /* a budget ended learning; the partial netlist was written */
  BSYN_LEARN_EXIT_WRONG = 3    /* written, but the check or the proof found it wrong */
};

typedef struct bsyn_cli_learn_opts {
  const char *oracle, *out, *blif, *verilog, *dot, *outputs, *sampler, *reference, *checkpoint,
      *resume, *trace, *validate, *device, *order, *save_order, *aig_form, *groups;
  uint64_t seed, threads, max_nodes, max_memory, verify, sig_words, confirm_words, sens_words,
      rounds, max_ands, lookahead, lookahead_depth;
  double epsilon, delta, max_seconds, checkpoint_seconds, trace_share, stress_share, lookahead_gain;
  int json, quiet, pair_fields, level_order, path_fixup, cross;
  int default_seconds, default_memory; /* 1: the budget is the default, not given */
} bsyn_cli_learn_opts;

/* Prints `bsyn learn --help` to f. */
void bsyn_cli_learn_usage(FILE *f);

/* Parses argv into o (defaults first: seed 1, the default budgets, the default check, ...).
 * Returns 0, or 1 after printing the error. */
int bsyn_cli_learn_parse(int argc, char **argv, bsyn_cli_learn_opts *o);

/* Half of this machine's physical memory in bytes (the default --max-memory); 0 when it
 * cannot be read. */
uint64_t bsyn_cli_learn_default_memory(void);

/* What one run of `bsyn learn` found, for its report. */
typedef struct bsyn_cli_learn_summary {
  const char *oracle, *reference;
  uint32_t nin, nout, bsd_nodes, ands, threads;
  bsyn_learn_stats st; /* of the learner, or summed over the groups (cli_learn_plan.c) */
  double t_aig, t_verify, t_total;
  double t_check; /* refinement: the counterexample search between learning rounds */
  double max_seconds;
  uint64_t max_memory;
  int default_seconds, default_memory;
  uint64_t verify_vectors; /* vectors checked after learning */
  uint64_t verify_asked;   /* --verify-vectors (more than verify_vectors when the time
                              budget cut the check short) */
  int64_t mismatches;
  uint32_t rounds;
  uint64_t self_cex;      /* counterexamples the refinement found from the oracle alone */
  uint64_t searched;      /* vectors the counterexample search tried */
  int proven;             /* 1 proven equal to --reference, 0 not, -1 no reference */
  uint32_t proof_differs; /* outputs ABC found different from the reference */
  double t_proof;
  int cross;                          /* --cross-check: 1 proven equal to the second learner, 0 not,
                                         -1 not run (or the second learner hit its budget) */
  uint64_t cross_seed;                /* the second learner's seed */
  uint32_t cross_rounds;              /* rounds in which the two differed */
  uint64_t cross_cex;                 /* inputs on which they differed, asked of the oracle */
  double t_cross;                     /* ABC's comparisons */
  uint32_t groups;                    /* learners the run was split into (1 without a plan) */
  uint32_t cross_groups, cross_equal; /* a plan's groups cross-checked, and proven equal */
  const char *groups_text, *groups_json; /* the plan's groups: report lines, a JSON array */
  uint32_t cases; /* a case split's cases (cli_learn_cases.c), 0 = none */
  const char *ranks_text, *ranks_json; /* an MPI job's ranks: report lines, a JSON array */
} bsyn_cli_learn_summary;

/* The run's exit code (BSYN_LEARN_EXIT_*): PARTIAL when a budget stopped learning, else
 * WRONG when the proof or the check found a difference, else OK. */
int bsyn_cli_learn_exit(const bsyn_cli_learn_summary *s);

/* "done", "node budget", "time budget" or "memory budget". */
const char *bsyn_cli_learn_stop_name(bsyn_learn_stop s);

/* Prints the summary on stdout: one JSON line, or text whose first line is the verdict
 * (partial, proved, wrong on K of N vectors, checked on N vectors, or unchecked). */
void bsyn_cli_learn_report(const bsyn_cli_learn_summary *s, int json);

/* Writes aig to o->out, o->blif and o->verilog (those given). Returns 0, or 1 after the error. */
int bsyn_cli_learn_write(const bsyn_cli_learn_opts *o, const bsyn_aig *aig);

/* The learning distribution of --sampler, mixed with --trace's vectors when given. NULL with
 * the error printed (*err = 1) on a bad trace or an rv32 sampler for a non-RV32 oracle. */
bsyn_sampler *bsyn_cli_learn_sampler(const bsyn_cli_learn_opts *o, const bsyn_oracle * or,
                                     int *err);

/* The check after learning: aig's output r is the oracle's output map[r] (s->nout of them);
 * o->verify vectors, a third each from sampler, uniform, and boundary words around sampler
 * (operands equal, off by one, carries), in chunks with the time budget (from t0) looked at
 * between (one chunk always runs). Fills s->verify_vectors, verify_asked, mismatches and
 * t_verify. Returns 0, or 1 after printing the error. */
int bsyn_cli_learn_check(const bsyn_cli_learn_opts *o, bsyn_oracle * or, const uint32_t *map,
                         const bsyn_aig *aig, const bsyn_sampler *sampler, bsyn_pool *pool,
                         bsyn_cli_learn_summary *s, double t0);

/* --reference: ABC proves aig's outputs (oracle outputs map[0..s->nout)) equal to the
 * reference's cone of them, output by output (on BDDs in `order` first when not NULL). The
 * verdict goes to s->proven, proof_differs and t_proof; it is never fed back. Returns 0, or 1
 * after printing the error. */
int bsyn_cli_learn_prove(const bsyn_cli_learn_opts *o, const bsyn_oracle * or, const uint32_t *map,
                         const bsyn_aig *aig, const uint32_t *order, bsyn_cli_learn_summary *s);

/* What one group's learning gives the plan (bsyn_cli_learn_run). */
typedef struct bsyn_cli_learn_part {
  bsyn_aig *aig;            /* the group's netlist with its outputs named; the caller frees it */
  bsyn_cli_learn_summary s; /* its summary; no check after learning (the plan checks the join) */
} bsyn_cli_learn_part;

/* The outputs of --outputs spec (indices, ranges, fields) into *list (the caller frees it),
 * *n of them. Returns 0, or 1 after printing the error (none listed, or a bad token). */
int bsyn_cli_learn_outputs(const bsyn_oracle * or, const char *spec, uint32_t **list, uint32_t *n);

/* Adds group summary x (nout of the run's total outputs) to the run's sum: learner statistics
 * summed (levels and widths: the largest; the unfinished mass weighted by outputs), and the
 * refinement's and cross-check's counts and times. */
void bsyn_cli_learn_sum_part(bsyn_cli_learn_summary *sum, const bsyn_cli_learn_summary *x,
                             uint32_t nout, uint32_t total);

/* Learns o->outputs (a group of the plan) of `or` as a case split (cli_learn_cases.c): its
 * decode inputs found by --order auto's control scores, their values sorted into cases by
 * the oracle's answers, each case learned from the oracle's cofactor with its own --order
 * auto (o's other options), the cases selected by the decode inputs. Returns 0 with part
 * filled (part->aig NULL when a case ran out of nodes: the summary then says so, with the
 * whole mass unfinished; a spent time or memory budget leaves a partial netlist), 1 when the
 * group has no case split (no decode input, one case, more than 64, or less than 5 s of
 * o->max_seconds left from t0), -1 after printing an error. */
int bsyn_cli_learn_cases(const bsyn_cli_learn_opts *o, bsyn_oracle * or, double t0,
                         bsyn_cli_learn_part *part);

/* --order cases for o->outputs (all when NULL): bsyn_cli_learn_cases, then the netlist
 * written, checked and proved like any other (bsyn_cli_learn_finish) and the report
 * printed. Returns the exit code (BSYN_LEARN_EXIT_*). */
int bsyn_cli_learn_cases_main(const bsyn_cli_learn_opts *o, bsyn_oracle * or, double t0);

/* A learned netlist (output r is the oracle's output map[r], s->nout of them): written to
 * o's files, checked against the oracle (o->verify) and proved with o->reference, the
 * figures into s. Returns 0, or 1 after printing the error. */
int bsyn_cli_learn_finish(const bsyn_cli_learn_opts *o, bsyn_oracle * or, const uint32_t *map,
                          const bsyn_aig *aig, bsyn_cli_learn_summary *s, double t0);

/* Learns o->outputs (all when NULL) of the open oracle `or` with o's options, the run's
 * budget counted from t0 (bsyn_cli_now). Without part: writes the files, checks, proves
 * with --reference and prints the report; returns the exit code (BSYN_LEARN_EXIT_*). With
 * part: fills it instead (no file, no check after learning, no report) and returns 0, or 1
 * after printing an error. */
int bsyn_cli_learn_run(const bsyn_cli_learn_opts *o, bsyn_oracle * or, double t0,
                       bsyn_cli_learn_part *part);

/* A group the plan learned (cli_learn_plan.c). */
typedef struct bsyn_cli_learn_done {
  char *spec;      /* its --outputs */
  int kind;        /* the strategy that stood (the plan's try kinds) */
  uint32_t tries;  /* tries it took */
  uint32_t origin; /* the plan's first group it is, or is a part of */
  double seconds;  /* all of its tries */
  bsyn_cli_learn_part part;
} bsyn_cli_learn_done;

/* Collective over the ranks of an MPI job (cli_learn_ranks.c): each rank's n learned groups
 * `mine` (in the order it learned them; ok = 0 when it stopped at an error) go to rank 0,
 * which gets them all in a new array (the caller frees it, its specs and netlists), *total
 * of them, ordered by origin and within an origin as learned: the order one process learns
 * them in, so the join is byte-identical. *failed = 1 when a rank was not ok or sent bytes
 * that do not unpack. The other ranks get NULL and *total = 0. mine is only read. */
bsyn_cli_learn_done *bsyn_cli_learn_share(const bsyn_cli_learn_opts *o,
                                          const bsyn_cli_learn_done *mine, uint32_t n, int ok,
                                          uint32_t *total, int *failed);

/* Learned groups as one byte string (cli_learn_ranks.c: each group's fields, summary and
 * packed netlist), for other ranks and for checkpoint files; ok = 0 packs only the mark of a
 * rank that failed. The caller frees the buffer; its length in *len. */
uint8_t *bsyn_cli_learn_pack_groups(const bsyn_cli_learn_done *g, uint32_t n, int ok,
                                    size_t *len);

/* Appends the groups packed in buf[0..len) to *groups (*n of them; the summaries' pointers
 * are o's). Returns 0, 1 when the buffer holds the mark of a failed rank, -1 when it does not
 * unpack (what was appended before stays). */
int bsyn_cli_learn_unpack_groups(const bsyn_cli_learn_opts *o, const uint8_t *buf, size_t len,
                                 bsyn_cli_learn_done **groups, uint32_t *n);

/* --checkpoint DIR of a plan (cli_learn_plan_save.c): reads DIR/group-<origin>.bsyn, saved by
 * the same run, appending its groups to *groups (*n of them). Returns 1 when read, 0 when
 * there is none, -1 after printing the error (a file of another run or torn bytes). */
int bsyn_cli_learn_plan_load(const bsyn_cli_learn_opts *o, uint32_t origin,
                             bsyn_cli_learn_done **groups, uint32_t *n);

/* Saves groups[0..n) (all of the plan's first group `origin` and its parts) as
 * DIR/group-<origin>.bsyn, whole or not at all, making DIR when missing. Returns 0, or 1
 * after printing the error. */
int bsyn_cli_learn_plan_save(const bsyn_cli_learn_opts *o, uint32_t origin,
                             const bsyn_cli_learn_done *groups, uint32_t n);

/* Sorts g[0..n) by origin, keeping the order within an origin (the order one process learns
 * them in). */
void bsyn_cli_learn_order_groups(bsyn_cli_learn_done *g, uint32_t n);

/* Collective: every rank's figures (groups learned, learn_seconds of learning, CPU seconds,
 * seconds and bytes of the collective calls so far) to rank 0, which gets a JSON array in
 * *json and report lines in *text (the caller frees both); the other ranks get NULL. Returns
 * 0, or -1 when a rank's figures did not arrive whole. */
int bsyn_cli_learn_rank_figures(double learn_seconds, uint32_t groups, char **json,
                                char **text);

/* 1 when `bsyn learn` learns `or` as a plan of groups (bsyn_cli_learn_plan): --groups auto
 * (the default), no --outputs, no --resume, and an oracle whose output fields make more than
 * one group (a field of 16 bits or more, and another field). */
int bsyn_cli_learn_plan_wanted(const bsyn_cli_learn_opts *o, const bsyn_oracle * or);

/* Learns every output of `or` group by group (docs/learner.md, "Groups"): the oracle's
 * narrow output fields together, each wide field alone; each group tries the strategies of
 * its ladder under a node budget and is split when all of them blow up; the parts are
 * joined in the oracle's output order, checked (and proved with --reference) as a whole,
 * written and reported. Returns the exit code (BSYN_LEARN_EXIT_*). */
int bsyn_cli_learn_plan(const bsyn_cli_learn_opts *o, bsyn_oracle * or, double t0);

#endif
