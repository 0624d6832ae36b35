/* RV32I disassembler: one table-free decode per opcode, printing objdump's operand order.
 * Its notion of legality is rv32i-core's; tests/core/test_rv32_disasm.c checks both against
 * each other and against GNU objdump on the test programs. */
#include "bsyn_rv32_disasm.h"

#include <stdio.h>

#include "bsyn_rv32.h"

static const char *const reg_names[32] = {"zero", "ra", "sp",  "gp",  "tp", "t0", "t1", "t2",
                                          "s0",   "s1", "a0",  "a1",  "a2", "a3", "a4", "a5",
                                          "a6",   "a7", "s2",  "s3",  "s4", "s5", "s6", "s7",
                                          "s8",   "s9", "s10", "s11", "t3", "t4", "t5", "t6"};

const char *bsyn_rv32_reg_name(uint32_t r) { return reg_names[r & 31]; }

static uint32_t field(uint32_t inst, unsigned hi, unsigned lo) {
  return (inst >> lo) & ((1u << (hi - lo + 1)) - 1);
}

/* FENCE's predecessor or successor set: "iorw" letters, "0" when empty. */
static void fence_set(uint32_t bits, char *s) {
  static const char letters[] = "iorw";
  int n = 0;
  for (int k = 0; k < 4; k++)
    if (bits >> (3 - k) & 1)
      s[n++] = letters[k];
  if (!n)
    s[n++] = '0';
  s[n] = 0;
}

typedef struct fields {
  const char *rd, *rs1, *rs2;
  unsigned funct3, funct7;
} fields;

static int op(const fields *f, char *buf, size_t size) {
  static const char *const base[8] = {"add", "sll", "slt", "sltu", "xor", "srl", "or", "and"};
  const char *name;
  if (f->funct7 == 0)
    name = base[f->funct3];
  else if (f->funct7 == 0x20 && (f->funct3 == 0 || f->funct3 == 5))
    name = f->funct3 == 0 ? "sub" : "sra";
  else
    return -1;
  snprintf(buf, size, "%s %s, %s, %s", name, f->rd, f->rs1, f->rs2);
  return 1;
}

static int op_imm(uint32_t inst, const fields *f, char *buf, size_t size) {
  static const char *const base[8] = {"addi", "slli", "slti", "sltiu",
                                      "xori", "srli", "ori",  "andi"};
  if (f->funct3 == 1 || f->funct3 == 5) {
    const char *name = base[f->funct3];
    if (f->funct3 == 5 && f->funct7 == 0x20)
      name = "srai";
    else if (f->funct7 != 0)
      return -1;
    snprintf(buf, size, "%s %s, %s, 0x%x", name, f->rd, f->rs1, field(inst, 24, 20));
    return 1;
  }
  snprintf(buf, size, "%s %s, %s, %d", base[f->funct3], f->rd, f->rs1,
           (int)(int32_t)bsyn_rv32_imm_i(inst));
  return 1;
}

/* The instructions other than OP and OP-IMM. Returns 1, or -1 for an illegal encoding. */
static int other(uint32_t inst, uint32_t pc, const fields *f, char *buf, size_t size) {
  static const char *const loads[8] = {"lb", "lh", "lw", NULL, "lbu", "lhu", NULL, NULL};
  static const char *const stores[8] = {"sb", "sh", "sw"};
  static const char *const branches[8] = {"beq", "bne", NULL, NULL, "blt", "bge", "bltu", "bgeu"};
  switch (inst & 0x7f) {
  case 0x37:
  case 0x17:
    snprintf(buf, size, "%s %s, 0x%x", (inst & 0x7f) == 0x37 ? "lui" : "auipc", f->rd, inst >> 12);
    return 1;
  case 0x6f:
    snprintf(buf, size, "jal %s, 0x%x", f->rd, pc + bsyn_rv32_imm_j(inst));
    return 1;
  case 0x67:
    if (f->funct3)
      return -1;
    snprintf(buf, size, "jalr %s, %d(%s)", f->rd, (int)(int32_t)bsyn_rv32_imm_i(inst), f->rs1);
    return 1;
  case 0x63:
    if (!branches[f->funct3])
      return -1;
    snprintf(buf, size, "%s %s, %s, 0x%x", branches[f->funct3], f->rs1, f->rs2,
             pc + bsyn_rv32_imm_b(inst));
    return 1;
  case 0x03:
    if (!loads[f->funct3])
      return -1;
    snprintf(buf, size, "%s %s, %d(%s)", loads[f->funct3], f->rd,
             (int)(int32_t)bsyn_rv32_imm_i(inst), f->rs1);
    return 1;
  case 0x23:
    if (f->funct3 >= 3)
      return -1;
    snprintf(buf, size, "%s %s, %d(%s)", stores[f->funct3], f->rs2,
             (int)(int32_t)bsyn_rv32_imm_s(inst), f->rs1);
    return 1;
  case 0x0f: {
    if (f->funct3)
      return -1;
    uint32_t fm = field(inst, 31, 28), pred = field(inst, 27, 24), succ = field(inst, 23, 20);
    if (fm == 8 && pred == 3 && succ == 3) {
      snprintf(buf, size, "fence.tso");
      return 1;
    }
    char p[8], s[8];
    fence_set(pred, p);
    fence_set(succ, s);
    snprintf(buf, size, "fence %s, %s", p, s);
    return 1;
  }
  case 0x73:
    if (inst == 0x00000073u || inst == 0x00100073u) {
      snprintf(buf, size, "%s", inst == 0x73u ? "ecall" : "ebreak");
      return 1;
    }
    return -1;
  default:
    return -1;
  }
}

int bsyn_rv32_disasm(uint32_t inst, uint32_t pc, char *buf, size_t size) {
  fields f = {reg_names[field(inst, 11, 7)], reg_names[field(inst, 19, 15)],
              reg_names[field(inst, 24, 20)], field(inst, 14, 12), field(inst, 31, 25)};
  int rc;
  switch (inst & 0x7f) {
  case 0x33:
    rc = op(&f, buf, size);
    break;
  case 0x13:
    rc = op_imm(inst, &f, buf, size);
    break;
  default:
    rc = other(inst, pc, &f, buf, size);
    break;
  }
  if (rc < 0) {
    snprintf(buf, size, ".word 0x%08x", inst);
    return 0;
  }
  return 1;
}
