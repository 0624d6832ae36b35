/* regcheck.S — the scheduler's register task (rtos.h): every round fills x1..x29 with
 * patterns of a base value held in t6 and checks them RTOS_REG_SPINS times, t5 counting,
 * while the timer preempts it; a register the context switch failed to restore makes it
 * exit with code 3 (the base itself is checked against memory at the end of the round).
 * Register k holds base ^ (37 k): "xor; addi -37k" gives 0 exactly when it is intact. */
#include "rtos.h"

#define FILL(k) li x##k, 37 * k; xor x##k, x##k, t6
#define CHECK(k) xor x##k, x##k, t6; addi x##k, x##k, -37 * k; bnez x##k, regs_bad; \
                 addi x##k, x##k, 37 * k; xor x##k, x##k, t6
#define ALL(M) M(1); M(2); M(3); M(4); M(5); M(6); M(7); M(8); M(9); M(10); M(11); M(12); \
               M(13); M(14); M(15); M(16); M(17); M(18); M(19); M(20); M(21); M(22); M(23); \
               M(24); M(25); M(26); M(27); M(28); M(29)

  .text
  .align 2
  .globl rtos_task_regs
rtos_task_regs:
regs_round:
  lw t5, rtos_reg_rounds_done
  li t6, RTOS_REG_ROUNDS
  beq t5, t6, regs_done
  /* base: all 32 bits vary with the round */
  li t6, 0xa5c3f00f
  slli t4, t5, 27
  xor t6, t6, t4
  slli t4, t5, 13
  xor t6, t6, t4
  la t4, regs_base
  sw t6, 0(t4)
  ALL(FILL)
  li t5, RTOS_REG_SPINS
regs_spin:
  ALL(CHECK)
  addi t5, t5, -1
  bnez t5, regs_spin
  lw t5, regs_base
  bne t5, t6, regs_bad
  lw t5, rtos_reg_rounds_done
  addi t5, t5, 1
  la t4, rtos_reg_rounds_done
  sw t5, 0(t4)
  j regs_round
regs_done:
  li a0, 0
  j regs_exit
regs_bad:
  li a0, 3
regs_exit:
  li a7, RTOS_SYS_EXIT
  ecall
  j .

  .data
  .align 2
  .globl rtos_reg_rounds_done
rtos_reg_rounds_done:
  .word 0
regs_base:
  .word 0
