/* bsyn trace — runs a program on the reference model of the rv32i or the rv32ia-priv machine
 * and records its steps as vectors of an oracle with the oracle's answers (docs/traces.md). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bsyn_runner.h"
#include "bsyn_runner_ia.h"
#include "bsyn_trace.h"
#include "bsyn_trace_ia.h"
#include "cli.h"

enum { DEFAULT_MAX_STEPS = 1000000 };

static void usage(FILE *f) {
  fprintf(
      f,
      "usage: bsyn trace PROG.elf -o OUT.trace [--machine rv32i|rv32ia-priv] [--oracle SPEC]\n"
      "                  [--max-steps N] [--dedup] [--per-pc N] [--max-vectors N]\n"
      "       bsyn trace --join A.trace B.trace ... -o OUT.trace\n\n"
      "Runs a program on the reference model and writes, for every executed instruction,\n"
      "the oracle's input vector and its answer. --join writes the vectors of traces of\n"
      "one oracle, in order, as one trace.\n"
      "  --machine M     rv32i (RV32I programs, bsyn run's default) or rv32ia-priv (M/S/U\n"
      "                  programs, as bsyn run --machine rv32ia-priv); without it the\n"
      "                  oracle's layout decides\n"
      "  --oracle SPEC   rv32i: rv32i-core (160 inputs, the default) or rv32i-full (1,088);\n"
      "                  rv32ia-priv: rv32ia-priv (1,798 inputs, the default),\n"
      "                  rv32ia-priv:hints (1,894) or any oracle with that layout\n"
      "  -o FILE         the trace file\n"
      "  --max-steps N   stop after N instructions (default %d; exit 124)\n"
      "  --dedup         record an input vector only the first time it occurs\n"
      "  --per-pc N      record at most N vectors with the same pc\n"
      "  --max-vectors N record at most N vectors (the program runs on)\n"
      "  --join          join the traces given instead of running a program\n\n"
      "The program's output goes to stdout; the exit code is the program's, as in `bsyn run`.\n",
      DEFAULT_MAX_STEPS);
}

static void to_stdio(void *ctx, int fd, const uint8_t *buf, size_t n) {
  (void)ctx;
  fwrite(buf, 1, n, fd == 2 ? stderr : stdout);
}

typedef struct trace_opts {
  const char *prog, *out, *oracle, *machine;
  const char **files; /* the positional arguments: the program, or the traces to join */
  int nfiles, join;
  uint64_t max_steps;
  bsyn_trace_record_opts rec;
} trace_opts;

/* A positive count after option name into *v: 1 when argv[*i] was that option (0 when not,
 * -1 after printing an error). */
static int count_opt(int argc, char **argv, int *i, const char *name, uint64_t *v) {
  const char *s = NULL;
  int r = bsyn_cli_opt(argc, argv, i, name, &s);
  if (r <= 0)
    return r;
  if (bsyn_cli_parse_u64(s, v) || *v == 0) {
    bsyn_cli_error("trace", "expected a positive count after %s, found '%s'", name, s);
    return -1;
  }
  return 1;
}

/* One argument at argv[*i]: 0, or 1 after printing the error. */
static int parse_one(int argc, char **argv, int *i, trace_opts *o) {
  const char *v = NULL;
  int r;
  if ((r = count_opt(argc, argv, i, "--max-steps", &o->max_steps)) ||
      (r = count_opt(argc, argv, i, "--per-pc", &o->rec.per_pc)) ||
      (r = count_opt(argc, argv, i, "--max-vectors", &o->rec.max_vectors)))
    return r < 0;
  if ((r = bsyn_cli_opt(argc, argv, i, "--oracle", &v)) != 0)
    return r < 0 ? 1 : (o->oracle = v, 0);
  if ((r = bsyn_cli_opt(argc, argv, i, "--machine", &v)) != 0) {
    if (r < 0)
      return 1;
    if (strcmp(v, "rv32i") && strcmp(v, "rv32ia-priv"))
      return bsyn_cli_error("trace", "expected rv32i or rv32ia-priv after --machine, found '%s'",
                            v);
    o->machine = v;
    return 0;
  }
  if ((r = bsyn_cli_opt(argc, argv, i, "-o", &v)) != 0)
    return r < 0 ? 1 : (o->out = v, 0);
  if (!strcmp(argv[*i], "--dedup") || !strcmp(argv[*i], "--join")) {
    if (!strcmp(argv[*i], "--dedup"))
      o->rec.dedup = 1;
    else
      o->join = 1;
    return 0;
  }
  if (argv[*i][0] == '-')
    return bsyn_cli_error("trace", "expected an option, a program or traces, found '%s'", argv[*i]);
  o->files[o->nfiles++] = argv[*i];
  return 0;
}

static int parse(int argc, char **argv, trace_opts *o) {
  for (int i = 1; i < argc; i++)
    if (parse_one(argc, argv, &i, o))
      return 1;
  if (o->join && !o->nfiles)
    return bsyn_cli_error("trace", "expected traces to join after --join, found none");
  if (!o->join && o->nfiles > 1)
    return bsyn_cli_error("trace", "expected one program, found '%s' after '%s'", o->files[1],
                          o->files[0]);
  if (!o->join && !o->nfiles)
    return bsyn_cli_error("trace", "expected a program (an RV32 ELF file), found none");
  o->prog = o->files[0];
  if (!o->out)
    return bsyn_cli_error("trace", "expected an output file (-o FILE), found none");
  return 0;
}

