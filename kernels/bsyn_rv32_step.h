/* bsyn_rv32_step.h — the bit-sliced rv32i-core and rv32i-full steps, one source for the host
 * and for OpenCL. Semantics: docs/rv32i-core.md, docs/rv32i-full.md.
 *
 * A bsyn_row holds one input, output or intermediate bit for a set of vectors, and every
 * helper is plain bitwise logic on rows, so the row type alone decides how wide a step is:
 *   host (default)        GCC vector of 8 words = one tile of 512 vectors: each operator is
 *                         one instruction on AVX-512, two on AVX2, four on SSE2
 *                         (core/bsyn_rv32_slice_kernel.h compiles it once per ISA);
 *   OpenCL C, or host C   one 64-bit word = 64 vectors per work item (kernels/probe.cl;
 *   with BSYN_RV32_ROW_WORD  the host build of a kernel body defines this first).
 * 32-bit quantities are arrays of 32 rows, bit 0 first. Helpers take and return rows through
 * pointers only: a 64-byte vector passed by value has an ISA-dependent calling convention.
 * Pointers are unqualified, i.e. private memory in OpenCL: callers gather rows first. */
#ifndef BSYN_RV32_STEP_H
#define BSYN_RV32_STEP_H

#include "bsyn_kernel_common.h"
#include "bsyn_rv32_layout.h"

#if defined(__OPENCL_VERSION__) || defined(BSYN_RV32_ROW_WORD)
typedef bsyn_k64 bsyn_row;
#define BSYN_ROW_ZERO ((bsyn_row)0)
#else
typedef bsyn_k64 bsyn_row __attribute__((vector_size(64)));
#define BSYN_ROW_ZERO ((bsyn_row){0})
#endif

#define KINLINE static inline __attribute__((always_inline))
/* m ? t : e, bit by bit */
#define MUX(m, t, e) ((e) ^ (((t) ^ (e)) & (m)))

/* sel[x] = the vectors whose n-bit field (rows bits[0..n-1]) equals x; sel has 2^n rows. */
KINLINE void decode_field(const bsyn_row *bits, unsigned n, bsyn_row *sel) {
  sel[0] = ~BSYN_ROW_ZERO;
  for (unsigned t = 0, cnt = 1; t < n; t++, cnt <<= 1)
    for (unsigned k = 0; k < cnt; k++) {
      sel[k + cnt] = sel[k] & bits[t];
      sel[k] &= ~bits[t];
    }
}

/* s = x + (y ^ inv) + cin over 32 bits; *cout (if not 0) gets the carry out. */
KINLINE void add32(bsyn_row *s, const bsyn_row *x, const bsyn_row *y, const bsyn_row *inv,
                   const bsyn_row *cin, bsyn_row *cout) {
  bsyn_row c = *cin;
  for (unsigned i = 0; i < 32; i++) {
    bsyn_row yi = y[i] ^ *inv, t = x[i] ^ yi;
    s[i] = t ^ c;
    c = (x[i] & yi) | (t & c);
  }
  if (cout)
    *cout = c;
}

/* Immediate bit sources per format: inst bit index, or -1 for a constant 0. */
enum { F_I, F_S, F_B, F_U, F_J, NUM_FORMATS };
KINLINE int imm_source(int format, int i) {
  switch (format) {
  case F_I:
    return i < 11 ? 20 + i : 31;
  case F_S:
    return i < 5 ? 7 + i : i < 11 ? 20 + i : 31;
  case F_B:
    return i == 0 ? -1 : i < 5 ? 7 + i : i < 11 ? 20 + i : i == 11 ? 7 : 31;
  case F_U:
    return i < 12 ? -1 : i;
  default:
    return i == 0 ? -1 : i < 11 ? 20 + i : i == 11 ? 20 : i < 20 ? i : 31;
  }
}

/* The decoded instruction: one mask row per condition. The instruction kinds (lui .. op)
 * are legal encodings only; format[] is by opcode alone (it only matters when legal). */
typedef struct decoded {
  bsyn_row f3[8];
  bsyn_row format[NUM_FORMATS];
  bsyn_row lui, auipc, jal, jalr, br, load, store, opimm, op, ecall, ebreak, legal;
  bsyn_row o_op, o_opimm, o_br; /* opcode matches, legal or not */
} decoded;

