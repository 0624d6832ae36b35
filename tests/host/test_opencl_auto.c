/* --device auto: the choice from injected rates (pure, no device), the decision file's round
 * trip and its corrupt forms being ignored, and on a device (PoCL in CI) that auto measures
 * once, stores, falls back on a failing device with a notice, and gives the CPU's results. */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bsyn_cl.h"
#include "bsyn_cl_auto.h"
#include "bsyn_cl_calib.h"
#include "bsyn_cl_sim.h"
#include "bsyn_sim.h"
#include "bsyn_test.h"
#include "bsyn_test_cl.h"
#include "bsyn_test_files.h"

#define CPU(r)                                                                                     \
  { -1, 0, (r) }
#define DEV(n, r)                                                                                  \
  { (n), 0, (r) }
#define FAILED(n)                                                                                  \
  { (n), 1, 0 }

static int choose(const bsyn_cl_auto_rate *r, size_t n) { return bsyn_cl_auto_choose(r, n); }

Test(opencl_auto, choose_takes_the_fastest_path) {
  bsyn_cl_auto_rate a[] = {CPU(1e9), DEV(0, 2e9), DEV(1, 5e9)};
  cr_assert_eq(choose(a, 3), 1);
  bsyn_cl_auto_rate b[] = {CPU(9e9), DEV(0, 2e9), DEV(1, 5e9)};
  cr_assert_eq(choose(b, 3), -1);
  bsyn_cl_auto_rate c[] = {CPU(1e9), DEV(0, 7e9), DEV(1, 5e9)};
  cr_assert_eq(choose(c, 3), 0);
  cr_assert_eq(choose(a, 1), -1, "the C path alone is the C path");
  cr_assert_eq(choose(a, 0), -1);
}

Test(opencl_auto, choose_breaks_ties_the_same_way_every_time) {
  bsyn_cl_auto_rate devs[] = {CPU(1e9), DEV(0, 4e9), DEV(1, 4e9), DEV(2, 4e9)};
  for (int rep = 0; rep < 3; rep++)
    cr_assert_eq(choose(devs, 4), 0, "equal devices: the lower index");
  bsyn_cl_auto_rate tie[] = {CPU(3e9), DEV(0, 3e9)};
  cr_assert_eq(choose(tie, 2), -1, "a tie with the C path keeps the C path");
  /* a device must beat the C path by the margin, not by noise */
  bsyn_cl_auto_rate close[] = {CPU(1e9), DEV(0, 1e9 * BSYN_CL_AUTO_MARGIN)};
  cr_assert_eq(choose(close, 2), -1);
  bsyn_cl_auto_rate past[] = {CPU(1e9), DEV(0, 1e9 * BSYN_CL_AUTO_MARGIN * 1.01)};
  cr_assert_eq(choose(past, 2), 0);
}

Test(opencl_auto, choose_leaves_out_failed_and_unmeasured_paths) {
  bsyn_cl_auto_rate a[] = {CPU(1e9), {0, 1, 9e9}, DEV(1, 3e9)};
  cr_assert_eq(choose(a, 3), 1, "a failed device is never chosen, whatever its rate");
  bsyn_cl_auto_rate b[] = {CPU(1e9), FAILED(0), FAILED(1)};
  cr_assert_eq(choose(b, 3), -1);
  bsyn_cl_auto_rate c[] = {CPU(1e9), DEV(0, NAN), DEV(1, -5), DEV(2, 0)};
  cr_assert_eq(choose(c, 4), -1);
  bsyn_cl_auto_rate d[] = {{-1, 1, 0}, DEV(0, 1e3), DEV(1, 2e3)};
  cr_assert_eq(choose(d, 3), 1, "without a usable C rate the best device wins");
}

