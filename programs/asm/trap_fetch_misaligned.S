/* Stops with an instruction-address-misaligned trap (cause 0) at trap_pc: a JALR to an
 * address that is 2 mod 4. RV32I without the C extension requires 4-byte aligned targets;
 * the jump itself traps and nothing is written. (qemu-riscv32 implements C, so there the
 * jump succeeds.) */
#include "selftest.h"

PROGRAM_BEGIN
  la a1, target
  addi a1, a1, 2
  li a2, 0
  .globl trap_pc
trap_pc:
  jalr a2, 0(a1)
  li TESTNUM, 1
  j fail
target:
  nop
  nop
  li TESTNUM, 2
  j fail
PROGRAM_END
