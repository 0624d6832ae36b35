/* JAL and JALR: link values, targets, JALR's cleared bit 0, and rd = rs1. */
#include "selftest.h"

PROGRAM_BEGIN

  /* jal links pc + 4 */
  li TESTNUM, 1
  auipc a1, 0
  jal a2, 1f
  j fail
1:
  sub a3, a2, a1
  EXPECT(1, a3, 8)

  /* jal x0 is a plain jump */
  li TESTNUM, 2
  li a3, 0
  j 2f
  li a3, 1
2:
  bnez a3, fail

  /* jalr to a register plus offset; link = pc + 4 */
  li TESTNUM, 3
  la a1, jalr_target
  addi a1, a1, -8
  li a3, 0
jalr_site:
  jalr a2, 8(a1)
  j fail
jalr_target:
  la a4, jalr_site
  addi a4, a4, 4
  bne a2, a4, fail

  /* jalr clears bit 0 of the target */
  li TESTNUM, 4
  la a1, 4f
  addi a1, a1, 1
  jalr x0, 0(a1)
  j fail
4:

  /* rd = rs1: the target uses the old value */
  li TESTNUM, 5
  la a1, 5f
  jalr a1, 0(a1)
  j fail
5:
  la a4, 5b
  addi a4, a4, -4
  bne a1, a4, fail

  /* a negative offset and a call/return pair */
  li TESTNUM, 6
  la a1, 6f
  addi a1, a1, 16
  jalr x0, -16(a1)
  j fail
6:
  li TESTNUM, 7
  li a3, 0
  call leaf
  EXPECT(7, a3, 42)

PROGRAM_END

leaf:
  li a3, 42
  ret
