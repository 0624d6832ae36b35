/* The sieve of Eratosthenes below 10,000, checked against trial division for every number
 * below 1,000 and against the prime-counting values pi(1000) = 168, pi(10000) = 1229. */
#include "runtime.h"

enum { N = 10000 };

static uint8_t composite[N];

static int is_prime_trial(uint32_t n) {
  if (n < 2)
    return 0;
  for (uint32_t d = 2; d * d <= n; d++)
    if (n % d == 0)
      return 0;
  return 1;
}

int main(void) {
  composite[0] = composite[1] = 1;
  for (uint32_t p = 2; p * p < N; p++)
    if (!composite[p])
      for (uint32_t m = p * p; m < N; m += p)
        composite[m] = 1;
  int count = 0, below1000 = 0;
  uint32_t last = 0, sum = 0;
  for (uint32_t n = 0; n < N; n++) {
    if (n < 1000)
      CHECK((composite[n] == 0) == is_prime_trial(n), 1, "sieve agrees with trial division");
    if (!composite[n]) {
      count++;
      below1000 += n < 1000;
      last = n;
      sum += n;
    }
  }
  fmt_printf("sieve: %d primes below %d (%d below 1000), largest %u, sum %u\n", count, N, below1000,
             last, sum);
  CHECK(below1000 == 168, 2, "pi(1000)");
  CHECK(count == 1229, 3, "pi(10000)");
  return 0;
}
