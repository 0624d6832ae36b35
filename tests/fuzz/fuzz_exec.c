/* The exec-oracle protocol reader (docs/exec-protocol.md): the input is everything a
 * responder writes, read from an in-memory file through bsyn_oracle_exec_attach, with the
 * requests going to /dev/null: the handshake, then two batches of one and two words. No
 * process is started, so a run takes microseconds. */
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

#include "bsyn_fuzz.h"
#include "bsyn_oracle_exec.h"

static const char *harness = "fuzz_exec";

static void check_fields(const bsyn_field *f, uint32_t n, uint32_t bits) {
  bsyn_fuzz_require(n >= 1, harness, "a side without fields");
  for (uint32_t i = 0; i < n; i++)
    bsyn_fuzz_require(f[i].name && f[i].width && (uint64_t)f[i].lsb + f[i].width <= bits,
                      harness, "field outside the declared bits");
}

/* One batch; after a failure every later batch must fail too. */
static int batch(bsyn_oracle *o, size_t nwords, int failed_before) {
  uint64_t *in = bsyn_calloc((size_t)o->num_inputs * nwords, 8);
  uint64_t *out = bsyn_calloc((size_t)o->num_outputs * nwords, 8);
  bsyn_diag d;
  bsyn_diag_init(&d, NULL);
  int rc = bsyn_oracle_eval(o, in, out, nwords, &d);
  bsyn_fuzz_check_status(rc, 1, &d, harness);
  bsyn_fuzz_require(!(failed_before && rc == 0), harness, "a batch answered after a failure");
  free(in);
  free(out);
  return rc;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  int from = bsyn_fuzz_fd(data, size), to = open("/dev/null", O_WRONLY | O_CLOEXEC);
  bsyn_fuzz_require(to >= 0, harness, "cannot open /dev/null");
  bsyn_exec_options opt = {100};
  bsyn_diag d;
  bsyn_diag_init(&d, NULL);
  bsyn_oracle *o = bsyn_oracle_exec_attach(to, from, "fuzz", &opt, &d);
  bsyn_fuzz_check_status(o ? 0 : -1, 1, &d, harness);
  if (!o)
    return 0;
  bsyn_fuzz_require(o->num_inputs >= 1 && o->num_inputs <= BSYN_EXEC_MAX_BITS &&
                        o->num_outputs >= 1 && o->num_outputs <= BSYN_EXEC_MAX_BITS,
                    harness, "sizes outside the protocol's range");
  check_fields(o->in_fields, o->num_in_fields, o->num_inputs);
  check_fields(o->out_fields, o->num_out_fields, o->num_outputs);
  int failed = batch(o, 1, 0);
  batch(o, 2, failed);
  bsyn_oracle_close(o);
  return 0;
}
