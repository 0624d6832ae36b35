/* bsyn verify: a netlist against its oracle (random, distribution and trace vectors, with an
 * error bound) and/or proved equal to a reference netlist with berkeley-abc. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bsyn_cl.h"
#include "bsyn_formal.h"
#include "bsyn_io.h"
#include "bsyn_oracle.h"
#include "bsyn_oracle_netlist.h"
#include "bsyn_sample_rv32.h"
#include "bsyn_trace.h"
#include "bsyn_verify.h"
#include "cli.h"
#include "cli_progress.h"

#define MAX_TRACES 64
#define MAX_DISTS 8

static void usage(void) {
  printf(
      "usage: bsyn verify NETLIST --oracle NAME [--vectors N] [--dist D[,D...]] [--trace FILE ...]\n"
      "                   [--seed S] [--threads T] [--simd P] [--device cpu|opencl[:N]|auto]\n"
      "                   [--cex K] [--json] [--quiet]\n"
      "       bsyn verify NETLIST --formal REF [--oracle NAME] [--json]\n\n"
      "Compares every output of NETLIST (.aag, .aig, .blif; inputs and outputs matched by\n"
      "position) with the oracle on N vectors from each distribution and on every vector of\n"
      "every trace, and bounds the error rate: the probability that a vector of that\n"
      "distribution gets any output wrong, exact binomial upper bound at 99.9%% confidence.\n"
      "With --formal, berkeley-abc proves NETLIST equal to the netlist REF or gives a\n"
      "counterexample. Exit 0: no mismatch (and proved); 1: a mismatch, or an error.\n\n"
      "  --oracle NAME   rv32i-core, rv32i-full, arith:<op><N>, aig:FILE, pla:FILE, exec:CMD ...\n"
      "  --vectors N     vectors per distribution (default 1M; k, M, G and 1e6 forms accepted)\n"
      "  --dist D        uniform, rv32, stress or mix, comma-separated or repeated\n"
      "                  (default: uniform, plus rv32 for RV32 oracles)\n"
      "  --trace FILE    also check every vector of this trace (repeatable)\n"
      "  --seed S        seed of the distributions (default 1)\n"
      "  --threads T     threads including the main one (default 0: one per core)\n"
      "  --simd P        auto, scalar, avx2 or avx512 (default auto)\n"
      "  --device D      where the netlist is simulated: cpu, opencl[:N] or auto (the path\n"
      "                  measured fastest here, see bsyn devices; default from BSYN_DEVICE,\n"
      "                  else auto)\n"
      "  --cex K         counterexamples shown (default 3)\n"
      "  --formal REF    prove equivalence with REF (needs berkeley-abc)\n"
      "  --json          one summary line of JSON instead of the report\n"
      "  --quiet         no progress line on a terminal\n");
}

typedef struct verify_opts {
  const char *netlist, *oracle, *formal, *device;
  const char *dists[MAX_DISTS];
  unsigned ndists;
  const char *traces[MAX_TRACES];
  unsigned ntraces;
  uint64_t vectors, seed, threads, cex;
  bsyn_simd simd;
  int json, quiet;
} verify_opts;

/* Splits a comma-separated --dist value into o->dists (pointers into a static copy). */
static int add_dists(verify_opts *o, const char *v) {
  static char buf[256];
  static size_t used;
  size_t n = strlen(v) + 1;
  if (used + n > sizeof buf)
    return bsyn_cli_error("verify", "expected at most %zu characters of --dist values, found more", sizeof buf);
  char *copy = memcpy(buf + used, v, n);
  used += n;
  for (char *tok = strtok(copy, ","); tok; tok = strtok(NULL, ",")) {
    if (o->ndists == MAX_DISTS)
      return bsyn_cli_error("verify", "expected at most %d distributions, found more", MAX_DISTS);
    o->dists[o->ndists++] = tok;
  }
  return 0;
}

