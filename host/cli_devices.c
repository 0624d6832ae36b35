#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bsyn_cl.h"
#include "cli.h"

int bsyn_cli_devices(int argc, char **argv) {
  for (int i = 1; i < argc; i++) {
    if (!strcmp(argv[i], "--help")) {
      printf("usage: bsyn devices\n\n"
             "Lists the OpenCL devices (the N of --device opencl:N) with type, compute units,\n"
             "memory and OpenCL version. The CPU path is always available as --device cpu.\n");
      return 0;
    }
    return bsyn_cli_error("devices", "expected no arguments, found '%s'", argv[i]);
  }
  printf("cpu       built-in C path (scalar/AVX2/AVX-512, threads)\n");
  bsyn_cl_device_info *infos;
  size_t n;
  bsyn_diag d;
  bsyn_diag_init(&d, "opencl");
  if (bsyn_cl_list(&infos, &n, &d)) {
    printf("opencl    none: %s\n", d.msg);
    return 0;
  }
  for (size_t i = 0; i < n; i++) {
    const bsyn_cl_device_info *x = &infos[i];
    printf("opencl:%-3u %s / %s\n", x->index, x->platform, x->name);
    printf("          type %s, %u compute units, %.1f GiB memory (max buffer %.1f GiB), %s, driver %s\n",
           x->type, x->compute_units, x->global_mem / 1073741824.0, x->max_alloc / 1073741824.0,
           x->version, x->driver);
  }
  free(infos);
  return 0;
}
