/* bsyn_test_cl.h — a helper for the Criterion suites that need an OpenCL device. */
#ifndef BSYN_TEST_CL_H
#define BSYN_TEST_CL_H

#include <criterion/criterion.h>

#include "bsyn_cl.h"

/* Skips the calling test, with the reason, when no OpenCL device can be opened. */
static inline void bsyn_test_skip_without_device(void) {
  bsyn_diag d;
  bsyn_diag_init(&d, "opencl");
  bsyn_cl *cl = bsyn_cl_open(0, &d);
  if (!cl)
    cr_skip_test("no OpenCL device: %s", d.msg);
  bsyn_cl_close(cl);
}

#endif
