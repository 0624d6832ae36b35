/* The CLINT timer and interrupts: mtime advances by one per step and can be written;
 * mtime >= mtimecmp sets mip.MTIP; the interrupt is taken in M when mie.MTIE and
 * mstatus.MIE allow (always from S and U), with mcause 0x80000007 and mepc = the step it
 * preempted; WFI waits (here: goes on) until it comes. */
#include "ptest.h"

/* mtimecmp = mtime + delta (s0 = mtime's address, s1 = mtimecmp's) */
#define TIMER_IN(delta) \
  lw t4, 0(s0);         \
  addi t4, t4, delta;   \
  sw zero, 4(s1);       \
  sw t4, 0(s1)

PTEST_BEGIN
  li s0, CLINT_MTIME
  li s1, CLINT_MTIMECMP
  /* one tick per step */
  lw a0, 0(s0)
  lw a1, 0(s0)
  sub a2, a1, a0
  CHECK(2, a2, 1)
  lw a3, 4(s0)
  CHECK(3, a3, 0)
  /* a write sets the value the next step reads */
  li t4, 1000
  sw t4, 0(s0)
  lw a0, 0(s0)
  CHECK(4, a0, 1000)
  li t4, -3
  sw t4, 0(s0)
  nop
  nop
  nop
  lw a0, 4(s0)                          /* the low word wrapped: the high word counts on */
  CHECK(5, a0, 1)
  sw zero, 4(s0)
  /* mtimecmp starts all ones */
  lw a0, 0(s1)
  CHECK(6, a0, -1)
  lw a0, 4(s1)
  CHECK(7, a0, -1)

  /* pending but not enabled (MIE = 0 in M): mip.MTIP rises, nothing is taken */
  li t4, MIP_MTIP
  csrw mie, t4
  TIMER_IN(20)
1: csrr a0, mip
  andi a0, a0, MIP_MTIP
  beqz a0, 1b
  CHECK_MCOUNT(8, 0)
  /* enabled: taken before the next step */
  M_RESUME(1f)
  csrsi mstatus, MSTATUS_MIE
2: nop
  j ptest_fail
1: CHECK_MTRAP(9, CAUSE_IRQ | 7, 2b, 0)
  CHECK_MCOUNT(10, 1)
  CHECK_WORD(11, ptest_mstatus, MSTATUS_MPIE | MSTATUS_MPP)
  /* the handler set mtimecmp to all ones: no longer pending */
  csrr a0, mip
  CHECK(12, a0, 0)

  /* WFI until the interrupt */
  TIMER_IN(30)
  M_RESUME(1f)
2: wfi
  j 2b
1: CHECK_WORD(13, ptest_mcause, CAUSE_IRQ | 7)
  CHECK_MCOUNT(14, 2)

  /* from U, the M interrupt is taken whatever mstatus.MIE */
  csrci mstatus, MSTATUS_MIE
  TIMER_IN(40)
  M_RESUME(1f)
  GOTO_MODE(PRIV_U, 2f)
2: j 2b
1: CHECK_WORD(15, ptest_mcause, CAUSE_IRQ | 7)
  CHECK_MPP(16, PRIV_U)
  /* from S likewise */
  csrci mstatus, MSTATUS_MIE
  TIMER_IN(40)
  M_RESUME(1f)
  GOTO_MODE(PRIV_S, 2f)
2: j 2b
1: CHECK_WORD(17, ptest_mcause, CAUSE_IRQ | 7)
  CHECK_MPP(18, PRIV_S)
  CHECK_MCOUNT(19, 4)

  /* mie.MTIE off: pending, enabled in M, not taken; WFI goes on */
  csrw mie, zero
  sw zero, 4(s1)
  sw zero, 0(s1)
  csrsi mstatus, MSTATUS_MIE
  wfi
  csrr a0, mip
  CHECK(20, a0, MIP_MTIP)
  CHECK_MCOUNT(21, 4)
  /* the timer interrupt is never delegated */
  li t4, -1
  csrw mideleg, t4
  csrr a0, mideleg
  CHECK(22, a0, 0x222)
  li t4, -1
  sw t4, 4(s1)
  sw t4, 0(s1)
  csrr a0, mip
  CHECK(23, a0, 0)
PTEST_PASS
PTEST_END
