/* BSD -> AIG: each node "var ? hi : lo" becomes one mux over the children's literals, in a
 * topological order so that fanins always exist first. bsyn_aig_mux and bsyn_aig_and fold
 * constant and complementary children and hash equal gates. */
#include "bsyn_bsd2aig.h"

#include <stdlib.h>

static bsyn_lit edge_lit(const bsyn_lit *map, bsyn_edge e) {
  return bsyn_lit_notif(map[bsyn_edge_index(e)], bsyn_edge_sign(e));
}

bsyn_aig *bsyn_bsd_to_aig(const bsyn_bsd *bsd, const bsyn_edge *roots, uint32_t n,
                          const char *const *in_names, const char *const *out_names) {
  bsyn_aig *aig = bsyn_aig_new();
  for (uint32_t i = 0; i < bsd->num_inputs; i++)
    bsyn_aig_add_input(aig, in_names ? in_names[i] : NULL);
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
