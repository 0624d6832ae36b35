#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bsyn_oracle.h"
#include "bsyn_test.h"

/* runs `bsyn <args>`, returns the exit status, output in *out (caller frees) */
static int bsyn(const char *args, char **out) {
  char cmd[2048];
  snprintf(cmd, sizeof cmd, "'%s' %s", bsyn_test_exe(), args);
  return bsyn_test_run(cmd, out);
}

static int count_lines(const char *s) {
  int n = 0;
  for (; *s; s++)
    n += *s == '\n';
  return n;
}

Test(cli_oracle, list_names_every_kind) {
  char *out;
  cr_assert_eq(bsyn("oracle list", &out), 0, "%s", out);
  int n = 0;
  for (const bsyn_oracle_kind *k = bsyn_oracle_kinds(); k->pattern; k++, n++) {
    cr_assert(strstr(out, k->pattern), "missing %s in\n%s", k->pattern, out);
    cr_assert(strstr(out, k->description), "missing the description of %s", k->pattern);
  }
  cr_assert_eq(count_lines(out), n);
  free(out);
}

/* every field of the opened oracle appears as "in|out name[w-1:0] bits lsb..msb" */
static void check_info(const char *spec) {
  char *out, args[1024];
  snprintf(args, sizeof args, "oracle info '%s'", spec);
  cr_assert_eq(bsyn(args, &out), 0, "%s", out);
  bsyn_diag d;
  bsyn_oracle *o = bsyn_oracle_open(spec, &d);
  cr_assert_not_null(o, "%s", d.msg);
  char want[256];
  snprintf(want, sizeof want, "inputs   %u\n", o->num_inputs);
  cr_assert(strstr(out, want), "%s lacks '%s'", out, want);
  snprintf(want, sizeof want, "outputs  %u\n", o->num_outputs);
  cr_assert(strstr(out, want), "%s lacks '%s'", out, want);
  for (int side = 0; side < 2; side++) {
    const bsyn_field *f = side ? o->out_fields : o->in_fields;
    uint32_t n = side ? o->num_out_fields : o->num_in_fields;
    for (uint32_t i = 0; i < n; i++) {
      char name[160], range[64];
      if (f[i].width == 1) {
        snprintf(name, sizeof name, "%-4s %s ", side ? "out" : "in", f[i].name);
        snprintf(range, sizeof range, "bit  %u\n", f[i].lsb);
      } else {
        snprintf(name, sizeof name, "%-4s %s[%u:0] ", side ? "out" : "in", f[i].name,
                 f[i].width - 1);
        snprintf(range, sizeof range, "bits %u..%u\n", f[i].lsb, f[i].lsb + f[i].width - 1);
      }
      const char *line = strstr(out, name);
      cr_assert(line, "%s: no line for '%s' in\n%s", spec, name, out);
      const char *eol = strchr(line, '\n');
      const char *r = strstr(line, range);
      cr_assert(r && r < eol + 1, "%s: '%s' lacks '%s'", spec, name, range);
    }
  }
  bsyn_oracle_close(o);
  free(out);
}

Test(cli_oracle, info_prints_fields_and_bit_ranges) {
  check_info("arith:add32");
  check_info("arith:mux3");
  check_info("arith:alu8");
  check_info("rv32i-core");
  char *out;
  cr_assert_eq(bsyn("oracle info rv32i-core", &out), 0);
  cr_assert(strstr(out, "inst[31:0]"), "%s", out);
  cr_assert(strstr(out, "bits 32..63"), "%s", out);
  free(out);
}

Test(cli_oracle, info_on_files_and_processes) {
  const char *ctrl = bsyn_test_shared("epfl/ctrl.aig");
  char spec[800];
  if (ctrl) {
    snprintf(spec, sizeof spec, "aig:%s", ctrl);
    check_info(spec);
  }
  char resp[640];
  snprintf(resp, sizeof resp, "%s/examples/responder/bsyn-example-responder", BSYN_BUILD_DIR);
  if (access(resp, X_OK) == 0) {
    snprintf(spec, sizeof spec, "exec:%s --width 12", resp);
    check_info(spec);
  }
  if (!ctrl && access(resp, X_OK))
    cr_skip_test("neither shared data nor the example responder is present");
}

