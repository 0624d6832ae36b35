/* bsyn run — runs an RV32I ELF program on the reference model or on a netlist of the core
 * (docs/runner.md, docs/gates.md). */
#include <stdio.h>
#include <string.h>

#include "bsyn_gates_rv32.h"
#include "bsyn_gates_rv32ia.h"
#include "bsyn_io.h"
#include "bsyn_runner.h"
#include "cli.h"
#include "cli_progress.h"
#include "cli_run.h"

static void usage(FILE *f) {
  fprintf(f,
          "usage: bsyn run [--machine rv32i|rv32ia-priv]\n"
          "                [--ref | --netlist CPU.aig [--oracle NAME] [--lockstep]\n"
          "                [--eval spec|demand]] PROG.elf\n"
          "                [--max-steps N] [--signature FILE] [--trace-stats]\n"
          "                [--mem-limit BYTES] [--quiet]\n\n"
          "Runs an RV32I program on the reference model or on gates and exits with the program's\n"
          "code, or with one that says how the run ended (below).\n"
          "  --machine NAME     rv32i (the default) or rv32ia-priv (M/S/U modes, CSRs, RV32A;\n"
          "                     chosen by --oracle rv32ia-priv or a netlist's counts too)\n"
          "  --ref              the step is the reference model (the default)\n"
          "  --netlist FILE     the step is a netlist (.aig, .aag, .blif) of the core\n"
          "  --oracle NAME      its layout: rv32i-core, rv32i-full or rv32ia-priv (default: by\n"
          "                     its input and output counts); on rv32ia-priv without --netlist\n"
          "                     and --ref, any oracle with that layout is the step (rv32ia-priv:\n"
          "                     the bit-sliced oracle; exec:CMD, aig:FILE)\n"
          "  --lockstep         run the reference model beside the netlist; stop at the first\n"
          "                     difference and report it (exit 1)\n"
          "  --eval HOW         netlist evaluation: spec (specialised per pc and instruction,\n"
          "                     the default) or demand (demand-driven, docs/gates.md)\n"
          "  --max-steps N      stop after N instructions (exit 124); default: no limit on\n"
          "                     rv32i, 10^8 steps on rv32ia-priv (where traps do not end a run)\n"
          "  --signature FILE   write the words from begin_signature to end_signature, one\n"
          "                     8-digit hex word per line\n"
          "  --trace-stats      print the instruction count and speed to stderr\n"
          "  --mem-limit BYTES  memory the program may use (default 1G)\n"
          "  --quiet            no progress line on a terminal\n\n"
          "Exit codes (docs/runner.md):\n"
          "  0    passed: tohost = 1, or the program's exit(0)\n"
          "  1    a bad file or option, a run-time error (memory limit, an HTIF request), or a\n"
          "       difference from the reference under --lockstep\n"
          "  2    a failed test: tohost = (N << 1) | 1; stderr names test N\n"
          "  3    a trap (EBREAK, illegal instruction, misaligned fetch, load or store); stderr\n"
          "       names the cause and the pc (rv32i only: rv32ia-priv takes its traps)\n"
          "  124  the step limit (--max-steps) ran out\n"
          "  any  the program's own exit code (a0 & 255 of its exit ecall); a program may exit\n"
          "       with 1, 2, 3 or 124 itself, but then nothing is printed on stderr\n");
}

void bsyn_cli_run_output(void *ctx, int fd, const uint8_t *buf, size_t n) {
  bsyn_cli_progress_end(ctx);
  fwrite(buf, 1, n, fd == 2 ? stderr : stdout);
  if (fd != 2)
    fflush(stdout);
}

/* Instructions per slice between two looks at the progress line. */
#define RUN_SLICE (1u << 20)

/* One slice of r for bsyn_cli_progress_run. */
static int run_slice(void *ctx, uint64_t n, uint64_t *stepped) {
  bsyn_runner *r = ctx;
  uint64_t before = r->steps;
  bsyn_runner_status s = bsyn_runner_run(r, n);
  *stepped = r->steps - before;
  return (int)s;
}

