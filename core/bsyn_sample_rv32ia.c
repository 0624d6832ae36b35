/* The RV32IA-aware sampler: each lane is drawn as a bsyn_rv32ia_in from its own hash (the
 * mix of bsyn_sample_rv32ia.h), merged with the learner's forced bits field by field, then
 * packed into the layout's bits and transposed into rows 64 inputs at a time. */
#include "bsyn_sample_rv32ia.h"

#include <stdlib.h>
#include <string.h>

#include "bsyn_rv32.h"
#include "bsyn_sample_rv32.h"
#include "bsyn_transpose.h"

static uint64_t sub_draw(uint64_t h, unsigned i) {
  return bsyn_mix64(h + 0x9e3779b97f4a7c15ull * (i + 1));
}

/* A value related to a (equal, one off, complement) in 1/4 of the draws. */
static uint32_t related_value(uint64_t r, uint32_t a) {
  static const int32_t delta[4] = {0, 1, -1, 0};
  if ((r & 3) != 0)
    return bsyn_sample_rv32_stress(r >> 2);
  return ((r >> 2) & 3) == 3 ? ~a : a + (uint32_t)delta[(r >> 2) & 3];
}

/* Load data with the sign bits of every byte and halfword lane exercised. */
static uint32_t load_value(uint64_t r) {
  static const uint32_t special[8] = {0x00000080u, 0x0000ff00u, 0x80008000u, 0x7fff7fffu,
                                      0x80808080u, 0xffffffffu, 0x00000000u, 0x7fffffffu};
  uint32_t u = (uint32_t)(r >> 32);
  return (r & 3) == 0 ? special[(r >> 2) & 7] : (r & 3) == 1 ? u | 0x80808080u : u;
}

static uint32_t with_field(uint32_t w, unsigned lsb, unsigned width, uint32_t v) {
  uint32_t m = ((1u << width) - 1) << lsb;
  return (w & ~m) | ((v << lsb) & m);
}

static uint32_t csr_inst(uint64_t r) {
  static const uint8_t funct3[6] = {1, 2, 3, 5, 6, 7};
  static const uint16_t illegal[12] = {0xC00, 0xC01, 0xC02, 0xB00, 0xB02, 0x3A0,
                                       0x3B0, 0x7B0, 0x7A0, 0x320, 0x600, 0x001};
  uint32_t addr;
  if ((r & 7) != 0)
    addr = bsyn_rv32ia_csr_addr((unsigned)((r >> 3) % bsyn_rv32ia_num_csr_addrs()));
  else
    addr = (r >> 3) & 1 ? illegal[(r >> 4) % 12] : (uint32_t)(r >> 8) & 0xfff;
  uint32_t w = (uint32_t)(r >> 32) & 0x000fff80u; /* rs1, rd */
  if (((r >> 16) & 3) == 0)
    w &= ~(31u << 15);
  return w | addr << 20 | (uint32_t)funct3[(r >> 18) % 6] << 12 | BSYN_RV32_OPC_SYSTEM;
}

static uint32_t amo_inst(uint64_t r) {
  static const uint8_t funct5[11] = {0x02, 0x03, 0x01, 0x00, 0x04, 0x0c,
                                     0x08, 0x10, 0x14, 0x18, 0x1c};
  unsigned f5 = funct5[(r & 0xff) % 11];
  uint32_t w = ((uint32_t)(r >> 32) & 0x07ff8f80u) | 2u << 12 | BSYN_RV32IA_OPC_AMO;
  if (f5 == 0x02 && ((r >> 8) & 7) != 0)
    w &= ~(31u << 20); /* LR.W with rs2 = 0 */
  return w | (uint32_t)f5 << 27;
}

static uint32_t system_word(uint64_t r) {
  static const uint32_t words[6] = {BSYN_RV32_INST_ECALL,  BSYN_RV32_INST_EBREAK,
                                    BSYN_RV32IA_INST_MRET, BSYN_RV32IA_INST_SRET,
                                    BSYN_RV32IA_INST_WFI,  BSYN_RV32IA_SFENCE_MATCH};
  unsigned k = (unsigned)((r & 0xff) % 6);
  uint32_t w = words[k];
  if (k == 5)
    w |= (uint32_t)(r >> 32) & 0x01ff8000u; /* SFENCE.VMA rs1, rs2 */
  if (((r >> 8) & 3) == 0)
    w ^= 1u << ((r >> 10) % 32);
  return w;
}

