/* bsyn_rv32_oracle.h — the rv32i-core and rv32i-full oracles: the RV32I step of bsyn_rv32.h
 * answering bit-sliced batches (bsyn_oracle.h) through the kernels of bsyn_rv32_slice.h.
 * Exact semantics: docs/rv32i-core.md, docs/rv32i-full.md.
 *
 * Bit layouts (bit 0 of each field first, fields in this order, as the oracles' named fields):
 *
 * rv32i-core, 160 inputs:   pc[32] inst[32] rs1_val[32] rs2_val[32] mem_rdata[32]
 *             155 outputs:  rs1_addr[5] rs2_addr[5] rd_we rd_addr[5] rd_wdata[32] next_pc[32]
 *                           mem_addr[32] mem_re mem_we mem_wstrb[4] mem_wdata[32] trap cause[4]
 * rv32i-full, 1,088 inputs: x1[32] .. x31[32] pc[32] inst[32] mem_rdata[32]
 *             1,099 outputs: x1_next[32] .. x31_next[32] next_pc[32]
 *                           mem_addr[32] mem_re mem_we mem_wstrb[4] mem_wdata[32] trap cause[4]
 *
 * The enums below give each field's first bit (its lsb in the oracle's field list). */
#ifndef BSYN_RV32_ORACLE_H
#define BSYN_RV32_ORACLE_H

#include "bsyn_oracle.h"

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

/* Creates the rv32i-core oracle (name "rv32i-core"): eval answers any batch, never fails,
 * thread_safe = 1 (no mutable state). Close with bsyn_oracle_close. Never NULL. */
bsyn_oracle *bsyn_rv32_oracle_core(void);

/* Creates the rv32i-full oracle (name "rv32i-full"), otherwise as bsyn_rv32_oracle_core. */
bsyn_oracle *bsyn_rv32_oracle_full(void);

#endif
