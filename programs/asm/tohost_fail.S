/* Fails test 5 through `tohost`: the odd value (5 << 1) | 1 = 11; bsyn run stops there with
 * exit 2 and "failed test 5" on stderr. Under Linux user mode, which has no tohost, an
 * exit(5) follows, so qemu-riscv32 reports the test number as its exit code. */
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
