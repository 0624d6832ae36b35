/* tasks.c — the scheduler's U-mode tasks in C (rtos.h): one computes without ever giving up
 * the hart (only the timer takes it away), one yields in a loop and checks that others ran
 * in between; the third, all registers, is regcheck.S. */
#include "rtos.h"

volatile uint32_t rtos_crc_result;
volatile uint32_t rtos_yield_misses;

static uint8_t data[RTOS_CRC_BYTES];

static long syscall2(long n, long a0, long a1) {
  register long r_a0 __asm__("a0") = a0;
  register long r_a1 __asm__("a1") = a1;
  register long r_a7 __asm__("a7") = n;
  __asm__ volatile("ecall" : "+r"(r_a0) : "r"(r_a1), "r"(r_a7) : "memory");
  return r_a0;
}

/* Yields with every register but sp and a0 overwritten (gp and tp kept on the stack), so
 * that a register the context switch does not restore shows up in the other tasks. */
static void yield_scrambled(uint32_t seed) {
  register long r_a0 __asm__("a0") = (long)seed;
  __asm__ volatile(
      "addi sp, sp, -16\n\tsw gp, 0(sp)\n\tsw tp, 4(sp)\n\t"
      "not ra, a0\n\tslli gp, a0, 3\n\tslli tp, a0, 5\n\txori t0, a0, 0x123\n\t"
      "xori t1, a0, 0x234\n\txori t2, a0, 0x345\n\tslli s0, a0, 7\n\tslli s1, a0, 9\n\t"
      "xori a1, a0, -1\n\tslli a2, a0, 11\n\tslli a3, a0, 13\n\tslli a4, a0, 15\n\t"
      "slli a5, a0, 17\n\tslli a6, a0, 19\n\tslli s2, a0, 21\n\tslli s3, a0, 23\n\t"
      "slli s4, a0, 25\n\tslli s5, a0, 27\n\tslli s6, a0, 29\n\txori s7, a0, 0x456\n\t"
      "xori s8, a0, 0x567\n\txori s9, a0, 0x678\n\txori s10, a0, 0x789\n\t"
      "xori s11, a0, 0x7ab\n\txori t3, a0, 0x7bc\n\txori t4, a0, 0x7cd\n\t"
      "xori t5, a0, 0x7de\n\txori t6, a0, 0x7ef\n\tli a7, %1\n\tecall\n\t"
      "lw gp, 0(sp)\n\tlw tp, 4(sp)\n\taddi sp, sp, 16"
      : "+r"(r_a0)
      : "i"(RTOS_SYS_YIELD)
      : "ra", "t0", "t1", "t2", "s0", "s1", "a1", "a2", "a3", "a4", "a5", "a6", "a7", "s2", "s3",
        "s4", "s5", "s6", "s7", "s8", "s9", "s10", "s11", "t3", "t4", "t5", "t6", "memory");
}

static void write_str(const char *s) {
  long n = 0;
  while (s[n])
    n++;
  syscall2(RTOS_SYS_WRITE, (long)s, n);
}

__attribute__((noreturn)) static void exit_task(long code) {
  syscall2(RTOS_SYS_EXIT, code, 0);
  for (;;)
    ;
}

static void hex(char *out, uint32_t v) {
  for (int k = 7; k >= 0; k--, v >>= 4)
    out[k] = "0123456789abcdef"[v & 15];
}

void rtos_task_return(void) { exit_task(99); }

void rtos_task_compute(uint32_t id) {
  for (uint32_t i = 0; i < RTOS_CRC_BYTES; i++)
    data[i] = (uint8_t)((i << 3) + (i << 2) + i + (i >> 4)); /* i * 13 + i / 16 */
  uint32_t crc = 0xffffffffu;
  for (uint32_t i = 0; i < RTOS_CRC_BYTES; i++) {
    crc ^= data[i];
    for (int b = 0; b < 8; b++)
      crc = (crc >> 1) ^ (0xedb88320u & -(crc & 1));
  }
  crc = ~crc;
  rtos_crc_result = crc;
  char line[] = "task 0: crc32 0x........\n";
  line[5] = (char)('0' + id);
  hex(line + 16, crc);
  write_str(line);
  exit_task(crc == RTOS_CRC_EXPECTED ? 0 : 1);
}

void rtos_task_yield(uint32_t id) {
  char line[] = "task 1: round ..\n";
  line[5] = (char)('0' + id);
  for (uint32_t round = 1; round <= RTOS_YIELDS; round++) {
    uint32_t before = rtos_switches;
    if (round % 4 == 0) {
      line[14] = (char)(round >= 10 ? '1' : '0'); /* round <= 19: no divide */
      line[15] = (char)('0' + (round >= 10 ? round - 10 : round));
      write_str(line);
    }
    yield_scrambled(round);
    /* while another task is ready, a yield hands the hart over and it comes back */
    if (rtos_switches == before && rtos_crc_result == 0)
      rtos_yield_misses++;
  }
  write_str("task 1: done\n");
  exit_task(0);
}
