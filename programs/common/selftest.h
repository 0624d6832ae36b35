/* selftest.h — macros for the self-checking assembly programs.
 *
 * Each check loads operands, runs one instruction, and compares the result with the
 * expected value; a mismatch jumps to `fail` with the check's number in TESTNUM, and the
 * program exits with that number (ecall a7 = 93), so a failure names the check both under
 * bsyn's runner and under qemu-riscv32. Operands live in a1/a2, results in a3, expected
 * values in a4; TESTNUM is t6. */
#ifndef BSYN_PROG_SELFTEST_H
#define BSYN_PROG_SELFTEST_H

#define TESTNUM t6

#define PROGRAM_BEGIN \
  .section .text.start, "ax"; \
  .globl _start;              \
_start:                       \
  li TESTNUM, 0

/* exit(0) on success, exit(TESTNUM) from fail */
#define PROGRAM_END   \
  li a0, 0;           \
  li a7, 93;          \
  ecall;              \
fail:                 \
  mv a0, TESTNUM;     \
  li a7, 93;          \
  ecall;              \
1:                    \
  j 1b

#define EXPECT(n, reg, value) \
  li TESTNUM, n;              \
  li a4, value;               \
  bne reg, a4, fail

/* rd = a op b for a register-register instruction, then the same with rd = rs1, rd = rs2 */
#define TEST_RR(n, inst, result, a, b) \
  li a1, a;                            \
  li a2, b;                            \
  inst a3, a1, a2;                     \
  EXPECT(n, a3, result);               \
  inst a1, a1, a2;                     \
  EXPECT(n, a1, result);               \
  li a1, a;                            \
  inst a2, a1, a2;                     \
  EXPECT(n, a2, result)

/* rd = a op imm, then with rd = rs1 */
#define TEST_RI(n, inst, result, a, imm) \
  li a1, a;                              \
  inst a3, a1, imm;                      \
  EXPECT(n, a3, result);                 \
  inst a1, a1, imm;                      \
  EXPECT(n, a1, result)

/* a write to x0 is dropped */
#define TEST_RR_X0(n, inst, a, b) \
  li a1, a;                       \
  li a2, b;                       \
  inst x0, a1, a2;                \
  EXPECT(n, x0, 0)

/* a branch that must (taken = 1) or must not (taken = 0) go to its target; tested forward
 * and backward */
#define TEST_BR(n, inst, taken, a, b) \
  li TESTNUM, n;                      \
  li a1, a;                           \
  li a2, b;                           \
  inst a1, a2, 1f;                    \
  li a3, 0;                           \
  j 2f;                               \
1:                                    \
  li a3, 1;                           \
2:                                    \
  li a4, taken;                       \
  bne a3, a4, fail;                   \
  j 4f;                               \
3:                                    \
  li a3, 1;                           \
  j 5f;                               \
4:                                    \
  li a3, 0;                           \
  inst a1, a2, 3b;                    \
5:                                    \
  bne a3, a4, fail

#endif