/* Parses one option taking a value at argv[*i]; returns 1 handled, 0 not this kind, -1 error. */
static int parse_valued(int argc, char **argv, int *i, verify_opts *o) {
  const char *v = NULL;
  int r;
  static const char *const strings[] = {"--oracle", "--formal", "--device"};
  const char **sdst[] = {&o->oracle, &o->formal, &o->device};
  for (int k = 0; k < 3; k++)
    if ((r = bsyn_cli_opt(argc, argv, i, strings[k], &v))) {
      if (r > 0)
        *sdst[k] = v;
      return r;
    }
  if ((r = bsyn_cli_opt(argc, argv, i, "--trace", &v))) {
    if (r > 0 && o->ntraces == MAX_TRACES)
      r = -bsyn_cli_error("verify", "expected at most %d traces, found more", MAX_TRACES);
    if (r > 0)
      o->traces[o->ntraces++] = v;
    return r;
  }
  if ((r = bsyn_cli_opt(argc, argv, i, "--dist", &v)))
    return r < 0 || add_dists(o, v) ? -1 : 1;
  if ((r = bsyn_cli_opt(argc, argv, i, "--simd", &v))) {
    if (r > 0 && (bsyn_simd_parse(v, &o->simd) || !bsyn_simd_supported(o->simd)))
      r = -bsyn_cli_error("verify", "expected a SIMD path this CPU runs (best: %s), found '%s'",
                          bsyn_simd_name(bsyn_simd_best()), v);
    return r;
  }
  static const char *const counts[] = {"--vectors", "--seed", "--threads", "--cex"};
  uint64_t *dst[] = {&o->vectors, &o->seed, &o->threads, &o->cex};
  for (int k = 0; k < 4; k++)
    if ((r = bsyn_cli_opt(argc, argv, i, counts[k], &v))) {
      if (r > 0 && bsyn_cli_parse_u64(v, dst[k]))
        r = -bsyn_cli_error("verify", "expected an unsigned number after %s, found '%s'", counts[k], v);
      if (r > 0 && k == 2 && o->threads > 1024)
        r = -bsyn_cli_error("verify", "expected a thread count (0-1024) after --threads, found '%s'", v);
      return r;
    }
  return 0;
}

static int parse(int argc, char **argv, verify_opts *o) {
  memset(o, 0, sizeof *o);
  o->vectors = 1000000;
  o->seed = 1;
  o->cex = 3;
  for (int i = 1; i < argc; i++) {
    int r = parse_valued(argc, argv, &i, o);
    if (r < 0)
      return 1;
    if (r > 0)
      continue;
    if (!strcmp(argv[i], "--json"))
      o->json = 1;
    else if (!strcmp(argv[i], "--quiet"))
      o->quiet = 1;
    else if (argv[i][0] == '-' && argv[i][1])
      return bsyn_cli_error("verify", "expected an option of bsyn verify --help, found '%s'", argv[i]);
    else if (o->netlist)
      return bsyn_cli_error("verify", "expected one netlist, found a second one '%s'", argv[i]);
    else
      o->netlist = argv[i];
  }
  if (!o->netlist)
    return bsyn_cli_error("verify", "expected a netlist file (see bsyn verify --help), found none");
  if (!o->oracle && !o->formal)
    return bsyn_cli_error("verify", "expected --oracle NAME or --formal REF, found neither");
  if (o->cex > 1000)
    return bsyn_cli_error("verify", "expected at most 1000 counterexamples after --cex, found %" PRIu64, o->cex);
  return 0;
}

/* Fields covering every bit of one side: the oracle's, plus a one-bit field "<prefix><k>" for
 * each bit none of them covers. Names point into the oracle or into *names (owned). */
typedef struct field_set {
  bsyn_field *f;
  uint32_t n;
  char **names;
} field_set;

static void cover(field_set *s, const bsyn_field *f, uint32_t n, uint32_t bits, const char *prefix) {
  uint8_t *seen = bsyn_calloc((size_t)bits + 1, 1);
  s->f = bsyn_calloc((size_t)n + bits + 1, sizeof *s->f);
  s->names = bsyn_calloc((size_t)bits + 1, sizeof *s->names);
  s->n = 0;
  for (uint32_t i = 0; i < n; i++)
    if (f[i].lsb + f[i].width <= bits) {
      s->f[s->n++] = f[i];
      memset(seen + f[i].lsb, 1, f[i].width);
    }
  for (uint32_t b = 0; b < bits; b++)
    if (!seen[b]) {
      char buf[32];
      snprintf(buf, sizeof buf, "%s%u", prefix, b);
      s->names[b] = bsyn_strdup(buf);
      s->f[s->n++] = (bsyn_field){s->names[b], b, 1};
    }
  free(seen);
}

static void cover_free(field_set *s, uint32_t bits) {
  for (uint32_t b = 0; b < bits; b++)
    free(s->names[b]);
  free(s->names);
  free(s->f);
}

