/* bsyn_learn_examples.h — learning from a fixed example set (pla: oracles, IWLS 2020).
 *
 * An example set answers no queries, so cofactors cannot be probed: each output is grown as
 * a decision diagram over the examples consistent with a node's path, splitting on the
 * input with the largest information gain (ties to the lower index) until the examples
 * agree, with majority leaves. Equal sub-graphs are shared through the BSD unique table.
 * The depth is then cut at the largest value whose AIG stays within max_ands (the IWLS 2020
 * contest allows 5,000). Deterministic; single-threaded. */
#ifndef BSYN_LEARN_EXAMPLES_H
#define BSYN_LEARN_EXAMPLES_H

#include <stdint.h>

#include "bsyn_aig.h"
#include "bsyn_oracle.h"

typedef struct bsyn_examples_params {
  uint32_t max_ands;     /* default 5000 */
  uint32_t min_examples; /* a node with fewer examples becomes a leaf (default 1) */
} bsyn_examples_params;

typedef struct bsyn_examples_stats {
  uint32_t depth;      /* the cut chosen */
  uint32_t full_depth; /* the depth at which every leaf's examples agree */
  uint32_t bsd_nodes;
  uint32_t ands;
  double train_accuracy; /* fraction of example output bits the AIG reproduces */
} bsyn_examples_stats;

void bsyn_examples_defaults(bsyn_examples_params *p);

/* Learns every output of the example set o (o->num_samples examples in samples_in /
 * samples_out; aborts when it has none). Returns the AIG (inputs and outputs named after o's
 * fields; caller frees) and fills st when non-NULL. */
bsyn_aig *bsyn_learn_examples(const bsyn_oracle *o, const bsyn_examples_params *p,
                              bsyn_examples_stats *st);

/* The fraction of o's example output bits that aig reproduces (o: an example set with the
 * same inputs and outputs). */
double bsyn_examples_accuracy(const bsyn_aig *aig, const bsyn_oracle *o);

#endif
