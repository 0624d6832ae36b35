/* The RV32I reference step against hand-worked answers, one table row per case, and the
 * rv32i-full scalar step against the core step with the register file handled outside. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "bsyn_rv32.h"
#include "bsyn_util.h"

/* Instruction encoders (RISC-V unprivileged spec, chapter 2 formats). */
static uint32_t enc_r(uint32_t f7, uint32_t rs2, uint32_t rs1, uint32_t f3, uint32_t rd, uint32_t op) {
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
  return (u >> 12 & 1) << 31 | (u >> 5 & 0x3f) << 25 | rs2 << 20 | rs1 << 15 | f3 << 12 | (u >> 1 & 15) << 8 |
         (u >> 11 & 1) << 7 | 0x63;
}
static uint32_t enc_u(uint32_t imm, uint32_t rd, uint32_t op) { return (imm & 0xfffff000u) | rd << 7 | op; }
static uint32_t enc_j(int32_t imm, uint32_t rd) {
  uint32_t u = (uint32_t)imm;
  return (u >> 20 & 1) << 31 | (u >> 1 & 0x3ff) << 21 | (u >> 11 & 1) << 20 | (u >> 12 & 0xff) << 12 | rd << 7 |
         0x6f;
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
  cr_expect_eq(o.rd_wdata, t->rd_wdata, "%s: rd_wdata %#x, expected %#x", t->name, o.rd_wdata, t->rd_wdata);
  cr_expect_eq(o.next_pc, next_pc, "%s: next_pc %#x, expected %#x", t->name, o.next_pc, next_pc);
  cr_expect_eq(o.mem_addr, t->mem_addr, "%s: mem_addr %#x, expected %#x", t->name, o.mem_addr, t->mem_addr);
  cr_expect_eq(o.mem_re, t->mem_re, "%s: mem_re", t->name);
  cr_expect_eq(o.mem_we, t->mem_we, "%s: mem_we", t->name);
  cr_expect_eq(o.mem_wstrb, t->wstrb, "%s: mem_wstrb %#x, expected %#x", t->name, o.mem_wstrb, t->wstrb);
  cr_expect_eq(o.mem_wdata, t->wdata, "%s: mem_wdata %#x, expected %#x", t->name, o.mem_wdata, t->wdata);
  cr_expect_eq(o.trap, t->trap, "%s: trap %u", t->name, o.trap);
  cr_expect_eq(o.cause, t->cause, "%s: cause %u, expected %u", t->name, o.cause, t->cause);
}

static void check_all(const tcase *t, size_t n) {
  for (size_t i = 0; i < n; i++)
    check(&t[i]);
}

