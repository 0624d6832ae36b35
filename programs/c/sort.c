/* Sorts 1,500 pseudo-random words three ways (quicksort, heapsort, insertion sort on a
 * prefix) and checks that the results are ordered permutations of the input. */
#include "runtime.h"

enum { N = 1500, NINS = 200 };

static uint32_t input[N], a[N], b[N];

static uint32_t xorshift(uint32_t *s) {
  uint32_t x = *s;
  x ^= x << 13;
  x ^= x >> 17;
  x ^= x << 5;
  return *s = x;
}

static void swap(uint32_t *x, uint32_t *y) {
  uint32_t t = *x;
  *x = *y;
  *y = t;
}

static void quicksort(uint32_t *v, int lo, int hi) {
  while (lo < hi) {
    uint32_t pivot = v[lo + (hi - lo) / 2];
    int i = lo, j = hi;
    while (i <= j) {
      while (v[i] < pivot)
        i++;
      while (v[j] > pivot)
        j--;
      if (i <= j)
        swap(&v[i++], &v[j--]);
    }
    /* recurse into the smaller half, loop on the larger: O(log n) stack */
    if (j - lo < hi - i) {
      quicksort(v, lo, j);
      lo = i;
    } else {
      quicksort(v, i, hi);
      hi = j;
    }
  }
}

static void sift_down(uint32_t *v, int root, int n) {
  for (;;) {
    int child = 2 * root + 1;
    if (child >= n)
      return;
    if (child + 1 < n && v[child + 1] > v[child])
      child++;
    if (v[root] >= v[child])
      return;
    swap(&v[root], &v[child]);
    root = child;
  }
}

static void heapsort(uint32_t *v, int n) {
  for (int i = n / 2 - 1; i >= 0; i--)
    sift_down(v, i, n);
  for (int end = n - 1; end > 0; end--) {
    swap(&v[0], &v[end]);
    sift_down(v, 0, end);
  }
}

static void insertion_sort(uint32_t *v, int n) {
  for (int i = 1; i < n; i++) {
    uint32_t x = v[i];
    int j = i - 1;
    for (; j >= 0 && v[j] > x; j--)
      v[j + 1] = v[j];
    v[j + 1] = x;
  }
}

/* order-independent fingerprint of a multiset */
static uint32_t fingerprint(const uint32_t *v, int n) {
  uint32_t sum = 0, mix = 0;
  for (int i = 0; i < n; i++) {
    sum += v[i];
    uint32_t s = v[i] ^ 0x9e3779b9u;
    mix += xorshift(&s);
  }
  return sum ^ (mix << 1 | mix >> 31);
}

int main(void) {
  uint32_t seed = 2463534242u;
  for (int i = 0; i < N; i++)
    input[i] = xorshift(&seed) % 100000; /* small range: duplicates happen */
  memcpy(a, input, sizeof a);
  memcpy(b, input, sizeof b);
  quicksort(a, 0, N - 1);
  heapsort(b, N);
  for (int i = 1; i < N; i++)
    CHECK(a[i - 1] <= a[i], 1, "quicksort order");
  CHECK(memcmp(a, b, sizeof a) == 0, 2, "quicksort equals heapsort");
  CHECK(fingerprint(a, N) == fingerprint(input, N), 3, "a permutation of the input");
  memcpy(b, input, NINS * sizeof b[0]);
  insertion_sort(b, NINS);
  for (int i = 1; i < NINS; i++)
    CHECK(b[i - 1] <= b[i], 4, "insertion sort order");
  int dups = 0;
  for (int i = 1; i < N; i++)
    dups += a[i] == a[i - 1];
  fmt_printf("sort: %d values, min %u, median %u, max %u, %d duplicates\n", N, a[0], a[N / 2],
             a[N - 1], dups);
  fmt_printf("sort: fingerprint %08x\n", fingerprint(a, N));
  return 0;
}
