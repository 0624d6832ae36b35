/* bsyn_gates_rv32.h — RV32I programs on a gate-level core.
 *
 * A runner step (bsyn_runner.h) backed by a netlist with the rv32i-core or rv32i-full bit
 * layout (docs/rv32i-core.md, docs/rv32i-full.md), evaluated demand-driven (bsyn_gates.h):
 * each phase computes only the outputs the runner uses then. Optionally the reference model
 * runs beside it in lock-step, and the first divergence can be explained field by field.
 *
 * rv32i-core: the runner keeps the registers; the netlist answers exactly like the
 * reference step. rv32i-full: the registers are netlist inputs x1..x31 and outputs
 * x1_next..x31_next; the step reads the runner's registers and answers the register write
 * as the one register whose value changes (rd_we = 1, rd_addr = k, rd_wdata = its new
 * value), or rd_we = 0 (rd_addr = inst[11:7], rd_wdata = 0) when none does. A netlist that
 * changes two registers in one step fails the step. In lock-step the reference's answer is
 * seen the same way (a write of the value a register already holds is no write), so the two
 * agree exactly when the next states agree.
 *
 * Not thread safe: one step per runner. */
#ifndef BSYN_GATES_RV32_H
#define BSYN_GATES_RV32_H

#include <stddef.h>
#include <stdint.h>

#include "bsyn_aig.h"
#include "bsyn_gates.h"
#include "bsyn_gates_spec.h"
#include "bsyn_runner.h"
#include "bsyn_util.h"

typedef enum bsyn_gates_layout {
  BSYN_GATES_RV32I_CORE = 0, /* 160 inputs, 155 outputs */
  BSYN_GATES_RV32I_FULL      /* 1,088 inputs, 1,099 outputs */
} bsyn_gates_layout;

typedef struct bsyn_gates_rv32 bsyn_gates_rv32;

/* Creates the step for aig (copied; aig may be freed afterwards). oracle names the layout,
 * "rv32i-core" or "rv32i-full", or is NULL to take the one whose input and output counts
 * aig has. Returns NULL with d's message set (d's path is left alone) for an unknown name,
 * or when the counts differ from the layout: "expected 160 inputs and 155 outputs (the
 * rv32i-core layout), found 12 inputs and 3 outputs". mode: see bsyn_gates_new; with
 * BSYN_GATES_SPEC the netlist is specialised per (pc, inst) instead (bsyn_gates_spec.h:
 * key = pc and inst, one part per output field, the default cache budget, and a pair
 * specialised the BSYN_GATES_RV32_MIN_HITS-th time it runs). */
bsyn_gates_rv32 *bsyn_gates_rv32_new(const bsyn_aig *aig, const char *oracle, bsyn_gates_mode mode,
                                     bsyn_diag *d);

/* bsyn_gates_spec_params.min_hits of BSYN_GATES_SPEC steps: adaptive (a build costs about
 * as much as 2-30 demand-driven evaluations, from the RTL core to a 130 k-AND learned
 * netlist: docs/gates.md). */
#define BSYN_GATES_RV32_MIN_HITS BSYN_GATES_SPEC_AUTO_HITS

/* As bsyn_gates_rv32_new with BSYN_GATES_SPEC, with min_hits and cache_bytes of
 * bsyn_gates_spec_params given (for benches and tests). */
bsyn_gates_rv32 *bsyn_gates_rv32_new_spec(const bsyn_aig *aig, const char *oracle,
                                          uint32_t min_hits, size_t cache_bytes, bsyn_diag *d);
void bsyn_gates_rv32_free(bsyn_gates_rv32 *s); /* NULL allowed */

bsyn_gates_layout bsyn_gates_rv32_layout(const bsyn_gates_rv32 *s);
/* The oracle name of a layout ("rv32i-core", "rv32i-full"). */
const char *bsyn_gates_layout_name(bsyn_gates_layout layout);

/* Makes s the step of r: the netlist alone, or with lockstep != 0 the netlist beside the
 * reference model (bsyn_runner_lockstep_step: the run carries on with the reference's
 * answer and ends with BSYN_RUNNER_ERROR at the first difference). Alone, each phase
 * evaluates only what the runner reads in it (docs/gates.md): mem_addr only for a load; in
 * the final phase only cause on a trap, rd_addr/rd_wdata only when rd_we, the store's
 * address and lanes only when mem_we; the rest is reported as 0 (an observer sees those
 * zeros). In lock-step every output the runner uses up to the phase is evaluated. s reads
 * r's registers, so it must stay attached to r only; free s after r's last run. */
void bsyn_gates_rv32_attach(bsyn_gates_rv32 *s, bsyn_runner *r, int lockstep);

/* The netlist as a bsyn_runner_step (ctx = s), the one attach installs without lock-step;
 * until attached it evaluates every output the runner uses up to the phase. A rv32i-full
 * step must be attached first (it reads the runner's registers). Returns 0, or -1 with d
 * filled when a rv32i-full netlist changes more than one register. */
int bsyn_gates_rv32_step(void *ctx, bsyn_runner_phase phase, const bsyn_rv32_in *in,
                         bsyn_rv32_out *out, bsyn_diag *d);

/* Every output on one complete input: in (rv32i-full ignores rs1_val/rs2_val and reads
 * x[1..31] instead; x may be NULL for rv32i-core). out gets the step's answer as described
 * above; next_x (may be NULL) receives x1..x31's next values in next_x[1..31] (rv32i-core:
 * x with out's register write applied), next_x[0] = 0. Returns 0, or -1 with d filled as
 * bsyn_gates_rv32_step. */
int bsyn_gates_rv32_eval(bsyn_gates_rv32 *s, const bsyn_rv32_in *in, const uint32_t *x,
                         bsyn_rv32_out *out, uint32_t *next_x, bsyn_diag *d);

/* After a lock-step run of r that ended at a divergence, writes a report into buf (several
 * lines, no final newline): the instruction's number, pc, disassembly and operand values,
 * then one line per output field whose value differs, the netlist's against the
 * reference's (only fields the runner uses in the phase where the difference appeared;
 * rv32i-full names registers as x5_next). Returns 1, or 0 (buf empty) when the run did not
 * diverge. */
int bsyn_gates_rv32_report(bsyn_gates_rv32 *s, const bsyn_runner *r, char *buf, size_t size);

/* Nodes the netlist evaluator computed so far (bsyn_gates_computed; with BSYN_GATES_SPEC
 * the residual nodes swept plus the demand evaluator's nodes for pairs not yet
 * specialised): for benches. */
uint64_t bsyn_gates_rv32_computed(const bsyn_gates_rv32 *s);

/* With BSYN_GATES_SPEC: fills st with the specialised evaluator's counters and returns 1;
 * otherwise returns 0 and leaves st alone. */
int bsyn_gates_rv32_spec_stats(const bsyn_gates_rv32 *s, bsyn_gates_spec_stats *st);

#endif
