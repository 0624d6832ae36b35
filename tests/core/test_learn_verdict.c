/* What `bsyn learn` says about its netlist with default options: the verdict line, the
 * exit status, the budgets, and gates without dead ANDs. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bsyn_io.h"
#include "bsyn_test.h"

Test(learn_verdict, default_run_is_checked_and_says_so_first) {
  char args[1024];
  snprintf(args, sizeof args, "--oracle arith:add8 -o %s", bsyn_test_tmpfile("v_add8.aig"));
  int rc;
  char *out = bsyn_test_cli("learn", args, &rc);
  cr_assert_eq(rc, 0, "%s", out);
  cr_assert(!strncmp(out, "checked: 0 mismatches on 1000000 vectors", 40),
            "the first line must be the verdict: %s", out);
  cr_assert(strstr(out, "600 s (default)") != NULL, "the default time budget: %s", out);
  cr_assert(strstr(out, "(default: half of physical memory)") != NULL, "%s", out);
  free(out);
}

/* Without refinement, learned from uniform words (which never show a == b), eq32 is the
 * constant 0: the check's boundary words find it wrong, it says so first and exits 3 (the
 * netlist is still written). */
Test(learn_verdict, wrong_netlist_is_called_wrong_and_exits_3) {
  char args[1024];
  const char *file = bsyn_test_tmpfile("v_eq32.aig");
  snprintf(args, sizeof args,
           "--oracle arith:eq32 --sampler uniform --refine-rounds 0 --verify-vectors 200000 -o %s",
           file);
  int rc;
  char *out = bsyn_test_cli("learn", args, &rc);
  cr_assert_eq(rc, 3, "%s", out);
  cr_assert(!strncmp(out, "WRONG on ", 9), "%s", out);
  cr_assert_null(strstr(out, "checked:"), "%s", out);
  free(out);
  snprintf(args, sizeof args,
           "--oracle arith:eq32 --sampler uniform --refine-rounds 0 --verify-vectors 200000 -o %s "
           "--json",
           file);
  out = bsyn_test_cli("learn", args, &rc);
  cr_assert_eq(rc, 3, "%s", out);
  cr_assert(strstr(out, "\"status\":\"wrong\",\"exit\":3") != NULL, "%s", out);
  free(out);
  bsyn_aig *aig;
  bsyn_diag d;
  cr_assert_eq(bsyn_io_read_netlist(file, &aig, &d), 0, "the netlist was not written: %s", d.msg);
  bsyn_aig_free(aig);
}

Test(learn_verdict, no_check_is_called_unchecked) {
  char args[1024];
  snprintf(args, sizeof args, "--oracle arith:add8 --verify-vectors 0 -o %s --json",
           bsyn_test_tmpfile("v_unchecked.aig"));
  int rc;
  char *out = bsyn_test_cli("learn", args, &rc);
  cr_assert_eq(rc, 0, "%s", out);
  cr_assert(strstr(out, "\"status\":\"unchecked\"") != NULL, "%s", out);
  cr_assert(strstr(out, "\"verify_vectors\":0,") != NULL, "%s", out);
  free(out);
}

/* --max-seconds bounds the whole run: the whole rv32i-core (hours unbounded) stops, writes the
 * partial netlist and exits 2, well within the budget plus a slice. */
Test(learn_verdict, time_budget_ends_the_run_with_a_partial_netlist, .timeout = 120) {
  char args[1024];
  const char *file = bsyn_test_tmpfile("v_core.aig");
  snprintf(args, sizeof args, "--oracle rv32i-core --max-seconds 2 --lookahead 8 -o %s --json",
           file);
  int rc;
  char *out = bsyn_test_cli("learn", args, &rc);
  cr_assert_eq(rc, 2, "%s", out);
  cr_assert(strstr(out, "\"status\":\"partial\"") != NULL, "%s", out);
  cr_assert(strstr(out, "\"stop\":\"time budget\"") != NULL, "%s", out);
  const char *sec = strstr(out, "\"seconds\":");
  cr_assert_not_null(sec, "%s", out);
  double t = atof(sec + 10);
  cr_assert(t < 30, "a 2 s budget took %.1f s", t);
  free(out);
  bsyn_aig *aig;
  bsyn_diag d;
  cr_assert_eq(bsyn_io_read_netlist(file, &aig, &d), 0, "%s", d.msg);
  bsyn_aig_free(aig);
}

/* A memory budget below what the process already holds ends learning at once. */
Test(learn_verdict, memory_budget_counts_the_resident_process) {
  char args[1024];
  snprintf(args, sizeof args, "--oracle arith:alu16 --max-memory 1M -o %s --json",
           bsyn_test_tmpfile("v_mem.aig"));
  int rc;
  char *out = bsyn_test_cli("learn", args, &rc);
  cr_assert_eq(rc, 2, "%s", out);
  cr_assert(strstr(out, "\"stop\":\"memory budget\"") != NULL, "%s", out);
  cr_assert(strstr(out, "\"max_memory\":1000000,") != NULL, "%s", out);
  free(out);
}

/* The written netlist has no AND that no output reads, on both gate forms. */
Test(learn_verdict, netlists_have_no_dead_gates, .timeout = 120) {
  const char *cases[] = {"--oracle arith:alu8", "--oracle arith:add16 --order auto",
                         "--oracle rv32i-core --outputs mem_addr --order auto --epsilon 0.001"};
  for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
    char args[1024];
    const char *file = bsyn_test_tmpfile("v_dead.aig");
    snprintf(args, sizeof args, "%s --verify-vectors 0 -o %s", cases[k], file);
    int rc;
    char *out = bsyn_test_cli("learn", args, &rc);
    cr_assert_eq(rc, 0, "%s: %s", cases[k], out);
    free(out);
    bsyn_aig *aig;
    bsyn_diag d;
    cr_assert_eq(bsyn_io_read_netlist(file, &aig, &d), 0, "%s", d.msg);
    bsyn_aig *clean = bsyn_aig_cleanup(aig);
    cr_assert_eq(bsyn_aig_num_ands(aig), bsyn_aig_num_ands(clean), "%s: %u ANDs, %u live", cases[k],
                 bsyn_aig_num_ands(aig), bsyn_aig_num_ands(clean));
    bsyn_aig_free(clean);
    bsyn_aig_free(aig);
  }
}
