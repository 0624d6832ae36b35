/* The RV32I reference step against hand-worked answers, one table row per case. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bsyn_rv32.h"
#include "bsyn_test.h"
#include "bsyn_util.h"

/* Instruction encoders (RISC-V unprivileged spec, chapter 2 formats). */
static uint32_t enc_r(uint32_t f7, uint32_t rs2, uint32_t rs1, uint32_t f3, uint32_t rd,
                      uint32_t op) {
  return f7 << 25 | rs2 << 20 | rs1 << 15 | f3 << 12 | rd << 7 | op;
}
static uint32_t enc_i(int32_t imm, uint32_t rs1, uint32_t f3, uint32_t rd, uint32_t op) {
  return ((uint32_t)imm & 0xfff) << 20 | rs1 << 15 | f3 << 12 | rd << 7 | op;
}
static uint32_t enc_s(int32_t imm, uint32_t rs2, uint32_t rs1, uint32_t f3) {
  uint32_t u = (uint32_t)imm;
  return (u >> 5 & 0x7f) << 25 | rs2 << 20 | rs1 << 15 | f3 << 12 | (u & 31) << 7 | 0x23;
}
static uint32_t enc_b(int32_t imm, uint32_t rs2, uint32_t rs1, uint32_t f3) {
  uint32_t u = (uint32_t)imm;
  return (u >> 12 & 1) << 31 | (u >> 5 & 0x3f) << 25 | rs2 << 20 | rs1 << 15 | f3 << 12 |
         (u >> 1 & 15) << 8 | (u >> 11 & 1) << 7 | 0x63;
}
static uint32_t enc_u(uint32_t imm, uint32_t rd, uint32_t op) {
  return (imm & 0xfffff000u) | rd << 7 | op;
}
static uint32_t enc_j(int32_t imm, uint32_t rd) {
  uint32_t u = (uint32_t)imm;
  return (u >> 20 & 1) << 31 | (u >> 1 & 0x3ff) << 21 | (u >> 11 & 1) << 20 |
         (u >> 12 & 0xff) << 12 | rd << 7 | 0x6f;
}
static uint32_t shift_i(uint32_t f7, uint32_t shamt, uint32_t rs1, uint32_t f3, uint32_t rd) {
  return f7 << 25 | shamt << 20 | rs1 << 15 | f3 << 12 | rd << 7 | 0x13;
}

enum { LOAD = 0x03, OPIMM = 0x13, OP = 0x33, JALR = 0x67, LUI = 0x37, AUIPC = 0x17 };

/* One hand-worked case: inputs, then every output except the three register addresses,
 * which are checked against the instruction's fields for every case. */
typedef struct tcase {
  const char *name;
  uint32_t pc, inst, rs1, rs2, rdata;
  uint32_t rd_we, rd_wdata, next_pc, mem_addr, mem_re, mem_we, wstrb, wdata, trap, cause;
} tcase;

#define TRAP(c) .trap = 1, .cause = (c)

static void check(const tcase *t) {
  bsyn_rv32_in in = {t->pc, t->inst, t->rs1, t->rs2, t->rdata};
  bsyn_rv32_out o;
  bsyn_rv32_step(&in, &o);
  /* a trapping case has next_pc = pc; writing it in every TRAP row would only repeat pc */
  uint32_t next_pc = t->trap ? t->pc : t->next_pc;
  cr_expect_eq(o.rs1_addr, t->inst >> 15 & 31, "%s: rs1_addr", t->name);
  cr_expect_eq(o.rs2_addr, t->inst >> 20 & 31, "%s: rs2_addr", t->name);
  cr_expect_eq(o.rd_addr, t->inst >> 7 & 31, "%s: rd_addr", t->name);
  cr_expect_eq(o.rd_we, t->rd_we, "%s: rd_we %u", t->name, o.rd_we);
  cr_expect_eq(o.rd_wdata, t->rd_wdata, "%s: rd_wdata %#x, expected %#x", t->name, o.rd_wdata,
               t->rd_wdata);
  cr_expect_eq(o.next_pc, next_pc, "%s: next_pc %#x, expected %#x", t->name, o.next_pc, next_pc);
  cr_expect_eq(o.mem_addr, t->mem_addr, "%s: mem_addr %#x, expected %#x", t->name, o.mem_addr,
               t->mem_addr);
  cr_expect_eq(o.mem_re, t->mem_re, "%s: mem_re", t->name);
  cr_expect_eq(o.mem_we, t->mem_we, "%s: mem_we", t->name);
  cr_expect_eq(o.mem_wstrb, t->wstrb, "%s: mem_wstrb %#x, expected %#x", t->name, o.mem_wstrb,
               t->wstrb);
  cr_expect_eq(o.mem_wdata, t->wdata, "%s: mem_wdata %#x, expected %#x", t->name, o.mem_wdata,
               t->wdata);
  cr_expect_eq(o.trap, t->trap, "%s: trap %u", t->name, o.trap);
  cr_expect_eq(o.cause, t->cause, "%s: cause %u, expected %u", t->name, o.cause, t->cause);
}

