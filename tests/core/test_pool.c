#include <criterion/criterion.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <time.h>

#include "bsyn_pool.h"

typedef struct record {
  atomic_uint *count;  /* calls per item */
  unsigned *thread_of; /* which thread ran each item */
  unsigned threads;
  atomic_uint bad_thread;
} record;

static void note(void *arg, size_t item, unsigned thread) {
  record *r = arg;
  atomic_fetch_add(&r->count[item], 1);
  r->thread_of[item] = thread;
  if (thread >= r->threads)
    atomic_fetch_add(&r->bad_thread, 1);
}

/* every item runs exactly once, on a valid thread, and each thread gets one contiguous,
 * ascending range (the static partition) */
static void check_run(bsyn_pool *pool, size_t n) {
  record r = {calloc(n + 1, sizeof(atomic_uint)), calloc(n + 1, sizeof(unsigned)),
              bsyn_pool_threads(pool), 0};
  bsyn_pool_run(pool, n, note, &r);
  for (size_t i = 0; i < n; i++) {
    cr_assert_eq(atomic_load(&r.count[i]), 1, "item %zu ran %u times (n %zu, %u threads)", i,
                 atomic_load(&r.count[i]), n, r.threads);
    if (i)
      cr_assert_geq(r.thread_of[i], r.thread_of[i - 1], "partition not contiguous at %zu", i);
  }
  cr_assert_eq(atomic_load(&r.bad_thread), 0);
  free(r.count);
  free(r.thread_of);
}

Test(pool, every_item_exactly_once) {
  static const size_t sizes[] = {0, 1, 2, 3, 5, 7, 64, 1001};
  for (unsigned t = 1; t <= 4; t++) {
    bsyn_pool *pool = bsyn_pool_new(t);
    cr_assert_eq(bsyn_pool_threads(pool), t);
    for (size_t k = 0; k < sizeof sizes / sizeof sizes[0]; k++)
      check_run(pool, sizes[k]);
    bsyn_pool_free(pool);
  }
}

Test(pool, null_pool_runs_inline) {
  cr_assert_eq(bsyn_pool_threads(NULL), 1);
  check_run(NULL, 17);
}

/* many back-to-back runs: a lost wake-up or a miscounted finish would hang or double-run */
static void add_item(void *arg, size_t item, unsigned thread) {
  (void)thread;
  atomic_fetch_add((atomic_ulong *)arg, item + 1);
}

Test(pool, repeated_runs_are_complete, .timeout = 60) {
  bsyn_pool *pool = bsyn_pool_new(3);
  atomic_ulong sum = 0;
  unsigned long expect = 0;
  for (size_t round = 0; round < 3000; round++) {
    size_t n = round % 9;
    bsyn_pool_run(pool, n, add_item, &sum);
    expect += n * (n + 1) / 2;
  }
  cr_assert_eq(atomic_load(&sum), expect);
  bsyn_pool_free(pool);
}

Test(pool, cores_and_default_size) {
  unsigned cores = bsyn_pool_num_cores();
  cr_assert_geq(cores, 1);
  bsyn_pool *pool = bsyn_pool_new(0);
  cr_assert_eq(bsyn_pool_threads(pool), cores);
  check_run(pool, 100);
  bsyn_pool_free(pool);
}

static double cpu_seconds(void) {
  struct timespec ts;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* idle workers sleep: 300 ms of idling with 3 workers must cost almost no CPU time */
Test(pool, idle_pool_does_not_spin) {
  bsyn_pool *pool = bsyn_pool_new(4);
  check_run(pool, 8);
  double before = cpu_seconds();
  struct timespec nap = {0, 300 * 1000 * 1000};
  nanosleep(&nap, NULL);
  double used = cpu_seconds() - before;
  cr_assert_lt(used, 0.05, "idle pool used %.3f s of CPU in 0.3 s", used);
  check_run(pool, 8);
  bsyn_pool_free(pool);
}

static void reenter(void *arg, size_t item, unsigned thread) {
  (void)item;
  (void)thread;
  bsyn_pool_run(arg, 4, add_item, &(atomic_ulong){0});
}

Test(pool, reentrant_run_aborts, .signal = SIGABRT) {
  bsyn_pool *pool = bsyn_pool_new(2);
  bsyn_pool_run(pool, 2, reenter, pool);
}
