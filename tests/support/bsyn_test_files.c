#include "bsyn_test_files.h"

#include <criterion/criterion.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bsyn_test.h"

char *bsyn_test_slurp(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  cr_assert_not_null(f, "cannot open %s", path);
  size_t cap = 4096, n = 0, got;
  char *b = bsyn_malloc(cap);
  while ((got = fread(b + n, 1, cap - n - 1, f)) > 0) {
    n += got;
    if (cap - n < 2)
      b = bsyn_realloc(b, cap *= 2);
  }
  fclose(f);
  b[n] = '\0';
  if (len)
    *len = n;
  return b;
}

int bsyn_test_same_file(const char *a, const char *b) {
  size_t na, nb;
  char *x = bsyn_test_slurp(a, &na), *y = bsyn_test_slurp(b, &nb);
  int same = na == nb && !memcmp(x, y, na);
  free(x);
  free(y);
  return same;
}

static void check_one(const char *dir, const char *name, size_t stem, bsyn_test_reader read) {
  char path[1024], expect[1024];
  snprintf(path, sizeof path, "%s/%s", dir, name);
  snprintf(expect, sizeof expect, "%s/%.*s.expect", dir, (int)stem, name);
  char *want = bsyn_test_slurp(expect, NULL);
  char *end, *colon = strchr(want, ':');
  unsigned long line = strtoul(want, &end, 10);
  cr_assert(colon && end == colon && colon[1] == ' ', "%s: expected 'LINE: fragment'", expect);
  char *frag = colon + 2;
  frag[strcspn(frag, "\n")] = '\0';

  bsyn_diag d;
  int rc = read(path, &d);
  cr_expect_eq(rc, -1, "%s: accepted", name);
  cr_expect_eq(d.line, line, "%s: line %lu, expected %lu (%s)", name, d.line, line, d.msg);
  cr_expect_not_null(strstr(d.msg, frag), "%s: message '%s' lacks '%s'", name, d.msg, frag);
  cr_expect(strstr(d.msg, "expected") && strstr(d.msg, "found"),
            "%s: message '%s' is not 'expected X, found Y'", name, d.msg);
  cr_expect_str_eq(d.path, path, "%s: diagnostic path not set", name);
  free(want);
}

int bsyn_test_bad_folder(const char *folder, const char *ext, bsyn_test_reader read) {
  const char *dir = bsyn_test_data(folder);
  DIR *dp = opendir(dir);
  cr_assert_not_null(dp, "cannot list %s", dir);
  int count = 0;
  struct dirent *e;
  size_t ne = strlen(ext);
  while ((e = readdir(dp)) != NULL) {
    size_t n = strlen(e->d_name);
    if (n <= ne || strcmp(e->d_name + n - ne, ext))
      continue;
    check_one(dir, e->d_name, n - ne, read);
    count++;
  }
  closedir(dp);
  return count;
}

bsyn_aig *bsyn_test_read_ok(const char *path, bsyn_test_netlist_reader read) {
  bsyn_diag d;
  bsyn_aig *g = NULL;
  int rc = read(path, &g, &d);
  char buf[1024] = "";
  if (rc)
    bsyn_diag_format(&d, buf, sizeof buf);
  cr_assert_eq(rc, 0, "%s", buf);
  cr_assert_not_null(g);
  char msg[256];
  cr_assert_eq(bsyn_aig_check(g, msg, sizeof msg), 0, "%s: %s", path, msg);
  return g;
}