static void check_all(const tcase *t, size_t n) {
  for (size_t i = 0; i < n; i++)
    check(&t[i]);
}

Test(rv32, upper_immediates_and_jumps) {
  tcase t[] = {
      {"lui", 0x1000, enc_u(0xabcde000, 5, LUI), 0, 0, 0, .rd_we = 1, .rd_wdata = 0xabcde000,
       .next_pc = 0x1004},
      {"auipc", 0x1000, enc_u(0x12345000, 6, AUIPC), 0, 0, 0, .rd_we = 1, .rd_wdata = 0x12346000,
       .next_pc = 0x1004},
      {"auipc wraps", 0xfffffffc, enc_u(0x00001000, 6, AUIPC), 0, 0, 0, .rd_we = 1,
       .rd_wdata = 0x00000ffc, .next_pc = 0},
      {"jal forward", 0x2000, enc_j(0x800, 1), 0, 0, 0, .rd_we = 1, .rd_wdata = 0x2004,
       .next_pc = 0x2800},
      {"jal back", 0x2000, enc_j(-4, 1), 0, 0, 0, .rd_we = 1, .rd_wdata = 0x2004,
       .next_pc = 0x1ffc},
      {"jal far back", 0x00100000, enc_j(-0x100000, 7), 0, 0, 0, .rd_we = 1, .rd_wdata = 0x00100004,
       .next_pc = 0},
      {"jal x0", 0x2000, enc_j(8, 0), 0, 0, 0, .next_pc = 0x2008},
      {"jal misaligned", 0x2000, enc_j(2, 1), 0, 0, 0, TRAP(0)},
      {"jalr", 0x2000, enc_i(4, 2, 0, 1, JALR), 0x3000, 0, 0, .rd_we = 1, .rd_wdata = 0x2004,
       .next_pc = 0x3004},
      {"jalr clears bit 0", 0x2000, enc_i(1, 2, 0, 1, JALR), 0x3000, 0, 0, .rd_we = 1,
       .rd_wdata = 0x2004, .next_pc = 0x3000},
      {"jalr negative", 0x2000, enc_i(-16, 2, 0, 3, JALR), 0x3000, 0, 0, .rd_we = 1,
       .rd_wdata = 0x2004, .next_pc = 0x2ff0},
      {"jalr misaligned", 0x2000, enc_i(2, 2, 0, 1, JALR), 0x3000, 0, 0, TRAP(0)},
      {"jalr funct3 1", 0x2000, enc_i(4, 2, 1, 1, JALR), 0x3000, 0, 0, TRAP(2)},
  };
  check_all(t, sizeof t / sizeof t[0]);
}

Test(rv32, branches) {
  tcase t[] = {
      {"beq taken", 0x100, enc_b(-8, 2, 1, 0), 7, 7, 0, .next_pc = 0xf8},
      {"beq not taken", 0x100, enc_b(-8, 2, 1, 0), 7, 8, 0, .next_pc = 0x104},
      {"bne taken", 0x100, enc_b(0x40, 2, 1, 1), 7, 8, 0, .next_pc = 0x140},
      {"bne not taken", 0x100, enc_b(0x40, 2, 1, 1), 9, 9, 0, .next_pc = 0x104},
      {"blt signed", 0x100, enc_b(0xffc, 2, 1, 4), 0xffffffff, 1, 0, .next_pc = 0x10fc},
      {"blt not", 0x100, enc_b(8, 2, 1, 4), 1, 0xffffffff, 0, .next_pc = 0x104},
      {"bge equal", 0x100, enc_b(8, 2, 1, 5), 5, 5, 0, .next_pc = 0x108},
      {"bge signed not", 0x100, enc_b(8, 2, 1, 5), 0xffffffff, 1, 0, .next_pc = 0x104},
      {"bltu not", 0x100, enc_b(8, 2, 1, 6), 0xffffffff, 1, 0, .next_pc = 0x104},
      {"bltu", 0x100, enc_b(-0x100, 2, 1, 6), 1, 0xffffffff, 0, .next_pc = 0},
      {"bgeu", 0x100, enc_b(-0x1000, 2, 1, 7), 0xffffffff, 1, 0, .next_pc = 0xfffff100},
      {"bgeu not", 0x100, enc_b(8, 2, 1, 7), 0, 1, 0, .next_pc = 0x104},
      {"branch funct3 2", 0x100, enc_b(8, 2, 1, 2), 0, 0, 0, TRAP(2)},
      {"branch funct3 3", 0x100, enc_b(8, 2, 1, 3), 0, 0, 0, TRAP(2)},
      {"taken misaligned", 0x100, enc_b(6, 2, 1, 0), 3, 3, 0, TRAP(0)},
      {"not taken misaligned", 0x100, enc_b(6, 2, 1, 0), 3, 4, 0, .next_pc = 0x104},
  };
  check_all(t, sizeof t / sizeof t[0]);
}

