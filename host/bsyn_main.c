/* bsyn — learn digital logic from behaviour. Dispatches to the subcommands. */
#include <stdio.h>
#include <string.h>

#include "cli.h"


typedef struct command {
  const char *name;
  bsyn_cli_fn fn;
  const char *summary;
} command;

/* One line per subcommand; keep sorted by name. */
static const command commands[] = {
    {"devices", bsyn_cli_devices, "list OpenCL devices and the CPU path"},
    {"version", bsyn_cli_version, "print the version and the build's features"},
};

static void usage(FILE *f) {
  fprintf(f, "usage: bsyn <command> [options]\n\ncommands:\n");
  for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
    fprintf(f, "  %-10s %s\n", commands[i].name, commands[i].summary);
  fprintf(f, "\n`bsyn <command> --help` describes each command.\n");
}

int main(int argc, char **argv) {
  if (argc < 2) {
    usage(stderr);
    return 1;
  }
  if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
    usage(stdout);
    return 0;
  }
  for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
    if (!strcmp(argv[1], commands[i].name))
      return commands[i].fn(argc - 1, argv + 1);
  fprintf(stderr, "bsyn: error: expected a command (see bsyn --help), found '%s'\n", argv[1]);
  return 1;
}
