/* Input order discovery (bsyn_learn_order.h). One oracle batch per chunk of inputs: the
 * sampler's words with one input flipped per block, compared lane by lane with the unflipped
 * answers. The integer change of every output field that holds a learned output is
 * classified: +-2^k (modulo 2^width) is a hit at weight k. */
#include "bsyn_learn_order.h"

#include <stdlib.h>
#include <string.h>

#include "bsyn_learn.h"

/* Sample words of the discovery: away from the learner's, the verifier's and the priority's. */
#define ORDER_FIRST_WORD (3ull << 42)
#define PRIORITY_WORDS 8u
#define CHUNK 16u
#define MAX_WEIGHT 256 /* weights beyond are not counted */

typedef struct order_job {
  bsyn_oracle *o;
  const uint32_t *outs;
  uint32_t n, words;
  const uint8_t *field_used; /* per output field: holds a learned output */
  const uint64_t *base_in, *base_out;
  uint32_t *hits;    /* [input * MAX_WEIGHT + k] */
  uint32_t *fchange; /* lanes on which some used output field changed */
  uint32_t *change;  /* lanes on which some learned output changed */
  uint64_t **in, **out;
  int *rc;
  bsyn_diag *diags;
} order_job;

/* Bit `lane` of row bit b of field f in word w of a block of rows (stride words apart). */
static unsigned bit_of(const bsyn_field *f, const uint64_t *rows, size_t stride, size_t w,
                       uint32_t b, unsigned lane) {
  return (unsigned)((rows[(size_t)(f->lsb + b) * stride + w] >> lane) & 1u);
}

/* The weight k when, in lane `lane` of word w, field f's value (any width) moved by +-2^k
 * modulo 2^width from `was` to `now`, else -1. Adding 2^k flips a run of bits from k up:
 * the carry bits (all with the same old value: 1 for +, 0 for -), then one bit that took the
 * carry the other way; or the carry runs out at the top (the sum wrapped). */
static int step_weight(const bsyn_field *f, const uint64_t *now, size_t stride, const uint64_t *was,
                       size_t bs, size_t w, unsigned lane) {
  int k = -1, took = 0;
  uint32_t top = 0;
  unsigned carry = 0;
  for (uint32_t b = 0; b < f->width; b++) {
    unsigned o = bit_of(f, was, bs, w, b, lane);
    if (o == bit_of(f, now, stride, w, b, lane))
      continue;
    if (k < 0) {
      k = (int)b, top = b, carry = o;
      continue;
    }
    if (took || b != top + 1)
      return -1; /* a second run, or a change after the run ended */
    top = b;
    took = o != carry;
  }
  return k >= 0 && (top == (uint32_t)k || took || top == f->width - 1) ? k : -1;
}

static void analyse(const order_job *j, uint32_t input, const uint64_t *out, size_t stride,
                    size_t off) {
  const bsyn_oracle *o = j->o;
  size_t bs = j->words; /* base stride */
  for (uint32_t w = 0; w < j->words; w++) {
    uint64_t any = 0;
    for (uint32_t r = 0; r < j->n; r++)
      any |= out[(size_t)j->outs[r] * stride + off + w] ^ j->base_out[(size_t)j->outs[r] * bs + w];
    j->change[input] += (uint32_t)__builtin_popcountll(any);
    uint64_t fany = 0;
    for (uint32_t f = 0; f < o->num_out_fields; f++) {
      const bsyn_field *fl = &o->out_fields[f];
      if (!j->field_used[f] || fl->width < 2)
        continue;
      uint64_t diffw = 0;
      for (uint32_t b = 0; b < fl->width; b++)
        diffw |= out[(size_t)(fl->lsb + b) * stride + off + w] ^
                 j->base_out[(size_t)(fl->lsb + b) * bs + w];
      fany |= diffw;
      for (uint64_t m = diffw; m; m &= m - 1) {
        int k =
            step_weight(fl, out + off, stride, j->base_out, bs, w, (unsigned)__builtin_ctzll(m));
        if (k >= 0 && k < MAX_WEIGHT)
          j->hits[(size_t)input * MAX_WEIGHT + (uint32_t)k]++;
      }
    }
    j->fchange[input] += (uint32_t)__builtin_popcountll(fany);
  }
}