/* mem_rdata = 0x80f07f12: lane 0 = 0x12, 1 = 0x7f, 2 = 0xf0, 3 = 0x80. */
Test(rv32, loads) {
  const uint32_t w = 0x80f07f12;
  tcase t[] = {
      {"lb lane 1", 0x40, enc_i(1, 2, 0, 3, LOAD), 0x1000, 0, w, .rd_we = 1, .rd_wdata = 0x7f,
       .next_pc = 0x44, .mem_addr = 0x1000, .mem_re = 1},
      {"lb lane 2", 0x40, enc_i(2, 2, 0, 3, LOAD), 0x1000, 0, w, .rd_we = 1, .rd_wdata = 0xfffffff0,
       .next_pc = 0x44, .mem_addr = 0x1000, .mem_re = 1},
      {"lb negative imm", 0x40, enc_i(-1, 2, 0, 3, LOAD), 0x1004, 0, w, .rd_we = 1,
       .rd_wdata = 0xffffff80, .next_pc = 0x44, .mem_addr = 0x1000, .mem_re = 1},
      {"lbu lane 2", 0x40, enc_i(2, 2, 4, 3, LOAD), 0x1000, 0, w, .rd_we = 1, .rd_wdata = 0xf0,
       .next_pc = 0x44, .mem_addr = 0x1000, .mem_re = 1},
      {"lh lane 0", 0x40, enc_i(0, 2, 1, 3, LOAD), 0x1000, 0, w, .rd_we = 1, .rd_wdata = 0x7f12,
       .next_pc = 0x44, .mem_addr = 0x1000, .mem_re = 1},
      {"lh lane 2", 0x40, enc_i(0x7fe, 2, 1, 3, LOAD), 0x1000, 0, w, .rd_we = 1,
       .rd_wdata = 0xffff80f0, .next_pc = 0x44, .mem_addr = 0x17fc, .mem_re = 1},
      {"lhu lane 2", 0x40, enc_i(2, 2, 5, 3, LOAD), 0x1000, 0, w, .rd_we = 1, .rd_wdata = 0x80f0,
       .next_pc = 0x44, .mem_addr = 0x1000, .mem_re = 1},
      {"lw", 0x40, enc_i(-0x800, 2, 2, 3, LOAD), 0x1000, 0, w, .rd_we = 1, .rd_wdata = w,
       .next_pc = 0x44, .mem_addr = 0x0800, .mem_re = 1},
      {"lw to x0 still reads", 0x40, enc_i(4, 2, 2, 0, LOAD), 0x1000, 0, w, .next_pc = 0x44,
       .mem_addr = 0x1004, .mem_re = 1},
      {"lw misaligned", 0x40, enc_i(2, 2, 2, 3, LOAD), 0x1000, 0, w, TRAP(4)},
      {"lh misaligned", 0x40, enc_i(1, 2, 1, 3, LOAD), 0x1000, 0, w, TRAP(4)},
      {"lhu misaligned", 0x40, enc_i(3, 2, 5, 3, LOAD), 0x1000, 0, w, TRAP(4)},
      {"load funct3 3", 0x40, enc_i(0, 2, 3, 3, LOAD), 0x1000, 0, w, TRAP(2)},
      {"load funct3 6", 0x40, enc_i(0, 2, 6, 3, LOAD), 0x1000, 0, w, TRAP(2)},
      {"load funct3 7", 0x40, enc_i(0, 2, 7, 3, LOAD), 0x1000, 0, w, TRAP(2)},
  };
  check_all(t, sizeof t / sizeof t[0]);
}

