/* Example-set oracles: the examples of a PLA file, answering no queries of their own. */
#include "bsyn_oracle_pla.h"

#include <stdio.h>
#include <string.h>

#include "bsyn_io.h"

static const bsyn_oracle_ops pla_ops = {NULL, NULL};

bsyn_oracle *bsyn_oracle_pla_open(const char *spec, bsyn_diag *d) {
  const char *path = strncmp(spec, "pla:", 4) ? spec : spec + 4;
  bsyn_pla *pla = NULL;
  if (bsyn_io_read_pla(path, &pla, d))
    return NULL;
  char name[1024];
  snprintf(name, sizeof name, "pla:%s", path);
  bsyn_oracle *o = bsyn_oracle_alloc(&pla_ops, name, pla->num_inputs, pla->num_outputs);
  char about[160];
  snprintf(about, sizeof about,
           "fixed example set of %zu vectors (inputs %u, outputs %u), no queries",
           pla->num_examples, pla->num_inputs, pla->num_outputs);
  o->description = bsyn_strdup(about);
  o->thread_safe = 1;
  bsyn_oracle_fields_from_names(o, 0, pla->input_names, "i");
  bsyn_oracle_fields_from_names(o, 1, pla->output_names, "o");
  /* the rows already have the oracle's layout: take them over instead of copying */
  o->samples_in = pla->in;
  o->samples_out = pla->out;
  o->num_samples = pla->num_examples;
  pla->in = pla->out = NULL;
  bsyn_pla_free(pla);
  return o;
}
