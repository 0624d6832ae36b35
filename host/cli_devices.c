#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bsyn_cl.h"
#include "bsyn_cl_auto.h"
#include "bsyn_cl_calib.h"
#include "cli.h"

static void usage(void) {
  printf("usage: bsyn devices [--calibrate]\n\n"
         "Lists the OpenCL devices (the N of --device opencl:N) with type, compute units,\n"
         "memory and OpenCL version, then what --device auto runs each kernel on and the\n"
         "rates measured for it. The CPU path is always available as --device cpu.\n\n"
         "  --calibrate   measure every kernel on every path again (a fraction of a second\n"
         "                each, plus any program build) and store the decisions; without it\n"
         "                only stored decisions are shown (auto measures on first use;\n"
         "                BSYN_CALIBRATE=1 makes any run measure again)\n");
}

/* One line per kernel: the choice, then every path's rate. */
static void print_auto(int calibrate) {
  char dir[1024];
  bsyn_cl_cache_dir(dir, sizeof dir);
  printf("auto      per kernel, the path measured fastest here (decisions in %s)\n", dir);
  for (int k = 0; k < BSYN_KERNEL_COUNT; k++) {
    bsyn_cl_auto_decision dec;
    bsyn_diag d;
    bsyn_diag_init(&d, NULL);
    const char *name = bsyn_kernel_id_name((bsyn_kernel_id)k);
    if (bsyn_cl_auto_decide((bsyn_kernel_id)k,
                            calibrate ? BSYN_CL_AUTO_MEASURE : BSYN_CL_AUTO_CACHED, &dec, &d)) {
      printf("  %-9s not measured yet (auto measures on first use, or: bsyn devices --calibrate)\n",
             name);
      continue;
    }
    if (dec.error[0] && dec.key)
      fprintf(stderr, "bsyn devices: notice: %s; that device is left out\n", dec.error);
    char choice[32];
    if (dec.device < 0)
      snprintf(choice, sizeof choice, "cpu");
    else
      snprintf(choice, sizeof choice, "opencl:%d", dec.device);
    printf("  %-9s %-10s", name, choice);
    if (!dec.key)
      printf(" (%s)", dec.error[0] ? dec.error : "no OpenCL device");
    for (unsigned i = 0; i < dec.num_rates; i++) {
      const bsyn_cl_auto_rate *r = &dec.rates[i];
      char path[32];
      if (r->device < 0)
        snprintf(path, sizeof path, "cpu");
      else
        snprintf(path, sizeof path, "opencl:%d", r->device);
      if (r->failed)
        printf("%s %s failed", i ? "," : "", path);
      else if (r->per_s > 0)
        printf("%s %s %.3g", i ? "," : "", path, r->per_s);
    }
    if (dec.num_rates && (dec.rates[0].per_s > 0 || dec.num_rates > 1))
      printf(" %s/s", bsyn_cl_calib_unit((bsyn_kernel_id)k));
    printf("%s\n", dec.key && !dec.measured ? " (stored)" : "");
  }
}

int bsyn_cli_devices(int argc, char **argv) {
  int calibrate = 0;
  for (int i = 1; i < argc; i++) {
    if (!strcmp(argv[i], "--help")) {
      usage();
      return 0;
    }
    if (!strcmp(argv[i], "--calibrate")) {
      calibrate = 1;
      continue;
    }
    return bsyn_cli_error("devices", "expected --calibrate or no argument, found '%s'", argv[i]);
  }
  printf("cpu       built-in C path (scalar/AVX2/AVX-512, threads)\n");
  bsyn_cl_device_info *infos;
  size_t n;
  bsyn_diag d;
  bsyn_diag_init(&d, "opencl");
  if (bsyn_cl_list(&infos, &n, &d)) {
    printf("opencl    none: %s\n", d.msg);
  } else {
    for (size_t i = 0; i < n; i++) {
      const bsyn_cl_device_info *x = &infos[i];
      printf("opencl:%-3u %s / %s\n", x->index, x->platform, x->name);
      printf("          type %s, %u compute units, %.1f GiB memory (max buffer %.1f GiB), %s, "
             "driver %s\n",
             x->type, x->compute_units, x->global_mem / 1073741824.0, x->max_alloc / 1073741824.0,
             x->version, x->driver);
    }
    free(infos);
  }
  fflush(stdout);
  print_auto(calibrate);
  return 0;
}