KINLINE void decode(const bsyn_row *inst, decoded *d) {
  bsyn_row opc[32];
  decode_field(inst + 2, 5, opc);
  decode_field(inst + 12, 3, d->f3);
  bsyn_row low = inst[0] & inst[1];
  bsyn_row o_load = low & opc[0x00], o_misc = low & opc[0x03], o_opimm = low & opc[0x04],
           o_auipc = low & opc[0x05];
  bsyn_row o_store = low & opc[0x08], o_op = low & opc[0x0c], o_lui = low & opc[0x0d],
           o_br = low & opc[0x18];
  bsyn_row o_jalr = low & opc[0x19], o_jal = low & opc[0x1b], o_sys = low & opc[0x1c];
  const bsyn_row *f3 = d->f3;
  /* funct7: f7_alt = 0000000 or 0100000, f7_zero = 0000000 */
  bsyn_row f7_alt = ~(inst[25] | inst[26] | inst[27] | inst[28] | inst[29] | inst[31]);
  bsyn_row f7_zero = f7_alt & ~inst[30];
  bsyn_row other = BSYN_ROW_ZERO; /* any bit set outside opcode and inst[20] */
  for (unsigned i = 7; i < 32; i++)
    if (i != 20)
      other |= inst[i];
  d->ecall = o_sys & ~other & ~inst[20];
  d->ebreak = o_sys & ~other & inst[20];
  d->lui = o_lui;
  d->auipc = o_auipc;
  d->jal = o_jal;
  d->jalr = o_jalr & f3[0];
  d->br = o_br & ~(f3[2] | f3[3]);
  d->load = o_load & ~(f3[3] | f3[6] | f3[7]);
  d->store = o_store & (f3[0] | f3[1] | f3[2]);
  d->opimm = o_opimm & ~(f3[1] & ~f7_zero) & ~(f3[5] & ~f7_alt);
  d->op = o_op & MUX(f3[0] | f3[5], f7_alt, f7_zero);
  d->legal = d->lui | d->auipc | d->jal | d->jalr | d->br | d->load | d->store | d->opimm | d->op |
             (o_misc & f3[0]) | d->ecall | d->ebreak;
  d->format[F_I] = o_jalr | o_load | o_opimm;
  d->format[F_S] = o_store;
  d->format[F_B] = o_br;
  d->format[F_U] = o_lui | o_auipc;
  d->format[F_J] = o_jal;
  d->o_op = o_op;
  d->o_opimm = o_opimm;
  d->o_br = o_br;
}

KINLINE void immediate(const bsyn_row *inst, const decoded *d, bsyn_row *imm) {
  for (int i = 0; i < 32; i++) {
    bsyn_row x = BSYN_ROW_ZERO;
    for (int f = 0; f < NUM_FORMATS; f++) {
      int s = imm_source(f, i);
      if (s >= 0)
        x |= d->format[f] & inst[s];
    }
    imm[i] = x;
  }
}

/* The ALU of OP/OP-IMM, which also compares for branches: sets alu, lt, ltu, eq. */
KINLINE void alu(const bsyn_row *a, const bsyn_row *b, const bsyn_row *imm, const bsyn_row *inst,
                 const decoded *d, bsyn_row *res, bsyn_row *lt, bsyn_row *ltu, bsyn_row *eq) {
  const bsyn_row *f3 = d->f3;
  bsyn_row op2[32], sum[32], x[32];
  for (unsigned i = 0; i < 32; i++)
    op2[i] = MUX(d->o_opimm, imm[i], b[i]);
  /* subtract for SUB, SLT(I)/SLTU(I) and branch compares; ADDI ignores inst[30] */
  bsyn_row sub =
      (d->o_op & f3[0] & inst[30]) | ((d->o_op | d->o_opimm) & (f3[2] | f3[3])) | d->o_br;
  bsyn_row carry, nonzero = BSYN_ROW_ZERO;
  add32(sum, a, op2, &sub, &sub, &carry);
  for (unsigned i = 0; i < 32; i++)
    nonzero |= sum[i];
  *eq = ~nonzero;
  *ltu = ~carry; /* a - op2 borrows */
  *lt = MUX(a[31] ^ op2[31], a[31], *ltu);
  /* one right shifter; a left shift reverses its input and output */
  bsyn_row left = f3[1], fill = f3[5] & inst[30] & a[31];
  for (unsigned i = 0; i < 32; i++)
    x[i] = MUX(left, a[31 - i], a[i]);
  for (unsigned k = 0; k < 5; k++) {
    unsigned dist = 1u << k;
    for (unsigned i = 0; i < 32; i++)
      x[i] = MUX(op2[k], i + dist < 32 ? x[i + dist] : fill, x[i]);
  }
  bsyn_row shift = f3[1] | f3[5];
  for (unsigned i = 0; i < 32; i++) {
    bsyn_row r = (f3[0] & sum[i]) | (shift & MUX(left, x[31 - i], x[i])) |
                 (f3[4] & (a[i] ^ op2[i])) | (f3[6] & (a[i] | op2[i])) | (f3[7] & (a[i] & op2[i]));
    if (i == 0)
      r |= (f3[2] & *lt) | (f3[3] & *ltu);
    res[i] = r;
  }
}

