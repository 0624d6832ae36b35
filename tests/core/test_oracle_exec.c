#include <criterion/criterion.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "bsyn_oracle.h"
#include "bsyn_oracle_exec.h"
#include "bsyn_test.h"
#include "bsyn_util.h"

static const char *responder(void) {
  static char path[640];
  snprintf(path, sizeof path, "%s/examples/responder/bsyn-example-responder", BSYN_BUILD_DIR);
  if (access(path, X_OK))
    cr_skip_test("the example responder is not built (%s)", path);
  return path;
}

static bsyn_oracle *start(const char *args, int timeout_ms, bsyn_diag *d) {
  char cmd[1024];
  snprintf(cmd, sizeof cmd, "%s %s", responder(), args);
  bsyn_exec_options opt = {timeout_ms};
  bsyn_diag_init(d, NULL);
  return bsyn_oracle_exec_open(cmd, &opt, d);
}

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

/* no child is left unreaped */
static void assert_no_children(void) {
  cr_assert_eq(waitpid(-1, NULL, WNOHANG), -1, "a child process was not reaped");
  cr_assert_eq(errno, ECHILD);
}

/* one batch of random rows through both oracles: the answers must be identical */
static void compare_batch(bsyn_oracle *x, bsyn_oracle *ref, size_t nwords, bsyn_rng *r,
                          uint64_t seed) {
  cr_assert_eq(x->num_inputs, ref->num_inputs);
  cr_assert_eq(x->num_outputs, ref->num_outputs);
  uint64_t *in = bsyn_malloc(x->num_inputs * nwords * 8);
  uint64_t *o1 = bsyn_malloc(x->num_outputs * nwords * 8),
           *o2 = bsyn_malloc(x->num_outputs * nwords * 8);
  for (size_t i = 0; i < x->num_inputs * nwords; i++)
    in[i] = bsyn_rng_next(r);
  bsyn_diag d;
  cr_assert_eq(bsyn_oracle_eval(x, in, o1, nwords, &d), 0, "%s", d.msg);
  cr_assert_eq(bsyn_oracle_eval(ref, in, o2, nwords, &d), 0, "%s", d.msg);
  cr_assert_arr_eq(o1, o2, x->num_outputs * nwords * 8, "%s != %s on %zu words, seed %llx", x->name,
                   ref->name, nwords, (unsigned long long)seed);
  free(in);
  free(o1);
  free(o2);
}

Test(oracle_exec, answers_equal_the_arith_oracle) {
  static const struct {
    const char *args, *arith;
  } cases[] = {{"--width 32", "arith:add32"},
               {"--op sub --width 16", "arith:sub16"},
               {"--op xor --width 5", "arith:xor5"},
               {"--width 64", "arith:add64"}};
  uint64_t seed = 0xe8ec5eedull;
  bsyn_rng r;
  bsyn_rng_seed(&r, seed);
  for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
    bsyn_diag d;
    bsyn_oracle *x = start(cases[c].args, 10000, &d);
    cr_assert_not_null(x, "%s", d.msg);
    bsyn_oracle *ref = bsyn_oracle_open(cases[c].arith, &d);
    cr_assert_not_null(ref, "%s", d.msg);
    cr_assert_eq(x->num_in_fields, 2);
    cr_assert_str_eq(x->in_fields[1].name, "b");
    cr_assert_eq(x->in_fields[1].lsb, ref->in_fields[1].lsb);
    cr_assert_eq(x->thread_safe, 0);
    /* 300 words of 128 rows is 300 KB: more than a pipe holds, so sending and receiving
     * must overlap */
    size_t sizes[] = {1, 7, 300, 2};
    for (size_t k = 0; k < 4; k++)
      compare_batch(x, ref, sizes[k], &r, seed);
    bsyn_oracle_close(x);
    bsyn_oracle_close(ref);
  }
  assert_no_children();
}