static uint32_t illegal_inst(uint64_t r) {
  uint32_t u = (uint32_t)(r >> 32);
  switch (r & 3) {
  case 0:
    return with_field(with_field(u, 0, 7, BSYN_RV32_OPC_SYSTEM), 12, 3, 4);
  case 1: /* RV32A with a random funct3 or funct5 */
    return with_field(u, 0, 7, BSYN_RV32IA_OPC_AMO);
  default:
    return u;
  }
}

/* rd = 0, rs1 = rs2 and rd = rs1 cases on a word with register fields. */
static uint32_t tweak_registers(uint32_t w, uint64_t r) {
  if ((r & 7) == 0)
    w = with_field(w, 7, 5, 0);
  if (((r >> 3) & 7) == 0)
    w = with_field(w, 20, 5, w >> 15);
  if (((r >> 6) & 15) == 0)
    w = with_field(w, 7, 5, w >> 15);
  return w;
}

uint32_t bsyn_rv32ia_random_inst(uint64_t r) {
  uint64_t r2 = bsyn_mix64(r ^ 0x5851f42d4c957f2dull);
  unsigned sel = (unsigned)(r & 15);
  if (sel < 5)
    return tweak_registers(bsyn_rv32_random_inst(r2), r >> 8);
  if (sel < 8)
    return tweak_registers(csr_inst(r2), r >> 8);
  if (sel < 11)
    return tweak_registers(amo_inst(r2), r >> 8);
  if (sel < 13)
    return system_word(r2);
  if (sel == 13) /* FENCE.I, any other fields */
    return with_field(with_field((uint32_t)r2, 0, 7, BSYN_RV32_OPC_MISC_MEM), 12, 3, 1);
  if (sel == 14)
    return with_field(with_field((uint32_t)r2, 0, 7, BSYN_RV32_OPC_MISC_MEM), 12, 3, 0);
  return illegal_inst(r2);
}

/* The first operand of a memory instruction or JALR: an address A (word aligned, or any
 * alignment) minus the instruction's immediate. */
static uint32_t address_operand(uint64_t r, uint32_t inst) {
  uint32_t op = inst & 0x7f, a = bsyn_sample_rv32_stress(r >> 4);
  if (bsyn_mix64(r) & 1)
    a &= 0x1ffcu; /* small addresses */
  int aligned = op == BSYN_RV32IA_OPC_AMO ? (r & 3) != 0 : (r & 1) != 0;
  a = aligned ? a & ~3u : (a & ~3u) | ((uint32_t)(r >> 2) & 3);
  if (op == BSYN_RV32_OPC_STORE)
    return a - bsyn_rv32_imm_s(inst);
  if (op == BSYN_RV32_OPC_LOAD || op == BSYN_RV32_OPC_JALR)
    return a - bsyn_rv32_imm_i(inst);
  return a;
}

static uint32_t csr_value(uint64_t r, unsigned k) {
  uint32_t u = (uint32_t)(r >> 32);
  if (k == BSYN_RV32IA_MIP && (r & 0x18) != 0)
    return 0; /* 3/4: else most steps would take an interrupt */
  if ((r & 7) == 0)
    return u;
  switch (k) {
  case BSYN_RV32IA_MSTATUS:
    return u & BSYN_RV32IA_MSTATUS_LEGAL;
  case BSYN_RV32IA_MEDELEG:
    return u & BSYN_RV32IA_MEDELEG_LEGAL;
  case BSYN_RV32IA_MIDELEG:
  case BSYN_RV32IA_MIP:
    return u & BSYN_RV32IA_MIP_LEGAL;
  case BSYN_RV32IA_MIE:
    return u & BSYN_RV32IA_MIE_LEGAL;
  case BSYN_RV32IA_MTVEC:
  case BSYN_RV32IA_STVEC:
  case BSYN_RV32IA_MEPC:
  case BSYN_RV32IA_SEPC:
    return u & BSYN_RV32IA_ALIGN_MASK;
  case BSYN_RV32IA_MISA:
    return (r & 3) ? 0x40141101u : u;
  case BSYN_RV32IA_MHARTID:
    return (r & 3) ? 0 : u;
  default:
    return u;
  }
}