/* Shifts x (32 rows) toward bit 31 (left) or bit 0 (right) by 8 * lane bytes, zero fill. */
KINLINE void byte_shift(bsyn_row *x, const bsyn_row *lane0, const bsyn_row *lane1, int left) {
  for (unsigned k = 0; k < 2; k++) {
    const bsyn_row m = k ? *lane1 : *lane0;
    unsigned dist = 8u << k;
    if (left)
      for (unsigned i = 32; i-- > 0;)
        x[i] = MUX(m, i >= dist ? x[i - dist] : BSYN_ROW_ZERO, x[i]);
    else
      for (unsigned i = 0; i < 32; i++)
        x[i] = MUX(m, i + dist < 32 ? x[i + dist] : BSYN_ROW_ZERO, x[i]);
  }
}

/* rv32i-core on one tile: in/out rows as BSYN_RV32C_IN_* / BSYN_RV32C_OUT_*. */
KINLINE void core_tile(const bsyn_row *in, bsyn_row *out) {
  const bsyn_row *pc = in + BSYN_RV32C_IN_PC, *inst = in + BSYN_RV32C_IN_INST;
  const bsyn_row *a = in + BSYN_RV32C_IN_RS1_VAL, *b = in + BSYN_RV32C_IN_RS2_VAL;
  const bsyn_row *rdata = in + BSYN_RV32C_IN_MEM_RDATA;
  const bsyn_row zero = BSYN_ROW_ZERO, ones = ~zero;
  decoded d;
  decode(inst, &d);
  bsyn_row imm[32], res[32], lt, ltu, eq;
  immediate(inst, &d, imm);
  alu(a, b, imm, inst, &d, res, &lt, &ltu, &eq);
  const bsyn_row *f3 = d.f3;

  /* control flow */
  bsyn_row pc_imm[32], addr[32], pc4[32], target[32];
  add32(pc_imm, pc, imm, &zero, &zero, 0);
  add32(addr, a, imm, &zero, &zero, 0);
  bsyn_row c = ones;
  for (unsigned i = 0; i < 32; i++) {
    pc4[i] = i < 2 ? pc[i] : pc[i] ^ c;
    if (i >= 2)
      c &= pc[i];
  }
  for (unsigned i = 0; i < 32; i++)
    target[i] = MUX(d.jalr, addr[i], pc_imm[i]);
  target[0] &= ~d.jalr;
  bsyn_row cond =
      (f3[0] & eq) | (f3[1] & ~eq) | (f3[4] & lt) | (f3[5] & ~lt) | (f3[6] & ltu) | (f3[7] & ~ltu);
  bsyn_row taken = d.jal | d.jalr | (d.br & cond);
  bsyn_row misfetch = taken & (target[0] | target[1]);

  /* memory: byte, halfword or word at lane addr[1:0] ("half" is an OpenCL type) */
  bsyn_row byte = ~inst[13] & ~inst[12], hword = ~inst[13] & inst[12], word = inst[13] & ~inst[12];
  bsyn_row misaligned = (hword & addr[0]) | (word & (addr[0] | addr[1]));
  bsyn_row ld[32], st[32];
  for (unsigned i = 0; i < 32; i++) {
    ld[i] = rdata[i];
    st[i] = b[i];
  }
  byte_shift(ld, &addr[0], &addr[1], 0);
  byte_shift(st, &addr[0], &addr[1], 1);
  bsyn_row ext = ~inst[14] & MUX(byte, ld[7], ld[15]);
  for (unsigned i = 8; i < 32; i++)
    ld[i] = i < 16 ? MUX(byte, ext, ld[i]) : MUX(word, ld[i], ext);

  /* traps (at most one cause applies) */
  bsyn_row illegal = ~d.legal, load_mis = d.load & misaligned, store_mis = d.store & misaligned;
  bsyn_row trap = illegal | d.ecall | d.ebreak | misfetch | load_mis | store_mis, ok = ~trap;
  out[BSYN_RV32C_OUT_TRAP] = trap;
  out[BSYN_RV32C_OUT_CAUSE + 0] = d.ecall | d.ebreak;
  out[BSYN_RV32C_OUT_CAUSE + 1] = illegal | d.ebreak | store_mis | d.ecall;
  out[BSYN_RV32C_OUT_CAUSE + 2] = load_mis | store_mis;
  out[BSYN_RV32C_OUT_CAUSE + 3] = d.ecall;

  /* register write */
  bsyn_row writes = d.lui | d.auipc | d.jal | d.jalr | d.load | d.opimm | d.op;
  bsyn_row rd_we = ok & writes & (inst[7] | inst[8] | inst[9] | inst[10] | inst[11]);
  bsyn_row jump = d.jal | d.jalr, alu_op = d.op | d.opimm;
  out[BSYN_RV32C_OUT_RD_WE] = rd_we;
  for (unsigned i = 0; i < 32; i++)
    out[BSYN_RV32C_OUT_RD_WDATA + i] =
        rd_we & ((d.lui & imm[i]) | (d.auipc & pc_imm[i]) | (jump & pc4[i]) | (d.load & ld[i]) |
                 (alu_op & res[i]));
  for (unsigned i = 0; i < 32; i++)
    out[BSYN_RV32C_OUT_NEXT_PC + i] = MUX(trap, pc[i], MUX(taken, target[i], pc4[i]));
  for (unsigned i = 0; i < 5; i++) {
    out[BSYN_RV32C_OUT_RS1_ADDR + i] = inst[15 + i];
    out[BSYN_RV32C_OUT_RS2_ADDR + i] = inst[20 + i];
    out[BSYN_RV32C_OUT_RD_ADDR + i] = inst[7 + i];
  }

  /* memory access */
  bsyn_row re = ok & d.load, we = ok & d.store;
  out[BSYN_RV32C_OUT_MEM_RE] = re;
  out[BSYN_RV32C_OUT_MEM_WE] = we;
  for (unsigned i = 0; i < 32; i++)
    out[BSYN_RV32C_OUT_MEM_ADDR + i] = i < 2 ? zero : (re | we) & addr[i];
  for (unsigned j = 0; j < 4; j++) {
    bsyn_row l0 = (j & 1) ? addr[0] : ~addr[0], l1 = (j & 2) ? addr[1] : ~addr[1];
    bsyn_row strobe = we & (word | (hword & l1) | (byte & l0 & l1));
    out[BSYN_RV32C_OUT_MEM_WSTRB + j] = strobe;
    for (unsigned i = 8 * j; i < 8 * j + 8; i++)
      out[BSYN_RV32C_OUT_MEM_WDATA + i] = strobe & st[i];
  }
}

