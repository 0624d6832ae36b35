/* Recording rv32ia-priv steps: the layout check and the tap, a step in front of another that
 * packs the final pass's input (the one the step's outputs answer) into the recorder. */
#include <string.h>

#include "bsyn_rv32ia_oracle.h"
#include "bsyn_sample_rv32ia.h"
#include "bsyn_trace_ia.h"

/* The position of the input field `name` in the layout of ref (the rv32ia-priv oracle itself,
 * whose field table is the layout's definition), width in *width; -1 when it has none. */
static long ia_field(const bsyn_oracle *ref, const char *name, uint32_t *width) {
  for (uint32_t f = 0; f < ref->num_in_fields; f++)
    if (!strcmp(name, ref->in_fields[f].name)) {
      *width = ref->in_fields[f].width;
      return ref->in_fields[f].lsb;
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
  bsyn_oracle *ref = bsyn_rv32ia_oracle(hints);
  uint32_t covered = 0, width = 0, f = 0;
  for (; f < o->num_in_fields; f++) {
    const bsyn_field *fl = &o->in_fields[f];
    if (ia_field(ref, fl->name, &width) != (long)fl->lsb || width != fl->width)
      break;
    covered += fl->width;
  }
  bsyn_oracle_close(ref);
  return f == o->num_in_fields && covered == o->num_inputs;
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
