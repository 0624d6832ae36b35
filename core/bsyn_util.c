#include "bsyn_util.h"

#include <dirent.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void bsyn_diag_init(bsyn_diag *d, const char *path) {
  d->path = path;
  d->line = 0;
  d->col = 0;
  d->msg[0] = '\0';
}

int bsyn_diag_set(bsyn_diag *d, unsigned long line, unsigned long col, const char *fmt, ...) {
  if (!d)
    return -1;
  d->line = line;
  d->col = col;
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(d->msg, sizeof d->msg, fmt, ap);
  va_end(ap);
  return -1;
}

void bsyn_diag_format(const bsyn_diag *d, char *buf, size_t size) {
  const char *path = d->path ? d->path : "bsyn";
  if (d->line && d->col)
    snprintf(buf, size, "%s:%lu:%lu: error: %s", path, d->line, d->col, d->msg);
  else if (d->line)
    snprintf(buf, size, "%s:%lu: error: %s", path, d->line, d->msg);
  else
    snprintf(buf, size, "%s: error: %s", path, d->msg);
}

static void default_abort_hook(const char *msg) {
  fprintf(stderr, "bsyn: internal error: %s\n", msg);
  abort();
}

static bsyn_abort_hook abort_hook = default_abort_hook;

void bsyn_set_abort_hook(bsyn_abort_hook hook) { abort_hook = hook ? hook : default_abort_hook; }

void bsyn_abort(const char *fmt, ...) {
  char msg[512];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  abort_hook(msg);
  abort();
}

void *bsyn_malloc(size_t size) {
  void *p = malloc(size ? size : 1);
  if (!p)
    bsyn_abort("out of memory allocating %zu bytes", size);
  return p;
}

void *bsyn_calloc(size_t count, size_t size) {
  void *p = calloc(count ? count : 1, size ? size : 1);
  if (!p)
    bsyn_abort("out of memory allocating %zu x %zu bytes", count, size);
  return p;
}

void *bsyn_realloc(void *p, size_t size) {
  void *q = realloc(p, size ? size : 1);
  if (!q)
    bsyn_abort("out of memory reallocating %zu bytes", size);
  return q;
}

char *bsyn_strdup(const char *s) {
  if (!s)
    return NULL;
  size_t n = strlen(s) + 1;
  char *c = bsyn_malloc(n);
  memcpy(c, s, n);
  return c;
}

void *bsyn_aligned_alloc(size_t size) {
  size = (size + 63) & ~(size_t)63;
  void *p = aligned_alloc(64, size ? size : 64);
  if (!p)
    bsyn_abort("out of memory allocating %zu aligned bytes", size);
  return p;
}

void bsyn_aligned_free(void *p) { free(p); }

void bsyn_vec_grow_(void **data, size_t *cap, size_t elem, size_t need) {
  size_t c = *cap ? *cap : 8;
  while (c < need)
    c *= 2;
  *data = bsyn_realloc(*data, c * elem);
  *cap = c;
}

static uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

void bsyn_rng_seed(bsyn_rng *r, uint64_t seed) {
  for (int i = 0; i < 4; i++) {
    seed += 0x9e3779b97f4a7c15ull;
    r->s[i] = bsyn_mix64(seed);
  }
}

uint64_t bsyn_rng_next(bsyn_rng *r) {
  uint64_t *s = r->s;
  uint64_t result = rotl(s[1] * 5, 7) * 9;
  uint64_t t = s[1] << 17;
  s[2] ^= s[0];
  s[3] ^= s[1];
  s[1] ^= s[2];
  s[0] ^= s[3];
  s[2] ^= t;
  s[3] = rotl(s[3], 45);
  return result;
}

int bsyn_remove_dir(const char *dir) {
  DIR *h = opendir(dir);
  char path[4096];
  for (struct dirent *e; h && (e = readdir(h));)
    if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..") &&
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name) < (int)sizeof path)
      unlink(path);
  if (h)
    closedir(h);
  return rmdir(dir) ? -1 : 0;
}

uint64_t bsyn_resident_bytes(void) {
  FILE *f = fopen("/proc/self/statm", "r");
  if (!f)
    return 0;
  unsigned long long size = 0, resident = 0;
  int n = fscanf(f, "%llu %llu", &size, &resident);
  fclose(f);
  long page = sysconf(_SC_PAGESIZE);
  return n == 2 && page > 0 ? (uint64_t)resident * (uint64_t)page : 0;
}
