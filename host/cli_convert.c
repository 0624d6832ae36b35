/* bsyn convert: netlist format conversion, formats chosen by the file extensions. */
#include <stdio.h>
#include <string.h>

#include "bsyn_io.h"
#include "cli.h"

static void usage(void) {
  printf("usage: bsyn convert [--cleanup] IN OUT\n\n"
         "Reads the netlist IN (.aag, .aig, .blif) and writes it as OUT (.aag, .aig, .blif,\n"
         ".v, .dot), each format chosen by its file extension. AIGER files are recognised by\n"
         "their header ('aag' or 'aig'). Reading rebuilds the graph with structural hashing,\n"
         "so redundant ANDs in IN are merged.\n\n"
         "  --cleanup   drop the ANDs that no output depends on\n");
}

int bsyn_cli_convert(int argc, char **argv) {
  const char *files[2];
  int nfiles = 0, cleanup = 0;
  for (int i = 1; i < argc; i++) {
    if (!strcmp(argv[i], "--help")) {
      usage();
      return 0;
    }
    if (!strcmp(argv[i], "--cleanup"))
      cleanup = 1;
    else if (argv[i][0] == '-' && argv[i][1])
      return bsyn_cli_error("convert", "expected --cleanup, --help or a file, found '%s'", argv[i]);
    else if (nfiles == 2)
      return bsyn_cli_error("convert", "expected two files (IN OUT), found a third: '%s'", argv[i]);
    else
      files[nfiles++] = argv[i];
  }
  if (nfiles != 2)
    return bsyn_cli_error(
        "convert", "expected two files (IN OUT), found %d (see bsyn convert --help)", nfiles);
  bsyn_aig *g;
  bsyn_diag d;
  if (bsyn_io_read_netlist(files[0], &g, &d))
    return bsyn_cli_report(&d);
  if (cleanup) {
    bsyn_aig *c = bsyn_aig_cleanup(g);
    bsyn_aig_free(g);
    g = c;
  }
  int rc = bsyn_io_write_netlist(g, files[1], &d);
  bsyn_aig_free(g);
  return rc ? bsyn_cli_report(&d) : 0;
}
