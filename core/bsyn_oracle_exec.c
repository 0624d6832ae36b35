/* exec: oracles — a child process speaking the protocol of docs/exec-protocol.md over
 * pipes. Every wait is a poll() with the progress timeout, so a dead, silent or chatty
 * responder turns into a diagnostic, never a hang or a SIGPIPE. */
#define _GNU_SOURCE /* pipe2, F_SETPIPE_SZ on Linux */
#include "bsyn_oracle_exec.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "the exec protocol code sends rows as they are in memory: it needs a little-endian host"
#endif

extern char **environ;

typedef struct exec_state {
  pid_t pid;      /* 0 once reaped */
  int to_child;   /* its stdin, -1 when closed */
  int from_child; /* its stdout */
  int timeout_ms;
  int failed;      /* an earlier call failed: the process is gone */
  const char *cmd; /* points into the oracle's name */
  /* the request being sent: up to two segments */
  const uint8_t *seg[2];
  size_t seg_len[2];
} exec_state;

int bsyn_exec_default_timeout_ms(void) {
  const char *s = getenv("BSYN_EXEC_TIMEOUT_MS");
  if (s && *s) {
    char *end;
    long v = strtol(s, &end, 10);
    if (!*end && v > 0 && v < 86400000L)
      return (int)v;
  }
  return 30000;
}

static void sleep_ms(long ms) {
  struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
  nanosleep(&ts, NULL);
}

/* Waits up to ms for the child to exit and fills *info, leaving it a zombie (so that its
 * process group id stays reserved for kill_child). Returns 1 when it exited. */
static int peek_exit(exec_state *st, long ms, siginfo_t *info) {
  for (long waited = 0, step = 1;; waited += step, step = step < 16 ? 2 * step : step) {
    memset(info, 0, sizeof *info);
    if (st->pid <= 0 || waitid(P_PID, (id_t)st->pid, info, WEXITED | WNOHANG | WNOWAIT) < 0)
      return 0;
    if (info->si_pid == st->pid)
      return 1;
    if (waited >= ms)
      return 0;
    sleep_ms(step);
  }
}

/* Kills the child's process group (the shell and whatever it started) and reaps the shell. */
static void kill_child(exec_state *st) {
  if (st->pid > 0) {
    kill(-st->pid, SIGKILL);
    int status;
    while (waitpid(st->pid, &status, 0) < 0 && errno == EINTR) {
    }
    st->pid = 0;
  }
}

static void close_fd(int *fd) {
  if (*fd >= 0)
    close(*fd);
  *fd = -1;
}

/* Gives up on the child after a failure: the protocol stream can no longer be trusted. */
static void fail(exec_state *st) {
  close_fd(&st->to_child);
  close_fd(&st->from_child);
  kill_child(st);
  st->failed = 1;
}

/* " (it exited with status 3)", " (it was killed by signal 9)", or "" while it runs. */
static void describe_exit(exec_state *st, char *buf, size_t size) {
  siginfo_t info;
  buf[0] = '\0';
  if (!peek_exit(st, 200, &info))
    return;
  if (info.si_code == CLD_EXITED)
    snprintf(buf, size, " (it exited with status %d)", info.si_status);
  else
    snprintf(buf, size, " (it was killed by signal %d)", info.si_status);
}

static int sigpipe_pending(void) {
  sigset_t p;
  sigpending(&p);
  return sigismember(&p, SIGPIPE) == 1;
}

/* One write with SIGPIPE blocked in this thread; a SIGPIPE raised by this write is consumed
 * so that it is not delivered when the mask is restored. */
static ssize_t write_nosigpipe(int fd, const void *buf, size_t len) {
  sigset_t pipe_set, old;
  sigemptyset(&pipe_set);
  sigaddset(&pipe_set, SIGPIPE);
  pthread_sigmask(SIG_BLOCK, &pipe_set, &old);
  int was_pending = sigpipe_pending();
  ssize_t n = write(fd, buf, len);
  int err = errno;
  if (n < 0 && err == EPIPE && !was_pending) {
    struct timespec zero = {0, 0};
    while (sigtimedwait(&pipe_set, NULL, &zero) < 0 && errno == EINTR) {
    }
  }
  pthread_sigmask(SIG_SETMASK, &old, NULL);
  errno = err;
  return n;
}

