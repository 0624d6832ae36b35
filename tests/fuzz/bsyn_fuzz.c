/* Shared pieces of the libFuzzer harnesses: the in-memory input file and contract checks. */
#define _GNU_SOURCE /* memfd_create */
#include "bsyn_fuzz.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

static int memfd = -1;
static char memfd_path[64];

const char *bsyn_fuzz_path(const uint8_t *data, size_t size) {
  if (memfd < 0) {
    memfd = memfd_create("bsyn-fuzz-input", MFD_CLOEXEC);
    if (memfd < 0)
      bsyn_abort("bsyn_fuzz_path: memfd_create failed");
    snprintf(memfd_path, sizeof memfd_path, "/proc/self/fd/%d", memfd);
  }
  if (ftruncate(memfd, 0))
    bsyn_abort("bsyn_fuzz_path: ftruncate failed");
  for (size_t done = 0; done < size;) {
    ssize_t n = pwrite(memfd, data + done, size - done, (off_t)done);
    if (n <= 0)
      bsyn_abort("bsyn_fuzz_path: pwrite failed");
    done += (size_t)n;
  }
  return memfd_path;
}

int bsyn_fuzz_fd(const uint8_t *data, size_t size) {
  int fd = open(bsyn_fuzz_path(data, size), O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    bsyn_abort("bsyn_fuzz_fd: cannot reopen the input");
  return fd;
}

void bsyn_fuzz_require(int cond, const char *harness, const char *what) {
  if (!cond)
    bsyn_abort("%s: %s", harness, what);
}

void bsyn_fuzz_check_status(int rc, int out_is_null, const bsyn_diag *d, const char *harness) {
  bsyn_fuzz_require(rc == 0 || rc == -1, harness, "status other than 0 or -1");
  if (rc == 0)
    return;
  bsyn_fuzz_require(out_is_null, harness, "result left set on failure");
  bsyn_fuzz_require(d->msg[0] != '\0', harness, "failure without a message");
}

void bsyn_fuzz_netlist(const uint8_t *data, size_t size, const char *prefix,
                       bsyn_fuzz_netlist_reader read, const char *harness) {
  size_t pn = prefix ? strlen(prefix) : 0;
  const char *path;
  if (pn && (size < pn || memcmp(data, prefix, pn))) {
    uint8_t *joined = bsyn_malloc(pn + size + 1);
    memcpy(joined, prefix, pn);
    if (size)
      memcpy(joined + pn, data, size);
    path = bsyn_fuzz_path(joined, pn + size);
    free(joined);
  } else {
    path = bsyn_fuzz_path(data, size);
  }
  bsyn_diag d;
  bsyn_aig *aig = (bsyn_aig *)&d; /* must come back NULL on failure */
  int rc = read(path, &aig, &d);
  bsyn_fuzz_check_status(rc, aig == NULL, &d, harness);
  if (rc)
    return;
  char msg[256];
  bsyn_fuzz_require(aig != NULL, harness, "success without a result");
  if (bsyn_aig_check(aig, msg, sizeof msg))
    bsyn_abort("%s: unsound AIG read: %s", harness, msg);
  uint8_t *in = bsyn_malloc((size_t)aig->num_inputs + 1);
  uint8_t *out = bsyn_malloc((size_t)aig->num_outputs + 1);
  memset(in, 1, (size_t)aig->num_inputs + 1);
  bsyn_aig_eval(aig, in, out);
  free(in);
  free(out);
  bsyn_aig_free(aig);
}
