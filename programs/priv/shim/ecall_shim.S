/* ecall_shim.S — runs the RV32I programs of programs/asm and programs/c on the rv32ia-priv
 * machine, where an ECALL traps to mtvec instead of ending the run. Linked before the
 * program, entry _shim_start: installs an M-mode trap handler, then jumps to the program's
 * _start. The handler serves the Linux-style ECALLs the programs make (programs/common):
 *   a7 = 93 or 94 (exit): tohost = (a0 << 1) | 1, so exit(0) passes and exit(n) is "failed
 *                          test n";
 *   a7 = 64 (write):       the bytes a1 .. a1 + a2 to the UART for fd 1 or 2, a0 = a2
 *                          (-9 for another fd);
 *   other a7:              a0 = -38 (ENOSYS);
 * and reports any other trap as failed test 256 + mcause. It keeps every register but a0. */
#define UART_THR 0x10000000

  .option arch, +zicsr /* the programs are built for rv32i; the handler needs CSRs */

  .section .text.start, "ax"
  .globl _shim_start
_shim_start:
  la t0, shim_trap
  csrw mtvec, t0
  j _start

  .text
  .align 2
shim_trap:
  csrw mscratch, t0
  la t0, shim_save
  sw t1, 0(t0)
  sw t2, 4(t0)
  sw t3, 8(t0)
  csrr t1, mcause
  li t2, 11
  bne t1, t2, shim_other
  li t2, 93
  beq a7, t2, shim_exit
  li t2, 94
  beq a7, t2, shim_exit
  li t2, 64
  beq a7, t2, shim_write
  li a0, -38
  j shim_return
shim_write:
  addi t1, a0, -1
  li t2, 1
  bgtu t1, t2, shim_bad_fd
  mv t1, a1
  add t2, a1, a2
  li t3, UART_THR
1: beq t1, t2, 2f
  lbu a0, 0(t1)
  sb a0, 0(t3)
  addi t1, t1, 1
  j 1b
2: mv a0, a2
  j shim_return
shim_bad_fd:
  li a0, -9
shim_return:
  csrr t1, mepc
  addi t1, t1, 4
  csrw mepc, t1
  lw t1, 0(t0)
  lw t2, 4(t0)
  lw t3, 8(t0)
  csrr t0, mscratch
  mret
shim_other:
  addi a0, t1, 256
shim_exit:
  slli a0, a0, 1
  ori a0, a0, 1
  la t1, tohost
  sw zero, 4(t1)
  sw a0, 0(t1)
  j .

  .section .tohost, "aw", @progbits
  .align 3
  .weak tohost
tohost:
  .dword 0

  .data
  .align 2
shim_save:
  .word 0, 0, 0
