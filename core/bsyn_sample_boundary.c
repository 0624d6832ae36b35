/* The boundary sampler (bsyn_learn_sample.h): a base distribution's words with, in half of
 * the lanes, one or two input fields set to a value where comparators, adders and shifters
 * change their mind. Only the oracle's field table is used: nothing here knows an ISA. */
#include <stdlib.h>
#include <string.h>

#include "bsyn_learn_sample.h"
#include "bsyn_transpose.h"

typedef struct boundary_state {
  const bsyn_sampler *base; /* borrowed */
  bsyn_field *fields; /* fields of 2..64 bits inside the inputs */
  uint32_t nfields;
} boundary_state;

static uint64_t width_mask(uint32_t w) { return w >= 64 ? ~0ull : (1ull << w) - 1; }

/* Bits [j, k) of a width-w value, for random j <= k. */
static uint64_t run_mask(uint64_t r, uint32_t w) {
  unsigned j = (unsigned)(r % w), k = (unsigned)((r >> 8) % w);
  if (j > k) {
    unsigned t = j;
    j = k;
    k = t;
  }
  return width_mask(k + 1) & ~width_mask(j);
}

/* A value of width w at a boundary: 0, all ones, 1, the sign boundary on either side, runs
 * of ones above or below bit k, a single bit set or clear; or the base value av with a run
 * of bits set or cleared (a carry or borrow that runs from any bit to any bit). */
static uint64_t special(uint64_t r, uint32_t w, uint64_t av) {
  unsigned k = (unsigned)((r >> 4) % w);
  uint64_t m = width_mask(w), msb = 1ull << (w - 1);
  if ((r >> 12) & 1) {
    uint64_t run = run_mask(r >> 13, w);
    return (r >> 40) & 1 ? av | run : av & ~run;
  }
  switch (r & 7) {
  case 0:
    return 0;
  case 1:
    return m;
  case 2:
    return 1;
  case 3:
    return (r >> 13) & 1 ? msb : msb - 1;
  case 4:
    return m & ~((1ull << k) - 1);
  case 5:
    return (1ull << k) - 1;
  case 6:
    return 1ull << k;
  default:
    return m & ~(1ull << k);
  }
}

/* Bits [p, p + len) of v, sign-extended from bit len - 1 to width w. */
static uint64_t segment(uint64_t v, unsigned p, unsigned len, uint32_t w) {
  uint64_t s = (v >> p) & width_mask(len);
  if (len < 64 && ((s >> (len - 1)) & 1))
    s |= ~width_mask(len);
  return s & width_mask(w);
}

/* One field of the lane set in relation to another field (or to a boundary value); val[f]
 * holds field f's value for each of the word's 64 lanes. */
static void mutate(const boundary_state *st, uint64_t r, uint64_t (*val)[64], uint8_t *dirty,
                   unsigned lane) {
  uint32_t fa = (uint32_t)(r % st->nfields), fb = (uint32_t)((r >> 8) % st->nfields);
  const bsyn_field *a = &st->fields[fa], *b = &st->fields[fb];
  uint64_t r2 = bsyn_mix64(r), m = width_mask(a->width), v;
  int64_t delta = (int64_t)(r2 % 3) - 1; /* off by one either way, or exact */
  uint64_t av = val[fa][lane], bv = val[fb][lane];
  dirty[fa] = 1;
  switch ((r >> 16) & 3) {
  case 0:
    v = special(r2 >> 2, a->width, av);
    break;
  case 3: { /* equal or complementary to b on a run of bits: carries propagate along it */
    uint64_t run = run_mask(r2 >> 3, a->width);
    val[fa][lane] = ((av & ~run) | (((r2 >> 2) & 1 ? ~bv : bv) & run)) & m;
    return;
  }
  case 1: /* equal operands, off by one, complements (b may be a itself: a stays near) */
    v = (r2 >> 2) & 1 ? ~bv : bv + (uint64_t)delta;
    break;
  default: { /* a sign-extended piece of b: an immediate inside an instruction word, most
              * often the top bits (where a sign bit sits) */
    unsigned len = 1 + (unsigned)((r2 >> 2) % b->width);
    unsigned p = (r2 >> 9) & 3 ? b->width - len : (unsigned)((r2 >> 11) % (b->width - len + 1));
    v = segment(bv, p, len, a->width) + (uint64_t)delta;
  }
  }
  /* a quarter of the time the low j bits stay the base's: the two values then agree above a
   * random bit, so a comparison or a carry is decided there, at any height */
  if (((r >> 18) & 3) == 0) {
    uint64_t low = width_mask((unsigned)((r2 >> 24) % a->width));
    v = (v & ~low) | (av & low);
  }
  val[fa][lane] = v & m;
}

/* The fields' rows of word k as per-lane values (fields of up to 64 bits), and back. */
static void gather(const boundary_state *st, const uint64_t *rows, size_t stride, size_t k,
                   uint64_t (*val)[64]) {
  for (uint32_t f = 0; f < st->nfields; f++)
    bsyn_transpose64_gather(rows + (size_t)st->fields[f].lsb * stride + k, stride,
                            st->fields[f].width, val[f]);
}

static void boundary_fill(const bsyn_sampler *s, uint64_t seed, uint64_t first_word, size_t nwords,
                          uint64_t *rows, size_t stride) {
  const boundary_state *st = s->state;
  st->base->fill(st->base, seed, first_word, nwords, rows, stride);
  if (!st->nfields)
    return;
  uint64_t(*val)[64] = bsyn_malloc(st->nfields * sizeof *val);
  uint8_t *dirty = bsyn_malloc(st->nfields);
  for (size_t k = 0; k < nwords; k++) {
    gather(st, rows, stride, k, val);
    memset(dirty, 0, st->nfields);
    for (unsigned lane = 0; lane < 64; lane++) {
      uint64_t h = bsyn_mix64(seed ^ 0x3c6ef372fe94f82bull ^ bsyn_mix64((first_word + k) * 64 + lane));
      if ((h & 3) == 0)
        continue; /* a quarter of the lanes stay the base distribution's */
      mutate(st, bsyn_mix64(h), val, dirty, lane);
      if ((h & 12) == 0)
        mutate(st, bsyn_mix64(h ^ 0x9e3779b97f4a7c15ull), val, dirty, lane);
    }
    for (uint32_t f = 0; f < st->nfields; f++)
      if (dirty[f])
        bsyn_transpose64_scatter(val[f], rows + (size_t)st->fields[f].lsb * stride + k, stride,
                                 st->fields[f].width);
  }
  free(val);
  free(dirty);
}

static void boundary_destroy(bsyn_sampler *s) {
  boundary_state *st = s->state;
  free(st->fields);
  free(st);
}

bsyn_sampler *bsyn_sampler_boundary(const bsyn_sampler *base, const bsyn_field *fields, uint32_t nfields) {
  boundary_state *st = bsyn_calloc(1, sizeof *st);
  st->base = base;
  st->fields = bsyn_calloc(nfields + 1, sizeof *st->fields);
  for (uint32_t f = 0; f < nfields; f++)
    if (fields[f].width >= 2 && fields[f].width <= 64 &&
        fields[f].lsb + fields[f].width <= base->num_inputs)
      st->fields[st->nfields++] = fields[f];
  bsyn_sampler *s = bsyn_calloc(1, sizeof *s);
  s->kind = "boundary";
  s->num_inputs = base->num_inputs;
  s->fill = boundary_fill;
  s->state = st;
  s->destroy = boundary_destroy;
  return s;
}