Test(rv32, stores) {
  const uint32_t v = 0xdeadbeef;
  tcase t[] = {
      {"sb lane 3", 0x40, enc_s(3, 5, 2, 0), 0x2000, v, 0x55555555, .next_pc = 0x44,
       .mem_addr = 0x2000, .mem_we = 1, .wstrb = 0x8, .wdata = 0xef000000},
      {"sb lane 1 negative imm", 0x40, enc_s(-2047, 5, 2, 0), 0x2000, v, 0, .next_pc = 0x44,
       .mem_addr = 0x1800, .mem_we = 1, .wstrb = 0x2, .wdata = 0x0000ef00},
      {"sh lane 2", 0x40, enc_s(2, 5, 2, 1), 0x2000, v, 0, .next_pc = 0x44, .mem_addr = 0x2000,
       .mem_we = 1, .wstrb = 0xc, .wdata = 0xbeef0000},
      {"sh lane 0", 0x40, enc_s(0, 5, 2, 1), 0x2000, v, 0, .next_pc = 0x44, .mem_addr = 0x2000,
       .mem_we = 1, .wstrb = 0x3, .wdata = 0x0000beef},
      {"sw", 0x40, enc_s(4, 5, 2, 2), 0x2000, v, 0, .next_pc = 0x44, .mem_addr = 0x2004,
       .mem_we = 1, .wstrb = 0xf, .wdata = v},
      {"sw rd field is imm", 0x40, enc_s(0x7fc, 0, 2, 2), 0x2000, v, 0, .next_pc = 0x44,
       .mem_addr = 0x27fc, .mem_we = 1, .wstrb = 0xf, .wdata = v},
      {"sw misaligned", 0x40, enc_s(1, 5, 2, 2), 0x2000, v, 0, TRAP(6)},
      {"sh misaligned", 0x40, enc_s(3, 5, 2, 1), 0x2000, v, 0, TRAP(6)},
      {"store funct3 3", 0x40, enc_s(0, 5, 2, 3), 0x2000, v, 0, TRAP(2)},
      {"store funct3 4", 0x40, enc_s(0, 5, 2, 4), 0x2000, v, 0, TRAP(2)},
  };
  check_all(t, sizeof t / sizeof t[0]);
}

#define ALU(name, inst, a, b, result)                                                              \
  { name, 0x80, inst, a, b, 0, .rd_we = 1, .rd_wdata = result, .next_pc = 0x84 }

Test(rv32, op_imm) {
  tcase t[] = {
      ALU("addi", enc_i(-7, 1, 0, 4, OPIMM), 5, 0, 0xfffffffe),
      ALU("slti", enc_i(0, 1, 2, 4, OPIMM), 0xffffffff, 0, 1),
      ALU("slti false", enc_i(-2, 1, 2, 4, OPIMM), 0xffffffff, 0, 0),
      ALU("sltiu sign-extended imm", enc_i(-1, 1, 3, 4, OPIMM), 5, 0, 1),
      ALU("xori not", enc_i(-1, 1, 4, 4, OPIMM), 0xf0f0f0f0, 0, 0x0f0f0f0f),
      ALU("ori", enc_i(0xff, 1, 6, 4, OPIMM), 0x100, 0, 0x1ff),
      ALU("andi", enc_i(0x7ff, 1, 7, 4, OPIMM), 0x12345678, 0, 0x678),
      ALU("slli 31", shift_i(0, 31, 1, 1, 4), 1, 0, 0x80000000),
      ALU("srli 4", shift_i(0, 4, 1, 5, 4), 0x80000000, 0, 0x08000000),
      ALU("srai 4", shift_i(0x20, 4, 1, 5, 4), 0x80000000, 0, 0xf8000000),
      ALU("srai 0", shift_i(0x20, 0, 1, 5, 4), 0x80000000, 0, 0x80000000),
      ALU("srai positive", shift_i(0x20, 31, 1, 5, 4), 0x7fffffff, 0, 0),
      {"addi x0 (nop)", 0x80, enc_i(5, 0, 0, 0, OPIMM), 0, 0, 0, .next_pc = 0x84},
      {"slli funct7 0x20", 0x80, shift_i(0x20, 1, 1, 1, 4), 1, 0, 0, TRAP(2)},
      {"slli shamt[5]", 0x80, shift_i(1, 1, 1, 1, 4), 1, 0, 0, TRAP(2)},
      {"srli funct7 1", 0x80, shift_i(1, 1, 1, 5, 4), 1, 0, 0, TRAP(2)},
      {"srai funct7 0x60", 0x80, shift_i(0x60, 1, 1, 5, 4), 1, 0, 0, TRAP(2)},
  };
  check_all(t, sizeof t / sizeof t[0]);
}

