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
 * The enums of bsyn_rv32_layout.h give each field's first bit (its lsb in the oracle's field
 * list). */
#ifndef BSYN_RV32_ORACLE_H
#define BSYN_RV32_ORACLE_H

#include "bsyn_oracle.h"

#include "bsyn_rv32_layout.h"
#include "bsyn_rv32_slice.h"

/* Creates the rv32i-core oracle (name "rv32i-core"): eval answers any batch, never fails,
 * thread_safe = 1 (no mutable state). Close with bsyn_oracle_close. Never NULL. */
bsyn_oracle *bsyn_rv32_oracle_core(void);

/* Creates the rv32i-full oracle (name "rv32i-full"), otherwise as bsyn_rv32_oracle_core. */
bsyn_oracle *bsyn_rv32_oracle_full(void);

/* An oracle named name of num_inputs inputs and num_outputs outputs that answers batches tile
 * by tile with `tile` (a bsyn_rv32_slice.h tile function for exactly those row counts):
 * thread_safe = 1, no fields or description yet (the caller adds them). Never NULL. */
bsyn_oracle *bsyn_rv32_oracle_tiled(const char *name, uint32_t num_inputs, uint32_t num_outputs,
                                    bsyn_rv32_tile_fn tile);

#endif
