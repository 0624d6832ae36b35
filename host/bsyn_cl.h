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
  BSYN_DEVICE_AUTO = 0, /* per kernel, whichever path is faster here (see bsyn_cl_pick) */
  BSYN_DEVICE_CPU,      /* plain C / SIMD path */
  BSYN_DEVICE_OPENCL    /* OpenCL device `index` */
} bsyn_device_kind;

typedef struct bsyn_device_choice {
  bsyn_device_kind kind;
  unsigned index; /* for OPENCL */
} bsyn_device_choice;

/* Parses "auto", "cpu", "opencl" or "opencl:N". A NULL or empty spec falls back to the
 * BSYN_DEVICE environment variable, then to "auto". Returns 0 or -1 with d filled. */
int bsyn_device_parse(const char *spec, bsyn_device_choice *out, bsyn_diag *d);

/* An open device: context, queue and a program cache (opaque). */
typedef struct bsyn_cl bsyn_cl;

/* Resolves a choice into an open device, or NULL for the CPU path:
 *   cpu        NULL, d untouched;
 *   opencl[:N] device N, or NULL with d filled when it cannot be opened (the caller prints
 *              the one-line notice and goes on with the CPU path);
 *   auto       the first GPU when there is one, else NULL (the CPU path): on CPUs the C path
 *              beats a CPU OpenCL driver for every bsyn kernel (bench/cpu_vs_opencl: PoCL
 *              was 10-60x slower on a 2-core machine), so only a GPU is worth the copies. */
bsyn_cl *bsyn_device_open(const bsyn_device_choice *choice, bsyn_diag *d);

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

#endif