/* Runs r as bsyn_runner_run(r, max_steps) does; on a terminal in slices, with a progress
 * line (instructions, rate, the share of --max-steps) between them. */
static bsyn_runner_status run_with_progress(bsyn_runner *r, uint64_t max_steps,
                                            bsyn_cli_progress *line) {
  return (bsyn_runner_status)bsyn_cli_progress_run(
      line, max_steps, RUN_SLICE, BSYN_RUNNER_STEP_LIMIT, "instructions", run_slice, r);
}

typedef bsyn_cli_run_opts run_opts;

static int parse(int argc, char **argv, run_opts *o) {
  for (int i = 1; i < argc; i++) {
    const char *v = NULL;
    int r;
    if (!strcmp(argv[i], "--ref")) {
      o->ref = 1;
    } else if (!strcmp(argv[i], "--lockstep")) {
      o->lockstep = 1;
    } else if ((r = bsyn_cli_opt(argc, argv, &i, "--netlist", &v)) != 0) {
      if (r < 0)
        return 1;
      o->netlist = v;
    } else if ((r = bsyn_cli_opt(argc, argv, &i, "--oracle", &v)) != 0) {
      if (r < 0)
        return 1;
      o->oracle = v;
    } else if ((r = bsyn_cli_opt(argc, argv, &i, "--machine", &v)) != 0) {
      if (r < 0)
        return 1;
      if (strcmp(v, "rv32i") && strcmp(v, "rv32ia-priv"))
        return bsyn_cli_error("run", "expected rv32i or rv32ia-priv after --machine, found '%s'",
                              v);
      o->machine = v;
    } else if ((r = bsyn_cli_opt(argc, argv, &i, "--eval", &v)) != 0) {
      if (r < 0)
        return 1;
      if (strcmp(v, "spec") && strcmp(v, "demand"))
        return bsyn_cli_error("run", "expected spec or demand after --eval, found '%s'", v);
      o->demand = !strcmp(v, "demand");
      o->eval_set = 1;
    } else if (!strcmp(argv[i], "--trace-stats")) {
      o->stats = 1;
    } else if (!strcmp(argv[i], "--quiet")) {
      o->quiet = 1;
    } else if ((r = bsyn_cli_opt(argc, argv, &i, "--max-steps", &v)) != 0) {
      if (r < 0 || bsyn_cli_parse_u64(v, &o->max_steps) || o->max_steps == 0)
        return r < 0
                   ? 1
                   : bsyn_cli_error(
                         "run", "expected a positive step count after --max-steps, found '%s'", v);
    } else if ((r = bsyn_cli_opt(argc, argv, &i, "--mem-limit", &v)) != 0) {
      if (r < 0 || bsyn_cli_parse_u64(v, &o->mem_limit))
        return r < 0 ? 1
                     : bsyn_cli_error("run", "expected a byte count after --mem-limit, found '%s'",
                                      v);
    } else if ((r = bsyn_cli_opt(argc, argv, &i, "--signature", &v)) != 0) {
      if (r < 0)
        return 1;
      o->signature = v;
    } else if (argv[i][0] == '-' || o->prog) {
      return bsyn_cli_error("run", "expected an option or one program, found '%s'", argv[i]);
    } else {
      o->prog = argv[i];
    }
  }
  if (!o->prog)
    return bsyn_cli_error("run", "expected a program (an RV32I ELF file), found none");
  if (o->ref && o->netlist)
    return bsyn_cli_error("run", "expected --ref or --netlist, found both");
  if (bsyn_cli_run_is_ia(o)) {
    if (o->ref && o->oracle && strcmp(o->oracle, "rv32ia-priv"))
      return bsyn_cli_error("run", "expected --ref or --oracle %s, found both", o->oracle);
    return 0; /* the rest is checked by bsyn_cli_run_ia */
  }
  if (!o->netlist && (o->lockstep || o->oracle || o->eval_set))
    return bsyn_cli_error("run", "expected --netlist with %s, found none",
                          o->lockstep ? "--lockstep"
                          : o->oracle ? "--oracle"
                                      : "--eval");
  return 0;
}