static bsyn_cl_auto_decision sample_decision(void) {
  bsyn_cl_auto_decision dec;
  memset(&dec, 0, sizeof dec);
  dec.kernel = BSYN_KERNEL_PROBE;
  dec.key = 0x0123456789abcdefull;
  dec.num_rates = 4;
  dec.rates[0] = (bsyn_cl_auto_rate)CPU(2.5e8 + 0.125);
  dec.rates[1] = (bsyn_cl_auto_rate)FAILED(0);
  dec.rates[2] = (bsyn_cl_auto_rate)DEV(1, 1.0 / 3.0 * 1e10);
  dec.rates[3] = (bsyn_cl_auto_rate)DEV(5, 7e7);
  dec.device = bsyn_cl_auto_choose(dec.rates, dec.num_rates);
  return dec;
}

Test(opencl_auto, decision_file_round_trip) {
  bsyn_cl_auto_decision dec = sample_decision(), got;
  cr_assert_eq(dec.device, 1);
  bsyn_diag d;
  bsyn_diag_init(&d, NULL);
  const char *path = bsyn_test_tmpfile("cache/sub/auto-probe.txt"); /* folders are made */
  cr_assert_eq(bsyn_cl_auto_write(path, &dec, &d), 0, "%s", d.msg);
  cr_assert_eq(bsyn_cl_auto_read(path, BSYN_KERNEL_PROBE, dec.key, &got, &d), 0, "%s", d.msg);
  cr_assert_eq(got.kernel, dec.kernel);
  cr_assert_eq(got.key, dec.key);
  cr_assert_eq(got.device, 1);
  cr_assert_eq(got.measured, 0);
  cr_assert_eq(got.num_rates, dec.num_rates);
  for (unsigned i = 0; i < dec.num_rates; i++) {
    cr_assert_eq(got.rates[i].device, dec.rates[i].device, "rate %u", i);
    cr_assert_eq(got.rates[i].failed, dec.rates[i].failed, "rate %u", i);
    cr_assert(got.rates[i].per_s == dec.rates[i].per_s, "rate %u: %.17g != %.17g", i,
              got.rates[i].per_s, dec.rates[i].per_s);
  }
  cr_assert_eq(bsyn_cl_auto_read(path, BSYN_KERNEL_PROBE, dec.key + 1, &got, &d), -1,
               "another key");
  cr_assert(strstr(d.msg, "key"), "%s", d.msg);
  cr_assert_eq(bsyn_cl_auto_read(path, BSYN_KERNEL_AIG_SIM, dec.key, &got, &d), -1,
               "another kernel");
  cr_assert_eq(
      bsyn_cl_auto_read(bsyn_test_tmpfile("absent.txt"), BSYN_KERNEL_PROBE, dec.key, &got, &d), -1);
}

