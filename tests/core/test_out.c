/* bsyn_out: outputs replaced whole or not at all. */
#include <criterion/criterion.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bsyn_out.h"
#include "bsyn_test.h"
#include "bsyn_test_files.h"

static void put_file(const char *path, const char *text) {
  FILE *f = fopen(path, "w");
  cr_assert_not_null(f, "%s", path);
  fputs(text, f);
  cr_assert_eq(fclose(f), 0);
}

/* The number of entries of dir whose names start with prefix. */
static int count_prefixed(const char *dir, const char *prefix) {
  DIR *d = opendir(dir);
  cr_assert_not_null(d, "%s", dir);
  int n = 0;
  for (struct dirent *e; (e = readdir(d));)
    n += strncmp(e->d_name, prefix, strlen(prefix)) == 0;
  closedir(d);
  return n;
}

/* A folder of its own under the test's temporary folder. */
static const char *fresh_dir(const char *name) {
  const char *dir = bsyn_test_tmpfile(name);
  cr_assert_eq(mkdir(dir, 0777), 0, "%s", dir);
  return dir;
}

Test(out, commit_replaces_the_old_file) {
  const char *dir = fresh_dir("commit");
  char path[700];
  snprintf(path, sizeof path, "%s/x.txt", dir);
  put_file(path, "old\n");
  bsyn_out o;
  bsyn_diag d;
  bsyn_diag_init(&d, path);
  cr_assert_eq(bsyn_out_open(&o, path, &d), 0, "%s", d.msg);
  fputs("new\n", o.f);
  char *text = bsyn_test_slurp(path, NULL);
  cr_assert_str_eq(text, "old\n", "the target is untouched until the commit");
  free(text);
  cr_assert_eq(count_prefixed(dir, ".x.txt."), 1, "one temporary beside the target");
  cr_assert_eq(bsyn_out_commit(&o, &d), 0, "%s", d.msg);
  cr_assert_null(o.f);
  text = bsyn_test_slurp(path, NULL);
  cr_assert_str_eq(text, "new\n");
  free(text);
  cr_assert_eq(count_prefixed(dir, "."), 2, "only . and .. are left");
  bsyn_out_abort(&o); /* a no-op after the commit */
}

Test(out, abort_keeps_the_old_file) {
  const char *dir = fresh_dir("abort");
  char path[700];
  snprintf(path, sizeof path, "%s/x.txt", dir);
  put_file(path, "old\n");
  bsyn_out o;
  cr_assert_eq(bsyn_out_open(&o, path, NULL), 0);
  fputs("half a fi", o.f);
  bsyn_out_abort(&o);
  char *text = bsyn_test_slurp(path, NULL);
  cr_assert_str_eq(text, "old\n");
  free(text);
  cr_assert_eq(count_prefixed(dir, "."), 2, "the temporary is gone");
  /* a new file that is aborted never appears */
  snprintf(path, sizeof path, "%s/never.txt", dir);
  cr_assert_eq(bsyn_out_open(&o, path, NULL), 0);
  bsyn_out_abort(&o);
  cr_assert_neq(access(path, F_OK), 0);
}

Test(out, permissions_kept_or_from_the_umask) {
  const char *dir = fresh_dir("mode");
  char path[700];
  snprintf(path, sizeof path, "%s/x.txt", dir);
  put_file(path, "old\n");
  cr_assert_eq(chmod(path, 0640), 0);
  bsyn_out o;
  cr_assert_eq(bsyn_out_open(&o, path, NULL), 0);
  cr_assert_eq(bsyn_out_commit(&o, NULL), 0);
  struct stat st;
  cr_assert_eq(stat(path, &st), 0);
  cr_assert_eq(st.st_mode & 07777, 0640);
  mode_t mask = umask(022);
  snprintf(path, sizeof path, "%s/new.txt", dir);
  cr_assert_eq(bsyn_out_open(&o, path, NULL), 0);
  cr_assert_eq(bsyn_out_commit(&o, NULL), 0);
  umask(mask);
  cr_assert_eq(stat(path, &st), 0);
  cr_assert_eq(st.st_mode & 07777, 0644, "mode %o, not mkstemp's 0600", st.st_mode & 07777);
}

Test(out, a_symbolic_link_stays_and_its_file_is_replaced) {
  const char *dir = fresh_dir("link");
  char path[700], link[700];
  snprintf(path, sizeof path, "%s/real.txt", dir);
  snprintf(link, sizeof link, "%s/link.txt", dir);
  put_file(path, "old\n");
  cr_assert_eq(symlink("real.txt", link), 0);
  bsyn_out o;
  cr_assert_eq(bsyn_out_open(&o, link, NULL), 0);
  fputs("new\n", o.f);
  cr_assert_eq(bsyn_out_commit(&o, NULL), 0);
  struct stat st;
  cr_assert_eq(lstat(link, &st), 0);
  cr_assert(S_ISLNK(st.st_mode), "the link is still a link");
  char *text = bsyn_test_slurp(path, NULL);
  cr_assert_str_eq(text, "new\n");
  free(text);
}

Test(out, a_device_is_written_in_place) {
  bsyn_out o;
  bsyn_diag d;
  bsyn_diag_init(&d, "/dev/null");
  cr_assert_eq(bsyn_out_open(&o, "/dev/null", &d), 0, "%s", d.msg);
  cr_assert_null(o.tmp);
  fputs("gone\n", o.f);
  cr_assert_eq(bsyn_out_commit(&o, &d), 0, "%s", d.msg);
  struct stat st;
  cr_assert_eq(stat("/dev/null", &st), 0);
  cr_assert(S_ISCHR(st.st_mode), "/dev/null is still a device");
}

Test(out, open_errors_name_the_reason) {
  const char *dir = fresh_dir("errors");
  char path[700];
  bsyn_out o;
  bsyn_diag d;
  snprintf(path, sizeof path, "%s/no/such/folder/x.aag", dir);
  bsyn_diag_init(&d, path);
  cr_assert_eq(bsyn_out_open(&o, path, &d), -1);
  cr_assert_null(o.f);
  bsyn_out_abort(&o); /* a no-op on a failed open */
  cr_assert(strstr(d.msg, "expected a writable file, found No such file or directory"), "%s",
            d.msg);
  cr_assert(strstr(d.msg, "/no/such/folder)"), "names the folder: %s", d.msg);
  /* a folder as the target */
  bsyn_diag_init(&d, dir);
  cr_assert_eq(bsyn_out_open(&o, dir, &d), -1);
  cr_assert(strstr(d.msg, "expected a writable file, found Is a directory"), "%s", d.msg);
  /* a diagnostic about another path names the file */
  snprintf(path, sizeof path, "%s/missing/x.abc", dir);
  bsyn_diag_init(&d, "reference.aig");
  cr_assert_eq(bsyn_out_open(&o, path, &d), -1);
  cr_assert(strstr(d.msg, path), "%s", d.msg);
  cr_assert_eq(count_prefixed(dir, "."), 2, "nothing was created");
}
