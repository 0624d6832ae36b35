/* bsyn_aig_pack.h — an AIG as one flat byte string and back, exactly: the same variables in
 * the same order, the same outputs and names. For handing netlists between processes of one
 * build (MPI ranks of `bsyn learn`); not a file format (AIGER is). */
#ifndef BSYN_AIG_PACK_H
#define BSYN_AIG_PACK_H

#include <stddef.h>
#include <stdint.h>

#include "bsyn_aig.h"
#include "bsyn_util.h"

/* aig packed into a new buffer (the caller frees it); its length in *len. */
uint8_t *bsyn_aig_pack(const bsyn_aig *aig, size_t *len);

/* The AIG packed in buf[0..len): a new AIG equal to the packed one variable for variable
 * (bsyn_aig_identical), or NULL with d filled when buf is not a whole packed AIG: "expected
 * a packed AIG of N bytes, found M". */
bsyn_aig *bsyn_aig_unpack(const uint8_t *buf, size_t len, bsyn_diag *d);

#endif
