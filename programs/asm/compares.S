/* SLT SLTU SLTI SLTIU: signed and unsigned order at the boundaries; SLTIU's immediate is
 * sign-extended, then compared unsigned (sltiu rd, rs, 1 is seqz). */
#include "selftest.h"

PROGRAM_BEGIN

  TEST_RR(1, slt, 0, 0x00000000, 0x00000000)
  TEST_RR(2, slt, 1, 0x00000000, 0x00000001)
  TEST_RR(3, slt, 0, 0x00000001, 0x00000000)
  TEST_RR(4, slt, 1, 0xffffffff, 0x00000000)
  TEST_RR(5, slt, 1, 0x80000000, 0x7fffffff)
  TEST_RR(6, slt, 0, 0x7fffffff, 0x80000000)
  TEST_RR(7, slt, 1, 0x80000000, 0x80000001)
  TEST_RR(8, slt, 0, 0xffffffff, 0xffffffff)

  TEST_RR(10, sltu, 0, 0x00000000, 0x00000000)
  TEST_RR(11, sltu, 1, 0x00000000, 0x00000001)
  TEST_RR(12, sltu, 0, 0xffffffff, 0x00000000)
  TEST_RR(13, sltu, 0, 0x80000000, 0x7fffffff)
  TEST_RR(14, sltu, 1, 0x7fffffff, 0x80000000)
  TEST_RR(15, sltu, 1, 0xfffffffe, 0xffffffff)

  TEST_RI(20, slti, 0, 0x00000000, 0)
  TEST_RI(21, slti, 1, 0xffffffff, 0)
  TEST_RI(22, slti, 0, 0x00000000, -1)
  TEST_RI(23, slti, 1, 0x80000000, -2048)
  TEST_RI(24, slti, 0, 0x000007ff, 2047)
  TEST_RI(25, slti, 1, 0x000007fe, 2047)

  TEST_RI(30, sltiu, 1, 0x00000000, 1)
  TEST_RI(31, sltiu, 0, 0x00000005, 1)
  TEST_RI(32, sltiu, 1, 0xfffffffe, -1)
  TEST_RI(33, sltiu, 0, 0xffffffff, -1)
  TEST_RI(34, sltiu, 1, 0x7fffffff, -2048)
  TEST_RI(35, sltiu, 0, 0xfffff800, -2048)

  TEST_RR_X0(40, slt, -1, 0)
  TEST_RR_X0(41, sltu, 0, 1)

PROGRAM_END
