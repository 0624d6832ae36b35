/* bench_decompose: finds the register-read selection of an oracle (default rv32i-full) from
 * black-box queries, checks the two-stage composition against the oracle, learns one read
 * port (the selector stage) and, with -t, the reduced oracle's outputs of a field beside the
 * same field of the original oracle under the same time budget. JSON lines on stdout.
 *
 * usage: bench_decompose [-o ORACLE] [-w WORDS] [-c CHECK_WORDS] [-t SECONDS] [-f FIELD] [-l K]
 *   WORDS        64-vector words per field and phase of the discovery (default 1024)
 *   CHECK_WORDS  words of the composition check, uniform and RV32-aware each (default 4096)
 *   SECONDS      learning budget of the reduced-vs-original comparison (default 0: skip)
 *   FIELD        the output field compared (default next_pc)
 *   K            --lookahead of both learning runs (default 8)
 * Timings depend on the machine's load; discovery results and query counts do not. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bsyn_decompose.h"
#include "bsyn_learn.h"
#include "bsyn_oracle.h"
#include "bsyn_pool.h"
#include "bsyn_sample_rv32.h"

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* "inst[19:15]" for an input bit range of o. */
static void bit_name(const bsyn_oracle *o, uint32_t lsb, uint32_t w, char *buf, size_t n) {
  for (uint32_t j = 0; j < o->num_in_fields; j++) {
    const bsyn_field *f = &o->in_fields[j];
    if (lsb >= f->lsb && lsb < f->lsb + f->width) {
      snprintf(buf, n, "%s[%u:%u]", f->name, lsb - f->lsb + w - 1, lsb - f->lsb);
      return;
    }
  }
  snprintf(buf, n, "in%u", lsb);
}

static const char *field_at(const bsyn_oracle *o, uint32_t lsb) {
  for (uint32_t j = 0; j < o->num_in_fields; j++)
    if (o->in_fields[j].lsb == lsb)
      return o->in_fields[j].name;
  return "?";
}

static void report_selection(const bsyn_oracle *o, const bsyn_selection *s, double secs) {
  char buf[64];
  printf("{\"bench\":\"decompose\",\"phase\":\"discover\",\"oracle\":\"%s\",\"seconds\":%.2f,\"queries\":%llu,"
         "\"blocks\":%u,\"width\":%u,\"sel_width\":%u,\"reads\":[",
         o->name, secs, (unsigned long long)s->queries, s->num_blocks, s->width, s->sel_width);
  for (uint32_t r = 0; r < s->num_reads; r++) {
    bit_name(o, s->read_lsb[r], s->sel_width, buf, sizeof buf);
    printf("%s{\"window\":\"%s\",\"coverage\":%.4f}", r ? "," : "", buf, s->read_coverage[r]);
  }
  if (s->write_lsb >= 0)
    bit_name(o, (uint32_t)s->write_lsb, s->sel_width, buf, sizeof buf);
  printf("],\"write\":\"%s\",\"read_events\":%llu,\"read_unexplained\":%llu,\"write_events\":%llu,"
         "\"write_unexplained\":%llu,\"codes\":{",
         s->write_lsb >= 0 ? buf : "none", (unsigned long long)s->read_events,
         (unsigned long long)s->read_unexplained, (unsigned long long)s->write_events,
         (unsigned long long)s->write_unexplained);
  for (uint32_t b = 0; b < s->num_blocks; b++)
    printf("%s\"%s\":%u", b ? "," : "", field_at(o, s->block_lsb[b]), s->block_code[b]);
  uint32_t npass = 0;
  for (uint32_t q = 0; q < o->num_outputs; q++)
    npass += s->pass_block[q] >= 0;
  printf("},\"pass_through_outputs\":%u}\n", npass);
}

static int check(bsyn_oracle *o, const bsyn_selection *s, const bsyn_sampler *smp, const char *dist,
                 size_t nwords) {
  uint64_t *in = bsyn_malloc((size_t)o->num_inputs * nwords * sizeof *in);
  uint64_t *mis = bsyn_calloc(o->num_outputs, sizeof *mis);
  smp->fill(smp, 0x636865636bull, 0, nwords, in, nwords);
  bsyn_diag d;
  bsyn_diag_init(&d, o->name);
  double t0 = now();
  int64_t bad = bsyn_decompose_check(o, s, in, nwords, mis, &d);
  if (bad < 0) {
    free(in), free(mis);
    return -1;
  }
  printf("{\"bench\":\"decompose\",\"phase\":\"check\",\"dist\":\"%s\",\"vectors\":%zu,\"seconds\":%.2f,"
         "\"failing\":%lld,\"fields\":{",
         dist, nwords * 64, now() - t0, (long long)bad);
  for (uint32_t j = 0; j < o->num_out_fields; j++) {
    uint64_t n = 0;
    for (uint32_t k = 0; k < o->out_fields[j].width; k++)
      n += mis[o->out_fields[j].lsb + k];
    printf("%s\"%s\":%llu", j ? "," : "", o->out_fields[j].name, (unsigned long long)n);
  }
  printf("}}\n");
  free(in), free(mis);
  return 0;
}

