/* A cofactor of an oracle (bsyn_oracle_restrict.h): queries copied with the held input rows
 * overwritten, then answered by the oracle it borrows. */
#include "bsyn_oracle_restrict.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct restrict_state {
  bsyn_oracle *base; /* borrowed */
  uint32_t *inputs;
  uint8_t *values;
  uint32_t n;
} restrict_state;

static int restrict_eval(bsyn_oracle *o, const uint64_t *in, uint64_t *out, size_t nwords,
                         bsyn_diag *d) {
  const restrict_state *st = o->state;
  size_t rows = (size_t)o->num_inputs * nwords;
  uint64_t *held = bsyn_aligned_alloc((rows + 1) * sizeof *held);
  memcpy(held, in, rows * sizeof *held);
  for (uint32_t k = 0; k < st->n; k++) {
    uint64_t word = st->values[k] ? ~0ull : 0;
    uint64_t *row = held + (size_t)st->inputs[k] * nwords;
    for (size_t w = 0; w < nwords; w++)
      row[w] = word;
  }
  int rc = bsyn_oracle_eval(st->base, held, out, nwords, d);
  bsyn_aligned_free(held);
  return rc;
}

static void restrict_destroy(bsyn_oracle *o) {
  restrict_state *st = o->state;
  free(st->inputs);
  free(st->values);
  free(st);
}

static const bsyn_oracle_ops restrict_ops = {restrict_eval, restrict_destroy};

/* The name of input i of o: "field[bit]", the field's name for a one-bit field, else "i<i>". */
static void input_name(const bsyn_oracle *o, uint32_t i, char *buf, size_t size) {
  snprintf(buf, size, "i%u", i);
  for (uint32_t f = 0; f < o->num_in_fields; f++) {
    const bsyn_field *fl = &o->in_fields[f];
    if (i >= fl->lsb && i < fl->lsb + fl->width) {
      if (fl->width == 1)
        snprintf(buf, size, "%s", fl->name);
      else
        snprintf(buf, size, "%s[%u]", fl->name, i - fl->lsb);
      return;
    }
  }
}

bsyn_oracle *bsyn_oracle_restrict(bsyn_oracle *o, const uint32_t *inputs, const uint8_t *values,
                                  uint32_t n) {
  size_t cap = strlen(o->name) + 2 + (size_t)n * 80, len = 0;
  char *name = bsyn_malloc(cap);
  len += (size_t)snprintf(name, cap, "%s|", o->name);
  restrict_state *st = bsyn_calloc(1, sizeof *st);
  st->base = o;
  st->n = n;
  st->inputs = bsyn_malloc((n + 1) * sizeof *st->inputs);
  st->values = bsyn_malloc(n + 1);
  for (uint32_t k = 0; k < n; k++) {
    if (inputs[k] >= o->num_inputs)
      bsyn_abort("bsyn_oracle_restrict: input %u of %u", inputs[k], o->num_inputs);
    char in[72];
    input_name(o, inputs[k], in, sizeof in);
    st->inputs[k] = inputs[k];
    st->values[k] = values[k] & 1;
    len += (size_t)snprintf(name + len, cap - len, "%s%s=%u", k ? "," : "", in, st->values[k]);
  }
  bsyn_oracle *r = bsyn_oracle_alloc(&restrict_ops, name, o->num_inputs, o->num_outputs);
  free(name);
  r->description = bsyn_strdup(o->description ? o->description : o->name);
  r->thread_safe = o->thread_safe;
  r->state = st;
  for (uint32_t f = 0; f < o->num_in_fields; f++)
    bsyn_oracle_add_field(r, 0, o->in_fields[f].name, o->in_fields[f].lsb, o->in_fields[f].width);
  for (uint32_t f = 0; f < o->num_out_fields; f++)
    bsyn_oracle_add_field(r, 1, o->out_fields[f].name, o->out_fields[f].lsb,
                          o->out_fields[f].width);
  return r;
}
