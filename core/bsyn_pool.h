/* bsyn_pool.h — a fixed thread pool, threads pinned one per core with hwloc when available.
 *
 * bsyn_pool_run(pool, n, fn, arg) calls fn(arg, i, thread) for i in [0, n) spread over the
 * pool's threads (the calling thread takes part) and returns when all calls are done. Work
 * items are handed out in a fixed static partition so that a result that depends on how
 * items were split across threads cannot creep in unnoticed (fn must not depend on thread
 * anyway; thread is only for per-thread scratch). A NULL pool runs everything inline. */
#ifndef BSYN_POOL_H
#define BSYN_POOL_H

#include <stddef.h>

typedef struct bsyn_pool bsyn_pool;

typedef void (*bsyn_pool_fn)(void *arg, size_t item, unsigned thread);

/* Creates a pool of `threads` threads in total (0 = one per core). Never NULL. */
bsyn_pool *bsyn_pool_new(unsigned threads);
void bsyn_pool_free(bsyn_pool *pool);
/* Number of threads including the caller (1 for NULL). */
unsigned bsyn_pool_threads(const bsyn_pool *pool);
/* Runs fn over [0, n) as described above. Not re-entrant: do not call from inside fn. */
void bsyn_pool_run(bsyn_pool *pool, size_t n, bsyn_pool_fn fn, void *arg);
/* Number of cores seen by hwloc (or sysconf), at least 1. */
unsigned bsyn_pool_num_cores(void);

#endif
