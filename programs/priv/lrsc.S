/* LR.W / SC.W: an SC succeeds (rd = 0, the word stored) only while the reservation an LR set
 * is held; SC itself, every trap and xRET clear it; it is hidden in mstatus (bit 30 never
 * reads as 1) and survives CSR writes. The reservation set is all of memory
 * (docs/rv32ia-priv.md, "Reservation"). */
#include "ptest.h"

PTEST_BEGIN
  la s0, word
  la s1, other
  li a0, 5
  sw a0, 0(s0)
  li a1, 7
  /* no reservation: SC fails, rd = 1, memory unchanged */
  sc.w a2, a1, (s0)
  CHECK(2, a2, 1)
  lw a3, 0(s0)
  CHECK(3, a3, 5)
  /* LR then SC */
  lr.w a2, (s0)
  CHECK(4, a2, 5)
  addi a2, a2, 1
  sc.w a3, a2, (s0)
  CHECK(5, a3, 0)
  lw a4, 0(s0)
  CHECK(6, a4, 6)
  /* the first SC cleared the reservation */
  sc.w a3, a1, (s0)
  CHECK(7, a3, 1)
  lw a4, 0(s0)
  CHECK(8, a4, 6)
  /* hidden in mstatus, kept by CSR writes to it */
  lr.w a2, (s0)
  csrr a5, mstatus
  CHECK(9, a5, 0)
  li t4, -1
  csrw sstatus, t4
  csrw mstatus, zero
  sc.w a3, a1, (s0)
  CHECK(10, a3, 0)
  lw a4, 0(s0)
  CHECK(11, a4, 7)
  /* a trap clears it */
  lr.w a2, (s0)
  M_RESUME(1f)
  ecall
1: sc.w a3, a0, (s0)
  CHECK(12, a3, 1)
  /* MRET clears it */
  lr.w a2, (s0)
  la t4, 1f
  csrw mepc, t4
  li t4, MSTATUS_MPP
  csrs mstatus, t4
  mret
1: sc.w a3, a0, (s0)
  CHECK(13, a3, 1)
  /* SRET clears it */
  lr.w a2, (s0)
  li t4, MSTATUS_SPP
  csrs mstatus, t4
  la t4, 1f
  csrw sepc, t4
  sret
1: sc.w a3, a0, (s0)
  CHECK(14, a3, 1)
  M_RESUME(1f)
  ecall
  /* the reservation set is all of memory: an SC to another word succeeds */
1: lr.w a2, (s0)
  sc.w a3, a1, (s1)
  CHECK(15, a3, 0)
  lw a4, 0(s1)
  CHECK(16, a4, 7)
  /* SC with rd = x0; LR with rd = x0 still reserves */
  lr.w zero, (s0)
  sc.w zero, a0, (s0)
  lw a4, 0(s0)
  CHECK(17, a4, 5)
  /* aq and rl are ignored */
  lr.w.aqrl a2, (s0)
  sc.w.aqrl a3, a1, (s0)
  CHECK(18, a3, 0)
  /* an atomic increment loop */
  sw zero, 0(s0)
  li a6, 10
2: lr.w a2, (s0)
  addi a2, a2, 3
  sc.w a3, a2, (s0)
  bnez a3, 2b
  addi a6, a6, -1
  bnez a6, 2b
  lw a4, 0(s0)
  CHECK(19, a4, 30)
PTEST_PASS
PTEST_END

  .data
  .align 2
word: .word 0
other: .word 0
