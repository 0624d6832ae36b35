/* bsyn_cl_internal.h — what OpenCL-aware code in host/ shares: the open device's handles and
 * the call-checking, buffer and launch helpers. Include only from host/ files compiled with
 * OpenCL. */
#ifndef BSYN_CL_INTERNAL_H
#define BSYN_CL_INTERNAL_H

#ifndef CL_TARGET_OPENCL_VERSION
#define CL_TARGET_OPENCL_VERSION 120
#endif
#include <CL/cl.h>

#include "bsyn_cl.h"

struct bsyn_cl {
  cl_platform_id platform;
  cl_device_id device;
  cl_context context;
  cl_command_queue queue;
  bsyn_cl_device_info info;
  /* built programs, by file + options */
  struct bsyn_cl_prog {
    char *key;
    cl_program program;
  } *progs;
  size_t num_progs;
  int last_cached;
};

/* When status is not CL_SUCCESS, fills d with "<call> failed: <CL_NAME>" and returns -1;
 * else returns 0. */
int bsyn_cl_check(int status, const char *call, bsyn_diag *d);

/* A buffer of bytes with flags, copied from host when non-NULL (CL_MEM_COPY_HOST_PTR is
 * added then). Returns NULL with d filled ("clCreateBuffer(<what>) failed: ..."). */
cl_mem bsyn_cl_buffer(bsyn_cl *cl, cl_mem_flags flags, size_t bytes, const void *host, const char *what,
                      bsyn_diag *d);

struct bsyn_levels;
/* Launches kernel k once per level of lv, in order: argument base_arg gets the level's first
 * item offset (cl_uint), items_arg its item count times nwords (cl_ulong); the global size is
 * that count rounded up to 64. Other arguments must be set. Returns 0 or -1 with d filled. */
int bsyn_cl_launch_levels(bsyn_cl *cl, cl_kernel k, const struct bsyn_levels *lv, size_t nwords,
                          cl_uint base_arg, cl_uint items_arg, bsyn_diag *d);

/* Creates kernel `name` from the embedded file; NULL with d filled on failure. */
cl_kernel bsyn_cl_kernel(bsyn_cl *cl, const char *file, const char *name, bsyn_diag *d);

#endif