/* Each text, written where a decision would be, must be refused with a message. */
Test(opencl_auto, corrupt_decision_files_are_ignored) {
  static const char *const bad[] = {
      "",
      "garbage\n",
      "bsyn-cl-auto 1\n",
      "bsyn-cl-auto 9\nkernel probe\nkey 0123456789abcdef\nchoice cpu\nrate cpu 1\n",
      "bsyn-cl-auto 1\nkernel probe\nkey 0123456789abcdef\nchoice cpu\n",
      "bsyn-cl-auto 1\nkernel probe\nkey 0123456789abcdef\nchoice cpu\nrate cpu 1", /* cut */
      "bsyn-cl-auto 1\nkernel probe\nkey 0123456789abcdef\nchoice gpu\nrate cpu 1\n",
      "bsyn-cl-auto 1\nkernel probe\nkey 0123456789abcdef\nchoice cpu\nrate cpu fast\n",
      "bsyn-cl-auto 1\nkernel probe\nkey 0123456789abcdef\nchoice cpu\nrate cpu -3\n",
      "bsyn-cl-auto 1\nkernel probe\nkey 0123456789abcdef\nchoice cpu\nrate cpu inf\n",
      "bsyn-cl-auto 1\nkernel probe\nkey 0123456789abcdef\nchoice cpu\nrate opencl:0 1\n",
      "bsyn-cl-auto 1\nkernel probe\nkey 0123456789abcdef\nchoice cpu\nrate cpu 1\nrate opencl:2 "
      "1\nrate opencl:1 1\n",
      "bsyn-cl-auto 1\nkernel probe\nkey 0123456789abcdef\nchoice opencl:0\nrate cpu 9\nrate "
      "opencl:0 1\n",
      "bsyn-cl-auto 1\nkernel probe\nkey 0123456789abcdef\nchoice opencl:0\nrate cpu 1\nrate "
      "opencl:0 failed\n",
      "bsyn-cl-auto 1\nkernel probe\nkey 0123456789abcdef\nchoice cpu\nrate cpu 1\nmore 2\n",
      "bsyn-cl-auto 1\nkey 0123456789abcdef\nkernel probe\nchoice cpu\nrate cpu 1\n",
      "bsyn-cl-auto 1\nkernel probe\nkey 0123456789abcdef\nchoice cpu\nrate cpu 1 2\n",
  };
  const char *path = bsyn_test_tmpfile("corrupt.txt");
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    FILE *f = fopen(path, "w");
    cr_assert_not_null(f);
    fputs(bad[i], f);
    fclose(f);
    bsyn_cl_auto_decision got;
    bsyn_diag d;
    bsyn_diag_init(&d, NULL);
    cr_assert_eq(bsyn_cl_auto_read(path, BSYN_KERNEL_PROBE, 0x0123456789abcdefull, &got, &d), -1,
                 "case %zu accepted:\n%s", i, bad[i]);
    cr_assert_neq(d.msg[0], '\0', "case %zu: no message", i);
  }
  /* and the good form of the same text is accepted, so the cases above fail for their flaw */
  FILE *f = fopen(path, "w");
  fputs("bsyn-cl-auto 1\nkernel probe\nkey 0123456789abcdef\nchoice cpu\nrate cpu 1\nrate opencl:0 "
        "1\n",
        f);
  fclose(f);
  bsyn_cl_auto_decision got;
  bsyn_diag d;
  cr_assert_eq(bsyn_cl_auto_read(path, BSYN_KERNEL_PROBE, 0x0123456789abcdefull, &got, &d), 0, "%s",
               d.msg);
}

Test(opencl_auto, calibration_on_the_c_path_measures_every_kernel) {
  for (int k = 0; k < BSYN_KERNEL_COUNT; k++) {
    bsyn_cl_calib_result r;
    bsyn_diag d;
    bsyn_diag_init(&d, NULL);
    cr_assert_eq(bsyn_cl_calibrate((bsyn_kernel_id)k, NULL, NULL, &r, &d), 0, "%s", d.msg);
    cr_assert(r.per_s > 0 && r.work > 0 && r.runs >= 3, "%s: %g per s, %u runs",
              bsyn_kernel_id_name(k), r.per_s, r.runs);
  }
}

/* ---- on a device ---- */

/* A private decision cache for this test process. */
static void fresh_cache(const char *name) {
  setenv("BSYN_CL_CACHE", bsyn_test_tmpfile(name), 1);
  unsetenv("BSYN_CALIBRATE");
}

/* Stores a decision that sends kernel k to opencl:0, as if it had measured faster. */
static void store_device_decision(bsyn_kernel_id k) {
  bsyn_cl_auto_decision dec;
  memset(&dec, 0, sizeof dec);
  dec.kernel = k;
  bsyn_diag d;
  cr_assert_eq(bsyn_cl_auto_key(k, &dec.key, &d), 0, "%s", d.msg);
  dec.num_rates = 2;
  dec.rates[0] = (bsyn_cl_auto_rate)CPU(1);
  dec.rates[1] = (bsyn_cl_auto_rate)DEV(0, 100);
  dec.device = 0;
  char path[1024];
  bsyn_cl_auto_path(k, dec.key, path, sizeof path);
  cr_assert_eq(bsyn_cl_auto_write(path, &dec, &d), 0, "%s", d.msg);
}

