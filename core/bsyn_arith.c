/* Arithmetic oracles: spec parsing, the scalar definition, the bit-sliced evaluator and
 * the structural reference AIGs (semantics in bsyn_arith.h and docs/arith.md). */
#include "bsyn_arith.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const op_names[BSYN_ARITH_NUM_OPS] = {
    "add", "sub", "ltu", "lt", "eq", "shl", "shr", "sra", "and", "or", "xor", "mux", "alu"};

/* alu's op[2:0] codes in order (BSYN_ALU_ADD ...) */
static const bsyn_arith_op alu_ops[8] = {BSYN_ARITH_ADD, BSYN_ARITH_SUB, BSYN_ARITH_AND,
                                         BSYN_ARITH_OR,  BSYN_ARITH_XOR, BSYN_ARITH_SHL,
                                         BSYN_ARITH_SHR, BSYN_ARITH_SRA};

/* one line per op; %u is N */
static const char *const op_about[BSYN_ARITH_NUM_OPS] = {
    "%u-bit adder: y = a + b (mod 2^N)",
    "%u-bit subtractor: y = a - b (mod 2^N)",
    "%u-bit unsigned comparison: y = a < b",
    "%u-bit signed comparison: y = a < b (two's complement)",
    "%u-bit equality: y = a == b",
    "%u-bit shift left: y = a << (b mod 2^K), K = ceil(log2 N)",
    "%u-bit logical shift right: y = a >> (b mod 2^K), K = ceil(log2 N)",
    "%u-bit arithmetic shift right: y = a >> (b mod 2^K), K = ceil(log2 N)",
    "%u-bit bitwise and: y = a & b",
    "%u-bit bitwise or: y = a | b",
    "%u-bit bitwise xor: y = a ^ b",
    "%u-bit multiplexer: y = s ? b : a",
    "%u-bit ALU: y = op(a, b), op[2:0] = add sub and or xor shl shr sra"};

const char *bsyn_arith_op_name(bsyn_arith_op op) {
  if ((unsigned)op >= BSYN_ARITH_NUM_OPS)
    bsyn_abort("bsyn_arith_op_name: op %d out of range", (int)op);
  return op_names[op];
}

int bsyn_arith_parse(const char *spec, bsyn_arith_spec *out, bsyn_diag *d) {
  const char *p = spec;
  if (!strncmp(p, "arith:", 6))
    p += 6;
  size_t n = 0;
  while (p[n] >= 'a' && p[n] <= 'z')
    n++;
  int op = -1;
  for (int i = 0; i < BSYN_ARITH_NUM_OPS; i++)
    if (strlen(op_names[i]) == n && !strncmp(p, op_names[i], n))
      op = i;
  if (op < 0)
    return bsyn_diag_set(d, 0, 0,
                         "expected an arith op (add sub ltu lt eq shl shr sra and or xor mux alu) "
                         "followed by a width, found '%.*s'",
                         (int)(n ? n : strlen(p)), p);
  const char *w = p + n;
  uint32_t width = 0;
  size_t digits = 0;
  while (w[digits] >= '0' && w[digits] <= '9' && digits < 4)
    width = 10 * width + (uint32_t)(w[digits++] - '0');
  if (!*w)
    return bsyn_diag_set(d, 0, 0, "expected a width from 1 to %u after '%s', found end of spec",
                         BSYN_ARITH_MAX_WIDTH, op_names[op]);
  if (!digits || w[digits] || width < 1 || width > BSYN_ARITH_MAX_WIDTH)
    return bsyn_diag_set(d, 0, 0, "expected a width from 1 to %u after '%s', found '%s'",
                         BSYN_ARITH_MAX_WIDTH, op_names[op], w);
  out->op = (bsyn_arith_op)op;
  out->width = width;
  return 0;
}

uint32_t bsyn_arith_num_inputs(bsyn_arith_spec s) {
  return 2 * s.width + (s.op == BSYN_ARITH_MUX ? 1 : s.op == BSYN_ARITH_ALU ? 3 : 0);
}

