/* bsyn_util.h — memory helpers, the abort hook and reader diagnostics.
 *
 * The library never prints and never exits. Readers and other fallible calls fill a
 * bsyn_diag and return non-zero; API misuse and broken invariants call bsyn_abort(), which
 * goes through one replaceable hook (default: message to stderr, then abort()). */
#ifndef BSYN_UTIL_H
#define BSYN_UTIL_H

#include <stddef.h>
#include <stdint.h>

#if defined(__GNUC__)
#define BSYN_PRINTF(f, a) __attribute__((format(printf, f, a)))
#define BSYN_NORETURN __attribute__((noreturn))
#else
#define BSYN_PRINTF(f, a)
#define BSYN_NORETURN
#endif

/* A diagnostic from a reader or another fallible call.
 * path: not owned (points at the caller's string); line/col: 1-based, 0 = unknown;
 * msg: "expected X, found Y" style text without the "path:line: error:" prefix. */
typedef struct bsyn_diag {
  const char *path;
  unsigned long line;
  unsigned long col;
  char msg[512];
} bsyn_diag;

/* Resets d to "no error" for path (may be NULL). */
void bsyn_diag_init(bsyn_diag *d, const char *path);

/* Records an error at line/col with a printf-style message; always returns -1 so that
 * readers can write `return bsyn_diag_set(d, line, 0, "...")`. d may be NULL. */
int bsyn_diag_set(bsyn_diag *d, unsigned long line, unsigned long col, const char *fmt, ...)
    BSYN_PRINTF(4, 5);

/* Formats d as "path:line:col: error: msg" (parts left out when unknown) into buf. */
void bsyn_diag_format(const bsyn_diag *d, char *buf, size_t size);

/* The abort hook: called with a formatted message on API misuse or a broken invariant.
 * The hook must not return; if it does, abort() follows. NULL restores the default. */
typedef void (*bsyn_abort_hook)(const char *msg);
void bsyn_set_abort_hook(bsyn_abort_hook hook);
BSYN_NORETURN void bsyn_abort(const char *fmt, ...) BSYN_PRINTF(1, 2);

/* Allocation that aborts through the hook on failure (never returns NULL for size > 0). */
void *bsyn_malloc(size_t size);
void *bsyn_calloc(size_t count, size_t size);
void *bsyn_realloc(void *p, size_t size);
char *bsyn_strdup(const char *s); /* NULL in, NULL out */
/* 64-byte aligned allocation, freed with bsyn_aligned_free; size is rounded up to 64. */
void *bsyn_aligned_alloc(size_t size);
void bsyn_aligned_free(void *p);

/* Removes directory dir and the plain files in it (a scratch directory such as ABC's work
 * folder; subdirectories are not descended). 0, or -1 when dir is left behind. */
int bsyn_remove_dir(const char *dir);

/* The process's resident memory in bytes (Linux: /proc/self/statm), or 0 where it cannot be
 * read. Cheap enough to call between slices of work (one small file read). */
uint64_t bsyn_resident_bytes(void);

/* Typed growable vectors: BSYN_VEC(T) declares an anonymous {data, size, cap} struct.
 * The vector is passed explicitly; no variable needs to be in scope. Zero-init = empty. */
#define BSYN_VEC(T)                                                                                \
  struct {                                                                                         \
    T *data;                                                                                       \
    size_t size;                                                                                   \
    size_t cap;                                                                                    \
  }
void bsyn_vec_grow_(void **data, size_t *cap, size_t elem, size_t need);
#define bsyn_vec_reserve(v, n)                                                                     \
  do {                                                                                             \
    if ((n) > (v).cap)                                                                             \
      bsyn_vec_grow_((void **)&(v).data, &(v).cap, sizeof *(v).data, (n));                         \
  } while (0)
#define bsyn_vec_push(v, x)                                                                        \
  do {                                                                                             \
    bsyn_vec_reserve((v), (v).size + 1);                                                           \
    (v).data[(v).size++] = (x);                                                                    \
  } while (0)
/* Appends n bytes at p to the byte vector v (BSYN_VEC(uint8_t)). */
#define bsyn_vec_append(v, p, n)                                                                   \
  do {                                                                                             \
    bsyn_vec_reserve((v), (v).size + (n));                                                         \
    memcpy((v).data + (v).size, (p), (n));                                                         \
    (v).size += (n);                                                                               \
  } while (0)
#define bsyn_vec_free(v)                                                                           \
  do {                                                                                             \
    free((v).data);                                                                                \
    (v).data = NULL;                                                                               \
    (v).size = (v).cap = 0;                                                                        \
  } while (0)

/* SplitMix64 step: a counter-based mixer; bsyn_mix64(seed ^ index) gives reproducible
 * streams independent of evaluation order. */
static inline uint64_t bsyn_mix64(uint64_t x) {
  x += 0x9e3779b97f4a7c15ull;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
  return x ^ (x >> 31);
}

/* A small sequential generator (xoshiro256** seeded through SplitMix64). */
typedef struct bsyn_rng {
  uint64_t s[4];
} bsyn_rng;
void bsyn_rng_seed(bsyn_rng *r, uint64_t seed);
uint64_t bsyn_rng_next(bsyn_rng *r);

#endif
