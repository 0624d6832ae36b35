/* start.S — the scheduler's entry, trap entry and return to U mode (rtos.h).
 *
 * While a task runs, mscratch holds its rtos_ctx. A trap swaps t6 with mscratch, stores x1..x30,
 * the task's t6 and mepc into the context, clears mscratch (a trap taken in the kernel then
 * finds 0 and fails the run) and calls rtos_kernel_trap on the kernel stack; the context it
 * returns is loaded back whole and resumed with MRET. */
#include "rtos.h"

#define SAVE(k) sw x##k, 4 * k(t6)
#define LOAD(k) lw x##k, 4 * k(t6)

  .section .text.init, "ax"
  .globl _start
_start:
  la sp, rtos_kernel_stack_top
  la t0, rtos_trap_entry
  csrw mtvec, t0
  csrw mscratch, zero
  j rtos_kernel_main

  .text
  .align 2
rtos_trap_entry:
  csrrw t6, mscratch, t6
  beqz t6, rtos_trap_in_kernel
  SAVE(1); SAVE(2); SAVE(3); SAVE(4); SAVE(5); SAVE(6); SAVE(7); SAVE(8)
  SAVE(9); SAVE(10); SAVE(11); SAVE(12); SAVE(13); SAVE(14); SAVE(15); SAVE(16)
  SAVE(17); SAVE(18); SAVE(19); SAVE(20); SAVE(21); SAVE(22); SAVE(23); SAVE(24)
  SAVE(25); SAVE(26); SAVE(27); SAVE(28); SAVE(29); SAVE(30)
  csrrw t5, mscratch, zero
  sw t5, 124(t6)
  csrr t5, mepc
  sw t5, 128(t6)
  la sp, rtos_kernel_stack_top
  mv a0, t6
  call rtos_kernel_trap
  /* fall through with the context to run in a0 */
  .globl rtos_resume
rtos_resume:
  csrw mscratch, a0
  lw t5, 128(a0)
  csrw mepc, t5
  mv t6, a0
  LOAD(1); LOAD(2); LOAD(3); LOAD(4); LOAD(5); LOAD(6); LOAD(7); LOAD(8)
  LOAD(9); LOAD(10); LOAD(11); LOAD(12); LOAD(13); LOAD(14); LOAD(15); LOAD(16)
  LOAD(17); LOAD(18); LOAD(19); LOAD(20); LOAD(21); LOAD(22); LOAD(23); LOAD(24)
  LOAD(25); LOAD(26); LOAD(27); LOAD(28); LOAD(29); LOAD(30)
  lw t6, 124(t6)
  mret

rtos_trap_in_kernel:
  li t6, (RTOS_FAIL_KERNEL_TRAP << 1) | 1
  la t5, tohost
  sw zero, 4(t5)
  sw t6, 0(t5)
  j .

  .section .tohost, "aw", @progbits
  .align 6
  .globl tohost
tohost:
  .dword 0
  .align 6
  .globl fromhost
fromhost:
  .dword 0

  .bss
  .align 4
  .space 2048
rtos_kernel_stack_top:
