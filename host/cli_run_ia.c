/* bsyn run on the rv32ia-priv machine (docs/runner.md, "The rv32ia-priv machine"): the
 * reference model, a netlist, or any oracle with the layout, alone or in lock-step. */
#include <stdio.h>
#include <string.h>

#include "bsyn_gates_rv32ia.h"
#include "bsyn_runner_ia.h"
#include "cli.h"
#include "cli_progress.h"
#include "cli_run.h"

#define IA_NAME "rv32ia-priv"

int bsyn_cli_run_is_ia(const bsyn_cli_run_opts *o) {
  if (o->machine)
    return !strcmp(o->machine, IA_NAME);
  if (!o->oracle)
    return 0;
  if (!strcmp(o->oracle, IA_NAME))
    return 1;
  return !o->netlist && strcmp(o->oracle, "rv32i-core") && strcmp(o->oracle, "rv32i-full");
}

/* The step is a netlist, or an oracle: --oracle SPEC without --ref (`rv32ia-priv` itself is
 * then the bit-sliced oracle; with --ref it only names the machine). */
static int wants_dut(const bsyn_cli_run_opts *o, const bsyn_aig *aig) {
  return aig || (o->oracle && !o->ref);
}

/* Instructions per slice between two looks at the progress line. */
#define RUN_SLICE (1u << 18)

/* One slice of r for bsyn_cli_progress_run. */
static int run_slice(void *ctx, uint64_t n, uint64_t *stepped) {
  bsyn_runner_ia *r = ctx;
  uint64_t before = r->steps;
  bsyn_runner_status s = bsyn_runner_ia_run(r, n);
  *stepped = r->steps - before;
  return (int)s;
}

/* Runs r as bsyn_runner_ia_run(r, max_steps) does; on a terminal in slices, with a progress
 * line (steps, rate, the share of --max-steps) between them. */
static bsyn_runner_status run_with_progress(bsyn_runner_ia *r, uint64_t max_steps,
                                            bsyn_cli_progress *line) {
  return (bsyn_runner_status)bsyn_cli_progress_run(line, max_steps, RUN_SLICE,
                                                   BSYN_RUNNER_STEP_LIMIT, "steps", run_slice, r);
}

/* The step under test besides the reference: a netlist or an oracle. */
typedef struct dut {
  bsyn_gates_rv32ia *gates;
  bsyn_oracle *oracle;
  bsyn_runner_ia_oracle os;
  bsyn_runner_ia_lockstep ls;
} dut;

/* Opens the netlist or oracle step of o into t. Returns 0, or 1 after printing the error. */
static int open_dut(const bsyn_cli_run_opts *o, bsyn_aig *aig, dut *t) {
  bsyn_diag d;
  if (aig) {
    bsyn_diag_init(&d, o->netlist);
    t->gates = bsyn_gates_rv32ia_new(aig, o->demand ? BSYN_GATES_MUX : BSYN_GATES_SPEC, &d);
    return t->gates ? 0 : bsyn_cli_report(&d);
  }
  bsyn_diag_init(&d, NULL);
  if (!(t->oracle = bsyn_oracle_open(o->oracle, &d)))
    return bsyn_cli_error("run", "%s", d.msg);
  if (t->oracle->num_inputs != BSYN_RV32IA_NUM_INPUTS ||
      t->oracle->num_outputs != BSYN_RV32IA_NUM_OUTPUTS || !t->oracle->ops->eval)
    return bsyn_cli_error("run",
                          "expected an oracle with %u inputs and %u outputs (the " IA_NAME
                          " layout), found '%s' with %u inputs and %u outputs",
                          BSYN_RV32IA_NUM_INPUTS, BSYN_RV32IA_NUM_OUTPUTS, o->oracle,
                          t->oracle->num_inputs, t->oracle->num_outputs);
  t->os.o = t->oracle;
  return 0;
}

