/* bsyn_cl.h — the OpenCL runtime: device discovery and choice, program build with a binary
 * cache, buffers and launches, every call checked and reported by name.
 *
 * Everything here degrades cleanly: in a build without OpenCL (BSYN_HAVE_OPENCL undefined)
 * or on a machine without a platform, bsyn_cl_open fails with a diagnostic and callers take
 * the CPU path. Nothing here prints; the CLI turns diagnostics into one-line notices. */
#ifndef BSYN_CL_H
#define BSYN_CL_H

#include <stddef.h>
#include <stdint.h>

#include "bsyn_util.h"

/* What `bsyn devices` shows of one OpenCL device. */
typedef struct bsyn_cl_device_info {
  unsigned index;          /* the N of --device opencl:N, counted over all platforms */
  char platform[128];
  char name[128];
  char type[16];           /* "cpu", "gpu", "accelerator", "other" */
  char version[128];       /* device OpenCL version string */
  char driver[64];
  unsigned compute_units;
  uint64_t global_mem;     /* bytes */
  uint64_t max_alloc;      /* bytes */
} bsyn_cl_device_info;

/* Fills *out with every device of every platform (malloc'ed array, *n entries). Returns 0,
 * or -1 with d filled when OpenCL is unavailable or no platform exists (*out NULL, *n 0). */
int bsyn_cl_list(bsyn_cl_device_info **out, size_t *n, bsyn_diag *d);

/* Where work runs. */
typedef enum bsyn_device_kind {
  BSYN_DEVICE_AUTO = 0, /* per kernel, whichever path measured faster here (bsyn_cl_auto.h) */
  BSYN_DEVICE_CPU,      /* plain C / SIMD path */
  BSYN_DEVICE_OPENCL    /* OpenCL device `index` */
} bsyn_device_kind;

typedef struct bsyn_device_choice {
  bsyn_device_kind kind;
  unsigned index; /* for OPENCL */
} bsyn_device_choice;

/* The kernels that have both a C path and an OpenCL path; `auto` chooses per kernel. */
typedef enum bsyn_kernel_id {
  BSYN_KERNEL_AIG_SIM = 0, /* AIG simulation (bsyn verify): kernels/aig_sim.cl */
  BSYN_KERNEL_BSD_EVAL,    /* BSD evaluation: kernels/bsd_eval.cl */
  BSYN_KERNEL_PROBE,       /* the learner's probe batches (bsyn learn): kernels/probe.cl */
  BSYN_KERNEL_COUNT
} bsyn_kernel_id;

/* "aig_sim", "bsd_eval", "probe"; "?" for anything else. Pure. */
const char *bsyn_kernel_id_name(bsyn_kernel_id k);

/* Parses "auto", "cpu", "opencl" or "opencl:N". A NULL or empty spec falls back to the
 * BSYN_DEVICE environment variable, then to "auto". Returns 0 or -1 with d filled. */
int bsyn_device_parse(const char *spec, bsyn_device_choice *out, bsyn_diag *d);

/* An open device: context, queue and a program cache (opaque). */
typedef struct bsyn_cl bsyn_cl;

/* Resolves a choice for kernel k into an open device, or NULL for the C path:
 *   cpu        NULL, d untouched;
 *   opencl[:N] device N, or NULL with d filled when it cannot be opened (the caller prints
 *              the one-line notice and goes on with the C path);
 *   auto       the path bsyn_cl_auto_decide measured fastest for k on this machine (cached
 *              on disk, so only the first run measures): NULL when that is the C path or
 *              when there is no OpenCL; NULL with d filled when the C path was taken
 *              because an OpenCL device failed during this run's calibration, or when the
 *              chosen device cannot be opened (print the notice, go on with the C path).
 * Results never depend on the choice: every path gives the same bits. Not thread-safe
 * while it calibrates (it may write the cache; concurrent processes are fine). Defined in
 * bsyn_cl_auto.c. */
bsyn_cl *bsyn_device_open(const bsyn_device_choice *choice, bsyn_kernel_id k, bsyn_diag *d);

/* Opens device `index` (0 when choosing "opencl" without a number). Returns NULL with d
 * filled on any failure (no OpenCL, no such device, context or queue creation failed). */
bsyn_cl *bsyn_cl_open(unsigned index, bsyn_diag *d);
void bsyn_cl_close(bsyn_cl *cl);
const bsyn_cl_device_info *bsyn_cl_info(const bsyn_cl *cl);

/* Name of an OpenCL status code ("CL_OUT_OF_RESOURCES"), or "CL_UNKNOWN_ERROR(<n>)" in a
 * static buffer. */
const char *bsyn_cl_error_name(int status);

/* The source of an embedded kernel file (e.g. "aig_sim.cl"), with the shared header
 * pasted in. With BSYN_KERNEL_DIR set, reads the file from that folder instead (for
 * editing kernels without rebuilding). Returns a malloc'ed string or NULL with d filled. */
char *bsyn_cl_kernel_source(const char *file, bsyn_diag *d);

/* Builds (or loads from the cache) the program for an embedded kernel file with build
 * options; returns an opaque program handle owned by cl (freed by bsyn_cl_close), or NULL
 * with d filled (the build log's first line included). The cache lives in
 * $BSYN_CL_CACHE, else $XDG_CACHE_HOME/bsyn/cl, else ~/.cache/bsyn/cl, keyed by platform,
 * device, driver, options and a hash of the source. */
void *bsyn_cl_program(bsyn_cl *cl, const char *file, const char *options, bsyn_diag *d);

/* 1 when the last bsyn_cl_program call was served from the binary cache. */
int bsyn_cl_program_was_cached(const bsyn_cl *cl);

/* The folder of bsyn's OpenCL caches (program binaries, auto decisions) into buf:
 * $BSYN_CL_CACHE, else $XDG_CACHE_HOME/bsyn/cl, else $HOME/.cache/bsyn/cl (/tmp without
 * HOME). Does not create it. Reads the environment only. */
void bsyn_cl_cache_dir(char *buf, size_t size);

/* Creates folder path and its parents (mode 0777 before umask); existing ones are fine.
 * Returns 0 when path is a folder afterwards, else -1 (errno from the last mkdir). */
int bsyn_cl_mkdirs(const char *path);

/* One step of the FNV-1a hash the caches are keyed with: mixes string s (and a field
 * separator) into h; start from 0xcbf29ce484222325. Pure. */
uint64_t bsyn_cl_hash(uint64_t h, const char *s);

#endif
