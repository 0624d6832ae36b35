/* sstatus, sie and sip are views of mstatus, mie and mip: reads through the S masks, writes
 * that change only the S bits (of mideleg, for sie and sip); mip.MTIP is the timer line. */
#include "ptest.h"

PTEST_BEGIN
  /* sstatus = mstatus & 0x000C0122 */
  li t4, 0x007e19aa
  csrw mstatus, t4
  csrr a0, sstatus
  CHECK(2, a0, 0x000c0122)
  csrw mstatus, zero
  li t4, MSTATUS_SIE | MSTATUS_SPP | MSTATUS_SUM
  csrw sstatus, t4
  csrr a0, mstatus
  CHECK(3, a0, 0x00040102)
  li t4, -1
  csrw sstatus, t4
  csrr a0, mstatus
  CHECK(4, a0, 0x000c0122)
  li t4, 0x00001888                     /* M bits survive an sstatus write */
  csrs mstatus, t4
  csrw sstatus, zero
  csrr a0, mstatus
  CHECK(5, a0, 0x00001888)
  csrw mstatus, zero

  /* sie = mie & mideleg; writes reach the delegated bits only */
  li t4, 0xaaa
  csrw mie, t4
  csrr a0, sie
  CHECK(6, a0, 0)
  li t4, 0x222
  csrw mideleg, t4
  csrr a0, sie
  CHECK(7, a0, 0x222)
  csrw sie, zero
  csrr a0, mie
  CHECK(8, a0, 0x888)
  li t4, -1
  csrw sie, t4
  csrr a0, mie
  CHECK(9, a0, 0xaaa)
  li t4, MIP_STIP
  csrw mideleg, t4
  csrw sie, zero
  csrr a0, mie
  CHECK(10, a0, 0xa8a)
  csrw mie, zero

  /* sip = mip & mideleg; S writes SSIP only, and only when mideleg[1] = 1 */
  csrw mideleg, zero
  li t4, 0x222
  csrw mip, t4
  csrr a0, sip
  CHECK(11, a0, 0)
  csrw mideleg, t4
  csrr a0, sip
  CHECK(12, a0, 0x222)
  csrw sip, zero
  csrr a0, mip
  CHECK(13, a0, 0x220)
  li t4, MIP_STIP
  csrw mideleg, t4
  li t4, MIP_SSIP
  csrs sip, t4
  csrr a0, mip
  CHECK(14, a0, 0x220)
  csrw mideleg, t4
  csrs sip, t4
  csrr a0, mip
  CHECK(15, a0, 0x222)
  li t4, -1
  csrw sip, t4                          /* STIP and SEIP stay as they are */
  csrr a0, sip
  CHECK(16, a0, 0x2)
  csrw mip, zero
  csrw mideleg, zero

  /* mip.MTIP is the timer line: not writable, 0 while mtime < mtimecmp */
  li t4, MIP_MTIP
  csrs mip, t4
  csrr a0, mip
  CHECK(17, a0, 0)

  /* the views in S mode */
  li t4, MIP_SSIP
  csrw mideleg, t4
  GOTO_MODE(PRIV_S, 1f)
1: li t4, MSTATUS_SUM | MSTATUS_MXR
  csrw sstatus, t4
  li t4, MIP_SSIP
  csrw sie, t4
  csrr a0, sie
  CHECK(18, a0, MIP_SSIP)
  csrr a0, sstatus
  CHECK(19, a0, MSTATUS_SUM | MSTATUS_MXR)
  M_RESUME(1f)
  ecall
1: csrr a0, mstatus
  CHECK(20, a0, MSTATUS_SUM | MSTATUS_MXR | MSTATUS_MPIE)
  csrr a0, mie
  CHECK(21, a0, MIP_SSIP)
  CHECK_MCOUNT(22, 1)
PTEST_PASS
PTEST_END
