#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bsyn_aig.h"
#include "bsyn_io.h"
#include "bsyn_test.h"
#include "bsyn_test_files.h"
#include "bsyn_util.h"

static bsyn_aig *read_ok(const char *path) { return bsyn_test_read_ok(path, bsyn_io_read_blif); }

static void write_ok(const bsyn_aig *g, const char *path) {
  bsyn_diag d;
  cr_assert_eq(bsyn_io_write_blif(g, path, &d), 0, "%s: %s", path, d.msg);
}

static uint32_t output_index(const bsyn_aig *g, const char *name) {
  for (uint32_t i = 0; i < g->num_outputs; i++)
    if (bsyn_aig_output_name(g, i) && !strcmp(bsyn_aig_output_name(g, i), name))
      return i;
  cr_assert_fail("no output named %s", name);
  return 0;
}

Test(io_blif, reads_every_construct) {
  bsyn_aig *g = read_ok(bsyn_test_data("good/blif/features.blif"));
  cr_assert_eq(g->num_inputs, 4);
  cr_assert_eq(g->num_outputs, 10);
  cr_assert_str_eq(g->model_name, "features");
  const char *in_names[] = {"a", "b", "c", "d"};
  for (uint32_t i = 0; i < 4; i++)
    cr_expect_str_eq(bsyn_aig_input_name(g, i), in_names[i]);
  const char *outs[] = {"maj", "nor_ab", "zero", "one",    "a",
                        "x",   "copy",   "wide", "always", "xor_cd"};
  uint32_t idx[10];
  for (int k = 0; k < 10; k++) {
    idx[k] = output_index(g, outs[k]);
    cr_expect_eq(idx[k], (uint32_t)k, "outputs keep the .outputs order");
  }
  for (unsigned m = 0; m < 16; m++) {
    uint8_t in[4], out[10];
    for (int i = 0; i < 4; i++)
      in[i] = (m >> i) & 1;
    unsigned a = in[0], b = in[1], c = in[2], dd = in[3];
    unsigned maj = (a & b) | (a & c) | (b & c);
    unsigned want[10] = {maj, !(a | b), 0, 1, a, !a, maj, a & b & c & dd, 1, c ^ dd};
    bsyn_aig_eval(g, in, out);
    for (int k = 0; k < 10; k++)
      cr_expect_eq(out[idx[k]], want[k], "%s at a=%u b=%u c=%u d=%u", outs[k], a, b, c, dd);
  }
  bsyn_aig_free(g);
}

/* Wide covers become balanced trees: 8 literals need depth 3, not 7. */
Test(io_blif, covers_are_balanced) {
  const char *path = bsyn_test_tmpfile("wide.blif");
  FILE *f = fopen(path, "w");
  cr_assert_not_null(f);
  fputs(".model wide\n.inputs a b c d e f g h\n.outputs and8 or8\n"
        ".names a b c d e f g h and8\n11111111 1\n"
        ".names a b c d e f g h or8\n",
        f);
  for (int i = 0; i < 8; i++) {
    char row[9] = "--------";
    row[i] = '1';
    fprintf(f, "%s 1\n", row);
  }
  fputs(".end\n", f);
  fclose(f);
  bsyn_aig *g = read_ok(path);
  cr_assert_eq(bsyn_aig_num_ands(g), 14);
  uint32_t *level = bsyn_calloc(g->num_vars, sizeof *level);
  cr_expect_eq(bsyn_aig_levels(g, level), 3);
  cr_expect_eq(level[bsyn_lit_var(g->outputs[0])], 3);
  cr_expect_eq(level[bsyn_lit_var(g->outputs[1])], 3);
  free(level);
  bsyn_aig_free(g);
}

/* Netlists whose covers are all constants keep no cover rows at all: the reader must not
 * offset the empty row store (clang's UBSan reported "applying zero offset to null
 * pointer" for the first file, an unnamed model without ports). */
