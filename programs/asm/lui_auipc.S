/* LUI and AUIPC: upper immediates, pc-relative addresses checked against absolute ones. */
#include "selftest.h"

PROGRAM_BEGIN

  lui a3, 0
  EXPECT(1, a3, 0)
  lui a3, 0xfffff
  EXPECT(2, a3, 0xfffff000)
  lui a3, 0x80000
  EXPECT(3, a3, 0x80000000)
  lui a3, 0x12345
  addi a3, a3, 0x678
  EXPECT(4, a3, 0x12345678)
  lui a3, 0x12346
  addi a3, a3, -0x800
  EXPECT(5, a3, 0x12345800)
  lui x0, 0x12345
  EXPECT(6, x0, 0)

  /* auipc 0 gives its own address, known absolutely from the linker */
  li TESTNUM, 10
here:
  auipc a1, 0
  lui a2, %hi(here)
  addi a2, a2, %lo(here)
  bne a1, a2, fail
  /* auipc with an immediate adds imm << 12 */
there:
  auipc a1, 0x1
  lui a2, %hi(there)
  addi a2, a2, %lo(there)
  sub a3, a1, a2
  EXPECT(11, a3, 0x1000)
there2:
  auipc a1, 0xfffff
  lui a2, %hi(there2)
  addi a2, a2, %lo(there2)
  sub a3, a1, a2
  EXPECT(12, a3, -0x1000)

PROGRAM_END
