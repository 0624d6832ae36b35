#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bsyn_aig.h"
#include "bsyn_io.h"
#include "bsyn_test.h"
#include "bsyn_test_files.h"
#include "bsyn_util.h"

static bsyn_aig *read_ok(const char *path) { return bsyn_test_read_ok(path, bsyn_io_read_aiger); }

static void write_ok(const bsyn_aig *g, const char *path, int binary) {
  bsyn_diag d;
  cr_assert_eq(bsyn_io_write_aiger(g, path, binary, &d), 0, "%s: %s", path, d.msg);
}

static int read_and_free(const char *path, bsyn_diag *d) {
  bsyn_aig *g = (bsyn_aig *)d; /* must come back NULL on failure */
  int rc = bsyn_io_read_aiger(path, &g, d);
  if (rc)
    cr_expect_null(g, "%s: result not NULL on error", path);
  bsyn_aig_free(g);
  return rc;
}

Test(io_aiger, bad_ascii_files) {
  cr_assert_geq(bsyn_test_bad_folder("bad/aag", ".aag", read_and_free), 10);
}

Test(io_aiger, bad_binary_files) {
  cr_assert_geq(bsyn_test_bad_folder("bad/aig", ".aig", read_and_free), 10);
}

Test(io_aiger, missing_file) {
  bsyn_diag d;
  bsyn_aig *g;
  cr_assert_eq(bsyn_io_read_aiger(bsyn_test_tmpfile("absent.aig"), &g, &d), -1);
  cr_assert_null(g);
  cr_assert_not_null(strstr(d.msg, "readable file"), "%s", d.msg);
}

/* ANDs in reverse order over sparse variables, with symbols and a comment section. */
Test(io_aiger, full_adder_any_order) {
  bsyn_aig *g = read_ok(bsyn_test_data("good/full_adder.aag"));
  cr_assert_eq(g->num_inputs, 3);
  cr_assert_eq(g->num_outputs, 2);
  cr_assert_eq(bsyn_aig_num_ands(g), 9);
  cr_assert_str_eq(bsyn_aig_input_name(g, 2), "cin");
  cr_assert_str_eq(bsyn_aig_output_name(g, 0), "sum");
  cr_assert_str_eq(bsyn_aig_output_name(g, 1), "cout");
  for (int m = 0; m < 8; m++) {
    uint8_t in[3] = {m & 1, m >> 1 & 1, m >> 2 & 1}, out[2];
    bsyn_aig_eval(g, in, out);
    cr_assert_eq(out[0], in[0] ^ in[1] ^ in[2], "sum at %d", m);
    cr_assert_eq(out[1], (in[0] + in[1] + in[2]) >= 2, "cout at %d", m);
  }
  bsyn_aig_free(g);
}

Test(io_aiger, redundant_ands_fold) {
  bsyn_aig *g = read_ok(bsyn_test_data("good/redundant.aag"));
  cr_assert_eq(bsyn_aig_num_ands(g), 1);
  cr_assert_eq(g->outputs[0], g->outputs[1]);
  bsyn_aig_free(g);
}

Test(io_aiger, ascii_and_binary_fixtures_agree) {
  bsyn_aig *a = read_ok(bsyn_test_data("good/half_adder.aag"));
  bsyn_aig *b = read_ok(bsyn_test_data("good/half_adder.aig"));
  cr_assert(bsyn_aig_identical(a, b));
  cr_assert_str_eq(bsyn_aig_output_name(b, 1), "c");
  for (int m = 0; m < 4; m++) {
    uint8_t in[2] = {m & 1, m >> 1}, out[2];
    bsyn_aig_eval(b, in, out);
    cr_assert_eq(out[0], in[0] ^ in[1]);
    cr_assert_eq(out[1], in[0] & in[1]);
  }
  bsyn_aig_free(a);
  bsyn_aig_free(b);
}