Test(rv32, op) {
  tcase t[] = {
      ALU("add overflow", enc_r(0, 2, 1, 0, 3, OP), 0x7fffffff, 1, 0x80000000),
      ALU("sub", enc_r(0x20, 2, 1, 0, 3, OP), 1, 2, 0xffffffff),
      ALU("sll uses rs2[4:0]", enc_r(0, 2, 1, 1, 3, OP), 3, 0x21, 6),
      ALU("slt", enc_r(0, 2, 1, 2, 3, OP), 0xfffffffe, 1, 1),
      ALU("sltu", enc_r(0, 2, 1, 3, 3, OP), 0xfffffffe, 1, 0),
      ALU("xor", enc_r(0, 2, 1, 4, 3, OP), 0xff00ff00, 0x0ff00ff0, 0xf0f0f0f0),
      ALU("srl", enc_r(0, 2, 1, 5, 3, OP), 0x80000000, 0x3f, 1),
      ALU("sra", enc_r(0x20, 2, 1, 5, 3, OP), 0x80000000, 0x3f, 0xffffffff),
      ALU("sra by 0", enc_r(0x20, 2, 1, 5, 3, OP), 0x80000001, 0x20, 0x80000001),
      ALU("or", enc_r(0, 2, 1, 6, 3, OP), 0xff00ff00, 0x0ff00ff0, 0xfff0fff0),
      ALU("and", enc_r(0, 2, 1, 7, 3, OP), 0xff00ff00, 0x0ff00ff0, 0x0f000f00),
      {"add x0", 0x80, enc_r(0, 2, 1, 0, 0, OP), 1, 2, 0, .next_pc = 0x84},
      {"mul (M) illegal", 0x80, enc_r(1, 2, 1, 0, 3, OP), 1, 2, 0, TRAP(2)},
      {"sub-style sll", 0x80, enc_r(0x20, 2, 1, 1, 3, OP), 1, 2, 0, TRAP(2)},
      {"sub-style xor", 0x80, enc_r(0x20, 2, 1, 4, 3, OP), 1, 2, 0, TRAP(2)},
      {"funct7 0x40", 0x80, enc_r(0x40, 2, 1, 0, 3, OP), 1, 2, 0, TRAP(2)},
  };
  check_all(t, sizeof t / sizeof t[0]);
}

Test(rv32, system_fence_and_illegal) {
  tcase t[] = {
      {"fence iorw,iorw", 0x500, 0x0ff0000f, 1, 2, 3, .next_pc = 0x504},
      {"fence ignores rd/rs1", 0x500, 0x0ff2828f, 1, 2, 3, .next_pc = 0x504},
      {"fence.i (Zifencei)", 0x500, 0x0000100f, 0, 0, 0, TRAP(2)},
      {"misc-mem funct3 2", 0x500, 0x0000200f, 0, 0, 0, TRAP(2)},
      {"ecall", 0x500, 0x00000073, 0, 0, 0, TRAP(11)},
      {"ebreak", 0x500, 0x00100073, 0, 0, 0, TRAP(3)},
      {"ecall with rd", 0x500, 0x000000f3, 0, 0, 0, TRAP(2)},
      {"ecall with rs1", 0x500, 0x00008073, 0, 0, 0, TRAP(2)},
      {"csrrw (Zicsr)", 0x500, 0x30529073, 0, 0, 0, TRAP(2)},
      {"mret", 0x500, 0x30200073, 0, 0, 0, TRAP(2)},
      {"wfi", 0x500, 0x10500073, 0, 0, 0, TRAP(2)},
      {"all zeros", 0x500, 0x00000000, 0, 0, 0, TRAP(2)},
      {"all ones", 0x500, 0xffffffff, 0, 0, 0, TRAP(2)},
      {"compressed (inst[1:0] = 01)", 0x500, 0x00000001, 0, 0, 0, TRAP(2)},
      {"addi with inst[1:0] = 10", 0x500, enc_i(1, 1, 0, 4, OPIMM) ^ 1, 1, 0, 0, TRAP(2)},
      {"custom-0", 0x500, 0x0000000b, 0, 0, 0, TRAP(2)},
      {"amo (A)", 0x500, 0x0820a1af, 0, 0, 0, TRAP(2)},
  };
  check_all(t, sizeof t / sizeof t[0]);
}

/* A trap writes nothing, whatever the inputs: checked over many random operand values. */
Test(rv32, traps_write_nothing) {
  const uint32_t insts[] = {
      0x00000073, 0x00100073, 0xffffffff, enc_j(2, 1), enc_i(2, 2, 2, 3, LOAD), enc_s(1, 5, 2, 2)};
  const uint32_t causes[] = {11, 3, 2, 0, 4, 6};
  for (unsigned k = 0; k < 6; k++)
    for (uint64_t i = 0; i < 1000; i++) {
      uint64_t r = bsyn_mix64(i * 8 + k);
      /* rs1 even multiple of 4 so that the misaligned cases stay misaligned */
      bsyn_rv32_in in = {(uint32_t)r & ~3u, insts[k], (uint32_t)(r >> 32) & ~3u, (uint32_t)r * 7,
                         (uint32_t)(r >> 16)};
      bsyn_rv32_out o;
      bsyn_rv32_step(&in, &o);
      cr_assert(o.trap == 1 && o.cause == causes[k], "inst %#x case %u: trap %u cause %u", insts[k],
                (unsigned)i, o.trap, o.cause);
      cr_assert(!o.rd_we && !o.rd_wdata && !o.mem_re && !o.mem_we && !o.mem_addr && !o.mem_wstrb &&
                    !o.mem_wdata && o.next_pc == in.pc,
                "inst %#x: a trap wrote something", insts[k]);
    }
}

