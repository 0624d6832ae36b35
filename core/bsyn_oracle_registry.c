/* The registry: maps an oracle spec ("arith:add32", "aig:adder.aig", ...) to the
 * implementation that opens it, and lists the known kinds. */
#include <string.h>

#include "bsyn_arith.h"
#include "bsyn_oracle.h"
#include "bsyn_oracle_exec.h"
#include "bsyn_oracle_netlist.h"
#include "bsyn_oracle_pla.h"
#include "bsyn_rv32_oracle.h"
#include "bsyn_rv32ia_oracle.h"

/* spec: the whole spec; arg: what follows the kind's prefix */
typedef bsyn_oracle *(*open_fn)(const char *spec, const char *arg, bsyn_diag *d);

static bsyn_oracle *open_rv32_core(const char *spec, const char *arg, bsyn_diag *d) {
  return bsyn_rv32_oracle_core();
}
static bsyn_oracle *open_rv32_full(const char *spec, const char *arg, bsyn_diag *d) {
  return bsyn_rv32_oracle_full();
}
static bsyn_oracle *open_rv32ia(const char *spec, const char *arg, bsyn_diag *d) {
  return bsyn_rv32ia_oracle(0);
}
static bsyn_oracle *open_rv32ia_flags(const char *spec, const char *arg, bsyn_diag *d) {
  return bsyn_rv32ia_oracle_open(arg, d);
}
static bsyn_oracle *open_arith(const char *spec, const char *arg, bsyn_diag *d) {
  return bsyn_arith_open(arg, d);
}
static bsyn_oracle *open_netlist(const char *spec, const char *arg, bsyn_diag *d) {
  return bsyn_oracle_netlist_open(spec, d);
}
static bsyn_oracle *open_pla(const char *spec, const char *arg, bsyn_diag *d) {
  return bsyn_oracle_pla_open(arg, d);
}
static bsyn_oracle *open_exec(const char *spec, const char *arg, bsyn_diag *d) {
  return bsyn_oracle_exec_open(arg, NULL, d);
}

/* The listing, in the order of `openers` below, ended by {NULL, NULL}. */
static const bsyn_oracle_kind listing[] = {
    {"rv32i-core", "one step of a single-cycle RV32I hart, register file and memory outside "
                   "(160 inputs, 155 outputs)"},
    {"rv32i-full", "one step of an RV32I hart with x1..x31 inside the function "
                   "(1,088 inputs, 1,099 outputs)"},
    {"rv32ia-priv", "one step of an RV32IA hart with M/S/U modes, registers and CSRs inside "
                    "(1,798 inputs, 1,826 outputs; docs/rv32ia-priv.md)"},
    {"rv32ia-priv:hints", "rv32ia-priv with the rs1/rs2/CSR operand hint inputs (1,894 inputs)"},
    {"arith:<op><N>", "N-bit arithmetic, 1 <= N <= 64; op: add sub ltu lt eq shl shr sra and "
                      "or xor mux alu (docs/arith.md)"},
    {"aig:FILE", "an AIGER netlist (ASCII or binary), simulated as a black box"},
    {"blif:FILE", "a BLIF netlist, simulated as a black box"},
    {"pla:FILE", "a fixed example set (Espresso PLA, IWLS 2020); answers no queries"},
    {"exec:CMD", "an external process answering batches over pipes (docs/exec-protocol.md)"},
    {NULL, NULL}};

/* name: the whole spec (prefix 0), or what comes before the argument (prefix 1) */
typedef struct opener {
  const char *name;
  int prefix;
  open_fn open;
} opener;

static const opener openers[] = {
    {"rv32i-core", 0, open_rv32_core},
    {"rv32i-full", 0, open_rv32_full},
    {"rv32ia-priv", 0, open_rv32ia},
    {"rv32ia-priv:", 1, open_rv32ia_flags},
    {"arith:", 1, open_arith},
    {"aig:", 1, open_netlist},
    {"blif:", 1, open_netlist},
    {"pla:", 1, open_pla},
    {"exec:", 1, open_exec},
};

#define NUM_KINDS (sizeof openers / sizeof openers[0])
_Static_assert(NUM_KINDS + 1 == sizeof listing / sizeof listing[0], "one listing per opener");

const bsyn_oracle_kind *bsyn_oracle_kinds(void) { return listing; }

bsyn_oracle *bsyn_oracle_open(const char *spec, bsyn_diag *d) {
  if (d)
    bsyn_diag_init(d, spec); /* readers of a FILE name the file instead */
  for (size_t i = 0; i < NUM_KINDS; i++) {
    const opener *k = &openers[i];
    size_t n = strlen(k->name);
    if (k->prefix ? strncmp(spec, k->name, n) != 0 : strcmp(spec, k->name) != 0)
      continue;
    if (k->prefix && !spec[n]) {
      bsyn_diag_set(d, 0, 0, "expected an argument after '%s' (%s), found end of spec", k->name,
                    listing[i].pattern);
      return NULL;
    }
    return k->open(spec, k->prefix ? spec + n : spec, d);
  }
  char names[256] = "";
  for (size_t i = 0; i < NUM_KINDS; i++) {
    strncat(names, i ? ", " : "", sizeof names - strlen(names) - 1);
    strncat(names, listing[i].pattern, sizeof names - strlen(names) - 1);
  }
  bsyn_diag_set(d, 0, 0, "expected an oracle (%s), found '%s'", names, spec);
  return NULL;
}
