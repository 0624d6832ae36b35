/* Atomic output files: a temporary beside the target, renamed over it once complete. */
#include "bsyn_out.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

enum {
  NAME_KEEP = 200, /* bytes of the target's name kept in the temporary's (NAME_MAX is 255) */
  TRIES = 64,      /* names tried before giving up on EEXIST */
  BUFFER = 1 << 16
};

/* The folder of path as a malloc'ed string ("." when path has no slash). */
static char *folder_of(const char *path) {
  const char *slash = strrchr(path, '/');
  if (!slash)
    return bsyn_strdup(".");
  if (slash == path)
    return bsyn_strdup("/");
  size_t n = (size_t)(slash - path);
  char *dir = bsyn_malloc(n + 1);
  memcpy(dir, path, n);
  dir[n] = '\0';
  return dir;
}

/* Creates dir/.NAME.XXXXXX exclusively with mode 0666 (the kernel applies the umask, which
 * mkstemp's fixed 0600 would not) and returns its descriptor, or -1 with errno set. The
 * suffix mixes the clock, the pid and a stack address, so threads need no shared state. */
static int create_temporary(const char *target, char **tmp) {
  const char *slash = strrchr(target, '/');
  const char *name = slash ? slash + 1 : target;
  int dir_len = slash ? (int)(slash - target) + 1 : 0;
  int name_len = (int)strnlen(name, NAME_KEEP);
  size_t size = (size_t)dir_len + (size_t)name_len + 16;
  char *path = bsyn_malloc(size);
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  uint64_t seed = (uint64_t)ts.tv_nsec ^ (uint64_t)ts.tv_sec << 30 ^ (uint64_t)getpid() << 40 ^
                  (uint64_t)(uintptr_t)&ts;
  static const char digits[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
  for (int t = 0; t < TRIES; t++) {
    uint64_t r = bsyn_mix64(seed + (uint64_t)t);
    char suffix[7];
    for (int k = 0; k < 6; k++, r /= 62)
      suffix[k] = digits[r % 62];
    suffix[6] = '\0';
    snprintf(path, size, "%.*s.%.*s.%s", dir_len, target, name_len, name, suffix);
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (fd >= 0) {
      *tmp = path;
      return fd;
    }
    if (errno != EEXIST)
      break;
  }
  int e = errno;
  free(path);
  errno = e;
  return -1;
}

/* The file a write to path replaces: path itself, or what a symbolic link names. */
static char *resolve(const char *path) {
  struct stat st;
  if (lstat(path, &st) == 0 && S_ISLNK(st.st_mode)) {
    char *real = realpath(path, NULL);
    if (real) {
      char *copy = bsyn_strdup(real); /* ours to free with the other strings */
      free(real);
      return copy;
    }
  }
  return bsyn_strdup(path);
}

static void release(bsyn_out *o) {
  free(o->target);
  free(o->tmp);
  memset(o, 0, sizeof *o);
}

/* Fills d with "expected a writable file, found <why>" (writing: "expected to write the
 * whole file, ..."), naming the target when d is about another path and the folder when the
 * temporary could not be created there. err is an errno, or 0 for a write error whose errno
 * is gone. Returns -1. */
static int report(bsyn_diag *d, const char *target, int writing, int err, int in_folder) {
  int named = !d || !d->path || strcmp(d->path, target) != 0;
  char *dir = in_folder ? folder_of(target) : NULL;
  bsyn_diag_set(d, 0, 0, "expected %s%s%s, found %s%s%s%s",
                writing ? "to write the whole file" : "a writable file", named ? " " : "",
                named ? target : "", err ? strerror(err) : "a write error",
                dir ? " (creating a file in " : "", dir ? dir : "", dir ? ")" : "");
  free(dir);
  return -1;
}

static int open_failed(bsyn_out *o, bsyn_diag *d, int err, int in_folder) {
  report(d, o->target, 0, err, in_folder);
  release(o);
  return -1;
}

int bsyn_out_open(bsyn_out *o, const char *path, bsyn_diag *d) {
  memset(o, 0, sizeof *o);
  o->target = resolve(path);
  if (!*path)
    return open_failed(o, d, ENOENT, 0);
  struct stat st;
  int exists = stat(o->target, &st) == 0;
  if (exists && !S_ISREG(st.st_mode)) {
    o->f = fopen(o->target, "wb");
    if (!o->f)
      return open_failed(o, d, errno, 0);
  } else {
    if (exists && access(o->target, W_OK) != 0)
      return open_failed(o, d, errno, 0);
    int fd = create_temporary(o->target, &o->tmp);
    if (fd < 0)
      return open_failed(o, d, errno, 1);
    if (exists)
      (void)fchmod(fd, st.st_mode & 07777); /* best effort: the owner may differ */
    o->f = fdopen(fd, "wb");
    if (!o->f) {
      int e = errno;
      close(fd);
      unlink(o->tmp);
      return open_failed(o, d, e, 0);
    }
  }
  setvbuf(o->f, NULL, _IOFBF, BUFFER);
  return 0;
}

/* fsync of the folder, so that the rename itself survives a crash. Best effort. */
static void sync_folder(const char *target) {
  char *dir = folder_of(target);
  int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd >= 0) {
    (void)fsync(fd);
    close(fd);
  }
  free(dir);
}

/* Flushes and closes o->f (fsync first when it is a temporary). Returns 0, an errno, or -1
 * for a write error whose errno is gone (an earlier write failed, the last flush did not). */
static int finish_file(bsyn_out *o) {
  errno = 0;
  int bad = fflush(o->f) != 0 || ferror(o->f);
  int err = bad ? (errno ? errno : -1) : 0;
  if (!err && o->tmp && fsync(fileno(o->f)) != 0)
    err = errno;
  errno = 0;
  if (fclose(o->f) != 0 && !err)
    err = errno ? errno : -1;
  o->f = NULL;
  return err;
}

int bsyn_out_commit(bsyn_out *o, bsyn_diag *d) {
  if (!o->f)
    bsyn_abort("bsyn_out_commit: the output is not open");
  int err = finish_file(o);
  if (!err && o->tmp && rename(o->tmp, o->target) != 0)
    err = errno;
  if (err) {
    if (o->tmp)
      unlink(o->tmp);
    report(d, o->target, 1, err > 0 ? err : 0, 0);
    release(o);
    return -1;
  }
  if (o->tmp)
    sync_folder(o->target);
  release(o);
  return 0;
}

void bsyn_out_abort(bsyn_out *o) {
  if (o->f)
    fclose(o->f);
  if (o->tmp)
    unlink(o->tmp);
  release(o);
}