/* Puts the netlist (aig, freed here, or read from o->netlist when NULL) in the runner's place
 * (docs/gates.md). Returns the step, or NULL after printing the error. */
static bsyn_gates_rv32 *attach_netlist(const run_opts *o, bsyn_runner *r, bsyn_aig *aig) {
  bsyn_diag d;
  if (!aig && bsyn_io_read_netlist(o->netlist, &aig, &d)) {
    bsyn_cli_report(&d);
    return NULL;
  }
  bsyn_diag_init(&d, o->netlist);
  bsyn_gates_rv32 *s =
      bsyn_gates_rv32_new(aig, o->oracle, o->demand ? BSYN_GATES_MUX : BSYN_GATES_SPEC, &d);
  bsyn_aig_free(aig);
  if (!s) {
    bsyn_cli_report(&d);
    return NULL;
  }
  bsyn_gates_rv32_attach(s, r, o->lockstep);
  return s;
}

int bsyn_cli_run(int argc, char **argv) {
  if (argc > 1 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
    usage(stdout);
    return 0;
  }
  run_opts o = {.mem_limit = 1ull << 30};
  if (parse(argc, argv, &o))
    return 1;
  bsyn_diag d;
  bsyn_aig *aig = NULL;
  if (o.netlist && (bsyn_cli_run_is_ia(&o) || (!o.machine && !o.oracle))) {
    /* the layout picks the machine; a file that cannot be read is reported below, after the
     * program, as on rv32i */
    if (bsyn_io_read_netlist(o.netlist, &aig, &d) && bsyn_cli_run_is_ia(&o))
      return bsyn_cli_report(&d);
  }
  if (bsyn_cli_run_is_ia(&o) || (aig && !o.machine && bsyn_gates_rv32ia_fits(aig)))
    return bsyn_cli_run_ia(&o, aig);
  bsyn_elf *elf;
  bsyn_runner *r = bsyn_runner_open_ref(o.prog, o.mem_limit, &elf, &d);
  if (!r) {
    bsyn_aig_free(aig);
    return bsyn_cli_report(&d);
  }
  bsyn_gates_rv32 *gates = NULL;
  if (o.netlist && !(gates = attach_netlist(&o, r, aig))) {
    bsyn_runner_free(r);
    bsyn_elf_free(elf);
    return 1;
  }
  bsyn_cli_progress line;
  bsyn_cli_progress_init(&line, o.quiet);
  r->output = bsyn_cli_run_output;
  r->output_ctx = &line;
  double t0 = bsyn_cli_now();
  bsyn_runner_status s = run_with_progress(r, o.max_steps, &line);
  double dt = bsyn_cli_now() - t0;
  fflush(stdout);
  char what[640];
  bsyn_runner_describe(r, what, sizeof what);
  if (s != BSYN_RUNNER_EXIT && s != BSYN_RUNNER_PASS)
    fprintf(stderr, "bsyn run: %s: %s\n", o.prog, what);
  char report[4096];
  if (gates && bsyn_gates_rv32_report(gates, r, report, sizeof report))
    fprintf(stderr, "%s\n", report);
  if (o.stats)
    fprintf(stderr,
            "bsyn run: %s: %llu instructions in %.3f s (%.4g M instructions/s), %zu KiB of memory, "
            "%s\n",
            o.prog, (unsigned long long)r->steps, dt, dt > 0 ? (double)r->steps / dt / 1e6 : 0.0,
            r->mem->num_pages * (BSYN_MEM_PAGE_SIZE / 1024), what);
  int code = r->exit_code;
  if (o.signature && s != BSYN_RUNNER_ERROR) {
    bsyn_diag_init(&d, o.signature);
    if (bsyn_runner_write_signature(r, elf, o.signature, &d))
      code = bsyn_cli_report(&d);
  }
  bsyn_runner_free(r);
  bsyn_gates_rv32_free(gates);
  bsyn_elf_free(elf);
  return code;
}
