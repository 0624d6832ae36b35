/* Input order files (bsyn learn --order FILE) through bsyn_cli_read_order, over a made-up
 * oracle with wide, one-bit and oddly named fields. The reader prints its errors, so
 * fuzz_order.options closes the harness's stderr (libFuzzer keeps its own). */
#include <stdlib.h>

#include "bsyn_fuzz.h"
#include "cli.h"

static const char *harness = "fuzz_order";

static bsyn_oracle *oracle(void) {
  static bsyn_oracle *o;
  if (!o) {
    o = bsyn_oracle_alloc(NULL, "fuzz-order", 48, 1);
    bsyn_oracle_add_field(o, 0, "pc", 0, 16);
    bsyn_oracle_add_field(o, 0, "inst", 16, 24);
    bsyn_oracle_add_field(o, 0, "a", 40, 1);
    bsyn_oracle_add_field(o, 0, "x[3]", 41, 1);
    bsyn_oracle_add_field(o, 0, "7", 42, 1);
    bsyn_oracle_add_field(o, 0, "b-c", 43, 5);
    bsyn_oracle_add_field(o, 1, "y", 0, 1);
  }
  return o;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const bsyn_oracle *o = oracle();
  uint32_t *order = (uint32_t *)&order, n = 7;
  int rc = bsyn_cli_read_order(bsyn_fuzz_path(data, size), o, &order, &n);
  bsyn_fuzz_require(rc == 0 || rc == 1, harness, "status other than 0 or 1");
  if (rc) {
    bsyn_fuzz_require(!order && !n, harness, "result left set on failure");
    return 0;
  }
  bsyn_fuzz_require(order && n >= 1 && n <= o->num_inputs, harness, "order size");
  uint8_t seen[48] = {0};
  for (uint32_t k = 0; k < n; k++) {
    bsyn_fuzz_require(order[k] < o->num_inputs, harness, "input out of range");
    bsyn_fuzz_require(!seen[order[k]]++, harness, "input listed twice");
  }
  free(order);
  return 0;
}
