/* bench_verify_outputs: measures a netlist that computes some of an oracle's outputs (as
 * `bsyn learn --outputs` writes it) against the oracle. `bsyn verify` needs every output;
 * this one matches the netlist's outputs to oracle outputs by name ("next_pc[3]"), inputs
 * by position, and reports per output field the vectors with a wrong bit and the wrong
 * bits, on uniform and (for RV32 oracles) RV32-aware vectors. One JSON line per distribution.
 *
 * usage: bench_verify_outputs NETLIST ORACLE [VECTORS] [SEED]   (default 1000000, 1) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bsyn_io.h"
#include "bsyn_learn.h"
#include "bsyn_pool.h"
#include "bsyn_sample_rv32.h"

/* Oracle output index of the name "field[k]" or "field" (one-bit field), or -1. */
static int64_t output_index(const bsyn_oracle *o, const char *name) {
  for (uint32_t j = 0; j < o->num_out_fields; j++) {
    const bsyn_field *f = &o->out_fields[j];
    size_t n = strlen(f->name);
    if (strncmp(name, f->name, n) != 0)
      continue;
    if (name[n] == 0 && f->width == 1)
      return f->lsb;
    unsigned k;
    if (name[n] == '[' && sscanf(name + n, "[%u]", &k) == 1 && k < f->width)
      return (int64_t)f->lsb + k;
  }
  return -1;
}

static int measure(const bsyn_aig *aig, bsyn_oracle *o, const uint32_t *outs, const char *dist,
                   const bsyn_sampler *s, uint64_t vectors, uint64_t seed, bsyn_pool *pool) {
  uint64_t *mis = bsyn_calloc(aig->num_outputs, sizeof *mis);
  bsyn_diag d;
  bsyn_diag_init(&d, o->name);
  int64_t bad = bsyn_learn_verify(aig, o, outs, aig->num_outputs, vectors, seed, s, pool, mis, &d);
  if (bad < 0) {
    fprintf(stderr, "bench_verify_outputs: error: %s\n", d.msg);
    free(mis);
    return -1;
  }
  printf("{\"dist\":\"%s\",\"vectors\":%llu,\"failing\":%lld,\"fields\":{", dist, (unsigned long long)vectors,
         (long long)bad);
  int first = 1;
  for (uint32_t j = 0; j < o->num_out_fields; j++) {
    const bsyn_field *f = &o->out_fields[j];
    uint64_t wrong = 0, bits = 0, worst = 0;
    int seen = 0;
    for (uint32_t r = 0; r < aig->num_outputs; r++)
      if (outs[r] >= f->lsb && outs[r] < f->lsb + f->width) {
        seen = 1;
        wrong += mis[r];
        bits += mis[r] > 0;
        if (mis[r] > worst)
          worst = mis[r];
      }
    if (seen)
      printf("%s\"%s\":{\"wrong_bits\":%llu,\"bits_with_errors\":%llu,\"worst_bit\":%llu}", first ? "" : ",",
             f->name, (unsigned long long)wrong, (unsigned long long)bits, (unsigned long long)worst);
    first &= !seen;
  }
  printf("}}\n");
  free(mis);
  return 0;
}

int main(int argc, char **argv) {
  if (argc < 3) {
    fprintf(stderr, "usage: bench_verify_outputs NETLIST ORACLE [VECTORS] [SEED]\n");
    return 1;
  }
  uint64_t vectors = argc > 3 ? strtoull(argv[3], NULL, 10) : 1000000;
  uint64_t seed = argc > 4 ? strtoull(argv[4], NULL, 10) : 1;
  bsyn_diag d;
  bsyn_diag_init(&d, argv[1]);
  bsyn_aig *aig = NULL;
  bsyn_oracle *o = NULL;
  if (bsyn_io_read_netlist(argv[1], &aig, &d) != 0 || !(o = bsyn_oracle_open(argv[2], &d))) {
    char msg[600];
    bsyn_diag_format(&d, msg, sizeof msg);
    fprintf(stderr, "%s\n", msg);
    bsyn_aig_free(aig);
    return 1;
  }
  uint32_t *outs = bsyn_malloc((aig->num_outputs + 1) * sizeof *outs);
  int rc = aig->num_inputs == o->num_inputs ? 0 : -1;
  for (uint32_t r = 0; rc == 0 && r < aig->num_outputs; r++) {
    int64_t q = aig->output_names && aig->output_names[r] ? output_index(o, aig->output_names[r]) : -1;
    if (q < 0) {
      fprintf(stderr, "%s: error: expected an output of %s, found '%s'\n", argv[1], o->name,
              aig->output_names && aig->output_names[r] ? aig->output_names[r] : "(unnamed)");
      rc = -1;
    }
    outs[r] = (uint32_t)q;
  }
  if (aig->num_inputs != o->num_inputs)
    fprintf(stderr, "%s: error: expected %u inputs as %s has, found %u\n", argv[1], o->num_inputs, o->name,
            aig->num_inputs);
  bsyn_pool *pool = bsyn_pool_new(0);
  bsyn_sampler *rv = bsyn_sampler_rv32(o->num_inputs, o->in_fields, o->num_in_fields);
  if (rc == 0)
    rc = measure(aig, o, outs, "uniform", NULL, vectors, seed, pool);
  if (rc == 0 && rv)
    rc = measure(aig, o, outs, "rv32", rv, vectors, seed, pool);
  bsyn_sampler_free(rv);
  bsyn_pool_free(pool);
  free(outs);
  bsyn_oracle_close(o);
  bsyn_aig_free(aig);
  return rc == 0 ? 0 : 1;
}
