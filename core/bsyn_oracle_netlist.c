/* Netlist oracles: an AIG answering batches through the bit-parallel simulator. */
#include "bsyn_oracle_netlist.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bsyn_io.h"
#include "bsyn_sim.h"

/* The AIG and the value arrays of finished batches, kept for the next ones: a batch needs
 * num_vars * nwords words (tens of MB for the EPFL multiplier), and allocating them afresh
 * for every batch cost more in page faults than the simulation itself (3.9 M faults, 6.6 s
 * of system time against 2.2 s of user time in 8 s of learning). */
enum { KEPT_ARRAYS = 16 };
typedef struct netlist_state {
  bsyn_aig *aig;
  pthread_mutex_t lock;
  uint64_t *kept[KEPT_ARRAYS];
  size_t kept_words[KEPT_ARRAYS];
  unsigned nkept;
} netlist_state;

/* A value array of at least `words` words: a kept one when there is one, else a new one. */
static uint64_t *take_values(netlist_state *st, size_t words, size_t *have) {
  uint64_t *v = NULL;
  pthread_mutex_lock(&st->lock);
  if (st->nkept) {
    st->nkept--;
    v = st->kept[st->nkept];
    *have = st->kept_words[st->nkept];
  }
  pthread_mutex_unlock(&st->lock);
  if (v && *have >= words)
    return v;
  bsyn_aligned_free(v);
  *have = words;
  return bsyn_aligned_alloc(words * sizeof(uint64_t));
}

static void keep_values(netlist_state *st, uint64_t *v, size_t words) {
  pthread_mutex_lock(&st->lock);
  if (st->nkept < KEPT_ARRAYS) {
    st->kept[st->nkept] = v;
    st->kept_words[st->nkept++] = words;
    v = NULL;
  }
  pthread_mutex_unlock(&st->lock);
  bsyn_aligned_free(v);
}

static int netlist_eval(bsyn_oracle *o, const uint64_t *in, uint64_t *out, size_t nwords,
                        bsyn_diag *d) {
  netlist_state *st = o->state;
  const bsyn_aig *aig = st->aig;
  if (nwords == 0)
    return 0;
  size_t have;
  uint64_t *values = take_values(st, (size_t)aig->num_vars * nwords, &have);
  if (aig->num_inputs)
    memcpy(values + nwords, in, (size_t)aig->num_inputs * nwords * sizeof(uint64_t));
  bsyn_sim_run(aig, values, nwords, BSYN_SIMD_AUTO, NULL);
  bsyn_sim_outputs(aig, values, nwords, out);
  keep_values(st, values, have);
  return 0;
}

static void netlist_destroy(bsyn_oracle *o) {
  netlist_state *st = o->state;
  for (unsigned k = 0; k < st->nkept; k++)
    bsyn_aligned_free(st->kept[k]);
  pthread_mutex_destroy(&st->lock);
  bsyn_aig_free(st->aig);
  free(st);
}

static const bsyn_oracle_ops netlist_ops = {netlist_eval, netlist_destroy};

bsyn_oracle *bsyn_oracle_from_aig(bsyn_aig *aig, const char *name) {
  bsyn_oracle *o = bsyn_oracle_alloc(&netlist_ops, name, aig->num_inputs, aig->num_outputs);
  char about[160];
  snprintf(about, sizeof about, "netlist simulated as a black box (%u inputs, %u outputs)",
           aig->num_inputs, aig->num_outputs);
  o->description = bsyn_strdup(about);
  o->thread_safe = 1;
  netlist_state *st = bsyn_calloc(1, sizeof *st);
  st->aig = aig;
  pthread_mutex_init(&st->lock, NULL);
  o->state = st;
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
