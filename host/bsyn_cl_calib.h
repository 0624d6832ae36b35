/* bsyn_cl_calib.h — the fixed calibration batches that `--device auto` times, one per kernel
 * (bsyn_kernel_id), on the C path or on an OpenCL device.
 *
 * Each batch is small (a few milliseconds on the C path of a 2-core machine) and fixed, so
 * rates from different paths compare and a cached decision stays meaningful:
 *   aig_sim   a layered random AIG, 48 levels of 512 ANDs over 512 inputs, 64 words;
 *   bsd_eval  a random BSD of 16,000 nodes over 64 inputs, 16 roots, 64 words;
 *   probe     a learner level of 200 nodes on rv32i-core under the uniform sampler, each a
 *             16-word signature block and 6 sensitivity blocks of 4 words.
 * A device run includes the host<->device copies a caller pays; its program build and first
 * launch fall in an untimed warm-up run. */
#ifndef BSYN_CL_CALIB_H
#define BSYN_CL_CALIB_H

#include "bsyn_cl.h"
#include "bsyn_pool.h"

/* What one calibration measured. */
typedef struct bsyn_cl_calib_result {
  double work;    /* work items in one batch (node-words, or oracle vectors for probe) */
  double seconds; /* the best timed run */
  double per_s;   /* work / seconds */
  unsigned runs;  /* timed runs */
} bsyn_cl_calib_result;

/* The unit of kernel k's work: "node-words" (aig_sim, bsd_eval) or "vectors" (probe). Pure. */
const char *bsyn_cl_calib_unit(bsyn_kernel_id k);

/* One path's calibration in progress (opaque): the batch, its reference and its timings. */
typedef struct bsyn_cl_calib bsyn_cl_calib;

/* Prepares kernel k's batch for device cl, or for the C path when cl is NULL (with pool's
 * threads for aig_sim and probe; pool NULL = one thread; bsd_eval is single-threaded), and
 * does the untimed warm-up run (on a device: the program build or cache load and the first
 * launch). A device's batch also keeps the C path's answer, from one more untimed run.
 * Returns the calibration (free with bsyn_cl_calib_free), or NULL with d filled when the
 * warm-up failed. pool and cl must outlive it. */
bsyn_cl_calib *bsyn_cl_calib_new(bsyn_kernel_id k, bsyn_cl *cl, bsyn_pool *pool, bsyn_diag *d);

/* Times the n paths (NULL entries skipped) in 3 turns each, taking turns so that all of
 * them see the same load on a shared machine: a turn is 1 to 5 runs, until 8 ms are spent;
 * a path whose best run took over 0.15 s runs once in all. At most about 30 ms per path on
 * top of one run. A failing run ends that path's runs; bsyn_cl_calib_finish reports it. */
void bsyn_cl_calib_rounds(bsyn_cl_calib *const *paths, size_t n);

/* The result of c's timed runs: 0 with *out filled, or -1 with d filled (out zeroed) when a
 * run failed, nothing was timed, or a device's last answer differs from the C path's in
 * any bit. Changes nothing in c, so it may be called between bsyn_cl_calib_rounds calls. */
int bsyn_cl_calib_finish(bsyn_cl_calib *c, bsyn_cl_calib_result *out, bsyn_diag *d);

/* Frees c and its batch (not its device or pool); NULL is fine. */
void bsyn_cl_calib_free(bsyn_cl_calib *c);

/* The whole calibration of one path: bsyn_cl_calib_new, _rounds and _finish. Returns 0 with
 * *out filled, or -1 with d filled (out zeroed). Not thread-safe on one cl. */
int bsyn_cl_calibrate(bsyn_kernel_id k, bsyn_cl *cl, bsyn_pool *pool, bsyn_cl_calib_result *out,
                      bsyn_diag *d);

#endif
