/* The rv32ia-priv programs (programs/priv/) on gates: the independent RTL verify/rv32ia_priv.v
 * synthesized by scripts/rtl_to_aig.sh (Yosys + ABC, about 18 k ANDs) runs every program with
 * `bsyn run --netlist`, specialised and demand-driven, alone and in lock-step with the
 * reference; the ends exit as on the reference; a netlist with one output inverted is caught
 * by the lock-step at the first step with a field-by-field report; the scheduler of
 * programs/rtos runs on it in lock-step. The RTL compiled by Verilator runs them too, as an
 * exec: responder. Each test skips without its tool (yosys, verilator) or the cross
 * compiler. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bsyn_io.h"
#include "bsyn_rv32ia.h"
#include "bsyn_test.h"
#include "bsyn_test_build.h"

static const char *prog(const char *name) { return bsyn_test_program("priv", name); }

/* The synthesized RTL (about 18 k ANDs), shared through the build tree. */
static const char *netlist(void) {
  return bsyn_test_rtl_netlist("rv32ia_priv.v", "gates_rv32ia_priv.aig");
}

static const char *const passing[] = {"modes", "delegate", "illegal", "misaligned", "csr",
                                      "views", "timer",    "lrsc",    "amo",        "uart"};
enum { NPASSING = sizeof passing / sizeof passing[0] };

static int run(const char *args, char **out) {
  char cmd[8192];
  snprintf(cmd, sizeof cmd, "'%s' %s", bsyn_test_exe(), args);
  return bsyn_test_run(cmd, out);
}

/* Every program, with each evaluator, alone (the layout found from the netlist's counts) and
 * in lock-step. */
Test(priv_gates, programs_pass_on_the_rtl_netlist, .timeout = 300) {
  const char *aig = netlist();
  static const char *const modes[] = {"", "--eval demand", "--lockstep",
                                      "--machine rv32ia-priv --eval demand --lockstep"};
  for (size_t m = 0; m < sizeof modes / sizeof modes[0]; m++)
    for (int i = 0; i < NPASSING; i++) {
      char args[2400], *out;
      snprintf(args, sizeof args, "run --netlist '%s' %s '%s'", aig, modes[m], prog(passing[i]));
      int rc = run(args, &out);
      cr_assert_eq(rc, 0, "%s %s: exit %d, output:\n%s", passing[i], modes[m], rc, out);
      free(out);
    }
}

Test(priv_gates, ends_as_on_the_reference, .timeout = 300) {
  const char *aig = netlist();
  static const struct {
    const char *prog, *extra;
    int code;
    const char *says;
  } ends[] = {
      {"ends_fail3", "", 2, "failed test 3 (tohost = 0x00000007)"},
      {"ends_trap_loop", "--max-steps 20k", 124,
       "stopped after 20000 steps at pc 0x80000040 in M mode: step limit reached (mcause "
       "0x0000000b, mepc 0x80000040"},
      {"ends_htif_request", "", 1, "(an HTIF request) at pc 0x"},
      {"uart", "--oracle rv32ia-priv --eval spec", 0, "hello from rv32ia-priv\n"},
  };
  for (size_t i = 0; i < sizeof ends / sizeof ends[0]; i++) {
    char args[2400], *out;
    snprintf(args, sizeof args, "run --netlist '%s' %s '%s'", aig, ends[i].extra,
             prog(ends[i].prog));
    int rc = run(args, &out);
    cr_assert_eq(rc, ends[i].code, "%s: exit %d: %s", ends[i].prog, rc, out);
    cr_assert(strstr(out, ends[i].says), "%s: expected '%s' in: %s", ends[i].prog, ends[i].says,
              out);
    free(out);
  }
  /* a long RV32I program (426 k steps) through the ecall shim, specialised, in lock-step */
  char path[1200];
  snprintf(path, sizeof path, "%s/programs/priv/rv32i/crc32.elf", BSYN_BUILD_DIR);
  if (access(path, R_OK) == 0) {
    char args2[2400], *out2;
    snprintf(args2, sizeof args2, "run --netlist '%s' --lockstep '%s' 2>&1 >/dev/null", aig, path);
    cr_assert_eq(run(args2, &out2), 0, "crc32: %s", out2);
    free(out2);
  }
  /* the netlist as an oracle (aig:FILE), asked one vector per pass */
  char args[2400], *out;
  snprintf(args, sizeof args, "run --machine rv32ia-priv --oracle 'aig:%s' --lockstep '%s'", aig,
           prog("amo"));
  cr_assert_eq(run(args, &out), 0, "%s", out);
  free(out);
}

