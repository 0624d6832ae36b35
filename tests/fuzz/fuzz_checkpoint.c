/* Checkpoints through bsyn_learner_resume, for arith:alu8 learned with --sampler uniform
 * --level-order --sens-words 8 (the options the seeds were written with). The trailing
 * checksum is recomputed over each input, so that mutations reach the checks behind it
 * (counts, indices, the graph); a resumed learner is then run to the end under a node
 * budget. Contract: NULL with a message, or a learner that runs without a crash. */
#include <stdlib.h>
#include <string.h>

#include "bsyn_fuzz.h"
#include "bsyn_learn_internal.h"

static const char *harness = "fuzz_checkpoint";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static bsyn_oracle *oracle;
  bsyn_diag d;
  if (!oracle) {
    bsyn_diag_init(&d, "arith:alu8");
    oracle = bsyn_oracle_open("arith:alu8", &d);
    bsyn_fuzz_require(oracle != NULL, harness, "arith:alu8 did not open");
  }
  uint8_t *buf = bsyn_malloc(size + 8);
  memcpy(buf, data, size);
  if (size >= BSYN_CKP_HEAD + 8) {
    uint64_t sum = bsyn_ckp_checksum(buf, size - 8);
    memcpy(buf + size - 8, &sum, 8);
  }
  bsyn_learn_params p;
  bsyn_learn_defaults(&p);
  p.level_order = 1;
  p.sens_words = 8;
  p.max_nodes = 4000;
  bsyn_diag_init(&d, "checkpoint");
  bsyn_learner *l = bsyn_learner_resume(oracle, &p, bsyn_fuzz_path(buf, size), &d);
  free(buf);
  if (!l) {
    bsyn_fuzz_require(d.msg[0] != 0, harness, "refused without a message");
    return 0;
  }
  bsyn_diag_init(&d, "checkpoint");
  bsyn_fuzz_require(bsyn_learner_run(l, &d) == 0, harness, "a resumed learner failed");
  bsyn_learner_free(l);
  return 0;
}
