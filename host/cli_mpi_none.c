/* The ranks of an MPI job (cli_mpi.h), in a build without MPI: always the only rank. */
#include <stdlib.h>
#include <string.h>

#include "bsyn_util.h"
#include "cli_mpi.h"

void bsyn_cli_mpi_start(int *argc, char ***argv) {
  (void)argc;
  (void)argv;
}

void bsyn_cli_mpi_stop(void) {}

unsigned bsyn_cli_mpi_rank(void) { return 0; }
unsigned bsyn_cli_mpi_size(void) { return 1; }

uint8_t *bsyn_cli_mpi_gather(const uint8_t *mine, size_t len, size_t *lens) {
  lens[0] = len;
  uint8_t *all = bsyn_malloc(len + 1);
  memcpy(all, mine, len);
  return all;
}

void bsyn_cli_mpi_bcast_int(int *v) { (void)v; }

uint64_t bsyn_cli_mpi_bytes(void) { return 0; }
double bsyn_cli_mpi_seconds(void) { return 0; }
