/* aig_sim.cl — levelized bit-sliced AIG simulation.
 *
 * One launch per logic level. Item i covers node level_vars[i / nwords] and word
 * i % nwords; values[v * nwords + w] as in core/bsyn_sim.h; fanins[2v], fanins[2v+1] are
 * the AND's literals (2*var + complement). Nodes of one level never read each other, so
 * the items of a launch are independent. */

BSYN_KFN void bsyn_k_aig_sim_item(BSYN_KG const bsyn_k32 *fanins, BSYN_KG const bsyn_k32 *level_vars,
                                  BSYN_KG bsyn_k64 *values, bsyn_k32 nwords, bsyn_k64 item) {
  bsyn_k32 k = (bsyn_k32)(item / nwords);
  bsyn_k32 w = (bsyn_k32)(item % nwords);
  bsyn_k32 v = level_vars[k];
  bsyn_k32 a = fanins[2 * v], b = fanins[2 * v + 1];
  bsyn_k64 x = values[(bsyn_k64)(a >> 1) * nwords + w] ^ BSYN_KMASK(a);
  bsyn_k64 y = values[(bsyn_k64)(b >> 1) * nwords + w] ^ BSYN_KMASK(b);
  values[(bsyn_k64)v * nwords + w] = x & y;
}

#ifdef __OPENCL_VERSION__
/* level_vars + base is this level's list of items / nwords variables */
__kernel void aig_sim_level(__global const uint *fanins, __global const uint *level_vars, uint base,
                            __global ulong *values, uint nwords, ulong items) {
  ulong i = get_global_id(0);
  if (i < items)
    bsyn_k_aig_sim_item(fanins, level_vars + base, values, nwords, i);
}
#endif