static int is_compare(bsyn_arith_op op) {
  return op == BSYN_ARITH_LTU || op == BSYN_ARITH_LT || op == BSYN_ARITH_EQ;
}

uint32_t bsyn_arith_num_outputs(bsyn_arith_spec s) { return is_compare(s.op) ? 1 : s.width; }

/* K = ceil(log2 N): the number of shift-amount bits (0 for N = 1) */
static uint32_t shift_bits(uint32_t n) {
  uint32_t k = 0;
  while ((1u << k) < n)
    k++;
  return k;
}

/* ---- the scalar definition ---- */

static uint64_t shift1(bsyn_arith_op op, uint32_t n, uint64_t a, uint64_t b) {
  uint64_t mask = n == 64 ? ~0ull : (1ull << n) - 1;
  uint64_t k = b & ((1ull << shift_bits(n)) - 1);
  uint64_t sign = (a >> (n - 1)) & 1;
  a &= mask;
  if (op == BSYN_ARITH_SHL)
    return k >= n ? 0 : (a << k) & mask;
  if (op == BSYN_ARITH_SHR || !sign)
    return k >= n ? 0 : a >> k;
  /* negative: shift the complement, so no implementation-defined signed shift is needed */
  return k >= n ? mask : ~((~a & mask) >> k) & mask;
}

uint64_t bsyn_arith_eval1(bsyn_arith_spec s, uint64_t a, uint64_t b, uint64_t c) {
  uint32_t n = s.width;
  uint64_t mask = n == 64 ? ~0ull : (1ull << n) - 1;
  uint64_t top = 1ull << (n - 1);
  a &= mask;
  b &= mask;
  switch (s.op) {
  case BSYN_ARITH_ADD:
    return (a + b) & mask;
  case BSYN_ARITH_SUB:
    return (a - b) & mask;
  case BSYN_ARITH_LTU:
    return a < b;
  case BSYN_ARITH_LT:
    return (a ^ top) < (b ^ top);
  case BSYN_ARITH_EQ:
    return a == b;
  case BSYN_ARITH_SHL:
  case BSYN_ARITH_SHR:
  case BSYN_ARITH_SRA:
    return shift1(s.op, n, a, b);
  case BSYN_ARITH_AND:
    return a & b;
  case BSYN_ARITH_OR:
    return a | b;
  case BSYN_ARITH_XOR:
    return a ^ b;
  case BSYN_ARITH_MUX:
    return (c & 1) ? b : a;
  case BSYN_ARITH_ALU: {
    bsyn_arith_spec t = {alu_ops[c & 7], n};
    return bsyn_arith_eval1(t, a, b, 0);
  }
  default:
    bsyn_abort("bsyn_arith_eval1: op %d out of range", (int)s.op);
  }
}

/* ---- bit-sliced evaluation ----
 * The batch is cut into chunks of CHUNK words. A chunk holds pointers to its part of every
 * operand and result row, so the inner loops run over contiguous words (and vectorize)
 * straight from the caller's buffers; only the shifter's intermediate stages and the ALU's
 * candidate results live in local scratch rows. */

#define CHUNK 32
#define MAXW BSYN_ARITH_MAX_WIDTH

typedef uint64_t scratch[MAXW][CHUNK];

typedef struct chunk {
  size_t nw;                                /* words in this chunk (<= CHUNK) */
  uint32_t n;                               /* N */
  const uint64_t *a[MAXW], *b[MAXW], *c[3]; /* c: s, or op[0..2] */
} chunk;

/* y = a + (b ^ inv) + cin, inv/cin all-zero or all-one words */
static void add_rows(const chunk *k, uint64_t inv, uint64_t cin, uint64_t *const *y) {
  uint64_t c[CHUNK];
  for (size_t w = 0; w < k->nw; w++)
    c[w] = cin;
  for (uint32_t i = 0; i < k->n; i++) {
    const uint64_t *ra = k->a[i], *rb = k->b[i];
    uint64_t *ry = y[i];
    for (size_t w = 0; w < k->nw; w++) {
      uint64_t a = ra[w], b = rb[w] ^ inv, p = a ^ b;
      ry[w] = p ^ c[w];
      c[w] = (a & b) | (c[w] & p);
    }
  }
}

