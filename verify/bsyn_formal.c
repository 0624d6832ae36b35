/* Equivalence proofs through berkeley-abc: one BDD check per output first, else write both
 * AIGs, run `cec -n` and read the verdict. */
#include "bsyn_formal.h"

#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bsyn_io.h"
#include "bsyn_learn.h"
#include "bsyn_sim.h"

extern char **environ;

/* Random patterns tried when ABC's own vector does not reproduce. */
#define SEARCH_WORDS ((uint64_t)1 << 14)

int bsyn_formal_available(void) {
  const char *path = getenv("PATH");
  char buf[4096];
  while (path && *path) {
    size_t n = strcspn(path, ":");
    if (n && n + sizeof BSYN_FORMAL_ABC + 2 < sizeof buf) {
      snprintf(buf, sizeof buf, "%.*s/%s", (int)n, path, BSYN_FORMAL_ABC);
      if (access(buf, X_OK) == 0)
        return 1;
    }
    path += n + (path[n] == ':');
  }
  return 0;
}

/* A private directory for ABC's inputs. ABC splits its command line at spaces and
 * semicolons, so a TMPDIR with any other character is passed over for /tmp. */
static int make_dir(char *dir, size_t size, bsyn_diag *d) {
  const char *base = getenv("TMPDIR");
  if (!base || !*base ||
      base[strspn(base, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/._-")] ||
      strlen(base) + 32 > size)
    base = "/tmp";
  snprintf(dir, size, "%s/bsyn-formal-XXXXXX", base);
  if (!mkdtemp(dir))
    return bsyn_diag_set(d, 0, 0,
                         "expected a writable temporary directory under %s, found none (%s)", base,
                         strerror(errno));
  return 0;
}

/* Runs ABC's command `cmd` with stdout and stderr into log. Returns ABC's exit status, or -1
 * with d filled when it could not be started or did not exit normally. */
static int run_abc(const char *cmd, const char *log, bsyn_diag *d) {
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&fa, 1, log, O_WRONLY | O_CREAT | O_TRUNC, 0600);
  posix_spawn_file_actions_adddup2(&fa, 1, 2);
  char *argv[] = {BSYN_FORMAL_ABC, "-c", (char *)cmd, NULL};
  pid_t pid;
  int rc = posix_spawnp(&pid, BSYN_FORMAL_ABC, &fa, NULL, argv, environ);
  posix_spawn_file_actions_destroy(&fa);
  if (rc)
    return bsyn_diag_set(d, 0, 0, "expected to start %s, found: %s", BSYN_FORMAL_ABC, strerror(rc));
  int status;
  while (waitpid(pid, &status, 0) < 0)
    if (errno != EINTR)
      return bsyn_diag_set(d, 0, 0, "expected %s to finish, found: %s", BSYN_FORMAL_ABC,
                           strerror(errno));
  if (!WIFEXITED(status))
    return bsyn_diag_set(d, 0, 0, "expected %s to exit, found it killed by signal %d",
                         BSYN_FORMAL_ABC, WIFSIGNALED(status) ? WTERMSIG(status) : 0);
  return WEXITSTATUS(status);
}

/* The whole file as a NUL-terminated string (NULL when unreadable). */
static char *slurp(const char *path) {
  FILE *f = fopen(path, "rb");
  if (!f)
    return NULL;
  size_t cap = 4096, n = 0;
  char *buf = bsyn_malloc(cap);
  for (size_t got; (got = fread(buf + n, 1, cap - n - 1, f)) > 0;) {
    n += got;
    if (cap - n < 2)
      buf = bsyn_realloc(buf, cap *= 2);
  }
  fclose(f);
  buf[n] = '\0';
  return buf;
}

/* 1 when a and b give different outputs on in. */
static int differs(const bsyn_aig *a, const bsyn_aig *b, const uint8_t *in) {
  uint8_t *ya = bsyn_malloc((size_t)a->num_outputs + 1),
          *yb = bsyn_malloc((size_t)a->num_outputs + 1);
  bsyn_aig_eval(a, in, ya);
  bsyn_aig_eval(b, in, yb);
  int r = memcmp(ya, yb, a->num_outputs) != 0;
  free(ya);
  free(yb);
  return r;
}

/* ABC prints "Input pattern:  pi0=0 pi1=1 ..." under a failed cec. Returns 1 when the
 * pattern it gives reproduces (in filled), else 0. */
static int parse_pattern(const char *log, const bsyn_aig *a, const bsyn_aig *b, uint8_t *in) {
  const char *p = strstr(log, "Input pattern:");
  if (!p)
    return 0;
  memset(in, 0, a->num_inputs);
  unsigned long k, v;
  int used;
  for (p += strlen("Input pattern:"); sscanf(p, " pi%lu=%lu%n", &k, &v, &used) == 2; p += used)
    if (k < a->num_inputs)
      in[k] = (uint8_t)(v & 1);
  return differs(a, b, in);
}

/* Random simulation of both AIGs until a pattern tells them apart. Returns 1 with in filled
 * (the first differing pattern), 0 when none of SEARCH_WORDS * 64 patterns does. */
static int search(const bsyn_aig *a, const bsyn_aig *b, uint8_t *in) {
  const size_t nw = 64;
  uint32_t nin = a->num_inputs, nout = a->num_outputs;
  uint64_t *rows = bsyn_aligned_alloc(((size_t)nin + 1) * nw * 8);
  uint64_t *ya = bsyn_aligned_alloc(((size_t)nout + 1) * nw * 8),
           *yb = bsyn_aligned_alloc(((size_t)nout + 1) * nw * 8);
  int found = 0;
  for (uint64_t w0 = 0; w0 < SEARCH_WORDS && !found; w0 += nw) {
    bsyn_sim_random_rows(rows, nw, nin, nw, w0, 0xabcull);
    bsyn_sim_eval(a, rows, ya, nw, BSYN_SIMD_AUTO, NULL);
    bsyn_sim_eval(b, rows, yb, nw, BSYN_SIMD_AUTO, NULL);
    for (size_t w = 0; w < nw && !found; w++) {
      uint64_t diff = 0;
      for (uint32_t o = 0; o < nout; o++)
        diff |= ya[(size_t)o * nw + w] ^ yb[(size_t)o * nw + w];
      if (diff) {
        unsigned bit = (unsigned)__builtin_ctzll(diff);
        for (uint32_t i = 0; i < nin; i++)
          in[i] = (uint8_t)(rows[(size_t)i * nw + w] >> bit & 1);
        found = 1;
      }
    }
  }
  bsyn_aligned_free(rows);
  bsyn_aligned_free(ya);
  bsyn_aligned_free(yb);
  return found;
}

/* Reads ABC's verdict from log into *equivalent / cex. Returns 0 or -1 with d filled. */
static int read_verdict(const char *log, const bsyn_aig *a, const bsyn_aig *b, int *equivalent,
                        uint8_t *cex, bsyn_diag *d) {
  if (strstr(log, "Networks are equivalent")) {
    *equivalent = 1;
    return 0;
  }
  if (!strstr(log, "NOT EQUIVALENT")) {
    const char *line = log;
    if (!strncmp(line, "ABC command line:", 17)) /* the echoed command */
      line += strcspn(line, "\n");
    while (*line == '\n')
      line++;
    return bsyn_diag_set(d, 0, 0, "expected a verdict from %s cec, found '%.*s'", BSYN_FORMAL_ABC,
                         (int)strcspn(line, "\n"), line);
  }
  uint8_t *in = bsyn_calloc((size_t)a->num_inputs + 1, 1);
  int ok = parse_pattern(log, a, b, in) || search(a, b, in);
  if (ok) {
    *equivalent = 0;
    if (cex)
      memcpy(cex, in, a->num_inputs);
  }
  free(in);
  if (!ok)
    return bsyn_diag_set(
        d, 0, 0,
        "expected a counterexample from %s, found none that reproduces (and none in %llu "
        "random patterns)",
        BSYN_FORMAL_ABC, (unsigned long long)SEARCH_WORDS * 64);
  return 0;
}

/* A copy of g with input i named x<i> and output k y<k>: matching by name is then matching
 * by position, and every name parses. */
static bsyn_aig *by_position(const bsyn_aig *g) {
  bsyn_aig *c = bsyn_aig_dup(g);
  char name[32];
  for (uint32_t i = 0; i < c->num_inputs; i++) {
    snprintf(name, sizeof name, "x%u", i);
    bsyn_aig_set_input_name(c, i, name);
  }
  for (uint32_t k = 0; k < c->num_outputs; k++) {
    snprintf(name, sizeof name, "y%u", k);
    bsyn_aig_set_output_name(c, k, name);
  }
  return c;
}

/* One check per output (bsyn_learn_abc_cexs: the miter's BDD with ABC's reordering, `cec`
 * where the BDD grows too large). A whole-netlist `cec` of a learned ordered diagram
 * against an adder-style RTL can take minutes where every output's BDD is small (rv32i-core:
 * 155 outputs in about 30 s). Returns 0 when decided (*equivalent, cex as for
 * bsyn_formal_cec), -1 when not (the caller then runs the whole-netlist `cec`). */
static int per_output(const bsyn_aig *a, const bsyn_aig *b, int *equivalent, uint8_t *cex) {
  char dir[512];
  bsyn_diag d;
  bsyn_diag_init(&d, NULL);
  if (make_dir(dir, sizeof dir, &d))
    return -1;
  bsyn_aig *pa = by_position(a), *pb = by_position(b);
  uint8_t *vec = bsyn_malloc((size_t)a->num_inputs + 1);
  uint32_t found = 0;
  bsyn_learn_abc_params p;
  bsyn_learn_abc_defaults(&p);
  p.bdd = 1, p.max = 1;
  int v = bsyn_learn_abc_cexs(pb, pa, dir, &p, vec, &found, &d);
  int rc = v < 0 ? -1 : 0; /* its vector makes a and b differ (completed by simulation) */
  if (!rc) {
    *equivalent = v == 0;
    if (v == 1 && cex)
      memcpy(cex, vec, a->num_inputs);
  }
  free(vec);
  bsyn_aig_free(pa);
  bsyn_aig_free(pb);
  bsyn_remove_dir(dir);
  return rc;
}

int bsyn_formal_cec(const bsyn_aig *a, const bsyn_aig *b, int *equivalent, uint8_t *cex,
                    bsyn_diag *d) {
  if (a->num_inputs != b->num_inputs || a->num_outputs != b->num_outputs)
    return bsyn_diag_set(
        d, 0, 0,
        "expected the same interface, found %u inputs and %u outputs against %u inputs "
        "and %u outputs",
        a->num_inputs, a->num_outputs, b->num_inputs, b->num_outputs);
  if (!bsyn_formal_available())
    return bsyn_diag_set(d, 0, 0,
                         "expected %s for the formal check, found it not installed (not on PATH; "
                         "Debian: apt-get install berkeley-abc)",
                         BSYN_FORMAL_ABC);
  if (!per_output(a, b, equivalent, cex))
    return 0;
  char dir[512], pa[600], pb[600], log[600], cmd[1400];
  if (make_dir(dir, sizeof dir, d))
    return -1;
  snprintf(pa, sizeof pa, "%s/a.aig", dir);
  snprintf(pb, sizeof pb, "%s/b.aig", dir);
  snprintf(log, sizeof log, "%s/abc.log", dir);
  int rc = -1;
  bsyn_diag wd;
  bsyn_diag_init(&wd, pa);
  if (bsyn_io_write_aiger(a, pa, 1, &wd) ||
      (bsyn_diag_init(&wd, pb), bsyn_io_write_aiger(b, pb, 1, &wd))) {
    bsyn_diag_set(d, 0, 0, "expected to write %s, found: %s", wd.path, wd.msg);
    goto out;
  }
  snprintf(cmd, sizeof cmd, "cec -n %s %s", pa, pb);
  int status = run_abc(cmd, log, d);
  if (status < 0)
    goto out;
  char *text = slurp(log);
  if (status != 0 || !text)
    bsyn_diag_set(d, 0, 0, "expected %s to run, found exit status %d: %.300s", BSYN_FORMAL_ABC,
                  status, text ? text : "(no output)");
  else
    rc = read_verdict(text, a, b, equivalent, cex, d);
  free(text);
out:
  unlink(pa);
  unlink(pb);
  unlink(log);
  rmdir(dir);
  return rc;
}
