/* bsyn_rv32_layout.h — the input and output bit layouts of the rv32i-core and rv32i-full
 * oracles (described in core/bsyn_rv32_oracle.h): each field's first bit. Plain enums in the
 * C/OpenCL common subset, so the bit-sliced step (bsyn_rv32_step.h) compiles as both. */
#ifndef BSYN_RV32_LAYOUT_H
#define BSYN_RV32_LAYOUT_H

enum {
  BSYN_RV32C_IN_PC = 0,
  BSYN_RV32C_IN_INST = 32,
  BSYN_RV32C_IN_RS1_VAL = 64,
  BSYN_RV32C_IN_RS2_VAL = 96,
  BSYN_RV32C_IN_MEM_RDATA = 128,
  BSYN_RV32C_NUM_INPUTS = 160,

  BSYN_RV32C_OUT_RS1_ADDR = 0,
  BSYN_RV32C_OUT_RS2_ADDR = 5,
  BSYN_RV32C_OUT_RD_WE = 10,
  BSYN_RV32C_OUT_RD_ADDR = 11,
  BSYN_RV32C_OUT_RD_WDATA = 16,
  BSYN_RV32C_OUT_NEXT_PC = 48,
  BSYN_RV32C_OUT_MEM_ADDR = 80,
  BSYN_RV32C_OUT_MEM_RE = 112,
  BSYN_RV32C_OUT_MEM_WE = 113,
  BSYN_RV32C_OUT_MEM_WSTRB = 114,
  BSYN_RV32C_OUT_MEM_WDATA = 118,
  BSYN_RV32C_OUT_TRAP = 150,
  BSYN_RV32C_OUT_CAUSE = 151,
  BSYN_RV32C_NUM_OUTPUTS = 155
};

enum {
  BSYN_RV32F_IN_X1 = 0, /* register xk at 32*(k-1) */
  BSYN_RV32F_IN_PC = 992,
  BSYN_RV32F_IN_INST = 1024,
  BSYN_RV32F_IN_MEM_RDATA = 1056,
  BSYN_RV32F_NUM_INPUTS = 1088,

  BSYN_RV32F_OUT_X1 = 0, /* next xk at 32*(k-1) */
  BSYN_RV32F_OUT_NEXT_PC = 992,
  BSYN_RV32F_OUT_MEM_ADDR = 1024, /* from here on the same fields as rv32i-core's mem_addr.. */
  BSYN_RV32F_OUT_MEM_RE = 1056,
  BSYN_RV32F_OUT_MEM_WE = 1057,
  BSYN_RV32F_OUT_MEM_WSTRB = 1058,
  BSYN_RV32F_OUT_MEM_WDATA = 1062,
  BSYN_RV32F_OUT_TRAP = 1094,
  BSYN_RV32F_OUT_CAUSE = 1095,
  BSYN_RV32F_NUM_OUTPUTS = 1099
};

#endif