/* Names some ports (with spaces, to check names run to the end of the line). */
static void name_some(bsyn_aig *g, uint64_t seed) {
  char name[64];
  for (uint32_t k = 0; k < g->num_inputs; k++)
    if (bsyn_mix64(seed ^ k) & 1) {
      snprintf(name, sizeof name, "in %u[x]", k);
      bsyn_aig_set_input_name(g, k, name);
    }
  for (uint32_t k = 0; k < g->num_outputs; k++)
    if (bsyn_mix64(seed + k) & 1) {
      snprintf(name, sizeof name, "out_%u", k);
      bsyn_aig_set_output_name(g, k, name);
    }
}

/* write -> read gives the same graph in both formats, and writing again gives the same
 * bytes. */
static void check_round_trip(const bsyn_aig *g, const char *tag) {
  char aag[64], aig[64], aag2[64], aig2[64];
  snprintf(aag, sizeof aag, "%s.aag", tag);
  snprintf(aig, sizeof aig, "%s.aig", tag);
  snprintf(aag2, sizeof aag2, "%s-2.aag", tag);
  snprintf(aig2, sizeof aig2, "%s-2.aig", tag);
  const char *pa = bsyn_test_tmpfile(aag), *pb = bsyn_test_tmpfile(aig);
  const char *pa2 = bsyn_test_tmpfile(aag2), *pb2 = bsyn_test_tmpfile(aig2);
  write_ok(g, pa, 0);
  write_ok(g, pb, 1);
  bsyn_aig *ra = read_ok(pa), *rb = read_ok(pb);
  cr_assert(bsyn_aig_identical(g, ra), "%s: aag read back differs", tag);
  cr_assert(bsyn_aig_identical(g, rb), "%s: aig read back differs", tag);
  write_ok(rb, pa2, 0);
  write_ok(ra, pb2, 1);
  cr_assert(bsyn_test_same_file(pa, pa2), "%s: aag bytes differ after a round trip", tag);
  cr_assert(bsyn_test_same_file(pb, pb2), "%s: aig bytes differ after a round trip", tag);
  bsyn_aig_free(ra);
  bsyn_aig_free(rb);
}

Test(io_aiger, random_round_trips) {
  for (uint64_t seed = 1; seed <= 40; seed++) {
    uint64_t r = bsyn_mix64(seed);
    uint32_t ni = 1 + (uint32_t)(r % 40), na = (uint32_t)(r >> 8) % 3000,
             no = (uint32_t)(r >> 24) % 50;
    bsyn_aig *g = bsyn_test_random_aig(ni, na, no, seed);
    name_some(g, seed);
    char tag[32];
    snprintf(tag, sizeof tag, "rand%llu", (unsigned long long)seed);
    check_round_trip(g, tag);
    bsyn_aig_free(g);
  }
}

/* An aag file with variables renumbered at random (sparse, M > I + A) and the ANDs in random
 * order reads back to the same function with the same number of ANDs. */
