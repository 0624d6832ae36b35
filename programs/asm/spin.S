/* Never ends: a loop that only `--max-steps` stops. */
  .section .text.start, "ax"
  .globl _start
_start:
  li a0, 0
1:
  addi a0, a0, 1
  j 1b
