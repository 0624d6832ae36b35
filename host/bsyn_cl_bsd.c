#include "bsyn_cl_bsd.h"

#ifndef BSYN_HAVE_OPENCL

int bsyn_cl_bsd_eval(bsyn_cl *cl, const bsyn_bsd *bsd, const bsyn_edge *roots, uint32_t n,
                     const uint64_t *in, uint64_t *out, size_t nwords, bsyn_diag *d) {
  return bsyn_diag_set(d, 0, 0, "expected OpenCL support, found a build without it");
}

#else

#include <stdlib.h>
#include <string.h>

#include "bsyn_cl_internal.h"
#include "bsyn_levels.h"

int bsyn_cl_bsd_eval(bsyn_cl *cl, const bsyn_bsd *bsd, const bsyn_edge *roots, uint32_t n,
                     const uint64_t *in, uint64_t *out, size_t nwords, bsyn_diag *d) {
  if (nwords == 0 || n == 0)
    return 0;
  cl_kernel k = bsyn_cl_kernel(cl, "bsd_eval.cl", "bsd_eval_level", d);
  if (!k)
    return -1;
  bsyn_levels lv;
  bsyn_levels_bsd(&lv, bsd, roots, n);
  int rc = -1;
  size_t nvals = (size_t)bsd->num_nodes * nwords;
  cl_mem nodes = NULL, lev = NULL, inb = NULL, vals = NULL;
  nodes = bsyn_cl_buffer(cl, CL_MEM_READ_ONLY, (size_t)bsd->num_nodes * sizeof(bsyn_bsd_node), bsd->nodes,
                         "nodes", d);
  if (nodes)
    lev = bsyn_cl_buffer(cl, CL_MEM_READ_ONLY, lv.start[lv.num_levels] * sizeof(cl_uint), lv.items, "levels", d);
  if (lev)
    inb = bsyn_cl_buffer(cl, CL_MEM_READ_ONLY, (size_t)bsd->num_inputs * nwords * sizeof(cl_ulong), in, "inputs", d);
  if (inb)
    vals = bsyn_cl_buffer(cl, CL_MEM_READ_WRITE, nvals * sizeof(cl_ulong), NULL, "values", d);
  if (!vals)
    goto done;
  /* only the constant row must start at zero: every other row read is written first */
  cl_ulong zero = 0;
  cl_int st = clEnqueueFillBuffer(cl->queue, vals, &zero, sizeof zero, 0, nwords * sizeof(cl_ulong), 0, NULL, NULL);
  if (bsyn_cl_check(st, "clEnqueueFillBuffer(values)", d))
    goto done;
  cl_uint nw = (cl_uint)nwords;
  st = clSetKernelArg(k, 0, sizeof nodes, &nodes);
  st |= clSetKernelArg(k, 1, sizeof lev, &lev);
  st |= clSetKernelArg(k, 3, sizeof inb, &inb);
  st |= clSetKernelArg(k, 4, sizeof vals, &vals);
  st |= clSetKernelArg(k, 5, sizeof nw, &nw);
  if (bsyn_cl_check(st, "clSetKernelArg(bsd_eval_level)", d) || bsyn_cl_launch_levels(cl, k, &lv, nwords, 2, 6, d))
    goto done;
  for (uint32_t r = 0; r < n; r++) {
    uint32_t idx = bsyn_edge_index(roots[r]);
    st = clEnqueueReadBuffer(cl->queue, vals, CL_FALSE, (size_t)idx * nwords * sizeof(cl_ulong),
                             nwords * sizeof(cl_ulong), out + (size_t)r * nwords, 0, NULL, NULL);
    if (bsyn_cl_check(st, "clEnqueueReadBuffer(values)", d))
      goto done;
  }
  if (bsyn_cl_check(clFinish(cl->queue), "clFinish", d))
    goto done;
  for (uint32_t r = 0; r < n; r++)
    if (bsyn_edge_sign(roots[r]))
      for (size_t w = 0; w < nwords; w++)
        out[(size_t)r * nwords + w] = ~out[(size_t)r * nwords + w];
  rc = 0;
done:
  if (vals)
    clReleaseMemObject(vals);
  if (inb)
    clReleaseMemObject(inb);
  if (lev)
    clReleaseMemObject(lev);
  if (nodes)
    clReleaseMemObject(nodes);
  clReleaseKernel(k);
  bsyn_levels_free(&lv);
  return rc;
}

#endif
