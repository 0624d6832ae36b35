/* Stops with an illegal-instruction trap (cause 2) at trap_pc: the all-zero word, which
 * RISC-V defines as illegal so that running into zeroed memory traps. */
#include "selftest.h"

PROGRAM_BEGIN
  li a1, 1
  .globl trap_pc
trap_pc:
  .word 0x00000000
  li TESTNUM, 1
  j fail
PROGRAM_END
