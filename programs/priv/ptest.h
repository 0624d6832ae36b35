/* ptest.h — macros for the privileged test programs of the rv32ia-priv machine
 * (docs/rv32ia-priv.md; run with `bsyn run --machine rv32ia-priv`, docs/runner.md).
 *
 * A program is one assembly file:
 *
 *   #include "ptest.h"
 *   PTEST_BEGIN                 entry at 0x80000000 in M mode, trap vectors installed
 *     ... checks ...
 *   PTEST_PASS                  tohost = 1
 *   PTEST_END                   trap handlers, the fail path, tohost/fromhost, data
 *
 * Reporting follows the HTIF convention: tohost = 1 passes, tohost = (n << 1) | 1 says that
 * check n failed. TESTNUM (s11) holds the number of the check under way; a failure before the
 * first check reports test PTEST_NO_TEST.
 *
 * Traps. mtvec points at an M-mode handler and stvec at an S-mode one. Each records the trap
 * (cause, epc, tval, and the status register as it was on entry) in the words ptest_mcause,
 * ptest_mepc, ptest_mtval, ptest_mstatus (ptest_scause, ... for S), counts it, and resumes at
 * the address the program armed with M_RESUME / S_RESUME, in M mode (S mode for the S
 * handler). Arming is one-shot; a trap nobody armed for fails the check under way. The M
 * handler quietens the timer (mtimecmp = all ones) when it takes an interrupt, the S handler
 * clears sip.SSIP.
 *
 * Registers: the handlers use t0 and t1, the checks t2 and t3; programs keep their values in
 * a0-a7, s0-s10 and t4-t6. */
#ifndef BSYN_PTEST_H
#define BSYN_PTEST_H

#define TESTNUM s11
#define PTEST_NO_TEST 1023

#define MSTATUS_SIE 0x2
#define MSTATUS_MIE 0x8
#define MSTATUS_SPIE 0x20
#define MSTATUS_MPIE 0x80
#define MSTATUS_SPP 0x100
#define MSTATUS_MPP 0x1800
#define MSTATUS_MPRV 0x20000
#define MSTATUS_SUM 0x40000
#define MSTATUS_MXR 0x80000
#define MSTATUS_TVM 0x100000
#define MSTATUS_TW 0x200000
#define MSTATUS_TSR 0x400000
#define MIP_SSIP 0x2
#define MIP_STIP 0x20
#define MIP_MTIP 0x80
#define MIP_SEIP 0x200

#define CAUSE_FETCH_MISALIGNED 0
#define CAUSE_ILLEGAL 2
#define CAUSE_BREAKPOINT 3
#define CAUSE_LOAD_MISALIGNED 4
#define CAUSE_STORE_MISALIGNED 6
#define CAUSE_ECALL_U 8
#define CAUSE_ECALL_S 9
#define CAUSE_ECALL_M 11
#define CAUSE_IRQ 0x80000000

#define CLINT_MTIMECMP 0x02004000
#define CLINT_MTIME 0x0200bff8
#define UART_THR 0x10000000

#define PRIV_U 0
#define PRIV_S 1
#define PRIV_M 3

/* Entry: M mode, vectors installed, nothing delegated, interrupts off, a stack. */
#define PTEST_BEGIN              \
  .section .text.init, "ax";     \
  .globl _start;                 \
_start:                          \
  li TESTNUM, 0;                 \
  la t0, ptest_mtrap;            \
  csrw mtvec, t0;                \
  la t0, ptest_strap;            \
  csrw stvec, t0;                \
  csrw medeleg, zero;            \
  csrw mideleg, zero;            \
  csrw mie, zero;                \
  csrw mstatus, zero;            \
  la sp, ptest_stack_top

/* Report a pass and stop. */
#define PTEST_PASS              \
  sw zero, tohost + 4, t1;      \
  li t0, 1;                     \
  sw t0, tohost, t1;            \
  j .

/* The number of the check under way. */
#define TEST(n) li TESTNUM, n