/* a < b: no carry out of a + ~b + 1; signed flips both sign bits first */
static void less_rows(const chunk *k, int is_signed, uint64_t *y) {
  uint64_t c[CHUNK];
  for (size_t w = 0; w < k->nw; w++)
    c[w] = ~0ull;
  for (uint32_t i = 0; i < k->n; i++) {
    uint64_t flip = is_signed && i == k->n - 1 ? ~0ull : 0;
    const uint64_t *ra = k->a[i], *rb = k->b[i];
    for (size_t w = 0; w < k->nw; w++) {
      uint64_t a = ra[w] ^ flip, b = ~rb[w] ^ flip;
      c[w] = (a & b) | (c[w] & (a ^ b));
    }
  }
  for (size_t w = 0; w < k->nw; w++)
    y[w] = ~c[w];
}

static void equal_rows(const chunk *k, uint64_t *y) {
  for (size_t w = 0; w < k->nw; w++)
    y[w] = ~0ull;
  for (uint32_t i = 0; i < k->n; i++)
    for (size_t w = 0; w < k->nw; w++)
      y[w] &= ~(k->a[i][w] ^ k->b[i][w]);
}

/* barrel shifter: stage j shifts by 2^j where amount bit j (row b[j]) is set; stages
 * alternate between two scratch buffers and the last one writes y */
static void shift_rows(const chunk *k, bsyn_arith_op op, uint64_t *const *y) {
  uint32_t n = k->n, stages = shift_bits(n);
  if (!stages) {
    for (uint32_t i = 0; i < n; i++)
      memcpy(y[i], k->a[i], k->nw * sizeof(uint64_t));
    return;
  }
  scratch *buf = bsyn_malloc(2 * sizeof *buf);
  const uint64_t *cur[MAXW];
  for (uint32_t i = 0; i < n; i++)
    cur[i] = k->a[i];
  for (uint32_t j = 0; j < stages; j++) {
    uint32_t dist = 1u << j;
    uint64_t *next[MAXW];
    for (uint32_t i = 0; i < n; i++)
      next[i] = j + 1 == stages ? y[i] : buf[j & 1][i];
    const uint64_t *sel = k->b[j];
    for (uint32_t i = 0; i < n; i++) {
      const uint64_t *src = NULL; /* NULL: zeros are shifted in */
      if (op == BSYN_ARITH_SHL)
        src = i >= dist ? cur[i - dist] : NULL;
      else
        src = i + dist < n ? cur[i + dist] : op == BSYN_ARITH_SRA ? cur[n - 1] : NULL;
      const uint64_t *keep = cur[i];
      uint64_t *dst = next[i];
      if (src)
        for (size_t w = 0; w < k->nw; w++)
          dst[w] = (sel[w] & src[w]) | (~sel[w] & keep[w]);
      else
        for (size_t w = 0; w < k->nw; w++)
          dst[w] = ~sel[w] & keep[w];
    }
    for (uint32_t i = 0; i < n; i++)
      cur[i] = next[i];
  }
  free(buf);
}

static void bitwise_rows(const chunk *k, bsyn_arith_op op, uint64_t *const *y) {
  for (uint32_t i = 0; i < k->n; i++) {
    const uint64_t *a = k->a[i], *b = k->b[i];
    uint64_t *r = y[i];
    if (op == BSYN_ARITH_AND)
      for (size_t w = 0; w < k->nw; w++)
        r[w] = a[w] & b[w];
    else if (op == BSYN_ARITH_OR)
      for (size_t w = 0; w < k->nw; w++)
        r[w] = a[w] | b[w];
    else
      for (size_t w = 0; w < k->nw; w++)
        r[w] = a[w] ^ b[w];
  }
}

