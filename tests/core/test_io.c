/* The format dispatch of bsyn_io.c: extensions to formats, reading and writing by name. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "bsyn_io.h"
#include "bsyn_test.h"

Test(io, format_of_extensions) {
  static const struct {
    const char *path;
    bsyn_format fmt;
  } cases[] = {
      {"a.aag", BSYN_FMT_AAG},          {"dir.x/a.aig", BSYN_FMT_AIG},
      {"a.b.blif", BSYN_FMT_BLIF},      {"top.v", BSYN_FMT_VERILOG},
      {"ex00.train.pla", BSYN_FMT_PLA}, {"g.dot", BSYN_FMT_DOT},
      {"noext", BSYN_FMT_UNKNOWN},      {"dir.aig/noext", BSYN_FMT_UNKNOWN},
      {"a.aig.gz", BSYN_FMT_UNKNOWN},   {"a.", BSYN_FMT_UNKNOWN},
  };
  for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++)
    cr_expect_eq(bsyn_io_format_of(cases[k].path), cases[k].fmt, "%s", cases[k].path);
}

/* Every writable extension writes a file, and the readable ones read back the same graph. */
Test(io, write_and_read_by_extension) {
  bsyn_aig *g = bsyn_test_random_aig(5, 30, 3, 21);
  bsyn_aig_set_input_name(g, 0, "a");
  bsyn_aig_set_output_name(g, 2, "y");
  static const char *const names[] = {"g.aag", "g.aig", "g.blif", "g.v", "g.dot"};
  for (size_t k = 0; k < sizeof names / sizeof names[0]; k++) {
    const char *p = bsyn_test_tmpfile(names[k]);
    bsyn_diag d;
    cr_assert_eq(bsyn_io_write_netlist(g, p, &d), 0, "%s: %s", names[k], d.msg);
    cr_assert_eq(access(p, R_OK), 0, "%s not written", names[k]);
    bsyn_format f = bsyn_io_format_of(p);
    if (f != BSYN_FMT_AAG && f != BSYN_FMT_AIG)
      continue;
    bsyn_aig *r;
    cr_assert_eq(bsyn_io_read_netlist(p, &r, &d), 0, "%s: %s", names[k], d.msg);
    cr_assert(bsyn_aig_identical(g, r), "%s differs", names[k]);
    bsyn_aig_free(r);
  }
  bsyn_aig_free(g);
}

/* For AIGER the header decides ASCII or binary, not the extension. */
Test(io, aiger_header_beats_extension) {
  bsyn_aig *g = bsyn_test_random_aig(4, 20, 2, 8);
  const char *p = bsyn_test_tmpfile("binary-inside.aag");
  bsyn_diag d;
  cr_assert_eq(bsyn_io_write_aiger(g, p, 1, &d), 0, "%s", d.msg);
  bsyn_aig *r;
  cr_assert_eq(bsyn_io_read_netlist(p, &r, &d), 0, "%s", d.msg);
  cr_assert(bsyn_aig_identical(g, r));
  bsyn_aig_free(r);
  bsyn_aig_free(g);
}

Test(io, unknown_extensions_are_reported) {
  bsyn_aig *g = bsyn_test_random_aig(2, 2, 1, 1), *r = g;
  bsyn_diag d;
  cr_assert_eq(bsyn_io_write_netlist(g, bsyn_test_tmpfile("g.txt"), &d), -1);
  cr_assert_not_null(strstr(d.msg, "found '.txt'"), "%s", d.msg);
  cr_assert_eq(bsyn_io_read_netlist(bsyn_test_tmpfile("g.v"), &r, &d), -1);
  cr_assert_null(r);
  cr_assert_not_null(strstr(d.msg, "expected a netlist file name"), "%s", d.msg);
  bsyn_aig_free(g);
}