Test(io_blif, constant_covers_only) {
  const char *path = bsyn_test_tmpfile("const.blif");
  FILE *f = fopen(path, "w");
  cr_assert_not_null(f);
  fputs(".model\n.names z\n1\n.end\n", f);
  fclose(f);
  bsyn_aig *g = read_ok(path);
  cr_expect_eq(g->num_inputs, 0);
  cr_expect_eq(g->num_outputs, 0);
  bsyn_aig_free(g);

  f = fopen(path, "w");
  cr_assert_not_null(f);
  fputs(".model c\n.inputs a\n.outputs one zero\n.names one\n1\n.names zero\n.end\n", f);
  fclose(f);
  g = read_ok(path);
  cr_assert_eq(g->num_outputs, 2);
  cr_expect_eq(g->outputs[output_index(g, "one")], BSYN_LIT_TRUE);
  cr_expect_eq(g->outputs[output_index(g, "zero")], BSYN_LIT_FALSE);
  bsyn_aig_free(g);
}

static int read_and_free(const char *path, bsyn_diag *d) {
  bsyn_aig *g = (bsyn_aig *)d; /* must come back NULL on failure */
  int rc = bsyn_io_read_blif(path, &g, d);
  if (rc)
    cr_expect_null(g, "%s: result not NULL on error", path);
  bsyn_aig_free(g);
  return rc;
}

Test(io_blif, bad_files) {
  int n = bsyn_test_bad_folder("bad/blif", ".blif", read_and_free);
  cr_assert_geq(n, 20, "only %d bad BLIF files", n);
}

Test(io_blif, missing_file) {
  bsyn_diag d;
  bsyn_aig *g = (bsyn_aig *)&d;
  cr_assert_eq(bsyn_io_read_blif(bsyn_test_tmpfile("absent.blif"), &g, &d), -1);
  cr_expect_null(g);
  cr_expect(strstr(d.msg, "expected") && strstr(d.msg, "found"), "%s", d.msg);
}

/* A full disk is reported, not ignored: every writer checks the final flush. */
Test(io_blif, write_errors_are_reported) {
  if (access("/dev/full", W_OK) != 0)
    cr_skip_test("/dev/full absent");
  bsyn_aig *g = bsyn_test_random_aig(8, 2000, 4, 1);
  bsyn_diag d;
  cr_expect_eq(bsyn_io_write_blif(g, "/dev/full", &d), -1);
  cr_expect_not_null(strstr(d.msg, "expected"), "%s", d.msg);
  cr_expect_eq(bsyn_io_write_verilog(g, "/dev/full", &d), -1);
  cr_expect_eq(bsyn_io_write_dot(g, "/dev/full", &d), -1);
  cr_expect_eq(bsyn_io_write_blif(g, bsyn_test_tmpfile("no/such/dir/x.blif"), &d), -1);
  bsyn_aig_free(g);
}

/* Names that every writer must cope with: duplicates, generated-looking names, characters
 * BLIF cannot carry, Verilog keywords and bit-select look-alikes. */
static const char *const odd_names[] = {"a b", "x[3]", "n5",     "i0", "dup",   "dup",
                                        "#h",  "",     "module", "o1", "\\esc", "q"};

static bsyn_aig *named_random_aig(uint64_t seed) {
  bsyn_aig *g = bsyn_test_random_aig(6 + seed % 5, 40 + 13 * (seed % 7), 5 + seed % 4, seed);
  size_t nn = sizeof odd_names / sizeof odd_names[0];
  for (uint32_t i = 0; i < g->num_inputs; i++)
    if ((seed >> i) & 1)
      bsyn_aig_set_input_name(g, i, odd_names[(seed + i) % nn]);
  for (uint32_t i = 0; i < g->num_outputs; i++)
    if ((seed >> (i + 3)) & 1)
      bsyn_aig_set_output_name(g, i, odd_names[(seed * 7 + i) % nn]);
  /* constants and plain inputs as outputs, complemented or not */
  bsyn_aig_add_output(g, BSYN_LIT_FALSE, NULL);
  bsyn_aig_add_output(g, BSYN_LIT_TRUE, "one");
  bsyn_aig_add_output(g, bsyn_lit_make(1, 0), NULL);
  bsyn_aig_add_output(g, bsyn_lit_make(2, 1), "dup");
  return g;
}