/* s with JSON's special characters escaped (no quotes added), into buf; truncated to fit. */
static const char *json_esc(const char *s, char *buf, size_t size) {
  size_t n = 0;
  for (; *s && n + 7 < size; s++) {
    unsigned char c = (unsigned char)*s;
    if (c == '"' || c == '\\')
      n += (size_t)snprintf(buf + n, size - n, "\\%c", c);
    else if (c < 0x20)
      n += (size_t)snprintf(buf + n, size - n, "\\u%04x", c);
    else
      buf[n++] = (char)c;
  }
  buf[n] = '\0';
  return buf;
}

/* A field's value as hex ("0x0000_1000" style without separators), bits one byte each. */
static const char *field_hex(const uint8_t *bits, const bsyn_field *f, char *buf, size_t size) {
  if (f->width == 1) {
    snprintf(buf, size, "%u", bits[f->lsb]);
    return buf;
  }
  size_t nd = (f->width + 3) / 4, p = 0;
  buf[p++] = '0';
  buf[p++] = 'x';
  for (size_t d = nd; d-- > 0 && p + 2 < size;) {
    unsigned v = 0;
    for (unsigned b = 0; b < 4; b++)
      if (4 * d + b < f->width)
        v |= (unsigned)bits[f->lsb + 4 * d + b] << b;
    buf[p++] = "0123456789abcdef"[v];
  }
  buf[p] = '\0';
  return buf;
}

static int field_differs(const uint8_t *a, const uint8_t *b, const bsyn_field *f) {
  return memcmp(a + f->lsb, b + f->lsb, f->width) != 0;
}

/* Prints one counterexample: inputs by field, then the output fields that differ. */
static void print_cex(FILE *out, int json, const field_set *in, const field_set *outs, const uint8_t *x,
                      const uint8_t *got, const uint8_t *want, const char *got_name, const char *want_name) {
  char a[300], b[300], e[300];
  fprintf(out, json ? "\"inputs\":{" : "    inputs:");
  for (uint32_t i = 0; i < in->n; i++)
    fprintf(out, json ? "%s\"%s\":\"%s\"" : "%s%s=%s", i ? (json ? "," : " ") : (json ? "" : " "),
            json ? json_esc(in->f[i].name, e, sizeof e) : in->f[i].name,
            field_hex(x, &in->f[i], a, sizeof a));
  fprintf(out, json ? "},\"outputs\":{" : "\n");
  int first = 1;
  for (uint32_t i = 0; i < outs->n; i++) {
    const bsyn_field *f = &outs->f[i];
    if (!field_differs(got, want, f))
      continue;
    field_hex(got, f, a, sizeof a);
    field_hex(want, f, b, sizeof b);
    if (json)
      fprintf(out, "%s\"%s\":{\"%s\":\"%s\",\"%s\":\"%s\"}", first ? "" : ",", json_esc(f->name, e, sizeof e), got_name, a,
              want_name, b);
    else
      fprintf(out, "    %-12s %s %s, %s %s\n", f->name, got_name, a, want_name, b);
    first = 0;
  }
  if (json)
    fprintf(out, "}");
}

/* Mismatch counts grouped by output field: "next_pc 14 [3]=10 [4]=4". */
static void print_mismatches(FILE *out, int json, const field_set *outs, const uint64_t *mism) {
  int first = 1;
  if (json)
    fprintf(out, ",\"mismatches\":{");
  for (uint32_t i = 0; i < outs->n; i++) {
    const bsyn_field *f = &outs->f[i];
    uint64_t total = 0;
    for (uint32_t b = 0; b < f->width; b++)
      total += mism[f->lsb + b];
    if (!total)
      continue;
    if (json) {
      char e[300];
      fprintf(out, "%s\"%s\":%" PRIu64, first ? "" : ",", json_esc(f->name, e, sizeof e), total);
      first = 0;
      continue;
    }
    if (first)
      fprintf(out, "mismatches per output field (vectors):\n");
    first = 0;
    fprintf(out, "  %-12s %10" PRIu64, f->name, total);
    unsigned shown = 0;
    for (uint32_t b = 0; b < f->width && f->width > 1; b++)
      if (mism[f->lsb + b] && shown++ < 8)
        fprintf(out, " [%u]=%" PRIu64, b, mism[f->lsb + b]);
    fprintf(out, shown > 8 ? " ...\n" : "\n");
  }
  if (json)
    fprintf(out, "}");
}

