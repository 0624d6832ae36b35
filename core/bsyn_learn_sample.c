/* Sampling distributions: uniform, fixed vectors (traces) and their neighbourhoods, and
 * mixtures. Each fills whole sample words from a counter-based hash, never from a stream. */
#include "bsyn_learn_sample.h"

#include <stdlib.h>
#include <string.h>

static void uniform_fill(const bsyn_sampler *s, uint64_t seed, uint64_t first_word, size_t nwords,
                         uint64_t *rows, size_t stride) {
  for (uint32_t i = 0; i < s->num_inputs; i++) {
    uint64_t key = bsyn_mix64(seed ^ (0x9e3779b97f4a7c15ull * ((uint64_t)i + 1)));
    for (size_t k = 0; k < nwords; k++)
      rows[i * stride + k] = bsyn_mix64(key ^ (first_word + k));
  }
}

bsyn_sampler *bsyn_sampler_uniform(uint32_t num_inputs) {
  bsyn_sampler *s = bsyn_calloc(1, sizeof *s);
  s->kind = "uniform";
  s->num_inputs = num_inputs;
  s->fill = uniform_fill;
  return s;
}

typedef struct stress_state {
  uint32_t (*pairs)[3]; /* src lsb, dst lsb, width */
  uint32_t npairs;
} stress_state;

/* Overwrites the destination field of each word's pair with the source (as is or
 * complemented per lane), then flips one random bit in half of the lanes (near misses);
 * bits marked in fixed (NULL: none) are left alone. */
static void stress_fixup(const bsyn_sampler *s, uint64_t seed, uint64_t first_word, size_t nwords,
                         const uint8_t *fixed, uint64_t *rows, size_t stride) {
  const stress_state *st = s->state;
  for (size_t k = 0; k < nwords; k++) {
    uint64_t h = bsyn_mix64(seed ^ 0x2545f4914f6cdd1dull ^ bsyn_mix64(first_word + k));
    const uint32_t *p = st->pairs[h % st->npairs];
    uint64_t inv = bsyn_mix64(h ^ 0x9e3779b97f4a7c15ull); /* per lane: b = a or b = ~a */
    for (uint32_t b = 0; b < p[2]; b++)
      if (!fixed || !fixed[p[1] + b])
        rows[(size_t)(p[1] + b) * stride + k] = rows[(size_t)(p[0] + b) * stride + k] ^ inv;
    uint64_t r = bsyn_mix64(h);
    for (unsigned lane = 0; lane < 64; lane++, r = bsyn_mix64(r)) {
      uint32_t bit = p[1] + (uint32_t)((r >> 8) % p[2]);
      if ((r & 1) && (!fixed || !fixed[bit]))
        rows[(size_t)bit * stride + k] ^= 1ull << lane;
    }
  }
}

/* The copy is part of the sampler's own words, so that a learner that does not run fixup
 * under a path (bsyn_learn_params.path_fixup = 0) still sees a == b on the free bits;
 * fixup repeats it over the forced bits (the copy is a function of the source alone). */
static void stress_fill(const bsyn_sampler *s, uint64_t seed, uint64_t first_word, size_t nwords,
                        uint64_t *rows, size_t stride) {
  uniform_fill(s, seed, first_word, nwords, rows, stride);
  stress_fixup(s, seed, first_word, nwords, NULL, rows, stride);
}

static void stress_destroy(bsyn_sampler *s) {
  stress_state *st = s->state;
  free(st->pairs);
  free(st);
}

bsyn_sampler *bsyn_sampler_stress(uint32_t num_inputs, const bsyn_field *fields, uint32_t nfields) {
  bsyn_sampler *s = bsyn_sampler_uniform(num_inputs);
  stress_state *st = bsyn_calloc(1, sizeof *st);
  for (uint32_t a = 0; a < nfields; a++)
    for (uint32_t b = 0; b < nfields; b++)
      if (a != b && fields[a].width == fields[b].width && fields[a].width > 1 &&
          fields[a].lsb + fields[a].width <= num_inputs &&
          fields[b].lsb + fields[b].width <= num_inputs) {
        st->pairs = bsyn_realloc(st->pairs, (st->npairs + 1) * sizeof *st->pairs);
        st->pairs[st->npairs][0] = fields[a].lsb;
        st->pairs[st->npairs][1] = fields[b].lsb;
        st->pairs[st->npairs][2] = fields[a].width;
        st->npairs++;
      }
  if (!st->npairs) {
    free(st);
    return s;
  }
  s->kind = "stress";
  s->fill = stress_fill;
  s->fixup = stress_fixup;
  s->destroy = stress_destroy;
  s->state = st;
  return s;
}

typedef struct vectors_state {
  uint64_t *rows;
  size_t nvec;
  size_t row_words;
  unsigned flips;
} vectors_state;

/* Sample 64k+b is set member hash(seed, k, b) mod nvec: a gather and a transpose, bit by
 * bit, which is cheap next to the oracle for the widths the learner handles. */
