#include "bsyn_levels.h"

#include <stdlib.h>
#include <string.h>

void bsyn_levels_build(bsyn_levels *lv, const uint32_t *items, uint32_t n, const uint32_t *level) {
  uint32_t top = 0;
  for (uint32_t i = 0; i < n; i++)
    if (level[items[i]] > top)
      top = level[items[i]];
  lv->num_levels = top;
  lv->start = bsyn_calloc((size_t)top + 1, sizeof(uint32_t));
  lv->items = bsyn_malloc((n ? n : 1) * sizeof(uint32_t));
  /* counting sort: count per level, prefix sums, then place (stable) */
  uint32_t *fill = bsyn_calloc((size_t)top + 1, sizeof(uint32_t));
  for (uint32_t i = 0; i < n; i++)
    fill[level[items[i]] - 1]++;
  uint32_t sum = 0;
  for (uint32_t l = 0; l < top; l++) {
    lv->start[l] = sum;
    sum += fill[l];
    fill[l] = lv->start[l];
  }
  lv->start[top] = sum;
  for (uint32_t i = 0; i < n; i++)
    lv->items[fill[level[items[i]] - 1]++] = items[i];
  free(fill);
}

void bsyn_levels_free(bsyn_levels *lv) {
  free(lv->start);
  free(lv->items);
  memset(lv, 0, sizeof *lv);
}

void bsyn_levels_aig(bsyn_levels *lv, const bsyn_aig *aig) {
  uint32_t *level = bsyn_malloc((size_t)aig->num_vars * sizeof(uint32_t));
  bsyn_aig_levels(aig, level);
  uint32_t n = bsyn_aig_num_ands(aig);
  uint32_t *items = bsyn_malloc((n ? n : 1) * sizeof(uint32_t));
  for (uint32_t k = 0; k < n; k++)
    items[k] = aig->num_inputs + 1 + k;
  bsyn_levels_build(lv, items, n, level);
  free(items);
  free(level);
}

void bsyn_levels_bsd(bsyn_levels *lv, const bsyn_bsd *bsd, const bsyn_edge *roots, uint32_t n) {
  uint32_t *order = bsyn_malloc((size_t)bsd->num_nodes * sizeof(uint32_t));
  uint32_t count = bsyn_bsd_topo(bsd, roots, n, order);
  uint32_t *height = bsyn_calloc(bsd->num_nodes, sizeof(uint32_t));
  for (uint32_t k = 0; k < count; k++) { /* children before parents */
    const bsyn_bsd_node *x = &bsd->nodes[order[k]];
    uint32_t hl = height[bsyn_edge_index(x->lo)], hh = height[bsyn_edge_index(x->hi)];
    height[order[k]] = 1 + (hl > hh ? hl : hh);
  }
  bsyn_levels_build(lv, order, count, height);
  free(height);
  free(order);
}