static void order_chunk(void *arg, size_t item, unsigned thread) {
  order_job *j = arg;
  bsyn_oracle *o = j->o;
  uint32_t first = (uint32_t)item * CHUNK, nin = o->num_inputs;
  uint32_t cnt = nin - first < CHUNK ? nin - first : CHUNK;
  size_t stride = (size_t)CHUNK * j->words;
  if (!j->in[thread]) {
    j->in[thread] = bsyn_aligned_alloc((size_t)nin * stride * sizeof(uint64_t));
    j->out[thread] = bsyn_aligned_alloc((size_t)o->num_outputs * stride * sizeof(uint64_t));
  }
  uint64_t *in = j->in[thread];
  for (uint32_t c = 0; c < CHUNK; c++)
    for (uint32_t i = 0; i < nin; i++) {
      uint64_t *dst = in + (size_t)i * stride + (size_t)c * j->words;
      const uint64_t *src = j->base_in + (size_t)i * j->words;
      for (uint32_t w = 0; w < j->words; w++)
        dst[w] = c < cnt && i == first + c ? ~src[w] : src[w];
    }
  bsyn_diag_init(&j->diags[item], o->name);
  if ((j->rc[item] = bsyn_oracle_eval(o, in, j->out[thread], stride, &j->diags[item])) != 0)
    return;
  for (uint32_t c = 0; c < cnt; c++)
    analyse(j, first + c, j->out[thread], stride, (size_t)c * j->words);
}

/* Weights from the hits; then aligned fields and their partners (see the header). A weight
 * at which most inputs hit is background (rv32i-core: any input that makes the instruction
 * trap moves next_pc by -4): it counts only for the bits of aligned fields. */
