/* bsyn trace — runs a program on the reference model and records every step as a vector of
 * an RV32 oracle with the oracle's answer (docs/traces.md). */
#include <stdio.h>
#include <string.h>

#include "bsyn_runner.h"
#include "bsyn_trace.h"
#include "cli.h"

enum { DEFAULT_MAX_STEPS = 1000000 };

static void usage(FILE *f) {
  fprintf(
      f,
      "usage: bsyn trace PROG.elf -o OUT.trace [--oracle rv32i-core|rv32i-full] [--max-steps N]\n\n"
      "Runs an RV32I program on the reference model and writes, for every executed instruction,\n"
      "the oracle's input vector and its answer.\n"
      "  --oracle NAME   rv32i-core (160 inputs, the default) or rv32i-full (1,088 inputs)\n"
      "  -o FILE         the trace file\n"
      "  --max-steps N   stop after N instructions (default %d; exit 124)\n\n"
      "The program's output goes to stdout; the exit code is the program's, as in `bsyn run`.\n",
      DEFAULT_MAX_STEPS);
}

static void to_stdio(void *ctx, int fd, const uint8_t *buf, size_t n) {
  fwrite(buf, 1, n, fd == 2 ? stderr : stdout);
}

typedef struct trace_opts {
  const char *prog, *out, *oracle;
  uint64_t max_steps;
} trace_opts;

static int parse(int argc, char **argv, trace_opts *o) {
  for (int i = 1; i < argc; i++) {
    const char *v = NULL;
    int r;
    if ((r = bsyn_cli_opt(argc, argv, &i, "--max-steps", &v)) != 0) {
      if (r < 0 || bsyn_cli_parse_u64(v, &o->max_steps) || o->max_steps == 0)
        return r < 0
                   ? 1
                   : bsyn_cli_error("trace",
                                    "expected a positive step count after --max-steps, found '%s'",
                                    v);
    } else if ((r = bsyn_cli_opt(argc, argv, &i, "--oracle", &v)) != 0) {
      if (r < 0)
        return 1;
      o->oracle = v;
    } else if ((r = bsyn_cli_opt(argc, argv, &i, "-o", &v)) != 0) {
      if (r < 0)
        return 1;
      o->out = v;
    } else if (argv[i][0] == '-' || o->prog) {
      return bsyn_cli_error("trace", "expected an option or one program, found '%s'", argv[i]);
    } else {
      o->prog = argv[i];
    }
  }
  if (!o->prog)
    return bsyn_cli_error("trace", "expected a program (an RV32I ELF file), found none");
  if (!o->out)
    return bsyn_cli_error("trace", "expected an output file (-o FILE), found none");
  return 0;
}

int bsyn_cli_trace(int argc, char **argv) {
  if (argc > 1 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
    usage(stdout);
    return 0;
  }
  trace_opts o = {.oracle = "rv32i-core", .max_steps = DEFAULT_MAX_STEPS};
  if (parse(argc, argv, &o))
    return 1;
  bsyn_diag d;
  bsyn_diag_init(&d, o.oracle);
  bsyn_oracle *oracle = bsyn_oracle_open(o.oracle, &d);
  if (!oracle)
    return bsyn_cli_report(&d);
  bsyn_elf *elf = NULL;
  bsyn_runner *r = bsyn_runner_open_ref(o.prog, 1ull << 30, &elf, &d);
  bsyn_trace_recorder *rec = NULL;
  if (r) {
    bsyn_diag_init(&d, o.out);
    rec = bsyn_trace_recorder_open(o.out, oracle, &d);
  }
  int code = 1;
  if (!rec) {
    bsyn_cli_report(&d);
  } else {
    r->output = to_stdio;
    r->observer = bsyn_trace_recorder_observe;
    r->observer_ctx = rec;
    bsyn_runner_status s = bsyn_runner_run(r, o.max_steps);
    fflush(stdout);
    size_t n = bsyn_trace_recorder_count(rec);
    bsyn_diag_init(&d, o.out);
    if (bsyn_trace_recorder_close(rec, &d)) {
      bsyn_cli_report(&d);
    } else {
      char what[640];
      bsyn_runner_describe(r, what, sizeof what);
      fprintf(stderr, "bsyn trace: %s: %zu vectors of %s written to %s; the program: %s\n", o.prog,
              n, o.oracle, o.out, what);
      code = s == BSYN_RUNNER_ERROR ? 1 : r->exit_code;
    }
  }
  bsyn_runner_free(r);
  bsyn_elf_free(elf);
  bsyn_oracle_close(oracle);
  return code;
}
