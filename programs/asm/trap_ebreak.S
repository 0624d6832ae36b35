/* Stops with a breakpoint trap (cause 3) at the global label trap_pc. */
#include "selftest.h"

PROGRAM_BEGIN
  li a1, 1
  .globl trap_pc
trap_pc:
  ebreak
  li TESTNUM, 1
  j fail
PROGRAM_END
