/* ASCII AIGER (aag) through bsyn_io_read_aiger. */
#include "bsyn_fuzz.h"
#include "bsyn_io.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  bsyn_fuzz_netlist(data, size, "aag", bsyn_io_read_aiger, "fuzz_aiger_ascii");
  return 0;
}
