/* bsyn_arith.h — arithmetic oracles ("arith:<op><N>") and their structural reference AIGs.
 *
 * Every op has inputs a[N] b[N] (input bits 0..N-1 and N..2N-1), plus s (bit 2N) for mux
 * and op[2:0] (bits 2N..2N+2) for alu, and one output field y. Semantics (docs/arith.md):
 *   add sub          y[N] = a + b, a - b (mod 2^N)
 *   ltu lt eq        y    = a < b unsigned, a < b signed (two's complement), a == b
 *   shl shr sra      y[N] = a << k, a >> k (logical), a >> k (arithmetic), where
 *                    k = b mod 2^K, K = ceil(log2 N) (0 for N = 1); a shift by k >= N
 *                    (possible only when N is not a power of two) shifts every bit out
 *   and or xor       y[N] = a & b, a | b, a ^ b
 *   mux              y[N] = s ? b : a
 *   alu              y[N] = op 0 add, 1 sub, 2 and, 3 or, 4 xor, 5 shl, 6 shr, 7 sra
 * 1 <= N <= 64. Oracles evaluate bit-sliced, 64 vectors per machine word. */
#ifndef BSYN_ARITH_H
#define BSYN_ARITH_H

#include <stdint.h>

#include "bsyn_aig.h"
#include "bsyn_oracle.h"
#include "bsyn_util.h"

typedef enum bsyn_arith_op {
  BSYN_ARITH_ADD = 0,
  BSYN_ARITH_SUB,
  BSYN_ARITH_LTU,
  BSYN_ARITH_LT,
  BSYN_ARITH_EQ,
  BSYN_ARITH_SHL,
  BSYN_ARITH_SHR,
  BSYN_ARITH_SRA,
  BSYN_ARITH_AND,
  BSYN_ARITH_OR,
  BSYN_ARITH_XOR,
  BSYN_ARITH_MUX,
  BSYN_ARITH_ALU,
  BSYN_ARITH_NUM_OPS
} bsyn_arith_op;

/* alu's op[2:0] codes, in the order of the enum above. */
enum {
  BSYN_ALU_ADD = 0,
  BSYN_ALU_SUB,
  BSYN_ALU_AND,
  BSYN_ALU_OR,
  BSYN_ALU_XOR,
  BSYN_ALU_SHL,
  BSYN_ALU_SHR,
  BSYN_ALU_SRA
};

#define BSYN_ARITH_MAX_WIDTH 64u

typedef struct bsyn_arith_spec {
  bsyn_arith_op op;
  uint32_t width; /* N */
} bsyn_arith_spec;

/* Parses "<op><N>" with or without the "arith:" prefix (e.g. "add32", "arith:alu8").
 * Returns 0, or -1 with d filled ("expected ..., found ...") on an unknown op or a width
 * outside 1..64. Thread-safe. */
int bsyn_arith_parse(const char *spec, bsyn_arith_spec *out, bsyn_diag *d);

/* The op's name ("add", ...); aborts on an out-of-range op. */
const char *bsyn_arith_op_name(bsyn_arith_op op);

/* Number of input bits (2N, 2N+1 for mux, 2N+3 for alu) and output bits (1 for the
 * comparisons, else N) of s. */
uint32_t bsyn_arith_num_inputs(bsyn_arith_spec s);
uint32_t bsyn_arith_num_outputs(bsyn_arith_spec s);

/* One vector on scalars (bits above N ignored): c is s for mux, op for alu, else unused.
 * Returns y (zero-extended). The slow, obvious definition the tests compare against. */
uint64_t bsyn_arith_eval1(bsyn_arith_spec s, uint64_t a, uint64_t b, uint64_t c);

/* Opens the oracle for spec (as bsyn_arith_parse accepts; the oracle's name is
 * "arith:<op><N>"). Fields a, b, [s | op], y. Thread-safe evaluation. Returns NULL with d
 * filled on a bad spec. Close with bsyn_oracle_close. */
bsyn_oracle *bsyn_arith_open(const char *spec, bsyn_diag *d);

/* A structural reference AIG for spec (ripple-carry adder, ripple comparator, barrel
 * shifter, ...) with the oracle's input and output order. Bits are named "a[3]" (or "s",
 * "y" for one-bit fields). Returns NULL with d filled on a bad spec. Caller frees. */
bsyn_aig *bsyn_arith_reference(const char *spec, bsyn_diag *d);

#endif
