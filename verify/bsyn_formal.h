/* bsyn_formal.h — formal equivalence of two AIGs with berkeley-abc's `cec`.
 *
 * Inputs and outputs are matched by position, names ignored. Each output is checked on its
 * own first: the miter of the two output cones as a global BDD (ABC `collapse` with
 * reordering, a SAT call on it for the counterexample), `cec` of the cones where the BDD
 * grows too large (bsyn_learn_abc_cexs). Only when that fails (an ABC error) are both AIGs
 * written as binary AIGER into a private temporary directory and compared with `cec -n`. ABC's counterexample is parsed from its output and checked by evaluating both
 * AIGs; when ABC gives none that reproduces, one is searched for by random simulation. The
 * counterexample is an input vector, so a learner can feed it straight back as a refinement
 * sample (membership queries plus equivalence queries: exact learning). */
#ifndef BSYN_FORMAL_H
#define BSYN_FORMAL_H

#include <stdint.h>

#include "bsyn_aig.h"
#include "bsyn_util.h"

/* The ABC executable bsyn runs (Debian's name; there is no plain `abc` command). */
#define BSYN_FORMAL_ABC "berkeley-abc"

/* 1 when BSYN_FORMAL_ABC is an executable on PATH. Thread-safe. */
int bsyn_formal_available(void);

/* Proves a and b equivalent or finds an input on which they differ.
 * Returns 0 with *equivalent = 1 (proved) or *equivalent = 0 and cex filled (num_inputs
 * bytes, 0/1, the caller's buffer): a vector on which at least one output of a differs from
 * b's, checked with bsyn_aig_eval. Returns -1 with d filled when the interfaces differ
 * (input or output counts), berkeley-abc is not installed, a file cannot be written, ABC
 * fails or leaves the question open, or ABC claims a difference that neither its own vector
 * nor 2^20 random patterns reproduce. cex may be NULL when only the verdict is wanted.
 * Forks ABC and waits for it; temporary files are removed. Thread-safe (each call has its
 * own directory). */
int bsyn_formal_cec(const bsyn_aig *a, const bsyn_aig *b, int *equivalent, uint8_t *cex, bsyn_diag *d);

#endif
