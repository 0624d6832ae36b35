/* gates_fixture.h — shared by the gate-level test suites of tests/verify: the test programs
 * and the RTL-synthesized rv32i-core netlist. Static functions: each suite includes it once. */
#ifndef GATES_FIXTURE_H
#define GATES_FIXTURE_H

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "bsyn_test.h"

#define RTL_FILE BSYN_SOURCE_DIR "/verify/rv32i_core.v"
#define RTL_SCRIPT BSYN_SOURCE_DIR "/scripts/rtl_to_aig.sh"

static const char *prog(const char *name) {
  static char buf[4][1024];
  static int slot;
  char *b = buf[slot++ & 3];
  snprintf(b, sizeof buf[0], "%s/programs/%s.elf", BSYN_BUILD_DIR, name);
  if (access(b, R_OK) != 0)
    cr_skip("%s not built (riscv64-unknown-elf-gcc missing)", b);
  return b;
}

static time_t mtime(const char *path) {
  struct stat st;
  return stat(path, &st) ? 0 : st.st_mtime;
}

/* The synthesized core, shared by the test processes through the build tree: made again
 * when the RTL or the script is newer. Each process writes its own copy and renames it into
 * place, so concurrent tests never see a half-written file. */
static const char *core_netlist(void) {
  static char path[1024];
  if (!bsyn_test_have("yosys"))
    cr_skip("yosys not installed");
  snprintf(path, sizeof path, "%s/tests/gates_rv32i_core.aig", BSYN_BUILD_DIR);
  time_t t = mtime(path);
  if (t && t >= mtime(RTL_FILE) && t >= mtime(RTL_SCRIPT))
    return path;
  const char *tmp = bsyn_test_tmpfile("core.aig");
  char cmd[4096], *log;
  snprintf(cmd, sizeof cmd, "'%s' '%s' '%s'", RTL_SCRIPT, RTL_FILE, tmp);
  int rc = bsyn_test_run(cmd, &log);
  cr_assert_eq(rc, 0, "%s failed:\n%s", cmd, log);
  free(log);
  cr_assert_eq(rename(tmp, path), 0, "rename %s -> %s", tmp, path);
  return path;
}

#endif
