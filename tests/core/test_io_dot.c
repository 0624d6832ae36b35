#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bsyn_aig.h"
#include "bsyn_io.h"
#include "bsyn_test.h"
#include "bsyn_test_files.h"

static size_t count(const char *text, const char *what) {
  size_t n = 0;
  for (const char *p = strstr(text, what); p; p = strstr(p + 1, what))
    n++;
  return n;
}

/* One edge per AND fanin and per output; dashed exactly for the complemented ones. */
Test(io_dot, edges_and_styles) {
  bsyn_aig *g = bsyn_test_random_aig(5, 25, 4, 7);
  bsyn_aig_add_output(g, BSYN_LIT_TRUE, "quote\"back\\slash");
  bsyn_aig_set_model_name(g, "m");
  const char *path = bsyn_test_tmpfile("g.dot");
  bsyn_diag d;
  cr_assert_eq(bsyn_io_write_dot(g, path, &d), 0, "%s", d.msg);
  char *t = bsyn_test_slurp(path, NULL);
  size_t edges = 2 * (size_t)bsyn_aig_num_ands(g) + g->num_outputs, dashed = 0;
  for (uint32_t v = g->num_inputs + 1; v < g->num_vars; v++)
    dashed += bsyn_lit_sign(bsyn_aig_fanin0(g, v)) + bsyn_lit_sign(bsyn_aig_fanin1(g, v));
  for (uint32_t o = 0; o < g->num_outputs; o++)
    dashed += bsyn_lit_sign(g->outputs[o]);
  cr_expect_eq(count(t, " -> "), edges, "%s", t);
  cr_expect_eq(count(t, "style=dashed"), dashed, "%s", t);
  cr_expect_eq(count(t, "shape=triangle"), g->num_inputs);
  cr_expect_eq(count(t, "shape=invtriangle"), g->num_outputs);
  cr_expect_not_null(strstr(t, "label=\"quote\\\"back_slash\""), "%s", t);
  cr_expect_not_null(strstr(t, "v0 [label=\"0\", shape=box]"), "%s", t);
  free(t);
  if (bsyn_test_have("dot")) {
    char cmd[2048], *out = NULL;
    snprintf(cmd, sizeof cmd, "dot -Tsvg %s -o %s", path, bsyn_test_tmpfile("g.svg"));
    int rc = bsyn_test_run(cmd, &out);
    cr_expect_eq(rc, 0, "dot rejected the file: %s", out);
    free(out);
    char *svg = bsyn_test_slurp(bsyn_test_tmpfile("g.svg"), NULL);
    cr_expect_not_null(strstr(svg, "<svg"));
    free(svg);
  }
  bsyn_aig_free(g);
}
