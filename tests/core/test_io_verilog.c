#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bsyn_aig.h"
#include "bsyn_io.h"
#include "bsyn_test.h"
#include "bsyn_test_files.h"
#include "bsyn_util.h"

/* Names that need escaping or renaming: bit selects, keywords, spaces, a leading digit or
 * '$', a name equal to a generated AND name, and a duplicate. */
static const char *const odd_names[] = {"x[3]", "module", "a b",  "1st", "$sys",  "n7",
                                        "wire", "ok_1",   "x[3]", "\\e", "logic", "y.z"};

#define MODEL "dut_model"

static bsyn_aig *named_random_aig(uint64_t seed) {
  bsyn_aig *g = bsyn_test_random_aig(5 + seed % 6, 30 + 17 * (seed % 5), 4 + seed % 4, seed);
  size_t nn = sizeof odd_names / sizeof odd_names[0];
  for (uint32_t i = 0; i < g->num_inputs; i++)
    if ((seed >> i) & 1)
      bsyn_aig_set_input_name(g, i, odd_names[(seed + i) % nn]);
  for (uint32_t i = 0; i < g->num_outputs; i++)
    if ((seed >> (i + 2)) & 1)
      bsyn_aig_set_output_name(g, i, odd_names[(3 * seed + i) % nn]);
  bsyn_aig_add_output(g, BSYN_LIT_TRUE, "const1");
  bsyn_aig_add_output(g, BSYN_LIT_FALSE, NULL);
  bsyn_aig_add_output(g, bsyn_lit_make(1, 1), NULL);
  bsyn_aig_set_model_name(g, MODEL);
  return g;
}

static void write_v(const bsyn_aig *g, const char *path) {
  bsyn_diag d;
  cr_assert_eq(bsyn_io_write_verilog(g, path, &d), 0, "%s: %s", path, d.msg);
}

Test(io_verilog, text_shape) {
  bsyn_aig *g = bsyn_aig_new();
  bsyn_lit a = bsyn_aig_add_input(g, "a[0]");
  bsyn_lit b = bsyn_aig_add_input(g, "module");
  bsyn_lit c = bsyn_aig_add_input(g, "c");
  bsyn_lit x = bsyn_aig_and(g, a, bsyn_lit_not(b));
  bsyn_aig_add_output(g, bsyn_aig_and(g, x, c), "y");
  bsyn_aig_add_output(g, bsyn_lit_not(x), "c"); /* clashes with an input */
  bsyn_aig_add_output(g, BSYN_LIT_TRUE, NULL);
  const char *path = bsyn_test_tmpfile("shape.v");
  write_v(g, path);
  char *t = bsyn_test_slurp(path, NULL);
  cr_expect_not_null(strstr(t, "module top (\n"), "%s", t);
  cr_expect_not_null(strstr(t, "  input \\a[0] ;\n"), "%s", t);
  cr_expect_not_null(strstr(t, "  input \\module ;\n"), "%s", t);
  cr_expect_not_null(strstr(t, "  output c_1;\n"), "%s", t);
  cr_expect_not_null(strstr(t, "  assign n4 = ~\\module  & \\a[0] ;\n"), "%s", t);
  cr_expect_not_null(strstr(t, "  assign n5 = n4 & c;\n"), "%s", t);
  cr_expect_not_null(strstr(t, "  assign c_1 = ~n4;\n"), "%s", t);
  cr_expect_not_null(strstr(t, "  assign o2 = 1'b1;\n"), "%s", t);
  cr_expect_not_null(strstr(t, "endmodule\n"), "%s", t);
  free(t);
  bsyn_aig_free(g);
}

static bsyn_aig *read_blif_ok(const char *path) {
  bsyn_diag d;
  bsyn_aig *g = NULL;
  cr_assert_eq(bsyn_io_read_blif(path, &g, &d), 0, "%s:%lu: %s", path, d.line, d.msg);
  return g;
}

/* Yosys writes \1st for an escaped name it could not write plainly (leading digit or '$'). */
static int same_port_name(const char *yosys, const char *ours) {
  return !strcmp(yosys, ours) || (yosys[0] == '\\' && !strcmp(yosys + 1, ours));
}

/* Yosys elaborates the file; ABC proves the result equals our BLIF of the same AIG, port by
 * port in order; and the port names Yosys saw are ours, unchanged. */
Test(io_verilog, yosys_reads_it_abc_proves_it) {
  if (!bsyn_test_have("yosys") || !bsyn_test_have("berkeley-abc"))
    cr_skip_test("yosys or berkeley-abc absent");
  for (uint64_t seed = 1; seed <= 6; seed++) {
    bsyn_aig *g = named_random_aig(seed);
    const char *v = bsyn_test_tmpfile("y.v"), *yb = bsyn_test_tmpfile("yosys.blif"),
               *ref = bsyn_test_tmpfile("ref.blif");
    write_v(g, v);
    bsyn_diag d;
    cr_assert_eq(bsyn_io_write_blif(g, ref, &d), 0, "%s", d.msg);
    char cmd[4096], *out = NULL;
    snprintf(cmd, sizeof cmd,
             "yosys -q -p 'read_verilog %s; hierarchy -auto-top; proc; flatten; techmap; "
             "opt_clean; write_blif %s' && berkeley-abc -c 'cec -n %s %s'",
             v, yb, ref, yb);
    int rc = bsyn_test_run(cmd, &out);
    cr_expect(rc == 0 && strstr(out, "Networks are equivalent"), "seed %llu: %s",
              (unsigned long long)seed, out);
    free(out);
    bsyn_aig *r = read_blif_ok(ref), *y = read_blif_ok(yb);
    cr_assert_eq(y->num_inputs, r->num_inputs);
    cr_assert_eq(y->num_outputs, r->num_outputs);
    for (uint32_t i = 0; i < r->num_inputs; i++)
      cr_expect(same_port_name(bsyn_aig_input_name(y, i), bsyn_aig_input_name(r, i)),
                "seed %llu: input %u is %s, expected %s", (unsigned long long)seed, i,
                bsyn_aig_input_name(y, i), bsyn_aig_input_name(r, i));
    for (uint32_t i = 0; i < r->num_outputs; i++)
      cr_expect(same_port_name(bsyn_aig_output_name(y, i), bsyn_aig_output_name(r, i)),
                "seed %llu: output %u is %s, expected %s", (unsigned long long)seed, i,
                bsyn_aig_output_name(y, i), bsyn_aig_output_name(r, i));
    bsyn_aig_free(r);
    bsyn_aig_free(y);
    bsyn_aig_free(g);
  }
}

