/* ADDI XORI ORI ANDI: 12-bit immediates are sign-extended (NOP is addi x0, x0, 0). */
#include "selftest.h"

PROGRAM_BEGIN

  TEST_RI(1, addi, 0x00000000, 0x00000000, 0)
  TEST_RI(2, addi, 0x00000003, 0x00000001, 2)
  TEST_RI(3, addi, 0x000007ff, 0x00000000, 2047)
  TEST_RI(4, addi, 0xfffff800, 0x00000000, -2048)
  TEST_RI(5, addi, 0x80000000, 0x7fffffff, 1)
  TEST_RI(6, addi, 0x7fffffff, 0x80000000, -1)
  TEST_RI(7, addi, 0x00000000, 0xffffffff, 1)
  TEST_RI(8, addi, 0x800007fe, 0x7fffffff, 2047)

  TEST_RI(10, xori, 0xff00f00f, 0x00ff0f00, -241)
  TEST_RI(11, xori, 0x0ff00ff0, 0x0ff00f00, 0x0f0)
  TEST_RI(12, xori, 0xedcba987, 0x12345678, -1)

  TEST_RI(20, ori, 0xffffff0f, 0xff00ff00, -241)
  TEST_RI(21, ori, 0x0ff00ff0, 0x0ff00ff0, 0x0f0)
  TEST_RI(22, ori, 0x000007ff, 0x00000000, 2047)

  TEST_RI(30, andi, 0xff00ff00, 0xff00ff00, -256)
  TEST_RI(31, andi, 0x000000f0, 0x0ff00ff0, 0x0f0)
  TEST_RI(32, andi, 0x00000000, 0xff00ff00, 0x0f)
  TEST_RI(33, andi, 0xfffff800, 0xffffffff, -2048)

PROGRAM_END
