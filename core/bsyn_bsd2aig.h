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

/* The same function in path form (see bsyn_bsd2aig.c): per output, the condition of
 * arriving at each node top-down; the output is that of arriving at constant true. Much
 * smaller than muxes when every path reads the inputs in one order (outputs then share
 * their arrival conditions, e.g. an adder's carry chain), larger otherwise. Caller frees. */
bsyn_aig *bsyn_bsd_to_aig_paths(const bsyn_bsd *bsd, const bsyn_edge *roots, uint32_t n,
                                const char *const *in_names, const char *const *out_names);

typedef enum bsyn_aig_form {
  BSYN_AIG_FORM_AUTO = 0, /* both forms, the one with fewer ANDs (muxes on a tie) */
  BSYN_AIG_FORM_MUX,
  BSYN_AIG_FORM_PATHS,
} bsyn_aig_form;

/* bsyn_bsd_to_aig or bsyn_bsd_to_aig_paths as form says; AUTO builds both and returns the
 * smaller. Deterministic; caller frees. */
bsyn_aig *bsyn_bsd_to_aig_as(const bsyn_bsd *bsd, const bsyn_edge *roots, uint32_t n,
                             const char *const *in_names, const char *const *out_names,
                             bsyn_aig_form form);

#endif
