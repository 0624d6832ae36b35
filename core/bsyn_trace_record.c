/* The trace recorder: buffers packed input vectors (one row of words per vector), and every
 * BATCH vectors transposes them into bit-sliced rows, asks the oracle and appends the block
 * to the trace. The filters of bsyn_trace_record_opts sit in front: a set of 128-bit vector
 * hashes for dedup and a count per pc value. The rv32i observer packs its vector from the
 * runner's fields by name. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bsyn_trace.h"
#include "bsyn_transpose.h"

enum { BATCH = 4096 };

/* Where an input field's value comes from: a bsyn_rv32_in member or register x1..x31. */
enum { SRC_PC, SRC_INST, SRC_RS1_VAL, SRC_RS2_VAL, SRC_MEM_RDATA, SRC_X0 };

/* An open-addressing table of (k1, k2) keys with a count each; k1 = 0 marks a free slot. */
typedef struct key_entry {
  uint64_t k1, k2;
  uint64_t count;
} key_entry;
typedef struct key_table {
  key_entry *slots;
  size_t mask, used; /* capacity - 1 (a power of two) */
} key_table;

struct bsyn_trace_recorder {
  bsyn_oracle *o;
  bsyn_trace_writer *w;
  bsyn_trace_record_opts opts;
  uint32_t in_words; /* words of a packed vector */
  uint64_t *lanes;   /* BATCH packed vectors, lanes[v * in_words + c] */
  size_t n;          /* vectors buffered */
  size_t total;      /* vectors recorded */
  uint64_t offered;
  uint64_t *in, *out; /* one batch's rows */
  int pc_lsb;         /* first bit of the 32-bit pc field, -1 when none */
  key_table seen, per_pc;
  uint32_t *src;  /* rv32i: per input field, where its value comes from */
  uint64_t *bits; /* rv32i: the vector being packed */
};

/* The entry of (k1, k2) in t (k1 != 0), inserted with count 0 when new. */
static key_entry *key_slot(key_table *t, uint64_t k1, uint64_t k2) {
  if (2 * (t->used + 1) > t->mask + 1) {
    key_table g = {bsyn_calloc(2 * (t->mask + 1), sizeof *g.slots), 2 * t->mask + 1, t->used};
    for (size_t i = 0; i <= t->mask; i++)
      if (t->slots[i].k1) {
        size_t j = bsyn_mix64(t->slots[i].k1 ^ t->slots[i].k2) & g.mask;
        while (g.slots[j].k1)
          j = (j + 1) & g.mask;
        g.slots[j] = t->slots[i];
      }
    free(t->slots);
    *t = g;
  }
  size_t j = bsyn_mix64(k1 ^ k2) & t->mask;
  while (t->slots[j].k1 && (t->slots[j].k1 != k1 || t->slots[j].k2 != k2))
    j = (j + 1) & t->mask;
  if (!t->slots[j].k1) {
    t->slots[j].k1 = k1;
    t->slots[j].k2 = k2;
    t->used++;
  }
  return &t->slots[j];
}

static void key_table_init(key_table *t) {
  t->mask = 1023;
  t->used = 0;
  t->slots = bsyn_calloc(t->mask + 1, sizeof *t->slots);
}

/* The value of input bits lsb .. lsb+31 of a packed vector. */
static uint32_t get32(const uint64_t *bits, uint32_t lsb) {
  uint64_t lo = bits[lsb / 64] >> (lsb % 64);
  if (lsb % 64 > 32)
    lo |= bits[lsb / 64 + 1] << (64 - lsb % 64);
  return (uint32_t)lo;
}

static int pc_field(const bsyn_oracle *o) {
  for (uint32_t f = 0; f < o->num_in_fields; f++)
    if (!strcmp(o->in_fields[f].name, "pc") && o->in_fields[f].width == 32)
      return (int)o->in_fields[f].lsb;
  return -1;
}