static void expect_same_function(const bsyn_aig *a, const bsyn_aig *b, uint64_t seed) {
  cr_assert_eq(a->num_inputs, b->num_inputs, "seed %llu", (unsigned long long)seed);
  cr_assert_eq(a->num_outputs, b->num_outputs, "seed %llu", (unsigned long long)seed);
  uint8_t *in = bsyn_malloc(a->num_inputs), *oa = bsyn_malloc(a->num_outputs),
          *ob = bsyn_malloc(a->num_outputs);
  bsyn_rng rng;
  bsyn_rng_seed(&rng, seed);
  for (int k = 0; k < 200; k++) {
    for (uint32_t i = 0; i < a->num_inputs; i++)
      in[i] = bsyn_rng_next(&rng) & 1;
    bsyn_aig_eval(a, in, oa);
    bsyn_aig_eval(b, in, ob);
    cr_assert_eq(memcmp(oa, ob, a->num_outputs), 0, "seed %llu pattern %d",
                 (unsigned long long)seed, k);
  }
  free(in);
  free(oa);
  free(ob);
}

Test(io_blif, round_trip_is_byte_identical) {
  for (uint64_t seed = 1; seed <= 40; seed++) {
    bsyn_aig *g = named_random_aig(seed);
    const char *p1 = bsyn_test_tmpfile("rt1.blif"), *p2 = bsyn_test_tmpfile("rt2.blif");
    write_ok(g, p1);
    bsyn_aig *h = read_ok(p1);
    /* same ANDs in the same order: the reader rebuilds the writer's variable numbering */
    cr_assert_eq(h->num_vars, g->num_vars, "seed %llu", (unsigned long long)seed);
    cr_assert_eq(memcmp(h->fanins, g->fanins, 2 * sizeof(bsyn_lit) * g->num_vars), 0, "seed %llu",
                 (unsigned long long)seed);
    cr_assert_eq(memcmp(h->outputs, g->outputs, sizeof(bsyn_lit) * g->num_outputs), 0, "seed %llu",
                 (unsigned long long)seed);
    expect_same_function(g, h, seed);
    write_ok(h, p2);
    cr_assert(bsyn_test_same_file(p1, p2), "seed %llu: second write differs",
              (unsigned long long)seed);
    /* port names are distinct after writing, except an output that is its input */
    for (uint32_t i = 0; i < h->num_outputs; i++)
      for (uint32_t j = 0; j < h->num_inputs; j++)
        if (!strcmp(bsyn_aig_output_name(h, i), bsyn_aig_input_name(h, j)))
          cr_assert_eq(h->outputs[i], bsyn_lit_make(j + 1, 0), "seed %llu output %u",
                       (unsigned long long)seed, i);
    bsyn_aig_free(g);
    bsyn_aig_free(h);
  }
}

Test(io_blif, generated_names_avoid_port_names) {
  bsyn_aig *g = bsyn_aig_new();
  bsyn_lit a = bsyn_aig_add_input(g, "n3"); /* AND 3 would be n3 */
  bsyn_lit b = bsyn_aig_add_input(g, NULL);
  bsyn_aig_add_output(g, bsyn_aig_and(g, a, bsyn_lit_not(b)), "i1"); /* input 1 is i1 */
  const char *path = bsyn_test_tmpfile("clash.blif");
  write_ok(g, path);
  char *text = bsyn_test_slurp(path, NULL);
  cr_expect_not_null(strstr(text, ".inputs n3 i1_1\n"), "%s", text);
  cr_expect_not_null(strstr(text, ".names i1_1 n3 n_3\n01 1\n"), "%s", text);
  cr_expect_not_null(strstr(text, ".names n_3 i1\n1 1\n"), "%s", text);
  free(text);
  bsyn_aig *h = read_ok(path);
  expect_same_function(g, h, 0);
  bsyn_aig_free(g);
  bsyn_aig_free(h);
}

