#include <stdio.h>
#include <string.h>

#include "bsyn_sim.h"
#include "cli.h"

#ifndef BSYN_VERSION
#define BSYN_VERSION "unknown"
#endif

int bsyn_cli_version(int argc, char **argv) {
  if (argc > 1 && !strcmp(argv[1], "--help")) {
    printf("usage: bsyn version\n\nPrints the version and the SIMD paths this CPU can run.\n");
    return 0;
  }
  printf("bsyn %s\n", BSYN_VERSION);
  return 0;
}
