/* Programs on gates: every program of programs/ on the RTL-synthesized rv32i-core netlist
 * (verify/rv32i_core.v through scripts/rtl_to_aig.sh) in lock-step with the reference model,
 * the same netlist wrapped into rv32i-full's layout, a netlist with one AND flipped caught
 * by the lock-step with a report naming the field, and `bsyn run --netlist` errors.
 * Skips when yosys or the RISC-V programs are absent. Sanitizer builds stop the long
 * programs after 100,000 instructions (on both sides: the comparison stays exact). */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bsyn_aig.h"
#include "bsyn_gates_rv32.h"
#include "bsyn_io.h"
#include "bsyn_runner.h"
#include "bsyn_rv32_oracle.h"
#include "bsyn_test.h"
#include "bsyn_util.h"

#if defined(__SANITIZE_ADDRESS__)
#define LONG_STEPS " --max-steps 100000"
#else
#define LONG_STEPS ""
#endif

#include "gates_fixture.h"

static int bsyn(const char *args, char **out) {
  char cmd[8192];
  snprintf(cmd, sizeof cmd, "'%s' %s", bsyn_test_exe(), args);
  return bsyn_test_run(cmd, out);
}

/* stdout only (stderr to a file): what the program printed */
static int bsyn_stdout(const char *args, char **out, char **err) {
  char cmd[8192];
  const char *errfile = bsyn_test_tmpfile("stderr.txt");
  snprintf(cmd, sizeof cmd, "'%s' %s 2>'%s'", bsyn_test_exe(), args, errfile);
  int rc = bsyn_test_run(cmd, out);
  snprintf(cmd, sizeof cmd, "cat '%s'", errfile);
  bsyn_test_run(cmd, err);
  return rc;
}

/* The program on the netlist (in lock-step, or alone) gives the reference's exit code and
 * output; extra: more options for both runs. */
static void same_as_reference(const char *netlist, const char *oracle, const char *name,
                              const char *extra, int lockstep) {
  const char *p = prog(name);
  char args[4096], *ref, *ref_err, *got, *got_err;
  snprintf(args, sizeof args, "run --ref%s '%s'", extra, p);
  int want = bsyn_stdout(args, &ref, &ref_err);
  snprintf(args, sizeof args, "run --netlist '%s' --oracle %s%s%s '%s'", netlist, oracle,
           lockstep ? " --lockstep" : "", extra, p);
  int rc = bsyn_stdout(args, &got, &got_err);
  cr_assert_null(strstr(got_err, "lockstep"), "%s on %s:\n%s", name, oracle, got_err);
  cr_assert_eq(rc, want, "%s on %s: exit %d, reference %d\n%s", name, oracle, rc, want, got_err);
  cr_assert_str_eq(got, ref, "%s on %s: output differs", name, oracle);
  free(ref);
  free(ref_err);
  free(got);
  free(got_err);
}

static const char *const short_programs[] = {"alu_reg",
                                             "alu_imm",
                                             "shifts",
                                             "compares",
                                             "branches",
                                             "jumps",
                                             "loadstore",
                                             "lui_auipc",
                                             "tohost",
                                             "tohost_fail",
                                             "console",
                                             "trap_ebreak",
                                             "trap_illegal",
                                             "trap_fetch_misaligned",
                                             "trap_load_misaligned",
                                             "trap_store_misaligned"};

Test(gate_programs, short_programs_in_lockstep) {
  const char *net = core_netlist();
  for (size_t i = 0; i < sizeof short_programs / sizeof short_programs[0]; i++) {
    same_as_reference(net, "rv32i-core", short_programs[i], "", 1);
    /* alone, the step evaluates only what the runner reads (lazy): same results */
    same_as_reference(net, "rv32i-core", short_programs[i], "", 0);
  }
  same_as_reference(net, "rv32i-core", "spin", " --max-steps 5000", 1);
}

Test(gate_programs, printf_in_lockstep_and_alone) {
  same_as_reference(core_netlist(), "rv32i-core", "printf", "", 1);
  same_as_reference(core_netlist(), "rv32i-core", "printf", "", 0);
}
/* `bsyn run --netlist` specialises per (pc, inst) by default; the demand-driven evaluator
 * stays available and gives the same runs. */
Test(gate_programs, demand_evaluator_runs_programs_too) {
  const char *net = core_netlist();
  same_as_reference(net, "rv32i-core --eval demand", "printf", "", 1);
  same_as_reference(net, "rv32i-core --eval demand", "printf", "", 0);
  same_as_reference(net, "rv32i-core --eval demand", "loadstore", "", 0);
  same_as_reference(net, "rv32i-core --eval spec", "loadstore", "", 1);
}

