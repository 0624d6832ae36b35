/* bsyn_kernels.h — the OpenCL kernel sources embedded in the binary at build time. */
#ifndef BSYN_KERNELS_H
#define BSYN_KERNELS_H

/* The text of kernels/<name> (e.g. "aig_sim.cl", "bsyn_kernel_common.h"), or NULL. */
const char *bsyn_kernel_embedded(const char *name);

#endif