typedef struct sources {
  bsyn_verify_source src[MAX_DISTS + MAX_TRACES + 1];
  char names[MAX_DISTS + MAX_TRACES + 1][160];
  bsyn_sampler *samplers[MAX_DISTS + 1];
  bsyn_trace *traces[MAX_TRACES];
  uint32_t n;
  unsigned nsamplers, ntraces;
} sources;

static void sources_free(sources *s) {
  for (unsigned i = 0; i < s->nsamplers; i++)
    bsyn_sampler_free(s->samplers[i]);
  for (unsigned i = 0; i < s->ntraces; i++)
    bsyn_trace_free(s->traces[i]);
}

/* The distributions, example set and traces to check. Returns 0 or 1 after the error. */
static int make_sources(const verify_opts *vo, const bsyn_oracle *o, sources *s) {
  memset(s, 0, sizeof *s);
  const char *defaults[2] = {"uniform", "rv32"};
  const char *const *dists = vo->ndists ? vo->dists : defaults;
  unsigned nd = vo->ndists;
  if (!nd) {
    bsyn_sampler *probe = bsyn_sampler_rv32(o->num_inputs, o->in_fields, o->num_in_fields);
    nd = probe ? 2 : 1;
    bsyn_sampler_free(probe);
  }
  if (!o->ops->eval) { /* an example set answers only its own examples */
    snprintf(s->names[s->n], sizeof s->names[0], "examples");
    s->src[s->n] = (bsyn_verify_source){s->names[s->n], NULL, 0, o->samples_in, (o->num_samples + 63) / 64,
                                        o->num_samples, o->samples_out};
    s->n++;
    nd = 0;
  }
  for (unsigned i = 0; i < nd && vo->vectors; i++) {
    bsyn_diag d;
    bsyn_diag_init(&d, NULL);
    bsyn_sampler *sm = bsyn_verify_sampler(o, dists[i], &d);
    if (!sm)
      return bsyn_cli_error("verify", "%s", d.msg);
    s->samplers[s->nsamplers++] = sm;
    snprintf(s->names[s->n], sizeof s->names[0], "%s", dists[i]);
    s->src[s->n] = (bsyn_verify_source){s->names[s->n], sm, vo->vectors, NULL, 0, 0, NULL};
    s->n++;
  }
  for (unsigned i = 0; i < vo->ntraces; i++) {
    bsyn_diag d;
    bsyn_diag_init(&d, vo->traces[i]);
    bsyn_trace *t;
    if (bsyn_trace_read(vo->traces[i], &t, &d))
      return bsyn_cli_report(&d);
    s->traces[s->ntraces++] = t;
    if (t->num_inputs != o->num_inputs || t->num_outputs != o->num_outputs)
      return bsyn_cli_error("verify", "expected a trace of %u inputs and %u outputs as %s has, found %u and %u in %s "
                            "(recorded for %s)", o->num_inputs, o->num_outputs, o->name, t->num_inputs,
                            t->num_outputs, vo->traces[i], t->oracle);
    snprintf(s->names[s->n], sizeof s->names[0], "trace:%s", vo->traces[i]);
    s->src[s->n] = (bsyn_verify_source){s->names[s->n], NULL, 0, t->in, t->nwords, t->num_vectors,
                                        o->ops->eval ? NULL : t->out};
    s->n++;
  }
  return 0;
}

/* The OpenCL device to simulate on, or NULL for the CPU (with a notice when one was asked
 * for, or chosen by auto, and cannot be used; auto takes the path measured fastest). */
static bsyn_cl *open_device(const verify_opts *vo, int *err) {
  bsyn_device_choice ch;
  bsyn_diag d;
  bsyn_diag_init(&d, NULL);
  *err = 0;
  if (bsyn_device_parse(vo->device, &ch, &d)) {
    *err = bsyn_cli_error("verify", "%s", d.msg);
    return NULL;
  }
  bsyn_cl *cl = bsyn_device_open(&ch, BSYN_KERNEL_AIG_SIM, &d);
  if (!cl && d.msg[0])
    fprintf(stderr, "bsyn verify: notice: OpenCL unavailable (%s); simulating on the CPU\n", d.msg);
  return cl;
}

