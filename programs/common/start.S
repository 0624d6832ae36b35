/* Entry point of the C programs: global pointer, stack, main, then exit(main's value)
 * through the Linux exit ecall (a7 = 93), which bsyn's runner and qemu-riscv32 both honour. */
  .section .text.start, "ax"
  .globl _start
_start:
  .option push
  .option norelax
  la gp, __global_pointer$
  .option pop
  la sp, __stack_top
  call main
  li a7, 93
  ecall
1:
  j 1b
