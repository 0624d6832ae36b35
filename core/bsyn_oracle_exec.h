/* bsyn_oracle_exec.h — an external process as an oracle ("exec:CMD").
 *
 * CMD runs under /bin/sh -c with pipes on its stdin and stdout (stderr is inherited) and
 * answers batches in the binary protocol of docs/exec-protocol.md: a handshake declaring
 * num_inputs/num_outputs (and optionally fields), then one request and one reply per
 * batch, bit-sliced rows, little-endian. */
#ifndef BSYN_ORACLE_EXEC_H
#define BSYN_ORACLE_EXEC_H

#include "bsyn_oracle.h"
#include "bsyn_util.h"

#define BSYN_EXEC_MAGIC_HELLO 0x4e595342u   /* "BSYN" */
#define BSYN_EXEC_MAGIC_REQUEST 0x51525342u /* "BSRQ" */
#define BSYN_EXEC_MAGIC_REPLY 0x50525342u   /* "BSRP" */
#define BSYN_EXEC_VERSION 1u
#define BSYN_EXEC_MAX_BITS (1u << 20) /* most inputs or outputs a responder may declare */
#define BSYN_EXEC_MAX_TEXT (1u << 20) /* longest field text or error message, bytes */

typedef struct bsyn_exec_options {
  /* Longest wait, in milliseconds, for the responder to make progress (accept or send any
   * bytes) during the handshake, a batch or closing; then it is killed. <= 0: default. */
  int timeout_ms;
} bsyn_exec_options;

/* Default progress timeout: 30 s, or the environment's BSYN_EXEC_TIMEOUT_MS. */
int bsyn_exec_default_timeout_ms(void);

/* Starts cmd and reads its handshake. The oracle's name is "exec:<cmd>", thread_safe = 0
 * (one pipe: evaluate from one thread at a time). opt may be NULL (defaults). Returns NULL
 * with d filled when the process cannot start, dies, stalls past the timeout or sends a
 * malformed handshake; the process is then killed and reaped.
 * bsyn_oracle_eval returns -1 with d filled when the responder dies, closes a pipe, stalls,
 * replies with a wrong magic/size or reports an error; the process is then killed and every
 * later eval fails. bsyn_oracle_close closes its stdin, waits for it to exit (killing it
 * after the timeout) and reaps it. SIGPIPE is blocked in the calling thread around writes,
 * never changed process-wide. */
bsyn_oracle *bsyn_oracle_exec_open(const char *cmd, const bsyn_exec_options *opt, bsyn_diag *d);

/* The same oracle over a responder that is already connected, without starting or waiting
 * for any process: requests go to to_child, the handshake and the replies come from
 * from_child (a pipe, or a regular file holding a responder's whole output, which is how
 * tests/fuzz feeds the protocol reader). Both descriptors belong to the oracle from the call
 * on, also when it fails; they are closed on failure and by bsyn_oracle_close. The oracle is
 * named "exec:<name>". Returns NULL with d filled on a malformed handshake. */
bsyn_oracle *bsyn_oracle_exec_attach(int to_child, int from_child, const char *name,
                                     const bsyn_exec_options *opt, bsyn_diag *d);

#endif
