/* The RV32I reference step. Written for clarity: it is the specification the oracles, the
 * runner and the learned gates are checked against (docs/rv32i-core.md). */
#include "bsyn_rv32.h"

#include <string.h>

static uint32_t bits(uint32_t x, unsigned hi, unsigned lo) {
  return (x >> lo) & (0xffffffffu >> (31 - hi + lo));
}

/* Sign-extends the low n bits of x. */
static uint32_t sext(uint32_t x, unsigned n) {
  uint32_t m = 1u << (n - 1);
  x &= (m << 1) - 1;
  return (x ^ m) - m;
}

uint32_t bsyn_rv32_imm_i(uint32_t inst) { return sext(inst >> 20, 12); }
uint32_t bsyn_rv32_imm_s(uint32_t inst) {
  return sext((bits(inst, 31, 25) << 5) | bits(inst, 11, 7), 12);
}
uint32_t bsyn_rv32_imm_b(uint32_t inst) {
  return sext((bits(inst, 31, 31) << 12) | (bits(inst, 7, 7) << 11) | (bits(inst, 30, 25) << 5) |
                  (bits(inst, 11, 8) << 1),
              13);
}
uint32_t bsyn_rv32_imm_u(uint32_t inst) { return inst & 0xfffff000u; }
uint32_t bsyn_rv32_imm_j(uint32_t inst) {
  return sext((bits(inst, 31, 31) << 20) | (bits(inst, 19, 12) << 12) | (bits(inst, 20, 20) << 11) |
                  (bits(inst, 30, 21) << 1),
              21);
}

/* ALU for OP and OP-IMM. alt is inst[30] where it selects SUB/SRA. Shift amounts use b[4:0]. */
static uint32_t alu(unsigned funct3, int alt, uint32_t a, uint32_t b) {
  unsigned sh = b & 31;
  switch (funct3) {
  case 0:
    return alt ? a - b : a + b;
  case 1:
    return a << sh;
  case 2:
    return (int32_t)a < (int32_t)b;
  case 3:
    return a < b;
  case 4:
    return a ^ b;
  case 5:
    return (a >> sh) | (alt ? ((0u - (a >> 31)) << (31 - sh)) << 1 : 0);
  case 6:
    return a | b;
  default:
    return a & b;
  }
}

/* 1 when the branch condition of funct3 holds; funct3 2 and 3 are rejected before. */
static int branch_taken(unsigned funct3, uint32_t a, uint32_t b) {
  switch (funct3) {
  case 0:
    return a == b;
  case 1:
    return a != b;
  case 4:
    return (int32_t)a < (int32_t)b;
  case 5:
    return (int32_t)a >= (int32_t)b;
  case 6:
    return a < b;
  default:
    return a >= b;
  }
}

/* Legal OP (register-register) encodings: funct7 0, or 0100000 for SUB and SRA. */
static int op_legal(unsigned funct3, unsigned funct7) {
  return funct7 == 0 || (funct7 == 0x20 && (funct3 == 0 || funct3 == 5));
}

/* Legal OP-IMM encodings: shifts need imm[11:5] = 0 (SLLI, SRLI) or 0100000 (SRAI). */
static int op_imm_legal(unsigned funct3, unsigned funct7) {
  if (funct3 == 1)
    return funct7 == 0;
  if (funct3 == 5)
    return funct7 == 0 || funct7 == 0x20;
  return 1;
}

static void trap(bsyn_rv32_out *o, uint32_t pc, uint32_t cause) {
  o->rd_we = 0;
  o->rd_wdata = 0;
  o->next_pc = pc;
  o->mem_addr = o->mem_re = o->mem_we = o->mem_wstrb = o->mem_wdata = 0;
  o->trap = 1;
  o->cause = cause;
}

/* Loads: funct3 0 LB, 1 LH, 2 LW, 4 LBU, 5 LHU. Returns 0 or the trap cause + 1. */
static uint32_t do_load(const bsyn_rv32_in *in, unsigned funct3, bsyn_rv32_out *o) {
  uint32_t addr = in->rs1_val + bsyn_rv32_imm_i(in->inst);
  unsigned size = 1u << (funct3 & 3);
  if (addr & (size - 1))
    return BSYN_RV32_CAUSE_LOAD_MISALIGNED + 1;
  uint32_t v = in->mem_rdata >> (8 * (addr & 3));
  if (size < 4)
    v = (funct3 & 4) ? v & ((1u << (8 * size)) - 1) : sext(v, 8 * size);
  o->mem_re = 1;
  o->mem_addr = addr & ~3u;
  o->rd_wdata = v;
  return 0;
}