/* The preemptive scheduler (programs/rtos: timer interrupts, ECALLs from U mode, a full
 * context switch 200 times; about 89 k steps) on the specialised netlist in lock-step. */
Test(priv_gates, scheduler_in_lockstep_on_the_rtl_netlist, .timeout = 300) {
  const char *aig = netlist();
  char args[2400], *out;
  snprintf(args, sizeof args, "run --netlist '%s' --lockstep '%s' 2>&1", aig, prog("rtos"));
  int rc = run(args, &out);
  cr_assert_eq(rc, 0, "rtos: exit %d: %s", rc, out);
  cr_assert(strstr(out, "task 0: crc32 0x8cdc62f0\n"), "%s", out);
  cr_assert(strstr(out, "rtos: all tasks done: "), "%s", out);
  free(out);
}

/* mepc_next bit 2 inverted: the lock-step stops at the first step and names the field. */
Test(priv_gates, lockstep_names_the_first_difference, .timeout = 300) {
  const char *aig = netlist();
  bsyn_aig *g;
  bsyn_diag d;
  cr_assert_eq(bsyn_io_read_netlist(aig, &g, &d), 0, "%s", d.msg);
  uint32_t o = BSYN_RV32IA_OUT_CSR + 32 * BSYN_RV32IA_MEPC + 2;
  bsyn_aig_set_output(g, o, g->outputs[o] ^ 1);
  const char *bad = bsyn_test_tmpfile("bad_rv32ia.aig");
  cr_assert_eq(bsyn_io_write_netlist(g, bad, &d), 0, "%s", d.msg);
  bsyn_aig_free(g);
  char args[2400], *out;
  snprintf(args, sizeof args, "run --netlist '%s' --lockstep '%s'", bad, prog("modes"));
  cr_assert_eq(run(args, &out), 1, "%s", out);
  cr_assert(strstr(out, "error: expected mepc_next = 0x0 (reference), found 0x4 at pc 0x80000000 "
                        "(inst 0x00000d93, priv M)\n"),
            "%s", out);
  cr_assert(strstr(out, "lockstep: divergence at step 1, pc 0x80000000 in M mode: "), "%s", out);
  cr_assert(strstr(out, "\n  mepc_next      device 0x00000004, reference 0x00000000"), "%s", out);
  free(out);
  /* a netlist of another size is refused on this machine */
  bsyn_aig *small = bsyn_test_random_aig(12, 40, 3, 7);
  const char *smallp = bsyn_test_tmpfile("small.aig");
  cr_assert_eq(bsyn_io_write_netlist(small, smallp, &d), 0, "%s", d.msg);
  bsyn_aig_free(small);
  snprintf(args, sizeof args, "run --machine rv32ia-priv --netlist '%s' '%s'", smallp,
           prog("modes"));
  cr_assert_eq(run(args, &out), 1, "%s", out);
  cr_assert(strstr(out, "small.aig: error: expected 1798 inputs and 1826 outputs (the "
                        "rv32ia-priv layout), found 12 inputs and 3 outputs"),
            "%s", out);
  free(out);
}

/* The same RTL compiled by Verilator answers as an exec: responder
 * (scripts/rv32ia_verilator.sh, verify/tb/rv32ia_priv_exec.cpp); every program passes on it
 * in lock-step with the reference. */
Test(priv_gates, programs_pass_on_the_verilated_rtl, .timeout = 600) {
  if (!bsyn_test_have("verilator"))
    cr_skip("verilator not installed");
  const char *first = prog(passing[0]);
  char cmd[4096], *log;
  snprintf(cmd, sizeof cmd, "'%s/scripts/rv32ia_verilator.sh' '%s/tests/rv32ia_verilator'",
           BSYN_SOURCE_DIR, BSYN_BUILD_DIR);
  int rc = bsyn_test_run(cmd, &log);
  cr_assert_eq(rc, 0, "%s failed:\n%s", cmd, log);
  char *nl = strchr(log, '\n');
  if (nl)
    *nl = 0;
  for (int i = 0; i < NPASSING; i++) {
    char args[4096], *out;
    snprintf(args, sizeof args, "run --oracle 'exec:%s' --lockstep '%s'", log,
             i ? prog(passing[i]) : first);
    int code = run(args, &out);
    cr_assert_eq(code, 0, "%s: exit %d, output:\n%s", passing[i], code, out);
    free(out);
  }
  free(log);
}