/* An output that is an input of the same name stays one signal, as BLIF allows. */
Test(io_blif, output_that_is_an_input_keeps_its_name) {
  bsyn_aig *g = read_ok(bsyn_test_data("good/blif/features.blif"));
  const char *path = bsyn_test_tmpfile("features.blif");
  write_ok(g, path);
  char *text = bsyn_test_slurp(path, NULL);
  cr_expect_not_null(strstr(text, ".inputs a b c d\n"), "%s", text);
  cr_expect_not_null(strstr(text, " one a x "), "%s", text);
  cr_expect_null(strstr(text, "a_1"), "%s", text);
  free(text);
  bsyn_aig *h = read_ok(path);
  cr_expect_eq(h->outputs[4], bsyn_lit_make(1, 0));
  cr_expect_str_eq(bsyn_aig_output_name(h, 4), "a");
  expect_same_function(g, h, 3);
  bsyn_aig_free(g);
  bsyn_aig_free(h);
}

static int abc_equivalent(const char *a, const char *b, char **out) {
  char cmd[4096];
  snprintf(cmd, sizeof cmd, "berkeley-abc -c 'cec %s %s'", a, b);
  int rc = bsyn_test_run(cmd, out);
  return rc == 0 && strstr(*out, "Networks are equivalent") != NULL;
}

/* The two EPFL BLIF files (and our own fixture) read and write back as the same functions. */
Test(io_blif, epfl_blif_files_abc_cec) {
  if (!bsyn_test_have("berkeley-abc") || !bsyn_test_shared("epfl/ctrl.blif"))
    cr_skip_test("berkeley-abc or ../shared/data/epfl absent");
  const char *names[] = {"ctrl", "adder", "features"};
  for (int k = 0; k < 3; k++) {
    char rel[64];
    snprintf(rel, sizeof rel, "epfl/%s.blif", names[k]);
    const char *src = k < 2 ? bsyn_test_shared(rel) : bsyn_test_data("good/blif/features.blif");
    bsyn_aig *g = read_ok(src);
    const char *ours = bsyn_test_tmpfile("epfl.blif");
    write_ok(g, ours);
    char *out = NULL;
    cr_expect(abc_equivalent(src, ours, &out), "%s: %s", names[k], out);
    free(out);
    bsyn_aig_free(g);
  }
}

/* Every EPFL AIG, turned into BLIF by ABC, reads with our reader and writes back as a file
 * ABC proves equal to the original AIG; and the AIG read directly writes an equal BLIF. */
Test(io_blif, epfl_aigs_via_abc_blif_cec) {
  if (!bsyn_test_have("berkeley-abc") || !bsyn_test_shared("epfl/ctrl.aig"))
    cr_skip_test("berkeley-abc or ../shared/data/epfl absent");
  const char *names[] = {"adder",     "bar",        "ctrl",     "dec",
                         "int2float", "multiplier", "priority", "router"};
  for (int k = 0; k < 8; k++) {
    char rel[64], cmd[4096];
    snprintf(rel, sizeof rel, "epfl/%s.aig", names[k]);
    const char *src = bsyn_test_shared(rel);
    if (!src)
      continue;
    const char *via = bsyn_test_tmpfile("abc.blif"), *ours = bsyn_test_tmpfile("ours.blif");
    snprintf(cmd, sizeof cmd, "berkeley-abc -c 'read %s; write_blif %s'", src, via);
    char *out = NULL;
    cr_assert_eq(bsyn_test_run(cmd, &out), 0, "%s", out);
    free(out);
    bsyn_aig *g = read_ok(via);
    write_ok(g, ours);
    cr_expect(abc_equivalent(src, ours, &out), "%s: %s", names[k], out);
    free(out);
    bsyn_aig_free(g);

    /* the same through our AIGER reader, which keeps the file's AND structure as is */
    bsyn_diag d;
    cr_assert_eq(bsyn_io_read_aiger(src, &g, &d), 0, "%s:%lu: %s", src, d.line, d.msg);
    write_ok(g, ours);
    cr_expect(abc_equivalent(src, ours, &out), "%s via AIGER: %s", names[k], out);
    free(out);
    bsyn_aig_free(g);
  }
}
