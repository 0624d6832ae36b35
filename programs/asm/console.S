/* Prints through the console MMIO register (a store of one byte to 0x10000000, the QEMU virt
 * UART's transmit register), waiting on the line status register as a UART driver would.
 * Bare-metal only: under Linux user mode that address is not mapped. */
#include "selftest.h"

PROGRAM_BEGIN
  li s0, 0x10000000
  la s1, message
1:
  lbu a1, 0(s1)
  beqz a1, 3f
2:
  lbu a2, 5(s0)
  andi a2, a2, 0x20
  beqz a2, 2b
  sb a1, 0(s0)
  addi s1, s1, 1
  j 1b
3:
PROGRAM_END

  .section .rodata
message:
  .string "hello from the console\n"