Test(opencl_auto, measures_once_then_reads_the_cache, .timeout = 300) {
  bsyn_test_skip_without_device();
  fresh_cache("measure_once");
  bsyn_cl_auto_decision a, b, c;
  bsyn_diag d;
  bsyn_diag_init(&d, NULL);
  cr_assert_eq(bsyn_cl_auto_decide(BSYN_KERNEL_BSD_EVAL, BSYN_CL_AUTO_CACHED, &a, &d), -1,
               "nothing stored yet");
  cr_assert_eq(bsyn_cl_auto_decide(BSYN_KERNEL_BSD_EVAL, BSYN_CL_AUTO_DEFAULT, &a, &d), 0, "%s",
               d.msg);
  cr_assert_eq(a.measured, 1);
  cr_assert_neq(a.key, 0);
  cr_assert_geq(a.num_rates, 2, "the C path and at least opencl:0");
  cr_assert_eq(a.rates[0].device, -1);
  cr_assert(a.rates[0].per_s > 0);
  cr_assert_eq(a.device, bsyn_cl_auto_choose(a.rates, a.num_rates));
  cr_assert_eq(bsyn_cl_auto_decide(BSYN_KERNEL_BSD_EVAL, BSYN_CL_AUTO_DEFAULT, &b, &d), 0, "%s",
               d.msg);
  cr_assert_eq(b.measured, 0, "the second decision comes from the cache");
  cr_assert_eq(b.device, a.device);
  cr_assert(b.rates[0].per_s == a.rates[0].per_s);
  setenv("BSYN_CALIBRATE", "1", 1);
  cr_assert_eq(bsyn_cl_auto_decide(BSYN_KERNEL_BSD_EVAL, BSYN_CL_AUTO_DEFAULT, &c, &d), 0, "%s",
               d.msg);
  cr_assert_eq(c.measured, 1, "BSYN_CALIBRATE=1 measures again");
  unsetenv("BSYN_CALIBRATE");
  /* a corrupt file under the right key is measured over and replaced */
  char path[1024];
  bsyn_cl_auto_path(BSYN_KERNEL_BSD_EVAL, a.key, path, sizeof path);
  FILE *f = fopen(path, "w");
  fputs("bsyn-cl-auto 1\nkernel bsd_eval\nkey 00\n\x01\x02", f);
  fclose(f);
  cr_assert_eq(bsyn_cl_auto_decide(BSYN_KERNEL_BSD_EVAL, BSYN_CL_AUTO_DEFAULT, &c, &d), 0, "%s",
               d.msg);
  cr_assert_eq(c.measured, 1);
  cr_assert_eq(bsyn_cl_auto_read(path, BSYN_KERNEL_BSD_EVAL, a.key, &b, &d), 0, "rewritten: %s",
               d.msg);
}

/* Simulation under auto equals the C path, both when auto measured and when it was told to
 * take the device. */
Test(opencl_auto, aig_sim_under_auto_equals_the_cpu, .timeout = 300) {
  bsyn_test_skip_without_device();
  fresh_cache("aig_auto");
  bsyn_aig *g = bsyn_test_random_aig(40, 3000, 16, 11);
  const size_t nwords = 32, n = (size_t)g->num_vars * nwords;
  uint64_t *want = bsyn_calloc(n, sizeof *want), *got = bsyn_calloc(n, sizeof *got);
  bsyn_sim_random_rows(want + nwords, nwords, g->num_inputs, nwords, 0, 5);
  memcpy(got, want, n * sizeof *want);
  bsyn_sim_run(g, want, nwords, BSYN_SIMD_AUTO, NULL);
  bsyn_device_choice autoc = {BSYN_DEVICE_AUTO, 0};
  for (int told = 0; told < 2; told++) {
    if (told)
      store_device_decision(BSYN_KERNEL_AIG_SIM);
    bsyn_diag d;
    bsyn_diag_init(&d, NULL);
    bsyn_cl *cl = bsyn_device_open(&autoc, BSYN_KERNEL_AIG_SIM, &d);
    cr_assert_eq(d.msg[0], '\0', "%s", d.msg);
    if (told)
      cr_assert_not_null(cl, "a stored device choice must open that device");
    uint64_t *v = bsyn_calloc(n, sizeof *v);
    memcpy(v, got, n * sizeof *v);
    if (cl)
      cr_assert_eq(bsyn_cl_sim_run(cl, g, v, nwords, &d), 0, "%s", d.msg);
    else
      bsyn_sim_run(g, v, nwords, BSYN_SIMD_AUTO, NULL);
    cr_assert_eq(memcmp(v, want, n * sizeof *v), 0, "auto (%s) differs from the C path",
                 cl ? "device" : "cpu");
    free(v);
    bsyn_cl_close(cl);
  }
  free(want);
  free(got);
  bsyn_aig_free(g);
}