Test(oracle_exec, registry_opens_exec_specs) {
  char spec[1024];
  snprintf(spec, sizeof spec, "exec:%s --width 8", responder());
  bsyn_diag d;
  bsyn_oracle *x = bsyn_oracle_open(spec, &d);
  cr_assert_not_null(x, "%s", d.msg);
  cr_assert_str_eq(x->name, spec);
  cr_assert_eq(x->num_inputs, 16);
  bsyn_oracle_close(x);
  assert_no_children();
}

/* opening fails with a message containing `want`, quickly, and leaves no child behind */
static void expect_open_error(const char *args, int timeout_ms, const char *want) {
  bsyn_diag d;
  double t0 = now();
  cr_assert_null(start(args, timeout_ms, &d), "responder '%s' was accepted", args);
  cr_assert(now() - t0 < 5.0 + timeout_ms / 1000.0, "took %.1f s", now() - t0);
  cr_assert(strstr(d.msg, want), "'%s' lacks '%s'", d.msg, want);
  assert_no_children();
}

Test(oracle_exec, bad_handshakes_are_diagnosed) {
  expect_open_error("--misbehave exit", 5000, "exited with status 3");
  expect_open_error("--misbehave garbage", 5000, "found 'Hell'");
  expect_open_error("--misbehave hang", 300, "within 300 ms");
}

static bsyn_oracle *open_shell(const char *script, bsyn_diag *d) {
  bsyn_exec_options opt = {3000};
  bsyn_diag_init(d, NULL);
  return bsyn_oracle_exec_open(script, &opt, d);
}

/* handshakes written by printf: version, sizes and field text are checked */
Test(oracle_exec, handshake_fields_are_checked) {
  bsyn_diag d;
  const char *hs = "printf 'BSYN\\001\\000\\000\\000\\002\\000\\000\\000\\001\\000\\000\\000";
  char cmd[512];
  snprintf(cmd, sizeof cmd, "%s\\000\\000\\000\\000'; cat >/dev/null", hs);
  bsyn_oracle *o = open_shell(cmd, &d);
  cr_assert_not_null(o, "%s", d.msg);
  cr_assert_eq(o->num_inputs, 2);
  cr_assert_eq(o->num_outputs, 1);
  cr_assert_str_eq(o->in_fields[0].name, "x"); /* no field text: one field per side */
  cr_assert_eq(o->in_fields[0].width, 2);
  bsyn_oracle_close(o);

  snprintf(cmd, sizeof cmd, "%s\\022\\000\\000\\000in p 0 1\\nin q 1 1\\n'; cat >/dev/null", hs);
  o = open_shell(cmd, &d);
  cr_assert_not_null(o, "%s", d.msg);
  cr_assert_eq(o->num_in_fields, 2);
  cr_assert_str_eq(o->in_fields[1].name, "q");
  cr_assert_str_eq(o->out_fields[0].name, "y");
  bsyn_oracle_close(o);

  snprintf(cmd, sizeof cmd, "%s\\011\\000\\000\\000in p 1 2\\n'; cat >/dev/null", hs);
  cr_assert_null(open_shell(cmd, &d));
  cr_assert(strstr(d.msg, "found bits 1..2"), "%s", d.msg);

  cr_assert_null(
      open_shell("printf 'BSYN\\002\\000\\000\\000\\001\\000\\000\\000\\001\\000\\000\\000"
                 "\\000\\000\\000\\000'; cat >/dev/null",
                 &d));
  cr_assert(strstr(d.msg, "expected protocol version 1"), "%s", d.msg);
  cr_assert_null(
      open_shell("printf 'BSYN\\001\\000\\000\\000\\000\\000\\000\\000\\001\\000\\000\\000"
                 "\\000\\000\\000\\000'; cat >/dev/null",
                 &d));
  cr_assert(strstr(d.msg, "found 0 and 1"), "%s", d.msg);
  cr_assert_null(open_shell("exec /nonexistent/responder 2>/dev/null", &d));
  cr_assert(strstr(d.msg, "exited with status 127"), "%s", d.msg);
  assert_no_children();
}

