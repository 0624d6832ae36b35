/* bsyn_oracle.h — the black box the learner asks.
 *
 * Every oracle answers batches in bit-sliced form: 64 vectors per uint64_t word, one row of
 * nwords words per input bit and per output bit.
 *   in [i * nwords + w]  bit b = input i of vector 64*w + b      (num_inputs rows)
 *   out[o * nwords + w]  bit b = output o of vector 64*w + b     (num_outputs rows)
 * Inputs and outputs are also grouped into named fields (little-endian: bit k of field
 * "inst" is input in_fields[j].lsb + k), which is how tools print vectors.
 *
 * Oracles made from fixed example sets (pla:) cannot answer arbitrary queries: their eval is
 * NULL and their examples are in samples_in/samples_out instead. */
#ifndef BSYN_ORACLE_H
#define BSYN_ORACLE_H

#include <stddef.h>
#include <stdint.h>

#include "bsyn_util.h"

typedef struct bsyn_field {
  const char *name; /* owned by the oracle */
  uint32_t lsb;     /* first bit */
  uint32_t width;   /* number of bits */
} bsyn_field;

/* The index of the first field where the lists a (na fields) and b (nb) differ in name, lsb
 * or width (or where one list ends before the other), or -1 when they agree. */
long bsyn_fields_first_difference(const bsyn_field *a, uint32_t na, const bsyn_field *b,
                                  uint32_t nb);

typedef struct bsyn_oracle bsyn_oracle;

typedef struct bsyn_oracle_ops {
  /* Answers nwords*64 vectors. Returns 0, or -1 with d filled (e.g. an external responder
   * died). Must not keep pointers to in/out. */
  int (*eval)(bsyn_oracle *o, const uint64_t *in, uint64_t *out, size_t nwords, bsyn_diag *d);
  /* Frees o->state (and anything else the oracle allocated beyond the common fields). */
  void (*destroy)(bsyn_oracle *o);
} bsyn_oracle_ops;

struct bsyn_oracle {
  const bsyn_oracle_ops *ops;
  char *name;        /* owned: the spec it was opened with, e.g. "arith:add32" */
  char *description; /* owned, one line */
  uint32_t num_inputs;
  uint32_t num_outputs;
  bsyn_field *in_fields; /* owned array; names owned */
  uint32_t num_in_fields;
  bsyn_field *out_fields;
  uint32_t num_out_fields;
  int thread_safe; /* 1: eval may run concurrently on disjoint buffers */
  /* fixed example sets only (eval == NULL): rows as above, num_samples vectors */
  uint64_t *samples_in;
  uint64_t *samples_out;
  size_t num_samples;
  void *state; /* the implementation's */
};

/* Opens an oracle from a spec: "rv32i-core", "rv32i-full", "rv32ia-priv", "rv32ia-priv:hints",
 * "arith:<op><N>", "aig:FILE", "blif:FILE", "pla:FILE", "exec:CMD". Returns NULL with d filled
 * on an unknown name, an unknown flag or a bad file. */
bsyn_oracle *bsyn_oracle_open(const char *spec, bsyn_diag *d);

/* Closes o (NULL allowed). */
void bsyn_oracle_close(bsyn_oracle *o);

/* Evaluates a batch (see the layout above). Returns 0 or -1 with d filled. Aborts when the
 * oracle has no eval (a fixed example set). */
int bsyn_oracle_eval(bsyn_oracle *o, const uint64_t *in, uint64_t *out, size_t nwords,
                     bsyn_diag *d);

/* Helpers for implementations: allocate the common part with the given name and sizes. */
bsyn_oracle *bsyn_oracle_alloc(const bsyn_oracle_ops *ops, const char *name, uint32_t nin,
                               uint32_t nout);
/* Appends a named field (name copied) to the input (is_output=0) or output side. */
void bsyn_oracle_add_field(bsyn_oracle *o, int is_output, const char *name, uint32_t lsb,
                           uint32_t width);

/* Adds fields for one whole side of o (is_output selects it) from per-bit names: names has
 * num_inputs or num_outputs entries (names itself or any entry may be NULL). A run of bits
 * named base[0], base[1], ... base[w-1] becomes one field "base" of width w; any other named
 * bit becomes a one-bit field with its full name; an unnamed bit k becomes a field
 * "<unnamed_prefix><k>" (AIGER's i0, o3 convention). */
void bsyn_oracle_fields_from_names(bsyn_oracle *o, int is_output, char *const *names,
                                   const char *unnamed_prefix);

/* One entry of the registry listing: a name pattern and a one-line description. */
typedef struct bsyn_oracle_kind {
  const char *pattern;
  const char *description;
} bsyn_oracle_kind;
/* The known oracle kinds, terminated by an entry with pattern NULL. */
const bsyn_oracle_kind *bsyn_oracle_kinds(void);

#endif