/* errors: exactly one line, naming what was expected, exit 1 */
static void expect_error(const char *args, const char *want) {
  char *out;
  cr_assert_eq(bsyn(args, &out), 1, "bsyn %s: %s", args, out);
  cr_assert_eq(count_lines(out), 1, "bsyn %s printed:\n%s", args, out);
  cr_assert(strstr(out, "error: expected"), "%s", out);
  cr_assert(strstr(out, want), "'%s' lacks '%s'", out, want);
  free(out);
}

Test(cli_oracle, errors_are_one_line) {
  expect_error("oracle info nonsense", "found 'nonsense'");
  expect_error("oracle info arith:add0", "found '0'");
  expect_error("oracle info arith:foo8", "found 'foo'");
  expect_error("oracle info aig:/nonexistent.aig", "/nonexistent.aig");
  expect_error("oracle", "found end of arguments");
  expect_error("oracle info", "found end of arguments");
  expect_error("oracle frobnicate", "found 'frobnicate'");
}

/* An example set without examples: one clear error from every command that opens it,
 * never an abort in the learner (tests/data/bad/pla/no_examples.pla: .i 2 .o 1 .e). */
Test(cli_oracle, empty_example_set_is_refused) {
  const char *pla = bsyn_test_data("bad/pla/no_examples.pla");
  char args[2048];
  snprintf(args, sizeof args, "oracle info 'pla:%s'", pla);
  expect_error(args, "no_examples.pla:3:");
  expect_error(args, "expected at least one example row");
  snprintf(args, sizeof args, "learn --oracle 'pla:%s' -o '%s'", pla, bsyn_test_tmpfile("e.aig"));
  expect_error(args, "expected at least one example row");
  cr_expect_neq(access(bsyn_test_tmpfile("e.aig"), F_OK), 0, "learn wrote a netlist");
  const char *train = bsyn_test_tmpfile("and.pla");
  FILE *f = fopen(train, "w");
  cr_assert_not_null(f);
  fputs(".i 2\n.o 1\n00 0\n01 0\n10 0\n11 1\n.e\n", f);
  fclose(f);
  snprintf(args, sizeof args, "learn --oracle 'pla:%s' --validate '%s' -o '%s'", train, pla,
           bsyn_test_tmpfile("e.aig"));
  expect_error(args, "expected at least one example row");
}

Test(cli_oracle, help) {
  char *out;
  cr_assert_eq(bsyn("oracle --help", &out), 0);
  cr_assert(strstr(out, "usage: bsyn oracle list"), "%s", out);
  free(out);
  cr_assert_eq(bsyn("--help", &out), 0);
  cr_assert(strstr(out, "oracle"), "%s", out);
  free(out);
}

/* the written reference is the same function as the oracle: verify it on random vectors */
Test(cli_oracle, reference_written_equals_the_oracle) {
  const char *path = bsyn_test_tmpfile("sub12.aig");
  char *out, args[1024];
  snprintf(args, sizeof args, "oracle reference arith:sub12 '%s'", path);
  cr_assert_eq(bsyn(args, &out), 0, "%s", out);
  free(out);
  snprintf(args, sizeof args, "verify '%s' --oracle arith:sub12 --vectors 100000", path);
  cr_assert_eq(bsyn(args, &out), 0, "%s", out);
  free(out);
  cr_assert_eq(bsyn("oracle reference arith:nope8 x.aig", &out), 1);
  cr_assert_eq(count_lines(out), 1, "%s", out);
  free(out);
  cr_assert_eq(bsyn("oracle reference arith:add8", &out), 1);
  free(out);
}
