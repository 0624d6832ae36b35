/* The independent RTL of rv32ia-priv (verify/rv32ia_priv.v) against its hand-worked testbench
 * and against the C oracle `rv32ia-priv`.
 *
 * The RTL and the oracle are two separate readings of docs/rv32ia-priv.md; this suite keeps
 * them in agreement: scripts/check_rv32ia_rtl.sh synthesizes the RTL (Yosys) and runs
 * `bsyn verify` on 10^5 vectors per distribution (the long runs are in the doc's
 * "Independent RTL" section). Icarus Verilog runs verify/tb/rv32ia_priv_tb.v, whose answers
 * were worked out from the doc by hand, and Verilator lints the RTL. Each test skips when its
 * tool is missing. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>

#include "bsyn_test.h"

#define RTL_FILE BSYN_SOURCE_DIR "/verify/rv32ia_priv.v"
#define TB_FILE BSYN_SOURCE_DIR "/verify/tb/rv32ia_priv_tb.v"
#define CHECK_SCRIPT BSYN_SOURCE_DIR "/scripts/check_rv32ia_rtl.sh"

Test(rv32ia_rtl, synthesized_rtl_agrees_with_oracle, .timeout = 600) {
  if (!bsyn_test_have("yosys"))
    cr_skip_test("yosys is not installed");
  char cmd[8192], *log = NULL;
  snprintf(cmd, sizeof cmd, "BSYN='%s' '%s' --threads 2 100k", bsyn_test_exe(), CHECK_SCRIPT);
  int rc = bsyn_test_run(cmd, &log);
  cr_expect_eq(rc, 0, "%s (%d):\n%s", cmd, rc, log ? log : "");
  free(log);
}

Test(rv32ia_rtl, iverilog_testbench_passes) {
  if (!bsyn_test_have("iverilog") || !bsyn_test_have("vvp"))
    cr_skip_test("iverilog is not installed");
  const char *std[] = {"-g2005", "-g2012"};
  for (int i = 0; i < 2; i++) {
    char cmd[8192], *log = NULL;
    const char *vvp = bsyn_test_tmpfile("tb.vvp");
    snprintf(cmd, sizeof cmd, "iverilog %s -Wall -o '%s' '%s' '%s' && vvp -n '%s'", std[i], vvp,
             TB_FILE, RTL_FILE, vvp);
    int rc = bsyn_test_run(cmd, &log);
    cr_expect_eq(rc, 0, "%s (%d):\n%s", cmd, rc, log ? log : "");
    free(log);
  }
}

Test(rv32ia_rtl, verilator_lint_clean) {
  if (!bsyn_test_have("verilator"))
    cr_skip_test("verilator is not installed");
  char cmd[8192], *log = NULL;
  snprintf(cmd, sizeof cmd, "verilator --lint-only -Wall --Mdir '%s' '%s'",
           bsyn_test_tmpfile("obj_dir"), RTL_FILE);
  int rc = bsyn_test_run(cmd, &log);
  cr_expect(rc == 0 && (!log || !*log), "%s (%d):\n%s", cmd, rc, log ? log : "");
  free(log);
}
