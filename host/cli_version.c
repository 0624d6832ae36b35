#include <stdio.h>
#include <string.h>

#include "bsyn_cl.h"
#include "bsyn_sim.h"
#include "cli.h"

#ifndef BSYN_VERSION
#define BSYN_VERSION "unknown"
#endif

int bsyn_cli_version(int argc, char **argv) {
  if (argc > 1 && !strcmp(argv[1], "--help")) {
    printf("usage: bsyn version\n\nPrints the version, the SIMD paths this CPU can run, and whether\n"
           "this build has OpenCL (`bsyn devices` lists the devices) and MPI.\n");
    return 0;
  }
  if (argc > 1)
    return bsyn_cli_error("version", "expected no arguments, found '%s'", argv[1]);
  printf("bsyn %s\n", BSYN_VERSION);
  printf("simd    ");
  static const bsyn_simd paths[] = {BSYN_SIMD_SCALAR, BSYN_SIMD_AVX2, BSYN_SIMD_AVX512};
  for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++)
    if (bsyn_simd_supported(paths[i]))
      printf("%s%s", i ? " " : "", bsyn_simd_name(paths[i]));
  printf(" (best: %s)\n", bsyn_simd_name(bsyn_simd_best()));
#ifdef BSYN_HAVE_OPENCL
  printf("opencl  built in\n");
#else
  printf("opencl  not built\n");
#endif
#ifdef BSYN_HAVE_MPI
  printf("mpi     built in (mpirun -n N bsyn learn: the plan's groups dealt to N ranks)\n");
#else
  printf("mpi     not built\n");
#endif
  return 0;
}