/* tests/data/bad/exec/NAME.bin: a handshake with one defect, served by `cat`; NAME.expect
 * holds "LINE: fragment" (LINE 0: none). New files are covered without touching this test. */
Test(oracle_exec, bad_handshake_files) {
  const char *dir = bsyn_test_data("bad/exec");
  DIR *dp = opendir(dir);
  cr_assert_not_null(dp, "%s", dir);
  int seen = 0;
  for (struct dirent *e; (e = readdir(dp));) {
    size_t n = strlen(e->d_name);
    if (n < 5 || strcmp(e->d_name + n - 4, ".bin"))
      continue;
    char path[1024], cmd[1100], want[256] = "";
    snprintf(path, sizeof path, "%s/%.*s.expect", dir, (int)(n - 4), e->d_name);
    FILE *f = fopen(path, "r");
    cr_assert_not_null(f, "%s is missing", path);
    unsigned long line = 0;
    cr_assert_eq(fscanf(f, "%lu: %255[^\n]", &line, want), 2, "%s: expected 'LINE: fragment'",
                 path);
    fclose(f);
    snprintf(cmd, sizeof cmd, "exec cat '%s/%s'", dir, e->d_name);
    bsyn_diag d;
    cr_assert_null(open_shell(cmd, &d), "%s was accepted", e->d_name);
    cr_assert(strstr(d.msg, want), "%s: '%s' lacks '%s'", e->d_name, d.msg, want);
    cr_assert_eq(d.line, line, "%s: line %lu, expected %lu", e->d_name, d.line, line);
    seen++;
  }
  closedir(dp);
  cr_assert_geq(seen, 10);
  assert_no_children();
}

/* a batch on a responder that misbehaves then fails with a message containing `want`;
 * the oracle stays failed */
static void expect_eval_error(const char *args, int timeout_ms, const char *want) {
  bsyn_diag d;
  bsyn_oracle *x = start(args, timeout_ms, &d);
  cr_assert_not_null(x, "%s: %s", args, d.msg);
  size_t nwords = 4;
  uint64_t *in = bsyn_calloc(x->num_inputs * nwords, 8),
           *out = bsyn_calloc(x->num_outputs * nwords, 8);
  double t0 = now();
  cr_assert_eq(bsyn_oracle_eval(x, in, out, nwords, &d), -1, "%s: the batch succeeded", args);
  cr_assert(now() - t0 < 5.0 + timeout_ms / 1000.0, "took %.1f s", now() - t0);
  cr_assert(strstr(d.msg, want), "%s: '%s' lacks '%s'", args, d.msg, want);
  cr_assert_eq(bsyn_oracle_eval(x, in, out, nwords, &d), -1);
  cr_assert(strstr(d.msg, "earlier error"), "%s", d.msg);
  free(in);
  free(out);
  bsyn_oracle_close(x);
  assert_no_children();
}

Test(oracle_exec, bad_replies_are_diagnosed) {
  expect_eval_error("--width 8 --misbehave die", 5000, "exited with status 4");
  expect_eval_error("--width 8 --misbehave hang-batch", 300, "within 300 ms");
  expect_eval_error("--width 8 --misbehave wrong-size", 5000,
                    "expected a reply of 4 words per row");
  expect_eval_error("--width 8 --misbehave short", 5000, "found end of output");
  expect_eval_error("--width 8 --misbehave error", 5000, "reported error 7: operands out of range");
  expect_eval_error("--width 8 --misbehave extra", 5000, "more bytes");
}

/* a responder that closes its input: the write fails with EPIPE, and the SIGPIPE it raises
 * must not kill this process */
