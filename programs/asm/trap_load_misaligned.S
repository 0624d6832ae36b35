/* Stops with a load-address-misaligned trap (cause 4) at trap_pc: LW from an odd address.
 * (Linux user mode emulates misaligned accesses, so under qemu-riscv32 it exits 1.) */
#include "selftest.h"

PROGRAM_BEGIN
  la a1, buf
  .globl trap_pc
trap_pc:
  lw a2, 1(a1)
  li TESTNUM, 1
  j fail
PROGRAM_END

  .data
  .align 4
buf:
  .word 1, 2
