#include "bsyn_pool.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "bsyn_util.h"

#ifdef BSYN_HAVE_HWLOC
#include <hwloc.h>
#endif

/* A run is published by storing the job and bumping `generation`; every worker takes its
 * slice of [0, n) and decrements `pending`. Waiting is spin-then-sleep: a waiter polls for
 * at most SPIN_NS (runs often come back to back, and waking a sleeping thread costs tens of
 * microseconds on a virtual machine), then sleeps on a condition variable, so an idle pool
 * costs no CPU time. Sleepers re-check their condition under the mutex and wakers signal
 * under it, so no wake-up is lost. */
#define SPIN_NS 50000
typedef struct worker {
  struct bsyn_pool *pool;
  unsigned index; /* 1..threads-1; the caller is thread 0 */
  pthread_t tid;
} worker;

struct bsyn_pool {
  unsigned threads; /* including the caller */
  worker *workers;  /* threads - 1 entries */
  pthread_mutex_t mu;
  pthread_cond_t wake; /* workers wait here for a new generation or quit */
  pthread_cond_t done; /* the caller waits here for pending == 0 */
  atomic_ulong generation;
  atomic_uint pending;
  atomic_int quit;
  size_t n;
  bsyn_pool_fn fn;
  void *arg;
#ifdef BSYN_HAVE_HWLOC
  hwloc_topology_t topo;
  unsigned cores;
  hwloc_bitmap_t caller_saved; /* the caller's binding before the pool pinned it */
#endif
};

#ifdef BSYN_HAVE_HWLOC
/* Pins the calling thread to core `index % cores` (one PU of it). Failure to bind (a
 * restricted container, an unsupported OS) only costs speed, so it is ignored. */
static void pin_self(struct bsyn_pool *pool, unsigned index) {
  if (!pool->topo || !pool->cores)
    return;
  hwloc_obj_t core = hwloc_get_obj_by_type(pool->topo, HWLOC_OBJ_CORE, index % pool->cores);
  if (!core || !core->cpuset)
    return;
  hwloc_bitmap_t set = hwloc_bitmap_dup(core->cpuset);
  hwloc_bitmap_singlify(set);
  (void)hwloc_set_cpubind(pool->topo, set, HWLOC_CPUBIND_THREAD);
  hwloc_bitmap_free(set);
}
#endif

/* Thread t's share of [0, n): a contiguous range fixed by n and the thread count only. */
static void slice(size_t n, unsigned threads, unsigned t, size_t *begin, size_t *end) {
  size_t q = n / threads, r = n % threads;
  *begin = t * q + (t < r ? t : r);
  *end = *begin + q + (t < r);
}

static void run_slice(struct bsyn_pool *pool, size_t n, bsyn_pool_fn fn, void *arg, unsigned t) {
  size_t b, e;
  slice(n, pool->threads, t, &b, &e);
  for (size_t i = b; i < e; i++)
    fn(arg, i, t);
}

static void cpu_relax(void) {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#endif
}

static uint64_t now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* Polls until the generation moves past `seen` or quit is set, for at most SPIN_NS. */
static void spin_for_work(struct bsyn_pool *pool, unsigned long seen) {
  uint64_t start = now_ns();
  for (unsigned i = 1;; i++) {
    if (atomic_load_explicit(&pool->generation, memory_order_acquire) != seen ||
        atomic_load_explicit(&pool->quit, memory_order_relaxed))
      return;
    cpu_relax();
    if ((i & 63) == 0 && now_ns() - start > SPIN_NS)
      return;
  }
}

static void *worker_main(void *p) {
  worker *w = p;
  struct bsyn_pool *pool = w->pool;
#ifdef BSYN_HAVE_HWLOC
  pin_self(pool, w->index);
#endif
  unsigned long seen = 0;
  for (;;) {
    spin_for_work(pool, seen);
    pthread_mutex_lock(&pool->mu);
    while (!atomic_load(&pool->quit) && atomic_load(&pool->generation) == seen)
      pthread_cond_wait(&pool->wake, &pool->mu);
    pthread_mutex_unlock(&pool->mu);
    if (atomic_load(&pool->quit))
      break;
    seen = atomic_load_explicit(&pool->generation, memory_order_acquire);
    run_slice(pool, pool->n, pool->fn, pool->arg, w->index);
    if (atomic_fetch_sub_explicit(&pool->pending, 1, memory_order_acq_rel) == 1) {
      pthread_mutex_lock(&pool->mu);
      pthread_cond_signal(&pool->done);
      pthread_mutex_unlock(&pool->mu);
    }
  }
  return NULL;
}

unsigned bsyn_pool_num_cores(void) {
  unsigned n = 0;
#ifdef BSYN_HAVE_HWLOC
  hwloc_topology_t topo;
  if (hwloc_topology_init(&topo) == 0) {
    if (hwloc_topology_load(topo) == 0) {
      int c = hwloc_get_nbobjs_by_type(topo, HWLOC_OBJ_CORE);
      n = c > 0 ? (unsigned)c : 0;
    }
    hwloc_topology_destroy(topo);
  }
#endif
  if (n == 0) {
    long c = sysconf(_SC_NPROCESSORS_ONLN);
    n = c > 0 ? (unsigned)c : 1;
  }
  return n;
}