Test(oracle_exec, closed_input_is_not_fatal) {
  bsyn_diag d;
  bsyn_oracle *o =
      open_shell("printf 'BSYN\\001\\000\\000\\000\\000\\000\\001\\000\\001\\000\\000\\000"
                 "\\000\\000\\000\\000'; exec 0<&-; sleep 5",
                 &d);
  cr_assert_not_null(o, "%s", d.msg);
  cr_assert_eq(o->num_inputs, 65536);
  size_t nwords = 16; /* 8 MB: far more than a pipe holds */
  uint64_t *in = bsyn_calloc(o->num_inputs * nwords, 8), *out = bsyn_calloc(nwords, 8);
  cr_assert_eq(bsyn_oracle_eval(o, in, out, nwords, &d), -1);
  cr_assert(strstr(d.msg, "input closed"), "%s", d.msg);
  free(in);
  free(out);
  bsyn_oracle_close(o);
  assert_no_children();
}

/* closing kills a responder that ignores the end of its input, after the timeout */
Test(oracle_exec, close_kills_a_stubborn_responder) {
  bsyn_diag d;
  bsyn_exec_options opt = {500};
  bsyn_oracle *o =
      bsyn_oracle_exec_open("printf 'BSYN\\001\\000\\000\\000\\001\\000\\000\\000"
                            "\\001\\000\\000\\000\\000\\000\\000\\000'; exec 0<&-; sleep 30",
                            &opt, &d);
  cr_assert_not_null(o, "%s", d.msg);
  double t0 = now();
  bsyn_oracle_close(o);
  cr_assert(now() - t0 < 3.0, "close took %.1f s", now() - t0);
  assert_no_children();
}

/* attach over a file: a recorded responder output (tests/fuzz/corpus/exec/fields.bin, a
 * handshake with fields and one reply of one word) read without any process */
static bsyn_oracle *attach_file(const char *path, bsyn_diag *d) {
  int from = open(path, O_RDONLY), to = open("/dev/null", O_WRONLY);
  cr_assert(from >= 0 && to >= 0, "%s", path);
  bsyn_exec_options opt = {1000};
  bsyn_diag_init(d, NULL);
  return bsyn_oracle_exec_attach(to, from, "recorded", &opt, d);
}

Test(oracle_exec, attach_reads_a_recorded_responder) {
  char path[1024];
  snprintf(path, sizeof path, "%s/../fuzz/corpus/exec/fields.bin", bsyn_test_data("."));
  bsyn_diag d;
  bsyn_oracle *o = attach_file(path, &d);
  cr_assert_not_null(o, "%s", d.msg);
  cr_assert_str_eq(o->name, "exec:recorded");
  cr_assert_eq(o->num_inputs, 5);
  cr_assert_eq(o->num_outputs, 3);
  cr_assert_eq(o->num_in_fields, 2);
  cr_assert_str_eq(o->out_fields[1].name, "c");
  uint64_t in[5] = {0}, out[3] = {0};
  cr_assert_eq(bsyn_oracle_eval(o, in, out, 1, &d), 0, "%s", d.msg);
  cr_assert_eq(out[0], 1);
  cr_assert_eq(out[1], 2);
  cr_assert_eq(out[2], 3);
  cr_assert_eq(bsyn_oracle_eval(o, in, out, 1, &d), -1, "a second reply out of nothing");
  cr_assert(strstr(d.msg, "found end of output after 0 bytes"), "%s", d.msg);
  bsyn_oracle_close(o);
  assert_no_children();
}

/* the bad handshake files give the same diagnostics attached as served by `cat` */
Test(oracle_exec, attach_diagnoses_bad_handshakes) {
  char path[1024];
  snprintf(path, sizeof path, "%s/wrong_magic.bin", bsyn_test_data("bad/exec"));
  bsyn_diag d;
  cr_assert_null(attach_file(path, &d));
  cr_assert(strstr(d.msg, "expected a handshake starting with 'BSYN'"), "%s", d.msg);
  snprintf(path, sizeof path, "%s/truncated_text.bin", bsyn_test_data("bad/exec"));
  cr_assert_null(attach_file(path, &d));
  cr_assert(strstr(d.msg, "found end of output"), "%s", d.msg);
}
