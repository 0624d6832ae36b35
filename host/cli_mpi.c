/* The ranks of an MPI job (cli_mpi.h), on MPI. */
#include <mpi.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bsyn_util.h"
#include "cli_mpi.h"
#include "cli_progress.h"

static int started;
static uint64_t bytes;
static double seconds;

/* 1 when an MPI launcher started this process (Open MPI, PMIx or PMI environment). */
static int launched(void) {
  return getenv("OMPI_COMM_WORLD_SIZE") || getenv("PMIX_RANK") || getenv("PMI_RANK");
}

/* Waits for r, sleeping a millisecond between looks: a rank waiting for the others (rank 0
 * for the slowest, the others for rank 0's proof) must not spin on a core that a rank still
 * learning needs (MPI's blocking calls poll). */
static void wait_for(MPI_Request *r) {
  struct timespec ms = {0, 1000000};
  for (int done = 0; MPI_Test(r, &done, MPI_STATUS_IGNORE) == MPI_SUCCESS && !done;)
    nanosleep(&ms, NULL);
}

void bsyn_cli_mpi_start(int *argc, char ***argv) {
  if (!launched())
    return;
  MPI_Init(argc, argv);
  /* a rank's error comes back as a return code: the caller ends the job cleanly */
  MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
  started = 1;
}

void bsyn_cli_mpi_stop(void) {
  if (started)
    MPI_Finalize();
  started = 0;
}

unsigned bsyn_cli_mpi_rank(void) {
  int r = 0;
  if (started)
    MPI_Comm_rank(MPI_COMM_WORLD, &r);
  return (unsigned)r;
}

unsigned bsyn_cli_mpi_size(void) {
  int n = 1;
  if (started)
    MPI_Comm_size(MPI_COMM_WORLD, &n);
  return (unsigned)n;
}

uint8_t *bsyn_cli_mpi_gather(const uint8_t *mine, size_t len, size_t *lens) {
  unsigned n = bsyn_cli_mpi_size(), me = bsyn_cli_mpi_rank();
  if (n == 1) {
    lens[0] = len;
    uint8_t *all = bsyn_malloc(len + 1);
    memcpy(all, mine, len);
    return all;
  }
  double t0 = bsyn_cli_now();
  if (len > (size_t)INT32_MAX)
    bsyn_abort("bsyn_cli_mpi_gather: %zu bytes from one rank", len);
  int count = (int)len, *counts = NULL, *offsets = NULL;
  if (me == 0)
    counts = bsyn_malloc(n * sizeof *counts), offsets = bsyn_malloc(n * sizeof *offsets);
  MPI_Request req;
  MPI_Igather(&count, 1, MPI_INT, counts, 1, MPI_INT, 0, MPI_COMM_WORLD, &req);
  wait_for(&req);
  uint8_t *all = NULL;
  size_t total = 0;
  if (me == 0) {
    for (unsigned r = 0; r < n; r++) {
      offsets[r] = (int)total;
      lens[r] = (size_t)counts[r];
      total += (size_t)counts[r];
    }
    if (total > (size_t)INT32_MAX)
      bsyn_abort("bsyn_cli_mpi_gather: %zu bytes in all", total);
    all = bsyn_malloc(total + 1);
  }
  MPI_Igatherv(mine, count, MPI_BYTE, all, counts, offsets, MPI_BYTE, 0, MPI_COMM_WORLD, &req);
  wait_for(&req);
  bytes += me == 0 ? total - len : len;
  free(counts);
  free(offsets);
  seconds += bsyn_cli_now() - t0;
  return all;
}

void bsyn_cli_mpi_bcast_int(int *v) {
  if (!started)
    return;
  double t0 = bsyn_cli_now();
  MPI_Request req;
  MPI_Ibcast(v, 1, MPI_INT, 0, MPI_COMM_WORLD, &req);
  wait_for(&req);
  bytes += sizeof *v;
  seconds += bsyn_cli_now() - t0;
}

uint64_t bsyn_cli_mpi_bytes(void) { return bytes; }
double bsyn_cli_mpi_seconds(void) { return seconds; }
