/* CSR access rules: read-only CSRs (writing is illegal, reading with a zero rs1 field is
 * not), privilege (an S or U access to a more privileged CSR is illegal), the write masks of
 * every implemented CSR, the constant and ignored ones, and misa's ignored writes. */
#include "ptest.h"

/* Check n: CSR csr keeps, after all ones are written, exactly mask (then it is cleared). */
#define CHECK_MASK(n, csr, mask) \
  li t4, -1;                     \
  csrw csr, t4;                  \
  csrr a0, csr;                  \
  CHECK(n, a0, mask);            \
  csrw csr, zero

PTEST_BEGIN
  /* read-only and constant */
  csrr a0, mhartid
  CHECK(2, a0, 0)
  csrr a0, misa
  CHECK(3, a0, 0x40141101)
  csrw misa, zero                       /* ignored, not illegal */
  csrr a0, misa
  CHECK(4, a0, 0x40141101)
  li a0, 1
  csrr a0, mvendorid
  CHECK(5, a0, 0)
  li a0, 1
  csrr a0, marchid
  CHECK(6, a0, 0)
  li a0, 1
  csrr a0, mimpid
  CHECK(7, a0, 0)
  li a0, 1
  csrr a0, 0xf15                        /* mconfigptr */
  CHECK(8, a0, 0)
  li a1, 0
  csrrs a0, mhartid, zero               /* rs1 field 0: no write, legal */
  csrrci a0, mhartid, 0
  CHECK_MCOUNT(9, 0)
  EXPECT_ILLEGAL(10, csrw mhartid, zero)
  EXPECT_ILLEGAL(11, csrrsi a0, mhartid, 1)
  EXPECT_ILLEGAL(12, csrrc a0, mvendorid, a1) /* rs1 field != 0 writes, even a value of 0 */
  EXPECT_ILLEGAL(13, csrrwi a0, marchid, 0)   /* CSRRW(I) always writes */

  /* write masks */
  CHECK_MASK(14, medeleg, 0xb3ff)
  CHECK_MASK(15, mideleg, 0x222)
  CHECK_MASK(16, mie, 0xaaa)
  CHECK_MASK(17, mip, 0x222)
  CHECK_MASK(18, mepc, 0xfffffffc)
  CHECK_MASK(19, sepc, 0xfffffffc)
  CHECK_MASK(20, mscratch, 0xffffffff)
  CHECK_MASK(21, sscratch, 0xffffffff)
  CHECK_MASK(22, mcause, 0xffffffff)
  CHECK_MASK(23, scause, 0xffffffff)
  CHECK_MASK(24, mtval, 0xffffffff)
  CHECK_MASK(25, stval, 0xffffffff)
  CHECK_MASK(26, satp, 0xffffffff)
  /* the trap vectors: direct mode only */
  la s0, ptest_mtrap
  addi t4, s0, 3
  csrrw a1, mtvec, t4
  csrrw a0, mtvec, s0
  CHECK_ADDR(27, a0, ptest_mtrap)
  CHECK_ADDR(28, a1, ptest_mtrap)
  la s0, ptest_strap
  addi t4, s0, 1
  csrrw a1, stvec, t4
  csrrw a0, stvec, s0
  CHECK_ADDR(29, a0, ptest_strap)
  /* mstatus: the implemented bits (the reservation bit 30 is never seen), MPP 2 -> 0 */
  li t4, 0xffffe7ff                     /* all ones but MPP */
  csrw mstatus, t4
  csrr a0, mstatus
  CHECK(30, a0, 0x007e01aa)
  li t4, 0x1000                         /* MPP = 2 */
  csrw mstatus, t4
  csrr a0, mstatus
  CHECK(31, a0, 0)
  li t4, 0x0800                         /* MPP = 1 */
  csrw mstatus, t4
  csrr a0, mstatus
  CHECK(32, a0, 0x0800)
  csrw mstatus, zero
  /* present but ignored: read 0 */
  CHECK_MASK(33, mcounteren, 0)
  CHECK_MASK(34, scounteren, 0)
  CHECK_MASK(35, 0x30a, 0)              /* menvcfg */
  CHECK_MASK(36, 0x31a, 0)              /* menvcfgh */
  CHECK_MASK(37, 0x310, 0)              /* mstatush */
  CHECK_MASK(38, 0x10a, 0)              /* senvcfg */
  /* CSRRS / CSRRC set and clear bits; the immediate forms take the 5-bit rs1 field */
  li t4, 0xf0
  csrw mscratch, t4
  li t4, 0x0f
  csrrs a0, mscratch, t4
  CHECK(39, a0, 0xf0)
  li t4, 0x30
  csrrc a0, mscratch, t4
  CHECK(40, a0, 0xff)
  csrrsi a0, mscratch, 0x1f
  CHECK(41, a0, 0xcf)
  csrrci a0, mscratch, 0x10
  CHECK(42, a0, 0xdf)
  csrrwi a0, mscratch, 0x15
  CHECK(43, a0, 0xcf)
  csrr a0, mscratch
  CHECK(44, a0, 0x15)
  CHECK_MCOUNT(45, 4)

  /* privilege: S reaches S CSRs, not M ones; U reaches neither */
  GOTO_MODE(PRIV_S, 1f)
1: csrr a0, sstatus
  csrw sscratch, a0
  csrr a0, satp
  M_RESUME(1f)
  ecall
1: CHECK_MCOUNT(46, 5)
  GOTO_MODE(PRIV_S, 1f)
1: EXPECT_ILLEGAL(47, csrr a0, mstatus)
  GOTO_MODE(PRIV_S, 1f)
1: EXPECT_ILLEGAL(48, csrr a0, mhartid)
  GOTO_MODE(PRIV_S, 1f)
1: EXPECT_ILLEGAL(49, csrw mscratch, zero)
  GOTO_MODE(PRIV_S, 1f)
1: EXPECT_ILLEGAL(50, csrr a0, misa)
  GOTO_MODE(PRIV_U, 1f)
1: EXPECT_ILLEGAL(51, csrr a0, sstatus)
  GOTO_MODE(PRIV_U, 1f)
1: EXPECT_ILLEGAL(52, csrr a0, sscratch)
  GOTO_MODE(PRIV_U, 1f)
1: EXPECT_ILLEGAL(53, csrr a0, mvendorid)
PTEST_PASS
PTEST_END
