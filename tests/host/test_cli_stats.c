/* `bsyn stats` and `bsyn convert`, run as a user would. */
#include <criterion/criterion.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bsyn_io.h"
#include "bsyn_test.h"
#include "bsyn_util.h"

/* Runs `bsyn ARGS`, returns the exit code and the combined output in *out (caller frees). */
static int bsyn(char **out, const char *fmt, ...) BSYN_PRINTF(2, 3);
static int bsyn(char **out, const char *fmt, ...) {
  char args[4096], cmd[4608];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(args, sizeof args, fmt, ap);
  va_end(ap);
  snprintf(cmd, sizeof cmd, "'%s' %s", bsyn_test_exe(), args);
  return bsyn_test_run(cmd, out);
}

static unsigned long json_field(const char *json, const char *key) {
  char k[64];
  snprintf(k, sizeof k, "\"%s\":", key);
  const char *p = strstr(json, k);
  cr_assert_not_null(p, "no %s in %s", key, json);
  return strtoul(p + strlen(k), NULL, 10);
}

static bsyn_aig *read_lib(const char *path) {
  bsyn_aig *g;
  bsyn_diag d;
  cr_assert_eq(bsyn_io_read_netlist(path, &g, &d), 0, "%s: %s", path, d.msg);
  return g;
}

static uint32_t levels_of(const bsyn_aig *g) {
  uint32_t *level = bsyn_malloc((size_t)g->num_vars * sizeof *level);
  uint32_t l = bsyn_aig_levels(g, level);
  free(level);
  return l;
}

Test(cli_stats, help) {
  char *out;
  cr_assert_eq(bsyn(&out, "stats --help"), 0);
  cr_assert_not_null(strstr(out, "usage: bsyn stats"), "%s", out);
  free(out);
  cr_assert_eq(bsyn(&out, "convert --help"), 0);
  cr_assert_not_null(strstr(out, "usage: bsyn convert"), "%s", out);
  free(out);
}

Test(cli_stats, text_and_json_agree_with_library) {
  const char *fa = bsyn_test_data("good/full_adder.aag");
  bsyn_aig *g = read_lib(fa);
  char want[256], *out;
  snprintf(want, sizeof want, "inputs %u, outputs %u, ands %u, levels %u", g->num_inputs,
           g->num_outputs, bsyn_aig_num_ands(g), levels_of(g));
  cr_assert_eq(bsyn(&out, "stats '%s' 2>/dev/null", fa), 0, "%s", out);
  cr_assert_not_null(strstr(out, want), "'%s' lacks '%s'", out, want);
  free(out);
  cr_assert_eq(bsyn(&out, "stats --json '%s' 2>/dev/null", fa), 0, "%s", out);
  cr_assert_eq(out[0], '{', "%s", out);
  cr_assert_eq(strchr(out, '\n'), out + strlen(out) - 1, "not one line: %s", out);
  cr_assert_eq(json_field(out, "inputs"), 3);
  cr_assert_eq(json_field(out, "outputs"), 2);
  cr_assert_eq(json_field(out, "ands"), bsyn_aig_num_ands(g));
  cr_assert_eq(json_field(out, "levels"), levels_of(g));
  free(out);
  bsyn_aig_free(g);
}

/* Our counts against ABC's print_stats on the EPFL circuits (an independent reader). */
Test(cli_stats, epfl_counts_match_abc) {
  static const char *const names[] = {"adder", "bar", "ctrl", "dec", "router", "priority"};
  if (!bsyn_test_shared("epfl/adder.aig"))
    cr_skip("../shared/data/epfl is absent");
  if (!bsyn_test_have("berkeley-abc"))
    cr_skip("berkeley-abc is not installed");
  for (size_t k = 0; k < sizeof names / sizeof names[0]; k++) {
    char rel[64], cmd[1024], *ours, *abc;
    snprintf(rel, sizeof rel, "epfl/%s.aig", names[k]);
    const char *path = bsyn_test_shared(rel);
    cr_assert_eq(bsyn(&ours, "stats --json '%s'", path), 0, "%s", ours);
    snprintf(cmd, sizeof cmd,
             "berkeley-abc -c 'read %s; print_stats' | sed 's/\\x1b\\[[0-9;]*m//g'", path);
    cr_assert_eq(bsyn_test_run(cmd, &abc), 0, "%s", abc);
    unsigned i, o, a, lev;
    const char *p = strstr(abc, "i/o =");
    cr_assert_not_null(p, "%s", abc);
    cr_assert_eq(sscanf(p, "i/o = %u/ %u lat = %*u and = %u lev =%u", &i, &o, &a, &lev), 4, "%s",
                 abc);
    cr_expect_eq(json_field(ours, "inputs"), i, "%s", names[k]);
    cr_expect_eq(json_field(ours, "outputs"), o, "%s", names[k]);
    cr_expect_eq(json_field(ours, "ands"), a, "%s", names[k]);
    cr_expect_eq(json_field(ours, "levels"), lev, "%s", names[k]);
    free(ours);
    free(abc);
  }
}

