/* The rv32ia-priv machine's programs (programs/priv/) under `bsyn run --machine rv32ia-priv`:
 * every check program passes on the reference model and on the bit-sliced oracle in lock-step
 * with it; the ends (a failed test, a trap loop, an HTIF request) exit with their codes and
 * one clear line; the UART prints; option errors are one line. Skips without the cross
 * compiler. The netlist of the RTL runs them in tests/verify/test_priv_gates.c. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bsyn_elf.h"
#include "bsyn_test.h"
#include "bsyn_test_build.h"

static const char *prog(const char *name) { return bsyn_test_program("priv", name); }

/* The programs that check the machine and end with tohost = 1. */
static const char *const passing[] = {"modes", "delegate", "illegal", "misaligned", "csr",
                                      "views", "timer",    "lrsc",    "amo",        "uart"};
enum { NPASSING = sizeof passing / sizeof passing[0] };

static int run(const char *args, char **out) {
  char cmd[4096];
  snprintf(cmd, sizeof cmd, "'%s' %s", bsyn_test_exe(), args);
  return bsyn_test_run(cmd, out);
}

Test(priv_programs, all_pass_on_the_reference) {
  for (int i = 0; i < NPASSING; i++) {
    char args[1200], *out;
    snprintf(args, sizeof args, "run --machine rv32ia-priv '%s'", prog(passing[i]));
    int rc = run(args, &out);
    cr_assert_eq(rc, 0, "%s: exit %d, output:\n%s", passing[i], rc, out);
    free(out);
    /* --ref --oracle rv32ia-priv names the same machine and model */
    snprintf(args, sizeof args, "run --ref --oracle rv32ia-priv '%s'", prog(passing[i]));
    rc = run(args, &out);
    cr_assert_eq(rc, 0, "%s: exit %d, output:\n%s", passing[i], rc, out);
    free(out);
  }
}

/* The bit-sliced oracle (kernels/bsyn_rv32ia_step.h) as the step, the C model beside it. */
Test(priv_programs, bit_sliced_oracle_in_lockstep, .timeout = 120) {
  for (int i = 0; i < NPASSING; i++) {
    char args[1200], *out;
    snprintf(args, sizeof args, "run --oracle rv32ia-priv --lockstep '%s'", prog(passing[i]));
    int rc = run(args, &out);
    cr_assert_eq(rc, 0, "%s: exit %d, output:\n%s", passing[i], rc, out);
    free(out);
  }
}

Test(priv_programs, uart_prints) {
  char args[1200], *out;
  snprintf(args, sizeof args, "run --machine rv32ia-priv '%s' 2>/dev/null", prog("uart"));
  cr_assert_eq(run(args, &out), 0);
  cr_assert_str_eq(out, "hello from rv32ia-priv\n");
  free(out);
}

Test(priv_programs, failed_test_exits_2) {
  char args[1200], *out;
  snprintf(args, sizeof args, "run --machine rv32ia-priv '%s'", prog("ends_fail3"));
  cr_assert_eq(run(args, &out), 2, "%s", out);
  cr_assert(strstr(out, "ends_fail3.elf: failed test 3 (tohost = 0x00000007)\n"), "%s", out);
  free(out);
}

Test(priv_programs, htif_request_exits_1) {
  char args[1200], *out;
  snprintf(args, sizeof args, "run --machine rv32ia-priv '%s'", prog("ends_htif_request"));
  cr_assert_eq(run(args, &out), 1, "%s", out);
  cr_assert(strstr(out, "error: expected tohost to be written with an odd value, found 0x"), "%s",
            out);
  cr_assert(strstr(out, " (an HTIF request) at pc 0x"), "%s", out);
  cr_assert_eq(strchr(out, '\n'), out + strlen(out) - 1, "one line: %s", out);
  free(out);
}

/* A trap loop is no end: the step budget stops it, --max-steps or the default 10^8. */
Test(priv_programs, trap_loop_hits_the_step_budget, .timeout = 300) {
  const char *path = prog("ends_trap_loop");
  bsyn_elf *e;
  bsyn_diag d;
  bsyn_diag_init(&d, path);
  cr_assert_eq(bsyn_elf_read(path, &e, &d), 0, "%s", d.msg);
  uint32_t pc;
  cr_assert(bsyn_elf_find_symbol(e, "trap_loop", &pc));
  bsyn_elf_free(e);
  char args[1200], want[256], *out;
  snprintf(args, sizeof args, "run --machine rv32ia-priv --max-steps 100k '%s'", path);
  cr_assert_eq(run(args, &out), 124, "%s", out);
  snprintf(want, sizeof want,
           "stopped after 100000 steps at pc 0x%08x in M mode: step limit reached (mcause "
           "0x0000000b, mepc 0x%08x, mtval 0x00000000)\n",
           pc, pc);
  cr_assert(strstr(out, want), "expected '%s' in: %s", want, out);
  free(out);
  snprintf(args, sizeof args, "run --machine rv32ia-priv '%s'", path);
  cr_assert_eq(run(args, &out), 124, "%s", out);
  cr_assert(strstr(out, "stopped after 100000000 steps at pc"), "%s", out);
  free(out);
}

