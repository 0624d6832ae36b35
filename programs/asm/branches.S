/* BEQ BNE BLT BGE BLTU BGEU, each taken and not taken, forward and backward. */
#include "selftest.h"

PROGRAM_BEGIN

  TEST_BR(1, beq, 1, 0, 0)
  TEST_BR(2, beq, 1, -1, -1)
  TEST_BR(3, beq, 0, 0, 1)
  TEST_BR(4, beq, 0, 0x80000000, 0)

  TEST_BR(10, bne, 0, 0, 0)
  TEST_BR(11, bne, 1, 0, 1)
  TEST_BR(12, bne, 1, 0x80000000, 0)

  TEST_BR(20, blt, 1, -1, 0)
  TEST_BR(21, blt, 0, 0, -1)
  TEST_BR(22, blt, 0, 5, 5)
  TEST_BR(23, blt, 1, 0x80000000, 0x7fffffff)

  TEST_BR(30, bge, 1, 0, -1)
  TEST_BR(31, bge, 1, 5, 5)
  TEST_BR(32, bge, 0, -1, 0)
  TEST_BR(33, bge, 0, 0x80000000, 0x7fffffff)

  TEST_BR(40, bltu, 0, -1, 0)
  TEST_BR(41, bltu, 1, 0, -1)
  TEST_BR(42, bltu, 0, 5, 5)
  TEST_BR(43, bltu, 0, 0x80000000, 0x7fffffff)

  TEST_BR(50, bgeu, 1, -1, 0)
  TEST_BR(51, bgeu, 0, 0, -1)
  TEST_BR(52, bgeu, 1, 5, 5)
  TEST_BR(53, bgeu, 1, 0x80000000, 0x7fffffff)

  /* a loop: a backward branch taken many times */
  li TESTNUM, 60
  li a1, 0
  li a2, 100
  li a3, 0
1:
  add a3, a3, a1
  addi a1, a1, 1
  blt a1, a2, 1b
  EXPECT(60, a3, 4950)

  /* a branch to itself's neighbour and a not-taken branch on x0 */
  li TESTNUM, 61
  bne x0, x0, fail
  beq x0, x0, 2f
  j fail
2:

PROGRAM_END
