/* cli_mpi.h — the ranks of an MPI job: `mpirun -n N bsyn learn ...` (README, "On a
 * cluster"). Built with MPI (-DBSYN_MPI=ON, on when found) and started by an MPI launcher
 * (mpirun, srun), the process is one of N ranks; otherwise, or built without MPI, it is the
 * only rank and nothing here talks to anyone (cli_mpi_none.c). */
#ifndef BSYN_CLI_MPI_H
#define BSYN_CLI_MPI_H

#include <stddef.h>
#include <stdint.h>

/* Joins the job when an MPI launcher started this process (its environment says so);
 * otherwise does nothing. Call once, first thing in main. */
void bsyn_cli_mpi_start(int *argc, char ***argv);

/* Leaves the job (after every rank's last collective call). */
void bsyn_cli_mpi_stop(void);

/* This process's rank (0 alone) and the number of ranks (1 alone). */
unsigned bsyn_cli_mpi_rank(void);
unsigned bsyn_cli_mpi_size(void);

/* Collective: every rank's len bytes `mine` arrive at rank 0, which gets a new buffer (the
 * caller frees it) holding them in rank order, with each rank's length in lens[rank] (lens
 * has bsyn_cli_mpi_size() entries); the other ranks get NULL. Alone: a copy of mine. */
uint8_t *bsyn_cli_mpi_gather(const uint8_t *mine, size_t len, size_t *lens);

/* Collective: rank 0's *v on every rank. */
void bsyn_cli_mpi_bcast_int(int *v);

/* Bytes this rank has sent and received through the two calls above, and the seconds it
 * spent in them. */
uint64_t bsyn_cli_mpi_bytes(void);
double bsyn_cli_mpi_seconds(void);

#endif
