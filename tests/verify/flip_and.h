/* flip_and.h — a test fixture shared by the verify and formal suites: a copy of an AIG with
 * one fanin of one AND complemented (a single-gate design error). */
#ifndef BSYN_TEST_FLIP_AND_H
#define BSYN_TEST_FLIP_AND_H

#include <stdlib.h>

#include "bsyn_aig.h"
#include "bsyn_util.h"

/* The copy of g in which fanin 0 of AND variable `var` is complemented; inputs, outputs and
 * names are kept. Rebuilt through bsyn_aig_and, so constants fold as usual. */
static inline bsyn_aig *flip_and(const bsyn_aig *g, uint32_t var) {
  bsyn_aig *h = bsyn_aig_new();
  bsyn_lit *map = bsyn_calloc(g->num_vars, sizeof *map);
  for (uint32_t i = 1; i <= g->num_inputs; i++)
    map[i] = bsyn_aig_add_input(h, bsyn_aig_input_name(g, i - 1));
  for (uint32_t v = g->num_inputs + 1; v < g->num_vars; v++) {
    bsyn_lit f0 = bsyn_aig_fanin0(g, v), f1 = bsyn_aig_fanin1(g, v);
    bsyn_lit a = map[bsyn_lit_var(f0)] ^ bsyn_lit_sign(f0), b = map[bsyn_lit_var(f1)] ^ bsyn_lit_sign(f1);
    map[v] = bsyn_aig_and(h, v == var ? bsyn_lit_not(a) : a, b);
  }
  for (uint32_t o = 0; o < g->num_outputs; o++) {
    bsyn_lit l = g->outputs[o];
    bsyn_aig_add_output(h, map[bsyn_lit_var(l)] ^ bsyn_lit_sign(l), bsyn_aig_output_name(g, o));
  }
  free(map);
  return h;
}

#endif