Test(rv32, upper_immediates_and_jumps) {
  tcase t[] = {
      {"lui", 0x1000, enc_u(0xabcde000, 5, LUI), 0, 0, 0, .rd_we = 1, .rd_wdata = 0xabcde000, .next_pc = 0x1004},
      {"auipc", 0x1000, enc_u(0x12345000, 6, AUIPC), 0, 0, 0, .rd_we = 1, .rd_wdata = 0x12346000,
       .next_pc = 0x1004},
      {"auipc wraps", 0xfffffffc, enc_u(0x00001000, 6, AUIPC), 0, 0, 0, .rd_we = 1, .rd_wdata = 0x00000ffc,
       .next_pc = 0},
      {"jal forward", 0x2000, enc_j(0x800, 1), 0, 0, 0, .rd_we = 1, .rd_wdata = 0x2004, .next_pc = 0x2800},
      {"jal back", 0x2000, enc_j(-4, 1), 0, 0, 0, .rd_we = 1, .rd_wdata = 0x2004, .next_pc = 0x1ffc},
      {"jal far back", 0x00100000, enc_j(-0x100000, 7), 0, 0, 0, .rd_we = 1, .rd_wdata = 0x00100004, .next_pc = 0},
      {"jal x0", 0x2000, enc_j(8, 0), 0, 0, 0, .next_pc = 0x2008},
      {"jal misaligned", 0x2000, enc_j(2, 1), 0, 0, 0, TRAP(0)},
      {"jalr", 0x2000, enc_i(4, 2, 0, 1, JALR), 0x3000, 0, 0, .rd_we = 1, .rd_wdata = 0x2004, .next_pc = 0x3004},
      {"jalr clears bit 0", 0x2000, enc_i(1, 2, 0, 1, JALR), 0x3000, 0, 0, .rd_we = 1, .rd_wdata = 0x2004,
       .next_pc = 0x3000},
      {"jalr negative", 0x2000, enc_i(-16, 2, 0, 3, JALR), 0x3000, 0, 0, .rd_we = 1, .rd_wdata = 0x2004,
       .next_pc = 0x2ff0},
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
      {"lb lane 1", 0x40, enc_i(1, 2, 0, 3, LOAD), 0x1000, 0, w, .rd_we = 1, .rd_wdata = 0x7f, .next_pc = 0x44,
       .mem_addr = 0x1000, .mem_re = 1},
      {"lb lane 2", 0x40, enc_i(2, 2, 0, 3, LOAD), 0x1000, 0, w, .rd_we = 1, .rd_wdata = 0xfffffff0, .next_pc = 0x44,
       .mem_addr = 0x1000, .mem_re = 1},
      {"lb negative imm", 0x40, enc_i(-1, 2, 0, 3, LOAD), 0x1004, 0, w, .rd_we = 1, .rd_wdata = 0xffffff80,
       .next_pc = 0x44, .mem_addr = 0x1000, .mem_re = 1},
      {"lbu lane 2", 0x40, enc_i(2, 2, 4, 3, LOAD), 0x1000, 0, w, .rd_we = 1, .rd_wdata = 0xf0, .next_pc = 0x44,
       .mem_addr = 0x1000, .mem_re = 1},
      {"lh lane 0", 0x40, enc_i(0, 2, 1, 3, LOAD), 0x1000, 0, w, .rd_we = 1, .rd_wdata = 0x7f12, .next_pc = 0x44,
       .mem_addr = 0x1000, .mem_re = 1},
      {"lh lane 2", 0x40, enc_i(0x7fe, 2, 1, 3, LOAD), 0x1000, 0, w, .rd_we = 1, .rd_wdata = 0xffff80f0,
       .next_pc = 0x44, .mem_addr = 0x17fc, .mem_re = 1},
      {"lhu lane 2", 0x40, enc_i(2, 2, 5, 3, LOAD), 0x1000, 0, w, .rd_we = 1, .rd_wdata = 0x80f0, .next_pc = 0x44,
       .mem_addr = 0x1000, .mem_re = 1},
      {"lw", 0x40, enc_i(-0x800, 2, 2, 3, LOAD), 0x1000, 0, w, .rd_we = 1, .rd_wdata = w, .next_pc = 0x44,
       .mem_addr = 0x0800, .mem_re = 1},
      {"lw to x0 still reads", 0x40, enc_i(4, 2, 2, 0, LOAD), 0x1000, 0, w, .next_pc = 0x44, .mem_addr = 0x1004,
       .mem_re = 1},
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
      {"sb lane 3", 0x40, enc_s(3, 5, 2, 0), 0x2000, v, 0x55555555, .next_pc = 0x44, .mem_addr = 0x2000,
       .mem_we = 1, .wstrb = 0x8, .wdata = 0xef000000},
      {"sb lane 1 negative imm", 0x40, enc_s(-2047, 5, 2, 0), 0x2000, v, 0, .next_pc = 0x44, .mem_addr = 0x1800,
       .mem_we = 1, .wstrb = 0x2, .wdata = 0x0000ef00},
      {"sh lane 2", 0x40, enc_s(2, 5, 2, 1), 0x2000, v, 0, .next_pc = 0x44, .mem_addr = 0x2000, .mem_we = 1,
       .wstrb = 0xc, .wdata = 0xbeef0000},
      {"sh lane 0", 0x40, enc_s(0, 5, 2, 1), 0x2000, v, 0, .next_pc = 0x44, .mem_addr = 0x2000, .mem_we = 1,
       .wstrb = 0x3, .wdata = 0x0000beef},
      {"sw", 0x40, enc_s(4, 5, 2, 2), 0x2000, v, 0, .next_pc = 0x44, .mem_addr = 0x2004, .mem_we = 1, .wstrb = 0xf,
       .wdata = v},
      {"sw rd field is imm", 0x40, enc_s(0x7fc, 0, 2, 2), 0x2000, v, 0, .next_pc = 0x44, .mem_addr = 0x27fc,
       .mem_we = 1, .wstrb = 0xf, .wdata = v},
      {"sw misaligned", 0x40, enc_s(1, 5, 2, 2), 0x2000, v, 0, TRAP(6)},
      {"sh misaligned", 0x40, enc_s(3, 5, 2, 1), 0x2000, v, 0, TRAP(6)},
      {"store funct3 3", 0x40, enc_s(0, 5, 2, 3), 0x2000, v, 0, TRAP(2)},
      {"store funct3 4", 0x40, enc_s(0, 5, 2, 4), 0x2000, v, 0, TRAP(2)},
  };
  check_all(t, sizeof t / sizeof t[0]);
}