Test(gate_programs, sort_in_lockstep) {
  same_as_reference(core_netlist(), "rv32i-core", "sort", LONG_STEPS, 1);
}
Test(gate_programs, crc32_in_lockstep) {
  same_as_reference(core_netlist(), "rv32i-core", "crc32", LONG_STEPS, 1);
}
Test(gate_programs, sieve_in_lockstep) {
  same_as_reference(core_netlist(), "rv32i-core", "sieve", LONG_STEPS, 1);
}
Test(gate_programs, interp_in_lockstep) {
  same_as_reference(core_netlist(), "rv32i-core", "interp", LONG_STEPS, 1);
}

/* A learned core checked in: scripts/learn_core.sh's output in make demo (every group
 * proven against the RTL's cones; docs/rv32-learning.md §10) after ABC's &dc2 and twice
 * &dch -f; &dc2, which keep the function: 40,839 ANDs. */
#define LEARNED_CORE BSYN_TEST_DATA "/good/rv32i-core-learned.aig"

/* The whole learned core is proven equal to the RTL (one BDD check per output). */
Test(gate_programs, learned_core_is_proven_equal_to_the_rtl, .timeout = 300) {
  if (!bsyn_test_have("berkeley-abc"))
    cr_skip("berkeley-abc not installed");
  char args[4096], *out;
  snprintf(args, sizeof args, "verify '%s' --formal '%s'", LEARNED_CORE, core_netlist());
  cr_assert_eq(bsyn(args, &out), 0, "%s", out);
  cr_assert(strstr(out, "proved equivalent"), "%s", out);
  free(out);
}

Test(gate_programs, learned_core_runs_every_program, .timeout = 300) {
  for (size_t i = 0; i < sizeof short_programs / sizeof short_programs[0]; i++)
    same_as_reference(LEARNED_CORE, "rv32i-core", short_programs[i], "", 1);
  static const char *const longer[] = {"printf", "sort", "crc32", "sieve", "interp"};
  for (size_t i = 0; i < sizeof longer / sizeof longer[0]; i++)
    same_as_reference(LEARNED_CORE, "rv32i-core", longer[i], LONG_STEPS, 1);
  same_as_reference(LEARNED_CORE, "rv32i-core", "spin", " --max-steps 5000", 1);
}

static bsyn_aig *read_aig(const char *path) {
  bsyn_aig *g;
  bsyn_diag d;
  cr_assert_eq(bsyn_io_read_netlist(path, &g, &d), 0, "%s: %s", path, d.msg);
  return g;
}

static void write_aig(const bsyn_aig *g, const char *path) {
  bsyn_diag d;
  cr_assert_eq(bsyn_io_write_netlist(g, path, &d), 0, "%s: %s", path, d.msg);
}

/* 1 when the 5-bit literal vector v equals k. */
static bsyn_lit equals_const(bsyn_aig *g, const bsyn_lit *v, uint32_t k) {
  bsyn_lit m = BSYN_LIT_TRUE;
  for (int b = 0; b < 5; b++)
    m = bsyn_aig_and(g, m, bsyn_lit_notif(v[b], !(k >> b & 1)));
  return m;
}

/* rv32i-full around an rv32i-core netlist: read multiplexers on inst's register fields,
 * the core, and a write-back select per register. */
