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

/* Major opcodes (inst[6:0]) of RV32I and the two exact SYSTEM encodings that are legal. */
enum {
  BSYN_RV32_OPC_LOAD = 0x03,
  BSYN_RV32_OPC_MISC_MEM = 0x0f,
  BSYN_RV32_OPC_OP_IMM = 0x13,
  BSYN_RV32_OPC_AUIPC = 0x17,
  BSYN_RV32_OPC_STORE = 0x23,
  BSYN_RV32_OPC_OP = 0x33,
  BSYN_RV32_OPC_LUI = 0x37,
  BSYN_RV32_OPC_BRANCH = 0x63,
  BSYN_RV32_OPC_JALR = 0x67,
  BSYN_RV32_OPC_JAL = 0x6f,
  BSYN_RV32_OPC_SYSTEM = 0x73
};
#define BSYN_RV32_INST_ECALL 0x00000073u
#define BSYN_RV32_INST_EBREAK 0x00100073u

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
  uint32_t mem_wstrb;   /* 4 bits, byte lanes of the word; 0 when no store */
  uint32_t mem_wdata;   /* data shifted into its lanes, 0 in unused lanes and when no store */
  uint32_t trap, cause; /* cause: 4 bits, 0 when no trap */
} bsyn_rv32_out;

/* One step of rv32i-core on scalar values (docs/rv32i-core.md gives every output's exact
 * definition). Total: any input gives one answer, illegal encodings trap. mem_addr, mem_re
 * and mem_we do not depend on mem_rdata, so a caller may step once with mem_rdata = 0 to
 * learn the address, then again with the word read there. Pure and thread-safe. */
void bsyn_rv32_step(const bsyn_rv32_in *in, bsyn_rv32_out *out);

/* One step of rv32i-full (docs/rv32i-full.md): bsyn_rv32_step with the register file read
 * and written inside. x[0] is never read (x0 reads as 0); next_x[1..31] receive the next
 * register values (x with rd replaced when out->rd_we), next_x[0] is set to 0. next_x may be
 * the same array as x. out is the core step's answer (rs1_val/rs2_val taken from x), whose
 * next_pc, memory and trap outputs are rv32i-full's. As with bsyn_rv32_step, the memory
 * address does not depend on mem_rdata. Pure and thread-safe. */
void bsyn_rv32_full_step(const uint32_t x[32], uint32_t pc, uint32_t inst, uint32_t mem_rdata,
                         uint32_t next_x[32], bsyn_rv32_out *out);

/* The sign-extended immediates of the I, S, B, U and J formats of inst (B and J: the byte
 * offset, bit 0 clear; U: inst[31:12] << 12). */
uint32_t bsyn_rv32_imm_i(uint32_t inst);
uint32_t bsyn_rv32_imm_s(uint32_t inst);
uint32_t bsyn_rv32_imm_b(uint32_t inst);
uint32_t bsyn_rv32_imm_u(uint32_t inst);
uint32_t bsyn_rv32_imm_j(uint32_t inst);

/* An instruction word drawn from the real RV32I encoding space, for ISA-aware sampling:
 * r (64 random bits, e.g. from bsyn_mix64) picks an instruction kind, every kind with about
 * equal weight (each OP/OP-IMM/branch/load/store funct3 variant, LUI, AUIPC, JAL, JALR, FENCE,
 * ECALL, EBREAK), and the remaining fields (registers, immediates, shift amounts) uniformly.
 * About 1/16 of the draws are near misses: a valid major opcode with random funct3/funct7,
 * mostly illegal. Deterministic in r; pure. */
uint32_t bsyn_rv32_random_inst(uint64_t r);

#endif
