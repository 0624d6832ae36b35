/* `mpirun -n N bsyn learn`: the plan's groups dealt to N ranks (cli_learn_plan.c,
 * cli_learn_ranks.c). Skipped in a build without MPI. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bsyn_test.h"
#include "bsyn_test_boxes.h"

#ifdef BSYN_TEST_MPIEXEC
#define MPI_ENV                                                                                    \
  "OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMPI_MCA_rmaps_base_oversubscribe=1 " \
  "ASAN_OPTIONS=detect_leaks=0 "
#endif

/* Runs `bsyn learn ARGS` as n ranks under mpirun (n = 0: one process, no launcher), with
 * `wrap` (may be "") before the executable; returns its exit code, the output in *log (the
 * caller frees it). */
static int learn_ranks(unsigned n, const char *wrap, const char *args, char **log) {
  char cmd[8192];
#ifdef BSYN_TEST_MPIEXEC
  if (n)
    snprintf(cmd, sizeof cmd, MPI_ENV "%s --oversubscribe -n %u %s %s learn %s", BSYN_TEST_MPIEXEC,
             n, wrap, BSYN_EXE, args);
  else
#endif
    snprintf(cmd, sizeof cmd, "%s learn %s", BSYN_EXE, args);
  (void)wrap;
  return bsyn_test_run(cmd, log);
}

static void need_mpi(void) {
#ifndef BSYN_TEST_MPIEXEC
  cr_skip("bsyn was built without MPI");
#endif
}

/* 1 when the two files hold the same bytes. */
static int same_file(const char *a, const char *b) {
  char cmd[4096];
  snprintf(cmd, sizeof cmd, "cmp -s '%s' '%s'", a, b);
  return bsyn_test_run(cmd, NULL) == 0;
}

/* The toy core's two groups on 2 and 3 ranks (one rank with nothing to learn): the netlist
 * of one process, byte for byte, the same exit code, and each rank's figures reported. */
Test(cli_mpi, ranks_write_the_netlist_of_one_process, .timeout = 300) {
  need_mpi();
  const char *box = bsyn_test_toy_core();
  const char *outs[3] = {bsyn_test_tmpfile("toy1.aig"), bsyn_test_tmpfile("toy2.aig"),
                         bsyn_test_tmpfile("toy3.aig")};
  for (unsigned n = 0; n < 3; n++) {
    char args[4096], *log = NULL;
    snprintf(args, sizeof args,
             "--oracle aig:%s -o %s --threads 1 --verify-vectors 20000 --quiet --json", box,
             outs[n]);
    int rc = learn_ranks(n ? n + 1 : 0, "", args, &log);
    cr_assert_eq(rc, 0, "%u ranks: exit %d\n%s", n + 1, rc, log);
    if (n == 2) /* every rank's figures in the summary, rank 2 with no group */
      cr_expect(strstr(log, "\"ranks\":[{\"rank\":0,\"groups\":1,") &&
                    strstr(log, "{\"rank\":2,\"groups\":0,"),
                "%s", log);
    free(log);
  }
  cr_expect(same_file(outs[0], outs[1]), "2 ranks wrote another netlist than one process");
  cr_expect(same_file(outs[0], outs[2]), "3 ranks wrote another netlist than one process");
}

/* Groups split under a tiny node budget stay with the rank of the group they came from and
 * come back in the order one process learns them: the same partial netlist, exit 2. */
Test(cli_mpi, split_groups_come_back_in_order, .timeout = 300) {
  need_mpi();
  const char *box = bsyn_test_alu_flags();
  const char *one = bsyn_test_tmpfile("split1.aig"), *three = bsyn_test_tmpfile("split3.aig");
  char args[4096], *log = NULL;
  snprintf(args, sizeof args,
           "--oracle aig:%s -o %s --threads 1 --max-nodes 12 --verify-vectors 1000 --quiet", box,
           one);
  cr_assert_eq(learn_ranks(0, "", args, &log), 2, "%s", log);
  free(log);
  snprintf(args, sizeof args,
           "--oracle aig:%s -o %s --threads 1 --max-nodes 12 --verify-vectors 1000 --quiet", box,
           three);
  cr_assert_eq(learn_ranks(3, "", args, &log), 2, "%s", log);
  free(log);
  cr_expect(same_file(one, three));
}

/* A rank that dies ends the job: mpirun stops every rank with the dead one's exit code and
 * says which it was; no netlist is written and nothing hangs (the test's timeout). */
Test(cli_mpi, a_rank_that_dies_ends_the_job, .timeout = 120) {
  need_mpi();
  const char *box = bsyn_test_toy_core(), *out = bsyn_test_tmpfile("dead.aig");
  char args[4096], *log = NULL;
  snprintf(args, sizeof args, "--oracle aig:%s -o %s --threads 1 --quiet", box, out);
  int rc = learn_ranks(3, "sh -c 'test \"$OMPI_COMM_WORLD_RANK\" = 1 && exit 7; exec \"$0\" \"$@\"'",
                       args, &log);
  cr_assert_eq(rc, 7, "exit %d\n%s", rc, log);
  cr_expect(strstr(log, "non-zero") != NULL, "%s", log); /* mpirun names the dead rank */
  FILE *f = fopen(out, "rb");
  cr_expect_null(f, "a netlist was written");
  if (f)
    fclose(f);
  free(log);
}

/* Killed on one rank and started again on all, a run with --checkpoint DIR ends with the
 * netlist of one uninterrupted process: what the other ranks saved is read back, the rest is
 * learned. */
Test(cli_mpi, a_run_killed_on_one_rank_resumes_to_the_same_netlist, .timeout = 300) {
  need_mpi();
  const char *box = bsyn_test_toy_core(), *dir = bsyn_test_tmpfile("mpi_ck");
  const char *one = bsyn_test_tmpfile("ck_one.aig"), *three = bsyn_test_tmpfile("ck_three.aig");
  char args[4096], *log = NULL;
  snprintf(args, sizeof args, "--oracle aig:%s -o %s --threads 1 --verify-vectors 20000 --quiet",
           box, one);
  cr_assert_eq(learn_ranks(0, "", args, &log), 0, "%s", log);
  free(log);
  snprintf(args, sizeof args,
           "--oracle aig:%s -o %s --threads 1 --verify-vectors 20000 --quiet --checkpoint %s",
           box, three, dir);
  /* rank 1 learns group 1 (z) and dies before it; rank 0 saves group 0 (y) first */
  int rc = learn_ranks(3, "sh -c 'test \"$OMPI_COMM_WORLD_RANK\" = 1 && sleep 2 && exit 9; "
                          "exec \"$0\" \"$@\"'",
                       args, &log);
  cr_assert_eq(rc, 9, "exit %d\n%s", rc, log);
  free(log);
  cr_assert_eq(learn_ranks(3, "", args, &log), 0, "%s", log);
  free(log);
  cr_expect(same_file(one, three), "the resumed run wrote another netlist");
  char saved[4200];
  snprintf(saved, sizeof saved, "%s/group-0.bsyn", dir);
  FILE *f = fopen(saved, "rb");
  cr_expect_not_null(f, "rank 0 did not save its group");
  if (f)
    fclose(f);
}
