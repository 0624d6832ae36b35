/* Fails test 5 through `tohost`: the odd value (5 << 1) | 1 = 11. Under Linux user mode
 * an exit(5) follows, so qemu-riscv32 agrees on the exit code. */
#include "selftest.h"

PROGRAM_BEGIN
  la a4, tohost
  li a5, 11
  sw a5, 0(a4)
  li TESTNUM, 5
  j fail
PROGRAM_END

  .section .tohost, "aw"
  .align 3
  .globl tohost
tohost:
  .dword 0
