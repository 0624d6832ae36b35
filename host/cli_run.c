/* bsyn run — runs an RV32I ELF program on the reference model (docs/runner.md). */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "bsyn_runner.h"
#include "cli.h"

static void usage(FILE *f) {
  fprintf(f,
          "usage: bsyn run [--ref] PROG.elf [--max-steps N] [--signature FILE] [--trace-stats]\n"
          "                [--mem-limit BYTES]\n\n"
          "Runs an RV32I program on the reference model and exits with the program's code.\n"
          "  --ref              the step is the reference model (the default and, so far, the only "
          "one)\n"
          "  --max-steps N      stop after N instructions (exit 124); default: no limit\n"
          "  --signature FILE   write the words from begin_signature to end_signature, one\n"
          "                     8-digit hex word per line\n"
          "  --trace-stats      print the instruction count and speed to stderr\n"
          "  --mem-limit BYTES  memory the program may use (default 1G)\n\n"
          "Exit codes: the program's exit(a0 & 255); tohost = 1 gives 0, tohost = 2n+1 gives n\n"
          "(1 when n > 255); 3 on a trap (EBREAK, illegal or misaligned); 124 at the step limit;\n"
          "1 on a bad file or option.\n");
}

static void to_stdio(void *ctx, int fd, const uint8_t *buf, size_t n) {
  fwrite(buf, 1, n, fd == 2 ? stderr : stdout);
}

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

typedef struct run_opts {
  const char *prog, *signature;
  uint64_t max_steps, mem_limit;
  int stats;
} run_opts;

static int parse(int argc, char **argv, run_opts *o) {
  for (int i = 1; i < argc; i++) {
    const char *v = NULL;
    int r;
    if (!strcmp(argv[i], "--ref")) {
    } else if (!strcmp(argv[i], "--trace-stats")) {
      o->stats = 1;
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
  return 0;
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
  bsyn_elf *elf;
  bsyn_runner *r = bsyn_runner_open_ref(o.prog, o.mem_limit, &elf, &d);
  if (!r)
    return bsyn_cli_report(&d);
  r->output = to_stdio;
  double t0 = now();
  bsyn_runner_status s = bsyn_runner_run(r, o.max_steps);
  double dt = now() - t0;
  fflush(stdout);
  char what[640];
  bsyn_runner_describe(r, what, sizeof what);
  if (s != BSYN_RUNNER_EXIT && s != BSYN_RUNNER_PASS)
    fprintf(stderr, "bsyn run: %s: %s\n", o.prog, what);
  if (o.stats)
    fprintf(stderr,
            "bsyn run: %s: %llu instructions in %.3f s (%.1f M instructions/s), %zu KiB of memory, "
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
  bsyn_elf_free(elf);
  return code;
}
