/* Writes an even value to tohost, which HTIF reads as a device request (a pointer to a
 * system call's arguments). The runner serves none: bsyn run exits 1 with one error line. */
#include "ptest.h"

PTEST_BEGIN
  la a0, request
  sw zero, tohost + 4, t1
  sw a0, tohost, t1
  j ptest_fail
PTEST_END

  .data
  .align 3
request: .dword 93, 0, 0, 0
