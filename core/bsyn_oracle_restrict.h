/* bsyn_oracle_restrict.h — an oracle with some of its inputs held at constants: a cofactor
 * of the black box, asked through the same inputs.
 *
 * The case split of `bsyn learn` (docs/learner.md, "Cases") learns each case of a group's
 * decode inputs from its own cofactor, in an order found for that case alone. The cofactor
 * keeps every input and field of the oracle, so a diagram learned from it is a netlist over
 * the oracle's inputs (the held inputs simply do not matter to it). */
#ifndef BSYN_ORACLE_RESTRICT_H
#define BSYN_ORACLE_RESTRICT_H

#include <stdint.h>

#include "bsyn_oracle.h"

/* The cofactor of o where input inputs[k] is held at values[k] & 1 (k < n, inputs distinct
 * and < o->num_inputs): whatever a query puts on those inputs, o is asked with the held
 * values. Same inputs, outputs and fields as o; thread-safe when o is; named
 * "<o's name>|<input name>=<value>,...". Borrows o (it must outlive the cofactor); inputs and
 * values are copied. Close with bsyn_oracle_close. */
bsyn_oracle *bsyn_oracle_restrict(bsyn_oracle *o, const uint32_t *inputs, const uint8_t *values,
                                  uint32_t n);

#endif
