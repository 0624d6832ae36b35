#include "bsyn_cl_sim.h"

#ifndef BSYN_HAVE_OPENCL

int bsyn_cl_sim_run(bsyn_cl *cl, const bsyn_aig *aig, uint64_t *values, size_t nwords, bsyn_diag *d) {
  return bsyn_diag_set(d, 0, 0, "expected OpenCL support, found a build without it");
}

#else

#include "bsyn_cl_internal.h"
#include "bsyn_levels.h"

int bsyn_cl_sim_run(bsyn_cl *cl, const bsyn_aig *aig, uint64_t *values, size_t nwords, bsyn_diag *d) {
  if (bsyn_aig_num_ands(aig) == 0 || nwords == 0)
    return 0;
  cl_kernel k = bsyn_cl_kernel(cl, "aig_sim.cl", "aig_sim_level", d);
  if (!k)
    return -1;
  bsyn_levels lv;
  bsyn_levels_aig(&lv, aig);
  int rc = -1;
  size_t nvals = (size_t)aig->num_vars * nwords;
  cl_mem fan = NULL, vars = NULL, vals = NULL;
  fan = bsyn_cl_buffer(cl, CL_MEM_READ_ONLY, 2 * (size_t)aig->num_vars * sizeof(cl_uint), aig->fanins, "fanins", d);
  if (fan)
    vars = bsyn_cl_buffer(cl, CL_MEM_READ_ONLY, lv.start[lv.num_levels] * sizeof(cl_uint), lv.items, "levels", d);
  if (vars)
    vals = bsyn_cl_buffer(cl, CL_MEM_READ_WRITE, nvals * sizeof(cl_ulong), values, "values", d);
  if (!vals)
    goto done;
  cl_uint nw = (cl_uint)nwords;
  cl_int st = clSetKernelArg(k, 0, sizeof fan, &fan);
  st |= clSetKernelArg(k, 1, sizeof vars, &vars);
  st |= clSetKernelArg(k, 3, sizeof vals, &vals);
  st |= clSetKernelArg(k, 4, sizeof nw, &nw);
  if (bsyn_cl_check(st, "clSetKernelArg(aig_sim_level)", d) ||
      bsyn_cl_launch_levels(cl, k, &lv, nwords, 2, 5, d))
    goto done;
  st = clEnqueueReadBuffer(cl->queue, vals, CL_TRUE, 0, nvals * sizeof(cl_ulong), values, 0, NULL, NULL);
  rc = bsyn_cl_check(st, "clEnqueueReadBuffer(values)", d);
done:
  if (vals)
    clReleaseMemObject(vals);
  if (vars)
    clReleaseMemObject(vars);
  if (fan)
    clReleaseMemObject(fan);
  clReleaseKernel(k);
  bsyn_levels_free(&lv);
  return rc;
}

#endif