Test(io_aiger, shuffled_ascii_order) {
  for (uint64_t seed = 1; seed <= 5; seed++) {
    bsyn_aig *g = bsyn_test_random_aig(12, 400, 8, seed);
    uint32_t nv = g->num_vars, m = 3 * nv;
    bsyn_rng rng;
    bsyn_rng_seed(&rng, seed);
    /* perm: a random injection of variables 1.. into 1..m; order: a random AND order */
    uint32_t *perm = bsyn_calloc(nv, sizeof *perm), *order = bsyn_calloc(nv, sizeof *order);
    uint8_t *used = bsyn_calloc(m + 1, 1);
    for (uint32_t v = 1; v < nv; v++) {
      uint32_t x;
      do
        x = 1 + (uint32_t)(bsyn_rng_next(&rng) % m);
      while (used[x]);
      used[x] = 1;
      perm[v] = x;
    }
    uint32_t na = 0;
    for (uint32_t v = g->num_inputs + 1; v < nv; v++)
      order[na++] = v;
    for (uint32_t k = na; k > 1; k--) {
      uint32_t j = (uint32_t)(bsyn_rng_next(&rng) % k), t = order[k - 1];
      order[k - 1] = order[j];
      order[j] = t;
    }
#define PLIT(l) (2 * perm[bsyn_lit_var(l)] + bsyn_lit_sign(l))
    const char *p = bsyn_test_tmpfile("shuffled.aag");
    FILE *f = fopen(p, "w");
    cr_assert_not_null(f);
    fprintf(f, "aag %u %u 0 %u %u\n", m, g->num_inputs, g->num_outputs, na);
    for (uint32_t i = 1; i <= g->num_inputs; i++)
      fprintf(f, "%u\n", 2 * perm[i]);
    for (uint32_t o = 0; o < g->num_outputs; o++)
      fprintf(f, "%u\n", g->outputs[o] < 2 ? g->outputs[o] : PLIT(g->outputs[o]));
    for (uint32_t k = 0; k < na; k++) {
      uint32_t v = order[k];
      bsyn_lit a = bsyn_aig_fanin0(g, v), b = bsyn_aig_fanin1(g, v);
      fprintf(f, "%u %u %u\n", 2 * perm[v], a < 2 ? a : PLIT(a), b < 2 ? b : PLIT(b));
    }
#undef PLIT
    fclose(f);
    bsyn_aig *r = read_ok(p);
    cr_assert_eq(bsyn_aig_num_ands(r), na, "seed %llu", (unsigned long long)seed);
    uint8_t in[12], out_g[8], out_r[8];
    for (int t = 0; t < 256; t++) {
      uint64_t bits = bsyn_rng_next(&rng);
      for (int i = 0; i < 12; i++)
        in[i] = bits >> i & 1;
      bsyn_aig_eval(g, in, out_g);
      bsyn_aig_eval(r, in, out_r);
      cr_assert_arr_eq(out_g, out_r, 8, "seed %llu pattern %d", (unsigned long long)seed, t);
    }
    bsyn_aig_free(r);
    bsyn_aig_free(g);
    free(perm);
    free(order);
    free(used);
  }
}

Test(io_aiger, empty_and_constant_graphs) {
  bsyn_aig *g = bsyn_aig_new();
  check_round_trip(g, "empty");
  bsyn_aig_add_output(g, BSYN_LIT_TRUE, "one");
  bsyn_aig_add_output(g, BSYN_LIT_FALSE, NULL);
  check_round_trip(g, "const");
  bsyn_aig_free(g);
}

/* Large varints (fanins far below their AND) and a 1M-AND graph through the binary path. */
Test(io_aiger, large_binary_round_trip) {
  bsyn_aig *g = bsyn_test_random_aig(5000, 1000000, 300, 77);
  /* fanins from the first inputs under the last ANDs need multi-byte deltas */
  bsyn_lit deep = bsyn_aig_and(g, bsyn_lit_make(1, 1), bsyn_lit_make(g->num_vars - 1, 0));
  bsyn_aig_add_output(g, deep, "deep");
  const char *p = bsyn_test_tmpfile("large.aig");
  write_ok(g, p, 1);
  struct timespec t0, t1;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  bsyn_aig *r = read_ok(p);
  clock_gettime(CLOCK_MONOTONIC, &t1);
  cr_log_info("read %u ANDs in %.3f s", bsyn_aig_num_ands(r),
              (double)(t1.tv_sec - t0.tv_sec) + 1e-9 * (double)(t1.tv_nsec - t0.tv_nsec));
  cr_assert(bsyn_aig_identical(g, r));
  bsyn_aig_free(r);
  bsyn_aig_free(g);
}

Test(io_aiger, model_name_in_comment) {
  bsyn_aig *g = bsyn_test_random_aig(3, 5, 2, 9);
  bsyn_aig_set_model_name(g, "top");
  const char *p = bsyn_test_tmpfile("model.aag");
  write_ok(g, p, 0);
  char *text = bsyn_test_slurp(p, NULL);
  cr_assert_not_null(strstr(text, "\nc\ntop\n"), "%s", text);
  free(text);
  bsyn_aig *r = read_ok(p);
  cr_assert(bsyn_aig_identical(g, r));
  bsyn_aig_free(r);
  bsyn_aig_free(g);
}

