/* bsyn_aig_join.h — joining netlists learned separately over the same inputs, and putting
 * outputs in a given order by name.
 *
 * A join is how per-group learning comes back together: `bsyn learn --outputs` learns one
 * group of outputs at a time, each part over all of the oracle's inputs, and the join rebuilds
 * every part's ANDs in one graph so that logic the parts have in common is hashed once. */
#ifndef BSYN_AIG_JOIN_H
#define BSYN_AIG_JOIN_H

#include <stdint.h>

#include "bsyn_aig.h"
#include "bsyn_util.h"

/* One AIG with the inputs shared by the n parts (n >= 1) and the outputs of parts[0], then
 * parts[1], ..., in order, with their names. Input k of every part is the same signal: all
 * parts must have the same number of inputs, and two parts that both name input k must give
 * it the same name (an unnamed input matches any name). Input names come from the first part
 * that names them, the model name from parts[0]. Every AND of every part (dangling ones
 * included) is rebuilt through bsyn_aig_and, so equal logic in different parts is shared and
 * joining a netlist with itself adds no AND.
 * labels (may be NULL) names the parts in messages, e.g. their file names ("part <k>"
 * otherwise). Returns a new AIG (free with bsyn_aig_free), or NULL with d filled (path NULL,
 * line 0): "expected 16 inputs as in a.aag, found 12 in b.aag", "expected input 3 named 'a[3]'
 * as in a.aag, found 'b[3]' in b.aag". The parts are only read. */
bsyn_aig *bsyn_aig_join_labeled(const bsyn_aig *const *parts, const char *const *labels, uint32_t n,
                                bsyn_diag *d);
/* bsyn_aig_join_labeled without labels. */
bsyn_aig *bsyn_aig_join(const bsyn_aig *const *parts, uint32_t n, bsyn_diag *d);

/* Reorders aig's outputs in place to follow names[0..n): afterwards output i is the one that
 * was named names[i]. The outputs must be exactly the listed ones: every name present once,
 * no output left over. Returns 0, or -1 with d filled (path NULL, line 0) and aig unchanged:
 * "expected an output named 'next_pc[3]', found none", "expected one output named 'trap',
 * found 2 (outputs 4, 9)", "expected only the 33 listed outputs, found output 40 named
 * 'x'", or a name listed twice. */
int bsyn_aig_order_outputs(bsyn_aig *aig, const char *const *names, uint32_t n, bsyn_diag *d);

#endif
