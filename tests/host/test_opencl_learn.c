/* bsyn learn --device: probe batches on an OpenCL device give the same netlist, byte for
 * byte, as the CPU path; a device that cannot be opened falls back with a notice. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bsyn_cl.h"
#include "bsyn_test.h"
#include "bsyn_test_cl.h"
#include "bsyn_test_files.h"

static int learn(const char *args, const char *device, const char *out, char **log) {
  char cmd[2048];
  snprintf(cmd, sizeof cmd, "POCL_MAX_PTHREAD_COUNT=1 '%s' learn %s --device %s -o '%s'", bsyn_test_exe(),
           args, device, out);
  return bsyn_test_run(cmd, log);
}

static void same_netlist_on_both(const char *args, const char *tag) {
  bsyn_test_skip_without_device();
  setenv("BSYN_CL_CACHE", bsyn_test_tmpfile("clcache"), 1);
  char cpu[600], dev[640], *log;
  snprintf(cpu, sizeof cpu, "%s", bsyn_test_tmpfile(tag));
  snprintf(dev, sizeof dev, "%s.cl.aig", cpu);
  cr_assert_eq(learn(args, "cpu", cpu, &log), 0, "%s", log);
  cr_assert_null(strstr(log, "probe batches on opencl"), "--device cpu used the device: %s", log);
  free(log);
  cr_assert_eq(learn(args, "opencl:0", dev, &log), 0, "%s", log);
  cr_assert_not_null(strstr(log, "probe batches on opencl:0"), "the device answered nothing: %s", log);
  cr_assert_null(strstr(log, ": 0 probe batches"), "the device answered nothing: %s", log);
  free(log);
  cr_assert(bsyn_test_same_file(cpu, dev), "%s: netlists differ between CPU and OpenCL", args);
}

Test(opencl_learn, arith_same_netlist_on_cpu_and_device) {
  same_netlist_on_both("--oracle arith:add12 --sampler uniform --verify-vectors 20000", "add12.aig");
}

Test(opencl_learn, rv32_outputs_same_netlist_on_cpu_and_device) {
  same_netlist_on_both("--oracle rv32i-core --outputs rd_we,mem_we,rs1_addr --sampler uniform --max-nodes 4000",
                       "core.aig");
}

Test(opencl_learn, missing_device_falls_back_with_a_notice) {
  char a[600], b[600], *log;
  snprintf(a, sizeof a, "%s", bsyn_test_tmpfile("fallback_cpu.aig"));
  snprintf(b, sizeof b, "%s", bsyn_test_tmpfile("fallback_dev.aig"));
  cr_assert_eq(learn("--oracle arith:sub8", "cpu", a, &log), 0, "%s", log);
  free(log);
  cr_assert_eq(learn("--oracle arith:sub8", "opencl:99", b, &log), 0, "%s", log);
  cr_assert_not_null(strstr(log, "notice:"), "%s", log);
  cr_assert_not_null(strstr(log, "using the CPU path"), "%s", log);
  free(log);
  cr_assert(bsyn_test_same_file(a, b));
}
