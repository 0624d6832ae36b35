/* probe.cl — the learner's probe on a device: path-conditioned sample words drawn with the
 * uniform sampler's counter-based hash, answered by the arith:<op><N> or rv32i-core oracle
 * in the kernel, one output word per item (the host side is host/bsyn_cl_probe.c).
 *
 * One launch covers a whole request list side by side: item g is sample word g -
 * starts[r] of request r, where starts[r] <= g < starts[r + 1] (starts: prefix sums of the
 * requests' word counts, n + 1 entries). Request r is reqs[BSYN_PROBE_REQ_WORDS * r ..]:
 *   [0] path_off   its path is paths[path_off .. path_off + path_len), entries 2 * input + value
 *   [1] path_len
 *   [2] output     the oracle output kept
 *   [3] flip       input inverted after the path is forced, or 0xffffffff for none
 *   [4] flags      BSYN_PROBE_REFINE: words come from ref_rows, not the sampler;
 *                  BSYN_PROBE_WANT_X: also store the flipped input's unflipped word in xs
 *   [5] [6]        first sample word, low and high halves
 * Each item builds its 64 vectors exactly as bsyn_probe_run does (fill, force the path,
 * flip), evaluates the oracle on its one word and writes res[g] (and xs[g]). */

#include "bsyn_kernel_common.h"

#define BSYN_RV32_ROW_WORD 1
#include "bsyn_rv32_step.h"

enum {
  BSYN_PROBE_REQ_WORDS = 8,
  BSYN_PROBE_REFINE = 1,
  BSYN_PROBE_WANT_X = 2,
  BSYN_PROBE_NO_FLIP = -1,
  /* the oracles the kernel answers */
  BSYN_PROBE_RV32I_CORE = 0,
  BSYN_PROBE_ARITH = 1,
  /* arith ops in bsyn_arith_op order (core/bsyn_arith.h) */
  BSYN_PK_ADD = 0,
  BSYN_PK_SUB,
  BSYN_PK_LTU,
  BSYN_PK_LT,
  BSYN_PK_EQ,
  BSYN_PK_SHL,
  BSYN_PK_SHR,
  BSYN_PK_SRA,
  BSYN_PK_AND,
  BSYN_PK_OR,
  BSYN_PK_XOR,
  BSYN_PK_MUX,
  BSYN_PK_ALU,
  BSYN_PROBE_MAX_INPUTS = 160 /* rv32i-core; arith has at most 2 * 64 + 3 */
};

/* bsyn_mix64 (core/bsyn_util.h) */
BSYN_KFN bsyn_k64 bsyn_k_mix64(bsyn_k64 x) {
  x += 0x9e3779b97f4a7c15ul;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ul;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebul;
  return x ^ (x >> 31);
}

/* bsyn_sample_uniform_word (core/bsyn_learn_sample.h): input i's word at sample word k */
BSYN_KFN bsyn_k64 bsyn_k_uniform_word(bsyn_k64 seed, bsyn_k32 input, bsyn_k64 word) {
  bsyn_k64 key = seed ^ (0x9e3779b97f4a7c15ul * ((bsyn_k64)input + 1));
  return bsyn_k_mix64(bsyn_k_mix64(key) ^ word);
}

/* ---- arith:<op><N> on one word, output bit o only (semantics: core/bsyn_arith.h) ---- */

/* bit o of a + (b ^ inv) + (inv & 1): ripple up to o */
BSYN_KFN bsyn_k64 arith_add_bit(const bsyn_k64 *a, const bsyn_k64 *b, bsyn_k64 inv, bsyn_k32 o) {
  bsyn_k64 c = inv;
  for (bsyn_k32 i = 0; i < o; i++) {
    bsyn_k64 y = b[i] ^ inv, p = a[i] ^ y;
    c = (a[i] & y) | (c & p);
  }
  return a[o] ^ b[o] ^ inv ^ c;
}