/* Bit-sliced register read: val[bit] = x_k[bit] for the one k that sel picks, 0 for x0. */
KINLINE void read_port(const bsyn_row *regs, const bsyn_row *sel, bsyn_row *val) {
  for (unsigned i = 0; i < 32; i++) {
    bsyn_row v = BSYN_ROW_ZERO;
    for (unsigned k = 1; k < 32; k++)
      v |= regs[32 * (k - 1) + i] & sel[k];
    val[i] = v;
  }
}

/* rv32i-full on one tile: the core step with the register file read and written around it. */
KINLINE void full_tile(const bsyn_row *in, bsyn_row *out) {
  bsyn_row ci[BSYN_RV32C_NUM_INPUTS], co[BSYN_RV32C_NUM_OUTPUTS], sel[32];
  for (unsigned i = 0; i < 32; i++) {
    ci[BSYN_RV32C_IN_PC + i] = in[BSYN_RV32F_IN_PC + i];
    ci[BSYN_RV32C_IN_INST + i] = in[BSYN_RV32F_IN_INST + i];
    ci[BSYN_RV32C_IN_MEM_RDATA + i] = in[BSYN_RV32F_IN_MEM_RDATA + i];
  }
  decode_field(in + BSYN_RV32F_IN_INST + 15, 5, sel);
  read_port(in + BSYN_RV32F_IN_X1, sel, ci + BSYN_RV32C_IN_RS1_VAL);
  decode_field(in + BSYN_RV32F_IN_INST + 20, 5, sel);
  read_port(in + BSYN_RV32F_IN_X1, sel, ci + BSYN_RV32C_IN_RS2_VAL);
  core_tile(ci, co);
  decode_field(co + BSYN_RV32C_OUT_RD_ADDR, 5, sel);
  for (unsigned k = 1; k < 32; k++) {
    bsyn_row m = sel[k] & co[BSYN_RV32C_OUT_RD_WE];
    for (unsigned i = 0; i < 32; i++) {
      unsigned r = 32 * (k - 1) + i;
      out[BSYN_RV32F_OUT_X1 + r] =
          MUX(m, co[BSYN_RV32C_OUT_RD_WDATA + i], in[BSYN_RV32F_IN_X1 + r]);
    }
  }
  for (unsigned i = 0; i < 32; i++)
    out[BSYN_RV32F_OUT_NEXT_PC + i] = co[BSYN_RV32C_OUT_NEXT_PC + i];
  for (unsigned i = 0; i < BSYN_RV32C_NUM_OUTPUTS - BSYN_RV32C_OUT_MEM_ADDR; i++)
    out[BSYN_RV32F_OUT_MEM_ADDR + i] = co[BSYN_RV32C_OUT_MEM_ADDR + i];
}

#endif
