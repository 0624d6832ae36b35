/* bsyn_rv32.h — the RV32I reference model: one step of a single-cycle hart whose register
 * file and memory are outside the function (the rv32i-core oracle, docs/rv32i-core.md).
 *
 * A step is a total function of its inputs. The caller evaluates it in dependency order:
 * rs1_addr/rs2_addr depend on inst only; mem_addr/mem_re/mem_we on inst and rs1_val; the
 * final answer on everything (mem_rdata is the aligned word at mem_addr). */
#ifndef BSYN_RV32_H
#define BSYN_RV32_H

#include <stdint.h>

/* RISC-V mcause codes used by the core's trap output. */
enum {
  BSYN_RV32_CAUSE_FETCH_MISALIGNED = 0,
  BSYN_RV32_CAUSE_ILLEGAL = 2,
  BSYN_RV32_CAUSE_BREAKPOINT = 3,
  BSYN_RV32_CAUSE_LOAD_MISALIGNED = 4,
  BSYN_RV32_CAUSE_STORE_MISALIGNED = 6,
  BSYN_RV32_CAUSE_ECALL = 11
};

typedef struct bsyn_rv32_in {
  uint32_t pc, inst, rs1_val, rs2_val, mem_rdata;
} bsyn_rv32_in;

typedef struct bsyn_rv32_out {
  uint32_t rs1_addr, rs2_addr; /* inst[19:15], inst[24:20] */
  uint32_t rd_we, rd_addr;     /* rd_addr = inst[11:7]; rd_we = 0 when rd = x0 or trap */
  uint32_t rd_wdata;           /* 0 when rd_we = 0 */
  uint32_t next_pc;            /* = pc on a trap */
  uint32_t mem_addr;           /* word aligned; 0 when no access */
  uint32_t mem_re, mem_we;
  uint32_t mem_wstrb;          /* 4 bits, byte lanes of the word; 0 when no store */
  uint32_t mem_wdata;          /* data shifted into its lanes, 0 in unused lanes and when no store */
  uint32_t trap, cause;        /* cause: 4 bits, 0 when no trap */
} bsyn_rv32_out;

/* One step of rv32i-core on scalar values. */
void bsyn_rv32_step(const bsyn_rv32_in *in, bsyn_rv32_out *out);

#endif
