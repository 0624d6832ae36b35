/* bsyn_sample_rv32ia.h — an RV32IA-aware sampling distribution for the rv32ia-priv layout
 * (docs/rv32ia-priv.md), a bsyn_sampler plug-in (bsyn_learn_sample.h) that
 * bsyn_sampler_rv32 picks for that layout.
 *
 * The mix, each lane drawn from its own hash:
 *   inst       5/16 rv32i-core's instruction mix (bsyn_rv32_random_inst, with its near misses);
 *              3/16 a CSR instruction (every funct3 of Zicsr) on an address of the CSR table
 *                   (7/8) or an illegal one (counters, PMP, debug, random); rs1 = 0 in 1/4;
 *              3/16 RV32A (LR.W, SC.W, each AMO; LR with rs2 = 0 in 7/8, aq/rl random);
 *              2/16 an exact SYSTEM word (ECALL, EBREAK, MRET, SRET, WFI, SFENCE.VMA with
 *                   random rs1/rs2), 1/4 of them with one bit flipped;
 *              1/16 FENCE.I with random fields; 1/16 FENCE; 1/16 illegal (SYSTEM funct3 = 100,
 *                   RV32A with a bad funct3 or funct5, or a uniform word)
 *              then rd = 0 in 1/8, rs1 = rs2 in 1/8, rd = rs1 in 1/16 (not on exact words)
 *   x1..x31    stress values (0, 1, -1, sign bits, powers of two, small, uniform); x[rs1] is
 *              an address for loads, stores, JALR and RV32A (aligned 3/4 of the time for RV32A
 *              and word accesses); x[rs2] is related to x[rs1] in 1/4 (equal, one off,
 *              complement); x0 uniform (ignored by the step)
 *   CSRs       7/8 random bits within the implemented mask (mstatus with the reservation bit
 *              and every MPP value, medeleg, mideleg, mie, mip; aligned vectors and epcs),
 *              1/8 uniform; mip 0 in 3/4 of the lanes (about 1/5 of the steps then take an
 *              interrupt); misa 0x40141101 and mhartid 0 in 3/4; sstatus/sie/sip uniform
 *   pc         4-aligned 7/8, else uniform; load_data: byte and halfword sign patterns
 *   priv       0, 1, 3 with 5/16 each, 2 (reserved) 1/16
 *   irq 1/8, inst_page_fault 1/32, load_page_fault 1/8, store_page_fault 1/8
 *   hints      (rv32ia-priv:hints) the true rs1_val, rs2_val and CSR read value
 * Every bit is a pure function of (seed, sample word, input bit); fixup re-derives x[rs1],
 * x[rs2] and the hints from the forced bits. Thread-safe. */
#ifndef BSYN_SAMPLE_RV32IA_H
#define BSYN_SAMPLE_RV32IA_H

#include <stdint.h>

#include "bsyn_learn_sample.h"
#include "bsyn_oracle.h"
#include "bsyn_rv32ia.h"

/* An instruction word of the mix above, from 64 random bits r. Deterministic; pure. */
uint32_t bsyn_rv32ia_random_inst(uint64_t r);

/* A whole input of the mix above (hints filled when hints != 0) from the hash h. */
void bsyn_rv32ia_random_in(uint64_t h, int hints, bsyn_rv32ia_in *in);

/* Sets in->hints and fills rs1_hint, rs2_hint and csr_hint with the true operands of in:
 * x[rs1], x[rs2] (0 for x0) and the CSR read value of the instruction's CSR address on the
 * legalized CSRs at in's privilege (0 when that access is illegal). Pure. */
void bsyn_rv32ia_true_hints(bsyn_rv32ia_in *in);

/* The sampler for the rv32ia-priv (or :hints) layout: fields must be the oracle's in_fields
 * (x0..x31, the CSRs, inst, pc, load_data, ... at their layout positions) and num_inputs
 * 1,798 or 1,894. Returns NULL for any other layout. Free with bsyn_sampler_free. */
bsyn_sampler *bsyn_sampler_rv32ia(uint32_t num_inputs, const bsyn_field *fields, uint32_t nfields);

#endif
