/* The console: bytes stored to the UART's transmit register at 0x10000000 are printed; the
 * line status register at 0x10000005 says the transmitter is empty; stores to the other
 * registers of the same word (0x10000001..3) print nothing. */
#include "ptest.h"

PTEST_BEGIN
  li s0, UART_THR
  sb zero, 1(s0)                        /* IER */
  li t4, 0x03
  sb t4, 3(s0)                          /* LCR */
  la s1, message
1: lbu a0, 0(s1)
  beqz a0, 3f
2: lbu a1, 5(s0)                        /* LSR: THR empty? */
  andi a1, a1, 0x20
  beqz a1, 2b
  sb a0, 0(s0)
  addi s1, s1, 1
  j 1b
3: lbu a1, 5(s0)
  CHECK(2, a1, 0x60)
  /* a word store sends its low byte */
  li t4, 0x4321000a
  sw t4, 0(s0)
PTEST_PASS
PTEST_END

  .data
message: .string "hello from rv32ia-priv"
