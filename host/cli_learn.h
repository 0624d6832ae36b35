/* cli_learn.h — the pieces of `bsyn learn`: its options (cli_learn_opts.c), the summary and its
 * verdict (cli_learn_report.c) and the command itself (cli_learn.c). */
#ifndef BSYN_CLI_LEARN_H
#define BSYN_CLI_LEARN_H

#include <stdint.h>
#include <stdio.h>

#include "bsyn_learn.h"

/* The default time budget of a run, seconds (--max-seconds; 0 = none). */
#define BSYN_CLI_LEARN_SECONDS 600.0
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
      *resume, *trace, *validate, *device, *order, *save_order, *aig_form;
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
  const bsyn_learn_stats *st;
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
  int cross;             /* --cross-check: 1 proven equal to the second learner, 0 not,
                            -1 not run (or the second learner hit its budget) */
  uint64_t cross_seed;   /* the second learner's seed */
  uint32_t cross_rounds; /* rounds in which the two differed */
  uint64_t cross_cex;    /* inputs on which they differed, asked of the oracle */
  double t_cross;        /* ABC's comparisons */
} bsyn_cli_learn_summary;

/* The run's exit code (BSYN_LEARN_EXIT_*): PARTIAL when a budget stopped learning, else
 * WRONG when the proof or the check found a difference, else OK. */
int bsyn_cli_learn_exit(const bsyn_cli_learn_summary *s);

/* Prints the summary on stdout: one JSON line, or text whose first line is the verdict
 * (partial, proved, wrong on K of N vectors, checked on N vectors, or unchecked). */
void bsyn_cli_learn_report(const bsyn_cli_learn_summary *s, int json);

#endif