Test(priv_programs, option_and_file_errors) {
  static const struct {
    const char *args, *says;
  } bad[] = {
      {"--machine rv32x", "bsyn run: error: expected rv32i or rv32ia-priv after --machine, found "
                          "'rv32x'\n"},
      {"--machine rv32ia-priv --eval spec",
       "bsyn run: error: expected --netlist with --eval, found none\n"},
      {"--machine rv32ia-priv --lockstep",
       "bsyn run: error: expected --netlist or --oracle SPEC with --lockstep, found none\n"},
      {"--oracle arith:add8", "bsyn run: error: expected an oracle with 1798 inputs and 1826 "
                              "outputs (the rv32ia-priv layout), found 'arith:add8' with 16 "
                              "inputs and 8 outputs\n"},
      {"--oracle rv32ia-priv:foo",
       "bsyn run: error: expected a flag (hints) after 'rv32ia-priv:', found 'foo'\n"},
      {"--oracle rv32ia-priv:hints", "bsyn run: error: expected an oracle with 1798 inputs and "
                                     "1826 outputs (the rv32ia-priv layout), found "
                                     "'rv32ia-priv:hints' with 1894 inputs and 1826 outputs\n"},
      {"--ref --oracle arith:add8",
       "bsyn run: error: expected --ref or --oracle arith:add8, found both\n"},
  };
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    char args[1200], *out;
    snprintf(args, sizeof args, "run %s '%s'", bad[i].args, prog("modes"));
    cr_assert_eq(run(args, &out), 1, "%s: %s", bad[i].args, out);
    cr_assert_str_eq(out, bad[i].says, "%s", bad[i].args);
    free(out);
  }
  char args[1200], *out;
  snprintf(args, sizeof args, "run --machine rv32ia-priv '%s'",
           bsyn_test_data("bad/elf/not_elf.elf"));
  cr_assert_eq(run(args, &out), 1, "%s", out);
  cr_assert(strstr(out, "not_elf.elf: error: expected"), "%s", out);
  cr_assert_eq(strchr(out, '\n'), out + strlen(out) - 1, "one line: %s", out);
  free(out);
  /* the machine is in the usage */
  cr_assert_eq(run("run --help", &out), 0);
  cr_assert(strstr(out, "--machine NAME"), "%s", out);
  free(out);
}

/* The RV32I programs of programs/asm and programs/c, linked after priv/shim/ecall_shim.S,
 * run on this machine with the same output as on rv32i: exit(0) becomes tohost = 1, a trap
 * failed test 256 + cause. */
Test(priv_programs, rv32i_programs_through_the_ecall_shim, .timeout = 120) {
  static const char *const same[] = {"alu_reg", "alu_imm",   "shifts",    "compares", "branches",
                                     "jumps",   "loadstore", "lui_auipc", "tohost",   "sort",
                                     "crc32",   "sieve",     "printf",    "interp",   "console"};
  for (size_t i = 0; i < sizeof same / sizeof same[0]; i++) {
    char name[64], args[2400], *ours, *theirs;
    snprintf(name, sizeof name, "rv32i/%s", same[i]);
    snprintf(args, sizeof args, "run --machine rv32ia-priv '%s' 2>/dev/null", prog(name));
    int rc = run(args, &ours);
    cr_assert_eq(rc, 0, "%s: exit %d: %s", name, rc, ours);
    snprintf(args, sizeof args, "run --ref '%s/programs/%s.elf' 2>/dev/null", BSYN_BUILD_DIR,
             same[i]);
    cr_assert_eq(run(args, &theirs), 0, "%s on rv32i", same[i]);
    cr_assert_str_eq(ours, theirs, "%s: different output", same[i]);
    free(ours);
    free(theirs);
  }
  char args[1200], *out;
  snprintf(args, sizeof args, "run --machine rv32ia-priv '%s'", prog("rv32i/tohost_fail"));
  cr_assert_eq(run(args, &out), 2, "%s", out);
  cr_assert(strstr(out, "failed test 5 (tohost = 0x0000000b)"), "%s", out);
  free(out);
  snprintf(args, sizeof args, "run --machine rv32ia-priv '%s'", prog("rv32i/trap_ebreak"));
  cr_assert_eq(run(args, &out), 2, "%s", out);
  cr_assert(strstr(out, "failed test 259 (tohost = 0x00000207)"), "%s", out);
  free(out);
}