static int learn(const char *device, const char *env, const char *out, char **log) {
  char cmd[3072];
  snprintf(cmd, sizeof cmd,
           "%s '%s' learn --oracle arith:add8 --sampler uniform --device %s -o '%s'", env,
           bsyn_test_exe(), device, out);
  return bsyn_test_run(cmd, log);
}

Test(opencl_auto, learn_under_auto_writes_the_cpu_netlist, .timeout = 300) {
  bsyn_test_skip_without_device();
  fresh_cache("learn_auto");
  char cpu[600], measured[600], told[600], *log;
  snprintf(cpu, sizeof cpu, "%s", bsyn_test_tmpfile("add8_cpu.aig"));
  snprintf(measured, sizeof measured, "%s", bsyn_test_tmpfile("add8_auto.aig"));
  snprintf(told, sizeof told, "%s", bsyn_test_tmpfile("add8_told.aig"));
  cr_assert_eq(learn("cpu", "", cpu, &log), 0, "%s", log);
  free(log);
  cr_assert_eq(learn("auto", "BSYN_DEVICE_WAIT=0", measured, &log), 0, "%s", log);
  cr_assert_null(strstr(log, "notice"), "%s", log);
  free(log);
  cr_assert(bsyn_test_same_file(cpu, measured), "auto (measured) and cpu netlists differ");
  store_device_decision(BSYN_KERNEL_PROBE);
  cr_assert_eq(learn("auto", "", told, &log), 0, "%s", log);
  cr_assert_null(strstr(log, "probe batches on opencl"),
                 "a job this small must not open the device: %s", log);
  free(log);
  cr_assert_eq(learn("auto", "BSYN_DEVICE_WAIT=0", told, &log), 0, "%s", log);
  cr_assert_not_null(strstr(log, "probe batches on opencl:0"),
                     "auto did not follow the stored choice: %s", log);
  free(log);
  cr_assert(bsyn_test_same_file(cpu, told), "auto (on the device) and cpu netlists differ");
}

/* A device that fails calibration (here: a probe kernel that does not compile) is left out:
 * auto takes the C path, says so once, and records the failure. */
Test(opencl_auto, failing_device_means_the_cpu_path_with_a_notice, .timeout = 300) {
  bsyn_test_skip_without_device();
  fresh_cache("learn_fail");
  const char *dir = bsyn_test_tmpfile("broken_kernels");
  char cmd[1200], env[1200], cpu[600], out[600], *log;
  snprintf(cmd, sizeof cmd, "mkdir -p '%s' && echo 'this is not OpenCL C' > '%s/probe.cl'", dir,
           dir);
  cr_assert_eq(system(cmd), 0);
  snprintf(env, sizeof env, "BSYN_DEVICE_WAIT=0 BSYN_KERNEL_DIR='%s'", dir);
  snprintf(cpu, sizeof cpu, "%s", bsyn_test_tmpfile("fail_cpu.aig"));
  snprintf(out, sizeof out, "%s", bsyn_test_tmpfile("fail_auto.aig"));
  cr_assert_eq(learn("cpu", "", cpu, &log), 0, "%s", log);
  free(log);
  cr_assert_eq(learn("auto", env, out, &log), 0, "%s", log);
  cr_assert_not_null(strstr(log, "notice: OpenCL unavailable (calibrating probe on opencl:0"), "%s",
                     log);
  cr_assert_null(strstr(log, "probe batches on opencl"), "%s", log);
  free(log);
  cr_assert(bsyn_test_same_file(cpu, out), "the fallback netlist differs from the CPU's");
  cr_assert_eq(learn("auto", env, out, &log), 0, "%s", log);
  cr_assert_null(strstr(log, "notice"), "the stored decision must not measure (or warn) again: %s",
                 log);
  free(log);
  snprintf(cmd, sizeof cmd,
           "grep -l 'rate opencl:0 failed' \"$BSYN_CL_CACHE\"/auto-probe-*.txt >/dev/null");
  cr_assert_eq(system(cmd), 0, "the failure is not recorded");
}