/* bsyn_rv32_random_inst mostly yields legal instructions and covers every opcode. */
Test(rv32, random_inst_mix) {
  unsigned legal = 0, n = 20000, seen[128] = {0};
  for (unsigned i = 0; i < n; i++) {
    bsyn_rv32_in in = {0x1000, bsyn_rv32_random_inst(bsyn_mix64(i)), 0x2000, 0x3000, 0};
    bsyn_rv32_out o;
    bsyn_rv32_step(&in, &o);
    legal += !o.trap || o.cause != BSYN_RV32_CAUSE_ILLEGAL;
    seen[in.inst & 0x7f]++;
  }
  cr_assert_gt(legal, n * 85 / 100, "only %u of %u legal", legal, n);
  const unsigned ops[] = {0x03, 0x0f, 0x13, 0x17, 0x23, 0x33, 0x37, 0x63, 0x67, 0x6f, 0x73};
  for (unsigned k = 0; k < 11; k++)
    cr_assert_gt(seen[ops[k]], n / 200, "opcode %#x drawn %u times", ops[k], seen[ops[k]]);
}

/* The encoders behind the tables produce what GNU as assembles: the hand-worked cases are
 * real instructions, not just self-consistent bit patterns. */
Test(rv32, encoders_match_gnu_as) {
  if (!bsyn_test_have("riscv64-unknown-elf-as") || !bsyn_test_have("riscv64-unknown-elf-objcopy"))
    cr_skip("riscv64-unknown-elf binutils not installed");
  const struct {
    const char *text;
    uint32_t word;
  } t[] = {
      {"lui x5, 0xabcde", enc_u(0xabcde000, 5, LUI)},
      {"auipc x6, 0x12345", enc_u(0x12345000, 6, AUIPC)},
      {"jal x1, . + 0x800", enc_j(0x800, 1)},
      {"jal x1, . - 4", enc_j(-4, 1)},
      {"jal x7, . - 0x100000", enc_j(-0x100000, 7)},
      {"jalr x3, -16(x2)", enc_i(-16, 2, 0, 3, JALR)},
      {"beq x1, x2, . - 8", enc_b(-8, 2, 1, 0)},
      {"blt x1, x2, . + 0xffc", enc_b(0xffc, 2, 1, 4)},
      {"bgeu x1, x2, . - 0x1000", enc_b(-0x1000, 2, 1, 7)},
      {"lh x3, 0x7fe(x2)", enc_i(0x7fe, 2, 1, 3, LOAD)},
      {"lw x3, -0x800(x2)", enc_i(-0x800, 2, 2, 3, LOAD)},
      {"lhu x3, 2(x2)", enc_i(2, 2, 5, 3, LOAD)},
      {"sb x5, -2047(x2)", enc_s(-2047, 5, 2, 0)},
      {"sh x5, 2(x2)", enc_s(2, 5, 2, 1)},
      {"sw x0, 0x7fc(x2)", enc_s(0x7fc, 0, 2, 2)},
      {"sltiu x4, x1, -1", enc_i(-1, 1, 3, 4, OPIMM)},
      {"slli x4, x1, 31", shift_i(0, 31, 1, 1, 4)},
      {"srai x4, x1, 4", shift_i(0x20, 4, 1, 5, 4)},
      {"sub x3, x1, x2", enc_r(0x20, 2, 1, 0, 3, OP)},
      {"sra x3, x1, x2", enc_r(0x20, 2, 1, 5, 3, OP)},
      {"sltu x3, x1, x2", enc_r(0, 2, 1, 3, 3, OP)},
      {"mul x3, x1, x2", enc_r(1, 2, 1, 0, 3, OP)},
      {"fence", 0x0ff0000f},
      {"fence.i", 0x0000100f},
      {"ecall", 0x00000073},
      {"ebreak", 0x00100073},
      {"csrrw x0, mtvec, x5", 0x30529073},
      {"mret", 0x30200073},
      {"wfi", 0x10500073},
      {"amoswap.w x3, x2, (x1)", 0x0820a1af},
  };
  enum { N = sizeof t / sizeof t[0] };
  const char *src = bsyn_test_tmpfile("enc.s"), *obj = bsyn_test_tmpfile("enc.o"),
             *bin = bsyn_test_tmpfile("enc.bin");
  FILE *f = fopen(src, "w");
  cr_assert_not_null(f);
  for (unsigned i = 0; i < N; i++)
    fprintf(f, "%s\n", t[i].text);
  fclose(f);
  char cmd[1024], *log = NULL;
  snprintf(
      cmd, sizeof cmd,
      "riscv64-unknown-elf-as -march=rv32ima_zicsr_zifencei -mabi=ilp32 -mno-relax -o %s %s && "
      "riscv64-unknown-elf-objcopy -O binary -j .text %s %s",
      obj, src, obj, bin);
  cr_assert_eq(bsyn_test_run(cmd, &log), 0, "%s", log);
  free(log);
  f = fopen(bin, "rb");
  cr_assert_not_null(f);
  uint8_t buf[4 * N];
  cr_assert_eq(fread(buf, 1, sizeof buf, f), sizeof buf);
  fclose(f);
  for (unsigned i = 0; i < N; i++) {
    uint32_t w =
        buf[4 * i] | buf[4 * i + 1] << 8 | buf[4 * i + 2] << 16 | (uint32_t)buf[4 * i + 3] << 24;
    cr_expect_eq(w, t[i].word, "%s: as gives %#010x, the test uses %#010x", t[i].text, w,
                 t[i].word);
  }
}