static void mux_rows(const chunk *k, uint64_t *const *y) {
  const uint64_t *s = k->c[0];
  for (uint32_t i = 0; i < k->n; i++)
    for (size_t w = 0; w < k->nw; w++)
      y[i][w] = (s[w] & k->b[i][w]) | (~s[w] & k->a[i][w]);
}

static void compute(const chunk *k, bsyn_arith_op op, uint64_t *const *y);

/* every op's result, each kept where op[2:0] equals its code */
static void alu_rows(const chunk *k, uint64_t *const *y) {
  scratch *r = bsyn_malloc(sizeof *r);
  uint64_t *rp[MAXW];
  for (uint32_t i = 0; i < k->n; i++) {
    rp[i] = (*r)[i];
    memset(y[i], 0, k->nw * sizeof(uint64_t));
  }
  for (unsigned code = 0; code < 8; code++) {
    compute(k, alu_ops[code], rp);
    uint64_t m[CHUNK];
    for (size_t w = 0; w < k->nw; w++) {
      m[w] = ~0ull;
      for (unsigned bit = 0; bit < 3; bit++)
        m[w] &= (code >> bit & 1) ? k->c[bit][w] : ~k->c[bit][w];
    }
    for (uint32_t i = 0; i < k->n; i++)
      for (size_t w = 0; w < k->nw; w++)
        y[i][w] |= rp[i][w] & m[w];
  }
  free(r);
}

static void compute(const chunk *k, bsyn_arith_op op, uint64_t *const *y) {
  switch (op) {
  case BSYN_ARITH_ADD:
    add_rows(k, 0, 0, y);
    break;
  case BSYN_ARITH_SUB:
    add_rows(k, ~0ull, ~0ull, y);
    break;
  case BSYN_ARITH_LTU:
    less_rows(k, 0, y[0]);
    break;
  case BSYN_ARITH_LT:
    less_rows(k, 1, y[0]);
    break;
  case BSYN_ARITH_EQ:
    equal_rows(k, y[0]);
    break;
  case BSYN_ARITH_SHL:
  case BSYN_ARITH_SHR:
  case BSYN_ARITH_SRA:
    shift_rows(k, op, y);
    break;
  case BSYN_ARITH_AND:
  case BSYN_ARITH_OR:
  case BSYN_ARITH_XOR:
    bitwise_rows(k, op, y);
    break;
  case BSYN_ARITH_MUX:
    mux_rows(k, y);
    break;
  case BSYN_ARITH_ALU:
    alu_rows(k, y);
    break;
  default:
    bsyn_abort("arith: op %d out of range", (int)op);
  }
}

static int arith_eval(bsyn_oracle *o, const uint64_t *in, uint64_t *out, size_t nwords,
                      bsyn_diag *d) {
  const bsyn_arith_spec *s = o->state;
  uint32_t n = s->width, extra = o->num_inputs - 2 * n;
  chunk k;
  uint64_t *y[MAXW];
  k.n = n;
  for (size_t w0 = 0; w0 < nwords; w0 += CHUNK) {
    k.nw = nwords - w0 < CHUNK ? nwords - w0 : CHUNK;
    for (uint32_t i = 0; i < n; i++) {
      k.a[i] = in + (size_t)i * nwords + w0;
      k.b[i] = in + (size_t)(n + i) * nwords + w0;
    }
    for (uint32_t j = 0; j < extra; j++)
      k.c[j] = in + (size_t)(2 * n + j) * nwords + w0;
    for (uint32_t i = 0; i < o->num_outputs; i++)
      y[i] = out + (size_t)i * nwords + w0;
    compute(&k, s->op, y);
  }
  return 0;
}

static void arith_destroy(bsyn_oracle *o) { free(o->state); }

static const bsyn_oracle_ops arith_ops = {arith_eval, arith_destroy};

