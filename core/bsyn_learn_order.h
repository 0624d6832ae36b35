/* bsyn_learn_order.h — an input order discovered from the oracle's answers.
 *
 * An ordered diagram is small when every adder and comparator is walked from its low bit
 * with the carry as the only state, and when the decoder is read before the datapath. Both
 * can be seen in the answers, without naming a field:
 *   - the *weight* of an input: flipping it changes an output field, read as an integer,
 *     by exactly +-2^k (an adder operand bit of weight k, a sign-extended immediate's top bit
 *     included, since the change is taken modulo 2^width);
 *   - the *control* score of an input (bsyn_learn_priority): fixing it switches the other
 *     inputs' influence off (an opcode bit), where fixing a data bit does not.
 * The order: control inputs first (highest score first), then for k = 0, 1, ... every input
 * of weight k (in index order), then the inputs no sample showed to matter. An input field
 * whose weighted bits mostly sit at their own index (an operand) is an *aligned* field:
 * its bits all take their index as weight; a field none of whose bits has a weight takes
 * the same when it has the width of an aligned field (the other operand of a comparator).
 * docs/learner.md describes the rule and what it gives on rv32i-core. */
#ifndef BSYN_LEARN_ORDER_H
#define BSYN_LEARN_ORDER_H

#include <stdint.h>

#include "bsyn_learn_sample.h"
#include "bsyn_oracle.h"
#include "bsyn_pool.h"
#include "bsyn_util.h"

/* What the discovery saw, per input (arrays of num_inputs entries, owned by the caller). */
typedef struct bsyn_order_info {
  double *control;  /* control score (bsyn_learn_priority), flips per vector */
  double *changed;  /* share of sample vectors on which flipping the input changed an output */
  int32_t *weight;  /* weight k, or -1 (control, or not seen to matter) */
  uint8_t *kind;    /* 0 unused, 1 control, 2 data */
} bsyn_order_info;

/* Discovers an input order for the outputs outs[0..n) of o (n > 0) from `words` sample words
 * (64 vectors each, at least 1) of sampler s (not NULL), drawn at sample words far from the
 * learner's, keyed by seed. order receives a permutation of all o->num_inputs inputs; info
 * (may be NULL; its arrays may be NULL) what was measured. Deterministic for any pool
 * (NULL = one thread). Returns 0, or -1 with d filled when the oracle failed. */
int bsyn_learn_discover_order(bsyn_oracle *o, const bsyn_sampler *s, uint64_t seed,
                              const uint32_t *outs, uint32_t n, uint32_t words, bsyn_pool *pool,
                              uint32_t *order, bsyn_order_info *info, bsyn_diag *d);

#endif