/* Random programs for qemu-riscv32. x31 points at the register dump and x30 at a 256-byte
 * scratch area (the same data in qemu and in the model, at different addresses): the body
 * never writes them and reads them only as the base of loads and stores. */
enum { BODY = 3000, PROLOGUE = 4 + 29, TEXT = 0x10000, SCRATCH = 0x40000, NREGS = 29 };

/* The body: legal OP, OP-IMM, LUI and AUIPC instructions (rs2 = rs1 now and then, for equal
 * operands), forward branches and JALs over one instruction, aligned loads and stores in the
 * scratch area. */
static void random_body(uint64_t seed, uint32_t *body) {
  static const uint32_t br_f3[] = {0, 1, 4, 5, 6, 7}, ld_f3[] = {0, 1, 2, 4, 5};
  for (unsigned i = 0; i < BODY; i++) {
    uint64_t r = bsyn_mix64(seed << 32 | i);
    uint32_t w, rs1 = (r >> 40 & 31) % 30, rs2 = (r >> 45 & 31) % 30, rd = (r >> 50 & 31) % 30;
    uint32_t pick = r >> 32 & 255, kind = r >> 58 & 15;
    int32_t off = r >> 20 & 255;
    if (kind == 0) {
      w = enc_b(8, (r >> 30 & 3) ? rs2 : rs1, rs1, br_f3[pick % 6]);
    } else if (kind == 1) {
      w = enc_j(8, rd);
    } else if (kind == 2) {
      uint32_t f3 = ld_f3[pick % 5];
      w = enc_i(off & -(1 << (f3 & 3)), 30, f3, rd, LOAD);
    } else if (kind == 3) {
      uint32_t f3 = pick % 3;
      w = enc_s(off & -(1 << f3), rs2, 30, f3);
    } else {
      for (;;) { /* ISA-aware draws until one is a legal OP/OP-IMM/LUI/AUIPC */
        r = bsyn_mix64(r);
        w = bsyn_rv32_random_inst(r);
        uint32_t op = w & 0x7f;
        bsyn_rv32_in in = {TEXT, w, 0, 0, 0};
        bsyn_rv32_out o;
        bsyn_rv32_step(&in, &o);
        if ((op == 0x33 || op == 0x13 || op == 0x37 || op == 0x17) && !o.trap)
          break;
      }
      w = (w & ~(31u << 7)) | rd << 7;
      if ((w & 0x5f) == 0x13) /* OP or OP-IMM: keep rs1 off x30/x31 */
        w = (w & ~(31u << 15)) | rs1 << 15;
      if ((w & 0x7f) == 0x33)
        w = (w & ~(31u << 20)) | ((r >> 62) ? rs2 : rs1) << 20;
    }
    body[i] = w;
  }
}

static uint32_t le32(const uint8_t *b) {
  return b[0] | b[1] << 8 | b[2] << 16 | (uint32_t)b[3] << 24;
}

/* Writes the program (prologue, body, register and scratch dump, exit) as assembly. */
static void write_program(const char *path, const uint32_t *x, const uint32_t *body,
                          const uint8_t *scratch) {
  FILE *f = fopen(path, "w");
  cr_assert_not_null(f);
  fprintf(f, ".globl _start\n.text\n_start:\n  la x31, regs\n  la x30, scratch\n");
  for (unsigned k = 1; k <= NREGS; k++)
    fprintf(f, "  lw x%u, %u(x31)\n", k, 4 * (k - 1));
  for (unsigned i = 0; i < BODY; i++)
    fprintf(f, "  .word 0x%08x\n", body[i]);
  fprintf(f, "  nop\n");
  for (unsigned k = 1; k <= NREGS; k++)
    fprintf(f, "  sw x%u, %u(x31)\n", k, 4 * (k - 1));
  fprintf(f, "  li a7, 64\n  li a0, 1\n  mv a1, x31\n  li a2, %u\n  ecall\n", 4 * NREGS);
  fprintf(f, "  li a7, 64\n  li a0, 1\n  mv a1, x30\n  li a2, 256\n  ecall\n  li a7, 93\n  li a0, "
             "0\n  ecall\n");
  fprintf(f, ".data\n.balign 4\nregs:\n");
  for (unsigned k = 1; k <= NREGS; k++)
    fprintf(f, "  .word 0x%08x\n", x[k]);
  fprintf(f, ".balign 256\nscratch:\n");
  for (unsigned i = 0; i < 256; i++)
    fprintf(f, "  .byte 0x%02x\n", scratch[i]);
  fclose(f);
}