Test(opencl_auto, devices_calibrate_prints_every_kernel, .timeout = 300) {
  bsyn_test_skip_without_device();
  fresh_cache("devices");
  char cmd[1024], *log;
  snprintf(cmd, sizeof cmd, "'%s' devices", bsyn_test_exe());
  cr_assert_eq(bsyn_test_run(cmd, &log), 0, "%s", log);
  cr_assert_not_null(strstr(log, "not measured yet"), "%s", log);
  free(log);
  snprintf(cmd, sizeof cmd, "'%s' devices --calibrate", bsyn_test_exe());
  cr_assert_eq(bsyn_test_run(cmd, &log), 0, "%s", log);
  for (int k = 0; k < BSYN_KERNEL_COUNT; k++) {
    char want[64];
    snprintf(want, sizeof want, "  %-9s ", bsyn_kernel_id_name((bsyn_kernel_id)k));
    const char *line = strstr(log, want);
    cr_assert_not_null(line, "no line for %s:\n%s", want, log);
    cr_assert(!strncmp(line + strlen(want), "cpu", 3) ||
                  !strncmp(line + strlen(want), "opencl:", 7),
              "%s", line);
    cr_assert_not_null(strstr(line, "opencl:0 "), "no device rate: %s", line);
  }
  free(log);
  snprintf(cmd, sizeof cmd, "'%s' devices", bsyn_test_exe());
  cr_assert_eq(bsyn_test_run(cmd, &log), 0, "%s", log);
  cr_assert_not_null(strstr(log, "(stored)"), "%s", log);
  cr_assert_null(strstr(log, "not measured yet"), "%s", log);
  free(log);
}

/* bsyn verify under auto, measured or sent to the device, reports what --device cpu does,
 * mismatches included (a budget-cut netlist gets some outputs wrong). */
Test(opencl_auto, verify_under_auto_reports_as_cpu, .timeout = 300) {
  bsyn_test_skip_without_device();
  fresh_cache("verify_auto");
  char net[600], cmd[2048], *log, *cpu, *got;
  snprintf(net, sizeof net, "%s", bsyn_test_tmpfile("add8_cut.aig"));
  snprintf(cmd, sizeof cmd, "'%s' learn --oracle arith:add8 --max-nodes 12 --device cpu -o '%s'",
           bsyn_test_exe(), net);
  cr_assert_eq(bsyn_test_run(cmd, &log), 2, "a partial netlist exits 2: %s", log);
  free(log);
  const char *verify =
      "'%s' verify '%s' --oracle arith:add8 --vectors 20000 --json --device %s 2>/dev/null";
  snprintf(cmd, sizeof cmd, verify, bsyn_test_exe(), net, "cpu");
  int rc = bsyn_test_run(cmd, &cpu);
  cr_assert(strstr(cpu, "\"failing\":"), "%s", cpu);
  for (int told = 0; told < 2; told++) {
    if (told)
      store_device_decision(BSYN_KERNEL_AIG_SIM);
    snprintf(cmd, sizeof cmd, verify, bsyn_test_exe(), net, "auto");
    cr_assert_eq(bsyn_test_run(cmd, &got), rc, "%s", got);
    cr_assert_str_eq(got, cpu, "auto (%s) and cpu reports differ", told ? "device" : "measured");
    free(got);
  }
  free(cpu);
}
