/* The RV32-aware sampler: each of a sample word's 64 lanes is drawn as scalar field values
 * from its own hash, then the lanes are transposed into the bit-sliced rows. The mix is
 * documented in bsyn_sample_rv32.h. */
#include "bsyn_sample_rv32.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bsyn_rv32.h"
#include "bsyn_sample_rv32ia.h"
#include "bsyn_transpose.h"

#define NO_FIELD UINT32_MAX

/* One vector's 32-bit fields. x[0] is unused (x0 is no input). For rv32i-core, rs1_val and
 * rs2_val are inputs; for rv32i-full they are x[rs1] and x[rs2]. */
typedef struct lane {
  uint32_t pc, inst, rs1_val, rs2_val, mem_rdata;
  uint32_t x[32];
} lane;

typedef struct rv32_state {
  int full;
  /* first input bit of each field; NO_FIELD where the layout has none */
  uint32_t pc, inst, rs1_val, rs2_val, mem_rdata;
  uint32_t x[32];
  uint32_t *uniform; /* inputs outside the fields, filled uniformly */
  uint32_t nuniform;
  int near_imm; /* bsyn_sampler_rv32_search: rs1 near the I immediate, pc near carries */
} rv32_state;

static uint64_t sub_draw(uint64_t h, unsigned i) {
  return bsyn_mix64(h + 0x9e3779b97f4a7c15ull * (i + 1));
}

uint32_t bsyn_sample_rv32_stress(uint64_t r) {
  static const uint32_t special[8] = {0,           1,           0xffffffffu, 0x80000000u,
                                      0x7fffffffu, 0x80000001u, 0xfffffffeu, 0x7ffffffeu};
  uint32_t u = (uint32_t)(r >> 32);
  unsigned k = (unsigned)(r >> 8) & 31;
  switch (r & 15) {
  case 8:
    return special[k & 7];
  case 9:
    return 1u << k;
  case 10:
    return ~(1u << k);
  case 11:
    return k; /* small values: shift amounts, SLT results */
  case 12:
    return 0u - k;
  case 13:
    return u >> k;
  case 14:
    return u | 0x80000000u;
  case 15:
    return (uint32_t)((1ull << k) - 1); /* long carry chains */
  default:
    return u;
  }
}

/* Load data: sign bits of every byte and halfword lane exercised. */
static uint32_t rdata_value(uint64_t r) {
  static const uint32_t special[16] = {0x00000080u, 0x000000ffu, 0x0000007fu, 0x00008000u,
                                       0x0000ffffu, 0x00007fffu, 0x80808080u, 0x7f7f7f7fu,
                                       0xff00ff00u, 0x00ff00ffu, 0x80008000u, 0xffffffffu,
                                       0x00000000u, 0x80000000u, 0x7fffffffu, 0x01020304u};
  uint32_t u = (uint32_t)(r >> 32);
  switch (r & 7) {
  case 4:
    return special[(r >> 8) & 15];
  case 5:
    return u | 0x80808080u;
  case 6:
    return u & 0x7f7f7f7fu;
  default:
    return u;
  }
}

/* A sum whose carry runs a long way when reached from a random operand: 0, small values,
 * their negations, powers of two, runs of ones below or above bit k. */
static uint32_t carry_target(uint64_t r) {
  unsigned k = (unsigned)(r >> 3) & 31;
  switch (r & 7) {
  case 0:
    return 0;
  case 1:
    return k;
  case 2:
    return 0u - k;
  case 3:
    return 1u << k;
  case 4:
    return ~((1u << k) - 1);
  case 5:
    return (uint32_t)((1ull << k) - 1);
  case 6:
    return 0x80000000u ^ k;
  default:
    return (uint32_t)(r >> 32);
  }
}

/* 3/8 of the draws: a pc from which pc + 4, or pc plus the B or J immediate of inst's bits
 * (whatever its opcode: a node's path may force the opcode, not the other bits), is an
 * aligned carry_target, so that the adder's carry runs through any number of bits. The rest
 * as below. */
static uint32_t pc_value(uint64_t r, uint32_t inst) {
  static const uint32_t special[4] = {0, 0x80000000u, 0xfffffffcu, 0x00010000u};
  if ((r & 7) < 3) {
    uint32_t off = (r & 7) == 0 ? 4u : (r & 7) == 1 ? bsyn_rv32_imm_b(inst) : bsyn_rv32_imm_j(inst);
    return (carry_target(r >> 3) & ~3u) - off;
  }
  r >>= 3;
  uint32_t u = (uint32_t)(r >> 32);
  if ((r & 7) == 0)
    return u; /* any pc, misaligned ones included */
  if (((r >> 3) & 3) == 0)
    return special[(r >> 5) & 3];
  return u & ~3u;
}

