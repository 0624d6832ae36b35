/* The Verilog testbench (verify/tb/rv32i_core_tb.v through scripts/run_on_verilog.sh): the
 * Verilog that `bsyn convert` writes for the RTL-synthesized core runs programs under Icarus
 * Verilog and Verilator with the same output and exit code as `bsyn run --ref`. Skips when
 * yosys, a simulator or the programs are absent. Verilator compiles for about 20 s, so it
 * runs one small program. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bsyn_elf.h"
#include "bsyn_mem.h"
#include "bsyn_test.h"
#include "gates_fixture.h"

#define RUN_SCRIPT BSYN_SOURCE_DIR "/scripts/run_on_verilog.sh"

/* The core as Verilog in this test's temp folder (path in a static buffer). */
static const char *core_verilog(void) {
  static char path[1024];
  const char *aig = core_netlist();
  snprintf(path, sizeof path, "%s", bsyn_test_tmpfile("core.v"));
  char cmd[4096], *out;
  snprintf(cmd, sizeof cmd, "'%s' convert '%s' '%s'", bsyn_test_exe(), aig, path);
  cr_assert_eq(bsyn_test_run(cmd, &out), 0, "%s\n%s", cmd, out);
  free(out);
  return path;
}

/* Runs cmd with stdout captured and stderr into a file of the temp folder. */
static int run_split(const char *cmd, char **out, char **err) {
  char full[10240];
  char errfile[1024];
  snprintf(errfile, sizeof errfile, "%s", bsyn_test_tmpfile("stderr.txt"));
  snprintf(full, sizeof full, "%s 2>'%s'", cmd, errfile);
  int rc = bsyn_test_run(full, out);
  snprintf(full, sizeof full, "cat '%s'", errfile);
  bsyn_test_run(full, err);
  return rc;
}

static void same_as_bsyn_run(const char *sim, const char *verilog, const char *workdir,
                             const char *name) {
  const char *p = prog(name);
  char cmd[8192], *want, *want_err, *got, *got_err;
  snprintf(cmd, sizeof cmd, "'%s' run --ref '%s'", bsyn_test_exe(), p);
  int rc_want = run_split(cmd, &want, &want_err);
  snprintf(cmd, sizeof cmd, "BSYN='%s' '%s' --sim %s --workdir '%s' '%s' '%s'", bsyn_test_exe(),
           RUN_SCRIPT, sim, workdir, verilog, p);
  int rc = run_split(cmd, &got, &got_err);
  cr_assert_eq(rc, rc_want, "%s on %s: exit %d, bsyn run %d\n%s", name, sim, rc, rc_want, got_err);
  cr_assert_str_eq(got, want, "%s on %s: output differs\n%s", name, sim, got_err);
  free(want);
  free(want_err);
  free(got);
  free(got_err);
}

Test(tb, iverilog_runs_programs_like_bsyn_run) {
  if (!bsyn_test_have("iverilog") || !bsyn_test_have("vvp"))
    cr_skip("iverilog not installed");
  const char *v = core_verilog();
  char workdir[1024];
  snprintf(workdir, sizeof workdir, "%s", bsyn_test_tmpfile("iverilog"));
  static const char *const progs[] = {"console",     "alu_reg",      "loadstore",
                                      "tohost_fail", "trap_illegal", "trap_load_misaligned"};
  for (size_t i = 0; i < sizeof progs / sizeof progs[0]; i++)
    same_as_bsyn_run("iverilog", v, workdir, progs[i]);
}

Test(tb, verilator_runs_a_program_like_bsyn_run, .timeout = 600) {
  if (!bsyn_test_have("verilator"))
    cr_skip("verilator not installed");
  const char *v = core_verilog();
  char workdir[1024];
  snprintf(workdir, sizeof workdir, "%s", bsyn_test_tmpfile("verilator"));
  same_as_bsyn_run("verilator", v, workdir, "console");
}

