/* The rv32ia-priv netlist as a runner step: inputs set word by word when they change, outputs
 * read field by field, from the specialised evaluator (key: inst, pc, irq, page faults,
 * priv) or the demand-driven one. */
#include "bsyn_gates_rv32ia.h"

#include <stdlib.h>
#include <string.h>

/* Input words of 32 bits from bit 0: x0..x31, the CSRs, inst, pc, load_data. */
enum {
  W_CSR = BSYN_RV32IA_IN_CSR / 32,
  W_INST = BSYN_RV32IA_IN_INST / 32,
  W_PC = BSYN_RV32IA_IN_PC / 32,
  W_LOAD_DATA = BSYN_RV32IA_IN_LOAD_DATA / 32,
  NUM_WORDS = W_LOAD_DATA + 1,
  FLAG_BITS = BSYN_RV32IA_NUM_INPUTS - BSYN_RV32IA_IN_IRQ /* irq, 3 faults, priv[2] */
};

/* Output parts in the order they are read (a node shared by two parts is computed with the
 * first, so the addresses are ready after the ADDR pass): load_addr, store_addr, next_pc,
 * next_priv, store_data, the CSRs, x0..x31. */
enum {
  P_LOAD_ADDR,
  P_STORE_ADDR,
  P_NEXT_PC,
  P_NEXT_PRIV,
  P_STORE_DATA,
  P_CSR,
  P_X = P_CSR + BSYN_RV32IA_NUM_CSRS,
  NUM_PARTS = P_X + 32
};

struct bsyn_gates_rv32ia {
  bsyn_gates *g;         /* demand-driven, or NULL */
  bsyn_gates_spec *spec; /* BSYN_GATES_SPEC, or NULL */
  uint32_t first[NUM_PARTS], len[NUM_PARTS];
  uint32_t loaded[NUM_WORDS], flags; /* inputs as last set */
  int fresh;                         /* nothing set yet */
};

int bsyn_gates_rv32ia_fits(const bsyn_aig *aig) {
  return aig->num_inputs == BSYN_RV32IA_NUM_INPUTS && aig->num_outputs == BSYN_RV32IA_NUM_OUTPUTS;
}

static void make_parts(bsyn_gates_rv32ia *s) {
  static const uint32_t tail[P_CSR][2] = {{BSYN_RV32IA_OUT_LOAD_ADDR, 32},
                                          {BSYN_RV32IA_OUT_STORE_ADDR, 32},
                                          {BSYN_RV32IA_OUT_NEXT_PC, 32},
                                          {BSYN_RV32IA_OUT_NEXT_PRIV, 2},
                                          {BSYN_RV32IA_OUT_STORE_DATA, 32}};
  for (uint32_t p = 0; p < P_CSR; p++) {
    s->first[p] = tail[p][0];
    s->len[p] = tail[p][1];
  }
  for (uint32_t k = 0; k < BSYN_RV32IA_NUM_CSRS; k++) {
    s->first[P_CSR + k] = BSYN_RV32IA_OUT_CSR + 32 * k;
    s->len[P_CSR + k] = 32;
  }
  for (uint32_t k = 0; k < 32; k++) {
    s->first[P_X + k] = BSYN_RV32IA_OUT_X0 + 32 * k;
    s->len[P_X + k] = 32;
  }
}

/* Groups (bsyn_gates.h): the CSRs change least, then the registers, then load_data, which
 * changes between the two passes. */
static void input_groups(uint8_t *group) {
  for (uint32_t i = 0; i < BSYN_RV32IA_NUM_INPUTS; i++)
    group[i] = i < BSYN_RV32IA_IN_CSR                                            ? 1
               : i >= BSYN_RV32IA_IN_LOAD_DATA && i < BSYN_RV32IA_IN_LOAD_DATA + 32 ? 2
                                                                                  : 0;
}

static bsyn_gates_spec *make_spec(const bsyn_gates_rv32ia *s, const bsyn_aig *aig,
                                  const uint8_t *group) {
  uint32_t key[64 + FLAG_BITS], nkey = 0;
  for (uint32_t i = BSYN_RV32IA_IN_INST; i < BSYN_RV32IA_IN_PC + 32; i++)
    key[nkey++] = i;
  for (uint32_t i = BSYN_RV32IA_IN_IRQ; i < BSYN_RV32IA_NUM_INPUTS; i++)
    key[nkey++] = i;
  bsyn_gates_spec_params p = {nkey,     key, group, NUM_PARTS, s->first,
                              s->len,   0,   BSYN_GATES_SPEC_AUTO_HITS};
  return bsyn_gates_spec_new(aig, &p);
}