/* An effective address for a load, store or JALR: a stress base (MMIO, wrap-around, sign
 * boundary) with low bits covering every alignment; JALR targets are aligned 3/4 of the time. */
static uint32_t address_value(uint64_t r, int jalr) {
  static const uint32_t bases[4] = {0x10000000u, 0, 0xfffffffcu, 0x80000000u};
  uint32_t base = ((r >> 4) & 1) ? bsyn_sample_rv32_stress(r >> 8) : bases[(r >> 5) & 3];
  uint32_t low = (uint32_t)(r >> 6) & 3;
  if (jalr)
    low = ((r >> 6) & 3) ? (uint32_t)(r >> 8) & 1 : 2 + ((uint32_t)(r >> 8) & 1);
  return (base & ~3u) | low;
}

/* x0 and equal-register cases, and aligned branch/jump offsets, on a legal instruction. */
static uint32_t tweak_inst(uint32_t w, uint64_t r) {
  uint32_t op = w & 0x7f;
  if (op == BSYN_RV32_OPC_SYSTEM)
    return w; /* ECALL and EBREAK are exact words */
  if ((r & 7) == 0)
    w &= ~(31u << 7);
  if (((r >> 3) & 7) == 0)
    w &= ~(31u << 15);
  if (((r >> 6) & 15) == 0)
    w &= ~(31u << 20);
  if (((r >> 10) & 7) == 0)
    w = (w & ~(31u << 20)) | ((w >> 15 & 31) << 20);
  if (((r >> 13) & 15) == 0)
    w = (w & ~(31u << 7)) | ((w >> 15 & 31) << 7);
  if (((r >> 17) & 3) != 0) {
    if (op == BSYN_RV32_OPC_BRANCH)
      w &= ~(1u << 8); /* immB[1] */
    else if (op == BSYN_RV32_OPC_JAL)
      w &= ~(1u << 21); /* immJ[1] */
  }
  return w;
}

static uint32_t inst_value(uint64_t r, uint64_t r2) {
  uint32_t base = bsyn_rv32_random_inst(r2);
  unsigned sel = (unsigned)(r & 15);
  if (sel <= 10)
    return tweak_inst(base, r >> 8);
  if (sel <= 12)
    return base ^ (1u << ((r >> 8) % 32));
  if (sel == 13) {
    switch ((r >> 8) & 3) {
    case 0:
      return BSYN_RV32_INST_ECALL;
    case 1:
      return BSYN_RV32_INST_EBREAK;
    case 2:
      return ((uint32_t)r2 & ~(7u << 12) & ~0x7fu) | BSYN_RV32_OPC_MISC_MEM; /* FENCE, any fields */
    default:
      return (((r >> 10) & 1) ? BSYN_RV32_INST_EBREAK : BSYN_RV32_INST_ECALL) ^
             (1u << (7 + (r >> 11) % 25));
    }
  }
  if (sel == 14)
    return (uint32_t)r2;
  if ((base & 0x7f) == BSYN_RV32_OPC_SYSTEM)
    return base;
  static const uint32_t imms[4] = {0xfff, 0, 0x800, 0x7ff};
  return (base & 0x000fffffu) | imms[(r >> 8) & 3] << 20;
}

/* The second operand, related to the first in 1/2 of the draws. */
static uint32_t rs2_value(uint64_t r, uint32_t rs1) {
  switch (r & 7) {
  case 0:
    return rs1;
  case 1:
    return ~rs1;
  case 2:
    return rs1 + 1;
  case 3:
    return rs1 - 1;
  default:
    return bsyn_sample_rv32_stress(r >> 3);
  }
}

/* A value near t: t itself, one off, or t with its bits below a random bit re-drawn (a
 * comparison with t decided at that bit). */
static uint32_t near_value(uint32_t t, uint64_t r) {
  switch (r & 3) {
  case 0:
    return t;
  case 1:
    return t + 1;
  case 2:
    return t - 1;
  default: {
    uint32_t low = (uint32_t)((1ull << ((r >> 2) & 31)) - 1);
    return (t & ~low) | ((uint32_t)(r >> 32) & low);
  }
  }
}

#define MERGE(f, v) ((cur->f & mask->f) | ((v) & ~mask->f))

/* Lane `ln` of sample word `word`: every field is cur's forced bits (mask) plus the lane's own
 * draw, derived in dependency order from the merged values. */