/* Check n: register reg holds value (a number). */
#define CHECK(n, reg, value) \
  li TESTNUM, n;             \
  li t2, value;              \
  bne reg, t2, ptest_fail

/* Check n: register reg holds the address of label. */
#define CHECK_ADDR(n, reg, label) \
  li TESTNUM, n;                  \
  la t2, label;                   \
  bne reg, t2, ptest_fail

/* Check n: the word at symbol sym holds value. */
#define CHECK_WORD(n, sym, value) \
  li TESTNUM, n;                  \
  lw t2, sym;                     \
  li t3, value;                   \
  bne t2, t3, ptest_fail

/* Check n: the word at symbol sym holds the address of label. */
#define CHECK_WORD_ADDR(n, sym, label) \
  li TESTNUM, n;                       \
  lw t2, sym;                          \
  la t3, label;                        \
  bne t2, t3, ptest_fail

/* Check n: the word at symbol sym holds register reg + off. */
#define CHECK_WORD_REG(n, sym, reg, off) \
  li TESTNUM, n;                         \
  lw t2, sym;                            \
  addi t3, reg, off;                     \
  bne t2, t3, ptest_fail

/* The next trap to M (S) resumes at label in M (S) mode. */
#define M_RESUME(label)   \
  la t2, label;           \
  sw t2, ptest_m_resume, t3
#define S_RESUME(label)   \
  la t2, label;           \
  sw t2, ptest_s_resume, t3

/* Check n: the last trap to M had this cause, epc (a label) and tval (a number). */
#define CHECK_MTRAP(n, cause, epc_label, tval) \
  CHECK_WORD(n, ptest_mcause, cause);           \
  CHECK_WORD_ADDR(n, ptest_mepc, epc_label);    \
  CHECK_WORD(n, ptest_mtval, tval)
/* The same for the last trap to S. */
#define CHECK_STRAP(n, cause, epc_label, tval) \
  CHECK_WORD(n, ptest_scause, cause);           \
  CHECK_WORD_ADDR(n, ptest_sepc, epc_label);    \
  CHECK_WORD(n, ptest_stval, tval)

/* Check n: the privilege the last trap to M came from (mstatus.MPP as saved on entry). */
#define CHECK_MPP(n, p)     \
  li TESTNUM, n;            \
  lw t2, ptest_mstatus;     \
  srli t2, t2, 11;          \
  andi t2, t2, 3;           \
  li t3, p;                 \
  bne t2, t3, ptest_fail
/* Check n: the privilege the last trap to S came from (sstatus.SPP as saved on entry). */
#define CHECK_SPP(n, p)     \
  li TESTNUM, n;            \
  lw t2, ptest_sstatus;     \
  srli t2, t2, 8;           \
  andi t2, t2, 1;           \
  li t3, p;                 \
  bne t2, t3, ptest_fail

/* Check n: the traps taken so far to M (S). */
#define CHECK_MCOUNT(n, count) CHECK_WORD(n, ptest_mcount, count)
#define CHECK_SCOUNT(n, count) CHECK_WORD(n, ptest_scount, count)

/* From M: go on at label in privilege p (PRIV_U, PRIV_S or PRIV_M) through MRET. */
#define GOTO_MODE(p, label)   \
  li t2, MSTATUS_MPP;         \
  csrc mstatus, t2;           \
  li t2, (p) << 11;           \
  csrs mstatus, t2;           \
  la t2, label;               \
  csrw mepc, t2;              \
  mret

/* From S: go on at label in U mode through SRET. */
#define S_GOTO_U(label)       \
  li t2, MSTATUS_SPP;         \
  csrc sstatus, t2;           \
  la t2, label;               \
  csrw sepc, t2;              \
  sret

/* Check n: an instruction (the rest of the line) traps to M with cause and tval = the
 * instruction's own word (illegal instruction) and resumes after it in M mode. */