#define ALU(name, inst, a, b, result) \
  {name, 0x80, inst, a, b, 0, .rd_we = 1, .rd_wdata = result, .next_pc = 0x84}

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
  const uint32_t insts[] = {0x00000073, 0x00100073, 0xffffffff, enc_j(2, 1), enc_i(2, 2, 2, 3, LOAD),
                            enc_s(1, 5, 2, 2)};
  const uint32_t causes[] = {11, 3, 2, 0, 4, 6};
  for (unsigned k = 0; k < 6; k++)
    for (uint64_t i = 0; i < 1000; i++) {
      uint64_t r = bsyn_mix64(i * 8 + k);
      /* rs1 even multiple of 4 so that the misaligned cases stay misaligned */
      bsyn_rv32_in in = {(uint32_t)r & ~3u, insts[k], (uint32_t)(r >> 32) & ~3u, (uint32_t)r * 7, (uint32_t)(r >> 16)};
      bsyn_rv32_out o;
      bsyn_rv32_step(&in, &o);
      cr_assert(o.trap == 1 && o.cause == causes[k], "inst %#x case %u: trap %u cause %u", insts[k], (unsigned)i,
                o.trap, o.cause);
      cr_assert(!o.rd_we && !o.rd_wdata && !o.mem_re && !o.mem_we && !o.mem_addr && !o.mem_wstrb && !o.mem_wdata &&
                    o.next_pc == in.pc,
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

/* A random architectural state: registers mix uniform, small, aligned and repeated values so
 * that branches go both ways and loads/stores are often aligned. */
static void random_state(uint64_t seed, uint32_t x[32], uint32_t *pc, uint32_t *inst, uint32_t *rdata) {
  x[0] = 0;
  for (unsigned k = 1; k < 32; k++) {
    uint64_t r = bsyn_mix64(seed * 64 + k);
    switch (r >> 62) {
    case 0: x[k] = (uint32_t)r; break;
    case 1: x[k] = (uint32_t)r & 0x1ffc; break;
    case 2: x[k] = (uint32_t)(r >> 8) & 0xff; break;
    default: x[k] = x[(r >> 20) % k]; break;
    }
  }
  uint64_t r = bsyn_mix64(seed * 64 + 40);
  *pc = (uint32_t)r & (r >> 63 ? ~0u : ~3u);
  *inst = bsyn_rv32_random_inst(bsyn_mix64(seed * 64 + 41));
  *rdata = (uint32_t)(r >> 32);
}

/* The full step equals the core step with reads and the write-back done by hand. */
Test(rv32, full_step_equals_core_step) {
  const uint64_t seed = 0xf00d;
  for (uint64_t i = 0; i < 200000; i++) {
    uint32_t x[32], nx[32], pc, inst, rdata;
    random_state(seed ^ i, x, &pc, &inst, &rdata);
    bsyn_rv32_in in = {pc, inst, x[inst >> 15 & 31], x[inst >> 20 & 31], rdata};
    bsyn_rv32_out oc, of;
    bsyn_rv32_step(&in, &oc);
    x[0] = 0xdeadbeef; /* never read */
    bsyn_rv32_full_step(x, pc, inst, rdata, nx, &of);
    cr_assert_eq(memcmp(&oc, &of, sizeof oc), 0, "seed %#llx vector %llu: outputs differ",
                 (unsigned long long)seed, (unsigned long long)i);
    cr_assert_eq(nx[0], 0, "x0 written");
    for (unsigned k = 1; k < 32; k++) {
      uint32_t want = oc.rd_we && oc.rd_addr == k ? oc.rd_wdata : x[k];
      cr_assert_eq(nx[k], want, "seed %#llx vector %llu: x%u", (unsigned long long)seed, (unsigned long long)i, k);
    }
    bsyn_rv32_full_step(x, pc, inst, rdata, x, &of); /* in place */
    cr_assert_eq(memcmp(x + 1, nx + 1, 31 * sizeof *x), 0, "in-place update differs at vector %llu",
                 (unsigned long long)i);
  }
}
