/* rtos.h — a small preemptive scheduler for the rv32ia-priv machine (docs/runner.md): a
 * kernel in M mode runs three tasks in U mode, switches them on the CLINT timer interrupt
 * (a quantum of RTOS_QUANTUM steps, mtime counting one per step) and on the yield system
 * call, and ends through tohost when all of them have exited, after checking their results.
 *
 * System calls: ecall from U with the number in a7 and arguments in a0, a1; the result in a0.
 *   RTOS_SYS_YIELD  give the rest of the quantum to the next ready task
 *   RTOS_SYS_WRITE  a0 = bytes, a1 = count (at most RTOS_WRITE_MAX): to the UART; a0 = count
 *   RTOS_SYS_EXIT   a0 = exit code; the task ends
 * Any other number returns -38 (ENOSYS).
 *
 * Ends (tohost, the HTIF convention): 1 when every check passes, else (n << 1) | 1 with n
 * one of the RTOS_FAIL_* codes below (plus the task number or trap cause where it says so). */
#ifndef BSYN_RTOS_H
#define BSYN_RTOS_H

#define RTOS_SYS_YIELD 1
#define RTOS_SYS_WRITE 2
#define RTOS_SYS_EXIT 3

#define RTOS_NTASKS 3
#define RTOS_QUANTUM 400 /* steps between two timer interrupts */
#define RTOS_WRITE_MAX 256
#define RTOS_YIELDS 12    /* the yielding task's rounds */
#define RTOS_REG_ROUNDS 4 /* the register task's rounds */
#define RTOS_REG_SPINS 6  /* checks of every register per round */

/* Failure codes (test numbers of tohost) */
#define RTOS_FAIL_KERNEL_TRAP 1 /* a trap taken in M mode: the kernel faulted */
#define RTOS_FAIL_NOT_FROM_U 2  /* a trap whose mstatus.MPP was not U */
#define RTOS_FAIL_CAUSE 16      /* + mcause & 15: a trap the kernel does not serve */
#define RTOS_FAIL_EXIT_CODE 32  /* + task: a task exited with a non-zero code */
#define RTOS_FAIL_CRC 40        /* the compute task's CRC-32 is wrong */
#define RTOS_FAIL_YIELDS 41     /* the yielding task did not yield RTOS_YIELDS times */
#define RTOS_FAIL_PREEMPT 48    /* + task: a task that never yields was not preempted */
#define RTOS_FAIL_REG_ROUNDS 56 /* the register task did not finish its rounds */
#define RTOS_FAIL_SWITCHES 57   /* the yielding task did not see others run between yields */

/* The compute task's data: RTOS_CRC_BYTES bytes, byte i = (i * 13 + (i >> 4)) & 0xff, and
 * their CRC-32 (the zlib polynomial, reflected, initial and final xor all ones). */
#define RTOS_CRC_BYTES 768
#define RTOS_CRC_EXPECTED 0x8cdc62f0u

#ifndef __ASSEMBLER__
#include <stdint.h>

/* A task's saved registers: x[k] for x1..x31 (x[0] unused), then the pc to resume at. The
 * trap entry (start.S) relies on these offsets: 4 k for xk, 128 for pc. */
typedef struct rtos_ctx {
  uint32_t x[32];
  uint32_t pc;
} rtos_ctx;

/* Kernel (kernel.c) */
rtos_ctx *rtos_kernel_trap(rtos_ctx *c);
__attribute__((noreturn)) void rtos_kernel_main(void);
/* start.S: loads c's registers and returns to U mode at c->pc (mstatus.MPP must be U). */
__attribute__((noreturn)) void rtos_resume(rtos_ctx *c);

/* Tasks (tasks.c, regcheck.S), started with a0 = their number. */
void rtos_task_compute(uint32_t id);
void rtos_task_yield(uint32_t id);
void rtos_task_regs(uint32_t id);
/* Where a task that returns goes: exits with code 99. */
void rtos_task_return(void);

/* What the tasks leave for the kernel's checks. */
extern volatile uint32_t rtos_crc_result;
extern volatile uint32_t rtos_reg_rounds_done;
extern volatile uint32_t rtos_switches; /* context switches so far (the kernel counts) */
extern volatile uint32_t rtos_yield_misses;
#endif

#endif
