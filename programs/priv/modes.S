/* Privilege modes: MRET and SRET into S and U, ECALL from each mode with its cause, the
 * previous privilege and interrupt-enable bits saved on trap entry and restored by xRET. */
#include "ptest.h"

PTEST_BEGIN
  /* ECALL from M: cause 11, epc = the ecall, tval 0, MPP = M */
  M_RESUME(1f)
2: ecall
  j ptest_fail
1: CHECK_MTRAP(2, CAUSE_ECALL_M, 2b, 0)
  CHECK_MPP(3, PRIV_M)

  /* MRET to S, ECALL there: cause 9, MPP = S */
  GOTO_MODE(PRIV_S, in_s)
in_s:
  M_RESUME(1f)
2: ecall
  j ptest_fail
1: CHECK_MTRAP(4, CAUSE_ECALL_S, 2b, 0)
  CHECK_MPP(5, PRIV_S)

  /* MRET to U, ECALL there: cause 8, MPP = U */
  GOTO_MODE(PRIV_U, in_u)
in_u:
  M_RESUME(1f)
2: ecall
  j ptest_fail
1: CHECK_MTRAP(6, CAUSE_ECALL_U, 2b, 0)
  CHECK_MPP(7, PRIV_U)

  /* S to U through SRET */
  GOTO_MODE(PRIV_S, s_to_u)
s_to_u:
  S_GOTO_U(u_from_s)
u_from_s:
  M_RESUME(1f)
2: ecall
  j ptest_fail
1: CHECK_MTRAP(8, CAUSE_ECALL_U, 2b, 0)

  /* MRET with MPP = M stays in M: MIE = MPIE, MPIE = 1, MPP = U afterwards */
  csrw mstatus, zero
  li t4, MSTATUS_MPP | MSTATUS_MPIE
  csrs mstatus, t4
  la t4, 1f
  csrw mepc, t4
  mret
1: csrr a0, mstatus
  CHECK(9, a0, MSTATUS_MPIE | MSTATUS_MIE)
  M_RESUME(1f)
2: ecall
  j ptest_fail
1: CHECK_MTRAP(10, CAUSE_ECALL_M, 2b, 0)
  /* trap entry: MPIE = the MIE before, MIE = 0, MPP = M; the handler's MRET undoes it */
  CHECK_WORD(11, ptest_mstatus, MSTATUS_MPIE | MSTATUS_MPP)
  csrr a0, mstatus
  CHECK(12, a0, MSTATUS_MPIE | MSTATUS_MIE)

  /* MRET to a lower privilege clears MPRV */
  li t4, MSTATUS_MPRV
  csrw mstatus, t4
  GOTO_MODE(PRIV_U, 1f)
1: M_RESUME(1f)
  ecall
1: csrr a0, mstatus
  li t4, MSTATUS_MPRV
  and a0, a0, t4
  CHECK(13, a0, 0)

  /* SRET from M to S: SIE = SPIE, SPIE = 1, SPP = U afterwards; MPRV cleared */
  li t4, MSTATUS_SPP | MSTATUS_SPIE | MSTATUS_MPRV
  csrw mstatus, t4
  la t4, 1f
  csrw sepc, t4
  sret
1: csrr a0, sstatus
  CHECK(14, a0, MSTATUS_SPIE | MSTATUS_SIE)
  M_RESUME(1f)
2: ecall
  j ptest_fail
1: CHECK_MTRAP(15, CAUSE_ECALL_S, 2b, 0)
  lw a0, ptest_mstatus
  li t4, MSTATUS_MPRV
  and a0, a0, t4
  CHECK(16, a0, 0)

  /* SRET from S with SPP = S stays in S */
  GOTO_MODE(PRIV_S, 1f)
1: li t4, MSTATUS_SPP
  csrs sstatus, t4
  la t4, 1f
  csrw sepc, t4
  sret
1: M_RESUME(1f)
2: ecall
  j ptest_fail
1: CHECK_MTRAP(17, CAUSE_ECALL_S, 2b, 0)
  CHECK_MCOUNT(18, 8)
PTEST_PASS
PTEST_END
