/* Trace files through bsyn_trace_read, with the layout bsyn_trace.h promises checked:
 * nwords = ceil(vectors / 64), fields inside the vectors, zero bits past the last vector. */
#include "bsyn_fuzz.h"
#include "bsyn_trace.h"

static const char *harness = "fuzz_trace";

static void check_fields(const bsyn_field *f, uint32_t n, uint32_t bits) {
  for (uint32_t i = 0; i < n; i++)
    bsyn_fuzz_require(f[i].name && f[i].width && (uint64_t)f[i].lsb + f[i].width <= bits,
                      harness, "field outside the vectors");
}

static void check_rows(const uint64_t *rows, uint32_t n, const bsyn_trace *t) {
  if (!t->nwords)
    return;
  uint64_t tail = t->num_vectors % 64 ? ~0ull << (t->num_vectors % 64) : 0;
  for (uint32_t r = 0; r < n; r++)
    bsyn_fuzz_require(!(rows[(size_t)r * t->nwords + t->nwords - 1] & tail), harness,
                      "bits set past the last vector");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  bsyn_diag d;
  bsyn_trace *t = (bsyn_trace *)&d;
  int rc = bsyn_trace_read(bsyn_fuzz_path(data, size), &t, &d);
  bsyn_fuzz_check_status(rc, t == NULL, &d, harness);
  if (rc)
    return 0;
  bsyn_fuzz_require(t->oracle && t->num_inputs && t->num_outputs, harness, "empty header");
  bsyn_fuzz_require(t->nwords == (t->num_vectors + 63) / 64, harness, "nwords");
  check_fields(t->in_fields, t->num_in_fields, t->num_inputs);
  check_fields(t->out_fields, t->num_out_fields, t->num_outputs);
  check_rows(t->in, t->num_inputs, t);
  check_rows(t->out, t->num_outputs, t);
  bsyn_trace_free(t);
  return 0;
}
