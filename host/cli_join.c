/* bsyn join: netlists learned per output group joined into one, optionally in an oracle's
 * output order. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bsyn_aig_join.h"
#include "bsyn_io.h"
#include "bsyn_learn.h"
#include "bsyn_oracle.h"
#include "cli.h"

static void usage(void) {
  printf("usage: bsyn join -o OUT PART... [--oracle SPEC]\n\n"
         "Joins netlists over the same inputs (e.g. learned one output group at a time with\n"
         "bsyn learn --outputs) into one: input k of every part is the same signal, the\n"
         "outputs are those of the first part, then the second, ..., and every AND is rebuilt\n"
         "with structural hashing so logic the parts share appears once. Parts are read as\n"
         ".aag, .aig (by header) or .blif; OUT is written as .aag, .aig, .blif, .v or .dot by\n"
         "its extension.\n\n"
         "  -o OUT         the joined netlist\n"
         "  --oracle SPEC  put the outputs in the order of SPEC's outputs, matched by name\n"
         "                 (field[bit] as bsyn learn names them); every oracle output must be\n"
         "                 present exactly once and the input count must match\n");
}

typedef struct join_opts {
  const char *out, *oracle;
  const char **parts;
  uint32_t nparts;
} join_opts;

static int parse(int argc, char **argv, join_opts *o) {
  for (int i = 1; i < argc; i++) {
    int r;
    if ((r = bsyn_cli_opt(argc, argv, &i, "-o", &o->out)) ||
        (r = bsyn_cli_opt(argc, argv, &i, "--oracle", &o->oracle))) {
      if (r < 0)
        return 1;
      continue;
    }
    if (argv[i][0] == '-' && argv[i][1])
      return bsyn_cli_error("join", "expected -o, --oracle, --help or a file, found '%s'", argv[i]);
    o->parts[o->nparts++] = argv[i];
  }
  if (!o->out)
    return bsyn_cli_error("join", "expected -o OUT (see bsyn join --help), found none");
  if (!o->nparts)
    return bsyn_cli_error("join", "expected at least one netlist to join, found none");
  bsyn_format f = bsyn_io_format_of(o->out);
  if (f == BSYN_FMT_UNKNOWN || f == BSYN_FMT_PLA)
    return bsyn_cli_error(
        "join", "expected -o OUT ending in .aag, .aig, .blif, .v or .dot, found '%s'", o->out);
  return 0;
}

/* Puts g's outputs in the oracle's order. Returns the exit code. */
static int follow_oracle(bsyn_aig *g, const char *spec) {
  bsyn_diag d;
  bsyn_diag_init(&d, spec);
  bsyn_oracle *o = bsyn_oracle_open(spec, &d);
  if (!o)
    return bsyn_cli_report(&d);
  int rc = 0;
  if (g->num_inputs != o->num_inputs) {
    rc = bsyn_cli_error("join", "expected %u inputs as in %s, found %u in the joined parts",
                        o->num_inputs, o->name, g->num_inputs);
  } else {
    char **names = bsyn_learn_names(o, 1);
    bsyn_diag_init(&d, NULL);
    if (bsyn_aig_order_outputs(g, (const char *const *)names, o->num_outputs, &d))
      rc = bsyn_cli_error("join", "%s", d.msg);
    bsyn_learn_free_names(names, o->num_outputs);
  }
  bsyn_oracle_close(o);
  return rc;
}

int bsyn_cli_join(int argc, char **argv) {
  for (int i = 1; i < argc; i++)
    if (!strcmp(argv[i], "--help")) {
      usage();
      return 0;
    }
  join_opts o = {0};
  o.parts = bsyn_calloc((size_t)argc, sizeof *o.parts);
  bsyn_aig **aigs = bsyn_calloc((size_t)argc, sizeof *aigs);
  bsyn_aig *g = NULL;
  bsyn_diag d;
  int rc = parse(argc, argv, &o);
  for (uint32_t k = 0; k < o.nparts && !rc; k++)
    if (bsyn_io_read_netlist(o.parts[k], &aigs[k], &d))
      rc = bsyn_cli_report(&d);
  if (!rc) {
    bsyn_diag_init(&d, NULL);
    g = bsyn_aig_join_labeled((const bsyn_aig *const *)aigs, o.parts, o.nparts, &d);
    if (!g)
      rc = bsyn_cli_error("join", "%s", d.msg);
  }
  if (!rc && o.oracle)
    rc = follow_oracle(g, o.oracle);
  if (!rc) {
    bsyn_diag_init(&d, o.out);
    if (bsyn_io_write_netlist(g, o.out, &d))
      rc = bsyn_cli_report(&d);
  }
  bsyn_aig_free(g);
  for (uint32_t k = 0; k < o.nparts; k++)
    bsyn_aig_free(aigs[k]);
  free(aigs);
  free(o.parts);
  return rc;
}
