/* bsyn_rv32_disasm.h — RV32I instructions as assembler text, for reports.
 *
 * The syntax is GNU objdump's without pseudo-instructions (`objdump -M no-aliases`), with
 * ", " between operands: ABI register names, I-type immediates and load/store offsets in
 * signed decimal (`addi a0, a0, -1`, `lw a5, 8(sp)`), LUI/AUIPC immediates and shift amounts
 * in hex (`lui a0, 0x10`, `slli a1, a1, 0x2`), branch and JAL targets as absolute addresses
 * (`beq a3, a4, 0x1072c`), FENCE with its predecessor/successor sets (`fence iorw, iorw`).
 * Exactly the encodings rv32i-core accepts are decoded (docs/rv32i-core.md); every other
 * word, illegal there, is written `.word 0x00000000`. */
#ifndef BSYN_RV32_DISASM_H
#define BSYN_RV32_DISASM_H

#include <stddef.h>
#include <stdint.h>

/* ABI name of register r & 31 ("zero", "ra", "sp", ... "t6"). */
const char *bsyn_rv32_reg_name(uint32_t r);

/* Writes inst, fetched from pc (for branch and jump targets), into buf (always
 * NUL-terminated, truncated to size; 48 bytes hold any instruction). Returns 1 when inst
 * is a legal rv32i-core instruction, 0 when it was written as `.word`. Pure, thread-safe. */
int bsyn_rv32_disasm(uint32_t inst, uint32_t pc, char *buf, size_t size);

#endif
