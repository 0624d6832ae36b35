/* cli_run.h — what bsyn run's two machines share: the parsed options, the program's output
 * and the rv32ia-priv half of the command (cli_run_ia.c). */
#ifndef BSYN_CLI_RUN_H
#define BSYN_CLI_RUN_H

#include <stddef.h>
#include <stdint.h>

#include "bsyn_aig.h"

typedef struct bsyn_cli_run_opts {
  const char *prog, *signature;
  uint64_t max_steps, mem_limit;
  int stats, quiet;
  const char *netlist, *oracle, *machine;
  int ref, lockstep, demand, eval_set;
} bsyn_cli_run_opts;

/* The program's output to stdout or stderr; ctx is the progress line (bsyn_cli_progress),
 * which is cleared first so that it never mixes with what the program prints. */
void bsyn_cli_run_output(void *ctx, int fd, const uint8_t *buf, size_t n);

/* 1 when o names the rv32ia-priv machine: --machine rv32ia-priv, or --oracle rv32ia-priv, or
 * (without --machine) an --oracle that is no rv32i layout name and no netlist's layout. */
int bsyn_cli_run_is_ia(const bsyn_cli_run_opts *o);

/* Runs o's program on the rv32ia-priv machine: the reference model, the netlist aig (when
 * not NULL; freed here), or the oracle o->oracle names when --ref is not given (any spec with
 * the layout, "rv32ia-priv" itself the bit-sliced oracle), with the reference beside it
 * under --lockstep. Returns the exit code, after printing. */
int bsyn_cli_run_ia(const bsyn_cli_run_opts *o, bsyn_aig *aig);

#endif