/* Stores: funct3 0 SB, 1 SH, 2 SW. Returns 0 or the trap cause + 1. */
static uint32_t do_store(const bsyn_rv32_in *in, unsigned funct3, bsyn_rv32_out *o) {
  uint32_t addr = in->rs1_val + bsyn_rv32_imm_s(in->inst);
  unsigned size = 1u << funct3;
  if (addr & (size - 1))
    return BSYN_RV32_CAUSE_STORE_MISALIGNED + 1;
  unsigned lane = addr & 3;
  uint32_t mask = size == 4 ? 0xffffffffu : (1u << (8 * size)) - 1;
  o->mem_we = 1;
  o->mem_addr = addr & ~3u;
  o->mem_wstrb = ((1u << size) - 1) << lane;
  o->mem_wdata = (in->rs2_val & mask) << (8 * lane);
  return 0;
}

/* Executes a decoded instruction into o (rd_wdata, next_pc, memory fields). Returns 0, or
 * the trap cause + 1 (so that cause 0, a misaligned fetch, stays distinguishable). */
static uint32_t execute(const bsyn_rv32_in *in, bsyn_rv32_out *o, int *writes_rd) {
  uint32_t inst = in->inst, pc = in->pc;
  unsigned opcode = inst & 0x7f, funct3 = bits(inst, 14, 12), funct7 = bits(inst, 31, 25);
  uint32_t a = in->rs1_val, b = in->rs2_val, target;
  const uint32_t illegal = BSYN_RV32_CAUSE_ILLEGAL + 1;
  o->next_pc = pc + 4;
  *writes_rd = 1;
  switch (opcode) {
  case BSYN_RV32_OPC_LUI:
    o->rd_wdata = bsyn_rv32_imm_u(inst);
    return 0;
  case BSYN_RV32_OPC_AUIPC:
    o->rd_wdata = pc + bsyn_rv32_imm_u(inst);
    return 0;
  case BSYN_RV32_OPC_JAL:
  case BSYN_RV32_OPC_JALR:
    if (opcode == BSYN_RV32_OPC_JALR && funct3 != 0)
      return illegal;
    target = opcode == BSYN_RV32_OPC_JAL ? pc + bsyn_rv32_imm_j(inst)
                                         : (a + bsyn_rv32_imm_i(inst)) & ~1u;
    if (target & 3)
      return BSYN_RV32_CAUSE_FETCH_MISALIGNED + 1;
    o->rd_wdata = pc + 4;
    o->next_pc = target;
    return 0;
  case BSYN_RV32_OPC_BRANCH:
    *writes_rd = 0;
    if (funct3 == 2 || funct3 == 3)
      return illegal;
    if (!branch_taken(funct3, a, b))
      return 0;
    target = pc + bsyn_rv32_imm_b(inst);
    if (target & 3)
      return BSYN_RV32_CAUSE_FETCH_MISALIGNED + 1;
    o->next_pc = target;
    return 0;
  case BSYN_RV32_OPC_LOAD:
    if (funct3 == 3 || funct3 >= 6)
      return illegal;
    return do_load(in, funct3, o);
  case BSYN_RV32_OPC_STORE:
    *writes_rd = 0;
    return funct3 >= 3 ? illegal : do_store(in, funct3, o);
  case BSYN_RV32_OPC_OP_IMM:
    if (!op_imm_legal(funct3, funct7))
      return illegal;
    o->rd_wdata = alu(funct3, funct3 == 5 && funct7 == 0x20, a, bsyn_rv32_imm_i(inst));
    return 0;
  case BSYN_RV32_OPC_OP:
    if (!op_legal(funct3, funct7))
      return illegal;
    o->rd_wdata = alu(funct3, funct7 == 0x20, a, b);
    return 0;
  case BSYN_RV32_OPC_MISC_MEM: /* FENCE is a no-op for one hart; FENCE.I (Zifencei) is not RV32I */
    *writes_rd = 0;
    return funct3 == 0 ? 0 : illegal;
  case BSYN_RV32_OPC_SYSTEM:
    *writes_rd = 0;
    if (inst == BSYN_RV32_INST_ECALL)
      return BSYN_RV32_CAUSE_ECALL + 1;
    return inst == BSYN_RV32_INST_EBREAK ? BSYN_RV32_CAUSE_BREAKPOINT + 1 : illegal;
  default:
    return illegal; /* includes inst[1:0] != 11: opcode values above all end in 11 */
  }
}

void bsyn_rv32_step(const bsyn_rv32_in *in, bsyn_rv32_out *out) {
  memset(out, 0, sizeof *out);
  out->rs1_addr = bits(in->inst, 19, 15);
  out->rs2_addr = bits(in->inst, 24, 20);
  out->rd_addr = bits(in->inst, 11, 7);
  int writes_rd;
  uint32_t t = execute(in, out, &writes_rd);
  if (t) {
    trap(out, in->pc, t - 1);
    return;
  }
  out->rd_we = writes_rd && out->rd_addr != 0;
  if (!out->rd_we)
    out->rd_wdata = 0;
}

