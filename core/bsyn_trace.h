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
 *   if (bsyn_trace_check_inputs(t, o, &d)) ... not this oracle's (d says why)
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

/* Writes the vectors of the traces at paths[0..n) (n >= 1), in that order, as one trace at
 * out (through a streaming writer: the old file stays until it is complete). Every trace
 * must have the first one's oracle name, counts and fields. Returns 0 with *count the vectors
 * written, or -1 with d filled and d->path the file at fault. Holds one input trace in
 * memory at a time. */
int bsyn_trace_join(const char *out, const char *const *paths, size_t n, size_t *count,
                    bsyn_diag *d);

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

/* Records the steps of a program run as a trace: each step's input vector, answered by the
 * oracle itself in batches (not by the runner's step), so a trace is exactly what the oracle
 * says about the states the program went through. Filters (bsyn_trace_record_opts) decide
 * which steps become vectors. The rv32i machine feeds it through
 * bsyn_trace_recorder_observe; the rv32ia-priv machine through bsyn_trace_ia.h. */
typedef struct bsyn_trace_recorder bsyn_trace_recorder;

/* Which steps are recorded, applied in this order (all zero: every step). */
typedef struct bsyn_trace_record_opts {
  int dedup;            /* drop an input vector recorded before (by a 128-bit hash of it) */
  uint64_t per_pc;      /* at most this many vectors with one value of the pc field (0: all) */
  uint64_t max_vectors; /* record no more than this many vectors (0: no limit) */
} bsyn_trace_record_opts;

/* Opens path for an RV32 oracle o (not owned; must outlive the recorder) whose input fields
 * are filled by name from each rv32i step: pc, inst, rs1_val, rs2_val, mem_rdata (the final
 * value) and x1..x31 (the register file before the step): rv32i-core and rv32i-full.
 * opts may be NULL (every step). Returns NULL with d filled when o answers no queries, has an
 * input field the runner cannot supply, opts->per_pc is set and o has no 32-bit pc field,
 * or path cannot be written. */
bsyn_trace_recorder *bsyn_trace_recorder_open(const char *path, bsyn_oracle *o,
                                              const bsyn_trace_record_opts *opts, bsyn_diag *d);

/* Opens path for any oracle o that answers queries, whose input vectors the caller packs
 * itself (bsyn_trace_recorder_add); otherwise as bsyn_trace_recorder_open. */
bsyn_trace_recorder *bsyn_trace_recorder_open_vectors(const char *path, bsyn_oracle *o,
                                                      const bsyn_trace_record_opts *opts,
                                                      bsyn_diag *d);

/* Offers one input vector: bit i of the vector is bits[i / 64] bit i % 64 for i below the
 * oracle's num_inputs (higher bits ignored). It is recorded unless a filter drops it. Every
 * BATCH (4,096) recorded vectors are answered and written. Returns 0, or -1 with d filled
 * when the oracle or the file fails. */
int bsyn_trace_recorder_add(bsyn_trace_recorder *rec, const uint64_t *bits, bsyn_diag *d);

/* A bsyn_runner_observer for the rv32i runner: ctx is a recorder from
 * bsyn_trace_recorder_open. */
int bsyn_trace_recorder_observe(void *ctx, const bsyn_runner *r, const bsyn_rv32_in *in,
                                const bsyn_rv32_out *out, bsyn_diag *d);

/* The oracle the recorder answers with. */
const bsyn_oracle *bsyn_trace_recorder_oracle(const bsyn_trace_recorder *rec);

/* Vectors recorded so far, and vectors offered (recorded or dropped by a filter). */
size_t bsyn_trace_recorder_count(const bsyn_trace_recorder *rec);
uint64_t bsyn_trace_recorder_offered(const bsyn_trace_recorder *rec);

/* Answers and writes the vectors still buffered, completes the file and frees rec (also on
 * error). Returns 0 or -1 with d filled. */
int bsyn_trace_recorder_close(bsyn_trace_recorder *rec, bsyn_diag *d);

/* Checks that trace t can stand for inputs of oracle o: the same number of inputs, at least
 * one vector, and, when both name input fields, the same fields (name, first bit, width) in
 * the same order. Returns 0, or -1 with d's message naming the trace's oracle and the first
 * difference, e.g. "expected a trace of rv32ia-priv (1798 inputs), found one of rv32i-full
 * with 1088 inputs". */
int bsyn_trace_check_inputs(const bsyn_trace *t, const bsyn_oracle *o, bsyn_diag *d);

#endif
