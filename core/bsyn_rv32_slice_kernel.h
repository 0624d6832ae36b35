/* bsyn_rv32_slice_kernel.h — the bit-sliced step on tiles of 512 vectors, included by
 * bsyn_rv32_slice.c and its _avx2/_avx512 twins, which compile it with their own ISA flags
 * (internal to bsyn_rv32_slice). The step itself is kernels/bsyn_rv32_step.h, shared with the
 * OpenCL probe kernel; here its row is a GCC vector of BSYN_RV32_TILE words. */
#ifndef BSYN_RV32_SLICE_KERNEL_H
#define BSYN_RV32_SLICE_KERNEL_H

#include <stdint.h>

#include "bsyn_rv32_oracle.h"
#include "bsyn_rv32_slice.h"
#include "bsyn_rv32_step.h"

/* one row of a tile */
typedef bsyn_row v512;
_Static_assert(sizeof(v512) == BSYN_RV32_TILE * sizeof(uint64_t), "a row is one tile");

#endif
