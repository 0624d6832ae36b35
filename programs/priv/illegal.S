/* Illegal instructions trap with cause 2 and mtval = the instruction: unknown encodings, CSRs
 * the machine does not have, reserved SYSTEM, RV32A and shift encodings, and the xRET, WFI
 * and SFENCE.VMA rules by privilege and mstatus.TSR, TW, TVM. EBREAK: cause 3, mtval = pc. */
#include "ptest.h"

PTEST_BEGIN
  EXPECT_ILLEGAL(2, .word 0)
  EXPECT_ILLEGAL(3, .word 0xffffffff)
  EXPECT_ILLEGAL(4, .word 0x00000001)   /* inst[1:0] != 11 */
  EXPECT_ILLEGAL(5, csrr a0, cycle)     /* no counters */
  EXPECT_ILLEGAL(6, csrr a0, time)
  EXPECT_ILLEGAL(7, csrr a0, instret)
  EXPECT_ILLEGAL(8, csrr a0, mcycle)
  EXPECT_ILLEGAL(9, csrr a0, pmpcfg0)   /* no PMP */
  EXPECT_ILLEGAL(10, csrr a0, 0x7b0)    /* dcsr: no debug mode */
  EXPECT_ILLEGAL(11, .word 0x00004073)  /* SYSTEM funct3 = 100 */
  EXPECT_ILLEGAL(12, .word 0x00200073)  /* SYSTEM funct3 = 000, not an exact word */
  EXPECT_ILLEGAL(13, .word 0x101525af)  /* LR.W with rs2 != 0 */
  EXPECT_ILLEGAL(14, .word 0x08c535af)  /* AMO with funct3 = 011 */
  EXPECT_ILLEGAL(15, .word 0x28c525af)  /* AMO funct5 = 00101 */
  EXPECT_ILLEGAL(16, .word 0x02051513)  /* SLLI with shamt[5] = 1 */

  /* EBREAK: cause 3, tval = pc */
  M_RESUME(1f)
2: ebreak
  j ptest_fail
1: CHECK_WORD(17, ptest_mcause, CAUSE_BREAKPOINT)
  CHECK_WORD_ADDR(18, ptest_mepc, 2b)
  CHECK_WORD_ADDR(19, ptest_mtval, 2b)

  /* legal in M whatever TSR, TW, TVM: WFI, SFENCE.VMA, FENCE.I, satp */
  li t4, MSTATUS_TSR | MSTATUS_TW | MSTATUS_TVM
  csrw mstatus, t4
  wfi
  sfence.vma
  sfence.vma a0, a1
  fence.i
  csrr a0, satp
  CHECK_MCOUNT(20, 16)
  csrw mstatus, zero

  /* U: MRET, SRET, WFI, SFENCE.VMA */
  GOTO_MODE(PRIV_U, 1f)
1: EXPECT_ILLEGAL(21, mret)
  GOTO_MODE(PRIV_U, 1f)
1: EXPECT_ILLEGAL(22, sret)
  GOTO_MODE(PRIV_U, 1f)
1: EXPECT_ILLEGAL(23, wfi)
  GOTO_MODE(PRIV_U, 1f)
1: EXPECT_ILLEGAL(24, sfence.vma)
  /* U: FENCE.I and FENCE are legal */
  GOTO_MODE(PRIV_U, 1f)
1: fence.i
  fence
  M_RESUME(1f)
2: ecall
1: CHECK_MTRAP(25, CAUSE_ECALL_U, 2b, 0)

  /* S: MRET is illegal; SRET, WFI, SFENCE.VMA and satp are legal while TSR, TW, TVM are 0 */
  GOTO_MODE(PRIV_S, 1f)
1: EXPECT_ILLEGAL(26, mret)
  GOTO_MODE(PRIV_S, 1f)
1: wfi
  sfence.vma
  csrr a0, satp
  li t4, MSTATUS_SPP
  csrs sstatus, t4
  la t4, 1f
  csrw sepc, t4
  sret
1: M_RESUME(1f)
2: ecall
1: CHECK_MTRAP(27, CAUSE_ECALL_S, 2b, 0)

  /* S with TSR: SRET; with TW: WFI; with TVM: SFENCE.VMA and satp */
  li t4, MSTATUS_TSR
  csrw mstatus, t4
  GOTO_MODE(PRIV_S, 1f)
1: EXPECT_ILLEGAL(28, sret)
  li t4, MSTATUS_TW
  csrw mstatus, t4
  GOTO_MODE(PRIV_S, 1f)
1: EXPECT_ILLEGAL(29, wfi)
  li t4, MSTATUS_TVM
  csrw mstatus, t4
  GOTO_MODE(PRIV_S, 1f)
1: EXPECT_ILLEGAL(30, sfence.vma a0, zero)
  GOTO_MODE(PRIV_S, 1f)
1: EXPECT_ILLEGAL(31, csrr a0, satp)
  GOTO_MODE(PRIV_S, 1f)
1: EXPECT_ILLEGAL(32, csrw satp, zero)
  csrw mstatus, zero

  /* an illegal instruction writes no register */
  li a0, 77
  EXPECT_ILLEGAL(33, csrrw a0, cycle, zero)
  CHECK(34, a0, 77)
PTEST_PASS
PTEST_END
