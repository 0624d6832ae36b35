#include "bsyn_cl_sim.h"

#include <stdlib.h>
#include <string.h>

void bsyn_aig_levelize(const bsyn_aig *aig, bsyn_levelized *lv) {
  uint32_t *level = bsyn_malloc(aig->num_vars * sizeof(uint32_t));
  bsyn_aig_levels(aig, level);
  uint32_t top = 0;
  for (uint32_t v = aig->num_inputs + 1; v < aig->num_vars; v++)
    if (level[v] > top)
      top = level[v];
  lv->num_levels = top;
  lv->start = bsyn_calloc(top + 2, sizeof(uint32_t));
  for (uint32_t v = aig->num_inputs + 1; v < aig->num_vars; v++)
    lv->start[level[v]]++; /* counts land one slot late: start[l] for level l+1 ... */
  /* prefix sums turn counts of levels 1..top into start offsets 0..top-1 */
  uint32_t sum = 0;
  for (uint32_t l = 1; l <= top; l++) {
    uint32_t c = lv->start[l];
    lv->start[l - 1] = sum;
    sum += c;
  }
  lv->start[top] = sum;
  lv->vars = bsyn_malloc((sum ? sum : 1) * sizeof(uint32_t));
  uint32_t *fill = bsyn_malloc((top + 1) * sizeof(uint32_t));
  memcpy(fill, lv->start, (top + 1) * sizeof(uint32_t));
  for (uint32_t v = aig->num_inputs + 1; v < aig->num_vars; v++)
    lv->vars[fill[level[v] - 1]++] = v;
  free(fill);
  free(level);
}

void bsyn_aig_levelize_free(bsyn_levelized *lv) {
  free(lv->start);
  free(lv->vars);
  lv->start = lv->vars = NULL;
  lv->num_levels = 0;
}

#ifndef BSYN_HAVE_OPENCL

int bsyn_cl_sim_run(bsyn_cl *cl, const bsyn_aig *aig, uint64_t *values, size_t nwords, bsyn_diag *d) {
  return bsyn_diag_set(d, 0, 0, "expected OpenCL support, found a build without it");
}

#else

#include "bsyn_cl_internal.h"

int bsyn_cl_sim_run(bsyn_cl *cl, const bsyn_aig *aig, uint64_t *values, size_t nwords, bsyn_diag *d) {
  if (bsyn_aig_num_ands(aig) == 0 || nwords == 0)
    return 0;
  cl_program prog = bsyn_cl_program(cl, "aig_sim.cl", NULL, d);
  if (!prog)
    return -1;
  bsyn_levelized lv;
  bsyn_aig_levelize(aig, &lv);
  cl_int st;
  int rc = -1;
  size_t nvals = (size_t)aig->num_vars * nwords;
  cl_kernel k = clCreateKernel(prog, "aig_sim_level", &st);
  cl_mem fan = NULL, vars = NULL, vals = NULL;
  if (bsyn_cl_check(st, "clCreateKernel(aig_sim_level)", d))
    goto done;
  fan = clCreateBuffer(cl->context, CL_MEM_READ_ONLY | CL_MEM_COPY_HOST_PTR,
                       2 * (size_t)aig->num_vars * sizeof(cl_uint), aig->fanins, &st);
  if (bsyn_cl_check(st, "clCreateBuffer(fanins)", d))
    goto done;
  vars = clCreateBuffer(cl->context, CL_MEM_READ_ONLY | CL_MEM_COPY_HOST_PTR,
                        lv.start[lv.num_levels] * sizeof(cl_uint), lv.vars, &st);
  if (bsyn_cl_check(st, "clCreateBuffer(level_vars)", d))
    goto done;
  vals = clCreateBuffer(cl->context, CL_MEM_READ_WRITE | CL_MEM_COPY_HOST_PTR,
                        nvals * sizeof(cl_ulong), values, &st);
  if (bsyn_cl_check(st, "clCreateBuffer(values)", d))
    goto done;
  cl_uint nw = (cl_uint)nwords;
  st = clSetKernelArg(k, 0, sizeof fan, &fan);
  st |= clSetKernelArg(k, 1, sizeof vars, &vars);
  st |= clSetKernelArg(k, 3, sizeof vals, &vals);
  st |= clSetKernelArg(k, 4, sizeof nw, &nw);
  if (bsyn_cl_check(st, "clSetKernelArg(aig_sim_level)", d))
    goto done;
  for (uint32_t l = 0; l < lv.num_levels; l++) {
    cl_uint base = lv.start[l];
    cl_ulong items = (cl_ulong)(lv.start[l + 1] - base) * nwords;
    size_t local = 64, global = (size_t)((items + local - 1) / local * local);
    st = clSetKernelArg(k, 2, sizeof base, &base);
    st |= clSetKernelArg(k, 5, sizeof items, &items);
    if (bsyn_cl_check(st, "clSetKernelArg(aig_sim_level)", d))
      goto done;
    st = clEnqueueNDRangeKernel(cl->queue, k, 1, NULL, &global, &local, 0, NULL, NULL);
    if (bsyn_cl_check(st, "clEnqueueNDRangeKernel(aig_sim_level)", d))
      goto done;
  }
  st = clEnqueueReadBuffer(cl->queue, vals, CL_TRUE, 0, nvals * sizeof(cl_ulong), values, 0, NULL, NULL);
  if (bsyn_cl_check(st, "clEnqueueReadBuffer(values)", d))
    goto done;
  rc = 0;
done:
  if (vals)
    clReleaseMemObject(vals);
  if (vars)
    clReleaseMemObject(vars);
  if (fan)
    clReleaseMemObject(fan);
  if (k)
    clReleaseKernel(k);
  bsyn_aig_levelize_free(&lv);
  return rc;
}

#endif
