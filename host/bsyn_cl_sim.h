/* bsyn_cl_sim.h — AIG simulation on an OpenCL device (kernels/aig_sim.cl). */
#ifndef BSYN_CL_SIM_H
#define BSYN_CL_SIM_H

#include <stddef.h>
#include <stdint.h>

#include "bsyn_aig.h"
#include "bsyn_cl.h"

/* Simulates aig on device cl: the same contract and result as bsyn_sim_run (values holds
 * num_vars * nwords words, input rows filled; AND rows are written). One launch per level.
 * Returns 0, or -1 with d filled on any OpenCL failure (values then undefined). */
int bsyn_cl_sim_run(bsyn_cl *cl, const bsyn_aig *aig, uint64_t *values, size_t nwords, bsyn_diag *d);

#endif
