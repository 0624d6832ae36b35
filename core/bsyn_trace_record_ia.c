/* Recording rv32ia-priv steps: the layout check and the tap, a step in front of another that
 * packs the final pass's input (the one the step's outputs answer) into the recorder. */
#include <stdio.h>
#include <string.h>

#include "bsyn_rv32ia_oracle.h"
#include "bsyn_sample_rv32ia.h"
#include "bsyn_trace_ia.h"

/* The layout position of the input field `name` (width in *width), or -1 when the layout has
 * no such field. */
static long ia_field(const char *name, int hints, uint32_t *width) {
  static const struct {
    const char *name;
    uint32_t lsb, width;
  } tail[] = {{"inst", BSYN_RV32IA_IN_INST, 32},
              {"pc", BSYN_RV32IA_IN_PC, 32},
              {"load_data", BSYN_RV32IA_IN_LOAD_DATA, 32},
              {"irq", BSYN_RV32IA_IN_IRQ, 1},
              {"inst_page_fault", BSYN_RV32IA_IN_INST_PAGE_FAULT, 1},
              {"load_page_fault", BSYN_RV32IA_IN_LOAD_PAGE_FAULT, 1},
              {"store_page_fault", BSYN_RV32IA_IN_STORE_PAGE_FAULT, 1},
              {"priv", BSYN_RV32IA_IN_PRIV, 2},
              {"rs1_hint", BSYN_RV32IA_IN_RS1_HINT, 32},
              {"rs2_hint", BSYN_RV32IA_IN_RS2_HINT, 32},
              {"csr_hint", BSYN_RV32IA_IN_CSR_HINT, 32}};
  *width = 32;
  char x[8];
  for (unsigned k = 0; k < 32; k++) {
    snprintf(x, sizeof x, "x%u", k);
    if (!strcmp(name, x))
      return BSYN_RV32IA_IN_X0 + 32 * (long)k;
  }
  for (unsigned k = 0; k < BSYN_RV32IA_NUM_CSRS; k++)
    if (!strcmp(name, bsyn_rv32ia_csr_name(k)))
      return BSYN_RV32IA_IN_CSR + 32 * (long)k;
  for (size_t k = 0; k < sizeof tail / sizeof tail[0] - (hints ? 0 : 3); k++)
    if (!strcmp(name, tail[k].name)) {
      *width = tail[k].width;
      return tail[k].lsb;
    }
  return -1;
}

int bsyn_trace_is_ia_layout(const bsyn_oracle *o) {
  int hints = o->num_inputs == BSYN_RV32IA_NUM_INPUTS_HINTS;
  if ((o->num_inputs != BSYN_RV32IA_NUM_INPUTS && !hints) ||
      o->num_outputs != BSYN_RV32IA_NUM_OUTPUTS)
    return 0;
  if (!o->num_in_fields) /* a netlist without names: the counts are all there is */
    return 1;
  uint32_t covered = 0, width;
  for (uint32_t f = 0; f < o->num_in_fields; f++) {
    const bsyn_field *fl = &o->in_fields[f];
    if (ia_field(fl->name, hints, &width) != (long)fl->lsb || width != fl->width)
      return 0;
    covered += fl->width;
  }
  return covered == o->num_inputs;
}

bsyn_trace_recorder *bsyn_trace_recorder_open_ia(const char *path, bsyn_oracle *o,
                                                 const bsyn_trace_record_opts *opts, bsyn_diag *d) {
  if (!bsyn_trace_is_ia_layout(o)) {
    bsyn_diag_set(d, 0, 0,
                  "expected an oracle with the rv32ia-priv layout (%u or %u inputs with hints, %u "
                  "outputs), found %s with %u inputs and %u outputs",
                  BSYN_RV32IA_NUM_INPUTS, BSYN_RV32IA_NUM_INPUTS_HINTS, BSYN_RV32IA_NUM_OUTPUTS,
                  o->name, o->num_inputs, o->num_outputs);
    return NULL;
  }
  return bsyn_trace_recorder_open_vectors(path, o, opts, d);
}

void bsyn_trace_ia_tap_init(bsyn_trace_ia_tap *tap, bsyn_runner_ia_step inner,
                            bsyn_trace_recorder *rec) {
  memset(tap, 0, sizeof *tap);
  tap->inner = inner;
  tap->rec = rec;
  tap->hints = bsyn_trace_recorder_oracle(rec)->num_inputs == BSYN_RV32IA_NUM_INPUTS_HINTS;
}

int bsyn_trace_ia_tap_step(void *ctx, bsyn_runner_ia_pass pass, const bsyn_rv32ia_in *in,
                           bsyn_rv32ia_out *out, bsyn_diag *d) {
  bsyn_trace_ia_tap *tap = ctx;
  if (tap->inner.eval(tap->inner.ctx, pass, in, out, d))
    return -1;
  if (pass != BSYN_RUNNER_IA_PASS_FINAL)
    return 0;
  bsyn_rv32ia_in v = *in;
  v.hints = 0;
  if (tap->hints)
    bsyn_rv32ia_true_hints(&v);
  bsyn_rv32ia_pack_in(&v, tap->bits);
  return bsyn_trace_recorder_add(tap->rec, tap->bits, d);
}
