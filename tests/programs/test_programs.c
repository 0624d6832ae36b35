#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bsyn_elf.h"
#include "bsyn_rv32.h"
#include "bsyn_test.h"
#include "bsyn_test_build.h"

/* The programs of programs/, built into the build tree when the RISC-V toolchain exists. */
static const char *prog(const char *name) { return bsyn_test_program(NULL, name); }

/* Self-checking programs that end with exit(0) (or tohost = 1), and also run under
 * qemu-riscv32 (Linux user mode) with the same output and exit code. */
static const char *const passing[] = {"alu_reg", "alu_imm",   "shifts",    "compares", "branches",
                                      "jumps",   "loadstore", "lui_auipc", "tohost",   "sort",
                                      "crc32",   "sieve",     "printf",    "interp"};
enum { NPASSING = sizeof passing / sizeof passing[0] };

static int run(const char *args, char **out) {
  char cmd[4096];
  snprintf(cmd, sizeof cmd, "'%s' %s", bsyn_test_exe(), args);
  return bsyn_test_run(cmd, out);
}

Test(programs, all_pass_on_the_reference) {
  for (int i = 0; i < NPASSING; i++) {
    char args[1200];
    snprintf(args, sizeof args, "run --ref '%s'", prog(passing[i]));
    char *out;
    int rc = run(args, &out);
    cr_assert_eq(rc, 0, "%s: exit %d, output:\n%s", passing[i], rc, out);
    cr_assert_null(strstr(out, "FAIL"), "%s: %s", passing[i], out);
    free(out);
  }
}

Test(programs, tohost_failure_names_the_test) {
  char args[1200], *out;
  snprintf(args, sizeof args, "run --ref '%s'", prog("tohost_fail"));
  cr_assert_eq(run(args, &out), 2);
  cr_assert(strstr(out, "failed test 5 (tohost = 0x0000000b)"), "%s", out);
  free(out);
}

/* Each way a run ends has its own exit code (bsyn run --help): a script needs no stderr to
 * tell a failed test from a trap, the step limit or bad input. */
Test(programs, exit_codes_tell_the_ends_apart) {
  static const struct {
    const char *prog, *extra;
    int code;
    const char *says;
  } ends[] = {
      {"tohost", "", 0, NULL},
      {"tohost_fail", "", 2, "failed test 5 (tohost = 0x0000000b)"},
      {"trap_illegal", "", 3, "): illegal instruction (cause 2)"},
      {"trap_ebreak", "", 3, "): breakpoint (cause 3)"},
      {"spin", " --max-steps 1000", 124, "stopped after 1000 instructions at pc 0x"},
      {"tohost", " --max-steps 0", 1, "error: expected a positive step count"},
  };
  for (size_t i = 0; i < sizeof ends / sizeof ends[0]; i++) {
    char args[1200], *out;
    snprintf(args, sizeof args, "run --ref '%s'%s", prog(ends[i].prog), ends[i].extra);
    int rc = run(args, &out);
    cr_assert_eq(rc, ends[i].code, "%s%s: exit %d: %s", ends[i].prog, ends[i].extra, rc, out);
    if (ends[i].says)
      cr_assert(strstr(out, ends[i].says), "%s: %s", ends[i].prog, out);
    free(out);
  }
  /* a file that is no program */
  char args[1200], *out;
  snprintf(args, sizeof args, "run --ref '%s'", bsyn_test_data("bad/elf/not_elf.elf"));
  cr_assert_eq(run(args, &out), 1, "%s", out);
  cr_assert(strstr(out, "not_elf.elf: error: expected"), "%s", out);
  free(out);
  /* the codes are documented */
  cr_assert_eq(run("run --help", &out), 0);
  cr_assert(strstr(out, "  2    a failed test: tohost = (N << 1) | 1; stderr names test N"), "%s",
            out);
  cr_assert(strstr(out, "  3    a trap"), "%s", out);
  cr_assert(strstr(out, "  124  the step limit"), "%s", out);
  free(out);
}

