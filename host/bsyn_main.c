/* bsyn — learn digital logic from behaviour. Dispatches to the subcommands. */
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "cli_mpi.h"


typedef struct command {
  const char *name;
  bsyn_cli_fn fn;
  const char *summary;
} command;

/* One line per subcommand; keep sorted by name. */
static const command commands[] = {
    {"cec", bsyn_cli_cec, "check two netlists for equivalence (random simulation, --formal: ABC)"},
    {"convert", bsyn_cli_convert, "convert a netlist between AIGER, BLIF, Verilog and DOT"},
    {"devices", bsyn_cli_devices, "list OpenCL devices and the CPU path"},
    {"elf2hex", bsyn_cli_elf2hex, "write an RV32 program as a $readmemh word image (testbench)"},
    {"join", bsyn_cli_join, "join netlists learned per output group into one (shared logic once)"},
    {"learn", bsyn_cli_learn, "learn gates from an oracle's answers (BSD -> AIG)"},
    {"oracle", bsyn_cli_oracle, "list the oracle kinds; show an oracle's inputs, outputs and fields"},
    {"run", bsyn_cli_run, "run an RV32I program on the reference model or on gates"},
    {"sim", bsyn_cli_sim, "simulate a netlist on random patterns; one hash per output"},
    {"stats", bsyn_cli_stats, "print a netlist's inputs, outputs, ANDs and levels"},
    {"trace", bsyn_cli_trace, "record a program's steps as oracle vectors"},
    {"verify", bsyn_cli_verify, "check a netlist against its oracle (error bound) or prove it (--formal)"},
    {"version", bsyn_cli_version, "print the version and the build's features"},
};

static void usage(FILE *f) {
  fprintf(f, "usage: bsyn <command> [options]\n\ncommands:\n");
  for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
    fprintf(f, "  %-10s %s\n", commands[i].name, commands[i].summary);
  fprintf(f, "\n`bsyn <command> --help` describes each command.\n");
}

int main(int argc, char **argv) {
  /* Past a file-size limit (ulimit -f) a write then fails with EFBIG, which the writers
   * report and clean up after (bsyn_out.h), instead of the signal killing the process. */
  signal(SIGXFSZ, SIG_IGN);
  if (argc < 2) {
    usage(stderr);
    return 1;
  }
  if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
    usage(stdout);
    return 0;
  }
  for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
    if (!strcmp(argv[1], commands[i].name)) {
      bsyn_cli_mpi_start(&argc, &argv); /* started by mpirun: one rank of the job */
      int rc = commands[i].fn(argc - 1, argv + 1);
      bsyn_cli_mpi_stop();
      return rc;
    }
  fprintf(stderr, "bsyn: error: expected a command (see bsyn --help), found '%s'\n", argv[1]);
  return 1;
}
