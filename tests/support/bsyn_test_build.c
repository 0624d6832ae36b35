/* Programs and synthesized RTL from the build tree (bsyn_test_build.h). */
#include "bsyn_test_build.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "bsyn_test.h"

const char *bsyn_test_program(const char *dir, const char *name) {
  static char buf[4][1024];
  static int slot;
  char *b = buf[slot++ & 3];
  snprintf(b, sizeof buf[0], "%s/programs/%s%s%s.elf", BSYN_BUILD_DIR, dir ? dir : "",
           dir ? "/" : "", name);
  if (access(b, R_OK) != 0)
    cr_skip("%s not built (riscv64-unknown-elf-gcc missing)", b);
  return b;
}

static time_t mtime(const char *path) {
  struct stat st;
  return stat(path, &st) ? 0 : st.st_mtime;
}

const char *bsyn_test_rtl_netlist(const char *rtl, const char *name) {
  static char path[1024];
  char src[1024], script[1024], cmd[4096], *log;
  if (!bsyn_test_have("yosys"))
    cr_skip("yosys not installed");
  snprintf(src, sizeof src, "%s/verify/%s", BSYN_SOURCE_DIR, rtl);
  snprintf(script, sizeof script, "%s/scripts/rtl_to_aig.sh", BSYN_SOURCE_DIR);
  snprintf(path, sizeof path, "%s/tests/%s", BSYN_BUILD_DIR, name);
  time_t t = mtime(path);
  if (t && t >= mtime(src) && t >= mtime(script))
    return path;
  const char *tmp = bsyn_test_tmpfile(name);
  snprintf(cmd, sizeof cmd, "'%s' '%s' '%s'", script, src, tmp);
  int rc = bsyn_test_run(cmd, &log);
  cr_assert_eq(rc, 0, "%s failed:\n%s", cmd, log);
  free(log);
  cr_assert_eq(rename(tmp, path), 0, "rename %s -> %s", tmp, path);
  return path;
}
