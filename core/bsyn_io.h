/* bsyn_io.h — netlist and example-set file formats.
 *
 * Readers never print or exit: on bad input they return -1 with d filled (line of the
 * defect, message "expected X, found Y") and leave *out NULL; on success they return 0.
 * Writers return 0, or -1 with d filled when the file cannot be written.
 * Every reader's result is a bsyn_aig in topological variable order (see bsyn_aig.h). */
#ifndef BSYN_IO_H
#define BSYN_IO_H

#include <stddef.h>
#include <stdint.h>

#include "bsyn_aig.h"
#include "bsyn_util.h"

typedef enum bsyn_format {
  BSYN_FMT_UNKNOWN = 0,
  BSYN_FMT_AAG,     /* ASCII AIGER 1.9 */
  BSYN_FMT_AIG,     /* binary AIGER 1.9 */
  BSYN_FMT_BLIF,
  BSYN_FMT_VERILOG, /* write only */
  BSYN_FMT_PLA,     /* read only, as an example set */
  BSYN_FMT_DOT      /* write only */
} bsyn_format;

/* The format named by a path's extension (.aag .aig .blif .v .pla .dot), else UNKNOWN. */
bsyn_format bsyn_io_format_of(const char *path);

/* AIGER 1.9, combinational only (latches, bad/constraint/justice/fairness sections are
 * rejected). The header ("aag"/"aig") decides ASCII or binary, not the extension. The
 * symbol table and the model name from the comment section's first line are not used;
 * input/output symbols become names. */
int bsyn_io_read_aiger(const char *path, bsyn_aig **out, bsyn_diag *d);
/* binary != 0 writes "aig", else "aag". Symbols are written for named inputs/outputs. */
int bsyn_io_write_aiger(const bsyn_aig *aig, const char *path, int binary, bsyn_diag *d);

/* BLIF: .model .inputs .outputs .names (multi-row covers, '-' don't-cares, on-set or off-set
 * covers) .end, with '\' line continuations and '#' comments. Latches and subcircuits are
 * rejected with a message. */
int bsyn_io_read_blif(const char *path, bsyn_aig **out, bsyn_diag *d);
int bsyn_io_write_blif(const bsyn_aig *aig, const char *path, bsyn_diag *d);

/* Structural Verilog: one module, one assign per AND, accepted by Yosys, iverilog and
 * Verilator. Names are sanitized into legal identifiers. */
int bsyn_io_write_verilog(const bsyn_aig *aig, const char *path, bsyn_diag *d);

/* Graphviz DOT of the AIG (for small graphs: inputs, ANDs, outputs, dashed = complemented). */
int bsyn_io_write_dot(const bsyn_aig *aig, const char *path, bsyn_diag *d);

/* An example set (Espresso PLA, ".type fr", IWLS 2020): num_examples vectors, bit-sliced
 * rows as in bsyn_oracle.h: in[i * nwords + w], out[o * nwords + w], nwords =
 * ceil(num_examples / 64), unused tail bits zero. '-' in an output means "don't care" and
 * is recorded in the care rows (care[o * nwords + w] bit = 1 when specified). */
typedef struct bsyn_pla {
  uint32_t num_inputs;
  uint32_t num_outputs;
  size_t num_examples;
  size_t nwords;
  uint64_t *in;
  uint64_t *out;
  uint64_t *care;
  char **input_names;  /* from .ilb, or NULL */
  char **output_names; /* from .ob, or NULL */
} bsyn_pla;

int bsyn_io_read_pla(const char *path, bsyn_pla **out, bsyn_diag *d);
void bsyn_pla_free(bsyn_pla *pla);

/* Reads any netlist by extension (.aag/.aig by header, .blif). */
int bsyn_io_read_netlist(const char *path, bsyn_aig **out, bsyn_diag *d);
/* Writes by extension: .aag .aig .blif .v .dot. */
int bsyn_io_write_netlist(const bsyn_aig *aig, const char *path, bsyn_diag *d);

#endif
