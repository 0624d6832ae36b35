/* bsyn_bsd2aig.h — turning a BSD into an and-inverter graph. */
#ifndef BSYN_BSD2AIG_H
#define BSYN_BSD2AIG_H

#include "bsyn_aig.h"
#include "bsyn_bsd.h"

/* Builds the AIG of the n roots: bsd->num_inputs inputs (named in_names[i] when in_names is
 * non-NULL) and n outputs (named out_names[r] when non-NULL), one multiplexer per BSD node.
 * A node whose children are constants or complementary folds to an AND, OR or XOR, and
 * every gate is structurally hashed, so equal sub-graphs share gates. Caller frees. */
bsyn_aig *bsyn_bsd_to_aig(const bsyn_bsd *bsd, const bsyn_edge *roots, uint32_t n,
                          const char *const *in_names, const char *const *out_names);

#endif