/* A testbench applies random vectors and compares with bsyn_aig_eval's answers. */
static void write_testbench(const bsyn_aig *g, const char *path, int vectors, uint64_t seed) {
  FILE *f = fopen(path, "w");
  cr_assert_not_null(f);
  uint32_t ni = g->num_inputs, no = g->num_outputs;
  fprintf(f, "module tb;\n  reg [%u:0] in;\n  wire [%u:0] out;\n  integer errors = 0;\n", ni - 1,
          no - 1);
  fprintf(f, "  " MODEL " dut(");
  for (uint32_t i = 0; i < ni; i++)
    fprintf(f, "in[%u], ", i);
  for (uint32_t o = 0; o < no; o++)
    fprintf(f, "out[%u]%s", o, o + 1 < no ? ", " : ");\n");
  fprintf(f, "  initial begin\n");
  uint8_t *in = bsyn_malloc(ni), *out = bsyn_malloc(no);
  bsyn_rng rng;
  bsyn_rng_seed(&rng, seed);
  for (int k = 0; k < vectors; k++) {
    for (uint32_t i = 0; i < ni; i++)
      in[i] = bsyn_rng_next(&rng) & 1;
    bsyn_aig_eval(g, in, out);
    fprintf(f, "    in = %u'b", ni);
    for (uint32_t i = ni; i-- > 0;)
      fputc('0' + in[i], f);
    fprintf(f, "; #1 if (out !== %u'b", no);
    for (uint32_t o = no; o-- > 0;)
      fputc('0' + out[o], f);
    fprintf(f, ") begin errors = errors + 1; $display(\"MISMATCH %d %%b\", out); end\n", k);
  }
  fprintf(f, "    if (errors == 0) $display(\"ALL %d MATCH\");\n    $finish;\n  end\nendmodule\n",
          vectors);
  free(in);
  free(out);
  fclose(f);
}

Test(io_verilog, iverilog_simulates_it) {
  if (!bsyn_test_have("iverilog") || !bsyn_test_have("vvp"))
    cr_skip_test("iverilog absent");
  for (uint64_t seed = 11; seed <= 14; seed++) {
    bsyn_aig *g = named_random_aig(seed);
    const char *v = bsyn_test_tmpfile("n.v"), *tb = bsyn_test_tmpfile("tb.v"),
               *vvp = bsyn_test_tmpfile("tb.vvp");
    write_v(g, v);
    write_testbench(g, tb, 64, seed);
    char cmd[4096], *out = NULL;
    snprintf(cmd, sizeof cmd, "iverilog -g2012 -o %s %s %s && vvp -n %s", vvp, tb, v, vvp);
    int rc = bsyn_test_run(cmd, &out);
    cr_expect(rc == 0 && strstr(out, "ALL 64 MATCH") && !strstr(out, "MISMATCH"), "seed %llu: %s",
              (unsigned long long)seed, out);
    free(out);
    bsyn_aig_free(g);
  }
}

/* -Wall with two warnings off, both about the netlist's own names and interface rather
 * than the file: UNUSEDSIGNAL (a netlist may have inputs no output reads: the port list is
 * the interface) and SYMRSVDWORD (a legal Verilog name that is a C++ keyword, such as
 * `module` written as \module, which Verilator renames internally). The file is named after
 * the module so that DECLFILENAME does not fire. */
Test(io_verilog, verilator_lint_clean) {
  if (!bsyn_test_have("verilator"))
    cr_skip_test("verilator absent");
  for (uint64_t seed = 21; seed <= 23; seed++) {
    bsyn_aig *g = named_random_aig(seed);
    const char *v = bsyn_test_tmpfile(MODEL ".v");
    write_v(g, v);
    char cmd[4096], *out = NULL;
    snprintf(cmd, sizeof cmd, "verilator --lint-only -Wall -Wno-UNUSEDSIGNAL -Wno-SYMRSVDWORD %s",
             v);
    int rc = bsyn_test_run(cmd, &out);
    cr_expect(rc == 0 && !strstr(out, "%Warning"), "seed %llu: %s", (unsigned long long)seed, out);
    free(out);
    bsyn_aig_free(g);
  }
}

Test(io_verilog, unwritable_path) {
  bsyn_aig *g = bsyn_aig_new();
  bsyn_diag d;
  cr_expect_eq(bsyn_io_write_verilog(g, bsyn_test_tmpfile("no/such/dir/x.v"), &d), -1);
  cr_expect_neq(d.msg[0], '\0');
  bsyn_aig_free(g);
}
