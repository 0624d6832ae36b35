/* The trace recorder: a runner observer that buffers each step's inputs per field, and every
 * BATCH vectors transposes them into bit-sliced rows, asks the oracle and appends the block
 * to the trace. The answers come from the oracle, not from the runner's step, so a trace is
 * exactly what the oracle says about the states the program went through. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bsyn_trace.h"
#include "bsyn_transpose.h"

enum { BATCH = 4096, BATCH_WORDS = BATCH / 64 };

/* Where an input field's value comes from: a bsyn_rv32_in member or register x1..x31. */
enum { SRC_PC, SRC_INST, SRC_RS1_VAL, SRC_RS2_VAL, SRC_MEM_RDATA, SRC_X0 };

struct bsyn_trace_recorder {
  bsyn_oracle *o;
  bsyn_trace_writer *w;
  uint32_t *src;  /* per input field */
  uint32_t *vals; /* vals[field * BATCH + v] */
  size_t n;       /* vectors buffered */
  size_t total;   /* vectors recorded */
  uint64_t *in, *out;
};

static int field_source(const char *name, uint32_t *src) {
  static const char *const names[] = {"pc", "inst", "rs1_val", "rs2_val", "mem_rdata"};
  for (uint32_t k = 0; k < 5; k++)
    if (!strcmp(name, names[k])) {
      *src = k;
      return 0;
    }
  char *end;
  if (name[0] == 'x' && name[1] >= '1' && name[1] <= '9') {
    unsigned long k = strtoul(name + 1, &end, 10);
    if (!*end && k >= 1 && k <= 31) {
      *src = SRC_X0 + (uint32_t)k;
      return 0;
    }
  }
  return -1;
}

bsyn_trace_recorder *bsyn_trace_recorder_open(const char *path, bsyn_oracle *o, bsyn_diag *d) {
  if (!o->ops || !o->ops->eval) {
    bsyn_diag_set(d, 0, 0, "expected an oracle that answers queries, found the example set %s",
                  o->name);
    return NULL;
  }
  uint32_t *src = bsyn_calloc(o->num_in_fields + 1, sizeof *src);
  uint32_t covered = 0;
  for (uint32_t f = 0; f < o->num_in_fields; f++) {
    if (field_source(o->in_fields[f].name, &src[f]) || o->in_fields[f].width > 32) {
      bsyn_diag_set(
          d, 0, 0,
          "expected an RV32 oracle (inputs pc, inst, rs1_val, rs2_val, mem_rdata, x1..x31), "
          "found input field '%s' in %s",
          o->in_fields[f].name, o->name);
      free(src);
      return NULL;
    }
    covered += o->in_fields[f].width;
  }
  if (covered != o->num_inputs) {
    bsyn_diag_set(d, 0, 0, "expected %s's fields to cover its %u inputs, found %u bits", o->name,
                  o->num_inputs, covered);
    free(src);
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
  if (!w) {
    free(src);
    return NULL;
  }
  bsyn_trace_recorder *rec = bsyn_calloc(1, sizeof *rec);
  rec->o = o;
  rec->w = w;
  rec->src = src;
  rec->vals = bsyn_calloc((size_t)o->num_in_fields * BATCH + 1, sizeof *rec->vals);
  rec->in = bsyn_aligned_alloc((size_t)o->num_inputs * BATCH_WORDS * 8);
  rec->out = bsyn_aligned_alloc((size_t)o->num_outputs * BATCH_WORDS * 8);
  return rec;
}

static int flush(bsyn_trace_recorder *rec, bsyn_diag *d) {
  if (rec->n == 0)
    return 0;
  const bsyn_oracle *o = rec->o;
  size_t nwords = (rec->n + 63) / 64;
  memset(rec->in, 0, (size_t)o->num_inputs * nwords * 8);
  for (uint32_t f = 0; f < o->num_in_fields; f++) {
    const uint32_t *v = rec->vals + (size_t)f * BATCH;
    for (size_t w = 0; w < nwords; w++) {
      uint64_t m[64];
      for (size_t j = 0; j < 64; j++)
        m[j] = 64 * w + j < rec->n ? v[64 * w + j] : 0;
      bsyn_transpose64_scatter(m, rec->in + (size_t)o->in_fields[f].lsb * nwords + w, nwords,
                               o->in_fields[f].width);
    }
  }
  if (bsyn_oracle_eval(rec->o, rec->in, rec->out, nwords, d) ||
      bsyn_trace_writer_add(rec->w, rec->in, rec->out, nwords, rec->n, d))
    return -1;
  rec->n = 0;
  return 0;
}

int bsyn_trace_recorder_observe(void *ctx, const bsyn_runner *r, const bsyn_rv32_in *in,
                                const bsyn_rv32_out *out, bsyn_diag *d) {
  bsyn_trace_recorder *rec = ctx;
  const uint32_t from_in[5] = {in->pc, in->inst, in->rs1_val, in->rs2_val, in->mem_rdata};
  for (uint32_t f = 0; f < rec->o->num_in_fields; f++) {
    uint32_t s = rec->src[f];
    rec->vals[(size_t)f * BATCH + rec->n] = s < SRC_X0 ? from_in[s] : r->x[s - SRC_X0];
  }
  rec->total++;
  return ++rec->n == BATCH ? flush(rec, d) : 0;
}

size_t bsyn_trace_recorder_count(const bsyn_trace_recorder *rec) { return rec->total; }

int bsyn_trace_recorder_close(bsyn_trace_recorder *rec, bsyn_diag *d) {
  int rc = flush(rec, d);
  int rc2 = bsyn_trace_writer_close(rec->w, rc ? NULL : d);
  free(rec->src);
  free(rec->vals);
  bsyn_aligned_free(rec->in);
  bsyn_aligned_free(rec->out);
  free(rec);
  return rc ? rc : rc2;
}