static bsyn_aig *core_to_full(const bsyn_aig *core) {
  bsyn_aig *f = bsyn_aig_new();
  bsyn_lit x[32][32], pc[32], inst[32], mem[32], rs[2][32];
  for (int b = 0; b < 32; b++)
    x[0][b] = BSYN_LIT_FALSE;
  for (int k = 1; k < 32; k++)
    for (int b = 0; b < 32; b++)
      x[k][b] = bsyn_aig_add_input(f, NULL);
  for (int b = 0; b < 32; b++)
    pc[b] = bsyn_aig_add_input(f, NULL);
  for (int b = 0; b < 32; b++)
    inst[b] = bsyn_aig_add_input(f, NULL);
  for (int b = 0; b < 32; b++)
    mem[b] = bsyn_aig_add_input(f, NULL);
  for (int port = 0; port < 2; port++)
    for (int b = 0; b < 32; b++) {
      rs[port][b] = BSYN_LIT_FALSE;
      for (uint32_t k = 1; k < 32; k++)
        rs[port][b] = bsyn_aig_or(
            f, rs[port][b], bsyn_aig_and(f, equals_const(f, &inst[port ? 20 : 15], k), x[k][b]));
    }
  bsyn_lit *map = bsyn_malloc(core->num_vars * sizeof *map);
  map[0] = BSYN_LIT_FALSE;
  for (uint32_t i = 0; i < 160; i++) {
    const bsyn_lit *field[5] = {pc, inst, rs[0], rs[1], mem};
    map[i + 1] = field[i / 32][i % 32];
  }
  for (uint32_t v = core->num_inputs + 1; v < core->num_vars; v++) {
    bsyn_lit a = bsyn_aig_fanin0(core, v), b = bsyn_aig_fanin1(core, v);
    map[v] = bsyn_aig_and(f, map[a >> 1] ^ (a & 1), map[b >> 1] ^ (b & 1));
  }
  bsyn_lit o[BSYN_RV32C_NUM_OUTPUTS];
  for (uint32_t i = 0; i < BSYN_RV32C_NUM_OUTPUTS; i++)
    o[i] = map[core->outputs[i] >> 1] ^ (core->outputs[i] & 1);
  for (uint32_t k = 1; k < 32; k++) {
    bsyn_lit we =
        bsyn_aig_and(f, o[BSYN_RV32C_OUT_RD_WE], equals_const(f, &o[BSYN_RV32C_OUT_RD_ADDR], k));
    for (int b = 0; b < 32; b++)
      bsyn_aig_add_output(f, bsyn_aig_mux(f, we, o[BSYN_RV32C_OUT_RD_WDATA + b], x[k][b]), NULL);
  }
  for (uint32_t i = BSYN_RV32C_OUT_NEXT_PC; i < BSYN_RV32C_NUM_OUTPUTS; i++)
    if (i < BSYN_RV32C_OUT_NEXT_PC + 32 || i >= BSYN_RV32C_OUT_MEM_ADDR)
      bsyn_aig_add_output(f, o[i], NULL);
  free(map);
  return f;
}

Test(gate_programs, full_layout_runs_programs) {
  bsyn_aig *core = read_aig(core_netlist());
  bsyn_aig *full = core_to_full(core);
  cr_assert_eq(full->num_inputs, BSYN_RV32F_NUM_INPUTS);
  cr_assert_eq(full->num_outputs, BSYN_RV32F_NUM_OUTPUTS);
  char path[1024]; /* bsyn_test_tmpfile's buffers rotate */
  snprintf(path, sizeof path, "%s", bsyn_test_tmpfile("full.aig"));
  write_aig(full, path);
  static const char *const progs[] = {"alu_reg",     "loadstore",    "jumps", "console",
                                      "tohost_fail", "trap_illegal", "printf"};
  for (size_t i = 0; i < sizeof progs / sizeof progs[0]; i++)
    same_as_reference(path, "rv32i-full", progs[i], "", 1);
  same_as_reference(path, "rv32i-full", "alu_reg", "", 0);
  same_as_reference(path, "rv32i-full", "console", "", 0);
  same_as_reference(path, "rv32i-full --eval demand", "loadstore", "", 1);
  same_as_reference(path, "rv32i-full --eval demand", "printf", "", 0);
  bsyn_aig_free(full);
  bsyn_aig_free(core);
}

/* The ANDs only rd_wdata depends on (none of another field's cone). */
static uint8_t *rd_wdata_only(const bsyn_aig *g) {
  uint8_t *mine = bsyn_calloc(g->num_vars, 1), *other = bsyn_calloc(g->num_vars, 1);
  for (uint32_t o = 0; o < g->num_outputs; o++) {
    int in_field = o >= BSYN_RV32C_OUT_RD_WDATA && o < BSYN_RV32C_OUT_RD_WDATA + 32;
    bsyn_aig_mark_cone(g, g->outputs[o], in_field ? mine : other);
  }
  for (uint32_t v = 0; v < g->num_vars; v++)
    mine[v] = mine[v] && !other[v] && bsyn_aig_is_and(g, v);
  free(other);
  return mine;
}

/* 1 when the netlist diverges from the reference on program p within its run. */
static int diverges(const bsyn_aig *g, const char *p) {
  bsyn_diag d;
  bsyn_elf *elf;
  bsyn_runner *r = bsyn_runner_open_ref(p, 1u << 24, &elf, &d);
  cr_assert_not_null(r, "%s", d.msg);
  bsyn_gates_rv32 *s = bsyn_gates_rv32_new(g, "rv32i-core", BSYN_GATES_MUX, &d);
  cr_assert_not_null(s, "%s", d.msg);
  bsyn_gates_rv32_attach(s, r, 1);
  bsyn_runner_run(r, 100000);
  char report[2048];
  int rc = bsyn_gates_rv32_report(s, r, report, sizeof report);
  bsyn_gates_rv32_free(s);
  bsyn_runner_free(r);
  bsyn_elf_free(elf);
  return rc;
}

