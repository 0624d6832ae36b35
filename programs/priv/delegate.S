/* Delegation: exceptions named in medeleg and interrupts named in mideleg are taken in S mode
 * (through stvec, with scause, sepc, stval, SPP, SPIE) when they come from S or U; never from
 * M; ECALL from S is not delegated here and goes to M. */
#include "ptest.h"

PTEST_BEGIN
  li t4, (1 << CAUSE_ECALL_U) | (1 << CAUSE_ILLEGAL) | (1 << CAUSE_BREAKPOINT)
  csrw medeleg, t4
  csrr a0, medeleg
  CHECK(2, a0, 0x10c)

  /* ECALL from U, delegated: taken in S, SPP = U */
  GOTO_MODE(PRIV_U, u1)
u1:
  S_RESUME(1f)
2: ecall
  j ptest_fail
1: CHECK_STRAP(3, CAUSE_ECALL_U, 2b, 0)
  CHECK_SPP(4, PRIV_U)
  CHECK_SCOUNT(5, 1)
  CHECK_MCOUNT(6, 0)

  /* now in S: an illegal instruction, delegated: stval = the instruction, SPP = S */
  S_RESUME(1f)
2: .word 0xffffffff
  j ptest_fail
1: CHECK_STRAP(7, CAUSE_ILLEGAL, 2b, 0xffffffff)
  CHECK_SPP(8, PRIV_S)

  /* EBREAK in S, delegated: stval = pc; SPIE = the SIE before */
  csrsi sstatus, MSTATUS_SIE
  S_RESUME(1f)
2: ebreak
  j ptest_fail
1: CHECK_WORD(9, ptest_scause, CAUSE_BREAKPOINT)
  CHECK_WORD_ADDR(10, ptest_sepc, 2b)
  CHECK_WORD_ADDR(11, ptest_stval, 2b)
  CHECK_WORD(12, ptest_sstatus, MSTATUS_SPIE | MSTATUS_SPP)
  csrr a0, sstatus
  CHECK(13, a0, MSTATUS_SIE | MSTATUS_SPIE)

  /* ECALL from S is not delegated: M */
  M_RESUME(1f)
2: ecall
  j ptest_fail
1: CHECK_MTRAP(14, CAUSE_ECALL_S, 2b, 0)
  CHECK_SCOUNT(15, 3)
  CHECK_MCOUNT(16, 1)

  /* in M a delegated cause still traps to M */
  M_RESUME(1f)
2: .word 0
  j ptest_fail
1: CHECK_MTRAP(17, CAUSE_ILLEGAL, 2b, 0)
  CHECK_SCOUNT(18, 3)

  /* medeleg keeps causes 0-9, 12, 13, 15: ECALL from M (11) is never delegated */
  li t4, -1
  csrw medeleg, t4
  csrr a0, medeleg
  CHECK(19, a0, 0xb3ff)
  csrw medeleg, zero

  /* a delegated interrupt (SSIP) pending from M is taken at the first step in U, in S */
  li t4, MIP_SSIP
  csrw mideleg, t4
  csrw mie, t4
  csrs mip, t4
  csrr a0, sip
  CHECK(21, a0, MIP_SSIP)
  S_RESUME(s_irq)
  GOTO_MODE(PRIV_U, u2)
u2:
  j ptest_fail
s_irq:
  CHECK_STRAP(22, CAUSE_IRQ | 1, u2, 0)
  CHECK_SPP(23, PRIV_U)
  /* the S handler cleared SSIP through sip */
  csrr a0, sip
  CHECK(24, a0, 0)

  /* in S, an S interrupt waits for sstatus.SIE */
  csrci sstatus, MSTATUS_SIE
  li t4, MIP_SSIP
  csrs sip, t4
  nop
  CHECK_SCOUNT(25, 4)
  S_RESUME(1f)
  csrsi sstatus, MSTATUS_SIE
2: nop
  j ptest_fail
1: CHECK_STRAP(26, CAUSE_IRQ | 1, 2b, 0)
  CHECK_SPP(27, PRIV_S)
  CHECK_SCOUNT(28, 5)

  /* back in M, a delegated interrupt is never taken, whatever SIE */
  M_RESUME(1f)
  ecall
1: li t4, MSTATUS_SIE
  csrs mstatus, t4
  li t4, MIP_SSIP
  csrs mip, t4
  nop
  CHECK_SCOUNT(29, 5)
  CHECK_MCOUNT(30, 3)
  csrw mip, zero
  csrw mie, zero
  csrw mideleg, zero
PTEST_PASS
PTEST_END
