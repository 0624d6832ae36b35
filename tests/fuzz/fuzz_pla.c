/* PLA example sets through bsyn_io_read_pla, with the layout bsyn_io.h promises checked:
 * at least one example, nwords = ceil(examples / 64), zero bits past the last example, and
 * no output bit set where it is a don't-care. */
#include <stdlib.h>

#include "bsyn_fuzz.h"
#include "bsyn_io.h"

static const char *harness = "fuzz_pla";

static void check_rows(const uint64_t *rows, uint32_t n, const bsyn_pla *p) {
  uint64_t tail = p->num_examples % 64 ? ~0ull << (p->num_examples % 64) : 0;
  for (uint32_t r = 0; r < n; r++)
    bsyn_fuzz_require(!(rows[(size_t)r * p->nwords + p->nwords - 1] & tail), harness,
                      "bits set past the last example");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  bsyn_diag d;
  bsyn_pla *p = (bsyn_pla *)&d;
  int rc = bsyn_io_read_pla(bsyn_fuzz_path(data, size), &p, &d);
  bsyn_fuzz_check_status(rc, p == NULL, &d, harness);
  if (rc)
    return 0;
  bsyn_fuzz_require(p->num_inputs && p->num_outputs && p->num_examples, harness, "empty set");
  bsyn_fuzz_require(p->nwords == (p->num_examples + 63) / 64, harness, "nwords");
  check_rows(p->in, p->num_inputs, p);
  check_rows(p->out, p->num_outputs, p);
  check_rows(p->care, p->num_outputs, p);
  for (size_t w = 0; w < (size_t)p->num_outputs * p->nwords; w++)
    bsyn_fuzz_require(!(p->out[w] & ~p->care[w]), harness, "output bit on a don't-care");
  bsyn_pla_free(p);
  return 0;
}
