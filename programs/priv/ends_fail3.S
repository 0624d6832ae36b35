/* Fails on purpose at check 3: tohost = (3 << 1) | 1, bsyn run exits 2. */
#include "ptest.h"

PTEST_BEGIN
  li a0, 1
  CHECK(2, a0, 1)
  CHECK(3, a0, 2)
PTEST_PASS
PTEST_END