static void draw_lane(const rv32_state *st, uint64_t seed, uint64_t word, unsigned ln,
                      const lane *cur, const lane *mask, lane *out) {
  uint64_t h = bsyn_mix64(seed ^ 0x6a09e667f3bcc909ull ^ bsyn_mix64(word * 64 + ln));
  out->inst = MERGE(inst, inst_value(sub_draw(h, 1), sub_draw(h, 2)));
  uint32_t pcv = pc_value(sub_draw(h, 0), out->inst);
  uint64_t rp = sub_draw(h, 8 + 32); /* x[] of rv32i-full takes 8 + 1..31 */
  if (st->near_imm && (rp & 3) == 0) {
    /* pc + 4, + the U, B or J immediate carries far, from a pc with any low bits (a
     * misaligned pc is legal input: the fetch trap is the oracle's to answer) */
    uint32_t off = (rp & 12) == 0   ? 4u
                   : (rp & 12) == 4 ? bsyn_rv32_imm_u(out->inst)
                   : (rp & 12) == 8 ? bsyn_rv32_imm_b(out->inst)
                                    : bsyn_rv32_imm_j(out->inst);
    pcv = ((carry_target(rp >> 4) & ~3u) - off) | ((uint32_t)(rp >> 40) & 3u);
  }
  out->pc = MERGE(pc, pcv);
  uint32_t op = out->inst & 0x7f, rs1 = out->inst >> 15 & 31, rs2 = out->inst >> 20 & 31;
  uint32_t v1 = bsyn_sample_rv32_stress(sub_draw(h, 3));
  uint64_t ra = sub_draw(h, 4);
  if ((op == BSYN_RV32_OPC_LOAD || op == BSYN_RV32_OPC_STORE || op == BSYN_RV32_OPC_JALR) &&
      (ra & 1))
    v1 = address_value(ra >> 1, op == BSYN_RV32_OPC_JALR) -
         (op == BSYN_RV32_OPC_STORE ? bsyn_rv32_imm_s(out->inst) : bsyn_rv32_imm_i(out->inst));
  uint64_t rn = sub_draw(h, 7);
  if (st->near_imm && (rn & 3) == 0) /* SLTI, SLTIU: the operand against the immediate */
    v1 = near_value(bsyn_rv32_imm_i(out->inst), rn >> 2);
  uint64_t r2 = sub_draw(h, 5);
  if (!st->full) {
    out->rs1_val = MERGE(rs1_val, v1);
    out->rs2_val = MERGE(rs2_val, rs2_value(r2, out->rs1_val));
  } else {
    uint32_t v[32];
    v[0] = 0;
    for (unsigned k = 1; k < 32; k++)
      v[k] = bsyn_sample_rv32_stress(sub_draw(h, 8 + k));
    if (rs1)
      v[rs1] = v1;
    uint32_t a = rs1 ? MERGE(x[rs1], v[rs1]) : 0;
    if (rs2 && rs2 != rs1)
      v[rs2] = rs2_value(r2, a);
    for (unsigned k = 1; k < 32; k++)
      out->x[k] = MERGE(x[k], v[k]);
  }
  out->mem_rdata = MERGE(mem_rdata, rdata_value(sub_draw(h, 6)));
}

/* The fields a layout has, as (lsb, offset of the lane member) pairs. */
static unsigned field_list(const rv32_state *st, uint32_t lsb[40], size_t off[40]) {
  unsigned n = 0;
#define ADD(l, member)                                                                             \
  do {                                                                                             \
    lsb[n] = (l);                                                                                  \
    off[n++] = offsetof(lane, member);                                                             \
  } while (0)
  ADD(st->pc, pc);
  ADD(st->inst, inst);
  ADD(st->mem_rdata, mem_rdata);
  if (!st->full) {
    ADD(st->rs1_val, rs1_val);
    ADD(st->rs2_val, rs2_val);
  } else {
    for (unsigned k = 1; k < 32; k++)
      ADD(st->x[k], x[k]);
  }
#undef ADD
  return n;
}

static uint32_t *lane_field(lane *l, size_t off) { return (uint32_t *)((char *)l + off); }

/* Draws words first_word.. into rows; with fixed != NULL, keeps the forced bits of rows. */
static void generate(const bsyn_sampler *s, uint64_t seed, uint64_t first_word, size_t nwords,
                     const uint8_t *fixed, uint64_t *rows, size_t stride) {
  const rv32_state *st = s->state;
  uint32_t lsb[40];
  size_t off[40];
  unsigned nf = field_list(st, lsb, off);
  lane mask, cur[64], out[64];
  uint64_t m[64];
  memset(&mask, 0, sizeof mask);
  memset(cur, 0, sizeof cur);
  for (unsigned f = 0; f < nf && fixed; f++)
    for (unsigned b = 0; b < 32; b++)
      *lane_field(&mask, off[f]) |= (uint32_t)(fixed[lsb[f] + b] != 0) << b;
  for (size_t k = 0; k < nwords; k++) {
    uint64_t word = first_word + k;
    for (unsigned f = 0; f < nf && fixed; f++) {
      if (!*lane_field(&mask, off[f]))
        continue;
      bsyn_transpose64_gather(rows + (size_t)lsb[f] * stride + k, stride, 32, m);
      for (unsigned v = 0; v < 64; v++)
        *lane_field(&cur[v], off[f]) = (uint32_t)m[v];
    }
    for (unsigned v = 0; v < 64; v++)
      draw_lane(st, seed, word, v, &cur[v], &mask, &out[v]);
    for (unsigned f = 0; f < nf; f++) {
      for (unsigned v = 0; v < 64; v++)
        m[v] = *lane_field(&out[v], off[f]);
      bsyn_transpose64_scatter(m, rows + (size_t)lsb[f] * stride + k, stride, 32);
    }
    if (!fixed)
      for (uint32_t u = 0; u < st->nuniform; u++)
        rows[(size_t)st->uniform[u] * stride + k] =
            bsyn_sample_uniform_word(seed, st->uniform[u], word);
  }
}