/* Each trap program stops at its global label trap_pc with its cause and exit code 3. */
Test(programs, traps_stop_with_their_cause) {
  static const struct {
    const char *name;
    unsigned cause;
    const char *what;
  } traps[] = {
      {"trap_ebreak", BSYN_RV32_CAUSE_BREAKPOINT, "breakpoint"},
      {"trap_illegal", BSYN_RV32_CAUSE_ILLEGAL, "illegal instruction"},
      {"trap_load_misaligned", BSYN_RV32_CAUSE_LOAD_MISALIGNED, "load address misaligned"},
      {"trap_store_misaligned", BSYN_RV32_CAUSE_STORE_MISALIGNED, "store address misaligned"},
      {"trap_fetch_misaligned", BSYN_RV32_CAUSE_FETCH_MISALIGNED,
       "instruction address misaligned"}};
  for (size_t i = 0; i < sizeof traps / sizeof traps[0]; i++) {
    const char *path = prog(traps[i].name);
    bsyn_elf *e;
    bsyn_diag d;
    bsyn_diag_init(&d, path);
    cr_assert_eq(bsyn_elf_read(path, &e, &d), 0, "%s", d.msg);
    uint32_t pc;
    cr_assert(bsyn_elf_find_symbol(e, "trap_pc", &pc), "%s has no trap_pc", traps[i].name);
    bsyn_elf_free(e);
    char args[1200], want[256], *out;
    snprintf(args, sizeof args, "run --ref '%s'", path);
    int rc = run(args, &out);
    cr_assert_eq(rc, 3, "%s: exit %d: %s", traps[i].name, rc, out);
    snprintf(want, sizeof want, "trap at pc 0x%08x (inst 0x", pc);
    cr_assert(strstr(out, want), "%s: expected '%s' in: %s", traps[i].name, want, out);
    snprintf(want, sizeof want, "): %s (cause %u)\n", traps[i].what, traps[i].cause);
    cr_assert(strstr(out, want), "%s: expected '%s' in: %s", traps[i].name, want, out);
    free(out);
  }
}

Test(programs, console_output) {
  char args[1200], *out;
  snprintf(args, sizeof args, "run --ref '%s'", prog("console"));
  cr_assert_eq(run(args, &out), 0);
  cr_assert_str_eq(out, "hello from the console\n");
  free(out);
}

Test(programs, max_steps_stops_an_endless_loop) {
  char args[1200], *out;
  snprintf(args, sizeof args, "run --ref '%s' --max-steps 5000", prog("spin"));
  cr_assert_eq(run(args, &out), 124);
  cr_assert(strstr(out, "stopped after 5000 instructions at pc 0x"), "%s", out);
  cr_assert(strstr(out, "step limit reached"), "%s", out);
  free(out);
}

/* The signature holds the program's stores: the words it computed, a halfword over the
 * initial 0xdeadbeef, and one untouched word. */
Test(programs, signature_file) {
  const char *sig = bsyn_test_tmpfile("tohost.sig");
  char args[2400], *out;
  snprintf(args, sizeof args, "run --ref '%s' --signature '%s'", prog("tohost"), sig);
  cr_assert_eq(run(args, &out), 0, "%s", out);
  free(out);
  FILE *f = fopen(sig, "r");
  cr_assert_not_null(f);
  char text[256] = {0};
  size_t n = fread(text, 1, sizeof text - 1, f);
  fclose(f);
  uint32_t a = 0x12345678u,
           want[5] = {a, a + 0xffffu, (uint32_t)((int32_t)a >> 4), 0xdeadffffu, 0xdeadbeefu};
  char expect[256] = {0};
  for (int i = 0; i < 5; i++)
    snprintf(expect + 9 * i, sizeof expect - 9 * (size_t)i, "%08x\n", want[i]);
  cr_assert_eq(n, 45);
  cr_assert_str_eq(text, expect);
  /* a program without the symbols gets a clear error */
  snprintf(args, sizeof args, "run --ref '%s' --signature '%s'", prog("alu_reg"), sig);
  cr_assert_eq(run(args, &out), 1);
  cr_assert(strstr(out, "error: expected symbols begin_signature and end_signature"), "%s", out);
  free(out);
}

/* qemu-riscv32 (Linux user mode) gives the same stdout and exit code. The trap programs are
 * left out: there a trap is a signal (SIGTRAP, SIGILL), misaligned loads and stores are
 * emulated instead of trapping, and a 2-byte aligned jump is legal with the C extension;
 * console stores hit an unmapped page and spin never ends. */
Test(programs, same_as_qemu, .timeout = 120) {
  if (!bsyn_test_have("qemu-riscv32"))
    cr_skip("qemu-riscv32 not installed");
  for (int i = 0; i < NPASSING; i++) {
    const char *path = prog(passing[i]);
    char cmd[2400], *ours, *theirs;
    snprintf(cmd, sizeof cmd, "'%s' run --ref '%s' 2>/dev/null", bsyn_test_exe(), path);
    int rc_ours = bsyn_test_run(cmd, &ours);
    snprintf(cmd, sizeof cmd, "qemu-riscv32 '%s' 2>/dev/null", path);
    int rc_theirs = bsyn_test_run(cmd, &theirs);
    cr_assert_eq(rc_ours, rc_theirs, "%s: exit %d here, %d under qemu", passing[i], rc_ours,
                 rc_theirs);
    cr_assert_str_eq(ours, theirs, "%s: different output", passing[i]);
    free(ours);
    free(theirs);
  }
  /* qemu has no tohost: the exit(5) after the store reports the failing test */
  char cmd[2400], *out;
  snprintf(cmd, sizeof cmd, "qemu-riscv32 '%s'", prog("tohost_fail"));
  cr_assert_eq(bsyn_test_run(cmd, &out), 5);
  free(out);
}