Test(io_aiger, write_errors) {
  bsyn_aig *g = bsyn_test_random_aig(2, 3, 1, 5);
  bsyn_diag d;
  cr_assert_eq(bsyn_io_write_aiger(g, bsyn_test_tmpfile("no/such/dir/x.aig"), 1, &d), -1);
  cr_assert_neq(d.msg[0], '\0');
  bsyn_aig_set_input_name(g, 1, "two\nlines");
  cr_assert_eq(bsyn_io_write_aiger(g, bsyn_test_tmpfile("nl.aag"), 0, &d), -1);
  cr_assert_not_null(strstr(d.msg, "line breaks"), "%s", d.msg);
  bsyn_aig_free(g);
}

static void write_bytes(const char *path, const char *data, size_t n) {
  FILE *f = fopen(path, "wb");
  cr_assert_not_null(f);
  cr_assert_eq(fwrite(data, 1, n, f), n);
  fclose(f);
}

/* Every truncation and random byte edits of valid files: the reader either accepts a sound
 * graph or reports one located error; never crashes (run under ASan). */
static void check_mutations(const char *valid, uint64_t seed) {
  size_t n;
  char *orig = bsyn_test_slurp(valid, &n);
  char *buf = bsyn_malloc(n + 1);
  const char *tmp = bsyn_test_tmpfile("mutant");
  bsyn_rng rng;
  bsyn_rng_seed(&rng, seed);
  for (size_t k = 0; k < n + 200; k++) {
    size_t len = n;
    memcpy(buf, orig, n);
    if (k < n) {
      len = k; /* every proper prefix */
    } else {
      int edits = 1 + (int)(bsyn_rng_next(&rng) % 3);
      for (int e = 0; e < edits; e++) {
        uint64_t r = bsyn_rng_next(&rng);
        static const char pool[] = "0123456789 \n\r\x80\x7f"
                                   "cio-aigx";
        buf[r % n] = (r >> 32 & 1) ? (char)(r >> 40) : pool[(r >> 40) % (sizeof pool - 1)];
      }
    }
    write_bytes(tmp, buf, len);
    bsyn_aig *g;
    bsyn_diag d;
    int rc = bsyn_io_read_aiger(tmp, &g, &d);
    if (rc == 0) {
      char msg[256];
      cr_assert_eq(bsyn_aig_check(g, msg, sizeof msg), 0, "seed %llu case %zu: %s",
                   (unsigned long long)seed, k, msg);
      bsyn_aig_free(g);
    } else {
      cr_assert_null(g);
      cr_assert_geq(d.line, 1, "seed %llu case %zu: %s", (unsigned long long)seed, k, d.msg);
      cr_assert(strstr(d.msg, "expected") && strstr(d.msg, "found"), "seed %llu case %zu: %s",
                (unsigned long long)seed, k, d.msg);
    }
  }
  free(buf);
  free(orig);
}

/* Binary inputs take no bytes: a 30-byte file declares a million of them. Reading them
 * must stay linear (one realloc per input made it quadratic under ASan: minutes); the
 * header's cap is tests/data/bad/aig/too_many_inputs.aig. */
Test(io_aiger, many_implicit_inputs_read_in_linear_time) {
  const char *p = bsyn_test_tmpfile("wide.aig");
  write_bytes(p, "aig 1048576 1048576 0 1 0\n2097152\n", 34);
  struct timespec t0, t1;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  bsyn_aig *g = read_ok(p);
  clock_gettime(CLOCK_MONOTONIC, &t1);
  double dt = (double)(t1.tv_sec - t0.tv_sec) + 1e-9 * (double)(t1.tv_nsec - t0.tv_nsec);
  cr_assert_eq(g->num_inputs, 1u << 20);
  cr_assert_eq(g->outputs[0], bsyn_lit_make(1u << 20, 0));
  /* about 0.1 s here, also under ASan; the quadratic reader took minutes */
  cr_expect_lt(dt, 10.0, "read took %.1f s", dt);
  bsyn_aig_free(g);
}