bsyn_trace_recorder *bsyn_trace_recorder_open_vectors(const char *path, bsyn_oracle *o,
                                                      const bsyn_trace_record_opts *opts,
                                                      bsyn_diag *d) {
  static const bsyn_trace_record_opts every = {0, 0, 0};
  if (!o->ops || !o->ops->eval) {
    bsyn_diag_set(d, 0, 0, "expected an oracle that answers queries, found the example set %s",
                  o->name);
    return NULL;
  }
  int pc = pc_field(o);
  if (opts && opts->per_pc && pc < 0) {
    bsyn_diag_set(d, 0, 0,
                  "expected a 32-bit input field 'pc' in %s for a limit per pc, found none",
                  o->name);
    return NULL;
  }
  bsyn_trace hdr = {.oracle = o->name,
                    .num_inputs = o->num_inputs,
                    .num_outputs = o->num_outputs,
                    .in_fields = o->in_fields,
                    .num_in_fields = o->num_in_fields,
                    .out_fields = o->out_fields,
                    .num_out_fields = o->num_out_fields};
  bsyn_trace_writer *w = bsyn_trace_writer_open(path, &hdr, d);
  if (!w)
    return NULL;
  bsyn_trace_recorder *rec = bsyn_calloc(1, sizeof *rec);
  rec->o = o;
  rec->w = w;
  rec->opts = opts ? *opts : every;
  rec->pc_lsb = pc;
  rec->in_words = (o->num_inputs + 63) / 64;
  rec->lanes = bsyn_calloc((size_t)BATCH * rec->in_words, sizeof *rec->lanes);
  rec->in = bsyn_aligned_alloc((size_t)o->num_inputs * (BATCH / 64) * 8);
  rec->out = bsyn_aligned_alloc((size_t)o->num_outputs * (BATCH / 64) * 8);
  key_table_init(&rec->seen);
  key_table_init(&rec->per_pc);
  return rec;
}

/* The field sources of an RV32 oracle into src[]; -1 with d filled on a field the rv32i
 * runner cannot supply or fields that do not cover the inputs. */
static int rv32_sources(const bsyn_oracle *o, uint32_t *src, bsyn_diag *d) {
  static const char *const names[] = {"pc", "inst", "rs1_val", "rs2_val", "mem_rdata"};
  uint32_t covered = 0;
  for (uint32_t f = 0; f < o->num_in_fields; f++) {
    const char *name = o->in_fields[f].name;
    src[f] = UINT32_MAX;
    for (uint32_t k = 0; k < 5; k++)
      if (!strcmp(name, names[k]))
        src[f] = k;
    char *end;
    if (src[f] == UINT32_MAX && name[0] == 'x' && name[1] >= '1' && name[1] <= '9') {
      unsigned long k = strtoul(name + 1, &end, 10);
      if (!*end && k >= 1 && k <= 31)
        src[f] = SRC_X0 + (uint32_t)k;
    }
    if (src[f] == UINT32_MAX || o->in_fields[f].width > 32)
      return bsyn_diag_set(
          d, 0, 0,
          "expected an RV32 oracle (inputs pc, inst, rs1_val, rs2_val, mem_rdata, x1..x31), "
          "found input field '%s' in %s",
          name, o->name);
    covered += o->in_fields[f].width;
  }
  if (covered != o->num_inputs)
    return bsyn_diag_set(d, 0, 0, "expected %s's fields to cover its %u inputs, found %u bits",
                         o->name, o->num_inputs, covered);
  return 0;
}

bsyn_trace_recorder *bsyn_trace_recorder_open(const char *path, bsyn_oracle *o,
                                              const bsyn_trace_record_opts *opts, bsyn_diag *d) {
  if (!o->ops || !o->ops->eval)
    return bsyn_trace_recorder_open_vectors(path, o, opts, d); /* its error */
  uint32_t *src = bsyn_calloc(o->num_in_fields + 1, sizeof *src);
  bsyn_trace_recorder *rec = NULL;
  if (rv32_sources(o, src, d) == 0)
    rec = bsyn_trace_recorder_open_vectors(path, o, opts, d);
  if (!rec) {
    free(src);
    return NULL;
  }
  rec->src = src;
  rec->bits = bsyn_calloc(rec->in_words, sizeof *rec->bits);
  return rec;
}

static int flush(bsyn_trace_recorder *rec, bsyn_diag *d) {
  if (rec->n == 0)
    return 0;
  const bsyn_oracle *o = rec->o;
  size_t nwords = (rec->n + 63) / 64;
  for (uint32_t c = 0; c < rec->in_words; c++) {
    unsigned nrows = o->num_inputs - 64 * c < 64 ? o->num_inputs - 64 * c : 64;
    for (size_t w = 0; w < nwords; w++) {
      uint64_t m[64];
      for (size_t j = 0; j < 64; j++)
        m[j] = 64 * w + j < rec->n ? rec->lanes[(64 * w + j) * rec->in_words + c] : 0;
      bsyn_transpose64_scatter(m, rec->in + (size_t)64 * c * nwords + w, nwords, nrows);
    }
  }
  if (bsyn_oracle_eval(rec->o, rec->in, rec->out, nwords, d) ||
      bsyn_trace_writer_add(rec->w, rec->in, rec->out, nwords, rec->n, d))
    return -1;
  rec->n = 0;
  return 0;
}

