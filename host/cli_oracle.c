/* bsyn oracle list|info: the oracle kinds, and one oracle's inputs, outputs and fields. */
#include <stdio.h>
#include <string.h>

#include "bsyn_aig.h"
#include "bsyn_arith.h"
#include "bsyn_io.h"
#include "bsyn_oracle.h"
#include "cli.h"

static const char usage_text[] =
    "usage: bsyn oracle list\n"
    "       bsyn oracle info NAME\n"
    "       bsyn oracle reference arith:<op><N> OUT\n"
    "\n"
    "list   prints the oracle kinds, one per line, with a description.\n"
    "info   opens the oracle NAME (e.g. arith:add32, rv32i-core, aig:FILE, exec:CMD) and\n"
    "       prints its inputs, outputs and every named field with its bit range.\n"
    "reference  writes the structural reference netlist of an arith oracle (ripple-carry\n"
    "       adder, barrel shifter, ...) to OUT (.aig .aag .blif .v .dot), with the oracle's\n"
    "       input and output order, so learned gates can be proved equal to it.\n";

static int reference(const char *spec, const char *path) {
  bsyn_diag d;
  bsyn_diag_init(&d, spec);
  bsyn_aig *g = bsyn_arith_reference(spec, &d);
  if (!g)
    return bsyn_cli_report(&d);
  bsyn_diag_init(&d, path);
  int rc = bsyn_io_write_netlist(g, path, &d);
  bsyn_aig_free(g);
  return rc ? bsyn_cli_report(&d) : 0;
}

static int list_kinds(void) {
  for (const bsyn_oracle_kind *k = bsyn_oracle_kinds(); k->pattern; k++)
    printf("%-15s %s\n", k->pattern, k->description);
  return 0;
}

static void print_fields(const char *side, const bsyn_field *f, uint32_t n, int name_width) {
  char name[160];
  for (uint32_t i = 0; i < n; i++) {
    if (f[i].width == 1) {
      snprintf(name, sizeof name, "%s", f[i].name);
      printf("  %-4s %-*s bit  %u\n", side, name_width, name, f[i].lsb);
    } else {
      snprintf(name, sizeof name, "%s[%u:0]", f[i].name, f[i].width - 1);
      printf("  %-4s %-*s bits %u..%u\n", side, name_width, name, f[i].lsb,
             f[i].lsb + f[i].width - 1);
    }
  }
}

static int widest(const bsyn_field *f, uint32_t n, int w) {
  for (uint32_t i = 0; i < n; i++) {
    int len =
        (int)strlen(f[i].name) + (f[i].width > 1 ? snprintf(NULL, 0, "[%u:0]", f[i].width - 1) : 0);
    if (len > w)
      w = len;
  }
  return w;
}

static int info(const char *spec) {
  bsyn_diag d;
  bsyn_oracle *o = bsyn_oracle_open(spec, &d);
  if (!o)
    return bsyn_cli_report(&d);
  printf("name     %s\n", o->name);
  printf("about    %s\n", o->description ? o->description : "");
  printf("inputs   %u\n", o->num_inputs);
  printf("outputs  %u\n", o->num_outputs);
  if (o->ops && o->ops->eval)
    printf("queries  yes%s\n", o->thread_safe ? " (thread-safe)" : " (one thread at a time)");
  else
    printf("queries  no: a fixed set of %zu examples\n", o->num_samples);
  int w = widest(o->out_fields, o->num_out_fields, widest(o->in_fields, o->num_in_fields, 4));
  printf("fields\n");
  print_fields("in", o->in_fields, o->num_in_fields, w);
  print_fields("out", o->out_fields, o->num_out_fields, w);
  bsyn_oracle_close(o);
  return 0;
}

int bsyn_cli_oracle(int argc, char **argv) {
  if (argc < 2)
    return bsyn_cli_error(
        "oracle",
        "expected 'list' or 'info NAME' (see bsyn oracle --help), found end of arguments");
  const char *sub = argv[1];
  for (int i = 1; i < argc; i++)
    if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
      fputs(usage_text, stdout);
      return 0;
    }
  if (!strcmp(sub, "list")) {
    if (argc > 2)
      return bsyn_cli_error("oracle", "expected no arguments after 'list', found '%s'", argv[2]);
    return list_kinds();
  }
  if (!strcmp(sub, "info")) {
    if (argc < 3)
      return bsyn_cli_error("oracle",
                            "expected an oracle NAME after 'info', found end of arguments");
    if (argc > 3)
      return bsyn_cli_error("oracle", "expected one oracle NAME after 'info', found also '%s'",
                            argv[3]);
    return info(argv[2]);
  }
  if (!strcmp(sub, "reference")) {
    if (argc != 4)
      return bsyn_cli_error("oracle", "expected 'reference SPEC OUT', found %d argument(s) after 'reference'",
                            argc - 2);
    return reference(argv[2], argv[3]);
  }
  return bsyn_cli_error("oracle", "expected 'list', 'info' or 'reference', found '%s'", sub);
}
