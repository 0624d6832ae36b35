/* LB LH LW LBU LHU SB SH SW at every legal alignment, with sign and zero extension,
 * positive and negative offsets, and stores that must leave neighbouring bytes alone. */
#include "selftest.h"

PROGRAM_BEGIN

  la s0, data
  /* loads of the little-endian word 0x8081f0f1 stored at data, 0x7f017e02 at data + 4 */
  lw a3, 0(s0)
  EXPECT(1, a3, 0x8081f0f1)
  lw a3, 4(s0)
  EXPECT(2, a3, 0x7f017e02)
  lb a3, 0(s0)
  EXPECT(3, a3, 0xfffffff1)
  lb a3, 1(s0)
  EXPECT(4, a3, 0xfffffff0)
  lb a3, 2(s0)
  EXPECT(5, a3, 0xffffff81)
  lb a3, 3(s0)
  EXPECT(6, a3, 0xffffff80)
  lb a3, 4(s0)
  EXPECT(7, a3, 0x00000002)
  lb a3, 7(s0)
  EXPECT(8, a3, 0x0000007f)
  lbu a3, 0(s0)
  EXPECT(10, a3, 0xf1)
  lbu a3, 1(s0)
  EXPECT(11, a3, 0xf0)
  lbu a3, 2(s0)
  EXPECT(12, a3, 0x81)
  lbu a3, 3(s0)
  EXPECT(13, a3, 0x80)
  lh a3, 0(s0)
  EXPECT(20, a3, 0xfffff0f1)
  lh a3, 2(s0)
  EXPECT(21, a3, 0xffff8081)
  lh a3, 4(s0)
  EXPECT(22, a3, 0x00007e02)
  lh a3, 6(s0)
  EXPECT(23, a3, 0x00007f01)
  lhu a3, 0(s0)
  EXPECT(24, a3, 0xf0f1)
  lhu a3, 2(s0)
  EXPECT(25, a3, 0x8081)
  /* negative offsets */
  addi s1, s0, 8
  lw a3, -8(s1)
  EXPECT(30, a3, 0x8081f0f1)
  lbu a3, -5(s1)
  EXPECT(31, a3, 0x80)
  lh a3, -2(s1)
  EXPECT(32, a3, 0x7f01)

  /* stores: fill a word with a pattern, overwrite one lane, read back everything */
  la s2, scratch
  li a1, 0x11223344
  sw a1, 0(s2)
  sw a1, 4(s2)
  li a1, 0xaabbccdd
  sb a1, 0(s2)
  lw a3, 0(s2)
  EXPECT(40, a3, 0x112233dd)
  sb a1, 1(s2)
  lw a3, 0(s2)
  EXPECT(41, a3, 0x1122dddd)
  sb a1, 2(s2)
  lw a3, 0(s2)
  EXPECT(42, a3, 0x11dddddd)
  sb a1, 3(s2)
  lw a3, 0(s2)
  EXPECT(43, a3, 0xdddddddd)
  lw a3, 4(s2)
  EXPECT(44, a3, 0x11223344)
  sh a1, 4(s2)
  lw a3, 4(s2)
  EXPECT(45, a3, 0x1122ccdd)
  sh a1, 6(s2)
  lw a3, 4(s2)
  EXPECT(46, a3, 0xccddccdd)
  lh a3, 6(s2)
  EXPECT(47, a3, 0xffffccdd)
  sw x0, 0(s2)
  lw a3, 0(s2)
  EXPECT(48, a3, 0)
  /* store with a negative offset, load into the base register */
  addi s3, s2, 12
  li a1, 0x5a5a5a5a
  sw a1, -4(s3)
  lw s3, -4(s3)
  EXPECT(49, s3, 0x5a5a5a5a)
  /* a loaded x0 stays 0 */
  lw x0, 0(s0)
  EXPECT(50, x0, 0)

  /* a store-then-load sequence over a small array (memcpy-like) */
  li TESTNUM, 51
  la a1, data
  la a2, scratch
  li a5, 8
1:
  lbu a3, 0(a1)
  sb a3, 0(a2)
  addi a1, a1, 1
  addi a2, a2, 1
  addi a5, a5, -1
  bnez a5, 1b
  la a2, scratch
  lw a3, 4(a2)
  EXPECT(51, a3, 0x7f017e02)

PROGRAM_END

  .data
  .align 4
data:
  .word 0x8081f0f1, 0x7f017e02
  .bss
  .align 4
scratch:
  .space 16