static void assign_weights(const bsyn_oracle *o, const uint32_t *hits, const uint32_t *fchange,
                           const uint32_t *change, int32_t *weight, uint8_t *compare) {
  uint32_t nin = o->num_inputs, hitting = 0, at[MAX_WEIGHT] = {0};
  for (uint32_t i = 0; i < nin; i++) {
    int any = 0;
    for (uint32_t k = 0; k < MAX_WEIGHT; k++) {
      at[k] += hits[(size_t)i * MAX_WEIGHT + k] > 0;
      any |= hits[(size_t)i * MAX_WEIGHT + k] > 0;
    }
    hitting += any;
  }
  int32_t *own = bsyn_malloc((nin + 1) * sizeof *own);
  for (uint32_t i = 0; i < nin; i++) {
    const uint32_t *h = hits + (size_t)i * MAX_WEIGHT;
    uint64_t total = 0;
    int32_t best = -1, any = -1;
    for (uint32_t k = 0; k < MAX_WEIGHT; k++) {
      total += h[k];
      if (h[k] && (any < 0 || h[k] > h[any]))
        any = (int32_t)k;
      if (h[k] && 2 * at[k] <= hitting && (best < 0 || h[k] > h[best]))
        best = (int32_t)k;
    }
    /* an operand bit: the field's change is a power of two in a quarter of its changes */
    int operand = total >= 2 && 4 * total >= fchange[i];
    /* a weight that a sixteenth of the hits or fewer show is noise (a rare encoding) */
    weight[i] = operand && best >= 0 && h[best] >= 2 && 16 * (uint64_t)h[best] > total ? best : -1;
    own[i] = operand ? any : -1;
  }
  uint32_t aligned_width[64];
  uint32_t naligned = 0;
  for (uint32_t f = 0; f < o->num_in_fields; f++) {
    const bsyn_field *fl = &o->in_fields[f];
    uint32_t weighted = 0, at_index = 0;
    for (uint32_t b = 0; b < fl->width; b++) {
      int32_t w = own[fl->lsb + b];
      weighted += w >= 0;
      at_index += w >= 0 && (uint32_t)w >= b && (uint32_t)w <= b + 2;
    }
    if (fl->width < 2 || weighted < 2 || 2 * at_index <= weighted)
      continue;
    for (uint32_t b = 0; b < fl->width; b++)
      if (own[fl->lsb + b] >= 0)
        weight[fl->lsb + b] = (int32_t)b;
    if (naligned < 64)
      aligned_width[naligned++] = fl->width;
  }
  uint8_t *partner_field = bsyn_calloc(o->num_in_fields + 1, 1);
  for (uint32_t f = 0; f < o->num_in_fields; f++) {
    const bsyn_field *fl = &o->in_fields[f];
    uint32_t weighted = 0, changed = 0;
    int partner = 0;
    for (uint32_t b = 0; b < fl->width; b++) {
      weighted += weight[fl->lsb + b] >= 0;
      changed += change[fl->lsb + b] > 0;
    }
    for (uint32_t a = 0; a < naligned; a++)
      partner |= aligned_width[a] == fl->width;
    /* a partner: a field of an aligned field's width whose bits (but a few noisy ones) have
     * no weight of their own, e.g. the second operand of a comparator */
    if (!partner || fl->width < 2 || 4 * weighted > changed)
      continue;
    partner_field[f] = 1;
    for (uint32_t b = 0; b < fl->width; b++)
      if (change[fl->lsb + b])
        weight[fl->lsb + b] = (int32_t)b;
  }
  /* Two partners of one width are compared with each other and with nothing else (a
   * branch: rs1 against rs2 while pc + offset is the result): their comparison goes before
   * the weighted inputs, so that one of three states (below, equal, above) is carried into
   * the adder instead of the adder's candidate sums carried to the comparison's end. */
  for (uint32_t f = 0; f < o->num_in_fields; f++) {
    uint32_t same = 0;
    for (uint32_t g = 0; g < o->num_in_fields && partner_field[f]; g++)
      same += partner_field[g] && o->in_fields[g].width == o->in_fields[f].width;
    if (same >= 2)
      for (uint32_t b = 0; b < o->in_fields[f].width; b++)
        compare[o->in_fields[f].lsb + b] = 1;
  }
  free(partner_field);
  free(own);
}

typedef struct order_key {
  uint32_t input;
  /* the order's parts: 1 control, 2 compared, 3 weak control, 4 data, 5 unused */
  uint8_t kind;
  int32_t weight;
  double score;
} order_key;

static int key_cmp(const void *a, const void *b) {
  const order_key *x = a, *y = b;
  if (x->kind != y->kind)
    return x->kind < y->kind ? -1 : 1;
  if ((x->kind == 1 || x->kind == 3) && x->score != y->score)
    return x->score > y->score ? -1 : 1;
  if ((x->kind == 2 || x->kind == 4) && x->weight != y->weight)
    return x->weight < y->weight ? -1 : 1;
  return x->input < y->input ? -1 : x->input > y->input;
}