/* Sends the pending request segments while receiving exactly len bytes into buf. Returns
 * when buf is full (writes may still be pending), or -1 with d filled. what names the
 * bytes awaited ("the handshake", "the reply header", ...). */
static int pump(exec_state *st, uint8_t *buf, size_t len, const char *what, bsyn_diag *d) {
  size_t got = 0;
  char why[96];
  while (got < len) {
    int sending = st->seg_len[0] + st->seg_len[1] > 0;
    struct pollfd p[2] = {{st->from_child, POLLIN, 0}, {sending ? st->to_child : -1, POLLOUT, 0}};
    int r = poll(p, 2, st->timeout_ms);
    if (r < 0 && errno == EINTR)
      continue;
    if (r < 0)
      return bsyn_diag_set(d, 0, 0, "expected to wait for responder '%s', found poll failing: %s",
                           st->cmd, strerror(errno));
    if (r == 0)
      return bsyn_diag_set(
          d, 0, 0,
          "expected %s from responder '%s' within %d ms, found no progress after %zu "
          "of %zu bytes (it was killed)",
          what, st->cmd, st->timeout_ms, got, len);
    if (p[1].revents) {
      int k = st->seg_len[0] ? 0 : 1;
      ssize_t n = write_nosigpipe(st->to_child, st->seg[k], st->seg_len[k]);
      if (n < 0 && errno != EAGAIN && errno != EINTR) {
        int err = errno;
        describe_exit(st, why, sizeof why);
        return bsyn_diag_set(d, 0, 0,
                             "expected responder '%s' to read the whole request, found %s%s",
                             st->cmd, err == EPIPE ? "its input closed" : strerror(err), why);
      }
      if (n > 0) {
        st->seg[k] += n;
        st->seg_len[k] -= (size_t)n;
      }
    }
    if (p[0].revents) {
      ssize_t n = read(st->from_child, buf + got, len - got);
      if (n < 0 && errno != EAGAIN && errno != EINTR)
        return bsyn_diag_set(d, 0, 0, "expected %s from responder '%s', found a read error: %s",
                             what, st->cmd, strerror(errno));
      if (n == 0) {
        describe_exit(st, why, sizeof why);
        return bsyn_diag_set(
            d, 0, 0,
            "expected %s from responder '%s' (%zu bytes), found end of output after %zu bytes%s",
            what, st->cmd, len, got, why);
      }
      if (n > 0)
        got += (size_t)n;
    }
  }
  return 0;
}

