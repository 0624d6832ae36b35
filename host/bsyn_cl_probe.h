/* bsyn_cl_probe.h — the learner's probe batches on an OpenCL device (kernels/probe.cl).
 *
 * The device draws the sample words itself with the uniform sampler's counter-based hash,
 * forces each request's path, flips its sensitivity input and answers with the oracle in the
 * kernel: only the request list goes in and one word per sample word comes back. Supported:
 * the uniform sampler (or refinement rows) with the arith:<op><N> and rv32i-core oracles.
 *
 * How the learner calls it (one line per probe batch, cl from bsyn_device_open):
 *
 *   rc = cl && bsyn_cl_probe_supported(pc->oracle, pc->sampler)
 *            ? bsyn_cl_probe_run(cl, pc, reqs, n, d)
 *            : bsyn_probe_run(pc, reqs, n, d);
 *
 * and on an OpenCL failure (rc != 0 from the device path) it may print the one-line notice
 * and rerun the same list with bsyn_probe_run: nothing was written to the requests then. */
#ifndef BSYN_CL_PROBE_H
#define BSYN_CL_PROBE_H

#include <stddef.h>

#include "bsyn_cl.h"
#include "bsyn_learn_internal.h"

/* 1 when the device path answers probes of oracle o under sampler s bit for bit as
 * bsyn_probe_run does: s is the plain uniform sampler (kind "uniform", no fixup) over o's
 * inputs, and o is "rv32i-core" or "arith:<op><N>". 0 otherwise (other samplers, other
 * oracles): the caller then uses bsyn_probe_run. Pure and thread-safe. */
int bsyn_cl_probe_supported(const bsyn_oracle *o, const bsyn_sampler *s);

/* bsyn_probe_run on device cl, in one launch for the whole list: the same contract (dest
 * rows, sensitivity counts, group order, pc->words_done) and the same words, bit for bit.
 * Refinement requests read pc->ref_rows. Requires bsyn_cl_probe_supported(pc->oracle,
 * pc->sampler); aborts on requests that bsyn_probe_run would also misread (a path or flip
 * input out of range, refinement words past pc->ref_words). Returns 0, or -1 with d filled
 * on an unsupported oracle or sampler, a build without OpenCL, or an OpenCL failure (then
 * no dest or count was touched). Not thread-safe on one cl. */
int bsyn_cl_probe_run(bsyn_cl *cl, bsyn_probe_ctx *pc, const bsyn_probe_req *reqs, size_t n,
                      bsyn_diag *d);

/* The same kernel body run on the host, item by item, without OpenCL (tests and builds
 * without a device): contract and results as bsyn_cl_probe_run. Single-threaded. */
int bsyn_cl_probe_run_host(bsyn_probe_ctx *pc, const bsyn_probe_req *reqs, size_t n, bsyn_diag *d);

/* The learner's hook (bsyn_learn_params.offload = {bsyn_cl_probe_offload, &state}): batches
 * the device supports go to state->cl, the rest to the CPU path. An OpenCL failure never
 * stops the run: the hook records it in state (failed, error), answers 0 so the CPU path
 * takes that batch, and sends every later batch to the CPU too; the caller prints the
 * one-line notice. batches counts the batches the device answered.
 *
 * Lazy opening (`--device auto`): with lazy set and cl NULL, the hook leaves batches to the
 * CPU path until BSYN_CL_PROBE_LAZY_SECONDS have passed since the first batch the device
 * could take, and only then opens `choice` (bsyn_device_open: the cached measurement, or
 * the calibration on a machine's first run). A small job never pays for OpenCL's start-up
 * (driver load and program: 0.10 s warm, 3.5 s with a cold program cache with PoCL on a
 * 2-core machine, against 0.04 s for all of arith:add32 on the CPU path); a large one
 * loses at most that wait (BSYN_DEVICE_WAIT=S in the environment sets another wait, 0 = open at the first
 * batch). opened is 1 once the open was tried; a failed open leaves cl NULL and the
 * reason in error (the caller prints the notice). */
typedef struct bsyn_cl_probe_state {
  bsyn_cl *cl;
  uint64_t batches;
  int failed;
  bsyn_diag error;
  int lazy, opened;
  bsyn_device_choice choice;
  double first_batch; /* CLOCK_MONOTONIC seconds of the first batch the device could take */
} bsyn_cl_probe_state;

#define BSYN_CL_PROBE_LAZY_SECONDS 0.5
int bsyn_cl_probe_offload(void *state, bsyn_probe_ctx *pc, const bsyn_probe_req *reqs, size_t n,
                          bsyn_diag *d);

#endif
