/* ADD SUB XOR OR AND: carries, overflow wrap, signs, and rd aliasing its sources. */
#include "selftest.h"

PROGRAM_BEGIN

  TEST_RR(1, add, 0x00000000, 0x00000000, 0x00000000)
  TEST_RR(2, add, 0x00000002, 0x00000001, 0x00000001)
  TEST_RR(3, add, 0x80000000, 0x7fffffff, 0x00000001)
  TEST_RR(4, add, 0x00000000, 0xffffffff, 0x00000001)
  TEST_RR(5, add, 0xfffffffe, 0xffffffff, 0xffffffff)
  TEST_RR(6, add, 0x00000000, 0x80000000, 0x80000000)
  TEST_RR(7, add, 0x1111110f, 0x0f0f0f0f, 0x02020200)
  TEST_RR(8, add, 0x00010000, 0x0000ffff, 0x00000001)

  TEST_RR(10, sub, 0x00000000, 0x00000000, 0x00000000)
  TEST_RR(11, sub, 0xffffffff, 0x00000000, 0x00000001)
  TEST_RR(12, sub, 0x7fffffff, 0x80000000, 0x00000001)
  TEST_RR(13, sub, 0x80000001, 0x00000000, 0x7fffffff)
  TEST_RR(14, sub, 0x00000002, 0x00000001, 0xffffffff)
  TEST_RR(15, sub, 0x0000ffff, 0x00010000, 0x00000001)

  TEST_RR(20, xor, 0xf0f0f0f0, 0xff00ff00, 0x0ff00ff0)
  TEST_RR(21, xor, 0x00000000, 0x12345678, 0x12345678)
  TEST_RR(22, xor, 0xedcba987, 0x12345678, 0xffffffff)

  TEST_RR(30, or, 0xfff0fff0, 0xff00ff00, 0x0ff00ff0)
  TEST_RR(31, or, 0xf0fff0ff, 0x00ff00ff, 0xf00ff00f)
  TEST_RR(32, or, 0x12345678, 0x12345678, 0x00000000)

  TEST_RR(40, and, 0x0f000f00, 0xff00ff00, 0x0ff00ff0)
  TEST_RR(41, and, 0x000f000f, 0x00ff00ff, 0xf00ff00f)
  TEST_RR(42, and, 0x00000000, 0x12345678, 0x00000000)

  /* x0 as destination and as source */
  TEST_RR_X0(50, add, 5, 7)
  TEST_RR_X0(51, sub, 5, 7)
  TEST_RR_X0(52, or, 5, 7)
  li a1, 0x1234
  add a3, x0, a1
  EXPECT(53, a3, 0x1234)
  sub a3, x0, a1
  EXPECT(54, a3, -0x1234)
  and a3, a1, x0
  EXPECT(55, a3, 0)
  /* rd = rs1 = rs2 */
  li a1, 0x40000001
  add a1, a1, a1
  EXPECT(56, a1, 0x80000002)
  sub a1, a1, a1
  EXPECT(57, a1, 0)

PROGRAM_END
