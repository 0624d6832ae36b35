/* bsyn_kernel_common.h — lets one kernel body compile both as OpenCL C and as host C11.
 *
 * Kernel files put each work item's work in a BSYN_KFN function taking the item index,
 * then a thin __kernel wrapper (inside #ifdef __OPENCL_VERSION__) that calls it with
 * get_global_id(0). Host tests and the CPU fallback #include the .cl file and loop over the
 * items themselves, so every kernel is unit-tested without an OpenCL device. */
#ifndef BSYN_KERNEL_COMMON_H
#define BSYN_KERNEL_COMMON_H

#ifdef __OPENCL_VERSION__
typedef ulong bsyn_k64;
typedef uint bsyn_k32;
#define BSYN_KFN static inline
#define BSYN_KG __global
#else
#include <stdint.h>
typedef uint64_t bsyn_k64;
typedef uint32_t bsyn_k32;
#define BSYN_KFN static inline
#define BSYN_KG
#endif

/* All-ones when the literal's complement bit is set. */
#define BSYN_KMASK(lit) ((bsyn_k64)0 - (bsyn_k64)((lit)&1u))

#endif