/* The true operand values for the hints of a (merged) input. */
static void true_hints(const bsyn_rv32ia_in *in, uint32_t *rs1, uint32_t *rs2, uint32_t *old) {
  unsigned a = in->inst >> 15 & 31, b = in->inst >> 20 & 31;
  uint32_t csr[BSYN_RV32IA_NUM_CSRS];
  memcpy(csr, in->csr, sizeof csr);
  bsyn_rv32ia_legalize(csr);
  unsigned p = (in->priv & 3) == 2 ? 3 : in->priv & 3;
  *rs1 = a ? in->x[a] : 0;
  *rs2 = b ? in->x[b] : 0;
  if (!bsyn_rv32ia_csr_read(csr, in->inst >> 20, p, in->irq, 0, old))
    *old = 0;
}

void bsyn_rv32ia_true_hints(bsyn_rv32ia_in *in) {
  in->hints = 1;
  true_hints(in, &in->rs1_hint, &in->rs2_hint, &in->csr_hint);
}

#define MERGE(f, v) ((cur->f & mask->f) | ((v) & ~mask->f))

/* One lane from hash h: every field is cur's forced bits (mask) plus the lane's own draw, the
 * dependent fields (x[rs1], x[rs2], hints) derived from the merged values. */
static void draw(uint64_t h, int hints, const bsyn_rv32ia_in *cur, const bsyn_rv32ia_in *mask,
                 bsyn_rv32ia_in *out) {
  memset(out, 0, sizeof *out);
  out->hints = hints;
  out->inst = MERGE(inst, bsyn_rv32ia_random_inst(sub_draw(h, 0)));
  uint64_t r = sub_draw(h, 1);
  out->pc = MERGE(pc, (r & 7) ? (uint32_t)(r >> 32) & ~3u : (uint32_t)(r >> 32));
  out->load_data = MERGE(load_data, load_value(sub_draw(h, 2)));
  r = sub_draw(h, 3);
  out->irq = MERGE(irq, (r & 7) == 0);
  out->inst_page_fault = MERGE(inst_page_fault, ((r >> 3) & 31) == 0);
  out->load_page_fault = MERGE(load_page_fault, ((r >> 8) & 7) == 0);
  out->store_page_fault = MERGE(store_page_fault, ((r >> 11) & 7) == 0);
  static const uint8_t privs[16] = {0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 3, 3, 3, 3, 3, 2};
  out->priv = MERGE(priv, privs[(r >> 14) & 15]);
  for (unsigned k = 0; k < BSYN_RV32IA_NUM_CSRS; k++)
    out->csr[k] = MERGE(csr[k], csr_value(sub_draw(h, 8 + k), k));
  uint32_t x[32];
  for (unsigned k = 0; k < 32; k++)
    x[k] = bsyn_sample_rv32_stress(sub_draw(h, 32 + k));
  unsigned a = out->inst >> 15 & 31, b = out->inst >> 20 & 31;
  uint32_t op = out->inst & 0x7f;
  r = sub_draw(h, 4);
  if (a && (r & 3) &&
      (op == BSYN_RV32_OPC_LOAD || op == BSYN_RV32_OPC_STORE || op == BSYN_RV32_OPC_JALR ||
       op == BSYN_RV32IA_OPC_AMO))
    x[a] = address_operand(r >> 2, out->inst);
  uint32_t av = a ? MERGE(x[a], x[a]) : 0;
  if (b && b != a)
    x[b] = related_value(sub_draw(h, 5), av);
  for (unsigned k = 0; k < 32; k++)
    out->x[k] = MERGE(x[k], x[k]);
  if (hints) {
    uint32_t h1, h2, h3;
    true_hints(out, &h1, &h2, &h3);
    out->rs1_hint = MERGE(rs1_hint, h1);
    out->rs2_hint = MERGE(rs2_hint, h2);
    out->csr_hint = MERGE(csr_hint, h3);
  }
}

void bsyn_rv32ia_random_in(uint64_t h, int hints, bsyn_rv32ia_in *in) {
  bsyn_rv32ia_in zero;
  memset(&zero, 0, sizeof zero);
  draw(h, hints, &zero, &zero, in);
}

/* The sampler: the layout is fixed, only whether it has hints varies. */
typedef struct ia_state {
  int hints;
  uint32_t num_inputs;
} ia_state;

enum { CHUNKS = BSYN_RV32IA_IN_WORDS };