bsyn_oracle *bsyn_arith_open(const char *spec, bsyn_diag *d) {
  bsyn_arith_spec s;
  if (bsyn_arith_parse(spec, &s, d))
    return NULL;
  char name[32], about[160];
  snprintf(name, sizeof name, "arith:%s%u", op_names[s.op], s.width);
  snprintf(about, sizeof about, op_about[s.op], s.width);
  bsyn_oracle *o =
      bsyn_oracle_alloc(&arith_ops, name, bsyn_arith_num_inputs(s), bsyn_arith_num_outputs(s));
  o->description = bsyn_strdup(about);
  o->thread_safe = 1;
  bsyn_arith_spec *st = bsyn_malloc(sizeof *st);
  *st = s;
  o->state = st;
  bsyn_oracle_add_field(o, 0, "a", 0, s.width);
  bsyn_oracle_add_field(o, 0, "b", s.width, s.width);
  if (s.op == BSYN_ARITH_MUX)
    bsyn_oracle_add_field(o, 0, "s", 2 * s.width, 1);
  else if (s.op == BSYN_ARITH_ALU)
    bsyn_oracle_add_field(o, 0, "op", 2 * s.width, 3);
  bsyn_oracle_add_field(o, 1, "y", 0, o->num_outputs);
  return o;
}

/* ---- structural reference AIGs ---- */

typedef struct ref {
  bsyn_aig *g;
  uint32_t n;
  bsyn_lit a[MAXW], b[MAXW], c[3];
} ref;

static void add_inputs(bsyn_aig *g, const char *field, uint32_t width, bsyn_lit *lits) {
  char name[32];
  for (uint32_t i = 0; i < width; i++) {
    if (width == 1)
      snprintf(name, sizeof name, "%s", field);
    else
      snprintf(name, sizeof name, "%s[%u]", field, i);
    lits[i] = bsyn_aig_add_input(g, name);
  }
}

/* ripple-carry a + (b ^ inv) + cin; returns the carry-out */
static bsyn_lit ref_add(ref *r, unsigned inv, bsyn_lit cin, bsyn_lit *y) {
  bsyn_lit c = cin;
  for (uint32_t i = 0; i < r->n; i++) {
    bsyn_lit a = r->a[i], b = bsyn_lit_notif(r->b[i], inv), p = bsyn_aig_xor(r->g, a, b);
    if (y)
      y[i] = bsyn_aig_xor(r->g, p, c);
    c = bsyn_aig_or(r->g, bsyn_aig_and(r->g, a, b), bsyn_aig_and(r->g, c, p));
  }
  return c;
}

static bsyn_lit ref_less(ref *r, int is_signed) {
  bsyn_lit c = BSYN_LIT_TRUE;
  for (uint32_t i = 0; i < r->n; i++) {
    unsigned flip = is_signed && i == r->n - 1;
    bsyn_lit a = bsyn_lit_notif(r->a[i], flip), b = bsyn_lit_notif(bsyn_lit_not(r->b[i]), flip);
    bsyn_lit p = bsyn_aig_xor(r->g, a, b);
    c = bsyn_aig_or(r->g, bsyn_aig_and(r->g, a, b), bsyn_aig_and(r->g, c, p));
  }
  return bsyn_lit_not(c);
}

static void ref_shift(ref *r, bsyn_arith_op op, bsyn_lit *y) {
  uint32_t n = r->n;
  bsyn_lit cur[MAXW];
  memcpy(y, r->a, n * sizeof *y);
  for (uint32_t j = 0; j < shift_bits(n); j++) {
    uint32_t dist = 1u << j;
    memcpy(cur, y, n * sizeof *y);
    for (uint32_t i = 0; i < n; i++) {
      bsyn_lit v;
      if (op == BSYN_ARITH_SHL)
        v = i >= dist ? cur[i - dist] : BSYN_LIT_FALSE;
      else
        v = i + dist < n ? cur[i + dist] : op == BSYN_ARITH_SRA ? cur[n - 1] : BSYN_LIT_FALSE;
      y[i] = bsyn_aig_mux(r->g, r->b[j], v, cur[i]);
    }
  }
}