/* a < b, unsigned or signed: no carry out of a + ~b + 1 */
BSYN_KFN bsyn_k64 arith_less(const bsyn_k64 *a, const bsyn_k64 *b, bsyn_k32 n, int is_signed) {
  bsyn_k64 c = ~(bsyn_k64)0;
  for (bsyn_k32 i = 0; i < n; i++) {
    bsyn_k64 flip = is_signed && i == n - 1 ? ~(bsyn_k64)0 : 0;
    bsyn_k64 x = a[i] ^ flip, y = ~b[i] ^ flip;
    c = (x & y) | (c & (x ^ y));
  }
  return ~c;
}

/* bit o of the barrel shifter: stage j moves by 2^j where b[j] is set, K = ceil(log2 N)
 * stages; updated in place in the order that reads each source before it is overwritten */
BSYN_KFN bsyn_k64 arith_shift_bit(const bsyn_k64 *a, const bsyn_k64 *b, bsyn_k32 n, int op,
                                  bsyn_k32 o) {
  bsyn_k64 x[64];
  for (bsyn_k32 i = 0; i < n; i++)
    x[i] = a[i];
  for (bsyn_k32 j = 0; (1u << j) < n; j++) {
    bsyn_k32 dist = 1u << j;
    bsyn_k64 s = b[j];
    if (op == BSYN_PK_SHL) {
      for (bsyn_k32 i = n; i-- > 0;)
        x[i] = (s & (i >= dist ? x[i - dist] : 0)) | (~s & x[i]);
    } else {
      bsyn_k64 fill = op == BSYN_PK_SRA ? x[n - 1] : 0;
      for (bsyn_k32 i = 0; i < n; i++)
        x[i] = (s & (i + dist < n ? x[i + dist] : fill)) | (~s & x[i]);
    }
  }
  return x[o];
}

/* output o of the ops with an N-bit result or a one-bit comparison (not alu) */
BSYN_KFN bsyn_k64 arith_bit(const bsyn_k64 *a, const bsyn_k64 *b, const bsyn_k64 *c, bsyn_k32 n,
                            int op, bsyn_k32 o) {
  switch (op) {
  case BSYN_PK_ADD:
    return arith_add_bit(a, b, 0, o);
  case BSYN_PK_SUB:
    return arith_add_bit(a, b, ~(bsyn_k64)0, o);
  case BSYN_PK_LTU:
    return arith_less(a, b, n, 0);
  case BSYN_PK_LT:
    return arith_less(a, b, n, 1);
  case BSYN_PK_EQ: {
    bsyn_k64 y = ~(bsyn_k64)0;
    for (bsyn_k32 i = 0; i < n; i++)
      y &= ~(a[i] ^ b[i]);
    return y;
  }
  case BSYN_PK_SHL:
  case BSYN_PK_SHR:
  case BSYN_PK_SRA:
    return arith_shift_bit(a, b, n, op, o);
  case BSYN_PK_AND:
    return a[o] & b[o];
  case BSYN_PK_OR:
    return a[o] | b[o];
  case BSYN_PK_XOR:
    return a[o] ^ b[o];
  default: /* mux */
    return (c[0] & b[o]) | (~c[0] & a[o]);
  }
}

/* alu: op[2:0] = c[0..2] picks add sub and or xor shl shr sra (BSYN_ALU_* order) */
BSYN_KFN bsyn_k64 arith_alu_bit(const bsyn_k64 *a, const bsyn_k64 *b, const bsyn_k64 *c, bsyn_k32 n,
                                bsyn_k32 o) {
  const int ops[8] = {BSYN_PK_ADD, BSYN_PK_SUB, BSYN_PK_AND, BSYN_PK_OR,
                      BSYN_PK_XOR, BSYN_PK_SHL, BSYN_PK_SHR, BSYN_PK_SRA};
  bsyn_k64 y = 0;
  for (int code = 0; code < 8; code++) {
    bsyn_k64 m = ~(bsyn_k64)0;
    for (int bit = 0; bit < 3; bit++)
      m &= (code >> bit & 1) ? c[bit] : ~c[bit];
    y |= m & arith_bit(a, b, c, n, ops[code], o);
  }
  return y;
}

