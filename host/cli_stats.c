/* bsyn stats: the size of netlists (inputs, outputs, ANDs, logic levels). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bsyn_io.h"
#include "cli.h"

static void usage(void) {
  printf(
      "usage: bsyn stats [--json] FILE...\n\n"
      "Reads each netlist (.aag, .aig, .blif) and prints its inputs, outputs, AND gates\n"
      "and logic levels (the longest input-to-output path in ANDs).\n\n"
      "  --json   one JSON object per file and line:\n"
      "           {\"file\":..., \"inputs\":..., \"outputs\":..., \"ands\":..., \"levels\":...}\n");
}

/* s as a JSON string (quotes, backslashes and control bytes escaped). */
static void put_json_string(const char *s) {
  putchar('"');
  for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
    if (*p == '"' || *p == '\\')
      printf("\\%c", *p);
    else if (*p < 0x20)
      printf("\\u%04x", *p);
    else
      putchar(*p);
  }
  putchar('"');
}

static int stats_one(const char *path, int json) {
  bsyn_aig *g;
  bsyn_diag d;
  if (bsyn_io_read_netlist(path, &g, &d))
    return bsyn_cli_report(&d);
  uint32_t *level = bsyn_malloc((size_t)g->num_vars * sizeof *level);
  uint32_t levels = bsyn_aig_levels(g, level);
  free(level);
  if (json) {
    printf("{\"file\":");
    put_json_string(path);
    printf(",\"inputs\":%u,\"outputs\":%u,\"ands\":%u,\"levels\":%u}\n", g->num_inputs,
           g->num_outputs, bsyn_aig_num_ands(g), levels);
  } else {
    printf("%s: inputs %u, outputs %u, ands %u, levels %u\n", path, g->num_inputs, g->num_outputs,
           bsyn_aig_num_ands(g), levels);
  }
  bsyn_aig_free(g);
  return 0;
}

int bsyn_cli_stats(int argc, char **argv) {
  int json = 0, files = 0;
  for (int i = 1; i < argc; i++) {
    if (!strcmp(argv[i], "--help")) {
      usage();
      return 0;
    }
    if (!strcmp(argv[i], "--json"))
      json = 1;
    else if (argv[i][0] == '-' && argv[i][1])
      return bsyn_cli_error("stats", "expected --json, --help or a file, found '%s'", argv[i]);
    else
      files++;
  }
  if (!files)
    return bsyn_cli_error("stats", "expected a netlist file, found none (see bsyn stats --help)");
  for (int i = 1; i < argc; i++)
    if (strcmp(argv[i], "--json") && stats_one(argv[i], json))
      return 1;
  return 0;
}