/* Draws words first_word.. into rows; with fixed != NULL, keeps the forced bits of rows. */
static void generate(const bsyn_sampler *s, uint64_t seed, uint64_t first_word, size_t nwords,
                     const uint8_t *fixed, uint64_t *rows, size_t stride) {
  const ia_state *st = s->state;
  uint64_t mask_bits[CHUNKS] = {0}, m[64];
  uint64_t(*lanes)[CHUNKS] = bsyn_malloc(64 * sizeof *lanes);
  int any = 0;
  for (uint32_t i = 0; fixed && i < st->num_inputs; i++)
    if (fixed[i]) {
      mask_bits[i / 64] |= 1ull << (i % 64);
      any = 1;
    }
  bsyn_rv32ia_in mask, cur, out;
  bsyn_rv32ia_unpack_in(mask_bits, st->hints, &mask);
  memset(&cur, 0, sizeof cur);
  /* the chunks of 64 inputs the layout has: 29 without hints, 30 with them */
  unsigned nchunks = (st->num_inputs + 63) / 64;
  for (size_t k = 0; k < nwords; k++) {
    uint64_t word = first_word + k;
    for (unsigned c = 0; c < nchunks && any; c++) {
      uint32_t lsb = 64 * c, n = st->num_inputs - lsb < 64 ? st->num_inputs - lsb : 64;
      bsyn_transpose64_gather(rows + (size_t)lsb * stride + k, stride, n, m);
      for (unsigned v = 0; v < 64; v++)
        lanes[v][c] = m[v];
    }
    for (unsigned v = 0; v < 64; v++) {
      uint64_t h = bsyn_mix64(seed ^ 0xbb67ae8584caa73bull ^ bsyn_mix64(word * 64 + v));
      if (any)
        bsyn_rv32ia_unpack_in(lanes[v], st->hints, &cur);
      draw(h, st->hints, &cur, &mask, &out);
      bsyn_rv32ia_pack_in(&out, lanes[v]);
    }
    for (unsigned c = 0; c < nchunks; c++) {
      uint32_t lsb = 64 * c, n = st->num_inputs - lsb < 64 ? st->num_inputs - lsb : 64;
      for (unsigned v = 0; v < 64; v++)
        m[v] = lanes[v][c];
      bsyn_transpose64_scatter(m, rows + (size_t)lsb * stride + k, stride, n);
    }
  }
  free(lanes);
}

static void ia_fill(const bsyn_sampler *s, uint64_t seed, uint64_t first_word, size_t nwords,
                    uint64_t *rows, size_t stride) {
  generate(s, seed, first_word, nwords, NULL, rows, stride);
}

static void ia_fixup(const bsyn_sampler *s, uint64_t seed, uint64_t first_word, size_t nwords,
                     const uint8_t *fixed, uint64_t *rows, size_t stride) {
  generate(s, seed, first_word, nwords, fixed, rows, stride);
}

static void ia_destroy(bsyn_sampler *s) { free(s->state); }

/* 1 when fields has `name` at lsb with width. */
static int has_field(const bsyn_field *fields, uint32_t n, const char *name, uint32_t lsb,
                     uint32_t width) {
  for (uint32_t i = 0; i < n; i++)
    if (fields[i].name && !strcmp(fields[i].name, name))
      return fields[i].lsb == lsb && fields[i].width == width;
  return 0;
}

bsyn_sampler *bsyn_sampler_rv32ia(uint32_t num_inputs, const bsyn_field *fields, uint32_t nfields) {
  int hints = num_inputs == BSYN_RV32IA_NUM_INPUTS_HINTS;
  if ((num_inputs != BSYN_RV32IA_NUM_INPUTS && !hints) ||
      !has_field(fields, nfields, "x1", BSYN_RV32IA_IN_X0 + 32, 32) ||
      !has_field(fields, nfields, "mstatus", BSYN_RV32IA_IN_CSR + 32 * BSYN_RV32IA_MSTATUS, 32) ||
      !has_field(fields, nfields, "inst", BSYN_RV32IA_IN_INST, 32) ||
      !has_field(fields, nfields, "load_data", BSYN_RV32IA_IN_LOAD_DATA, 32) ||
      !has_field(fields, nfields, "priv", BSYN_RV32IA_IN_PRIV, 2) ||
      (hints && !has_field(fields, nfields, "csr_hint", BSYN_RV32IA_IN_CSR_HINT, 32)))
    return NULL;
  ia_state *st = bsyn_malloc(sizeof *st);
  st->hints = hints;
  st->num_inputs = num_inputs;
  bsyn_sampler *s = bsyn_calloc(1, sizeof *s);
  s->kind = "rv32";
  s->num_inputs = num_inputs;
  s->fill = ia_fill;
  s->fixup = ia_fixup;
  s->destroy = ia_destroy;
  s->state = st;
  return s;
}
