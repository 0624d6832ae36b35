#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bsyn_io.h"
#include "bsyn_test.h"
#include "bsyn_test_files.h"
#include "bsyn_util.h"

static bsyn_pla *read_ok(const char *path) {
  bsyn_diag d;
  bsyn_pla *p = NULL;
  int rc = bsyn_io_read_pla(path, &p, &d);
  char buf[1024] = "";
  if (rc)
    bsyn_diag_format(&d, buf, sizeof buf);
  cr_assert_eq(rc, 0, "%s", buf);
  cr_assert_not_null(p);
  return p;
}

static int bit(const uint64_t *rows, size_t nwords, size_t row, size_t e) {
  return (int)((rows[row * nwords + e / 64] >> (e % 64)) & 1);
}

/* Bits past num_examples in each row's last word must be zero. */
static void expect_clean_tails(const bsyn_pla *p) {
  if (p->num_examples % 64 == 0)
    return;
  uint64_t tail = ~0ull << (p->num_examples % 64);
  for (uint32_t i = 0; i < p->num_inputs; i++)
    cr_expect_eq(p->in[i * p->nwords + p->nwords - 1] & tail, 0, "input row %u tail", i);
  for (uint32_t o = 0; o < p->num_outputs; o++) {
    cr_expect_eq(p->out[o * p->nwords + p->nwords - 1] & tail, 0, "output row %u tail", o);
    cr_expect_eq(p->care[o * p->nwords + p->nwords - 1] & tail, 0, "care row %u tail", o);
  }
}

/* Random examples with names, several outputs and don't-cares, across word boundaries. */
Test(io_pla, random_examples_bit_sliced) {
  for (uint64_t seed = 1; seed <= 6; seed++) {
    bsyn_rng rng;
    bsyn_rng_seed(&rng, seed);
    uint32_t ni = 1 + (uint32_t)(bsyn_rng_next(&rng) % 70), no = 1 + (uint32_t)(seed % 3);
    size_t n = (size_t)(bsyn_rng_next(&rng) % 300);
    char *want = bsyn_malloc(n * (ni + no) + 1);
    const char *path = bsyn_test_tmpfile("r.pla");
    FILE *f = fopen(path, "w");
    cr_assert_not_null(f);
    fprintf(f, "# random example set\n.i %u\n.o %u\n.ilb", ni, no);
    for (uint32_t i = 0; i < ni; i++)
      fprintf(f, " x%u", i);
    fprintf(f, "\n.ob");
    for (uint32_t o = 0; o < no; o++)
      fprintf(f, " y%u", o);
    fprintf(f, "\n.p %zu\n.type fr\n", n);
    for (size_t e = 0; e < n; e++) {
      char *row = want + e * (ni + no);
      for (uint32_t i = 0; i < ni + no; i++) {
        uint64_t r = bsyn_rng_next(&rng) % 5;
        row[i] = i >= ni && r == 4 ? '-' : (char)('0' + (r & 1));
      }
      fprintf(f, "%.*s %.*s\n", (int)ni, row, (int)no, row + ni);
    }
    fprintf(f, ".e\n");
    fclose(f);

    bsyn_pla *p = read_ok(path);
    cr_assert_eq(p->num_inputs, ni);
    cr_assert_eq(p->num_outputs, no);
    cr_assert_eq(p->num_examples, n);
    cr_assert_eq(p->nwords, (n + 63) / 64);
    cr_assert_not_null(p->input_names);
    char name[32];
    snprintf(name, sizeof name, "x%u", ni - 1);
    cr_expect_str_eq(p->input_names[ni - 1], name);
    snprintf(name, sizeof name, "y%u", no - 1);
    cr_expect_str_eq(p->output_names[no - 1], name);
    for (size_t e = 0; e < n; e++) {
      const char *row = want + e * (ni + no);
      for (uint32_t i = 0; i < ni; i++)
        cr_assert_eq(bit(p->in, p->nwords, i, e), row[i] == '1', "seed %llu example %zu input %u",
                     (unsigned long long)seed, e, i);
      for (uint32_t o = 0; o < no; o++) {
        char c = row[ni + o];
        cr_assert_eq(bit(p->out, p->nwords, o, e), c == '1', "seed %llu", (unsigned long long)seed);
        cr_assert_eq(bit(p->care, p->nwords, o, e), c != '-', "seed %llu",
                     (unsigned long long)seed);
      }
    }
    expect_clean_tails(p);
    bsyn_pla_free(p);
    free(want);
  }
}

static int read_and_free(const char *path, bsyn_diag *d) {
  bsyn_pla *p = (bsyn_pla *)d; /* must come back NULL on failure */
  int rc = bsyn_io_read_pla(path, &p, d);
  if (rc)
    cr_expect_null(p, "%s: result not NULL on error", path);
  bsyn_pla_free(p);
  return rc;
}

/* A header without examples (no .p, no .e) is refused at its last line: nothing could be
 * learned from it or measured on it (tests/data/bad/pla/no_examples.pla has the .e form). */
Test(io_pla, empty_set_is_refused) {
  const char *path = bsyn_test_tmpfile("e.pla");
  FILE *f = fopen(path, "w");
  cr_assert_not_null(f);
  fputs(".i 3\n.o 2\n", f);
  fclose(f);
  bsyn_diag d;
  cr_assert_eq(read_and_free(path, &d), -1);
  cr_expect_eq(d.line, 2);
  cr_expect(strstr(d.msg, "expected at least one example row") && strstr(d.msg, "found none"),
            "%s", d.msg);
}

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* The IWLS 2020 training sets: every bit checked against a plain re-parse of the text. */
Test(io_pla, iwls2020_training_sets) {
  const char *ids[] = {"00", "05", "10", "20", "30", "35", "40", "50", "60", "70", "75", "80"};
  int seen = 0;
  double slowest = 0;
  for (int k = 0; k < 12; k++) {
    char rel[64];
    snprintf(rel, sizeof rel, "iwls2020/train/ex%s.train.pla", ids[k]);
    const char *path = bsyn_test_shared(rel);
    if (!path)
      continue;
    seen++;
    double t0 = now();
    bsyn_pla *p = read_ok(path);
    double dt = now() - t0;
    slowest = dt > slowest ? dt : slowest;
    cr_expect_eq(p->num_examples, 6400, "%s", rel);
    cr_expect_eq(p->num_outputs, 1, "%s", rel);
    char *text = bsyn_test_slurp(path, NULL);
    size_t e = 0;
    for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n")) {
      if (line[0] != '0' && line[0] != '1')
        continue;
      cr_assert_eq(strlen(line), p->num_inputs + 2, "%s line of example %zu", rel, e);
      for (uint32_t i = 0; i < p->num_inputs; i++)
        cr_assert_eq(bit(p->in, p->nwords, i, e), line[i] == '1', "%s example %zu input %u", rel, e,
                     i);
      cr_assert_eq(bit(p->out, p->nwords, 0, e), line[p->num_inputs + 1] == '1');
      cr_assert_eq(bit(p->care, p->nwords, 0, e), 1);
      e++;
    }
    cr_expect_eq(e, p->num_examples, "%s", rel);
    free(text);
    bsyn_pla_free(p);
  }
  if (!seen)
    cr_skip_test("../shared/data/iwls2020 absent");
  /* milliseconds in practice; the bound only catches an accidental quadratic reader */
  cr_expect_lt(slowest, 0.5, "slowest read took %.3f s", slowest);
}

Test(io_pla, bad_files) {
  int n = bsyn_test_bad_folder("bad/pla", ".pla", read_and_free);
  cr_assert_geq(n, 15, "only %d bad PLA files", n);
}