static void vectors_fill(const bsyn_sampler *s, uint64_t seed, uint64_t first_word, size_t nwords,
                         uint64_t *rows, size_t stride) {
  const vectors_state *st = s->state;
  uint32_t nin = s->num_inputs;
  for (size_t k = 0; k < nwords; k++) {
    for (uint32_t i = 0; i < nin; i++)
      rows[i * stride + k] = 0;
    for (unsigned b = 0; b < 64; b++) {
      uint64_t h =
          bsyn_mix64(seed ^ bsyn_mix64(((first_word + k) << 6) | b) ^ 0x5851f42d4c957f2dull);
      size_t v = (size_t)(h % st->nvec);
      for (uint32_t i = 0; i < nin; i++)
        rows[i * stride + k] |= ((st->rows[i * st->row_words + v / 64] >> (v % 64)) & 1u) << b;
      if (st->flips && nin) {
        uint64_t r = bsyn_mix64(h);
        unsigned nflip = 1 + (unsigned)(r % st->flips);
        for (unsigned f = 0; f < nflip; f++) {
          r = bsyn_mix64(r);
          rows[(size_t)(r % nin) * stride + k] ^= 1ull << b;
        }
      }
    }
  }
}

static void vectors_destroy(bsyn_sampler *s) {
  vectors_state *st = s->state;
  free(st->rows);
  free(st);
}

bsyn_sampler *bsyn_sampler_vectors(uint32_t num_inputs, const uint64_t *rows, size_t nvec,
                                   unsigned flips) {
  if (nvec == 0)
    bsyn_abort("bsyn_sampler_vectors: no vectors");
  if (flips > 3)
    bsyn_abort("bsyn_sampler_vectors: flips %u outside 0..3", flips);
  vectors_state *st = bsyn_calloc(1, sizeof *st);
  st->nvec = nvec;
  st->row_words = (nvec + 63) / 64;
  st->flips = flips;
  st->rows = bsyn_malloc((size_t)num_inputs * st->row_words * sizeof(uint64_t) + 8);
  memcpy(st->rows, rows, (size_t)num_inputs * st->row_words * sizeof(uint64_t));
  bsyn_sampler *s = bsyn_calloc(1, sizeof *s);
  s->kind = flips ? "neighbourhood" : "vectors";
  s->num_inputs = num_inputs;
  s->fill = vectors_fill;
  s->destroy = vectors_destroy;
  s->state = st;
  return s;
}

typedef struct mixture_state {
  bsyn_sampler *a, *b;
  uint64_t threshold; /* word k comes from a when hash(k) < threshold */
} mixture_state;

static void mixture_fill(const bsyn_sampler *s, uint64_t seed, uint64_t first_word, size_t nwords,
                         uint64_t *rows, size_t stride) {
  const mixture_state *st = s->state;
  for (size_t k = 0; k < nwords; k++) {
    uint64_t word = first_word + k;
    const bsyn_sampler *src =
        bsyn_mix64(seed ^ 0xd1b54a32d192ed03ull ^ word) < st->threshold ? st->a : st->b;
    src->fill(src, seed, word, 1, rows + k, stride);
  }
}

static void mixture_fixup(const bsyn_sampler *s, uint64_t seed, uint64_t first_word, size_t nwords,
                          const uint8_t *fixed, uint64_t *rows, size_t stride) {
  const mixture_state *st = s->state;
  for (size_t k = 0; k < nwords; k++) {
    uint64_t word = first_word + k;
    const bsyn_sampler *src =
        bsyn_mix64(seed ^ 0xd1b54a32d192ed03ull ^ word) < st->threshold ? st->a : st->b;
    if (src->fixup)
      src->fixup(src, seed, word, 1, fixed, rows + k, stride);
  }
}

static void mixture_destroy(bsyn_sampler *s) {
  mixture_state *st = s->state;
  bsyn_sampler_free(st->a);
  bsyn_sampler_free(st->b);
  free(st);
}

bsyn_sampler *bsyn_sampler_mixture(bsyn_sampler *a, bsyn_sampler *b, double share_a) {
  if (a->num_inputs != b->num_inputs)
    bsyn_abort("bsyn_sampler_mixture: %u and %u inputs", a->num_inputs, b->num_inputs);
  mixture_state *st = bsyn_calloc(1, sizeof *st);
  st->a = a;
  st->b = b;
  if (share_a >= 1.0)
    st->threshold = UINT64_MAX;
  else if (share_a > 0)
    st->threshold = (uint64_t)(share_a * 18446744073709551616.0);
  bsyn_sampler *s = bsyn_calloc(1, sizeof *s);
  s->kind = "mixture";
  s->num_inputs = a->num_inputs;
  s->fill = mixture_fill;
  s->fixup = (a->fixup || b->fixup) ? mixture_fixup : NULL;
  s->destroy = mixture_destroy;
  s->state = st;
  return s;
}

void bsyn_sampler_free(bsyn_sampler *s) {
  if (!s)
    return;
  if (s->destroy)
    s->destroy(s);
  free(s);
}

static void borrow_fill(const bsyn_sampler *s, uint64_t seed, uint64_t first_word, size_t nwords,
                        uint64_t *rows, size_t stride) {
  const bsyn_sampler *t = s->state;
  t->fill(t, seed, first_word, nwords, rows, stride);
}

static void borrow_fixup(const bsyn_sampler *s, uint64_t seed, uint64_t first_word, size_t nwords,
                         const uint8_t *fixed, uint64_t *rows, size_t stride) {
  const bsyn_sampler *t = s->state;
  t->fixup(t, seed, first_word, nwords, fixed, rows, stride);
}

bsyn_sampler *bsyn_sampler_borrow(const bsyn_sampler *s) {
  bsyn_sampler *b = bsyn_calloc(1, sizeof *b);
  b->kind = s->kind;
  b->num_inputs = s->num_inputs;
  b->fill = borrow_fill;
  b->fixup = s->fixup ? borrow_fixup : NULL;
  b->state = (void *)s;
  return b;
}