/* ---- one item ---- */

/* The request of item g: the last r with starts[r] <= g (n requests). */
BSYN_KFN bsyn_k32 bsyn_k_probe_request(BSYN_KG const bsyn_k64 *starts, bsyn_k32 n, bsyn_k64 g) {
  bsyn_k32 lo = 0, hi = n; /* starts[lo] <= g < starts[hi] */
  while (hi - lo > 1) {
    bsyn_k32 mid = lo + (hi - lo) / 2;
    if (starts[mid] <= g)
      lo = mid;
    else
      hi = mid;
  }
  return lo;
}

/* oracle: BSYN_PROBE_RV32I_CORE or BSYN_PROBE_ARITH (op, width: the arith spec); nin its
 * input count; ref_rows[i * ref_words + w]: the refinement vectors (may be empty). */
BSYN_KFN void bsyn_k_probe_item(BSYN_KG const bsyn_k32 *reqs, BSYN_KG const bsyn_k64 *starts,
                                bsyn_k32 n, BSYN_KG const bsyn_k32 *paths,
                                BSYN_KG const bsyn_k64 *ref_rows, bsyn_k64 ref_words, bsyn_k64 seed,
                                int oracle, int op, bsyn_k32 width, bsyn_k32 nin,
                                BSYN_KG bsyn_k64 *res, BSYN_KG bsyn_k64 *xs, bsyn_k64 g) {
  bsyn_k32 r = bsyn_k_probe_request(starts, n, g);
  BSYN_KG const bsyn_k32 *q = reqs + (bsyn_k64)BSYN_PROBE_REQ_WORDS * r;
  bsyn_k64 word = ((bsyn_k64)q[6] << 32 | q[5]) + (g - starts[r]);
  bsyn_k64 in[BSYN_PROBE_MAX_INPUTS];
  for (bsyn_k32 i = 0; i < nin; i++)
    in[i] = (q[4] & BSYN_PROBE_REFINE) ? ref_rows[i * ref_words + word]
                                       : bsyn_k_uniform_word(seed, i, word);
  for (bsyn_k32 p = 0; p < q[1]; p++) {
    bsyn_k32 e = paths[q[0] + p];
    in[e >> 1] = (e & 1) ? ~(bsyn_k64)0 : 0;
  }
  bsyn_k32 flip = q[3];
  if (flip != (bsyn_k32)BSYN_PROBE_NO_FLIP) {
    if (q[4] & BSYN_PROBE_WANT_X)
      xs[g] = in[flip];
    in[flip] = ~in[flip];
  }
  bsyn_k32 o = q[2];
  if (oracle == BSYN_PROBE_RV32I_CORE) {
    bsyn_row out[BSYN_RV32C_NUM_OUTPUTS];
    core_tile(in, out);
    res[g] = out[o];
  } else if (op == BSYN_PK_ALU) {
    res[g] = arith_alu_bit(in, in + width, in + 2 * width, width, o);
  } else {
    res[g] = arith_bit(in, in + width, in + 2 * width, width, op, o);
  }
}

#ifdef __OPENCL_VERSION__
__kernel void probe(__global const uint *reqs, __global const ulong *starts, uint n,
                    __global const uint *paths, __global const ulong *ref_rows, ulong ref_words,
                    ulong seed, int oracle, int op, uint width, uint nin, __global ulong *res,
                    __global ulong *xs) {
  ulong g = get_global_id(0);
  if (g < starts[n])
    bsyn_k_probe_item(reqs, starts, n, paths, ref_rows, ref_words, seed, oracle, op, width, nin,
                      res, xs, g);
}
#endif
