/* kernel.c — the scheduler's M-mode kernel (rtos.h): task table, round-robin scheduling on
 * the timer interrupt and on yield, the system calls, and the checks at the end. */
#include "rtos.h"

#define MCAUSE_TIMER 0x80000007u
#define CAUSE_ECALL_U 8u
#define MSTATUS_MPP 0x1800u
#define MIE_MTIE 0x80u
#define UART_THR ((volatile uint8_t *)0x10000000)
#define MTIME_LO ((volatile uint32_t *)0x0200bff8)
#define MTIME_HI ((volatile uint32_t *)0x0200bffc)
#define MTIMECMP_LO ((volatile uint32_t *)0x02004000)
#define MTIMECMP_HI ((volatile uint32_t *)0x02004004)
#define STACK_WORDS 512

#define CSR_READ(name)                                                                             \
  ({                                                                                               \
    uint32_t v_;                                                                                   \
    __asm__ volatile("csrr %0, " #name : "=r"(v_));                                                \
    v_;                                                                                            \
  })
#define CSR_SET(name, v) __asm__ volatile("csrs " #name ", %0" ::"r"(v))
#define CSR_CLEAR(name, v) __asm__ volatile("csrc " #name ", %0" ::"r"(v))

enum { READY, DONE };

typedef struct task {
  rtos_ctx ctx;
  uint32_t state, exit_code;
  uint32_t preemptions, yields;
} task;

extern volatile uint32_t tohost[2];

static task tasks[RTOS_NTASKS];
static uint32_t stacks[RTOS_NTASKS][STACK_WORDS] __attribute__((aligned(16)));
static uint32_t current;
volatile uint32_t rtos_switches;

static void (*const entries[RTOS_NTASKS])(uint32_t) = {rtos_task_compute, rtos_task_yield,
                                                       rtos_task_regs};

__attribute__((noreturn)) static void end(uint32_t value) {
  tohost[1] = 0;
  tohost[0] = value;
  for (;;)
    ;
}

__attribute__((noreturn)) static void fail(uint32_t n) { end(n << 1 | 1); }

static void put(const char *s) {
  while (*s)
    *UART_THR = (uint8_t)*s++;
}

/* v in decimal, by subtraction (no divide instruction, no libgcc). */
static void put_dec(uint32_t v) {
  static const uint32_t pow10[] = {1000000000, 100000000, 10000000, 1000000, 100000,
                                   10000,      1000,      100,      10,      1};
  int started = 0;
  for (unsigned k = 0; k < sizeof pow10 / sizeof pow10[0]; k++) {
    char d = '0';
    while (v >= pow10[k]) {
      v -= pow10[k];
      d++;
    }
    if (d != '0' || started || k + 1 == sizeof pow10 / sizeof pow10[0]) {
      *UART_THR = (uint8_t)d;
      started = 1;
    }
  }
}

/* The next timer interrupt RTOS_QUANTUM steps from now. */
static void arm_timer(void) {
  uint32_t lo = *MTIME_LO, hi = *MTIME_HI;
  uint32_t next = lo + RTOS_QUANTUM;
  *MTIMECMP_HI = 0xffffffffu;
  *MTIMECMP_LO = next;
  *MTIMECMP_HI = hi + (next < lo);
}

static void disarm_timer(void) {
  *MTIMECMP_HI = 0xffffffffu;
  *MTIMECMP_LO = 0xffffffffu;
}

static int all_pass(void) {
  for (uint32_t t = 0; t < RTOS_NTASKS; t++)
    if (tasks[t].exit_code)
      fail(RTOS_FAIL_EXIT_CODE + t);
  if (rtos_crc_result != RTOS_CRC_EXPECTED)
    fail(RTOS_FAIL_CRC);
  if (tasks[1].yields != RTOS_YIELDS)
    fail(RTOS_FAIL_YIELDS);
  if (rtos_yield_misses)
    fail(RTOS_FAIL_SWITCHES);
  if (tasks[0].preemptions < 2)
    fail(RTOS_FAIL_PREEMPT + 0);
  if (tasks[2].preemptions < 2)
    fail(RTOS_FAIL_PREEMPT + 2);
  if (rtos_reg_rounds_done != RTOS_REG_ROUNDS)
    fail(RTOS_FAIL_REG_ROUNDS);
  return 1;
}

/* Every task has exited: report and end the run. */
__attribute__((noreturn)) static void finish(void) {
  disarm_timer();
  uint32_t pre = 0;
  for (uint32_t t = 0; t < RTOS_NTASKS; t++)
    pre += tasks[t].preemptions;
  put("rtos: all tasks done: ");
  put_dec(pre);
  put(" preemptions, ");
  put_dec(tasks[1].yields);
  put(" yields, ");
  put_dec(rtos_switches);
  put(" switches\n");
  if (all_pass())
    end(1);
  for (;;)
    ;
}

/* The next ready task after the current one (the current one last), armed with a fresh
 * quantum; ends the run when none is left. */
static rtos_ctx *schedule(void) {
  for (uint32_t k = 1; k <= RTOS_NTASKS; k++) {
    uint32_t t = current + k >= RTOS_NTASKS ? current + k - RTOS_NTASKS : current + k;
    if (tasks[t].state == READY) {
      if (t != current)
        rtos_switches++;
      current = t;
      arm_timer();
      return &tasks[t].ctx;
    }
  }
  finish();
}

static rtos_ctx *sys_write(rtos_ctx *c) {
  const uint8_t *p = (const uint8_t *)c->x[10];
  uint32_t n = c->x[11];
  if (n > RTOS_WRITE_MAX) {
    c->x[10] = (uint32_t)-22; /* EINVAL */
    return c;
  }
  for (uint32_t i = 0; i < n; i++)
    *UART_THR = p[i];
  c->x[10] = n;
  return c;
}

static rtos_ctx *syscall(rtos_ctx *c) {
  c->pc += 4;
  switch (c->x[17]) {
  case RTOS_SYS_YIELD:
    tasks[current].yields++;
    return schedule();
  case RTOS_SYS_WRITE:
    return sys_write(c);
  case RTOS_SYS_EXIT:
    tasks[current].state = DONE;
    tasks[current].exit_code = c->x[10];
    return schedule();
  default:
    c->x[10] = (uint32_t)-38; /* ENOSYS */
    return c;
  }
}

rtos_ctx *rtos_kernel_trap(rtos_ctx *c) {
  uint32_t cause = CSR_READ(mcause);
  if (CSR_READ(mstatus) & MSTATUS_MPP)
    fail(RTOS_FAIL_NOT_FROM_U);
  if (cause == MCAUSE_TIMER) {
    tasks[current].preemptions++;
    return schedule();
  }
  if (cause == CAUSE_ECALL_U)
    return syscall(c);
  fail(RTOS_FAIL_CAUSE + (cause & 15));
}

void rtos_kernel_main(void) {
  put("rtos: starting 3 tasks\n");
  for (uint32_t t = 0; t < RTOS_NTASKS; t++) {
    tasks[t].ctx.pc = (uint32_t)entries[t];
    tasks[t].ctx.x[1] = (uint32_t)rtos_task_return;
    tasks[t].ctx.x[2] = (uint32_t)&stacks[t][STACK_WORDS];
    tasks[t].ctx.x[10] = t;
    tasks[t].state = READY;
  }
  current = 0;
  CSR_CLEAR(mstatus, MSTATUS_MPP); /* MRET goes to U */
  CSR_SET(mie, MIE_MTIE);
  arm_timer();
  rtos_resume(&tasks[0].ctx);
}
