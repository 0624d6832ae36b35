/* Binary AIGER (aig) through bsyn_io_read_aiger: the delta-coded ANDs. */
#include "bsyn_fuzz.h"
#include "bsyn_io.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  bsyn_fuzz_netlist(data, size, "aig", bsyn_io_read_aiger, "fuzz_aiger_binary");
  return 0;
}
