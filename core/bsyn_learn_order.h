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
 * An input field whose weighted bits mostly sit at their own index (an operand) is an
 * *aligned* field: its bits all take their index as weight; a field none of whose bits has a
 * weight takes the same when it has the width of an aligned field (a *partner*: the other
 * operand of a comparator). Two partners of one width are *compared*: they meet each other
 * and no adder (a branch's rs1 and rs2 beside pc + offset).
 * The order: *strong* control inputs (an unweighted input scoring at least
 * BSYN_ORDER_STRONG of the highest control score; highest first), then the compared inputs
 * interleaved from bit 0, then the other unweighted inputs (weak control, highest score
 * first), then for k = 0, 1, ... every other input of weight k (in index order), then the
 * inputs no sample showed to matter. Comparing first carries one of three states (below,
 * equal, above) into the adder, where the other way round every candidate sum would be
 * carried to the comparison's end.
 * docs/learner.md describes the rule and what it gives on rv32i-core. */
#ifndef BSYN_LEARN_ORDER_H
#define BSYN_LEARN_ORDER_H

#include <stdint.h>

#include "bsyn_learn_sample.h"
#include "bsyn_oracle.h"
#include "bsyn_pool.h"
#include "bsyn_util.h"

/* The share of the highest control score a strong control input reaches. */
#define BSYN_ORDER_STRONG 0.25

/* What the discovery saw, per input (arrays of num_inputs entries, owned by the caller). */
typedef struct bsyn_order_info {
  double *control;  /* control score (bsyn_learn_priority), flips per vector */
  double *changed;  /* share of sample vectors on which flipping the input changed an output */
  int32_t *weight;  /* weight k, or -1 (control, or not seen to matter) */
  uint8_t *kind;    /* 0 unused, 1 strong control, 2 data (weighted), 3 weak control */
  double *swing;    /* bsyn_learn_priority_swing's swing, flips per vector */
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
