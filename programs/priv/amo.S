/* Every AMO: rd = the old word, memory = op(old, rs2); MIN/MAX signed, MINU/MAXU unsigned;
 * rd = x0 and rd = rs2 work; aq and rl are ignored. */
#include "ptest.h"

/* Check n: inst on a word holding init with rs2 = operand gives rd = init and the word
 * result. */
#define TEST_AMO(n, inst, init, operand, result) \
  li a1, init;                                   \
  sw a1, 0(s0);                                  \
  li a2, operand;                                \
  inst a3, a2, (s0);                             \
  CHECK(n, a3, init);                            \
  lw a4, 0(s0);                                  \
  CHECK(n, a4, result)

PTEST_BEGIN
  la s0, word
  TEST_AMO(2, amoswap.w, 0x12345678, 0xdeadbeef, 0xdeadbeef)
  TEST_AMO(3, amoadd.w, 0x7fffffff, 1, 0x80000000)
  TEST_AMO(4, amoadd.w, 0xffffffff, 1, 0)
  TEST_AMO(5, amoxor.w, 0xff00ff00, 0x0ff00ff0, 0xf0f0f0f0)
  TEST_AMO(6, amoand.w, 0xff00ff00, 0x0ff00ff0, 0x0f000f00)
  TEST_AMO(7, amoor.w, 0xff00ff00, 0x0ff00ff0, 0xfff0fff0)
  TEST_AMO(8, amomin.w, 0xffffffff, 1, 0xffffffff)
  TEST_AMO(9, amomin.w, 0x80000000, 0x7fffffff, 0x80000000)
  TEST_AMO(10, amomin.w, 5, 3, 3)
  TEST_AMO(11, amomax.w, 0xffffffff, 1, 1)
  TEST_AMO(12, amomax.w, 0x80000000, 0x7fffffff, 0x7fffffff)
  TEST_AMO(13, amomax.w, 3, 3, 3)
  TEST_AMO(14, amominu.w, 0xffffffff, 1, 1)
  TEST_AMO(15, amominu.w, 0x80000000, 0x7fffffff, 0x7fffffff)
  TEST_AMO(16, amomaxu.w, 0xffffffff, 1, 0xffffffff)
  TEST_AMO(17, amomaxu.w, 0x80000000, 0x7fffffff, 0x80000000)
  TEST_AMO(18, amoadd.w.aqrl, 40, 2, 42)
  TEST_AMO(19, amoor.w.aq, 0x10, 0x01, 0x11)
  TEST_AMO(20, amoand.w.rl, 0x0ff0, 0x00ff, 0x00f0)
  /* rd = x0: the store still happens */
  li a1, 100
  sw a1, 0(s0)
  li a2, 23
  amoadd.w zero, a2, (s0)
  lw a4, 0(s0)
  CHECK(21, a4, 123)
  /* rd = rs2: rd gets the old word, memory the old rs2 */
  li a2, 9
  amoswap.w a2, a2, (s0)
  CHECK(22, a2, 123)
  lw a4, 0(s0)
  CHECK(23, a4, 9)
  /* neighbours untouched */
  lw a4, -4(s0)
  CHECK(24, a4, 0x11111111)
  lw a4, 4(s0)
  CHECK(25, a4, 0x22222222)
  /* AMOs in U mode work on memory as in M */
  GOTO_MODE(PRIV_U, 1f)
1: li a2, 1
  amoadd.w a3, a2, (s0)
  M_RESUME(2f)
  ecall
2: lw a4, 0(s0)
  CHECK(26, a4, 10)
  CHECK(27, a3, 9)
PTEST_PASS
PTEST_END

  .data
  .align 2
  .word 0x11111111
word: .word 0
  .word 0x22222222
