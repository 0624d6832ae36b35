/* SLL SRL SRA SLLI SRLI SRAI: only the low five bits of rs2 count; SRA copies the sign. */
#include "selftest.h"

PROGRAM_BEGIN

  TEST_RR(1, sll, 0x00000001, 0x00000001, 0)
  TEST_RR(2, sll, 0x00000002, 0x00000001, 1)
  TEST_RR(3, sll, 0x80000000, 0x00000001, 31)
  TEST_RR(4, sll, 0x00000001, 0x00000001, 32)
  TEST_RR(5, sll, 0x80000000, 0x00000001, -1)
  TEST_RR(6, sll, 0x91a2b3c0, 0x12345678, 3)
  TEST_RR(7, sll, 0x67800000, 0x12345678, 0xffffffd4)

  TEST_RR(10, srl, 0x80000000, 0x80000000, 0)
  TEST_RR(11, srl, 0x40000000, 0x80000000, 1)
  TEST_RR(12, srl, 0x00000001, 0x80000000, 31)
  TEST_RR(13, srl, 0x00000001, 0xffffffff, 31)
  TEST_RR(14, srl, 0xffffffff, 0xffffffff, 32)
  TEST_RR(15, srl, 0x00012345, 0x12345678, 12)

  TEST_RR(20, sra, 0x80000000, 0x80000000, 0)
  TEST_RR(21, sra, 0xc0000000, 0x80000000, 1)
  TEST_RR(22, sra, 0xffffffff, 0x80000000, 31)
  TEST_RR(23, sra, 0x00000000, 0x7fffffff, 31)
  TEST_RR(24, sra, 0xfff81234, 0x81234567, 12)
  TEST_RR(25, sra, 0x7fffffff, 0x7fffffff, 32)
  TEST_RR(26, sra, 0xffffffff, 0xffffffff, 33 + 30)

  TEST_RI(30, slli, 0x00000001, 0x00000001, 0)
  TEST_RI(31, slli, 0x80000000, 0x00000001, 31)
  TEST_RI(32, slli, 0x23456780, 0x12345678, 4)
  TEST_RI(40, srli, 0x00000001, 0x80000000, 31)
  TEST_RI(41, srli, 0x01234567, 0x12345678, 4)
  TEST_RI(42, srli, 0xffffffff, 0xffffffff, 0)
  TEST_RI(50, srai, 0xffffffff, 0x80000000, 31)
  TEST_RI(51, srai, 0xf8123456, 0x81234567, 4)
  TEST_RI(52, srai, 0x01234567, 0x12345678, 4)

  TEST_RR_X0(60, sll, 1, 4)
  TEST_RR_X0(61, sra, -1, 4)

PROGRAM_END
