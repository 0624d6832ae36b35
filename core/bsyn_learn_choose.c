/* Variable choice: split on the live-support input whose flip changed the node's output on
 * the most sensitivity samples, unless a split makes one child nearly a leaf. Inputs that never
 * changed it are dropped from the support the children inherit (a node whose support runs dry is
 * re-probed over every free input). */
#include "bsyn_learn_internal.h"

static uint32_t minority(uint32_t ones, uint32_t lanes) {
  return ones < lanes - ones ? ones : lanes - ones;
}

/* Prefers a (reasonably sensitive) split with a cofactor far purer than the node: it turns
 * one child into a near-leaf, like deciding b[0] right after a[0] in a == b. Otherwise the
 * most sensitive var wins: small purity differences are sampling noise. */
int bsyn_learn_choose_split(const uint32_t *support, const uint32_t *stats, uint32_t n,
                            uint32_t lanes, uint32_t node_minority, uint32_t *keep,
                            uint32_t *nkeep) {
  uint32_t top = 0;
  int best = -1, pure_best = -1;
  uint32_t best_pure = UINT32_MAX;
  for (uint32_t k = 0; k < n; k++)
    if (stats[3 * k] > top || (stats[3 * k] == top && top && best < 0))
      top = stats[3 * k], best = (int)k;
  for (uint32_t k = 0; top && k < n; k++) {
    uint32_t c = stats[3 * k];
    if (2 * (uint64_t)c < top)
      continue;
    uint32_t m0 = minority(stats[3 * k + 1], lanes), m1 = minority(stats[3 * k + 2], lanes);
    uint32_t pure = m0 < m1 ? m0 : m1;
    if (pure < best_pure || (pure == best_pure && c > stats[3 * pure_best]))
      pure_best = (int)k, best_pure = pure;
  }
  if (pure_best >= 0 && 4 * (uint64_t)best_pure <= node_minority)
    best = pure_best;
  uint32_t m = 0;
  for (uint32_t k = 0; k < n; k++)
    if (stats[3 * k] && (int)k != best)
      keep[m++] = support[k];
  *nkeep = m;
  return best;
}

int bsyn_learn_choose_partner(const bsyn_oracle *o, uint32_t last, const uint32_t *support,
                              const uint32_t *stats, uint32_t n, int best) {
  uint32_t width = 0, bit = 0;
  for (uint32_t f = 0; f < o->num_in_fields; f++)
    if (last >= o->in_fields[f].lsb && last - o->in_fields[f].lsb < o->in_fields[f].width)
      width = o->in_fields[f].width, bit = last - o->in_fields[f].lsb;
  if (width < 2)
    return best;
  uint32_t top = stats[3 * best], found = 0;
  int pick = best;
  for (uint32_t k = 0; k < n; k++) {
    uint32_t c = stats[3 * k];
    if (2 * (uint64_t)c < top || c <= found)
      continue;
    for (uint32_t f = 0; f < o->num_in_fields; f++)
      if (o->in_fields[f].width == width && support[k] == o->in_fields[f].lsb + bit) {
        pick = (int)k, found = c;
        break;
      }
  }
  return pick;
}