bsyn_gates_rv32ia *bsyn_gates_rv32ia_new(const bsyn_aig *aig, bsyn_gates_mode mode, bsyn_diag *d) {
  if (!bsyn_gates_rv32ia_fits(aig)) {
    bsyn_diag_set(d, 0, 0,
                  "expected %u inputs and %u outputs (the rv32ia-priv layout), found %u inputs "
                  "and %u outputs",
                  BSYN_RV32IA_NUM_INPUTS, BSYN_RV32IA_NUM_OUTPUTS, aig->num_inputs,
                  aig->num_outputs);
    return NULL;
  }
  bsyn_gates_rv32ia *s = bsyn_calloc(1, sizeof *s);
  make_parts(s);
  uint8_t *group = bsyn_malloc(BSYN_RV32IA_NUM_INPUTS);
  input_groups(group);
  if (mode == BSYN_GATES_SPEC)
    s->spec = make_spec(s, aig, group);
  else
    s->g = bsyn_gates_new(aig, group, mode);
  free(group);
  s->fresh = 1;
  return s;
}

void bsyn_gates_rv32ia_free(bsyn_gates_rv32ia *s) {
  if (!s)
    return;
  bsyn_gates_free(s->g);
  bsyn_gates_spec_free(s->spec);
  free(s);
}

int bsyn_gates_rv32ia_spec_stats(const bsyn_gates_rv32ia *s, bsyn_gates_spec_stats *st) {
  if (!s->spec)
    return 0;
  bsyn_gates_spec_get_stats(s->spec, st);
  return 1;
}

static void set_bits(bsyn_gates_rv32ia *s, uint32_t first, uint32_t n, uint32_t v) {
  if (s->spec)
    bsyn_gates_spec_set_word(s->spec, first, n, v);
  else
    bsyn_gates_set_word(s->g, first, n, v);
}

static void set_word(bsyn_gates_rv32ia *s, uint32_t w, uint32_t v) {
  if (s->fresh || s->loaded[w] != v) {
    s->loaded[w] = v;
    set_bits(s, 32 * w, 32, v);
  }
}

static void load_inputs(bsyn_gates_rv32ia *s, const bsyn_rv32ia_in *in) {
  for (uint32_t k = 0; k < 32; k++)
    set_word(s, k, in->x[k]);
  for (uint32_t k = 0; k < BSYN_RV32IA_NUM_CSRS; k++)
    set_word(s, W_CSR + k, in->csr[k]);
  set_word(s, W_INST, in->inst);
  set_word(s, W_PC, in->pc);
  set_word(s, W_LOAD_DATA, in->load_data);
  uint32_t flags = (in->irq & 1) | (in->inst_page_fault & 1) << 1 | (in->load_page_fault & 1) << 2 |
                   (in->store_page_fault & 1) << 3 | (in->priv & 3) << 4;
  if (s->fresh || s->flags != flags)
    set_bits(s, BSYN_RV32IA_IN_IRQ, FLAG_BITS, flags);
  s->flags = flags;
  s->fresh = 0;
}

/* Part p's word. Specialised, a part that is a copy of an input word (x<k>_next = x<k>, a CSR
 * the step keeps) is that word as loaded, with no output bit read. */
static uint32_t part(bsyn_gates_rv32ia *s, uint32_t p) {
  if (!s->spec)
    return bsyn_gates_word(s->g, s->first[p], s->len[p]);
  uint32_t in;
  if (s->len[p] == 32 && bsyn_gates_spec_part_is_inputs(s->spec, p, &in) && in % 32 == 0 &&
      in / 32 < NUM_WORDS)
    return s->loaded[in / 32];
  return bsyn_gates_spec_part(s->spec, p);
}

int bsyn_gates_rv32ia_step(void *ctx, bsyn_runner_ia_pass pass, const bsyn_rv32ia_in *in,
                           bsyn_rv32ia_out *out, bsyn_diag *d) {
  bsyn_gates_rv32ia *s = ctx;
  (void)d;
  load_inputs(s, in);
  memset(out, 0, sizeof *out);
  out->load_addr = part(s, P_LOAD_ADDR);
  out->store_addr = part(s, P_STORE_ADDR);
  if (pass == BSYN_RUNNER_IA_PASS_ADDR)
    return 0;
  out->next_pc = part(s, P_NEXT_PC);
  out->next_priv = part(s, P_NEXT_PRIV);
  out->store_data = part(s, P_STORE_DATA);
  for (uint32_t k = 0; k < BSYN_RV32IA_NUM_CSRS; k++)
    out->csr[k] = part(s, P_CSR + k);
  for (uint32_t k = 0; k < 32; k++)
    out->x[k] = part(s, P_X + k);
  return 0;
}