/* Puts the step o asks for in r's place. */
static void attach(const bsyn_cli_run_opts *o, bsyn_runner_ia *r, dut *t) {
  bsyn_runner_ia_step s = t->gates ? (bsyn_runner_ia_step){bsyn_gates_rv32ia_step, t->gates}
                                   : (bsyn_runner_ia_step){bsyn_runner_ia_oracle_step, &t->os};
  if (!t->gates && !t->oracle)
    return; /* the reference, as bsyn_runner_ia_new left it */
  if (!o->lockstep) {
    r->step = s;
    return;
  }
  t->ls.ref = r->step;
  t->ls.dut = s;
  r->step = (bsyn_runner_ia_step){bsyn_runner_ia_lockstep_step, &t->ls};
}

static void report(const bsyn_cli_run_opts *o, const bsyn_runner_ia *r, const dut *t, double dt) {
  char what[640], text[4096];
  bsyn_runner_ia_describe(r, what, sizeof what);
  if (r->status != BSYN_RUNNER_PASS)
    fprintf(stderr, "bsyn run: %s: %s\n", o->prog, what);
  if (bsyn_runner_ia_lockstep_report(&t->ls, r, text, sizeof text))
    fprintf(stderr, "%s\n", text);
  if (o->stats)
    fprintf(stderr, "bsyn run: %s: %llu steps in %.3f s (%.4g M steps/s), %zu KiB of memory, %s\n",
            o->prog, (unsigned long long)r->steps, dt, dt > 0 ? (double)r->steps / dt / 1e6 : 0.0,
            r->mem->num_pages * (BSYN_MEM_PAGE_SIZE / 1024), what);
}

static int run_loaded(const bsyn_cli_run_opts *o, bsyn_runner_ia *r, const bsyn_elf *elf, dut *t) {
  attach(o, r, t);
  bsyn_cli_progress line;
  bsyn_cli_progress_init(&line, o->quiet);
  r->output = bsyn_cli_run_output;
  r->output_ctx = &line;
  double t0 = bsyn_cli_now();
  run_with_progress(r, o->max_steps ? o->max_steps : BSYN_RUNNER_IA_DEFAULT_STEPS, &line);
  double dt = bsyn_cli_now() - t0;
  fflush(stdout);
  report(o, r, t, dt);
  int code = r->exit_code;
  if (o->signature && r->status != BSYN_RUNNER_ERROR) {
    bsyn_diag d;
    bsyn_diag_init(&d, o->signature);
    if (bsyn_runner_write_signature_mem(r->mem, elf, o->signature, &d))
      code = bsyn_cli_report(&d);
  }
  return code;
}

int bsyn_cli_run_ia(const bsyn_cli_run_opts *o, bsyn_aig *aig) {
  dut t;
  memset(&t, 0, sizeof t);
  int code = 1;
  bsyn_diag d;
  bsyn_elf *elf = NULL;
  bsyn_runner_ia *r = NULL;
  int want_dut = wants_dut(o, aig);
  if (aig && o->oracle && strcmp(o->oracle, IA_NAME))
    code = bsyn_cli_error("run",
                          "expected --oracle " IA_NAME " with a netlist of this machine, "
                          "found '%s'",
                          o->oracle);
  else if (o->lockstep && !want_dut)
    code = bsyn_cli_error("run", "expected --netlist or --oracle SPEC with --lockstep, found none");
  else if (o->eval_set && !aig)
    code = bsyn_cli_error("run", "expected --netlist with --eval, found none");
  else if (!(want_dut && open_dut(o, aig, &t))) {
    if ((r = bsyn_runner_ia_open(o->prog, o->mem_limit, &elf, &d)))
      code = run_loaded(o, r, elf, &t);
    else
      code = bsyn_cli_report(&d);
  }
  bsyn_runner_ia_free(r);
  bsyn_elf_free(elf);
  bsyn_gates_rv32ia_free(t.gates);
  bsyn_oracle_close(t.oracle);
  bsyn_aig_free(aig);
  return code;
}