/* Learns the outputs of field `field` of o (all when NULL) and prints one JSON line. */
static int learn(bsyn_oracle *o, const char *what, const char *field, double secs, uint32_t lookahead,
                 bsyn_pool *pool) {
  bsyn_learn_params p;
  bsyn_learn_defaults(&p);
  p.max_seconds = secs;
  p.lookahead = lookahead;
  p.pool = pool;
  uint32_t outs[64], n = 0;
  for (uint32_t j = 0; field && j < o->num_out_fields; j++)
    if (strcmp(o->out_fields[j].name, field) == 0)
      for (uint32_t k = 0; k < o->out_fields[j].width && n < 64; k++)
        outs[n++] = o->out_fields[j].lsb + k;
  if (field && n == 0) {
    fprintf(stderr, "bench_decompose: error: expected an output field %s in %s, found none\n", field, o->name);
    return -1;
  }
  if (field)
    p.outputs = outs, p.num_outputs = n;
  bsyn_sampler *smp = bsyn_sampler_rv32(o->num_inputs, o->in_fields, o->num_in_fields);
  p.sampler = smp;
  bsyn_learner *l = bsyn_learner_new(o, &p);
  bsyn_diag d;
  bsyn_diag_init(&d, o->name);
  int rc = bsyn_learner_run(l, &d);
  if (rc == 0) {
    const bsyn_learn_stats *st = bsyn_learner_stats(l);
    bsyn_aig *aig = bsyn_learner_aig(l);
    uint64_t *rows = NULL;
    size_t nrows = 0;
    int64_t bad = bsyn_learner_mismatches(l, 1u << 20, 0x6d65617375726500ull, smp, 0, &rows, &nrows, &d);
    free(rows);
    printf("{\"bench\":\"decompose\",\"phase\":\"learn\",\"what\":\"%s\",\"oracle\":\"%s\",\"outputs\":\"%s\","
           "\"sampler\":\"%s\",\"lookahead\":%u,\"max_seconds\":%.0f,\"seconds\":%.1f,\"stop\":%d,\"learn_nodes\":%llu,\"ands\":%u,"
           "\"queries\":%llu,\"verify_vectors\":%u,\"mismatches\":%lld}\n",
           what, o->name, field ? field : "all", smp ? "rv32" : "uniform", lookahead, secs, st->t_total, (int)st->stop,
           (unsigned long long)st->nodes, bsyn_aig_num_ands(aig), (unsigned long long)st->queries,
           1u << 20, (long long)bad);
    bsyn_aig_free(aig);
  }
  bsyn_learner_free(l);
  bsyn_sampler_free(smp);
  return rc;
}

int main(int argc, char **argv) {
  const char *spec = "rv32i-full", *field = "next_pc";
  uint32_t words = 1024;
  size_t check_words = 4096;
  double secs = 0;
  uint32_t lookahead = 8;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (!strcmp(argv[i], "-o"))
      spec = argv[i + 1];
    else if (!strcmp(argv[i], "-w"))
      words = (uint32_t)strtoul(argv[i + 1], NULL, 10);
    else if (!strcmp(argv[i], "-c"))
      check_words = strtoull(argv[i + 1], NULL, 10);
    else if (!strcmp(argv[i], "-t"))
      secs = strtod(argv[i + 1], NULL);
    else if (!strcmp(argv[i], "-l"))
      lookahead = (uint32_t)strtoul(argv[i + 1], NULL, 10);
    else if (!strcmp(argv[i], "-f"))
      field = argv[i + 1];
  }
  bsyn_diag d;
  bsyn_diag_init(&d, spec);
  bsyn_oracle *o = bsyn_oracle_open(spec, &d);
  bsyn_selection s;
  double t0 = now();
  if (!o || bsyn_decompose_find(o, words, 1, &s, &d) != 0) {
    char msg[512];
    bsyn_diag_format(&d, msg, sizeof msg);
    fprintf(stderr, "bench_decompose: error: %s\n", msg);
    bsyn_oracle_close(o);
    return 1;
  }
  report_selection(o, &s, now() - t0);
  bsyn_sampler *uni = bsyn_sampler_uniform(o->num_inputs);
  bsyn_sampler *rv = bsyn_sampler_rv32(o->num_inputs, o->in_fields, o->num_in_fields);
  int rc = check(o, &s, uni, "uniform", check_words);
  if (rc == 0 && rv)
    rc = check(o, &s, rv, "rv32", check_words);
  bsyn_pool *pool = bsyn_pool_new(0);
  bsyn_oracle *selr = bsyn_decompose_selector(&s, 0);
  if (rc == 0)
    rc = learn(selr, "read port 1", NULL, 60, 0, pool);
  bsyn_oracle *red = bsyn_decompose_reduced(o, &s, &d);
  /* two read ports: label them as the RV32 sampler expects, so that both sides of the
   * comparison learn from the same distribution (the labels carry no information the
   * discovery did not find) */
  for (uint32_t j = 0; red && s.num_reads == 2 && j < red->num_in_fields; j++) {
    const char *to = !strcmp(red->in_fields[j].name, "rd1_val")   ? "rs1_val"
                     : !strcmp(red->in_fields[j].name, "rd2_val") ? "rs2_val"
                                                                   : NULL;
    if (to) {
      free((char *)red->in_fields[j].name);
      red->in_fields[j].name = bsyn_strdup(to);
    }
  }
  if (rc == 0 && secs > 0 && red) {
    rc = learn(red, "reduced", field, secs, lookahead, pool);
    if (rc == 0)
      rc = learn(o, "original", field, secs, lookahead, pool);
  }
  bsyn_oracle_close(red);
  bsyn_oracle_close(selr);
  bsyn_pool_free(pool);
  bsyn_sampler_free(uni);
  bsyn_sampler_free(rv);
  bsyn_selection_free(&s);
  bsyn_oracle_close(o);
  return rc == 0 ? 0 : 1;
}
