/* bsyn_oracle_netlist.h — netlists used as black-box oracles ("aig:FILE", "blif:FILE"):
 * the circuit is only simulated (bsyn_sim_eval), never inspected by the learner. */
#ifndef BSYN_ORACLE_NETLIST_H
#define BSYN_ORACLE_NETLIST_H

#include "bsyn_aig.h"
#include "bsyn_oracle.h"
#include "bsyn_util.h"

/* Opens "aig:FILE" (AIGER, ASCII or binary by header) or "blif:FILE". Inputs and outputs
 * are the file's, in order; fields come from the names (bsyn_oracle_fields_from_names:
 * buses a[0..w-1] grouped, unnamed bits i<k>/o<k>). Thread-safe evaluation. Returns NULL
 * with d filled (by the reader: file, line, message) on a bad spec or file. */
bsyn_oracle *bsyn_oracle_netlist_open(const char *spec, bsyn_diag *d);

/* Wraps aig as an oracle named name (copied); the oracle owns aig from now on and frees it
 * on close. Never NULL. */
bsyn_oracle *bsyn_oracle_from_aig(bsyn_aig *aig, const char *name);

#endif
