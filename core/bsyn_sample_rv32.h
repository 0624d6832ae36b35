/* bsyn_sample_rv32.h — an RV32-aware sampling distribution (a bsyn_sampler plug-in, see
 * bsyn_learn_sample.h) for the rv32i-core and rv32i-full input layouts.
 *
 * Uniform samples almost never contain the cases a CPU's logic is made of: an exact ECALL
 * word, rs1 == rs2, equal operands, a store address that is misaligned by one byte. This
 * sampler draws each vector (each of the 64 lanes of a sample word) from the RV32I encoding
 * space and from operand stress values instead. The mix (docs/verify.md lists it too):
 *
 *   inst       11/16 a legal kind (bsyn_rv32_random_inst: every OP/OP-IMM/branch/load/store
 *                    funct combination, LUI, AUIPC, JAL, JALR, FENCE, ECALL, EBREAK, and its
 *                    1/16 near misses), then register fields: rd = x0 1/8, rs1 = x0 1/8,
 *                    rs2 = x0 1/16, rs1 = rs2 1/8, rd = rs1 1/16; branch and JAL offsets
 *                    are kept 4-aligned 3/4 of the time (the rest trap with cause 0 when taken)
 *               2/16 a legal kind with one random bit flipped (near-miss encodings)
 *               1/16 exact SYSTEM/FENCE words: ECALL, EBREAK, a FENCE with random fields, or
 *                    ECALL/EBREAK with one bit flipped
 *               1/16 uniformly random (inst[1:0] != 11 and unlisted opcodes: illegal)
 *               1/16 a legal kind with inst[31:20] stressed (all ones, zero, sign bit only)
 *   pc         1/4 such that the next pc (pc + 4, or the branch or JAL target) is an
 *              aligned stress value (long carry runs through the adder); else 7/8 4-aligned
 *              (1/4 of those at 0, 0x80000000, 0xfffffffc or 0x10000), 1/8 any
 *   rs1_val    a stress value (1/2 uniform; else 0, 1, -1, 0x80000000, 0x7fffffff,
 *              0x80000001, 1 << k, ~(1 << k), small 0..31, -small); for loads, stores and
 *              JALR, half of the time rs1_val = A - imm so that the address A is a stress
 *              value with low bits hitting every alignment (JALR targets 3/4 aligned)
 *   rs2_val    1/8 each: rs1_val, ~rs1_val, rs1_val + 1, rs1_val - 1; else a stress value
 *              (which includes the small shift amounts)
 *   mem_rdata  a stress value with byte/halfword sign patterns (0x80, 0xff, 0x8000, ...)
 *   x1..x31    (rv32i-full) stress values; x[rs1] and x[rs2] then take the rs1_val and
 *              rs2_val drawn as above (x0 stays 0: nothing to draw)
 *
 * Dependent fields (pc and rs1_val on inst, rs2_val on rs1_val, x[rs1]/x[rs2] on inst) are derived
 * after the learner's forced bits are in place: fixup recomputes every lane from the forced
 * bits plus the lane's own hash, so a fixup with nothing forced reproduces fill exactly.
 * Every bit is a pure function of (seed, sample word, input bit); thread-safe. */
#ifndef BSYN_SAMPLE_RV32_H
#define BSYN_SAMPLE_RV32_H

#include <stdint.h>

#include "bsyn_learn_sample.h"
#include "bsyn_oracle.h"

/* The RV32-aware sampler for an oracle whose input fields (fields, nfields; bsyn_oracle's
 * in_fields) contain 32-bit fields pc, inst and mem_rdata, plus either rs1_val and rs2_val
 * (rv32i-core) or x1..x31 (rv32i-full), anywhere in its num_inputs bits. Inputs outside
 * those fields are filled uniformly. The rv32ia-priv layout gets bsyn_sampler_rv32ia
 * (bsyn_sample_rv32ia.h). Returns NULL when the fields do not fit (not an RV32 oracle). Free
 * with bsyn_sampler_free. Fields are copied (names not kept). */
bsyn_sampler *bsyn_sampler_rv32(uint32_t num_inputs, const bsyn_field *fields, uint32_t nfields);

/* bsyn_sampler_rv32 for counterexample search: in a quarter of the lanes the first operand
 * is also drawn near the lane's I immediate (equal, one off, or agreeing above a random
 * bit), where SLTI and SLTIU decide; in another quarter pc is drawn so that pc + 4 or pc
 * plus the lane's U, B or J immediate carries far, with any low two bits (misaligned pcs
 * included). Not a learning distribution: relations between fields
 * that hold on every free bit keep equal sub-functions apart (docs/rv32-learning.md). */
bsyn_sampler *bsyn_sampler_rv32_search(uint32_t num_inputs, const bsyn_field *fields,
                                       uint32_t nfields);

/* An operand stress value from 64 random bits r: half uniform, half the values that carry,
 * sign and shift logic hinge on (0, 1, -1, sign bits, powers of two and their complements,
 * small values and their negations, runs of ones). Pure. */
uint32_t bsyn_sample_rv32_stress(uint64_t r);

#endif