void bsyn_rv32_full_step(const uint32_t x[32], uint32_t pc, uint32_t inst, uint32_t mem_rdata,
                         uint32_t next_x[32], bsyn_rv32_out *out) {
  bsyn_rv32_in in = {.pc = pc, .inst = inst, .mem_rdata = mem_rdata};
  unsigned rs1 = bits(inst, 19, 15), rs2 = bits(inst, 24, 20);
  in.rs1_val = rs1 ? x[rs1] : 0;
  in.rs2_val = rs2 ? x[rs2] : 0;
  bsyn_rv32_step(&in, out);
  if (next_x != x)
    memcpy(next_x, x, 32 * sizeof *x);
  next_x[0] = 0;
  if (out->rd_we)
    next_x[out->rd_addr] = out->rd_wdata;
}

/* One instruction kind of the sampler: the opcode and, where fixed, funct3 / funct7. */
typedef struct inst_kind {
  uint8_t opcode;
  int8_t funct3, funct7; /* -1: random bits */
} inst_kind;

static const inst_kind kinds[] = {
    {BSYN_RV32_OPC_LUI, -1, -1},     {BSYN_RV32_OPC_AUIPC, -1, -1},
    {BSYN_RV32_OPC_JAL, -1, -1},     {BSYN_RV32_OPC_JALR, 0, -1},
    {BSYN_RV32_OPC_BRANCH, 0, -1},   {BSYN_RV32_OPC_BRANCH, 1, -1},
    {BSYN_RV32_OPC_BRANCH, 4, -1},   {BSYN_RV32_OPC_BRANCH, 5, -1},
    {BSYN_RV32_OPC_BRANCH, 6, -1},   {BSYN_RV32_OPC_BRANCH, 7, -1},
    {BSYN_RV32_OPC_LOAD, 0, -1},     {BSYN_RV32_OPC_LOAD, 1, -1},
    {BSYN_RV32_OPC_LOAD, 2, -1},     {BSYN_RV32_OPC_LOAD, 4, -1},
    {BSYN_RV32_OPC_LOAD, 5, -1},     {BSYN_RV32_OPC_STORE, 0, -1},
    {BSYN_RV32_OPC_STORE, 1, -1},    {BSYN_RV32_OPC_STORE, 2, -1},
    {BSYN_RV32_OPC_OP_IMM, 0, -1},   {BSYN_RV32_OPC_OP_IMM, 2, -1},
    {BSYN_RV32_OPC_OP_IMM, 3, -1},   {BSYN_RV32_OPC_OP_IMM, 4, -1},
    {BSYN_RV32_OPC_OP_IMM, 6, -1},   {BSYN_RV32_OPC_OP_IMM, 7, -1},
    {BSYN_RV32_OPC_OP_IMM, 1, 0},    {BSYN_RV32_OPC_OP_IMM, 5, 0},
    {BSYN_RV32_OPC_OP_IMM, 5, 0x20}, {BSYN_RV32_OPC_OP, 0, 0},
    {BSYN_RV32_OPC_OP, 1, 0},        {BSYN_RV32_OPC_OP, 2, 0},
    {BSYN_RV32_OPC_OP, 3, 0},        {BSYN_RV32_OPC_OP, 4, 0},
    {BSYN_RV32_OPC_OP, 5, 0},        {BSYN_RV32_OPC_OP, 6, 0},
    {BSYN_RV32_OPC_OP, 7, 0},        {BSYN_RV32_OPC_OP, 0, 0x20},
    {BSYN_RV32_OPC_OP, 5, 0x20},     {BSYN_RV32_OPC_MISC_MEM, 0, -1},
    {BSYN_RV32_OPC_SYSTEM, -2, -2},  {BSYN_RV32_OPC_SYSTEM, -3, -3},
};

static const uint8_t major_opcodes[] = {
    BSYN_RV32_OPC_LOAD,  BSYN_RV32_OPC_MISC_MEM, BSYN_RV32_OPC_OP_IMM, BSYN_RV32_OPC_AUIPC,
    BSYN_RV32_OPC_STORE, BSYN_RV32_OPC_OP,       BSYN_RV32_OPC_LUI,    BSYN_RV32_OPC_BRANCH,
    BSYN_RV32_OPC_JALR,  BSYN_RV32_OPC_JAL,      BSYN_RV32_OPC_SYSTEM};

uint32_t bsyn_rv32_random_inst(uint64_t r) {
  uint32_t w = (uint32_t)r;
  if (((r >> 40) & 15) == 0) /* near miss */
    return (w & ~0x7fu) | major_opcodes[((r >> 44) & 255) % sizeof major_opcodes];
  const inst_kind *k = &kinds[((r >> 32) & 255) % (sizeof kinds / sizeof kinds[0])];
  if (k->funct3 == -2)
    return BSYN_RV32_INST_ECALL;
  if (k->funct3 == -3)
    return BSYN_RV32_INST_EBREAK;
  w = (w & ~0x7fu) | k->opcode;
  if (k->funct3 >= 0)
    w = (w & ~(7u << 12)) | (uint32_t)k->funct3 << 12;
  if (k->funct7 >= 0)
    w = (w & ~(0x7fu << 25)) | (uint32_t)k->funct7 << 25;
  return w;
}
