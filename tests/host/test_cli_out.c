/* Outputs of the bsyn commands under a file-size limit and in unwritable folders: a failed
 * write exits 1 with one error line, and the old file stays byte for byte, with no temporary
 * left beside it (bsyn_out.h). */
#include <criterion/criterion.h>
#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bsyn_io.h"
#include "bsyn_test.h"
#include "bsyn_test_files.h"

enum { LIMIT = 4096, NOBODY = 65534 };

/* How the forked child runs bsyn. */
typedef struct child_opts {
  rlim_t fsize;  /* RLIMIT_FSIZE in bytes, 0 = unchanged */
  int xfsz_dfl;  /* leave SIGXFSZ at its default, as a shell's `ulimit -f` does (bsyn ignores
                    it itself); else the child ignores it before exec */
  int as_nobody; /* drop root to nobody, so that folder permissions apply */
} child_opts;

/* Runs bsyn with args (NULL-terminated) in a forked child; its stdout and stderr go to *err
 * (caller frees). Returns the exit status, or -1 when the child did not exit normally. */
static int run_child(const child_opts *c, const char *const *args, char **err) {
  char log[700];
  snprintf(log, sizeof log, "%s", bsyn_test_tmpfile("child.log"));
  pid_t pid = fork();
  cr_assert_neq(pid, -1);
  if (pid == 0) {
    int fd = open(log, O_WRONLY | O_CREAT | O_TRUNC, 0666);
    if (fd < 0 || dup2(fd, 1) < 0 || dup2(fd, 2) < 0)
      _exit(126);
    if (c->as_nobody && (setgid(NOBODY) || setuid(NOBODY)))
      _exit(125);
    signal(SIGXFSZ, c->xfsz_dfl ? SIG_DFL : SIG_IGN);
    if (c->fsize) {
      struct rlimit rl = {c->fsize, c->fsize};
      if (setrlimit(RLIMIT_FSIZE, &rl))
        _exit(126);
    }
    char *argv[16];
    int n = 0;
    argv[n++] = (char *)bsyn_test_exe();
    for (; args[n - 1] && n < 15; n++)
      argv[n] = (char *)args[n - 1];
    argv[n] = NULL;
    execv(argv[0], argv);
    _exit(127);
  }
  int status;
  cr_assert_eq(waitpid(pid, &status, 0), pid);
  *err = bsyn_test_slurp(log, NULL);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* 1 when dir holds an entry whose name starts with ".<name>." (a temporary of name). */
static int has_temporary(const char *dir, const char *name) {
  char prefix[256];
  snprintf(prefix, sizeof prefix, ".%s.", name);
  DIR *d = opendir(dir);
  cr_assert_not_null(d, "%s", dir);
  int found = 0;
  for (struct dirent *e; (e = readdir(d));)
    found |= strncmp(e->d_name, prefix, strlen(prefix)) == 0;
  closedir(d);
  return found;
}

static void write_netlist(bsyn_aig *g, const char *path) {
  bsyn_diag d;
  cr_assert_eq(bsyn_io_write_netlist(g, path, &d), 0, "%s: %s", path, d.msg);
  bsyn_aig_free(g);
}

/* One failed write: bsyn args... with the file-size limit must exit 1 naming the cause, and
 * leave victim (in dir, called name) as it was. */
static void expect_kept(const char *dir, const char *name, const char *const *args, int dfl) {
  char victim[1024];
  snprintf(victim, sizeof victim, "%s/%s", dir, name);
  size_t before_len;
  char *before = bsyn_test_slurp(victim, &before_len);
  child_opts c = {.fsize = LIMIT, .xfsz_dfl = dfl};
  char *err;
  int rc = run_child(&c, args, &err);
  cr_assert_eq(rc, 1, "%s: exit %d: %s", name, rc, err);
  cr_assert(strstr(err, ": error: expected ") && strstr(err, "found File too large\n"), "%s: %s",
            name, err);
  cr_assert_eq(strchr(err, '\n'), err + strlen(err) - 1, "one line: %s", err);
  size_t after_len;
  char *after = bsyn_test_slurp(victim, &after_len);
  cr_assert(before_len == after_len && !memcmp(before, after, before_len), "%s changed", name);
  cr_assert(!has_temporary(dir, name), "%s: a temporary was left in %s", name, dir);
  free(before);
  free(after);
  free(err);
}

/* `(ulimit -f 4; bsyn convert big.aig victim.aag)` and the other formats. */
Test(cli_out, convert_past_a_file_size_limit_keeps_the_old_file) {
  char dir[512];
  snprintf(dir, sizeof dir, "%s", bsyn_test_tmpfile("fsize"));
  cr_assert_eq(mkdir(dir, 0777), 0);
  char big[1024];
  snprintf(big, sizeof big, "%s/big.aig", dir);
  write_netlist(bsyn_test_random_aig(64, 4000, 32, 7), big);
  static const char *const names[] = {"victim.aag", "victim.aig", "victim.blif", "victim.v",
                                      "victim.dot"};
  for (size_t k = 0; k < sizeof names / sizeof names[0]; k++) {
    char victim[1024];
    snprintf(victim, sizeof victim, "%s/%s", dir, names[k]);
    write_netlist(bsyn_test_random_aig(4, 8, 2, k), victim);
    for (int dfl = 0; dfl < 2; dfl++) {
      const char *args[] = {"convert", big, victim, NULL};
      expect_kept(dir, names[k], args, dfl);
    }
  }
}

/* The streaming trace writer and the hex image go the same way. */
Test(cli_out, trace_and_hex_past_a_file_size_limit_keep_the_old_file) {
  char elf[640];
  snprintf(elf, sizeof elf, "%s/programs/sort.elf", BSYN_BUILD_DIR);
  if (access(elf, R_OK) != 0)
    cr_skip("%s not built (riscv64-unknown-elf-gcc missing)", elf);
  char dir[512];
  snprintf(dir, sizeof dir, "%s", bsyn_test_tmpfile("fsize-prog"));
  cr_assert_eq(mkdir(dir, 0777), 0);
  char trace[1024], hex[1024], *out;
  snprintf(trace, sizeof trace, "%s/victim.trace", dir);
  snprintf(hex, sizeof hex, "%s/victim.hex", dir);
  char cmd[2400];
  snprintf(cmd, sizeof cmd, "'%s' trace '%s' -o '%s' --max-steps 20 >/dev/null", bsyn_test_exe(),
           elf, trace);
  int rc = bsyn_test_run(cmd, &out);
  cr_assert_eq(access(trace, R_OK), 0, "exit %d: %s", rc, out);
  free(out);
  FILE *f = fopen(hex, "w");
  cr_assert_not_null(f);
  fputs("// the old image\n", f);
  fclose(f);
  const char *targs[] = {"trace", elf, "-o", trace, NULL};
  expect_kept(dir, "victim.trace", targs, 1);
  const char *hargs[] = {"elf2hex", elf, hex, "--max-words", "1M", NULL};
  expect_kept(dir, "victim.hex", hargs, 1);
}

Test(cli_out, an_unwritable_folder_gives_one_clear_error) {
  char dir[512];
  snprintf(dir, sizeof dir, "%s", bsyn_test_tmpfile("ro"));
  cr_assert_eq(mkdir(dir, 0777), 0);
  char src[1024], victim[1024], missing[1024];
  snprintf(src, sizeof src, "%s/src.aig", dir);
  snprintf(victim, sizeof victim, "%s/x.aag", dir);
  snprintf(missing, sizeof missing, "%s/no/such/folder/x.aag", dir);
  write_netlist(bsyn_test_random_aig(4, 8, 2, 1), src);
  cr_assert_eq(chmod(src, 0644), 0);
  /* a folder that does not exist */
  child_opts c = {0};
  const char *args[] = {"convert", src, missing, NULL};
  char *err;
  cr_assert_eq(run_child(&c, args, &err), 1, "%s", err);
  cr_assert(strstr(err, "x.aag: error: expected a writable file, found No such file or directory "
                        "(creating a file in "),
            "%s", err);
  free(err);
  /* a folder without write permission (root runs the child as nobody) */
  c.as_nobody = geteuid() == 0;
  cr_assert_eq(chmod(bsyn_test_tmpdir(), 0755), 0);
  cr_assert_eq(chmod(dir, 0555), 0);
  args[2] = victim;
  int rc = run_child(&c, args, &err);
  cr_assert_eq(chmod(dir, 0755), 0);
  cr_assert_eq(rc, 1, "%s", err);
  cr_assert(strstr(err, "x.aag: error: expected a writable file, found Permission denied "
                        "(creating a file in "),
            "%s", err);
  cr_assert_eq(strchr(err, '\n'), err + strlen(err) - 1, "one line: %s", err);
  cr_assert_neq(access(victim, F_OK), 0);
  free(err);
}
