/* Netlist oracles: an AIG answering batches through the bit-parallel simulator. */
#include "bsyn_oracle_netlist.h"

#include <stdio.h>
#include <string.h>

#include "bsyn_io.h"
#include "bsyn_sim.h"

static int netlist_eval(bsyn_oracle *o, const uint64_t *in, uint64_t *out, size_t nwords,
                        bsyn_diag *d) {
  bsyn_sim_eval(o->state, in, out, nwords, BSYN_SIMD_AUTO, NULL);
  return 0;
}

static void netlist_destroy(bsyn_oracle *o) { bsyn_aig_free(o->state); }

static const bsyn_oracle_ops netlist_ops = {netlist_eval, netlist_destroy};

bsyn_oracle *bsyn_oracle_from_aig(bsyn_aig *aig, const char *name) {
  bsyn_oracle *o = bsyn_oracle_alloc(&netlist_ops, name, aig->num_inputs, aig->num_outputs);
  char about[160];
  snprintf(about, sizeof about, "netlist simulated as a black box (%u inputs, %u outputs)",
           aig->num_inputs, aig->num_outputs);
  o->description = bsyn_strdup(about);
  o->thread_safe = 1;
  o->state = aig;
  bsyn_oracle_fields_from_names(o, 0, aig->input_names, "i");
  bsyn_oracle_fields_from_names(o, 1, aig->output_names, "o");
  return o;
}

bsyn_oracle *bsyn_oracle_netlist_open(const char *spec, bsyn_diag *d) {
  bsyn_aig *aig = NULL;
  int rc;
  if (!strncmp(spec, "aig:", 4) && spec[4])
    rc = bsyn_io_read_aiger(spec + 4, &aig, d);
  else if (!strncmp(spec, "blif:", 5) && spec[5])
    rc = bsyn_io_read_blif(spec + 5, &aig, d);
  else
    rc = bsyn_diag_set(d, 0, 0, "expected aig:FILE or blif:FILE, found '%s'", spec);
  if (rc)
    return NULL;
  return bsyn_oracle_from_aig(aig, spec);
}
