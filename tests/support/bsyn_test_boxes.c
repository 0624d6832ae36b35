/* Small black boxes for the learning suites (bsyn_test_boxes.h). */
#include "bsyn_test_boxes.h"

#include <criterion/criterion.h>
#include <stdio.h>

#include "bsyn_aig_join.h"
#include "bsyn_arith.h"
#include "bsyn_io.h"
#include "bsyn_test.h"

/* A black box with a 16-bit data word s = a + b and two flags eq = (a == b), lt = (a < b),
 * over a[15:0] b[15:0], written to a temporary file: output fields s[15:0], eq, lt. */
const char *bsyn_test_alu_flags(void) {
  static const char *const ops[3] = {"add16", "eq16", "ltu16"};
  bsyn_aig *parts[3];
  bsyn_diag d;
  for (int k = 0; k < 3; k++)
    cr_assert_not_null(parts[k] = bsyn_arith_reference(ops[k], &d), "%s", d.msg);
  bsyn_aig *g = bsyn_aig_join((const bsyn_aig *const *)parts, 3, &d);
  cr_assert_not_null(g, "%s", d.msg);
  char name[16];
  for (uint32_t r = 0; r < 16; r++) {
    snprintf(name, sizeof name, "s[%u]", r);
    bsyn_aig_set_output_name(g, r, name);
  }
  bsyn_aig_set_output_name(g, 16, "eq");
  bsyn_aig_set_output_name(g, 17, "lt");
  const char *path = bsyn_test_tmpfile("alu_flags.aig");
  cr_assert_eq(bsyn_io_write_aiger(g, path, 1, &d), 0, "%s", d.msg);
  for (int k = 0; k < 3; k++)
    bsyn_aig_free(parts[k]);
  bsyn_aig_free(g);
  return path;
}

/* x + y over n bits (ripple carry), the sum into s. */
static void add_bits(bsyn_aig *g, const bsyn_lit *x, const bsyn_lit *y, uint32_t n, bsyn_lit *s) {
  bsyn_lit carry = BSYN_LIT_FALSE;
  for (uint32_t k = 0; k < n; k++) {
    bsyn_lit h = bsyn_aig_xor(g, x[k], y[k]);
    s[k] = bsyn_aig_xor(g, h, carry);
    carry = bsyn_aig_or(g, bsyn_aig_and(g, x[k], y[k]), bsyn_aig_and(g, h, carry));
  }
}

/* x < y unsigned over n bits. */
static bsyn_lit less_bits(bsyn_aig *g, const bsyn_lit *x, const bsyn_lit *y, uint32_t n) {
  bsyn_lit lt = BSYN_LIT_FALSE;
  for (uint32_t k = 0; k < n; k++) { /* from bit 0: bit k decides unless equal */
    bsyn_lit eq = bsyn_lit_not(bsyn_aig_xor(g, x[k], y[k]));
    lt = bsyn_aig_mux(g, eq, lt, bsyn_aig_and(g, bsyn_lit_not(x[k]), y[k]));
  }
  return lt;
}

/* A toy core as a black box: op[1:0] a[15:0] b[15:0] c[15:0] in; a word y[15:0] and a flag
 * z = (a == b) out. op 0: y = a + c (an add: a and c interleaved); op 1: y = c + 8 when
 * a < b, else c + 1 (a branch: a against b first, then c); op 2 and 3: y = c. */
const char *bsyn_test_toy_core(void) {
  bsyn_aig *g = bsyn_aig_new();
  enum { N = TOY_BITS };
  bsyn_lit op[2], a[N], b[N], c[N], eight[N], one[N], sum[N], far[N], near[N];
  char name[16];
  for (int k = 0; k < 2; k++)
    snprintf(name, sizeof name, "op[%d]", k), op[k] = bsyn_aig_add_input(g, name);
  for (int k = 0; k < N; k++)
    snprintf(name, sizeof name, "a[%d]", k), a[k] = bsyn_aig_add_input(g, name);
  for (int k = 0; k < N; k++)
    snprintf(name, sizeof name, "b[%d]", k), b[k] = bsyn_aig_add_input(g, name);
  for (int k = 0; k < N; k++)
    snprintf(name, sizeof name, "c[%d]", k), c[k] = bsyn_aig_add_input(g, name);
  for (int k = 0; k < N; k++)
    eight[k] = k == 3 ? BSYN_LIT_TRUE : BSYN_LIT_FALSE, one[k] = k == 0 ? BSYN_LIT_TRUE : 0;
  add_bits(g, a, c, N, sum);
  add_bits(g, c, eight, N, far);
  add_bits(g, c, one, N, near);
  bsyn_lit lt = less_bits(g, a, b, N), eq = BSYN_LIT_TRUE;
  for (int k = 0; k < N; k++) {
    bsyn_lit branch = bsyn_aig_mux(g, lt, far[k], near[k]);
    bsyn_lit low = bsyn_aig_mux(g, op[0], branch, sum[k]);
    snprintf(name, sizeof name, "y[%d]", k);
    bsyn_aig_add_output(g, bsyn_aig_mux(g, op[1], c[k], low), name);
    eq = bsyn_aig_and(g, eq, bsyn_lit_not(bsyn_aig_xor(g, a[k], b[k])));
  }
  bsyn_aig_add_output(g, eq, "z");
  const char *path = bsyn_test_tmpfile("toy_core.aig");
  bsyn_diag d;
  cr_assert_eq(bsyn_io_write_aiger(g, path, 1, &d), 0, "%s", d.msg);
  bsyn_aig_free(g);
  return path;
}

