/* bsyn_gates_rv32ia.h — programs on a gate-level rv32ia-priv machine step.
 *
 * A step of bsyn_runner_ia.h backed by a netlist with the rv32ia-priv layout (1,798 inputs,
 * 1,826 outputs; docs/rv32ia-priv.md), read bit for bit as the oracle's. The ADDR pass
 * evaluates load_addr and store_addr only; the FINAL pass every output. Two evaluators
 * (bsyn_gates.h, bsyn_gates_spec.h), same bits:
 *  - BSYN_GATES_SPEC: specialised per key value, the key being inst, pc, irq, the three
 *    page-fault inputs and priv (what decides which logic an instruction goes through), one
 *    part per output field; the registers, CSRs and load_data are the free inputs. An
 *    x<k>_next that is a copy of x<k> for the instruction at hand costs nothing;
 *  - any other mode: demand-driven (bsyn_gates_new with that mode).
 *
 * Not thread safe: one step per runner. */
#ifndef BSYN_GATES_RV32IA_H
#define BSYN_GATES_RV32IA_H

#include <stdint.h>

#include "bsyn_aig.h"
#include "bsyn_gates.h"
#include "bsyn_gates_spec.h"
#include "bsyn_runner_ia.h"
#include "bsyn_util.h"

typedef struct bsyn_gates_rv32ia bsyn_gates_rv32ia;

/* Creates the step for aig (copied; aig may be freed afterwards). Returns NULL with d's
 * message set (d's path is left alone) when aig's counts are not the layout's: "expected
 * 1798 inputs and 1826 outputs (the rv32ia-priv layout), found 12 inputs and 3 outputs". */
bsyn_gates_rv32ia *bsyn_gates_rv32ia_new(const bsyn_aig *aig, bsyn_gates_mode mode, bsyn_diag *d);
void bsyn_gates_rv32ia_free(bsyn_gates_rv32ia *s); /* NULL allowed */

/* 1 when aig has the rv32ia-priv layout's input and output counts. */
int bsyn_gates_rv32ia_fits(const bsyn_aig *aig);

/* The netlist as a bsyn_runner_ia_step (ctx = s). Never fails. */
int bsyn_gates_rv32ia_step(void *ctx, bsyn_runner_ia_pass pass, const bsyn_rv32ia_in *in,
                           bsyn_rv32ia_out *out, bsyn_diag *d);

/* With BSYN_GATES_SPEC: fills st with the specialised evaluator's counters and returns 1;
 * otherwise returns 0 and leaves st alone. */
int bsyn_gates_rv32ia_spec_stats(const bsyn_gates_rv32ia *s, bsyn_gates_spec_stats *st);

#endif
