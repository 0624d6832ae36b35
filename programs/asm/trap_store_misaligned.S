/* Stops with a store-address-misaligned trap (cause 6) at trap_pc: SH to an odd address.
 * (Linux user mode emulates misaligned accesses, so under qemu-riscv32 it exits 1.) */
#include "selftest.h"

PROGRAM_BEGIN
  la a1, buf
  li a2, 0x1234
  .globl trap_pc
trap_pc:
  sh a2, 3(a1)
  li TESTNUM, 1
  j fail
PROGRAM_END

  .data
  .align 4
buf:
  .word 0, 0