Test(gate_programs, flipped_and_is_caught_with_its_field) {
  bsyn_aig *g = read_aig(core_netlist());
  const char *p = prog("alu_reg");
  uint8_t *only = rd_wdata_only(g);
  bsyn_aig *bad = NULL;
  uint32_t flipped = 0, tried = 0;
  /* the first AND of rd_wdata's own logic (the ALU, load alignment, result select) whose
   * flip alu_reg notices; most are noticed */
  for (uint32_t v = g->num_inputs + 1; v < g->num_vars && !bad && tried < 200; v++) {
    if (!only[v])
      continue;
    tried++;
    bsyn_aig *m = bsyn_aig_dup(g);
    m->fanins[2 * v + 1] ^= 1;
    if (diverges(m, p)) {
      bad = m;
      flipped = v;
    } else {
      bsyn_aig_free(m);
    }
  }
  cr_assert_not_null(bad, "no flipped AND of rd_wdata's cone was noticed in %u tries", tried);
  char path[1024];
  snprintf(path, sizeof path, "%s", bsyn_test_tmpfile("flipped.aig"));
  write_aig(bad, path);
  char args[4096], *out, *err;
  snprintf(args, sizeof args, "run --netlist '%s' --lockstep '%s'", path, p);
  int rc = bsyn_stdout(args, &out, &err);
  cr_assert_eq(rc, 1, "AND %u flipped: exit %d\n%s", flipped, rc, err);
  cr_assert(strstr(err, "error: expected rd_wdata = 0x"), "%s", err);
  cr_assert(strstr(err, "lockstep: divergence at instruction "), "%s", err);
  cr_assert(strstr(err, "\n  rd_wdata  gates 0x"), "%s", err);
  /* only rd_wdata's own logic changed: no other field is reported */
  cr_assert_null(strstr(err, "next_pc "), "%s", err);
  cr_assert_null(strstr(err, "mem_addr "), "%s", err);
  free(out);
  free(err);
  free(only);
  bsyn_aig_free(bad);
  bsyn_aig_free(g);
}

Test(gate_programs, netlist_errors) {
  bsyn_aig *g = bsyn_test_random_aig(12, 40, 3, 7);
  char path[1024];
  snprintf(path, sizeof path, "%s", bsyn_test_tmpfile("small.aig"));
  write_aig(g, path);
  bsyn_aig_free(g);
  char args[4096], *out;
  /* option errors come before any file is read */
  snprintf(args, sizeof args, "run --lockstep x.elf");
  cr_assert_eq(bsyn(args, &out), 1);
  cr_assert(strstr(out, "expected --netlist with --lockstep, found none"), "%s", out);
  free(out);
  snprintf(args, sizeof args, "run --eval spec x.elf");
  cr_assert_eq(bsyn(args, &out), 1);
  cr_assert(strstr(out, "expected --netlist with --eval, found none"), "%s", out);
  free(out);
  snprintf(args, sizeof args, "run --netlist '%s' --eval fast x.elf", path);
  cr_assert_eq(bsyn(args, &out), 1);
  cr_assert(strstr(out, "expected spec or demand after --eval, found 'fast'"), "%s", out);
  free(out);
  snprintf(args, sizeof args, "run --ref --netlist '%s' x.elf", path);
  cr_assert_eq(bsyn(args, &out), 1);
  cr_assert(strstr(out, "expected --ref or --netlist, found both"), "%s", out);
  free(out);
  const char *elf = prog("alu_reg");
  snprintf(args, sizeof args, "run --netlist '%s' --oracle rv32i-core '%s'", path, elf);
  cr_assert_eq(bsyn(args, &out), 1);
  cr_assert(strstr(out, "small.aig: error: expected 160 inputs and 155 outputs (the rv32i-core "
                        "layout), found 12 inputs and 3 outputs"),
            "%s", out);
  free(out);
  snprintf(args, sizeof args, "run --netlist '%s' --oracle rv32e '%s'", path, elf);
  cr_assert_eq(bsyn(args, &out), 1);
  cr_assert(strstr(out, "expected oracle rv32i-core or rv32i-full, found 'rv32e'"), "%s", out);
  free(out);
}
