/* bsyn_oracle_pla.h — fixed example sets as oracles ("pla:FILE", IWLS 2020 Espresso PLA). */
#ifndef BSYN_ORACLE_PLA_H
#define BSYN_ORACLE_PLA_H

#include "bsyn_oracle.h"
#include "bsyn_util.h"

/* Opens "pla:FILE" (the prefix may be left out). The oracle answers no queries (eval is
 * NULL): its num_samples examples are in samples_in/samples_out, rows of
 * ceil(num_samples / 64) words as in bsyn_oracle.h, unused tail bits zero. Outputs given
 * as '-' (don't care) read as 0. Fields come from .ilb/.ob names when present, else
 * i<k>/o<k> per bit. Returns NULL with d filled (file, line, message) on a bad file. */
bsyn_oracle *bsyn_oracle_pla_open(const char *spec, bsyn_diag *d);

#endif
