/* Misaligned accesses: loads and LR.W raise cause 4, stores, SC.W and AMOs cause 6, with
 * mtval = the byte address; jumps and taken branches to a target that is not 4-byte aligned
 * raise cause 0 with mtval = the target and mepc = the jump. Nothing is written on a trap. */
#include "ptest.h"

/* Check n: the access (the rest of the line, based on s0) traps with cause, mtval = s0 + off. */
#define EXPECT_MISALIGNED(n, cause, off, ...) \
  M_RESUME(ptest_after_##n);                  \
ptest_at_##n:                                 \
  __VA_ARGS__;                                \
  j ptest_fail;                               \
ptest_after_##n:                              \
  CHECK_WORD(n, ptest_mcause, cause);         \
  CHECK_WORD_ADDR(n, ptest_mepc, ptest_at_##n); \
  CHECK_WORD_REG(n, ptest_mtval, s0, off)

PTEST_BEGIN
  la s0, buf
  li a0, 0x5a5a5a5a
  EXPECT_MISALIGNED(2, CAUSE_LOAD_MISALIGNED, 1, lw a0, 1(s0))
  EXPECT_MISALIGNED(3, CAUSE_LOAD_MISALIGNED, 2, lw a0, 2(s0))
  EXPECT_MISALIGNED(4, CAUSE_LOAD_MISALIGNED, 7, lw a0, 7(s0))
  EXPECT_MISALIGNED(5, CAUSE_LOAD_MISALIGNED, 1, lh a0, 1(s0))
  EXPECT_MISALIGNED(6, CAUSE_LOAD_MISALIGNED, 3, lhu a0, 3(s0))
  CHECK(7, a0, 0x5a5a5a5a)
  EXPECT_MISALIGNED(8, CAUSE_STORE_MISALIGNED, 2, sw a0, 2(s0))
  EXPECT_MISALIGNED(9, CAUSE_STORE_MISALIGNED, 1, sh a0, 1(s0))
  EXPECT_MISALIGNED(10, CAUSE_STORE_MISALIGNED, 7, sh a0, 7(s0))
  /* no store happened */
  lw a1, 0(s0)
  CHECK(11, a1, 0x03020100)
  lw a1, 4(s0)
  CHECK(12, a1, 0x07060504)

  /* bytes never, halfwords at even addresses are aligned */
  lb a1, 3(s0)
  CHECK(13, a1, 3)
  lh a1, 2(s0)
  CHECK(14, a1, 0x0302)
  lhu a1, 6(s0)
  CHECK(15, a1, 0x0706)

  /* RV32A: the address is rs1 alone */
  addi s1, s0, 2
  EXPECT_MISALIGNED(16, CAUSE_LOAD_MISALIGNED, 2, lr.w a0, (s1))
  addi s1, s0, 1
  EXPECT_MISALIGNED(17, CAUSE_STORE_MISALIGNED, 1, sc.w a0, a1, (s1))
  addi s1, s0, 3
  EXPECT_MISALIGNED(18, CAUSE_STORE_MISALIGNED, 3, amoadd.w a0, a1, (s1))
  addi s1, s0, 2
  EXPECT_MISALIGNED(19, CAUSE_STORE_MISALIGNED, 2, amoswap.w a0, a1, (s1))
  CHECK(20, a0, 0x5a5a5a5a)
  lw a1, 0(s0)
  CHECK(21, a1, 0x03020100)

  /* JALR to target + 2: cause 0, tval = the target, mepc = the jalr, no link */
  la s0, target
  li ra, 0
  EXPECT_MISALIGNED(22, CAUSE_FETCH_MISALIGNED, 2, jalr ra, 2(s0))
  CHECK(23, ra, 0)
  /* JALR clears bit 0: target + 1 is target */
  jalr ra, 1(s0)
  CHECK(24, a2, 42)
  /* JAL and a taken branch to pc + 6 */
  M_RESUME(1f)
2: .word 0x0060006f                     /* jal zero, . + 6 */
  j ptest_fail
1: CHECK_WORD(25, ptest_mcause, CAUSE_FETCH_MISALIGNED)
  CHECK_WORD_ADDR(25, ptest_mepc, 2b)
  la s0, 2b
  CHECK_WORD_REG(25, ptest_mtval, s0, 6)
  M_RESUME(1f)
2: .word 0x00000363                     /* beq zero, zero, . + 6 */
  j ptest_fail
1: CHECK_WORD(26, ptest_mcause, CAUSE_FETCH_MISALIGNED)
  la s0, 2b
  CHECK_WORD_REG(26, ptest_mtval, s0, 6)
  /* a branch not taken never traps */
  .word 0x00001363                      /* bne zero, zero, . + 6 */
  CHECK_MCOUNT(27, 15)
  /* MRET to a misaligned mepc cannot happen: mepc bits [1:0] are always 0 */
  la t4, 1f
  addi t4, t4, 2
  csrw mepc, t4
  csrr a0, mepc
  CHECK_ADDR(28, a0, 1f)
  li t4, MSTATUS_MPP
  csrs mstatus, t4
  mret
1: CHECK_MCOUNT(29, 15)
PTEST_PASS

target:
  li a2, 42
  ret
PTEST_END

  .data
  .align 4
buf:
  .byte 0, 1, 2, 3, 4, 5, 6, 7