Test(io_aiger, truncations_and_mutations) {
  bsyn_aig *g = bsyn_test_random_aig(6, 40, 4, 11);
  name_some(g, 11);
  write_ok(g, bsyn_test_tmpfile("m.aag"), 0);
  write_ok(g, bsyn_test_tmpfile("m.aig"), 1);
  check_mutations(bsyn_test_tmpfile("m.aag"), 1);
  check_mutations(bsyn_test_tmpfile("m.aig"), 2);
  check_mutations(bsyn_test_data("good/full_adder.aag"), 3);
  check_mutations(bsyn_test_data("good/half_adder.aig"), 4);
  bsyn_aig_free(g);
}

/* EPFL circuits: our reading and writing keeps the function (ABC cec against the original
 * file), and both our formats read back to the same graph. */
Test(io_aiger, epfl_round_trip_and_cec) {
  static const char *const names[] = {"adder",     "bar",    "ctrl",     "dec",
                                      "int2float", "router", "priority", "multiplier"};
  if (!bsyn_test_shared("epfl/adder.aig"))
    cr_skip("../shared/data/epfl is absent");
  int abc = bsyn_test_have("berkeley-abc");
  for (size_t k = 0; k < sizeof names / sizeof names[0]; k++) {
    char rel[64];
    snprintf(rel, sizeof rel, "epfl/%s.aig", names[k]);
    const char *orig = bsyn_test_shared(rel);
    if (!orig)
      continue;
    bsyn_aig *g = read_ok(orig);
    cr_assert_not_null(bsyn_aig_input_name(g, 0), "%s: symbols not read", names[k]);
    check_round_trip(g, names[k]);
    if (abc) {
      char ours[64], cmd[2048], *out = NULL;
      snprintf(ours, sizeof ours, "%s.aig", names[k]);
      snprintf(cmd, sizeof cmd, "berkeley-abc -c 'cec %s %s'", orig, bsyn_test_tmpfile(ours));
      int rc = bsyn_test_run(cmd, &out);
      cr_expect_eq(rc, 0, "%s", out);
      cr_expect_not_null(strstr(out, "Networks are equivalent"), "%s: %s", names[k], out);
      free(out);
    }
    bsyn_aig_free(g);
  }
  if (!abc)
    cr_log_warn("berkeley-abc absent: equivalence not checked");
}

/* ABC's &w writes binary extension data straight after the 'c' of the comment section. */
Test(io_aiger, reads_files_written_by_abc_gia) {
  if (!bsyn_test_have("berkeley-abc"))
    cr_skip_test("berkeley-abc not installed");
  bsyn_aig *g = bsyn_test_random_aig(8, 60, 3, 11);
  const char *ours = bsyn_test_tmpfile("gia_in.aig"), *theirs = bsyn_test_tmpfile("gia_out.aig");
  write_ok(g, ours, 1);
  char cmd[2048], *out;
  snprintf(cmd, sizeof cmd, "berkeley-abc -c '&r %s; &w %s'", ours, theirs);
  cr_assert_eq(bsyn_test_run(cmd, &out), 0, "%s", out);
  free(out);
  bsyn_aig *h = read_ok(theirs);
  cr_assert_eq(h->num_inputs, g->num_inputs);
  cr_assert_eq(h->num_outputs, g->num_outputs);
  for (unsigned m = 0; m < 256; m++) {
    uint8_t in[8], o1[3], o2[3];
    for (int i = 0; i < 8; i++)
      in[i] = m >> i & 1;
    bsyn_aig_eval(g, in, o1);
    bsyn_aig_eval(h, in, o2);
    cr_assert_eq(memcmp(o1, o2, 3), 0, "pattern %u", m);
  }
  bsyn_aig_free(h);
  bsyn_aig_free(g);
}
