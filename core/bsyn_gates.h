/* bsyn_gates.h — demand-driven evaluation of an AIG on one input vector at a time.
 *
 * Made for running programs on gates, where the netlist is asked once per instruction and
 * only some outputs matter at each moment. Instead of computing every AND, an output is
 * evaluated from its root down (docs/gates.md):
 *  - memoised: a value computed once stays valid until an input it may depend on changes;
 *    validity is a stamp compared with a threshold, so nothing is ever cleared;
 *  - short-circuit: of an AND's two fanins the one expected to be cheaper is evaluated
 *    first (the one depending on the fewest-changing inputs, then the lower level), and
 *    when it is 0 the other is never looked at; the three ANDs of a multiplexer
 *    (s ? t : e) are recognised and evaluated as one node that reads s and then t or e.
 *    On a multiplexer-shaped netlist (learned BSD netlists are one multiplexer per node)
 *    this visits only the selected path.
 *
 * Inputs are split into up to BSYN_GATES_GROUPS groups, 0 for the ones that change least
 * often within a task (rv32i-core: 0 = pc and inst, 1 = rs1_val and rs2_val, 2 = mem_rdata).
 * A node whose cone reaches at most group c keeps its value across changes of groups above
 * c. Groups only affect speed, never results: any grouping gives the same values as
 * bsyn_aig_eval.
 *
 * Not thread safe: one evaluator per thread (its memo is its state). */
#ifndef BSYN_GATES_H
#define BSYN_GATES_H

#include <stdint.h>

#include "bsyn_aig.h"

#define BSYN_GATES_GROUPS 4

typedef struct bsyn_gates bsyn_gates;

/* How the AIG is compiled (measurements compare them; results are always the same). */
typedef enum bsyn_gates_mode {
  BSYN_GATES_MUX = 0, /* multiplexers recognised, cheaper fanin first (the default) */
  BSYN_GATES_CHEAP,   /* ANDs only, the fanin of lower group, then lower level, first */
  BSYN_GATES_PLAIN,   /* ANDs only, fanin0 (the larger literal) first */
  /* specialised per key value (bsyn_gates_spec.h): chosen by bsyn_gates_rv32_new, where the
   * key is (pc, inst); bsyn_gates_new compiles it as BSYN_GATES_MUX */
  BSYN_GATES_SPEC
} bsyn_gates_mode;

/* Builds an evaluator for aig, which it copies (aig may be freed afterwards). group has
 * num_inputs entries in 0..BSYN_GATES_GROUPS-1, or is NULL (all inputs in group 0).
 * All inputs start at 0. Aborts on a group out of range. Free with bsyn_gates_free. */
bsyn_gates *bsyn_gates_new(const bsyn_aig *aig, const uint8_t *group, bsyn_gates_mode mode);
void bsyn_gates_free(bsyn_gates *g); /* NULL allowed */

/* Sets input i (0-based) to v & 1. Aborts when i is out of range. */
void bsyn_gates_set_input(bsyn_gates *g, uint32_t i, unsigned v);

/* Sets the n inputs first..first+n-1 (n <= 32) from bits: input first+k gets bit k.
 * Aborts when the range is out of bounds. */
void bsyn_gates_set_word(bsyn_gates *g, uint32_t first, uint32_t n, uint32_t bits);

/* The value (0 or 1) of output o under the current inputs. Aborts when o is out of range. */
unsigned bsyn_gates_output(bsyn_gates *g, uint32_t o);

/* Outputs first..first+n-1 (n <= 32) as a word, output first+k in bit k. */
uint32_t bsyn_gates_word(bsyn_gates *g, uint32_t first, uint32_t n);

/* The number of nodes computed so far (an AND, or a multiplexer standing for three ANDs;
 * memoised reads and skipped inputs not counted): per task, how much of the netlist the
 * task touches. */
uint64_t bsyn_gates_computed(const bsyn_gates *g);

#endif
