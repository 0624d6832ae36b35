/* bsyn_cl_internal.h — what OpenCL-aware code in host/ shares: the open device's handles and
 * the call-checking helper. Include only from host/ files compiled with OpenCL. */
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

#endif