static void ref_build(ref *r, bsyn_arith_op op, bsyn_lit *y);

/* all eight results, then a mux tree over op[0], op[1], op[2] */
static void ref_alu(ref *r, bsyn_lit *y) {
  bsyn_lit(*res)[MAXW] = bsyn_malloc(8 * sizeof *res);
  for (unsigned code = 0; code < 8; code++)
    ref_build(r, alu_ops[code], res[code]);
  for (unsigned bit = 0, count = 8; bit < 3; bit++, count /= 2)
    for (unsigned m = 0; m < count / 2; m++)
      for (uint32_t i = 0; i < r->n; i++)
        res[m][i] = bsyn_aig_mux(r->g, r->c[bit], res[2 * m + 1][i], res[2 * m][i]);
  memcpy(y, res[0], r->n * sizeof *y);
  free(res);
}

static void ref_build(ref *r, bsyn_arith_op op, bsyn_lit *y) {
  bsyn_aig *g = r->g;
  switch (op) {
  case BSYN_ARITH_ADD:
    ref_add(r, 0, BSYN_LIT_FALSE, y);
    break;
  case BSYN_ARITH_SUB:
    ref_add(r, 1, BSYN_LIT_TRUE, y);
    break;
  case BSYN_ARITH_LTU:
    y[0] = ref_less(r, 0);
    break;
  case BSYN_ARITH_LT:
    y[0] = ref_less(r, 1);
    break;
  case BSYN_ARITH_EQ:
    y[0] = BSYN_LIT_TRUE;
    for (uint32_t i = 0; i < r->n; i++)
      y[0] = bsyn_aig_and(g, y[0], bsyn_lit_not(bsyn_aig_xor(g, r->a[i], r->b[i])));
    break;
  case BSYN_ARITH_SHL:
  case BSYN_ARITH_SHR:
  case BSYN_ARITH_SRA:
    ref_shift(r, op, y);
    break;
  case BSYN_ARITH_AND:
  case BSYN_ARITH_OR:
  case BSYN_ARITH_XOR:
    for (uint32_t i = 0; i < r->n; i++)
      y[i] = op == BSYN_ARITH_AND  ? bsyn_aig_and(g, r->a[i], r->b[i])
             : op == BSYN_ARITH_OR ? bsyn_aig_or(g, r->a[i], r->b[i])
                                   : bsyn_aig_xor(g, r->a[i], r->b[i]);
    break;
  case BSYN_ARITH_MUX:
    for (uint32_t i = 0; i < r->n; i++)
      y[i] = bsyn_aig_mux(g, r->c[0], r->b[i], r->a[i]);
    break;
  case BSYN_ARITH_ALU:
    ref_alu(r, y);
    break;
  default:
    bsyn_abort("arith: op %d out of range", (int)op);
  }
}

bsyn_aig *bsyn_arith_reference(const char *spec, bsyn_diag *d) {
  bsyn_arith_spec s;
  if (bsyn_arith_parse(spec, &s, d))
    return NULL;
  ref r;
  r.g = bsyn_aig_new();
  r.n = s.width;
  add_inputs(r.g, "a", s.width, r.a);
  add_inputs(r.g, "b", s.width, r.b);
  if (s.op == BSYN_ARITH_MUX)
    add_inputs(r.g, "s", 1, r.c);
  else if (s.op == BSYN_ARITH_ALU)
    add_inputs(r.g, "op", 3, r.c);
  bsyn_lit y[MAXW];
  ref_build(&r, s.op, y);
  uint32_t nout = bsyn_arith_num_outputs(s);
  char name[32];
  for (uint32_t i = 0; i < nout; i++) {
    if (nout == 1)
      snprintf(name, sizeof name, "y");
    else
      snprintf(name, sizeof name, "y[%u]", i);
    bsyn_aig_add_output(r.g, y[i], name);
  }
  snprintf(name, sizeof name, "%s%u", op_names[s.op], s.width);
  bsyn_aig_set_model_name(r.g, name);
  return r.g;
}