Test(tb, step_limit_and_bad_netlist) {
  if (!bsyn_test_have("iverilog"))
    cr_skip("iverilog not installed");
  const char *v = core_verilog();
  const char *p = prog("spin");
  char cmd[8192], *out, *err;
  snprintf(cmd, sizeof cmd, "BSYN='%s' '%s' --max-steps 300 '%s' '%s'", bsyn_test_exe(), RUN_SCRIPT,
           v, p);
  cr_assert_eq(run_split(cmd, &out, &err), 124, "%s", err);
  cr_assert(strstr(err, "stopped after 300 instructions at pc 0x"), "%s", err);
  free(out);
  free(err);
  /* a netlist without the rv32i-core ports */
  char small[1024], aag[1024];
  snprintf(aag, sizeof aag, "%s", bsyn_test_tmpfile("small.aag"));
  snprintf(small, sizeof small, "%s", bsyn_test_tmpfile("small.v"));
  snprintf(cmd, sizeof cmd,
           "printf 'aag 3 2 0 1 1\\n2\\n4\\n6\\n6 2 4\\n' > '%s' && '%s' convert '%s' '%s'", aag,
           bsyn_test_exe(), aag, small);
  cr_assert_eq(bsyn_test_run(cmd, NULL), 0);
  snprintf(cmd, sizeof cmd, "BSYN='%s' '%s' '%s' '%s'", bsyn_test_exe(), RUN_SCRIPT, small, p);
  cr_assert_eq(run_split(cmd, &out, &err), 1);
  cr_assert(strstr(err, "expected 160 inputs and 155 outputs"), "%s", err);
  free(out);
  free(err);
}

/* The image: plusargs that match the ELF, and word k of the file = memory at base + 4k. */
Test(tb, elf2hex_writes_the_memory_image) {
  const char *p = prog("printf");
  char hex[1024], cmd[4096], *out;
  snprintf(hex, sizeof hex, "%s", bsyn_test_tmpfile("printf.hex"));
  snprintf(cmd, sizeof cmd, "'%s' elf2hex '%s' '%s'", bsyn_test_exe(), p, hex);
  cr_assert_eq(bsyn_test_run(cmd, &out), 0, "%s", out);
  unsigned base, words, entry, tohost, has;
  cr_assert_eq(sscanf(out, "+base=%x +words=%u +entry=%x +tohost=%x +has_tohost=%u", &base, &words,
                      &entry, &tohost, &has),
               5, "%s", out);
  free(out);
  bsyn_elf *e;
  bsyn_diag d;
  cr_assert_eq(bsyn_elf_read(p, &e, &d), 0, "%s", d.msg);
  bsyn_mem *m = bsyn_mem_new(0);
  cr_assert_eq(bsyn_elf_load(e, m, &d), 0);
  cr_assert_eq(entry, e->entry);
  cr_assert_eq(base & 0xfff, 0);
  for (uint32_t i = 0; i < e->num_segments; i++)
    cr_assert(e->segments[i].vaddr >= base &&
              e->segments[i].vaddr + e->segments[i].memsz <= base + 4ull * words);
  FILE *f = fopen(hex, "r");
  cr_assert_not_null(f);
  char line[4096];
  uint32_t k = 0;
  while (fgets(line, sizeof line, f)) {
    if (line[0] == '/')
      continue;
    cr_assert_eq((uint32_t)strtoul(line, NULL, 16), bsyn_mem_read32(m, base + 4 * k), "word %u", k);
    k++;
  }
  fclose(f);
  cr_assert_eq(k, words);
  bsyn_mem_free(m);
  bsyn_elf_free(e);
  snprintf(cmd, sizeof cmd, "'%s' elf2hex '%s' '%s' --max-words 16", bsyn_test_exe(), p, hex);
  cr_assert_eq(bsyn_test_run(cmd, &out), 1);
  cr_assert(strstr(out, "error: expected an image of at most 16 words"), "%s", out);
  free(out);
}
