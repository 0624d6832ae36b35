/* bsyn_trace_ia.h — traces of programs on the rv32ia-priv machine (docs/traces.md): a step
 * that records each step's input vector, the final one with load_data, in front of any other
 * step of bsyn_runner_ia.
 *
 * Typical use:
 *   bsyn_trace_recorder *rec = bsyn_trace_recorder_open_ia(path, oracle, &opts, &d);
 *   bsyn_trace_ia_tap tap;
 *   bsyn_trace_ia_tap_init(&tap, r->step, rec);
 *   r->step = (bsyn_runner_ia_step){bsyn_trace_ia_tap_step, &tap};
 *   bsyn_runner_ia_run(r, max_steps);
 *   bsyn_trace_recorder_close(rec, &d); */
#ifndef BSYN_TRACE_IA_H
#define BSYN_TRACE_IA_H

#include "bsyn_runner_ia.h"
#include "bsyn_trace.h"

/* 1 when o has the rv32ia-priv layout: 1,798 inputs (1,894 with :hints) and 1,826 outputs,
 * and, when o names its input fields, x0..x31, the CSRs, inst, pc, load_data, irq, the page
 * faults, priv (and the hints) at their layout positions (docs/rv32ia-priv.md). */
int bsyn_trace_is_ia_layout(const bsyn_oracle *o);

/* Opens path for an oracle o with the rv32ia-priv layout (not owned; must outlive the
 * recorder); opts may be NULL (every step). Returns NULL with d filled when o has another
 * layout or answers no queries, or path cannot be written. */
bsyn_trace_recorder *bsyn_trace_recorder_open_ia(const char *path, bsyn_oracle *o,
                                                 const bsyn_trace_record_opts *opts, bsyn_diag *d);

/* A bsyn_runner_ia_step that passes both passes on to `inner` and, after the final pass
 * succeeded, offers its input to `rec`: the registers, CSRs, pc, inst, priv, irq and the
 * load_data the step was answered with, page faults 0, and with :hints the true operands
 * (bsyn_rv32ia_true_hints). A recorder error ends the run with BSYN_RUNNER_ERROR. */
typedef struct bsyn_trace_ia_tap {
  bsyn_runner_ia_step inner;
  bsyn_trace_recorder *rec; /* not owned */
  int hints;
  uint64_t bits[BSYN_RV32IA_IN_WORDS];
} bsyn_trace_ia_tap;

/* Fills tap for inner and rec (from bsyn_trace_recorder_open_ia). */
void bsyn_trace_ia_tap_init(bsyn_trace_ia_tap *tap, bsyn_runner_ia_step inner,
                            bsyn_trace_recorder *rec);

int bsyn_trace_ia_tap_step(void *ctx, bsyn_runner_ia_pass pass, const bsyn_rv32ia_in *in,
                           bsyn_rv32ia_out *out, bsyn_diag *d);

#endif