static void print_report(const verify_opts *vo, const bsyn_oracle *o, const sources *s, const bsyn_verify_report *r,
                         const field_set *in, const field_set *outs) {
  FILE *f = stdout;
  char e[1024];
  if (vo->json) {
    fprintf(f, ",\"seed\":%" PRIu64 ",\"sources\":[", vo->seed);
    for (uint32_t i = 0; i < r->num_sources; i++)
      fprintf(f, "%s{\"name\":\"%s\",\"vectors\":%" PRIu64 ",\"failing\":%" PRIu64 ",\"bound\":%.6g}", i ? "," : "",
              json_esc(s->src[i].name, e, sizeof e), r->sources[i].vectors, r->sources[i].failing, r->sources[i].bound);
    fprintf(f, "],\"vectors\":%" PRIu64 ",\"failing\":%" PRIu64, r->vectors, r->failing);
    print_mismatches(f, 1, outs, r->mismatches);
    fprintf(f, ",\"counterexamples\":[");
    for (uint32_t i = 0; i < r->num_cex; i++) {
      fprintf(f, "%s{\"source\":\"%s\",\"vector\":%" PRIu64 ",", i ? "," : "",
              json_esc(s->src[r->cex[i].source].name, e, sizeof e),
              r->cex[i].index);
      print_cex(f, 1, in, outs, r->cex[i].in, r->cex[i].got, r->cex[i].want, "gates", "oracle");
      fprintf(f, "}");
    }
    fprintf(f, "]");
    return;
  }
  fprintf(f, "bsyn verify: %s against %s (%u inputs, %u outputs), seed %" PRIu64 "\n", vo->netlist, o->name,
          o->num_inputs, o->num_outputs, vo->seed);
  for (uint32_t i = 0; i < r->num_sources; i++)
    fprintf(f, "  %-24s %12" PRIu64 " vectors %10" PRIu64 " failing   error rate <= %.3g (99.9%% confidence)\n",
            s->src[i].name, r->sources[i].vectors, r->sources[i].failing, r->sources[i].bound);
  print_mismatches(f, 0, outs, r->mismatches);
  for (uint32_t i = 0; i < r->num_cex; i++) {
    fprintf(f, "counterexample %u (%s, vector %" PRIu64 "):\n", i + 1, s->src[r->cex[i].source].name,
            r->cex[i].index);
    print_cex(f, 0, in, outs, r->cex[i].in, r->cex[i].got, r->cex[i].want, "gates", "oracle");
  }
  if (r->failing)
    fprintf(f, "FAIL: %" PRIu64 " of %" PRIu64 " vectors wrong\n", r->failing, r->vectors);
  else
    fprintf(f, "PASS: no mismatch on %" PRIu64 " vectors\n", r->vectors);
}

/* The progress line of check_oracle: vectors of all sources done so far. */
typedef struct verify_progress {
  bsyn_cli_progress line;
  const sources *s;
  double total, before; /* vectors of all sources; of the sources before the current one */
} verify_progress;

/* The vectors a source holds. */
static double source_vectors(const bsyn_verify_source *src) {
  return (double)(src->sampler ? src->vectors : src->nvec);
}

static void verify_progress_line(void *arg, uint32_t source, uint64_t done, uint64_t total) {
  verify_progress *vp = arg;
  vp->before = 0;
  for (uint32_t i = 0; i < source; i++)
    vp->before += source_vectors(&vp->s->src[i]);
  bsyn_cli_progress_show(&vp->line, done == total, vp->before + (double)done, vp->total,
                    "verify: %s, %llu of %llu vectors", vp->s->names[source],
                    (unsigned long long)done, (unsigned long long)total);
}

/* Simulation against the oracle. Returns the exit code. */
static int check_oracle(const verify_opts *vo, const bsyn_aig *aig, bsyn_oracle *o, const field_set *in,
                        const field_set *outs) {
  sources s;
  int rc = make_sources(vo, o, &s);
  int err = 0;
  bsyn_cl *cl = rc ? NULL : open_device(vo, &err);
  bsyn_pool *pool = rc || err ? NULL : bsyn_pool_new((unsigned)vo->threads);
  if (rc || err) {
    sources_free(&s);
    return 1;
  }
  bsyn_verify_params p;
  bsyn_verify_params_init(&p);
  p.seed = vo->seed;
  p.max_cex = (uint32_t)vo->cex;
  p.simd = vo->simd;
  p.pool = pool;
  p.cl = cl;
  verify_progress vp = {{0}, &s, 0, 0};
  bsyn_cli_progress_init(&vp.line, vo->quiet);
  for (uint32_t i = 0; i < s.n; i++)
    vp.total += source_vectors(&s.src[i]);
  if (vp.line.on) {
    p.progress = verify_progress_line;
    p.progress_arg = &vp;
  }
  bsyn_verify_report *r;
  bsyn_diag d;
  bsyn_diag_init(&d, vo->netlist);
  int failed = bsyn_verify_run(aig, o, s.src, s.n, &p, &r, &d);
  bsyn_cli_progress_end(&vp.line);
  if (failed) {
    rc = bsyn_cli_report(&d);
  } else {
    if (r->notice[0])
      fprintf(stderr, "bsyn verify: notice: %s\n", r->notice);
    print_report(vo, o, &s, r, in, outs);
    rc = r->failing ? 1 : 0;
    bsyn_verify_report_free(r);
  }
  bsyn_pool_free(pool);
  bsyn_cl_close(cl);
  sources_free(&s);
  return rc;
}