/* Completes rec and prints the summary line, or the error alone when the file fails.
 * Returns 0, or 1 after the error. */
static int finish(const trace_opts *o, bsyn_trace_recorder *rec, const char *what) {
  size_t n = bsyn_trace_recorder_count(rec);
  unsigned long long steps = (unsigned long long)bsyn_trace_recorder_offered(rec);
  const char *name = bsyn_trace_recorder_oracle(rec)->name;
  bsyn_diag d;
  bsyn_diag_init(&d, o->out);
  if (bsyn_trace_recorder_close(rec, &d))
    return bsyn_cli_report(&d);
  fprintf(stderr,
          "bsyn trace: %s: %zu vectors of %s from %llu steps written to %s; the program: %s\n",
          o->prog, n, name, steps, o->out, what);
  return 0;
}

/* The rv32i machine: the recorder observes the runner. Returns the exit code. */
static int trace_rv32i(const trace_opts *o, bsyn_oracle *oracle) {
  bsyn_diag d;
  bsyn_elf *elf = NULL;
  bsyn_runner *r = bsyn_runner_open_ref(o->prog, 1ull << 30, &elf, &d);
  bsyn_trace_recorder *rec = NULL;
  if (r) {
    bsyn_diag_init(&d, o->out);
    rec = bsyn_trace_recorder_open(o->out, oracle, &o->rec, &d);
  }
  int code = 1;
  if (!rec) {
    bsyn_cli_report(&d);
  } else {
    r->output = to_stdio;
    r->observer = bsyn_trace_recorder_observe;
    r->observer_ctx = rec;
    bsyn_runner_status s = bsyn_runner_run(r, o->max_steps);
    fflush(stdout);
    char what[640];
    bsyn_runner_describe(r, what, sizeof what);
    code = finish(o, rec, what) ? 1 : s == BSYN_RUNNER_ERROR ? 1 : r->exit_code;
  }
  bsyn_runner_free(r);
  bsyn_elf_free(elf);
  return code;
}

/* The rv32ia-priv machine: the recorder taps the reference step. Returns the exit code. */
static int trace_ia(const trace_opts *o, bsyn_oracle *oracle) {
  bsyn_diag d;
  bsyn_elf *elf = NULL;
  bsyn_runner_ia *r = bsyn_runner_ia_open(o->prog, 0, &elf, &d);
  bsyn_trace_recorder *rec = NULL;
  if (r) {
    bsyn_diag_init(&d, o->out);
    rec = bsyn_trace_recorder_open_ia(o->out, oracle, &o->rec, &d);
  }
  int code = 1;
  if (!rec) {
    bsyn_cli_report(&d);
  } else {
    bsyn_trace_ia_tap tap;
    bsyn_trace_ia_tap_init(&tap, r->step, rec);
    r->step = (bsyn_runner_ia_step){bsyn_trace_ia_tap_step, &tap};
    r->output = to_stdio;
    bsyn_runner_ia_run(r, o->max_steps);
    fflush(stdout);
    char what[640];
    bsyn_runner_ia_describe(r, what, sizeof what);
    code = finish(o, rec, what) ? 1 : r->exit_code;
  }
  bsyn_runner_ia_free(r);
  bsyn_elf_free(elf);
  return code;
}

/* --join: the traces one after the other into -o. Returns the exit code. */
static int join(const trace_opts *o) {
  bsyn_diag d;
  size_t n = 0;
  if (bsyn_trace_join(o->out, o->files, (size_t)o->nfiles, &n, &d))
    return bsyn_cli_report(&d);
  fprintf(stderr, "bsyn trace: %zu vectors from %d traces written to %s\n", n, o->nfiles, o->out);
  return 0;
}

/* Runs the program and records it. Returns the exit code. */
static int record(const trace_opts *o) {
  int ia = o->machine ? !strcmp(o->machine, "rv32ia-priv") : 0;
  const char *spec = o->oracle ? o->oracle : ia ? "rv32ia-priv" : "rv32i-core";
  bsyn_diag d;
  bsyn_diag_init(&d, spec);
  bsyn_oracle *oracle = bsyn_oracle_open(spec, &d);
  if (!oracle)
    return bsyn_cli_report(&d);
  if (!o->machine)
    ia = bsyn_trace_is_ia_layout(oracle);
  int code = ia ? trace_ia(o, oracle) : trace_rv32i(o, oracle);
  bsyn_oracle_close(oracle);
  return code;
}

int bsyn_cli_trace(int argc, char **argv) {
  if (argc > 1 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
    usage(stdout);
    return 0;
  }
  trace_opts o = {.max_steps = DEFAULT_MAX_STEPS};
  o.files = bsyn_calloc((size_t)argc + 1, sizeof *o.files);
  int code = parse(argc, argv, &o) ? 1 : o.join ? join(&o) : record(&o);
  free(o.files);
  return code;
}