#ifdef BSYN_HAVE_HWLOC
static void topo_open(struct bsyn_pool *pool) {
  if (hwloc_topology_init(&pool->topo) != 0) {
    pool->topo = NULL;
    return;
  }
  if (hwloc_topology_load(pool->topo) != 0) {
    hwloc_topology_destroy(pool->topo);
    pool->topo = NULL;
    return;
  }
  int c = hwloc_get_nbobjs_by_type(pool->topo, HWLOC_OBJ_CORE);
  pool->cores = c > 0 ? (unsigned)c : 0;
}
#endif

bsyn_pool *bsyn_pool_new(unsigned threads) {
  struct bsyn_pool *pool = bsyn_calloc(1, sizeof *pool);
#ifdef BSYN_HAVE_HWLOC
  topo_open(pool);
  if (threads == 0)
    threads = pool->cores;
#endif
  if (threads == 0)
    threads = bsyn_pool_num_cores();
  pool->threads = threads;
  if (pthread_mutex_init(&pool->mu, NULL) || pthread_cond_init(&pool->wake, NULL) ||
      pthread_cond_init(&pool->done, NULL))
    bsyn_abort("bsyn_pool_new: cannot initialise synchronisation objects");
#ifdef BSYN_HAVE_HWLOC
  /* A single-thread pool leaves the caller where the OS put it: pinning buys nothing. */
  if (threads > 1 && pool->topo) {
    pool->caller_saved = hwloc_bitmap_alloc();
    if (hwloc_get_cpubind(pool->topo, pool->caller_saved, HWLOC_CPUBIND_THREAD) != 0) {
      hwloc_bitmap_free(pool->caller_saved);
      pool->caller_saved = NULL;
    } else {
      pin_self(pool, 0);
    }
  }
#endif
  pool->workers = bsyn_calloc(threads, sizeof(worker));
  for (unsigned t = 1; t < threads; t++) {
    worker *w = &pool->workers[t - 1];
    w->pool = pool;
    w->index = t;
    if (pthread_create(&w->tid, NULL, worker_main, w) != 0)
      bsyn_abort("bsyn_pool_new: cannot start thread %u of %u", t, threads);
  }
  return pool;
}

void bsyn_pool_free(bsyn_pool *pool) {
  if (!pool)
    return;
  pthread_mutex_lock(&pool->mu);
  atomic_store(&pool->quit, 1);
  pthread_cond_broadcast(&pool->wake);
  pthread_mutex_unlock(&pool->mu);
  for (unsigned t = 1; t < pool->threads; t++)
    pthread_join(pool->workers[t - 1].tid, NULL);
  pthread_cond_destroy(&pool->done);
  pthread_cond_destroy(&pool->wake);
  pthread_mutex_destroy(&pool->mu);
#ifdef BSYN_HAVE_HWLOC
  if (pool->caller_saved) {
    (void)hwloc_set_cpubind(pool->topo, pool->caller_saved, HWLOC_CPUBIND_THREAD);
    hwloc_bitmap_free(pool->caller_saved);
  }
  if (pool->topo)
    hwloc_topology_destroy(pool->topo);
#endif
  free(pool->workers);
  free(pool);
}

unsigned bsyn_pool_threads(const bsyn_pool *pool) { return pool ? pool->threads : 1; }

void bsyn_pool_run(bsyn_pool *pool, size_t n, bsyn_pool_fn fn, void *arg) {
  if (n == 0)
    return;
  if (!pool || pool->threads == 1) {
    for (size_t i = 0; i < n; i++)
      fn(arg, i, 0);
    return;
  }
  if (atomic_load(&pool->pending))
    bsyn_abort("bsyn_pool_run: called while the pool is busy (re-entrant or concurrent use)");
  pool->n = n;
  pool->fn = fn;
  pool->arg = arg;
  atomic_store(&pool->pending, pool->threads - 1);
  atomic_fetch_add_explicit(&pool->generation, 1, memory_order_release);
  pthread_mutex_lock(&pool->mu);
  pthread_cond_broadcast(&pool->wake);
  pthread_mutex_unlock(&pool->mu);
  run_slice(pool, n, fn, arg, 0);
  uint64_t start = now_ns();
  for (unsigned i = 1; atomic_load_explicit(&pool->pending, memory_order_acquire); i++) {
    cpu_relax();
    if ((i & 63) == 0 && now_ns() - start > SPIN_NS)
      break;
  }
  pthread_mutex_lock(&pool->mu);
  while (atomic_load(&pool->pending))
    pthread_cond_wait(&pool->done, &pool->mu);
  pthread_mutex_unlock(&pool->mu);
}