/* Runs the body on bsyn_rv32_full_step with the scratch area at SCRATCH. */
static void run_model(uint64_t seed, uint32_t *x, const uint32_t *body, uint8_t *scratch) {
  uint32_t pc = TEXT + 4 * PROLOGUE, end = pc + 4 * BODY, executed = 0;
  x[30] = SCRATCH;
  x[31] = 0;
  while (pc < end) {
    uint32_t inst = body[(pc - TEXT) / 4 - PROLOGUE], nx[32];
    bsyn_rv32_out o;
    bsyn_rv32_full_step(x, pc, inst, 0, nx, &o); /* learn the address first */
    if (o.mem_re || o.mem_we) {
      cr_assert(o.mem_addr >= SCRATCH && o.mem_addr < SCRATCH + 256,
                "access outside the scratch area");
      uint8_t *word = scratch + (o.mem_addr - SCRATCH);
      if (o.mem_re)
        bsyn_rv32_full_step(x, pc, inst, le32(word), nx, &o);
      for (unsigned j = 0; j < 4; j++)
        if (o.mem_wstrb >> j & 1)
          word[j] = (uint8_t)(o.mem_wdata >> 8 * j);
    }
    cr_assert_eq(o.trap, 0, "seed %llu: trap at pc %#x", (unsigned long long)seed, pc);
    memcpy(x, nx, sizeof nx);
    pc = o.next_pc;
    executed++;
  }
  cr_assert_gt(executed, BODY / 2);
}

/* Random programs leave the same registers and memory under qemu-riscv32 as under
 * bsyn_rv32_full_step. */
Test(rv32, random_programs_match_qemu, .timeout = 60) {
  if (!bsyn_test_have("riscv64-unknown-elf-as") || !bsyn_test_have("riscv64-unknown-elf-ld") ||
      !bsyn_test_have("qemu-riscv32"))
    cr_skip("riscv64-unknown-elf binutils or qemu-riscv32 not installed");
  static uint32_t body[BODY];
  for (uint64_t seed = 1; seed <= 4; seed++) {
    uint32_t x[32] = {0};
    uint8_t scratch[256];
    for (unsigned k = 1; k <= NREGS; k++) {
      uint64_t r = bsyn_mix64(seed * 100 + k);
      x[k] = (r >> 62) ? (uint32_t)r
                       : (uint32_t)r & 0x3f; /* small values keep shifts and compares busy */
    }
    for (unsigned i = 0; i < 256; i++)
      scratch[i] = (uint8_t)bsyn_mix64(seed * 1000 + i);
    random_body(seed, body);
    const char *src = bsyn_test_tmpfile("prog.s"), *elf = bsyn_test_tmpfile("prog.elf"),
               *dump = bsyn_test_tmpfile("dump.bin");
    write_program(src, x, body, scratch);
    char cmd[2048], *log = NULL;
    snprintf(cmd, sizeof cmd,
             "riscv64-unknown-elf-as -march=rv32i -mabi=ilp32 -mno-relax -o %s.o %s && "
             "riscv64-unknown-elf-ld -m elf32lriscv -Ttext=0x%x -o %s %s.o && qemu-riscv32 %s > %s",
             src, src, TEXT, elf, src, elf, dump);
    cr_assert_eq(bsyn_test_run(cmd, &log), 0, "%s", log);
    free(log);
    run_model(seed, x, body, scratch);
    uint8_t q[4 * NREGS + 256];
    FILE *f = fopen(dump, "rb");
    cr_assert_not_null(f);
    cr_assert_eq(fread(q, 1, sizeof q, f), sizeof q, "qemu wrote no complete dump");
    fclose(f);
    for (unsigned k = 1; k <= NREGS; k++)
      cr_assert_eq(x[k], le32(q + 4 * (k - 1)), "seed %llu: x%u is %#x under bsyn, %#x under qemu",
                   (unsigned long long)seed, k, x[k], le32(q + 4 * (k - 1)));
    for (unsigned i = 0; i < 256; i++)
      cr_assert_eq(scratch[i], q[4 * NREGS + i], "seed %llu: scratch byte %u differs",
                   (unsigned long long)seed, i);
  }
}