static uint32_t get32(const uint8_t *p) {
  return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint64_t get64(const uint8_t *p) { return get32(p) | (uint64_t)get32(p + 4) << 32; }

static void put32(uint8_t *p, uint32_t v) {
  for (int i = 0; i < 4; i++)
    p[i] = (uint8_t)(v >> 8 * i);
}

/* a magic number shown as its four bytes, printable ones as characters */
static void show_magic(const uint8_t *p, char *buf, size_t size) {
  size_t k = 0;
  for (int i = 0; i < 4 && k + 5 < size; i++)
    k += (size_t)snprintf(buf + k, size - k, p[i] >= 0x21 && p[i] < 0x7f ? "%c" : "\\x%02x", p[i]);
}

static int bad_magic(exec_state *st, const uint8_t *got, const char *want, const char *what,
                     bsyn_diag *d) {
  char shown[24];
  show_magic(got, shown, sizeof shown);
  return bsyn_diag_set(d, 0, 0, "expected %s starting with '%s' from responder '%s', found '%s'",
                       what, want, st->cmd, shown);
}

/* A pipe whose ends are closed on exec, atomically where the system allows it: a process
 * spawned meanwhile by another thread must not inherit them, or the responder would never
 * see the end of its input. */
static int cloexec_pipe(int fd[2]) {
#ifdef __linux__
  if (pipe2(fd, O_CLOEXEC))
    return -1;
  /* bigger pipes: fewer wake-ups per batch (best effort, the default is 64 KiB) */
  fcntl(fd[1], F_SETPIPE_SZ, 1 << 20);
  return 0;
#else
  if (pipe(fd))
    return -1;
  fcntl(fd[0], F_SETFD, FD_CLOEXEC);
  fcntl(fd[1], F_SETFD, FD_CLOEXEC);
  return 0;
#endif
}

/* Starts `/bin/sh -c cmd` in its own process group with pipes on stdin and stdout. */
static int spawn(exec_state *st, bsyn_diag *d) {
  int in[2], out[2];
  if (cloexec_pipe(in))
    return bsyn_diag_set(d, 0, 0, "expected a pipe for responder '%s', found %s", st->cmd,
                         strerror(errno));
  if (cloexec_pipe(out)) {
    close(in[0]);
    close(in[1]);
    return bsyn_diag_set(d, 0, 0, "expected a pipe for responder '%s', found %s", st->cmd,
                         strerror(errno));
  }
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_adddup2(&fa, in[0], 0);
  posix_spawn_file_actions_adddup2(&fa, out[1], 1);
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  sigset_t none, dflt;
  sigemptyset(&none);
  sigemptyset(&dflt);
  sigaddset(&dflt, SIGPIPE);
  posix_spawnattr_setsigmask(&attr, &none);
  posix_spawnattr_setsigdefault(&attr, &dflt);
  posix_spawnattr_setpgroup(&attr, 0);
  posix_spawnattr_setflags(&attr,
                           POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETPGROUP);
  char *argv[] = {"sh", "-c", (char *)st->cmd, NULL};
  int err = posix_spawn(&st->pid, "/bin/sh", &fa, &attr, argv, environ);
  posix_spawn_file_actions_destroy(&fa);
  posix_spawnattr_destroy(&attr);
  close(in[0]);
  close(out[1]);
  st->to_child = in[1];
  st->from_child = out[0];
  if (err) {
    st->pid = 0;
    return bsyn_diag_set(d, 0, 0, "expected to start responder '%s', found %s", st->cmd,
                         strerror(err));
  }
  fcntl(st->to_child, F_SETFL, fcntl(st->to_child, F_GETFL) | O_NONBLOCK);
  fcntl(st->from_child, F_SETFL, fcntl(st->from_child, F_GETFL) | O_NONBLOCK);
  return 0;
}

/* Field lines "in|out NAME LSB WIDTH", one per line. */
static int parse_fields(bsyn_oracle *o, exec_state *st, char *text, bsyn_diag *d) {
  unsigned long line = 0;
  for (char *save = NULL, *l = strtok_r(text, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
    line++;
    char side[8], name[128], extra;
    unsigned long lsb, width;
    if (sscanf(l, "%7s %127s %lu %lu %c", side, name, &lsb, &width, &extra) != 4 ||
        (strcmp(side, "in") && strcmp(side, "out")))
      return bsyn_diag_set(
          d, line, 0,
          "expected a field line 'in|out NAME LSB WIDTH' in the handshake of '%s', found '%.60s'",
          st->cmd, l);
    int is_out = side[0] == 'o';
    uint32_t limit = is_out ? o->num_outputs : o->num_inputs;
    if (width == 0)
      return bsyn_diag_set(d, line, 0, "expected field %s to be at least 1 bit wide, found 0",
                           name);
    if (lsb >= limit || width > limit - lsb)
      return bsyn_diag_set(d, line, 0,
                           "expected field %s within the %u %s bits of '%s', found bits %lu..%lu",
                           name, limit, is_out ? "output" : "input", st->cmd, lsb, lsb + width - 1);
    bsyn_oracle_add_field(o, is_out, name, (uint32_t)lsb, (uint32_t)width);
  }
  return 0;
}

/* Reads the handshake: magic, version, sizes, field text. */
static int handshake(bsyn_oracle **po, exec_state *st, const char *name, bsyn_diag *d) {
  uint8_t h[20];
  if (pump(st, h, sizeof h, "the handshake", d))
    return -1;
  if (get32(h) != BSYN_EXEC_MAGIC_HELLO)
    return bad_magic(st, h, "BSYN", "a handshake", d);
  uint32_t version = get32(h + 4), nin = get32(h + 8), nout = get32(h + 12), tlen = get32(h + 16);
  if (version != BSYN_EXEC_VERSION)
    return bsyn_diag_set(d, 0, 0, "expected protocol version %u from responder '%s', found %u",
                         BSYN_EXEC_VERSION, st->cmd, version);
  if (nin < 1 || nin > BSYN_EXEC_MAX_BITS || nout < 1 || nout > BSYN_EXEC_MAX_BITS)
    return bsyn_diag_set(d, 0, 0,
                         "expected 1 to %u inputs and outputs from responder '%s', found %u and %u",
                         BSYN_EXEC_MAX_BITS, st->cmd, nin, nout);
  if (tlen > BSYN_EXEC_MAX_TEXT)
    return bsyn_diag_set(d, 0, 0,
                         "expected at most %u bytes of field text from responder '%s', found %u",
                         BSYN_EXEC_MAX_TEXT, st->cmd, tlen);
  char *text = bsyn_malloc(tlen + 1);
  if (pump(st, (uint8_t *)text, tlen, "the handshake's field text", d)) {
    free(text);
    return -1;
  }
  text[tlen] = '\0';
  bsyn_oracle *o = *po = bsyn_oracle_alloc(NULL, name, nin, nout);
  int rc = parse_fields(o, st, text, d);
  free(text);
  if (!rc && !o->num_in_fields)
    bsyn_oracle_add_field(o, 0, "x", 0, nin);
  if (!rc && !o->num_out_fields)
    bsyn_oracle_add_field(o, 1, "y", 0, nout);
  return rc;
}

/* The reply: header {magic, status, nwords or message length}, then rows or the message. */
static int receive_reply(exec_state *st, uint64_t *out, size_t nwords, size_t out_bytes,
                         bsyn_diag *d) {
  uint8_t h[16];
  if (pump(st, h, sizeof h, "a reply header", d))
    return -1;
  if (get32(h) != BSYN_EXEC_MAGIC_REPLY)
    return bad_magic(st, h, "BSRP", "a reply", d);
  uint32_t status = get32(h + 4);
  uint64_t n = get64(h + 8);
  if (status) {
    if (n > BSYN_EXEC_MAX_TEXT)
      return bsyn_diag_set(d, 0, 0, "responder '%s' reported error %u (with a %llu-byte message)",
                           st->cmd, status, (unsigned long long)n);
    char msg[400];
    char *all = bsyn_malloc(n + 1);
    int rc = pump(st, (uint8_t *)all, n, "an error message", d);
    all[n] = '\0';
    snprintf(msg, sizeof msg, "%s", all);
    free(all);
    for (char *c = msg; *c; c++) /* keep the diagnostic on one line */
      if ((unsigned char)*c < 0x20)
        *c = ' ';
    if (rc)
      return -1;
    return bsyn_diag_set(d, 0, 0, "responder '%s' reported error %u: %s", st->cmd, status, msg);
  }
  if (n != nwords)
    return bsyn_diag_set(d, 0, 0,
                         "expected a reply of %zu words per row from responder '%s', found %llu",
                         nwords, st->cmd, (unsigned long long)n);
  if (pump(st, (uint8_t *)out, out_bytes, "the reply rows", d))
    return -1;
  if (st->seg_len[0] + st->seg_len[1])
    return bsyn_diag_set(
        d, 0, 0,
        "expected responder '%s' to read the whole request before answering, found "
        "it answered early",
        st->cmd);
  uint8_t extra[64];
  ssize_t more = read(st->from_child, extra, sizeof extra);
  if (more > 0)
    return bsyn_diag_set(
        d, 0, 0, "expected nothing after the reply rows from responder '%s', found %zd more bytes",
        st->cmd, more);
  return 0;
}

static int exec_eval(bsyn_oracle *o, const uint64_t *in, uint64_t *out, size_t nwords,
                     bsyn_diag *d) {
  exec_state *st = o->state;
  if (st->failed)
    return bsyn_diag_set(
        d, 0, 0, "expected responder '%s' to be running, found it stopped after an earlier error",
        st->cmd);
  if (nwords == 0) /* the protocol has no empty batches */
    return 0;
  if (nwords > SIZE_MAX / 8 / (o->num_inputs > o->num_outputs ? o->num_inputs : o->num_outputs))
    bsyn_abort("exec oracle: batch of %zu words overflows", nwords);
  uint8_t h[16];
  put32(h, BSYN_EXEC_MAGIC_REQUEST);
  put32(h + 4, 0);
  put32(h + 8, (uint32_t)nwords);
  put32(h + 12, (uint32_t)((uint64_t)nwords >> 32));
  st->seg[0] = h;
  st->seg_len[0] = sizeof h;
  st->seg[1] = (const uint8_t *)in;
  st->seg_len[1] = nwords * o->num_inputs * 8;
  int rc = receive_reply(st, out, nwords, nwords * o->num_outputs * 8, d);
  st->seg_len[0] = st->seg_len[1] = 0;
  if (rc)
    fail(st);
  return rc;
}

static void exec_destroy(bsyn_oracle *o) {
  exec_state *st = o->state;
  if (!st)
    return;
  close_fd(&st->to_child); /* end of input: a responder exits */
  siginfo_t info;
  peek_exit(st, st->timeout_ms, &info);
  kill_child(st); /* reaps it, and ends anything it left running in its group */
  close_fd(&st->from_child);
  free(st);
}

static const bsyn_oracle_ops exec_ops = {exec_eval, exec_destroy};

/* Reads the handshake over st's descriptors and completes the oracle; on failure kills
 * and frees st. name is "exec:<what>". */
static bsyn_oracle *start(exec_state *st, char *name, int spawned, bsyn_diag *d) {
  st->cmd = name + 5;
  bsyn_oracle *o = NULL;
  if ((spawned && spawn(st, d)) || handshake(&o, st, name, d)) {
    fail(st);
    free(st);
    bsyn_oracle_close(o);
    free(name);
    return NULL;
  }
  o->ops = &exec_ops;
  o->state = st;
  st->cmd = o->name + 5; /* the oracle's copy outlives name */
  free(name);
  char about[160];
  snprintf(about, sizeof about, "external responder over pipes (%u inputs, %u outputs)",
           o->num_inputs, o->num_outputs);
  o->description = bsyn_strdup(about);
  return o;
}

static exec_state *new_state(const bsyn_exec_options *opt) {
  exec_state *st = bsyn_calloc(1, sizeof *st);
  st->to_child = st->from_child = -1;
  st->timeout_ms = opt && opt->timeout_ms > 0 ? opt->timeout_ms : bsyn_exec_default_timeout_ms();
  return st;
}

static char *exec_name(const char *what) {
  size_t n = strlen(what) + 6;
  char *name = bsyn_malloc(n);
  snprintf(name, n, "exec:%s", what);
  return name;
}

bsyn_oracle *bsyn_oracle_exec_open(const char *cmd, const bsyn_exec_options *opt, bsyn_diag *d) {
  return start(new_state(opt), exec_name(cmd), 1, d);
}

bsyn_oracle *bsyn_oracle_exec_attach(int to_child, int from_child, const char *name,
                                     const bsyn_exec_options *opt, bsyn_diag *d) {
  exec_state *st = new_state(opt);
  st->to_child = to_child;
  st->from_child = from_child;
  return start(st, exec_name(name), 0, d);
}
