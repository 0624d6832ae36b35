/* bsyn_io.c — choosing a netlist format by a path's extension. */
#include <string.h>

#include "bsyn_io.h"

static const struct {
  const char *ext;
  bsyn_format fmt;
} extensions[] = {
    {".aag", BSYN_FMT_AAG},   {".aig", BSYN_FMT_AIG}, {".blif", BSYN_FMT_BLIF},
    {".v", BSYN_FMT_VERILOG}, {".pla", BSYN_FMT_PLA}, {".dot", BSYN_FMT_DOT},
};

bsyn_format bsyn_io_format_of(const char *path) {
  const char *slash = strrchr(path, '/');
  const char *dot = strrchr(slash ? slash + 1 : path, '.');
  if (!dot)
    return BSYN_FMT_UNKNOWN;
  for (size_t k = 0; k < sizeof extensions / sizeof extensions[0]; k++)
    if (!strcmp(dot, extensions[k].ext))
      return extensions[k].fmt;
  return BSYN_FMT_UNKNOWN;
}

/* The extension part of path for messages ("" when there is none). */
static const char *extension(const char *path) {
  const char *slash = strrchr(path, '/');
  const char *dot = strrchr(slash ? slash + 1 : path, '.');
  return dot ? dot : "";
}

int bsyn_io_read_netlist(const char *path, bsyn_aig **out, bsyn_diag *d) {
  *out = NULL;
  switch (bsyn_io_format_of(path)) {
  case BSYN_FMT_AAG:
  case BSYN_FMT_AIG:
    return bsyn_io_read_aiger(path, out, d);
  case BSYN_FMT_BLIF:
    return bsyn_io_read_blif(path, out, d);
  default:
    if (d)
      bsyn_diag_init(d, path);
    return bsyn_diag_set(d, 0, 0,
                         "expected a netlist file name ending in .aag, .aig or .blif, "
                         "found '%s'",
                         extension(path));
  }
}

int bsyn_io_write_netlist(const bsyn_aig *aig, const char *path, bsyn_diag *d) {
  switch (bsyn_io_format_of(path)) {
  case BSYN_FMT_AAG:
    return bsyn_io_write_aiger(aig, path, 0, d);
  case BSYN_FMT_AIG:
    return bsyn_io_write_aiger(aig, path, 1, d);
  case BSYN_FMT_BLIF:
    return bsyn_io_write_blif(aig, path, d);
  case BSYN_FMT_VERILOG:
    return bsyn_io_write_verilog(aig, path, d);
  case BSYN_FMT_DOT:
    return bsyn_io_write_dot(aig, path, d);
  default:
    if (d)
      bsyn_diag_init(d, path);
    return bsyn_diag_set(d, 0, 0,
                         "expected an output file name ending in .aag, .aig, .blif, .v "
                         "or .dot, found '%s'",
                         extension(path));
  }
}