int bsyn_learn_discover_order(bsyn_oracle *o, const bsyn_sampler *s, uint64_t seed,
                              const uint32_t *outs, uint32_t n, uint32_t words, bsyn_pool *pool,
                              uint32_t *order, bsyn_order_info *info, bsyn_diag *d) {
  uint32_t nin = o->num_inputs;
  if (!o->ops || !o->ops->eval || !s || words == 0 || n == 0)
    bsyn_abort("bsyn_learn_discover_order: needs a queryable oracle, a sampler, words and outputs");
  double *score = bsyn_calloc(nin + 1, sizeof *score);
  if (bsyn_learn_priority_swing(o, s, seed, outs, n, PRIORITY_WORDS, pool, 0, score,
                                info ? info->swing : NULL, d)) {
    free(score);
    return -1;
  }
  if (!o->thread_safe)
    pool = NULL;
  unsigned nt = bsyn_pool_threads(pool);
  uint8_t *used = bsyn_calloc(o->num_out_fields + 1, 1);
  for (uint32_t f = 0; f < o->num_out_fields; f++)
    for (uint32_t r = 0; r < n; r++)
      used[f] |= outs[r] >= o->out_fields[f].lsb &&
                 outs[r] < o->out_fields[f].lsb + o->out_fields[f].width;
  uint64_t *base_in = bsyn_aligned_alloc((size_t)nin * words * sizeof(uint64_t));
  uint64_t *base_out = bsyn_aligned_alloc((size_t)o->num_outputs * words * sizeof(uint64_t));
  s->fill(s, seed, ORDER_FIRST_WORD, words, base_in, words);
  size_t chunks = (nin + CHUNK - 1) / CHUNK;
  order_job j = {o,    outs, n,    words, used, base_in, base_out,
                 NULL, NULL, NULL, NULL,  NULL, NULL,    NULL};
  j.hits = bsyn_calloc((size_t)nin * MAX_WEIGHT, sizeof *j.hits);
  j.fchange = bsyn_calloc(nin, sizeof *j.fchange);
  j.change = bsyn_calloc(nin, sizeof *j.change);
  j.in = bsyn_calloc(nt, sizeof *j.in);
  j.out = bsyn_calloc(nt, sizeof *j.out);
  j.rc = bsyn_calloc(chunks, sizeof *j.rc);
  j.diags = bsyn_calloc(chunks, sizeof *j.diags);
  int rc = bsyn_oracle_eval(o, base_in, base_out, words, d);
  if (!rc) {
    if (pool)
      bsyn_pool_run(pool, chunks, order_chunk, &j);
    else
      for (size_t c = 0; c < chunks; c++)
        order_chunk(&j, c, 0);
    for (size_t c = 0; c < chunks && !rc; c++)
      if (j.rc[c]) {
        rc = -1;
        if (d)
          *d = j.diags[c];
      }
  }
  if (!rc) {
    int32_t *weight = bsyn_malloc((nin + 1) * sizeof *weight);
    uint8_t *compare = bsyn_calloc(nin + 1, 1);
    assign_weights(o, j.hits, j.fchange, j.change, weight, compare);
    order_key *keys = bsyn_malloc((nin + 1) * sizeof *keys);
    double top = 0;
    for (uint32_t i = 0; i < nin; i++)
      if (j.change[i] && weight[i] < 0 && score[i] > top)
        top = score[i];
    for (uint32_t i = 0; i < nin; i++) {
      uint8_t kind = !j.change[i]                               ? 5
                     : weight[i] >= 0                           ? (compare[i] ? 2 : 4)
                     : score[i] >= BSYN_ORDER_STRONG * top && top > 0 ? 1
                                                                : 3;
      /* weak control by how often a flip changes the outputs: the deciding bits of a
       * comparison (its top bits) before the bits that matter only when those are equal */
      keys[i] = (order_key){i, kind, weight[i], kind == 3 ? (double)j.change[i] : score[i]};
      if (info) {
        if (info->control)
          info->control[i] = score[i];
        if (info->changed)
          info->changed[i] = (double)j.change[i] / (64.0 * words);
        if (info->weight)
          info->weight[i] = kind == 2 || kind == 4 ? weight[i] : -1;
        if (info->kind)
          info->kind[i] = kind == 5 ? 0 : kind == 2 || kind == 4 ? 2 : kind == 1 ? 1 : 3;
      }
    }
    qsort(keys, nin, sizeof *keys, key_cmp);
    for (uint32_t i = 0; i < nin; i++)
      order[i] = keys[i].input;
    free(keys);
    free(weight);
    free(compare);
  }
  for (unsigned t = 0; t < nt; t++) {
    bsyn_aligned_free(j.in[t]);
    bsyn_aligned_free(j.out[t]);
  }
  free(j.in);
  free(j.out);
  free(j.rc);
  free(j.diags);
  free(j.hits);
  free(j.fchange);
  free(j.change);
  free(used);
  free(score);
  bsyn_aligned_free(base_in);
  bsyn_aligned_free(base_out);
  return rc;
}
