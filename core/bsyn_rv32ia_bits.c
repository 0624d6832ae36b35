/* The rv32ia-priv step's inputs and outputs as bit vectors of the oracle's layout
 * (kernels/bsyn_rv32ia_layout.h), for samplers, tests and tools. */
#include <stddef.h>
#include <string.h>

#include "bsyn_rv32ia.h"

/* Fields are at most 32 bits wide; bits[] past the layout's last word is never touched. */
static void put(uint64_t *bits, uint32_t lsb, uint32_t width, uint32_t v) {
  uint64_t x = v & (uint32_t)((1ull << width) - 1);
  unsigned lo = lsb % 64;
  bits[lsb / 64] |= x << lo;
  if (lo + width > 64)
    bits[lsb / 64 + 1] |= x >> (64 - lo);
}

static uint32_t get(const uint64_t *bits, uint32_t lsb, uint32_t width) {
  unsigned lo = lsb % 64;
  uint64_t x = bits[lsb / 64] >> lo;
  if (lo + width > 64)
    x |= bits[lsb / 64 + 1] << (64 - lo);
  return (uint32_t)(x & ((1ull << width) - 1));
}

/* The fields after the CSRs: where they are and where they live in the input struct. */
typedef struct tail_field {
  uint32_t lsb, width;
  size_t offset;
} tail_field;

static const tail_field in_tail[] = {
    {BSYN_RV32IA_IN_INST, 32, offsetof(bsyn_rv32ia_in, inst)},
    {BSYN_RV32IA_IN_PC, 32, offsetof(bsyn_rv32ia_in, pc)},
    {BSYN_RV32IA_IN_LOAD_DATA, 32, offsetof(bsyn_rv32ia_in, load_data)},
    {BSYN_RV32IA_IN_IRQ, 1, offsetof(bsyn_rv32ia_in, irq)},
    {BSYN_RV32IA_IN_INST_PAGE_FAULT, 1, offsetof(bsyn_rv32ia_in, inst_page_fault)},
    {BSYN_RV32IA_IN_LOAD_PAGE_FAULT, 1, offsetof(bsyn_rv32ia_in, load_page_fault)},
    {BSYN_RV32IA_IN_STORE_PAGE_FAULT, 1, offsetof(bsyn_rv32ia_in, store_page_fault)},
    {BSYN_RV32IA_IN_PRIV, 2, offsetof(bsyn_rv32ia_in, priv)},
    {BSYN_RV32IA_IN_RS1_HINT, 32, offsetof(bsyn_rv32ia_in, rs1_hint)},
    {BSYN_RV32IA_IN_RS2_HINT, 32, offsetof(bsyn_rv32ia_in, rs2_hint)},
    {BSYN_RV32IA_IN_CSR_HINT, 32, offsetof(bsyn_rv32ia_in, csr_hint)}};

enum { NUM_IN_TAIL = sizeof in_tail / sizeof in_tail[0], NUM_PLAIN_TAIL = 8 };

void bsyn_rv32ia_pack_in(const bsyn_rv32ia_in *in, uint64_t bits[BSYN_RV32IA_IN_WORDS]) {
  memset(bits, 0, BSYN_RV32IA_IN_WORDS * sizeof *bits);
  for (unsigned k = 0; k < 32; k++)
    put(bits, BSYN_RV32IA_IN_X0 + 32 * k, 32, in->x[k]);
  for (unsigned k = 0; k < BSYN_RV32IA_NUM_CSRS; k++)
    put(bits, BSYN_RV32IA_IN_CSR + 32 * k, 32, in->csr[k]);
  for (unsigned f = 0; f < (in->hints ? NUM_IN_TAIL : NUM_PLAIN_TAIL); f++) {
    const tail_field *t = &in_tail[f];
    put(bits, t->lsb, t->width, *(const uint32_t *)((const char *)in + t->offset));
  }
}

void bsyn_rv32ia_unpack_in(const uint64_t bits[BSYN_RV32IA_IN_WORDS], int hints,
                           bsyn_rv32ia_in *in) {
  memset(in, 0, sizeof *in);
  in->hints = hints;
  for (unsigned k = 0; k < 32; k++)
    in->x[k] = get(bits, BSYN_RV32IA_IN_X0 + 32 * k, 32);
  for (unsigned k = 0; k < BSYN_RV32IA_NUM_CSRS; k++)
    in->csr[k] = get(bits, BSYN_RV32IA_IN_CSR + 32 * k, 32);
  for (unsigned f = 0; f < (hints ? NUM_IN_TAIL : NUM_PLAIN_TAIL); f++) {
    const tail_field *t = &in_tail[f];
    *(uint32_t *)((char *)in + t->offset) = get(bits, t->lsb, t->width);
  }
}

void bsyn_rv32ia_pack_out(const bsyn_rv32ia_out *out, uint64_t bits[BSYN_RV32IA_OUT_WORDS]) {
  memset(bits, 0, BSYN_RV32IA_OUT_WORDS * sizeof *bits);
  for (unsigned k = 0; k < 32; k++)
    put(bits, BSYN_RV32IA_OUT_X0 + 32 * k, 32, out->x[k]);
  for (unsigned k = 0; k < BSYN_RV32IA_NUM_CSRS; k++)
    put(bits, BSYN_RV32IA_OUT_CSR + 32 * k, 32, out->csr[k]);
  put(bits, BSYN_RV32IA_OUT_NEXT_PC, 32, out->next_pc);
  put(bits, BSYN_RV32IA_OUT_LOAD_ADDR, 32, out->load_addr);
  put(bits, BSYN_RV32IA_OUT_STORE_DATA, 32, out->store_data);
  put(bits, BSYN_RV32IA_OUT_STORE_ADDR, 32, out->store_addr);
  put(bits, BSYN_RV32IA_OUT_NEXT_PRIV, 2, out->next_priv);
}