/* The formal proof against REF. Returns the exit code. */
static int check_formal(const verify_opts *vo, const bsyn_aig *aig, const field_set *in, const field_set *outs) {
  bsyn_aig *ref;
  bsyn_diag d;
  if (bsyn_io_read_netlist(vo->formal, &ref, &d))
    return bsyn_cli_report(&d);
  uint8_t *cex = bsyn_calloc((size_t)aig->num_inputs + 1, 1);
  int eq = 0, rc;
  bsyn_diag_init(&d, NULL);
  if (bsyn_formal_cec(aig, ref, &eq, cex, &d)) {
    rc = bsyn_cli_error("verify", "%s and %s: %s", vo->netlist, vo->formal, d.msg);
  } else if (eq) {
    if (!vo->json)
      printf("bsyn verify: %s and %s proved equivalent (%s)\n", vo->netlist, vo->formal, BSYN_FORMAL_ABC);
    rc = 0;
  } else {
    uint8_t *ya = bsyn_malloc((size_t)aig->num_outputs + 1), *yb = bsyn_malloc((size_t)aig->num_outputs + 1);
    bsyn_aig_eval(aig, cex, ya);
    bsyn_aig_eval(ref, cex, yb);
    if (vo->json) {
      printf(",\"formal_counterexample\":{");
      print_cex(stdout, 1, in, outs, cex, ya, yb, "gates", "reference");
      printf("}");
    } else {
      printf("bsyn verify: %s and %s NOT equivalent (%s); counterexample:\n", vo->netlist, vo->formal,
             BSYN_FORMAL_ABC);
      print_cex(stdout, 0, in, outs, cex, ya, yb, "gates", "reference");
    }
    free(ya);
    free(yb);
    rc = 1;
  }
  if (vo->json)
    printf(",\"formal\":\"%s\"", rc == 0 ? "proved" : eq ? "error" : "not equivalent");
  free(cex);
  bsyn_aig_free(ref);
  return rc;
}

int bsyn_cli_verify(int argc, char **argv) {
  for (int i = 1; i < argc; i++)
    if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
      usage();
      return 0;
    }
  verify_opts vo;
  if (parse(argc, argv, &vo))
    return 1;
  bsyn_aig *aig;
  bsyn_diag d;
  if (bsyn_io_read_netlist(vo.netlist, &aig, &d))
    return bsyn_cli_report(&d);
  bsyn_oracle *o = NULL;
  if (vo.oracle) {
    bsyn_diag_init(&d, vo.oracle);
    o = bsyn_oracle_open(vo.oracle, &d);
  } else {
    o = bsyn_oracle_from_aig(bsyn_aig_dup(aig), vo.netlist); /* only for its fields */
  }
  if (!o) {
    bsyn_aig_free(aig);
    return bsyn_cli_report(&d);
  }
  field_set in, outs;
  cover(&in, o->in_fields, o->num_in_fields, aig->num_inputs, "i");
  cover(&outs, o->out_fields, o->num_out_fields, aig->num_outputs, "o");
  if (vo.json) {
    char e1[1024], e2[1024];
    printf("{\"command\":\"verify\",\"netlist\":\"%s\",\"oracle\":\"%s\"", json_esc(vo.netlist, e1, sizeof e1),
           json_esc(vo.oracle ? o->name : "", e2, sizeof e2));
  }
  int rc = vo.oracle ? check_oracle(&vo, aig, o, &in, &outs) : 0;
  if (vo.formal)
    rc |= check_formal(&vo, aig, &in, &outs);
  if (vo.json)
    printf(",\"pass\":%s}\n", rc ? "false" : "true");
  cover_free(&in, aig->num_inputs);
  cover_free(&outs, aig->num_outputs);
  bsyn_oracle_close(o);
  bsyn_aig_free(aig);
  return rc;
}
