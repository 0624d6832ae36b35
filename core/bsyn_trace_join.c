/* Joining traces: the vectors of several traces of one oracle, in order, as one trace. Each
 * source word of 64 vectors is shifted into the block being filled, so joining never looks at
 * single bits; the writer gets whole blocks and, at the end, the partial one. */
#include <stdlib.h>
#include <string.h>

#include "bsyn_trace.h"

typedef struct joiner {
  bsyn_trace_writer *w;
  uint32_t rows;        /* inputs + outputs */
  uint64_t *cur, *next; /* one word per row: the block being filled and its overflow */
  unsigned fill;        /* vectors in cur */
} joiner;

/* 1 when b has a's oracle name, counts and fields. */
static int same_layout(const bsyn_trace *a, const bsyn_trace *b) {
  return !strcmp(a->oracle, b->oracle) && a->num_inputs == b->num_inputs &&
         a->num_outputs == b->num_outputs &&
         bsyn_fields_first_difference(a->in_fields, a->num_in_fields, b->in_fields,
                                      b->num_in_fields) < 0 &&
         bsyn_fields_first_difference(a->out_fields, a->num_out_fields, b->out_fields,
                                      b->num_out_fields) < 0;
}

static int append(joiner *j, const bsyn_trace *t, bsyn_diag *d) {
  for (size_t w = 0; w < t->nwords; w++) {
    unsigned c = w + 1 == t->nwords && t->num_vectors % 64 ? t->num_vectors % 64 : 64;
    unsigned k = j->fill;
    for (uint32_t r = 0; r < j->rows; r++) {
      /* the reader guarantees zero bits past the last vector */
      uint64_t s = r < t->num_inputs ? t->in[(size_t)r * t->nwords + w]
                                     : t->out[(size_t)(r - t->num_inputs) * t->nwords + w];
      j->cur[r] |= s << k;
      j->next[r] = k ? s >> (64 - k) : 0;
    }
    if (k + c < 64) {
      j->fill = k + c;
      continue;
    }
    if (bsyn_trace_writer_add(j->w, j->cur, j->cur + t->num_inputs, 1, 64, d))
      return -1;
    memcpy(j->cur, j->next, (size_t)j->rows * 8);
    j->fill = k + c - 64;
  }
  return 0;
}

int bsyn_trace_join(const char *out, const char *const *paths, size_t n, size_t *count,
                    bsyn_diag *d) {
  bsyn_trace *first = NULL, *t = NULL;
  *count = 0;
  joiner j = {0};
  int rc = 0;
  for (size_t i = 0; i < n && rc == 0; i++) {
    bsyn_diag_init(d, paths[i]);
    if (bsyn_trace_read(paths[i], &t, d))
      rc = -1;
    else if (first && !same_layout(first, t))
      rc = bsyn_diag_set(d, 0, 0,
                         "expected a trace of %s with %u inputs and %u outputs and the fields of "
                         "%s, found one of %s with %u inputs and %u outputs",
                         first->oracle, first->num_inputs, first->num_outputs, paths[0], t->oracle,
                         t->num_inputs, t->num_outputs);
    if (rc == 0 && !first) {
      bsyn_diag_init(d, out);
      first = t;
      j.rows = t->num_inputs + t->num_outputs;
      j.cur = bsyn_calloc(j.rows, 8);
      j.next = bsyn_calloc(j.rows, 8);
      if (!(j.w = bsyn_trace_writer_open(out, t, d)))
        rc = -1;
    }
    if (rc == 0) {
      bsyn_diag_init(d, out);
      rc = append(&j, t, d);
      *count += t->num_vectors;
    }
    if (t != first)
      bsyn_trace_free(t);
    t = NULL;
  }
  if (j.w) {
    if (rc == 0 && j.fill)
      rc = bsyn_trace_writer_add(j.w, j.cur, j.cur + first->num_inputs, 1, j.fill, d);
    int rc2 = bsyn_trace_writer_close(j.w, rc ? NULL : d);
    rc = rc ? rc : rc2;
  }
  bsyn_trace_free(first);
  free(j.cur);
  free(j.next);
  return rc;
}
