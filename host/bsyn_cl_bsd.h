/* bsyn_cl_bsd.h — BSD evaluation on an OpenCL device (kernels/bsd_eval.cl). */
#ifndef BSYN_CL_BSD_H
#define BSYN_CL_BSD_H

#include <stddef.h>
#include <stdint.h>

#include "bsyn_bsd.h"
#include "bsyn_cl.h"

/* The same contract and result as bsyn_bsd_eval, on device cl: in has num_inputs rows,
 * out receives n rows of nwords words. One launch per height level. Returns 0, or -1 with d
 * filled on an OpenCL failure. */
int bsyn_cl_bsd_eval(bsyn_cl *cl, const bsyn_bsd *bsd, const bsyn_edge *roots, uint32_t n,
                     const uint64_t *in, uint64_t *out, size_t nwords, bsyn_diag *d);

#endif
