/* bsd_eval.cl — bit-sliced evaluation of BSD nodes on pattern batches.
 *
 * One launch per height level (children always sit on lower levels). Item i covers node
 * level_nodes[i / nwords] and word i % nwords. nodes[4k .. 4k+3] = {var, lo, hi, aux} as in
 * core/bsyn_bsd.h; edges are 2 * index + complement, index 0 the constant false node whose
 * row (values[0 .. nwords)) is all zero. in[var * nwords + w] are the input rows. */

BSYN_KFN void bsyn_k_bsd_eval_item(BSYN_KG const bsyn_k32 *nodes, BSYN_KG const bsyn_k32 *level_nodes,
                                   BSYN_KG const bsyn_k64 *in, BSYN_KG bsyn_k64 *values, bsyn_k32 nwords,
                                   bsyn_k64 item) {
  bsyn_k32 k = (bsyn_k32)(item / nwords);
  bsyn_k32 w = (bsyn_k32)(item % nwords);
  bsyn_k32 n = level_nodes[k];
  bsyn_k32 var = nodes[4 * n], lo = nodes[4 * n + 1], hi = nodes[4 * n + 2];
  bsyn_k64 x = in[(bsyn_k64)var * nwords + w];
  bsyn_k64 l = values[(bsyn_k64)(lo >> 1) * nwords + w] ^ BSYN_KMASK(lo);
  bsyn_k64 h = values[(bsyn_k64)(hi >> 1) * nwords + w] ^ BSYN_KMASK(hi);
  values[(bsyn_k64)n * nwords + w] = (x & h) | (~x & l);
}

#ifdef __OPENCL_VERSION__
/* level_nodes + base is this level's list of items / nwords nodes */
__kernel void bsd_eval_level(__global const uint *nodes, __global const uint *level_nodes, uint base,
                             __global const ulong *in, __global ulong *values, uint nwords, ulong items) {
  ulong i = get_global_id(0);
  if (i < items)
    bsyn_k_bsd_eval_item(nodes, level_nodes + base, in, values, nwords, i);
}
#endif