#define EXPECT_ILLEGAL(n, ...)       \
  M_RESUME(ptest_after_##n);         \
ptest_at_##n:                        \
  __VA_ARGS__;                       \
  j ptest_fail;                      \
ptest_after_##n:                     \
  CHECK_WORD(n, ptest_mcause, CAUSE_ILLEGAL); \
  CHECK_WORD_ADDR(n, ptest_mepc, ptest_at_##n); \
  li TESTNUM, n;                     \
  la t2, ptest_at_##n;               \
  lw t2, 0(t2);                      \
  lw t3, ptest_mtval;                \
  bne t2, t3, ptest_fail

/* Trap handlers, the fail path, tohost/fromhost and the handlers' words. */
#define PTEST_END                          \
  .text;                                   \
  .align 2;                                \
ptest_mtrap:                               \
  csrr t0, mcause;                         \
  sw t0, ptest_mcause, t1;                 \
  csrr t0, mepc;                           \
  sw t0, ptest_mepc, t1;                   \
  csrr t0, mtval;                          \
  sw t0, ptest_mtval, t1;                  \
  csrr t0, mstatus;                        \
  sw t0, ptest_mstatus, t1;                \
  lw t0, ptest_mcount;                     \
  addi t0, t0, 1;                          \
  sw t0, ptest_mcount, t1;                 \
  csrr t0, mcause;                         \
  bgez t0, ptest_mtrap_resume;             \
  li t0, -1;                               \
  li t1, CLINT_MTIMECMP;                   \
  sw t0, 4(t1);                            \
  sw t0, 0(t1);                            \
ptest_mtrap_resume:                        \
  lw t0, ptest_m_resume;                   \
  beqz t0, ptest_fail;                     \
  sw zero, ptest_m_resume, t1;             \
  csrw mepc, t0;                           \
  li t0, MSTATUS_MPP;                      \
  csrs mstatus, t0;                        \
  mret;                                    \
  .align 2;                                \
ptest_strap:                               \
  csrr t0, scause;                         \
  sw t0, ptest_scause, t1;                 \
  csrr t0, sepc;                           \
  sw t0, ptest_sepc, t1;                   \
  csrr t0, stval;                          \
  sw t0, ptest_stval, t1;                  \
  csrr t0, sstatus;                        \
  sw t0, ptest_sstatus, t1;                \
  lw t0, ptest_scount;                     \
  addi t0, t0, 1;                          \
  sw t0, ptest_scount, t1;                 \
  csrr t0, scause;                         \
  bgez t0, ptest_strap_resume;             \
  li t0, MIP_SSIP;                         \
  csrc sip, t0;                            \
ptest_strap_resume:                        \
  lw t0, ptest_s_resume;                   \
  beqz t0, ptest_fail;                     \
  sw zero, ptest_s_resume, t1;             \
  csrw sepc, t0;                           \
  li t0, MSTATUS_SPP;                      \
  csrs sstatus, t0;                        \
  sret;                                    \
ptest_fail:                                \
  bnez TESTNUM, ptest_fail_report;         \
  li TESTNUM, PTEST_NO_TEST;               \
ptest_fail_report:                         \
  slli t0, TESTNUM, 1;                     \
  ori t0, t0, 1;                           \
  sw zero, tohost + 4, t1;                 \
  sw t0, tohost, t1;                       \
  j .;                                     \
  .section .tohost, "aw", @progbits;       \
  .align 6;                                \
  .globl tohost;                           \
tohost:                                    \
  .dword 0;                                \
  .align 6;                                \
  .globl fromhost;                         \
fromhost:                                  \
  .dword 0;                                \
  .data;                                   \
  .align 2;                                \
ptest_m_resume: .word 0;                   \
ptest_s_resume: .word 0;                   \
ptest_mcause: .word 0;                     \
ptest_mepc: .word 0;                       \
ptest_mtval: .word 0;                      \
ptest_mstatus: .word 0;                    \
ptest_mcount: .word 0;                     \
ptest_scause: .word 0;                     \
ptest_sepc: .word 0;                       \
ptest_stval: .word 0;                      \
ptest_sstatus: .word 0;                    \
ptest_scount: .word 0;                     \
  .bss;                                    \
  .align 4;                                \
  .space 4096;                             \
ptest_stack_top:

#endif
