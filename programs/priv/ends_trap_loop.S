/* Traps forever: mtvec points at an ECALL, which traps to itself. Only the step budget ends
 * it (bsyn run exits 124). */
#include "ptest.h"

PTEST_BEGIN
  la t4, trap_loop
  csrw mtvec, t4
  .globl trap_loop
trap_loop:
  ecall
PTEST_END
