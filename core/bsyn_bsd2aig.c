/* BSD -> AIG in two forms.
 *
 * Mux form: each node "var ? hi : lo" becomes one mux over its children's literals, children
 * first. A node stands for the function below it, so outputs share only equal sub-graphs.
 *
 * Path form: top-down, each node gets the condition under which the evaluation of one output
 * arrives at it (once for either parity of the complement edges met on the way); the output
 * is the condition of arriving at constant true. In a diagram where every path reads the
 * inputs in one order, the arrival conditions of different outputs are built from the same
 * literals in the same way, and structural hashing shares them: the n outputs of an adder
 * read least significant bit first share one carry chain (a few hundred ANDs for 32 bits,
 * against thousands as muxes, which repeat the chain below each sum bit).
 *
 * bsyn_aig_mux, _and and _or fold constant and complementary operands and hash equal gates. */
#include "bsyn_bsd2aig.h"

#include <stdlib.h>

static bsyn_lit edge_lit(const bsyn_lit *map, bsyn_edge e) {
  return bsyn_lit_notif(map[bsyn_edge_index(e)], bsyn_edge_sign(e));
}

static bsyn_aig *with_inputs(const bsyn_bsd *bsd, const char *const *in_names) {
  bsyn_aig *aig = bsyn_aig_new();
  for (uint32_t i = 0; i < bsd->num_inputs; i++)
    bsyn_aig_add_input(aig, in_names ? in_names[i] : NULL);
  return aig;
}

bsyn_aig *bsyn_bsd_to_aig(const bsyn_bsd *bsd, const bsyn_edge *roots, uint32_t n,
                          const char *const *in_names, const char *const *out_names) {
  bsyn_aig *aig = with_inputs(bsd, in_names);
  uint32_t *order = bsyn_malloc((size_t)bsd->num_nodes * sizeof *order);
  uint32_t count = bsyn_bsd_topo(bsd, roots, n, order);
  bsyn_lit *map = bsyn_malloc((size_t)bsd->num_nodes * sizeof *map);
  map[0] = BSYN_LIT_FALSE;
  for (uint32_t k = 0; k < count; k++) {
    const bsyn_bsd_node *nd = &bsd->nodes[order[k]];
    bsyn_lit x = bsyn_lit_make(nd->var + 1, 0);
    map[order[k]] = bsyn_aig_mux(aig, x, edge_lit(map, nd->hi), edge_lit(map, nd->lo));
  }
  for (uint32_t r = 0; r < n; r++)
    bsyn_aig_add_output(aig, edge_lit(map, roots[r]), out_names ? out_names[r] : NULL);
  free(map);
  free(order);
  return aig;
}

/* arrive[e] for an edge literal e = 2 * node + parity: the condition under which evaluating
 * the current output reaches node with that parity of complements so far. */
static bsyn_lit output_by_paths(bsyn_aig *aig, const bsyn_bsd *bsd, bsyn_edge root, uint32_t *order,
                                bsyn_lit *arrive) {
  uint32_t count = bsyn_bsd_topo(bsd, &root, 1, order);
  arrive[root] = BSYN_LIT_TRUE;
  for (uint32_t k = count; k-- > 0;) { /* parents before children */
    uint32_t v = order[k];
    const bsyn_bsd_node *nd = &bsd->nodes[v];
    bsyn_lit x = bsyn_lit_make(nd->var + 1, 0);
    for (unsigned p = 0; p < 2; p++) {
      bsyn_lit c = arrive[2 * v + p];
      if (c == BSYN_LIT_FALSE)
        continue;
      bsyn_edge hi = bsyn_edge_notif(nd->hi, p), lo = bsyn_edge_notif(nd->lo, p);
      arrive[hi] = bsyn_aig_or(aig, arrive[hi], bsyn_aig_and(aig, c, x));
      arrive[lo] = bsyn_aig_or(aig, arrive[lo], bsyn_aig_and(aig, c, bsyn_lit_not(x)));
    }
  }
  bsyn_lit out = arrive[BSYN_EDGE_TRUE];
  arrive[BSYN_EDGE_FALSE] = arrive[BSYN_EDGE_TRUE] = BSYN_LIT_FALSE;
  for (uint32_t k = 0; k < count; k++)
    arrive[2 * order[k]] = arrive[2 * order[k] + 1] = BSYN_LIT_FALSE;
  return out;
}

bsyn_aig *bsyn_bsd_to_aig_paths(const bsyn_bsd *bsd, const bsyn_edge *roots, uint32_t n,
                                const char *const *in_names, const char *const *out_names) {
  bsyn_aig *aig = with_inputs(bsd, in_names);
  uint32_t *order = bsyn_malloc((size_t)bsd->num_nodes * sizeof *order);
  bsyn_lit *arrive = bsyn_malloc(2 * (size_t)bsd->num_nodes * sizeof *arrive);
  for (size_t k = 0; k < 2 * (size_t)bsd->num_nodes; k++)
    arrive[k] = BSYN_LIT_FALSE;
  for (uint32_t r = 0; r < n; r++)
    bsyn_aig_add_output(aig, output_by_paths(aig, bsd, roots[r], order, arrive),
                        out_names ? out_names[r] : NULL);
  free(arrive);
  free(order);
  return aig;
}

bsyn_aig *bsyn_bsd_to_aig_as(const bsyn_bsd *bsd, const bsyn_edge *roots, uint32_t n,
                             const char *const *in_names, const char *const *out_names,
                             bsyn_aig_form form) {
  if (form == BSYN_AIG_FORM_MUX)
    return bsyn_bsd_to_aig(bsd, roots, n, in_names, out_names);
  bsyn_aig *paths = bsyn_bsd_to_aig_paths(bsd, roots, n, in_names, out_names);
  if (form == BSYN_AIG_FORM_PATHS)
    return paths;
  bsyn_aig *mux = bsyn_bsd_to_aig(bsd, roots, n, in_names, out_names);
  int keep_mux = bsyn_aig_num_ands(mux) <= bsyn_aig_num_ands(paths);
  bsyn_aig_free(keep_mux ? paths : mux);
  return keep_mux ? mux : paths;
}
