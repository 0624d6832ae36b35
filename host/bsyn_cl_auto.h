/* bsyn_cl_auto.h — `--device auto`: a measured choice per kernel between the C path and each
 * OpenCL device, kept on disk so that only the first run on a machine measures.
 *
 * On the first use of a kernel, bsyn_cl_auto_decide times the kernel's fixed calibration
 * batch (bsyn_cl_calib.h) on the C path and on every OpenCL device, picks the fastest
 * (bsyn_cl_auto_choose) and writes the decision next to the program binaries, in
 * <cache>/auto-<kernel>-<key>.txt (bsyn_cl_cache_dir). The key hashes what the rates depend
 * on: the decision format, the bsyn version, the kernel name and its OpenCL source, the host
 * (cores, SIMD path, CPU model) and every device's platform, name, driver and version in
 * order; any change there measures again. BSYN_CALIBRATE=1 (or `bsyn devices --calibrate`)
 * measures again whatever is cached. A device whose calibration fails is excluded and
 * recorded as failed; a file that does not parse, or whose choice is not what its rates
 * give, is ignored and rewritten.
 *
 * The choice never changes results: every path gives the same bits. Nothing here prints. */
#ifndef BSYN_CL_AUTO_H
#define BSYN_CL_AUTO_H

#include <stddef.h>
#include <stdint.h>

#include "bsyn_cl.h"

/* Devices measured at most (opencl:0 .. opencl:15); later ones are never chosen. */
#define BSYN_CL_AUTO_MAX_DEVICES 16

/* One path's measurement. */
typedef struct bsyn_cl_auto_rate {
  int device;   /* -1: the C path; else N of opencl:N */
  int failed;   /* 1: the calibration failed; never chosen */
  double per_s; /* work items per second (bsyn_cl_calib_unit); 0 when failed or unmeasured */
} bsyn_cl_auto_rate;

/* What auto does for one kernel on this machine. */
typedef struct bsyn_cl_auto_decision {
  bsyn_kernel_id kernel;
  uint64_t key;       /* bsyn_cl_auto_key; 0 when there is no OpenCL device */
  int device;         /* the choice: -1 the C path, else opencl:N */
  int measured;       /* 1: measured by this call; 0: read from the cache, or no device */
  unsigned num_rates; /* rates[0] is the C path, then the devices in index order */
  bsyn_cl_auto_rate rates[BSYN_CL_AUTO_MAX_DEVICES + 1];
  char error[256]; /* the first device failure of this measurement ("" when none) */
} bsyn_cl_auto_decision;

/* A device must beat the C path by this factor to be chosen: on a shared machine the rates
 * of one calibration vary by about that much, and the C path has no start-up cost (driver
 * load, program cache) and no copies. */
#define BSYN_CL_AUTO_MARGIN 1.10

/* The choice among n measured paths (entries failed or with per_s <= 0 or NaN are left
 * out): the device with the highest per_s, ties to the earlier entry, when it beats the
 * first C-path entry (device -1) by more than BSYN_CL_AUTO_MARGIN, else -1 (the C path).
 * Deterministic for the same rates. With no usable C-path entry the best device wins;
 * with nothing usable, -1. Pure. */
int bsyn_cl_auto_choose(const bsyn_cl_auto_rate *rates, size_t n);

/* The cache key of kernel k on this machine (see above). Returns 0, or -1 with d filled
 * when OpenCL is unavailable or has no device, or the kernel source cannot be had. */
int bsyn_cl_auto_key(bsyn_kernel_id k, uint64_t *key, bsyn_diag *d);

/* The decision file of kernel k under key: <cache>/auto-<kernel>-<key as 16 hex>.txt. */
void bsyn_cl_auto_path(bsyn_kernel_id k, uint64_t key, char *buf, size_t size);

/* Writes dec to path as text, atomically (a temporary file renamed), creating its folder.
 * The error text is not stored. Returns 0, or -1 with d filled when it cannot be written. */
int bsyn_cl_auto_write(const char *path, const bsyn_cl_auto_decision *dec, bsyn_diag *d);

/* Reads the decision at path into *out when it is for kernel k under key, parses in full,
 * has the C path first and devices in rising order, and its choice is what
 * bsyn_cl_auto_choose gives for its rates (out->measured = 0, error ""). Returns 0, or -1
 * with d filled (path and line) when the file is missing, corrupt or for another key; the
 * caller then measures again. */
int bsyn_cl_auto_read(const char *path, bsyn_kernel_id k, uint64_t key, bsyn_cl_auto_decision *out,
                      bsyn_diag *d);

typedef enum bsyn_cl_auto_mode {
  BSYN_CL_AUTO_CACHED = 0, /* the cache only; measures nothing */
  BSYN_CL_AUTO_DEFAULT,    /* the cache, else measure and store (BSYN_CALIBRATE=1: measure) */
  BSYN_CL_AUTO_MEASURE     /* measure and store, whatever is cached */
} bsyn_cl_auto_mode;

/* Fills *out with auto's decision for kernel k. Without an OpenCL device, or without the
 * kernel's source (a BSYN_KERNEL_DIR that lacks it; out->error then says so), it is the C
 * path (key 0; one rate, measured only under BSYN_CL_AUTO_MEASURE). Otherwise per mode: from
 * the cache, or measured (bsyn_cl_calib_rounds over the C path, with one thread per core,
 * and each device; a device's failure is recorded in rates and out->error) and stored; a
 * cache write failure is not an error. Returns 0, or -1 with d filled only under
 * BSYN_CL_AUTO_CACHED when nothing valid is cached (out then holds the key, the C path and no
 * rates). Not thread-safe. */
int bsyn_cl_auto_decide(bsyn_kernel_id k, bsyn_cl_auto_mode mode, bsyn_cl_auto_decision *out,
                        bsyn_diag *d);

#endif