Test(cli_stats, bad_input_reports_path_and_line) {
  const char *bad = bsyn_test_data("bad/aag/cycle.aag");
  char want[1024], *out;
  snprintf(want, sizeof want, "%s:5: error: expected an acyclic AND graph", bad);
  cr_assert_eq(bsyn(&out, "stats '%s'", bad), 1);
  cr_assert_not_null(strstr(out, want), "%s", out);
  free(out);
  cr_assert_eq(bsyn(&out, "convert '%s' '%s'", bad, bsyn_test_tmpfile("x.aig")), 1);
  cr_assert_not_null(strstr(out, want), "%s", out);
  free(out);
}

Test(cli_stats, usage_errors) {
  char *out;
  cr_assert_eq(bsyn(&out, "stats"), 1);
  free(out);
  cr_assert_eq(bsyn(&out, "stats --frobnicate x.aig"), 1);
  cr_assert_not_null(strstr(out, "expected --json"), "%s", out);
  free(out);
  cr_assert_eq(bsyn(&out, "convert only-one.aig"), 1);
  cr_assert_not_null(strstr(out, "expected two files"), "%s", out);
  free(out);
  const char *fa = bsyn_test_data("good/full_adder.aag");
  cr_assert_eq(bsyn(&out, "convert '%s' '%s'", fa, bsyn_test_tmpfile("x.unknown")), 1);
  cr_assert_not_null(strstr(out, "expected an output file name ending in"), "%s", out);
  free(out);
}

/* aag -> aig -> aag through the CLI gives the graph the library reads, byte for byte. */
Test(cli_stats, convert_aiger_round_trip) {
  const char *fa = bsyn_test_data("good/full_adder.aag");
  const char *aig = bsyn_test_tmpfile("fa.aig"), *aag = bsyn_test_tmpfile("fa.aag");
  const char *ref = bsyn_test_tmpfile("ref.aag");
  char *out;
  cr_assert_eq(bsyn(&out, "convert '%s' '%s'", fa, aig), 0, "%s", out);
  free(out);
  cr_assert_eq(bsyn(&out, "convert '%s' '%s'", aig, aag), 0, "%s", out);
  free(out);
  bsyn_aig *g = read_lib(fa), *h = read_lib(aag);
  cr_assert(bsyn_aig_identical(g, h));
  bsyn_diag d;
  cr_assert_eq(bsyn_io_write_aiger(g, ref, 0, &d), 0, "%s", d.msg);
  char cmd[2048];
  snprintf(cmd, sizeof cmd, "cmp '%s' '%s'", ref, aag);
  cr_assert_eq(bsyn_test_run(cmd, &out), 0, "%s", out);
  free(out);
  bsyn_aig_free(g);
  bsyn_aig_free(h);
}

/* Through BLIF and back, the function is kept (ABC cec), and every writer runs. */
Test(cli_stats, convert_other_formats) {
  const char *src = bsyn_test_shared("epfl/router.aig");
  if (!src)
    cr_skip("../shared/data/epfl is absent");
  const char *blif = bsyn_test_tmpfile("r.blif"), *back = bsyn_test_tmpfile("r.aig");
  char *out;
  cr_assert_eq(bsyn(&out, "convert '%s' '%s'", src, blif), 0, "%s", out);
  free(out);
  cr_assert_eq(bsyn(&out, "convert '%s' '%s'", blif, back), 0, "%s", out);
  free(out);
  static const char *const exts[] = {"v", "dot"};
  for (int k = 0; k < 2; k++) {
    char name[32];
    snprintf(name, sizeof name, "r.%s", exts[k]);
    cr_assert_eq(bsyn(&out, "convert '%s' '%s' && test -s '%s'", src, bsyn_test_tmpfile(name),
                      bsyn_test_tmpfile(name)),
                 0, "%s: %s", name, out);
    free(out);
  }
  if (!bsyn_test_have("berkeley-abc"))
    cr_skip("berkeley-abc is not installed");
  char cmd[2048];
  snprintf(cmd, sizeof cmd, "berkeley-abc -c 'cec %s %s'", src, back);
  cr_assert_eq(bsyn_test_run(cmd, &out), 0, "%s", out);
  cr_assert_not_null(strstr(out, "Networks are equivalent"), "%s", out);
  free(out);
}

Test(cli_stats, convert_cleanup_drops_dangling_ands) {
  bsyn_aig *g = bsyn_test_random_aig(6, 200, 1, 3);
  bsyn_aig_set_output(g, 0, bsyn_lit_make(3, 1)); /* an input: every AND dangles */
  const char *in = bsyn_test_tmpfile("dangling.aig"), *out_path = bsyn_test_tmpfile("clean.aag");
  bsyn_diag d;
  cr_assert_eq(bsyn_io_write_aiger(g, in, 1, &d), 0, "%s", d.msg);
  char *out;
  cr_assert_eq(bsyn(&out, "convert --cleanup '%s' '%s'", in, out_path), 0, "%s", out);
  free(out);
  bsyn_aig *h = read_lib(out_path);
  cr_assert_gt(bsyn_aig_num_ands(g), 0);
  cr_assert_eq(bsyn_aig_num_ands(h), 0);
  cr_assert_eq(h->outputs[0], bsyn_lit_make(3, 1));
  bsyn_aig_free(g);
  bsyn_aig_free(h);
}
