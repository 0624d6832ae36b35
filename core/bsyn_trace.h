/* bsyn_trace.h — trace files: input vectors an oracle saw while a program ran, with the
 * oracle's answers. The learner loads them as importance samples, the verifier as test
 * vectors. File format: docs/traces.md (little-endian, bit-sliced blocks of 64 vectors).
 *
 * In memory a trace is bit-sliced exactly like an oracle batch (bsyn_oracle.h):
 *   in [i * nwords + w]  bit b = input i of vector 64*w + b     (num_inputs rows)
 *   out[o * nwords + w]  bit b = output o of vector 64*w + b    (num_outputs rows)
 * with nwords = ceil(num_vectors / 64) and the unused tail bits of the last word zero.
 *
 * Typical use (load importance samples):
 *   bsyn_trace *t; bsyn_diag d; bsyn_diag_init(&d, path);
 *   if (bsyn_trace_read(path, &t, &d)) return report(&d);
 *   if (strcmp(t->oracle, o->name) || t->num_inputs != o->num_inputs) ... not this oracle's
 *   use t->in / t->out / t->num_vectors ...; bsyn_trace_free(t); */
#ifndef BSYN_TRACE_H
#define BSYN_TRACE_H

#include <stddef.h>
#include <stdint.h>

#include "bsyn_oracle.h"
#include "bsyn_runner.h"
#include "bsyn_util.h"

typedef struct bsyn_trace {
  char *oracle; /* the oracle's name (spec), e.g. "rv32i-core" */
  uint32_t num_inputs;
  uint32_t num_outputs;
  bsyn_field *in_fields; /* the oracle's named fields, as in bsyn_oracle */
  uint32_t num_in_fields;
  bsyn_field *out_fields;
  uint32_t num_out_fields;
  size_t num_vectors;
  size_t nwords; /* ceil(num_vectors / 64) */
  uint64_t *in;  /* num_inputs * nwords words, 64-byte aligned */
  uint64_t *out; /* num_outputs * nwords words, 64-byte aligned */
} bsyn_trace;

/* Reads a whole trace file. Returns 0 with *out set (free with bsyn_trace_free), or -1 with
 * d filled and *out NULL: not a trace file, unknown version, inconsistent header, fields
 * outside the vectors, truncated or oversized data, non-zero padding. The message names the
 * byte offset of the defect. Memory: (num_inputs + num_outputs) * nwords * 8 bytes. */
int bsyn_trace_read(const char *path, bsyn_trace **out, bsyn_diag *d);

/* Frees t and everything it owns (NULL allowed). */
void bsyn_trace_free(bsyn_trace *t);

/* Writes t (all of it) to path. Returns 0, or -1 with d filled when the file cannot be
 * written. */
int bsyn_trace_write(const char *path, const bsyn_trace *t, bsyn_diag *d);

/* Streaming writer, for traces too long to hold in memory. */
typedef struct bsyn_trace_writer bsyn_trace_writer;

/* Starts path (a temporary beside it until close, bsyn_out.h) and writes the header taken
 * from hdr's oracle, counts and fields (hdr's vectors are ignored; hdr is not kept). Returns
 * NULL with d filled on an I/O error. */
bsyn_trace_writer *bsyn_trace_writer_open(const char *path, const bsyn_trace *hdr, bsyn_diag *d);

/* Appends count vectors given as bit-sliced rows with row stride nwords
 * (count <= 64 * nwords; in: num_inputs rows, out: num_outputs rows). Every call but the
 * last must append a multiple of 64 vectors (aborts otherwise). Returns 0 or -1 with d
 * filled on an I/O error. */
int bsyn_trace_writer_add(bsyn_trace_writer *w, const uint64_t *in, const uint64_t *out,
                          size_t nwords, size_t count, bsyn_diag *d);

/* Completes the file (the vector count goes into the header), puts it in place of path and
 * frees w, also on error. Returns 0 or -1 with d filled; after an error here or in an earlier
 * add, the old file at path is left as it was. */
int bsyn_trace_writer_close(bsyn_trace_writer *w, bsyn_diag *d);

/* Records the steps of a program run as a trace of an RV32 oracle. The oracle's input
 * fields are filled by name from each step: pc, inst, rs1_val, rs2_val, mem_rdata (the final
 * value) and x1..x31 (the register file before the step); its answers come from the
 * oracle itself, in batches. Works for rv32i-core and rv32i-full. */
typedef struct bsyn_trace_recorder bsyn_trace_recorder;

/* Opens path for oracle o (not owned; must outlive the recorder). Returns NULL with d
 * filled when o has an input field the runner cannot supply or path cannot be written. */
bsyn_trace_recorder *bsyn_trace_recorder_open(const char *path, bsyn_oracle *o, bsyn_diag *d);

/* A bsyn_runner_observer: ctx is the recorder. */
int bsyn_trace_recorder_observe(void *ctx, const bsyn_runner *r, const bsyn_rv32_in *in,
                                const bsyn_rv32_out *out, bsyn_diag *d);

/* Vectors recorded so far. */
size_t bsyn_trace_recorder_count(const bsyn_trace_recorder *rec);

/* Answers and writes the vectors still buffered, completes the file and frees rec (also on
 * error). Returns 0 or -1 with d filled. */
int bsyn_trace_recorder_close(bsyn_trace_recorder *rec, bsyn_diag *d);

#endif
