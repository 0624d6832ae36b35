/* BLIF through bsyn_io_read_blif. */
#include "bsyn_fuzz.h"
#include "bsyn_io.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  bsyn_fuzz_netlist(data, size, NULL, bsyn_io_read_blif, "fuzz_blif");
  return 0;
}
