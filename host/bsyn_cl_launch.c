/* Buffers, kernels and level-by-level launches shared by the OpenCL paths. */
#ifdef BSYN_HAVE_OPENCL

#include "bsyn_cl_internal.h"
#include "bsyn_levels.h"

cl_mem bsyn_cl_buffer(bsyn_cl *cl, cl_mem_flags flags, size_t bytes, const void *host, const char *what,
                      bsyn_diag *d) {
  cl_int st;
  if (host)
    flags |= CL_MEM_COPY_HOST_PTR;
  cl_mem m = clCreateBuffer(cl->context, flags, bytes ? bytes : 8, (void *)host, &st);
  if (st != CL_SUCCESS) {
    bsyn_diag_set(d, 0, 0, "clCreateBuffer(%s, %zu bytes) failed: %s", what, bytes, bsyn_cl_error_name(st));
    return NULL;
  }
  return m;
}

cl_kernel bsyn_cl_kernel(bsyn_cl *cl, const char *file, const char *name, bsyn_diag *d) {
  cl_program prog = bsyn_cl_program(cl, file, NULL, d);
  if (!prog)
    return NULL;
  cl_int st;
  cl_kernel k = clCreateKernel(prog, name, &st);
  if (st != CL_SUCCESS) {
    bsyn_diag_set(d, 0, 0, "clCreateKernel(%s) failed: %s", name, bsyn_cl_error_name(st));
    return NULL;
  }
  return k;
}

int bsyn_cl_launch_levels(bsyn_cl *cl, cl_kernel k, const bsyn_levels *lv, size_t nwords, cl_uint base_arg,
                          cl_uint items_arg, bsyn_diag *d) {
  for (uint32_t l = 0; l < lv->num_levels; l++) {
    cl_uint base = lv->start[l];
    cl_ulong items = (cl_ulong)(lv->start[l + 1] - base) * nwords;
    if (!items)
      continue;
    size_t local = 64, global = (size_t)((items + local - 1) / local * local);
    cl_int st = clSetKernelArg(k, base_arg, sizeof base, &base);
    st |= clSetKernelArg(k, items_arg, sizeof items, &items);
    if (bsyn_cl_check(st, "clSetKernelArg", d))
      return -1;
    st = clEnqueueNDRangeKernel(cl->queue, k, 1, NULL, &global, &local, 0, NULL, NULL);
    if (bsyn_cl_check(st, "clEnqueueNDRangeKernel", d))
      return -1;
  }
  return 0;
}

#else
/* Without OpenCL this file is empty on purpose. */
typedef int bsyn_cl_launch_unused;
#endif
