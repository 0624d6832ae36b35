/* Probability mass as m * 2^e: a path of depth d has mass 2^-d, far below the smallest
 * double once d passes ~1,070, yet sums of such masses must stay exact enough to report. */
#include <math.h>
#include <stdlib.h>
#include <time.h>

#include "bsyn_learn_internal.h"

bsyn_mass bsyn_mass_one(void) { return (bsyn_mass){0.5, 1}; }
bsyn_mass bsyn_mass_zero(void) { return (bsyn_mass){0.0, 0}; }

bsyn_mass bsyn_mass_half(bsyn_mass a) {
  if (a.m != 0)
    a.e--;
  return a;
}

bsyn_mass bsyn_mass_add(bsyn_mass a, bsyn_mass b) {
  if (a.m == 0)
    return b;
  if (b.m == 0)
    return a;
  if (a.e < b.e) {
    bsyn_mass t = a;
    a = b;
    b = t;
  }
  int64_t shift = a.e - b.e;
  double m = a.m + (shift > 1100 ? 0.0 : ldexp(b.m, (int)-shift));
  int ex;
  m = frexp(m, &ex);
  return (bsyn_mass){m, a.e + ex};
}

double bsyn_mass_log2(bsyn_mass a) { return a.m == 0 ? -INFINITY : log2(a.m) + (double)a.e; }

double bsyn_mass_value(bsyn_mass a) {
  if (a.m == 0 || a.e < -1100)
    return 0.0;
  return ldexp(a.m, (int)a.e);
}

bsyn_mass bsyn_mass_of_slots(const bsyn_bsd *g, const bsyn_edge *roots, uint32_t nroots,
                             const uint32_t *slots, size_t nslots, const uint32_t *root_slots,
                             size_t nroot_slots) {
  bsyn_mass total = bsyn_mass_zero();
  for (size_t k = 0; k < nroot_slots; k++)
    total = bsyn_mass_add(total, bsyn_mass_one());
  if (nslots == 0)
    return total;
  uint32_t *order = bsyn_malloc((size_t)g->num_nodes * sizeof *order);
  uint32_t count = bsyn_bsd_topo(g, roots, nroots, order);
  bsyn_mass *mass = bsyn_calloc(g->num_nodes, sizeof *mass);
  for (uint32_t r = 0; r < nroots; r++)
    mass[bsyn_edge_index(roots[r])] =
        bsyn_mass_add(mass[bsyn_edge_index(roots[r])], bsyn_mass_one());
  for (uint32_t k = count; k-- > 0;) { /* parents before children */
    uint32_t v = order[k];
    bsyn_mass h = bsyn_mass_half(mass[v]);
    uint32_t lo = bsyn_edge_index(g->nodes[v].lo), hi = bsyn_edge_index(g->nodes[v].hi);
    mass[lo] = bsyn_mass_add(mass[lo], h);
    mass[hi] = bsyn_mass_add(mass[hi], h);
  }
  for (size_t s = 0; s < nslots; s++)
    total = bsyn_mass_add(total, bsyn_mass_half(mass[slots[s] >> 1]));
  free(mass);
  free(order);
  return total;
}

double bsyn_learn_now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}