static void rv32_fill(const bsyn_sampler *s, uint64_t seed, uint64_t first_word, size_t nwords,
                      uint64_t *rows, size_t stride) {
  generate(s, seed, first_word, nwords, NULL, rows, stride);
}

static void rv32_fixup(const bsyn_sampler *s, uint64_t seed, uint64_t first_word, size_t nwords,
                       const uint8_t *fixed, uint64_t *rows, size_t stride) {
  generate(s, seed, first_word, nwords, fixed, rows, stride);
}

static void rv32_destroy(bsyn_sampler *s) {
  rv32_state *st = s->state;
  free(st->uniform);
  free(st);
}

/* lsb of the 32-bit field `name`, or NO_FIELD. */
static uint32_t find_field(const bsyn_field *fields, uint32_t n, uint32_t num_inputs,
                           const char *name) {
  for (uint32_t i = 0; i < n; i++)
    if (fields[i].name && !strcmp(fields[i].name, name) && fields[i].width == 32 &&
        fields[i].lsb <= num_inputs - 32 && num_inputs >= 32)
      return fields[i].lsb;
  return NO_FIELD;
}

bsyn_sampler *bsyn_sampler_rv32(uint32_t num_inputs, const bsyn_field *fields, uint32_t nfields) {
  bsyn_sampler *ia = bsyn_sampler_rv32ia(num_inputs, fields, nfields);
  if (ia)
    return ia;
  rv32_state st;
  memset(&st, 0, sizeof st);
  st.pc = find_field(fields, nfields, num_inputs, "pc");
  st.inst = find_field(fields, nfields, num_inputs, "inst");
  st.mem_rdata = find_field(fields, nfields, num_inputs, "mem_rdata");
  st.rs1_val = find_field(fields, nfields, num_inputs, "rs1_val");
  st.rs2_val = find_field(fields, nfields, num_inputs, "rs2_val");
  int full = 1;
  for (unsigned k = 1; k < 32; k++) {
    char name[8];
    snprintf(name, sizeof name, "x%u", k);
    st.x[k] = find_field(fields, nfields, num_inputs, name);
    full &= st.x[k] != NO_FIELD;
  }
  st.full = full && (st.rs1_val == NO_FIELD || st.rs2_val == NO_FIELD);
  if (st.pc == NO_FIELD || st.inst == NO_FIELD || st.mem_rdata == NO_FIELD ||
      (!st.full && (st.rs1_val == NO_FIELD || st.rs2_val == NO_FIELD)))
    return NULL;
  rv32_state *own = bsyn_malloc(sizeof *own);
  *own = st;
  uint8_t *covered = bsyn_calloc(num_inputs + 1, 1);
  uint32_t lsb[40];
  size_t off[40];
  unsigned nf = field_list(own, lsb, off);
  for (unsigned f = 0; f < nf; f++)
    memset(covered + lsb[f], 1, 32);
  own->uniform = bsyn_malloc(((size_t)num_inputs + 1) * sizeof *own->uniform);
  for (uint32_t i = 0; i < num_inputs; i++)
    if (!covered[i])
      own->uniform[own->nuniform++] = i;
  free(covered);
  bsyn_sampler *s = bsyn_calloc(1, sizeof *s);
  s->kind = "rv32";
  s->num_inputs = num_inputs;
  s->fill = rv32_fill;
  s->fixup = rv32_fixup;
  s->destroy = rv32_destroy;
  s->state = own;
  return s;
}

bsyn_sampler *bsyn_sampler_rv32_search(uint32_t num_inputs, const bsyn_field *fields,
                                       uint32_t nfields) {
  bsyn_sampler *s = bsyn_sampler_rv32ia(num_inputs, fields, nfields);
  if (s)
    return s; /* the rv32ia-priv layout has no search variant of its own */
  s = bsyn_sampler_rv32(num_inputs, fields, nfields);
  if (s)
    ((rv32_state *)s->state)->near_imm = 1;
  return s;
}
