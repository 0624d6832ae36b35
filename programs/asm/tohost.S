/* Reports through the HTIF convention: fills the signature area (begin_signature ..
 * end_signature) with results, then writes 1 to `tohost` (pass). Under Linux user mode the
 * tohost store is an ordinary store, so an exit(0) follows for qemu-riscv32. */
#include "selftest.h"

PROGRAM_BEGIN
  la s0, begin_signature
  li a1, 0x12345678
  sw a1, 0(s0)
  li a2, 0x0000ffff
  add a3, a1, a2
  sw a3, 4(s0)
  srai a3, a1, 4
  sw a3, 8(s0)
  li a3, -1
  sh a3, 12(s0)
  la a4, tohost
  li a5, 1
  sw a5, 0(a4)
PROGRAM_END

  .section .tohost, "aw"
  .align 3
  .globl tohost
tohost:
  .dword 0

  .data
  .align 4
  .globl begin_signature, end_signature
begin_signature:
  .word 0xdeadbeef, 0xdeadbeef, 0xdeadbeef, 0xdeadbeef, 0xdeadbeef
end_signature:
