/* bsyn_rv32ia.h — the RV32IA machine-step reference model: one step of a single hart with
 * M, S and U modes, its register file and 21 CSRs inside the function and memory outside
 * (the rv32ia-priv oracle; docs/rv32ia-priv.md is the contract, section by section).
 *
 * The step is pure combinational logic: no state is kept between calls. The CSR order of
 * csr[] and every bit position are those of kernels/bsyn_rv32ia_layout.h. */
#ifndef BSYN_RV32IA_H
#define BSYN_RV32IA_H

#include <stdint.h>

#include "bsyn_rv32ia_layout.h"

/* RISC-V exception codes beyond those of bsyn_rv32.h (0, 2, 3, 4, 6), and the interrupt flag
 * of mcause. */
enum {
  BSYN_RV32IA_CAUSE_ECALL_U = 8,
  BSYN_RV32IA_CAUSE_ECALL_S = 9,
  BSYN_RV32IA_CAUSE_ECALL_M = 11,
  BSYN_RV32IA_CAUSE_INST_PAGE_FAULT = 12,
  BSYN_RV32IA_CAUSE_LOAD_PAGE_FAULT = 13,
  BSYN_RV32IA_CAUSE_STORE_PAGE_FAULT = 15
};
#define BSYN_RV32IA_CAUSE_INTERRUPT 0x80000000u

/* Exact SYSTEM words and masks of docs/rv32ia-priv.md, "Legal instructions". */
#define BSYN_RV32IA_INST_MRET 0x30200073u
#define BSYN_RV32IA_INST_SRET 0x10200073u
#define BSYN_RV32IA_INST_WFI 0x10500073u
#define BSYN_RV32IA_SFENCE_MASK 0xFE007FFFu
#define BSYN_RV32IA_SFENCE_MATCH 0x12000073u
#define BSYN_RV32IA_OPC_AMO 0x2fu

/* Privilege levels (the priv input; 2 is reserved and taken as M). */
enum { BSYN_RV32IA_PRIV_U = 0, BSYN_RV32IA_PRIV_S = 1, BSYN_RV32IA_PRIV_M = 3 };

/* One step's inputs. Only the low bit of irq and the three page-fault inputs and the low two
 * bits of priv are looked at. x[0], and csr[] of sstatus, sie and sip, are ignored. With
 * hints != 0 (rv32ia-priv:hints) rs1_val, rs2_val and the CSR read value are the *_hint
 * fields instead of x[rs1], x[rs2] and the CSR table. */
typedef struct bsyn_rv32ia_in {
  uint32_t x[32];
  uint32_t csr[BSYN_RV32IA_NUM_CSRS];
  uint32_t inst, pc, load_data;
  uint32_t irq, inst_page_fault, load_page_fault, store_page_fault, priv;
  int hints;
  uint32_t rs1_hint, rs2_hint, csr_hint;
} bsyn_rv32ia_in;

/* One step's outputs: the oracle's (x[0] = 0, every CSR legal, next_priv in {0, 1, 3}), and
 * then what happened, which is no output of the oracle: trap = 1 on an interrupt or
 * exception, with its mcause value (bit 31 for interrupts) and tval; all 0 without a trap. */
typedef struct bsyn_rv32ia_out {
  uint32_t x[32];
  uint32_t csr[BSYN_RV32IA_NUM_CSRS];
  uint32_t next_pc, load_addr, store_data, store_addr, next_priv;
  uint32_t trap, cause, tval;
} bsyn_rv32ia_out;

/* One step of rv32ia-priv (docs/rv32ia-priv.md gives every output's definition). Total: any
 * input gives one answer. load_addr and store_addr do not depend on load_data. Pure and
 * thread-safe; in and out must not overlap. */
void bsyn_rv32ia_step(const bsyn_rv32ia_in *in, bsyn_rv32ia_out *out);

/* Replaces every CSR of csr[] by its legal value (the table "CSRs": unimplemented bits 0,
 * [1:0] of the vectors and exception pcs 0, mstatus.MPP 2 -> 0) and recomputes the views
 * sstatus, sie and sip from mstatus, mie, mip and mideleg. misa and mhartid are kept. */
void bsyn_rv32ia_legalize(uint32_t csr[BSYN_RV32IA_NUM_CSRS]);

/* Number of CSR addresses a CSR instruction may name (the table's 31 rows, view and
 * constant addresses included), and the k-th of them (k < that number). */
unsigned bsyn_rv32ia_num_csr_addrs(void);
uint32_t bsyn_rv32ia_csr_addr(unsigned k);

/* A CSR instruction's access to address `addr` (12 bits) on legalized csr[] at privilege p
 * (0, 1 or 3) with the irq line irq: returns 0 when it is illegal (unknown address,
 * privilege, a write to a read-only CSR, satp under TVM), else 1 with *old = the read value.
 * writes says whether the instruction writes. */
int bsyn_rv32ia_csr_read(const uint32_t csr[BSYN_RV32IA_NUM_CSRS], uint32_t addr, unsigned p,
                         uint32_t irq, int writes, uint32_t *old);

/* Writes v to the CSR at `addr` (legal, as bsyn_rv32ia_csr_read decided) through its write
 * rule; csr[] is left legal with its views recomputed. */
void bsyn_rv32ia_csr_write(uint32_t csr[BSYN_RV32IA_NUM_CSRS], uint32_t addr, uint32_t v);

/* The AMO result op(w, b) of funct5 (AMOSWAP, AMOADD, AMOXOR, AMOAND, AMOOR, AMOMIN[U],
 * AMOMAX[U]); funct5 must be one of those. */
uint32_t bsyn_rv32ia_amo(unsigned funct5, uint32_t w, uint32_t b);

/* Words of the bit vectors below: inputs (with hints) and outputs, 64 bits a word. */
#define BSYN_RV32IA_IN_WORDS ((BSYN_RV32IA_NUM_INPUTS_HINTS + 63) / 64)
#define BSYN_RV32IA_OUT_WORDS ((BSYN_RV32IA_NUM_OUTPUTS + 63) / 64)

/* in as the oracle's input vector: bit b of the layout is bits[b / 64] bit b % 64, hint
 * bits included when in->hints; every other bit of bits[] is cleared. */
void bsyn_rv32ia_pack_in(const bsyn_rv32ia_in *in, uint64_t bits[BSYN_RV32IA_IN_WORDS]);

/* The inverse of bsyn_rv32ia_pack_in for a vector of the layout with or without hints (the
 * flag inputs come back as 0 or 1, priv as 0..3). */
void bsyn_rv32ia_unpack_in(const uint64_t bits[BSYN_RV32IA_IN_WORDS], int hints,
                           bsyn_rv32ia_in *in);

/* out's oracle outputs as a vector of the output layout (trap, cause, tval are no outputs). */
void bsyn_rv32ia_pack_out(const bsyn_rv32ia_out *out, uint64_t bits[BSYN_RV32IA_OUT_WORDS]);

#endif