/* 1 when the filters keep the vector. */
static int keep(bsyn_trace_recorder *rec, const uint64_t *bits) {
  const bsyn_trace_record_opts *op = &rec->opts;
  if (op->max_vectors && rec->total >= op->max_vectors)
    return 0;
  if (op->dedup) {
    uint64_t h1 = 0x6a09e667f3bcc908ull, h2 = 0xbb67ae8584caa73bull;
    uint32_t tail = rec->o->num_inputs % 64;
    for (uint32_t c = 0; c < rec->in_words; c++) {
      uint64_t x = c + 1 == rec->in_words && tail ? bits[c] & ~(~0ull << tail) : bits[c];
      h1 = bsyn_mix64(h1 ^ x);
      h2 = bsyn_mix64(h2 + x * 0x9e3779b97f4a7c15ull);
    }
    if (key_slot(&rec->seen, h1 | 1, h2)->count++)
      return 0;
  }
  if (op->per_pc) {
    uint64_t pc = get32(bits, (uint32_t)rec->pc_lsb);
    if (key_slot(&rec->per_pc, pc | 1ull << 32, 0)->count++ >= op->per_pc)
      return 0;
  }
  return 1;
}

int bsyn_trace_recorder_add(bsyn_trace_recorder *rec, const uint64_t *bits, bsyn_diag *d) {
  rec->offered++;
  if (!keep(rec, bits))
    return 0;
  memcpy(rec->lanes + rec->n * rec->in_words, bits, rec->in_words * sizeof *bits);
  rec->total++;
  return ++rec->n == BATCH ? flush(rec, d) : 0;
}

int bsyn_trace_recorder_observe(void *ctx, const bsyn_runner *r, const bsyn_rv32_in *in,
                                const bsyn_rv32_out *out, bsyn_diag *d) {
  bsyn_trace_recorder *rec = ctx;
  (void)out;
  const uint32_t from_in[5] = {in->pc, in->inst, in->rs1_val, in->rs2_val, in->mem_rdata};
  memset(rec->bits, 0, rec->in_words * sizeof *rec->bits);
  for (uint32_t f = 0; f < rec->o->num_in_fields; f++) {
    uint32_t s = rec->src[f], lsb = rec->o->in_fields[f].lsb, width = rec->o->in_fields[f].width;
    uint64_t v = s < SRC_X0 ? from_in[s] : r->x[s - SRC_X0];
    v &= width == 64 ? ~0ull : ~(~0ull << width);
    rec->bits[lsb / 64] |= v << (lsb % 64);
    if (lsb % 64 + width > 64)
      rec->bits[lsb / 64 + 1] |= v >> (64 - lsb % 64);
  }
  return bsyn_trace_recorder_add(rec, rec->bits, d);
}

const bsyn_oracle *bsyn_trace_recorder_oracle(const bsyn_trace_recorder *rec) { return rec->o; }

size_t bsyn_trace_recorder_count(const bsyn_trace_recorder *rec) { return rec->total; }

uint64_t bsyn_trace_recorder_offered(const bsyn_trace_recorder *rec) { return rec->offered; }

int bsyn_trace_recorder_close(bsyn_trace_recorder *rec, bsyn_diag *d) {
  int rc = flush(rec, d);
  int rc2 = bsyn_trace_writer_close(rec->w, rc ? NULL : d);
  free(rec->src);
  free(rec->bits);
  free(rec->lanes);
  free(rec->seen.slots);
  free(rec->per_pc.slots);
  bsyn_aligned_free(rec->in);
  bsyn_aligned_free(rec->out);
  free(rec);
  return rc ? rc : rc2;
}

static void describe_field(const bsyn_field *f, char *buf, size_t size) {
  if (f)
    snprintf(buf, size, "'%s' at bits %u..%u", f->name, f->lsb, f->lsb + f->width - 1);
  else
    snprintf(buf, size, "no field");
}

int bsyn_trace_check_inputs(const bsyn_trace *t, const bsyn_oracle *o, bsyn_diag *d) {
  if (t->num_inputs != o->num_inputs)
    return bsyn_diag_set(d, 0, 0,
                         "expected a trace of %s (%u inputs), found one of %s with %u inputs",
                         o->name, o->num_inputs, t->oracle, t->num_inputs);
  if (t->num_vectors == 0)
    return bsyn_diag_set(d, 0, 0, "expected a trace of %s with vectors, found one of %s with none",
                         o->name, t->oracle);
  if (!t->num_in_fields || !o->num_in_fields)
    return 0;
  long f =
      bsyn_fields_first_difference(t->in_fields, t->num_in_fields, o->in_fields, o->num_in_fields);
  if (f < 0)
    return 0;
  char want[160], got[160];
  describe_field((uint32_t)f < o->num_in_fields ? &o->in_fields[f] : NULL, want, sizeof want);
  describe_field((uint32_t)f < t->num_in_fields ? &t->in_fields[f] : NULL, got, sizeof got);
  return bsyn_diag_set(d, 0, 0,
                       "expected a trace of %s (input field %ld: %s), found one of %s with %s",
                       o->name, f, want, t->oracle, got);
}
